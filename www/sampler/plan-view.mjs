/**
 * @file The sampler's second and third steps: the plan's form (ID column, filters, strata,
 * allocation, size, reserves), the allocation check's place, and the seed and the draw.
 */

import { h } from '../dom.mjs';
import { guessIdColumn } from './columns.mjs';
import { FilterRows } from './filter-rows.mjs';
import { TrackedRows } from './tracked-rows.mjs';
import { CommitmentStep } from './commitment-view.mjs';
import { ALLOCATIONS } from './plan.mjs';

/** @typedef {import('./plan.mjs').PlanForm} PlanForm */

/** Fields that belong to the file, not the plan: kept when the plan's form is rebuilt. */
const FILE_FIELDS = ['file', 'sheet', 'delimiter', 'hasHeader', 'checkList', 'receipt'];

/** Steps 2 and 3: the plan and the draw. */
export class PlanView {
  /** @type {FilterRows | null} */
  #filters = null;
  /** @type {TrackedRows | null} */
  #tracked = null;
  /** The commitment part of the draw step, once built. @type {CommitmentStep | null} */
  commitment = null;
  // any: the form's controls by name, each its own element type.
  /** @type {Record<string, any>} */
  #controls = {};

  /**
   * @param {import('./dd-sampler.mjs').SamplerContext} ctx
   * @param {object} handlers
   * @param {() => void} handlers.onCheck - “Check the allocation”.
   * @param {() => void} handlers.onDraw - “Draw the sample”.
   * @param {() => void} handlers.onSeed - “Generate a seed”.
   * @param {() => void} handlers.onCommit - “Write a commitment”.
   * @param {(allocation: boolean) => void} handlers.onChanged - The plan changed; `allocation`
   *   says whether the change can change the allocation.
   */
  constructor(ctx, { onCheck, onDraw, onSeed, onCommit, onChanged }) {
    this.ctx = ctx;
    this.handlers = { onCheck, onDraw, onSeed, onCommit, onChanged };
    this.element = h('div', { class: 'dd-sampler__plan govuk-!-display-none-print', hidden: true });
    /** Where the allocation check shows its result. */
    this.allocationArea = h('div', { class: 'dd-sampler__allocation' });
    /** The buttons the progress bar follows. */
    this.checkGroup = h('div');
    this.drawGroup = h('div');
    /** @type {HTMLInputElement} */
    this.seed = /** @type {HTMLInputElement} */ (h('input'));
  }

  /** Whether the form has been built for a table. */
  get built() {
    return this.#filters !== null;
  }

  /** Empties the form (a new file). */
  clear() {
    this.element.hidden = true;
    this.element.replaceChildren();
    this.allocationArea.replaceChildren();
    this.#filters = null;
    this.#controls = {};
  }

  /**
   * What the form holds, every value as typed.
   *
   * @returns {PlanForm}
   */
  values() {
    const c = this.#controls;
    return {
      idColumn: c.idColumn?.value ?? '',
      strata: this.#chosenStrata(),
      allocation: Object.entries(c.allocation ?? {}).find(([, input]) => input.checked)?.[0] ?? 'proportional',
      size: c.size?.value ?? '',
      reserves: c.reserves?.value ?? '',
      minPerStratum: c.minPerStratum?.value ?? '',
      seed: c.seed?.value ?? '',
      referenceDate: c.referenceDate?.value ?? '',
      filters: this.#filters?.values() ?? [],
      tracked: this.#tracked?.values() ?? [],
    };
  }

  /** The ticked stratification columns, in the table's order. */
  #chosenStrata() {
    const boxes = /** @type {HTMLElement | undefined} */ (this.#controls.strataBoxes);
    if (!boxes) return [];
    return [...boxes.querySelectorAll('input:checked')].map((box) => /** @type {HTMLInputElement} */ (box).value);
  }

