/**
 * @file `<dd-sampler>` on `sampler.html`: the example list, a stratified sample whose table,
 * CSV and receipt agree with the WebAssembly API run here in Node on the same bytes, CSV
 * cells neutralised for spreadsheets, receipts checked (same list, reordered copy, edited
 * receipt, not a receipt), a malformed file's problems by line, plan errors by field, a
 * workbook (the only time the workbook package is fetched), drag and drop, a long draw in the
 * worker that can be cancelled while the page stays responsive, and the print view; axe-core
 * on every state, and no request leaving 127.0.0.1.
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  ROOT, assertGovukHostChangesNothing, assertNoAxeViolations, closeChecked, launch, serveGovukHost, url,
} from './helpers.mjs';
import init, * as dd from '../../pkg/deepdive.js';

const EXAMPLE = path.join(ROOT, 'www/examples/annex-a-referrals.csv');
const FORMULAS = path.join(ROOT, 'tests/e2e/fixtures/sampler-formulas.csv');
const MALFORMED = path.join(ROOT, 'tests/e2e/fixtures/sampler-malformed.csv');
const WORKBOOK = path.join(ROOT, 'tests/fixtures/annex-a.xlsx');

/** The stratified plan the tests enter through the form, as the API takes it. */
const PLAN = {
  idColumn: 'Child Unique ID',
  size: 12,
  seed: '6 1 4 4 2 3',
  strata: ['Gender'],
  allocation: 'proportional',
  reserves: 2,
  filters: [{ op: 'age-between', column: 'Date of Birth', max: 15 }],
  referenceDate: '2015-09-23',
};

/**
 * Parses RFC 4180 CSV (CRLF line ends, quoted cells), failing on a bare LF outside quotes.
 *
 * @param {string} text
 * @returns {string[][]}
 */
function parseCsv(text) {
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') {
      assert.equal(cell, '', `a quote inside an unquoted cell at ${i}`);
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      assert.notEqual(ch, '\n', `a bare line feed outside quotes at ${i}`);
      cell += ch;
    }
  }
  assert.equal(quoted, false, 'an unclosed quote');
  assert.deepEqual([cell, row], ['', []], 'the file does not end with CRLF');
  return rows;
}

