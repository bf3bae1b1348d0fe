"""The seed data: every fact of the source document and DOMAIN.md, loaded as fixtures; and
fixtures that cannot hurt: natural keys only, unknown references named, nothing half-loaded."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.core.serializers.base import DeserializationError

from forums.models import Forum, Participant, Presentation
from meetings.models import Meeting, Member, Organisation, Process, Source, WorkingGroup
from workplan.models import Priority, PriorityUpdate, RollUp, WorkPlan

PROJECT_DIR = Path(__file__).parent.parent
FIXTURES = sorted(str(path) for path in (PROJECT_DIR / "fixtures").glob("*.json"))
EXAMPLES = sorted(str(path) for path in (PROJECT_DIR / "docs" / "examples").glob("*.json"))
SEED_APPS = ["meetings", "forums", "workplan"]
SEED_SOURCE = "Second Annual Meeting of the Trafficking in Persons Working Group and Following the Money Forum"
FORUM_PARTICIPATION = (
    "88 participants attended, including law and justice officials from 30 Bali Process "
    "member countries and 5 international organisations."
)

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


def row_counts():
    """Every table's number of rows: the seed's, and whatever a load might add beside it."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


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


def test_it_holds_one_source_the_source_document_with_nothing_it_does_not_say(seed):
    source = Source.objects.get()

    # The document gives no address, no publisher and no date of access: all left empty.
    assert (source.title, source.slug, source.url, source.publisher, source.accessed) == (
        SEED_SOURCE,
        "second-annual-meeting-2016-news",
        "",
        "",
        None,
    )


def test_it_cites_the_source_on_the_meeting_the_forum_the_plan_and_every_update(seed):
    source = Source.objects.get()

    assert list(Meeting.objects.get().sources.all()) == [source]
    assert list(Forum.objects.get().sources.all()) == [source]
    assert list(WorkPlan.objects.get().sources.all()) == [source]
    assert [list(update.sources.all()) for update in PriorityUpdate.objects.all()] == [[source]] * 7


def test_it_holds_the_second_annual_meeting(seed):
    meeting = Meeting.objects.get()

    assert meeting.title == "Second Annual Meeting of the Trafficking in Persons Working Group"
    assert (meeting.kind, meeting.kind_as_stated, meeting.kind_label) == (
        "meeting",
        "Annual Meeting",
        "Annual Meeting",
    )
    assert (meeting.start_date, meeting.end_date) == (
        datetime.date(2016, 5, 16),
        datetime.date(2016, 5, 19),
    )
    assert (meeting.city, meeting.country, meeting.attendance_mode) == (
        "Bangkok",
        "Thailand",
        "in_person",
    )
    assert (meeting.place, meeting.format_known) == ("Bangkok, Thailand", True)
    assert meeting.dates_display == "16–19 May 2016"
    assert meeting.working_group.slug == "trafficking-in-persons"
    assert "unprecedented levels of displacement and mobility of persons" in meeting.summary
    # The source speaks of the Co-Chairs but names none, and gives no figures for the meeting
    # itself; the image file is not part of it.
    assert (meeting.chaired_by, meeting.hosted_by) == ([], [])
    assert (
        meeting.participants_total,
        meeting.countries,
        meeting.organisations,
        meeting.countries_and_organisations,
        meeting.participation_as_stated,
        meeting.participation_display,
    ) == (None, None, None, None, "", "")
    assert not meeting.image


def test_it_holds_the_following_the_money_forum_as_reported(seed):
    forum = Forum.objects.get()

    assert forum.title == "Following the Money Forum"
    assert (forum.kind, forum.kind_as_stated) == ("forum", "Forum")
    assert (forum.start_date, forum.end_date) == (
        datetime.date(2016, 5, 16),
        datetime.date(2016, 5, 17),
    )
    assert (forum.attendance_mode, forum.place) == ("in_person", "Bangkok, Thailand")
    assert (forum.working_group.slug, forum.meeting.slug) == (
        "trafficking-in-persons",
        "second-annual-meeting-2016",
    )
    # Its dates lie within the meeting's: it was part of the meeting.
    assert forum.within_meeting is True
    assert [host.name for host in forum.hosted_by] == [
        "Australian Attorney-General’s Department",
        "Office of the Attorney-General of Thailand",
    ]
    assert forum.chaired_by == []
    assert forum.focus.startswith("Highlighting the value of leveraging anti-money laundering")


