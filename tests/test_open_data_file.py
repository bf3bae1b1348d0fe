"""The open-data bundle is built once per data version, kept as a file and streamed from it,
with validators: never rebuilt per request."""

import io
import os
import time
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
    assert [path.name for path in bundle_directory.iterdir()] == [first["ETag"].strip('"') + ".zip"]


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
    assert [path.name for path in bundle_directory.iterdir()] == [
        second["ETag"].strip('"') + ".zip"
    ]


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


def test_a_half_written_bundle_is_never_served(client, bundle_directory):
    bundle_directory.mkdir(parents=True)
    (bundle_directory / ".building-leftover").write_bytes(b"not a zip")

    response = client.get("/open-data.zip")

    assert body(response)[:2] == b"PK"
    assert sorted(path.name for path in bundle_directory.iterdir())[0] == ".building-leftover"


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

    assert list(bundle_directory.iterdir()) == []


def test_a_build_removes_the_file_of_a_build_abandoned_long_ago(client, bundle_directory):
    bundle_directory.mkdir(parents=True)
    abandoned = bundle_directory / ".building-abandoned"
    abandoned.write_bytes(b"PK")
    an_hour_ago = time.time() - 3600
    os.utime(abandoned, (an_hour_ago, an_hour_ago))
    recent = bundle_directory / ".building-recent"
    recent.write_bytes(b"PK")

    response = client.get("/open-data.zip")

    assert sorted(path.name for path in bundle_directory.iterdir()) == [
        ".building-recent",
        response["ETag"].strip('"') + ".zip",
    ]
