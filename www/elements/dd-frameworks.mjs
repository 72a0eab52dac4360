/**
 * @file `<dd-frameworks>`: a browser of the inspection frameworks Deep Dive knows, with the
 * source of every fact.
 *
 * Usage, on any page (add `styles/app.css` if the page lacks GOV.UK Frontend's styles):
 *
 * ```html
 * <script type="module" src="/elements/dd-frameworks.mjs"></script>
 * <dd-frameworks></dd-frameworks>
 * ```
 *
 * Attributes (all optional):
 * - `framework`: show only the framework with this id, e.g. `jtai-2015`.
 * - `heading-level`: the level (2–6, default 2) of each framework's heading.
 *
 * Events (bubbling, composed): `dd-frameworks` once the list is shown; `detail` is
 * `{frameworks}`, the ids shown.
 *
 * Each framework is a GOV.UK summary card whose rows are the record's facts: status, dates,
 * agencies (with the conditions under which some take part), notice, on-site pattern, joint
 * audit, judgements, deep-dive themes, reporting, programme facts and sources. Each fact carries
 * a tag naming its source: `seed` (the news items Deep Dive started from), `public` (public
 * guidance) or `ours` (our modelling choice). Failures are shown in place.
 */

import { loadDeepDive } from '../wasm.mjs';
import {
  h, capitalise, describeFailure, formatDate, sourceKey, sourceTag, statusTag, summaryList,
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
 * Lists the frameworks, each with its facts and their sources.
 *
 * @fires DeepDiveFrameworks#dd-frameworks
 */
export class DeepDiveFrameworks extends HTMLElement {
  #started = false;

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    this.#start();
  }

  /** Loads the API and shows the frameworks; a failure is shown in place. */
  async #start() {
    this.replaceChildren(h('p', { class: 'govuk-body', role: 'status' }, 'Loading the frameworks…'));
    try {
      const dd = await loadDeepDive();
      const only = this.getAttribute('framework');
      const list = dd.frameworks().filter((/** @type {any} */ f) => !only || f.id === only);
      if (!list.length) {
        this.replaceChildren(h('p', { class: 'govuk-body' },
          only ? `There is no framework called “${only}”.` : 'There are no frameworks.'));
        return;
      }
      const cards = list.map((/** @type {any} */ brief) => this.#card(dd.framework(brief.id)));
      this.replaceChildren(sourceKey(), ...cards);
      this.dispatchEvent(new CustomEvent('dd-frameworks', {
        bubbles: true, composed: true, detail: { frameworks: list.map((/** @type {any} */ f) => f.id) },
      }));
    } catch (error) {
      this.replaceChildren(h('div', { class: 'govuk-error-summary', tabindex: '-1' },
        h('div', { role: 'alert' },
          h('h2', { class: 'govuk-error-summary__title' }, 'The frameworks cannot be shown'),
          h('div', { class: 'govuk-error-summary__body' },
            h('p', { class: 'govuk-body' }, describeFailure(error)),
            h('p', { class: 'govuk-body' }, 'Try reloading the page.')))));
    }
  }

  /** The heading level of each card (2–6). */
  get #level() {
    const level = Number(this.getAttribute('heading-level'));
    return Number.isInteger(level) && level >= 2 && level <= 6 ? level : 2;
  }

  /**
   * One framework as a GOV.UK summary card.
   *
   * @param {any} f - The whole framework record.
   * @returns {HTMLElement}
   */
  #card(f) {
    return h('div', { class: 'govuk-summary-card dd-framework', 'data-framework': f.id },
      h('div', { class: 'govuk-summary-card__title-wrapper' },
        h(`h${this.#level}`, { class: 'govuk-summary-card__title' }, f.shortTitle),
        statusTag(f.status.kind)),
      h('div', { class: 'govuk-summary-card__content' },
        h('p', { class: 'govuk-body' }, f.summary),
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
        ])));
  }
}

/**
 * A plain GOV.UK list, or a bulleted one for more than one item.
 *
 * @param {any[]} items - Each item's content.
 * @param {{numbered?: boolean}} [options]
 * @returns {HTMLElement}
 */
function list(items, { numbered = false } = {}) {
  const style = numbered ? ' govuk-list--number' : items.length > 1 ? ' govuk-list--bullet' : '';
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

if (!customElements.get('dd-frameworks')) {
  customElements.define('dd-frameworks', DeepDiveFrameworks);
}
