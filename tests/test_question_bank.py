"""The question bank (book/question_bank.yml, tools/question_bank.py): its rules, the numbers its
questions quote (recomputed here independently), the page's HTML, and the Moodle GIFT export, read back
by a GIFT parser written here from Moodle's format description (not by the code that writes it)."""

from __future__ import annotations

import html.parser
import itertools
import re
import subprocess
import sys
import warnings

import numpy as np
import pytest
import yaml
from sklearn.datasets import load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge
from sklearn.preprocessing import StandardScaler

from tools import question_bank as qb
from tools.course import ROOT

QUESTIONS = qb.load()
RAW = yaml.safe_load(qb.BANK.read_text(encoding="utf-8"))["questions"]
CHAPTERS = [f"{k:02d}" for k in range(1, 11)]


# -- the bank's rules, read from the YAML itself --------------------------------------------------

def test_every_chapter_has_questions():
    """At least three questions on each of chapters 1-10."""
    counts = {c: sum(q["chapter"].startswith(c + "_") for q in RAW) for c in CHAPTERS}
    assert all(n >= 3 for n in counts.values()), counts


@pytest.mark.parametrize("raw", RAW, ids=[q["id"] for q in RAW])
def test_question_schema(raw):
    """One correct option unless marked multi; every option, right or wrong, says why."""
    options = raw["options"]
    n_correct = sum(o.get("correct", False) is True for o in options)
    if raw.get("multi"):
        assert 1 <= n_correct < len(options)
    else:
        assert n_correct == 1
    assert len(options) >= 3
    assert all(isinstance(o.get("why"), str) and len(o["why"].split()) >= 3 for o in options)


def _bank_file(tmp_path, question):
    path = tmp_path / "bank.yml"
    path.write_text(yaml.safe_dump({"questions": [question]}, allow_unicode=True), encoding="utf-8")
    return path


GOOD = {"id": "q-one", "chapter": "04_l1_lasso", "stem": "Which?",
        "options": [{"text": "a", "correct": True, "why": "right"}, {"text": "b", "why": "no"}, {"text": "c", "why": "no"}]}


@pytest.mark.parametrize("change, message", [
    (lambda q: q["options"][1].update(correct=True), "exactly one option must be correct"),
    (lambda q: q["options"][0].update(correct=False), "exactly one option must be correct"),
    (lambda q: q["options"][2].pop("why"), "option 3: why"),
    (lambda q: q.update(chapter="99_nowhere"), "not a page of _toc.yml"),
    (lambda q: q.update(answer="a"), "unknown key"),
    (lambda q: q.update(multi=True, options=[dict(o, correct=True) for o in q["options"]]), "at least one correct and one wrong"),
])
def test_load_names_the_broken_question(tmp_path, change, message):
    question = yaml.safe_load(yaml.safe_dump(GOOD))
    qb.load(_bank_file(tmp_path, question))  # the unbroken question loads
    change(question)
    with pytest.raises(ValueError, match=message) as error:
        qb.load(_bank_file(tmp_path, question))
    assert "q-one" in str(error.value)


