/**
 * @file The plan's filters: a list of filter rows (a column, an operation and the inputs the
 * operation needs), added and removed by the user, each registered as form fields.
 */

import { h } from '../dom.mjs';
import { OPERATIONS } from './plan.mjs';

/** Each filter input's label and hint. */
const LABELS = /** @type {Record<string, [string, string | undefined]>} */ ({
  value: ['Value', 'Cases whose cell is exactly this (ignoring spaces at either end).'],
  values: ['Values', 'One a line. Cases whose cell is exactly one of these.'],
  from: ['From', 'The earliest date, for example 01/04/2015. Leave blank for no earliest date.'],
  to: ['To', 'The latest date, for example 31/03/2016. Leave blank for no latest date.'],
  min: ['Youngest age', 'In whole years. Leave blank for no youngest age.'],
  max: ['Oldest age', 'In whole years, for example 15 for children under 16. Leave blank for no oldest age.'],
});

/**
 * One filter row of the form.
 *
 * @typedef {object} FilterRow
 * @property {HTMLElement} root - Its fieldset.
 * @property {HTMLElement} legend
 * @property {HTMLSelectElement} column
 * @property {HTMLSelectElement} op
 * @property {Record<string, HTMLInputElement | HTMLTextAreaElement>} inputs - value, values,
 *   from, to, min, max.
 * @property {Record<string, HTMLElement>} groups - The form group of each input.
 * @property {HTMLElement} remove - Its remove button.
 */

/** The filter rows of the plan's form. */
export class FilterRows {
  /** @type {FilterRow[]} */
  rows = [];
  /** Ids stay unique as filters come and go. */
  #serial = 0;

  /**
   * @param {import('./dd-sampler.mjs').SamplerContext} ctx
   * @param {object} options
   * @param {string[]} options.columns - The table's columns.
   * @param {() => string} options.idColumn - The chosen ID column (new filters start on
   *   another).
   * @param {() => void} options.onChange - A filter was added, removed or its operation
   *   changed.
   * @param {() => HTMLElement} options.after - What takes the focus when the last filter is
   *   removed.
   */
  constructor(ctx, { columns, idColumn, onChange, after }) {
    this.ctx = ctx;
    this.columns = columns;
    this.idColumn = idColumn;
    this.onChange = onChange;
    this.after = after;
    this.element = h('div', { class: 'dd-sampler__filters' });
  }

  /** Whether any filter is an age filter (which needs the reference date). */
  get usesAges() {
    return this.rows.some((f) => f.op.value === 'age-between');
  }

  /** Each filter's values as typed: `{column, op, value, values, from, to, min, max}`. */
  values() {
    return this.rows.map((f) => ({
      column: f.column.value,
      op: f.op.value,
      ...Object.fromEntries(Object.entries(f.inputs).map(([k, input]) => [k, input.value])),
    }));
  }

