/**
 * @file `<dd-consultation>` in the browser: the open demonstration answered end to end with a
 * reload half-way, the error summary, the check-answers page and its change links, the
 * response file (checked by the core in the page and by `<dd-responses>`), a closed and a
 * not-yet-open consultation, the authors' preview, Welsh, drafts from an older version, drafts
 * saved to a file and loaded on another device, `submit-url` (with a routed `/submit`), and
 * reflow at 320 CSS pixels in every state.
 * Every page state is checked with axe-core, and no request leaves 127.0.0.1.
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  assertAllRequestsLocal, assertClean, assertNoAxeViolations, closeChecked, launch, url,
} from './helpers.mjs';

/** A response id: a version 4 UUID in lower case. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** RFC 3339 with whole seconds and the device's UTC offset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** Text that must stay text. */
const SCRIPT_TEXT = 'Anytown <script>window.ddXss = 1</script> Police';
const IMG_TEXT = 'Line one\nLine two <img src=x onerror="window.ddXss = 2">';

/**
 * Opens the consultation page and waits for the element to show a page.
 *
 * @param {import('./helpers.mjs').Session} session
 * @param {string} [query] - e.g. `?consultation=jtai-2015`.
 */
async function openConsultation(session, query = '') {
  const response = await session.page.goto(url(`consultation.html${query}`));
  assert.equal(response?.status(), 200);
  await session.page.locator('dd-consultation .dd-consultation__page').waitFor();
  return response;
}

/**
 * The element's controls and texts, by role and accessible name.
 *
 * @param {import('playwright-core').Page} page
 */
function form(page) {
  const element = page.locator('dd-consultation');
  return {
    element,
    heading: element.locator('.dd-step-heading'),
    errorSummary: element.locator('.govuk-error-summary'),
    button: (/** @type {string | RegExp} */ name) => element.getByRole('button', { name }),
    link: (/** @type {string | RegExp} */ name) => element.getByRole('link', { name }),
    /** The error summary's items and the inline messages. */
    async errors() {
      return {
        summary: (await element.locator('.govuk-error-summary__list li').allInnerTexts()).map((t) => t.trim()),
        inline: (await element.locator('.govuk-error-message').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
      };
    },
    /** The check-answers page as `{question: answer}`. */
    async checkAnswers() {
      /** @type {Record<string, string>} */
      const out = {};
      for (const row of await element.locator('.govuk-summary-list__row').all()) {
        out[(await row.locator('dt').innerText()).trim()] = (await row.locator('.govuk-summary-list__value').innerText()).trim();
      }
      return out;
    },
  };
}

/**
 * The draft saved in localStorage under a key, or null.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} key
 */
async function storedDraft(page, key) {
  return page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? 'null'), key);
}

/**
 * Runs the core's checks on a response in the page.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} id - The built-in consultation.
 * @param {string} text - The response file's text.
 */
async function validateInPage(page, id, text) {
  return page.evaluate(async ([consultation, response]) => {
    const dd = await import(/** @type {string} */ ('/pkg/deepdive.js')); // served, not a file: typed any
    await dd.default();
    const definition = dd.consultationDefinition(consultation);
    return {
      verdict: dd.validateResponse(definition, response),
      hash: dd.validateConsultation(definition).definitionSha256,
    };
  }, [id, text]);
}

/**
 * Clicks something that starts a download and returns the file's name and text.
 *
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Locator} trigger
 */
