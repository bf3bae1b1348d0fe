"""The open-data bundle is built once per data version, kept as a file and streamed from it,
with validators: never rebuilt per request."""

import fcntl
import io
import zipfile

import pytest

from tests.factories import MeetingFactory, WorkingGroupFactory
from workplan import opendata

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bundle_directory(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    return settings.OPEN_DATA_DIR


@pytest.fixture
def builds(monkeypatch):
    """The number of times the bundle is built."""
    count = []
    build = opendata.build_bundle

    def counted(request):
        count.append(1)
        return build(request)

    monkeypatch.setattr(opendata, "build_bundle", counted)
    return count


def body(response):
    return b"".join(response.streaming_content)


def files(directory):
    """The files in the bundles' directory, but for the build lock."""
    return sorted(path.name for path in directory.iterdir() if path.name != ".build.lock")


def test_a_second_request_is_served_from_the_file_without_rebuilding(
    client, builds, bundle_directory
):
    MeetingFactory()

    first = client.get("/open-data.zip")
    first_body = body(first)
    second = client.get("/open-data.zip")

    assert len(builds) == 1
    assert body(second) == first_body
    assert second["ETag"] == first["ETag"]
    assert files(bundle_directory) == [first["ETag"].strip('"') + ".zip"]


def test_a_write_makes_the_next_request_rebuild_and_removes_the_old_file(
    client, builds, bundle_directory
):
    group = WorkingGroupFactory()
    first = client.get("/open-data.zip")
    body(first)

    MeetingFactory(working_group=group, title="Example Later Meeting")
    second = client.get("/open-data.zip")

    assert len(builds) == 2
    assert b"Example Later Meeting" in opendata_table(body(second), "meetings.csv")
    assert second["ETag"] != first["ETag"]
    assert files(bundle_directory) == [second["ETag"].strip('"') + ".zip"]


def opendata_table(content, name):
    return zipfile.ZipFile(io.BytesIO(content)).read(name)


def test_it_answers_a_request_with_the_current_etag_with_a_304_without_building(
    client, builds, django_assert_num_queries
):
    MeetingFactory()
    first = client.get("/open-data.zip")
    body(first)

    # The data version alone.
    with django_assert_num_queries(1):
        again = client.get("/open-data.zip", HTTP_IF_NONE_MATCH=first["ETag"])
    since = client.get("/open-data.zip", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert (again.status_code, since.status_code) == (304, 304)
    assert len(builds) == 1


def test_a_half_written_bundle_is_never_served_and_goes_at_the_next_build(client, bundle_directory):
    # Left by a build whose worker was killed: the lock it held went with it.
    bundle_directory.mkdir(parents=True)
    (bundle_directory / ".building-leftover").write_bytes(b"not a zip")

    response = client.get("/open-data.zip")

    assert body(response)[:2] == b"PK"
    assert files(bundle_directory) == [response["ETag"].strip('"') + ".zip"]


def test_a_failed_build_leaves_no_file(client, bundle_directory, monkeypatch):
    MeetingFactory()
    write_table = opendata.write_table

    def failing(table, file, request):
        if table.name == "meetings":
            raise OSError("No space left on device")
        return write_table(table, file, request)

    monkeypatch.setattr(opendata, "write_table", failing)

    with pytest.raises(OSError, match="No space left on device"):
        client.get("/open-data.zip")

    assert files(bundle_directory) == []


@pytest.fixture
def building_elsewhere(bundle_directory):
    """Another worker building the bundle: it holds the build lock."""
    bundle_directory.mkdir(parents=True, exist_ok=True)
    with (bundle_directory / ".build.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
        fcntl.flock(lock, fcntl.LOCK_UN)


def test_while_another_worker_builds_the_bundle_the_one_before_the_write_is_served(
    client, bundle_directory, builds, request
):
    group = WorkingGroupFactory()
    MeetingFactory(working_group=group, title="Example Earlier Meeting")
    before = client.get("/open-data.zip")
    before_body = body(before)
    MeetingFactory(working_group=group, title="Example Later Meeting")

    request.getfixturevalue("building_elsewhere")
    during = client.get("/open-data.zip")

    assert during.status_code == 200
    assert body(during) == before_body
    # Its own validators: a client is not told it holds the data after the write.
    assert (during["ETag"], during["Last-Modified"]) == (before["ETag"], before["Last-Modified"])
    assert len(builds) == 1


def test_while_the_first_bundle_is_built_elsewhere_the_client_is_asked_to_retry(
    client, builds, building_elsewhere
):
    MeetingFactory()

    response = client.get("/open-data.zip")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "being built" in response.content.decode()
    assert builds == []
