# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= kb.settings.dev

.PHONY: run test install messages serve demo lint bench clean check-host screenshots

# The runtime plus the test, benchmark and semantic extras: `make test` covers
# `bench/` and the re-ranking by meaning too.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,bench,semantic]"
	touch $@

install: $(VENV)/.installed messages

## make messages: compile the interface translations (locale/*/django.po to .mo) in
## pure Python, without GNU gettext; run it after editing a .po and commit both
messages: $(VENV)/.installed
	$(PY) -m kb.messages

# Where the site is served: the demo's Site record and the sitemap use it.
demo run: export KB_BASE_URL ?= http://$(HOST):$(PORT)

## make demo: migrate, load the demo help center and editor, build the index (no server)
demo: install
	@mkdir -p "$${KB_VAR_DIR:-var}"
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py update_index --verbosity 0
	@# Last, so the editor's login is the last thing printed before the server starts;
	@# it indexes the pages it creates or changes itself.
	$(PY) manage.py articles_load_demo
	$(PY) manage.py forum_load_demo --verbosity 0
	$(PY) manage.py search_load_demo --verbosity 0

## make run: install, migrate SQLite, load demo content, build the index, then serve
## on :8000 with the background worker (the Procfile's processes, run by honcho)
run: check-host demo
	@echo ""
	@echo "  Help center: http://$(HOST):$(PORT)/  (German: /de/, Spanish: /es/)"
	@echo "  Admin:       http://$(HOST):$(PORT)/admin/  (log in as the editor shown above)"
	@echo "  Stop with Ctrl+C."
	@echo ""
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" HOST=$(HOST) exec $(VENV)/bin/honcho start \
		--port $(PORT) --procfile Procfile </dev/null

# The development settings (DEBUG on) serve this machine only.
check-host:
	@case "$(HOST)" in 127.0.0.1|localhost|::1) ;; *) \
	  if [ "$$DJANGO_SETTINGS_MODULE" != kb.settings.production ]; then \
	    echo "make run: HOST=$(HOST) would show DEBUG pages to other machines."; \
	    echo "  Serve this machine only (HOST=127.0.0.1, the default), or use the"; \
	    echo "  production settings: DJANGO_SETTINGS_MODULE=kb.settings.production"; \
	    echo "  SECRET_KEY=... ALLOWED_HOSTS=$(HOST) KB_DEMO_PASSWORD=... make run"; \
	    echo "  (see the README, Production)."; \
	    exit 2; \
	  fi;; \
	esac

## make test: the whole test suite
test: install
	# the test settings, not the DJANGO_SETTINGS_MODULE exported above for `make run`
	DJANGO_SETTINGS_MODULE=kb.settings.test $(PY) -m pytest $(PYTEST_ARGS)
	# modelsearch's backend conformance suite on the Whoosh backend (its own settings)
	$(PY) -m pytest --ds=tests.search.backends.modelsearch_settings \
		--confcutdir=tests/search/backends -p no:cacheprovider \
		tests/search/backends/test_modelsearch_conformance.py

## make bench: search benchmark (StackFAQ both variants + scale run); see bench/README.md
bench: install
	PY=$(PY) sh bench/run.sh

## make screenshots: the home page, an article, search results and a thread at 1280 and
## 375 px wide, from the browser tests, into docs/screenshots/
screenshots: install
	KB_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots DJANGO_SETTINGS_MODULE=kb.settings.test \
		$(PY) -m pytest -p no:cacheprovider -q \
		"tests/test_mobile_a11y.py::test_screenshots_of_the_main_pages_at_desktop_and_phone_widths"

lint: install
	$(VENV)/bin/ruff check bench kb tests

clean:
	rm -rf $(VENV) var
