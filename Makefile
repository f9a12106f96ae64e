# nghiquyet: `make run` serves the demo, `make test` runs every check. Both install what they need.
PY := .venv/bin/python
UV := python3 -m uv
HOST ?= 127.0.0.1
PORT ?= 8000
# gunicorn worker processes for `make serve` (gunicorn's own variable); about 2 per core.
WEB_CONCURRENCY ?= 2

.PHONY: install run serve worker backup restore test test-at fuzz bench lint messages clean-db

.venv/.installed: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --quiet
	@touch $@

install: .venv/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@echo "nghiquyet: http://$(HOST):$(PORT)/"
	@# The background worker (reminders) runs beside the web server and stops with it.
	@$(PY) manage.py run_huey >var/worker.log 2>&1 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT)

# Production: the settings come from the environment (docs/deploy.md); DEBUG=0 for real use.
serve: install
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py migrate --noinput
	exec $(PY) -m gunicorn nghiquyet.wsgi --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY) \
		--access-logfile - --timeout 60 --graceful-timeout 30

# The background worker (huey): reminders and other periodic tasks; Redis when REDIS_URL is set.
worker: install
	exec $(PY) manage.py run_huey

# The whole database as one gzipped JSON file under var/backups/ (portable: SQLite or PostgreSQL).
backup: install
	$(PY) manage.py backup

# `make restore FILE=var/backups/nghiquyet-....json.gz` into a new, migrated (empty) database.
restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=path/to/backup.json.gz"; exit 2; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py restore "$(FILE)"

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	@# The layers (pyproject.toml, [tool.importlinter]): lib ← documents/quality/notify ← orgs ← meetings ←
	@# resolutions ← oversight ← api/web/demo; the product never imports benchmarks or test support.
	.venv/bin/lint-imports --no-cache

test: lint
	$(PY) -m pytest

# The suite (browser tests aside, two processes) with the machine's clock moved to WHEN, in UTC, through
# Debian's faketime: `make test-at WHEN="2027-12-31 23:30:00"`. Every test pins its own clock
# (nghiquyet/testing/clock.py), so this passes on any date; CI runs it at three instants.
test-at: install
	@test -n "$(WHEN)" || { echo 'usage: make test-at WHEN="2027-12-31 23:30:00"   (UTC)'; exit 2; }
	@command -v faketime >/dev/null || { echo "faketime is missing: apt-get install faketime"; exit 2; }
	TZ=UTC faketime "$(WHEN)" $(PY) -m pytest -m "not browser" -n 2

# Fuzz the REST API with schemathesis (a few minutes): a throwaway SQLite database with the tiny demo,
# the app on a free local port, a token of the demo committee member "capuy" (who carries items, so the
# progress reports get through); fails on any server error or any answer that does not match the OpenAPI
# schema. The server, the database and schemathesis's cache (kept in the directory it runs in) go away
# whatever happens; each failure is printed with a curl command that reproduces it.
FUZZ_EXAMPLES ?= 20
fuzz: install
	@set -e; \
	export NGHIQUYET_VAR_DIR="$$(mktemp -d)"; unset DATABASE_URL REDIS_URL; \
	trap 'status=$$?; kill $$server 2>/dev/null || true; wait $$server 2>/dev/null || true; \
		rm -rf "$$NGHIQUYET_VAR_DIR"; exit $$status' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PY) manage.py migrate --noinput --verbosity 0; \
	$(PY) manage.py seed_demo --scale tiny --months 3 >/dev/null; \
	key="$$($(PY) manage.py api_token capuy --name fuzz)"; \
	port="$$($(PY) -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"; \
	$(PY) manage.py runserver --noreload "127.0.0.1:$$port" >"$$NGHIQUYET_VAR_DIR/server.log" 2>&1 & server=$$!; \
	cd "$$NGHIQUYET_VAR_DIR"; \
	$(CURDIR)/.venv/bin/schemathesis run "http://127.0.0.1:$$port/api/openapi.json" --wait-for-schema 60 \
		--header "Authorization: Bearer $$key" --header "Accept-Language: en" \
		--checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
		--max-examples $(FUZZ_EXAMPLES) --workers 1 --generation-database none --no-color \
		|| { status=$$?; echo "== server log"; tail -n 40 "$$NGHIQUYET_VAR_DIR/server.log"; exit $$status; }

# Load-test the production server on the city (docs/performance.md, benchmarks/): PostgreSQL at
# DATABASE_URL (default: the local nghiquyet_bench database, created when missing), migrated and seeded with the city when empty
# (timed); bench accounts for real people, gunicorn on 127.0.0.1 with DEBUG off and Redis, a second process
# driving it; results printed, in var/bench/ and in docs/performance.md. About 8 minutes once seeded.
BENCH_DATABASE_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/nghiquyet_bench)
BENCH_USERS ?= 50
BENCH_SECONDS ?= 60
BENCH_PHASE_SECONDS ?= 30
BENCH_WORKERS ?= 4
BENCH_THINK ?= 3,7
# The server's cache and task queue, as deployed (docs/deploy.md); a database of its own, emptied before
# and after the run. BENCH_REDIS_URL=none: each worker's memory.
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/15
bench: install
	$(PY) -m benchmarks.createdb "$(BENCH_DATABASE_URL)"
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(PY) manage.py migrate --noinput --verbosity 0
	DATABASE_URL="$(BENCH_DATABASE_URL)" DJANGO_SETTINGS_MODULE=benchmarks.settings $(PY) manage.py bench --seed-scale city --users $(BENCH_USERS) \
		--seconds $(BENCH_SECONDS) --phase-seconds $(BENCH_PHASE_SECONDS) --workers $(BENCH_WORKERS) \
		--think $(BENCH_THINK) --redis-url $(BENCH_REDIS_URL)

# Refresh the Vietnamese catalogue after changing UI strings, then translate and compile it.
messages: install
	cd nghiquyet && ../$(PY) ../manage.py makemessages -l vi --no-obsolete --add-location file
	cd nghiquyet && ../$(PY) ../manage.py compilemessages -l vi

clean-db:
	rm -f var/nghiquyet.sqlite3 var/nghiquyet.sqlite3-wal var/nghiquyet.sqlite3-shm
