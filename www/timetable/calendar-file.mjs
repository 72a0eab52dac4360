/**
 * @file The shown timetable as a calendar file: a button that downloads the core's iCalendar
 * file (`timetableIcs`), worked out again from the very options the shown timetable came from,
 * so the file and the page cannot disagree. The events, their UIDs and the assumptions in
 * their descriptions are the core's; this module only names the file, gives the current time
 * (the core has no clock) and offers the text as a download.
 */

import { describeFailure, downloadText, h, joinWords, localTimestamp, warningText } from '../dom.mjs';

/** @typedef {import('./form-reading.mjs').TimetableInput} TimetableInput */
/** @typedef {import('../pkg/deepdive.js').Timetable} Timetable */

/** The button's text, which is also its accessible name. */
export const CALENDAR_BUTTON = 'Add to calendar (.ics)';

/**
 * The file's name, after the framework and the first on-site day:
 * `jtai-2015-on-site-2015-10-05.ics`.
 *
 * @param {Timetable} result - The timetable shown.
 * @returns {string}
 */
export function calendarFileName(result) {
  // Framework ids are the core's own lower-case slugs; anything else is dropped all the same.
  const slug = String(result.framework.id).toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return `${slug}-on-site-${result.onsiteStart}.ics`;
}

/**
 * The download's parts: a line saying what the file holds, the button (a GOV.UK secondary
 * button, not printed), and a region where a failure is said (empty until then).
 *
 * @param {object} options
 * @param {Pick<import('../wasm.mjs').DeepDiveApi, 'timetableIcs'>} options.api - The core.
 * @param {TimetableInput} options.input - What was passed to `timetable()` for `result`.
 * @param {Timetable} options.result - The timetable shown.
 * @param {() => Date} [options.now] - The clock for the file's DTSTAMP; the device's by default.
 * @returns {{hint: HTMLElement, button: HTMLElement, failure: HTMLElement}}
 */
export function calendarDownload({ api, input, result, now = () => new Date() }) {
  const held = [
    result.notification ? 'the notification day' : null,
    result.jointAudit ? 'the joint audit' : null,
    'each day on site',
    `the day the ${result.letter.product || 'letter'} is due`,
  ].filter((part) => part !== null);
  const hint = h('p', { class: 'govuk-body dd-print-hide dd-calendar-hint' },
    `The calendar file holds ${joinWords(held)}, as all-day events. `
    + 'Opening a newer file for the same inspection updates them instead of adding copies.');
  const failure = h('div', { class: 'dd-calendar-failure dd-print-hide', role: 'alert' });
  const button = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary dd-print-hide' }, CALENDAR_BUTTON);
  button.addEventListener('click', () => {
    failure.replaceChildren();
    try {
      const text = api.timetableIcs({ .../** @type {import('../pkg/deepdive.js').TimetableOptions} */ (input), at: localTimestamp(now()) });
      downloadText(calendarFileName(result), text, 'text/calendar;charset=utf-8');
    } catch (error) {
      failure.replaceChildren(warningText(`The calendar file could not be made. ${describeFailure(error)}`));
    }
  });
  return { hint, button, failure };
}
