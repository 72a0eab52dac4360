/**
 * @file The sampler form's fields and how their problems are shown: a registry of fields
 * (form group, control, where the message goes) and a GOV.UK error summary with inline
 * messages, ordered as the fields are on the page, whose links focus the field.
 */

import { h } from '../dom.mjs';

/** @typedef {import('./plan.mjs').FormProblem} FormProblem */

/**
 * A field of the form: its form group, the control to mark and focus, and where its error
 * message goes.
 *
 * @typedef {object} Field
 * @property {HTMLElement} group - The `govuk-form-group`.
 * @property {HTMLElement} control - The control an error summary link focuses.
 * @property {HTMLElement} before - The error message is inserted before this node.
 * @property {HTMLElement} describes - The element whose `aria-describedby` names the message.
 * @property {HTMLElement[]} [marks] - Controls given the error class (the control by default).
 */

/**
 * The GOV.UK error class for a control.
 *
 * @param {HTMLElement} control
 * @returns {string}
 */
function errorClass(control) {
  if (control instanceof HTMLSelectElement) return 'govuk-select--error';
  if (control instanceof HTMLTextAreaElement) return 'govuk-textarea--error';
  if (control instanceof HTMLInputElement) {
    if (control.type === 'file') return 'govuk-file-upload--error';
    if (control.type === 'text') return 'govuk-input--error';
  }
  return '';
}

/** The form's fields by name, and the problems shown on them. */
export class FormErrors {
  /** @type {Map<string, Field>} */
  fields = new Map();
  /** Error messages and classes added, to remove them again. @type {Array<() => void>} */
  #undo = [];

  /**
   * @param {HTMLElement} summary - The (hidden) error summary's element.
   * @param {string} prefix - The element's id prefix.
   * @param {(problems: FormProblem[]) => void} onShown - Told of every problem shown.
   */
  constructor(summary, prefix, onShown) {
    this.summary = summary;
    this.prefix = prefix;
    this.onShown = onShown;
  }

  /**
   * Whether the form has a field of this name.
   *
   * @param {string} name
   */
  has(name) {
    return this.fields.has(name);
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
    this.fields.set(field, { group, control, before: shown, describes: control });
    return group;
  }

  /** Removes every error message, class and the summary; entered values stay. */
  clear() {
    for (const undo of this.#undo) undo();
    this.#undo = [];
    this.summary.hidden = true;
    this.summary.replaceChildren();
  }

  /**
   * Shows problems: the error summary (focused) and a message in each field's group.
   *
   * @param {FormProblem[]} problems
   * @param {{focus?: boolean}} [options]
   */
  show(problems, { focus = true } = {}) {
    this.clear();
    // In the order of their fields on the page; problems of no field first.
    const position = (/** @type {FormProblem} */ problem) => (problem.field ? this.fields.get(problem.field)?.group : null) ?? null;
    const sorted = problems.map((problem, i) => ({ problem, i })).sort((a, b) => {
      const [x, y] = [position(a.problem), position(b.problem)];
      if (x === y) return a.i - b.i;
      if (!x || !y) return x ? 1 : -1;
      return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    }).map(({ problem }) => problem);
    /** @type {Map<string, FormProblem[]>} */
    const byField = new Map();
    for (const problem of sorted) {
      const key = problem.field && this.fields.has(problem.field) ? problem.field : '';
      byField.set(key, [...(byField.get(key) ?? []), problem]);
    }
    for (const [key, mine] of byField) {
      if (key) this.#mark(key, mine);
    }
    this.summary.replaceChildren(h('div', { role: 'alert' },
      h('h2', { class: 'govuk-error-summary__title' }, 'There is a problem'),
      h('div', { class: 'govuk-error-summary__body' },
        h('ul', { class: 'govuk-list govuk-error-summary__list' },
          sorted.map((problem) => h('li', {}, this.#link(problem)))))));
    this.summary.hidden = false;
    if (focus) this.summary.focus();
    this.onShown(sorted);
  }

  /**
   * Marks a field with its problems' messages.
   *
   * @param {string} key
   * @param {FormProblem[]} mine
   */
  #mark(key, mine) {
    const field = /** @type {Field} */ (this.fields.get(key));
    const messageId = `${field.control.id || `${this.prefix}-${key}`}-error`.replace(/[^\w-]/g, '-');
    const message = h('p', { class: 'govuk-error-message', id: messageId },
      mine.map((problem) => h('span', { class: 'dd-line' },
        h('span', { class: 'govuk-visually-hidden' }, 'Error: '), problem.message)));
    field.before.before(message);
    field.group.classList.add('govuk-form-group--error');
    const describedBy = field.describes.getAttribute('aria-describedby');
    field.describes.setAttribute('aria-describedby', [describedBy, messageId].filter(Boolean).join(' '));
    const marks = field.marks ?? [field.control];
    const classes = marks.map((control) => errorClass(control));
    marks.forEach((control, i) => classes[i] && control.classList.add(classes[i]));
    this.#undo.push(() => {
      message.remove();
      field.group.classList.remove('govuk-form-group--error');
      if (describedBy) field.describes.setAttribute('aria-describedby', describedBy);
      else field.describes.removeAttribute('aria-describedby');
      marks.forEach((control, i) => classes[i] && control.classList.remove(classes[i]));
    });
  }

  /**
   * A problem's line in the summary: a link to its field's control, or plain text.
   *
   * @param {FormProblem} problem
   * @returns {Node | string}
   */
  #link(problem) {
    const field = problem.field ? this.fields.get(problem.field) : null;
    if (!field) return problem.message;
    const target = field.control;
    const link = h('a', { href: `#${target.id}` }, problem.message);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      target.focus();
      const legend = target.closest('fieldset')?.querySelector('legend');
      const label = /** @type {HTMLInputElement} */ (target).labels?.[0];
      (legend ?? label ?? target).scrollIntoView({ block: 'start' });
    });
    return link;
  }
}