def test_it_holds_the_forums_participation_as_the_source_states_it(seed):
    forum = Forum.objects.get()

    assert (
        forum.participants_total,
        forum.countries,
        forum.organisations,
        forum.countries_and_organisations,
    ) == (88, 30, 5, None)
    assert forum.participation_as_stated == FORUM_PARTICIPATION
    assert forum.participation_display == FORUM_PARTICIPATION
    # Built from the figures alone, the words are neutral: "member" is the source's word.
    assert forum.participation_figures == (
        "88 participants from 30 countries and 5 international organisations"
    )


def test_it_holds_the_five_case_studies_each_with_its_one_presenting_organisation(seed):
    presentations = Presentation.objects.prefetch_related("organisations__member", "members")

    assert [
        (
            p.event_key,
            p.order,
            p.kind,
            p.title,
            [(o.name, o.member.name) for o in p.organisations.all()],
            list(p.members.all()),
            p.presenter_role,
            p.presented_by,
        )
        for p in presentations
    ] == [
        (
            ("forum", "following-the-money-forum-2016"),
            order,
            "case_study",
            "",
            [(name, member)],
            [],
            "",
            name,
        )
        for order, name, member in [
            (1, "Thai Anti-Money Laundering Office", "Thailand"),
            (2, "Sri Lankan Police", "Sri Lanka"),
            (3, "Indonesian Attorney-General’s Office", "Indonesia"),
            (4, "Australian Federal Police", "Australia"),
            (5, "Japanese Ministry of Foreign Affairs", "Japan"),
        ]
    ]


def test_it_holds_only_the_participants_the_text_names(seed):
    participants = Participant.objects.select_related("organisation").order_by("pk")

    assert [
        (p.event_key, p.organisation.name, p.member, p.role, p.headcount) for p in participants
    ] == [
        (("forum", "following-the-money-forum-2016"), name, None, role, None)
        for name, role in [
            ("Office of the Attorney-General of Thailand", "co_host"),
            ("Australian Attorney-General’s Department", "co_host"),
            ("Thai Anti-Money Laundering Office", "presenter"),
            ("Sri Lankan Police", "presenter"),
            ("Indonesian Attorney-General’s Office", "presenter"),
            ("Australian Federal Police", "presenter"),
            ("Japanese Ministry of Foreign Affairs", "presenter"),
        ]
    ]
    assert not Participant.objects.exclude(individual_names="", individual_contacts="").exists()


def test_it_holds_the_regional_support_office(seed):
    rso = Organisation.objects.get(abbreviation="RSO")

    assert rso.name == "Regional Support Office"
    assert (rso.kind, rso.member) == ("regional_office", None)
    assert "established in 2012 in Bangkok" in rso.description


def test_it_holds_the_work_plan_2016_17_covering_both_whole_years(seed):
    plan = WorkPlan.objects.get()

    assert (plan.title, plan.period, plan.start_date, plan.end_date) == (
        "Work Plan 2016–17",
        "2016–17",
        datetime.date(2016, 1, 1),
        datetime.date(2017, 12, 31),
    )
    assert (plan.adopted_at.slug, plan.adopted_on) == (
        "second-annual-meeting-2016",
        datetime.date(2016, 5, 19),
    )
    assert (plan.superseded_by, list(plan.reviewed_at.all())) == (None, [])
    # Its period ended long ago, and no later plan is recorded: no plan is current.
    assert (plan.state, WorkPlan.objects.current()) == ("ended", None)


