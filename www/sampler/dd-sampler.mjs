/**
 * @file `<dd-sampler>`: draws a reproducible random sample of cases from a case list (a CSV
 * file or an `.xlsx` workbook) and checks receipts, with GOV.UK forms. Nothing is uploaded:
 * the file is read by the browser, and every step runs in a Web Worker
 * (`../workers/sampler-worker.mjs`) so the page stays responsive whatever the file's size.
 *
 * This module is the element: its lifecycle, its attributes, which view shows, and the
 * requests each step sends to the worker. The views are `file-view.mjs` (choose the list),
 * `plan-view.mjs` (plan and draw), `result-view.mjs` (the allocation and the sample) and
 * `verify-view.mjs` (check a receipt); the modules without DOM (`plan.mjs`, `columns.mjs`,
 * `words.mjs`, `api-problems.mjs`, `receipt-check.mjs`) are tested in Node.
 *
 * Usage, on any page (with the bundle's `deepdive.css` on top of GOV.UK Frontend's styles, or `deepdive-full.css` if the page lacks them):
 *
 * ```html
 * <script type="module" src="/sampler/dd-sampler.mjs"></script>
 * <dd-sampler></dd-sampler>
 * ```
 *
 * The element finds the worker at `../workers/`, the packages at `../pkg/` (the worker loads
 * `pkg/xlsx/` only for a workbook) and the example list at `../examples/`, all relative to
 * this module, as `www/` is laid out.
 *
 * Attributes (all optional):
 * - `mode`: `sample` (the default) to draw a sample, or `verify` to check a receipt.
 * - `example-src`: the URL of the synthetic example list offered as "try with example data";
 *   an empty value removes the offer.
 * - `heading-level`: the level (2–5, default 2) of the steps' headings; their parts use the
 *   next level down.
 *
 * Events (all bubble and are composed):
 * - `dd-sampler-preview`: a case list was read; `detail` is `{file: {name, size, example},
 *   preview}`, `preview` as `previewTable()` returns it.
 * - `dd-sampler-allocation`: the allocation was checked; `detail` is `{plan, strata, counts,
 *   warnings}`.
 * - `dd-sampler-sample`: a sample was drawn; `detail` is `{plan, result}`, `result` as
 *   `sample()` returns it (long lists of excluded rows cut to 500, with `exclusionsTotal`).
 * - `dd-sampler-verify`: a receipt was checked; `detail` is `{ok, sameFile, differences}`.
 * - `dd-sampler-error`: something was refused; `detail` is `{problems}`, each
 *   `{field, code, message}` as shown to the user.
 *
 * The element uses the light DOM, so the host page's GOV.UK styles apply. It never throws into
 * the host page: problems are shown with a GOV.UK error summary and inline messages, and
 * whatever the user entered stays.
 */

import { describeFailure, h } from '../dom.mjs';
import { problemsFrom } from './api-problems.mjs';
import { Cancelled, SamplerClient } from './client.mjs';
import { FormErrors } from './fields.mjs';
import { FileView, PREVIEW_ROWS } from './file-view.mjs';
import { DEFAULT_EXAMPLE, fetchExample } from './example.mjs';
import { headings } from './parts.mjs';
import { readPlan } from './plan.mjs';
import { baseName } from './words.mjs';
import { PlanView } from './plan-view.mjs';
import { Progress } from './progress.mjs';
import { looksLikeReceipt } from './receipt-check.mjs';
import { ResultView, allocationView } from './result-view.mjs';
import { VerifyView } from './verify-view.mjs';
import { defineElement } from '../define.mjs';

/** The largest file looked at as a possible receipt (receipts are a few kilobytes). */
const RECEIPT_SNIFF_BYTES = 20 * 1024 * 1024;

/** How many elements this page has made, to give each its own ids. */
let instanceCount = 0;

