"""The chapters' MyST markdown rewritten as plain Jupyter markdown, for the student notebooks.

JupyterLab does not know MyST: it shows a ```{exercise} block as grey code with raw TeX, and a
```{dropdown} self-check question vanishes into a code block. ``Converter.markdown`` rewrites what the
chapters use, the same way the website shows it:

- ``{exercise} Title`` -> **Exercise N.k: Title** (numbered as on the website: chapter N of the
  numbered parts of _toc.yml, k-th numbered exercise of the chapter) followed by its prompt;
- ``{dropdown} Question`` (the chapters' self-check questions) -> the question in bold, its answer
  folded in ``<details>`` (which JupyterLab renders);
- ``{admonition} Title`` and the named admonitions (note, tip, ...) -> a block quote with a bold title;
- roles: ``{cite:p}`` / ``{cite}`` -> [Author, year], ``{cite:t}`` -> Author [year] (the website's
  author-year style; ``Converter.references`` lists the full entries), ``{term}`` -> its text,
  ``{doc}`` -> a link to the chapter notebook (or the page's title), ``{ref}`` / ``{numref}`` -> the
  target's text ("Exercise 9.3", a section's heading), ``{math}`` -> ``$...$``;
- ``(label)=`` target lines are dropped.

Anything else MyST-only (another directive or role) raises ValueError naming it: a chapter that
starts using one needs a rule here, not a silently broken student notebook.
"""

from __future__ import annotations

import pathlib
import re

import nbformat
from pybtex.database import parse_file
from pybtex.plugin import find_plugin

from tools.course import BOOK, chapter_numbers, chapters, page_source

# a directive's opening fence: ```{name} argument  or  :::{name} argument (longer fences nest)
DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<arg>.*)$")
OPTION = re.compile(r"^[ \t]*:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`")
TARGET = re.compile(r"^[ \t]*\((?P<label>[\w.:-]+)\)=[ \t]*$")
HEADING = re.compile(r"^#{1,6}[ \t]+(?P<title>.+?)[ \t]*$")
EXPLICIT = re.compile(r"^(?P<text>.+?)\s*<(?P<target>[^<>]+)>$")  # a role's "text <target>" form

ADMONITIONS = {
    "note": "Note", "tip": "Tip", "hint": "Hint", "important": "Important", "warning": "Warning",
    "caution": "Caution", "attention": "Attention", "danger": "Danger", "error": "Error", "seealso": "See also",
}
BIBFILE = BOOK / "references.bib"


def _fence_end(lines: list[str], start: int, fence: str) -> int:
    """Index of the line closing the directive opened at ``start`` with ``fence`` (MyST: the same
    character, at least as many times, alone on its line)."""
    closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    for index in range(start + 1, len(lines)):
        if closing.match(lines[index]):
            return index
    raise ValueError(f"the directive {lines[start].strip()!r} is never closed")


def _split_options(body: list[str]) -> tuple[dict[str, str], list[str]]:
    """A directive body's leading ``:key: value`` lines, and the rest."""
    options = {}
    index = 0
    while index < len(body) and (match := OPTION.match(body[index])):
        options[match["key"]] = match["value"]
        index += 1
    return options, body[index:]


def _plain_title(page: pathlib.Path) -> str:
    """The first level-1 heading of a chapter notebook or markdown page (what {doc} shows)."""
    if page.suffix == ".ipynb":
        text = "\n".join(c.source for c in nbformat.read(page, as_version=4).cells if c.cell_type == "markdown")
    else:
        text = page.read_text(encoding="utf-8")
    for line in text.split("\n"):
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError(f"{page.name} has no level-1 heading")


