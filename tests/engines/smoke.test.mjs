/**
 * @file The end-to-end smoke in one engine (`DD_ENGINE=firefox|webkit`): every page's main
 * flow, driven over W3C WebDriver. The Playwright tests in tests/e2e/ check every detail in
 * Chromium; this checks that each flow works at all in Firefox and in WebKit.
 *
 * The flows are a table keyed by page URL ({@link FLOWS}); each entry opens its page and runs
 * its flows, then asserts the page logged no error and no request failed. With
 * `DD_OFFLINE_FILE` set (a path to `deepdive-offline.html`), the offline file's entry runs too,
 * from its `file:` URL.
 */

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ENGINE, assertClean, button, byLabel, chooseFiles, click, download, problems, startSession, text, waitFor,
} from './driver.mjs';
import { workbook } from './xlsx.mjs';

/**
 * One flow on a page.
 *
 * @typedef {object} Flow
 * @property {string} name
 * @property {(s: import('./driver.mjs').Session, page: string) => Promise<void>} run
 * @property {string} [skip] - Why this engine does not run it (said in the report).
 */

/** @type {import('./driver.mjs').Session} */
let session;

/** The error probe's text, run in a `file:` page once it has loaded. */
const PROBE = fs.readFileSync(new URL('./probe.js', import.meta.url), 'utf8');

/**
 * Opens a page and waits for a selector in it.
 *
 * @param {string} page - A path on the site (`/sampler.html`) or a `file:` URL.
 * @param {string} ready - A CSS selector that exists once the page's elements have rendered.
 */
async function open(page, ready) {
  if (page.startsWith('file:')) {
    // A full load each time (not a fragment change on the file already open), then the probe,
    // which no proxy can put into a file: page: it sees what goes wrong from here on.
    await session.driver.get('about:blank');
    await session.driver.get(page);
    await session.driver.executeScript(PROBE);
  } else {
    await session.driver.get(session.url(page));
  }
  await waitFor(session.driver, ready, 'return document.querySelector(arguments[0]);', ready);
}

/**
 * Types into a field, replacing what it held.
 *
 * @param {import('selenium-webdriver').WebElement} field
 * @param {string} value
 */
async function type(field, value) {
  await field.clear();
  await field.sendKeys(value);
}

/**
 * Picks an option of a `<select>` by its value, with a click on the option.
 *
 * @param {import('selenium-webdriver').WebElement} select
 * @param {string} value
 */
async function pick(select, value) {
  const option = await session.driver.executeScript(
    'return [...arguments[0].options].find((o) => o.value === arguments[1]) ?? null;', select, value);
  assert.ok(option, `no option ${value}`);
  await option.click();
  assert.equal(await select.getAttribute('value'), value);
}

/**
 * The cells of a table's body, row by row.
 *
 * @param {string} selector
 * @returns {Promise<string[][]>}
 */
async function bodyCells(selector) {
  return session.driver.executeScript(`
    const table = document.querySelector(arguments[0]);
    return table ? [...table.querySelectorAll('tbody tr')].map((row) =>
      [...row.children].map((cell) => cell.textContent.replace(/\\s+/g, ' ').trim())) : null;`, selector);
}

/**
 * The cells of one column of a table's body, the column found by its header.
 *
 * @param {string} selector
 * @param {string} header
 * @returns {Promise<string[]>}
 */
async function column(selector, header) {
  const headers = await session.driver.executeScript(`
    const table = document.querySelector(arguments[0]);
    return table ? [...table.querySelectorAll('thead th')].map((th) => th.textContent.replace(/\\s+/g, ' ').trim()) : [];`, selector);
  const at = headers.indexOf(header);
  assert.ok(at >= 0, `no column ${header} in ${JSON.stringify(headers)}`);
  return (await bodyCells(selector)).map((row) => row[at]);
}

/**
 * Bytes from the site, by URL (as the page would fetch them); for a `file:` page (the offline
 * file), the bundle file beside it that the page holds inside.
 *
 * @param {string} pathname - Relative to the site's root or the bundle's folder.
 * @param {string} page - The page the flow runs on.
 */
async function fetchSite(pathname, page) {
  if (page.startsWith('file:')) {
    return fs.readFileSync(path.join(path.dirname(fileURLToPath(page)), pathname));
  }
  const response = await fetch(session.url(pathname));
  assert.equal(response.status, 200, pathname);
  return Buffer.from(await response.arrayBuffer());
}

/**
 * The timetable: JTAI, on site from Monday 5 October 2015; then the framework browser.
 *
 * @param {string} page
 */