/**
 * What every view of one element shares.
 *
 * @typedef {object} SamplerContext
 * @property {string} prefix - The element's id prefix.
 * @property {(depth: number, text: string, attributes?: Record<string, any>) => HTMLElement} heading (any: attribute values of every kind `h` takes)
 * @property {FormErrors} errors - The fields and the error summary.
 * @property {SamplerClient} client - The worker.
 * @property {Progress} progress - Runs long tasks.
 * @property {(type: string, detail: any) => void} dispatch - Fires one of the element's events. (any: each event has its own detail)
 */

/**
 * Draws a sample of cases from a case list, shows the allocation before the draw, exports the
 * sample and its receipt, and checks receipts.
 *
 * @fires DeepDiveSampler#dd-sampler-preview
 * @fires DeepDiveSampler#dd-sampler-allocation
 * @fires DeepDiveSampler#dd-sampler-sample
 * @fires DeepDiveSampler#dd-sampler-verify
 * @fires DeepDiveSampler#dd-sampler-error
 */
export class DeepDiveSampler extends HTMLElement {
  static get observedAttributes() {
    return ['mode'];
  }

  #started = false;
  /** @type {SamplerContext | null} */
  #ctx = null;
  /** @type {Record<string, HTMLInputElement>} */
  #modeRadios = {};
  /** @type {HTMLElement} */ #sampleArea = h('div');
  /** @type {FileView | null} */ #fileView = null;
  /** @type {PlanView | null} */ #planView = null;
  /** @type {ResultView | null} */ #resultView = null;
  /** @type {VerifyView | null} */ #verifyView = null;

