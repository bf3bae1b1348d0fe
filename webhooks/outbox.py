"""The outbox: each change partners can see leaves its deliveries in its own transaction.

The moments are those that raise the data version (``sync.signals``): saves and
many-to-many changes of the records in ``events.SOURCES``, and every deletion logged for
the API's ``/deletions/``. A delivery row is written in the writer's transaction, so a
rolled-back change leaves none and a committed one cannot lose it; only once the
transaction has committed is it handed to the worker.

One transaction that writes a record several times (an admin form saves the record, then
its links; a priority's own fields, then its status) sends one event for it, with the
record as it stands at the last write.
"""

import logging

from django.apps import apps
from django.db import router, transaction
from django.db.models.signals import m2m_changed, post_save
from django.utils import timezone

from meetings.loading import loading_records
from webhooks import events, tasks
from webhooks.models import Delivery, WebhookSubscription

logger = logging.getLogger(__name__)

CHANGE, DELETION = "change", "deletion"


class Outbox:
    """The deliveries one transaction has written; handed to the worker when it commits."""

    def __init__(self, using):
        self.using = using
        self.subscriptions = None
        # (record, kind) -> [event type, timestamp, [delivery ids]]
        self.entries = {}

    def record(self, record, kind, event_type, render):
        """Write (or rewrite) the deliveries of one event about one record.

        `render()` gives the event's data, or None if the API does not show the record; it
        is only called when some subscription wants the event.
        """
        entry = self.entries.get((record, kind))
        if entry is not None:
            event_type, moment, ids = entry
            data = render()
            if data is None:
                Delivery.objects.using(self.using).filter(pk__in=ids).delete()
                del self.entries[(record, kind)]
                return
            text = events.body(event_type, moment, data)
            if Delivery.objects.using(self.using).filter(pk__in=ids).update(body=text) == len(ids):
                return
            # A savepoint that was rolled back took them: write them again.
        subscribers = [s for s in self.active_subscriptions() if event_type in s.event_types]
        if not subscribers:
            return
        data = render()
        if data is None:
            return
        moment = timezone.now()
        text = events.body(event_type, moment, data)
        rows = Delivery.objects.using(self.using).bulk_create(
            Delivery(
                subscription=subscription,
                message_id=Delivery.new_message_id(),
                event_type=event_type,
                record=record,
                body=text,
                next_attempt_at=moment,
                created_at=moment,
            )
            for subscription in subscribers
        )
        if not self.entries:
            tasks.schedule_resume()
        self.entries[(record, kind)] = [event_type, moment, [row.pk for row in rows]]

    def active_subscriptions(self):
        if self.subscriptions is None:
            self.subscriptions = list(
                WebhookSubscription.objects.using(self.using).filter(is_active=True)
            )
        return self.subscriptions

    def __call__(self):
        tasks.hand_over([pk for _, _, ids in self.entries.values() for pk in ids])


def current_outbox(using):
    """The outbox of the transaction in progress, registered to run when it commits."""
    connection = transaction.get_connection(using)
    # Django keeps the callbacks of the transaction (and drops those of a savepoint that
    # rolls back): the outbox is the one among them, if there is one yet.
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, Outbox):
            return callback
    outbox = Outbox(using)
    transaction.on_commit(outbox, using=using, robust=True)
    return outbox


def record_change(instance, created=False):
    source = events.SOURCES_BY_MODEL.get(instance._meta.label_lower)
    if source is None:
        return
    record = f"{source.model}:{instance.pk}"
    using = router.db_for_write(type(instance), instance=instance)
    with transaction.atomic(using=using, savepoint=False):
        outbox = current_outbox(using)
        verb = "created" if created else "updated"
        outbox.record(
            record,
            CHANGE,
            f"{source.name}.{verb}",
            lambda: events.record_data(source.viewset, instance.pk),
        )


def record_deletion(deletion):
    using = router.db_for_write(type(deletion), instance=deletion)
    with transaction.atomic(using=using, savepoint=False):
        record = f"{deletion.model}:{deletion.object_id}"
        current_outbox(using).record(
            record,
            DELETION,
            events.RECORD_DELETED,
            # None for a model that is not one of the API's resources.
            lambda: events.record_data(events.DELETIONS_VIEWSET, deletion.pk),
        )


def _saved(sender, instance, created, raw=False, **kwargs):
    # Loading fixtures or a backup tells no one.
    if not raw:
        record_change(instance, created)


def _deletion_logged(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record_deletion(instance)


def _links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A record's links are part of it: the side that holds the field changed."""
    if loading_records():
        return
    if action == "pre_clear" and reverse:
        # A reverse clear() names no records afterwards: note them before.
        holder = next(f for f in sender._meta.fields if f.related_model is model)
        target = next(f for f in sender._meta.fields if f.related_model is type(instance))
        links = sender.objects.filter(**{target.attname: instance.pk})
        instance._webhooks_clearing = set(links.values_list(holder.attname, flat=True))
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        record_change(instance)
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_webhooks_clearing", set())
    for pk in sorted(pk_set or ()):
        record_change(model(pk=pk))


def connect():
    for source in events.SOURCES:
        model = apps.get_model(source.model)
        uid = f"webhooks.{source.model}"
        post_save.connect(_saved, sender=model, weak=False, dispatch_uid=f"{uid}.save")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _links_changed, sender=through, weak=False, dispatch_uid=f"{uid}.{field.name}"
            )
    post_save.connect(
        _deletion_logged,
        sender=apps.get_model("sync.deletion"),
        weak=False,
        dispatch_uid="webhooks.deletion",
    )