  /**
   * Builds the plan's form for the table's columns, keeping what was chosen before where the
   * columns are the same.
   *
   * @param {string[]} columns
   * @param {PlanForm | null} old - What the form held for the earlier preview, if any.
   */
  build(columns, old) {
    const { ctx } = this;
    const p = ctx.prefix;
    const { registry } = ctx.errors;
    registry.removeWhere((name) => !FILE_FIELDS.includes(name));
    const c = /** @type {Record<string, any>} */ ({}); // any: the controls by name, each its own element type
    this.#controls = c;

    // The ID column.
    const id = /** @type {HTMLSelectElement} */ (h('select', { class: 'govuk-select', id: `${p}-id`, name: 'idColumn' },
      columns.map((col) => h('option', { value: col }, col))));
    id.value = old && columns.includes(old.idColumn) ? old.idColumn : guessIdColumn(columns);
    c.idColumn = id;

    // Filters.
    this.commitment = new CommitmentStep(ctx, { onWrite: () => this.handlers.onCommit() });
    const tracked = new TrackedRows(ctx);
    this.#tracked = tracked;
    const filterRows = new FilterRows(ctx, {
      columns,
      idColumn: () => id.value,
      onChange: () => {
        this.#updateReference();
        this.handlers.onChanged(true);
      },
      after: () => addFilter,
    });
    this.#filters = filterRows;
    const addFilter = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-4' }, 'Add a filter');
    addFilter.addEventListener('click', () => {
      const row = filterRows.add({});
      this.#updateReference();
      row.column.focus();
      this.handlers.onChanged(true);
    });
    const reference = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-input govuk-input--width-10', id: `${p}-reference`, name: 'referenceDate', type: 'text', spellcheck: 'false', autocomplete: 'off',
    }));
    c.referenceDate = reference;
    c.referenceGroup = ctx.errors.group({
      field: 'referenceDate', control: reference, label: 'Work out ages on', labelClass: 'govuk-label--s',
      hint: 'Ages are in whole years on this date, for example the day the area was told of the inspection: 23/09/2015.',
    });
    const filters = h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': `${p}-filters-hint` },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, 'Which cases can be sampled? (optional)'),
      h('div', { class: 'govuk-hint', id: `${p}-filters-hint` },
        'Leave out cases outside the inspection’s scope, for example children aged 16 or over, or referrals before a date. ',
        'Without filters every case can be sampled.'),
      filterRows.element, addFilter, c.referenceGroup);

    // Strata.
    const strataBoxes = h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' });
    c.strataBoxes = strataBoxes;
    const strataFieldset = h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': `${p}-strata-hint` },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, 'Stratify by (optional)'),
      h('div', { class: 'govuk-hint', id: `${p}-strata-hint` },
        'The sample is drawn separately from each group of cases with the same values in these columns (a stratum), ',
        'for example each gender. Tick none for a simple random sample.'),
      strataBoxes);
    const strataGroup = h('div', { class: 'govuk-form-group' }, strataFieldset);
    ctx.errors.add('strata', { group: strataGroup, control: strataBoxes, before: strataBoxes, describes: strataFieldset, marks: [] });
    const fillStrata = () => {
      const chosen = new Set(this.#chosenStrata());
      strataBoxes.replaceChildren(...columns.filter((col) => col !== id.value).map((col, i) => {
        const box = h('input', { class: 'govuk-checkboxes__input', id: `${p}-stratum-${i}`, name: 'strata', type: 'checkbox', value: col, checked: chosen.has(col) || Boolean(old?.strata.includes(col) && !strataBoxes.childElementCount) });
        return h('div', { class: 'govuk-checkboxes__item' }, box, h('label', { class: 'govuk-label govuk-checkboxes__label', for: box.id }, col));
      }));
      const field = /** @type {import('./fields.mjs').Field} */ (registry.get('strata'));
      field.control = /** @type {HTMLElement} */ (strataBoxes.querySelector('input')) ?? strataBoxes;
    };
    id.addEventListener('change', fillStrata);

    // Size, allocation, minimum and reserves.
    const number = (/** @type {string} */ name, /** @type {string} */ label, /** @type {string} */ hint, /** @type {string} */ suffix) => {
      const input = /** @type {HTMLInputElement} */ (h('input', {
        class: 'govuk-input govuk-input--width-4', id: `${p}-${name}`, name, type: 'text', inputmode: 'numeric', spellcheck: 'false', autocomplete: 'off',
      }));
      c[name] = input;
      const wrap = h('div', { class: 'govuk-input__wrapper' }, input, h('div', { class: 'govuk-input__suffix', 'aria-hidden': 'true' }, suffix));
      return ctx.errors.group({ field: name, control: input, label, labelClass: 'govuk-label--m', hint, wrap });
    };
    const sizeGroup = number('size', 'How many cases to select in all', 'For example, 12.', 'cases');
    const minInput = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-input govuk-input--width-3', id: `${p}-minPerStratum`, name: 'minPerStratum', type: 'text', inputmode: 'numeric', spellcheck: 'false', autocomplete: 'off',
    }));
    c.minPerStratum = minInput;
    const minGroup = ctx.errors.group({ field: 'minPerStratum', control: minInput, label: 'Minimum from each stratum', hint: 'For example, 2.' });
    // GOV.UK Frontend hides conditional content with a class only once its own JavaScript has
    // run; this element uses `hidden` instead.
    const conditional = h('div', { class: 'govuk-radios__conditional', id: `${p}-minimum-conditional`, hidden: true }, minGroup);
    const allocationRadios = h('div', { class: 'govuk-radios' });
    /** @type {Record<string, HTMLInputElement>} */
    const allocation = {};
    for (const [value, label, hint] of ALLOCATIONS) {
      const input = /** @type {HTMLInputElement} */ (h('input', {
        class: 'govuk-radios__input', id: `${p}-allocation-${value}`, name: `${p}-allocation`, type: 'radio', value,
        'aria-describedby': `${p}-allocation-${value}-hint`, 'aria-controls': value === 'minimum' ? conditional.id : null,
      }));
      allocation[value] = input;
      input.addEventListener('change', () => {
        conditional.hidden = !allocation.minimum.checked;
      });
      allocationRadios.append(h('div', { class: 'govuk-radios__item' }, input,
        h('label', { class: 'govuk-label govuk-radios__label', for: input.id }, label),
        h('div', { class: 'govuk-hint govuk-radios__hint', id: `${p}-allocation-${value}-hint` }, hint)));
      if (value === 'minimum') allocationRadios.append(conditional);
    }
    allocation[old?.allocation ?? 'proportional'].checked = true;
    conditional.hidden = !allocation.minimum.checked;
    c.allocation = allocation;
    const allocationFieldset = h('fieldset', { class: 'govuk-fieldset' },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, 'How to share the sample between strata'),
      allocationRadios);
    const allocationGroup = h('div', { class: 'govuk-form-group' }, allocationFieldset);
    ctx.errors.add('allocation', { group: allocationGroup, control: allocation.proportional, before: allocationRadios, describes: allocationFieldset, marks: [] });
    const reservesGroup = number('reserves', 'Reserves in each stratum', 'Substitutes, in order, for selected cases that turn out to be unsuitable. Leave blank for none.', 'cases');

    const check = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary' }, 'Check the allocation');
    check.addEventListener('click', () => this.handlers.onCheck());
    this.checkGroup = h('div', { class: 'govuk-button-group' }, check);
    this.allocationArea = h('div', { class: 'dd-sampler__allocation' });

    // The seed and the draw.
    const seed = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-input govuk-input--width-20', id: `${p}-seed`, name: 'seed', type: 'text', spellcheck: 'false', autocomplete: 'off',
    }));
    c.seed = seed;
    this.seed = seed;
    const generate = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0' }, 'Generate a seed');
    generate.addEventListener('click', () => this.handlers.onSeed());
    const seedGroup = ctx.errors.group({
      field: 'seed', control: seed, label: 'Seed', labelClass: 'govuk-label--m',
      hint: ['Type a seed, for example the numbers of dice rolled by two people (6 1 4 4 2 3), or generate one. ',
        'The seed decides which cases are drawn: the same list, plan and seed always give the same sample, ',
        'and the receipt records it. Keep the first sample a seed gives: do not change the seed to get another.'],
      wrap: h('div', { class: 'dd-sampler__seed' }, seed, ' ', generate),
    });
    const draw = h('button', { type: 'submit', class: 'govuk-button' }, 'Draw the sample');
    this.drawGroup = h('div', { class: 'govuk-button-group' }, draw);

    const form = h('form', { class: 'dd-sampler__form', novalidate: true, 'aria-label': 'Plan and draw the sample' },
      h('section', { class: 'dd-sampler__step', 'aria-labelledby': `${p}-plan-heading` },
        ctx.heading(0, '2. Plan the sample', { id: `${p}-plan-heading` }),
        ctx.errors.group({ field: 'idColumn', control: id, label: 'Which column holds each child’s unique ID?', labelClass: 'govuk-label--m',
          hint: 'Rows with a blank ID are left out. Rows with the same ID are one child: if they disagree about a column the plan uses, they are all left out.' }),
        h('div', { class: 'govuk-form-group' }, filters),
        tracked.element,
        strataGroup,
        allocationGroup,
        sizeGroup,
        reservesGroup,
        this.checkGroup,
        this.allocationArea),
      h('section', { class: 'dd-sampler__step', 'aria-labelledby': `${p}-draw-heading` },
        ctx.heading(0, '3. Draw the sample', { id: `${p}-draw-heading` }),
        this.commitment.element,
        seedGroup,
        this.drawGroup));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.handlers.onDraw();
    });
    // Any change to the plan makes the allocation shown out of date (the seed does not change
    // the allocation), and a drawn sample no longer matches the form.
    const changed = (/** @type {Event} */ event) => this.handlers.onChanged(event.target !== seed);
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);

    this.element.replaceChildren(form);
    for (const t of old?.tracked ?? []) tracked.add(t);
    fillStrata();
    if (old) {
      for (const filter of old.filters) {
        if (filter.column === '' || columns.includes(filter.column)) filterRows.add(filter);
      }
      reference.value = old.referenceDate;
      c.size.value = old.size;
      c.reserves.value = old.reserves;
      minInput.value = old.minPerStratum;
      seed.value = old.seed;
    }
    this.#updateReference();
    this.element.hidden = false;
  }

  /** Shows the reference date only when an age filter needs it. */
  #updateReference() {
    const group = /** @type {HTMLElement | undefined} */ (this.#controls.referenceGroup);
    if (group) group.hidden = !this.#filters?.usesAges;
  }
}