def test_it_holds_the_seven_priorities_worded_as_the_source_with_no_progress_reported(seed):
    priorities = list(WorkPlan.objects.get().priorities.order_by("order"))

    assert [p.title for p in priorities] == PRIORITIES_2016_17
    assert [p.order for p in priorities] == [1, 2, 3, 4, 5, 6, 7]
    # "Not reported" is None, never 0; the status is "agreed, no work reported yet".
    assert {(p.status, p.progress, p.lead, p.target_date, p.continues) for p in priorities} == {
        ("not_started", None, None, None, None)
    }
    assert [f.slug for f in priorities[3].related_forums.all()] == [
        "following-the-money-forum-2016"
    ]
    assert [g.slug for g in priorities[5].related_working_groups.all()] == [
        "disruption-of-criminal-networks"
    ]


def test_it_rolls_up_no_progress_and_counts_none_as_zero(seed):
    roll_up = Priority.objects.for_plan(WorkPlan.objects.get()).roll_up()

    assert roll_up == RollUp(mean=None, reported=0, unreported=7)
    assert roll_up.method == "No priority has reported progress yet; none is counted as zero."


def test_it_records_each_priority_adoption_as_of_19_may_2016_at_the_meeting(seed):
    updates = PriorityUpdate.objects.select_related("priority", "meeting").order_by(
        "priority__order"
    )

    assert [
        (
            u.priority.order,
            u.old_status,
            u.new_status,
            u.old_progress,
            u.new_progress,
            u.author,
            u.as_of,
            u.recorded_at.date(),
            u.meeting.slug,
            u.public_author,
        )
        for u in updates
    ] == [
        (
            order,
            "",
            "not_started",
            None,
            None,
            None,
            datetime.date(2016, 5, 19),
            datetime.date(2016, 5, 19),
            "second-annual-meeting-2016",
            "Working Group",
        )
        for order in range(1, 8)
    ]


def test_it_shows_the_plan_as_adopted_on_its_day_and_empty_the_day_before(seed):
    adopted = Priority.objects.as_of(datetime.date(2016, 5, 19)).order_by("order")
    before = Priority.objects.as_of(datetime.date(2016, 5, 18))

    assert [(p.order, p.status, p.progress) for p in adopted] == [
        (order, "not_started", None) for order in range(1, 8)
    ]
    assert list(before) == []


# Fixtures that cannot hurt


def fixture_records(paths):
    for path in paths:
        for record in json.loads(Path(path).read_text(encoding="utf-8")):
            yield Path(path).relative_to(PROJECT_DIR), record


def test_no_fixture_or_example_carries_a_primary_key():
    with_pk = [
        (str(path), record["model"])
        for path, record in fixture_records(FIXTURES + EXAMPLES)
        if "pk" in record
    ]

    assert FIXTURES != []
    assert with_pk == []


def test_every_reference_in_a_fixture_or_example_is_a_natural_key():
    by_id = []
    for path, record in fixture_records(FIXTURES + EXAMPLES):
        model = apps.get_model(record["model"])
        for name, value in record["fields"].items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                keys = value
            elif field.many_to_one:
                keys = [] if value is None else [value]
            else:
                continue
            by_id += [
                (str(path), record["model"], name) for key in keys if not isinstance(key, list)
            ]

    assert by_id == []


def test_it_loads_twice_without_changing_anything(seed):
    first, counts = dump_seed_apps(), row_counts()

    call_command("loaddata", *FIXTURES, verbosity=0)

    assert dump_seed_apps() == first
    assert row_counts() == counts
    assert Priority.objects.count() == 7


