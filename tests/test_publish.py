"""The GitHub Pages workflow (.github/workflows/pages.yml) builds with targets the Makefile has and
uploads the folder that target writes; the README explains the one-time set-up it names."""

from __future__ import annotations

import re

import yaml

from tools.course import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def makefile_targets():
    return set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))


def build_script():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    return "\n".join(step.get("run", "") for step in steps), steps


def test_workflow_uses_existing_make_targets_and_uploads_their_output():
    script, steps = build_script()
    editions = re.findall(r"(\w+)\) make ([\w-]+) && echo \"SITE_DIR=([\w/]+)\"", script)
    assert {edition for edition, _, _ in editions} == {"full", "student"}  # one build per edition
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for _, target, folder in editions:
        assert target in makefile_targets(), f"the workflow runs `make {target}`, which the Makefile does not define"
        if target == "site":
            assert folder == "_build/html"  # jupyter-book's default output
        else:  # the target names its output folder in its recipe
            recipe = makefile.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]
            assert folder.removesuffix("/html") in recipe, f"`make {target}` does not write {folder}"
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "${{ env.SITE_DIR }}"


def test_readme_explains_the_set_up():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publish the website", 1)[1].split("\n## ", 1)[0]
    for needed in ("GitHub Actions", "SITE_EDITION", "student", ".github/workflows/pages.yml"):
        assert needed in section
