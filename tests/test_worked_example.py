"""The worked example of docs/DATA.md: another (fictional) year loads beside the seed with no
code change, shows on every surface, and leaves every seed fact as it was."""

import csv
import io
import json
import re
import zipfile
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command

from forums.models import Forum, Participant, Presentation
from meetings.models import Meeting, Member, Source
from tests.test_fixtures import EXAMPLES, FIXTURES, PROJECT_DIR, dump_seed_apps
from workplan.models import Priority, PriorityUpdate, RollUp, WorkPlan

PLAN = "Example Work Plan 2018–19 (fictional)"
THIRD = "Example Third Annual Meeting (fictional)"
FOURTH = "Example Fourth Annual Meeting (fictional)"
WORKSHOP = "Example Regional Workshop (fictional)"
WEBINAR = "Example Webinar (fictional)"
PRIORITY_1 = "Example priority: continuing to share information on regional trends (fictional)."
PRIORITY_2 = "Example priority: a guidance tool (fictional)."
PRIORITY_3 = "Example priority: a standing exchange of practice (fictional)."
OUTCOME = {
    "title": "Example Outcome Statement of the Example Third Annual Meeting (fictional)",
    "url": "https://example.org/example-third-annual-meeting",
    "publisher": "Example Secretariat (fictional)",
    "accessed": "2026-11-02",
}
REPORT = {
    "title": "Example Progress Report 2019 (fictional)",
    "url": "https://example.org/example-progress-report-2019",
    "publisher": "Example Secretariat (fictional)",
    "accessed": "2026-11-02",
}
REPORTED_40 = "Example: 40% reported at the Example Fourth Annual Meeting (fictional)."
BACK_DATED = "Example: work began; the report gave no figure (fictional)."
ADOPTED = "Example: agreed at the Example Third Annual Meeting (fictional)."
# Recorded for the example's delegate, and never to be published anywhere.
PRIVATE = ["Example Official (fictional, private)", "example.official@example.org"]


@pytest.fixture
def seed_and_example(db):
    call_command("loaddata", *FIXTURES, *EXAMPLES, verbosity=0)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip, self.scripts = [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skip += 1
            if dict(attrs).get("type") == "application/ld+json":
                self.scripts.append("")
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)
        elif self.scripts and self.lasttag == "script":
            self.scripts[-1] += data


def page(client, url):
    """The page's visible text, its whitespace collapsed, and its JSON-LD."""
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Text()
    parser.feed(response.content.decode())
    text = re.sub(r"\s+", " ", "".join(parser.parts))
    return text, [json.loads(script) for script in parser.scripts if script.strip()]


def missing(text, expected):
    """The expected phrases the text does not hold: [] when it holds them all."""
    return [phrase for phrase in expected if phrase not in text]


