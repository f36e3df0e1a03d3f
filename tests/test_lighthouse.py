"""tools/lighthouse.py's own logic, without Chromium or npm: reading a Lighthouse report, the README table,
the failures against the targets, the README markers and bad input.

The report is a real one, cut down: Lighthouse 12.2.3 on chapter 4 of the built site (mobile, simulated slow 4G),
kept with only the categories' scores and weighted audits and the metrics (tests/data/lighthouse-04_l1_lasso.json).
Expected values are read from that JSON by hand below, not through the tool.
"""

from __future__ import annotations

import copy
import json
import pathlib

import pytest

from tools import lighthouse

SAMPLE = pathlib.Path(__file__).parent / "data" / "lighthouse-04_l1_lasso.json"


@pytest.fixture()
def lhr():
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def test_sample_is_a_mobile_run_of_the_pinned_version(lhr):
    # what the numbers below mean: the pinned Lighthouse, a phone, simulated throttling
    assert lhr["lighthouseVersion"] == lighthouse.LIGHTHOUSE_VERSION
    assert lhr["configSettings"]["formFactor"] == "mobile"
    assert lhr["configSettings"]["throttlingMethod"] == "simulate"


def test_summarize_scores_metrics_and_lost_audits(lhr):
    s = lighthouse.summarize(lhr)
    # scores: the report's 0-1 scores as percentages (this run: 0.81 / 1 / 1 / 1)
    assert s["scores"] == {"performance": 81, "accessibility": 100, "best-practices": 100, "seo": 100}
    assert s["metrics"]["first-contentful-paint"] == lhr["audits"]["first-contentful-paint"]["numericValue"]
    assert s["metrics"]["total-byte-weight"] == lhr["audits"]["total-byte-weight"]["numericValue"]
    # lost points: the weighted audits scored under 1, found here by walking the audits instead of the refs
    weights = {ref["id"]: ref["weight"] for ref in lhr["categories"]["performance"]["auditRefs"]}
    below = {a for a, audit in lhr["audits"].items() if weights.get(a, 0) > 0 and (audit.get("score") or 0) < 1}
    assert {entry.split(" (")[0] for entry in s["lost"]["performance"]} == below
    assert "total-blocking-time" in below  # this run lost its points there (TBT 660 ms)
    assert any(entry.startswith("total-blocking-time (") and "ms" in entry for entry in s["lost"]["performance"])
    assert s["lost"]["seo"] == [] and s["lost"]["accessibility"] == []


def test_table_reads_back(lhr):
    result = lighthouse.summarize(lhr) | {"page": "book/04_l1_lasso.html", "runs": 1}
    text = lighthouse.table([result])
    head, rule, row = text.splitlines()
    cells = [c.strip() for c in row.strip("|").split("|")]
    columns = [c.strip() for c in head.strip("|").split("|")]
    assert len(cells) == len(columns) == rule.count("---")
    got = dict(zip(columns, cells))
    a = lhr["audits"]
    assert got["page"] == "`book/04_l1_lasso`"
    assert got["Performance"] == "81" and got["SEO"] == "100"
    assert got["FCP"] == f"{a['first-contentful-paint']['numericValue'] / 1000:.1f} s"
    assert got["LCP"] == f"{a['largest-contentful-paint']['numericValue'] / 1000:.1f} s"
    assert got["TBT"] == f"{round(a['total-blocking-time']['numericValue'])} ms"
    assert got["CLS"] == f"{a['cumulative-layout-shift']['numericValue']:.3f}"
    assert got["transfer"] == f"{round(a['total-byte-weight']['numericValue'] / 1000)} kB"


