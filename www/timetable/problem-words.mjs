/**
 * @file The core's timetable problems in the form's words: each names the control to fix
 * and what was typed (`Closure day on line 2 (31/02/2015) must be a real date`). The codes
 * and fields are the core's (README, Errors); no check is made here. No DOM.
 */

import { capitalise, formatDate, weekdayName } from '../dom.mjs';
import { ONSITE } from './form-reading.mjs';

/** @typedef {import('../govuk/problem.mjs').Problem} Problem */
/** @typedef {import('./form-reading.mjs').ClosureLines} ClosureLines */

/** What the first on-site day is called at the start of a sentence. */
const ONSITE_NAME = capitalise(ONSITE.name);

/**
 * What the wording needs besides the problem.
 *
 * @typedef {object} WordingContext
 * @property {string | undefined} onsiteStart - The first on-site day sent, `YYYY-MM-DD`.
 * @property {ClosureLines} closures - Where each closure entry came from.
 * @property {(iso: string) => string} dayOffName - Why a day is not a working day, e.g.
 *   `Boxing Day (substitute day)` or `one of your closure days`.
 */

/**
 * Words one of the core's problems for the form.
 *
 * @param {Problem} problem - As the core reported it.
 * @param {WordingContext} context - The input it was about.
 * @returns {Problem} The same code and field, the form's message, and the date parts in error.
 */
export function wordCoreProblem(problem, context) {
  const { code, field } = problem;
  const fallback = capitalise(problem.message || code);
  if (field === ONSITE.field) {
    const iso = context.onsiteStart ?? '';
    const day = formatDate(iso);
    const about = (/** @type {string} */ message, parts = ['day', 'month', 'year']) => ({ field, code, message, parts });
    const weekday = /^not-a-(\w+)$/.exec(code);
    if (weekday) return about(`${ONSITE_NAME} must be a ${capitalise(weekday[1])} (${day} is a ${weekdayName(iso)})`);
    if (code === 'onsite-on-weekend') return about(`${ONSITE_NAME} must be a weekday (${day} is a ${weekdayName(iso)})`);
    if (code === 'onsite-on-holiday') return about(`${ONSITE_NAME} must be a working day (${day} is ${context.dayOffName(iso)})`);
    if (code === 'year-out-of-range') return about(`${ONSITE_NAME} must be in a year from 1995 to 2100`, ['year']);
    if (code === 'bad-date') return about(`${ONSITE_NAME} must be a real date`);
    return about(fallback);
  }
  const closure = /^closures\[(\d+)\]$/.exec(field ?? '');
  if (closure) {
    const index = Number(closure[1]);
    const where = index < context.closures.lines.length
      ? `Closure day on line ${context.closures.lines[index]} (${context.closures.typed[index]})`
      : 'A closure day';
    if (code === 'bad-date') return { field, code, message: `${where} must be a real date` };
    if (code === 'year-out-of-range') return { field, code, message: `${where} must be in a year from 1995 to 2100` };
    return { field, code, message: `${where}: ${problem.message}` };
  }
  if (field === 'framework' && code === 'unknown-framework') return { field, code, message: 'Select an inspection framework' };
  return { field, code, message: fallback };
}

/**
 * Which problem of a field to show when the core reports several: a date that is not real or
 * outside the calendar before anything else about it.
 *
 * @param {Problem} problem - A problem.
 * @returns {number} Lower shows first.
 */
export function problemRank(problem) {
  return ['bad-date', 'year-out-of-range'].includes(problem.code) ? 0 : 1;
}
