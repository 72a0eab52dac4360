/**
 * @file The sampler's results: the allocation per stratum (before the draw and with it), the
 * rows to correct, and the drawn sample with its summary, cases, reserves, the columns to
 * export and the downloads.
 */

import {
  capitalise, csvText, describeFailure, downloadText, formatNumber, h, plural, summaryList, warningText,
} from '../dom.mjs';
import { exportColumns } from './columns.mjs';
import { printAlone, printButton } from '../govuk/print.mjs';
import { scrollableTable } from '../govuk/scrollable-table.mjs';
import { button, tableHead } from './parts.mjs';
import { ReplaceView } from './replace-view.mjs';
import { currentSample } from './replacements.mjs';
import { PseudonymChoice } from './pseudonym-view.mjs';
import {
  REASONS, allocationWords, baseName, drawnAt, filterWords, orderInStratum, sampleRows,
} from './words.mjs';


/** @typedef {import('../pkg/deepdive.js').SamplePlan} SamplePlan */
/** @typedef {import('../pkg/deepdive.js').SampleResult} SampleResult */
/** @typedef {import('../pkg/deepdive.js').SampledCase} SampledCase */
/**
 * A sample as the worker hands it over: its long lists cut, with their full lengths; the
 * cases and the receipt only when the draw was asked for in full.
 *
 * @typedef {Omit<SampleResult, 'selected' | 'reserves' | 'receipt' | 'receiptJson'>
 *   & Partial<Pick<SampleResult, 'selected' | 'reserves' | 'receipt' | 'receiptJson'>>
 *   & {exclusionsTotal: number, problemsTotal: number, duplicatesTotal: number}} Allocation
 */
/**
 * A drawn sample, as the result view shows it.
 *
 * @typedef {{plan: SamplePlan, result: Allocation & Pick<SampleResult, 'selected' | 'reserves' | 'receipt' | 'receiptJson'>,
 *   file: {name: string, example: boolean}, at: Date}} Drawn
 */

/**
 * The allocation per stratum, with the counts that led to it and any warnings.
 *
 * @param {import('./dd-sampler.mjs').SamplerContext} ctx
 * @param {Allocation} result - A sample or allocation.
 * @param {boolean} before - Whether this is the check before the draw.
 * @returns {HTMLElement[]}
 */
export function allocationView(ctx, result, before) {
  const counts = result.counts;
  const strata = result.strata;
  const stratified = !(strata.length === 1 && strata[0].values.length === 0);
  const total = (/** @type {'eligible' | 'allocated' | 'reserves'} */ key) => strata.reduce((sum, s) => sum + s[key], 0);
  const excluded = counts.excluded;
  const filterNote = (/** @type {{filter: number | null}} */ e) => (e.filter === null || e.filter === undefined ? '' : ` (filter ${e.filter + 1})`);
  const rows = [
    ['Rows in the list', formatNumber(counts.rowsRead)],
    counts.rowsSetAside ? ['Rows that could not be read', formatNumber(counts.rowsSetAside)] : null,
    counts.duplicateCopies ? ['Repeated rows of the same child', formatNumber(counts.duplicateCopies)] : null,
    ...excluded.map((e) => [`${REASONS[e.reason] ?? e.reason}${filterNote(e)}`, formatNumber(e.count)]),
    ['Cases that can be sampled', formatNumber(counts.eligible)],
  ];
  const heading = ctx.heading(1, before ? 'The allocation' : 'Allocation per stratum',
    { class: 'govuk-heading-m dd-focus-target', tabindex: '-1' });
  const caption = !strata.length ? 'No case can be sampled' : stratified ? plural(strata.length, 'stratum', 'strata') : 'No strata: one simple random sample';
  return [
    heading,
    before ? h('p', { class: 'govuk-body' }, 'How many cases each stratum gives. It does not depend on the seed, so you can check it before you draw.') : null,
    // After the draw, the warnings are shown at the top of the result.
    ...(before ? result.warnings ?? [] : []).map((w) => warningText(capitalise(w.message))),
    summaryList(/** @type {any} */ (rows.filter(Boolean)), { className: 'dd-sampler__counts' }), // any: rows with nulls dropped, as summaryList takes them
    scrollableTable(h('table', { class: 'govuk-table dd-sampler__strata' },
      h('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, caption),
      tableHead(['Stratum', 'Cases that can be sampled', 'Selected', 'Reserves'], [false, true, true, true]),
      h('tbody', { class: 'govuk-table__body' },
        strata.map((s) => h('tr', { class: 'govuk-table__row' },
          h('th', { scope: 'row', class: 'govuk-table__header' }, s.label),
          h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, formatNumber(s.eligible)),
          h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, formatNumber(s.allocated)),
          h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, formatNumber(s.reserves)))),
        strata.length > 1
          ? h('tr', { class: 'govuk-table__row dd-sampler__total' },
            h('th', { scope: 'row', class: 'govuk-table__header' }, 'Total'),
            /** @type {const} */ (['eligible', 'allocated', 'reserves']).map((key) =>
              h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, formatNumber(total(key)))))
          : null)), `${before ? 'The allocation' : 'Allocation per stratum'}: ${caption}`),
    exclusionsView(result),
  ].filter((x) => x !== null);
}

