"""The names and contacts of individual participants never leave admin.

The test first records such names and contacts, then visits everything a visitor can
reach — every page linked from the home page, every API resource listed by the API root
(as JSON and as CSV), every feed, calendar and export they link to, error pages — and
looks for them.
"""

import datetime
import html
import io
import logging
import re
import zipfile
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User

from config.logs import JsonFormatter
from forums.models import Forum, Participant, Presentation
from meetings.models import Meeting, Member, Organisation, Process, WorkingGroup
from workplan.models import Priority, Status, WorkPlan
from workplan.services import record_priority_update

PRIVATE = [
    "Somchai Privatename",
    "Ayu Hiddenperson",
    "somchai.privatename@police.example",
    "+66 2 555 0199",
    "ayu.hidden@kemlu.example",
]
MAX_FETCHES = 800
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")
LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']+)["']""")
# Commas end a URL too: in CSV they separate it from the next column.
ABSOLUTE = re.compile(r"""https?://testserver(/[^\s"'<>\\,]*)""")


@pytest.fixture
def private_attendance():
    process = Process.objects.create(name="Bali Process", slug="bali-process")
    thailand = Member.objects.create(name="Thailand", slug="thailand", kind="member_state")
    indonesia = Member.objects.create(name="Indonesia", slug="indonesia", kind="member_state")
    police = Organisation.objects.create(
        name="Royal Thai Police",
        slug="royal-thai-police",
        kind="government_agency",
        member=thailand,
    )
    group = WorkingGroup.objects.create(
        process=process, name="Working Group on Trafficking in Persons", slug="tip"
    )
    day = datetime.date(2016, 5, 18)
    meeting = Meeting.objects.create(
        title="Second annual meeting",
        slug="second-annual-meeting",
        working_group=group,
        start_date=day,
        end_date=day,
        city="Bangkok",
        country="Thailand",
    )
    forum = Forum.objects.create(
        title="Following the Money Forum",
        slug="following-the-money",
        working_group=group,
        meeting=meeting,
        start_date=day,
        end_date=day,
        city="Bangkok",
        country="Thailand",
    )
    Participant.objects.create(
        forum=forum,
        organisation=police,
        role="presenter",
        headcount=2,
        individual_names="Somchai Privatename",
        individual_contacts="somchai.privatename@police.example, +66 2 555 0199",
    )
    Participant.objects.create(
        meeting=meeting,
        member=indonesia,
        role="delegate",
        individual_names="Ayu Hiddenperson",
        individual_contacts="ayu.hidden@kemlu.example",
    )
    Presentation.objects.create(forum=forum, kind="case_study", order=1).organisations.add(police)
    Presentation.objects.create(
        meeting=meeting, kind="presentation", order=1, presenter_role="Working Group Co-Chairs"
    ).members.add(thailand, indonesia)
    plan = WorkPlan.objects.create(
        working_group=group,
        title="Work plan 2016–17",
        slug="wp-2016",
        start_date=datetime.date(2016, 1, 1),
        end_date=datetime.date(2017, 12, 31),
    )
    priority = Priority.objects.create(
        workplan=plan, order=1, title="Follow the money", slug="follow-the-money"
    )
    priority.related_forums.add(forum)
    record_priority_update(priority=priority, status=Status.IN_PROGRESS, progress=40, note="Begun")
    return meeting, forum


def texts(response):
    """The response's text, and the text of every file in it when it is an archive."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return [body.decode("utf-8", "replace")]


def same_site_links(text):
    for raw in [*LINK.findall(text), *ABSOLUTE.findall(text)]:
        url = html.unescape(raw).replace("http://testserver", "")
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIPPED_PREFIXES):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, starts):
    """{url: [texts]} for every same-site URL reachable from the starts."""
    seen, queue, found = set(starts), deque(starts), {}
    while queue and len(found) < MAX_FETCHES:
        url = queue.popleft()
        response = client.get(url)
        found[url] = texts(response)
        if response.status_code != 200:
            continue
        links = [link for text in found[url] for link in same_site_links(text)]
        if url.startswith("/api/v1/") and "?" not in url:
            links.append(f"{url}?format=csv")
        for link in links:
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return found


@pytest.mark.django_db
def test_it_keeps_individual_names_and_contacts_inside_admin(client, private_attendance, caplog):
    meeting, forum = private_attendance
    caplog.set_level(logging.INFO)
    admin = User.objects.create_superuser("chief", password="Correct-horse-battery-42")

    found = crawl(client, ["/", "/api/v1/"])
    found.update(
        crawl(
            client,
            [
                "/no-such-page/",
                "/api/v1/no-such-resource/",
                "/api/v1/participants/?role=nonsense",
                "/api/v1/participants/999999/",
                "/api/v1/participants/?search=Somchai",
            ],
        )
    )
    # A search must not match on the private fields: the count alone would tell.
    searches = {
        word: client.get("/api/v1/participants/", {"search": word}).json().get("count")
        for word in ["Privatename", "Hiddenperson", "police.example"]
    }
    client.force_login(admin)
    in_admin = client.get(f"/admin/forums/participant/{forum.participants.get().pk}/change/")

    # The data is there to leak, and the visit reached the pages and records that hold it.
    assert "Somchai Privatename" in in_admin.content.decode()
    assert {
        "/",
        meeting.get_absolute_url(),
        forum.get_absolute_url(),
        "/api/v1/participants/",
        "/api/v1/participants/?format=csv",
        "/api/v1/forums/?format=csv",
        "/api/v1/meetings/?format=csv",
        f"{meeting.get_absolute_url()}participants.csv",
        f"{forum.get_absolute_url()}participants.csv",
        "/open-data.zip",
    } <= set(found)
    leaks = sorted(
        (url, private)
        for url, bodies in found.items()
        for body in bodies
        for private in PRIVATE
        if private in body
    )
    assert leaks == []
    assert searches == {"Privatename": 0, "Hiddenperson": 0, "police.example": 0}
    logged = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    assert [private for private in PRIVATE if private in logged] == []
