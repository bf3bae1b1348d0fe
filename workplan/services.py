"""The one write path for a priority's status and progress.

Admin (change form, list edit, bulk actions), the API and code all call
``record_priority_update``, so every change leaves exactly one history row.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from workplan.models import Priority, PriorityUpdate, Status


@transaction.atomic
def record_priority_update(*, priority, status=None, progress=None, note="", author=None):
    """Set a priority's status and/or progress and record the change in its history.

    The row is locked for the length of the transaction, so two officers saving at
    once are applied one after the other and each change keeps its history row.
    Returns the new PriorityUpdate, or None when nothing changed and no note was given.
    A status of "completed" with no progress given sets progress to 100.
    """
    current = Priority.objects.select_for_update().get(pk=priority.pk)
    new_status = current.status if status is None else status
    if progress is None:
        new_progress = 100 if status == Status.COMPLETED else current.progress
    else:
        new_progress = progress
    note = (note or "").strip()

    if new_status not in Status.values:
        raise ValidationError({"status": f"Unknown status {new_status!r}."})
    changed = (new_status, new_progress) != (current.status, current.progress)
    if not changed and not note:
        _copy_state(current, priority)
        return None

    old_status, old_progress = current.status, current.progress
    current.status, current.progress = new_status, new_progress
    current.full_clean(validate_unique=False, validate_constraints=False)
    current.save(update_fields=["status", "progress", "updated_at"])
    update = PriorityUpdate(
        priority=current,
        old_status=old_status,
        new_status=new_status,
        old_progress=old_progress,
        new_progress=new_progress,
        note=note,
        author=author if author is not None and author.is_authenticated else None,
    )
    update.full_clean()
    update.save()
    _copy_state(current, priority)
    return update


def _copy_state(source, target):
    target.status, target.progress, target.updated_at = (
        source.status,
        source.progress,
        source.updated_at,
    )
