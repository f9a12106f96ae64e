# nghiquyet: `make run` serves the demo, `make test` runs every check. Both install what they need.
PY := .venv/bin/python
UV := python3 -m uv
HOST ?= 127.0.0.1
PORT ?= 8000
# gunicorn worker processes for `make serve` (gunicorn's own variable); about 2 per core.
WEB_CONCURRENCY ?= 2

.PHONY: install run serve worker backup restore test lint messages clean-db

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

test: lint
	$(PY) -m pytest

# Refresh the Vietnamese catalogue after changing UI strings, then translate and compile it.
messages: install
	cd nghiquyet && ../$(PY) ../manage.py makemessages -l vi --no-obsolete --add-location file
	cd nghiquyet && ../$(PY) ../manage.py compilemessages -l vi

clean-db:
	rm -f var/nghiquyet.sqlite3 var/nghiquyet.sqlite3-wal var/nghiquyet.sqlite3-shm
