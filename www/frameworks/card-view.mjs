/**
 * @file One framework record as a GOV.UK summary card: its title and status, its summary, and
 * a details component (closed unless asked open) holding every fact with its source: dates,
 * agencies (with the conditions under which some take part), notice, on-site pattern, joint
 * audit, judgements, deep-dive themes, reporting, programme facts and sources.
 */

import {
  h, capitalise, formatDate, sourceTag, statusTag, summaryList,
} from '../dom.mjs';


/** @typedef {import('../pkg/deepdive.js').Framework} Framework */
/** @typedef {import('../dom.mjs').Children} Children */
/** The words for the conditions under which an agency takes part. */
const CONDITIONS = {
  'prison-mother-and-baby-unit': 'the area has a prison mother and baby unit',
  'immigration-removal-centre': 'the area has an immigration removal centre holding children or families',
  'young-offender-institution': 'the area has a young offender institution',
  'cps-concerns': 'the inspection raises concerns about the Crown Prosecution Service’s involvement',
};

/** The record's dates, in the order shown, with their labels. */
const DATES = [
  ['published', 'Published'],
  ['consultationOpens', 'Consultation opened'],
  ['consultationCloses', 'Consultation closed'],
  ['start', 'Start'],
  ['end', 'End'],
  ['dropped', 'Dropped'],
];

/**
 * One framework as a GOV.UK summary card.
 *
 * @param {Framework} record - The whole framework record (`framework(id)`).
 * @param {{level: number, open: boolean}} options - The heading's level, and whether its facts
 *   start open.
 * @returns {HTMLElement}
 */
export function frameworkCard(record, { level, open }) {
  return h('div', { class: 'govuk-summary-card dd-framework', 'data-framework': record.id },
    h('div', { class: 'govuk-summary-card__title-wrapper' },
      h(`h${level}`, { class: 'govuk-summary-card__title' }, record.shortTitle),
      statusTag(record.status.kind)),
    h('div', { class: 'govuk-summary-card__content' },
      h('p', { class: 'govuk-body' }, record.summary),
      h('details', { class: 'govuk-details govuk-!-margin-bottom-0', open },
        h('summary', { class: 'govuk-details__summary' },
          h('span', { class: 'govuk-details__summary-text' },
            'Facts and their sources', h('span', { class: 'govuk-visually-hidden' }, `: ${record.shortTitle}`))),
        h('div', { class: 'govuk-details__text' },
          summaryList([
            ['Full title', record.title],
            ['Status', [record.status.text, sourceTag(record.status.source)]],
            ['Dates', dates(record.dates)],
            ['Agencies', agencies(record.agencies)],
            ['Notice', notice(record.notice)],
            ['On site', onsite(record.onsite)],
            record.jointAudit ? ['Joint audit', [record.jointAudit.description, sourceTag(record.jointAudit.source)]] : null,
            ['Judgements', judgements(record.judgements)],
            record.themes?.length ? ['Deep-dive themes', themes(record.themes)] : null,
            ['Reporting', reporting(record.reporting)],
            record.facts?.length ? ['Programme and other facts', list(record.facts.map((fact) => [fact.text, sourceTag(fact.source)]))] : null,
            record.sources?.length ? ['Sources', sources(record.sources)] : null,
          ], { className: 'govuk-!-margin-bottom-0' })))));
}

/**
 * A bulleted or numbered GOV.UK list, or a line of its own for a single item (a list of one
 * says nothing a sentence does not).
 *
 * @param {Children[]} items - Each item's content.
 * @param {{numbered?: boolean}} [options]
 * @returns {HTMLElement}
 */
function list(items, { numbered = false } = {}) {
  if (items.length === 1) return h('span', { class: 'dd-line' }, items[0]);
  const style = numbered ? ' govuk-list--number' : ' govuk-list--bullet';
  return h(numbered ? 'ol' : 'ul', { class: `govuk-list${style}` }, items.map((item) => h('li', {}, item)));
}

/**
 * A label and value pair inside a summary list value.
 *
 * @param {Array<[Children, Children]>} pairs
 * @returns {HTMLElement}
 */
function facts(pairs) {
  return h('dl', { class: 'dd-facts' },
    pairs.filter(Boolean).flatMap(([key, value]) => [
      h('dt', { class: 'dd-facts__key' }, key),
      h('dd', { class: 'dd-facts__value' }, value),
    ]));
}

/**
 * A note in secondary text.
 *
 * @param {string | undefined} text
 * @returns {HTMLElement | null}
 */
function note(text) {
  return text ? h('span', { class: 'govuk-hint dd-line govuk-!-margin-bottom-0' }, text) : null;
}

