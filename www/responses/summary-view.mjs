/**
 * @file The results of `<dd-responses>`: the counts, the choice to count late responses, who
 * responded, and each question's answers as a bar chart, a table with the same figures, and
 * its free text with a search box.
 */

import { h, summaryList, svg } from '../dom.mjs';
import { layoutBarChart } from './chart-layout.mjs';
import { scrollable, table } from './table.mjs';
import { searchTexts } from './text-search.mjs';
import {
  GROUPS, consentInWords, formatPercent, respondentTypeInWords,
} from './wording.mjs';


/** @typedef {import('../pkg/deepdive.js').ResponsesSummary} ResponsesSummary */
/** @typedef {import('../pkg/deepdive.js').QuestionSummary} QuestionSummary */
/** @typedef {import('../pkg/deepdive.js').OptionCount} OptionCount */
/**
 * The counts of the summary and the late-responses checkbox.
 *
 * @param {ResponsesSummary} summary - The summary JSON.
 * @param {{prefix: string, onIncludeLate: (include: boolean) => void}} options
 * @returns {Node[]}
 */
export function counts(summary, { prefix, onIncludeLate }) {
  const s = summary;
  const lateBox = /** @type {HTMLInputElement} */ (h('input', {
    class: 'govuk-checkboxes__input', id: `${prefix}-late`, name: 'include-late', type: 'checkbox', checked: s.includeLate,
    'aria-describedby': `${prefix}-late-hint`,
  }));
  lateBox.addEventListener('change', () => onIncludeLate(lateBox.checked));
  return [
    summaryList([
      ['Responses loaded', String(s.total)],
      ['Accepted', String(s.accepted)],
      ['Late (sent after the close)', `${s.late.length}${s.late.length ? (s.includeLate ? ', counted' : ', not counted') : ''}`],
      ['Rejected', String(s.rejected.length)],
      ['Counted in the results', String(s.counted)],
    ], { className: 'dd-counts' }),
    h('div', { class: 'govuk-form-group dd-print-hide' },
      h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' },
        h('div', { class: 'govuk-checkboxes__item' },
          lateBox,
          h('label', { class: 'govuk-label govuk-checkboxes__label', for: lateBox.id }, 'Count late responses in the results'),
          h('div', { class: 'govuk-hint govuk-checkboxes__hint', id: `${prefix}-late-hint` },
            'Responses sent after the consultation closed are always listed apart.')))),
  ];
}

/**
 * Counted responses by respondent type.
 *
 * @param {ResponsesSummary} summary
 * @param {number} level - The heading level.
 * @returns {Node[]}
 */
export function respondents(summary, level) {
  return [
    h(`h${level}`, { class: 'govuk-heading-m' }, 'Who responded'),
    table(`Counted responses by respondent type (${summary.counted} in all)`, ['Respondent type', 'Responses'],
      GROUPS.map(([key, name]) => [name, String(summary.byRespondentType?.[key] ?? 0)]), { className: 'dd-by-type', numeric: [1] }),
  ];
}

/**
 * Every question's results.
 *
 * @param {ResponsesSummary} summary
 * @param {{prefix: string, level: number}} options - The id prefix; the level of the part's heading
 *   (each question's is one down).
 * @returns {Node[]}
 */
export function questions(summary, { prefix, level }) {
  const questionLevel = Math.min(level + 1, 6);
  return [
    h(`h${level}`, { class: 'govuk-heading-m' }, 'Answers to each question'),
    ...summary.questions.map((q, i) => questionResult(q, i, { prefix, level: questionLevel, counted: summary.counted })),
  ];
}

/**
 * One question's results.
 *
 * @param {QuestionSummary} q - The question's summary.
 * @param {number} index
 * @param {{prefix: string, level: number, counted: number}} options
 * @returns {HTMLElement}
 */
function questionResult(q, index, { prefix, level, counted }) {
  const id = `${prefix}-question-${q.id}`;
  const section = h('section', { class: 'dd-question-result', 'data-question': q.id, 'aria-labelledby': id });
  section.append(
    h(`h${level}`, { class: 'govuk-heading-s', id }, `${index + 1}. ${q.text}`),
    h('p', { class: 'govuk-body dd-answered' },
      `Shown to ${q.shown} of ${counted} counted ${counted === 1 ? 'response' : 'responses'}; answered by ${q.answered}.`));
  if (q.options) {
    section.append(
      barChart(q.text, q.options, q.answered),
      optionTable(`Answers to “${q.text}” (${q.answered} answered)`, q.options, q.answeredByRespondentType, q.answered));
  }
  if (q.roles) {
    section.append(
      h('p', { class: 'govuk-body govuk-!-font-weight-bold' }, 'Roles'),
      barChart(`${q.text}: roles`, q.roles, q.answered),
      optionTable(`Roles given (of the ${q.answered} who answered)`, q.roles, q.answeredByRespondentType, q.answered));
  }
  if (q.texts) section.append(freeText(q, `${prefix}-search-${q.id}`));
  if (q.type === 'email') {
    section.append(h('p', { class: 'govuk-body' }, 'E-mail addresses are contact details: they are counted here and never listed or published.'));
  }
  return section;
}