def test_cli_reports_a_bad_bank_in_one_line(tmp_path):
    question = dict(GOOD, options=GOOD["options"][:1] * 3)
    result = subprocess.run([sys.executable, "-m", "tools.question_bank", "--bank", str(_bank_file(tmp_path, question)),
                             "--out", str(tmp_path / "x.gift")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "x.gift").exists()


# -- numbers quoted by questions, recomputed --------------------------------------------------------

def _option(q, pattern):
    """The options whose text matches pattern, as (match, option)."""
    return [(m, o) for o in q.options if (m := re.search(pattern, o.text))]


def check_lasso_rss_lambda(q):
    """λ of RSS + λ‖w‖₁ for Lasso(alpha=0.1) on diabetes: the correct λ satisfies that objective's
    optimality conditions at scikit-learn's solution (2 x_jᵀr = λ sign w_j, |2 x_jᵀr| <= λ at zeros);
    every wrong λ breaks them."""
    X, y = load_diabetes(return_X_y=True)
    assert f"{len(y)} rows" in q.stem and "alpha=0.1" in q.stem
    fit = Lasso(alpha=0.1, tol=1e-14, max_iter=1_000_000).fit(X, y)
    g = 2 * (X - X.mean(axis=0)).T @ (y - fit.predict(X))
    active = fit.coef_ != 0
    assert 0 < active.sum() < len(active)  # both kinds of condition are tested
    for m, option in _option(q, r"λ = ([0-9.]+)"):
        lam = float(m.group(1))
        violation = max(np.max(np.abs(g[active] - lam * np.sign(fit.coef_[active]))),
                        np.max(np.abs(g[~active])) - lam) / lam
        if option.correct:
            assert violation < 1e-6, (lam, violation)
        else:
            assert violation > 0.1, (lam, violation)


def check_soft_threshold_example(q):
    """½(w − 3)² + 2|w| by brute force; 0.6 is the squared penalty's minimizer, as its reason says."""
    assert "½(w − 3)² + 2|w|" in q.stem
    w = np.linspace(-5, 5, 1_000_001)
    l1 = w[np.argmin(0.5 * (w - 3) ** 2 + 2 * np.abs(w))]
    l2 = w[np.argmin(0.5 * (w - 3) ** 2 + 2 * w**2)]
    values = {float(m.group(1)): o for m, o in _option(q, r"^w = ([0-9.]+)$")}
    assert len(values) == len(q.options)
    [correct] = [v for v, o in values.items() if o.correct]
    assert abs(correct - l1) < 1e-5
    assert abs(l2 - 0.6) < 1e-5 and "2w²" in values[0.6].why
    assert all(abs(v - l1) > 0.1 for v, o in values.items() if not o.correct)


def check_ridge_twins(q):
    """Chapter 5's twin features (50 rows, x₂ = x₁ + 1% noise, seed 0), truth (2, 0), ridge at α = 1:
    E[ŵ] = (G + αI)⁻¹G w* with G = X_cᵀX_c, written out here."""
    assert "1% noise" in q.stem and "(2, 0)" in q.stem and "α = 1" in q.stem
    rng = np.random.default_rng(0)
    x1 = rng.standard_normal(50)
    twins = np.column_stack([x1, x1 + 0.01 * rng.standard_normal(50)])
    xc = twins - twins.mean(axis=0)
    gram = xc.T @ xc
    expected = np.linalg.solve(gram + np.eye(2), gram @ np.array([2.0, 0.0]))
    [correct] = [o for o in q.options if o.correct]
    assert correct.text.startswith("Near (1, 1)")
    assert np.all(np.abs(expected - 1) < 0.02), expected


def check_orthonormal_rules(q):
    """Least-squares coefficients 0.5 and 3 on orthonormal columns: scikit-learn's Lasso at ESL's
    λ = 1 (alpha = λ/n), exhaustive best subset of size 1 (the hard threshold at 1 keeps one), and
    Ridge(alpha=1) give the three rules the options name."""
    assert "0.5 and 3" in q.stem and "λ = 1" in q.stem
    rng = np.random.default_rng(1)
    n = 50
    basis, _ = np.linalg.qr(np.column_stack([np.ones(n), rng.standard_normal((n, 3))]))
    x, noise = basis[:, 1:3], basis[:, 3]  # orthonormal, centred, and a residual orthogonal to both
    y = x @ np.array([0.5, 3.0]) + 0.7 * noise
    assert np.allclose(LinearRegression(fit_intercept=False).fit(x, y).coef_, [0.5, 3.0])
    lasso = Lasso(alpha=1 / n, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(x, y).coef_
    ridge = Ridge(alpha=1.0, fit_intercept=False).fit(x, y).coef_
    subsets = [np.linalg.lstsq(x[:, [j]], y, rcond=None) for j in range(2)]
    best = int(np.argmin([np.sum((y - x[:, [j]] @ s[0]) ** 2) for j, s in enumerate(subsets)]))
    subset = np.zeros(2)
    subset[best] = subsets[best][0][0]
    values = {(float(m.group(1)), float(m.group(2))): o for m, o in _option(q, r"^([0-9.]+) and ([0-9.]+)$")}
    assert len(values) == len(q.options)
    by_rule = {"soft threshold": lasso, "best subset": subset, "ridge": ridge}
    for pair, option in values.items():
        matches = [rule for rule, coef in by_rule.items() if np.allclose(coef, pair, atol=1e-8)]
        if option.correct:
            assert matches == ["soft threshold"], (pair, matches)
        else:
            assert "soft threshold" not in matches
            assert all(rule in option.why for rule in matches), (pair, matches, option.why)


def check_command_ridge_conversion(q):
    """The command's RSS/(2n) + α‖w‖₂² solved from its normal equations; only the correct option (and
    ElasticNet at 2α, as the reason says) reproduces it."""
    rng = np.random.default_rng(2)
    n, alpha = 100, 0.2
    X = StandardScaler().fit_transform(rng.standard_normal((n, 4)))
    y = X @ np.array([2.5, -0.5, 0.0, 0.0]) + rng.standard_normal(n)
    xc, yc = X - X.mean(axis=0), y - y.mean()
    target = np.linalg.solve(xc.T @ xc / n + 2 * alpha * np.eye(4), xc.T @ yc / n)
    models = {
        "`Ridge(alpha=2 * n * alpha)`": Ridge(alpha=2 * n * alpha),
        "`Ridge(alpha=alpha)`": Ridge(alpha=alpha),
        "`Ridge(alpha=alpha / (2 * n))`": Ridge(alpha=alpha / (2 * n)),
        "`ElasticNet(alpha=alpha, l1_ratio=0)`": ElasticNet(alpha=alpha, l1_ratio=0, tol=1e-14, max_iter=100_000),
    }
    assert set(models) == {o.text for o in q.options}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (UserWarning, ConvergenceWarning))  # ElasticNet warns at l1_ratio=0
        for option in q.options:
            gap = np.max(np.abs(models[option.text].fit(X, y).coef_ - target)) / np.max(np.abs(target))
            assert (gap < 1e-8) if option.correct else (gap > 0.01), (option.text, gap)
        doubled = ElasticNet(alpha=2 * alpha, l1_ratio=0, tol=1e-14, max_iter=100_000).fit(X, y).coef_
    assert np.allclose(doubled, target, atol=1e-8)


def check_scale_y(q):
    """Diabetes, standardized features, the Lasso at alpha 5 and ridge: y times 100 multiplies the
    Lasso's alpha_max by 100 and leaves fewer zeros; every ridge weight is multiplied by exactly 100."""
    assert "by 100" in q.stem
    X, y = load_diabetes(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    xc = X - X.mean(axis=0)
    alpha_max = [np.max(np.abs(xc.T @ (t - t.mean()))) / len(t) for t in (y, 100 * y)]
    assert np.isclose(alpha_max[1], 100 * alpha_max[0], rtol=1e-12)
    zeros = [np.sum(Lasso(alpha=5.0, tol=1e-12, max_iter=100_000).fit(X, t).coef_ == 0) for t in (y, 100 * y)]
    assert zeros[0] > zeros[1], zeros
    ridge = [Ridge(alpha=5.0 * 2 * len(y)).fit(X, t).coef_ for t in (y, 100 * y)]
    assert np.allclose(ridge[1], 100 * ridge[0], rtol=1e-10, atol=0)
    [correct] = [o for o in q.options if o.correct]
    assert "100-fold" in correct.text and "multiplied by exactly 100" in correct.text


CHECKS = {f.__name__.removeprefix("check_"): f for f in (
    check_lasso_rss_lambda, check_soft_threshold_example, check_ridge_twins, check_orthonormal_rules,
    check_command_ridge_conversion, check_scale_y)}
CHECKED = [q for q in QUESTIONS if q.check]


@pytest.mark.parametrize("question", CHECKED, ids=[q.id for q in CHECKED])
def test_quoted_numbers_are_recomputed(question):
    CHECKS[question.check](question)


def test_every_check_is_used_and_every_quoted_result_is_checked():
    """A decimal number in a question's text (outside `code`) is a quoted result: its question must
    name a check, and every check must belong to a question."""
    assert {q.check for q in CHECKED} == set(CHECKS)
    decimal = re.compile(r"(?<![\w.])\d+\.\d+")
    for q in QUESTIONS:
        texts = [q.stem] + [t for o in q.options for t in (o.text, o.why)]
        prose = " ".join(re.sub(r"`[^`]*`", "", t) for t in texts)
        assert not decimal.search(prose) or q.check, f"{q.id} quotes {decimal.findall(prose)} without a check"


# -- the page ---------------------------------------------------------------------------------------

class _Forms(html.parser.HTMLParser):
    """The page's questions as the browser sees them: per form, its id, legend text, and per option
    (input type, input id, label target, data-correct, label text, reason text)."""

    def __init__(self):
        super().__init__()
        self.forms, self._field = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"id": a["id"], "legend": "", "options": []})
        elif tag == "legend":
            self._field = "legend"
        elif tag == "div" and a.get("class") == "qb-option":
            self.forms[-1]["options"].append({"correct": a["data-correct"], "label": "", "why": ""})
        elif tag == "input":
            self.forms[-1]["options"][-1].update(type=a["type"], input_id=a["id"], name=a["name"])
        elif tag == "label":
            self.forms[-1]["options"][-1]["for"] = a["for"]
            self._field = "label"
        elif tag == "span" and a.get("class") == "qb-reason":
            self._field = "why"

    def handle_endtag(self, tag):
        if tag in ("legend", "label") or (tag == "span" and self._field == "why"):
            self._field = None

    def handle_data(self, data):
        if self._field == "legend":
            self.forms[-1]["legend"] += data
        elif self._field:
            self.forms[-1]["options"][-1][self._field] += data


