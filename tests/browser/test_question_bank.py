"""The "Question bank" page in Chromium: every question of book/question_bank.yml is there and checks
answers as the bank says, by mouse and by keyboard, and the GIFT file it links is served.

Which option is right comes from the bank (tools.question_bank.load), not from the page's markup."""

from __future__ import annotations

import pytest
from pages import new_page

from tools import question_bank as qb
from tools.browser import goto
from tools.course import SITE

PAGE = "book/question_bank.html"
QUESTIONS = qb.load()


@pytest.fixture(scope="module")
def tab(browser, base_url):
    context, tab = new_page(browser)
    goto(tab, base_url, PAGE)
    yield tab
    context.close()


def _status(form):
    form.page.wait_for_function("f => f.querySelector('.qb-status').textContent.length > 0", arg=form.element_handle())
    return form.locator(".qb-status").text_content()


def _check(form, indices):
    """Tick exactly the options at indices (by clicking their labels), press Check, return the status."""
    for k in range(form.locator(".qb-option").count()):
        box = form.locator("input").nth(k)
        if box.is_checked() != (k in indices):
            form.locator("label").nth(k).click()
    form.locator("button.qb-check").click()
    return _status(form)


def test_gift_file_is_served():
    assert (SITE / qb.GIFT_NAME).read_text(encoding="utf-8") == qb.to_gift(QUESTIONS)


def test_every_question_checks_answers(tab):
    """For every question: a wrong choice is called wrong and shows its reason (and only then describes
    the input); the right choice(s) are called correct."""
    assert tab.locator("form.qb-question").count() == len(QUESTIONS)
    problems = []
    for q in QUESTIONS:
        form = tab.locator(f"#qb-{q.id}")
        right = [k for k, o in enumerate(q.options) if o.correct]
        wrong = next(k for k, o in enumerate(q.options) if not o.correct)
        if form.locator(".qb-option").nth(wrong).locator(".qb-why").is_visible():
            problems.append(f"{q.id}: a reason is visible before any check")
        status = _check(form, [wrong])
        option = form.locator(".qb-option").nth(wrong)
        if not (status.startswith("Not") and option.locator(".qb-why").is_visible()
                and "qb-wrong" in option.get_attribute("class")
                and option.locator("input").get_attribute("aria-describedby") == f"qb-{q.id}-{wrong}-why"):
            problems.append(f"{q.id}: wrong option {wrong} not reported as wrong ({status!r})")
        if q.options[wrong].why.replace("`", "")[:40] not in status and not q.multi:
            problems.append(f"{q.id}: the status line does not say why ({status!r})")
        status = _check(form, right)
        if not status.startswith("Correct"):
            problems.append(f"{q.id}: right option(s) {right} not reported as correct ({status!r})")
        if form.locator(".qb-option").nth(wrong).locator(".qb-why").is_visible():
            problems.append(f"{q.id}: the reason of an option no longer chosen is still shown")
    assert not problems, problems


def test_keyboard_only(tab):
    """Tab into a question, choose with the arrow keys, Tab to Check and press Enter (or Space)."""
    q = next(q for q in QUESTIONS if not q.multi)
    form = tab.locator(f"#qb-{q.id}")
    form.locator("input").first.focus()
    tab.keyboard.press("Space")  # selects the focused radio button
    tab.keyboard.press("ArrowDown")  # moves the selection to the next option
    assert form.locator("input").nth(1).is_checked()
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.classList.contains('qb-check')")
    tab.keyboard.press("Enter")
    expected = "Correct" if q.options[1].correct else "Not"
    assert _status(form).startswith(expected)


def test_nothing_chosen(tab):
    form = tab.locator(f"#qb-{QUESTIONS[-1].id}")
    for k in range(form.locator("input").count()):
        form.locator("input").nth(k).set_checked(False)
    form.locator("button.qb-check").click()
    assert _status(form) == "Choose an answer first."
