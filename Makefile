# Metodehåndbogen. `make serve` and `make test` are all a fresh machine needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)/hooks
# Debian packages: Pango and fonts for WeasyPrint's PDFs; poppler-utils and Chromium for the tests.
BUILD_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
TEST_PACKAGES := $(BUILD_PACKAGES) poppler-utils chromium
# The address the handbook is published at, printed with a QR code on every sheet and PDF:
# `make build SITE_URL=https://metoder.eksempel.dk/`. Without it print carries no address.
SITE_URL ?=
export SITE_URL
# `make serve` skips PDFs so a preview rebuilds in a second (hooks/metodebog/settings.py); `make serve PDF=ja`
# renders them too, `make build PDF=nej` leaves them out.
PDF ?= $(METODEBOG_PDF)
export METODEBOG_PDF := $(PDF)
# The web editor (Decap CMS) from npm, served at /admin/ by every build (cms/package.json).
CMS := cms/node_modules/decap-cms/dist/decap-cms.js
# A copy of the project without cms/ (the tests' projects) builds without the editor.
EDITOR := $(if $(wildcard cms/package.json),$(CMS))

.PHONY: help venv system system-test system-npm check skriv-skemaer build serve serve-en editor test lint clean ny-metode ny-case links bench

help:
	@echo "make serve   byg håndbogen og vis den på http://$(HOST)/"
	@echo "make test    kør alle tests"
	@echo "make build   byg site/ med PDF'er"
	@echo "make check   tjek indholdet (hurtigt; skriver intet)"
	@echo "make editor  prøv webeditoren på http://$(HOST)/admin/ (gemmer som commits i din egen klon)"
	@echo "make skriv-skemaer               skriv schema/*.schema.json efter ændrede felter eller ordlister"
	@echo "make ny-metode ID=<id>            opret en ny metode ud fra skabelonen"
	@echo "make ny-case ID=<id> METODE=<id>  opret en ny case til en metode"
	@echo "make links   vis og prøv alle eksterne links (kræver net)"
	@echo "make bench   mål bygget af håndbøger med 100, 1.000 og 2.000 metoder (N=20 for en lille måling)"

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 mangler. Installér det, fx: apt-get install python3.11 python3.11-venv"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Install missing Debian packages with apt-get when root; otherwise say which command to run.
define install_packages
	@missing=""; \
	if command -v dpkg >/dev/null; then \
	  for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installerer$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends$$missing; \
	  else \
	    echo "Disse pakker mangler:$$missing. Installér dem med: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi
endef

system:
	$(call install_packages,$(BUILD_PACKAGES))

system-test:
	$(call install_packages,$(TEST_PACKAGES))

# npm fetches axe-core for the accessibility tests and the web editor (cms/); Debian's package is used
# when no npm is on PATH.
system-npm:
	$(call install_packages,nodejs npm)

# `make check` only reads: not even Python's byte-code cache is written.
check: venv
	PYTHONDONTWRITEBYTECODE=1 $(PY) -m metodebog check --root .

skriv-skemaer: venv
	$(PY) -m metodebog skriv-skemaer --root .

# ID and METODE reach Python through the environment, never through the shell's parser:
# `make ny-metode ID='x"; touch /tmp/p'` runs no command; the id is refused as invalid.
# $(value …) keeps make itself from expanding them too ($(shell …) in an id).
override ID := $(value ID)
override METODE := $(value METODE)
export ID METODE
ny-metode: venv
	$(PY) -m metodebog ny-metode "$$ID"

ny-case: venv
	$(PY) -m metodebog ny-case "$$ID" "$$METODE"

links: venv
	$(PY) -m metodebog links

# Build into a fresh folder and swap it in only when the whole build succeeded (see site_build.py):
# a failed or interrupted build leaves the previous site/ as it was; two builds at once take turns.
build: venv system $(EDITOR)
	$(PY) -m metodebog byg --root .

serve: venv system $(EDITOR)
	$(PY) -m mkdocs serve --dev-addr $(HOST)

# The web editor on this machine: the site as `make serve` shows it, and decap-server on 127.0.0.1:8081
# (git mode: every save is a commit on the entry's own branch cms/<samling>/<id> in this clone).
editor: venv system $(CMS)
	@echo "Webeditoren: http://$(HOST)/admin/ (stop med Ctrl-C)"
	@trap 'kill 0' EXIT; \
	  MODE=git BIND_HOST=127.0.0.1 PORT=8081 GIT_REPO_DIRECTORY=$(CURDIR) node cms/node_modules/decap-server/dist/index.js & \
	  $(PY) -m mkdocs serve --dev-addr $(HOST)

# The English edition on its own (Danish text where a translation is missing), at the same address.
serve-en: venv system
	$(PY) -m mkdocs serve -f mkdocs.en.yml --dev-addr $(HOST)

# Synthetic handbooks of N methods, built and measured (bench/bench.py); `make test` runs N=20.
N ?= 100 1000 2000
BENCH_OUT ?= build/artifacts/bench
bench: venv system-test
	$(PY) bench/bench.py $(N) --out $(BENCH_OUT)

A11Y := tests/a11y/node_modules/axe-core/axe.min.js

$(CMS): cms/package.json cms/package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system-npm
	cd cms && npm ci --no-audit --no-fund --ignore-scripts
	touch $@

$(A11Y): tests/a11y/package.json tests/a11y/package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system-npm
	cd tests/a11y && npm ci --no-audit --no-fund --ignore-scripts
	touch $@

test: venv system-test $(A11Y) $(CMS)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf site build
