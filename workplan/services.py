"""The one write path for the status and progress of a priority or an action item.

Admin (change form, list edit, bulk actions), the API and code all call ``record_update``
(``record_priority_update`` for a priority), so every change leaves exactly one history
row, in the one history both share (``PriorityUpdate``; an entry about an item names it).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from workplan.models import ActionItem, PriorityUpdate, Status

# The progress was not given: keep it as it stood (None would mean "not reported").
UNCHANGED = object()


def record_priority_update(*, priority, **change):
    """Record a change of a priority's own state: see ``record_update``."""
    return record_update(priority=priority, **change)


def record_action_item_update(*, action_item, **change):
    """Record a change of an action item's state: see ``record_update``."""
    return record_update(action_item=action_item, **change)


@transaction.atomic
def record_update(
    *,
    priority=None,
    action_item=None,
    status=None,
    progress=UNCHANGED,
    note="",
    author=None,
    as_of=None,
    meeting=None,
    sources=(),
    first_entry=False,
):
    """Record the state a priority, or an action item, was in on a day (today unless
    ``as_of`` says otherwise), with a note, the meeting it was reported at and its sources.

    The row is locked for the length of the transaction, so two officers saving at
    once are applied one after the other and each change keeps its history row.
    The entry is compared with the state as it stood on its day: it returns None when
    nothing changed and no note was given. A record's state is that of its latest entry
    by date, so a back-dated entry never overwrites a newer state. A status of "completed"
    with no progress given sets progress to 100; ``progress=None`` records that no figure
    was reported. An entry about an item carries the item's priority too.
    """
    if (priority is None) == (action_item is None):
        raise TypeError("Give a priority or an action item.")
    target = action_item if action_item is not None else priority
    model = type(target)
    # Only the record's own row is locked: PostgreSQL locks no row on the nullable side of
    # the outer join to the adopting meeting.
    current = model.objects.select_for_update(of=("self",))
    if model is ActionItem:
        current = current.select_related("priority__workplan__adopted_at")
        current = current.get(pk=target.pk)
        entries = current.updates.all()
        owner = {"priority_id": current.priority_id, "action_item": current}
    else:
        current = current.select_related("workplan__adopted_at").get(pk=target.pk)
        entries = current.updates.own()
        owner = {"priority": current}
    as_of = as_of or timezone.localdate()
    entries = entries.order_by("-as_of", "-recorded_at", "-pk")
    before = entries.filter(as_of__lte=as_of).first()
    if before is not None:
        old_status, old_progress = before.new_status, before.new_progress
    elif first_entry or entries.exists():
        # The first entry of a new record (its adoption), or one dated before it: it
        # starts from nothing, so it is always kept.
        old_status, old_progress = "", None
    else:
        # A record without a history: its own fields hold its state.
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
        _copy_state(current, target)
        return None

    update = PriorityUpdate(
        **owner,
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
    _copy_state(current, target)
    return update


def _copy_state(source, target):
    target.status, target.progress, target.updated_at = (
        source.status,
        source.progress,
        source.updated_at,
    )
