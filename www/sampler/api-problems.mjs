/**
 * @file The API's problems in the sampler form's terms, with no DOM: which form field each
 * belongs to, and its message as the form shows it.
 */

import { isDeepDiveError } from '../wasm.mjs';
import { capitalise } from '../dom.mjs';
import { describeTrouble } from './faults.mjs';

/** @typedef {import('./plan.mjs').FormProblem} FormProblem */

/**
 * The form field an API field belongs to.
 *
 * @param {string | null | undefined} field - e.g. `idColumn`, `strata[1]`, `filters[0].column`.
 * @param {(name: string) => boolean} has - Whether the form has a field of that name.
 * @returns {string | null}
 */
export function fieldOf(field, has) {
  if (!field) return null;
  if (has(field)) return field;
  if (/^strata\[\d+\]$/.test(field)) return 'strata';
  const filter = /^filters\[(\d+)\]/.exec(field);
  if (filter && has(`filters[${filter[1]}].column`)) return `filters[${filter[1]}].column`;
  return null;
}

/**
 * The problems of a thrown error, in the form's words and fields.
 *
 * @param {unknown} error
 * @param {string | null} fallback - The field of problems that name none.
 * @param {(name: string) => boolean} has - Whether the form has a field of that name.
 * @returns {FormProblem[]}
 */
export function problemsFrom(error, fallback, has) {
  if (!isDeepDiveError(error)) return [{ field: fallback, code: codeOf(error), message: describeTrouble(error) }];
  const api = /** @type {any} */ (error);
  return api.problems.map((/** @type {any} */ p) => {
    const field = fieldOf(p.field, has) ?? (p.field === null ? fallback : null);
    const filter = /^filters\[(\d+)\]/.exec(p.field ?? '');
    const message = capitalise(p.message || p.code);
    return { field, code: p.code, message: filter ? `Filter ${Number(filter[1]) + 1}: ${message}` : message };
  });
}

/**
 * The code of a failure that is not a validation error.
 *
 * @param {unknown} error
 * @returns {string}
 */
function codeOf(error) {
  const code = /** @type {any} */ (error)?.code;
  return typeof code === 'string' ? code : 'failure';
}
