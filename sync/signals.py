"""Every write to a synced model raises the data version; every delete is recorded."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from sync import versions
from sync.models import Deletion

M2M_WRITES = {"post_add", "post_remove", "post_clear"}


def connect(app_labels):
    # Per model, not for every sender: a post_delete receiver turns off Django's fast
    # (signal-less) deletes, which must stay on for sessions and other apps' tables.
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            uid = model._meta.label_lower
            post_save.connect(_saved, sender=model, weak=False, dispatch_uid=f"sync.save.{uid}")
            post_delete.connect(
                _deleted, sender=model, weak=False, dispatch_uid=f"sync.delete.{uid}"
            )
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    _m2m_changed,
                    sender=field.remote_field.through,
                    weak=False,
                    dispatch_uid=f"sync.m2m.{uid}.{field.name}",
                )


def _saved(sender, **kwargs):
    # Raw saves (loaddata) change the data all the same.
    versions.bump()


def _deleted(sender, instance, **kwargs):
    Deletion.objects.create(model=sender._meta.label_lower, object_id=instance.pk)
    versions.bump()


def _m2m_changed(sender, action, **kwargs):
    if action in M2M_WRITES:
        versions.bump()