async function timetable(page) {
  const { driver } = session;
  await open(page, 'dd-timetable select option');
  await pick(await byLabel(driver, 'dd-timetable', 'Inspection framework'), 'jtai-2015');
  await type(await byLabel(driver, 'dd-timetable', 'Day'), '5');
  await type(await byLabel(driver, 'dd-timetable', 'Month'), '10');
  await type(await byLabel(driver, 'dd-timetable', 'Year'), '2015');
  await click(driver, await button(driver, 'dd-timetable', 'Work out the timetable'));
  await waitFor(driver, 'the timetable', 'return document.querySelector("dd-timetable .dd-result");');
  const result = await text(driver, 'dd-timetable .dd-result');
  assert.match(String(result), /5 to 9 October 2015 \(5 working days\)/);
  assert.match(String(result), /Wednesday 23 September 2015/);
}

/** @param {string} page */
async function frameworks(page) {
  const { driver } = session;
  await open(page, 'dd-frameworks .dd-framework');
  const ids = await driver.executeScript(
    'return [...document.querySelectorAll("dd-frameworks .dd-framework")].map((n) => n.getAttribute("data-framework"));');
  assert.deepEqual(ids, ['ofsted-cp-2012', 'macp-2012', 'lac-2012', 'sif-2013', 'jtai-2015']);
  assert.match(String(await text(driver, '.dd-framework[data-framework="jtai-2015"]')), /8 working days from the notification day/);
}

const SEED = '6 1 4 4 2 3';

/**
 * The sampler with its example list: a sample drawn, the receipt read from the page and
 * checked against the file, then checked again by the page itself.
 *
 * @param {string} page
 */
async function samplerCsv(page) {
  const { driver } = session;
  await open(page, 'dd-sampler .dd-sampler__step');
  await click(driver, await button(driver, 'dd-sampler', 'Try with example data'));
  await waitFor(driver, 'the preview', 'return document.querySelector("dd-sampler .dd-sampler__preview table");');
  assert.equal(await (await byLabel(driver, 'dd-sampler', 'Which column holds each child’s unique ID?')).getAttribute('value'), 'Child Unique ID');
  await type(await byLabel(driver, 'dd-sampler', 'How many cases to select in all'), '12');
  await type(await byLabel(driver, 'dd-sampler .dd-sampler__sample', 'Seed'), SEED);
  await click(driver, await button(driver, 'dd-sampler', 'Draw the sample'));
  await waitFor(driver, 'the sample', 'return document.querySelector("dd-sampler .dd-sampler__drawn table.dd-sampler__selected");');
  const selected = await column('dd-sampler table.dd-sampler__selected', 'Child Unique ID');
  assert.equal(selected.length, 12);

  const receipt = await download(driver, await button(driver, 'dd-sampler', 'Download the receipt (JSON)'));
  assert.equal(receipt.name, 'annex-a-referrals-receipt.json');
  const parsed = JSON.parse(receipt.text);
  assert.deepEqual(parsed.selected.map((/** @type {{id: string}} */ c) => c.id), selected);
  assert.equal(parsed.plan.seed, SEED);
  const example = await fetchSite('examples/annex-a-referrals.csv', page);
  assert.equal(parsed.source.inputSha256, crypto.createHash('sha256').update(example).digest('hex'));

  // The page checks the receipt it made against the example list.
  await click(driver, await byLabel(driver, 'dd-sampler', 'Check a receipt'));
  await click(driver, await button(driver, 'dd-sampler .dd-sampler__verify', 'Use the example list'));
  await chooseFiles(await byLabel(driver, 'dd-sampler .dd-sampler__verify', 'Receipt'), [{ name: receipt.name, bytes: receipt.text }]);
  await click(driver, await button(driver, 'dd-sampler .dd-sampler__verify', 'Check the receipt'));
  const banner = await waitFor(driver, 'the verdict',
    'const b = document.querySelector("dd-sampler .dd-sampler__verify-result .govuk-notification-banner"); return b && b.textContent;');
  assert.match(banner, /Receipt verified/);
}

const WORKBOOK_IDS = ['WB01', 'WB02', 'WB03', 'WB04', 'WB05', 'WB06'];

/**
 * The sampler with a workbook made here: its sheet read by the workbook package, two cases
 * drawn, and the receipt naming the sheet.
 *
 * @param {string} page
 */
