/**
 * @file Checking a receipt: the form (the case list and the receipt), the check in the
 * worker, and whether the receipt matched, with the differences found.
 */

import { isDeepDiveError } from '../wasm.mjs';
import {
  capitalise, describeFailure, dropZone, h, notificationBanner, plural, summaryList,
} from '../dom.mjs';
import { printAlone } from '../govuk/print.mjs';
import { problemsFrom } from './api-problems.mjs';
import { Cancelled } from './client.mjs';
import { fetchExample } from './example.mjs';
import { CASE_LIST_TYPES } from './file-view.mjs';
import { DIFFERENCES, VERDICTS, verdictOf } from './receipt-check.mjs';

/** @typedef {import('../govuk/problem.mjs').Problem} FormProblem */

/** The largest file accepted as a receipt (receipts are a few kilobytes). */
const MAX_RECEIPT_BYTES = 20 * 1024 * 1024;

/** The receipt check: its form and its outcome. */
export class VerifyView {
  /** The files chosen. @type {{list: Blob | null, listName: string, receipt: Blob | null, commitment?: Blob | null}} */
  #chosen = { list: null, listName: '', receipt: null, commitment: null };

  /** Each file field's input and the line that names a file chosen otherwise. @type {Record<string, {input: HTMLInputElement, named: HTMLElement}>} */
  #inputs = {};

