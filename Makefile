# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make site   build the website into _build/html (installs what it needs into .venv first;
#               writes the student notebooks zip and the slides first: `make student`, `make slides`)
#   make student-site  the student edition (no solutions, no self-check answers) into _build/student/html
#   make test   run every test: helpers' unit tests and nbval on every chapter notebook
# Other targets: make execute (re-run every notebook in place), make lint, make clean,
#   make hooks (install the git pre-commit hook: ruff + nbstripout, see .pre-commit-config.yaml),
#   make mutants (mutation testing: mutmut on the unit tests + curated mutants on the chapters),
#   make bench (speed budgets: build, tests, live figure steps, solvers; writes benchmarks/RESULTS.md).
#   make assignments (the graded homework: student notebooks and autograder zips into _build/assignments).
# Browser checks of the built site (after `make site`; need Chromium at /usr/bin/chromium, see tests/browser):
#   make browser-test   offline, no console errors, math, frame players, axe-core, links, weight and load time
#   make screenshots    every chapter at 1280 px and 390 px wide into _build/screenshots/
#   make pdf            the book and a one-page cheat sheet as PDF files into _build/pdf/
# The course's tools run as modules from the repository root (python -m tools.<name>); what they share
# (root, chapter list from _toc.yml, notebook client) is tools/course.py. Vendored JavaScript and fonts
# (KaTeX, reveal.js, axe-core) are re-created from npm by tools/vendor_assets.sh (committed; needs npm).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: site student-site test execute lint hooks clean student slides bench browser-test screenshots mutants assignments pdf

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/python -m tools.make_student_notebooks
	$(BIN)/python -m tools.make_slides
	$(BIN)/python -m assignments.build --no-run-tests --site
	$(BIN)/python -m tools.question_bank
	$(BIN)/jupyter-book build . -W -n --keep-going
	@# Sphinx copies static and extra files only when some page is rebuilt: refresh them in any case
	@# (an edited course.css, the student zip, the slides)
	cp -r book/_static/. book/_vendor/. _build/html/_static/
	cp -r book/_extra/. _build/html/

# The student edition (no exercise solutions, no self-check answers, teachers' pages reduced to a
# note; tools/student_edition.py) from the same sources into _build/student/html (what
# .github/workflows/pages.yml publishes when SITE_EDITION=student). `make site` builds the full edition.
student-site: $(STAMP)
	$(BIN)/python -m tools.make_student_notebooks
	$(BIN)/python -m assignments.build --no-run-tests --site
	$(BIN)/python -m tools.student_edition --out _build/student
	$(BIN)/jupyter-book build . --path-output _build/student --config _build/student/_config.yml -W -n --keep-going
	cp -r book/_static/. book/_vendor/. _build/student/_build/html/_static/
	cp -r _build/student/extra/. _build/student/_build/html/
	@# jupyter-book writes into PATH_OUTPUT/_build/html (kept for incremental builds): publish a copy
	rm -rf _build/student/html && cp -r _build/student/_build/html _build/student/html

test: $(STAMP)
	$(BIN)/python -m pytest

# the students' copies of the chapters, without solutions, and their zip (the website links it)
student: $(STAMP)
	$(BIN)/python -m tools.make_student_notebooks

# the two session decks of the instructor guide (reveal.js, offline), into book/_extra/slides
slides: $(STAMP)
	$(BIN)/python -m tools.make_slides

# the graded homework (assignments/, otter-grader): student notebooks, autograder zips (never on the site)
# and the students' zip into _build/assignments; otter grades each solution, less than full marks fails
assignments: $(STAMP)
	$(BIN)/python -m assignments.build

execute: $(STAMP)
	$(BIN)/python -m tools.execute_notebooks

lint: $(STAMP)
	$(BIN)/ruff check src tests tools benchmarks

# the git pre-commit hook: ruff and nbstripout on what you commit (.ci/run runs them on every file)
hooks: $(STAMP)
	$(BIN)/pre-commit install

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# tests/browser is outside plain `pytest` (norecursedirs): its own settings, no nbval/xdist addopts.
BROWSER_PYTEST = $(BIN)/python -m pytest tests/browser -o addopts="" -p no:nbval -p no:cacheprovider -rfE

browser-test: $(STAMP)
	$(BROWSER_PYTEST) $(ARGS)

screenshots: $(STAMP)
	$(BIN)/python -m tools.screenshots

# Lighthouse on every page of the site (book pages, indexes, search, slide decks) as a phone on slow 4G
# sees it (after `make site`; COURSE_SITE=/path checks another build): installs lighthouse@12.2.3 from
# npm (needs node 20 and npm) into LIGHTHOUSE_DIR once, writes the table into README.md, fails below
# Performance 90 / Accessibility, Best Practices, SEO 100.
LIGHTHOUSE_DIR ?= $(VENV)/lighthouse
lighthouse: $(STAMP)
	LIGHTHOUSE_DIR=$(abspath $(LIGHTHOUSE_DIR)) $(BIN)/python -m tools.lighthouse $(ARGS)

# Mutation testing (slow, not in CI; kill rates in the README): (a) mutmut's generated mutants of
# src/helpers against the unit tests (incremental: results kept in ./mutants), (b) the curated
# semantic mutants of tools/mutants.py against the chapters' own asserts (nbval in lax mode).
# MUTATE: the helpers modules mutmut mutates; by default the solvers and the penalty registry (about
# 2,700 mutants, an hour on two cores); MUTATE= mutates all of src/helpers (about 8,900: hours).
MUTATE ?= "helpers.solvers*" "helpers.penalties*"
mutants: $(STAMP)
	$(BIN)/mutmut run --max-children 2 $(MUTATE) >/dev/null || true
	$(BIN)/mutmut export-cicd-stats >/dev/null
	@$(BIN)/python -c "import json; s = json.load(open('mutants/mutmut-cicd-stats.json')); \
	n = s['killed'] + s['survived'] + s['timeout']; \
	print(f\"mutmut: {s['killed']} of {n} mutants run were killed by the unit tests ({s['killed'] / max(n, 1):.0%}), {s['survived']} survived, {s['timeout']} timed out; list them: .venv/bin/mutmut results\")"
	$(BIN)/python -m tools.mutants

# the whole book and the one-page cheat sheet as PDF files in _build/pdf (after `make site`; needs Chromium)
pdf: $(STAMP)
	$(BIN)/python -m tools.make_pdf
	$(BIN)/python -m tools.cheat_sheet

clean:
	rm -rf _build student book/_extra/*.zip book/_extra/*.gift book/_extra/slides/*.html
