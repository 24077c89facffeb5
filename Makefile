# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-pg lint format install demo clean

$(STAMP): pyproject.toml
	@echo "==> Creating $(VENV) and installing the dependencies (first run: about a minute)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --progress-bar on -e ".[dev]" | grep -E "^(Collecting|Successfully)" || true
	@test -x $(VENV)/bin/django-admin || { echo "pip install failed: run $(PY) -m pip install -e '.[dev]' to see why"; exit 1; }
	touch $(STAMP)

install: $(STAMP)

# Development only: DEBUG defaults to off (portal/settings.py), `make demo` and `make run` turn it on.
demo run: export DEBUG ?= 1

demo: $(STAMP)
	$(PY) manage.py ensure_database
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

run: demo
	@echo "门户: http://127.0.0.1:8000/   管理后台: http://127.0.0.1:8000/admin/   演示密码: demo12345"
	$(PY) manage.py runserver 127.0.0.1:8000

# The whole suite. DATABASE_URL=postgres://… runs it against PostgreSQL.
test: $(STAMP)
	$(PY) -m pytest

test-pg: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} $(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache test-artifacts
