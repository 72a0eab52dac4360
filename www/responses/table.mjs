/**
 * @file The GOV.UK tables of `<dd-responses>`: a caption, column headings, and rows whose
 * first cell is the row's header.
 */

import { h } from '../dom.mjs';
import { scrollableTable } from '../govuk/scrollable-table.mjs';

/**
 * A GOV.UK table.
 *
 * @param {string} caption
 * @param {string[]} headings
 * @param {Array<Array<string | Node>>} rows - The first cell of each row is its header.
 * @param {{className?: string, numeric?: number[], small?: boolean, visuallyHiddenCaption?: boolean}} [options]
 *   `numeric`: the columns (by index) whose figures align right.
 * @returns {HTMLElement}
 */
export function table(caption, headings, rows, { className = '', numeric = [], small = false, visuallyHiddenCaption = false } = {}) {
  const headerClass = (/** @type {number} */ i) => (numeric.includes(i) ? ' govuk-table__header--numeric' : '');
  const cellClass = (/** @type {number} */ i) => (numeric.includes(i) ? ' govuk-table__cell--numeric' : '');
  return h('table', { class: `govuk-table${small ? ' govuk-table--small-text-until-tablet' : ''} ${className}`.trim() },
    h('caption', { class: `govuk-table__caption govuk-table__caption--s${visuallyHiddenCaption ? ' govuk-visually-hidden' : ''}` }, caption),
    h('thead', { class: 'govuk-table__head' },
      h('tr', { class: 'govuk-table__row' },
        headings.map((heading, i) => h('th', { scope: 'col', class: `govuk-table__header${headerClass(i)}` }, heading)))),
    h('tbody', { class: 'govuk-table__body' },
      rows.map((row) => h('tr', { class: 'govuk-table__row' },
        row.map((cell, i) => (i === 0
          ? h('th', { scope: 'row', class: 'govuk-table__header' }, cell)
          : h('td', { class: `govuk-table__cell${cellClass(i)}` }, cell)))))));
}

/**
 * A wide table in the form layer's scrolling region, named by the table's caption.
 *
 * @param {HTMLElement} wide - The table, with its caption.
 * @returns {HTMLElement}
 */
export function scrollable(wide) {
  return scrollableTable(wide, wide.querySelector('caption')?.textContent ?? '');
}
