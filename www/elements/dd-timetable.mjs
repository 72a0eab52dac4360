/**
 * @file `<dd-timetable>`: works out an inspection's notice timetable with a GOV.UK form.
 *
 * Usage, on any page (add `styles/app.css` if the page lacks GOV.UK Frontend's styles):
 *
 * ```html
 * <script type="module" src="/elements/dd-timetable.mjs"></script>
 * <dd-timetable framework="jtai-2015"></dd-timetable>
 * ```
 *
 * Attributes (all optional):
 * - `framework`: the id of the framework to preselect, e.g. `jtai-2015`.
 * - `onsite-start`: a `YYYY-MM-DD` date to prefill as the first on-site day.
 * - `heading-level`: the level (2–5, default 2) of the result's heading; its sections use the
 *   next level down.
 *
 * Events (both bubble and are composed):
 * - `dd-timetable`: a timetable was worked out; `detail` is `{input, result}`, where `input`
 *   is the object passed to `timetable()` and `result` what it returned.
 * - `dd-timetable-error`: the form was rejected; `detail` is `{problems}`, each
 *   `{field, code, message}` as shown to the user.
 *
 * The element uses the light DOM, so the host page's GOV.UK styles apply. It never throws into
 * the host page: bad input is shown as a GOV.UK error summary and inline messages, and a failure
 * of the WebAssembly package is shown in place.
 */

import { loadDeepDive, isDeepDiveError } from '../wasm.mjs';
import {
  h, capitalise, dateParts, describeFailure, formatDate, formatRange, sourceKey, sourceTag,
  statusTag, summaryList, warningText, weekdayName,
} from '../dom.mjs';

/** How many timetable elements this page has made, to give each its own ids. */
let instanceCount = 0;

/** The area facts the form asks about: the API's key and the checkbox's label. */
const AREA_FACTS = [
  ['prisonMotherAndBabyUnit', 'A prison with a mother and baby unit'],
  ['immigrationRemovalCentre', 'An immigration removal centre that holds children or families'],
  ['youngOffenderInstitution', 'A young offender institution'],
  ['cpsConcerns', 'Concerns about the Crown Prosecution Service’s involvement'],
];

/** What the first on-site day is called in messages. */
const ONSITE = 'The first on-site day';

/** The date input's parts, in order. */
const DATE_PARTS = /** @type {const} */ (['day', 'month', 'year']);

/**
 * One problem as the form shows it.
 *
 * @typedef {object} FormProblem
 * @property {string | null} group - The form group it belongs to (`framework`, `onsiteStart`,
 *   `area`, `closures`, `noticeWorkingDays`, `letterDueWorkingDays`), or null for none.
 * @property {string} message - The message shown in the summary and inline.
 * @property {string | null} field - The API's field name, if any.
 * @property {string} code - A stable code: the API's, or one of the form's own (`required`,
 *   `incomplete-date`, `bad-date`, `bad-number`).
 * @property {Array<'day' | 'month' | 'year'>} [parts] - For the date: the parts in error.
 */

/**
 * A form field group: its wrapper, the controls to mark in error and where the message goes.
 *
 * @typedef {object} Group
 * @property {HTMLElement} wrapper - The `govuk-form-group`.
 * @property {HTMLElement} before - The message is inserted before this node.
 * @property {HTMLElement} describes - The element whose `aria-describedby` names the message.
 * @property {string} errorId - The message's id.
 * @property {() => HTMLElement} target - The control an error summary link focuses.
 */

/**
 * Works out an inspection's timetable from a framework, the first on-site day and the area.
 *
 * @fires DeepDiveTimetable#dd-timetable
 * @fires DeepDiveTimetable#dd-timetable-error
 */
export class DeepDiveTimetable extends HTMLElement {
  static get observedAttributes() {
    return ['framework'];
  }

