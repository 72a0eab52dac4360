/**
 * @file `<dd-sampler>` after the draw: two cases replaced with reasons (the replacements are
 * the core's, run here in Node on the same receipt), the amended receipt downloaded and
 * verified in the page, its log edited and the check failing in plain words; and a
 * pseudonymised export whose IDs are the HMAC-SHA-256 of the real IDs under the key the
 * page offered (computed here with Node's crypto). axe-core on every new state.
 */

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ROOT, assertNoAxeViolations, closeChecked, launch, url } from './helpers.mjs';
import init, * as dd from '../../pkg/deepdive.js';

const EXAMPLE = path.join(ROOT, 'www/examples/annex-a-referrals.csv');

/** The plan the tests enter through the form, as the API takes it. */
const PLAN = { idColumn: 'Child Unique ID', size: 6, seed: '3 1 4 1 5 9', strata: ['Gender'], allocation: 'proportional', reserves: 1 };

/**
 * Parses the sample CSV (the core's writer: CRLF lines, RFC 4180 quoting; no line breaks in
 * this list's cells).
 *
 * @param {string} text
 * @returns {string[][]}
 */
function csvRows(text) {
  return text.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((line) => {
    /** @type {string[]} */
    const cells = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i += 1) {
      const ch = line[i];
      if (quoted && ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) {
        cells.push(cell);
        cell = '';
      } else cell += ch;
    }
    cells.push(cell);
    return cells;
  });
}

