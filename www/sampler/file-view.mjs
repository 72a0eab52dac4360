/**
 * @file The sampler's first step: choosing the case list (a file, a dropped file or the
 * example list), then what was read: the file's summary, how it was read (with the options to
 * change it), its problems and its first rows.
 */

import {
  capitalise, dropZone, formatBytes, formatNumber, h, plural, summaryList, warningText,
} from '../dom.mjs';
import { DELIMITERS } from './plan.mjs';
import { scrollableTable } from '../govuk/scrollable-table.mjs';
import { tableHead } from './parts.mjs';
import { delimiterName, encodingName, problemText } from './words.mjs';


/** @typedef {import('../pkg/deepdive.js').Preview} Preview */
/** @typedef {import('../pkg/deepdive.js').RowProblem} RowProblem */
/** @typedef {import('../pkg/deepdive.js').SampleResult} SampleResult */
/** How many rows the preview shows. */
export const PREVIEW_ROWS = 10;

/** What a case list input accepts. */
export const CASE_LIST_TYPES = '.csv,.tsv,.txt,.xlsx,.xlsm,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Whether a preview problem leaves its row out of the table (the others are notes), as the
 * core says it.
 *
 * @param {{excluded?: boolean}} problem
 * @returns {boolean}
 */
function leavesRowOut(problem) {
  return problem.excluded === true;
}

/**
 * How the file is read: the options the user changed.
 *
 * @typedef {{sheet?: string, delimiter?: string, hasHeader?: boolean}} Reading
 */

/**
 * The chosen case list.
 *
 * @typedef {{blob: Blob, name: string, size: number, example: boolean}} ChosenFile
 */

