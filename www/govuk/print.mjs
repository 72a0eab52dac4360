/**
 * @file Printing a tool's result alone. A result marked `dd-print-alone` is, when printed, all
 * the page shows: the print stylesheet (`styles/_print.scss`) hides every element that neither
 * holds it nor lies inside it (the host page's header and navigation, the form, other tools),
 * and anything marked `dd-print-hide` (such as the print button itself).
 */

import { h } from '../dom.mjs';

/**
 * Marks an element as the result to print alone.
 *
 * @template {HTMLElement} E
 * @param {E} result - The result.
 * @returns {E} The same element.
 */
export function printAlone(result) {
  result.classList.add('dd-print-alone');
  return result;
}

/**
 * A secondary GOV.UK button that prints the page (which, with a result marked by
 * {@link printAlone}, prints that result alone). It is not printed itself.
 *
 * @param {string} text - e.g. `Print this timetable`.
 * @returns {HTMLElement} The button.
 */
export function printButton(text) {
  const button = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary dd-print-hide' }, text);
  button.addEventListener('click', () => window.print());
  return button;
}