async function download(page, trigger) {
  const [file] = await Promise.all([page.waitForEvent('download'), trigger.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: fs.readFileSync(path, 'utf8') };
}

describe('<dd-consultation>', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;

  before(async () => {
    session = await launch();
  });
  beforeEach(async () => {
    // Each test starts with an empty device.
    await openConsultation(session);
    await session.page.evaluate(() => localStorage.clear());
  });
  after(() => closeChecked(session));

  it('answers the open demonstration end to end, keeping every answer over a reload half-way', async () => {
    const { page } = session;
    const loaded = await openConsultation(session);
    assert.match(String(loaded?.headers()['content-security-policy']), /script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
    const f = form(page);

    // The start page: the closing date, the statements, Start now; Welsh offered.
    assert.match(await f.heading.innerText(), /^Demonstration: a consultation form that runs in your browser$/);
    assert.match(await f.element.locator('.dd-status').innerText(), /closes at 11:59pm on Thursday 31 December 2099 \(GMT\)/);
    for (const heading of ['How we use your response', 'Confidentiality and data protection', 'Other formats']) {
      assert.equal(await f.element.getByRole('heading', { name: heading }).count(), 1, heading);
    }
    assert.equal(await f.element.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Cymraeg' }).count(), 1);
    assert.equal(await page.title(), 'Demonstration: a consultation form that runs in your browser – Respond to a consultation – Deep Dive');
    await assertNoAxeViolations(page, 'start page');
    await f.button('Start now').click();

    // Part 1: nothing answered, Continue: the error summary, inline errors, "Error: " title.
    assert.equal(await f.heading.innerText(), 'About you');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('dd-step-heading')), true);
    await assertNoAxeViolations(page, 'first question page');
    // The optional e-mail question says so once; the organisation's name is hidden for now.
    assert.equal(await f.element.getByLabel('Your e-mail address, if you would like to hear when the results are published (optional)', { exact: true }).count(), 1);
    assert.equal(await f.element.getByLabel('What is the name of your organisation? (optional)').isVisible(), false);
    await f.button('Continue').click();
    await f.errorSummary.waitFor();
    const required = 'Select an answer to “Are you responding as an individual or on behalf of an organisation?”';
    assert.deepEqual(await f.errors(), { summary: [required], inline: [`Error: ${required}`] });
    assert.equal(await f.errorSummary.locator('h2').innerText(), 'There is a problem');
    assert.match(await page.title(), /^Error: About you – /);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true);
    await assertNoAxeViolations(page, 'error summary');
    // The summary's link puts the cursor on the first radio.
    await f.errorSummary.getByRole('link').click();
    assert.equal(await f.element.getByLabel('As an individual').evaluate((el) => el === document.activeElement), true);

    // An organisation must say its role; the organisation's name appears.
    await f.element.getByLabel('On behalf of an organisation').check();
    await f.button('Continue').click();
    assert.deepEqual((await f.errors()).summary, ['Select the role closest to yours, or ‘Prefer not to say’']);
    await f.element.getByLabel('Police').check();
    await f.element.getByLabel('What is the name of your organisation? (optional)').fill(SCRIPT_TEXT);
    const email = f.element.getByLabel(/e-mail address/);
    await email.fill('not an address');
    await f.button('Continue').click();
    assert.deepEqual((await f.errors()).summary, ['Enter an e-mail address in the correct format, like name@example.com']);
    await email.fill('someone@example.org');

    // Reload half-way: every answer is still there, and the page says so.
    await page.reload();
    await f.heading.waitFor();
    assert.equal(await f.heading.innerText(), 'About you');
    assert.match(await f.element.locator('.govuk-notification-banner').innerText(), /We restored the answers you saved on this device/);
    assert.equal(await f.element.getByLabel('On behalf of an organisation').isChecked(), true);
    assert.equal(await f.element.getByLabel('Police').isChecked(), true);
    assert.equal(await f.element.getByLabel('What is the name of your organisation? (optional)').inputValue(), SCRIPT_TEXT);
    assert.equal(await email.inputValue(), 'someone@example.org');
    await f.button('Continue').click();

    // Part 2: a conditional follow-up, the character count, a too-long answer, too many choices.
    assert.equal(await f.heading.innerText(), 'The form');
    const unclear = f.element.getByLabel('What was unclear? (optional)');
    assert.equal(await unclear.isVisible(), false);
    await f.element.getByLabel('Disagree', { exact: true }).check();
    assert.equal(await unclear.isVisible(), true);
    const count = f.element.locator('[data-question="unclear"] .govuk-character-count__status');
    assert.equal(await count.innerText(), 'You can enter up to 1000 characters');
    await unclear.fill('x'.repeat(1003));
    assert.equal(await count.innerText(), 'You have 3 characters too many');
    for (const device of ['A tablet', 'A mobile phone', 'On paper']) await f.element.getByLabel(device).check();
    await f.button('Continue').click();
    assert.deepEqual((await f.errors()).summary, [
      'The answer to “What was unclear?” must be 1000 characters or fewer',
      'Select no more than 2 answers to “On which devices would you answer a consultation? Choose up to two.”',
    ]);
    await assertNoAxeViolations(page, 'errors on the second page');
    await unclear.fill(IMG_TEXT);
    assert.equal(await count.innerText(), `You have ${1000 - [...IMG_TEXT].length} characters remaining`);
    await f.element.getByLabel('On paper').uncheck();
    await f.element.getByLabel('Yes').check();

    // Reload again, in the middle of the page: the typed text and the choices survive.
    await page.reload();
    await f.heading.waitFor();
    assert.equal(await f.heading.innerText(), 'The form');
    assert.equal(await unclear.inputValue(), IMG_TEXT);
    assert.equal(await f.element.getByLabel('Disagree', { exact: true }).isChecked(), true);
    assert.deepEqual(
      await f.element.locator('[data-question="devices"] input:checked').evaluateAll((nodes) => nodes.map((n) => /** @type {HTMLInputElement} */ (n).value)),
      ['tablet', 'phone']);
    assert.equal(await f.element.getByLabel('Yes').isChecked(), true);
    await f.button('Continue').click();

    // Part 3: consent, required.
    assert.equal(await f.heading.innerText(), 'Publishing your response');
    await f.button('Continue').click();
    assert.deepEqual((await f.errors()).summary, ['Select an answer to “May we publish your response?”']);
    await f.element.getByLabel('Publish my response without my name or my organisation’s name').check();
    await f.button('Continue').click();

    // Check your answers: every answer in words, the script text as text.
    assert.equal(await f.heading.innerText(), 'Check your answers before sending your response');
    assert.deepEqual(await f.checkAnswers(), {
      'Are you responding as an individual or on behalf of an organisation?': 'On behalf of an organisation\nRole: Police',
      'What is the name of your organisation?': SCRIPT_TEXT,
      'Your e-mail address, if you would like to hear when the results are published (optional)': 'someone@example.org',
      'The questions in this form are clear.': 'Disagree',
      'What was unclear?': IMG_TEXT,
      'On which devices would you answer a consultation? Choose up to two.': 'A tablet\nA mobile phone',
      'Would you answer a consultation in a form like this again?': 'Yes',
      'Is there anything else you would like to tell us?': 'Not answered',
      'May we publish your response?': 'Publish my response without my name or my organisation’s name',
    });
    await assertNoAxeViolations(page, 'check answers page');

    // A change link goes to the question and Continue comes back here.
    await f.element.locator('[data-question="clear"]').getByRole('link', { name: /^Change/ }).click();
    assert.equal(await f.heading.innerText(), 'The form');
    assert.equal(await f.element.getByLabel('Strongly agree').evaluate((el) => el === document.activeElement), true);
    await f.element.getByLabel('Strongly disagree').check();
    await f.button('Continue').click();
    assert.equal(await f.heading.innerText(), 'Check your answers before sending your response');
    assert.equal((await f.checkAnswers())['The questions in this form are clear.'], 'Strongly disagree');

    // Submit: the confirmation, the response file.
    const events = page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('dd-consultation-submit', (event) => resolve(/** @type {CustomEvent} */ (event).detail), { once: true });
    }));
    await f.button('Submit your response').click();
    // Nothing was sent: the file is ready to send, and the page says how.
    assert.equal(await f.heading.innerText(), 'Your response is ready to send');
    assert.equal(await f.element.locator('.govuk-panel--confirmation').count(), 0);
    assert.match(await f.element.locator('.dd-not-sent').innerText(), /has not been sent yet/);
    await assertNoAxeViolations(page, 'confirmation page');
    const reference = (await f.element.locator('.dd-reference').innerText()).trim();
    assert.match(reference, UUID);
    const detail = /** @type {any} */ (await events);
    assert.equal(detail.sent, false);
    assert.equal(detail.response.id, reference);

    const file = await download(page, f.button('Download your response (JSON file)'));
    assert.equal(file.name, `demo-response-${reference.slice(0, 8)}.json`);
    const response = JSON.parse(file.text);
    const { verdict, hash } = await validateInPage(page, 'demo', file.text);
    assert.deepEqual(verdict.problems, []);
    assert.equal(verdict.ok, true);
    assert.deepEqual(Object.keys(response), ['consultation', 'version', 'definitionSha256', 'id', 'started', 'submitted', 'language', 'answers']);
    assert.equal(response.consultation, 'demo');
    assert.equal(response.version, 1);
    assert.equal(response.definitionSha256, hash);
    assert.equal(response.id, reference);
    assert.match(response.started, RFC3339);
    assert.match(response.submitted, RFC3339);
    assert.ok(Date.parse(response.started) <= Date.parse(response.submitted));
    assert.equal(response.language, 'en');
    assert.deepEqual(response.answers, {
      respondent: { type: 'organisation', role: 'police' },
      organisation: SCRIPT_TEXT,
      email: 'someone@example.org',
      clear: 'strongly-disagree',
      unclear: IMG_TEXT,
      devices: ['tablet', 'phone'],
      again: 'yes',
      consent: 'publish-anonymously',
    });

    // The readable copy.
    const copy = await download(page, f.button('Download a readable copy (text file)'));
    assert.match(copy.text, /Response reference: [0-9a-f-]{36}/);
    assert.match(copy.text, /What was unclear\?\r\n {4}Line one\r?\n {4}Line two <img/);

    // The confirmation survives a reload (the response stays on the device until removed).
    await page.reload();
    await f.element.locator('.dd-reference').waitFor();
    assert.match(page.url(), /#confirmation$/);
    assert.equal((await f.element.locator('.dd-reference').innerText()).trim(), reference);

    // Nothing the respondent typed became markup.
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).ddXss), undefined);
    assert.equal(await f.element.locator('script, img').count(), 0);
    assert.match(await f.element.innerText(), /Anytown <script>window\.ddXss = 1<\/script> Police/);

    // Removing it from the device.
    await f.button('Remove your response from this device').click();
    assert.match(await f.element.locator('.govuk-notification-banner').innerText(), /removed from this device/);
    assert.equal(await storedDraft(page, 'deepdive:draft:demo:1'), null);

    // The same file, loaded by the consulting team, is accepted.
    await page.goto(url('responses.html'));
    const team = page.locator('dd-responses');
    await team.getByLabel('Response files').setInputFiles({ name: file.name, mimeType: 'application/json', buffer: Buffer.from(file.text) });
    await team.locator('.dd-counts').waitFor();
    assert.match(await team.locator('.dd-counts').innerText(), /Accepted\s+1\b/);
    assert.match(await team.locator('.dd-counts').innerText(), /Rejected\s+0\b/);
  });

  it('refuses a closed consultation and says when it closed', async () => {
    const { page } = session;
    await openConsultation(session, '?consultation=jtai-2015');
    const f = form(page);
    assert.match(await f.heading.innerText(), /^Joint targeted area inspections/);
    const status = f.element.locator('.dd-status');
    assert.equal(await status.getAttribute('data-state'), 'closed');
    assert.match(await status.innerText(), /This consultation has closed\s+This consultation closed at 11:59pm on Tuesday 11 August 2015 \(BST\)\.\s+It no longer accepts responses\./);
    assert.equal(await f.element.getByRole('button').count(), 0);
    assert.equal(await f.element.locator('form, input, textarea').count(), 0);
    await assertNoAxeViolations(page, 'closed consultation');

    // Before the opening it says when it opens: the device clock decides (a browser of its
    // own, as Playwright's clock stays set for the page's life).
    await withSession(async (early) => {
      await early.page.clock.setFixedTime(new Date('2015-07-01T12:00:00Z'));
      await openConsultation(early, '?consultation=jtai-2015');
      const e = form(early.page);
      const notYet = e.element.locator('.dd-status');
      assert.equal(await notYet.getAttribute('data-state'), 'not-open');
      assert.match(await notYet.innerText(), /This consultation opens at 9am on Wednesday 15 July 2015 \(BST\)\.\s+You cannot respond to it yet/);
      assert.equal(await e.element.getByRole('button').count(), 0);
      await assertNoAxeViolations(early.page, 'consultation not open yet');
      assertClean(early);
    });
  });

  it('refuses a response when the consultation closes while it is being answered', () => withSession(async (late) => {
    const { page } = late;
    // Open, a minute and a half before the close (23:59 BST is 22:59 UTC).
    await page.clock.setFixedTime(new Date('2015-08-11T22:58:30Z'));
    await openConsultation(late, '?consultation=jtai-2015');
    const f = form(page);
    assert.equal(await f.element.locator('.dd-status').getAttribute('data-state'), 'open');
    await answerJtai(page);
    assert.equal(await f.heading.innerText(), 'Check your answers before sending your response');
    await page.clock.setFixedTime(new Date('2015-08-11T23:00:00Z'));
    await f.button('Submit your response').click();
    await f.errorSummary.waitFor();
    assert.deepEqual((await f.errors()).summary, [
      'This consultation closed at 11:59pm on Tuesday 11 August 2015 (BST), so your response cannot be submitted',
    ]);
    assert.match(await page.title(), /^Error: /);
    // The answers are kept on the device.
    const draft = await storedDraft(page, 'deepdive:draft:jtai-2015:1');
    assert.equal(draft.answers.notice, 'agree');
    assert.equal(draft.response, undefined);
    assertClean(late);
    assertAllRequestsLocal(late);
  }));

  it('offers the authors’ preview of a closed consultation, clearly labelled, and marks its responses', async () => {
    const { page } = session;
    await openConsultation(session, '?consultation=jtai-2015&preview');
    const f = form(page);
    const banner = f.element.locator('.govuk-notification-banner');
    assert.match(await banner.innerText(), /Authors’ preview\s+This is a preview for the consultation’s authors/);
    assert.match(await banner.innerText(), /For respondents it is open from 9am on Wednesday 15 July 2015 \(BST\) to 11:59pm on Tuesday 11 August 2015 \(BST\)/);
    assert.match(await banner.innerText(), /Authors’ notes/);
    await assertNoAxeViolations(page, 'preview start page');
    await answerJtai(page);
    await f.button('Submit your response').click();
    assert.equal(await f.heading.innerText(), 'Preview response made');
    assert.match(await f.element.innerText(), /marked as a preview/);
    const file = await download(page, f.button('Download your response (JSON file)'));
    const response = JSON.parse(file.text);
    assert.equal(response.preview, true);
    assert.equal((await validateInPage(page, 'jtai-2015', file.text)).verdict.ok, true);
    // The analysis rejects it.
    const summary = await page.evaluate(async (text) => {
      const dd = await import(/** @type {string} */ ('/pkg/deepdive.js')); // served, not a file: typed any
      await dd.default();
      return dd.summariseResponses(dd.consultationDefinition('jtai-2015'), [{ name: 'preview.json', text }]);
    }, file.text);
    assert.equal(summary.accepted, 0);
    assert.deepEqual(summary.rejected[0].problems.map((/** @type {any} */ p) => p.code), ['preview-response']);
    // Preview drafts are kept apart from real ones.
    assert.ok(await storedDraft(page, 'deepdive:preview-draft:jtai-2015:1'));
    assert.equal(await storedDraft(page, 'deepdive:draft:jtai-2015:1'), null);
  });

  it('speaks Welsh: the switch, the element’s own words, errors, and the response’s language', async () => {
    const { page } = session;
    await openConsultation(session);
    const f = form(page);
    await f.element.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Cymraeg' }).click();
    assert.equal(await f.element.getAttribute('lang'), 'cy');
    assert.equal(await f.heading.innerText(), 'Arddangosiad: ffurflen ymgynghori sy’n rhedeg yn eich porwr');
    assert.match(await f.element.locator('.dd-status').innerText(), /Mae’r ymgynghoriad hwn yn cau am 11:59yh ddydd Iau 31 Rhagfyr 2099 \(GMT\)/);
    assert.equal(await f.element.getByRole('navigation', { name: 'Iaith' }).count(), 1);
    await assertNoAxeViolations(page, 'Welsh start page');
    await f.button('Dechrau nawr').click();
    assert.equal(await f.heading.innerText(), 'Amdanoch chi');
    await f.button('Parhau').click();
    await f.errorSummary.waitFor();
    assert.equal(await f.errorSummary.locator('h2').innerText(), 'Mae problem wedi codi');
    assert.deepEqual((await f.errors()).inline, ['Gwall: Dewiswch ateb i “Ydych chi’n ymateb fel unigolyn neu ar ran sefydliad?”']);
    assert.match(await page.title(), /^Gwall: Amdanoch chi/);
    assert.equal(await f.element.getByLabel('Eich cyfeiriad e-bost, os hoffech glywed pan gaiff y canlyniadau eu cyhoeddi (dewisol)', { exact: true }).count(), 1);
    await assertNoAxeViolations(page, 'Welsh errors');
    await f.element.getByLabel('Mae’n well gennyf beidio â dweud').first().check();
    await f.button('Parhau').click();
    await f.element.getByLabel('Cytuno', { exact: true }).check();
    await f.element.getByLabel('Oes unrhyw beth arall yr hoffech ei ddweud wrthym? (dewisol)').fill('Diolch – ŵ ŷ â');
    await f.button('Parhau').click();
    await f.element.getByLabel('Peidiwch â chyhoeddi fy ymateb').check();
    await f.button('Parhau').click();
    assert.equal(await f.heading.innerText(), 'Gwirio eich atebion cyn anfon eich ymateb');
    // The language survives a reload.
    await page.reload();
    await f.heading.waitFor();
    assert.equal(await f.heading.innerText(), 'Gwirio eich atebion cyn anfon eich ymateb');
    await f.button('Cyflwyno eich ymateb').click();
    const file = await download(page, f.button('Lawrlwytho eich ymateb (ffeil JSON)'));
    const response = JSON.parse(file.text);
    assert.equal(response.language, 'cy');
    assert.equal(response.answers.comments, 'Diolch – ŵ ŷ â');
    assert.equal((await validateInPage(page, 'demo', file.text)).verdict.ok, true);
  });

  it('offers a draft from an older version instead of applying it, and keeps only what still fits', async () => {
    const { page } = session;
    const old = {
      format: 'deepdive-consultation-draft', consultation: 'demo', version: 0, definitionSha256: 'a'.repeat(64),
      id: '0f0e0d0c-0b0a-4908-8706-050403020100', started: '2026-01-02T10:00:00+00:00', saved: '2026-01-02T10:05:00+00:00',
      language: 'en', step: 'check',
      answers: { clear: 'agree', devices: ['phone', 'fax'], gone: 'a question the new version dropped', respondent: { type: 'individual', role: 'health' } },
    };
    const plant = () => page.evaluate((draft) => localStorage.setItem('deepdive:draft:demo:0', JSON.stringify(draft)), old);
    await plant();
    await openConsultation(session);
    const f = form(page);
    assert.equal(await f.heading.innerText(), 'You have answers saved for an earlier version of this consultation');
    assert.match(await f.element.innerText(), /You saved them at 10:05am on 2 January 2026\. The consultation has changed since/);
    await assertNoAxeViolations(page, 'older draft offered');

    // Discard: the old draft goes, nothing is applied.
    await f.button('Discard them').click();
    assert.match(await f.element.locator('.govuk-notification-banner').innerText(), /earlier answers have been discarded/);
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);
    await f.button('Start now').click();
    assert.equal(await f.element.getByLabel('As an individual').isChecked(), false);

    // Keep: the answers the current version accepts are kept, the rest are left out.
    await page.evaluate(() => localStorage.clear());
    await plant();
    await openConsultation(session);
    await f.button('Keep the answers that still fit').click();
    assert.match(await f.element.locator('.govuk-notification-banner').innerText(), /We kept 2 of your earlier answers; 2 no longer fit and were left out/);
    const draft = await storedDraft(page, 'deepdive:draft:demo:1');
    assert.deepEqual(draft.answers, { clear: 'agree', respondent: { type: 'individual', role: 'health' } });
    assert.equal(draft.id, old.id);
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), ['deepdive:draft:demo:1']);
    assert.equal(await f.heading.innerText(), 'About you');
    assert.equal(await f.element.getByLabel('Health').isChecked(), true);

    // The same version with another text (another hash) is offered the same way.
    await page.evaluate((draft) => {
      localStorage.clear();
      localStorage.setItem('deepdive:draft:demo:1', JSON.stringify({ ...draft, version: 1 }));
    }, old);
    await openConsultation(session);
    assert.equal(await f.heading.innerText(), 'You have answers saved for an earlier version of this consultation');
  });

  it('loads a definition from a same-site URL, and shows a broken definition’s problems in place', async () => {
    const { page } = session;
    const definition = JSON.parse(fs.readFileSync(new URL('../../src/consultation/data/demo.json', import.meta.url), 'utf8'));
    const own = { ...definition, id: 'from-a-url', languages: ['en'], opens: '2020-01-01T09:00', title: 'A consultation from a URL' };
    /** @type {(v: any) => any} */
    const strip = (v) => (v && typeof v === 'object' && !Array.isArray(v) && 'en' in v ? v.en
      : Array.isArray(v) ? v.map(strip) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)])) : v);
    const english = strip(own);
    await page.route(url('consultations/own.json'), (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(english) }));
    await page.route(url('consultations/broken.json'), (route) => route.fulfill({
      contentType: 'application/json', body: JSON.stringify({ ...english, closes: '2019-01-01T09:00', sections: [] }),
    }));
    const embed = (/** @type {string} */ src) => page.evaluate((s) => {
      const element = document.createElement('dd-consultation');
      element.setAttribute('src', s);
      document.querySelector('dd-consultation')?.replaceWith(element);
    }, src);
    const f = form(page);
    await embed('consultations/own.json');
    await f.heading.waitFor();
    assert.equal(await f.heading.innerText(), 'A consultation from a URL');
    assert.equal(await f.element.getByRole('navigation', { name: 'Language' }).count(), 0, 'no Welsh, no switch');
    await f.button('Start now').click();
    assert.equal(await f.heading.innerText(), 'About you');
    assert.ok(await storedDraft(page, 'deepdive:draft:from-a-url:1'));

    await embed('consultations/broken.json');
    const failure = f.element.locator('.govuk-error-summary');
    await failure.waitFor();
    assert.match(await failure.innerText(), /The consultation’s definition has problems, so the form cannot be shown/);
    assert.match(await failure.innerText(), /closes: /);
    assert.match(await failure.innerText(), /sections/);

    // Another site's definition is refused before anything is fetched.
    await embed('https://example.org/consultation.json');
    await f.element.locator('.govuk-error-summary', { hasText: 'must come from this website' }).waitFor();
    await page.unroute(url('consultations/own.json'));
    await page.unroute(url('consultations/broken.json'));
  });

  it('saves the answers to a file that another device loads, and deletes them from this one', async () => {
    const { page } = session;
    await openConsultation(session);
    const f = form(page);
    await f.button('Start now').click();
    await f.element.getByLabel('As an individual').check();
    await f.element.getByLabel('Education').check();
    await f.button('Continue').click();
    await f.element.getByLabel('Agree', { exact: true }).check();
    await f.element.getByLabel('Is there anything else you would like to tell us? (optional)').fill('Written on my work computer.');
    const saved = await download(page, f.button('Save your answers to a file'));
    assert.match(saved.name, /^demo-v1-answers-\d{4}-\d{2}-\d{2}\.json$/);
    const draft = JSON.parse(saved.text);
    assert.equal(draft.format, 'deepdive-consultation-draft');
    assert.equal(draft.answers.comments, 'Written on my work computer.');

    // Delete from this device, after confirming.
    await f.button('Delete your answers from this device').click();
    assert.equal(await f.heading.innerText(), 'Are you sure you want to delete your answers from this device?');
    await assertNoAxeViolations(page, 'delete confirmation');
    await f.link('No, keep my answers').click();
    assert.equal(await f.heading.innerText(), 'The form');
    await f.button('Delete your answers from this device').click();
    await f.button('Yes, delete my answers').click();
    assert.match(await f.element.locator('.govuk-notification-banner').innerText(), /deleted from this device/);
    assert.equal(await storedDraft(page, 'deepdive:draft:demo:1'), null);

    // Another device: a fresh browser profile loads the file and carries on.
    await withSession(async (other) => {
      await openConsultation(other);
      const g = form(other.page);
      await g.element.locator('summary', { hasText: 'Carry on from a file you saved' }).click();
      // Without a file: an error in place.
      await g.button('Load your answers').click();
      assert.match(await g.element.locator('.govuk-error-message').innerText(), /Choose a file with your saved answers/);
      await g.element.getByLabel('Choose the file with your saved answers').setInputFiles({
        name: saved.name, mimeType: 'application/json', buffer: Buffer.from(saved.text),
      });
      await g.button('Load your answers').click();
      assert.match(await g.element.locator('.govuk-notification-banner').innerText(), new RegExp(`Your answers from ${saved.name} have been loaded`));
      assert.equal(await g.heading.innerText(), 'About you');
      assert.equal(await g.element.getByLabel('Education').isChecked(), true);
      await g.button('Continue').click();
      assert.equal(await g.element.getByLabel('Is there anything else you would like to tell us? (optional)').inputValue(), 'Written on my work computer.');
      assertClean(other);
      assertAllRequestsLocal(other);
    });
  });

  it('POSTs to submit-url, keeps the draft until the server accepts, then deletes it', () => withSession(async (host) => {
    const { page } = host;
    await page.goto(url('consultation.html'));
    // A host page embedding the element with submit-url.
    await page.evaluate(() => {
      const old = document.querySelector('dd-consultation');
      const element = document.createElement('dd-consultation');
      element.setAttribute('src', 'builtin:demo');
      element.setAttribute('submit-url', '/submit');
      old?.replaceWith(element);
    });
    const f = form(page);
    await f.heading.waitFor();
    /** @type {Array<{method: string, type: string | undefined, body: string}>} */
    const posts = [];
    let status = 503;
    await page.route(url('submit'), async (route) => {
      const request = route.request();
      posts.push({ method: request.method(), type: request.headers()['content-type'], body: request.postData() ?? '' });
      if (status === 503) await route.fulfill({ status, contentType: 'text/plain', body: 'Down for maintenance' });
      else await route.fulfill({ status, contentType: 'application/json', body: JSON.stringify({ reference: 'DD-0042', message: 'Thank you <b>very</b> much.' }) });
    });
    await f.button('Start now').click();
    await f.element.getByLabel('Prefer not to say').first().check();
    await f.button('Continue').click();
    await f.element.getByLabel('Agree', { exact: true }).check();
    await f.button('Continue').click();
    await f.element.getByLabel('Publish my response in full').check();
    await f.button('Continue').click();
    assert.match(await f.element.innerText(), /When you submit, your answers are sent to 127\.0\.0\.1:\d+\./);

    // The server fails: the draft is kept, the failure shown, the file offered.
    await f.button('Submit your response').click();
    const failed = f.element.locator('.dd-send-failed');
    await failed.waitFor();
    assert.match(await failed.innerText(), /Your response has not been sent: the server answered 503/);
    assert.match(await failed.innerText(), /The server said: Down for maintenance/);
    assert.ok(await storedDraft(page, 'deepdive:draft:demo:1'), 'the draft is kept after a failure');
    await assertNoAxeViolations(page, 'send failed');

    // The server accepts: the result is shown and the draft deleted.
    status = 201;
    await f.button('Submit your response').click();
    await f.element.locator('.govuk-panel__title').waitFor();
    assert.equal(await f.element.locator('.govuk-panel--confirmation .govuk-panel__title').innerText(), 'Response submitted');
    assert.match(await f.element.locator('.dd-server-reply').innerText(), /The server said: Thank you <b>very<\/b> much\. DD-0042/);
    assert.equal(await f.element.locator('b').count(), 0);
    assert.equal(await storedDraft(page, 'deepdive:draft:demo:1'), null);
    await assertNoAxeViolations(page, 'response sent');

    assert.equal(posts.length, 2);
    for (const post of posts) {
      assert.equal(post.method, 'POST');
      assert.match(String(post.type), /^application\/json/);
    }
    // The same response both times (only the submission time moves on).
    const [first, response] = posts.map((post) => JSON.parse(post.body));
    assert.deepEqual({ ...first, submitted: null }, { ...response, submitted: null });
    assert.equal((await validateInPage(page, 'demo', posts[1].body)).verdict.ok, true);
    assert.deepEqual(response.answers, { respondent: { type: 'prefer-not-to-say' }, clear: 'agree', consent: 'publish-in-full' });
    // The only request beyond the site's files is the POST to 127.0.0.1's /submit; the
    // refused one is the only failure the browser logged.
    assert.ok(host.requests.some((r) => new URL(r).pathname === '/submit'));
    assertAllRequestsLocal(host);
    assert.deepEqual(host.pageErrors, []);
    assert.deepEqual(host.failures.map((f) => f.replace(/^https?:\/\/[^/]+/, '')), ['/submit: HTTP 503']);
    assert.ok(host.consoleErrors.every((e) => /status of 503/.test(e)), host.consoleErrors.join('\n'));
  }));
});

