# The two commands a newcomer needs: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

WEB := src/tamas/web

.PHONY: install demo test lint format bench clean messages

# The browser tests drive Debian's chromium; installing it needs root (apt-get).
install: $(STAMP)
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

demo: install
	$(VENV)/bin/tamas demo

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/python -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# After changing texts in templates or tamas.web: extract them and merge them into the
# fa and en catalogs, then translate the new fa entries (tests/web/test_catalogs.py checks).
messages: install
	cd $(WEB) && ../../../$(VENV)/bin/pybabel extract -F babel.cfg --no-location \
		--sort-output --no-wrap --project Tamas --copyright-holder "Tamas authors" \
		-o translations/messages.pot .
	$(VENV)/bin/pybabel update -i $(WEB)/translations/messages.pot -d $(WEB)/translations \
		--no-wrap --ignore-obsolete --no-fuzzy-matching

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache demo-data