def write_fixture(tmp_path, records, name="new.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return str(path)


def seed_record(model, **match):
    """A copy of one record of the seed fixtures."""
    for _path, record in fixture_records(FIXTURES):
        if record["model"] == model and all(record["fields"][k] == v for k, v in match.items()):
            return json.loads(json.dumps(record))
    raise LookupError(model, match)


def changed(model, match, **changes):
    record = seed_record(model, **match)
    record["fields"].update(changes)
    return record


STAMPS = {"created_at": "2030-01-01T00:00:00Z", "updated_at": "2030-01-01T00:00:00Z"}
UNKNOWN_REFERENCES = {
    "a required reference": (
        {
            "model": "workplan.priority",
            "fields": {
                "workplan": ["no-such-plan"],
                "order": 8,
                "title": "Example priority (fictional)",
                "slug": "example-priority",
                **STAMPS,
            },
        },
        "workplan.Priority [None, 'example-priority'], field 'workplan': "
        "no workplan.WorkPlan has the key ['no-such-plan']. Nothing was loaded.",
    ),
    "an optional reference": (
        changed(
            "forums.forum", {"slug": "following-the-money-forum-2016"}, meeting=["no-such-meeting"]
        ),
        "forums.Forum ['following-the-money-forum-2016'], field 'meeting': "
        "no meetings.Meeting has the key ['no-such-meeting']. Nothing was loaded.",
    ),
    "an optional reference on a new record": (
        {
            "model": "workplan.priorityupdate",
            "fields": {
                "priority": ["work-plan-2016-17", "policy-guides"],
                "new_status": "in_progress",
                "note": "Example entry (fictional).",
                "as_of": "2016-06-01",
                "recorded_at": "2016-06-01T00:00:00Z",
                "meeting": ["no-such-meeting"],
                "updated_at": STAMPS["updated_at"],
            },
        },
        "workplan.PriorityUpdate ['work-plan-2016-17', 'policy-guides', "
        "'2016-06-01T00:00:00+00:00'], field 'meeting': no meetings.Meeting has the key "
        "['no-such-meeting']. Nothing was loaded.",
    ),
    "an optional reference a constraint needs": (
        changed(
            "forums.participant",
            {"role": "co_host", "organisation": ["australian-attorney-generals-department"]},
            forum=["no-such-forum"],
        ),
        "forums.Participant [None, None, 'organisation', 'australian-attorney-generals-department', "
        "'co_host'], field 'forum': no forums.Forum has the key ['no-such-forum']. "
        "Nothing was loaded.",
    ),
    "a many-to-many link": (
        changed(
            "forums.forum",
            {"slug": "following-the-money-forum-2016"},
            sources=[["second-annual-meeting-2016-news"], ["no-such-source"]],
        ),
        "forums.Forum ['following-the-money-forum-2016'], field 'sources': "
        "no meetings.Source has the key ['no-such-source']. Nothing was loaded.",
    ),
}


@pytest.mark.parametrize("case", UNKNOWN_REFERENCES)
def test_it_refuses_an_unknown_reference_naming_model_and_key_and_changes_nothing(
    seed, tmp_path, case
):
    record, message = UNKNOWN_REFERENCES[case]
    new_member = {
        "model": "meetings.member",
        "fields": {
            "name": "Example Member (fictional)",
            "slug": "example-member",
            "kind": "member_state",
            **STAMPS,
        },
    }
    path = write_fixture(tmp_path, [new_member, record])
    before, counts = dump_seed_apps(), row_counts()

    with pytest.raises(CommandError) as error:
        call_command("loaddata", path, verbosity=0)

    assert str(error.value) == f"{path}: {message}"
    assert row_counts() == counts
    assert dump_seed_apps() == before


def test_it_resolves_a_reference_to_a_record_later_in_the_same_load(seed, tmp_path):
    later_plan = {
        "model": "workplan.workplan",
        "fields": {
            "working_group": ["trafficking-in-persons"],
            "title": "Example Work Plan (fictional)",
            "slug": "example-work-plan",
            "start_date": "2030-01-01",
            "end_date": "2031-12-31",
            **STAMPS,
        },
    }
    # An ended plan marked as superseded by a plan that only the next file adds.
    first = write_fixture(
        tmp_path,
        [
            changed(
                "workplan.workplan",
                {"slug": "work-plan-2016-17"},
                superseded_by=["example-work-plan"],
            )
        ],
        "first.json",
    )
    second = write_fixture(tmp_path, [later_plan], "second.json")

    call_command("loaddata", first, second, verbosity=0)

    assert WorkPlan.objects.get(slug="work-plan-2016-17").superseded_by.slug == "example-work-plan"


@pytest.mark.parametrize("successor_first", [False, True])
def test_it_loads_a_plan_and_the_plan_superseding_it_in_either_order(
    seed, tmp_path, successor_first
):
    successor = {
        "model": "workplan.workplan",
        "fields": {
            "working_group": ["trafficking-in-persons"],
            "title": "Example Work Plan 2017–18 (fictional)",
            "slug": "example-work-plan-2017-18",
            "start_date": "2017-01-01",
            "end_date": "2018-12-31",
            **STAMPS,
        },
    }
    superseded = changed(
        "workplan.workplan",
        {"slug": "work-plan-2016-17"},
        superseded_by=["example-work-plan-2017-18"],
    )
    records = [successor, superseded] if successor_first else [superseded, successor]

    call_command("loaddata", write_fixture(tmp_path, records), verbosity=0)

    plan = WorkPlan.objects.get(slug="work-plan-2016-17")
    assert (plan.superseded_by.slug, plan.in_force_until) == (
        "example-work-plan-2017-18",
        datetime.date(2016, 12, 31),
    )


@pytest.mark.parametrize(
    ("records", "states"),
    [
        (
            [changed("workplan.priority", {"slug": "policy-guides"}, status="in_progress")],
            "('in_progress', None) are not those of its latest entry, as of 2016-05-19, "
            "('not_started', None)",
        ),
        (
            [
                {
                    "model": "workplan.priorityupdate",
                    "fields": {
                        "priority": ["work-plan-2016-17", "policy-guides"],
                        "old_status": "not_started",
                        "new_status": "in_progress",
                        "old_progress": None,
                        "new_progress": 20,
                        "note": "Example entry (fictional).",
                        "as_of": "2016-06-01",
                        "recorded_at": "2016-06-01T00:00:00Z",
                        "updated_at": STAMPS["updated_at"],
                    },
                }
            ],
            "('not_started', None) are not those of its latest entry, as of 2016-06-01, "
            "('in_progress', 20)",
        ),
    ],
    ids=["a priority changed without an entry", "an entry leaving its priority behind"],
)
def test_it_refuses_a_priority_whose_state_is_not_that_of_its_latest_entry(
    seed, tmp_path, records, states
):
    path = write_fixture(tmp_path, records)
    before = dump_seed_apps()

    with pytest.raises(CommandError) as error:
        call_command("loaddata", path, verbosity=0)

    assert str(error.value) == (
        f"{path}: workplan.Priority ['work-plan-2016-17', 'policy-guides']: its status and "
        f"progress {states}. Give the priority the state of its latest entry. Nothing was loaded."
    )
    assert dump_seed_apps() == before


def test_it_updates_the_one_record_a_fixture_names_by_natural_key(seed, tmp_path):
    record = changed(
        "workplan.priority",
        {"slug": "regional-roadmap"},
        description="Example description (fictional).",
    )
    before = dump_seed_apps()
    expected = [
        {**row, "fields": {**row["fields"], "description": "Example description (fictional)."}}
        if row["model"] == "workplan.priority" and row["fields"]["slug"] == "regional-roadmap"
        else row
        for row in before
    ]

    call_command("loaddata", write_fixture(tmp_path, [record]), verbosity=0)

    assert dump_seed_apps() == expected
    assert expected != before


def test_it_refuses_a_pk_that_would_overwrite_another_record(seed, tmp_path):
    roadmap = Priority.objects.get(slug="regional-roadmap")
    record = {
        "model": "workplan.priority",
        "pk": roadmap.pk,
        "fields": {
            "workplan": ["work-plan-2016-17"],
            "order": 8,
            "title": "Example priority (fictional)",
            "slug": "example-priority",
            **STAMPS,
        },
    }
    path = write_fixture(tmp_path, [record])
    before, counts = dump_seed_apps(), row_counts()

    with pytest.raises(CommandError) as error:
        call_command("loaddata", path, verbosity=0)

    assert str(error.value) == (
        f"{path}: workplan.Priority ['work-plan-2016-17', 'example-priority'] carries "
        f'"pk": {roadmap.pk}, which is the existing record '
        "['work-plan-2016-17', 'regional-roadmap']; loading it would overwrite that record. "
        "Leave out the pk and name records by their natural keys. Nothing was loaded."
    )
    assert row_counts() == counts
    assert dump_seed_apps() == before


BROKEN_RULES = {
    "progress above 100": (
        changed("workplan.priority", {"slug": "policy-guides"}, progress=150),
        "workplan.Priority ['work-plan-2016-17', 'policy-guides']: "
        "progress: Ensure this value is less than or equal to 100.",
    ),
    "an event ending before it starts": (
        changed("meetings.meeting", {}, end_date="2016-05-15"),
        "meetings.Meeting ['second-annual-meeting-2016']: The event cannot end before it starts.",
    ),
    "an online event with a place": (
        changed("meetings.meeting", {}, attendance_mode="online"),
        "meetings.Meeting ['second-annual-meeting-2016']: An online event has no city or country.",
    ),
    "an entry dated in the future": (
        changed(
            "workplan.priorityupdate",
            {"priority": ["work-plan-2016-17", "policy-guides"]},
            as_of="2999-01-01",
        ),
        "workplan.PriorityUpdate ['work-plan-2016-17', 'policy-guides', '2016-05-19T05:00:00+00:00']: "
        "as_of: The date cannot be in the future.",
    ),
    "an entry dated before the plan was adopted": (
        changed(
            "workplan.priorityupdate",
            {"priority": ["work-plan-2016-17", "policy-guides"]},
            as_of="2016-05-18",
        ),
        "workplan.PriorityUpdate ['work-plan-2016-17', 'policy-guides', '2016-05-19T05:00:00+00:00']: "
        "as_of: The date cannot be before the plan was adopted, on 19 May 2016.",
    ),
    "two plans in force on the same day": (
        {
            "model": "workplan.workplan",
            "fields": {
                "working_group": ["trafficking-in-persons"],
                "title": "Example Work Plan 2017–18 (fictional)",
                "slug": "example-work-plan-2017-18",
                "start_date": "2017-01-01",
                "end_date": "2018-12-31",
                **STAMPS,
            },
        },
        "workplan.WorkPlan ['example-work-plan-2017-18']: start_date: Work Plan 2016–17 of the "
        "same working group is in force from 1 January 2016 to 31 December 2017: two plans "
        "cannot be in force on the same day. Change the periods, or mark the earlier plan as "
        "superseded by the later one.",
    ),
    "a priority continuing one of a later plan": (
        changed(
            "workplan.priority",
            {"slug": "policy-guides"},
            continues=["work-plan-2016-17", "guidance-tools"],
        ),
        "workplan.Priority ['work-plan-2016-17', 'policy-guides']: "
        "continues: A priority continues a priority of an earlier plan.",
    ),
}


@pytest.mark.parametrize("case", BROKEN_RULES)
def test_it_refuses_a_record_that_breaks_a_rule_with_the_rule_and_changes_nothing(
    seed, tmp_path, case
):
    record, message = BROKEN_RULES[case]
    path = write_fixture(tmp_path, [record])
    before, counts = dump_seed_apps(), row_counts()

    with pytest.raises(CommandError) as error:
        call_command("loaddata", path, verbosity=0)

    assert str(error.value) == f"{path}: {message} Nothing was loaded."
    assert row_counts() == counts
    assert dump_seed_apps() == before


def test_it_refuses_a_malformed_file_and_changes_nothing(seed, tmp_path):
    path = tmp_path / "malformed.json"
    path.write_text('[{"model": "workplan.priority", "fields": {', encoding="utf-8")
    before = dump_seed_apps()

    with pytest.raises(DeserializationError) as error:
        call_command("loaddata", str(path), verbosity=0)

    assert f"Problem installing fixture '{path}'" in str(error.value)
    assert dump_seed_apps() == before
