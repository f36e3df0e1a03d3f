// Click-to-check questions of the "Question bank" page (markup written by tools/question_bank.py).
// "Check" marks the chosen option(s) right or wrong, shows why under each, and says the verdict in the
// form's status line, which screen readers announce (role="status"). No kernel, no network.
(() => {
  const isCorrect = (option) => option.dataset.correct === "true";
  const input = (option) => option.querySelector("input");
  const reason = (option) => option.querySelector(".qb-reason").textContent;

  function show(option, visible) {
    const why = option.querySelector(".qb-why");
    why.hidden = !visible;
    // the reason describes the input only once it is visible (before, it would give the answer away)
    if (visible) input(option).setAttribute("aria-describedby", why.id);
    else input(option).removeAttribute("aria-describedby");
    option.classList.toggle("qb-right", visible && isCorrect(option));
    option.classList.toggle("qb-wrong", visible && !isCorrect(option));
    option.querySelector(".qb-verdict").textContent = isCorrect(option) ? "Right: " : "Wrong: ";
  }

  // The verdict in the status line; `spoken` is read out too but not shown (sighted readers see the
  // reason under the option already).
  function say(status, verdict, spoken = "") {
    status.textContent = "";  // cleared first, so that the same verdict twice is announced twice
    setTimeout(() => {
      status.append(verdict);
      if (spoken) {
        const hidden = document.createElement("span");
        hidden.className = "qb-sr-only";
        hidden.textContent = " " + spoken;
        status.append(hidden);
      }
    }, 50);
  }

  for (const form of document.querySelectorAll("form.qb-question")) {
    const options = [...form.querySelectorAll(".qb-option")];
    const status = form.querySelector(".qb-status");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const chosen = options.filter((o) => input(o).checked);
      options.forEach((o) => show(o, chosen.includes(o)));
      if (chosen.length === 0) {
        say(status, "Choose an answer first.");
      } else if (form.dataset.multi !== "true") {
        const [option] = chosen;
        if (isCorrect(option)) say(status, "Correct.", reason(option));
        else say(status, "Not this one: try another answer.", reason(option));
      } else {
        const wrong = chosen.filter((o) => !isCorrect(o)).length;
        const missed = options.filter((o) => isCorrect(o) && !input(o).checked).length;
        say(status, wrong + missed === 0
          ? "Correct: every true statement and no false one."
          : `Not yet: ${wrong} of your choices ${wrong === 1 ? "is" : "are"} false, and ${missed} true ` +
            `${missed === 1 ? "statement is" : "statements are"} not chosen. The reasons are under your choices.`);
      }
    });
  }
})();
