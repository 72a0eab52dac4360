/**
 * @file Where the consultation form's definition comes from (a built-in, or a JSON file on
 * the same site), and the box that shows a failure that is not the respondent's.
 */

import { h } from '../dom.mjs';

/**
 * Reads the definition named by `src`.
 *
 * @param {import('../wasm.mjs').DeepDiveApi} api - The package's API.
 * @param {string | null} src - `builtin:<id>` or a same-site URL.
 * @param {import('./words.mjs').Words} words - The form's words.
 * @returns {Promise<{definition: import('../pkg/deepdive.js').ConsultationDefinition, failure?: undefined} | {failure: string, definition?: undefined}>}
 *   The definition object, or why there is none. A built-in the package lacks throws its error.
 */
async function loadDefinition(api, src, words) {
  if (!src) return { failure: words.noSrc };
  if (src.startsWith('builtin:')) return { definition: api.consultationDefinition(src.slice('builtin:'.length)) };
  const url = new URL(src, document.baseURI);
  if (url.origin !== location.origin) return { failure: words.otherSite };
  const response = await fetch(url.href, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) return { failure: words.fetchFailed(`${response.status} ${response.statusText}`.trim()) };
  const text = await response.text();
  try {
    return { definition: JSON.parse(text) };
  } catch {
    return { failure: words.notJson };
  }
}

/**
 * Reads and checks the definition, and the `submit-url` (which must be on the same site).
 *
 * @param {import('../wasm.mjs').DeepDiveApi} api
 * @param {string | null} src
 * @param {string | null} submitUrl - The attribute.
 * @param {import('./words.mjs').Words} words
 * @returns {Promise<{failure: string, details?: string[]} |
 *   {failure?: undefined, definition: import('../pkg/deepdive.js').ConsultationDefinition, checked: import('../pkg/deepdive.js').ConsultationValidation, submitUrl: string | null}>}
 *   The definition, `validateConsultation`'s verdict on it (with its `form`) and the full
 *   `submit-url`, or what to show instead.
 */
export async function openDefinition(api, src, submitUrl, words) {
  const { definition, failure } = await loadDefinition(api, src, words);
  if (failure !== undefined) return { failure };
  const checked = api.validateConsultation(definition);
  if (!checked.ok) {
    return {
      failure: words.invalidDefinition,
      details: checked.problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)),
    };
  }
  if (!submitUrl) return { definition, checked, submitUrl: null };
  const target = new URL(submitUrl, document.baseURI);
  if (target.origin !== location.origin) return { failure: words.submitOtherSite };
  return { definition, checked, submitUrl: target.href };
}

/**
 * A failure that is not the respondent's, in a GOV.UK error summary's style.
 *
 * @param {import('./words.mjs').Words} words
 * @param {string} message
 * @param {string[]} [details]
 * @param {boolean} [reload] - Whether to suggest reloading.
 * @returns {HTMLElement}
 */
export function failureBox(words, message, details = [], reload = false) {
  return h('div', { class: 'govuk-error-summary', tabindex: '-1' },
    h('div', { role: 'alert' },
      h('h2', { class: 'govuk-error-summary__title' }, words.failureTitle),
      h('div', { class: 'govuk-error-summary__body' },
        h('p', { class: 'govuk-body' }, message),
        details.length ? h('ul', { class: 'govuk-list govuk-list--bullet dd-problems' }, details.map((d) => h('li', {}, d))) : null,
        reload ? h('p', { class: 'govuk-body' }, words.tryAgain) : null)));
}
