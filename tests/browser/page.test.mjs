// The page of `entente serve` as an analyst uses it, in Debian's Chromium
// (playwright-core drives it and downloads no browser): load it, ask a
// named question with a name typed as a user types it, see the rows, follow
// an actor link, edit and run SPARQL, see a bad query's error, draw the
// graph and follow one of its actors, see an actor's timeline (where the
// server has the question `timeline`). `ENTENTE_BIN` is the binary (default: the debug build);
// `UPDATE_SCREENSHOT=1` rewrites docs/serve-page.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const binary = process.env.ENTENTE_BIN
  || join(process.env.CARGO_TARGET_DIR || join(root, "target"), "debug/entente");
let server, base, browser, page, profile;

before(async () => {
  server = spawn(binary, ["serve", "--bind", "127.0.0.1:0"], { stdio: ["ignore", "ignore", "pipe"] });
  base = await new Promise((resolve, reject) => {
    let seen = "";
    server.stderr.on("data", (chunk) => {
      seen += chunk;
      const found = seen.match(/serving (http:\/\/[0-9.:]+)\//);
      if (found) resolve(found[1]);
    });
    server.on("exit", (code) => reject(new Error(`entente serve ended (${code}): ${seen}`)));
    server.on("error", (error) => reject(new Error(`cannot start ${binary}: ${error.message}`)));
  });
  profile = mkdtempSync(join(tmpdir(), "entente-chromium-"));
  // A fresh profile each run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
    viewport: { width: 1280, height: 1400 },
  });
  page = browser.pages()[0] || await browser.newPage();
  await page.goto(`${base}/`);
  await page.waitForSelector("body[data-ready=yes]");
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const answered = () => page.waitForSelector("#answer[data-state=done]", { state: "attached" });
const cells = () => page.$$eval("#answer td", (tds) => tds.map((td) => td.textContent));

test("a named question with a typed name shows its rows with labels", async () => {
  await page.selectOption("#question", "allies");
  const actor = page.locator("#param-actor");
  await actor.click();
  await page.keyboard.type("armen", { delay: 30 });
  // The resolver completes the name.
  await page.waitForFunction(() =>
    [...document.querySelectorAll("#names-actor option")].some((o) => o.value === "Armenia"));
  await page.keyboard.type("ia");
  await page.click("#run");
  await answered();
  const text = await cells();
  assert.ok(text.includes("Russia"), text.join(" | "));
  assert.ok(text.includes("Armenia"), text.join(" | "));
  assert.match(await page.textContent("#count"), /^\d+ rows?$/);
});

test("an actor link opens its description", async () => {
  await page.click("#answer td a:text-is('Russia')");
  await page.waitForFunction(() => document.querySelector("#answer-title").textContent.startsWith("Everything"));
  await answered();
  assert.equal(await page.inputValue("#param-thing"), "<https://entente.example/id/Russia>");
  const text = await cells();
  assert.ok(text.includes("direct") && text.includes("Russia"), text.join(" | "));
});

test("edited SPARQL runs, and a bad query shows its error", async () => {
  await page.click(".CodeMirror");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("SELECT ?state WHERE { ?state a ent:DeFactoState }");
  await page.click("#run-sparql");
  await page.waitForFunction(() => document.querySelector("#answer-title").textContent === "Answer of your SPARQL");
  await answered();
  assert.deepEqual(await cells(), ["Nagorno-Karabakh"]);
  await page.click(".CodeMirror");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("SELECT ?state WHERE { ?state a ");
  await page.click("#run-sparql");
  await page.waitForSelector("#answer[data-state=error]", { state: "attached" });
  const error = await page.textContent("#error");
  assert.match(error, /^400 /);
  assert.match(error, /line 1, column/);
});

test("the actor graph is drawn by Graphviz on the server", async () => {
  await page.click("#focus");
  await page.keyboard.type("Artsakh");
  await page.click("#draw");
  await page.waitForSelector("#diagram svg g.node");
  const nodes = await page.$$eval("#diagram svg g.node title", (t) => t.length);
  assert.ok(nodes >= 3, `${nodes} nodes`);
});

test("a node of the diagram opens the actor's description", async () => {
  // Drawn around Artsakh by the test before.
  const node = page.locator("#diagram svg g.node:has(text:text-is('Azerbaijan')) a").first();
  await node.click();
  await page.waitForFunction(() =>
    document.querySelector("#param-thing")?.value === "<https://entente.example/id/Azerbaijan>");
  await answered();
  assert.match(await page.textContent("#answer-title"), /^Everything/);
  const text = await cells();
  assert.ok(text.includes("Azerbaijan") && text.includes("direct"), text.join(" | "));
});

test("an actor's timeline is shown where the server has the question timeline", async () => {
  const questions = await (await fetch(`${base}/questions`)).json();
  const timeline = questions.find((q) => q.name === "timeline");
  await page.$eval("#diagram", (d) => d.replaceChildren());
  await page.fill("#focus", "Armenia");
  await page.click("#draw");
  await page.waitForSelector("#diagram svg g.node");
  if (!timeline) {
    // The page works without it, and shows no empty section.
    assert.equal(await page.isHidden("#timeline-section"), true);
    return;
  }
  await page.waitForSelector("#timeline[data-state=done]", { state: "attached" });
  const rows = await page.$$eval("#timeline tbody tr", (trs) => trs.length);
  const params = new URLSearchParams([[timeline.parameters[0].name, "Armenia"]]);
  const answer = await (await fetch(`${base}/questions/timeline?${params}`, {
    headers: { Accept: "application/sparql-results+json" },
  })).json();
  assert.ok(answer.results.bindings.length > 0, "Armenia has a timeline");
  assert.equal(rows, answer.results.bindings.length);
});

test("a picture of the page", async () => {
  // A question's answer, the diagram around Armenia and its timeline.
  await page.goto(`${base}/#q=allies&actor=Armenia`);
  await answered();
  await page.$eval("#diagram", (d) => d.replaceChildren());
  await page.fill("#focus", "Armenia");
  await page.click("#draw");
  await page.waitForSelector("#diagram svg g.node");
  if (!(await page.isHidden("#timeline-section"))) {
    await page.waitForSelector("#timeline[data-state=done]", { state: "attached" });
  }
  const path = process.env.UPDATE_SCREENSHOT === "1"
    ? join(root, "docs/serve-page.png")
    : join(tmpdir(), `entente-page-${process.pid}.png`);
  await page.screenshot({ path, fullPage: true });
});
