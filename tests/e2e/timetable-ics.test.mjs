/**
 * @file `<dd-timetable>`'s calendar file and print button: the JTAI timetable downloaded as
 * `.ics` and read back in Node by ical.js (an independent RFC 5545 parser, not the core that
 * wrote it), each event checked against the timetable the page shows, the UIDs the same in
 * every download of the inspection, the page's clock in DTSTAMP; the print button prints the
 * result alone; keyboard use and axe-core on the state.
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import ICAL from 'ical.js';
import { assertNoAxeViolations, closeChecked, launch, open, timetableForm } from './helpers.mjs';

/**
 * A downloaded iCalendar file as ical.js reads it.
 *
 * @typedef {object} ReadEvent
 * @property {string} uid
 * @property {string} summary
 * @property {string} description
 * @property {string} start - `YYYY-MM-DD`.
 * @property {string} end - `YYYY-MM-DD`, exclusive (the day after the last).
 * @property {boolean} allDay
 * @property {string} stamp - DTSTAMP, e.g. `2015-09-01T09:00:00Z`.
 */

/**
 * Reads an iCalendar file's events with ical.js.
 *
 * @param {string} text
 * @returns {ReadEvent[]}
 */
function readCalendar(text) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  assert.equal(calendar.name, 'vcalendar');
  assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      description: e.description,
      start: e.startDate.toString(),
      end: e.endDate.toString(),
      allDay: e.startDate.isDate && e.endDate.isDate,
      stamp: String(v.getFirstPropertyValue('dtstamp')),
    };
  });
}

/**
 * The day after an ISO date (`2015-10-09` → `2015-10-10`), as DTEND of an all-day event.
 *
 * @param {string} iso
 */
function dayAfter(iso) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