  /**
   * Adds a filter row.
   *
   * @param {Record<string, string>} values - Its column, op and inputs' values.
   * @returns {FilterRow}
   */
  add(values) {
    const n = this.rows.length;
    this.#serial += 1;
    const base = `${this.ctx.prefix}-filter-${this.#serial}`;
    const { columns } = this;
    const column = /** @type {HTMLSelectElement} */ (h('select', { class: 'govuk-select', id: `${base}-column`, name: 'filter-column' },
      columns.map((c) => h('option', { value: c }, c))));
    // A new filter starts on the first column that is not the ID.
    column.value = values.column || (columns.find((c) => c !== this.idColumn()) ?? columns[0] ?? '');
    const op = /** @type {HTMLSelectElement} */ (h('select', { class: 'govuk-select', id: `${base}-op`, name: 'filter-op' },
      OPERATIONS.map(([value, text]) => h('option', { value }, text))));
    op.value = values.op ?? 'equals';
    const text = (/** @type {string} */ name, /** @type {string} */ width) => /** @type {HTMLInputElement} */ (h('input', {
      class: `govuk-input ${width}`, id: `${base}-${name}`, name: `filter-${name}`, type: 'text', spellcheck: 'false', autocomplete: 'off',
    }));
    /** @type {Record<string, HTMLInputElement | HTMLTextAreaElement>} */
    const inputs = {
      value: text('value', 'govuk-input--width-20'),
      values: /** @type {HTMLTextAreaElement} */ (h('textarea', { class: 'govuk-textarea', id: `${base}-values`, name: 'filter-values', rows: '3', spellcheck: 'false' })),
      from: text('from', 'govuk-input--width-10'),
      to: text('to', 'govuk-input--width-10'),
      min: text('min', 'govuk-input--width-3'),
      max: text('max', 'govuk-input--width-3'),
    };
    for (const [key, input] of Object.entries(inputs)) input.value = values[key] ?? '';
    const legend = h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, `Filter ${n + 1}`);
    const remove = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-top-4 govuk-!-margin-bottom-0' }, `Remove filter ${n + 1}`);
    /** @type {Record<string, HTMLElement>} */
    const groups = {};
    const root = h('fieldset', { class: 'govuk-fieldset dd-sampler__filter' }, legend);
    /** @type {FilterRow} */
    const row = { root, legend, column, op, inputs, groups, remove };
    groups.column = h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: column.id }, 'Column'), column);
    groups.op = h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: op.id }, 'Keep cases whose cell'), op);
    root.append(groups.column, groups.op);
    for (const [key, input] of Object.entries(inputs)) {
      const [label, hint] = LABELS[key];
      const hintId = `${input.id}-hint`;
      if (hint) input.setAttribute('aria-describedby', hintId);
      groups[key] = h('div', { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label', for: input.id }, label),
        hint ? h('div', { class: 'govuk-hint', id: hintId }, hint) : null,
        input);
      root.append(groups[key]);
    }
    root.append(remove);
    const show = () => {
      const needs = /** @type {readonly string[]} */ (OPERATIONS.find(([value]) => value === op.value)?.[2] ?? []);
      for (const [key, group] of Object.entries(groups)) {
        if (key !== 'column' && key !== 'op') group.hidden = !needs.includes(key);
      }
    };
    op.addEventListener('change', () => {
      show();
      this.onChange();
    });
    remove.addEventListener('click', () => this.#remove(row));
    this.rows.push(row);
    this.element.append(root);
    show();
    this.#renumber();
    return row;
  }

  /**
   * Removes a filter row and moves the focus to the next one (or past the list).
   *
   * @param {FilterRow} row
   */
  #remove(row) {
    const index = this.rows.indexOf(row);
    if (index < 0) return;
    this.rows.splice(index, 1);
    row.root.remove();
    this.#renumber();
    this.onChange();
    const next = this.rows[index] ?? this.rows[index - 1];
    (next ? next.column : this.after()).focus();
  }

  /** Numbers the filters 1, 2, … and registers their fields for errors. */
  #renumber() {
    const { errors } = this.ctx;
    errors.registry.removeWhere((name) => name.startsWith('filters['));
    this.rows.forEach((row, i) => {
      row.legend.textContent = `Filter ${i + 1}`;
      row.remove.textContent = `Remove filter ${i + 1}`;
      errors.add(`filters[${i}].column`, { group: row.groups.column, control: row.column, before: row.column, describes: row.column });
      errors.add(`filters[${i}].op`, { group: row.groups.op, control: row.op, before: row.op, describes: row.op });
      for (const [key, input] of Object.entries(row.inputs)) {
        errors.add(`filters[${i}].${key}`, { group: row.groups[key], control: input, before: input, describes: input });
      }
      // Any other problem of the filter is shown at its column.
      errors.registry.alias(`filters[${i}]`, `filters[${i}].column`);
    });
  }
}
