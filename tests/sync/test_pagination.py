import pytest

from tests.factories import PriorityFactory, WorkPlanFactory

pytestmark = pytest.mark.django_db


def ids_of(response):
    return [record["id"] for record in response.json()["results"]]


def test_it_pages_by_id_after_the_id_given(client):
    priorities = PriorityFactory.create_batch(5)
    ids = sorted(priority.pk for priority in priorities)

    response = client.get(f"/api/v1/priorities/?after={ids[1]}&page_size=2")

    assert ids_of(response) == ids[2:4]
    assert response.json()["count"] == 5
    assert response.json()["next"] == (
        f"http://testserver/api/v1/priorities/?after={ids[3]}&page_size=2"
    )
    assert response.json()["previous"] is None


def test_it_reads_every_record_once_by_following_next(client):
    plan = WorkPlanFactory()
    ids = sorted(priority.pk for priority in PriorityFactory.create_batch(7, workplan=plan))
    url, seen = "/api/v1/priorities/?after=0&page_size=3", []

    while url:
        page = client.get(url).json()
        seen += [record["id"] for record in page["results"]]
        url = page["next"]

    assert seen == ids


def test_it_keeps_the_filters_while_paging(client):
    plan, other = WorkPlanFactory(), WorkPlanFactory()
    mine = sorted(p.pk for p in PriorityFactory.create_batch(3, workplan=plan))
    PriorityFactory.create_batch(3, workplan=other)

    response = client.get(f"/api/v1/priorities/?after=0&page_size=2&workplan={plan.pk}")

    assert (ids_of(response), response.json()["count"]) == (mine[:2], 3)
    assert f"workplan={plan.pk}" in response.json()["next"]


def test_it_costs_the_same_queries_on_a_deep_page(client, django_assert_num_queries):
    ids = sorted(p.pk for p in PriorityFactory.create_batch(6))

    # The data version, the count, the page with plans and leads, forums, working groups,
    # the priorities that continue them; a deeper page reuses the count (one per version).
    with django_assert_num_queries(6):
        first = client.get("/api/v1/priorities/?after=0&page_size=2")
    with django_assert_num_queries(5):
        last = client.get(f"/api/v1/priorities/?after={ids[3]}&page_size=2")

    assert (ids_of(first), ids_of(last), last.json()["next"]) == (ids[:2], ids[4:], None)


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("after=-1", {"after": ["Enter a whole number of 0 or more."]}),
        ("after=x", {"after": ["Enter a whole number of 0 or more."]}),
    ],
)
def test_it_refuses_a_bad_after(client, query, errors):
    response = client.get(f"/api/v1/priorities/?{query}")

    assert (response.status_code, response.json()["errors"]) == (400, errors)


def test_it_only_filters_by_id_beside_numbered_pages_or_another_order(client):
    plan = WorkPlanFactory()
    ids = [
        PriorityFactory(workplan=plan, title=title).pk
        for title in ["Delta", "Alpha", "Charlie", "Bravo"]
    ]

    numbered = client.get(f"/api/v1/priorities/?after={ids[0]}&page=1&page_size=2")
    ordered = client.get(f"/api/v1/priorities/?after={ids[0]}&ordering=title")

    assert (numbered.json()["count"], ids_of(numbered)) == (3, ids[1:3])
    assert numbered.json()["next"].endswith(f"?after={ids[0]}&page=2&page_size=2")
    assert (ordered.json()["count"], ids_of(ordered)) == (3, [ids[1], ids[3], ids[2]])


def test_it_documents_after_in_the_schema(client):
    schema = client.get("/api/v1/schema/?format=json").json()

    parameters = schema["paths"]["/api/v1/priorities/"]["get"]["parameters"]
    after = next(parameter for parameter in parameters if parameter["name"] == "after")
    assert after["schema"] == {"type": "integer", "minimum": 0}
