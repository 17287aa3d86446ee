# Shuyong: `make run` sets up and serves; `make test` sets up and runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test test-clock setup migrate demo lint format worker beat need-broker messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever a requirements file changes.
$(STAMP): $(BIN)/python requirements/base.txt requirements/dev.txt
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: /admin/)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The suite runs on every core (pytest-xdist, one file per worker at a time); TEST_WORKERS=0 runs it
# in this one process (what a debugger or `-x` wants).
TEST_WORKERS ?= auto
test: setup
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The date-sensitive tests at 23:30 and 00:30, UTC and Beijing time (see .ci/clock).
test-clock: setup
	.ci/clock $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# A worker needs a broker: without one, tasks already run in-process (see README).
need-broker:
	@test -n "$$REDIS_URL$$CELERY_BROKER_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run a worker or beat."; exit 1; }

worker: setup need-broker
	$(BIN)/celery -A cms worker --loglevel=INFO --concurrency=2

beat: setup need-broker
	$(BIN)/celery -A cms beat --loglevel=INFO

# Needs gettext (msgfmt); the compiled .mo files are committed so a fresh machine does not.
messages: setup
	$(BIN)/python manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=static --ignore=tests --ignore=bench --ignore=media --ignore=private-media
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 static