describe('<dd-sampler>', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;
  /** @type {Buffer} */
  let example;
  /** @type {string} */
  let tmp;

  before(async () => {
    await init({ module_or_path: fs.readFileSync(path.join(ROOT, 'pkg/deepdive_bg.wasm')) });
    example = fs.readFileSync(EXAMPLE);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dd-sampler-'));
    session = await launch();
  });
  beforeEach(async () => {
    const response = await session.page.goto(url('sampler.html'));
    assert.equal(response?.status(), 200);
    await session.page.locator('dd-sampler .dd-sampler__step').first().waitFor();
  });
  after(async () => {
    try {
      await closeChecked(session);
    } finally {
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  /** The element and its controls, found by their accessible names. */
  function form() {
    const { page } = session;
    const element = page.locator('dd-sampler');
    const sample = element.locator('.dd-sampler__sample');
    const verify = element.locator('.dd-sampler__verify');
    return {
      element,
      file: sample.getByLabel('Case list', { exact: true }),
      example: element.getByRole('button', { name: 'Try with example data' }),
      preview: element.locator('.dd-sampler__preview'),
      idColumn: element.getByLabel('Which column holds each child’s unique ID?'),
      strata: element.getByRole('group', { name: 'Stratify by (optional)' }),
      size: element.getByLabel('How many cases to select in all'),
      reserves: element.getByLabel('Reserves in each stratum'),
      seed: element.getByLabel('Seed', { exact: true }),
      check: element.getByRole('button', { name: 'Check the allocation' }),
      draw: element.getByRole('button', { name: 'Draw the sample' }),
      allocation: element.locator('.dd-sampler__allocation'),
      result: element.locator('.dd-sampler__drawn'),
      errorSummary: element.locator('.govuk-error-summary'),
      checkList: verify.getByLabel('Case list', { exact: true }),
      receipt: verify.getByLabel('Receipt', { exact: true }),
      verified: element.locator('.dd-sampler__verify-result'),
    };
  }

  /** Loads the example list and waits for its preview. */
  async function loadExample() {
    const f = form();
    await f.example.click();
    await f.preview.waitFor();
    return f;
  }

  /**
   * Fills the form with {@link PLAN}, without the seed.
   *
   * @param {ReturnType<typeof form>} f
   */
  async function enterPlan(f) {
    await f.strata.getByLabel('Gender', { exact: true }).check();
    await f.size.fill('12');
    await f.reserves.fill('2');
    await f.element.getByRole('button', { name: 'Add a filter' }).click();
    const filter = f.element.getByRole('group', { name: 'Filter 1' });
    await filter.getByLabel('Column').selectOption('Date of Birth');
    await filter.getByLabel('Keep cases whose cell').selectOption('age-between');
    await filter.getByLabel('Oldest age').fill('15');
    await f.element.getByLabel('Work out ages on').fill('23/09/2015');
  }

  /**
   * Clicks a button that downloads a file and returns the file.
   *
   * @param {string} name - The button's name.
   * @returns {Promise<{filename: string, text: string, bytes: Buffer, path: string}>}
   */
  async function download(name) {
    const { page } = session;
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    const saved = path.join(tmp, `${Date.now()}-${file.suggestedFilename()}`);
    await file.saveAs(saved);
    const bytes = fs.readFileSync(saved);
    return { filename: file.suggestedFilename(), bytes, text: bytes.toString('utf8'), path: saved };
  }

  /** The error summary's messages and the inline messages. */
  async function errors() {
    const f = form();
    return {
      summary: (await f.errorSummary.locator('.govuk-error-summary__list li').allInnerTexts()).map((t) => t.trim()),
      inline: (await f.element.locator('.govuk-error-message').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
    };
  }

  /**
   * The cells of a table's body, row by row.
   *
   * @param {import('playwright-core').Locator} table
   */
  async function bodyCells(table) {
    return table.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => [...row.children].map((cell) => /** @type {HTMLElement} */ (cell).innerText.trim())));
  }

  it('says nothing is uploaded, and previews the example list with its ID column found', async () => {
    const { page } = session;
    const start = session.requests.length;
    assert.match(await page.locator('main').innerText(), /Nothing is uploaded/);
    await assertNoAxeViolations(page, 'empty sampler');
    const f = await loadExample();

    const summary = await f.element.locator('.dd-sampler__file-summary').innerText();
    assert.match(summary, /annex-a-referrals\.csv \(43\.6 KB\)\s+Synthetic example/);
    assert.match(summary, /Read as\s+CSV, UTF-8 with a byte-order mark, cells separated by commas/);
    assert.match(summary, /Header\s+Line 1/);
    assert.match(summary, /Columns\s+10/);
    const headers = await f.preview.locator('thead th').allInnerTexts();
    assert.deepEqual(headers.map((t) => t.replace(/\s+/g, ' ').trim()), [
      'Line', 'Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)',
      'Does the Child have a Disability', 'Date of Referral', 'Referral Source', 'Allocated Team', 'Allocated Worker',
    ]);
    const rows = await bodyCells(f.preview);
    assert.equal(rows.length, 10);
    assert.deepEqual(rows[0].slice(0, 3), ['2', 'DD0150923', 'b) Female']);
    assert.equal(rows[9][0], '11');
    assert.equal(await f.idColumn.inputValue(), 'Child Unique ID');
    const strata = await f.strata.locator('label').allInnerTexts();
    assert.equal(strata.length, 9);
    assert.ok(!strata.includes('Child Unique ID'));
    await assertNoAxeViolations(page, 'preview');
    // The CSV-only package was fetched by the worker; the workbook package was not.
    const fetched = session.requests.slice(start);
    assert.ok(fetched.some((r) => r.endsWith('/workers/sampler-worker.mjs')), 'no worker module requested');
    assert.ok(fetched.some((r) => r.endsWith('/pkg/deepdive_bg.wasm')), 'no wasm requested');
    assert.deepEqual(fetched.filter((r) => r.includes('/pkg/xlsx/')), []);
  });

  it('checks the allocation, draws a stratified sample and downloads the CSV and the exact receipt', async () => {
    const { page } = session;
    const start = session.requests.length;
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.ddEvents = [];
      for (const type of ['dd-sampler-allocation', 'dd-sampler-sample']) {
        document.addEventListener(type, (event) => w.ddEvents.push({ type, detail: /** @type {CustomEvent} */ (event).detail }));
      }
    });
    const f = await loadExample();
    await enterPlan(f);
    const expected = dd.sample(example, PLAN);

    // The allocation per stratum before the draw: the API's, stratum by stratum.
    await f.check.click();
    await f.allocation.locator('table').waitFor();
    const strata = await bodyCells(f.allocation.locator('table'));
    assert.deepEqual(strata, [
      ...expected.strata.map((/** @type {any} */ s) => [s.label, String(s.eligible), String(s.allocated), String(s.reserves)]),
      ['Total', String(expected.counts.eligible), '12', String(expected.reserves.length)],
    ]);
    assert.equal(expected.strata.reduce((/** @type {number} */ n, /** @type {any} */ s) => n + s.allocated, 0), 12);
    const counts = await f.allocation.locator('.dd-sampler__counts').innerText();
    assert.match(counts, /Rows in the list\s+400/);
    assert.match(counts, new RegExp(`Cases that can be sampled\\s+${expected.counts.eligible}`));
    assert.ok(expected.counts.eligible < 400, 'the age filter excluded nobody');
    await assertNoAxeViolations(page, 'allocation');

    // Draw with the typed seed: the selected cases and reserves are the API's, in order.
    await f.seed.fill(PLAN.seed);
    await f.draw.click();
    await f.result.waitFor();
    const selected = await bodyCells(f.result.locator('table.dd-sampler__selected'));
    assert.deepEqual(selected.map((r) => r[3]), expected.selected.map((/** @type {any} */ c) => c.id));
    assert.deepEqual(selected.map((r) => r[2]), expected.selected.map((/** @type {any} */ c) => String(c.row)));
    const reserves = await bodyCells(f.result.locator('table.dd-sampler__reserves'));
    assert.deepEqual(reserves.map((r) => r[3]), expected.reserves.map((/** @type {any} */ c) => c.id));
    assert.match(await f.result.locator('.dd-sampler__summary').innerText(), /Seed\s+6 1 4 4 2 3/);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Your sample');
    await assertNoAxeViolations(page, 'drawn sample');

    // The receipt is the API's, byte for byte: the worker's WebCrypto hash of the file is the
    // one the core computes itself here.
    const receipt = await download('Download the receipt (JSON)');
    assert.equal(receipt.filename, 'annex-a-referrals-receipt.json');
    assert.equal(receipt.text, expected.receiptJson);
    const parsed = JSON.parse(receipt.text);
    assert.deepEqual(parsed.selected.map((/** @type {any} */ c) => c.id), selected.map((r) => r[3]));
    assert.equal(parsed.plan.seed, '6 1 4 4 2 3');
    assert.equal(parsed.source.inputSha256, (await import('node:crypto')).createHash('sha256').update(example).digest('hex'));

    // The CSV: BOM, CRLF, the selected cases then the reserves, identifying columns left out.
    const csv = await download('Download the sample (CSV)');
    assert.equal(csv.filename, 'annex-a-referrals-sample.csv');
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csv.text.slice(1));
    assert.deepEqual(rows[0], [
      'Selected or reserve', 'Order in stratum', 'Stratum', 'Row in file', 'Child Unique ID', 'Gender', 'Ethnicity',
      'Age of Child (Years)', 'Does the Child have a Disability', 'Date of Referral', 'Referral Source', 'Allocated Team',
    ]);
    assert.equal(rows.length, 1 + expected.selected.length + expected.reserves.length);
    const first = expected.selected[0];
    assert.deepEqual(rows[1].slice(0, 6), ['Selected', '1', first.stratumLabel, String(first.row), first.id, first.values[1]]);
    assert.deepEqual(rows.slice(1).map((r) => r[4]), [...expected.selected, ...expected.reserves].map((/** @type {any} */ c) => c.id));
    assert.equal(rows.filter((r) => r[0] === 'Reserve').length, expected.reserves.length);
    assert.ok(!csv.text.includes(first.values[3]) || first.values[3] === '', 'the date of birth was exported');

    // Ticking an identifying column adds it, in the file's order, to the table and the CSV.
    await f.element.getByRole('group', { name: 'Columns to include' }).getByLabel('Date of Birth').check();
    assert.ok((await f.result.locator('table.dd-sampler__selected thead th').allInnerTexts()).includes('Date of Birth'));
    const wider = parseCsv((await download('Download the sample (CSV)')).text.slice(1));
    assert.deepEqual(wider[0].slice(4, 8), ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth']);
    assert.equal(wider[1][7], first.values[3]);

    // The events carried the plan as the form read it.
    const events = await page.evaluate(() => /** @type {any} */ (window).ddEvents);
    assert.deepEqual(events.map((/** @type {any} */ e) => e.type), ['dd-sampler-allocation', 'dd-sampler-sample']);
    const { seed, ...withoutSeed } = PLAN;
    assert.deepEqual(events[0].detail.plan, withoutSeed);
    assert.deepEqual(events[1].detail.plan, PLAN);
    assert.deepEqual(session.requests.slice(start).filter((r) => r.includes('/pkg/xlsx/')), [], 'the workbook package was fetched for a CSV file');
  });

  it('neutralises cells a spreadsheet would run as formulas, and quotes the rest as RFC 4180 says', async () => {
    const f = form();
    await f.file.setInputFiles(FORMULAS);
    await f.preview.waitFor();
    assert.equal(await f.idColumn.inputValue(), 'Case ID');
    await f.size.fill('7');
    await f.seed.fill('1');
    await f.draw.click();
    await f.result.waitFor();
    const csv = await download('Download the sample (CSV)');
    assert.equal(csv.filename, 'sampler-formulas-sample.csv');
    const rows = parseCsv(csv.text.slice(1));
    // The worker's name may identify someone: left out unless ticked.
    assert.deepEqual(rows[0], ['Selected or reserve', 'Order in stratum', 'Stratum', 'Row in file', 'Case ID', 'Team', 'Note']);
    assert.equal(rows.length, 8);
    const notes = Object.fromEntries(rows.slice(1).map((r) => [r[4], r[6]]));
    assert.deepEqual(notes, {
      F1: "'=SUM(A1)",
      F2: "'+44 20 7946 0000",
      F3: '-5', // a plain negative number stays a number
      F4: "'@cmd",
      F5: "'\ttab first",
      F6: 'Said "hi", then left',
      "'=1+1": 'plain',
    });
    assert.ok(csv.text.includes('"Said ""hi"", then left"'), 'quotes are doubled inside a quoted cell');
    assert.ok(rows.slice(1).every((r) => r[0] === 'Selected' && r[2] === '(all)'));
    // On the page the cells are shown as they are.
    assert.ok((await f.result.locator('table.dd-sampler__selected').innerText()).includes('=SUM(A1)'));
  });

  it('checks receipts: the same list, a reordered copy, an edited receipt and a file that is not one', async () => {
    const { page } = session;
    const f = form();
    const receipt = dd.sample(example, PLAN).receiptJson;
    const receiptFile = path.join(tmp, 'receipt.json');
    fs.writeFileSync(receiptFile, receipt);
    await f.element.getByRole('radio', { name: 'Check a receipt' }).check();
    assert.equal(await f.element.locator('.dd-sampler__sample').isHidden(), true);

    // Nothing chosen: both fields are asked for.
    await f.element.getByRole('button', { name: 'Check the receipt' }).click();
    assert.deepEqual((await errors()).summary, ['Choose the case list the sample was drawn from', 'Choose the receipt']);
    await assertNoAxeViolations(page, 'receipt check errors');

    // The same list.
    await f.checkList.setInputFiles(EXAMPLE);
    await f.receipt.setInputFiles(receiptFile);
    await f.element.getByRole('button', { name: 'Check the receipt' }).click();
    const banner = f.verified.locator('.govuk-notification-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Receipt verified/);
    assert.equal(await banner.evaluate((el) => el.classList.contains('govuk-notification-banner--success')), true);
    assert.equal(await f.errorSummary.isHidden(), true);
    assert.match(await f.verified.innerText(), /Cases in the receipt\s+12 cases selected and \d+ reserves/);
    await assertNoAxeViolations(page, 'receipt verified');

    // The same records in another order: verified, as another copy of the same list.
    const text = example.toString('utf8');
    const lines = text.trimEnd().split('\r\n');
    const reordered = path.join(tmp, 'reordered.csv');
    fs.writeFileSync(reordered, `${[lines[0], ...lines.slice(1).reverse()].join('\r\n')}\r\n`);
    await f.checkList.setInputFiles(reordered);
    await f.element.getByRole('button', { name: 'Check the receipt' }).click();
    await banner.waitFor();
    assert.match(await banner.innerText(), /Receipt verified/);
    assert.deepEqual(await f.verified.locator('[data-kind]').evaluateAll((n) => n.map((x) => x.getAttribute('data-kind'))), ['other-bytes-same-records']);

    // An edited receipt (another seed): the differences the API finds, listed.
    const edited = path.join(tmp, 'edited.json');
    fs.writeFileSync(edited, receipt.replace('"seed": "6 1 4 4 2 3"', '"seed": "6 1 4 4 2 4"'));
    assert.notEqual(fs.readFileSync(edited, 'utf8'), receipt);
    const expected = dd.verifyReceipt(example, fs.readFileSync(edited, 'utf8'), undefined);
    assert.equal(expected.ok, false);
    await f.checkList.setInputFiles(EXAMPLE);
    await f.receipt.setInputFiles(edited);
    await f.element.getByRole('button', { name: 'Check the receipt' }).click();
    await banner.waitFor();
    // The same list, a receipt edited after it was made: said so in plain words, with the
    // core's differences under “What Deep Dive compared”.
    const said = await banner.innerText();
    assert.match(said, /This receipt was changed after it was made/);
    assert.match(said, /This is the case list the receipt was made from/);
    assert.doesNotMatch(said, /does not match this case list|strata\[|ticket/i);
    const kinds = await f.verified.locator('.govuk-details [data-kind]').evaluateAll((n) => n.map((x) => x.getAttribute('data-kind')));
    assert.deepEqual(kinds, expected.differences.map((/** @type {any} */ d) => d.kind));
    assert.ok(kinds.includes('other-result'), `kinds: ${kinds}`);
    await assertNoAxeViolations(page, 'receipt not matching');

    // A receipt whose plan was edited to other columns, against the same file: the core finds
    // other records (the plan reads other values) but says it is the file the receipt names,
    // so the page says the receipt was changed, not that the list is another.
    const replanned = path.join(tmp, 'replanned.json');
    const replan = JSON.parse(receipt);
    replan.plan.strata = ['Referral Source'];
    fs.writeFileSync(replanned, JSON.stringify(replan, null, 2));
    const again = dd.verifyReceipt(example, fs.readFileSync(replanned, 'utf8'), undefined);
    assert.equal(again.sameFile, true);
    assert.ok(again.differences.some((/** @type {any} */ d) => d.kind === 'other-records'), JSON.stringify(again.differences));
    await banner.evaluate((el) => el.setAttribute('data-shown-before', ''));
    await f.receipt.setInputFiles(replanned);
    await f.element.getByRole('button', { name: 'Check the receipt' }).click();
    await f.verified.locator('.govuk-notification-banner:not([data-shown-before])').waitFor();
    assert.equal(await banner.getAttribute('data-verdict'), 'receipt-changed');
    assert.match(await banner.innerText(), /This receipt was changed after it was made/);
    assert.doesNotMatch(await banner.innerText(), /This is not the case list/);

    // Not a receipt at all: the receipt field says so; the list stays chosen.
    await f.receipt.setInputFiles(EXAMPLE);
    await f.element.getByRole('button', { name: 'Check the receipt' }).click();
    await f.errorSummary.waitFor();
    const { summary, inline } = await errors();
    assert.deepEqual(summary, ['The receipt must be a receipt file saved with a sample (.json): this file is not JSON']);
    assert.deepEqual(inline, [`Error: ${summary[0]}`]);
    assert.equal(await f.errorSummary.locator('a').getAttribute('href'), `#${await f.receipt.getAttribute('id')}`);
    assert.equal(await f.verified.innerText(), '');
    // A JSON file that is not a receipt: the core's words.
    const notReceipt = path.join(tmp, 'not-receipt.json');
    fs.writeFileSync(notReceipt, '{"receipt": 1}');
    await f.receipt.setInputFiles(notReceipt);
    await f.element.getByRole('button', { name: 'Check the receipt' }).click();
    await f.errorSummary.locator('li').first().waitFor();
    assert.match((await errors()).summary[0], /^The receipt is not valid/);
  });

  it('shows a malformed file’s problems with their line numbers, and samples what it can read', async () => {
    const { page } = session;
    const f = form();
    await f.file.setInputFiles(MALFORMED);
    await f.preview.waitFor();
    // Rows left out do not stop the flow: a warning, not an error on the file input.
    assert.match(await f.element.locator('.dd-sampler__file .govuk-warning-text').innerText(),
      /3 rows cannot be read and are left out of the sample: see “Rows left out” below/);
    assert.equal(await f.errorSummary.isHidden(), true);
    assert.equal(await f.element.locator('.govuk-form-group--error, .govuk-file-upload--error, .govuk-error-message').count(), 0);
    const problems = await bodyCells(f.element.locator('.dd-sampler__problem-table'));
    assert.deepEqual(problems.map((r) => r[0]), ['3', '4', '5']);
    assert.deepEqual(problems.map((r) => r[2]), [
      'Line 3 ends at column 2 but the header goes on to column 3: the row is short',
      "Line 4 has a value in column 4, beyond the header's last column (3)",
      'Line 5: a quote opens a cell that never closes, so lines 5–7 were read as one row; it was left out',
    ]);
    // Which rows are left out is the core's to say: each preview problem carries it.
    const preview = dd.previewTable(fs.readFileSync(MALFORMED), { rows: 10 });
    assert.deepEqual(preview.problems.map((/** @type {any} */ p) => [p.line, p.code, p.excluded]),
      preview.problems.map((/** @type {any} */ p) => [p.line, p.code, ['ragged-row', 'unclosed-quote'].includes(p.code)]));
    // The preview marks the rows left out.
    const marked = await f.preview.locator('tbody tr').evaluateAll((rows) =>
      rows.filter((r) => r.textContent?.includes('Left out')).map((r) => r.getAttribute('data-line')));
    assert.deepEqual(marked, ['3', '4', '5']);
    await assertNoAxeViolations(page, 'malformed file');

    // The plan still works on the rows that can be read.
    assert.equal(await f.idColumn.inputValue(), 'Child ID');
    await f.size.fill('1');
    await f.check.click();
    await f.allocation.locator('table').waitFor();
    const counts = await f.allocation.locator('.dd-sampler__counts').innerText();
    assert.match(counts, /Rows in the list\s+4/);
    assert.match(counts, /Rows that could not be read\s+3/);
    assert.match(counts, /Cases that can be sampled\s+1/);
  });

  it('reports plan errors next to their fields, from the form and from the core, keeping what was entered', async () => {
    const { page } = session;
    const f = await loadExample();
    await f.element.getByRole('button', { name: 'Add a filter' }).click();
    const filter = f.element.getByRole('group', { name: 'Filter 1' });
    await filter.getByLabel('Column').selectOption('Date of Birth');
    await filter.getByLabel('Keep cases whose cell').selectOption('age-between');
    await f.element.getByLabel('Work out ages on').fill('soon');
    await f.element.getByLabel('At least a minimum from each stratum, the rest in proportion').check();
    await f.draw.click();
    await f.errorSummary.waitFor();
    const { summary, inline } = await errors();
    // In the order of the fields on the page.
    assert.deepEqual(summary, [
      'Filter 1: enter a youngest age, an oldest age or both',
      'The date to work out ages on must be a real date, like 23/09/2015',
      'Enter the minimum number of cases from each stratum',
      'Enter how many cases to select',
      'Enter a seed, or generate one',
    ]);
    assert.equal(inline.length, 5);
    assert.equal(await f.element.locator('.govuk-form-group--error').count(), 5);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true);
    await assertNoAxeViolations(page, 'plan errors');
    // The link leads to the field.
    await f.errorSummary.getByRole('link', { name: 'Enter a seed, or generate one' }).click();
    assert.equal(await f.seed.evaluate((el) => el === document.activeElement), true);

    // The core's own check: four strata with at least 5 each (or all a small one has) need
    // more than 12. The message is the core's, as the API gives it here.
    const impossible = (() => {
      try {
        dd.sample(example, { ...PLAN, allocation: 'minimum', minPerStratum: 5, reserves: 0 });
      } catch (error) {
        return /** @type {any} */ (error);
      }
      return null;
    })();
    assert.equal(impossible?.code, 'allocation-impossible');
    assert.match(impossible.message, /^4 strata with at least 5 each need \d+ cases, more than the sample size of 12$/);
    await f.strata.getByLabel('Gender', { exact: true }).check();
    await f.size.fill('12');
    await f.element.getByLabel('Minimum from each stratum', { exact: true }).fill('5');
    await filter.getByLabel('Oldest age').fill('15');
    await f.element.getByLabel('Work out ages on').fill('23/9/2015');
    await f.element.getByRole('button', { name: 'Generate a seed' }).click();
    await page.waitForFunction(() => /** @type {HTMLInputElement | null} */ (document.querySelector('dd-sampler input[name=seed]'))?.value !== '');
    const seed = await f.seed.inputValue();
    assert.match(seed, /^\d{4}( \d{4}){4}$/);
    await f.draw.click();
    await f.errorSummary.locator('li').first().waitFor();
    const core = await errors();
    assert.deepEqual(core.summary, [impossible.message]);
    const minimum = f.element.getByLabel('Minimum from each stratum', { exact: true });
    assert.equal(await f.errorSummary.locator('a').getAttribute('href'), `#${await minimum.getAttribute('id')}`);
    assert.equal(await minimum.evaluate((el) => el.classList.contains('govuk-input--error')), true);
    // Nothing entered was lost.
    assert.deepEqual(
      [await f.size.inputValue(), await minimum.inputValue(), await f.seed.inputValue(), await filter.getByLabel('Oldest age').inputValue()],
      ['12', '5', seed, '15'],
    );
    // Corrected, the sample is drawn and the errors go.
    await minimum.fill('2');
    await f.draw.click();
    await f.result.waitFor();
    assert.equal(await f.errorSummary.isHidden(), true);
    assert.equal(await f.element.locator('.govuk-form-group--error, .govuk-error-message').count(), 0);
    assert.match(await f.result.locator('.dd-sampler__summary').innerText(), /At least 2 from each stratum/);
  });

  it('accepts a file dropped on the drop zone', async () => {
    const { page } = session;
    const f = form();
    const zone = f.element.locator('.dd-sampler__sample .dd-drop-zone');
    const data = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['Ref,Team\r\nR1,North\r\nR2,South\r\nR3,North\r\n'], 'dropped.csv', { type: 'text/csv' }));
      return transfer;
    });
    await zone.dispatchEvent('dragenter', { dataTransfer: data });
    assert.equal(await zone.evaluate((el) => el.classList.contains('dd-drop-zone--active')), true);
    await zone.dispatchEvent('drop', { dataTransfer: data });
    await f.preview.waitFor();
    assert.equal(await zone.evaluate((el) => el.classList.contains('dd-drop-zone--active')), false);
    assert.match(await f.element.locator('.dd-sampler__file-summary').innerText(), /dropped\.csv/);
    assert.equal(await f.idColumn.inputValue(), 'Ref');
    assert.deepEqual((await bodyCells(f.preview)).map((r) => r[1]), ['R1', 'R2', 'R3']);
  });

  it('prints the sample without the form', async () => {
    const { page } = session;
    const f = await loadExample();
    await f.size.fill('5');
    await f.seed.fill('print');
    await f.draw.click();
    await f.result.waitFor();
    await page.evaluate(() => {
      /** @type {any} */ (window).printed = 0;
      window.print = () => { /** @type {any} */ (window).printed += 1; };
    });
    await page.getByRole('button', { name: 'Print' }).click();
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).printed), 1);
    await page.emulateMedia({ media: 'print' });
    try {
      for (const hidden of ['.govuk-template__header', '.dd-sampler__plan', '.dd-sampler__step', '.dd-sampler__export', '.govuk-footer']) {
        assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is printed`);
      }
      assert.equal(await f.result.locator('table.dd-sampler__selected').isVisible(), true);
      assert.equal(await f.result.locator('.dd-sampler__summary').isVisible(), true);
      // Every column of a wide table is printed: nothing scrolls.
      assert.equal(await f.result.locator('.dd-table-scroll').first().evaluate((el) => getComputedStyle(el).overflowX), 'visible');
      await page.screenshot({ path: path.join(os.tmpdir(), 'dd-sampler-print.png'), fullPage: true });
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('reads a workbook with the workbook package, fetched only then, and offers its sheets', async () => {
    const { page } = session;
    const f = form();
    const start = session.requests.length;
    await f.file.setInputFiles(WORKBOOK);
    await f.preview.waitFor();
    const fetched = session.requests.slice(start);
    assert.ok(fetched.some((r) => r.endsWith('/pkg/xlsx/deepdive.js')), `workbook package not fetched: ${fetched}`);
    assert.ok(fetched.some((r) => r.endsWith('/pkg/xlsx/deepdive_bg.wasm')));
    const sheet = f.element.getByLabel('Sheet', { exact: true });
    assert.equal(await sheet.inputValue(), '1 Contacts');
    assert.match(await f.element.locator('.dd-sampler__file-summary').innerText(), /Excel workbook, sheet “1 Contacts”[\s\S]*Header\s+Row 2/);
    assert.deepEqual((await bodyCells(f.preview)).map((r) => r[1]), ['DD001', 'DD002', '12345678901234', 'DD004']);
    await sheet.selectOption('3 Referrals');
    await f.preview.locator('caption').waitFor();
    await page.waitForFunction(() => document.querySelector('dd-sampler .dd-sampler__preview thead')?.textContent?.includes('Referral Source'));
    assert.deepEqual(await f.preview.locator('thead th').allInnerTexts(), ['Row', 'Child Unique ID', 'Referral Source', 'Note']);
    await f.size.fill('2');
    await f.seed.fill('1');
    await f.draw.click();
    await f.result.waitFor();
    const receipt = JSON.parse((await download('Download the receipt (JSON)')).text);
    assert.equal(receipt.source.format, 'xlsx');
    assert.equal(receipt.source.sheet, '3 Referrals');
    assert.deepEqual(receipt.selected.map((/** @type {any} */ c) => c.id).sort(), ['DD001', 'DD005']);
    await assertNoAxeViolations(page, 'workbook');
  });

  it('draws in a worker: the page stays responsive, and Cancel stops a long draw', async () => {
    const { page } = session;
    const f = form();
    // A million rows (about 27 MB): a draw takes a second or more.
    const teams = ['North', 'South', 'East', 'West'];
    const lines = ['Child ID,Team,Date of Birth'];
    for (let i = 0; i < 1_000_000; i += 1) {
      lines.push(`C${String(i).padStart(7, '0')},${teams[i % 4]},${1 + (i % 28)}/${1 + (i % 12)}/${2000 + (i % 15)}`);
    }
    const big = Buffer.from(`${lines.join('\r\n')}\r\n`);
    await f.file.setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: big });
    await f.preview.waitFor({ timeout: 60_000 });
    // The worker reads the whole list after the preview, and counts its rows: the draw then
    // starts at once (and shows its own progress).
    await page.waitForFunction(() => /Data rows\s*1,000,000/.test(document.querySelector('dd-sampler .dd-sampler__file-summary')?.textContent ?? ''), null, { timeout: 60_000 });
    await f.strata.getByLabel('Team', { exact: true }).check();
    await f.size.fill('8');
    await f.seed.fill('big');

    // Start a draw, see its progress, cancel it.
    await f.draw.click();
    const progress = f.element.locator('.dd-progress');
    await progress.waitFor();
    const value = Number(await progress.locator('progress').getAttribute('value'));
    assert.ok(value >= 1 && value <= 3, `progress value ${value}`);
    assert.match(await progress.innerText(), /Working out the file’s SHA-256 fingerprint|Drawing the sample|Reading the file/);
    await progress.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await progress.isHidden(), true);
    assert.match(await f.element.locator('.dd-progress__notice').innerText(), /^Cancelled/);
    assert.equal(await f.result.count(), 0);
    assert.equal(await f.seed.inputValue(), 'big');

    // Draw again (a fresh worker is sent the file again), timing the page's event loop.
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.ticks = { last: performance.now(), maxGap: 0, count: 0 };
      w.tickTimer = setInterval(() => {
        const now = performance.now();
        w.ticks.maxGap = Math.max(w.ticks.maxGap, now - w.ticks.last);
        w.ticks.last = now;
        w.ticks.count += 1;
      }, 20);
    });
    const started = Date.now();
    await f.draw.click();
    await f.result.waitFor({ timeout: 60_000 });
    const took = Date.now() - started;
    const ticks = await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      clearInterval(w.tickTimer);
      return w.ticks;
    });
    assert.ok(took > 500, `the draw took only ${took} ms: too quick to show the page stays responsive`);
    // Run on the page, the draw would stall its event loop for most of the draw's time.
    assert.ok(ticks.maxGap < Math.min(750, took / 2), `the page's event loop stalled for ${Math.round(ticks.maxGap)} ms of ${took} ms`);
    assert.equal(await f.result.locator('table.dd-sampler__selected tbody tr').count(), 8);
    assert.match(await f.result.locator('.dd-sampler__summary').innerText(), /from 1,000,000 cases that could be sampled/);

    // A list this large has its hashes made by second workers (the record hashes through
    // a shared ring, which needs a cross-origin isolated page): the receipt must be the
    // one the package makes in a single call, here in Node.
    assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true, 'the page is not cross-origin isolated: no shared ring');
    const receipt = (await download('Download the receipt (JSON)')).text;
    const again = dd.verifyReceipt(big, receipt, undefined);
    assert.deepEqual(again, { ok: true, sameFile: true, differences: [] });
    const { records } = JSON.parse(receipt);
    assert.equal(records.rows, 1_000_000);
    assert.match(records.idsSha256, /^[0-9a-f]{64}$/);
  });

  /**
   * Asserts the page does not scroll sideways, and that every table of the element scrolls in
   * its own labelled, focusable region.
   *
   * @param {string} state - What the page shows, for the message.
   */
  async function assertReflows(state) {
    const { page } = session;
    const { scrollWidth, width, wide } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      width: document.documentElement.clientWidth,
      wide: [...document.querySelectorAll('body *')]
        .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.dd-table-scroll'))
        .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    }));
    assert.ok(scrollWidth <= width, `the ${state} scrolls sideways at ${width} px (${scrollWidth} px wide): ${wide.join(', ')}`);
    const tables = await page.locator('dd-sampler table').evaluateAll((list) => list.filter((t) => t.getClientRects().length).map((t) => {
      const region = t.closest('.dd-table-scroll');
      return region ? [region.getAttribute('role'), region.getAttribute('tabindex'), Boolean(region.getAttribute('aria-label') || region.getAttribute('aria-labelledby'))] : [t.className];
    }));
    for (const table of tables) assert.deepEqual(table, ['region', '0', true], `a table of the ${state} scrolls outside a labelled, focusable region`);
  }

  it('never scrolls sideways at 320 CSS px: wide tables scroll in their own labelled, focusable region', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 320, height: 900 });
    try {
      await page.reload();
      await page.locator('dd-sampler .dd-sampler__step').first().waitFor();
      await assertReflows('empty sampler');
      const f = await loadExample();
      await assertReflows('preview');
      await f.draw.click();
      await f.errorSummary.waitFor();
      await assertReflows('plan errors');
      await enterPlan(f);
      await f.check.click();
      await f.allocation.locator('table').waitFor();
      await assertReflows('allocation');
      await f.seed.fill(PLAN.seed);
      await f.draw.click();
      await f.result.waitFor();
      await assertReflows('drawn sample');
      await f.file.setInputFiles(MALFORMED);
      await f.element.locator('.dd-sampler__problem-table').waitFor();
      await assertReflows('malformed file');

      await f.element.getByRole('radio', { name: 'Check a receipt' }).check();
      await assertReflows('receipt check');
      await f.element.getByRole('button', { name: 'Check the receipt' }).click();
      await assertReflows('receipt check errors');
      const edited = path.join(tmp, 'edited-320.json');
      fs.writeFileSync(edited, dd.sample(example, PLAN).receiptJson.replace('"seed": "6 1 4 4 2 3"', '"seed": "other"'));
      await f.checkList.setInputFiles(EXAMPLE);
      await f.receipt.setInputFiles(edited);
      await f.element.getByRole('button', { name: 'Check the receipt' }).click();
      await f.verified.locator('.govuk-notification-banner').waitFor();
      await f.verified.locator('.govuk-details summary').click();
      await assertReflows('receipt not matching, its differences open');
    } finally {
      await page.setViewportSize({ width: 1100, height: 900 });
    }
  });

  it('prints the result alone and compactly: 12 cases, 7 reserves and the allocation on at most 3 A4 pages', async () => {
    const { page } = session;
    const f = await loadExample();
    await enterPlan(f);
    await f.seed.fill(PLAN.seed);
    await f.draw.click();
    await f.result.waitFor();
    // Printed as print media (an earlier test leaves the page emulating the screen).
    await page.emulateMedia({ media: 'print' });
    try {
      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
      assert.ok(pages >= 1 && pages <= 3, `the sample prints on ${pages} pages`);
      for (const hidden of ['h1', '.govuk-body-l', '.dd-sampler__private', '.govuk-radios', '.govuk-service-navigation']) {
        assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is printed`);
      }
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('says which list or receipt changed, in plain words', async () => {
    const f = form();
    const receipt = path.join(tmp, 'for-other-list.json');
    fs.writeFileSync(receipt, dd.sample(example, PLAN).receiptJson);
    // The list with its last row gone: not the list the receipt was made from.
    const lines = example.toString('utf8').trimEnd().split('\r\n');
    const shorter = path.join(tmp, 'shorter.csv');
    fs.writeFileSync(shorter, `${lines.slice(0, -1).join('\r\n')}\r\n`);
    await f.element.getByRole('radio', { name: 'Check a receipt' }).check();
    await f.checkList.setInputFiles(shorter);
    await f.receipt.setInputFiles(receipt);
    await f.element.getByRole('button', { name: 'Check the receipt' }).click();
    const banner = f.verified.locator('.govuk-notification-banner');
    await banner.waitFor();
    assert.equal(await banner.getAttribute('data-verdict'), 'other-list');
    assert.match(await banner.innerText(), /This is not the case list the receipt was made from/);
    assert.doesNotMatch(await banner.innerText(), /records\.|strata\[|ticket/);
    assert.ok((await f.verified.locator('.govuk-details [data-kind]').count()) > 0, 'the differences are not listed');
  });

  it('checks a receipt against the example list, offered in the check', async () => {
    const { page } = session;
    const f = form();
    const receipt = path.join(tmp, 'example-receipt.json');
    fs.writeFileSync(receipt, dd.sample(example, PLAN).receiptJson);
    await f.element.getByRole('radio', { name: 'Check a receipt' }).check();
    await f.element.locator('.dd-sampler__verify').getByRole('button', { name: 'Use the example list' }).click();
    await f.element.locator('.dd-sampler__verify').getByText('Chosen: annex-a-referrals.csv (synthetic example)').waitFor();
    await f.receipt.setInputFiles(receipt);
    await f.element.getByRole('button', { name: 'Check the receipt' }).click();
    const banner = f.verified.locator('.govuk-notification-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Receipt verified/);
    assert.match(await f.verified.innerText(), /Case list\s+annex-a-referrals\.csv/);
    await assertNoAxeViolations(page, 'receipt checked against the example list');
  });

  it('says a receipt chosen as a case list is one, and offers to check it', async () => {
    const f = form();
    const receipt = path.join(tmp, 'chosen-as-list.json');
    fs.writeFileSync(receipt, dd.sample(example, PLAN).receiptJson);
    await f.file.setInputFiles(receipt);
    await f.errorSummary.waitFor();
    assert.deepEqual((await errors()).summary, ['This file looks like a receipt, not a case list: choose the case list, or check the receipt']);
    assert.equal(await f.preview.count(), 0);
    await assertNoAxeViolations(session.page, 'receipt chosen as a case list');
    await f.element.getByRole('button', { name: 'Check this receipt' }).click();
    assert.equal(await f.element.locator('.dd-sampler__verify').isVisible(), true);
    assert.match(await f.element.locator('.dd-sampler__verify').innerText(), /Chosen: chosen-as-list\.json/);
    assert.equal(await f.checkList.evaluate((el) => el === document.activeElement), true);
    await f.checkList.setInputFiles(EXAMPLE);
    await f.element.getByRole('button', { name: 'Check the receipt' }).click();
    await f.verified.locator('.govuk-notification-banner').waitFor();
    assert.match(await f.verified.innerText(), /Receipt verified/);
  });

  it('counts the rows, says once that nothing is uploaded, and gives no seed advice too late to follow', async () => {
    const { page } = session;
    const once = async () => ((await page.locator('body').innerText()).match(/nothing (you choose )?is uploaded/gi) ?? []).length;
    assert.equal(await once(), 1, 'drawing a sample');
    await form().element.getByRole('radio', { name: 'Check a receipt' }).check();
    assert.equal(await once(), 1, 'checking a receipt');
    await form().element.getByRole('radio', { name: 'Draw a sample' }).check();
    const f = await loadExample();
    const summary = f.element.locator('.dd-sampler__file-summary');
    await page.waitForFunction(() => !document.querySelector('dd-sampler .dd-sampler__file-summary')?.textContent?.includes('More than'));
    assert.match(await summary.innerText(), /Data rows\s+400$/m);
    assert.doesNotMatch(await f.element.innerText(), /before you see the list/);
  });

  it('restarts the worker after the WebAssembly module traps, and says so in plain words, keeping the file and answers', async () => {
    const { page, context } = session;
    // The package as served, plus a draw that, for a plan of 99 cases, calls a function of a
    // second, tiny module whose body is `unreachable`: a real trap, a WebAssembly.RuntimeError
    // thrown by the engine where a fault in the package would throw one.
    const trap = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 8, 1, 4, 116, 114, 97, 112, 0, 0, 10, 5, 1, 3, 0, 0, 11];
    const glue = url('pkg/deepdive.js');
    await context.route(glue, async (route) => {
      const response = await route.fetch();
      const body = `${await response.text()}
const ddTrap = new WebAssembly.Module(new Uint8Array(${JSON.stringify(trap)}));
const ddDraw = CaseList.prototype.draw;
CaseList.prototype.draw = function draw(plan, ...rest) {
  if (plan && plan.size === 99) new WebAssembly.Instance(ddTrap).exports.trap();
  return ddDraw.call(this, plan, ...rest);
};
`;
      await route.fulfill({ response, body });
    });
    /** @type {string[]} */
    const workers = [];
    const onWorker = (/** @type {import('playwright-core').Worker} */ w) => workers.push(w.url());
    page.on('worker', onWorker);
    try {
      await page.evaluate(() => {
        const w = /** @type {any} */ (window);
        w.ddErrors = [];
        document.addEventListener('dd-sampler-error', (event) => w.ddErrors.push(/** @type {CustomEvent} */ (event).detail));
      });
      const f = await loadExample();
      await f.size.fill('99');
      await f.seed.fill('trap');
      await f.draw.click();
      await f.errorSummary.locator('li').first().waitFor();
      const [said] = (await errors()).summary;
      assert.match(said, /^Deep Dive hit an internal fault while drawing the sample\. Your file and your answers are unchanged: you can try again\./);
      assert.match(said, /which browser you use .* the step \(drawing the sample\) and the code internal-fault\.$/);
      assert.doesNotMatch(await f.element.innerText(), /unreachable|RuntimeError/i);
      const events = await page.evaluate(() => /** @type {any} */ (window).ddErrors);
      assert.deepEqual(events.at(-1).problems.map((/** @type {any} */ p) => p.code), ['internal-fault']);
      await assertNoAxeViolations(page, 'internal fault');
      // Nothing the user chose or typed was lost.
      assert.deepEqual([await f.size.inputValue(), await f.seed.inputValue()], ['99', 'trap']);
      assert.match(await f.element.locator('.dd-sampler__file-summary').innerText(), /annex-a-referrals\.csv/);
      // Drawn again, in a new worker that was sent the file again.
      await f.size.fill('12');
      await f.draw.click();
      await f.result.waitFor();
      assert.equal(await f.result.locator('table.dd-sampler__selected tbody tr').count(), 12);
      assert.equal(workers.filter((w) => w.endsWith('/workers/sampler-worker.mjs')).length, 2, `workers: ${workers}`);
      assert.equal(await f.errorSummary.isHidden(), true);
    } finally {
      page.off('worker', onWorker);
      await context.unroute(glue);
    }
  });
});

describe('<dd-sampler> on a host page that calls GOV.UK Frontend’s initAll()', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;

  before(async () => {
    session = await launch();
    await serveGovukHost(session);
  });
  after(() => closeChecked(session));

  it('changes nothing in the sampler, its preview or its plan', () => assertGovukHostChangesNothing(session, {
    name: 'dd-sampler', module: 'sampler/dd-sampler.mjs', attributes: {},
    // Reads the example list: the preview and the plan's form, once the rows are counted.
    ready: async (page) => {
      await page.getByRole('button', { name: 'Try with example data' }).click();
      await page.locator('dd-sampler .dd-sampler__preview').waitFor();
      await page.waitForFunction(() => !document.querySelector('dd-sampler .dd-sampler__file-summary')?.textContent?.includes('More than'));
    },
  }));
});
