/**
 * @file Internal faults, with no DOM: when the WebAssembly module traps (a
 * `WebAssembly.RuntimeError` such as “unreachable”) or the worker dies, the page says that
 * Deep Dive hit an internal fault, that the user's file and answers are unchanged, and what to
 * report; never the engine's own words.
 */

import { describeFailure } from '../dom.mjs';

/** The code of an internal fault, for the page's events and the report. */
export const INTERNAL_FAULT = 'internal-fault';

/** What each request of the worker is doing, in words for the message. */
const STEPS = /** @type {Record<string, string>} */ ({
  file: 'reading the case list',
  preview: 'reading the case list',
  count: 'counting the rows',
  sample: 'drawing the sample',
  allocation: 'checking the allocation',
  verify: 'checking the receipt',
  seed: 'making a seed',
});

/**
 * The step a request stands for.
 *
 * @param {{type?: string, full?: boolean}} request - As sent to the worker.
 * @returns {string} In words, e.g. `drawing the sample`.
 */
export function stepOf(request) {
  if (request.type === 'sample' && !request.full) return STEPS.allocation;
  return STEPS[request.type ?? ''] ?? 'working';
}

/** The module trapped or the worker stopped: the worker is restarted on the next request. */
export class InternalFault extends Error {
  /**
   * @param {string} step - What Deep Dive was doing, in words.
   */
  constructor(step) {
    super(`Deep Dive hit an internal fault while ${step}. Your file and your answers are unchanged: you can try again. `
      + `If it happens again, please report it, saying which browser you use (for example Chrome 131), the step (${step}) `
      + `and the code ${INTERNAL_FAULT}.`);
    this.name = 'InternalFault';
    this.code = INTERNAL_FAULT;
    this.step = step;
  }
}

/**
 * An unexpected failure in words for the page: an internal fault's own message, or the
 * failure's.
 *
 * @param {unknown} error
 * @returns {string}
 */
export function describeTrouble(error) {
  return error instanceof InternalFault ? error.message : describeFailure(error);
}