/**
 * The records left out one by one (blank IDs, conflicting duplicates, bad dates), so the list
 * can be corrected.
 *
 * @param {Allocation} result
 * @returns {HTMLElement | null}
 */
function exclusionsView(result) {
  const list = result.exclusions ?? [];
  const totalRows = result.exclusionsTotal ?? list.length;
  if (!list.length) return null;
  return h('details', { class: 'govuk-details dd-sampler__exclusions' },
    h('summary', { class: 'govuk-details__summary' },
      h('span', { class: 'govuk-details__summary-text' }, `Rows to correct (${formatNumber(totalRows)})`)),
    h('div', { class: 'govuk-details__text' },
      h('p', { class: 'govuk-body' }, 'These rows were left out for a reason you may be able to correct in the list.'),
      scrollableTable(h('table', { class: 'govuk-table' },
        h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, 'Rows left out, with why'),
        tableHead(['Line', 'ID', 'Why']),
        h('tbody', { class: 'govuk-table__body' },
          list.map((e) => h('tr', { class: 'govuk-table__row' },
            h('td', { class: 'govuk-table__cell' }, String(e.line)),
            h('td', { class: 'govuk-table__cell' }, e.id ?? ''),
            h('td', { class: 'govuk-table__cell' }, capitalise(e.message)))))), 'Rows left out, with why'),
      totalRows > list.length ? h('p', { class: 'govuk-body' }, `The first ${formatNumber(list.length)} are listed.`) : null));
}

/** The drawn sample: what was drawn, the export's columns and the downloads. */
export class ResultView {
  /** @type {Drawn | null} */
  #drawn = null;
  /** Whether each column is ticked for the export. @type {Map<string, boolean>} */
  #exported = new Map();
  /** The pseudonym choices and key of the sample shown. @type {PseudonymChoice | null} */
  #pseudonyms = null;
  /** The receipt as it stands: as drawn, or amended by replacements. @type {import('./replace-view.mjs').Amended | null} */
  #amended = null;

  /** @param {import('./dd-sampler.mjs').SamplerContext} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    this.element = h('div', { class: 'dd-sampler__result' });
    this.replaceView = new ReplaceView(ctx, { onReplaced: (amended) => { this.#amended = amended; } });
    ctx.errors.registry.alias('id', 'replace-case');
    ctx.errors.registry.alias('reason', 'replace-details');
  }

  /** Forgets the sample and the columns chosen (a new file). */
  clear() {
    this.#drawn = null;
    this.#pseudonyms = null;
    this.#amended = null;
    this.#exported = new Map();
    this.element.replaceChildren();
  }

