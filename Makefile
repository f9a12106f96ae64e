# nghiquyet: `make run` serves the demo, `make test` runs every check. Both install what they need.
PY := .venv/bin/python
UV := python3 -m uv
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint messages clean-db

.venv/.installed: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --quiet
	@touch $@

install: .venv/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@echo "nghiquyet: http://$(HOST):$(PORT)/"
	$(PY) manage.py runserver $(HOST):$(PORT)

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
