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
    // The form's own check (a whole number) and the core's range check, in one submission,
    // in the fields' order.
    assert.deepEqual((await errors()).summary, [
      'The notice must be between 1 and 60 working days',
      'The letter due must be a whole number of working days, like 8',
    ]);
    // The core's range check alone, mapped to the notice field.
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

describe('<dd-timetable> and <dd-frameworks>: what a new user found (issue 10)', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;
  /** @type {ReturnType<typeof timetableForm>} */
  let form;

  before(async () => {
    session = await launch();
  });
  beforeEach(async () => {
    await session.page.setViewportSize({ width: 1100, height: 900 });
    await open(session);
    form = timetableForm(session.page);
  });
  after(() => closeChecked(session, { local: false }));

  /** Works out the JTAI example. */
  async function jtaiExample() {
    await form.framework.selectOption('jtai-2015');
    await form.fillDate('5', '10', '2015');
    await form.submit.click();
    await form.result.waitFor();
  }

  it('prints the timetable alone, on at most 2 A4 pages, from its print button', async () => {
    const { page } = session;
    await jtaiExample();
    assert.equal(await form.result.getByRole('button', { name: 'Print this timetable' }).count(), 1);
    /** Pages of the PDF Chromium prints, counted by their page objects. */
    const printedPages = async () => ((await page.pdf({ format: 'A4' })).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    const pages = await printedPages();
    assert.ok(pages >= 1 && pages <= 2, `the JTAI timetable prints on ${pages} pages`);
    await page.emulateMedia({ media: 'print' });
    try {
      for (const hidden of ['.govuk-generic-header', '.govuk-service-navigation', '.govuk-footer', 'dd-timetable form', 'dd-frameworks', 'main > h1, main .govuk-body-l']) {
        assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} prints`);
      }
      assert.equal(await form.result.isVisible(), true);
      assert.equal(await form.result.getByRole('button', { name: 'Print this timetable' }).isVisible(), false);
    } finally {
      // Back to no emulation (an explicit `screen` would make page.pdf print the screen styles).
      await page.emulateMedia({ media: null });
    }
    // A longer timetable (two weeks on site, three bank holidays, agencies not taking part).
    await form.framework.selectOption('macp-2012');
    await form.fillDate('3', '12', '2012');
    await form.submit.click();
    await form.result.getByText('Timetable: Multi-agency').waitFor();
    const longer = await printedPages();
    assert.ok(longer >= 1 && longer <= 2, `the 2012 timetable prints on ${longer} pages`);
  });

  it('never scrolls sideways at 320 CSS pixels: empty, with errors, with a result', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 320, height: 640 });
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(await sideways(), 0, 'the empty form scrolls sideways');
    await form.fillDate('6', '10', '2015');
    await form.closures.fill('next Tuesday');
    await form.submit.click();
    await form.errorSummary.waitFor();
    assert.equal(await sideways(), 0, 'the errors scroll sideways');
    await form.fillDate('5', '10', '2015');
    await form.closures.fill('');
    await form.element.getByLabel('A young offender institution').check();
    await form.submit.click();
    await form.result.waitFor();
    assert.equal(await sideways(), 0, 'the result scrolls sideways');
    // The agencies table scrolls in its own labelled region, which the keyboard reaches.
    const region = form.result.getByRole('region', { name: 'Agencies taking part' });
    assert.equal(await region.getAttribute('tabindex'), '0');
    assert.equal(await region.locator('table.dd-agencies').count(), 1);
    await assertNoAxeViolations(page, 'result at 320 px');
  });

  it('shows every problem after one submission: the form’s and the core’s together', async () => {
    // A Tuesday start, two closure lines that are not dates and a notice of 99.
    await form.framework.selectOption('jtai-2015');
    await form.fillDate('6', '10', '2015');
    await form.closures.fill('next Tuesday\n1/13');
    await form.notice.fill('99');
    await form.submit.click();
    await form.errorSummary.waitFor();
    const summary = (await form.errorSummary.locator('li').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(summary, [
      'The first on-site day must be a Monday (6 October 2015 is a Tuesday)',
      'Closure day on line 1 (next Tuesday) must be a date like 2015-12-24 or 24/12/2015',
      'Closure day on line 2 (1/13) must be a date like 2015-12-24 or 24/12/2015',
      'The notice must be between 1 and 60 working days',
    ]);
    assert.equal(await form.element.locator('.govuk-form-group--error').count(), 3);

    // Closure lines that look like dates but are not real ones are the core's to find; the
    // weekday and the notice are still checked in the same submission.
    await form.closures.fill('31/02/2015\n2015-02-30');
    await form.submit.click();
    const again = (await form.errorSummary.locator('li').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(again, [
      'The first on-site day must be a Monday (6 October 2015 is a Tuesday)',
      'Closure day on line 1 (31/02/2015) must be a real date',
      'Closure day on line 2 (2015-02-30) must be a real date',
      'The notice must be between 1 and 60 working days',
    ]);
  });

  it('shows every problem after one submission when the first on-site day is empty', async () => {
    // No date: the core cannot work out a timetable, but still checks the notice, so a notice
    // of 99 is reported with the empty date, not on the next submission.
    await form.framework.selectOption('jtai-2015');
    await form.fillDate('', '', '');
    await form.closures.fill('next Tuesday');
    await form.notice.fill('99');
    await form.submit.click();
    await form.errorSummary.waitFor();
    const summary = (await form.errorSummary.locator('li').allInnerTexts()).map((t) => t.trim());
    assert.equal(summary.length, 3, JSON.stringify(summary));
    assert.match(summary[0], /first on-site day/i);
    assert.equal(summary[1], 'Closure day on line 1 (next Tuesday) must be a date like 2015-12-24 or 24/12/2015');
    assert.equal(summary[2], 'The notice must be between 1 and 60 working days');
    assert.equal(await form.element.locator('.govuk-form-group--error').count(), 3);
  });

  it('observes every documented attribute and keeps what the user typed', async () => {
    const { page } = session;
    await jtaiExample();
    await form.closures.fill('2015-12-24');
    await form.element.evaluate((node) => node.setAttribute('heading-level', '3'));
    assert.equal(await form.result.locator('h3.dd-result__heading').count(), 1);
    assert.equal(await form.result.locator('h4', { hasText: 'Timeline' }).count(), 1);
    assert.equal(await form.closures.inputValue(), '2015-12-24');
    await form.element.evaluate((node) => node.setAttribute('onsite-start', '2015-11-02'));
    assert.deepEqual([await form.day.inputValue(), await form.month.inputValue(), await form.year.inputValue()], ['2', '11', '2015']);
    assert.equal(await form.closures.inputValue(), '2015-12-24');
    await form.element.evaluate((node) => node.setAttribute('framework', 'sif-2013'));
    assert.equal(await form.framework.inputValue(), 'sif-2013');
    assert.deepEqual([await form.day.inputValue(), await form.closures.inputValue()], ['2', '2015-12-24']);
    assert.equal(await page.evaluate(() => document.querySelectorAll('dd-timetable form').length), 1);

    // <dd-frameworks> draws its cards again, keeping the ones the reader opened.
    const frameworks = page.locator('dd-frameworks');
    const sif = frameworks.locator('.dd-framework[data-framework="sif-2013"]');
    await sif.locator('summary').focus();
    await page.keyboard.press('Enter');
    await frameworks.evaluate((node) => node.setAttribute('heading-level', '4'));
    assert.equal(await frameworks.locator('h4.govuk-summary-card__title').count(), 5);
    assert.equal(await sif.locator('details').evaluate((d) => /** @type {HTMLDetailsElement} */ (d).open), true);
    await frameworks.evaluate((node) => node.setAttribute('framework', 'lac-2012'));
    // The one framework asked for shows with its facts open.
    assert.deepEqual(await frameworks.locator('.dd-framework').evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-framework'),
      /** @type {HTMLDetailsElement} */ (n.querySelector('details')).open])), [['lac-2012', true]]);
  });

  it('words the notice period as its assumption counts it: the notification day not counted', async () => {
    await jtaiExample();
    const notice = (await form.summary())['Notice period'];
    const assumption = await form.element.locator('.dd-assumptions li', { hasText: 'notification day' }).innerText();
    assert.match(assumption, /the notification day is not counted/);
    assert.equal(notice, '8 working days, not counting the notification day: the area is told on Wednesday 23 September 2015 '
      + 'and inspectors arrive on the 8th working day after it, Monday 5 October 2015.');
  });

  it('shows a single on-site stretch as a sentence, and opens only the framework in force', async () => {
    const { page } = session;
    const cards = page.locator('dd-frameworks .dd-framework');
    assert.equal(await cards.count(), 5);
    const open = await cards.evaluateAll((nodes) => nodes.filter((n) => n.querySelector('details')?.open).map((n) => n.getAttribute('data-framework')));
    assert.deepEqual(open, ['jtai-2015']);
    const jtai = page.locator('.dd-framework[data-framework="jtai-2015"]');
    const onsite = jtai.locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: 'On site' }) }).locator('dd');
    assert.equal(await onsite.locator('ol, ul').count(), 0);
    assert.match(await onsite.innerText(), /On site: fieldwork: 5 working days on site/);
    // A closed card opens from its summary, with the keyboard too.
    const macp = page.locator('.dd-framework[data-framework="macp-2012"]');
    await macp.locator('summary').focus();
    await page.keyboard.press('Enter');
    assert.equal(await macp.locator('details').evaluate((d) => /** @type {HTMLDetailsElement} */ (d).open), true);
    await assertNoAxeViolations(page, 'framework cards');
  });
});
