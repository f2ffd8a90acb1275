# CamKet — `make run` serves the demo, `make test` runs the whole suite. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := camket.settings
export PYTHONUNBUFFERED := 1

.PHONY: run venv migrate demo test test-fast test-sqlite test-postgres lint check messages \
        compilemessages check-messages bench bench-retrieval load system-deps browser-deps

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

venv: $(STAMP)

# gettext's msgfmt builds the .mo catalogue; installed from Debian when missing.
system-deps:
	@command -v msgfmt >/dev/null || bin/apt-install gettext
	@fc-list 2>/dev/null | grep -q "Liberation Serif" || bin/apt-install fonts-liberation fonts-dejavu-core

# Debian's Chromium for the browser tests (never `playwright install`).
browser-deps:
	@command -v chromium >/dev/null || bin/apt-install chromium fonts-dejavu-core

compilemessages: venv system-deps
	$(PY) manage.py compilemessages --ignore=.venv -v0

check-messages: venv
	$(PY) -m camket.i18n_check locale/vi/LC_MESSAGES/django.po camket/*/locale/vi/LC_MESSAGES/django.po \
	  camket/*/*/locale/vi/LC_MESSAGES/django.po

# One catalogue for the project, plus one per app that keeps its own (monitoring, compatibility).
APP_CATALOGUES := monitoring compatibility
messages: venv system-deps
	$(PY) manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=bench --ignore=var \
	  --ignore=lawcore $(foreach app,$(APP_CATALOGUES),--ignore='camket/$(app)/*')
	for app in $(APP_CATALOGUES); do (cd camket/$$app && PYTHONPATH=$(CURDIR) \
	  $(CURDIR)/$(VENV)/bin/django-admin makemessages -l vi --no-obsolete); done
	$(PY) -m camket.i18n_check locale/vi/LC_MESSAGES/django.po camket/*/locale/vi/LC_MESSAGES/django.po || true

migrate: venv compilemessages system-deps
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py createdemo

# The server refuses the development secret key (camket/security.py): `make run` makes a random
# one once, kept in var/secret_key, unless CAMKET_SECRET_KEY or CAMKET_SECRET_KEY_FILE is set.
SECRET_KEY_FILE := var/secret_key
PORT ?= 8000
$(SECRET_KEY_FILE):
	mkdir -p $(dir $@)
	umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: demo $(SECRET_KEY_FILE)
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Serving CamKet on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	CAMKET_SECRET_KEY_FILE=$${CAMKET_SECRET_KEY_FILE:-$(SECRET_KEY_FILE)} \
	  $(VENV)/bin/gunicorn camket.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

lint: venv
	$(VENV)/bin/ruff check camket lawcore bench

check: venv compilemessages
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run -v0

test-fast: venv
	$(VENV)/bin/pytest -q lawcore -p no:django

test-sqlite: venv compilemessages system-deps browser-deps
	$(VENV)/bin/pytest -q

test-postgres: venv compilemessages
	bin/with-postgres $(VENV)/bin/pytest -q -m "not browser and not crawl" camket

test: venv compilemessages check-messages check lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# Monitoring is measured on SQLite (in `bench`), then on a throw-away PostgreSQL 15 sized for a
# 24 GB machine.
BENCH_PG_SETTINGS := -c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=512MB \
  -c effective_cache_size=12GB -c max_wal_size=8GB
bench: venv compilemessages
	$(PY) -m bench
	CAMKET_PG_SETTINGS="$(BENCH_PG_SETTINGS)" bin/with-postgres $(PY) -m bench.bench_monitoring
	CAMKET_PG_SETTINGS="$(BENCH_PG_SETTINGS)" bin/with-postgres $(PY) -m bench.bench_scoring

# Retrieval alone: engine and BM25 baselines by 5-fold CV on ALQAC, without and with the Pháp điển
# distractors. The underthesea baseline over the distractors needs `python -m bench.word_cache` once.
bench-retrieval: venv
	$(PY) -m bench bench_retrieval

# 50 simulated staff (40 readers, 10 writers) for 60 s against gunicorn with 2 workers on loopback:
# SQLite (WAL), then a throw-away PostgreSQL 15. Prints requests, errors, p50/p95 and the count of
# "database is locked".
load: venv compilemessages
	$(PY) -m bench.load
	bin/with-postgres $(PY) -m bench.load