  /** @type {import('../wasm.mjs').DeepDiveApi | null} */
  #api = null;
  #started = false;
  /** @type {string} */
  #prefix = '';
  /** @type {Record<string, any>} */
  #controls = {};
  /** @type {Record<string, Group>} */
  #groups = {};
  /** @type {HTMLElement | null} */
  #errorSummary = null;
  /** @type {HTMLElement | null} */
  #resultArea = null;
  /** @type {HTMLElement | null} */
  #frameworkChoice = null;
  /** @type {Array<{id: string, title: string, shortTitle: string, status: string, statusText: string, summary: string}>} */
  #frameworks = [];
  /** Hints that depend on the chosen framework. @type {Record<string, HTMLElement>} */
  #hints = {};

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    instanceCount += 1;
    this.#prefix = this.id ? `${this.id}-dd` : `dd-timetable-${instanceCount}`;
    this.#start();
  }

  /**
   * @param {string} name
   * @param {string | null} _old
   * @param {string | null} value
   */
  attributeChangedCallback(name, _old, value) {
    if (name === 'framework' && this.#controls.framework && value) {
      if (this.#frameworks.some((f) => f.id === value)) {
        this.#controls.framework.value = value;
        this.#showFrameworkChoice();
      }
    }
  }

  /** Loads the API, then builds the form; a failure is shown in place. */
  async #start() {
    this.replaceChildren(h('p', { class: 'govuk-body', role: 'status' }, 'Loading the timetable calculator…'));
    try {
      this.#api = await loadDeepDive();
      this.#frameworks = this.#api.frameworks();
      this.#build();
    } catch (error) {
      this.#showFailure(error);
    }
  }

  /**
   * Replaces the element's content with a message about a failure that is not the user's.
   *
   * @param {unknown} error
   */
  #showFailure(error) {
    const summary = h('div', { class: 'govuk-error-summary', tabindex: '-1' },
      h('div', { role: 'alert' },
        h('h2', { class: 'govuk-error-summary__title' }, 'The timetable calculator is not working'),
        h('div', { class: 'govuk-error-summary__body' },
          h('p', { class: 'govuk-body' }, describeFailure(error)),
          h('p', { class: 'govuk-body' }, 'Try reloading the page.'))));
    this.replaceChildren(summary);
  }

  /** Builds the error summary, the form and the (empty) result area. */
  #build() {
    const p = this.#prefix;
    this.#errorSummary = h('div', { class: 'govuk-error-summary', tabindex: '-1', hidden: true });

    const form = h('form', { class: 'dd-timetable__form', novalidate: true, 'aria-label': 'Work out an inspection timetable' },
      this.#buildFrameworkSelect(`${p}-framework`),
      this.#buildDateInput(`${p}-onsite`),
      this.#buildAreaCheckboxes(`${p}-area`),
      this.#buildClosures(`${p}-closures`),
      this.#buildOverrides(p),
      h('button', { type: 'submit', class: 'govuk-button' }, 'Work out the timetable'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });

    this.#resultArea = h('div', { class: 'dd-timetable__result' });
    this.replaceChildren(this.#errorSummary, form, this.#resultArea);
    this.#showFrameworkChoice();
  }

  /** @param {string} id */
  #buildFrameworkSelect(id) {
    const wanted = this.getAttribute('framework');
    const preselected = this.#frameworks.find((f) => f.id === wanted)
      ?? this.#frameworks.find((f) => f.status === 'in-force')
      ?? this.#frameworks[0];
    const select = h('select', { class: 'govuk-select', id, name: 'framework', 'aria-describedby': `${id}-choice` },
      this.#frameworks.map((f) => h('option', { value: f.id }, f.shortTitle || f.title)));
    if (preselected) select.value = preselected.id;
    select.addEventListener('change', () => this.#showFrameworkChoice());
    this.#controls.framework = select;

    this.#frameworkChoice = h('div', { class: 'govuk-inset-text dd-framework-choice', id: `${id}-choice`, 'aria-live': 'polite' });
    const label = h('label', { class: 'govuk-label govuk-label--m', for: id }, 'Inspection framework');
    const wrapper = h('div', { class: 'govuk-form-group' }, label);
    const notFound = wanted && !this.#frameworks.some((f) => f.id === wanted)
      ? h('p', { class: 'govuk-body' }, `There is no framework called “${wanted}”, so the first one in force is chosen.`)
      : null;
    wrapper.append(...[notFound, select, this.#frameworkChoice].filter((n) => n !== null));
    this.#groups.framework = { wrapper, before: select, describes: select, errorId: `${id}-error`, target: () => select };
    return wrapper;
  }

  /** Shows the chosen framework's status and summary below the select. */
  #showFrameworkChoice() {
    const chosen = this.#frameworks.find((f) => f.id === this.#controls.framework?.value);
    if (!this.#frameworkChoice) return;
    if (!chosen) {
      this.#frameworkChoice.replaceChildren();
      return;
    }
    this.#frameworkChoice.replaceChildren(
      h('p', { class: 'govuk-body govuk-!-margin-bottom-2' },
        statusTag(chosen.status), ' ', chosen.statusText),
      h('p', { class: 'govuk-body govuk-!-margin-bottom-0' }, chosen.summary));
    this.#showFrameworkHints(chosen.id);
  }

  /**
   * Says in the hints what the chosen framework's defaults are.
   *
   * @param {string} id - The framework's id.
   */
  #showFrameworkHints(id) {
    /** @type {any} */
    let record = null;
    try {
      record = /** @type {any} */ (this.#api).framework(id);
    } catch {
      // The hints fall back to words without the framework's numbers.
    }
    const weekday = record?.notice?.onsiteWeekday;
    this.#hints.onsite?.replaceChildren(
      `The day inspectors start fieldwork on site${weekday ? `: for this framework, a ${weekday}` : ''}. For example, 5 10 2015`);
    const notice = record?.notice;
    const noticeDefault = !notice ? 'the framework’s'
      : notice.kind === 'unannounced' && !notice.workingDays ? 'the framework’s (unannounced: none)'
        : `the framework’s, ${notice.workingDays} working day${notice.workingDays === 1 ? '' : 's'}`;
    this.#hints.noticeWorkingDays?.replaceChildren(
      `Working days from the notification day to the first on-site day. Leave blank to use ${noticeDefault}.`);
    const letter = record?.reporting?.dueWorkingDays?.value ?? 20;
    const product = record?.reporting?.product === 'report' ? 'report' : 'letter';
    this.#hints.letterDueWorkingDays?.replaceChildren(
      `Working days from the last on-site day to the ${product}. Leave blank for the default of ${letter} working days. `
      + 'This default is our assumption: the frameworks set no deadline.');
  }

  /** @param {string} id */
  #buildDateInput(id) {
    const hintId = `${id}-hint`;
    const prefill = dateParts(this.getAttribute('onsite-start'));
    /** @type {Record<string, HTMLInputElement>} */
    const inputs = {};
    const widths = { day: 2, month: 2, year: 4 };
    const items = DATE_PARTS.map((part) => {
      const input = /** @type {HTMLInputElement} */ (h('input', {
        class: `govuk-input govuk-date-input__input govuk-input--width-${widths[part]}`,
        id: `${id}-${part}`, name: `onsiteStart-${part}`, type: 'text', inputmode: 'numeric',
        autocomplete: 'off', spellcheck: 'false',
      }));
      if (prefill) input.value = String(prefill[part]);
      inputs[part] = input;
      return h('div', { class: 'govuk-date-input__item' },
        h('div', { class: 'govuk-form-group' },
          h('label', { class: 'govuk-label govuk-date-input__label', for: input.id }, capitalise(part)),
          input));
    });
    this.#controls.date = inputs;
    const dateInput = h('div', { class: 'govuk-date-input', id }, items);
    const fieldset = h('fieldset', { class: 'govuk-fieldset', role: 'group', 'aria-describedby': hintId },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, 'First on-site day'),
      this.#hints.onsite = h('div', { class: 'govuk-hint', id: hintId }),
      dateInput);
    const wrapper = h('div', { class: 'govuk-form-group' }, fieldset);
    this.#groups.onsiteStart = {
      wrapper, before: dateInput, describes: fieldset, errorId: `${id}-error`,
      target: () => DATE_PARTS.map((part) => inputs[part]).find((input) => input.classList.contains('govuk-input--error')) ?? inputs.day,
    };
    return wrapper;
  }

  /** @param {string} id */
  #buildAreaCheckboxes(id) {
    const hintId = `${id}-hint`;
    /** @type {Record<string, HTMLInputElement>} */
    const boxes = {};
    const items = AREA_FACTS.map(([key, text]) => {
      const input = /** @type {HTMLInputElement} */ (h('input', {
        class: 'govuk-checkboxes__input', id: `${id}-${key}`, name: 'area', type: 'checkbox', value: key,
      }));
      boxes[key] = input;
      return h('div', { class: 'govuk-checkboxes__item' },
        input, h('label', { class: 'govuk-label govuk-checkboxes__label', for: input.id }, text));
    });
    this.#controls.area = boxes;
    const checkboxes = h('div', { class: 'govuk-checkboxes' }, items);
    const fieldset = h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': hintId },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, 'What the area has'),
      h('div', { class: 'govuk-hint', id: hintId },
        'Select all that apply. Some inspectorates join only where the area has one of these.'),
      checkboxes);
    const wrapper = h('div', { class: 'govuk-form-group' }, fieldset);
    this.#groups.area = {
      wrapper, before: checkboxes, describes: fieldset, errorId: `${id}-error`,
      target: () => boxes[AREA_FACTS[0][0]],
    };
    return wrapper;
  }

  /** @param {string} id */
  #buildClosures(id) {
    const hintId = `${id}-hint`;
    const textarea = h('textarea', {
      class: 'govuk-textarea', id, name: 'closures', rows: '4', spellcheck: 'false', 'aria-describedby': hintId,
    });
    this.#controls.closures = textarea;
    const wrapper = h('div', { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label govuk-label--m', for: id }, 'Closure days (optional)'),
      h('div', { class: 'govuk-hint', id: hintId },
        'Days the local authority or agencies are closed, or new one-off bank holidays, which are not working days. ',
        'Bank holidays in England are already included. Enter one date a line, for example 2015-12-24 or 24/12/2015.'),
      textarea);
    this.#groups.closures = { wrapper, before: textarea, describes: textarea, errorId: `${id}-error`, target: () => textarea };
    return wrapper;
  }

  /** @param {string} p */
  #buildOverrides(p) {
    const number = (/** @type {string} */ key, /** @type {string} */ label, /** @type {string} */ hint) => {
      const id = `${p}-${key}`;
      const input = h('input', {
        class: 'govuk-input govuk-input--width-3', id, name: key, type: 'text', inputmode: 'numeric',
        spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id}-hint`,
      });
      this.#controls[key] = input;
      const wrapperInput = h('div', { class: 'govuk-input__wrapper' },
        input, h('div', { class: 'govuk-input__suffix', 'aria-hidden': 'true' }, 'working days'));
      const wrapper = h('div', { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label govuk-label--s', for: id }, label),
        this.#hints[key] = h('div', { class: 'govuk-hint', id: `${id}-hint` }, hint),
        wrapperInput);
      this.#groups[key] = { wrapper, before: wrapperInput, describes: input, errorId: `${id}-error`, target: () => input };
      return wrapper;
    };
    return h('fieldset', { class: 'govuk-fieldset' },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, 'Notice and letter (optional)'),
      number('noticeWorkingDays', 'Notice, in working days', ''),
      number('letterDueWorkingDays', 'Letter due, in working days after fieldwork', ''));
  }

  /**
   * Reads the form into the API's input, collecting the problems the form can find itself.
   *
   * @returns {{input: Record<string, any>, problems: FormProblem[], closureLines: number[], closureText: string[]}}
   */
  #read() {
    /** @type {FormProblem[]} */
    const problems = [];
    /** @type {Record<string, any>} */
    const input = { framework: this.#controls.framework.value };

    const date = readDate(this.#controls.date);
    if ('problem' in date) problems.push(date.problem);
    else input.onsiteStart = date.iso;

    /** @type {Record<string, boolean>} */
    const area = {};
    for (const [key] of AREA_FACTS) area[key] = this.#controls.area[key].checked;
    input.area = area;

    const closures = readClosures(this.#controls.closures.value);
    problems.push(...closures.problems);
    if (closures.dates.length) input.closures = closures.dates;

    for (const [key, name] of [['noticeWorkingDays', 'The notice'], ['letterDueWorkingDays', 'The letter due']]) {
      const raw = this.#controls[key].value.trim();
      if (raw === '') continue;
      if (/^\d{1,3}$/.test(raw)) input[key] = Number(raw);
      else {
        problems.push({
          group: key, field: key, code: 'bad-number',
          message: `${name} must be a whole number of working days, like 8`,
        });
      }
    }
    return { input, problems, closureLines: closures.lines, closureText: closures.text };
  }

  /** Validates the form, asks the API for a timetable and shows it or the problems. */
  #submit() {
    try {
      const { input, problems, closureLines, closureText } = this.#read();
      if (problems.length) {
        this.#showProblems(problems);
        return;
      }
      let result;
      try {
        result = /** @type {any} */ (this.#api).timetable(input);
      } catch (error) {
        if (!isDeepDiveError(error)) throw error;
        const api = /** @type {any} */ (error);
        this.#showProblems(api.problems.map((/** @type {any} */ problem) =>
          this.#fromApi(problem, input, closureLines, closureText)));
        return;
      }
      this.#clearProblems();
      this.#showResult(result);
      this.dispatchEvent(new CustomEvent('dd-timetable', { bubbles: true, composed: true, detail: { input, result } }));
    } catch (error) {
      this.#showProblems([{ group: null, field: null, code: 'failure', message: describeFailure(error) }]);
    }
  }

  /**
   * Turns one of the API's problems into the form's words and field.
   *
   * @param {{code: string, field: string | null, message: string}} problem
   * @param {Record<string, any>} input
   * @param {number[]} closureLines - The textarea line of each entry of `input.closures`.
   * @param {string[]} closureText - What the user typed for each entry.
   * @returns {FormProblem}
   */
  #fromApi(problem, input, closureLines, closureText) {
    const { code, field } = problem;
    const base = { code, field };
    const fallback = capitalise(problem.message || code);
    if (field === 'onsiteStart') {
      const iso = input.onsiteStart;
      const day = formatDate(iso);
      const parts = /** @type {Array<'day'|'month'|'year'>} */ (['day', 'month', 'year']);
      const weekday = /^not-a-(\w+)$/.exec(code);
      if (weekday) {
        return { ...base, group: 'onsiteStart', parts, message: `${ONSITE} must be a ${capitalise(weekday[1])} (${day} is a ${weekdayName(iso)})` };
      }
      if (code === 'onsite-on-weekend') {
        return { ...base, group: 'onsiteStart', parts, message: `${ONSITE} must be a weekday (${day} is a ${weekdayName(iso)})` };
      }
      if (code === 'onsite-on-holiday') {
        return { ...base, group: 'onsiteStart', parts, message: `${ONSITE} must be a working day (${day} is ${this.#holidayName(iso, input.closures)})` };
      }
      if (code === 'year-out-of-range') {
        return { ...base, group: 'onsiteStart', parts: ['year'], message: `${ONSITE} must be in a year from 1995 to 2100` };
      }
      if (code === 'bad-date') {
        return { ...base, group: 'onsiteStart', parts, message: `${ONSITE} must be a real date` };
      }
      return { ...base, group: 'onsiteStart', parts, message: fallback };
    }
    const closure = /^closures\[(\d+)\]$/.exec(field ?? '');
    if (closure || field === 'closures') {
      const index = closure ? Number(closure[1]) : -1;
      const where = index >= 0 ? `Closure day on line ${closureLines[index]} (${closureText[index]})` : 'A closure day';
      if (code === 'bad-date') return { ...base, group: 'closures', message: `${where} must be a real date` };
      if (code === 'year-out-of-range') return { ...base, group: 'closures', message: `${where} must be in a year from 1995 to 2100` };
      return { ...base, group: 'closures', message: index >= 0 ? `${where}: ${problem.message}` : fallback };
    }
    if (field === 'area' || field?.startsWith('area.')) return { ...base, group: 'area', message: fallback };
    if (field === 'framework') {
      return { ...base, group: 'framework', message: code === 'unknown-framework' ? 'Select an inspection framework' : fallback };
    }
    if (field === 'noticeWorkingDays' || field === 'letterDueWorkingDays') return { ...base, group: field, message: fallback };
    return { ...base, group: null, message: fallback };
  }

  /**
   * Names why a day is not a working day: a bank holiday's name or "one of your closure days".
   *
   * @param {string} iso
   * @param {string[] | undefined} closures
   * @returns {string}
   */
  #holidayName(iso, closures) {
    try {
      const year = Number(iso.slice(0, 4));
      const holiday = /** @type {any} */ (this.#api).bankHolidays(year, year).find((/** @type {any} */ b) => b.date === iso);
      if (holiday) return holiday.name;
    } catch {
      // Fall through to the closures.
    }
    return closures?.includes(iso) ? 'one of your closure days' : 'not a working day';
  }

  /** Removes every error message, class and the summary; entered values stay. */
  #clearProblems() {
    for (const group of Object.values(this.#groups)) {
      group.wrapper.classList.remove('govuk-form-group--error');
      this.querySelector(`#${CSS.escape(group.errorId)}`)?.remove();
      const describedBy = (group.describes.getAttribute('aria-describedby') ?? '').split(/\s+/)
        .filter((id) => id && id !== group.errorId);
      if (describedBy.length) group.describes.setAttribute('aria-describedby', describedBy.join(' '));
      else group.describes.removeAttribute('aria-describedby');
    }
    for (const control of this.querySelectorAll('.govuk-input--error, .govuk-select--error, .govuk-textarea--error')) {
      control.classList.remove('govuk-input--error', 'govuk-select--error', 'govuk-textarea--error');
    }
    if (this.#errorSummary) {
      this.#errorSummary.hidden = true;
      this.#errorSummary.replaceChildren();
    }
  }

  /**
   * Shows problems: the error summary (focused), inline messages and error classes. The result
   * of an earlier submission is removed, as it no longer matches the form.
   *
   * @param {FormProblem[]} problems
   */
  #showProblems(problems) {
    this.#clearProblems();
    this.#resultArea?.replaceChildren();
    // One message per field, except the closures, where each bad line has its own; for a
    // field with several, a date that is not real or outside the calendar comes first.
    const rank = (/** @type {FormProblem} */ problem) => (['bad-date', 'year-out-of-range'].includes(problem.code) ? 0 : 1);
    /** @type {FormProblem[]} */
    const shown = [];
    for (const problem of problems) {
      const same = problem.group === null || problem.group === 'closures' ? -1 : shown.findIndex((other) => other.group === problem.group);
      if (same < 0) shown.push(problem);
      else if (rank(problem) < rank(shown[same])) shown[same] = problem;
    }

    for (const [key, group] of Object.entries(this.#groups)) {
      const mine = shown.filter((problem) => problem.group === key);
      if (!mine.length) continue;
      group.wrapper.classList.add('govuk-form-group--error');
      const message = h('p', { class: 'govuk-error-message', id: group.errorId },
        mine.map((problem) => h('span', { class: 'dd-line' },
          h('span', { class: 'govuk-visually-hidden' }, 'Error: '), problem.message)));
      group.before.before(message);
      const describedBy = (group.describes.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      group.describes.setAttribute('aria-describedby', [...describedBy, group.errorId].join(' '));
      this.#markControls(key, mine[0]);
    }

    const summary = /** @type {HTMLElement} */ (this.#errorSummary);
    summary.replaceChildren(h('div', { role: 'alert' },
      h('h2', { class: 'govuk-error-summary__title' }, 'There is a problem'),
      h('div', { class: 'govuk-error-summary__body' },
        h('ul', { class: 'govuk-list govuk-error-summary__list' },
          shown.map((problem) => {
            const group = problem.group ? this.#groups[problem.group] : null;
            if (!group) return h('li', {}, problem.message);
            const target = group.target();
            const link = h('a', { href: `#${target.id}` }, problem.message);
            link.addEventListener('click', (event) => {
              event.preventDefault();
              target.focus();
              // Show the question as well as the control, like GOV.UK Frontend does.
              (target.closest('fieldset')?.querySelector('legend') ?? target.labels?.[0] ?? target)
                .scrollIntoView({ block: 'start' });
            });
            return h('li', {}, link);
          })))));
    summary.hidden = false;
    summary.focus();
    this.dispatchEvent(new CustomEvent('dd-timetable-error', {
      bubbles: true, composed: true,
      detail: { problems: shown.map(({ field, code, message }) => ({ field, code, message })) },
    }));
  }

  /**
   * Adds the GOV.UK error class to the controls of a group.
   *
   * @param {string} key
   * @param {FormProblem} problem
   */
  #markControls(key, problem) {
    if (key === 'onsiteStart') {
      for (const part of problem.parts ?? DATE_PARTS) this.#controls.date[part].classList.add('govuk-input--error');
    } else if (key === 'framework') {
      this.#controls.framework.classList.add('govuk-select--error');
    } else if (key === 'closures') {
      this.#controls.closures.classList.add('govuk-textarea--error');
    } else if (key === 'noticeWorkingDays' || key === 'letterDueWorkingDays') {
      this.#controls[key].classList.add('govuk-input--error');
    }
  }

  /** The heading level of the result (2–5). */
  get #level() {
    const level = Number(this.getAttribute('heading-level'));
    return Number.isInteger(level) && level >= 2 && level <= 5 ? level : 2;
  }

  /**
   * Shows a timetable below the form, and moves focus to its heading.
   *
   * @param {any} result - What `timetable()` returned.
   */
  #showResult(result) {
    const level = this.#level;
    const heading = h(`h${level}`, { class: 'govuk-heading-l dd-result__heading', tabindex: '-1', id: `${this.#prefix}-result` },
      `Timetable: ${result.framework.shortTitle || result.framework.title}`);
    const section = (/** @type {string} */ title, /** @type {any[]} */ ...content) =>
      [h(`h${level + 1}`, { class: 'govuk-heading-m' }, title), ...content];

    const result_ = h('section', { class: 'dd-result', 'aria-labelledby': heading.id },
      heading,
      h('p', { class: 'govuk-body' }, result.framework.title, ' ', statusTag(result.framework.status)),
      (result.warnings ?? []).map((/** @type {any} */ w) => warningText(w.message)),
      summaryList(this.#summaryRows(result), { className: 'dd-result__summary' }),
      section('Timeline', this.#timeline(result)),
      section('Agencies', ...this.#agencies(result)),
      section('Judgements', ...this.#judgements(result.judgements)),
      section('Deep-dive themes', ...this.#themes(result.themes)),
      section('Assumptions', this.#assumptions(result.assumptions), sourceKey()));
    /** @type {HTMLElement} */ (this.#resultArea).replaceChildren(result_);
    heading.focus();
  }

  /**
   * @param {any} r
   * @returns {Array<[string, any]>}
   */
  #summaryRows(r) {
    const n = (/** @type {number} */ count, /** @type {string} */ what) => `${count} ${what}${count === 1 ? '' : 's'}`;
    const line = (/** @type {any[]} */ ...content) => h('span', { class: 'dd-line' }, ...content);
    return [
      ['Notification', r.notification
        ? [line(formatDate(r.notification.date, { weekday: true })),
          line(`${n(r.notification.workingDaysBefore, 'working day')} before the first on-site day${r.unannounced ? ' (unannounced)' : ''}.`)]
        : (r.unannounced ? 'None: the inspection is unannounced' : 'None')],
      ['Notice period', r.noticePeriod
        ? `${formatRange(r.noticePeriod.from, r.noticePeriod.to)} (${n(r.noticePeriod.workingDays, 'working day')})`
        : 'None'],
      ['Joint audit', r.jointAudit
        ? [line(`${formatRange(r.jointAudit.from, r.jointAudit.to)} (${n(r.jointAudit.workingDays, 'working day')})`),
          r.jointAudit.description ? line(r.jointAudit.description) : null]
        : 'None'],
      ['On site', `${formatRange(r.onsiteStart, r.onsiteEnd)} (${n(r.onsiteDays.length, 'working day')})`],
      [r.letter.product === 'report' ? 'Report due' : 'Letter due',
        [line(formatDate(r.letter.due, { weekday: true }), sourceTag(r.letter.source)),
          line(`${n(r.letter.workingDaysAfterOnsite, 'working day')} after fieldwork ends. This is our assumption: the frameworks set no deadline.`),
          r.letter.recipients?.length ? line(`To ${joinWords(r.letter.recipients)}.`) : null]],
    ];
  }

  /**
   * The timeline: an ordered list of events from the notification to the letter due.
   *
   * @param {any} r
   * @returns {HTMLElement}
   */
  #timeline(r) {
    /** @type {Array<{date: string, end?: string, order: number, kind: string, title: string, text?: string}>} */
    const events = [];
    if (r.notification) {
      events.push({ date: r.notification.date, order: 0, kind: 'key', title: 'Notification', text: r.notification.description });
    }
    if (r.jointAudit) {
      events.push({
        date: r.jointAudit.from, end: r.jointAudit.to, order: 1, kind: 'phase', title: 'Joint audit',
        text: `${r.jointAudit.workingDays} working day${r.jointAudit.workingDays === 1 ? '' : 's'}. ${r.jointAudit.description ?? ''}`.trim(),
      });
    }
    const phases = r.phases ?? [];
    for (const phase of phases) {
      events.push({
        date: phase.start, end: phase.end, order: 1, kind: phase.onsite ? 'onsite' : 'phase',
        title: phase.name, text: `${phase.workingDays} working day${phase.workingDays === 1 ? '' : 's'}${phase.onsite ? ' on site' : ''}`,
      });
    }
    if (!phases.some((/** @type {any} */ phase) => phase.onsite)) {
      events.push({ date: r.onsiteStart, end: r.onsiteEnd, order: 1, kind: 'onsite', title: 'On site', text: `${r.onsiteDays.length} working days` });
    }
    for (const off of r.daysOff ?? []) {
      events.push({ date: off.date, order: 2, kind: 'day-off', title: capitalise(off.reason), text: 'Not a working day: the timetable skips it.' });
    }
    events.push({
      date: r.letter.due, order: 3, kind: 'key', title: r.letter.product === 'report' ? 'Report due' : 'Letter due',
      text: `Our assumption: ${r.letter.workingDaysAfterOnsite} working days after fieldwork ends.`,
    });
    events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));

    return h('ol', { class: 'dd-timeline' },
      events.map((event) => h('li', { class: `dd-timeline__item dd-timeline__item--${event.kind}`, 'data-kind': event.kind },
        h('span', { class: 'dd-timeline__date' },
          h('time', { datetime: event.date }, formatDate(event.date, { weekday: true })),
          event.end && event.end !== event.date
            ? [' to ', h('time', { datetime: event.end }, formatDate(event.end, { weekday: true }))]
            : null),
        h('span', { class: 'dd-timeline__title' }, event.title),
        event.text ? h('span', { class: 'dd-timeline__text' }, event.text) : null)));
  }

  /**
   * @param {any} r
   * @returns {HTMLElement[]}
   */
  #agencies(r) {
    const head = (/** @type {string[]} */ ...names) => h('thead', { class: 'govuk-table__head' },
      h('tr', { class: 'govuk-table__row' }, names.map((name) => h('th', { scope: 'col', class: 'govuk-table__header' }, name))));
    const out = [h('table', { class: 'govuk-table dd-agencies' },
      h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, 'Agencies taking part'),
      head('Agency', 'Role', 'Why it takes part'),
      h('tbody', { class: 'govuk-table__body' },
        r.agencies.map((/** @type {any} */ a) => h('tr', { class: 'govuk-table__row' },
          h('th', { scope: 'row', class: 'govuk-table__header' }, a.name),
          h('td', { class: 'govuk-table__cell' }, a.role),
          h('td', { class: 'govuk-table__cell' }, a.reason, a.source ? sourceTag(a.source) : null)))))];
    if (r.notTakingPart?.length) {
      out.push(h('table', { class: 'govuk-table dd-not-taking-part' },
        h('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, 'Not taking part in this inspection'),
        head('Agency', 'Would take part'),
        h('tbody', { class: 'govuk-table__body' },
          r.notTakingPart.map((/** @type {any} */ a) => h('tr', { class: 'govuk-table__row' },
            h('th', { scope: 'row', class: 'govuk-table__header' }, a.name),
            h('td', { class: 'govuk-table__cell' }, capitalise(a.condition)))))));
    }
    return out;
  }

  /**
   * @param {any} j
   * @returns {HTMLElement[]}
   */
  #judgements(j) {
    const out = [];
    if (j.kind === 'graded') {
      out.push(h('p', { class: 'govuk-body' },
        j.scale?.length ? `Graded on a ${j.scale.length}-point scale: ${j.scale.join(', ')}.` : 'Graded.'));
    }
    if (j.description) out.push(h('p', { class: 'govuk-body' }, j.description));
    else if (j.kind !== 'graded') out.push(h('p', { class: 'govuk-body' }, 'No grades: the findings are given in words.'));
    if (j.items?.length) {
      out.push(h('ol', { class: 'govuk-list govuk-list--number dd-judgements' },
        j.items.map((/** @type {any} */ item) => h('li', {}, capitalise(item.name),
          item.subJudgements?.length
            ? h('ul', { class: 'govuk-list govuk-list--bullet dd-sublist' },
              item.subJudgements.map((/** @type {string} */ s) => h('li', {}, capitalise(s))))
            : null))));
    }
    return out;
  }

  /**
   * @param {any} t
   * @returns {HTMLElement[]}
   */
  #themes(t) {
    if (!t) return [h('p', { class: 'govuk-body' }, 'This framework has no deep-dive themes.')];
    const when = t.to ? `Themes from ${formatRange(t.from, t.to)}` : `Themes from ${formatDate(t.from)}`;
    return [
      h('p', { class: 'govuk-body' }, `${when}${t.indicative ? ' (examples: the inspectorates choose each inspection’s theme)' : ''}:`),
      h('ul', { class: 'govuk-list govuk-list--bullet dd-themes' },
        t.items.map((/** @type {any} */ item) => h('li', {}, capitalise(item.name), item.source ? sourceTag(item.source) : null))),
    ];
  }

  /**
   * @param {Array<{text: string, source: string}>} assumptions
   * @returns {HTMLElement}
   */
  #assumptions(assumptions) {
    return h('ul', { class: 'govuk-list govuk-list--bullet dd-assumptions' },
      (assumptions ?? []).map((a) => h('li', {}, capitalise(a.text), sourceTag(a.source))));
  }
}