async function samplerXlsx(page) {
  const { driver } = session;
  await open(page, 'dd-sampler .dd-sampler__step');
  const bytes = workbook('Cases', [
    ['Child Unique ID', 'Gender'],
    ...WORKBOOK_IDS.map((id, i) => [id, i % 2 ? 'b) Female' : 'a) Male']),
  ]);
  await chooseFiles(await byLabel(driver, 'dd-sampler .dd-sampler__sample', 'Case list'), [{ name: 'cases.xlsx', bytes }]);
  await waitFor(driver, 'the workbook preview', 'return document.querySelector("dd-sampler .dd-sampler__preview table");');
  assert.match(String(await text(driver, 'dd-sampler .dd-sampler__file-summary')), /Excel workbook, sheet “Cases”/);
  assert.deepEqual(await column('dd-sampler .dd-sampler__preview table', 'Child Unique ID'), WORKBOOK_IDS);
  await type(await byLabel(driver, 'dd-sampler', 'How many cases to select in all'), '2');
  await type(await byLabel(driver, 'dd-sampler .dd-sampler__sample', 'Seed'), '1');
  await click(driver, await button(driver, 'dd-sampler', 'Draw the sample'));
  await waitFor(driver, 'the sample', 'return document.querySelector("dd-sampler .dd-sampler__drawn table.dd-sampler__selected");');
  const receipt = JSON.parse((await download(driver, await button(driver, 'dd-sampler', 'Download the receipt (JSON)'))).text);
  assert.equal(receipt.source.format, 'xlsx');
  assert.equal(receipt.source.sheet, 'Cases');
  assert.equal(receipt.selected.length, 2);
  for (const c of receipt.selected) assert.ok(WORKBOOK_IDS.includes(c.id), c.id);
  const shown = await column('dd-sampler table.dd-sampler__selected', 'Child Unique ID');
  assert.deepEqual(shown, receipt.selected.map((/** @type {{id: string}} */ c) => c.id));
}

/**
 * The sampler's shared-memory path: where the engine has `SharedArrayBuffer`, the page served
 * with COOP/COEP is cross-origin isolated, which is what lets the sampler hash a file while it
 * is read.
 *
 * @param {string} page
 */
async function crossOriginIsolated(page) {
  await open(page, 'dd-sampler .dd-sampler__step');
  assert.deepEqual(
    await session.driver.executeScript('return [globalThis.crossOriginIsolated, typeof SharedArrayBuffer];'),
    [true, 'function']);
}

/**
 * The demonstration consultation answered as far as the check page.
 *
 * @param {string} page
 */
async function consultation(page) {
  const { driver } = session;
  const scope = 'dd-consultation';
  const heading = () => text(driver, 'dd-consultation .dd-step-heading');
  /** @param {string} want */
  const onPage = (want) => waitFor(driver, `the page “${want}”`,
    'const h = document.querySelector("dd-consultation .dd-step-heading"); return h && h.textContent.trim() === arguments[0];', want);
  await open(page, 'dd-consultation .dd-consultation__page');
  assert.match(String(await heading()), /^Demonstration: a consultation form that runs in your browser$/);
  await click(driver, await button(driver, scope, 'Start now'));
  await onPage('About you');
  await click(driver, await byLabel(driver, scope, 'As an individual'));
  await click(driver, await byLabel(driver, scope, 'Health'));
  await click(driver, await button(driver, scope, 'Continue'));
  await onPage('The form');
  await click(driver, await byLabel(driver, scope, 'Agree'));
  await click(driver, await byLabel(driver, scope, 'A tablet'));
  await click(driver, await byLabel(driver, scope, 'Yes'));
  await click(driver, await button(driver, scope, 'Continue'));
  await onPage('Publishing your response');
  await click(driver, await byLabel(driver, scope, 'Publish my response without my name or my organisation’s name'));
  await click(driver, await button(driver, scope, 'Continue'));
  await onPage('Check your answers before sending your response');
  const answers = Object.fromEntries(await driver.executeScript(`
    return [...document.querySelectorAll('dd-consultation .govuk-summary-list__row')].map((row) =>
      [row.querySelector('dt').textContent.trim(), row.querySelector('.govuk-summary-list__value').innerText.replace(/\\s+/g, ' ').trim()]);`));
  assert.equal(answers['Are you responding as an individual or on behalf of an organisation?'], 'As an individual Role: Health');
  assert.equal(answers['The questions in this form are clear.'], 'Agree');
  assert.equal(answers['On which devices would you answer a consultation? Choose up to two.'], 'A tablet');
  assert.equal(answers['Would you answer a consultation in a form like this again?'], 'Yes');
}

/**
 * The responses page analysing the demonstration's sample responses (the file the page links).
 *
 * @param {string} page
 */