/**
 * A horizontal bar chart of options, drawn with SVG elements. The figures are also in the
 * `aria-label` and in the table that follows the chart.
 *
 * @param {string} title
 * @param {Array<{label: string, count: number, percent: number}>} options
 * @param {number} answered
 * @returns {SVGElement}
 */
function barChart(title, options, answered) {
  const layout = layoutBarChart(options);
  const figures = options.map((o) => `${o.label}: ${o.count} (${formatPercent(o.percent)})`).join('; ');
  const parts = layout.options.flatMap((o) => [
    ...o.labelLines.map((line) => svg('text', { class: 'dd-chart__label', x: 0, y: line.baselineY }, line.text)),
    svg('rect', { class: 'dd-chart__track', x: 0, y: o.barTop, width: layout.trackLength, height: layout.barThickness }),
    svg('rect', { class: 'dd-chart__bar', x: 0, y: o.barTop, width: o.barLength, height: layout.barThickness, 'data-count': o.count }),
    svg('text', { class: 'dd-chart__value', x: o.figureX, y: o.figureBaselineY }, o.figure),
  ]);
  return svg('svg', {
    class: 'dd-chart', viewBox: `0 0 ${layout.width} ${layout.height}`, width: layout.width, height: layout.height, role: 'img',
    'aria-label': `Bar chart of the answers to “${title}”, ${answered} answered. ${figures}.`,
    preserveAspectRatio: 'xMinYMin meet',
  }, parts);
}

/**
 * A table of options: count and percentage overall and by respondent type.
 *
 * @param {string} caption
 * @param {OptionCount[]} options
 * @param {Record<string, number> | null} answeredByGroup
 * @param {number} answered
 * @returns {HTMLElement}
 */
function optionTable(caption, options, answeredByGroup, answered) {
  const cell = (/** @type {{count: number, percent: number} | undefined} */ c) => (c ? `${c.count} (${formatPercent(c.percent)})` : '0');
  const headings = ['Answer', `All (${answered})`,
    ...GROUPS.map(([key, name]) => (answeredByGroup ? `${name} (${answeredByGroup[key] ?? 0})` : name))];
  const rows = options.map((o) => [o.label, cell(o), ...GROUPS.map(([key]) => cell(o.byRespondentType?.[key]))]);
  return scrollable(table(caption, headings, rows, { className: 'dd-options', numeric: [1, 2, 3, 4, 5], small: true }));
}

/**
 * Free-text answers with a search box.
 *
 * @param {QuestionSummary} q - The question's summary, with `texts`.
 * @param {string} id - The search box's id.
 * @returns {HTMLElement}
 */
function freeText(q, id) {
  const texts = q.texts ?? [];
  if (!texts.length) return h('p', { class: 'govuk-body' }, 'No answers.');
  const input = /** @type {HTMLInputElement} */ (h('input', {
    class: 'govuk-input govuk-!-width-two-thirds', id, name: `search-${q.id}`, type: 'search', spellcheck: 'false', autocomplete: 'off',
  }));
  const status = h('p', { class: 'govuk-body-s dd-text-count', 'aria-live': 'polite' });
  const list = h('ul', { class: 'dd-free-text' });
  const show = () => {
    const found = searchTexts(texts, input.value);
    list.replaceChildren(...found.listed.map((t) => h('li', { class: 'dd-free-text__item' },
      h('span', { class: 'dd-free-text__text' }, t.text),
      h('span', { class: 'dd-free-text__meta' },
        `${respondentTypeInWords(t.respondentType)} · ${consentInWords(t.consent)} · response ${t.response}`))));
    status.textContent = found.status;
  };
  input.addEventListener('input', show);
  show();
  return h('div', { class: 'dd-texts' },
    h('div', { class: 'govuk-form-group dd-print-hide' },
      h('label', { class: 'govuk-label', for: id }, 'Search these answers'),
      input),
    status, list);
}
