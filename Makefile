# Work Plan Tracker. `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Local development: DEBUG on, loopback only. Production settings: see README, "Deploying".
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run test lint fmt check migrate fixtures serve worker bench bench-scale backup restore clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# The page checks (axe-core, the Nu HTML Checker) come from npm. Without npm the
# suite still runs; the checks that need these tools skip outside CI and fail in it.
node_modules/.installed: package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: page checks that need axe-core and vnu-jar will not run"; fi

venv: $(BIN)/.installed

migrate: venv
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

fixtures: migrate
	$(DEV_ENV) $(BIN)/python manage.py loaddata fixtures/*.json

# The development server and, beside it, the worker that sends webhooks (Ctrl-C stops both).
run: fixtures
	$(DEV_ENV) $(BIN)/python manage.py db_worker & \
	trap 'kill $$! 2>/dev/null' EXIT; \
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv node_modules/.installed
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

fmt: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Production: gunicorn with the settings from the environment (README, "Deploying").
serve: venv
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn config.wsgi --config config/gunicorn.conf.py

# Production: the worker that sends webhooks, as its own process beside `make serve`
# (README, "Deploying"); it takes the same environment.
worker: venv
	$(BIN)/python manage.py db_worker

# The benchmark (docs/PERFORMANCE.md): gunicorn with production settings, PostgreSQL and wrk,
# a few minutes. It drops and re-creates BENCH_DATABASE_URL: give it a scratch database.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/workplan_bench
bench: venv
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/run.py

# The same pages at seed size, 10,000 and 100,000 priorities (docs/PERFORMANCE.md, "At
# scale"): make bench-scale [SIZES="0 10000 100000"]; about 15 minutes at 100,000.
SIZES ?= 0 10000 100000
bench-scale: venv
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/scale.py --sizes $(SIZES)

# The whole database to a JSON file, and back into an empty database:
# make backup [BACKUP=file]; make restore BACKUP=file (with the DATABASE_URL to restore into).
backup: venv
	mkdir -p backups
	$(BIN)/python manage.py backup $(or $(BACKUP),backups/workplan-$(shell date -u +%Y%m%dT%H%M%SZ).json)

restore: venv
	test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=file"; exit 2; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py restore $(BACKUP)

clean:
	rm -rf $(VENV) staticfiles test-artifacts db.sqlite3 test-db.sqlite3*
