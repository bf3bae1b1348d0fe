"""The seed data: every fact of the source document and DOMAIN.md, loaded as fixtures."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError

from forums.models import Forum, Participant, Presentation
from meetings.models import Meeting, Member, Organisation, Process, WorkingGroup
from workplan.models import Priority, PriorityUpdate, WorkPlan

FIXTURES = sorted(str(path) for path in (Path(__file__).parent.parent / "fixtures").glob("*.json"))
SEED_APPS = ["meetings", "forums", "workplan"]

PRIORITIES_2016_17 = [
    "Expanding the promotion and use of the Bali Process policy guides.",
    "Developing guidance tools, including on indicators of trafficking for law and justice officials.",
    "Continuing to share information on regional trends and best practice approaches to TIP.",
    "Implementing outcomes of the Bali Process Following the Money Forum.",
    "Promoting effective engagement with the private sector and NGOs.",
    "Continuing cooperation with the Bali Process Working Group on Disruption of Criminal "
    "Networks involved in People Smuggling and TIP.",
    "Oversighting the Regional Support Office in developing a Regional Roadmap for States on "
    "Effective Law and Policy Frameworks to Combat Trafficking in Persons.",
]


def dump_seed_apps():
    out = io.StringIO()
    call_command("dumpdata", *SEED_APPS, format="json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def seed(db):
    call_command("loaddata", *FIXTURES, verbosity=0)


def test_it_holds_the_bali_process_and_its_reported_membership(seed):
    process = Process.objects.get()

    assert process.name == (
        "Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime"
    )
    assert process.established_year == 2002
    assert sorted(process.co_chairs.values_list("name", flat=True)) == ["Australia", "Indonesia"]
    assert (
        process.member_states_reported,
        process.member_organisations_reported,
        process.observer_states_reported,
        process.observer_organisations_reported,
    ) == (45, 4, 18, 9)


def test_it_holds_the_members_the_sources_name(seed):
    members = dict(Member.objects.values_list("name", "kind"))

    assert members == {
        "Australia": "member_state",
        "Indonesia": "member_state",
        "Japan": "member_state",
        "Sri Lanka": "member_state",
        "Thailand": "member_state",
        "International Organization for Migration": "member_organisation",
        "Office of the United Nations High Commissioner for Refugees": "member_organisation",
        "United Nations Office on Drugs and Crime": "member_organisation",
        "International Labour Organization": "member_organisation",
    }


def test_it_holds_the_working_groups(seed):
    tip = WorkingGroup.objects.get(slug="trafficking-in-persons")
    disruption = WorkingGroup.objects.get(slug="disruption-of-criminal-networks")

    assert tip.name == "Working Group on Trafficking in Persons"
    assert sorted(tip.co_chairs.values_list("name", flat=True)) == ["Australia", "Indonesia"]
    assert tip.first_met_on == datetime.date(2015, 3, 27)
    assert disruption.first_met_on == datetime.date(2015, 5, 19)
    assert list(disruption.co_chairs.all()) == []


def test_it_holds_the_second_annual_meeting(seed):
    meeting = Meeting.objects.get()

    assert meeting.title == "Second Annual Meeting of the Trafficking in Persons Working Group"
    assert (meeting.start_date, meeting.end_date) == (
        datetime.date(2016, 5, 16),
        datetime.date(2016, 5, 19),
    )
    assert (meeting.city, meeting.country, meeting.is_online) == ("Bangkok", "Thailand", False)
    assert meeting.dates_display == "16–19 May 2016"
    assert meeting.working_group.slug == "trafficking-in-persons"
    assert "unprecedented levels of displacement and mobility of persons" in meeting.summary
    # The source names no co-chairing agencies and the image file is not part of it.
    assert list(meeting.co_chairs.all()) == []
    assert not meeting.image


def test_it_holds_the_following_the_money_forum_as_reported(seed):
    forum = Forum.objects.get()

    assert forum.title == "Following the Money Forum"
    assert forum.kind == "forum"
    assert (forum.start_date, forum.end_date) == (
        datetime.date(2016, 5, 16),
        datetime.date(2016, 5, 17),
    )
    assert (forum.city, forum.country) == ("Bangkok", "Thailand")
    assert forum.meeting.slug == "second-annual-meeting-2016"
    assert sorted(forum.co_hosts.values_list("name", flat=True)) == [
        "Australian Attorney-General’s Department",
        "Office of the Attorney-General of Thailand",
    ]
    assert forum.focus.startswith("Highlighting the value of leveraging anti-money laundering")
    assert (
        forum.participants_total,
        forum.member_countries,
        forum.international_organisations,
        forum.countries_and_organisations,
    ) == (88, 30, 5, None)
    assert forum.participation_display == (
        "88 participants from 30 member countries and 5 international organisations"
    )


def test_it_holds_the_five_case_studies_in_order(seed):
    presentations = Presentation.objects.select_related("organisation__member").order_by("order")

    assert [
        (p.order, p.kind, p.title, p.organisation.name, p.organisation.member.name)
        for p in presentations
    ] == [
        (1, "case_study", "", "Thai Anti-Money Laundering Office", "Thailand"),
        (2, "case_study", "", "Sri Lankan Police", "Sri Lanka"),
        (3, "case_study", "", "Indonesian Attorney-General’s Office", "Indonesia"),
        (4, "case_study", "", "Australian Federal Police", "Australia"),
        (5, "case_study", "", "Japanese Ministry of Foreign Affairs", "Japan"),
    ]


def test_it_holds_only_the_participants_the_text_names(seed):
    participants = Participant.objects.select_related("organisation").order_by("pk")

    assert [(p.organisation.name, p.role, p.headcount) for p in participants] == [
        ("Office of the Attorney-General of Thailand", "co_host", None),
        ("Australian Attorney-General’s Department", "co_host", None),
        ("Thai Anti-Money Laundering Office", "presenter", None),
        ("Sri Lankan Police", "presenter", None),
        ("Indonesian Attorney-General’s Office", "presenter", None),
        ("Australian Federal Police", "presenter", None),
        ("Japanese Ministry of Foreign Affairs", "presenter", None),
    ]
    assert not Participant.objects.exclude(individual_names="", individual_contacts="").exists()


def test_it_holds_the_regional_support_office(seed):
    rso = Organisation.objects.get(abbreviation="RSO")

    assert rso.name == "Regional Support Office"
    assert rso.kind == "regional_office"
    assert "established in 2012 in Bangkok" in rso.description


def test_it_holds_the_work_plan_2016_17_with_its_seven_priorities_worded_as_the_source(seed):
    plan = WorkPlan.objects.get()
    priorities = list(plan.priorities.order_by("order"))

    assert (plan.period, plan.adopted_at.slug) == ("2016–17", "second-annual-meeting-2016")
    assert [p.title for p in priorities] == PRIORITIES_2016_17
    assert [p.order for p in priorities] == [1, 2, 3, 4, 5, 6, 7]
    assert {(p.status, p.progress, p.lead, p.target_date) for p in priorities} == {
        ("not_started", 0, None, None)
    }
    assert [f.slug for f in priorities[3].related_forums.all()] == [
        "following-the-money-forum-2016"
    ]
    assert [g.slug for g in priorities[5].related_working_groups.all()] == [
        "disruption-of-criminal-networks"
    ]


def test_it_records_each_priority_adoption_on_19_may_2016(seed):
    updates = PriorityUpdate.objects.order_by("priority__order")

    assert [
        (
            u.priority.order,
            u.old_status,
            u.new_status,
            u.old_progress,
            u.new_progress,
            u.author,
            u.recorded_at.date(),
        )
        for u in updates
    ] == [
        (order, "", "not_started", None, 0, None, datetime.date(2016, 5, 19))
        for order in range(1, 8)
    ]


def test_it_loads_twice_without_changing_anything(seed):
    first = dump_seed_apps()

    call_command("loaddata", *FIXTURES, verbosity=0)

    assert dump_seed_apps() == first
    assert Priority.objects.count() == 7


def write_fixture(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def fixture_with(model, pk_or_fields, **changes):
    """A copy of one record of the seed fixtures with some fields changed."""
    for path in FIXTURES:
        for record in json.loads(Path(path).read_text(encoding="utf-8")):
            if record["model"] == model and pk_or_fields(record):
                record["fields"].update(changes)
                return json.dumps([record])
    raise LookupError(model)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("malformed.json", '[{"model": "workplan.priority", "fields": {', "malformed"),
        (
            "progress.json",
            fixture_with("workplan.priority", lambda r: r["fields"]["order"] == 1, progress=150),
            "priority_progress_0_100",
        ),
        (
            "dates.json",
            fixture_with("meetings.meeting", lambda r: True, end_date="2016-05-15"),
            "ends_after_start",
        ),
        (
            "missing.json",
            fixture_with("forums.forum", lambda r: True, meeting=["a-meeting-that-does-not-exist"]),
            "a-meeting-that-does-not-exist",
        ),
    ],
)
def test_it_refuses_a_broken_fixture_and_leaves_the_database_as_it_was(
    seed, tmp_path, name, content, problem
):
    before = dump_seed_apps()
    broken = write_fixture(tmp_path, name, content)

    with pytest.raises((DeserializationError, IntegrityError)) as error:
        call_command("loaddata", *FIXTURES, broken, verbosity=0)

    assert problem in f"{error.value} {error.value.__cause__}"
    assert dump_seed_apps() == before
