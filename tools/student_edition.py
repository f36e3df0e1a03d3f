"""The student edition of the website: the same sources, without any answer.

Usage: python -m tools.student_edition [--out _build/student]   (part of `make student-site`)

``make site`` builds the teachers' (full) edition. ``make student-site`` builds, into
``_build/student/html``, an edition a class can use while it works on the exercises:

- no exercise solutions (sphinx-exercise's own ``hide_solutions`` cannot do it for the chapters'
  gated ``{solution-start}``/``{solution-end}`` blocks: it drops only the start directive, so the
  solution's text and code would stay on the page and the build stops on the unmatched
  ``solution_end_node``, sphinx-exercise issue #89); the solution's code cells go with it;
- no self-check answers: each ``{dropdown}`` becomes its question, in bold, without the body;
- the teachers' pages (the instructor guide, the question bank) reduced to a line saying they are in
  the teachers' edition (the same table of contents, so links to them still resolve); and of the
  downloads only the students' ones: no Moodle file (it marks the right answers), no slides;
- no copy of the notebook sources (``_sources``), no download button for them and no launch
  buttons: each would hand out the chapter notebooks with their solutions.

This module is both the command that prepares the build (it writes ``OUT/_config.yml``: the book's
``_config.yml`` with ``course_edition: student`` and this extension; and ``OUT/extra/``: the students'
downloads) and the Sphinx extension itself. The extension does nothing unless the Sphinx config value
``course_edition`` is ``"student"``.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import sys

import yaml
from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.transforms import SphinxTransform

from tools.course import ROOT

EDITIONS = ("full", "student")
DEFAULT_OUT = ROOT / "_build" / "student"
CONFIG = ROOT / "_config.yml"
EXTRA = ROOT / "book" / "_extra"
# the downloads meant for students (book/_extra also holds the slides and the Moodle question file)
STUDENT_DOWNLOADS = ("l1-vs-l2-student-notebooks.zip", "l1-vs-l2-homework.zip")
# teachers' pages: in the student edition, a title and TEACHER_NOTE (the links to them stay valid)
TEACHER_PAGES = ("book/instructor_guide", "book/question_bank")
TEACHER_NOTE = "This page is part of the teachers' edition of the course."
NOTEBOOKS_NOTE = "The exercises as notebooks to work in, without their solutions: "


# --- the Sphinx extension ----------------------------------------------------------------------------


class DropAnswers(SphinxTransform):
    """Removes the answers from every page when ``course_edition`` is ``"student"``.

    Runs after sphinx-exercise has merged each gated solution into one ``solution_node`` (its
    MergeGatedSolutions, priority 10), so the whole block, code cells included, goes at once.
    """

    default_priority = 11

    def apply(self, **kwargs) -> None:
        if self.config.course_edition != "student":
            return
        from sphinx_exercise.nodes import solution_end_node, solution_node, solution_start_node

        for node in list(self.document.findall(lambda n: isinstance(n, (solution_node, solution_start_node, solution_end_node)))):
            node.parent.remove(node)
        for node in list(self.document.findall(nodes.container)):
            if node.get("design_component") == "dropdown":
                node.replace_self(self._question(node))
        if self.env.docname in TEACHER_PAGES:
            self._teacher_page()

    @staticmethod
    def _question(dropdown: nodes.container) -> list[nodes.Node]:
        """A self-check dropdown's question (its title) as a bold paragraph; its answer dropped."""
        if not dropdown.get("has_title") or not isinstance(dropdown.children[0], nodes.rubric):
            return []
        title = dropdown.children[0]
        question = nodes.paragraph("", "", nodes.strong("", "", *title.children), classes=["self-check-question"])
        question["ids"] = list(title["ids"])  # a {ref} to the question still lands on it
        return [question]

    def _teacher_page(self) -> None:
        """The page's title and TEACHER_NOTE (the instructor guide: and where the notebooks are)."""
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None or not isinstance(section.children[0], nodes.title):
            raise ValueError(f"{self.env.docname}: a teachers' page without a title")
        del section.children[1:]
        section += nodes.paragraph("", TEACHER_NOTE)
        if self.env.docname == "book/instructor_guide":  # students find their notebooks here
            link = nodes.reference("", STUDENT_DOWNLOADS[0], refuri=f"../{STUDENT_DOWNLOADS[0]}")
            section += nodes.paragraph("", "", nodes.Text(NOTEBOOKS_NOTE), link, nodes.Text("."))
        for child in list(self.document.children):  # anything outside the page's section (targets)
            if child is not section:
                self.document.remove(child)


def _configure(app, config) -> None:
    """Checks ``course_edition``; in the student edition, no notebook sources are handed out."""
    if config.course_edition not in EDITIONS:
        raise ConfigError(f"course_edition must be one of {', '.join(map(repr, EDITIONS))}, not {config.course_edition!r}")
    if config.course_edition == "student":
        config.html_copy_source = False
        config.html_show_sourcelink = False
        if config.html_theme == "sphinx_book_theme":  # the book's theme (other themes refuse the options)
            options = dict(config.html_theme_options or {})
            options["use_download_button"] = False  # it offers the .ipynb, solutions included
            options["launch_buttons"] = {}  # Binder/JupyterHub open the repository's notebooks
            config.html_theme_options = options


def setup(app):
    app.add_config_value("course_edition", "full", "env", types=[str])
    app.add_transform(DropAnswers)
    app.connect("config-inited", _configure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# --- the command: the student edition's configuration and downloads ------------------------------


def student_config(out: pathlib.Path) -> dict:
    """The book's _config.yml for a build with ``--config OUT/_config.yml``: the student edition on,
    this extension loaded, local extensions found from OUT (Jupyter Book resolves their paths from the
    config file's folder), and the downloads taken from OUT/extra instead of book/_extra."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    sphinx = config.setdefault("sphinx", {})
    local = dict(sphinx.get("local_extensions") or {})
    local["tools.student_edition"] = "./"
    sphinx["local_extensions"] = {name: os.path.relpath(ROOT / path, out) for name, path in local.items()}
    settings = sphinx.setdefault("config", {})
    settings["course_edition"] = "student"
    extra = settings.get("html_extra_path", [])
    if "book/_extra" not in extra:
        raise ValueError("_config.yml: html_extra_path has no book/_extra to replace")
    settings["html_extra_path"] = [os.path.relpath(out / "extra", ROOT) if path == "book/_extra" else path for path in extra]
    return config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help="the build folder (default: _build/student)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    missing = [name for name in STUDENT_DOWNLOADS if not (EXTRA / name).is_file()]
    if missing:
        print(f"error: {', '.join(missing)} not in book/_extra: run `make student` and "
              "`python -m assignments.build --no-run-tests --site` first", file=sys.stderr)
        return 2
    try:
        config = student_config(out)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    shutil.rmtree(out / "extra", ignore_errors=True)
    (out / "extra").mkdir(parents=True)
    for name in STUDENT_DOWNLOADS:
        shutil.copy2(EXTRA / name, out / "extra" / name)
    header = "# Generated by python -m tools.student_edition from _config.yml: edit that file, not this one.\n"
    (out / "_config.yml").write_text(header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    print(f"student edition: {out / '_config.yml'} and {len(STUDENT_DOWNLOADS)} downloads in {out / 'extra'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