/** @param {Framework['dates']} recordDates */
function dates(recordDates) {
  const rows = DATES.filter(([key]) => recordDates?.[key]).map(([key, label]) => {
    const fact = recordDates[key];
    return [label, [
      h('time', { datetime: fact.date }, `${fact.approximate ? 'About ' : ''}${formatDate(fact.date)}`),
      sourceTag(fact.source), note(fact.note)]];
  });
  return rows.length ? facts(/** @type {Array<[string, Children]>} */ (rows)) : 'None known';
}

/** @param {Framework['agencies']} agencyList */
function agencies(agencyList) {
  return list(agencyList.map((agency) => {
    const conditions = agency.when?.anyOf ?? [];
    return [
      h('strong', {}, agency.name), ` (${agency.role}): ${agency.reason}`, sourceTag(agency.source),
      conditions.length
        ? h('span', { class: 'dd-line dd-condition' },
          `Takes part only where ${conditions.map((/** @type {string} */ condition) => CONDITIONS[/** @type {keyof typeof CONDITIONS} */ (condition)] ?? condition).join(', or ')}.`)
        : null,
    ];
  }));
}

/** @param {Framework['notice']} given */
function notice(given) {
  const days = (/** @type {number} */ count) => `${count} working day${count === 1 ? '' : 's'}`;
  const weekday = given.onsiteWeekday ? `; the first on-site day is a ${given.onsiteWeekday}` : '';
  const rule = given.kind === 'unannounced'
    ? (given.workingDays ? `Unannounced: ${days(given.workingDays)} from the call to the first on-site day${weekday}.` : null)
    : `${days(given.workingDays)} from the notification day to the first on-site day${weekday}.`;
  return [
    h('span', { class: 'dd-line' }, given.description, sourceTag(given.source)),
    rule ? h('span', { class: 'dd-line' }, rule) : null,
  ];
}

/** @param {Framework['onsite']} pattern */
function onsite(pattern) {
  // any: a framework's nested records are untyped in the package (they mirror src/frameworks/).
  return [
    h('span', { class: 'dd-line' }, pattern.description, sourceTag(pattern.source)),
    pattern.phases?.length
      ? list(pattern.phases.map((/** @type {any} */ phase) =>
        `${phase.name}: ${phase.workingDays} working day${phase.workingDays === 1 ? '' : 's'} ${phase.onsite ? 'on site' : 'off site'}`), { numbered: true })
      : null,
  ];
}

/** @param {Framework['judgements']} given */
function judgements(given) {
  // any: a framework's nested records are untyped in the package (they mirror src/frameworks/).
  return [
    h('span', { class: 'dd-line' }, `${given.kind === 'graded' ? 'Graded' : 'Narrative'}: ${given.description}`, sourceTag(given.source)),
    given.scale ? h('span', { class: 'dd-line' }, `Scale: ${given.scale.grades.join(', ')}`, sourceTag(given.scale.source), note(given.scale.note)) : null,
    given.items?.length
      ? list(given.items.map((/** @type {any} */ item) => [capitalise(item.name),
        item.subJudgements?.length
          ? h('ul', { class: 'govuk-list govuk-list--bullet dd-sublist' },
            item.subJudgements.map((/** @type {string} */ subJudgement) => h('li', {}, `Sub-judgement: ${subJudgement}`)))
          : null]), { numbered: true })
      : null,
    (given.rules ?? []).map((/** @type {any} */ rule) => h('span', { class: 'dd-line' }, rule.text, sourceTag(rule.source))),
  ];
}

/** @param {Framework['themes']} periods */
function themes(periods) {
  return facts(periods.map((period) => [
    [`${period.to ? `${formatDate(period.from)} to ${formatDate(period.to)}` : `From ${formatDate(period.from)}`}${period.indicative ? ' (examples)' : ''}`,
      sourceTag(period.source)],
    list(period.themes),
  ]));
}

/** @param {Framework['reporting']} report */
function reporting(report) {
  const due = report.dueWorkingDays;
  return [
    h('span', { class: 'dd-line' },
      `A ${report.product} to ${report.recipients.join(' and ')}.`, sourceTag(report.source)),
    due ? h('span', { class: 'dd-line' }, `Due ${due.value} working days after fieldwork ends.`, sourceTag(due.source), note(due.note)) : null,
  ];
}

/** @param {Framework['sources']} refs */
function sources(refs) {
  return list(refs.map((reference) => [
    reference.title,
    reference.published ? ` (${formatDate(reference.published)})` : '',
    sourceTag(reference.source),
  ]));
}