async function responses(page) {
  const { driver } = session;
  await open(page, 'dd-responses .dd-definition');
  assert.match(String(await text(driver, 'dd-responses .dd-definition')), /Demonstration: a consultation form that runs in your browser/);
  const demo = await fetchSite('examples/demo-responses.jsonl', page);
  const lines = demo.toString('utf8').split('\n').filter((l) => l.trim()).length;
  assert.ok(lines > 0);
  await chooseFiles(await byLabel(driver, 'dd-responses', 'Response files'), [{ name: 'demo-responses.jsonl', bytes: demo }]);
  await waitFor(driver, 'the counts', 'return document.querySelector("dd-responses .dd-counts");');
  const counts = Object.fromEntries(await driver.executeScript(`
    return [...document.querySelectorAll('dd-responses .dd-counts .govuk-summary-list__row, dd-responses .dd-counts tr')].map((row) =>
      [...row.children].map((c) => c.textContent.replace(/\\s+/g, ' ').trim()));`));
  assert.equal(counts['Responses loaded'], String(lines), JSON.stringify(counts));
  const byType = await bodyCells('dd-responses table.dd-by-type');
  assert.ok(byType.length > 0, 'no table of respondents by type');
  assert.equal(byType.reduce((n, r) => n + Number(r[1]), 0), Number(counts['Counted in the results']));
  assert.ok(Number(counts['Counted in the results']) > 0);
  const results = await driver.executeScript('return document.querySelectorAll("dd-responses .dd-question-result").length;');
  assert.ok(results > 0, 'no question results');
}

const NO_SAB = 'WebKitGTK has no SharedArrayBuffer: the sampler takes its fallback there, which the CSV and .xlsx flows run';

/**
 * Every page and its flows, keyed by the page's URL (a path on the site, or a `file:` URL).
 *
 * @type {Record<string, Flow[]>}
 */
const FLOWS = {
  '/index.html': [
    { name: 'works out a timetable and shows it', run: (_, page) => timetable(page) },
    { name: 'shows the frameworks', run: (_, page) => frameworks(page) },
  ],
  '/sampler.html': [
    { name: 'samples the example CSV and verifies its receipt', run: (_, page) => samplerCsv(page) },
    { name: 'samples an .xlsx workbook', run: (_, page) => samplerXlsx(page) },
    {
      name: 'is cross-origin isolated, with SharedArrayBuffer',
      run: (_, page) => crossOriginIsolated(page),
      ...(ENGINE === 'webkit' ? { skip: NO_SAB } : {}),
    },
  ],
  '/consultation.html': [
    { name: 'answers the demonstration as far as the check page', run: (_, page) => consultation(page) },
  ],
  '/responses.html': [
    { name: 'analyses the demonstration’s sample responses', run: (_, page) => responses(page) },
  ],
};

// The offline file, opened from disk: the pages' own flows, each in the file's section for
// its tool (the fragment names the section). The probe is not in a file: page (there is no
// proxy to put it in), so there the check is the page's own error record (`problems`).
if (process.env.DD_OFFLINE_FILE) {
  const file = pathToFileURL(process.env.DD_OFFLINE_FILE).href;
  FLOWS[`${file}#timetables`] = [
    { name: 'works out a timetable from file:', run: (_, page) => timetable(page) },
    { name: 'shows the frameworks from file:', run: (_, page) => frameworks(page) },
  ];
  FLOWS[`${file}#sampler`] = [
    { name: 'samples the example CSV and verifies its receipt from file:', run: (_, page) => samplerCsv(page) },
    { name: 'samples an .xlsx workbook from file:', run: (_, page) => samplerXlsx(page) },
  ];
  FLOWS[`${file}#consultation`] = [
    { name: 'answers the demonstration as far as the check page from file:', run: (_, page) => consultation(page) },
  ];
  FLOWS[`${file}#responses`] = [
    { name: 'analyses the demonstration’s sample responses from file:', run: (_, page) => responses(page) },
  ];
}

describe(`engine smoke (${ENGINE})`, () => {
  before(async () => {
    session = await startSession();
    // The run's record of which browser this was.
    console.log(`# engine: ${session.browser}`);
  });
  after(async () => {
    await session?.close();
  });

  for (const [page, flows] of Object.entries(FLOWS)) {
    describe(page, () => {
      for (const flow of flows) {
        it(flow.name, { skip: flow.skip ?? false }, async () => {
          session.failures.length = 0;
          await flow.run(session, page);
          if (page.startsWith('file:')) {
            assert.deepEqual(await problems(session.driver), [], 'the offline file recorded problems');
          } else {
            await assertClean(session, page);
          }
        });
      }
    });
  }
});
