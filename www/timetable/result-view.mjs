/**
 * @file The worked-out timetable: its summary (notification, notice, joint audit, on site,
 * letter due), the timeline, the agencies, judgements, deep-dive themes and the assumptions,
 * each fact with its source. It prints alone, with a print button beside the calendar file's
 * (`calendar-file.mjs`), which the element makes because it holds the options.
 */

import {
  h, capitalise, formatDate, formatRange, joinWords, sourceKey, sourceTag, statusTag, summaryList, warningText,
} from '../dom.mjs';
import { printAlone, printButton } from '../govuk/print.mjs';
import { scrollableTable } from '../govuk/scrollable-table.mjs';


/** @typedef {import('../pkg/deepdive.js').Timetable} Timetable */
/** @typedef {import('../dom.mjs').Children} Children */
/** @typedef {ReturnType<typeof import('./calendar-file.mjs').calendarDownload>} CalendarDownload */

/**
 * `n working days`, `1 working day`.
 *
 * @param {number} count
 * @param {string} what
 */
const counted = (count, what) => `${count} ${what}${count === 1 ? '' : 's'}`;

/**
 * Builds the result.
 *
 * @param {Timetable} result - What `timetable()` returned.
 * @param {{level: number, id: string, calendar?: CalendarDownload | null}} options - The
 *   heading's level (2–5; sections one lower) and id, and the calendar file's download (shown
 *   beside the print button, when given).
 * @returns {{section: HTMLElement, heading: HTMLElement}} The result, and its heading (to focus).
 */
export function resultView(result, { level, id, calendar = null }) {
  const heading = h(`h${level}`, { class: 'govuk-heading-l dd-result__heading', tabindex: '-1', id },
    `Timetable: ${result.framework.shortTitle || result.framework.title}`);
  const part = (/** @type {string} */ title, /** @type {Node[]} */ ...content) =>
    [h(`h${level + 1}`, { class: 'govuk-heading-m' }, title), ...content];
  const section = printAlone(h('section', { class: 'dd-result', 'aria-labelledby': id },
    heading,
    h('p', { class: 'govuk-body' }, result.framework.title, ' ', statusTag(result.framework.status)),
    (result.warnings ?? []).map((warning) => warningText(warning.message)),
    summaryList(summaryRows(result), { className: 'dd-result__summary' }),
    calendar ? calendar.hint : null,
    h('div', { class: 'govuk-button-group dd-print-hide' }, calendar ? calendar.button : null, printButton('Print this timetable')),
    calendar ? calendar.failure : null,
    part('Timeline', timeline(result)),
    part('Agencies', ...agencies(result)),
    part('Judgements', ...judgements(result.judgements)),
    part('Deep-dive themes', ...themes(result.themes)),
    part('Assumptions', assumptions(result.assumptions), sourceKey())));
  return { section, heading };
}

/**
 * The summary list's rows.
 *
 * @param {Timetable} timetable - The timetable.
 * @returns {Array<[string, Children]>}
 */
function summaryRows(timetable) {
  const line = (/** @type {Children[]} */ ...content) => h('span', { class: 'dd-line' }, ...content);
  return [
    ['Notification', timetable.notification
      ? [line(formatDate(timetable.notification.date, { weekday: true })),
        line(`${counted(timetable.notification.workingDaysBefore, 'working day')} before the first on-site day${timetable.unannounced ? ' (unannounced)' : ''}.`)]
      : (timetable.unannounced ? 'None: the inspection is unannounced' : 'None')],
    ['Notice period', timetable.notification && timetable.noticePeriod ? noticeSentence(timetable) : 'None'],
    ['Joint audit', timetable.jointAudit
      ? [line(`${formatRange(timetable.jointAudit.from, timetable.jointAudit.to)} (${counted(timetable.jointAudit.workingDays, 'working day')})`),
        timetable.jointAudit.description ? line(timetable.jointAudit.description) : null]
      : 'None'],
    ['On site', `${formatRange(timetable.onsiteStart, timetable.onsiteEnd)} (${counted(timetable.onsiteDays.length, 'working day')})`],
    [timetable.letter.product === 'report' ? 'Report due' : 'Letter due',
      [line(formatDate(timetable.letter.due, { weekday: true }), sourceTag(timetable.letter.source)),
        line(`${counted(timetable.letter.workingDaysAfterOnsite, 'working day')} after fieldwork ends. This is our assumption: the frameworks set no deadline.`),
        timetable.letter.recipients?.length ? line(`To ${joinWords(timetable.letter.recipients)}.`) : null]],
  ];
}