def api(client, path):
    response = client.get(f"/api/v1/{path}", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, path
    return response.json()


def api_by_slug(client, resource):
    return {row["slug"]: row for row in api(client, f"{resource}/?page_size=200")["results"]}


def csv_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


# Loading


def test_make_run_loads_the_seed_and_never_the_example():
    makefile = (PROJECT_DIR / "Makefile").read_text(encoding="utf-8")

    assert re.findall(r"manage\.py loaddata (.*)", makefile) == ["fixtures/*.json"]
    assert "docs/examples" not in makefile


def test_the_example_is_fictional_and_marked_so():
    records = [
        record for path in EXAMPLES for record in json.loads(Path(path).read_text(encoding="utf-8"))
    ]
    names = [
        record["fields"].get("title") or record["fields"].get("name")
        for record in records
        if record["model"]
        in {
            "meetings.source",
            "meetings.member",
            "meetings.organisation",
            "meetings.meeting",
            "forums.forum",
            "workplan.workplan",
            "workplan.priority",
        }
    ]
    urls = [record["fields"]["url"] for record in records if record["model"] == "meetings.source"]

    assert [path.rsplit("/", 1)[-1] for path in EXAMPLES] == [
        "01_example_parties.json",
        "02_example_events.json",
        "03_example_work_plan.json",
    ]
    assert [name for name in names if not ("Example" in name and "(fictional)" in name)] == []
    assert [url for url in urls if not url.startswith("https://example.org/")] == []


def test_the_example_loads_beside_the_seed_and_changes_no_seed_record(db):
    call_command("loaddata", *FIXTURES, verbosity=0)
    seed = dump_seed_apps()

    call_command("loaddata", *EXAMPLES, verbosity=0)

    after = {(row["model"], row["pk"]): row for row in dump_seed_apps()}
    assert [row for row in seed if after[(row["model"], row["pk"])] != row] == []
    assert len(after) - len(seed) == 32
    assert (Meeting.objects.count(), Forum.objects.count(), WorkPlan.objects.count()) == (3, 3, 2)


def test_the_seed_facts_still_hold_beside_the_example(seed_and_example):
    forum = Forum.objects.get(slug="following-the-money-forum-2016")
    seed_plan = WorkPlan.objects.get(slug="work-plan-2016-17")

    assert (
        forum.participants_total,
        forum.countries,
        forum.organisations,
        forum.countries_and_organisations,
    ) == (88, 30, 5, None)
    assert [host.name for host in forum.hosted_by] == [
        "Australian Attorney-General’s Department",
        "Office of the Attorney-General of Thailand",
    ]
    assert [
        [o.name for o in p.organisations.all()]
        for p in Presentation.objects.filter(forum=forum).order_by("order")
    ] == [
        ["Thai Anti-Money Laundering Office"],
        ["Sri Lankan Police"],
        ["Indonesian Attorney-General’s Office"],
        ["Australian Federal Police"],
        ["Japanese Ministry of Foreign Affairs"],
    ]
    assert seed_plan.priorities.count() == 7
    assert {(p.status, p.progress) for p in seed_plan.priorities.all()} == {("not_started", None)}
    assert list(Source.objects.get(slug="second-annual-meeting-2016-news").meetings.all()) == [
        Meeting.objects.get(slug="second-annual-meeting-2016")
    ]


def test_the_example_holds_another_year_as_written(seed_and_example):
    plan = WorkPlan.objects.get(slug="example-work-plan-2018-19")
    workshop = Forum.objects.get(slug="example-regional-workshop")
    webinar = Forum.objects.get(slug="example-webinar")
    fourth = Meeting.objects.get(slug="example-fourth-annual-meeting")
    continued = Priority.objects.get(workplan__slug="work-plan-2016-17", slug="sharing-information")

    assert (plan.title, plan.period, plan.state, plan.adopted_on.isoformat()) == (
        PLAN,
        "2018–19",
        "ended",
        "2018-03-22",
    )
    assert [m.slug for m in plan.reviewed_at.all()] == ["example-fourth-annual-meeting"]
    assert [p.title for p in continued.continued_by.all()] == [PRIORITY_1]
    assert (workshop.within_meeting, webinar.within_meeting) == (True, False)
    assert (workshop.place, webinar.place, fourth.place, fourth.format_known) == (
        "Example City, Example Country (fictional) and online",
        "Online",
        "Example City, Example Country (fictional)",
        False,
    )
    assert webinar.participation_figures == "25 countries and organisations"
    assert Priority.objects.for_plan(plan).roll_up() == RollUp(mean=70, reported=2, unreported=1)
    # The back-dated entry, recorded last, did not change the state reported later.
    assert [
        (u.as_of.isoformat(), u.new_status, u.new_progress)
        for u in PriorityUpdate.objects.filter(priority__slug="example-sharing-information")
    ] == [
        ("2019-03-14", "in_progress", 40),
        ("2018-09-01", "in_progress", None),
        ("2018-03-22", "not_started", None),
    ]
    assert (Participant.objects.filter(meeting__isnull=False).count(), Member.objects.count()) == (
        3,
        11,
    )


# Pages


def test_the_meeting_pages_show_the_example(client, seed_and_example):
    third, _ = page(client, "/meetings/example-third-annual-meeting/")
    fourth, _ = page(client, "/meetings/example-fourth-annual-meeting/")

    assert (
        missing(
            third,
            [
                THIRD,
                "Example Annual Meeting",
                "20–22 March 2018",
                "Example City, Example Country (fictional)",
                "Example Member State (fictional)",
                "Example Second Member State (fictional)",
                "Example Agency (fictional)",
                "60 participants from 20 countries and 4 international organisations",
                WORKSHOP,
                WEBINAR,
                "held alongside",
                PLAN,
                "Example progress briefing (fictional)",
                "Example Head of Unit (fictional)",
                "Sources",
                OUTCOME["title"],
            ],
        )
        == []
    )
    assert (
        missing(fourth, [FOURTH, "Format not recorded", "Example City", PLAN, REPORT["title"]])
        == []
    )
    assert [phrase for phrase in PRIVATE if phrase in third] == []


def test_the_workshop_and_webinar_pages_show_the_example(client, seed_and_example):
    workshop, _ = page(client, "/forums/example-regional-workshop/")
    webinar, _ = page(client, "/forums/example-webinar/")

    assert (
        missing(
            workshop,
            [
                WORKSHOP,
                "Example Consultation Workshop",
                "20–21 March 2018",
                "Example City, Example Country (fictional)",
                "Example: 40 officials took part in person and online (fictional).",
                "Example Agency (fictional)",
                "Example Second Member State (fictional)",
                "Example Civil Society Organisation (fictional)",
                "Example opening remarks (fictional)",
                "Working Group Co-Chairs",
                "Example joint presentation (fictional)",
                "Example Member State (fictional)",
                THIRD,
                OUTCOME["title"],
            ],
        )
        == []
    )
    assert (
        missing(
            webinar,
            [
                WEBINAR,
                "Example Regional Webinar",
                "26 March 2018",
                "Online",
                "held alongside",
                THIRD,
                "Example: representatives of 25 countries and organisations joined (fictional).",
            ],
        )
        == []
    )


def test_the_work_plan_and_priority_pages_show_the_example(client, seed_and_example):
    plan, _ = page(client, "/work-plans/example-work-plan-2018-19/")
    priority, _ = page(
        client, "/work-plans/example-work-plan-2018-19/priorities/example-sharing-information/"
    )
    earlier, _ = page(client, "/work-plans/work-plan-2016-17/priorities/sharing-information/")

    assert (
        missing(
            plan,
            [
                PLAN,
                "covers 2018–19",
                PRIORITY_1,
                PRIORITY_2,
                PRIORITY_3,
                "Not reported",
                "Mean of 2 priorities with reported progress; 1 not reported",
                THIRD,
                FOURTH,
                OUTCOME["title"],
            ],
        )
        == []
    )
    assert (
        missing(
            priority,
            [
                PRIORITY_1,
                "Continues priority 3 of Work Plan 2016–17",
                REPORTED_40,
                BACK_DATED,
                ADOPTED,
                FOURTH,
                REPORT["title"],
            ],
        )
        == []
    )
    assert missing(earlier, [f"Continued as priority 1 of {PLAN}"]) == []


def test_the_plan_as_it_stood_at_the_end_of_2018_shows_the_back_dated_entry(
    client, seed_and_example
):
    plan, _ = page(client, "/work-plans/example-work-plan-2018-19/?as_of=2018-12-31")

    assert missing(plan, [PLAN, "31 December 2018", PRIORITY_1, "In progress", "Not started"]) == []
    assert "40%" not in plan


def test_the_home_page_shows_the_later_plan_as_ended_never_current(client, seed_and_example):
    home, _ = page(client, "/")

    assert (
        missing(
            home,
            [
                PLAN,
                "This plan's period ended on 31 December 2019; no later plan has been recorded.",
            ],
        )
        == []
    )
    assert "current work plan" not in home.lower()


def test_the_progress_report_and_the_changes_show_the_year_between_two_meetings(
    client, seed_and_example
):
    report, _ = page(client, "/meetings/example-fourth-annual-meeting/report/")
    changes, _ = page(
        client,
        "/work-plans/example-work-plan-2018-19/changes/"
        "?from=example-third-annual-meeting&to=example-fourth-annual-meeting",
    )

    for text in (report, changes):
        assert (
            missing(
                text,
                [
                    PLAN,
                    THIRD,
                    FOURTH,
                    PRIORITY_1,
                    PRIORITY_2,
                    PRIORITY_3,
                    REPORTED_40,
                    BACK_DATED,
                    "Mean of 2 priorities with reported progress; 1 not reported",
                ],
            )
            == []
        )
    assert REPORT["title"] in report


# JSON-LD


def test_the_json_ld_states_containment_and_format_only_as_the_example_gives_them(
    client, seed_and_example
):
    _, [workshop] = page(client, "/forums/example-regional-workshop/")
    _, [webinar] = page(client, "/forums/example-webinar/")
    _, [fourth] = page(client, "/meetings/example-fourth-annual-meeting/")

    assert (workshop["name"], workshop["eventAttendanceMode"]) == (
        WORKSHOP,
        "https://schema.org/MixedEventAttendanceMode",
    )
    assert [place["@type"] for place in workshop["location"]] == ["Place", "VirtualLocation"]
    assert workshop["superEvent"]["name"] == THIRD
    assert (webinar["eventAttendanceMode"], webinar["location"]["@type"]) == (
        "https://schema.org/OnlineEventAttendanceMode",
        "VirtualLocation",
    )
    # Held alongside, four days after the meeting ended: not part of it.
    assert "superEvent" not in webinar
    # The format is not recorded: the place is given, no attendance mode.
    assert "eventAttendanceMode" not in fourth
    assert fourth["location"]["name"] == "Example City, Example Country (fictional)"


# API


def test_the_api_serves_the_example_meetings_and_forums(client, seed_and_example):
    meetings = api_by_slug(client, "meetings")
    forums = api_by_slug(client, "forums")
    third, fourth = (
        meetings["example-third-annual-meeting"],
        meetings["example-fourth-annual-meeting"],
    )
    workshop, webinar = forums["example-regional-workshop"], forums["example-webinar"]
    members = {m.slug: m.pk for m in Member.objects.all()}

    assert (third["title"], third["kind"], third["kind_as_stated"], third["attendance_mode"]) == (
        THIRD,
        "meeting",
        "Example Annual Meeting",
        "in_person",
    )
    assert third["participation"] == {
        "total": 60,
        "countries": 20,
        "organisations": 4,
        "countries_and_organisations": None,
        "as_stated": "",
    }
    assert [(p["type"], p["id"], p["name"]) for p in third["chaired_by"]] == [
        ("member", members["example-member-state"], "Example Member State (fictional)"),
        (
            "member",
            members["example-second-member-state"],
            "Example Second Member State (fictional)",
        ),
    ]
    assert [(p["type"], p["name"]) for p in third["hosted_by"]] == [
        ("organisation", "Example Agency (fictional)")
    ]
    assert third["sources"] == [OUTCOME]
    assert (fourth["attendance_mode"], fourth["sources"]) == ("unknown", [REPORT])
    assert (workshop["kind"], workshop["kind_as_stated"], workshop["attendance_mode"]) == (
        "workshop",
        "Example Consultation Workshop",
        "hybrid",
    )
    assert [(p["type"], p["name"]) for p in workshop["hosted_by"]] == [
        ("member", "Example Second Member State (fictional)"),
        ("organisation", "Example Agency (fictional)"),
    ]
    assert (webinar["working_group"], webinar["attendance_mode"], webinar["participation"]) == (
        None,
        "online",
        {
            "total": None,
            "countries": None,
            "organisations": None,
            "countries_and_organisations": 25,
            "as_stated": "Example: representatives of 25 countries and organisations joined (fictional).",
        },
    )


def test_the_api_serves_the_example_presentations_and_keeps_names_private(client, seed_and_example):
    workshop = Forum.objects.get(slug="example-regional-workshop")
    presentations = api(client, f"presentations/?forum={workshop.pk}")["results"]
    participants = api(client, "participants/?page_size=200")

    assert [
        (p["order"], p["title"], p["presenter_role"], [o["name"] for o in p["organisations"]])
        for p in presentations
    ] == [
        (1, "Example opening remarks (fictional)", "Working Group Co-Chairs", []),
        (
            2,
            "Example joint presentation (fictional)",
            "",
            ["Example Member State (fictional)", "Example Second Member State (fictional)"],
        ),
        (3, "", "", ["Example Civil Society Organisation (fictional)"]),
    ]
    assert [phrase for phrase in PRIVATE if phrase in json.dumps(participants)] == []


def test_the_api_serves_the_example_plan_priorities_and_updates(client, seed_and_example):
    plans = api_by_slug(client, "workplans")
    plan = plans["example-work-plan-2018-19"]
    seed_priority = Priority.objects.get(
        workplan__slug="work-plan-2016-17", slug="sharing-information"
    )
    priorities = {
        p["slug"]: p for p in api(client, f"priorities/?workplan={plan['id']}")["results"]
    }
    first = priorities["example-sharing-information"]
    updates = api(client, f"priority-updates/?priority={first['id']}")["results"]
    fourth = Meeting.objects.get(slug="example-fourth-annual-meeting")
    in_2018 = {
        p["slug"]: (p["status"], p["progress"])
        for p in api(client, f"priorities/?workplan={plan['id']}&as_of=2018-12-31")["results"]
    }

    assert (
        plan["title"],
        plan["start_date"],
        plan["end_date"],
        plan["state"],
        plan["superseded_by"],
        plan["sources"],
    ) == (PLAN, "2018-01-01", "2019-12-31", "ended", None, [OUTCOME])
    assert {slug: (p["status"], p["progress"]) for slug, p in priorities.items()} == {
        "example-sharing-information": ("in_progress", 40),
        "example-guidance-tool": ("completed", 100),
        "example-exchange": ("ongoing", None),
    }
    assert (first["continues"], api(client, f"priorities/{seed_priority.pk}/")["continued_by"]) == (
        seed_priority.pk,
        [first["id"]],
    )
    assert [(u["as_of"], u["new_progress"], u["note"], u["meeting"]) for u in updates] == [
        ("2019-03-14", 40, REPORTED_40, fourth.pk),
        ("2018-09-01", None, BACK_DATED, None),
        ("2018-03-22", None, ADOPTED, Meeting.objects.get(slug="example-third-annual-meeting").pk),
    ]
    assert updates[0]["sources"] == [REPORT]
    assert in_2018 == {
        "example-sharing-information": ("in_progress", None),
        "example-guidance-tool": ("not_started", None),
        "example-exchange": ("not_started", None),
    }


# CSV


def test_the_csv_downloads_hold_the_example(client, seed_and_example):
    workshop = csv_rows(client, "/forums/example-regional-workshop/presentations.csv")
    meeting = csv_rows(client, "/meetings/example-third-annual-meeting/participants.csv")
    priorities = csv_rows(client, "/work-plans/example-work-plan-2018-19/priorities.csv")
    everything = json.dumps([workshop, meeting, priorities], ensure_ascii=False)

    assert (
        missing(
            everything,
            [
                "Example opening remarks (fictional)",
                "Working Group Co-Chairs",
                "Example joint presentation (fictional)",
                "Example Member State (fictional)",
                "Example Agency (fictional)",
                "Example Second Member State (fictional)",
                PRIORITY_1,
                PRIORITY_2,
                PRIORITY_3,
            ],
        )
        == []
    )
    assert [phrase for phrase in PRIVATE if phrase in everything] == []
    # Progress not reported is an empty cell, never 0.
    assert [
        [value for key, value in row.items() if "progress" in key.lower()] for row in priorities
    ] == [["40"], ["100"], [""]]


# Atom and iCalendar


def test_the_atom_feeds_hold_the_example_updates_by_the_day_they_held(client, seed_and_example):
    priority = Priority.objects.get(slug="example-sharing-information")
    response = client.get(f"/updates.atom?priority={priority.pk}")
    plan_feed = client.get("/work-plans/example-work-plan-2018-19/updates.atom")
    body = unescape(response.content.decode())

    assert (response.status_code, plan_feed.status_code) == (200, 200)
    assert [note for note in (REPORTED_40, BACK_DATED, ADOPTED) if note in body] == [
        REPORTED_40,
        BACK_DATED,
        ADOPTED,
    ]
    assert sorted((REPORTED_40, BACK_DATED, ADOPTED), key=body.index) == [
        REPORTED_40,
        BACK_DATED,
        ADOPTED,
    ]
    assert (
        missing(
            unescape(plan_feed.content.decode()),
            [PRIORITY_2.rstrip("."), "Example: the tool was published (fictional)."],
        )
        == []
    )


def unfolded(response):
    assert response.status_code == 200
    return response.content.decode().replace("\r\n ", "").replace("\\,", ",")


def test_the_calendars_hold_the_example_events(client, seed_and_example):
    # The example's events are of 2018 and 2019: the archive's calendars of those years.
    calendar = unfolded(client.get("/calendars/2018.ics")) + unfolded(
        client.get("/calendars/2019.ics")
    )
    fourth = unfolded(client.get("/meetings/example-fourth-annual-meeting/event.ics"))
    webinar = unfolded(client.get("/forums/example-webinar/event.ics"))

    assert (
        missing(
            calendar,
            [f"SUMMARY:{THIRD}", f"SUMMARY:{FOURTH}", f"SUMMARY:{WORKSHOP}", f"SUMMARY:{WEBINAR}"],
        )
        == []
    )
    assert "DTSTART;VALUE=DATE:20180320" in calendar
    # Format unknown, place known: the place is given.
    assert "LOCATION:Example City, Example Country (fictional)" in fourth
    assert missing(webinar, [f"SUMMARY:{WEBINAR}", "DTSTART;VALUE=DATE:20180326"]) == []


# Open data


def test_the_open_data_bundle_holds_the_example(client, seed_and_example):
    response = client.get("/open-data.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as bundle:
        files = {name: bundle.read(name).decode("utf-8") for name in bundle.namelist()}
    everything = "\n".join(files.values())

    assert "datapackage.json" in files
    assert (
        missing(
            everything,
            [
                THIRD,
                FOURTH,
                WORKSHOP,
                WEBINAR,
                PLAN,
                PRIORITY_1,
                REPORTED_40,
                "Example joint presentation (fictional)",
                "Working Group Co-Chairs",
                OUTCOME["title"],
                OUTCOME["url"],
                "Example Consultation Workshop",
                "hybrid",
            ],
        )
        == []
    )
    assert [phrase for phrase in PRIVATE if phrase in everything] == []