def _plain(text):
    return text.replace("`", "")


def test_page_has_every_question():
    """Every question and option of the bank is on the page, in order, each input labelled and marked
    as the bank says; radio buttons for single answers, check boxes for multi."""
    parser = _Forms()
    parser.feed(qb.to_html(QUESTIONS))
    assert [f["id"] for f in parser.forms] == [f"qb-{q.id}" for q in QUESTIONS]
    for form, q in zip(parser.forms, QUESTIONS):
        assert _plain(q.stem) in form["legend"]
        assert len(form["options"]) == len(q.options)
        for got, opt in zip(form["options"], q.options):
            assert got["label"] == _plain(opt.text) and got["why"] == _plain(opt.why)
            assert got["for"] == got["input_id"] and got["name"] == form["id"]
            assert got["correct"] == str(opt.correct).lower()
            assert got["type"] == ("checkbox" if q.multi else "radio")


def test_page_source_uses_the_directive():
    source = (ROOT / "book" / "question_bank.md").read_text(encoding="utf-8")
    assert "```{question-bank}" in source and f"../{qb.GIFT_NAME}" in source


# -- Moodle GIFT ------------------------------------------------------------------------------------

def _scan(text):
    """GIFT text as a list of (escaped?, char): a backslash makes the next character literal."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append((True, "\n" if text[i + 1] == "n" else text[i + 1]))
            i += 2
        else:
            out.append((False, text[i]))
            i += 1
    return out


def _split(chars, sep):
    """Split scanned chars at every unescaped sep."""
    parts, current = [], []
    for escaped, c in chars:
        if not escaped and c == sep:
            parts.append(current)
            current = []
        else:
            current.append((escaped, c))
    return parts + [current]


def _literal(chars):
    """Text of scanned chars that must hold no unescaped control character."""
    bad = [c for escaped, c in chars if not escaped and c in "~=#{}"]
    assert not bad, f"unescaped {bad} in {''.join(c for _, c in chars)!r}"
    return "".join(c for _, c in chars)


def parse_gift(text):
    """A GIFT reader for what this course writes: categories, ::names::, [format], multiple choice with
    =right / ~wrong / ~%weight% answers and #feedback. Returns a list of question dicts."""
    questions, category = [], None
    for block in re.split(r"\n[ \t]*\n", text):
        block = "\n".join(line for line in block.split("\n") if not line.lstrip().startswith("//")).strip()
        if not block:
            continue
        if block.startswith("$CATEGORY:"):
            category = block.removeprefix("$CATEGORY:").strip()
            continue
        chars = _scan(block)
        assert chars[:2] == [(False, ":"), (False, ":")], block[:40]
        end = next(i for i in range(2, len(chars)) if chars[i:i + 2] == [(False, ":"), (False, ":")])
        name, rest = _literal(chars[2:end]), chars[end + 2:]
        opens = [i for i, (escaped, c) in enumerate(rest) if not escaped and c == "{"]
        closes = [i for i, (escaped, c) in enumerate(rest) if not escaped and c == "}"]
        assert len(opens) == len(closes) == 1 and opens[0] < closes[0], name
        assert not "".join(c for _, c in rest[closes[0] + 1:]).strip(), name
        stem = _literal([ch for ch in rest[:opens[0]] if ch != (False, ":")])
        assert ":" not in "".join(c for e, c in rest[:opens[0]] if not e), name
        fmt, stem = re.fullmatch(r"\[(\w+)\](.*)", stem, flags=re.S).groups()
        answers, body, current, mark = [], rest[opens[0] + 1:closes[0]], [], None
        for escaped, c in body + [(False, "~")]:  # a sentinel closes the last answer
            if not escaped and c in "=~":
                if mark is not None:
                    text_part, *feedback = _split(current, "#")
                    assert len(feedback) == 1, f"{name}: an answer without exactly one #feedback"
                    answer = _literal(text_part).strip()
                    weight = re.match(r"%(-?\d+(?:\.\d+)?)%", answer) if mark == "~" else None
                    fraction = 100.0 if mark == "=" else float(weight.group(1)) if weight else 0.0
                    answers.append((fraction, answer[weight.end():] if weight else answer, _literal(feedback[0]).strip()))
                elif "".join(ch for _, ch in current).strip():
                    raise AssertionError(f"{name}: text before the first answer")
                mark, current = c, []
            else:
                current.append((escaped, c))
        questions.append({"category": category, "name": name, "format": fmt, "stem": stem.strip(), "answers": answers})
    return questions