/**
 * The notice in the words of the timetable's own assumption: the area is told on working day
 * N and inspectors arrive on working day N + notice, so the notification day is not counted.
 *
 * @param {Timetable} timetable - The timetable, with a notification.
 * @returns {string}
 */
function noticeSentence(timetable) {
  const notification = /** @type {NonNullable<Timetable['notification']>} */ (timetable.notification);
  const days = notification.workingDaysBefore;
  return `${counted(days, 'working day')}, not counting the notification day: the area is told on `
    + `${formatDate(notification.date, { weekday: true })} and inspectors arrive on the ${ordinal(days)} working day after it, `
    + `${formatDate(timetable.onsiteStart, { weekday: true })}.`;
}

/**
 * An English ordinal: `1st`, `2nd`, `3rd`, `8th`, `11th`, `22nd`.
 *
 * @param {number} n
 * @returns {string}
 */
function ordinal(n) {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' })[/** @type {1 | 2 | 3} */ (n % 10)] ?? 'th';
  return `${n}${suffix}`;
}

/**
 * The timeline: an ordered list of events from the notification to the letter due.
 *
 * @param {Timetable} timetable - The timetable.
 * @returns {HTMLElement}
 */
function timeline(timetable) {
  /** @type {Array<{date: string, end?: string, order: number, kind: string, title: string, text?: string}>} */
  const events = [];
  if (timetable.notification) {
    events.push({ date: timetable.notification.date, order: 0, kind: 'key', title: 'Notification', text: timetable.notification.description });
  }
  if (timetable.jointAudit) {
    events.push({
      date: timetable.jointAudit.from, end: timetable.jointAudit.to, order: 1, kind: 'phase', title: 'Joint audit',
      text: `${counted(timetable.jointAudit.workingDays, 'working day')}. ${timetable.jointAudit.description ?? ''}`.trim(),
    });
  }
  const phases = timetable.phases ?? [];
  for (const phase of phases) {
    events.push({
      date: phase.start, end: phase.end, order: 1, kind: phase.onsite ? 'onsite' : 'phase',
      title: phase.name, text: `${counted(phase.workingDays, 'working day')}${phase.onsite ? ' on site' : ''}`,
    });
  }
  if (!phases.some((phase) => phase.onsite)) {
    events.push({ date: timetable.onsiteStart, end: timetable.onsiteEnd, order: 1, kind: 'onsite', title: 'On site', text: counted(timetable.onsiteDays.length, 'working day') });
  }
  for (const off of timetable.daysOff ?? []) {
    events.push({ date: off.date, order: 2, kind: 'day-off', title: capitalise(off.reason), text: 'Not a working day: the timetable skips it.' });
  }
  events.push({
    date: timetable.letter.due, order: 3, kind: 'key', title: timetable.letter.product === 'report' ? 'Report due' : 'Letter due',
    text: `Our assumption: ${counted(timetable.letter.workingDaysAfterOnsite, 'working day')} after fieldwork ends.`,
  });
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));

  return h('ol', { class: 'dd-timeline' },
    events.map((event) => h('li', { class: `dd-timeline__item dd-timeline__item--${event.kind}`, 'data-kind': event.kind },
      h('span', { class: 'dd-timeline__date' },
        h('time', { datetime: event.date }, formatDate(event.date, { weekday: true })),
        event.end && event.end !== event.date
          ? [' to ', h('time', { datetime: event.end }, formatDate(event.end, { weekday: true }))]
          : null),
      h('span', { class: 'dd-timeline__title' }, event.title),
      event.text ? h('span', { class: 'dd-timeline__text' }, event.text) : null)));
}

