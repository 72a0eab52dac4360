/**
 * @file What the `<dd-responses>` end-to-end tests share: responses to the demo made with
 * known answers (so the results can be counted by hand), files for Playwright, and readers of
 * the element's tables, counts and downloads.
 */

import fs from 'node:fs';

export const SCALE = ['strongly-agree', 'agree', 'neither', 'disagree', 'strongly-disagree'];
export const SCRIPT_ANSWER = '<script>window.ddXss = 1</script>';
export const IMG_ANSWER = '<img src=x onerror="window.ddXss = 2">';
export const FORMULA = '=HYPERLINK("http://example.org","click")';

/**
 * A response id made from a number, a valid version 4 UUID.
 *
 * @param {number} n
 * @param {string} [prefix]
 */
export function uuid(n, prefix = '00000000') {
  return `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/**
 * The answers of respondent i (0–49) to the demo. The pattern makes the counts easy to work
 * out by hand:
 * - respondents 0–19 are individuals (even: health, odd: police), 20–44 organisations (local
 *   authority, with a name), 45–49 prefer not to say;
 * - every tenth gives an e-mail address (0, 10, 20, 30, 40);
 * - “clear” cycles through the scale, so each answer is given 10 times;
 * - those who disagree (3 and 4 in each 5) say what was unclear: 20 answers;
 * - 0–29 would use a computer, 30–39 a tablet and a phone, 40–49 do not say;
 * - 0–9 would answer again, 10–14 would not, the rest do not say;
 * - even respondents consent to publish in full, odd ones do not.
 *
 * @param {number} i
 * @returns {Record<string, any>}
 */
export function answersOf(i) {
  /** @type {Record<string, any>} */
  const a = {};
  if (i < 20) a.respondent = { type: 'individual', role: i % 2 === 0 ? 'health' : 'police' };
  else if (i < 45) a.respondent = { type: 'organisation', role: 'local-authority' };
  else a.respondent = { type: 'prefer-not-to-say' };
  if (i >= 20 && i < 45) a.organisation = `Organisation ${i}`;
  if (i % 10 === 0) a.email = `respondent${i}@example.org`;
  a.clear = SCALE[i % 5];
  if (i % 5 >= 3) a.unclear = i === 3 ? SCRIPT_ANSWER : i === 4 ? IMG_ANSWER : `Unclear in response ${i}`;
  if (i < 30) a.devices = ['computer'];
  else if (i < 40) a.devices = ['tablet', 'phone'];
  if (i < 10) a.again = 'yes';
  else if (i < 15) a.again = 'no';
  if (i === 0) a.comments = FORMULA;
  if (i === 1) a.comments = 'Diolch yn fawr – ŵ ŷ';
  a.consent = i % 2 === 0 ? 'publish-in-full' : 'do-not-publish';
  return a;
}

/**
 * The built-in definitions' hashes, from the page's own API.
 *
 * @param {import('playwright-core').Page} page
 * @returns {Promise<Record<string, string>>}
 */
export async function hashes(page) {
  return page.evaluate(async () => {
    const dd = await import(/** @type {string} */ ('/pkg/deepdive.js')); // served, not a file: typed any
    await dd.default();
    return Object.fromEntries(dd.consultations().map((/** @type {any} */ c) =>
      [c.id, dd.validateConsultation(dd.consultationDefinition(c.id)).definitionSha256]));
  });
}

/**
 * A response to the demo.
 *
 * @param {string} hash
 * @param {string} id
 * @param {Record<string, any>} answers
 * @param {Record<string, any>} [extra] - Fields to replace or add.
 */
export function response(hash, id, answers, extra = {}) {
  return {
    consultation: 'demo', version: 1, definitionSha256: hash, id,
    started: '2026-03-02T09:00:00+00:00', submitted: '2026-03-02T09:30:00+00:00', language: 'en', answers, ...extra,
  };
}

/**
 * A file for Playwright's setInputFiles.
 *
 * @param {string} name
 * @param {string} text
 */
export function file(name, text) {
  return { name, mimeType: 'application/json', buffer: Buffer.from(text) };
}

/**
 * The rows of a table as arrays of cell text (header cell first).
 *
 * @param {import('playwright-core').Locator} table
 */
export async function rows(table) {
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) =>
    [...tr.children].map((cell) => /** @type {HTMLElement} */ (cell).innerText.replace(/\s+/g, ' ').trim())));
}

/**
 * The summary list of counts as `{key: value}`.
 *
 * @param {import('playwright-core').Locator} element
 */
export async function counts(element) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const row of await element.locator('.dd-counts .govuk-summary-list__row').all()) {
    out[(await row.locator('dt').innerText()).trim()] = (await row.locator('dd').innerText()).trim();
  }
  return out;
}

/**
 * Clicks a download button and returns the file's name and text (BOM kept).
 *
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Locator} trigger
 */
export async function download(page, trigger) {
  const [got] = await Promise.all([page.waitForEvent('download'), trigger.click()]);
  return { name: got.suggestedFilename(), text: fs.readFileSync(await got.path(), 'utf8') };
}