/** Step 1: the case list. */
export class FileView {
  /**
   * @param {import('./dd-sampler.mjs').SamplerContext} ctx
   * @param {object} options
   * @param {string} options.exampleSrc - The example list's URL; empty for no offer.
   * @param {(blob: Blob, name: string, example: boolean) => void} options.onChoose - A file
   *   was chosen.
   * @param {() => void} options.onExample - The example list was asked for.
   * @param {(reading: Reading) => void} options.onReading - The user changed how the file is
   *   read.
   */
  constructor(ctx, { exampleSrc, onChoose, onExample, onReading }) {
    this.ctx = ctx;
    this.onReading = onReading;
    const id = `${ctx.prefix}-file`;
    this.input = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-file-upload', id, name: 'case-list', type: 'file', accept: CASE_LIST_TYPES,
    }));
    this.input.addEventListener('change', () => {
      const file = this.input.files?.[0];
      if (file) onChoose(file, file.name, false);
    });
    const hintId = `${id}-hint`;
    this.input.setAttribute('aria-describedby', hintId);
    const zone = h('div', { class: 'dd-drop-zone' },
      h('div', { class: 'govuk-hint', id: hintId },
        'A CSV file or an Excel workbook (.xlsx), such as an Annex A list: choose it, or drag and drop it here.'),
      this.input);
    dropZone(zone, ([file]) => onChoose(file, file.name, false));
    this.group = h('div', { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label govuk-label--s', for: id }, 'Case list'),
      zone);
    ctx.errors.add('file', { group: this.group, control: this.input, before: zone, describes: this.input });

    const example = exampleSrc
      ? h('div', { class: 'dd-sampler__example' },
        h('p', { class: 'govuk-body' }, 'No case list to hand? Try Deep Dive with a made-up list of 400 referrals. It is synthetic: none of it is real data.'),
        (() => {
          const button = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary' }, 'Try with example data');
          button.addEventListener('click', onExample);
          return button;
        })())
      : null;

    /** What was read: the summary, options, problems and preview. */
    this.area = h('div', { class: 'dd-sampler__file' });
    this.element = h('section', { class: 'dd-sampler__step govuk-!-display-none-print', 'aria-labelledby': `${id}-heading` },
      ctx.heading(0, '1. Choose the case list', { id: `${id}-heading` }),
      this.group,
      example,
      this.area);
  }

  /** Forgets what was shown of the last file. */
  clear() {
    this.area.replaceChildren();
  }

  /**
   * Shows what was read: the file, how it was read (with the options to change it), its
   * problems and its first rows.
   *
   * @param {Preview} preview - As `previewTable()` returns it.
   * @param {ChosenFile} file
   * @param {Reading} reading - The options the preview was read with.
   */
  show(preview, file, reading) {
    const { ctx } = this;
    const p = ctx.prefix;
    const format = preview.format === 'xlsx'
      ? `Excel workbook, sheet “${preview.sheet}”`
      : `CSV, ${encodingName(preview.encoding)}, ${delimiterName(preview.delimiter)}`;
    const header = !preview.hasHeader
      ? 'None: the columns are numbered'
      : `${preview.format === 'xlsx' ? 'Row' : 'Line'} ${preview.headerLine}`;
    const rows = preview.rowCount === null || preview.rowCount === undefined
      ? `More than ${preview.rows.length} (counting…)`
      : formatNumber(preview.rowCount);
    const summary = summaryList([
      ['File', [file.name, ` (${formatBytes(file.size)})`,
        file.example ? [' ', h('strong', { class: 'govuk-tag govuk-tag--grey' }, 'Synthetic example')] : null]],
      ['Read as', format],
      ['Header', header],
      ['Columns', formatNumber(preview.columns.length)],
      ['Data rows', rows],
    ], { className: 'dd-sampler__file-summary' });

    /** @type {HTMLElement[]} */
    const options = [];
    if (preview.format === 'xlsx') {
      const select = /** @type {HTMLSelectElement} */ (h('select', { class: 'govuk-select', id: `${p}-sheet`, name: 'sheet' },
        preview.sheets.map((/** @type {string} */ s) => h('option', { value: s }, s))));
      select.value = preview.sheet ?? '';
      select.addEventListener('change', () => this.onReading({ ...reading, sheet: select.value }));
      options.push(ctx.errors.group({ field: 'sheet', control: select, label: 'Sheet', labelClass: 'govuk-label--s', hint: 'The sheet that holds the case list.' }));
    }
    const more = [];
    if (preview.format !== 'xlsx') {
      const select = /** @type {HTMLSelectElement} */ (h('select', { class: 'govuk-select', id: `${p}-delimiter`, name: 'delimiter' },
        DELIMITERS.map(([value, text]) => h('option', { value }, text))));
      select.value = reading.delimiter ?? '';
      select.addEventListener('change', () => {
        const { delimiter: _, ...rest } = reading;
        this.onReading(select.value ? { ...rest, delimiter: select.value } : rest);
      });
      more.push(ctx.errors.group({ field: 'delimiter', control: select, label: 'Separator between cells', labelClass: 'govuk-label--s' }));
    }
    const headerSelect = /** @type {HTMLSelectElement} */ (h('select', { class: 'govuk-select', id: `${p}-header`, name: 'hasHeader' },
      h('option', { value: '' }, 'Find it automatically'),
      h('option', { value: 'yes' }, 'The table has a header row'),
      h('option', { value: 'no' }, 'The table has no header row: number the columns')));
    headerSelect.value = reading.hasHeader === undefined ? '' : reading.hasHeader ? 'yes' : 'no';
    headerSelect.addEventListener('change', () => {
      const { hasHeader: _, ...rest } = reading;
      this.onReading(headerSelect.value ? { ...rest, hasHeader: headerSelect.value === 'yes' } : rest);
    });
    more.push(ctx.errors.group({ field: 'hasHeader', control: headerSelect, label: 'Header row', labelClass: 'govuk-label--s' }));
    const details = h('details', { class: 'govuk-details', open: Boolean(reading.delimiter || reading.hasHeader !== undefined) },
      h('summary', { class: 'govuk-details__summary' },
        h('span', { class: 'govuk-details__summary-text' }, 'Change how the file is read')),
      h('div', { class: 'govuk-details__text' }, more));

    // Rows left out do not stop the flow: a warning, not an error.
    const left = preview.problems.filter(leavesRowOut).length;
    const complete = preview.rowCount !== null && preview.rowCount !== undefined;
    const parts = [
      ctx.heading(1, 'Your case list'),
      left ? warningText(`${plural(left, 'row')} ${complete ? '' : `in the first ${PREVIEW_ROWS} `}cannot be read and ${left === 1 ? 'is' : 'are'} left out of the sample: see “Rows left out” below. You can still plan and draw the sample.`) : null,
      summary,
      ...options,
      details,
      // A preview that reached the end of the file (a row count) found every problem.
      this.#problemsBlock(preview.problems, preview.problems.length, preview.rowCount !== null && preview.rowCount !== undefined),
      this.#previewTable(preview),
    ];
    // replaceChildren writes a null as the text "null": leave the absent parts out.
    this.area.replaceChildren(...parts.filter((part) => part !== null));
  }

  /**
   * Shows how many data rows the whole list has, once the worker has read it.
   *
   * @param {number} rows
   */
  showRowCount(rows) {
    this.#rowsCell()?.replaceChildren(formatNumber(rows));
  }

  /** The cell of the summary that gives the number of data rows. */
  #rowsCell() {
    return this.area.querySelector('.dd-sampler__file-summary .govuk-summary-list__row:last-child dd');
  }

  /**
   * Shows a file chosen as a case list that looks like a receipt, with the offer to check it.
   *
   * @param {() => void} check - Checks the file as a receipt.
   */
  showReceiptOffer(check) {
    const button = h('button', { type: 'button', class: 'govuk-button' }, 'Check this receipt');
    button.addEventListener('click', check);
    this.area.replaceChildren(
      h('p', { class: 'govuk-body' }, 'The file you chose is a receipt, saved with a sample. To check that sample, check the receipt against the case list it was drawn from.'),
      button);
  }

  /**
   * Updates the file's problems and row count with the whole file's, once it has been read
   * through.
   *
   * @param {SampleResult & {problemsTotal?: number}} result - A sample or allocation (the worker cuts
   *   its lists and says how long `problems` was).
   */
  showWholeFile(result) {
    const block = this.area.querySelector('.dd-sampler__problems');
    if (!block) return;
    block.replaceWith(this.#problemsBlock(result.problems, result.problemsTotal ?? result.problems.length, true));
    this.#rowsCell()?.replaceChildren(formatNumber(result.counts.rowsRead));
  }

  /**
   * The problems found in the file: rows left out, and notes on how it was read.
   *
   * @param {RowProblem[]} problems - The problems.
   * @param {number} total - How many there are in all (the list may be cut).
   * @param {boolean} complete - Whether the whole file was read (else only the preview).
   * @returns {HTMLElement}
   */
  #problemsBlock(problems, total, complete) {
    const { ctx } = this;
    const excluded = problems.filter(leavesRowOut);
    const notes = problems.filter((p) => !leavesRowOut(p));
    const block = h('div', { class: 'dd-sampler__problems', id: `${ctx.prefix}-problems` });
    if (excluded.length) {
      const where = complete ? 'in the file' : `in the first ${PREVIEW_ROWS} rows`;
      block.append(
        ctx.heading(2, `Rows left out (${plural(excluded.length, 'row')} ${where})`),
        h('p', { class: 'govuk-body' },
          'These rows cannot be read as part of the table, so they are left out of the sample. ',
          'To include them, correct the file (for example in Excel) and choose it again.'),
        scrollableTable(h('table', { class: 'govuk-table dd-sampler__problem-table' },
          h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, 'Rows left out of the table'),
          tableHead(['Line', 'Column', 'Problem']),
          h('tbody', { class: 'govuk-table__body' },
            excluded.map((p) => h('tr', { class: 'govuk-table__row' },
              h('td', { class: 'govuk-table__cell govuk-table__cell--numeric', 'data-line': p.line ?? '' }, p.line ?? ''),
              h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, p.column ?? ''),
              h('td', { class: 'govuk-table__cell' }, capitalise(p.message)))))), 'Rows left out of the table'));
      if (total > problems.length) {
        block.append(h('p', { class: 'govuk-body' }, `The first ${formatNumber(problems.length)} of ${formatNumber(total)} problems are listed.`));
      }
    }
    if (notes.length) {
      block.append(
        h('div', { class: 'govuk-inset-text dd-sampler__notes' },
          h('p', { class: 'govuk-body govuk-!-font-weight-bold' }, 'How the file was read'),
          h('ul', { class: 'govuk-list govuk-list--bullet' },
            notes.map((p) => h('li', {}, problemText(p))))));
    }
    return block;
  }

  /**
   * The first rows of the file as a table, rows that will be left out marked.
   *
   * @param {Preview} preview
   * @returns {HTMLElement}
   */
  #previewTable(preview) {
    const p = this.ctx.prefix;
    const unit = preview.format === 'xlsx' ? 'Row' : 'Line';
    const left = new Set(preview.problems.filter(leavesRowOut).map((problem) => problem.line));
    const columns = preview.columns;
    const caption = `The first ${plural(preview.rows.length, 'row')} of the table`;
    const region = scrollableTable(
      h('table', { class: 'govuk-table dd-sampler__table' },
        h('caption', { class: 'govuk-table__caption govuk-table__caption--s', id: `${p}-preview-caption` }, caption),
        tableHead([unit, ...columns]),
        h('tbody', { class: 'govuk-table__body' },
          preview.rows.map((/** @type {string[]} */ row, /** @type {number} */ i) => {
            const line = preview.lines[i];
            return h('tr', { class: 'govuk-table__row', 'data-line': line },
              h('th', { scope: 'row', class: 'govuk-table__header' }, String(line),
                left.has(line) ? [' ', h('strong', { class: 'govuk-tag govuk-tag--red' }, 'Left out')] : null),
              columns.map((_, c) => h('td', { class: 'govuk-table__cell' }, row[c] ?? '')));
          }))),
      caption);
    region.classList.add('dd-sampler__preview');
    return region;
  }
}
