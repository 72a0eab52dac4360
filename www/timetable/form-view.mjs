/**
 * @file The timetable's form: the framework select with the chosen framework's summary, the
 * first on-site day, the area's facts, closure days and the two optional overrides. It builds
 * the controls, registers each as a field for the error summary, reads them as text, and says
 * the chosen framework's defaults in the hints. It checks nothing.
 */

import { h, statusTag } from '../dom.mjs';
import { dateInput } from '../govuk/date-input.mjs';
import { FieldRegistry } from '../govuk/fields.mjs';
import { AREA_FACTS } from './form-reading.mjs';

/** @typedef {import('./form-reading.mjs').TypedForm} TypedForm */

/**
 * A framework as `frameworks()` lists it.
 *
 * @typedef {{id: string, title: string, shortTitle: string, status: string, statusText: string, summary: string}} FrameworkBrief
 */

/**
 * The whole framework record's parts the hints read (see `framework()`).
 *
 * @typedef {{notice?: {kind: string, workingDays: number, onsiteWeekday?: string},
 *   reporting?: {product: string, dueWorkingDays?: {value: number}}}} FrameworkRecord
 */

/** The timetable form, its fields, and what it was given. */
export class TimetableForm {
  /** The `form` element. */
  form;
  /** Its fields, for the error summary. */
  registry = new FieldRegistry();
  /** @type {FrameworkBrief[]} */
  #frameworks;
  /** @type {(id: string) => FrameworkRecord | null} */
  #recordOf;
  /** @type {HTMLSelectElement} */
  #framework;
  /** @type {HTMLElement} */
  #frameworkChoice;
  /** @type {Record<'day' | 'month' | 'year', HTMLInputElement>} */
  #date;
  /** @type {HTMLElement} */
  #dateHint;
  /** @type {Record<string, HTMLInputElement>} */
  #area = {};
  /** @type {HTMLTextAreaElement} */
  #closures;
  /** @type {Record<string, HTMLInputElement>} */
  #overrides = {};
  /** @type {Record<string, HTMLElement>} */
  #overrideHints = {};