  /** @type {import('./file-view.mjs').ChosenFile | null} */
  #file = null;
  // any: the preview as the worker sends it.
  /** The chosen file's last preview. @type {any} */
  #preview = null;
  /** How the file is read: the options the user changed. @type {import('./file-view.mjs').Reading} */
  #reading = {};

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    instanceCount += 1;
    try {
      this.#build(this.id ? `${this.id}-dd` : `dd-sampler-${instanceCount}`);
    } catch (error) {
      this.replaceChildren(h('div', { class: 'govuk-error-summary', tabindex: '-1' },
        h('div', { role: 'alert' },
          h('h2', { class: 'govuk-error-summary__title' }, 'The case sampler is not working'),
          h('div', { class: 'govuk-error-summary__body' },
            h('p', { class: 'govuk-body' }, describeFailure(error)),
            h('p', { class: 'govuk-body' }, 'Try reloading the page.')))));
    }
  }

  disconnectedCallback() {
    // A removed element leaves no worker running.
    this.#ctx?.client.cancel();
  }

  /**
   * @param {string} name
   * @param {string | null} _old
   * @param {string | null} value
   */
  attributeChangedCallback(name, _old, value) {
    if (name === 'mode' && this.#modeRadios.sample) this.#setMode(value === 'verify' ? 'verify' : 'sample');
  }

  /** The level (2–5) of the steps' headings. */
  get #level() {
    const level = Number(this.getAttribute('heading-level'));
    return Number.isInteger(level) && level >= 2 && level <= 5 ? level : 2;
  }

  /** @returns {SamplerContext} */
  get #c() {
    return /** @type {SamplerContext} */ (this.#ctx);
  }

  /** @param {string} prefix */
  #build(prefix) {
    /** @type {SamplerContext} */
    const ctx = /** @type {any} */ ({ prefix, heading: headings(() => this.#level) }); // any: filled in field by field just below
    ctx.dispatch = (type, detail) => this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
    ctx.errors = new FormErrors(prefix, (problems) => ctx.dispatch('dd-sampler-error', { problems }));
    ctx.client = new SamplerClient((stage) => ctx.progress.stage(stage));
    ctx.progress = new Progress(`${prefix}-progress`, ctx.client);
    this.#ctx = ctx;

    // What the user wants to do.
    const modes = h('div', { class: 'govuk-radios govuk-radios--inline' },
      [['sample', 'Draw a sample'], ['verify', 'Check a receipt']].map(([value, text]) => {
        const input = /** @type {HTMLInputElement} */ (h('input', {
          class: 'govuk-radios__input', id: `${prefix}-mode-${value}`, name: `${prefix}-mode`, type: 'radio', value,
        }));
        input.addEventListener('change', () => {
          if (input.checked) this.#setMode(value);
        });
        this.#modeRadios[value] = input;
        return h('div', { class: 'govuk-radios__item' }, input,
          h('label', { class: 'govuk-label govuk-radios__label', for: input.id }, text));
      }));
    const modeGroup = h('div', { class: 'govuk-form-group govuk-!-display-none-print' },
      h('fieldset', { class: 'govuk-fieldset' },
        h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, 'What do you want to do?'),
        modes));

    const exampleSrc = this.getAttribute('example-src') ?? DEFAULT_EXAMPLE;
    this.#fileView = new FileView(ctx, {
      exampleSrc,
      onChoose: (blob, name, example) => this.#open(blob, name, example),
      onExample: () => this.#openExample(),
      onReading: (reading) => {
        this.#reading = reading;
        this.#loadPreview();
      },
    });
    this.#planView = new PlanView(ctx, {
      onCheck: () => this.#checkAllocation(),
      onDraw: () => this.#draw(),
      onSeed: () => this.#generateSeed(),
      onCommit: () => this.#writeCommitment(),
      onChanged: (allocation) => this.#planChanged(allocation),
    });
    this.#resultView = new ResultView(ctx);
    this.#verifyView = new VerifyView(ctx, { exampleSrc });
    this.#sampleArea = h('div', { class: 'dd-sampler__sample' },
      this.#fileView.element, this.#planView.element, this.#resultView.element);

    // A file dropped anywhere on the element is not opened by the browser in place of the page.
    this.addEventListener('dragover', (event) => event.preventDefault());
    this.addEventListener('drop', (event) => event.preventDefault());

    // Said once, for both modes.
    const privacy = h('p', { class: 'govuk-body dd-sampler__private govuk-!-display-none-print' },
      h('strong', {}, 'Nothing is uploaded. '),
      'Deep Dive reads your files in this browser: they never leave your computer, and nothing is sent anywhere.');
    this.replaceChildren(ctx.errors.summary, privacy, modeGroup, this.#sampleArea, this.#verifyView.element);
    this.#setMode(this.getAttribute('mode') === 'verify' ? 'verify' : 'sample');
  }

  /**
   * Shows one mode's part of the element.
   *
   * @param {string} mode - `sample` or `verify`.
   */
  #setMode(mode) {
    this.#modeRadios[mode].checked = true;
    this.#sampleArea.hidden = mode !== 'sample';
    /** @type {VerifyView} */ (this.#verifyView).element.hidden = mode !== 'verify';
    this.#c.errors.clear();
  }

  /** Loads the example list. */
  async #openExample() {
    try {
      const { blob, name } = await fetchExample(this.getAttribute('example-src') ?? DEFAULT_EXAMPLE);
      /** @type {FileView} */ (this.#fileView).input.value = '';
      await this.#open(blob, name, true);
    } catch (error) {
      this.#c.errors.show([{ field: 'file', code: 'failure', message: describeFailure(error) }]);
    }
  }

  /**
   * Opens a case list: the worker keeps its bytes, and its first rows are shown.
   *
   * @param {Blob} blob
   * @param {string} name
   * @param {boolean} example - Whether it is the built-in synthetic list.
   */
  async #open(blob, name, example) {
    this.#c.errors.clear();
    this.#file = { blob, name, size: blob.size, example };
    this.#preview = null;
    this.#reading = {};
    /** @type {FileView} */ (this.#fileView).clear();
    /** @type {PlanView} */ (this.#planView).clear();
    /** @type {ResultView} */ (this.#resultView).clear();
    if (await this.#isReceipt(blob)) {
      if (this.#file?.blob !== blob) return;
      this.#c.errors.show([{ field: 'file', code: 'looks-like-receipt', message: 'This file looks like a receipt, not a case list: choose the case list, or check the receipt' }]);
      /** @type {FileView} */ (this.#fileView).showReceiptOffer(() => {
        this.#setMode('verify');
        const verify = /** @type {VerifyView} */ (this.#verifyView);
        verify.choose('receipt', blob, name);
        verify.focusFirst();
      });
      return;
    }
    await this.#loadPreview();
  }

  /**
   * Whether a file chosen as a case list looks like a receipt.
   *
   * @param {Blob} blob
   * @returns {Promise<boolean>}
   */
  async #isReceipt(blob) {
    if (blob.size > RECEIPT_SNIFF_BYTES) return false;
    const head = await blob.slice(0, 16).text();
    if (!head.replace(/^\uFEFF/, '').trimStart().startsWith('{')) return false;
    return looksLikeReceipt(await blob.text());
  }

  /** Reads the chosen file's first rows with the current reading options. */
  async #loadPreview() {
    const file = this.#file;
    if (!file) return;
    const ctx = this.#c;
    const fileView = /** @type {FileView} */ (this.#fileView);
    const planView = /** @type {PlanView} */ (this.#planView);
    const reading = this.#reading;
    const outcome = await ctx.progress.run(fileView.group, async () => {
      await ctx.client.file('list', file.blob, file.name);
      return ctx.client.request('preview', { key: 'list', options: { ...reading, rows: PREVIEW_ROWS } });
    });
    if (this.#file !== file) return;
    if (!outcome.ok) {
      if (outcome.error instanceof Cancelled) return;
      fileView.clear();
      planView.element.hidden = true;
      ctx.errors.show(problemsFrom(outcome.error, 'file'));
      return;
    }
    const preview = outcome.value;
    const old = this.#preview && planView.built ? planView.values() : null;
    this.#preview = preview;
    fileView.show(preview, file, reading);
    planView.build(preview.columns, old);
    this.#planChanged(true);
    if (preview.rowCount === null || preview.rowCount === undefined) this.#countRows(file, preview);
    ctx.dispatch('dd-sampler-preview', { file: { name: file.name, size: file.size, example: file.example }, preview });
  }

  /**
   * Counts the whole list's data rows when the preview stopped early: the worker reads the
   * list now (it keeps it for the allocation check and the draw) and the summary shows the
   * count. A failure is left for the check or the draw to report.
   *
   * @param {import('./file-view.mjs').ChosenFile} file
   * @param {any} preview (any: the preview as the worker sends it)
   */
  async #countRows(file, preview) {
    try {
      const rows = await this.#c.client.request('count', { key: 'list', options: this.#planReading() });
      if (this.#file === file && this.#preview === preview) /** @type {FileView} */ (this.#fileView).showRowCount(rows);
    } catch {
      // The allocation check counts the rows too.
    }
  }

  /**
   * How the plan reads the file: as it was previewed.
   *
   * @returns {import('./file-view.mjs').Reading}
   */
  #planReading() {
    const sheet = this.#preview?.format === 'xlsx' && this.#preview.sheet ? this.#preview.sheet : undefined;
    const { delimiter, hasHeader } = this.#reading;
    return { ...(sheet ? { sheet } : {}), ...(delimiter ? { delimiter } : {}), ...(hasHeader !== undefined ? { hasHeader } : {}) };
  }

  /**
   * The plan changed: the allocation shown is out of date, and so is a drawn sample.
   *
   * @param {boolean} allocation - Whether the change can change the allocation.
   */
  #planChanged(allocation) {
    const planView = /** @type {PlanView} */ (this.#planView);
    if (allocation && planView.allocationArea.childElementCount) planView.allocationArea.replaceChildren();
    if (allocation) planView.commitment?.stale();
    /** @type {ResultView} */ (this.#resultView).markStale();
  }

  /** Asks the worker for a fresh seed from the browser's random source. */
  async #generateSeed() {
    const ctx = this.#c;
    const seed = /** @type {PlanView} */ (this.#planView).seed;
    try {
      seed.value = await ctx.client.request('seed');
      this.#planChanged(false);
      seed.focus();
    } catch (error) {
      if (!(error instanceof Cancelled)) ctx.errors.show(problemsFrom(error, 'seed'));
    }
  }

  /**
   * Reads the plan and runs it in the worker: the allocation only, or the whole draw.
   *
   * @param {boolean} full - Whether to draw (with the seed) rather than check the allocation.
   * @returns {Promise<{plan: Record<string, any>, result: any, file: import('./file-view.mjs').ChosenFile} | null>} (any: the plan as the form read it, and the worker's answer)
   *   The result, or null if there were problems (shown) or the task was cancelled.
   */
  async #runPlan(full) {
    const ctx = this.#c;
    const planView = /** @type {PlanView} */ (this.#planView);
    ctx.errors.clear();
    const { plan, problems } = readPlan(planView.values(), { forDraw: full, reading: this.#planReading() });
    if (problems.length) {
      ctx.errors.show(problems);
      return null;
    }
    const file = /** @type {import('./file-view.mjs').ChosenFile} */ (this.#file);
    if (full && planView.commitment?.sha256) plan.commitment = planView.commitment.sha256;
    const outcome = await ctx.progress.run(full ? planView.drawGroup : planView.checkGroup, async () => {
      await ctx.client.file('list', file.blob, file.name);
      return ctx.client.request('sample', { key: 'list', plan, full });
    });
    if (this.#file !== file) return null;
    if (!outcome.ok) {
      if (!(outcome.error instanceof Cancelled)) ctx.errors.show(problemsFrom(outcome.error, null));
      return null;
    }
    /** @type {FileView} */ (this.#fileView).showWholeFile(outcome.value);
    return { plan, result: outcome.value, file };
  }

  /** Writes a commitment to the list and the plan, without the seed (`commitment-view.mjs`). */
  async #writeCommitment() {
    const ctx = this.#c;
    const planView = /** @type {PlanView} */ (this.#planView);
    ctx.errors.clear();
    const { plan, problems } = readPlan(planView.values(), { forDraw: false, reading: this.#planReading() });
    if (problems.length) return ctx.errors.show(problems);
    const { seed: _, ...seedless } = plan;
    const step = planView.commitment;
    if (!step) return undefined;
    const file = /** @type {import('./file-view.mjs').ChosenFile} */ (this.#file);
    const outcome = await ctx.progress.run(step.group, async () => {
      await ctx.client.file('list', file.blob, file.name);
      return ctx.client.request('commitment', { key: 'list', plan: seedless });
    });
    if (this.#file !== file) return undefined;
    if (!outcome.ok) return outcome.error instanceof Cancelled ? undefined : ctx.errors.show(problemsFrom(outcome.error, null));
    return step.show(outcome.value, baseName(file.name));
  }

  /** Works out the allocation (the sample with a stand-in seed) and shows it per stratum. */
  async #checkAllocation() {
    const done = await this.#runPlan(false);
    if (!done) return;
    const { plan, result } = done;
    const area = /** @type {PlanView} */ (this.#planView).allocationArea;
    const { seed: _, ...shown } = plan;
    area.replaceChildren(...allocationView(this.#c, result, true));
    /** @type {HTMLElement | null} */ (area.querySelector('.dd-focus-target'))?.focus();
    this.#c.dispatch('dd-sampler-allocation', { plan: shown, strata: result.strata, counts: result.counts, warnings: result.warnings });
  }

  /** Draws the sample and shows it. */
  async #draw() {
    const done = await this.#runPlan(true);
    if (!done) return;
    const { plan, result, file } = done;
    // The plan the core just drew with, so a whole SamplePlan.
    /** @type {ResultView} */ (this.#resultView).show({ plan: /** @type {import('../pkg/deepdive.js').SamplePlan} */ (plan), result, file: { name: file.name, example: file.example }, at: new Date() });
    this.#c.dispatch('dd-sampler-sample', { plan, result });
  }
}

defineElement('dd-sampler', DeepDiveSampler);
