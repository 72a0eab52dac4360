/**
 * @file Checking a receipt: the form (the case list and the receipt), the check in the
 * worker, and whether the receipt matched, with the differences found.
 */

import { isDeepDiveError } from '../wasm.mjs';
import {
  capitalise, describeFailure, dropZone, h, notificationBanner, plural, summaryList,
} from '../dom.mjs';
import { Cancelled } from './client.mjs';
import { CASE_LIST_TYPES } from './file-view.mjs';
import { DIFFERENCES } from './receipt-check.mjs';

/** @typedef {import('./plan.mjs').FormProblem} FormProblem */

/** The largest file accepted as a receipt (receipts are a few kilobytes). */
const MAX_RECEIPT_BYTES = 20 * 1024 * 1024;

/** The receipt check: its form and its outcome. */
export class VerifyView {
  /** The files chosen. @type {{list: Blob | null, listName: string, receipt: Blob | null}} */
  #chosen = { list: null, listName: '', receipt: null };

  /** @param {import('./dd-sampler.mjs').SamplerContext} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    const id = `${ctx.prefix}-check`;
    const submit = h('button', { type: 'submit', class: 'govuk-button' }, 'Check the receipt');
    this.actions = h('div', { class: 'govuk-button-group' }, submit);
    const form = h('form', { class: 'dd-sampler__verify-form', novalidate: true, 'aria-label': 'Check a receipt' },
      this.#fileInput(id, 'checkList', 'list', CASE_LIST_TYPES,
        'Case list', 'The list the sample was drawn from: the same file, or another copy of the same records (a CSV file or an .xlsx workbook). Nothing is uploaded.'),
      this.#fileInput(id, 'receipt', 'receipt', '.json,application/json', 'Receipt', 'The receipt saved with the sample (a .json file).'),
      this.actions);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#verify();
    });
    this.outcome = h('div', { class: 'dd-sampler__verify-result' });
    this.element = h('section', { class: 'dd-sampler__verify', 'aria-labelledby': `${id}-heading` },
      ctx.heading(0, 'Check a receipt', { id: `${id}-heading` }),
      h('p', { class: 'govuk-body' },
        'A receipt records the case list’s fingerprint, the plan, the seed and the cases drawn. ',
        'Checking it draws the sample again from the list and says whether everything matches. Nothing is uploaded.'),
      form,
      this.outcome);
  }

  /**
   * A file input with a drop zone, registered as a field.
   *
   * @param {string} id - The form's id prefix.
   * @param {'checkList' | 'receipt'} field
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
    const choose = (/** @type {Blob | null} */ file, /** @type {string} */ name) => {
      if (field === 'checkList') this.#chosen = { ...this.#chosen, list: file, listName: name };
      else this.#chosen = { ...this.#chosen, receipt: file };
      this.outcome.replaceChildren();
    };
    input.addEventListener('change', () => {
      dropped.hidden = true;
      const file = input.files?.[0] ?? null;
      choose(file, file?.name ?? '');
    });
    dropZone(zone, ([file]) => {
      input.value = '';
      dropped.hidden = false;
      dropped.textContent = `Chosen: ${file.name}`;
      choose(file, file.name);
    });
    const group = h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label govuk-label--s', for: input.id }, label), zone);
    this.ctx.errors.fields.set(field, { group, control: input, before: zone, describes: input });
    return group;
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
    if (problems.length) {
      ctx.errors.show(problems);
      return;
    }
    const chosen = /** @type {Blob} */ (list);
    const outcome = await ctx.progress.run(this.actions, async () => {
      await ctx.client.file('check', chosen, listName);
      return ctx.client.request('verify', { key: 'check', receipt: text });
    });
    if (!outcome.ok) {
      const error = /** @type {any} */ (outcome.error);
      if (error instanceof Cancelled) return;
      if (!isDeepDiveError(error)) {
        ctx.errors.show([{ field: 'checkList', code: 'failure', message: describeFailure(error) }]);
        return;
      }
      // A problem with the receipt names it (`receipt`, `receipt.plan`); any other is the list's.
      ctx.errors.show(error.problems.map((/** @type {any} */ p) => {
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
   * @param {{ok: boolean, differences: Array<{kind: string, message: string}>}} result
   * @param {string} listName
   * @param {string} receiptText
   */
  #show(result, listName, receiptText) {
    const id = `${this.ctx.prefix}-verified`;
    /** @type {any} */
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
    const list = (/** @type {Array<{kind: string, message: string}>} */ items) => h('ul', { class: 'govuk-list govuk-list--bullet dd-sampler__differences' },
      items.map((d) => h('li', { 'data-kind': d.kind },
        h('strong', {}, `${DIFFERENCES[d.kind] ?? d.kind}: `), capitalise(d.message))));
    const sameRecords = result.differences.filter((d) => d.kind === 'other-bytes-same-records');
    const banner = result.ok
      ? notificationBanner({
        title: 'Success', id, success: true, heading: 'Receipt verified',
        body: [
          h('p', { class: 'govuk-body' }, 'Drawing the sample again from this case list with the receipt’s plan and seed gives exactly the cases in the receipt.'),
          sameRecords.length
            ? h('p', { class: 'govuk-body' }, 'The file is not byte for byte the one the sample was drawn from, but it holds the same records (another export, order or format), so the sample is the same.')
            : null,
        ],
      })
      : notificationBanner({
        title: 'Important', id, heading: 'The receipt does not match this case list',
        body: [
          h('p', { class: 'govuk-body' }, `Deep Dive found ${plural(result.differences.length, 'difference')}:`),
          list(result.differences),
        ],
      });
    banner.removeAttribute('data-module');
    if (result.ok && sameRecords.length) banner.querySelector('.govuk-notification-banner__content')?.append(list(sameRecords));
    this.outcome.replaceChildren(banner, facts ?? '');
    banner.setAttribute('tabindex', '-1');
    banner.focus();
  }
}
