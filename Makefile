# The Makefile is the interface: `make help` lists every target.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test lint format check messages bench clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/bin/activate:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed ## Set up everything, load the demo content, serve the site on http://127.0.0.1:8000 with its task worker
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	$(MANAGE) setup_site --hostname $(HOST) --port $(PORT)
	$(MANAGE) ensure_admin
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/  (English: http://$(HOST):$(PORT)/en/)"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/  (user: admin; forgot the password? Set a new one with"
	@echo "          $(MANAGE) changepassword admin, or DJANGO_SUPERUSER_PASSWORD=... make run)"
	@echo "  Worker: background tasks (the WordPress import) and scheduled publishing run alongside"
	@echo ""
	@# Scheduled articles go live within a minute; the task worker runs the WordPress import. Both stop with the
	@# server (Ctrl+C reaches all three; the trap covers the server ending on its own).
	$(MANAGE) db_worker --backend background & worker=$$!; \
		$(MANAGE) publish_scheduled_loop & publisher=$$!; \
		trap 'kill $$worker $$publisher 2>/dev/null' EXIT; \
		$(MANAGE) runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev ## Check code style (ruff) and template indentation (djhtml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates

format: $(VENV)/.installed-dev ## Fix code style and template indentation
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

check: $(VENV)/.installed-dev ## Django system checks and missing migrations
	DJANGO_SETTINGS_MODULE=site_project.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=site_project.settings.test $(MANAGE) makemigrations --check --dry-run

messages: $(VENV)/.installed-dev ## Extract translatable strings into locale/*/LC_MESSAGES/django.po and compile them
	$(MANAGE) makemessages --locale de --locale en --no-obsolete --ignore '.venv/*' --ignore 'tests/*'
	$(MANAGE) compilemessages --ignore '.venv/*'

bench: $(VENV)/.installed-dev ## Benchmarks under gunicorn on PostgreSQL and SQLite, and Lighthouse (see README)
	@command -v wrk >/dev/null || { echo "--- installing wrk"; apt-get install -y -qq wrk >/dev/null; }
	$(PY) -m tests.bench
	$(PY) -m tests.bench.frontend

clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .test-media .pytest_cache
