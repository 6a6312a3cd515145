// The analyst's page of `entente serve`: named questions with their
// parameters (names completed by the server's resolver), answers as tables
// with labels and links, the question's SPARQL in an editor, the actor
// graph drawn by Graphviz on the server (each actor a link to its
// description), and an actor's timeline where the server has the question
// `timeline`. Plain JavaScript, no framework.
"use strict";
const $ = (id) => document.getElementById(id);
let questions = [];
const editor = CodeMirror.fromTextArea($("sparql"), { mode: "sparql", lineNumbers: true });

async function text(response) {
  const body = await response.text();
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}: ${body}`);
  return body;
}

function showError(error) {
  $("answer").dataset.state = "error";
  $("error").hidden = false;
  $("error").textContent = String(error.message || error);
  $("answer").textContent = "";
  $("count").textContent = "";
}

// Completion: each parameter input asks /names as the user types.
function completing(input, list) {
  input.addEventListener("input", async () => {
    if (input.value.length < 2) return;
    const names = JSON.parse(await text(await fetch(`/names?q=${encodeURIComponent(input.value)}`)));
    list.replaceChildren(...names.map((n) => Object.assign(document.createElement("option"), { value: n })));
  });
}

function chooseQuestion(name, values = {}) {
  const q = questions.find((q) => q.name === name) || questions[0];
  $("question").value = q.name;
  $("description").textContent = q.description;
  editor.setValue(q.sparql);
  const form = $("params");
  form.replaceChildren();
  for (const p of q.parameters) {
    const label = Object.assign(document.createElement("label"), { htmlFor: `param-${p.name}` });
    label.append(p.name + " ", Object.assign(document.createElement("small"), { textContent: p.doc }));
    const input = Object.assign(document.createElement("input"), {
      id: `param-${p.name}`, name: p.name, value: values[p.name] || "", autocomplete: "off", size: 40,
    });
    const list = Object.assign(document.createElement("datalist"), { id: `names-${p.name}` });
    input.setAttribute("list", list.id);
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); ask(); } });
    completing(input, list);
    form.append(label, input, list);
  }
}

function paramsOfForm() {
  const params = new URLSearchParams();
  for (const input of $("params").querySelectorAll("input")) {
    if (input.value.trim()) params.append(input.name, input.value.trim());
  }
  return params;
}

// A SPARQL JSON answer as a table of labels, each IRI a link to its
// description; the number of rows.
async function renderTable(answer, container) {
  const vars = answer.head.vars;
  const rows = answer.results.bindings;
  const iris = new Set();
  for (const row of rows) for (const v of vars) if (row[v] && row[v].type === "uri") iris.add(row[v].value);
  const labels = iris.size ? JSON.parse(await text(await fetch("/labels", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams([...iris].map((i) => ["iri", i])),
  }))) : {};
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const v of vars) head.append(Object.assign(document.createElement("th"), { textContent: v }));
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const v of vars) {
      const cell = tr.insertCell();
      const term = row[v];
      if (!term) continue;
      if (term.type === "uri") {
        const link = Object.assign(document.createElement("a"), {
          href: `#describe=${encodeURIComponent(term.value)}`,
          textContent: labels[term.value] || term.value,
          title: term.value,
        });
        cell.append(link);
      } else {
        cell.textContent = term.value;
      }
    }
  }
  container.replaceChildren(table);
  return rows.length;
}

const rowCount = (n) => `${n} row${n === 1 ? "" : "s"}`;

// #answer's data-state says "done" once an answer is drawn (tests wait for it).
async function showAnswer(response, title) {
  $("error").hidden = true;
  $("answer-title").textContent = title;
  try {
    const answer = JSON.parse(await text(response));
    if ("boolean" in answer) {
      $("answer").textContent = answer.boolean ? "yes" : "no";
      $("count").textContent = "";
      $("answer").dataset.state = "done";
      return;
    }
    $("count").textContent = rowCount(await renderTable(answer, $("answer")));
    $("answer").dataset.state = "done";
  } catch (error) {
    showError(error);
  }
}

// The timeline of an actor: the answer of the named question `timeline`
// (its first parameter the actor), shown only where the server has that
// question; #timeline's data-state says "done" once drawn.
async function showTimeline(actor) {
  const question = questions.find((q) => q.name === "timeline");
  const section = $("timeline-section");
  if (!question || !question.parameters.length || !actor) return;
  section.hidden = false;
  $("timeline").dataset.state = "loading";
  $("timeline-title").textContent = `${question.title}: ${actor}`;
  const params = new URLSearchParams([[question.parameters[0].name, actor]]);
  try {
    const answer = JSON.parse(await text(await fetch(`/questions/timeline?${params}`, {
      headers: { Accept: "application/sparql-results+json" },
    })));
    $("timeline-count").textContent = rowCount(await renderTable(answer, $("timeline")));
  } catch (error) {
    $("timeline-count").textContent = "";
    $("timeline").textContent = String(error.message || error);
  }
  $("timeline").dataset.state = "done";
}

async function ask() {
  $("answer").dataset.state = "loading";
  const name = $("question").value;
  const params = paramsOfForm();
  const hash = `#q=${encodeURIComponent(name)}${params.toString() ? "&" + params : ""}`;
  $("permalink").href = hash;
  const response = await fetch(`/questions/${encodeURIComponent(name)}?${params}`, {
    headers: { Accept: "application/sparql-results+json" },
  });
  await showAnswer(response, questions.find((q) => q.name === name).title);
}

async function runSparql() {
  $("answer").dataset.state = "loading";
  const response = await fetch("/query", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
    body: new URLSearchParams({ query: editor.getValue() }),
  });
  await showAnswer(response, "Answer of your SPARQL");
}

// The diagram's actors are links to their descriptions (the server writes
// them as `/#describe=IRI`), so a click lands where an answer's link does.
async function draw() {
  const params = new URLSearchParams({ depth: $("depth").value || "1" });
  const focus = $("focus").value.trim();
  if (focus) params.set("focus", focus);
  try {
    const svg = await text(await fetch(`/graph.svg?${params}`));
    $("diagram").innerHTML = svg.slice(svg.indexOf("<svg"));
  } catch (error) {
    $("diagram").textContent = String(error.message || error);
  }
  await showTimeline(focus);
}

// #describe=IRI shows everything about a thing; #q=NAME&p=v a question.
async function route() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.has("describe")) {
    const thing = `<${hash.get("describe")}>`;
    chooseQuestion("describe", { thing });
    await Promise.all([ask(), showTimeline(thing)]);
  } else if (hash.has("q")) {
    const values = Object.fromEntries([...hash].filter(([k]) => k !== "q"));
    chooseQuestion(hash.get("q"), values);
    await ask();
  }
}

(async () => {
  questions = JSON.parse(await text(await fetch("/questions"))).filter((q) => q.name !== "view");
  $("question").replaceChildren(...questions.map((q) =>
    Object.assign(document.createElement("option"), { value: q.name, textContent: q.title })));
  $("question").addEventListener("change", () => chooseQuestion($("question").value));
  $("run").addEventListener("click", ask);
  $("run-sparql").addEventListener("click", runSparql);
  $("draw").addEventListener("click", draw);
  completing($("focus"), $("focus-names"));
  window.addEventListener("hashchange", route);
  chooseQuestion("mediators");
  if (location.hash) await route();
  document.body.dataset.ready = "yes";
})();
