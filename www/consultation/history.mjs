/**
 * @file The consultation form's pages in the browser's history: each form keeps its step
 * under its own key of `history.state` (next to any other form's and the host's own state)
 * and names it in the URL's fragment, so Back goes back a page and a reload finds it.
 */

import { fragmentOf, stepOfFragment } from './answers.mjs';

/**
 * Records a step: a new history entry (`push`, unless the entry already has this step) or
 * the current one (`replace`).
 *
 * @param {{key: string, step: string, fragmentPrefix: string, how: 'push' | 'replace'}} entry
 */
export function recordStep({ key, step, fragmentPrefix, how }) {
  const state = history.state && typeof history.state === 'object' ? { ...history.state } : {};
  const steps = { ...(state.ddConsultation ?? {}) };
  if (how === 'push' && steps[key] === step) return;
  steps[key] = step;
  state.ddConsultation = steps;
  const url = new URL(location.href);
  const fragment = fragmentOf(step, fragmentPrefix);
  // Leave a fragment that is not this form's alone, unless there is one of ours to put.
  if (fragment || stepOfFragment(url.hash, fragmentPrefix) !== null) url.hash = fragment;
  if (how === 'push') history.pushState(state, '', url);
  else history.replaceState(state, '', url);
}

/**
 * The step a history entry's state holds for a form, or null when it holds none (an entry
 * the form did not make, such as a link to an anchor).
 *
 * @param {unknown} state - `PopStateEvent.state`.
 * @param {string} key
 * @returns {string | null}
 */
export function stepInState(state, key) {
  const step = /** @type {any} */ (state)?.ddConsultation?.[key]; // any: history.state is whatever the host page stored
  return typeof step === 'string' ? step : null;
}
