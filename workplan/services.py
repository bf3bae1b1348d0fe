"""The one write path for a priority's status and progress.

Admin (change form, list edit, bulk actions), the API and code all call
``record_priority_update``, so every change leaves exactly one history row.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from workplan.models import Priority, PriorityUpdate, Status

# The progress was not given: keep it as it stood (None would mean "not reported").
UNCHANGED = object()


@transaction.atomic
def record_priority_update(
    *,
    priority,
    status=None,
    progress=UNCHANGED,
    note="",
    author=None,
    as_of=None,
    meeting=None,
    sources=(),
    first_entry=False,
):
    """Record the state a priority was in on a day (today unless ``as_of`` says otherwise),
    with a note, the meeting it was reported at and its sources.

    The row is locked for the length of the transaction, so two officers saving at
    once are applied one after the other and each change keeps its history row.
    The entry is compared with the state as it stood on its day: it returns None when
    nothing changed and no note was given. A priority's state is that of its latest entry
    by date, so a back-dated entry never overwrites a newer state. A status of "completed"
    with no progress given sets progress to 100; ``progress=None`` records that no figure
    was reported.
    """
    current = Priority.objects.select_for_update().select_related("workplan__adopted_at")
    current = current.get(pk=priority.pk)
    as_of = as_of or timezone.localdate()
    entries = current.updates.order_by("-as_of", "-recorded_at", "-pk")
    before = entries.filter(as_of__lte=as_of).first()
    if before is not None:
        old_status, old_progress = before.new_status, before.new_progress
    elif first_entry or entries.exists():
        # The first entry of a new priority (its adoption), or one dated before it: it
        # starts from nothing, so it is always kept.
        old_status, old_progress = "", None
    else:
        # A priority recorded without a history: its own fields hold its state.
        old_status, old_progress = current.status, current.progress

    new_status = status or old_status or current.status
    if progress is not UNCHANGED:
        new_progress = progress
    elif status == Status.COMPLETED:
        new_progress = 100
    else:
        new_progress = old_progress if old_status else current.progress
    note = (note or "").strip()

    if new_status not in Status.values:
        raise ValidationError({"status": f"Unknown status {new_status!r}."})
    if new_progress is not None and not 0 <= new_progress <= 100:
        raise ValidationError({"progress": "Progress is a percentage from 0 to 100."})
    changed = (new_status, new_progress) != (old_status, old_progress)
    if not changed and not note:
        _copy_state(current, priority)
        return None

    update = PriorityUpdate(
        priority=current,
        old_status=old_status,
        new_status=new_status,
        old_progress=old_progress,
        new_progress=new_progress,
        note=note,
        as_of=as_of,
        meeting=meeting,
        author=author if author is not None and author.is_authenticated else None,
    )
    update.full_clean()
    if not entries.filter(as_of__gt=as_of).exists():
        current.status, current.progress = new_status, new_progress
        current.full_clean(validate_unique=False, validate_constraints=False)
        current.save(update_fields=["status", "progress", "updated_at"])
    update.save()
    if sources:
        update.sources.set(sources)
    _copy_state(current, priority)
    return update


def _copy_state(source, target):
    target.status, target.progress, target.updated_at = (
        source.status,
        source.progress,
        source.updated_at,
    )