class Converter:
    """Rewrites the markdown of the chapter notebooks; knows every chapter's labels and numbers."""

    def __init__(self) -> None:
        self.numbers = chapter_numbers()
        self.notebooks = {path.stem: path for path in chapters()}
        self.labels: dict[str, str] = {}  # {ref} target -> the text the website shows for it
        for stem, path in self.notebooks.items():
            self.labels.update(self._labels(stem, "\n".join(
                c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")))
        self.bibliography = parse_file(BIBFILE)
        self.cited: list[str] = []  # keys cited since the last references() call, in order

    def exercise_name(self, stem: str, k: int) -> str:
        """'Exercise 4.2' for the second exercise of chapter 4, as sphinx-exercise numbers it."""
        if stem not in self.numbers:
            raise ValueError(f"{stem} is not in a numbered part of _toc.yml: its exercises have no number")
        return f"Exercise {self.numbers[stem]}.{k}"

    def _labels(self, stem: str, text: str) -> dict[str, str]:
        labels, pending, k = {}, None, 0
        lines = text.split("\n")
        for index, line in enumerate(lines):
            if match := TARGET.match(line):
                pending = match["label"]
            elif pending and (match := HEADING.match(line)):
                labels[pending], pending = match["title"], None
            elif (match := DIRECTIVE.match(line)) and match["name"] == "exercise":
                options, _ = _split_options(lines[index + 1 :])
                if "nonumber" not in options:
                    k += 1
                    if "label" in options:
                        labels[options["label"]] = self.exercise_name(stem, k)
        return labels

    # --- roles -------------------------------------------------------------------------------------

    def _cite(self, keys: str, textual: bool) -> str:
        parts = []
        for key in (k.strip() for k in keys.split(",")):
            if key not in self.bibliography.entries:
                raise ValueError(f"{{cite}} of {key!r}, which is not in {BIBFILE.name}")
            entry = self.bibliography.entries[key]
            names = [" ".join(n.render_as("text") for n in person.rich_last_names) for person in entry.persons["author"]]
            who = names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2 else f"{names[0]} et al."
            year = entry.fields.get("year", "n.d.")  # "no date", as the website writes it
            parts.append(f"{who} [{year}]" if textual else f"{who}, {year}")
            if key not in self.cited:
                self.cited.append(key)
        return ", ".join(parts) if textual else f"[{', '.join(parts)}]"

    def _role(self, match: re.Match) -> str:
        role, content = match["role"], match["content"]
        explicit = EXPLICIT.match(content)
        text, target = (explicit["text"], explicit["target"]) if explicit else (None, content)
        if role in ("cite", "cite:p", "cite:ps"):
            return self._cite(content, textual=False)
        if role in ("cite:t", "cite:ts"):
            return self._cite(content, textual=True)
        if role == "term":
            return text or content
        if role == "math":
            return f"${content}$"
        if role == "doc":
            if target in self.notebooks:  # a chapter: its student notebook lies in the same folder
                return f"[{text or _plain_title(self.notebooks[target])}]({target}.ipynb)"
            return text or _plain_title(page_source(f"book/{target}"))
        if role in ("ref", "numref"):
            if text:
                return text
            if target not in self.labels:
                raise ValueError(f"{{{role}}}`{target}`: no chapter defines this label")
            return self.labels[target]
        raise ValueError(f"the MyST role {{{role}}} has no plain-markdown rule in tools/jupyter_markdown.py")

    # --- directives --------------------------------------------------------------------------------

    def _directive(self, name: str, arg: str, options: dict[str, str], body: str, stem: str, counter: list[int]) -> str:
        if name == "exercise":
            heading = "Exercise"
            if "nonumber" not in options:
                counter[0] += 1
                heading = self.exercise_name(stem, counter[0])
            title = f"{heading}: {arg}" if arg else heading
            return f"**{title}**\n\n{body}"
        if name == "dropdown":  # the chapters' self-check questions: question shown, answer folded
            # JupyterLab gives <details> no bottom margin: without one the next question touches "Answer"
            return f'**{arg}**\n\n<details style="margin-bottom: 1em"><summary>Answer</summary>\n\n{body}\n\n</details>'
        if name == "admonition" or name in ADMONITIONS:
            title = arg if name == "admonition" else ADMONITIONS[name] + (f": {arg}" if arg else "")
            quoted = "\n".join(f"> {line}".rstrip() for line in body.split("\n"))
            return f"> **{title}**\n>\n{quoted}"
        raise ValueError(f"the MyST directive {{{name}}} has no plain-markdown rule in tools/jupyter_markdown.py")

    def _convert(self, lines: list[str], stem: str, counter: list[int]) -> list[str]:
        out: list[str] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            match = DIRECTIVE.match(line)
            if TARGET.match(line):
                index += 1
                continue
            if not match:
                out.append(ROLE.sub(self._role, line))
                index += 1
                continue
            end = _fence_end(lines, index, match["fence"])
            options, body = _split_options(lines[index + 1 : end])
            body_text = "\n".join(self._convert(body, stem, counter)).strip("\n")
            arg = ROLE.sub(self._role, match["arg"].strip())
            block = self._directive(match["name"], arg, options, body_text, stem, counter)
            out.extend(match["indent"] + b if b else b for b in block.split("\n"))
            index = end + 1
        return out

    def notebook_cells(self, stem: str, cells: list[nbformat.NotebookNode]) -> None:
        """Rewrite the markdown cells of chapter ``stem`` in place (cells in reading order)."""
        counter = [0]  # the chapter's exercises so far, across cells
        for cell in cells:
            if cell.cell_type == "markdown":
                cell.source = "\n".join(self._convert(cell.source.split("\n"), stem, counter))

    def references(self) -> str | None:
        """A "References" section with the full entries cited since the last call (the website's
        style, pybtex "plain"), or None if nothing was cited."""
        if not self.cited:
            return None
        style = find_plugin("pybtex.style.formatting", "plain")()
        entries = style.format_entries(self.bibliography.entries[key] for key in self.cited)
        self.cited = []
        items = "\n".join("* " + " ".join(entry.text.render_as("markdown").split("\n")) for entry in entries)
        return f"## References\n\n{items}"
