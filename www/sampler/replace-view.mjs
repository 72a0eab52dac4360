/**
 * @file Replacing unsuitable cases of a drawn sample: the form (which case, and why), the
 * current sample (which case replaced which), and the replacements log as a table. The
 * replacement itself is the core's (`replaceCase`, in the worker): always the next reserve
 * of the case's stratum in ticket order, never a case the user picks.
 */

import { formatNumber, h } from '../dom.mjs';
import { scrollableTable } from '../govuk/scrollable-table.mjs';
import { problemsFrom } from './api-problems.mjs';
import { Cancelled } from './client.mjs';
import { button, tableHead } from './parts.mjs';
import { UNSUITABLE, currentSample, reasonText } from './replacements.mjs';

/** @typedef {import('./result-view.mjs').Drawn} Drawn */
/** @typedef {{receipt: any, receiptJson: string}} Amended (any: the receipt's JSON, read by the core) */

/** The replacements part of a drawn sample. */
export class ReplaceView {
  /**
   * @param {import('./dd-sampler.mjs').SamplerContext} ctx
   * @param {{onReplaced: (amended: Amended) => void}} hooks - Told of each amended receipt.
   */
  constructor(ctx, { onReplaced }) {
    this.ctx = ctx;
    this.onReplaced = onReplaced;
    this.element = h('div', { class: 'dd-sampler__replace' });
    /** @type {Drawn | null} */
    this.drawn = null;
    /** @type {Amended | null} */
    this.amended = null;
  }

  /**
   * Shows the part for a sample and its current receipt.
   *
   * @param {Drawn} drawn
   * @param {Amended} amended
   */
  show(drawn, amended) {
    this.drawn = drawn;
    this.amended = amended;
    const { ctx } = this;
    const p = `${ctx.prefix}-replace`;
    const log = amended.receipt.replacements ?? [];
    const { current } = currentSample(drawn.result.selected, drawn.result.reserves, log);

    const select = /** @type {HTMLSelectElement} */ (h('select', { class: 'govuk-select', id: `${p}-case`, name: 'replace-case' },
      current.map((place) => h('option', { value: place.case.id }, place.case.id))));
    const caseGroup = ctx.errors.group({ field: 'replace-case', control: select, label: 'Case to replace', labelClass: 'govuk-label--s' });

    const details = /** @type {HTMLInputElement} */ (h('input', { class: 'govuk-input', id: `${p}-details`, name: 'replace-details', type: 'text', spellcheck: 'false' }));
    const detailsGroup = ctx.errors.group({ field: 'replace-details', control: details, label: 'Details', hint: 'Needed for “Other”; for the other reasons, optional. They are written into the receipt: no names.' });
    /** @type {HTMLInputElement[]} */
    const radios = [];
    const radioItems = UNSUITABLE.map(([value, text], i) => {
      const input = /** @type {HTMLInputElement} */ (h('input', { class: 'govuk-radios__input', id: `${p}-reason-${i}`, name: `${p}-reason`, type: 'radio', value }));
      radios.push(input);
      return h('div', { class: 'govuk-radios__item' }, input,
        h('label', { class: 'govuk-label govuk-radios__label', for: input.id }, text));
    });
    const radiosBox = h('div', { class: 'govuk-radios', 'data-module': 'govuk-radios' }, radioItems);
    const legend = h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, 'Why is it unsuitable?');
    const fieldset = h('fieldset', { class: 'govuk-fieldset' }, legend, radiosBox);
    const reasonGroup = h('div', { class: 'govuk-form-group' }, fieldset);
    ctx.errors.add('replace-reason', { group: reasonGroup, control: radios[0], before: radiosBox, describes: fieldset, marks: [] });

    const replaceButton = button('Replace this case', () => {
      const chosen = radios.find((r) => r.checked)?.value ?? '';
      this.#replace(select.value, chosen, details.value);
    }, { secondary: true });

