/**
 * @file A wide table that scrolls sideways inside its own region instead of making the whole
 * page scroll (WCAG 1.4.10, reflow at 320 CSS pixels). The region is labelled and focusable,
 * so keyboard users can scroll it with the arrow keys and screen readers name it.
 */

import { h } from '../dom.mjs';

/**
 * Wraps a table in a labelled, focusable scrolling region.
 *
 * @param {HTMLElement} table - The `table.govuk-table`.
 * @param {string} label - What the region holds, e.g. `Agencies taking part`.
 * @returns {HTMLElement} The `div.dd-table-scroll` (`role="region"`, `tabindex="0"`).
 */
export function scrollableTable(table, label) {
  return h('div', { class: 'dd-table-scroll', role: 'region', 'aria-label': label, tabindex: '0' }, table);
}