  /**
   * Builds the form.
   *
   * @param {object} options
   * @param {string} options.prefix - The start of every id, unique on the page.
   * @param {FrameworkBrief[]} options.frameworks - The frameworks to offer.
   * @param {string | null} options.wanted - The framework to preselect (the `framework` attribute).
   * @param {(id: string) => FrameworkRecord | null} options.recordOf - A framework's whole
   *   record, for the hints.
   * @param {() => void} options.onSubmit - Called when the form is submitted.
   */
  constructor({ prefix, frameworks, wanted, recordOf, onSubmit }) {
    this.#frameworks = frameworks;
    this.#recordOf = recordOf;

    const frameworkId = `${prefix}-framework`;
    this.#framework = /** @type {HTMLSelectElement} */ (h('select', {
      class: 'govuk-select', id: frameworkId, name: 'framework', 'aria-describedby': `${frameworkId}-choice`,
    }, frameworks.map((framework) => h('option', { value: framework.id }, framework.shortTitle || framework.title))));
    this.#framework.addEventListener('change', () => this.#showFrameworkChoice());
    this.#frameworkChoice = h('div', { class: 'govuk-inset-text dd-framework-choice', id: `${frameworkId}-choice`, 'aria-live': 'polite' });
    const notFound = wanted && !frameworks.some((framework) => framework.id === wanted)
      ? h('p', { class: 'govuk-body' }, `There is no framework called “${wanted}”, so the first one in force is chosen.`)
      : null;
    const frameworkGroup = h('div', { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label govuk-label--m', for: frameworkId }, 'Inspection framework'),
      notFound, this.#framework, this.#frameworkChoice);
    this.registry.add('framework', {
      group: frameworkGroup, control: this.#framework, before: this.#framework, describes: this.#framework,
      errorId: `${frameworkId}-error`, label: 'Inspection framework',
    });

    const date = dateInput({ id: `${prefix}-onsite`, name: 'onsiteStart', legend: 'First on-site day' });
    this.#date = date.inputs;
    this.#dateHint = date.hint;
    this.registry.add('onsiteStart', date.field);

    this.form = h('form', { class: 'dd-timetable__form dd-print-hide', novalidate: true, 'aria-label': 'Work out an inspection timetable' },
      frameworkGroup,
      date.group,
      this.#areaGroup(`${prefix}-area`),
      this.#closuresGroup(`${prefix}-closures`),
      h('fieldset', { class: 'govuk-fieldset' },
        h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, 'Notice and letter (optional)'),
        this.#numberGroup(prefix, 'noticeWorkingDays', 'Notice, in working days'),
        this.#numberGroup(prefix, 'letterDueWorkingDays', 'Letter due, in working days after fieldwork')),
      h('button', { type: 'submit', class: 'govuk-button' }, 'Work out the timetable'));
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      onSubmit();
    });
    this.chooseFramework(wanted);
  }

  /**
   * Selects a framework (the attribute's), or the first in force when there is none of that id.
   *
   * @param {string | null} id - The framework's id.
   */
  chooseFramework(id) {
    const chosen = this.#frameworks.find((framework) => framework.id === id)
      ?? this.#frameworks.find((framework) => framework.status === 'in-force')
      ?? this.#frameworks[0];
    if (chosen) this.#framework.value = chosen.id;
    this.#showFrameworkChoice();
  }

  /**
   * Fills the first on-site day (the `onsite-start` attribute), leaving the other fields alone.
   *
   * @param {{day: number, month: number, year: number} | null} date - The date, or null to
   *   leave the boxes as they are.
   */
  setOnsiteStart(date) {
    if (!date) return;
    this.#date.day.value = String(date.day);
    this.#date.month.value = String(date.month);
    this.#date.year.value = String(date.year);
  }

  /** @returns {TypedForm} What the controls hold, as text. */
  typed() {
    return {
      framework: this.#framework.value,
      onsiteStart: { day: this.#date.day.value, month: this.#date.month.value, year: this.#date.year.value },
      area: Object.fromEntries(Object.entries(this.#area).map(([key, box]) => [key, box.checked])),
      closures: this.#closures.value,
      noticeWorkingDays: this.#overrides.noticeWorkingDays.value,
      letterDueWorkingDays: this.#overrides.letterDueWorkingDays.value,
    };
  }

  /** Shows the chosen framework's status and summary below the select, and its defaults in the hints. */
  #showFrameworkChoice() {
    const chosen = this.#frameworks.find((framework) => framework.id === this.#framework.value);
    if (!chosen) {
      this.#frameworkChoice.replaceChildren();
      return;
    }
    this.#frameworkChoice.replaceChildren(
      h('p', { class: 'govuk-body govuk-!-margin-bottom-2' }, statusTag(chosen.status), ' ', chosen.statusText),
      h('p', { class: 'govuk-body govuk-!-margin-bottom-0' }, chosen.summary));
    const record = this.#recordOf(chosen.id);
    const notice = record?.notice;
    const weekday = notice?.onsiteWeekday;
    this.#dateHint.replaceChildren(
      `The day inspectors start fieldwork on site${weekday ? `: for this framework, a ${weekday}` : ''}. For example, 5 10 2015`);
    const noticeDefault = !notice ? 'the framework’s'
      : notice.kind === 'unannounced' && !notice.workingDays ? 'the framework’s (unannounced: none)'
        : `the framework’s, ${notice.workingDays} working day${notice.workingDays === 1 ? '' : 's'}`;
    this.#overrideHints.noticeWorkingDays.replaceChildren(
      'How many working days after the notification day the inspectors arrive (the notification day is not counted). '
      + `Leave blank to use ${noticeDefault}.`);
    const letter = record?.reporting?.dueWorkingDays?.value ?? 20;
    const product = record?.reporting?.product === 'report' ? 'report' : 'letter';
    this.#overrideHints.letterDueWorkingDays.replaceChildren(
      `Working days from the last on-site day to the ${product}. Leave blank for the default of ${letter} working days. `
      + 'This default is our assumption: the frameworks set no deadline.');
  }

  /** @param {string} id */
  #areaGroup(id) {
    const hintId = `${id}-hint`;
    const items = AREA_FACTS.map(([key, text]) => {
      const input = /** @type {HTMLInputElement} */ (h('input', {
        class: 'govuk-checkboxes__input', id: `${id}-${key}`, name: 'area', type: 'checkbox', value: key,
      }));
      this.#area[key] = input;
      return h('div', { class: 'govuk-checkboxes__item' },
        input, h('label', { class: 'govuk-label govuk-checkboxes__label', for: input.id }, text));
    });
    const checkboxes = h('div', { class: 'govuk-checkboxes' }, items);
    const fieldset = h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': hintId },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, 'What the area has'),
      h('div', { class: 'govuk-hint', id: hintId },
        'Select all that apply. Some inspectorates join only where the area has one of these.'),
      checkboxes);
    const group = h('div', { class: 'govuk-form-group' }, fieldset);
    this.registry.add('area', {
      group, control: this.#area[AREA_FACTS[0][0]], before: checkboxes, describes: fieldset,
      errorId: `${id}-error`, label: 'What the area has', marks: [],
    });
    return group;
  }

  /** @param {string} id */
  #closuresGroup(id) {
    const hintId = `${id}-hint`;
    this.#closures = /** @type {HTMLTextAreaElement} */ (h('textarea', {
      class: 'govuk-textarea', id, name: 'closures', rows: '4', spellcheck: 'false', 'aria-describedby': hintId,
    }));
    const group = h('div', { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label govuk-label--m', for: id }, 'Closure days (optional)'),
      h('div', { class: 'govuk-hint', id: hintId },
        'Days the local authority or agencies are closed, or new one-off bank holidays, which are not working days. ',
        'Bank holidays in England are already included. Enter one date a line, for example 2015-12-24 or 24/12/2015.'),
      this.#closures);
    this.registry.add('closures', {
      group, control: this.#closures, before: this.#closures, describes: this.#closures,
      errorId: `${id}-error`, label: 'Closure days',
    });
    return group;
  }

  /**
   * @param {string} prefix
   * @param {'noticeWorkingDays' | 'letterDueWorkingDays'} key
   * @param {string} label
   */
  #numberGroup(prefix, key, label) {
    const id = `${prefix}-${key}`;
    const input = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-input govuk-input--width-3', id, name: key, type: 'text', inputmode: 'numeric',
      spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id}-hint`,
    }));
    this.#overrides[key] = input;
    const wrapper = h('div', { class: 'govuk-input__wrapper' },
      input, h('div', { class: 'govuk-input__suffix', 'aria-hidden': 'true' }, 'working days'));
    this.#overrideHints[key] = h('div', { class: 'govuk-hint', id: `${id}-hint` });
    const group = h('div', { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label govuk-label--s', for: id }, label),
      this.#overrideHints[key], wrapper);
    this.registry.add(key, { group, control: input, before: wrapper, describes: input, errorId: `${id}-error`, label });
    return group;
  }
}
