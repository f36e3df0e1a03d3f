"""Lighthouse on every page of the built site, as a phone on a slow network sees it (`make lighthouse`).

Usage: python -m tools.lighthouse [--no-readme] [--jobs N] [--json FILE] [PAGE ...]   (after `make site`)

Installs Lighthouse pinned from the npm registry (``npm install --save-exact lighthouse@12.2.3``, once) into
``$LIGHTHOUSE_DIR`` (``make lighthouse``: ``$(VENV)/lighthouse``, inside the git-ignored virtual environment;
default ``.lighthouse/``, git-ignored and kept out of the book build), serves the
built site with the gzip-ing server of the browser checks (tools/browser.py), runs Lighthouse with its
default mobile emulation and simulated throttling on every page of the site (chapters, teacher pages,
indexes, search, the slide decks)
with Debian's Chromium, prints a table (scores, FCP, LCP, TBT, CLS, transfer size), writes it into
README.md between the markers below, and exits 1 if any page misses a target, naming the page and the
audits that cost it points.

Performance is a simulation from a real trace, so it moves a few points with the machine's load: a page
below its Performance target is measured twice more and scored by the median of the three runs
(Lighthouse's own advice for variable scores). The other categories are deterministic.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import pathlib
import subprocess
import sys
import tempfile

from tools.browser import CHROMIUM, serve, site_pages
from tools.course import ROOT, SITE

LIGHTHOUSE_VERSION = "12.2.3"  # runs on Node 20; 13.x needs Node 22
# where Lighthouse is installed: LIGHTHOUSE_DIR (`make lighthouse` puts it in the venv), else .lighthouse/
PREFIX = pathlib.Path(os.environ.get("LIGHTHOUSE_DIR", ROOT / ".lighthouse"))
LIGHTHOUSE = PREFIX / "node_modules" / ".bin" / "lighthouse"
TARGETS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
README_START = "<!-- lighthouse:start (python -m tools.lighthouse writes this table) -->"
README_END = "<!-- lighthouse:end -->"
PERFORMANCE_RUNS = 3  # a page below the Performance target is scored by the median of this many runs
METRICS = {  # audit id -> column
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "total-byte-weight": "transfer",
}


def install() -> pathlib.Path:
    """Lighthouse, pinned, in .lighthouse/ (npm from the registry; nothing when already there)."""
    if not LIGHTHOUSE.exists():
        print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {PREFIX} (npm)", flush=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--save-exact",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(PREFIX),
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )
    return LIGHTHOUSE


def run_lighthouse(url: str) -> dict:
    """One Lighthouse run (mobile defaults) on ``url``: its JSON report (lhr)."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        out = pathlib.Path(tmp) / "report.json"
        proc = subprocess.run(
            [
                str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                "--only-categories=" + ",".join(TARGETS),
                "--disable-full-page-screenshot",  # 3 s a page, for the HTML report's pictures only
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True, text=True,
        )  # fmt: skip
        if proc.returncode or not out.exists():
            raise RuntimeError(f"lighthouse failed on {url} (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
        return json.loads(out.read_text(encoding="utf-8"))


def summarize(lhr: dict) -> dict:
    """Scores (0-100) per category, the metrics, and per category the audits that cost points.

    ``lhr`` is Lighthouse's JSON report; one without a category of TARGETS or an audit of METRICS (a run
    with other --only-categories, or not a Lighthouse report) raises ValueError naming what is missing."""
    if not isinstance(lhr, dict) or "audits" not in lhr or "categories" not in lhr:
        raise ValueError("not a Lighthouse report: no 'audits' and 'categories' (expected lighthouse --output=json)")
    if lhr.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {lhr['runtimeError']}")
    missing = [c for c in TARGETS if c not in lhr["categories"]] + [a for a in METRICS if a not in lhr["audits"]]
    if missing:
        raise ValueError(f"Lighthouse report of {lhr.get('finalDisplayedUrl', '?')} lacks {', '.join(missing)}")
    audits = lhr["audits"]
    result = {"scores": {}, "lost": {}, "metrics": {}}
    for cat in TARGETS:
        category = lhr["categories"][cat]
        result["scores"][cat] = round(100 * (category["score"] or 0))
        result["lost"][cat] = [
            f"{ref['id']} ({audits[ref['id']]['displayValue']})" if audits[ref["id"]].get("displayValue") else ref["id"]
            for ref in category["auditRefs"]
            if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
        ]
    for audit in METRICS:
        result["metrics"][audit] = audits[audit]["numericValue"]
    return result


def measure(base_url: str, page: str) -> dict:
    """Lighthouse on one page; below the Performance target, the median of PERFORMANCE_RUNS runs."""
    runs = [summarize(run_lighthouse(base_url + page))]
    if runs[0]["scores"]["performance"] < TARGETS["performance"]:
        runs += [summarize(run_lighthouse(base_url + page)) for _ in range(PERFORMANCE_RUNS - 1)]
        runs.sort(key=lambda r: r["scores"]["performance"])
    result = runs[len(runs) // 2]
    result["page"] = page
    result["runs"] = len(runs)
    return result


def table(results: list[dict]) -> str:
    head = "| page | Performance | Accessibility | Best Practices | SEO | FCP | LCP | TBT | CLS | transfer |"
    rows = [head, "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        s, m = r["scores"], r["metrics"]
        rows.append(
            f"| `{r['page'].removesuffix('.html')}` | {s['performance']} | {s['accessibility']} | {s['best-practices']} "
            f"| {s['seo']} | {m['first-contentful-paint'] / 1000:.1f} s | {m['largest-contentful-paint'] / 1000:.1f} s "
            f"| {m['total-blocking-time']:.0f} ms | {m['cumulative-layout-shift']:.3f} "
            f"| {m['total-byte-weight'] / 1000:.0f} kB |"
        )
    return "\n".join(rows)


def failures(results: list[dict]) -> list[str]:
    """One line per page and category below its target, with the audits that cost points."""
    lines = []
    for r in results:
        for cat, target in TARGETS.items():
            if r["scores"][cat] < target:
                audits = ", ".join(r["lost"][cat]) or "no single audit"
                lines.append(f"{r['page']}: {cat} {r['scores'][cat]} < {target}; audits: {audits}")
    return lines


def write_readme(text: str, readme: pathlib.Path = ROOT / "README.md") -> None:
    """Replace what stands between the README's markers with ``text``."""
    content = readme.read_text(encoding="utf-8")
    start, end = content.find(README_START), content.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"{readme} has no '{README_START}' ... '{README_END}' markers to write the table between")
    readme.write_text(content[: start + len(README_START)] + "\n" + text + "\n" + content[end:], encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="pages relative to the site root (default: every page of the site)")
    parser.add_argument("--jobs", type=int, default=1, help="pages measured at once (default 1: steadier scores)")
    parser.add_argument("--no-readme", action="store_true", help="print the table only, leave README.md alone")
    parser.add_argument("--json", type=pathlib.Path, help="also write every page's summary to this file")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    pages = args.pages or site_pages()
    if not pages:
        print(f"no built site in {SITE}: run `make site` first", file=sys.stderr)
        return 2
    missing = [p for p in pages if not (SITE / p).is_file()]
    if missing:
        print(f"not in the built site {SITE}: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        install()
    except FileNotFoundError:
        print("npm not found: Lighthouse is installed from npm (Node 20 and npm: apt-get install nodejs npm)", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as err:
        print(f"npm could not install lighthouse@{LIGHTHOUSE_VERSION} into {PREFIX} (exit {err.returncode})", file=sys.stderr)
        return 2
    with serve() as server, concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda page: measure(server.url, page), pages))
    text = table(results)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    if not args.no_readme:
        write_readme(text)
    bad = failures(results)
    for line in bad:
        print("BELOW TARGET:", line, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
