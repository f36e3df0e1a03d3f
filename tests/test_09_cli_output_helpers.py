"""Small changes chapter 9 made to ``python -m helpers``: one error format, fast failure."""

from __future__ import annotations

import subprocess
import sys


def _python(code: str):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_a_bad_option_fails_before_scikit_learn_is_imported():
    # argparse rejects the option before load() runs, so the slow import never happens
    out = _python(
        "import sys\n"
        "from helpers.cli import main\n"
        "try:\n"
        "    main(['train', '--alpha', '-1'])\n"
        "except SystemExit as exc:\n"
        "    print(exc.code, 'sklearn' in sys.modules)\n"
    )
    assert out.stdout.split() == ["2", "False"], out.stderr


def test_every_error_line_has_the_same_form():
    # argparse's refusals and the command's own (the step bound per penalty) read alike
    for args in (["train", "--alpha", "-1"], ["train", "--lr", "abc"], ["train", "--lr", "5"], ["train", "--lr", "5", "--penalty", "l2"]):
        out = subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True, timeout=60)
        assert out.returncode == 2
        assert out.stderr.startswith("python -m helpers train: error: ")
        assert out.stderr.rstrip().endswith("(see --help)")