describe('<dd-sampler> replacements and pseudonyms', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;
  /** @type {Buffer} */
  let example;
  /** @type {string} */
  let tmp;

  before(async () => {
    await init({ module_or_path: fs.readFileSync(path.join(ROOT, 'pkg/deepdive_bg.wasm')) });
    example = fs.readFileSync(EXAMPLE);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dd-replace-'));
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

  /**
   * Clicks a button that downloads a file and returns the file.
   *
   * @param {string} name
   */
  async function download(name) {
    const { page } = session;
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    const saved = path.join(tmp, `${Date.now()}-${file.suggestedFilename()}`);
    await file.saveAs(saved);
    return { filename: file.suggestedFilename(), text: fs.readFileSync(saved, 'utf8'), path: saved };
  }

  /** Loads the example, enters {@link PLAN} and draws. */
  async function draw() {
    const { page } = session;
    const element = page.locator('dd-sampler');
    await element.getByRole('button', { name: 'Try with example data' }).click();
    await element.locator('.dd-sampler__preview').waitFor();
    await element.getByRole('group', { name: 'Stratify by (optional)' }).getByLabel('Gender', { exact: true }).check();
    await element.getByLabel('How many cases to select in all').fill(String(PLAN.size));
    await element.getByLabel('Reserves in each stratum').fill(String(PLAN.reserves));
    await element.getByLabel('Seed', { exact: true }).fill(PLAN.seed);
    await element.getByRole('button', { name: 'Draw the sample' }).click();
    await element.locator('.dd-sampler__drawn').waitFor();
    return element;
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

  it('replaces two cases with reasons, and the amended receipt verifies until its log is edited', async () => {
    const { page } = session;
    const element = await draw();
    const drawn = dd.sample(example, PLAN);
    assert.equal(drawn.selected.length, 6);
    const [first, second] = drawn.selected.map((/** @type {any} */ c) => c.id);
    // The core's replacements for the same two cases, the times aside.
    const once = dd.replaceCase(drawn.receiptJson, { id: first, reason: 'The case is closed', at: '2026-01-01T00:00:00Z' }, example);
    const twice = dd.replaceCase(once.receiptJson, { id: second, reason: 'x', at: '2026-01-01T00:00:01Z' }, example);
    const expectedBy = twice.receipt.replacements.map((/** @type {any} */ r) => r.replacement.id);
    assert.notEqual(expectedBy[0], first);
    assert.match(await element.locator('.dd-sampler__no-replacements').innerText(), /No case has been replaced/);

    const replace = element.locator('.dd-sampler__replace');
    const caseSelect = replace.getByLabel('Case to replace');
    const reasons = replace.getByRole('group', { name: 'Why is it unsuitable?' });
    // No reason chosen: said so, and nothing is replaced.
    await caseSelect.selectOption(first);
    await replace.getByRole('button', { name: 'Replace this case' }).click();
    const summary = element.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /Select why the case is unsuitable/);
    await assertNoAxeViolations(page, 'replacement without a reason');

    await reasons.getByLabel('The case is closed').check();
    await replace.getByRole('button', { name: 'Replace this case' }).click();
    await replace.locator('table.dd-sampler__log').waitFor();
    assert.deepEqual((await bodyCells(replace.locator('table.dd-sampler__log'))).map((r) => r.slice(0, 4)),
      [['1', first, 'The case is closed', expectedBy[0]]]);
    await assertNoAxeViolations(page, 'one case replaced');

    // "Other" needs its details.
    await caseSelect.selectOption(second);
    await reasons.getByLabel('Other').check();
    await replace.getByRole('button', { name: 'Replace this case' }).click();
    await summary.waitFor();
    assert.match(await summary.innerText(), /Enter why the case is unsuitable/);
    await replace.getByLabel('Details').fill('Family known to the inspector');
    await replace.getByRole('button', { name: 'Replace this case' }).click();
    await replace.locator('table.dd-sampler__log tbody tr').nth(1).waitFor();
    const log = await bodyCells(replace.locator('table.dd-sampler__log'));
    assert.deepEqual(log.map((r) => r.slice(0, 4)), [
      ['1', first, 'The case is closed', expectedBy[0]],
      ['2', second, 'Family known to the inspector', expectedBy[1]],
    ]);
    // The current sample: the replacements in the places of the cases they replaced.
    const current = await bodyCells(replace.locator('table.dd-sampler__current'));
    const expectedCurrent = drawn.selected.map((/** @type {any} */ c) => c.id);
    expectedCurrent[expectedCurrent.indexOf(first)] = expectedBy[0];
    expectedCurrent[expectedCurrent.indexOf(second)] = expectedBy[1];
    assert.deepEqual(current.map((r) => r[1]), expectedCurrent);
    assert.equal(current.find((r) => r[1] === expectedBy[0])?.at(-1), first);
    await assertNoAxeViolations(page, 'two cases replaced');

    // The sample file lists the current sample; the receipt is the amended one.
    const sampleCsv = csvRows((await download('Download the sample (CSV)')).text);
    const selectedIds = sampleCsv.filter((r) => r[0] === 'Selected').map((r) => r[4]);
    assert.deepEqual(selectedIds.sort(), [...expectedCurrent].sort());
    const receipt = await download('Download the receipt (JSON)');
    const amended = JSON.parse(receipt.text);
    assert.deepEqual(amended.replacements.map((/** @type {any} */ r) => [r.id, r.reason, r.replacement.id]),
      [[first, 'The case is closed', expectedBy[0]], [second, 'Family known to the inspector', expectedBy[1]]]);
    assert.equal(dd.verifyReceipt(example, receipt.text, undefined).ok, true);

    // Checked in the page.
    await element.getByRole('radio', { name: 'Check a receipt' }).check();
    const verify = element.locator('.dd-sampler__verify');
    await verify.getByLabel('Case list', { exact: true }).setInputFiles(EXAMPLE);
    await verify.getByLabel('Receipt', { exact: true }).setInputFiles(receipt.path);
    await element.getByRole('button', { name: 'Check the receipt' }).click();
    const banner = element.locator('.dd-sampler__verify-result .govuk-notification-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Receipt verified/);
    await assertNoAxeViolations(page, 'amended receipt verified');

    // The log edited: its two entries swapped. The check fails, in plain words.
    const edited = { ...amended, replacements: [amended.replacements[1], amended.replacements[0]] };
    const editedPath = path.join(tmp, 'edited-log.json');
    fs.writeFileSync(editedPath, JSON.stringify(edited, null, 2));
    const expected = dd.verifyReceipt(example, fs.readFileSync(editedPath, 'utf8'), undefined);
    assert.equal(expected.ok, false);
    await verify.getByLabel('Receipt', { exact: true }).setInputFiles(editedPath);
    await element.getByRole('button', { name: 'Check the receipt' }).click();
    await element.locator('.dd-sampler__verify-result .govuk-notification-banner:not([data-shown-before])').waitFor();
    const said = await banner.innerText();
    assert.doesNotMatch(said, /Receipt verified/);
    assert.match(said, /This receipt was changed after it was made/);
    const kinds = await element.locator('.dd-sampler__verify-result .govuk-details [data-kind]').evaluateAll((n) => n.map((x) => x.getAttribute('data-kind')));
    assert.deepEqual(kinds, expected.differences.map((/** @type {any} */ d) => d.kind));
    assert.ok(kinds.includes('other-result'), `kinds: ${kinds}`);
    await assertNoAxeViolations(page, 'edited log refused');
  });

  it('writes a commitment before the seed, and the receipt checks against it (and not against another)', async () => {
    const { page } = session;
    const element = page.locator('dd-sampler');
    await element.getByRole('button', { name: 'Try with example data' }).click();
    await element.locator('.dd-sampler__preview').waitFor();
    await element.getByRole('group', { name: 'Stratify by (optional)' }).getByLabel('Gender', { exact: true }).check();
    await element.getByLabel('How many cases to select in all').fill(String(PLAN.size));
    await element.getByLabel('Reserves in each stratum').fill(String(PLAN.reserves));
    // A tracked case, chosen before the draw.
    await element.getByRole('button', { name: 'Add a tracked case' }).click();
    const row = element.getByRole('group', { name: 'Tracked case 1' });
    await row.getByLabel('Case ID').fill('DD0150923');
    await row.getByLabel('Why it is tracked').fill('Named in the referral');
    const commitment = await download('Write a commitment');
    const sha = await element.locator('.dd-sampler__commitment-sha').innerText();
    assert.match(sha, /^[0-9a-f]{64}$/);
    assert.equal(crypto.createHash('sha256').update(commitment.text).digest('hex'), sha);
    assert.equal(JSON.parse(commitment.text).plan.seed, undefined);
    await assertNoAxeViolations(page, 'commitment written');

    // The seed fixed afterwards, in the open.
    await element.getByLabel('Seed', { exact: true }).fill(PLAN.seed);
    await element.getByRole('button', { name: 'Draw the sample' }).click();
    await element.locator('.dd-sampler__drawn').waitFor();
    const tracked = [{ id: 'DD0150923', reason: 'Named in the referral' }];
    const expected = dd.sample(example, { ...PLAN, tracked, commitment: sha });
    assert.deepEqual(await bodyCells(element.locator('table.dd-sampler__tracked-cases')).then((rows) => rows.map((r) => r[2])), ['DD0150923']);
    assert.ok(!expected.selected.some((/** @type {any} */ c) => c.id === 'DD0150923'), 'a tracked case was drawn');
    await assertNoAxeViolations(page, 'tracked cases listed');
    const sampleCsv = csvRows((await download('Download the sample (CSV)')).text);
    assert.equal(sampleCsv[0][0], 'Tracked, selected or reserve');
    assert.deepEqual(sampleCsv.filter((r) => r[0] === 'Tracked').map((r) => r[4]), ['DD0150923']);
    const receipt = await download('Download the receipt (JSON)');
    assert.equal(JSON.parse(receipt.text).plan.commitment, sha);
    assert.deepEqual(JSON.parse(receipt.text).selected, JSON.parse(expected.receiptJson).selected);
    assert.equal(dd.verifyReceipt(example, receipt.text, { commitment: commitment.text }).ok, true);

    // Checked in the page with the commitment file: verified.
    await element.getByRole('radio', { name: 'Check a receipt' }).check();
    const verify = element.locator('.dd-sampler__verify');
    await verify.getByLabel('Case list', { exact: true }).setInputFiles(EXAMPLE);
    await verify.getByLabel('Receipt', { exact: true }).setInputFiles(receipt.path);
    await verify.getByLabel('Commitment (optional)').setInputFiles(commitment.path);
    await element.getByRole('button', { name: 'Check the receipt' }).click();
    const banner = element.locator('.dd-sampler__verify-result .govuk-notification-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Receipt verified/);
    await assertNoAxeViolations(page, 'receipt verified with its commitment');

    // A commitment to another plan (one case fewer): the check fails.
    const other = dd.commitment(example, { ...PLAN, size: PLAN.size - 1, seed: undefined, tracked });
    const otherPath = path.join(tmp, 'other-commitment.json');
    fs.writeFileSync(otherPath, other.commitment);
    const refused = dd.verifyReceipt(example, receipt.text, { commitment: other.commitment });
    assert.equal(refused.ok, false);
    await verify.getByLabel('Commitment (optional)').setInputFiles(otherPath);
    await element.getByRole('button', { name: 'Check the receipt' }).click();
    await element.locator('.dd-sampler__verify-result .govuk-notification-banner:not([data-shown-before])').waitFor();
    assert.doesNotMatch(await banner.innerText(), /Receipt verified/);
    const kinds = await element.locator('.dd-sampler__verify-result .govuk-details [data-kind]').evaluateAll((n) => n.map((x) => x.getAttribute('data-kind')));
    assert.deepEqual(kinds, refused.differences.map((/** @type {any} */ d) => d.kind));
    await assertNoAxeViolations(page, 'receipt refused by another commitment');
  });

  it('exports a pseudonymised sample: each ID the HMAC-SHA-256 of the real one under the key offered', async () => {
    const { page } = session;
    const element = await draw();
    const drawn = dd.sample(example, PLAN);
    const pseudonyms = element.getByRole('group', { name: 'Replace with pseudonyms (optional)' });
    await pseudonyms.getByLabel('Child Unique ID (the ID column)').check();
    const sample = csvRows((await download('Download the sample (CSV)')).text);
    const keyFile = await download('Download the key');
    const key = /^[0-9a-f]{64}$/m.exec(keyFile.text)?.[0];
    assert.ok(key, keyFile.text);
    assert.equal(await element.locator('.dd-sampler__key-value').innerText(), key);
    await assertNoAxeViolations(page, 'pseudonym key shown');
    const hmac = (/** @type {string} */ id) => crypto.createHmac('sha256', Buffer.from(key, 'hex')).update(id).digest('hex');
    const ids = sample.slice(1).map((r) => r[4]);
    const real = [...drawn.selected, ...drawn.reserves].map((/** @type {any} */ c) => c.id);
    assert.deepEqual(ids, real.map(hmac));
    assert.ok(!sample.flat().some((cell) => real.includes(cell)), 'a real ID is left in the file');
    // The boundary in Node: the same pseudonyms, and every unknown column named.
    assert.deepEqual(dd.pseudonymiseRows([['ID', 'Team'], [real[0], 'North'], ['', 'South']], ['ID'], key),
      [['ID', 'Team'], [hmac(real[0]), 'North'], ['', 'South']]);
    assert.throws(() => dd.pseudonymiseRows([['ID']], ['Nmae', 'Age'], key), (/** @type {any} */ e) =>
      e.code === 'bad-argument' && e.problems.map((/** @type {any} */ p) => p.field).join() === 'columns[0],columns[1]');
    assert.throws(() => dd.pseudonymiseRows([['ID']], ['ID'], 'abc'), (/** @type {any} */ e) => e.code === 'bad-argument' && e.problems[0].field === 'key');
    // The receipt keeps the real IDs.
    const receipt = JSON.parse((await download('Download the receipt (JSON)')).text);
    assert.deepEqual(receipt.selected.map((/** @type {any} */ c) => c.id), drawn.selected.map((/** @type {any} */ c) => c.id));
  });

  it('never scrolls sideways at 320 CSS px with tracked rows, a commitment, replacements and a key shown', async () => {
    const { page } = session;
    const reflows = async (/** @type {string} */ state) => {
      const { scrollWidth, width } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth,
      }));
      assert.ok(scrollWidth <= width, `the ${state} scrolls sideways at ${width} px (${scrollWidth} px wide)`);
    };
    await page.setViewportSize({ width: 320, height: 900 });
    try {
      await page.reload();
      await page.locator('dd-sampler .dd-sampler__step').first().waitFor();
      const element = page.locator('dd-sampler');
      await element.getByRole('button', { name: 'Try with example data' }).click();
      await element.locator('.dd-sampler__preview').waitFor();
      await element.getByLabel('How many cases to select in all').fill('4');
      await element.getByLabel('Reserves in each stratum').fill('1');
      await element.getByRole('button', { name: 'Add a tracked case' }).click();
      await element.getByRole('group', { name: 'Tracked case 1' }).getByLabel('Case ID').fill('DD0150923');
      await element.getByRole('group', { name: 'Tracked case 1' }).getByLabel('Why it is tracked').fill('Named');
      await reflows('tracked row');
      await download('Write a commitment');
      await reflows('commitment');
      await element.getByLabel('Seed', { exact: true }).fill('1 2 3');
      await element.getByRole('button', { name: 'Draw the sample' }).click();
      await element.locator('.dd-sampler__drawn').waitFor();
      const replace = element.locator('.dd-sampler__replace');
      await replace.getByRole('group', { name: 'Why is it unsuitable?' }).getByLabel('Conflict of interest').check();
      await replace.getByRole('button', { name: 'Replace this case' }).click();
      await replace.locator('table.dd-sampler__log').waitFor();
      await reflows('replacement log');
      await element.getByRole('group', { name: 'Replace with pseudonyms (optional)' }).getByLabel('Child Unique ID (the ID column)').check();
      await download('Download the sample (CSV)');
      await element.locator('.dd-sampler__key-value').waitFor();
      await reflows('pseudonym key');
    } finally {
      await page.setViewportSize({ width: 1100, height: 900 });
    }
  });
});
