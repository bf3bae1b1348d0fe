"""The secretariat's pages for the process, its members, organisations, groups and meetings."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import (
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    ProcessFactory,
    UserFactory,
    WorkingGroupFactory,
)
from tests.officers import SECOND_FACTOR_QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    user = UserFactory(groups=["Secretariat"])
    client.force_login(user)
    return user


def test_it_names_the_tracker_in_the_header_and_title(client, officer):
    response = client.get(reverse("admin:index"))

    html = response.content.decode()
    assert (response.context["site_header"], response.context["site_title"]) == (
        "Work Plan Tracker — Secretariat",
        "Work Plan Tracker",
    )
    assert "<title>Keep the work plan current | Work Plan Tracker</title>" in html


def test_it_finds_organisations_by_name_or_abbreviation_for_autocomplete(client, officer):
    thai = MemberFactory(name="Thailand")
    police = OrganisationFactory(name="Royal Thai Police", abbreviation="RTP", member=thai)
    OrganisationFactory(name="Attorney-General's Department")
    url = reverse("admin:autocomplete")
    field = {"app_label": "workplan", "model_name": "priority", "field_name": "lead_organisation"}

    by_name = client.get(url, {**field, "term": "thai"}).json()
    by_abbreviation = client.get(url, {**field, "term": "RTP"}).json()

    expected = {
        "results": [{"id": str(police.pk), "text": "Royal Thai Police"}],
        "pagination": {"more": False},
    }
    assert (by_name, by_abbreviation) == (expected, expected)


def test_it_finds_members_for_autocomplete(client, officer):
    MemberFactory(name="Sri Lanka")
    japan = MemberFactory(name="Japan")

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "workplan",
            "model_name": "priority",
            "field_name": "lead_member",
            "term": "jap",
        },
    )

    assert response.json() == {
        "results": [{"id": str(japan.pk), "text": "Japan"}],
        "pagination": {"more": False},
    }


def test_it_browses_meetings_by_date_newest_first(client, officer):
    MeetingFactory(title="Second", start_date="2016-05-18", end_date="2016-05-18")
    MeetingFactory(title="First", start_date="2015-03-27", end_date="2015-03-27")

    response = client.get(reverse("admin:meetings_meeting_changelist"))

    cl = response.context["cl"]
    assert (cl.date_hierarchy, [m.title for m in cl.result_list]) == (
        "start_date",
        ["Second", "First"],
    )


def test_it_shows_a_meetings_programme_and_attendance_and_its_timestamps(client, officer):
    meeting = MeetingFactory()

    response = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))

    inlines = [f.formset.prefix for f in response.context["inline_admin_formsets"]]
    assert inlines == ["presentations", "participants", "Meeting_sources"]
    assert list(response.context["adminform"].readonly_fields) == ["created_at", "updated_at"]


def test_it_adds_a_meeting_held_online(client, officer):
    group = WorkingGroupFactory()

    response = client.post(
        reverse("admin:meetings_meeting_add"),
        {
            "working_group": group.pk,
            "title": "Online meeting",
            "slug": "online-meeting",
            "start_date": "2020-11-05",
            "end_date": "2020-11-05",
            "kind": "meeting",
            "attendance_mode": "online",
            "city": "",
            "country": "",
            **{
                f"{prefix}-{key}": value
                for prefix in ("presentations", "participants", "Meeting_sources")
                for key, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
            },
        },
    )

    assert response.status_code == 302
    assert list(Meeting.objects.values_list("title", "start_date", "attendance_mode", "city")) == [
        ("Online meeting", datetime.date(2020, 11, 5), "online", "")
    ]


def processes(count):
    for n in range(count):
        process = ProcessFactory(name=f"Process {n}", slug=f"process-{n}")
        process.co_chairs.add(MemberFactory())


def organisations(count):
    for _ in range(count):
        OrganisationFactory()


def working_groups(count):
    for _ in range(count):
        WorkingGroupFactory()


def meetings(count):
    for _ in range(count):
        MeetingFactory().co_chairs.add(OrganisationFactory())


LISTS = {
    # Session, user, permissions (2), count, full count, the processes.
    "process": (processes, 7 + SECOND_FACTOR_QUERIES),
    # Session, user, permissions (2), count, full count, the members.
    "member": (lambda n: [MemberFactory() for _ in range(n)], 7 + SECOND_FACTOR_QUERIES),
    # Session, user, permissions (2), count, full count, the organisations with their
    # member.
    "organisation": (organisations, 7 + SECOND_FACTOR_QUERIES),
    # Session, user, permissions (2), the processes for the filter, count, full count,
    # the groups with their process.
    "workinggroup": (working_groups, 8 + SECOND_FACTOR_QUERIES),
    # Session, user, permissions (2), the working groups and countries for the filters,
    # count, full count, the meetings with group and counts, the first and last dates
    # and the years for the date hierarchy.
    "meeting": (meetings, 11 + SECOND_FACTOR_QUERIES),
}


@pytest.mark.parametrize("rows", [1, 5])
@pytest.mark.parametrize("model", LISTS)
def test_it_lists_in_the_same_number_of_queries_for_any_number(
    client, officer, django_assert_num_queries, model, rows
):
    build, queries = LISTS[model]
    build(rows)

    with django_assert_num_queries(queries):
        response = client.get(reverse(f"admin:meetings_{model}_changelist"))

    assert len(response.context["cl"].result_list) == rows