describe('<dd-consultation> as a new user finds it (issue 10)', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;

  before(async () => {
    session = await launch();
  });
  beforeEach(async () => {
    await openConsultation(session);
    await session.page.evaluate(() => localStorage.clear());
  });
  after(() => closeChecked(session));

  it('makes each part, the check page and the confirmation a history entry: Back goes back a part', async () => {
    const { page } = session;
    await openConsultation(session);
    const f = form(page);
    const at = async (/** @type {string} */ heading, /** @type {RegExp} */ address) => {
      await f.element.locator('.dd-step-heading', { hasText: heading }).waitFor();
      assert.match(page.url(), address, heading);
    };
    const start = 'Demonstration: a consultation form that runs in your browser';
    await f.button('Start now').click();
    await at('About you', /consultation\.html#part-1$/);
    await f.element.getByLabel('Prefer not to say').first().check();
    await f.button('Continue').click();
    await at('The form', /#part-2$/);

    // Back and Forward move between the parts, on this page.
    await page.goBack();
    await at('About you', /consultation\.html#part-1$/);
    assert.equal(await f.element.getByLabel('Prefer not to say').first().isChecked(), true);
    await page.goBack();
    await at(start, /consultation\.html$/);
    await page.goForward();
    await at('About you', /#part-1$/);
    await page.goForward();
    await at('The form', /#part-2$/);

    // A reload comes back to the part in the address.
    await page.reload();
    await at('The form', /#part-2$/);
    await f.element.getByLabel('Agree', { exact: true }).check();
    await f.button('Continue').click();
    await at('Publishing your response', /#part-3$/);
    await f.element.getByLabel('Do not publish my response').check();
    await f.button('Continue').click();
    await at('Check your answers before sending your response', /#check-answers$/);
    await page.goBack();
    await at('Publishing your response', /#part-3$/);
    await page.goForward();
    await at('Check your answers before sending your response', /#check-answers$/);
    await f.button('Submit your response').click();
    await at('Your response is ready to send', /#confirmation$/);
    // Back from the confirmation does not reopen a response already made.
    await page.goBack();
    await at('Your response is ready to send', /consultation\.html#/);
    assert.equal(await f.button('Submit your response').count(), 0);
  });

  it('never scrolls sideways at 320 CSS pixels, in any state, with long unbroken answers', async () => {
    const { page } = session;
    const f = form(page);
    /** How far the page scrolls sideways (0 when it reflows). */
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const LONG = `Anytown${'x'.repeat(120)}Police`;
    await page.setViewportSize({ width: 320, height: 800 });
    try {
      await openConsultation(session, '?consultation=jtai-2015');
      assert.equal(await sideways(), 0, 'a closed consultation scrolls sideways');
      await openConsultation(session);
      assert.equal(await sideways(), 0, 'the start page scrolls sideways');
      await f.button('Start now').click();
      await f.element.locator('.dd-step-heading', { hasText: 'About you' }).waitFor();
      assert.equal(await sideways(), 0, 'part 1 scrolls sideways');
      await f.button('Continue').click();
      await f.errorSummary.waitFor();
      assert.equal(await sideways(), 0, 'part 1 with errors scrolls sideways');
      await f.element.getByLabel('On behalf of an organisation').check();
      await f.element.getByLabel('Police').check();
      await f.element.getByLabel('What is the name of your organisation? (optional)').fill(LONG);
      const email = f.element.getByLabel(/e-mail address/);
      await email.fill(`${'a'.repeat(100)}@example.org`);
      assert.equal(await sideways(), 0, 'part 1 with a long answer scrolls sideways');
      await f.button('Continue').click();

      await f.element.locator('.dd-step-heading', { hasText: 'The form' }).waitFor();
      assert.equal(await sideways(), 0, 'part 2 scrolls sideways');
      await f.element.getByLabel('Disagree', { exact: true }).check();
      await f.element.getByLabel('What was unclear? (optional)').fill('y'.repeat(1003));
      for (const device of ['A tablet', 'A mobile phone', 'On paper']) await f.element.getByLabel(device).check();
      await f.button('Continue').click();
      await f.errorSummary.waitFor();
      assert.equal(await sideways(), 0, 'part 2 with errors scrolls sideways');
      await f.element.getByLabel('What was unclear? (optional)').fill(LONG);
      await f.element.getByLabel('On paper').uncheck();
      await f.button('Continue').click();

      await f.element.locator('.dd-step-heading', { hasText: 'Publishing your response' }).waitFor();
      await f.button('Continue').click();
      await f.errorSummary.waitFor();
      assert.equal(await sideways(), 0, 'part 3 with errors scrolls sideways');
      await f.element.getByLabel('Do not publish my response').check();
      await f.button('Continue').click();

      await f.element.locator('.dd-step-heading', { hasText: 'Check your answers' }).waitFor();
      assert.equal((await f.checkAnswers())['What is the name of your organisation?'], LONG);
      assert.equal(await sideways(), 0, 'the check answers page scrolls sideways');
      await assertNoAxeViolations(page, 'check answers at 320 px');
      await f.button('Submit your response').click();
      await f.element.locator('.dd-step-heading', { hasText: 'Your response is ready to send' }).waitFor();
      assert.equal(await sideways(), 0, 'the confirmation scrolls sideways');
      await assertNoAxeViolations(page, 'confirmation at 320 px');
    } finally {
      await page.setViewportSize({ width: 1100, height: 900 });
    }
  });

  it('says a response file is ready to send, and how, from the definition’s submission', async () => {
    const { page } = session;
    const definition = JSON.parse(fs.readFileSync(new URL('../../src/consultation/data/demo.json', import.meta.url), 'utf8'));
    const own = {
      ...definition, id: 'with-submission', title: { en: 'A consultation with a submission', cy: 'Ymgynghoriad gyda chyflwyniad' },
      submission: {
        email: 'consultation@example.org',
        postal: { en: 'Consultation team\nPiccadilly Gate\nManchester M1 2WD', cy: 'Tîm ymgynghori\nPiccadilly Gate\nManceinion M1 2WD' },
        url: 'https://example.org/respond',
      },
    };
    await page.route(url('consultations/with-submission.json'), (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(own) }));
    // The core checks the submission's addresses.
    const problems = await page.evaluate(async (d) => {
      const dd = await import(/** @type {string} */ ('/pkg/deepdive.js')); // served, not a file: typed any
      await dd.default();
      return dd.validateConsultation({ ...d, submission: { email: 'nobody', url: 'http://example.org' } }).problems.map((/** @type {any} */ p) => p.field);
    }, own);
    assert.deepEqual(problems, ['submission.email', 'submission.url']);

    await page.evaluate(() => {
      const element = document.createElement('dd-consultation');
      element.setAttribute('src', 'consultations/with-submission.json');
      document.querySelector('dd-consultation')?.replaceWith(element);
    });
    const f = form(page);
    await f.button('Start now').click();
    await f.element.getByLabel('Prefer not to say').first().check();
    await f.button('Continue').click();
    await f.element.getByLabel('Agree', { exact: true }).check();
    await f.button('Continue').click();
    await f.element.getByLabel('Do not publish my response').check();
    await f.button('Continue').click();
    await f.button('Submit your response').click();
    await f.element.locator('.dd-reference').waitFor();
    assert.equal(await f.heading.innerText(), 'Your response is ready to send');
    assert.doesNotMatch(await f.element.innerText(), /Response submitted/);
    assert.equal(await f.element.locator('.govuk-panel--confirmation').count(), 0);
    const reference = (await f.element.locator('.dd-reference').innerText()).trim();
    const how = f.element.locator('.dd-send-how');
    const mail = new URL(String(await how.locator('.dd-send-email a').getAttribute('href')));
    assert.equal(mail.protocol, 'mailto:');
    assert.equal(mail.pathname, 'consultation@example.org');
    assert.equal(mail.searchParams.get('subject'), `Response to A consultation with a submission (reference ${reference})`);
    assert.match(await how.locator('.dd-send-email').innerText(), /Attach your response file/);
    assert.equal(await how.locator('.dd-send-url a').getAttribute('href'), 'https://example.org/respond');
    assert.equal(await how.locator('.dd-postal').innerText(), 'Consultation team\nPiccadilly Gate\nManchester M1 2WD');
    await assertNoAxeViolations(page, 'a response file ready to send');
    // In Welsh too.
    await f.element.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Cymraeg' }).click();
    assert.equal(await f.heading.innerText(), 'Mae eich ymateb yn barod i’w anfon');
    const cy = new URL(String(await f.element.locator('.dd-send-email a').getAttribute('href')));
    assert.equal(cy.searchParams.get('subject'), `Ymateb i Ymgynghoriad gyda chyflwyniad (cyfeirnod ${reference})`);
    await page.unroute(url('consultations/with-submission.json'));
  });

  it('words the form once: no second limit, no role help before the role, no “Last saved” before an answer', async () => {
    const { page } = session;
    await openConsultation(session);
    const f = form(page);
    await f.button('Start now').click();
    const saved = f.element.locator('.dd-draft-saved');
    assert.equal(await saved.isVisible(), false, 'nothing answered, nothing to say was saved');
    const roleHelp = f.element.getByText('Then choose the role closest to yours.');
    assert.equal(await roleHelp.isVisible(), false);
    await f.element.getByLabel('As an individual').check();
    assert.equal(await roleHelp.isVisible(), true, 'the role’s help comes with the role');
    assert.equal(await roleHelp.count(), 1);
    assert.match(await saved.innerText(), /^Last saved at \d{1,2}:\d{2}(am|pm) on /);
    await f.element.getByLabel('Education').check();
    await f.button('Continue').click();
    const devices = f.element.locator('[data-question="devices"]');
    assert.match(await devices.locator('legend').innerText(), /Choose up to two\. \(optional\)$/);
    assert.equal(await devices.locator('.govuk-hint').count(), 0, 'the question states its limit once');
    await assertNoAxeViolations(page, 'part 2 without a second limit');
  });

  it('says when the browser keeps nothing, and offers to save the answers to a file', () => withSession(async (other) => {
    const { page } = other;
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
    await openConsultation(other);
    const f = form(page);
    assert.match(await f.element.locator('.govuk-warning-text').innerText(), /This browser does not keep your answers/);
    assert.doesNotMatch(await f.element.innerText(), /Your answers are saved in this browser as you go/);
    await f.button('Start now').click();
    await f.element.getByLabel('As an individual').check();
    assert.match(await f.element.locator('.dd-storage-failed').innerText(), /Save them to a file before you leave the page/);
    assert.equal(await f.element.locator('.dd-draft-saved').count(), 0);
    const file = await download(page, f.button('Save your answers to a file'));
    assert.deepEqual(JSON.parse(file.text).answers, { respondent: { type: 'individual' } });
    await assertNoAxeViolations(page, 'no storage');
    assertClean(other);
  }));
});

describe('<dd-consultation> on a host page (issue 10)', () => {
  /**
   * Serves a host page with two copies of the demonstration under the host's own h1 and h2,
   * and GOV.UK Frontend's JavaScript (the real package), whose `initAll()` runs on load.
   *
   * @param {import('playwright-core').Page} page
   */
  async function routeHost(page) {
    const bundle = fs.readFileSync(new URL('../../node_modules/govuk-frontend/dist/govuk/all.bundle.mjs', import.meta.url), 'utf8');
    await page.route(url('vendor/govuk-frontend.mjs'), (route) => route.fulfill({ contentType: 'text/javascript', body: bundle }));
    await page.route(url('host-init.mjs'), (route) => route.fulfill({
      contentType: 'text/javascript',
      body: "import { initAll } from './vendor/govuk-frontend.mjs';\ninitAll();\nwindow.ddInitAll = initAll;\n",
    }));
    await page.route(url('host.html'), (route) => route.fulfill({
      contentType: 'text/html',
      body: `<!DOCTYPE html><html lang="en" class="govuk-template"><head><meta charset="utf-8"><title>Host page</title>
<link rel="stylesheet" href="deepdive-full.css">
<script type="module" src="consultation/dd-consultation.mjs"></script>
<script type="module" src="host-init.mjs"></script></head>
<body class="govuk-template__body govuk-frontend-supported"><div class="govuk-width-container"><main class="govuk-main-wrapper">
<h1 class="govuk-heading-xl">Host page</h1>
<h2 class="govuk-heading-l">Have your say</h2>
<dd-consultation src="builtin:demo"></dd-consultation>
<h2 class="govuk-heading-l">Another copy</h2>
<dd-consultation src="builtin:demo" id="second"></dd-consultation>
</main></div></body></html>`,
    }));
  }

  it('leaves the title alone, follows the host’s headings, uses GOV.UK widths, and initAll() changes nothing', () => withSession(async (host) => {
    const { page } = host;
    await routeHost(page);
    await page.goto(url('host.html'));
    const first = page.locator('dd-consultation').first();
    const heading = first.locator('.dd-step-heading');
    await heading.waitFor();
    await page.locator('#second .dd-step-heading').waitFor();
    assert.equal(await page.title(), 'Host page');
    assert.equal(await page.locator('dd-consultation h1').count(), 0, 'no second h1 under the host’s');
    assert.equal(await heading.evaluate((e) => e.tagName), 'H3');
    assert.match(String(await heading.getAttribute('class')), /\bgovuk-heading-m\b/);
    assert.equal(await first.locator('h4.govuk-heading-s', { hasText: 'How we use your response' }).count(), 1);
    await first.getByRole('button', { name: 'Start now' }).click();
    assert.equal(await page.title(), 'Host page');
    const email = first.getByLabel(/e-mail address/);
    assert.match(String(await email.getAttribute('class')), /govuk-!-width-two-thirds/);
    const [field, whole] = [await email.boundingBox(), await first.boundingBox()];
    assert.ok(field && whole && field.width < whole.width * 0.8, 'the e-mail field is not stretched to the full width');
    await first.getByLabel('Prefer not to say').first().check();
    await first.getByRole('button', { name: 'Continue' }).click();
    const comments = first.locator('[data-question="comments"]');
    await comments.waitFor();
    assert.match(String(await comments.locator('textarea').getAttribute('class')), /govuk-!-width-two-thirds/);
    // GOV.UK Frontend's initAll() after the element rendered: still one count, one live region.
    await page.evaluate(() => /** @type {any} */ (window).ddInitAll());
    await comments.locator('textarea').fill('Twelve chars');
    assert.equal(await comments.locator('[aria-live]').count(), 1);
    assert.equal(await comments.locator('.govuk-character-count__status').count(), 1);
    assert.equal(await comments.locator('.govuk-character-count__status').innerText(), 'You have 1988 characters remaining');
    assert.equal(await page.locator('dd-consultation [data-module]').count(), 0);
    await assertNoAxeViolations(page, 'host page');

    // Every documented attribute is observed; a change takes effect at once.
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const row = readme.split('\n').find((line) => line.startsWith('| `<dd-consultation>`')) ?? '';
    const documented = [...row.split('|')[2].trim().matchAll(/(?:^|, |; |\) )`([a-z-]+)(?:=[^`]*)?`/g)].map((m) => m[1]);
    const observed = await page.evaluate(() => /** @type {any} */ (customElements.get('dd-consultation')).observedAttributes);
    assert.deepEqual([...documented].sort(), [...observed].sort());
    await first.evaluate((e) => e.setAttribute('heading-level', '2'));
    assert.equal(await heading.evaluate((e) => e.tagName), 'H2');
    assert.match(String(await heading.getAttribute('class')), /\bgovuk-heading-l\b/);
    await first.evaluate((e) => e.setAttribute('set-title', ''));
    assert.equal(await page.title(), 'The form – Host page');
    assertClean(host);
    assertAllRequestsLocal(host);
  }));

  it('prints a copy’s confirmation alone: not the host’s headings or the other copy', () => withSession(async (host) => {
    const { page } = host;
    await routeHost(page);
    await page.goto(url('host.html'));
    const first = page.locator('dd-consultation').first();
    await page.locator('#second .dd-step-heading').waitFor();
    await first.getByRole('button', { name: 'Start now' }).click();
    await first.getByLabel('Prefer not to say').first().check();
    await first.getByRole('button', { name: 'Continue' }).click();
    await first.getByLabel('Strongly agree').check();
    await first.getByRole('button', { name: 'Continue' }).click();
    await first.getByLabel('Publish my response without my name or my organisation’s name').check();
    await first.getByRole('button', { name: 'Continue' }).click();
    await first.getByRole('button', { name: 'Submit your response' }).click();
    const done = first.locator('.dd-step-heading', { hasText: 'Your response is ready to send' });
    await done.waitFor();
    await page.emulateMedia({ media: 'print' });
    try {
      assert.equal(await page.getByRole('heading', { name: 'Host page' }).isVisible(), false, 'the host’s h1 is not printed');
      assert.equal(await page.getByRole('heading', { name: 'Another copy' }).isVisible(), false, 'the host’s h2 is not printed');
      assert.equal(await page.locator('#second').isVisible(), false, 'the other copy is not printed');
      assert.equal(await done.isVisible(), true, 'the confirmation is printed');
      assert.equal(await first.locator('.dd-copy').first().isVisible(), true, 'the answers are printed');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    assertClean(host);
  }));

  it('keeps each copy’s own draft over a reload', () => withSession(async (host) => {
    const { page } = host;
    await routeHost(page);
    await page.goto(url('host.html'));
    const [first, second] = [page.locator('dd-consultation').first(), page.locator('#second')];
    await second.locator('.dd-step-heading').waitFor();
    await first.getByRole('button', { name: 'Start now' }).click();
    await first.getByLabel('Prefer not to say').first().check();
    await second.getByRole('button', { name: 'Start now' }).click();
    await second.getByLabel('On behalf of an organisation').check();
    await page.reload();
    await first.locator('[data-question="respondent"]').waitFor();
    await second.locator('[data-question="respondent"]').waitFor();
    assert.equal(await first.getByLabel('Prefer not to say').first().isChecked(), true);
    assert.equal(await first.getByLabel('On behalf of an organisation').isChecked(), false);
    assert.equal(await second.getByLabel('On behalf of an organisation').isChecked(), true);
    assert.equal(await second.getByLabel('Prefer not to say').first().isChecked(), false);
    assert.deepEqual((await page.evaluate(() => Object.keys(localStorage))).sort(), ['deepdive:draft:demo:1', 'deepdive:draft:demo:1:second']);
    assertClean(host);
  }));
});

/**
 * Runs a test in a browser of its own (a fresh profile: another device), then closes it.
 *
 * @param {(session: import('./helpers.mjs').Session) => Promise<void>} run
 */
async function withSession(run) {
  const own = await launch();
  try {
    await run(own);
  } finally {
    await own.close();
  }
}

/**
 * Answers the JTAI consultation's required questions and reaches the check page.
 *
 * @param {import('playwright-core').Page} page
 */
async function answerJtai(page) {
  const f = form(page);
  await f.button('Start now').click();
  await f.element.getByLabel('Prefer not to say').first().check();
  await f.button('Continue').click();
  while (await f.heading.innerText() !== 'Publishing your response') {
    for (const group of await f.element.locator('.govuk-radios:not(.govuk-radios--inline)').all()) {
      await group.getByLabel('Agree', { exact: true }).check();
    }
    await f.button('Continue').click();
  }
  await f.element.getByLabel('Do not publish my response').check();
  await f.button('Continue').click();
}
