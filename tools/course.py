"""The course's infrastructure in one place: where the repository is, which chapters it has and in
what order, and how a chapter notebook is executed.

Tools (``python -m tools.<name>``), the benchmark and the tests import these instead of deriving
them again:

- ``ROOT``, ``BOOK``, ``SITE``: the repository, its chapters' folder and the built website;
- ``toc_pages()``, ``chapters()``, ``chapter()``: the pages and chapter notebooks in the order of
  ``_toc.yml`` (the table of contents the website is built from); ``chapter_numbers()``: their numbers;
- ``notebook_client()``: how a chapter runs (``make execute``, the benchmark and nbval-free checks).
"""

from __future__ import annotations

import os
import pathlib
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from nbclient import NotebookClient
    from nbformat import NotebookNode

ROOT = pathlib.Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
TOC = ROOT / "_toc.yml"
# where `make site` builds the website; COURSE_SITE points the browser tools at another build
# (e.g. `jupyter-book build . --path-output /tmp/x` then COURSE_SITE=/tmp/x/_build/html)
SITE = pathlib.Path(os.environ.get("COURSE_SITE", ROOT / "_build" / "html"))
TIMEOUT_S = 300  # per cell, as nbval's --nbval-cell-timeout in pyproject.toml
_SOURCE_SUFFIXES = (".ipynb", ".md")


def toc_pages() -> list[str]:
    """Every page of the book in reading order, as ``_toc.yml`` names them: the root page first, then
    each part's chapters with their sections (``["book/index", "book/01_introduction", ...]``)."""
    toc = yaml.safe_load(TOC.read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))  # a book without parts lists its chapters at the top
    return [str(pathlib.PurePosixPath(page).with_suffix("")) if page.endswith(_SOURCE_SUFFIXES) else page for page in pages]


def chapter_numbers() -> dict[str, int]:
    """The number the website gives each chapter of the numbered parts of ``_toc.yml``, by file stem
    (``{"01_introduction": 1, ...}``): counted on across parts, as sphinx-multitoc-numbering does."""
    toc = yaml.safe_load(TOC.read_text(encoding="utf-8"))
    numbered = [entry["file"] for part in toc.get("parts", []) if part.get("numbered") for entry in part.get("chapters", [])]
    return {pathlib.PurePosixPath(page).stem: number for number, page in enumerate(numbered, start=1)}


def page_source(page: str) -> pathlib.Path:
    """The file behind a page of ``toc_pages()``: its ``.ipynb`` or ``.md`` (exactly one must exist)."""
    found = [ROOT / f"{page}{suffix}" for suffix in _SOURCE_SUFFIXES if (ROOT / f"{page}{suffix}").is_file()]
    if len(found) != 1:
        raise FileNotFoundError(f"_toc.yml lists {page!r}: expected one of {page}.ipynb / {page}.md, found {len(found)}")
    return found[0]


def chapters() -> list[pathlib.Path]:
    """The chapter notebooks (``book/NN_slug.ipynb``), in the order of ``_toc.yml``."""
    return [path for path in map(page_source, toc_pages()) if path.suffix == ".ipynb"]


def chapter(name: str) -> pathlib.Path:
    """One chapter notebook by its name without suffix (``"04_l1_lasso"``)."""
    by_name = {path.stem: path for path in chapters()}
    if name not in by_name:
        raise ValueError(f"no chapter notebook {name!r} in _toc.yml; chapters: {', '.join(by_name)}")
    return by_name[name]


def notebook_client(nb: NotebookNode, path: pathlib.Path, timeout: float = TIMEOUT_S) -> NotebookClient:
    """How the course runs a chapter (``make execute``; the benchmark times the same): a python3 kernel
    in the notebook's folder, no timing metadata, no widget state."""
    from nbclient import NotebookClient  # only the tools that execute notebooks need nbclient

    return NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,  # the website uses the HTML frame players, not widget state
    )


_ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # every entry gets this date: the same input gives the same zip, byte for byte


def write_course_zip(zip_path: pathlib.Path, top: str, files: dict[str, bytes]) -> None:
    """A zip that unpacks into ``top/`` with ``files`` (relative name -> bytes) and what installs the
    course's packages: ``requirements.txt``, ``pyproject.toml`` and ``src/helpers``. Deterministic,
    and written through a temporary file so a reader never sees half a zip."""
    import zipfile

    entries = {f"{top}/{name}": data for name, data in files.items()}
    for rel in ("requirements.txt", "pyproject.toml"):
        entries[f"{top}/{rel}"] = (ROOT / rel).read_bytes()
    for source in sorted((ROOT / "src" / "helpers").glob("*.py")):
        entries[f"{top}/src/helpers/{source.name}"] = source.read_bytes()
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name])
    tmp.replace(zip_path)
