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
)
from tests.html_text import texts

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
        member_countries=30,
        international_organisations=5,
    )
    money.co_hosts.add(host)
    ForumFactory(
        title="Online Roundtable",
        kind="roundtable",
        start_date=datetime.date(2015, 12, 31),
        end_date=datetime.date(2016, 1, 1),
        is_online=True,
        city="",
        country="",
    )

    html = client.get("/forums/").content.decode()

    assert texts(html, "h2") == ["Following the Money Forum", "Online Roundtable"]
    assert texts(html, "p.eyebrow") == ["Forum", "Roundtable"]
    assert texts(html, "p.meta") == [
        "16–17 May 2016 · Bangkok, Thailand",
        "31 December 2015 – 1 January 2016 · Online",
    ]
    assert texts(html, "dl.facts") == [
        "Co-hosts Australian Federal Police (Australia) Held alongside Second Annual Meeting "
        "Participation 88 participants from 30 member countries and 5 international organisations",
        "",
    ]


@pytest.mark.parametrize("rows", [1, 4])
def test_it_reads_the_forum_list_in_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        ForumFactory(meeting=MeetingFactory()).co_hosts.add(OrganisationFactory())

    # data version, forums with their meetings, co-hosts
    with django_assert_num_queries(3):
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
        "Kind Forum Dates 16–17 May 2016 Place Bangkok, Thailand "
        "Co-hosts Thai Anti-Money Laundering Office (Thailand) "
        "Held alongside Second Annual Meeting "
        "Participation 35 member countries and organisations"
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


def test_it_never_shows_a_figure_that_was_not_reported(client):
    ForumFactory(slug="quiet", participants_total=None, member_countries=None)

    html = client.get("/forums/quiet/").content.decode()

    assert "Participation" not in texts(html, "dt")
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
        ParticipantFactory(forum=forum)
        ParticipantFactory(forum=forum, organisation=None, member=MemberFactory())
        PresentationFactory(forum=forum, order=order)

    # data version, forum with its group and meeting, co-hosts, participants, presentations
    with django_assert_num_queries(5):
        response = client.get("/forums/f/")

    assert len(texts(response.content, "p.presentation__by")) == rows
