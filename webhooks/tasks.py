"""The worker's side: send a delivery, retry it later or settle it, keep the line moving.

Deliveries run as tasks of Django's Tasks API (the `django-tasks` backport, with
`django-tasks-db` storing them in the database): `python manage.py db_worker` runs them.
Neither retries by itself: a delivery that failed is enqueued again with `run_after`.

Order: the deliveries of one record to one subscription go out one at a time, in the
order of the changes. A delivery whose predecessor is still pending waits; the
predecessor, once settled (delivered, or failed for good), hands over to the next.
"""

import logging
import random
import time
from datetime import UTC, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from standardwebhooks import Webhook

from webhooks import targets
from webhooks.models import GIVE_UP_AFTER, UNSETTLED, Attempt, Delivery, DeliveryStatus

logger = logging.getLogger(__name__)

# Attempts per delivery (and per redelivery): the first, then 7 retries after about
# 5 s, 25 s, 2 min, 10 min, 52 min, 4.3 h and 21.7 h: the last about 27 hours on.
MAX_ATTEMPTS = 8
FIRST_RETRY = 5  # seconds
BACKOFF = 5
LONGEST_WAIT = timedelta(days=1)
JITTER = 0.2  # each wait is drawn within ±20 %, so that receivers back from an outage
# are not hit by every retry at the same second.

# Housekeeping, at most this often in each worker process: re-hand deliveries whose
# hand-over was lost, and prune the log.
HOUSEKEEPING_EVERY = 300  # seconds
OVERDUE = timedelta(minutes=5)
# Longer than any one call can take (connect and read timeouts): a delivery still
# "sending" after it was interrupted with its worker.
LEASE = timedelta(minutes=2)

USER_AGENT = "WorkPlanTracker-Webhooks/1.0"


def retry_delay(attempts_made):
    """How long to wait after the n-th failed attempt: exponential, with jitter."""
    seconds = min(FIRST_RETRY * BACKOFF ** (attempts_made - 1), LONGEST_WAIT.total_seconds())
    return timedelta(seconds=seconds * random.uniform(1 - JITTER, 1 + JITTER))


@task()
def deliver(delivery_id):
    delivery = claim(delivery_id)
    if delivery is not None:
        answer = call(delivery)
        settle(delivery, answer)
    housekeeping()


def hand_over(ids, run_after=None):
    """Give deliveries to the worker. A failure here loses nothing: the rows stay pending
    and housekeeping hands them over again."""
    for pk in ids:
        runner = deliver.using(run_after=run_after) if run_after else deliver
        runner.enqueue(pk)