  /**
   * @param {import('./dd-sampler.mjs').SamplerContext} ctx
   * @param {{exampleSrc: string}} options - The example list's URL; empty for no offer.
   */
  constructor(ctx, { exampleSrc }) {
    this.ctx = ctx;
    const id = `${ctx.prefix}-check`;
    const submit = h('button', { type: 'submit', class: 'govuk-button' }, 'Check the receipt');
    this.actions = h('div', { class: 'govuk-button-group' }, submit);
    const form = h('form', { class: 'dd-sampler__verify-form govuk-!-display-none-print', novalidate: true, 'aria-label': 'Check a receipt' },
      this.#fileInput(id, 'checkList', 'list', CASE_LIST_TYPES,
        'Case list', 'The list the sample was drawn from: the same file, or another copy of the same records (a CSV file or an .xlsx workbook).'),
      exampleSrc ? this.#exampleOffer(exampleSrc) : null,
      this.#fileInput(id, 'receipt', 'receipt', '.json,application/json', 'Receipt', 'The receipt saved with the sample (a .json file).'),
      this.#fileInput(id, 'commitment', 'commitment', '.json,application/json', 'Commitment (optional)',
        'If a commitment was written before the seed, its file: the check then also makes sure the list and the plan are the ones committed to.'),
      this.actions);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#verify();
    });
    this.outcome = h('div', { class: 'dd-sampler__verify-result' });
    this.element = h('section', { class: 'dd-sampler__verify', 'aria-labelledby': `${id}-heading` },
      ctx.heading(0, 'Check a receipt', { id: `${id}-heading` }),
      h('p', { class: 'govuk-body govuk-!-display-none-print' },
        'A receipt records the case list’s fingerprint, the plan, the seed and the cases drawn. ',
        'Checking it draws the sample again from the list and says whether everything matches.'),
      form,
      this.outcome);
  }

  /**
   * A file input with a drop zone, registered as a field.
   *
   * @param {string} id - The form's id prefix.
   * @param {'checkList' | 'receipt' | 'commitment'} field
   * @param {string} suffix - Of the input's id.
   * @param {string} accept
   * @param {string} label
   * @param {string} hint
   * @returns {HTMLElement} The form group.
   */
  #fileInput(id, field, suffix, accept, label, hint) {
    const input = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-file-upload', id: `${id}-${suffix}`, name: field, type: 'file', accept, 'aria-describedby': `${id}-${suffix}-hint`,
    }));
    const zone = h('div', { class: 'dd-drop-zone' }, h('div', { class: 'govuk-hint', id: `${id}-${suffix}-hint` }, hint), input);
    const dropped = h('p', { class: 'govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0', hidden: true });
    zone.append(dropped);
    this.#inputs[field] = { input, named: dropped };
    input.addEventListener('change', () => {
      dropped.hidden = true;
      const file = input.files?.[0] ?? null;
      this.#choose(field, file, file?.name ?? '');
    });
    dropZone(zone, ([file]) => this.choose(field, file, file.name));
    const group = h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label govuk-label--s', for: input.id }, label), zone);
    this.ctx.errors.add(field, { group, control: input, before: zone, describes: input });
    return group;
  }

  /**
   * Chooses a file for a field other than through its input (dropped, the example list, a
   * receipt chosen as a case list), and says so under the input.
   *
   * @param {'checkList' | 'receipt' | 'commitment'} field
   * @param {Blob} file
   * @param {string} name - What the file is called.
   */
  choose(field, file, name) {
    const { input, named } = this.#inputs[field];
    input.value = '';
    named.hidden = false;
    named.textContent = `Chosen: ${name}`;
    this.#choose(field, file, name);
  }

  /** Moves the focus to the first field still to choose. */
  focusFirst() {
    this.#inputs[this.#chosen.list ? 'receipt' : 'checkList'].input.focus();
  }

  /**
   * @param {'checkList' | 'receipt' | 'commitment'} field
   * @param {Blob | null} file
   * @param {string} name
   */
  #choose(field, file, name) {
    if (field === 'checkList') this.#chosen = { ...this.#chosen, list: file, listName: name };
    else if (field === 'commitment') this.#chosen = { ...this.#chosen, commitment: file };
    else this.#chosen = { ...this.#chosen, receipt: file };
    this.outcome.replaceChildren();
  }

  /**
   * The offer of the example list as the case list.
   *
   * @param {string} src
   * @returns {HTMLElement}
   */
  #exampleOffer(src) {
    const use = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary' }, 'Use the example list');
    use.addEventListener('click', async () => {
      try {
        const { blob, name } = await fetchExample(src);
        this.choose('checkList', blob, `${name} (synthetic example)`);
        this.#chosen.listName = name;
      } catch (error) {
        this.ctx.errors.show([{ field: 'checkList', code: 'failure', message: describeFailure(error) }]);
      }
    });
    return h('div', { class: 'dd-sampler__example' },
      h('p', { class: 'govuk-body' }, 'Checking a receipt of the made-up example list? Use the example list as the case list.'),
      use);
  }

  /** Checks the chosen receipt against the chosen list. */
  async #verify() {
    const { ctx } = this;
    ctx.errors.clear();
    this.outcome.replaceChildren();
    const { list, listName, receipt } = this.#chosen;
    /** @type {FormProblem[]} */
    const problems = [];
    if (!list) problems.push({ field: 'checkList', code: 'required', message: 'Choose the case list the sample was drawn from' });
    if (!receipt) problems.push({ field: 'receipt', code: 'required', message: 'Choose the receipt' });
    /** @type {string | null} */
    let text = null;
    if (receipt) {
      if (receipt.size > MAX_RECEIPT_BYTES) {
        problems.push({ field: 'receipt', code: 'bad-receipt', message: 'The receipt must be a receipt file saved with a sample (.json): this file is far too large' });
      } else {
        text = await receipt.text();
        try {
          JSON.parse(text);
        } catch {
          problems.push({ field: 'receipt', code: 'bad-receipt', message: 'The receipt must be a receipt file saved with a sample (.json): this file is not JSON' });
        }
      }
    }
    const committed = this.#chosen.commitment;
    /** @type {string | null} */
    let commitment = null;
    if (committed) {
      if (committed.size > MAX_RECEIPT_BYTES) problems.push({ field: 'commitment', code: 'bad-commitment', message: 'The commitment must be the commitment file (.json): this file is far too large' });
      else commitment = await committed.text();
    }
    if (problems.length) {
      ctx.errors.show(problems);
      return;
    }
    const chosen = /** @type {Blob} */ (list);
    const outcome = await ctx.progress.run(this.actions, async () => {
      await ctx.client.file('check', chosen, listName);
      return ctx.client.request('verify', { key: 'check', receipt: text, options: commitment === null ? {} : { commitment } });
    });
    if (!outcome.ok) {
      const error = outcome.error;
      if (error instanceof Cancelled) return;
      if (!isDeepDiveError(error)) {
        ctx.errors.show(problemsFrom(error, 'checkList'));
        return;
      }
      // A problem with the receipt names it (`receipt`, `receipt.plan`); any other is the list's.
      ctx.errors.show(error.problems.map((p) => {
        const ofReceipt = String(p.field ?? '').startsWith('receipt') || p.code === 'bad-receipt';
        return { field: ofReceipt ? 'receipt' : 'checkList', code: p.code, message: capitalise(p.message || p.code) };
      }));
      return;
    }
    const result = outcome.value;
    this.#show(result, listName, /** @type {string} */ (text));
    ctx.dispatch('dd-sampler-verify', result);
  }

  /**
   * Shows whether the receipt matched.
   *
   * @param {import('../pkg/deepdive.js').Verification} result
   * @param {string} listName
   * @param {string} receiptText
   */
  #show(result, listName, receiptText) {
    const id = `${this.ctx.prefix}-verified`;
    /** @type {any} */ // any: the user's receipt file, read only for what it shows
    let receipt = null;
    try {
      receipt = JSON.parse(receiptText);
    } catch {
      receipt = null;
    }
    const facts = receipt && typeof receipt === 'object' ? summaryList([
      ['Case list', listName],
      receipt.plan?.seed ? ['Seed', h('code', {}, String(receipt.plan.seed))] : null,
      Array.isArray(receipt.selected) ? ['Cases in the receipt', `${plural(receipt.selected.length, 'case')} selected and ${plural(Array.isArray(receipt.reserves) ? receipt.reserves.length : 0, 'reserve')}`] : null,
    ]) : null;
    const verdict = verdictOf(result);
    const { heading, body } = VERDICTS[verdict];
    // What the core found, for whoever needs to look closer.
    const details = result.differences.length
      ? h('details', { class: 'govuk-details dd-sampler__difference-details' },
        h('summary', { class: 'govuk-details__summary' },
          h('span', { class: 'govuk-details__summary-text' }, `What Deep Dive compared (${plural(result.differences.length, 'difference')})`)),
        h('div', { class: 'govuk-details__text' },
          h('ul', { class: 'govuk-list govuk-list--bullet dd-sampler__differences' },
            result.differences.map((d) => h('li', { 'data-kind': d.kind },
              h('strong', {}, `${DIFFERENCES[d.kind] ?? d.kind}: `), capitalise(d.message))))))
      : null;
    const banner = notificationBanner({
      title: result.ok ? 'Success' : 'Important', id, success: result.ok, heading,
      body: body.length > 1 && !result.ok
        ? h('p', { class: 'govuk-body' }, body.join(''))
        : body.map((text) => h('p', { class: 'govuk-body' }, text)),
    });
    banner.removeAttribute('data-module');
    banner.dataset.verdict = verdict;
    this.outcome.replaceChildren(printAlone(h('div', {}, banner, details ?? '', facts ?? '')));
    banner.setAttribute('tabindex', '-1');
    banner.focus();
  }
}