/**
 * Reads the GOV.UK date input, with GOV.UK's messages for empty, partial and impossible dates.
 *
 * @param {Record<string, HTMLInputElement>} inputs - The day, month and year inputs.
 * @returns {{iso: string} | {problem: FormProblem}} The date, or what is wrong with it.
 */
function readDate(inputs) {
  const values = Object.fromEntries(DATE_PARTS.map((part) => [part, inputs[part].value.trim()]));
  const problem = (/** @type {string} */ code, /** @type {string} */ message, /** @type {Array<'day'|'month'|'year'>} */ parts) =>
    ({ problem: { group: 'onsiteStart', field: 'onsiteStart', code, message, parts } });
  const missing = DATE_PARTS.filter((part) => values[part] === '');
  if (missing.length === 3) return problem('required', `Enter the first on-site day`, [...DATE_PARTS]);
  if (missing.length) return problem('incomplete-date', `${ONSITE} must include a ${joinWords(missing)}`, missing);
  const notNumbers = DATE_PARTS.filter((part) => !/^\d+$/.test(values[part]));
  if (notNumbers.length) return problem('bad-date', `${ONSITE} must be a real date`, notNumbers);
  if (values.year.length !== 4) return problem('bad-date', 'Year must include 4 numbers', ['year']);
  const [day, month, year] = DATE_PARTS.map((part) => Number(values[part]));
  const badParts = /** @type {Array<'day'|'month'|'year'>} */ ([]);
  if (month < 1 || month > 12) badParts.push('month');
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (day < 1 || day > 31 || (!badParts.length && !dateParts(iso))) badParts.unshift('day');
  if (badParts.length) return problem('bad-date', `${ONSITE} must be a real date`, badParts);
  return { iso };
}

