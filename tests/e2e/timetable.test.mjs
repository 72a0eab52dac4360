/**
 * @file `<dd-timetable>` through its form: the JTAI example, errors from the form and from the
 * WebAssembly core, closures and overrides, keyboard-only use and axe-core on every state.
 */

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { assertNoAxeViolations, closeChecked, launch, open, timetableForm } from './helpers.mjs';

describe('<dd-timetable>', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;
  /** @type {ReturnType<typeof timetableForm>} */
  let form;

  before(async () => {
    session = await launch();
  });
  beforeEach(async () => {
    await open(session);
    form = timetableForm(session.page);
  });
  after(() => closeChecked(session, { local: false }));

  /** The text of each error message: in the summary, and inline. */
  async function errors() {
    return {
      summary: (await form.errorSummary.locator('.govuk-error-summary__list li').allInnerTexts()).map((t) => t.trim()),
      inline: (await form.element.locator('.govuk-error-message').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
    };
  }

  it('works out the JTAI example: notified Wednesday 23 September 2015, on site 5 to 9 October', async () => {
    const { page } = session;
    // The page's listener records the bubbling event (test-only state on window).
    await page.evaluate(() => {
      document.addEventListener('dd-timetable', (event) => {
        /** @type {any} */ (window).ddEvents = [.../** @type {any} */ (window).ddEvents ?? [], /** @type {CustomEvent} */ (event).detail];
      });
    });
    await form.framework.selectOption('jtai-2015');
    assert.match(await form.element.locator('.dd-framework-choice').innerText(), /In force from October 2015/);
    await form.fillDate('5', '10', '2015');
    await form.submit.click();
    await form.result.waitFor();

    const summary = await form.summary();
    assert.match(summary.Notification, /^Wednesday 23 September 2015 8 working days before the first on-site day\.$/);
    assert.equal(summary['On site'], '5 to 9 October 2015 (5 working days)');
    assert.match(summary['Letter due'], /^Friday 6 November 2015 Source: ours 20 working days after fieldwork ends/);
    assert.match(summary['Joint audit'], /^24 September to 2 October 2015 \(7 working days\)/);

    const themes = await form.element.locator('.dd-themes li').allInnerTexts();
    assert.equal(themes.length, 2);
    assert.match(themes[0], /child sexual exploitation/i);
    assert.match(themes[1], /missing from home, school or care/i);

    // The timeline runs from the notification to the letter due, with the week on site.
    const items = form.element.locator('.dd-timeline > li');
    const kinds = await items.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-kind')));
    assert.deepEqual(kinds, ['key', 'phase', 'onsite', 'key']);
    assert.match(await items.first().innerText(), /Wednesday 23 September 2015\s+Notification/);
    assert.match(await items.nth(1).innerText(), /Thursday 24 September 2015 to Friday 2 October 2015\s+Joint audit/);
    assert.match(await items.nth(2).innerText(), /Monday 5 October 2015 to Friday 9 October 2015/);
    assert.match(await items.last().innerText(), /Friday 6 November 2015\s+Letter due/);

    const agencies = await form.element.locator('.dd-agencies tbody th').allInnerTexts();
    assert.deepEqual(agencies, ['Ofsted', 'Care Quality Commission (CQC)', 'HM Inspectorate of Constabulary (HMIC)', 'HM Inspectorate of Probation']);
    assert.match(await form.element.locator('.dd-agencies tbody tr').first().innerText(), /Lead inspectorate/);
    assert.match(await form.result.innerText(), /No grades/);
    // Assumptions carry their source.
    const assumptionSources = await form.element.locator('.dd-assumptions .dd-source').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-source')));
    assert.ok(assumptionSources.includes('ours'), `assumption sources: ${assumptionSources}`);
    assert.ok(assumptionSources.every((s) => ['seed', 'public', 'ours'].includes(String(s))));

    // Focus moves to the result's heading; the event carried the input and the result.
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('dd-result__heading')), true);
    const events = await page.evaluate(() => /** @type {any} */ (window).ddEvents);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].input, {
      framework: 'jtai-2015', onsiteStart: '2015-10-05',
      area: { prisonMotherAndBabyUnit: false, immigrationRemovalCentre: false, youngOffenderInstitution: false, cpsConcerns: false },
    });
    assert.equal(events[0].result.notification.date, '2015-09-23');
    await assertNoAxeViolations(page, 'result state');
  });

  it('rejects a Tuesday start with an error summary linked to the date and keeps what was entered', async () => {
    const { page } = session;
    await form.framework.selectOption('jtai-2015');
    await form.fillDate('6', '10', '2015');
    await form.closures.fill('2015-12-24');
    await form.notice.fill('9');
    await form.submit.click();
    await form.errorSummary.waitFor();

    const message = 'The first on-site day must be a Monday (6 October 2015 is a Tuesday)';
    assert.deepEqual(await errors(), { summary: [message], inline: [`Error: ${message}`] });
    assert.equal(await form.errorSummary.locator('h2').innerText(), 'There is a problem');
    // The summary has focus, and its link leads to the day field.
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true);
    const link = form.errorSummary.getByRole('link', { name: message });
    assert.equal(await link.getAttribute('href'), `#${await form.day.getAttribute('id')}`);
    // The date's form group and inputs are marked, and the fieldset is described by the error.
    const group = form.element.locator('.govuk-form-group--error');
    assert.equal(await group.count(), 1);
    assert.equal(await group.locator('legend').innerText(), 'First on-site day');
    assert.equal(await form.element.locator('.govuk-date-input__input.govuk-input--error').count(), 3);
    const fieldset = form.element.getByRole('group', { name: 'First on-site day' });
    assert.match(String(await fieldset.getAttribute('aria-describedby')), /-error\b/);
    // Nothing the user typed is lost, and no stale result is shown.
    assert.deepEqual(
      [await form.day.inputValue(), await form.month.inputValue(), await form.year.inputValue()],
      ['6', '10', '2015'],
    );
    assert.equal(await form.framework.inputValue(), 'jtai-2015');
    assert.equal(await form.closures.inputValue(), '2015-12-24');
    assert.equal(await form.notice.inputValue(), '9');
    assert.equal(await form.result.count(), 0);
    await assertNoAxeViolations(page, 'error state');

    // Following the link puts the cursor in the day field.
    await link.click();
    assert.equal(await form.day.evaluate((el) => el === document.activeElement), true);

    // Correcting the date clears every error.
    await form.day.fill('5');
    await form.submit.click();
    await form.result.waitFor();
    assert.equal(await form.errorSummary.isHidden(), true);
    assert.equal(await form.element.locator('.govuk-form-group--error, .govuk-error-message, .govuk-input--error').count(), 0);
    // The notice override was used: 9 working days before Monday 5 October 2015.
    assert.match((await form.summary()).Notification, /^Tuesday 22 September 2015 9 working days/);
  });

  it('checks an empty, partial or impossible date with GOV.UK’s messages', async () => {
    await form.submit.click();
    await form.errorSummary.waitFor();
    assert.deepEqual((await errors()).summary, ['Enter the first on-site day']);
    assert.equal(await form.element.locator('.govuk-date-input__input.govuk-input--error').count(), 3);

    await form.fillDate('5', '', '2015');
    await form.submit.click();
    assert.deepEqual((await errors()).summary, ['The first on-site day must include a month']);
    // Only the missing part is marked, and the link goes to it.
    assert.deepEqual(
      await form.element.locator('.govuk-input--error').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('name'))),
      ['onsiteStart-month'],
    );
    assert.equal(await form.errorSummary.locator('a').getAttribute('href'), `#${await form.month.getAttribute('id')}`);

    await form.fillDate('', '', '2015');
    await form.submit.click();
    assert.deepEqual((await errors()).summary, ['The first on-site day must include a day and month']);

    await form.fillDate('31', '2', '2015');
    await form.submit.click();
    assert.deepEqual((await errors()).summary, ['The first on-site day must be a real date']);

    await form.fillDate('5', '10', '15');
    await form.submit.click();
    assert.deepEqual((await errors()).summary, ['Year must include 4 numbers']);

    // A year outside the calendar is the core's `year-out-of-range` (1 January 1990 is a Monday).
    await form.fillDate('1', '1', '1990');
    await form.submit.click();
    assert.deepEqual((await errors()).summary, ['The first on-site day must be in a year from 1995 to 2100']);
  });

  it('names bank holidays and closure days, and checks each closure line', async () => {
    // Monday 28 December 2015 is the substitute day for Boxing Day.
    await form.fillDate('28', '12', '2015');
    await form.submit.click();
    await form.errorSummary.waitFor();
    assert.deepEqual((await errors()).summary,
      ['The first on-site day must be a working day (28 December 2015 is Boxing Day (substitute day))']);

    // A closure on the first on-site day.
    await form.fillDate('5', '10', '2015');
    await form.closures.fill('05/10/2015');
    await form.submit.click();
    assert.deepEqual((await errors()).summary,
      ['The first on-site day must be a working day (5 October 2015 is one of your closure days)']);

    // Lines in the wrong format, each named by its line; the textarea is marked.
    await form.closures.fill('2015-09-30\n\nnext Tuesday\n1/13');
    await form.submit.click();
    const { summary, inline } = await errors();
    assert.deepEqual(summary, [
      'Closure day on line 3 (next Tuesday) must be a date like 2015-12-24 or 24/12/2015',
      'Closure day on line 4 (1/13) must be a date like 2015-12-24 or 24/12/2015',
    ]);
    assert.equal(inline.length, 1);
    assert.match(inline[0], /line 3 .* line 4/);
    assert.equal(await form.element.locator('.govuk-textarea--error').count(), 1);
    assert.equal(await form.errorSummary.locator('a').first().getAttribute('href'), `#${await form.closures.getAttribute('id')}`);

    // A well-formed but impossible date is found by the core and mapped back to its line.
    await form.closures.fill('2015-09-30\n31/02/2015');
    await form.submit.click();
    assert.deepEqual((await errors()).summary, ['Closure day on line 2 (31/02/2015) must be a real date']);

    // A closure in the notice period moves the notification a day earlier, and the timeline
    // marks it.
    await form.closures.fill('30/09/2015');
    await form.submit.click();
    await form.result.waitFor();
    assert.match((await form.summary()).Notification, /^Tuesday 22 September 2015 8 working days/);
    const dayOff = form.element.locator('.dd-timeline__item--day-off');
    assert.equal(await dayOff.count(), 1);
    assert.match(await dayOff.innerText(), /Wednesday 30 September 2015\s+Closure day/);
    assert.match(await form.result.locator('.govuk-warning-text').innerText(), /notification comes earlier/);
  });

  it('rejects overrides the core does not accept, next to the field', async () => {
    await form.fillDate('5', '10', '2015');
    await form.notice.fill('0');
    await form.letter.fill('ten');
    await form.submit.click();
    await form.errorSummary.waitFor();
    // The form's own check first (a whole number) ...
    assert.deepEqual((await errors()).summary, ['The letter due must be a whole number of working days, like 8']);
    // ... then the core's range check, mapped to the notice field.
    await form.letter.fill('26');
    await form.submit.click();
    const { summary } = await errors();
    assert.equal(summary.length, 1);
    assert.match(summary[0], /notice/i);
    assert.equal(await form.errorSummary.locator('a').getAttribute('href'), `#${await form.notice.getAttribute('id')}`);
    assert.equal(await form.notice.evaluate((el) => el.classList.contains('govuk-input--error')), true);

    await form.notice.fill('');
    await form.submit.click();
    await form.result.waitFor();
    assert.match((await form.summary())['Letter due'], /^Monday 16 November 2015 .*26 working days after fieldwork ends/);
  });

  it('brings in HM Inspectorate of Prisons for a young offender institution (2012 proposal)', async () => {
    await form.framework.selectOption('macp-2012');
    assert.match(await form.element.locator('.dd-framework-choice').innerText(), /dropped/i);
    await form.fillDate('3', '12', '2012');
    await form.element.getByLabel('A young offender institution').check();
    await form.submit.click();
    await form.result.waitFor();
    const agencies = await form.element.locator('.dd-agencies tbody th').allInnerTexts();
    assert.ok(agencies.includes('HM Inspectorate of Prisons'), `agencies: ${agencies}`);
    const notTaking = await form.element.locator('.dd-not-taking-part tbody tr').allInnerTexts();
    assert.equal(notTaking.length, 1);
    assert.match(notTaking[0], /Crown Prosecution Service Inspectorate/);
    assert.match(await form.result.innerText(), /Graded on a 4-point scale: Outstanding, Good, Adequate, Inadequate/);
    assert.match((await form.summary()).Notification, /unannounced|^None/);
  });

  it('can be used with the keyboard alone', async () => {
    const { page } = session;
    await form.framework.focus();
    // Tab order: framework, day, month, year, the four checkboxes, closures, notice, letter, button.
    /** @type {string[]} */
    const order = [];
    for (let i = 0; i < 12; i += 1) {
      order.push(await page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.textContent?.trim() ?? ''));
      await page.keyboard.press('Tab');
    }
    assert.deepEqual(order, [
      'framework', 'onsiteStart-day', 'onsiteStart-month', 'onsiteStart-year', 'area', 'area', 'area', 'area',
      'closures', 'noticeWorkingDays', 'letterDueWorkingDays', 'Work out the timetable',
    ]);

    // Choose the framework with the arrow keys, type the date and press Enter to submit.
    await form.framework.focus();
    await form.framework.selectOption('ofsted-cp-2012');
    await page.keyboard.press('End');
    assert.equal(await form.framework.inputValue(), 'jtai-2015');
    await page.keyboard.press('Tab');
    await page.keyboard.type('6');
    await page.keyboard.press('Tab');
    await page.keyboard.type('10');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2015');
    await page.keyboard.press('Enter');
    await form.errorSummary.waitFor();
    // From the focused error summary, Tab reaches the link; Enter puts the cursor in the date.
    await page.keyboard.press('Tab');
    assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /must be a Monday/);
    await page.keyboard.press('Enter');
    assert.equal(await form.day.evaluate((el) => el === document.activeElement), true);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('5');
    // A checkbox with Space, then submit with Enter on the button.
    await form.element.getByLabel('A young offender institution').focus();
    await page.keyboard.press('Space');
    assert.equal(await form.element.getByLabel('A young offender institution').isChecked(), true);
    await form.submit.focus();
    await page.keyboard.press('Enter');
    await form.result.waitFor();
    assert.match((await form.summary()).Notification, /^Wednesday 23 September 2015/);
  });
});