  /** Marks a sample shown as out of date: the plan has changed since. */
  markStale() {
    const stale = this.element.querySelector('.dd-sampler__stale');
    if (stale) /** @type {HTMLElement} */ (stale).hidden = false;
  }

  /** The columns to export, in the table's order (the ID column aside). */
  #keptColumns() {
    const { result, plan } = /** @type {Drawn} */ (this.#drawn);
    return /** @type {string[]} */ (result.columns).filter((c) => c !== plan.idColumn && this.#exported.get(c));
  }

  /**
   * Shows a drawn sample: summary, cases, reserves, allocation, and the downloads, and moves
   * the focus to its heading.
   *
   * @param {Drawn} drawn
   */
  show(drawn) {
    this.#drawn = drawn;
    this.#amended = { receipt: drawn.result.receipt, receiptJson: drawn.result.receiptJson };
    this.replaceView.show(drawn, this.#amended);
    this.#pseudonyms = new PseudonymChoice(`${this.ctx.prefix}-pseudonym`, drawn.plan.idColumn,
      drawn.result.columns.filter((c) => c !== drawn.plan.idColumn), baseName(drawn.file.name));
    const { ctx } = this;
    const { plan, result } = drawn;
    const p = ctx.prefix;
    const { identifying, other } = exportColumns(result.columns, plan.idColumn);
    for (const c of [...identifying, ...other]) if (!this.#exported.has(c)) this.#exported.set(c, !identifying.includes(c));
    const receipt = result.receipt;
    const filters = /** @type {any[]} */ (plan.filters ?? []); // any: a filter is one of several shapes (sampling::Filter)
    const summary = summaryList([
      ['Case list', [h('span', { class: 'dd-line' }, drawn.file.name, drawn.file.example ? ' (synthetic example)' : ''),
        h('span', { class: 'dd-line dd-sampler__hash' }, `SHA-256: ${receipt.source.inputSha256}`)]],
      ['Seed', h('code', { class: 'dd-sampler__seed-value' }, receipt.plan.seed)],
      ['Drawn', drawnAt(drawn.at)],
      ['Sample', `${plural(result.selected.length, 'case')} selected and ${plural(result.reserves.length, 'reserve')}, from ${plural(result.counts.eligible, 'case')} that could be sampled`],
      ['ID column', plan.idColumn],
      ['Strata', plan.strata?.length ? plan.strata.join(', ') : 'None'],
      ['Allocation', plan.strata?.length ? allocationWords(plan) : 'Not stratified'],
      ['Filters', filters.length ? h('ul', { class: 'govuk-list' }, filters.map((f) => h('li', {}, filterWords(f, plan.referenceDate ?? undefined)))) : 'None'],
    ], { className: 'dd-sampler__summary' });

    const downloads = h('div', { class: 'govuk-button-group' },
      button('Download the sample (CSV)', () => this.#downloadSample().catch((error) =>
        this.ctx.errors.show([{ field: 'seed', code: 'failure', message: describeFailure(error) }]))),
      button('Download the receipt (JSON)', () => this.#downloadReceipt(), { secondary: true }),
      printButton('Print the sample'));

    this.element.replaceChildren(printAlone(h('section', { class: 'dd-result dd-sampler__drawn', 'aria-labelledby': `${p}-result` },
      ctx.heading(0, 'Your sample', { class: 'govuk-heading-l dd-sampler__result-heading dd-focus-target', id: `${p}-result`, tabindex: '-1' }),
      h('div', { class: 'dd-sampler__stale govuk-!-display-none-print', hidden: true },
        warningText('The plan has changed since this sample was drawn. What is shown and downloaded is the sample as drawn: draw again to use the changes.')),
      ...(result.warnings ?? []).map((w) => warningText(capitalise(w.message))),
      summary,
      h('div', { class: 'dd-sampler__cases' }, this.#casesTables()),
      this.replaceView.element,
      h('div', { class: 'dd-sampler__export govuk-!-display-none-print' },
        ctx.heading(1, 'Download'),
        h('p', { class: 'govuk-body' },
          'The sample is a CSV file for Excel and other spreadsheets. The receipt (JSON) records the list’s fingerprint, the plan, the seed and the cases drawn: ',
          'keep it with the sample, so anyone can check the sample later with the same list.'),
        this.#columnChoices(`${p}-export`, identifying, other),
        this.#pseudonyms.element,
        downloads),
      ...allocationView(ctx, result, false))));
    /** @type {HTMLElement | null} */ (this.element.querySelector('.dd-sampler__result-heading'))?.focus();
  }

  /**
   * The checkboxes of the columns to export: identifying columns first, unticked.
   *
   * @param {string} id
   * @param {string[]} identifying
   * @param {string[]} other
   * @returns {HTMLElement}
   */
  #columnChoices(id, identifying, other) {
    const { plan } = /** @type {Drawn} */ (this.#drawn);
    let n = 0;
    const box = (/** @type {string} */ column) => {
      n += 1;
      const input = /** @type {HTMLInputElement} */ (h('input', {
        class: 'govuk-checkboxes__input', id: `${id}-${n}`, name: 'export-column', type: 'checkbox', value: column, checked: Boolean(this.#exported.get(column)),
      }));
      input.addEventListener('change', () => {
        this.#exported.set(column, input.checked);
        this.element.querySelector('.dd-sampler__cases')?.replaceChildren(...this.#casesTables());
      });
      return h('div', { class: 'govuk-checkboxes__item' }, input, h('label', { class: 'govuk-label govuk-checkboxes__label', for: input.id }, column));
    };
    return h('div', { class: 'govuk-form-group' },
      h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': `${id}-hint` },
        h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, 'Columns to include'),
        h('div', { class: 'govuk-hint', id: `${id}-hint` },
          `Include only what the people you send the sample to need. The sample always has the case’s stratum, its row in the file and its ID (“${plan.idColumn}”). `,
          'Columns that may identify a child or a worker are listed first and left out unless you tick them.'),
        h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' },
          identifying.length ? h('p', { class: 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1' }, 'May identify someone') : null,
          identifying.map(box),
          other.length ? h('p', { class: 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1 govuk-!-margin-top-3' }, 'Other columns') : null,
          other.map(box))));
  }

  /**
   * The selected cases and the reserves as tables, with the columns chosen for the export.
   *
   * @returns {HTMLElement[]}
   */
  #casesTables() {
    const { plan, result } = /** @type {Drawn} */ (this.#drawn);
    const kept = this.#keptColumns();
    const index = new Map(result.columns.map((c, i) => [c, i]));
    const stratified = Boolean(plan.strata?.length);
    const unit = result.source.format === 'xlsx' ? 'Row' : 'Line';
    const table = (/** @type {string} */ kind, /** @type {string} */ caption, /** @type {SampledCase[]} */ cases) => {
      const orders = orderInStratum(cases);
      return scrollableTable(
        h('table', { class: `govuk-table dd-sampler__table dd-sampler__${kind}` },
          h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, caption),
          tableHead([kind === 'reserves' ? 'Reserve' : 'Order', ...(stratified ? ['Stratum'] : []), unit, plan.idColumn, ...kept]),
          h('tbody', { class: 'govuk-table__body' },
            cases.map((c, i) => h('tr', { class: 'govuk-table__row', 'data-id': c.id },
              h('td', { class: 'govuk-table__cell' }, String(orders[i])),
              stratified ? h('td', { class: 'govuk-table__cell' }, c.stratumLabel) : null,
              h('td', { class: 'govuk-table__cell' }, String(c.row)),
              h('th', { scope: 'row', class: 'govuk-table__header' }, c.id),
              kept.map((k) => h('td', { class: 'govuk-table__cell' }, c.values[/** @type {number} */ (index.get(k))] ?? '')))))),
        caption);
    };
    const tracked = /** @type {any[]} */ (/** @type {any} */ (result).tracked ?? []); // any: the tracked cases as the worker sends them
    const trackedCaption = `Tracked cases (${formatNumber(tracked.length)})`;
    const trackedTable = tracked.length
      ? scrollableTable(
        h('table', { class: 'govuk-table dd-sampler__table dd-sampler__tracked-cases' },
          h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, trackedCaption),
          tableHead([...(stratified ? ['Stratum'] : []), unit, plan.idColumn, 'Why it is tracked', ...kept]),
          h('tbody', { class: 'govuk-table__body' },
            tracked.map((c) => h('tr', { class: 'govuk-table__row', 'data-id': c.id },
              stratified ? h('td', { class: 'govuk-table__cell' }, c.stratumLabel) : null,
              h('td', { class: 'govuk-table__cell' }, String(c.row)),
              h('th', { scope: 'row', class: 'govuk-table__header' }, c.id),
              h('td', { class: 'govuk-table__cell' }, c.reason),
              kept.map((k) => h('td', { class: 'govuk-table__cell' }, c.values[/** @type {number} */ (index.get(k))] ?? '')))))),
        trackedCaption)
      : null;
    return [
      trackedTable,
      table('selected', `Selected cases (${formatNumber(result.selected.length)})`, result.selected),
      result.reserves.length
        ? table('reserves', `Reserves (${formatNumber(result.reserves.length)})`, result.reserves)
        : h('p', { class: 'govuk-body' }, 'No reserves were asked for.'),
      result.reserves.length
        ? h('p', { class: 'govuk-body' }, stratified
          ? 'If a selected case turns out to be unsuitable, replace it with the first reserve of its stratum not yet used.'
          : 'If a selected case turns out to be unsuitable, replace it with the first reserve not yet used.')
        : null,
    ].filter((x) => x !== null);
  }

  /** The core writes the file (the one CSV rule), so this waits for the package. */
  async #downloadSample() {
    const drawn = /** @type {Drawn} */ (this.#drawn);
    const rows = /** @type {string[][]} */ (sampleRows(drawn.plan, this.#currentResult(), this.#keptColumns()).map((row) => row.map(String)));
    const csv = await csvText(await /** @type {PseudonymChoice} */ (this.#pseudonyms).apply(rows));
    downloadText(`${baseName(drawn.file.name)}-sample.csv`, csv, 'text/csv;charset=utf-8');
  }

  #downloadReceipt() {
    const drawn = /** @type {Drawn} */ (this.#drawn);
    const amended = /** @type {import('./replace-view.mjs').Amended} */ (this.#amended);
    downloadText(`${baseName(drawn.file.name)}-receipt.json`, amended.receiptJson, 'application/json');
  }

  /**
   * The sample as it stands, for the export: the replacements put in place of the cases
   * they replaced, and the reserves they used no longer listed as reserves.
   */
  #currentResult() {
    const drawn = /** @type {Drawn} */ (this.#drawn);
    const log = this.#amended?.receipt?.replacements ?? [];
    if (!log.length) return drawn.result;
    const { current, used } = currentSample(drawn.result.selected, drawn.result.reserves, log);
    const byId = new Map(drawn.result.reserves.map((c) => [c.id, c]));
    const selected = current.map(({ case: c }, i) => byId.get(c.id) ?? {
      // Drawn past the listed reserves: the export has its row and ID, not its values.
      row: /** @type {any} */ (c).row, id: c.id, stratum: drawn.result.selected[i].stratum, stratumLabel: drawn.result.selected[i].stratumLabel, values: [], // any: a case as the log has it
    });
    return { ...drawn.result, selected, reserves: drawn.result.reserves.filter((c) => !used.has(c.id)) };
  }
}
