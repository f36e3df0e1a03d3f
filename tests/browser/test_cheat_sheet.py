"""The one-page cheat sheet (tools/cheat_sheet.py) printed from the built site: one page, and on it
every heading of the Key Takeaways' checklist and every row of its summary table, read back from the
PDF with pypdf; nothing from the sections the sheet leaves out."""

from __future__ import annotations

import re

import pypdf

from tools import cheat_sheet
from tools.course import ROOT, SITE


def _words(text):
    return " ".join(re.findall(r"[A-Za-z0-9]+", text))


def test_cheat_sheet_is_one_page_with_the_checklist_and_the_table(tmp_path):
    out = tmp_path / "sheet.pdf"
    assert cheat_sheet.print_cheat_sheet(SITE, out) == 1
    pdf = pypdf.PdfReader(out)
    assert len(pdf.pages) == 1
    text = _words(pdf.pages[0].extract_text())
    source = (ROOT / "book" / "10_key_takeaways.md").read_text(encoding="utf-8")
    checklist = source.split("## The decision checklist", 1)[1].split("\n## ", 1)[0]
    headings = re.findall(r"^### (.+)$", checklist, re.M)
    table = source.split("## Summary table", 1)[1].split("\n## ", 1)[0]
    row_labels = re.findall(r"^\| ([A-Za-z][^|]*?) \|", table, re.M)
    assert len(headings) >= 4 and len(row_labels) >= 8  # the parse found what the sheet should hold
    for expected in [*headings, *row_labels]:
        assert _words(expected.replace("`", "")) in text, f"missing on the sheet: {expected}"
    assert "Misconceptions" not in text and "Self check" not in text


def test_cheat_sheet_names_a_missing_site(tmp_path, capsys):
    assert cheat_sheet.main(["--site", str(tmp_path), "--out", str(tmp_path / "x.pdf")]) == 2
    assert "no book/10_key_takeaways.html" in capsys.readouterr().err