/**
 * Reads the closures textarea: one date a line, `YYYY-MM-DD` or `dd/mm/yyyy`; blank lines are
 * skipped. Whether each date is real is left to the API, whose problems name the entry.
 *
 * @param {string} text - The textarea's value.
 * @returns {{dates: string[], lines: number[], text: string[], problems: FormProblem[]}} The
 *   dates as `YYYY-MM-DD`, the line number and text of each, and the lines in a wrong format.
 */
function readClosures(text) {
  /** @type {string[]} */
  const dates = [];
  /** @type {number[]} */
  const lines = [];
  /** @type {string[]} */
  const typed = [];
  /** @type {FormProblem[]} */
  const problems = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(line);
    const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(line);
    const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : [];
    if (!year) {
      problems.push({
        group: 'closures', field: 'closures', code: 'bad-date',
        message: `Closure day on line ${index + 1} (${line}) must be a date like 2015-12-24 or 24/12/2015`,
      });
      return;
    }
    dates.push(`${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`);
    lines.push(index + 1);
    typed.push(line);
  });
  return { dates, lines, text: typed, problems };
}

/**
 * Joins words the English way: `a`, `a and b`, `a, b and c`.
 *
 * @param {string[]} words
 * @returns {string}
 */
function joinWords(words) {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

if (!customElements.get('dd-timetable')) {
  customElements.define('dd-timetable', DeepDiveTimetable);
}
