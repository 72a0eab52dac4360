/**
 * @file The sampler form's fields and how their problems are shown, on the GOV.UK form layer
 * (`../govuk/`): the field registry, and the error summary with inline messages in page
 * order, whose links focus the field. This module only adds the sampler's way of making a
 * form group and of telling the page which problems were shown.
 */

import { h } from '../dom.mjs';
import { clearProblems, emptyErrorSummary, showProblems } from '../govuk/error-summary.mjs';
import { FieldRegistry } from '../govuk/fields.mjs';

/** @typedef {import('../govuk/problem.mjs').Problem} Problem */
/** @typedef {import('../govuk/fields.mjs').Field} Field */

/** The form's fields by name, and the problems shown on them. */
export class FormErrors {
  registry = new FieldRegistry();

  /**
   * @param {string} prefix - The element's id prefix.
   * @param {(problems: Problem[]) => void} onShown - Told of every problem shown, in the order
   *   shown, each with the field that shows it.
   */
  constructor(prefix, onShown) {
    this.prefix = prefix;
    this.onShown = onShown;
    /** The error summary, hidden until there is a problem. */
    this.summary = emptyErrorSummary({ className: 'govuk-!-display-none-print' });
  }

  /**
   * Registers a field.
   *
   * @param {string} name - Its name, as problems give it.
   * @param {Omit<Field, 'errorId'>} field - Its form group, control, where its message goes and
   *   what names it.
   */
  add(name, field) {
    const errorId = `${field.control.id || `${this.prefix}-${name}`}-error`.replace(/[^\w-]/g, '-');
    this.registry.add(name, { ...field, errorId });
  }

  /**
   * A form group with a label, an optional hint and a control, registered as a field.
   *
   * @param {object} options
   * @param {string} options.field - The field's name, for errors.
   * @param {HTMLElement} options.control - The input, select or textarea (with its id).
   * @param {string} options.label - The label.
   * @param {string} [options.labelClass] - Extra classes of the label (`govuk-label--s`).
   * @param {string | Array<string | Node>} [options.hint] - A hint.
   * @param {HTMLElement} [options.wrap] - What is shown in place of the bare control (an input
   *   with a suffix, a drop zone).
   * @param {string} [options.className] - Extra classes of the group.
   * @returns {HTMLElement} The form group.
   */
  group({ field, control, label, labelClass = '', hint, wrap, className = '' }) {
    const hintId = hint ? `${control.id}-hint` : null;
    if (hintId) control.setAttribute('aria-describedby', hintId);
    const shown = wrap ?? control;
    const group = h('div', { class: `govuk-form-group ${className}`.trim() },
      h('label', { class: `govuk-label ${labelClass}`.trim(), for: control.id }, label),
      hint ? h('div', { class: 'govuk-hint', id: hintId }, hint) : null,
      shown);
    this.add(field, { group, control, before: shown, describes: control, label });
    return group;
  }

  /** Removes every error message, class and the summary; entered values stay. */
  clear() {
    clearProblems(this.summary, this.registry);
  }

  /**
   * Shows problems: the error summary (focused) and a message in each field's group.
   *
   * @param {Problem[]} problems
   * @param {{focus?: boolean}} [options]
   */
  show(problems, { focus = true } = {}) {
    const shown = showProblems(this.summary, problems, this.registry, { focus });
    this.onShown(shown.map(({ field, code, message }) => ({ field: this.registry.resolve(field), code, message })));
  }
}
