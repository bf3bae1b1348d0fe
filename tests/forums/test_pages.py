import datetime

import pytest

from forums.models import Participant
from tests.factories import (
    ForumFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    ParticipantFactory,
    PresentationFactory,
    SourceFactory,
)
from tests.html_text import attributes, texts

pytestmark = pytest.mark.django_db


def test_it_lists_the_forums_latest_first_with_kind_dates_and_participation(client):
    meeting = MeetingFactory(title="Second Annual Meeting")
    host = OrganisationFactory(
        name="Australian Federal Police", member=MemberFactory(name="Australia")
    )
    money = ForumFactory(
        title="Following the Money Forum",
        meeting=meeting,
        start_date=datetime.date(2016, 5, 16),
        end_date=datetime.date(2016, 5, 17),
        city="Bangkok",
        country="Thailand",
        participants_total=88,
        countries=30,
        organisations=5,
    )
    money.co_hosts.add(host)
    ForumFactory(
        title="Online Roundtable",
        kind="roundtable",
        kind_as_stated="Regional Webinar Roundtable",
        working_group=None,
        start_date=datetime.date(2015, 12, 31),
        end_date=datetime.date(2016, 1, 1),
        attendance_mode="online",
        city="",
        country="",
    )
    symposium = ForumFactory(
        title="Regional Symposium",
        kind="symposium",
        working_group=None,
        start_date=datetime.date(2015, 6, 1),
        end_date=datetime.date(2015, 6, 1),
        attendance_mode="unknown",
        city="Jakarta",
        country="",
        participation_as_stated="Representatives of 20 member countries attended.",
    )
    symposium.co_chair_members.add(MemberFactory(name="Indonesia"))

    html = client.get("/forums/").content.decode()

    assert texts(html, "h2") == [
        "Following the Money Forum",
        "Online Roundtable",
        "Regional Symposium",
    ]
    assert texts(html, "p.eyebrow") == ["Forum", "Regional Webinar Roundtable", "Symposium"]
    assert texts(html, "p.meta") == [
        "16–17 May 2016 · Bangkok, Thailand · In person",
        "31 December 2015 – 1 January 2016 · Online",
        "1 June 2015 · Jakarta · Format not recorded",
    ]
    assert texts(html, "dl.facts") == [
        f"Working group {money.working_group.name} "
        "Co-hosts Australian Federal Police (Australia) Held alongside Second Annual Meeting "
        "Participation 88 participants from 30 countries and 5 international organisations",
        "",
        "Co-chairs Indonesia Participation Representatives of 20 member countries attended.",
    ]
    assert "Bali Process–wide" not in html


@pytest.mark.parametrize("rows", [1, 4])
def test_it_reads_the_forum_list_in_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        forum = ForumFactory(meeting=MeetingFactory())
        forum.co_hosts.add(OrganisationFactory())
        forum.co_host_members.add(MemberFactory())
        forum.co_chairs.add(OrganisationFactory())
        forum.co_chair_members.add(MemberFactory())

    # data version, the count, forums with their groups and meetings; co-chairs and co-hosts
    # (agencies and governments); the years, the working groups of the filter
    with django_assert_num_queries(9):
        response = client.get("/forums/")

    assert len(texts(response.content, "h2")) == rows


def test_it_shows_a_forum_with_its_organisations_by_role_and_presentations_in_order(client):
    thailand = MemberFactory(name="Thailand")
    amlo = OrganisationFactory(name="Thai Anti-Money Laundering Office", member=thailand)
    police = OrganisationFactory(name="Sri Lankan Police", member=MemberFactory(name="Sri Lanka"))
    unodc = OrganisationFactory(
        name="UNODC Regional Office", kind="international_organisation", member=None
    )
    forum = ForumFactory(
        title="Following the Money Forum",
        slug="ftm",
        meeting=MeetingFactory(title="Second Annual Meeting"),
        start_date=datetime.date(2016, 5, 16),
        end_date=datetime.date(2016, 5, 17),
        city="Bangkok",
        country="Thailand",
        focus="Leveraging anti-money laundering tools.",
        countries_and_organisations=35,
        kind_as_stated="Forum",
    )
    forum.sources.add(
        SourceFactory(
            title="Co-Chairs' Statement",
            url="https://example.org/statement",
            publisher="Example Secretariat",
            accessed=datetime.date(2026, 11, 30),
        ),
        SourceFactory(title="Meeting outcome", url="", publisher=""),
    )
    forum.co_hosts.add(amlo)
    ParticipantFactory(forum=forum, organisation=amlo, role=Participant.Role.CO_HOST)
    ParticipantFactory(forum=forum, organisation=police, role=Participant.Role.PRESENTER)
    ParticipantFactory(forum=forum, organisation=None, member=thailand, headcount=4)
    ParticipantFactory(forum=forum, organisation=unodc, role=Participant.Role.OBSERVER)
    PresentationFactory(forum=forum, organisation=police, order=2, kind="presentation")
    PresentationFactory(forum=forum, organisation=amlo, order=1, title="Tracing the profits")

    html = client.get("/forums/ftm/").content.decode()

    assert texts(html, "h1") == ["Following the Money Forum"]
    assert texts(html, "dl.facts") == [
        "Kind Forum Dates 16–17 May 2016 Place Bangkok, Thailand Format In person "
        "Co-chairs Not recorded Co-hosts Thai Anti-Money Laundering Office (Thailand) "
        "Held alongside Second Annual Meeting "
        "Participation 35 countries and organisations"
    ]
    assert texts(html, "h3") == ["Co-host", "Delegate", "Observer", "Presenter"]
    assert texts(html, "ul.link-list") == [
        "Thai Anti-Money Laundering Office (Thailand)",
        "Thailand (4 people)",
        "UNODC Regional Office",
        "Sri Lankan Police (Sri Lanka)",
    ]
    assert texts(html, "ol.presentations") == [
        "Case study Tracing the profits "
        "Presented by Thai Anti-Money Laundering Office (Thailand) "
        "Presentation Presented by Sri Lankan Police (Sri Lanka)"
    ]
    assert texts(html, "li.source") == [
        "Co-Chairs' Statement, Example Secretariat (accessed 30 November 2026)",
        "Meeting outcome",
    ]
    assert ("https://example.org/statement" in attributes(html, "a", "href")) is True


