/**
 * @file "Write a commitment", before the seed: the list's fingerprint and the plan fixed in a
 * small file (the core's `commitment`), downloaded to send to the other party or publish,
 * with its SHA-256 shown; the draw then names that SHA-256 in its plan, and a receipt check
 * given the file makes sure the list and plan are the ones committed to.
 */

import { downloadText, h, warningText } from '../dom.mjs';

/** The commitment part of the draw step. */
export class CommitmentStep {
  /** The commitment written for the plan as it stands. @type {{commitment: string, sha256: string} | null} */
  #written = null;

  /**
   * @param {import('./dd-sampler.mjs').SamplerContext} ctx
   * @param {{onWrite: () => void}} hooks - Asked to write the commitment.
   */
  constructor(ctx, { onWrite }) {
    this.ctx = ctx;
    const write = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary' }, 'Write a commitment');
    write.addEventListener('click', () => onWrite());
    this.group = h('div', { class: 'govuk-button-group' }, write);
    this.outcome = h('div', { class: 'dd-sampler__commitment-result', 'aria-live': 'polite' });
    this.element = h('div', { class: 'dd-sampler__commitment' },
      ctx.heading(1, 'Write a commitment (optional)'),
      h('p', { class: 'govuk-body' },
        'A sample is only random if nobody could draw it again and again until it looked convenient. ',
        'A commitment stops that: before anyone knows the seed, it fixes the case list (its fingerprint) and the plan in a small file. ',
        'Send the file to the other party or publish it, and then fix the seed in the open: dice rolled by two people together, ',
        'or the value a public randomness beacon gives out at an agreed time, typed in as the seed.'),
      h('p', { class: 'govuk-body' },
        'The receipt then names the commitment, and anyone checking the receipt with the commitment file can see that the list and plan were chosen before the seed, ',
        'not changed afterwards.'),
      this.group,
      this.outcome);
  }

  /** The SHA-256 of the commitment written for the plan as it stands, if any. */
  get sha256() {
    return this.#written?.sha256 ?? null;
  }

  /**
   * Shows a written commitment and downloads its file.
   *
   * @param {{commitment: string, sha256: string}} written
   * @param {string} baseName - The case list's name without its ending.
   */
  show(written, baseName) {
    this.#written = written;
    const file = `${baseName}-commitment.json`;
    downloadText(file, written.commitment, 'application/json');
    const again = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary' }, 'Download the commitment again');
    again.addEventListener('click', () => downloadText(file, written.commitment, 'application/json'));
    this.outcome.replaceChildren(h('div', { class: 'govuk-inset-text' },
      h('p', { class: 'govuk-body' }, `Commitment written (${file}). Its SHA-256, which the receipt will name:`),
      h('p', { class: 'govuk-body' }, h('code', { class: 'dd-sampler__commitment-sha dd-sampler__hash' }, written.sha256)),
      again));
  }

  /** The plan changed: a commitment written for the old plan no longer holds. */
  stale() {
    if (!this.#written) return;
    this.#written = null;
    this.outcome.replaceChildren(warningText('The plan has changed since the commitment was written: write it again before the seed is known.'));
  }

  /** Forgets any commitment (a new file). */
  clear() {
    this.#written = null;
    this.outcome.replaceChildren();
  }
}
