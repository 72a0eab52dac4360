/**
 * @file `<dd-timetable>`: works out an inspection's notice timetable with a GOV.UK form.
 *
 * Usage, on any page (with the bundle's `deepdive.css` on top of GOV.UK Frontend's styles, or `deepdive-full.css` if the page lacks them):
 *
 * ```html
 * <script type="module" src="/timetable/dd-timetable.mjs"></script>
 * <dd-timetable framework="jtai-2015"></dd-timetable>
 * ```
 *
 * Attributes (all optional, all observed: a change takes effect at once):
 * - `framework`: the id of the framework to preselect, e.g. `jtai-2015`.
 * - `onsite-start`: a `YYYY-MM-DD` date to fill in as the first on-site day.
 * - `heading-level`: the level (2–5, default 2) of the result's heading; its sections use the
 *   next level down.
 *
 * Events (both bubble and are composed):
 * - `dd-timetable`: a timetable was worked out; `detail` is `{input, result}`, where `input`
 *   is the object passed to `timetable()` and `result` what it returned.
 * - `dd-timetable-error`: the form was rejected; `detail` is `{problems}`, each
 *   `{field, code, message}` as shown to the user: the form's and the core's, all at once.
 *
 * The element uses the light DOM, so the host page's GOV.UK styles apply. It never throws into
 * the host page: bad input is shown as a GOV.UK error summary and inline messages, and a failure
 * of the WebAssembly package is shown in place. This module is the element's life: attributes,
 * loading, and which view shows; the form, its reading, the result and its calendar file live
 * beside it.
 */

import { loadDeepDive, isDeepDiveError } from '../wasm.mjs';
import { h, dateParts, describeFailure } from '../dom.mjs';
import { clearProblems, emptyErrorSummary, showProblems } from '../govuk/error-summary.mjs';
import { mergeProblems, onePerField } from '../govuk/problem.mjs';
import { readTimetableForm, withoutBadClosures } from './form-reading.mjs';
import { TimetableForm } from './form-view.mjs';
import { problemRank, wordCoreProblem } from './problem-words.mjs';
import { resultView } from './result-view.mjs';
import { calendarDownload } from './calendar-file.mjs';
import { defineElement } from '../define.mjs';

/** @typedef {import('../govuk/problem.mjs').Problem} Problem */
/** @typedef {import('./form-reading.mjs').ClosureLines} ClosureLines */
/** @typedef {import('./form-reading.mjs').TimetableInput} TimetableInput */
/** @typedef {import('../pkg/deepdive.js').TimetableOptions} TimetableOptions */
/** @typedef {import('../pkg/deepdive.js').Timetable} Timetable */

/** How many timetable elements this page has made, to give each its own ids. */
let instanceCount = 0;

/**
 * Works out an inspection's timetable from a framework, the first on-site day and the area.
 *
 * @fires DeepDiveTimetable#dd-timetable
 * @fires DeepDiveTimetable#dd-timetable-error
 */
export class DeepDiveTimetable extends HTMLElement {
  static get observedAttributes() {
    return ['framework', 'onsite-start', 'heading-level'];
  }

