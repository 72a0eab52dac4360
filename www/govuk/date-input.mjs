/**
 * @file GOV.UK's date input: a fieldset with a legend, a hint and boxes for the day, month and
 * year, registered as one field of several parts (so a problem marks only the boxes in error).
 */

import { h, capitalise } from '../dom.mjs';
import { DATE_PARTS } from './date.mjs';

/** @typedef {import('./fields.mjs').Field} Field */

/** The width class of each box, in characters. */
const WIDTHS = { day: 2, month: 2, year: 4 };

/**
 * Builds a date input.
 *
 * @param {object} options
 * @param {string} options.id - The id of the boxes' wrapper; the boxes are `{id}-day` and so on.
 * @param {string} options.name - The boxes' names are `{name}-day` and so on.
 * @param {string} options.legend - The question.
 * @param {string} [options.legendClass] - The legend's size class.
 * @param {{day: number, month: number, year: number} | null} [options.value] - A date to fill in.
 * @returns {{group: HTMLElement, hint: HTMLElement, inputs: Record<'day' | 'month' | 'year', HTMLInputElement>, field: Field}}
 *   The form group, the hint (to fill), the boxes, and the field to register.
 */
export function dateInput({ id, name, legend, legendClass = 'govuk-fieldset__legend--m', value = null }) {
  const hintId = `${id}-hint`;
  const inputs = /** @type {Record<'day' | 'month' | 'year', HTMLInputElement>} */ ({});
  const items = DATE_PARTS.map((part) => {
    const input = /** @type {HTMLInputElement} */ (h('input', {
      class: `govuk-input govuk-date-input__input govuk-input--width-${WIDTHS[part]}`,
      id: `${id}-${part}`, name: `${name}-${part}`, type: 'text', inputmode: 'numeric',
      autocomplete: 'off', spellcheck: 'false',
    }));
    if (value) input.value = String(value[part]);
    inputs[part] = input;
    return h('div', { class: 'govuk-date-input__item' },
      h('div', { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label govuk-date-input__label', for: input.id }, capitalise(part)),
        input));
  });
  const boxes = h('div', { class: 'govuk-date-input', id }, items);
  const hint = h('div', { class: 'govuk-hint', id: hintId });
  const fieldset = h('fieldset', { class: 'govuk-fieldset', role: 'group', 'aria-describedby': hintId },
    h('legend', { class: `govuk-fieldset__legend ${legendClass}` }, legend),
    hint,
    boxes);
  const group = h('div', { class: 'govuk-form-group' }, fieldset);
  return {
    group, hint, inputs,
    field: { group, control: inputs.day, before: boxes, describes: fieldset, errorId: `${id}-error`, label: legend, parts: inputs },
  };
}
