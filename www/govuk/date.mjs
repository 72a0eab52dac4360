/**
 * @file Reading a GOV.UK date input's three boxes into a `YYYY-MM-DD` string, with GOV.UK's
 * messages for a date left empty, a part missing, letters typed or a two-figure year. Whether
 * the date exists (31 February) or lies in the calendar's years is the core's rule, so it is
 * left to the core, whose `bad-date` the page words as "must be a real date". No DOM here.
 */

import { joinWords } from '../dom.mjs';

/** The parts of a date, in the order GOV.UK shows them. */
export const DATE_PARTS = /** @type {const} */ (['day', 'month', 'year']);

/** @typedef {import('./problem.mjs').Problem} Problem */

/**
 * Reads what was typed in a date input.
 *
 * @param {{day: string, month: string, year: string}} typed - Each box's text.
 * @param {{field: string, name: string}} about - The problem's field, and how messages name the
 *   date (`the first on-site day`).
 * @returns {{iso: string} | {problem: Problem}} The date (digits only, not yet checked to
 *   exist), or what is wrong with it.
 */
export function readDate(typed, { field, name }) {
  const values = { day: typed.day.trim(), month: typed.month.trim(), year: typed.year.trim() };
  const named = name.charAt(0).toUpperCase() + name.slice(1);
  const problem = (/** @type {string} */ code, /** @type {string} */ message, /** @type {string[]} */ parts) =>
    ({ problem: { field, code, message, parts } });
  const missing = DATE_PARTS.filter((part) => values[part] === '');
  if (missing.length === DATE_PARTS.length) return problem('required', `Enter ${name}`, [...DATE_PARTS]);
  if (missing.length) return problem('incomplete-date', `${named} must include a ${joinWords(missing)}`, missing);
  const notNumbers = DATE_PARTS.filter((part) => !/^\d+$/.test(values[part]));
  if (notNumbers.length) return problem('bad-date', `${named} must be a real date`, notNumbers);
  if (values.year.length !== 4) return problem('bad-date', 'Year must include 4 numbers', ['year']);
  return { iso: `${values.year}-${values.month.padStart(2, '0')}-${values.day.padStart(2, '0')}` };
}