  /** @type {import('../wasm.mjs').DeepDiveApi | null} */
  #api = null;
  #started = false;
  #prefix = '';
  /** @type {TimetableForm | null} */
  #form = null;
  #errorSummary = emptyErrorSummary({ className: 'dd-print-hide' });
  #resultArea = h('div', { class: 'dd-timetable__result' });
  /**
   * The timetable shown and the options it was worked out from, to draw it again when the
   * heading level changes and to make its calendar file from the same options.
   *
   * @type {{input: TimetableInput, result: Timetable} | null}
   */
  #shown = null;

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    instanceCount += 1;
    this.#prefix = this.id ? `${this.id}-dd` : `dd-timetable-${instanceCount}`;
    this.#start();
  }

  /**
   * Applies a changed attribute to the form or the result, keeping what the user typed in the
   * other fields.
   *
   * @param {string} name
   * @param {string | null} old
   * @param {string | null} value
   */
  attributeChangedCallback(name, old, value) {
    if (!this.#form || old === value) return;
    if (name === 'framework') this.#form.chooseFramework(value);
    else if (name === 'onsite-start') this.#form.setOnsiteStart(dateParts(value));
    else if (name === 'heading-level' && this.#shown) this.#showResult(this.#shown, { focus: false });
  }

  /** Loads the API, then builds the form; a failure is shown in place. */
  async #start() {
    this.replaceChildren(h('p', { class: 'govuk-body', role: 'status' }, 'Loading the timetable calculator…'));
    try {
      const api = await loadDeepDive();
      this.#api = api;
      this.#form = new TimetableForm({
        prefix: this.#prefix,
        frameworks: api.frameworks(),
        wanted: this.getAttribute('framework'),
        recordOf: (id) => {
          try {
            return api.framework(id);
          } catch {
            // The hints fall back to words without the framework's numbers.
            return null;
          }
        },
        onSubmit: () => this.#submit(),
      });
      this.#form.setOnsiteStart(dateParts(this.getAttribute('onsite-start')));
      this.replaceChildren(this.#errorSummary, this.#form.form, this.#resultArea);
    } catch (error) {
      this.replaceChildren(h('div', { class: 'govuk-error-summary', tabindex: '-1' },
        h('div', { role: 'alert' },
          h('h2', { class: 'govuk-error-summary__title' }, 'The timetable calculator is not working'),
          h('div', { class: 'govuk-error-summary__body' },
            h('p', { class: 'govuk-body' }, describeFailure(error)),
            h('p', { class: 'govuk-body' }, 'Try reloading the page.')))));
    }
  }

  /**
   * Reads the form, asks the core for a timetable with whatever could be read, and shows the
   * timetable or every problem: the form's and the core's together, in one go.
   */
  #submit() {
    const form = /** @type {TimetableForm} */ (this.#form);
    try {
      const { input, problems, closures } = readTimetableForm(form.typed());
      const asked = this.#ask(input, closures);
      const all = mergeProblems(problems, asked.problems);
      if (all.length || !asked.result) {
        this.#showProblems(all);
        return;
      }
      clearProblems(this.#errorSummary, form.registry);
      this.#showResult({ input, result: asked.result }, { focus: true });
      this.dispatchEvent(new CustomEvent('dd-timetable', { bubbles: true, composed: true, detail: { input, result: asked.result } }));
    } catch (error) {
      this.#showProblems([{ field: null, code: 'failure', message: describeFailure(error) }]);
    }
  }

  /**
   * Asks the core for a timetable. When only some closure entries cannot be read, it asks again
   * without them, so the problems with the rest of the form are found as well.
   *
   * @param {TimetableInput} input - What the form could read.
   * @param {ClosureLines} closures - Where each closure entry came from.
   * @returns {{result: Timetable | null, problems: Problem[]}} The timetable (or null) and the core's
   *   problems in the form's words.
   */
  #ask(input, closures) {
    const api = /** @type {import('../wasm.mjs').DeepDiveApi} */ (this.#api);
    const word = (/** @type {Problem[]} */ list, /** @type {TimetableInput} */ sent, /** @type {ClosureLines} */ lines) =>
      list.map((problem) => wordCoreProblem(problem, {
        onsiteStart: sent.onsiteStart, closures: lines, dayOffName: (iso) => this.#dayOffName(iso, sent.closures),
      }));
    try {
      // A form that could not read a date still asks, so the core reports every other problem.
      return { result: api.timetable(/** @type {TimetableOptions} */ (input)), problems: [] };
    } catch (error) {
      if (!isDeepDiveError(error)) throw error;
      const first = /** @type {{problems: Problem[]}} */ (/** @type {unknown} */ (error)).problems;
      const problems = word(first, input, closures);
      const rest = withoutBadClosures(input, closures, first);
      if (!rest) return { result: null, problems };
      try {
        api.timetable(/** @type {TimetableOptions} */ (rest.input));
        return { result: null, problems };
      } catch (again) {
        if (!isDeepDiveError(again)) throw again;
        const more = /** @type {{problems: Problem[]}} */ (/** @type {unknown} */ (again)).problems;
        return { result: null, problems: [...problems, ...word(more, rest.input, rest.entries)] };
      }
    }
  }

  /**
   * Why a day is not a working day: a bank holiday's name or "one of your closure days".
   *
   * @param {string} iso
   * @param {string[] | null | undefined} closures
   * @returns {string}
   */
  #dayOffName(iso, closures) {
    try {
      const year = Number(iso.slice(0, 4));
      const api = /** @type {import('../wasm.mjs').DeepDiveApi} */ (this.#api);
      const holiday = api.bankHolidays(year, year).find((b) => b.date === iso);
      if (holiday) return holiday.name;
    } catch {
      // Fall through to the closures.
    }
    return closures?.includes(iso) ? 'one of your closure days' : 'not a working day';
  }

  /**
   * Shows problems (one per field, every bad closure line), drops a result that no longer
   * matches the form, and reports them in an event.
   *
   * @param {Problem[]} problems
   */
  #showProblems(problems) {
    const form = /** @type {TimetableForm} */ (this.#form);
    this.#shown = null;
    this.#resultArea.replaceChildren();
    const shown = showProblems(this.#errorSummary, onePerField(problems, (problem) => form.registry.resolve(problem.field), {
      showAll: (group) => group === 'closures',
      rank: problemRank,
    }), form.registry);
    this.dispatchEvent(new CustomEvent('dd-timetable-error', {
      bubbles: true, composed: true,
      detail: { problems: shown.map(({ field, code, message }) => ({ field, code, message })) },
    }));
  }

  /** The heading level of the result (2–5). */
  get #level() {
    const level = Number(this.getAttribute('heading-level'));
    return Number.isInteger(level) && level >= 2 && level <= 5 ? level : 2;
  }

  /**
   * Shows a timetable below the form, with its calendar file.
   *
   * @param {{input: TimetableInput, result: Timetable}} shown - What was passed to
   *   `timetable()`, and what it returned.
   * @param {{focus: boolean}} options - Whether to move focus to its heading.
   */
  #showResult(shown, { focus }) {
    this.#shown = shown;
    const api = /** @type {import('../wasm.mjs').DeepDiveApi} */ (this.#api);
    const calendar = calendarDownload({ api, input: shown.input, result: shown.result });
    const { section, heading } = resultView(shown.result, { level: this.#level, id: `${this.#prefix}-result`, calendar });
    this.#resultArea.replaceChildren(section);
    if (focus) heading.focus();
  }
}

defineElement('dd-timetable', DeepDiveTimetable);