def test_it_shows_governments_as_co_chairs_and_co_hosts_beside_agencies(client):
    australia = MemberFactory(name="Government of Australia")
    police = OrganisationFactory(name="Royal Thai Police", member=MemberFactory(name="Thailand"))
    forum = ForumFactory(slug="w", working_group=None, kind="workshop")
    forum.co_chair_members.add(australia)
    forum.co_chairs.add(police)
    forum.co_host_members.add(australia)

    html = client.get("/forums/w/").content.decode()

    facts = texts(html, "dl.facts")[0]
    assert facts.split(" Co-chairs ")[1].split(" Participation ")[0] == (
        "Government of Australia; Royal Thai Police (Thailand) Co-hosts Government of Australia"
    )
    assert texts(html, "p.eyebrow") == ["Workshop"]


def test_it_shows_a_presentation_by_several_presenters_and_one_by_a_role(client):
    forum = ForumFactory(slug="f")
    PresentationFactory(
        forum=forum,
        order=1,
        organisation=None,
        members=[MemberFactory(name="Australia"), MemberFactory(name="Indonesia")],
        presenter_role="Action-item leads",
    )
    PresentationFactory(
        forum=forum, order=2, organisation=None, presenter_role="Working Group Co-Chairs"
    )
    PresentationFactory(forum=forum, order=3, organisation=None)

    html = client.get("/forums/f/").content.decode()

    assert texts(html, "p.presentation__by") == [
        "Presented by Australia; Indonesia; Action-item leads",
        "Presented by Working Group Co-Chairs",
        "Presenter not recorded",
    ]


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ({"countries_and_organisations": 35}, "35 countries and organisations"),
        ({"participants_total": 40, "countries": 12}, "40 participants from 12 countries"),
        (
            {"countries": 30, "participation_as_stated": "30 Bali Process member countries."},
            "30 Bali Process member countries.",
        ),
        ({}, "Not recorded"),
    ],
)
def test_it_shows_participation_as_stated_or_in_neutral_words(client, figures, expected):
    ForumFactory(slug="f", **figures)

    html = client.get("/forums/f/").content.decode()

    assert texts(html, "dl.facts")[0].split(" Participation ")[1] == expected
    assert ("member countries" in html) is ("participation_as_stated" in figures)


def test_it_never_shows_a_figure_that_was_not_reported(client):
    ForumFactory(slug="quiet", participants_total=None, countries=None)

    html = client.get("/forums/quiet/").content.decode()

    assert texts(html, "dl.facts")[0].endswith("Participation Not recorded")
    paragraphs = texts(html, "p")
    assert "The participating organisations have not been recorded." in paragraphs
    assert "No presentation has been recorded." in paragraphs


def test_it_never_shows_the_names_or_contacts_of_individual_participants(client):
    forum = ForumFactory(slug="ftm")
    ParticipantFactory(
        forum=forum,
        individual_names="Somchai Rattanakorn; Dewi Lestari",
        individual_contacts="somchai@example.org, +66 2 555 0100",
    )

    pages = [client.get(url).content.decode() for url in ("/forums/", "/forums/ftm/", "/")]

    for private in ("Somchai", "Rattanakorn", "Dewi", "Lestari", "somchai@example.org", "555"):
        assert [private in page for page in pages] == [False, False, False]


@pytest.mark.parametrize("rows", [1, 4])
def test_it_reads_a_forum_page_in_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries, rows
):
    forum = ForumFactory(slug="f", meeting=MeetingFactory())
    for order in range(1, rows + 1):
        forum.co_hosts.add(OrganisationFactory())
        forum.co_host_members.add(MemberFactory())
        forum.co_chairs.add(OrganisationFactory())
        forum.co_chair_members.add(MemberFactory())
        forum.sources.add(SourceFactory())
        ParticipantFactory(forum=forum)
        ParticipantFactory(forum=forum, organisation=None, member=MemberFactory())
        PresentationFactory(forum=forum, order=order, members=[MemberFactory()])

    # data version, forum with its group and meeting; co-chairs and co-hosts (agencies and
    # governments); participants; presentations with their organisations and members;
    # sources
    with django_assert_num_queries(11):
        response = client.get("/forums/f/")

    assert len(texts(response.content, "p.presentation__by")) == rows


def test_it_keeps_the_place_of_a_hybrid_event_and_says_nothing_of_an_unknown_format(client):
    ForumFactory(slug="hybrid", attendance_mode="hybrid", city="Bangkok", country="Thailand")
    ForumFactory(slug="unknown", attendance_mode="unknown", city="Bangkok", country="Thailand")

    hybrid = texts(client.get("/forums/hybrid/").content, "dl.facts")[0]
    unknown = client.get("/forums/unknown/").content.decode()

    assert hybrid.split(" Co-chairs ")[0].split(" Place ")[1] == (
        "Bangkok, Thailand Format Hybrid (in person and online)"
    )
    assert texts(unknown, "dl.facts")[0].split(" Co-chairs ")[0].split(" Place ")[1] == (
        "Bangkok, Thailand Format Format not recorded"
    )
    assert "In person" not in unknown
