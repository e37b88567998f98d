# QA Portal: `make run` sets everything up from nothing and serves the demo;
# `make test` sets up the same way and runs the whole suite on SQLite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Test processes (pytest-xdist): `auto` is one per CPU; `make test TEST_WORKERS=0` runs the suite
# in this one process (for pdb, say).
TEST_WORKERS ?= auto
# More pytest options, e.g. `make test TEST_ARGS="-k due_diligence"`.
TEST_ARGS ?=

.PHONY: run test setup install lint check-deploy frontend clean bench bench-outcomes load faults backup restore api-schema

# pip -qq: errors only, so a first `make run` prints a few lines, not a page.
$(STAMP): pyproject.toml requirements.lock
	@echo "Installing the locked dependencies into $(VENV) ..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -qq --upgrade pip
	@$(BIN)/python -m pip install -qq -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

setup: install
	@echo "Preparing the database (migrate, load_frameworks, seed_demo) ..."
	@$(MANAGE) migrate --noinput -v0
	@$(MANAGE) load_frameworks
	@$(MANAGE) seed_demo
	@$(MANAGE) schedule_reminders

# The portal's address for links in emails sent outside a request (the worker's reminders): the
# one served (this machine's own when listening on every address), unless SITE_URL is given.
SITE_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST)):$(PORT)

# The task worker (reminders, bulk exports, emails) runs beside the server, under its supervisor
# (which starts it again if it exits), and stops with the server: Ctrl-C stops runserver, then the
# trap's SIGTERM stops the supervisor and the worker, once the task in hand is done.
run: setup
	@echo "QA Portal on http://$(HOST):$(PORT)/ (Ctrl-C to stop; another port: make run PORT=8080)"
	@SITE_URL='$(SITE_URL)' $(MANAGE) run_worker --supervise --queue-name '*' --no-reload --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	SITE_URL='$(SITE_URL)' $(MANAGE) runserver $(HOST):$(PORT)

test: install
	@$(BIN)/python -c "import tests.browser.conftest as c; print('Browser tests: ' + ('Chromium at ' + c.CHROMIUM if c.CHROMIUM else 'SKIPPED. ' + c.NO_CHROMIUM))"
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(TEST_ARGS)

# Not part of `make test` (it takes minutes): every page's queries and time at 500 and 3,000
# providers x 5 years, in scratch databases (PostgreSQL beside DATABASE_URL when it names one,
# else SQLite under var/). BENCH_ARGS="--fresh" seeds them again; "--sizes 5 50" is quicker.
bench: install
	@$(MANAGE) bench $(BENCH_ARGS)
	@$(MANAGE) bench_outcomes

# The API's OpenAPI schema, from the code, into docs/api/openapi.json (a test fails while the
# file in the repository differs from the code's).
api-schema: install
	@$(MANAGE) api_schema

# The outcomes dashboard at 500 and 50,000 goal rows a year x 5 years, and one more year's import
# of 50,000 rows (time, peak memory), in scratch databases as above.
bench-outcomes: install
	@$(MANAGE) bench_outcomes $(BENCH_ARGS)

# Not part of `make test` either (about two minutes): gunicorn (3 sync workers) on loopback serves
# the 3,000 providers x 5 years scratch database (prepared if missing, as for bench); 50 users
# read pages and save criteria for 60 s, then ask /healthz for 10 s (the floor); every
# acknowledged save must be stored. LOAD_ARGS="--providers 30 --years 2 --users 5 --seconds 10"
# is quicker; see `manage.py load --help`.
load: install
	@$(MANAGE) load $(LOAD_ARGS)

# Not part of `make test` either (about two minutes; needs root for pg_createcluster): a scratch
# PostgreSQL cluster of its own (port 5499 or the next free one, never the main cluster), gunicorn
# and the task worker serving the demo from it; the cluster is stopped and started under them.
# Fails on any 500, if the first request after the database is back fails, if the worker exits,
# or if a bulk export asked for after the outage is not made. FAULTS_ARGS="--outage-seconds 10".
faults: install
	@$(MANAGE) faults $(FAULTS_ARGS)

# One timestamped file under BACKUP_DIR with the configured database, every evidence file and a
# manifest of counts and checksums; `make restore FILE=...` puts it back into the configured
# database (created if absent; one that holds tables only with FORCE=1) and checks it.
BACKUP_DIR ?= var/backups
backup: install
	@$(MANAGE) backup --dir "$(BACKUP_DIR)"

restore: install
	@test -n "$(FILE)" || { echo "Say which backup: make restore FILE=$(BACKUP_DIR)/qaportal-backup-....tar [FORCE=1]"; exit 2; }
	@$(MANAGE) restore "$(FILE)" $(if $(filter 1 yes true,$(FORCE)),--force)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

check-deploy: install
	env -u DJANGO_ALLOW_ASYNC_UNSAFE DJANGO_SETTINGS_MODULE=qaportal.settings.prod SECRET_KEY=dummy-$$(date +%s)-not-used-for-anything-real-0123456789abcdef \
	ALLOWED_HOSTS=qa.example.org SITE_URL=https://qa.example.org SERVICE_CONTROLLER='Example Council' \
	SERVICE_DPO_CONTACT=dpo@example.org SERVICE_CONTACT_EMAIL=qa-portal@example.org \
	$(MANAGE) check --deploy --fail-level WARNING

frontend:
	bash frontend/build.sh

clean:
	rm -rf $(VENV) var
