/**
 * @file The plan's tracked cases: rows of a case ID and the reason it is tracked, added and
 * removed by the user (GOV.UK's add-another pattern, without JavaScript globals). They are
 * chosen before the draw, listed in the receipt apart from the random sample, and never
 * drawn: the core (`plan.tracked`) checks every ID is in the list.
 */

import { h } from '../dom.mjs';

/** The tracked-case rows of one plan form. */
export class TrackedRows {
  /** @type {Array<{box: HTMLElement, id: HTMLInputElement, reason: HTMLInputElement}>} */
  #rows = [];
  #made = 0;

  /**
   * @param {import('./dd-sampler.mjs').SamplerContext} ctx
   */
  constructor(ctx) {
    this.ctx = ctx;
    this.list = h('div', { class: 'dd-sampler__tracked-rows' });
    const add = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary' }, 'Add a tracked case');
    add.addEventListener('click', () => {
      this.add({ id: '', reason: '' });
      this.#rows.at(-1)?.id.focus();
    });
    const hintId = `${ctx.prefix}-tracked-hint`;
    this.element = h('div', { class: 'govuk-form-group dd-sampler__tracked' },
      h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': hintId },
        h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, 'Tracked cases (optional)'),
        h('div', { class: 'govuk-hint', id: hintId },
          'Children you will follow end to end, chosen for a reason before the draw. They are listed apart from the random sample and are never drawn into it.'),
        this.list, add));
  }

  /**
   * Adds a row.
   *
   * @param {{id: string, reason: string}} values
   */
  add(values) {
    this.#made += 1;
    const p = `${this.ctx.prefix}-tracked-${this.#made}`;
    const id = /** @type {HTMLInputElement} */ (h('input', { class: 'govuk-input govuk-input--width-10', id: `${p}-id`, type: 'text', spellcheck: 'false', autocomplete: 'off' }));
    const reason = /** @type {HTMLInputElement} */ (h('input', { class: 'govuk-input', id: `${p}-reason`, type: 'text' }));
    id.value = values.id;
    reason.value = values.reason;
    const legend = h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, '');
    const remove = h('button', { type: 'button', class: 'govuk-button govuk-button--warning govuk-!-margin-bottom-0' }, 'Remove');
    const idGroup = h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: id.id }, 'Case ID'), id);
    const reasonGroup = h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: reason.id }, 'Why it is tracked'), reason);
    const box = h('fieldset', { class: 'govuk-fieldset dd-sampler__tracked-row' }, legend, idGroup, reasonGroup, remove);
    const row = { box, id, reason, idGroup, reasonGroup };
    remove.addEventListener('click', () => {
      this.#rows = this.#rows.filter((r) => r !== row);
      box.remove();
      this.#renumber();
      box.dispatchEvent(new Event('change', { bubbles: true }));
      this.list.closest('form')?.dispatchEvent(new Event('change'));
    });
    this.#rows.push(row);
    this.list.append(box);
    this.#renumber();
  }

  /** Names each row by its place, and registers its fields under `tracked[i]`. */
  #renumber() {
    const { errors } = this.ctx;
    errors.registry.removeWhere((name) => name.startsWith('tracked['));
    this.#rows.forEach((row, i) => {
      const r = /** @type {any} */ (row); // any: a row with its two groups
      /** @type {HTMLElement} */ (row.box.querySelector('legend')).textContent = `Tracked case ${i + 1}`;
      row.box.querySelector('button')?.setAttribute('aria-label', `Remove tracked case ${i + 1}`);
      errors.add(`tracked[${i}].id`, { group: r.idGroup, control: row.id, before: row.id, describes: row.id });
      errors.add(`tracked[${i}].reason`, { group: r.reasonGroup, control: row.reason, before: row.reason, describes: row.reason });
      errors.registry.alias(`tracked[${i}]`, `tracked[${i}].id`);
    });
  }

  /** Each row's values, in order. */
  values() {
    return this.#rows.map((r) => ({ id: r.id.value, reason: r.reason.value }));
  }
}
