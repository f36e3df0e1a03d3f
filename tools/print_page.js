// What tools/make_pdf.py does to the joined book in Chromium before printing it: paper cannot scroll,
// click or move a slider. It works on the page's DOM, whatever the HTML looked like before scripts ran
// (frames embedded or loaded from files, answers folded by <details> or by sphinx-togglebutton).
// `preparePrint()` returns once every image is decoded, so the PDF shows them all.

// Folded content (exercise solutions, self-check answers, hidden cells) is printed unfolded.
function unfold(root) {
  root.querySelectorAll("details").forEach((d) => { d.open = true; });
  root.querySelectorAll(".toggle-hidden").forEach((e) => e.classList.remove("toggle-hidden"));
}

// A frame player's slider, described as "its label = the value shown".
function setting(input) {
  const label = input.getAttribute("aria-label") || (input.closest("label") || input).textContent.trim();
  const shown = input.parentElement.querySelector("output");
  return `${label} = ${shown ? shown.textContent.trim() : input.value}`;
}

function moveTo(input, value) {
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

function panel(src, alt, caption, className) {
  const figure = document.createElement("figure");
  figure.className = className;
  const img = document.createElement("img");
  img.src = src;
  img.alt = alt;
  const text = document.createElement("figcaption");
  text.textContent = caption;
  figure.append(img, text);
  return figure;
}

// A frame player becomes the frame it shows, captioned with its slider settings, followed by the frames
// at the two ends of its first slider (the others as shown), at half width: the printed figure says
// what the slider changes.
async function printPlayer(player) {
  const img = player.querySelector("img");
  const inputs = [...player.querySelectorAll('input[type="range"]')];
  const settings = () => inputs.map(setting).join(", ");
  const snapshot = async () => {
    await img.decode().catch(() => {});
    return { src: img.currentSrc || img.src, caption: settings() };
  };
  const shown = await snapshot();
  const ends = [];
  if (inputs.length) {
    const first = inputs[0];
    const start = first.value;
    for (const end of [first.min, first.max]) {
      if (end === start) continue;
      moveTo(first, end);
      ends.push(await snapshot());
    }
    moveTo(first, start);
  }
  const printed = document.createElement("div");
  printed.className = "print-player";
  printed.append(panel(shown.src, img.alt, `As printed: ${shown.caption}. On the website a slider changes it.`, "print-frame"));
  if (ends.length) {
    const row = document.createElement("div");
    row.className = "print-ends";
    ends.forEach((f) => row.append(panel(f.src, `${img.alt} (${f.caption})`, f.caption, "print-end")));
    printed.append(row);
  }
  player.replaceWith(printed);
}

// Text with its hyphenated words (a number such as 1.7e-13) kept whole: Chromium would otherwise
// break a wrapped line after the hyphen.
function appendUnbroken(parent, text) {
  let last = 0;
  for (const m of text.matchAll(/[\w.]+-[\w.]+/g)) {
    if (m.index > last) parent.append(text.slice(last, m.index));
    const word = document.createElement("span");
    word.className = "print-nobreak";
    word.textContent = m[0];
    parent.append(word);
    last = m.index + m[0].length;
  }
  if (last < text.length) parent.append(text.slice(last));
}

// Each line of a code block becomes its own block with a hanging indent: a line too long for the
// paper continues below its own indentation plus four columns, with a rule in the margin, instead of
// at column 0 (which would read as different Python). Syntax-highlighting spans that cross a line
// end are split, their classes kept on both sides.
function hangingIndent(pre) {
  const lines = [];
  const path = []; // the original elements from pre down to the node being copied
  let stack; // their copies in the current line: stack[0] is the line itself
  const newLine = () => {
    const line = document.createElement("span");
    line.className = "print-line";
    lines.push(line);
    stack = [line];
    path.forEach((el) => {
      const copy = el.cloneNode(false);
      stack[stack.length - 1].append(copy);
      stack.push(copy);
    });
  };
  const copy = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      node.data.split("\n").forEach((part, i) => {
        if (i > 0) newLine();
        appendUnbroken(stack[stack.length - 1], part);
      });
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      const el = node.cloneNode(false);
      stack[stack.length - 1].append(el);
      path.push(node);
      stack.push(el);
      [...node.childNodes].forEach(copy);
      path.pop();
      stack.pop();
    }
  };
  newLine();
  [...pre.childNodes].forEach(copy);
  if (lines.length > 1 && lines[lines.length - 1].textContent === "") lines.pop(); // the final newline
  lines.forEach((line) => {
    const indent = line.textContent.match(/^[ \t]*/)[0].length;
    line.style.setProperty("--hang", `${indent + 4}ch`);
  });
  pre.replaceChildren(...lines);
}

async function preparePrint() {
  // first: a lazy image far below the screen never loads, and decode() would wait for it forever
  document.querySelectorAll("img").forEach((img) => { img.loading = "eager"; });
  unfold(document);
  for (const player of document.querySelectorAll(".frame-player")) await printPlayer(player);
  document.querySelectorAll("pre").forEach(hangingIndent);
  await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
  await document.fonts.ready;
  return document.querySelectorAll(".print-player").length;
}