def test_failures_name_page_category_and_audits(lhr):
    result = lighthouse.summarize(lhr) | {"page": "book/04_l1_lasso.html", "runs": 3}
    lines = lighthouse.failures([result])
    assert len(lines) == 1  # only Performance is under its target
    assert lines[0].startswith("book/04_l1_lasso.html: performance 81 < 90; audits: ")
    assert "total-blocking-time" in lines[0]
    # an accessibility finding: the category under 100 and the audit that cost it named
    bad = copy.deepcopy(lhr)
    bad["categories"]["accessibility"]["score"] = 0.96
    bad["audits"]["color-contrast"]["score"] = 0
    lines = lighthouse.failures([lighthouse.summarize(bad) | {"page": "book/x.html", "runs": 1}])
    assert any(line.startswith("book/x.html: accessibility 96 < 100; audits: color-contrast") for line in lines)
    # at the targets exactly: nothing fails
    ok = copy.deepcopy(lhr)
    ok["categories"]["performance"]["score"] = 0.9
    assert lighthouse.failures([lighthouse.summarize(ok) | {"page": "p.html", "runs": 1}]) == []


def test_write_readme_between_markers_only(tmp_path):
    readme = tmp_path / "README.md"
    before, after = "# Title\n\ntext before\n", "\ntext after\n"
    readme.write_text(f"{before}{lighthouse.README_START}\nold table\n{lighthouse.README_END}{after}", encoding="utf-8")
    lighthouse.write_readme("| new | table |", readme)
    text = readme.read_text(encoding="utf-8")
    assert text == f"{before}{lighthouse.README_START}\n| new | table |\n{lighthouse.README_END}{after}"
    lighthouse.write_readme("| again |", readme)  # idempotent: the markers stay, one table
    assert readme.read_text(encoding="utf-8").count("| again |") == 1 and "new" not in readme.read_text(encoding="utf-8")


def test_write_readme_without_markers_names_them(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# no markers here\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lighthouse:start"):
        lighthouse.write_readme("x", readme)
    assert readme.read_text(encoding="utf-8") == "# no markers here\n"


@pytest.mark.parametrize(
    ("report", "message"),
    [
        ({}, "not a Lighthouse report"),
        ([], "not a Lighthouse report"),
        ({"audits": {}, "categories": {}}, "lacks performance, accessibility, best-practices, seo"),
    ],
)
def test_bad_report(report, message):
    with pytest.raises(ValueError, match=message):
        lighthouse.summarize(report)


def test_report_missing_a_category_or_metric(lhr):
    del lhr["categories"]["seo"]
    del lhr["audits"]["total-blocking-time"]
    with pytest.raises(ValueError, match="lacks seo, total-blocking-time"):
        lighthouse.summarize(lhr)


def test_runtime_error_is_raised(lhr):
    lhr["runtimeError"] = {"code": "NO_FCP", "message": "The page did not paint any content."}
    with pytest.raises(RuntimeError, match="NO_FCP"):
        lighthouse.summarize(lhr)


def test_cli_bad_input(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(lighthouse, "SITE", tmp_path)
    (tmp_path / "index.html").write_text("<html></html>", encoding="utf-8")
    assert lighthouse.main(["--no-readme", "book/nowhere.html"]) == 2
    err = capsys.readouterr().err
    assert "not in the built site" in err and "book/nowhere.html" in err
    with pytest.raises(SystemExit) as stop:
        lighthouse.main(["--jobs", "0"])
    assert stop.value.code == 2
    assert "--jobs must be at least 1" in capsys.readouterr().err


def test_cli_without_a_site(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(lighthouse, "site_pages", lambda: [])
    monkeypatch.setattr(lighthouse, "SITE", tmp_path)
    assert lighthouse.main(["--no-readme"]) == 2
    assert "make site" in capsys.readouterr().err


def test_cli_without_npm(tmp_path, monkeypatch, capsys):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.html").write_text("<html></html>", encoding="utf-8")
    monkeypatch.setattr(lighthouse, "SITE", tmp_path)

    def no_npm():
        raise FileNotFoundError("npm")

    monkeypatch.setattr(lighthouse, "install", no_npm)
    assert lighthouse.main(["--no-readme", "book/page.html"]) == 2
    assert "npm not found" in capsys.readouterr().err
