"""Every filter and ordering of the pages and the API reads an index: a list that grows to
100,000 rows must never be read whole to show 50. Checked on the database the suite runs on
(SQLite and PostgreSQL in CI) by introspection."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# (table, the leading columns of an index it needs): what the pages and API filter and order by.
NEEDED = [
    # The lists of events, the latest first (and a year: a range of start dates).
    ("meetings_meeting", ["start_date", "end_date", "id"]),
    ("meetings_meeting", ["working_group_id"]),
    ("meetings_meeting", ["kind"]),
    ("meetings_meeting", ["updated_at"]),
    ("forums_forum", ["start_date", "end_date", "id"]),
    ("forums_forum", ["working_group_id"]),
    ("forums_forum", ["meeting_id"]),
    ("forums_forum", ["kind"]),
    ("forums_forum", ["updated_at"]),
    ("workplan_workplan", ["start_date", "end_date", "id"]),
    ("workplan_workplan", ["working_group_id"]),
    ("workplan_workplan", ["updated_at"]),
    # A plan's priorities in order; by lead, status and change.
    ("workplan_priority", ["workplan_id", "order"]),
    ("workplan_priority", ["lead_organisation_id"]),
    ("workplan_priority", ["lead_member_id"]),
    ("workplan_priority", ["status"]),
    ("workplan_priority", ["updated_at"]),
    ("workplan_actionitem", ["priority_id"]),
    ("workplan_actionitem", ["status"]),
    # A priority's timeline; the latest entries; by meeting, item, time recorded and change.
    ("workplan_priorityupdate", ["priority_id", "as_of", "recorded_at"]),
    ("workplan_priorityupdate", ["as_of", "recorded_at"]),
    ("workplan_priorityupdate", ["action_item_id"]),
    ("workplan_priorityupdate", ["meeting_id"]),
    ("workplan_priorityupdate", ["recorded_at"]),
    ("workplan_priorityupdate", ["updated_at"]),
]


def index_columns(table):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [info["columns"] for info in constraints.values() if info["index"] or info["unique"]]


def test_every_filter_and_ordering_of_the_lists_has_an_index():
    indexes = {table: index_columns(table) for table in {table for table, _ in NEEDED}}

    missing = [
        (table, columns)
        for table, columns in NEEDED
        if not any(index[: len(columns)] == columns for index in indexes[table])
    ]

    assert missing == []