def claim(delivery_id):
    """The delivery, marked as being sent, if it is due and first in its line; else None."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if delivery is None:
            return None  # already sent, not yet due, or gone
        if Delivery.objects.filter(pk=delivery.pk).waiting_behind_earlier().exists():
            return None  # the earlier one hands over when it settles
        if not delivery.subscription.is_active:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
            delivery.last_error = "Not sent: the subscription is switched off."
            delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
            transaction.on_commit(lambda: hand_over_next(delivery))
            return None
        delivery.status = DeliveryStatus.SENDING
        delivery.attempts += 1
        delivery.last_attempt_at, delivery.next_attempt_at = now, None
        delivery.save(update_fields=["status", "attempts", "last_attempt_at", "next_attempt_at"])
    return delivery


def headers(delivery, moment):
    """The Standard Webhooks headers: one signature per secret in use."""
    signatures = [
        Webhook(secret).sign(delivery.message_id, moment, delivery.body)
        for secret in delivery.subscription.signing_secrets(moment)
    ]
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": " ".join(signatures),
    }


def call(delivery):
    """One POST to the receiver. The timestamp is signed as UTC, as the library expects."""
    moment = timezone.now().astimezone(UTC).replace(microsecond=0)
    answer = targets.post(
        delivery.subscription.url,
        delivery.body,
        headers(delivery, moment),
        allow_private=settings.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    )
    logger.info(
        "webhook delivery %s attempt %s: %s in %s ms",
        delivery.pk,
        delivery.attempts,
        answer.status_code or answer.error,
        answer.duration_ms,
    )
    return answer


def settle(delivery, answer):
    """Record the attempt; then delivered, to be retried, or failed for good."""
    now = timezone.now()
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            started_at=delivery.last_attempt_at,
            status_code=answer.status_code,
            duration_ms=answer.duration_ms,
            error=answer.error[:300],
            response_excerpt=answer.excerpt,
        )
        delivery.last_status_code = answer.status_code
        delivery.last_duration_ms = answer.duration_ms
        delivery.last_error = answer.error[:300]
        if answer.ok:
            delivery.status = DeliveryStatus.SUCCEEDED
        elif delivery.attempts_this_round < MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.PENDING
            delivery.next_attempt_at = now + retry_delay(delivery.attempts_this_round)
        else:
            delivery.status = DeliveryStatus.FAILED
        delivery.save(
            update_fields=[
                "status",
                "next_attempt_at",
                "last_status_code",
                "last_duration_ms",
                "last_error",
            ]
        )
        note_outcome(delivery.subscription, answer, now)
        if delivery.status == DeliveryStatus.PENDING:
            retry_at = delivery.next_attempt_at
            transaction.on_commit(lambda: hand_over([delivery.pk], run_after=retry_at))
        else:
            transaction.on_commit(lambda: hand_over_next(delivery))


def note_outcome(subscription, answer, now):
    """A success clears the subscription's failing streak; a streak of `GIVE_UP_AFTER`
    switches it off, with the reason shown in admin."""
    if answer.ok:
        if subscription.failing_since is not None:
            subscription.failing_since = None
            subscription.save(update_fields=["failing_since", "updated_at"])
        return
    if subscription.failing_since is None:
        subscription.failing_since = now
        subscription.save(update_fields=["failing_since", "updated_at"])
    elif now - subscription.failing_since >= GIVE_UP_AFTER and subscription.is_active:
        since = timezone.localtime(subscription.failing_since)
        subscription.is_active = False
        subscription.disabled_reason = (
            f"Switched off on {timezone.localtime(now):%d %b %Y %H:%M}: no call had succeeded "
            f"since {since:%d %b %Y %H:%M}. Last answer: "
            f"{answer.status_code or answer.error}."
        )[:1000]
        subscription.save(update_fields=["is_active", "disabled_reason", "updated_at"])


def hand_over_next(delivery):
    """The next delivery in this one's line, now that this one is settled."""
    following = (
        Delivery.objects.in_line_with(delivery)
        .filter(status=DeliveryStatus.PENDING, pk__gt=delivery.pk)
        .order_by("pk")
        .values_list("pk", "next_attempt_at")
        .first()
    )
    if following is not None:
        pk, due = following
        hand_over([pk], run_after=due if due and due > timezone.now() else None)


def redeliver(deliveries):
    """Send again, with a fresh retry schedule and the same `webhook-id`. Returns how many."""
    now = timezone.now()
    ids = []
    with transaction.atomic():
        for delivery in deliveries.select_for_update().exclude(status__in=UNSETTLED):
            delivery.status, delivery.next_attempt_at = DeliveryStatus.PENDING, now
            delivery.attempts_before_redelivery = delivery.attempts
            delivery.save(update_fields=["status", "next_attempt_at", "attempts_before_redelivery"])
            ids.append(delivery.pk)
        transaction.on_commit(lambda: hand_over(ids))
    return len(ids)


@task()
def resume():
    """The safety net written with each change that has deliveries: if the process that
    made the change died before handing them over, this hands them over."""
    resume_stalled(timezone.now())


def schedule_resume():
    """Enqueue `resume` in the writer's transaction: with the database backend it commits
    (or rolls back) with the change itself. Only a backend that can defer a task can hold
    it; the others run deliveries at once anyway."""
    if resume.get_backend().supports_defer:
        resume.using(run_after=timezone.now() + OVERDUE + timedelta(seconds=30)).enqueue()


def resume_stalled(now):
    """Hand over again the deliveries whose hand-over was lost, or whose worker died while
    sending them. A delivery handed over twice is sent once: the second claim finds it taken."""
    stalled = list(Delivery.objects.stalled(now, OVERDUE, LEASE).values_list("pk", flat=True)[:500])
    if stalled:
        Delivery.objects.filter(pk__in=stalled).update(
            status=DeliveryStatus.PENDING, next_attempt_at=now
        )
        logger.warning("webhook deliveries handed over again: %s", len(stalled))
        hand_over(stalled)
    return stalled


_last_housekeeping = None


def housekeeping(force=False):
    """Resume stalled deliveries and prune the log; at most every few minutes a process."""
    global _last_housekeeping
    if (
        not force
        and _last_housekeeping
        and time.monotonic() - _last_housekeeping < HOUSEKEEPING_EVERY
    ):
        return
    _last_housekeeping = time.monotonic()
    now = timezone.now()
    resume_stalled(now)
    prune(now)


def prune(now):
    """Successful deliveries older than the retention period leave the log."""
    before = now - timedelta(days=settings.WEBHOOK_RETENTION_DAYS)
    old = list(Delivery.objects.prunable(before).values_list("pk", flat=True)[:1000])
    if old:
        Delivery.objects.filter(pk__in=old).delete()
    return len(old)