def test_gift_round_trip():
    """The GIFT file read back gives every question of the bank: name, chapter category, HTML stem,
    every option with its feedback, and the right options right (single: one '='; multi: the right
    options share +100%, the wrong ones -100%)."""
    parsed = parse_gift(qb.to_gift(QUESTIONS))
    assert [p["name"] for p in parsed] == [q.id for q in QUESTIONS]
    for p, q in zip(parsed, QUESTIONS):
        assert p["format"] == "html" and p["stem"] == qb.inline_html(q.stem)
        assert p["category"] == f"L1 vs L2 Regularization/{q.chapter[:2]} {qb.chapter_title(q.chapter)}"
        assert [(a[1], a[2]) for a in p["answers"]] == [(qb.inline_html(o.text), qb.inline_html(o.why)) for o in q.options]
        fractions = [a[0] for a in p["answers"]]
        assert [f > 0 for f in fractions] == [o.correct for o in q.options]
        if q.multi:
            assert abs(sum(f for f in fractions if f > 0) - 100) < 1e-3
            assert abs(sum(f for f in fractions if f < 0) + 100) < 1e-3
        else:
            assert sorted(fractions) == [0.0] * (len(fractions) - 1) + [100.0]


SPECIAL = "a ~ b = c # d { e } f : g \\ h <i> & `x = {y}`"


def test_gift_escapes_every_special_character():
    """Text full of GIFT's control characters (~ = # { } :), a backslash and HTML comes back intact."""
    question = qb.Question("q-special", "04_l1_lasso", SPECIAL + " ::", (
        qb.Option(SPECIAL, True, SPECIAL + " #right"), qb.Option("~" + SPECIAL, False, "=wrong"),
        qb.Option(SPECIAL + " =", False, "{why}")), False)
    [parsed] = parse_gift(qb.to_gift([question]))
    assert parsed["stem"] == qb.inline_html(question.stem)
    assert [(a[1], a[2]) for a in parsed["answers"]] == [(qb.inline_html(o.text), qb.inline_html(o.why)) for o in question.options]
    assert [a[0] for a in parsed["answers"]] == [100.0, 0.0, 0.0]
    for text in itertools.chain([SPECIAL], "~=#{}:\\"):
        assert _literal(_scan(qb.gift_escape(text))) == text


def test_cli_writes_the_gift_file(tmp_path):
    out = tmp_path / "bank.gift"
    result = subprocess.run([sys.executable, "-m", "tools.question_bank", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == qb.to_gift(QUESTIONS)
