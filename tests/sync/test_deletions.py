import pytest

from forums.models import Forum, Participant
from sync.models import Deletion
from tests.factories import ForumFactory, ParticipantFactory, PriorityFactory, PriorityUpdateFactory
from workplan.models import Priority, PriorityUpdate

pytestmark = pytest.mark.django_db


def deletions():
    return list(Deletion.objects.values_list("model", "object_id"))


def test_it_records_a_deleted_record():
    priority = PriorityFactory()
    pk = priority.pk

    priority.delete()

    assert deletions() == [("workplan.priority", pk)]


def test_it_records_each_record_a_cascade_deletes():
    participant = ParticipantFactory()
    forum_pk, participant_pk = participant.forum.pk, participant.pk

    participant.forum.delete()

    assert sorted(deletions()) == [
        ("forums.forum", forum_pk),
        ("forums.participant", participant_pk),
    ]


def test_it_records_each_record_of_a_queryset_delete():
    updates = PriorityUpdateFactory.create_batch(3)
    ids = [update.pk for update in updates]

    PriorityUpdate.objects.all().delete()
    Priority.objects.all().delete()

    assert sorted(deletions()) == sorted(
        [("workplan.priorityupdate", pk) for pk in ids]
        + [("workplan.priority", update.priority_id) for update in updates]
    )


def test_it_keeps_deletions_in_the_order_they_happened():
    first, second = ForumFactory(), ForumFactory()
    expected = [second.pk, first.pk]

    second.delete()
    first.delete()

    assert list(Deletion.objects.values_list("object_id", flat=True)) == expected


def test_it_records_nothing_for_saves():
    forum = ForumFactory()

    forum.save()

    assert (deletions(), Forum.objects.count(), Participant.objects.count()) == ([], 1, 0)