    this.element.replaceChildren(
      ctx.heading(1, 'Replace an unsuitable case'),
      h('p', { class: 'govuk-body' },
        'If a selected case turns out to be unsuitable, say why here. Deep Dive puts in its place the next reserve of the same stratum, ',
        'in ticket order: you cannot choose the replacement, so the sample stays random. Each replacement is added to the receipt’s log, with its reason and time.'),
      h('div', { class: 'govuk-!-display-none-print' }, caseGroup, reasonGroup, detailsGroup, replaceButton),
      ...(log.length
        ? [this.#currentTable(current, drawn), this.#logTable(log)]
        : [h('p', { class: 'govuk-body dd-sampler__no-replacements' }, 'No case has been replaced.')]),
    );
  }

  /**
   * Asks the worker for the replacement and shows the amended receipt.
   *
   * @param {string} id
   * @param {string} choice
   * @param {string} details
   */
  async #replace(id, choice, details) {
    const { ctx } = this;
    ctx.errors.clear();
    const { reason, problems } = reasonText(choice, details);
    if (problems.length || reason === null) {
      ctx.errors.show(problems);
      return;
    }
    const drawn = /** @type {Drawn} */ (this.drawn);
    const { sheet, delimiter, hasHeader } = /** @type {any} */ (drawn.plan); // any: the plan's reading options, when given
    try {
      const amended = await ctx.client.request('replace', {
        key: 'list',
        receipt: /** @type {Amended} */ (this.amended).receiptJson,
        request: { id, reason },
        options: Object.fromEntries(Object.entries({ sheet, delimiter, hasHeader }).filter(([, v]) => v !== undefined && v !== null)),
      });
      this.onReplaced(amended);
      this.show(drawn, amended);
      /** @type {HTMLElement | null} */ (this.element.querySelector('.dd-sampler__current caption'))?.focus();
    } catch (error) {
      if (!(error instanceof Cancelled)) ctx.errors.show(problemsFrom(error, 'replace-case'));
    }
  }

  /**
   * The current sample: each place's case, and the case it replaced.
   *
   * @param {ReturnType<typeof currentSample>['current']} current
   * @param {Drawn} drawn
   */
  #currentTable(current, drawn) {
    const stratified = Boolean(drawn.plan.strata?.length);
    const caption = `Current sample (${formatNumber(current.length)})`;
    return scrollableTable(
      h('table', { class: 'govuk-table dd-sampler__table dd-sampler__current' },
        h('caption', { class: 'govuk-table__caption govuk-table__caption--m', tabindex: '-1' }, caption),
        tableHead(['Place', drawn.plan.idColumn, ...(stratified ? ['Stratum'] : []), 'In place of']),
        h('tbody', { class: 'govuk-table__body' },
          current.map((place, i) => h('tr', { class: 'govuk-table__row', 'data-id': place.case.id },
            h('td', { class: 'govuk-table__cell' }, String(i + 1)),
            h('th', { scope: 'row', class: 'govuk-table__header' }, place.case.id),
            stratified ? h('td', { class: 'govuk-table__cell' }, stratumText(place.case)) : null,
            h('td', { class: 'govuk-table__cell' }, place.replaced ?? '—'))))),
      caption);
  }

  /**
   * The replacements log, in its order.
   *
   * @param {import('./replacements.mjs').LogEntry[]} log
   */
  #logTable(log) {
    const caption = `Replacements (${formatNumber(log.length)})`;
    return scrollableTable(
      h('table', { class: 'govuk-table dd-sampler__table dd-sampler__log' },
        h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, caption),
        tableHead(['Number', 'Case replaced', 'Reason', 'Replaced by', 'When (UTC)']),
        h('tbody', { class: 'govuk-table__body' },
          log.map((entry, i) => h('tr', { class: 'govuk-table__row' },
            h('td', { class: 'govuk-table__cell' }, String(i + 1)),
            h('th', { scope: 'row', class: 'govuk-table__header' }, entry.id),
            h('td', { class: 'govuk-table__cell' }, entry.reason),
            h('td', { class: 'govuk-table__cell' }, entry.replacement.id),
            h('td', { class: 'govuk-table__cell' }, entry.at.replace('T', ' ').replace('Z', '')))))),
      caption);
  }
}

/**
 * A case's stratum as words: a drawn case's label, or a logged case's values.
 *
 * @param {any} c (any: a case as the worker sends it, or as the log has it)
 * @returns {string}
 */
function stratumText(c) {
  if (typeof c.stratumLabel === 'string') return c.stratumLabel;
  return Array.isArray(c.stratum) ? c.stratum.join(', ') : '';
}
