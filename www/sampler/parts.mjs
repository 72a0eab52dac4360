/**
 * @file Small DOM parts the sampler's views share: a table head, a button that runs a
 * function, and the heading of a step.
 */

import { h } from '../dom.mjs';

/**
 * A table head row.
 *
 * @param {string[]} names
 * @param {boolean[]} [numeric] - Which columns are numeric (right-aligned).
 * @returns {HTMLElement}
 */
export function tableHead(names, numeric = []) {
  return h('thead', { class: 'govuk-table__head' },
    h('tr', { class: 'govuk-table__row' },
      names.map((name, i) => h('th', { scope: 'col', class: `govuk-table__header${numeric[i] ? ' govuk-table__header--numeric' : ''}` }, name))));
}

/**
 * A GOV.UK button that runs a function.
 *
 * @param {string} text
 * @param {() => void} onClick
 * @param {{secondary?: boolean, className?: string}} [options]
 * @returns {HTMLElement}
 */
export function button(text, onClick, { secondary = false, className = '' } = {}) {
  const b = h('button', { type: 'button', class: `govuk-button${secondary ? ' govuk-button--secondary' : ''} ${className}`.trim() }, text);
  b.addEventListener('click', onClick);
  return b;
}

/**
 * Makes headings for a given step level.
 *
 * @param {() => number} level - The level (2–5) of the steps' headings, read when a heading
 *   is made.
 * @returns {(depth: number, text: string, attributes?: Record<string, any>) => HTMLElement} (any: attribute values of every kind `h` takes)
 *   A heading `depth` levels below the steps' (0 for a step, 1 for a part of one).
 */
export function headings(level) {
  return (depth, text, attributes = {}) => {
    const size = ['govuk-heading-l', 'govuk-heading-m', 'govuk-heading-s'][depth] ?? 'govuk-heading-s';
    return h(`h${Math.min(level() + depth, 6)}`, { class: size, ...attributes }, text);
  };
}