/**
 * The agencies taking part, and those that would under other conditions, as tables that
 * scroll inside their own region on a narrow screen.
 *
 * @param {Timetable} timetable - The timetable.
 * @returns {HTMLElement[]}
 */
function agencies(timetable) {
  const head = (/** @type {string[]} */ ...names) => h('thead', { class: 'govuk-table__head' },
    h('tr', { class: 'govuk-table__row' }, names.map((name) => h('th', { scope: 'col', class: 'govuk-table__header' }, name))));
  const out = [scrollableTable(h('table', { class: 'govuk-table dd-agencies' },
    h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, 'Agencies taking part'),
    head('Agency', 'Role', 'Why it takes part'),
    h('tbody', { class: 'govuk-table__body' },
      timetable.agencies.map((agency) => h('tr', { class: 'govuk-table__row' },
        h('th', { scope: 'row', class: 'govuk-table__header' }, agency.name),
        h('td', { class: 'govuk-table__cell' }, agency.role),
        h('td', { class: 'govuk-table__cell' }, agency.reason, agency.source ? sourceTag(agency.source) : null))))), 'Agencies taking part')];
  if (timetable.notTakingPart?.length) {
    out.push(scrollableTable(h('table', { class: 'govuk-table dd-not-taking-part' },
      h('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, 'Not taking part in this inspection'),
      head('Agency', 'Would take part'),
      h('tbody', { class: 'govuk-table__body' },
        timetable.notTakingPart.map((agency) => h('tr', { class: 'govuk-table__row' },
          h('th', { scope: 'row', class: 'govuk-table__header' }, agency.name),
          h('td', { class: 'govuk-table__cell' }, capitalise(agency.condition)))))), 'Agencies not taking part'));
  }
  return out;
}

/**
 * @param {Timetable['judgements']} given - The judgements.
 * @returns {HTMLElement[]}
 */
function judgements(given) {
  const out = [];
  if (given.kind === 'graded') {
    out.push(h('p', { class: 'govuk-body' },
      given.scale?.length ? `Graded on a ${given.scale.length}-point scale: ${given.scale.join(', ')}.` : 'Graded.'));
  }
  if (given.description) out.push(h('p', { class: 'govuk-body' }, given.description));
  else if (given.kind !== 'graded') out.push(h('p', { class: 'govuk-body' }, 'No grades: the findings are given in words.'));
  if (given.items?.length) {
    out.push(h('ol', { class: 'govuk-list govuk-list--number dd-judgements' },
      given.items.map((item) => h('li', {}, capitalise(item.name),
        item.subJudgements?.length
          ? h('ul', { class: 'govuk-list govuk-list--bullet dd-sublist' },
            item.subJudgements.map((/** @type {string} */ subJudgement) => h('li', {}, capitalise(subJudgement))))
          : null))));
  }
  return out;
}

/**
 * @param {Timetable['themes']} period - The themes, or null.
 * @returns {HTMLElement[]}
 */
function themes(period) {
  if (!period) return [h('p', { class: 'govuk-body' }, 'This framework has no deep-dive themes.')];
  const when = period.to ? `Themes from ${formatRange(period.from, period.to)}` : `Themes from ${formatDate(period.from)}`;
  return [
    h('p', { class: 'govuk-body' }, `${when}${period.indicative ? ' (examples: the inspectorates choose each inspection’s theme)' : ''}:`),
    h('ul', { class: 'govuk-list govuk-list--bullet dd-themes' },
      period.items.map((item) => h('li', {}, capitalise(item.name), item.source ? sourceTag(item.source) : null))),
  ];
}

/**
 * @param {Array<{text: string, source: string}>} list - The assumptions.
 * @returns {HTMLElement}
 */
function assumptions(list) {
  return h('ul', { class: 'govuk-list govuk-list--bullet dd-assumptions' },
    (list ?? []).map((assumption) => h('li', {}, capitalise(assumption.text), sourceTag(assumption.source))));
}
