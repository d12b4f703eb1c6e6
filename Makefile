# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= kb.settings.dev

.PHONY: run test install serve demo lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py articles_load_demo
	$(PY) manage.py update_index
	$(PY) manage.py collectstatic --noinput --verbosity 0

## make run: install, migrate SQLite, load demo content, build the index, serve on :8000
run: demo
	@echo ""
	@echo "  Help center: http://$(HOST):$(PORT)/"
	@echo "  Admin:       http://$(HOST):$(PORT)/admin/  (see the editor login above)"
	@echo ""
	$(VENV)/bin/gunicorn kb.wsgi:application --bind $(HOST):$(PORT) --workers 2 --access-logfile -

## make test: the whole test suite
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check kb tests

clean:
	rm -rf $(VENV) var