describe('<dd-timetable> calendar file and print', () => {
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
    // Test-only records on window: each `dd-timetable` event's detail, and the media type of
    // each Blob the page turns into a download URL.
    await session.page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.ddEvents = [];
      w.ddBlobTypes = [];
      document.addEventListener('dd-timetable', (event) => w.ddEvents.push(/** @type {CustomEvent} */ (event).detail));
      const create = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (blob) => {
        w.ddBlobTypes.push(/** @type {Blob} */ (blob).type);
        return create(blob);
      };
    });
  });
  after(() => closeChecked(session, { local: false }));

  /** The calendar button of the result. */
  const calendarButton = () => form.result.getByRole('button', { name: 'Add to calendar (.ics)' });

  /**
   * Starts a download by pressing Enter on a focused button (the keyboard alone) and returns
   * the file's suggested name and text.
   *
   * @param {import('playwright-core').Locator} button
   */
  async function downloadWithKeyboard(button) {
    const { page } = session;
    await button.focus();
    const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    return { name: file.suggestedFilename(), text: fs.readFileSync(await file.path(), 'utf8') };
  }

  /**
   * Works out the JTAI example (with closure lines, if given) and returns the page's result
   * (from its `dd-timetable` event).
   *
   * @param {string} [closures]
   * @returns {Promise<import('../../pkg/deepdive.js').Timetable>}
   */
  async function jtai(closures = '') {
    await form.framework.selectOption('jtai-2015');
    await form.fillDate('5', '10', '2015');
    await form.closures.fill(closures);
    await form.submit.click();
    await form.result.waitFor();
    const events = await session.page.evaluate(() => /** @type {any} */ (window).ddEvents);
    return events[events.length - 1].result;
  }

  it('downloads the JTAI timetable as an iCalendar file whose events are the page’s dates, with stable UIDs', async () => {
    const { page } = session;
    const result = await jtai();
    // The dates the page shows (its timeline), which the file must match.
    const shown = await form.result.locator('.dd-timeline time').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime')));
    assert.deepEqual(shown, ['2015-09-23', '2015-09-24', '2015-10-02', '2015-10-05', '2015-10-09', '2015-11-06']);
    assert.match(await form.result.locator('.dd-calendar-hint').innerText(),
      /the notification day, the joint audit, each day on site and the day the letter is due/);

    await page.clock.setFixedTime(new Date('2015-09-01T09:00:00Z'));
    const first = await downloadWithKeyboard(calendarButton());
    assert.equal(first.name, 'jtai-2015-on-site-2015-10-05.ics');
    assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).ddBlobTypes), ['text/calendar;charset=utf-8']);
    assert.ok(first.text.startsWith('BEGIN:VCALENDAR\r\n'), 'CRLF lines');
    const events = readCalendar(first.text);

    // Each event against the page's result: the notification, the joint audit, each day on
    // site, the letter; all-day, DTEND the day after the last.
    const who = result.framework.shortTitle;
    const audit = /** @type {NonNullable<typeof result.jointAudit>} */ (result.jointAudit);
    const notification = /** @type {NonNullable<typeof result.notification>} */ (result.notification);
    const want = [
      [`${who}: the area is told`, notification.date, dayAfter(notification.date)],
      [`${who}: joint audit of cases`, audit.from, dayAfter(audit.to)],
      ...result.onsiteDays.map((day, i) => [`${who}: on site (day ${i + 1} of ${result.onsiteDays.length})`, day, dayAfter(day)]),
      [`${who}: the ${result.letter.product} is due`, result.letter.due, dayAfter(result.letter.due)],
    ];
    assert.deepEqual(events.map((e) => [e.summary, e.start, e.end]), want);
    assert.equal(events.length, 8, 'notification, joint audit, five days on site, letter');
    assert.equal(shown[0], events[0].start);
    assert.equal(shown[shown.length - 1], events[events.length - 1].start);
    for (const e of events) {
      assert.equal(e.allDay, true, e.summary);
      // The page's clock, given to the core as `at`, is the file's DTSTAMP.
      assert.equal(e.stamp, '2015-09-01T09:00:00Z', e.summary);
      for (const assumption of result.assumptions) {
        assert.ok(e.description.includes(assumption.text), `${e.summary} lacks the assumption “${assumption.text}”`);
      }
    }
    assert.match(events[0].description, /^The area is told on Wednesday 23 September 2015, 8 working days before/);
    const uids = events.map((e) => e.uid);
    assert.equal(new Set(uids).size, uids.length, `UIDs repeat: ${uids}`);

    // Downloaded again later: another DTSTAMP, the same UIDs, so a calendar updates its entries.
    await page.clock.setFixedTime(new Date('2015-09-10T16:30:00Z'));
    const second = await downloadWithKeyboard(calendarButton());
    assert.equal(second.name, first.name);
    assert.notEqual(second.text, first.text);
    const again = readCalendar(second.text);
    assert.deepEqual(again.map((e) => e.uid), uids);
    assert.ok(again.every((e) => e.stamp === '2015-09-10T16:30:00Z'));
    assert.deepEqual(again.map((e) => [e.summary, e.start, e.end]), want);

    // With a closure day in the notice period the area is told a day earlier: the file follows
    // the options of the timetable shown, and the inspection's entries keep their UIDs.
    const moved = await jtai('30/09/2015');
    assert.equal(moved.notification?.date, '2015-09-22');
    const third = readCalendar((await downloadWithKeyboard(calendarButton())).text);
    assert.deepEqual(third.map((e) => e.uid), uids);
    assert.deepEqual([third[0].start, third[0].end], ['2015-09-22', '2015-09-23']);
    assert.match(third[0].description, /Tuesday 22 September 2015/);
    assert.equal(await form.result.locator('.dd-calendar-failure').innerText(), '', 'no download failed');
    await assertNoAxeViolations(page, 'result with the calendar button');
  });

  it('a new heading level redraws the result with its calendar file still from the same options', async () => {
    const { page } = session;
    await jtai('30/09/2015');
    await form.element.evaluate((el) => el.setAttribute('heading-level', '3'));
    await form.result.locator('h3.dd-result__heading').waitFor();
    const file = readCalendar((await downloadWithKeyboard(calendarButton())).text);
    assert.equal(file[0].start, '2015-09-22', 'the closure day is still counted');
    await assertNoAxeViolations(page, 'result at heading level 3');
  });

  it('prints the result alone from its print button, without the buttons', async () => {
    const { page } = session;
    await jtai();
    // The print dialog is replaced by a record (test-only state on window).
    await page.evaluate(() => { /** @type {any} */ (window).print = () => { /** @type {any} */ (window).ddPrinted = (/** @type {any} */ (window).ddPrinted ?? 0) + 1; }; });
    // From the calendar button, Tab reaches the print button; Enter prints.
    await calendarButton().focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Print this timetable');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).ddPrinted), 1);

    await page.emulateMedia({ media: 'print' });
    try {
      const shown = async (/** @type {import('playwright-core').Locator} */ l) => (await l.count()) > 0 && l.first().isVisible();
      for (const [what, locator] of /** @type {Array<[string, import('playwright-core').Locator]>} */ ([
        ['the header', page.locator('.govuk-generic-header, .govuk-header').first()],
        ['the service navigation', page.locator('.govuk-service-navigation')],
        ['the page’s heading', page.locator('main h1')],
        ['the form', form.element.locator('form')],
        ['the frameworks', page.locator('dd-frameworks')],
        ['the calendar button', calendarButton()],
        ['the calendar line', form.result.locator('.dd-calendar-hint')],
        ['the print button', form.result.getByRole('button', { name: 'Print this timetable' })],
      ])) {
        assert.equal(await shown(locator), false, `${what} is printed`);
      }
      for (const [what, locator] of /** @type {Array<[string, import('playwright-core').Locator]>} */ ([
        ['the result', form.result],
        ['its heading', form.result.locator('.dd-result__heading')],
        ['the summary', form.result.locator('.dd-result__summary')],
        ['the timeline', form.result.locator('.dd-timeline')],
        ['the assumptions', form.result.locator('.dd-assumptions')],
      ])) {
        assert.equal(await shown(locator), true, `${what} is not printed`);
      }
    } finally {
      await page.emulateMedia({ media: null });
    }
    await assertNoAxeViolations(page, 'result after printing');
  });
});
