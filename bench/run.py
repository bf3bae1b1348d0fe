"""The benchmark: gunicorn with production settings on loopback, PostgreSQL, wrk.

Every figure is a ratio of requests per second against /healthz (no database) measured in
the same run, interleaved, because absolute figures drift from one machine and one minute
to the next. Run with `make bench`; see docs/PERFORMANCE.md for the targets and results.

    .venv/bin/python bench/run.py [--database postgres://postgres@127.0.0.1:5432/wp_bench]
                                  [--priorities 10000] [--duration 3] [--rounds 3]

It drops and re-creates the database it is given: point it at a scratch database.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRK = shutil.which("wrk") or "/usr/bin/wrk"
MIX_SCRIPT = Path(__file__).resolve().parent / "mix.lua"

REAL_PLAN = "/work-plans/work-plan-2016-17/"
DEMO_PLAN = "/work-plans/demo-work-plan-1/"
API_LIST = "/api/v1/priorities/?page_size=50"
REAL_AS_OF = REAL_PLAN + "?at_meeting=second-annual-meeting-2016"
SPAN = "?from=2016-05-01&to=2017-12-31"
# demo-work-plan-1 covers 2013–14: the plan in its second year, and a year of changes.
DEMO_AS_OF = DEMO_PLAN + "?as_of=2014-06-30"
DEMO_SPAN = "?from=2014-01-01&to=2014-12-31"

# name, path, headers; the 304 row sends the ETag of the response it saw first.
ENDPOINTS = [
    ("API priorities, page_size=50", API_LIST, "conditional-no"),
    ("API priorities, 304", API_LIST, "conditional-yes"),
    ("API priority detail", "/api/v1/priorities/{first_priority}/", "conditional-no"),
    ("home page", "/", "conditional-no"),
    ("work plan page (real plan)", REAL_PLAN, "conditional-no"),
    ("as-of plan page (real plan)", REAL_AS_OF, "conditional-no"),
    ("API changes (real plan)", "/api/v1/workplans/{real_plan}/changes/" + SPAN, "conditional-no"),
]
DEMO_ENDPOINTS = [
    ("work plan page (50 priorities)", DEMO_PLAN, "conditional-no"),
    ("API action items, page_size=50", "/api/v1/action-items/?page_size=50", "conditional-no"),
    ("as-of plan page (50 priorities)", DEMO_AS_OF, "conditional-no"),
    (
        "API changes (50 priorities)",
        "/api/v1/workplans/{demo_plan}/changes/" + DEMO_SPAN,
        "conditional-no",
    ),
]

TARGETS = {
    "API priorities, page_size=50": 0.35,
    "work plan page (50 priorities)": 0.30,
    "API action items, page_size=50": 0.30,
    "as-of plan page (50 priorities)": 0.30,
    "API changes (50 priorities)": 0.30,
    "API priorities, 304": 0.60,
}
# The cold render (first request after a write) of the as-of page, against today's page.
COLD_AS_OF_LIMIT = 3.0
COLD_ROUNDS = 7


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/workplan_bench"
        ),
    )
    parser.add_argument("--priorities", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=3, help="Seconds per wrk run.")
    parser.add_argument("--rounds", type=int, default=3, help="Interleaved runs per endpoint.")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--memory-seconds", type=int, default=60)
    args = parser.parse_args()
    if not Path(WRK).exists():
        sys.exit("wrk is not installed: apt-get install wrk")

    started = time.monotonic()
    env = server_environment(args.database)
    recreate_database(args.database)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "loaddata", *sorted(str(p) for p in (PROJECT_DIR / "fixtures").glob("*.json")))

    bench = Bench(env, args)
    with bench.server():
        seed = bench.measure_all(ENDPOINTS, "seed")
        timed = time.monotonic()
        manage(env, "generate_demo_data", "--priorities", str(args.priorities), "--seed", "1")
        demo_seconds = time.monotonic() - timed
        large = bench.measure_all(ENDPOINTS + DEMO_ENDPOINTS, f"{args.priorities}")
        cold_render = bench.cold_renders()
        sync = bench.full_sync()
        memory = bench.memory()

    verdicts = report(seed, large, sync, memory, demo_seconds, args, cold_render)
    print(f"\nbenchmark took {time.monotonic() - started:.0f} s")
    sys.exit(0 if all(verdicts) else 1)


def server_environment(database_url):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "API_THROTTLE"))
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        # One client on loopback sends thousands of requests a second: the anonymous
        # throttle (meant for partners on the internet) would answer them with 429. It
        # still runs, over a one-second window: the throttle keeps one timestamp per request
        # in its window, and an hour's worth would weigh on every request.
        API_THROTTLE_ANON="1000000/second",
        API_THROTTLE_USER="1000000/second",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def recreate_database(database_url):
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    import psycopg2

    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Bench:
    def __init__(self, env, args):
        self.env = env
        self.args = args
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.django_ready = False

    def server(self):
        bench = self

        class Running:
            def __enter__(self):
                bench.start()

            def __exit__(self, *exc):
                bench.stop()

        return Running()

    def start(self):
        # The server's JSON request log, one line a request: kept for a look after a failure.
        self.log = Path(tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")[1])
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--config",
                "config/gunicorn.conf.py",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.fetch("/readyz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        sys.exit(f"gunicorn did not become ready; see {self.log}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def fetch(self, path, headers=None):
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def wrk(self, path, headers=(), duration=None, script=None):
        command = [WRK, "--latency", "-t1", f"-c{self.args.connections}"]
        command += [f"-d{duration or self.args.duration}s", "--timeout", "10s"]
        for header in headers:
            command += ["-H", header]
        if script:
            command += ["-s", str(script)]
        command.append(self.base + path)
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        return parse_wrk(out)

    def measure_all(self, endpoints, size):
        django = self.django()
        first_priority = django.first_priority()
        rows = []
        for name, template, conditional in endpoints:
            path = template.format(
                first_priority=first_priority,
                real_plan=django.plan_id("work-plan-2016-17"),
                demo_plan=django.plan_id("demo-work-plan-1"),
            )
            status, headers, _ = self.fetch(path)
            if status != 200:
                sys.exit(f"{path} answered {status}")
            wrk_headers = []
            if conditional == "conditional-yes":
                wrk_headers = [f"If-None-Match: {headers['ETag']}"]
                assert self.fetch(path, {"If-None-Match": headers["ETag"]})[0] == 304
            cold, warm = django.query_counts(path, wrk_headers)
            ratios, runs, floors = [], [], []
            for _ in range(self.args.rounds):
                floor = self.wrk("/healthz")
                time.sleep(0.3)
                run = self.wrk(path, wrk_headers)
                time.sleep(0.3)
                floors.append(floor)
                runs.append(run)
                ratios.append(run["rps"] / floor["rps"])
            median = statistics.median(ratios)
            best = runs[ratios.index(median)]
            rows.append(
                {
                    "name": name,
                    "size": size,
                    "path": path,
                    "rps": best["rps"],
                    "p50": best["p50"],
                    "p99": best["p99"],
                    "errors": sum(r["errors"] for r in runs),
                    "floor": statistics.median(f["rps"] for f in floors),
                    "ratio": median,
                    "queries": (cold, warm),
                }
            )
            print(f"  [{size}] {name}: {best['rps']:.0f} rps, ratio {median:.2f}", flush=True)
        return rows

    def cold_renders(self):
        """The first request after a write, today's plan page against the same plan as of a
        day, interleaved: the median of the ratios of their times."""
        django = self.django()
        ratios, today, as_of = [], [], []
        for _ in range(COLD_ROUNDS):
            timings = []
            for path in (DEMO_PLAN, DEMO_AS_OF):
                django.bump()
                started = time.perf_counter()
                status, _, _ = self.fetch(path)
                timings.append(time.perf_counter() - started)
                if status != 200:
                    sys.exit(f"{path} answered {status}")
            today.append(timings[0])
            as_of.append(timings[1])
            ratios.append(timings[1] / timings[0])
        return {
            "ratio": statistics.median(ratios),
            "today_ms": statistics.median(today) * 1000,
            "as_of_ms": statistics.median(as_of) * 1000,
        }

    def django(self):
        if not self.django_ready:
            os.environ.update(self.env)
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
            sys.path.insert(0, str(PROJECT_DIR))
            import django

            django.setup()
            self.django_ready = True
        return InProcess()

    def full_sync(self):
        """Every priority by keyset pages of 200 (`after`), none cached, three times over.

        A page's cost is the lowest of its three timings: one timing alone is at the mercy of
        whatever else the machine does in that instant.
        """
        django = self.django()
        syncs = [self.sync_once(django) for _ in range(3)]
        pages = [
            min(timings) for timings in zip(*(timings for _, _, timings in syncs), strict=True)
        ]
        records = syncs[0][0]
        return {
            "records": records,
            "expected": django.priority_count(),
            "pages": len(pages),
            "seconds": max(total for _, total, _ in syncs),
            "first_ms": pages[0] * 1000,
            "deepest_ms": max(pages[1:], default=0) * 1000,
            "median_deep_ms": statistics.median(pages[1:]) * 1000 if len(pages) > 1 else 0,
        }

    def sync_once(self, django):
        django.bump()
        timings, seen = [], 0
        path = "/api/v1/priorities/?after=0&page_size=200"
        started = time.perf_counter()
        while path:
            t = time.perf_counter()
            status, _, body = self.fetch(path)
            timings.append(time.perf_counter() - t)
            if status != 200:
                sys.exit(f"{path} answered {status}")
            data = json.loads(body)
            seen += len(data["results"])
            path = data["next"] and data["next"].removeprefix(self.base)
        return seen, time.perf_counter() - started, timings

    def memory(self):
        """Worker memory under a mixed load: the mean of the first and last 10 seconds."""
        self.wrk("/", duration=10, script=MIX_SCRIPT)  # warm-up: fill each worker's caches
        workers = worker_pids(self.process.pid)
        load = subprocess.Popen(
            [
                WRK,
                "-t1",
                f"-c{self.args.connections}",
                f"-d{self.args.memory_seconds}s",
                "-s",
                str(MIX_SCRIPT),
                self.base + "/",
            ],
            stdout=subprocess.DEVNULL,
        )
        samples = []
        started = time.monotonic()
        while load.poll() is None:
            samples.append((time.monotonic() - started, sum(rss_kib(pid) for pid in workers)))
            time.sleep(1)
        seconds = self.args.memory_seconds
        first = [kib for t, kib in samples if t < 10]
        last = [kib for t, kib in samples if t >= seconds - 10]
        return {
            "workers": len(workers),
            "first_mib": statistics.mean(first) / 1024,
            "last_mib": statistics.mean(last) / 1024,
        }


class InProcess:
    """The same settings as the server, in this process: query counts and version bumps."""

    def first_priority(self):
        from workplan.models import Priority

        return Priority.objects.order_by("pk").values_list("pk", flat=True).first()

    def plan_id(self, slug):
        from workplan.models import WorkPlan

        return WorkPlan.objects.filter(slug=slug).values_list("pk", flat=True).first()

    def priority_count(self):
        from workplan.models import Priority

        return Priority.objects.count()

    def query_counts(self, path, headers):
        from django.core.cache import caches
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        client = Client(HTTP_HOST="127.0.0.1")
        extra = {}
        for header in headers:
            name, value = header.split(": ", 1)
            extra["HTTP_" + name.upper().replace("-", "_")] = value
        caches["responses"].clear()
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                client.get(path, **extra)
            counts.append(len(queries))
        return tuple(counts)

    def bump(self):
        from sync import versions

        versions.bump()


def worker_pids(master):
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    )
    return [int(pid) for pid in out.stdout.split()]


def rss_kib(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1))


def parse_wrk(out):
    def latency_ms(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        errors += int(non_2xx.group(1))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency_ms("50"),
        "p99": latency_ms("99"),
        "errors": errors,
    }


def report(seed, large, sync, memory, demo_seconds, args, cold_render):
    print()
    header = f"{'endpoint':34} {'data':>6} {'rps':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'queries':>8} {'/healthz':>8}"
    print(header)
    print("-" * len(header))
    for row in seed + large:
        cold, warm = row["queries"]
        print(
            f"{row['name']:34} {row['size']:>6} {row['rps']:7.0f} {row['p50']:7.2f} "
            f"{row['p99']:7.2f} {row['errors']:6d} {f'{cold}/{warm}':>8} {row['ratio']:8.2f}"
        )
    print(
        f"{'/healthz (median of its runs)':34} {'':>6} {statistics.median(r['floor'] for r in large):7.0f}"
    )
    print("queries: cold (first request after a write) / warm (cached)")

    verdicts = []

    def verdict(ok, text):
        verdicts.append(ok)
        print(f"{'PASS' if ok else 'FAIL'}  {text}")

    print()
    by_name = {row["name"]: row for row in large}
    for name, target in TARGETS.items():
        ratio = by_name[name]["ratio"]
        verdict(ratio >= target, f"{name}: {ratio:.2f} of /healthz (target ≥ {target})")
    seed_by_name = {row["name"]: row for row in seed}
    for name, row in seed_by_name.items():
        big = by_name[name]
        verdict(
            row["queries"] == big["queries"],
            f"{name}: queries {row['queries']} at seed, {big['queries']} at {args.priorities}",
        )
        kept = big["ratio"] / row["ratio"]
        verdict(
            kept >= 0.75, f"{name}: throughput at {args.priorities} is {kept:.2f} of seed (≥ 0.75)"
        )
    verdict(
        cold_render["ratio"] <= COLD_AS_OF_LIMIT,
        f"cold render of the as-of plan page {cold_render['as_of_ms']:.0f} ms, today's "
        f"{cold_render['today_ms']:.0f} ms: {cold_render['ratio']:.2f}× (≤ {COLD_AS_OF_LIMIT:g}×)",
    )
    errors = sum(row["errors"] for row in seed + large)
    verdict(errors == 0, f"no errors in any run ({errors})")
    verdict(
        sync["records"] == sync["expected"] and sync["seconds"] < 10,
        f"full sync: {sync['records']} priorities in {sync['pages']} pages of 200, "
        f"{sync['seconds']:.2f} s, the slowest of three (< 10 s)",
    )
    ratio = sync["deepest_ms"] / sync["first_ms"]
    verdict(
        ratio <= 1.5,
        f"deepest sync page {sync['deepest_ms']:.0f} ms, first {sync['first_ms']:.0f} ms: "
        f"{ratio:.2f}× (≤ 1.5×; median deep page {sync['median_deep_ms']:.0f} ms)",
    )
    growth = memory["last_mib"] - memory["first_mib"]
    verdict(
        growth <= memory["first_mib"] * 0.02,
        f"worker memory ({memory['workers']} workers) under {args.memory_seconds} s of load: "
        f"{memory['first_mib']:.1f} MiB first 10 s, {memory['last_mib']:.1f} MiB last 10 s "
        f"({growth:+.1f} MiB, ≤ 2%)",
    )
    verdict(
        demo_seconds < 60,
        f"generate_demo_data --priorities {args.priorities}: {demo_seconds:.1f} s (< 60 s)",
    )
    return verdicts


if __name__ == "__main__":
    main()
