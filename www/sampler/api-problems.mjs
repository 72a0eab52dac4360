/**
 * @file The API's problems in the sampler form's words, with no DOM.
 */

import { isDeepDiveError } from '../wasm.mjs';
import { capitalise } from '../dom.mjs';
import { describeTrouble } from './faults.mjs';

/** @typedef {import('../govuk/problem.mjs').Problem} FormProblem */

/**
 * The problems of a thrown error, in the form's words. Their fields stay the API's
 * (`strata[1]`, `filters[0].values`): the field registry finds the form field that shows each.
 *
 * @param {unknown} error
 * @param {string | null} fallback - The field of problems that name none.
 * @returns {FormProblem[]}
 */
export function problemsFrom(error, fallback) {
  if (!isDeepDiveError(error)) return [{ field: fallback, code: codeOf(error), message: describeTrouble(error) }];
  return error.problems.map((p) => {
    const field = p.field ?? fallback;
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
  const code = /** @type {{code?: unknown} | null | undefined} */ (error)?.code;
  return typeof code === 'string' ? code : 'failure';
}
