"""The benchmark at scale: the same pages at seed size, at 10,000 and at 100,000 priorities.

For each size it re-creates the database, loads the fixtures, runs
`generate_demo_data --priorities N` (timed), lets the database settle as a production one
has (`VACUUM ANALYZE`: otherwise autovacuum works through the new rows during the
measurements, as it would in the minutes after any bulk load), then measures every page and list of the table
in docs/PERFORMANCE.md, "At scale":

- cold: the fastest of seven renders right after a write, in process, production settings
  (the response cache cannot answer: the data version has just changed), with the
  response's size and its number of queries; the fastest, because on a shared machine the
  others measure the neighbours as much as the page;
- throughput: gunicorn (2 workers) and `wrk -t1 -c8`, as a ratio of `/healthz` measured
  interleaved (the median of the rounds' ratios).

    make bench-scale                                 # seed, 10000, 100000
    .venv/bin/python bench/scale.py --sizes 0 10000  # 0: the fixtures alone

It drops and re-creates the database it is given: point it at a scratch database.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import Bench, manage, recreate_database, server_environment

PAGES = [
    ("/", "/"),
    ("/meetings/", "/meetings/"),
    ("/meetings/, a deep page (20, or the last full one)", "/meetings/?page={deep_page}"),
    ("/forums/", "/forums/"),
    ("/work-plans/", "/work-plans/"),
    ("/search/?q=guidance", "/search/?q=guidance"),
    ("/api/v1/priorities/?page_size=50", "/api/v1/priorities/?page_size=50"),
    (
        "the same, page=100 (or the last full one)",
        "/api/v1/priorities/?page_size=50&page={api_page}",
    ),
    ("the same, after= (deep)", "/api/v1/priorities/?page_size=50&after={deep_id}"),
    ("/api/v1/priorities/?search=guidance", "/api/v1/priorities/?search=guidance"),
    ("/calendar.ics", "/calendar.ics"),
    ("a member's page", "/members/{member}/"),
    ("/open-data.zip (built)", "/open-data.zip"),
]


def cold(path, rounds=7):
    """(fastest ms, bytes, queries) of `rounds` renders, each right after a write."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sync import versions

    client = Client(HTTP_HOST="127.0.0.1")
    timings = []
    for _ in range(rounds):
        versions.bump()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
    return min(timings), len(body), len(queries)


def from_built_file(path, rounds=3):
    """The open-data bundle once built: the fastest of `rounds` requests with no write
    (the first request, which builds it, is timed and printed)."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    started = time.perf_counter()
    b"".join(client.get(path).streaming_content)
    print(f"  {path}: built by the first request in {time.perf_counter() - started:.1f} s")
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        body = b"".join(client.get(path).streaming_content)
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings), len(body), None


def throughput(bench, path, rounds):
    ratios = []
    for _ in range(rounds):
        floor = bench.wrk("/healthz")
        time.sleep(0.3)
        run = bench.wrk(path)
        time.sleep(0.3)
        ratios.append(run["rps"] / floor["rps"])
    return statistics.median(ratios)


def measure(bench, args):
    bench.django()
    from meetings.models import Meeting, Member
    from workplan.models import Priority

    deep_id = Priority.objects.order_by("-pk").values_list("pk", flat=True)[200:201].first() or 0
    # The last full page when there are fewer: at each size, a page of the same length.
    deep_page = max(1, min(20, Meeting.objects.count() // 50))
    api_page = max(1, min(100, Priority.objects.count() // 50))
    # A demo state leads thousands of items at 100,000 priorities; at seed size, a real member.
    member = (
        Member.objects.filter(slug__startswith="demo-state").order_by("slug").first()
        or Member.objects.order_by("slug").first()
    )
    rows = []
    for name, template in PAGES:
        path = template.format(
            deep_id=deep_id, deep_page=deep_page, api_page=api_page, member=member.slug
        )
        if path == "/open-data.zip":
            ms, size, queries = from_built_file(path)
        else:
            ms, size, queries = cold(path)
        ratio = throughput(bench, path, args.rounds) if args.rounds else None
        rows.append((name, ms, size, queries, ratio))
        print(f"  {name}: {ms:.1f} ms, {size / 1024:.0f} KiB, ratio {ratio}", flush=True)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/workplan_bench"
        ),
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 10000, 100000])
    parser.add_argument("--rounds", type=int, default=3, help="wrk rounds (0: cold renders only)")
    parser.add_argument("--duration", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--keep", action="store_true", help="measure the database as it is (one size)"
    )
    args = parser.parse_args()
    env = server_environment(args.database)
    results = {}
    for size in args.sizes:
        generated = None
        if not args.keep:
            if "django.db" in sys.modules:
                # The measurements' own connection, from the previous size: the database it
                # points at is about to be dropped.
                from django.db import connections

                connections.close_all()
            recreate_database(args.database)
            manage(env, "migrate", "--noinput")
            manage(env, "loaddata", *sorted(str(p) for p in Path("fixtures").glob("*.json")))
            if size:
                started = time.monotonic()
                manage(env, "generate_demo_data", "--priorities", str(size))
                generated = time.monotonic() - started
                settle(args.database)
        bench = Bench(env, args)
        print(f"[{size or 'seed'}] generate_demo_data: {generated}", flush=True)
        with bench.server():
            results[size] = (measure(bench, args), generated)
    report(results)


def settle(database_url):
    import psycopg2

    connection = psycopg2.connect(database_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()


def report(results):
    sizes = list(results)
    # The growth of the cold render from the second-largest size to the largest (issue 16's
    # target: at most 1.5× from 10,000 to 100,000 priorities; search 2×).
    growth = sizes[-2:] if len(sizes) > 1 else []
    header = "| page or endpoint | " + " | ".join(
        f"{size or 'seed'}: ms, KiB, queries, /healthz" for size in sizes
    )
    if growth:
        header += f" | {growth[1]} ÷ {growth[0] or 'seed'}, cold"
    print()
    print(header + " |")
    print("|---" * (len(sizes) + 1 + len(growth[:1])) + "|")
    for index, (name, *_rest) in enumerate(results[sizes[0]][0]):
        cells = []
        for size in sizes:
            _, ms, size_bytes, queries, ratio = results[size][0][index]
            ratio_text = "—" if ratio is None else f"{ratio:.2f}"
            cells.append(
                f"{ms:.1f}, {size_bytes / 1024:.0f}, {'—' if queries is None else queries}, "
                f"{ratio_text}"
            )
        if growth:
            before, after = (results[size][0][index][1] for size in growth)
            cells.append(f"{after / before:.2f}×")
        print(f"| `{name}` | " + " | ".join(cells) + " |")
    for size in sizes:
        generated = results[size][1]
        if generated is not None:
            print(f"generate_demo_data --priorities {size}: {generated:.1f} s")


if __name__ == "__main__":
    main()
