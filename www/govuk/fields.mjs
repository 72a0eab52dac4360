/**
 * @file The field registry: which form field a problem points at. Each entry ties a field's
 * name (the core's argument name, e.g. `onsiteStart`, or the page's own) to its controls, its
 * form group and its label, so an error summary link can focus the control and the inline
 * message lands in the right group.
 */

import { fieldCandidates } from './problem.mjs';

/** `Node.DOCUMENT_POSITION_FOLLOWING`, named here so the registry also runs outside a browser. */
const FOLLOWING = 4;

/**
 * One form field as the error summary and inline errors need it.
 *
 * @typedef {object} Field
 * @property {HTMLElement} group - The `govuk-form-group`, marked `govuk-form-group--error`.
 * @property {HTMLElement} control - The control a summary link focuses; its `id` is the link's
 *   fragment.
 * @property {Node} before - The inline message goes just before this node.
 * @property {HTMLElement} describes - The element whose `aria-describedby` names the message.
 * @property {string} errorId - The inline message's id.
 * @property {string} [label] - The field's label as the page shows it.
 * @property {Record<string, HTMLElement>} [parts] - For a field of several inputs (a date's
 *   `day`, `month`, `year`), each by name: a problem's `parts` picks those to mark and focus.
 * @property {HTMLElement[]} [marks] - The controls to mark in error: by default the parts, or
 *   else the control; `[]` for checkboxes and radios, which GOV.UK does not mark.
 */

/** The fields of one form (or one element), by name. */
export class FieldRegistry {
  /** @type {Map<string, Field>} */
  #fields = new Map();
  /** @type {Map<string, string>} */
  #aliases = new Map();

  /**
   * Registers a field, replacing any of the same name.
   *
   * @param {string} name - The field's name, as problems give it.
   * @param {Field} field - Its elements.
   * @returns {Field} The field.
   */
  add(name, field) {
    this.#fields.set(name, field);
    return field;
  }

  /**
   * Makes problems about `name` (or inside it) point at another field, e.g. every problem of a
   * filter at the filter's column.
   *
   * @param {string} name - The field name problems give.
   * @param {string} target - The registered field to show them in.
   */
  alias(name, target) {
    this.#aliases.set(name, target);
  }

  /**
   * Removes the fields (and aliases) whose names pass a test, e.g. the rows of a list that is
   * built again.
   *
   * @param {(name: string) => boolean} test - Whether to remove a name.
   */
  removeWhere(test) {
    for (const name of [...this.#fields.keys()]) if (test(name)) this.#fields.delete(name);
    for (const name of [...this.#aliases.keys()]) if (test(name)) this.#aliases.delete(name);
  }

  /**
   * A registered field.
   *
   * @param {string} name - Its name.
   * @returns {Field | undefined} The field.
   */
  get(name) {
    return this.#fields.get(name);
  }

  /** @returns {Array<[string, Field]>} Every field with its name. */
  entries() {
    return [...this.#fields.entries()];
  }

  /**
   * The registered field a problem's field belongs to: the field itself, an alias of it, or the
   * nearest enclosing field (`closures[2]` → `closures`, `area.cpsConcerns` → `area`).
   *
   * @param {string | null} field - The problem's field.
   * @returns {string | null} The registered name, or null when no field shows it.
   */
  resolve(field) {
    if (field === null) return null;
    for (const candidate of fieldCandidates(field)) {
      if (this.#fields.has(candidate)) return candidate;
      const target = this.#aliases.get(candidate);
      if (target !== undefined && this.#fields.has(target)) return target;
    }
    return null;
  }

  /**
   * The name of the field a control belongs to, by the control's id (the id ↔ name half of the
   * registry, for links and tests).
   *
   * @param {string} id - A control's id.
   * @returns {string | null} The field's name.
   */
  nameOf(id) {
    for (const [name, field] of this.#fields) {
      if (field.control.id === id || Object.values(field.parts ?? {}).some((part) => part.id === id)) return name;
    }
    return null;
  }

  /**
   * The place of a field's group on the page (0 first), for putting problems in page order.
   *
   * @param {string | null} name - A registered field's name.
   * @returns {number | null} Its place, or null for a name not registered.
   */
  rank(name) {
    const field = name === null ? undefined : this.#fields.get(name);
    if (!field) return null;
    return this.entries().filter(([, other]) => other.group !== field.group
      && (other.group.compareDocumentPosition(field.group) & FOLLOWING)).length;
  }

  /**
   * The controls to mark in error for some problems of a field.
   *
   * @param {Field} field - The field.
   * @param {Array<{parts?: string[]}>} problems - Its problems; their `parts` pick the inputs.
   * @returns {HTMLElement[]} The controls, in the field's order.
   */
  static marked(field, problems) {
    if (field.marks) return field.marks;
    if (!field.parts) return [field.control];
    const named = problems.flatMap((problem) => problem.parts ?? []);
    return Object.entries(field.parts)
      .filter(([part]) => !named.length || named.includes(part))
      .map(([, control]) => control);
  }

  /**
   * The control a summary link for a problem focuses: the first input in error of a field of
   * several, or else the field's control.
   *
   * @param {Field} field - The field.
   * @param {{parts?: string[]}} problem - The problem.
   * @returns {HTMLElement} The control.
   */
  static target(field, problem) {
    if (!field.parts || !problem.parts?.length) return field.control;
    const first = Object.entries(field.parts).find(([part]) => problem.parts?.includes(part));
    return first ? first[1] : field.control;
  }
}
