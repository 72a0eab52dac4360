/**
 * @file One framework record as a GOV.UK summary card: its title and status, its summary, and
 * a details component (closed unless asked open) holding every fact with its source: dates,
 * agencies (with the conditions under which some take part), notice, on-site pattern, joint
 * audit, judgements, deep-dive themes, reporting, programme facts and sources.
 */

import {
  h, capitalise, formatDate, sourceTag, statusTag, summaryList,
} from '../dom.mjs';

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
 * @param {any} f - The whole framework record (`framework(id)`).
 * @param {{level: number, open: boolean}} options - The heading's level, and whether its facts
 *   start open.
 * @returns {HTMLElement}
 */
export function frameworkCard(f, { level, open }) {
  return h('div', { class: 'govuk-summary-card dd-framework', 'data-framework': f.id },
    h('div', { class: 'govuk-summary-card__title-wrapper' },
      h(`h${level}`, { class: 'govuk-summary-card__title' }, f.shortTitle),
      statusTag(f.status.kind)),
    h('div', { class: 'govuk-summary-card__content' },
      h('p', { class: 'govuk-body' }, f.summary),
      h('details', { class: 'govuk-details govuk-!-margin-bottom-0', open },
        h('summary', { class: 'govuk-details__summary' },
          h('span', { class: 'govuk-details__summary-text' },
            'Facts and their sources', h('span', { class: 'govuk-visually-hidden' }, `: ${f.shortTitle}`))),
        h('div', { class: 'govuk-details__text' },
          summaryList([
            ['Full title', f.title],
            ['Status', [f.status.text, sourceTag(f.status.source)]],
            ['Dates', dates(f.dates)],
            ['Agencies', agencies(f.agencies)],
            ['Notice', notice(f.notice)],
            ['On site', onsite(f.onsite)],
            f.jointAudit ? ['Joint audit', [f.jointAudit.description, sourceTag(f.jointAudit.source)]] : null,
            ['Judgements', judgements(f.judgements)],
            f.themes?.length ? ['Deep-dive themes', themes(f.themes)] : null,
            ['Reporting', reporting(f.reporting)],
            f.facts?.length ? ['Programme and other facts', list(f.facts.map((/** @type {any} */ fact) => [fact.text, sourceTag(fact.source)]))] : null,
            f.sources?.length ? ['Sources', sources(f.sources)] : null,
          ], { className: 'govuk-!-margin-bottom-0' })))));
}

/**
 * A bulleted or numbered GOV.UK list, or a line of its own for a single item (a list of one
 * says nothing a sentence does not).
 *
 * @param {any[]} items - Each item's content.
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
 * @param {Array<[any, any]>} pairs
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

/** @param {any} d */
function dates(d) {
  const rows = DATES.filter(([key]) => d?.[key]).map(([key, label]) => {
    const fact = d[key];
    return [label, [
      h('time', { datetime: fact.date }, `${fact.approximate ? 'About ' : ''}${formatDate(fact.date)}`),
      sourceTag(fact.source), note(fact.note)]];
  });
  return rows.length ? facts(/** @type {Array<[string, any]>} */ (rows)) : 'None known';
}

/** @param {any[]} agencyList */
function agencies(agencyList) {
  return list(agencyList.map((a) => {
    const conditions = a.when?.anyOf ?? [];
    return [
      h('strong', {}, a.name), ` (${a.role}): ${a.reason}`, sourceTag(a.source),
      conditions.length
        ? h('span', { class: 'dd-line dd-condition' },
          `Takes part only where ${conditions.map((/** @type {string} */ c) => CONDITIONS[/** @type {keyof typeof CONDITIONS} */ (c)] ?? c).join(', or ')}.`)
        : null,
    ];
  }));
}

/** @param {any} n */
function notice(n) {
  const days = (/** @type {number} */ count) => `${count} working day${count === 1 ? '' : 's'}`;
  const weekday = n.onsiteWeekday ? `; the first on-site day is a ${n.onsiteWeekday}` : '';
  const rule = n.kind === 'unannounced'
    ? (n.workingDays ? `Unannounced: ${days(n.workingDays)} from the call to the first on-site day${weekday}.` : null)
    : `${days(n.workingDays)} from the notification day to the first on-site day${weekday}.`;
  return [
    h('span', { class: 'dd-line' }, n.description, sourceTag(n.source)),
    rule ? h('span', { class: 'dd-line' }, rule) : null,
  ];
}

/** @param {any} o */
function onsite(o) {
  return [
    h('span', { class: 'dd-line' }, o.description, sourceTag(o.source)),
    o.phases?.length
      ? list(o.phases.map((/** @type {any} */ p) =>
        `${p.name}: ${p.workingDays} working day${p.workingDays === 1 ? '' : 's'} ${p.onsite ? 'on site' : 'off site'}`), { numbered: true })
      : null,
  ];
}

/** @param {any} j */
function judgements(j) {
  return [
    h('span', { class: 'dd-line' }, `${j.kind === 'graded' ? 'Graded' : 'Narrative'}: ${j.description}`, sourceTag(j.source)),
    j.scale ? h('span', { class: 'dd-line' }, `Scale: ${j.scale.grades.join(', ')}`, sourceTag(j.scale.source), note(j.scale.note)) : null,
    j.items?.length
      ? list(j.items.map((/** @type {any} */ item) => [capitalise(item.name),
        item.subJudgements?.length
          ? h('ul', { class: 'govuk-list govuk-list--bullet dd-sublist' },
            item.subJudgements.map((/** @type {string} */ s) => h('li', {}, `Sub-judgement: ${s}`)))
          : null]), { numbered: true })
      : null,
    (j.rules ?? []).map((/** @type {any} */ rule) => h('span', { class: 'dd-line' }, rule.text, sourceTag(rule.source))),
  ];
}

/** @param {any[]} periods */
function themes(periods) {
  return facts(periods.map((p) => [
    [`${p.to ? `${formatDate(p.from)} to ${formatDate(p.to)}` : `From ${formatDate(p.from)}`}${p.indicative ? ' (examples)' : ''}`,
      sourceTag(p.source)],
    list(p.themes),
  ]));
}

/** @param {any} r */
function reporting(r) {
  const due = r.dueWorkingDays;
  return [
    h('span', { class: 'dd-line' },
      `A ${r.product} to ${r.recipients.join(' and ')}.`, sourceTag(r.source)),
    due ? h('span', { class: 'dd-line' }, `Due ${due.value} working days after fieldwork ends.`, sourceTag(due.source), note(due.note)) : null,
  ];
}

/** @param {any[]} refs */
function sources(refs) {
  return list(refs.map((s) => [
    s.title,
    s.published ? ` (${formatDate(s.published)})` : '',
    sourceTag(s.source),
  ]));
}
