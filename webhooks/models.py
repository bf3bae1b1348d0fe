import base64
import secrets
import uuid
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from webhooks import targets
from webhooks.events import event_type_choices

# A receiver keeps accepting calls signed with the old secret for this long after a rotation.
SECRET_GRACE = timedelta(hours=24)
# A subscription with no successful delivery for this long is switched off.
GIVE_UP_AFTER = timedelta(days=3)


def new_secret():
    """A random 32-byte key as Standard Webhooks writes it: "whsec_" and base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class EventTypesField(models.JSONField):
    """A list of event type names; `choices` names every type a list may hold."""

    def validate(self, value, model_instance):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError("Give a list of event type names.", code="invalid")
        known = {name for name, _ in self.choices}
        unknown = [item for item in value if item not in known]
        if unknown:
            raise ValidationError(
                "Unknown event type: %(types)s.", code="invalid_choice", params={"types": unknown}
            )
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.choices,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


class WebhookSubscription(models.Model):
    """A partner system that is told at once of the changes it asked for."""

    url = models.URLField(
        "URL",
        max_length=500,
        help_text="Where the events are posted: an https address on the internet.",
    )
    description = models.CharField(
        max_length=200, blank=True, help_text="Whose system this is, and who to ask about it."
    )
    event_types = EventTypesField(
        "event types",
        default=list,
        choices=event_type_choices,
        help_text="The changes to send.",
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Untick to stop sending without losing the settings."
    )
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    secret_created_at = models.DateTimeField(default=timezone.now, editable=False)
    failing_since = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="The first failed call since the last successful one.",
    )
    disabled_reason = models.TextField("why it was switched off", blank=True, editable=False)
    created_at = models.DateTimeField("created", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        ordering = ["url", "pk"]
        verbose_name = "webhook subscription"
        verbose_name_plural = "webhook subscriptions"
        indexes = [models.Index(fields=["is_active"], name="webhooks_sub_active")]

    def __str__(self):
        return self.description or self.url

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        if exclude and "url" in exclude:
            return
        try:
            targets.check_url(self.url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE_TARGETS)
        except targets.RefusedTarget as refused:
            raise ValidationError({"url": str(refused)}) from None

    def rotate_secret(self, now=None):
        """A new secret; the old one still signs calls for `SECRET_GRACE`. Returns the new one."""
        now = now or timezone.now()
        self.previous_secret, self.previous_secret_expires_at = self.secret, now + SECRET_GRACE
        self.secret, self.secret_created_at = new_secret(), now
        self.save(
            update_fields=[
                "secret",
                "previous_secret",
                "previous_secret_expires_at",
                "secret_created_at",
                "updated_at",
            ]
        )
        return self.secret

    def signing_secrets(self, now):
        """The secrets a call is signed with: the current one, and the previous one during
        its grace period (receivers verify with whichever they hold)."""
        if self.previous_secret and self.previous_secret_expires_at > now:
            return [self.secret, self.previous_secret]
        return [self.secret]

    def wants(self, event_type):
        return self.is_active and event_type in self.event_types


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


UNSETTLED = [DeliveryStatus.PENDING, DeliveryStatus.SENDING]


class DeliveryQuerySet(models.QuerySet):
    def in_line_with(self, delivery):
        """The deliveries of the same record to the same subscription, in order."""
        return self.filter(subscription_id=delivery.subscription_id, record=delivery.record)

    def waiting_behind_earlier(self):
        """Those that must wait for an earlier delivery of the same record to settle."""
        earlier = Delivery.objects.filter(
            subscription_id=OuterRef("subscription_id"),
            record=OuterRef("record"),
            pk__lt=OuterRef("pk"),
            status__in=UNSETTLED,
        )
        return self.filter(Exists(earlier))

    def heads_of_line(self):
        return self.exclude(pk__in=self.waiting_behind_earlier().values("pk"))

    def stalled(self, now, overdue, lease):
        """Deliveries whose hand-over to the worker was lost: due long ago and first in
        line, or "sending" for longer than any call can take (the worker died)."""
        return self.filter(
            Q(status=DeliveryStatus.PENDING, next_attempt_at__lt=now - overdue)
            | Q(status=DeliveryStatus.SENDING, last_attempt_at__lt=now - lease)
        ).heads_of_line()

    def prunable(self, before):
        return self.filter(status=DeliveryStatus.SUCCEEDED, created_at__lt=before)


class Delivery(models.Model):
    """One event for one subscription: the outbox row, then its log of attempts.

    Written in the transaction of the change it reports, so it exists if and only if the
    change was committed; the body is fixed then, and every attempt sends the same bytes
    under the same `webhook-id`.
    """

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    message_id = models.CharField("webhook-id", max_length=40, unique=True, editable=False)
    event_type = models.CharField("event", max_length=50, choices=event_type_choices)
    record = models.CharField(
        max_length=80, help_text='The record the event is about, e.g. "workplan.priority:12".'
    )
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    # Attempts made before the last redelivery: each redelivery has the full retry schedule.
    attempts_before_redelivery = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField("next attempt", null=True, blank=True)
    last_attempt_at = models.DateTimeField("last attempt", null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField("last response", null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField("last duration (ms)", null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField("changed at", default=timezone.now)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        indexes = [
            # The line of one record's deliveries to one subscription.
            models.Index(fields=["subscription", "record", "id"], name="webhooks_delivery_line"),
            models.Index(fields=["status", "next_attempt_at"], name="webhooks_delivery_due"),
            models.Index(fields=["status", "created_at"], name="webhooks_delivery_age"),
        ]

    def __str__(self):
        return f"{self.event_type} {self.record} → {self.subscription_id} ({self.message_id})"

    @staticmethod
    def new_message_id():
        return f"msg_{uuid.uuid4().hex}"

    @property
    def attempts_this_round(self):
        return self.attempts - self.attempts_before_redelivery


class Attempt(models.Model):
    """One call to the receiver: what it answered, and how long it took."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField("response", null=True, blank=True)
    duration_ms = models.PositiveIntegerField("duration (ms)")
    error = models.CharField(max_length=300, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = "attempt"
        verbose_name_plural = "attempts"

    def __str__(self):
        outcome = self.status_code or self.error
        return f"attempt {self.number} of {self.delivery.message_id}: {outcome}"

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300
