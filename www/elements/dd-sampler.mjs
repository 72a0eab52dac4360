/**
 * @file `<dd-sampler>`: draws a reproducible random sample of cases from a case list (a CSV
 * file or an `.xlsx` workbook) and checks receipts, with GOV.UK forms. Nothing is uploaded:
 * the file is read by the browser, and every step runs in a Web Worker
 * (`../workers/sampler-worker.mjs`) so the page stays responsive whatever the file's size.
 *
 * Usage, on any page (add `styles/app.css` if the page lacks GOV.UK Frontend's styles):
 *
 * ```html
 * <script type="module" src="/elements/dd-sampler.mjs"></script>
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
 * - `dd-sampler-verify`: a receipt was checked; `detail` is `{ok, differences}`.
 * - `dd-sampler-error`: something was refused; `detail` is `{problems}`, each
 *   `{field, code, message}` as shown to the user.
 *
 * The element uses the light DOM, so the host page's GOV.UK styles apply. It never throws into
 * the host page: problems are shown with a GOV.UK error summary and inline messages, and
 * whatever the user entered stays.
 */

import { isDeepDiveError } from '../wasm.mjs';
import {
  h, capitalise, csvText, dateParts, describeFailure, downloadText, formatBytes, formatDate,
  formatNumber, notificationBanner, plural, summaryList, warningText, dropZone,
} from '../dom.mjs';

/** The worker module (also imported on the page where module workers are missing). */
const WORKER_URL = new URL('../workers/sampler-worker.mjs', import.meta.url);
/** The built-in synthetic example list. */
const DEFAULT_EXAMPLE = new URL('../examples/annex-a-referrals.csv', import.meta.url).href;
/** How many rows the preview shows. */
const PREVIEW_ROWS = 10;
/** The seed used to check the allocation, which does not depend on the seed. */
const ALLOCATION_SEED = 'allocation check';
/** Wait this long before showing the progress bar, so quick steps do not flicker. */
const PROGRESS_DELAY_MS = 150;
/** The largest file accepted as a receipt (receipts are a few kilobytes). */
const MAX_RECEIPT_BYTES = 20 * 1024 * 1024;

/** How many elements this page has made, to give each its own ids. */
let instanceCount = 0;

/** The steps a long task goes through: the progress bar's value (of 4) and the words. */
const STAGES = /** @type {Record<string, [number, string]>} */ ({
  reading: [1, 'Reading the file'],
  loading: [1, 'Loading the file reader'],
  hashing: [2, 'Working out the file’s SHA-256 fingerprint'],
  sampling: [3, 'Drawing the sample'],
  checking: [3, 'Drawing the sample again to check the receipt'],
  done: [4, 'Done'],
});

/** Filter operations: the API's `op`, the words in the form and the inputs it needs. */
const OPERATIONS = /** @type {const} */ ([
  ['equals', 'is exactly', ['value']],
  ['one-of', 'is one of', ['values']],
  ['not-blank', 'is not blank', []],
  ['date-between', 'is a date from … to …', ['from', 'to']],
  ['age-between', 'is a date of birth giving an age from … to …', ['min', 'max']],
]);

/** Allocations: the API's value, the label and the hint. */
const ALLOCATIONS = /** @type {const} */ ([
  ['proportional', 'In proportion to the size of each stratum', 'A stratum with twice the cases gets about twice the sample.'],
  ['equal', 'The same number from each stratum', 'Small strata get as many as large ones, or all their cases if they have fewer.'],
  ['minimum', 'At least a minimum from each stratum, the rest in proportion', 'So that no stratum is left out.'],
]);

/** CSV delimiters offered: the API's value and the words. */
const DELIMITERS = /** @type {const} */ ([
  ['', 'Find it automatically'], [',', 'Comma (,)'], [';', 'Semicolon (;)'], ['tab', 'Tab'], ['|', 'Vertical bar (|)'],
]);

/** Ingest problems that leave a row out of the table (the others are notes). */
const ROW_EXCLUDED = new Set(['ragged-row', 'unclosed-quote']);

/** Exclusion reasons in words. */
const REASONS = /** @type {Record<string, string>} */ ({
  'blank-id': 'The ID is blank',
  'duplicate-id-conflict': 'The same ID on rows that disagree',
  'not-matched': 'Does not meet the filter',
  'blank-date': 'The date is blank',
  'bad-date': 'Not a date',
  'born-after-reference-date': 'Born after the reference date',
});

/** Receipt difference kinds in words. */
const DIFFERENCES = /** @type {Record<string, string>} */ ({
  'other-algorithm': 'Another sampling method',
  'other-bytes-same-records': 'Another copy of the same list',
  'other-records': 'Other records',
  'other-plan': 'Another plan',
  'other-result': 'Another result',
});

/**
 * Whether a column probably identifies a person (a child, a parent or a worker): IDs, names,
 * dates of birth, addresses, contact details and workers. Such columns are offered first, and
 * left out of the export unless ticked.
 *
 * @param {string} name - The column's name.
 * @returns {boolean}
 */
export function isIdentifying(name) {
  return /\b(id|ids|identifier|unique|ref|reference|number|no|nhs|upn|uln|ni|nino|name|names|forename|forenames|surname|first ?name|last ?name|family ?name|given ?name|dob|birth|born|address|postcode|post ?code|phone|telephone|mobile|email|e-mail|worker|workers|social ?worker|practitioner|caseworker|key ?worker|lead ?professional|officer|manager|parent|carer|mother|father|school)\b/i
    .test(name.replace(/[_.]/g, ' '));
}

/**
 * The column most likely to hold a unique ID: a name like “Child Unique ID”, “ID” or
 * “Reference”, else the first column.
 *
 * @param {string[]} columns
 * @returns {string}
 */
function guessIdColumn(columns) {
  const tests = [/unique ?id/i, /\bid\b/i, /identifier/i, /\b(ref|reference)\b/i, /\b(case|child) ?(number|no)\b/i];
  for (const test of tests) {
    const found = columns.find((c) => test.test(c));
    if (found) return found;
  }
  return columns[0] ?? '';
}

/**
 * Reads a date typed as `23/09/2015`, `23 9 2015` or `2015-09-23`.
 *
 * @param {string} text
 * @returns {string | null} The date as `YYYY-MM-DD`, or null if it is not a real date.
 */
export function readDate(text) {
  const t = text.trim();
  let iso = null;
  const dmy = /^(\d{1,2})[/\s.-](\d{1,2})[/\s.-](\d{4})$/.exec(t);
  if (dmy) iso = `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(t)) iso = t;
  return iso && dateParts(iso) ? iso : null;
}

/** The error a cancelled request rejects with. */
class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/**
 * Talks to the sampler's worker: sends each file once, then small requests, and reports
 * progress. `cancel()` ends the worker (and whatever it was doing); the next request starts
 * a fresh one and sends the file again. Where module workers are missing (Firefox before
 * 114), the same code runs on the page, where a long task blocks it.
 */
class SamplerClient {
  /** @type {Worker | null} */
  #worker = null;
  /** @type {Promise<(message: any) => Promise<void>> | null} */
  #inline = null;
  #next = 1;
  /** @type {Map<number, {resolve: (value: any) => void, reject: (error: any) => void}>} */
  #pending = new Map();
  /** Which file each key holds in the current worker. @type {Map<string, Blob>} */
  #files = new Map();

  /** @param {(stage: string) => void} onProgress */
  constructor(onProgress) {
    this.onProgress = onProgress;
  }

  /** Whether long tasks run in a worker (and can be cancelled). */
  get inWorker() {
    this.#start();
    return this.#worker !== null;
  }

  #start() {
    if (this.#worker || this.#inline) return;
    // A browser that supports module workers reads `type` from the options; one that does
    // not would run the module as a classic script and fail on its first `export`.
    let module = false;
    const options = /** @type {WorkerOptions} */ ({
      get type() {
        module = true;
        return 'module';
      },
    });
    /** @type {Worker | null} */
    let worker = null;
    try {
      worker = new Worker(WORKER_URL, options);
    } catch {
      worker = null;
    }
    if (worker && module) {
      worker.addEventListener('message', (event) => this.#receive(event.data));
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        this.#failAll(new Error('the sampler’s worker stopped: try reloading the page'));
      });
      this.#worker = worker;
      return;
    }
    worker?.terminate();
    this.#inline = import(WORKER_URL.href).then((m) =>
      m.createSampler((/** @type {any} */ message) => queueMicrotask(() => this.#receive(message))));
  }

  /** @param {any} message */
  #receive(message) {
    const entry = this.#pending.get(message?.id);
    if (!entry) return;
    if (message.type === 'progress') {
      this.onProgress(message.stage);
      return;
    }
    this.#pending.delete(message.id);
    if (message.type === 'result') {
      entry.resolve(message.result);
      return;
    }
    const { name, code, problems, fatal } = message.error ?? {};
    const error = /** @type {any} */ (new Error(message.error?.message ?? 'unknown error'));
    error.name = name ?? 'Error';
    if (code) error.code = code;
    if (problems) error.problems = problems;
    if (fatal) this.#reset();
    entry.reject(error);
  }

  /** @param {unknown} error */
  #failAll(error) {
    const pending = [...this.#pending.values()];
    this.#reset();
    for (const entry of pending) entry.reject(error);
  }

  /** Ends the worker and forgets its files; pending requests are left to the caller. */
  #reset() {
    this.#worker?.terminate();
    this.#worker = null;
    this.#inline = null;
    this.#files.clear();
  }

  /**
   * @param {Record<string, any>} message
   * @returns {Promise<any>}
   */
  async #post(message) {
    this.#start();
    const id = this.#next;
    this.#next += 1;
    const promise = new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    if (this.#worker) this.#worker.postMessage({ ...message, id });
    else (await /** @type {Promise<any>} */ (this.#inline))({ ...message, id });
    return promise;
  }

  /**
   * Makes sure the worker holds a file under a key, sending it if not. A `File` is sent as a
   * handle (the worker reads it slice by slice), never as a copy of its bytes.
   *
   * @param {string} key
   * @param {Blob} blob
   * @param {string} name
   * @returns {Promise<{size: number, workbook: boolean} | null>} What the worker said, or null
   *   if it held the file already.
   */
  async file(key, blob, name) {
    this.#start();
    if (this.#files.get(key) === blob) return null;
    this.onProgress('reading');
    const answer = await this.#post({ type: 'file', key, blob, name });
    this.#files.set(key, blob);
    return answer;
  }

  /**
   * Sends a request.
   *
   * @param {string} type
   * @param {Record<string, any>} [payload]
   * @returns {Promise<any>}
   */
  request(type, payload = {}) {
    return this.#post({ type, ...payload });
  }

  /** Stops whatever the worker is doing: pending requests reject with {@link Cancelled}. */
  cancel() {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    this.#reset();
    for (const entry of pending) entry.reject(new Cancelled());
  }
}

/**
 * A problem as the form shows it.
 *
 * @typedef {object} FormProblem
 * @property {string | null} field - The form field (`file`, `idColumn`, `filters[0].from`, …)
 *   or null for one that concerns no field.
 * @property {string} code - The API's code or one of the form's (`required`, `bad-number`,
 *   `bad-date`, …).
 * @property {string} message - What the summary and the field say.
 */

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
  #prefix = '';
  /** @type {SamplerClient} */
  #client = new SamplerClient((stage) => this.#stage(stage));
  /** @type {Map<string, Field>} */
  #fields = new Map();
  /** Error messages and classes added, to remove them again. @type {Array<() => void>} */
  #marks = [];
  /** The running task: its number and when it started. */
  #task = { id: 0, running: false, timer: 0 };

  // The DOM.
  /** @type {HTMLElement} */ #errorSummary = h('div');
  /** @type {Record<string, HTMLInputElement>} */ #modeRadios = {};
  /** @type {HTMLElement} */ #sampleArea = h('div');
  /** @type {HTMLElement} */ #verifyArea = h('div');
  /** @type {HTMLElement} */ #fileArea = h('div');
  /** @type {HTMLElement} */ #planArea = h('div');
  /** @type {HTMLElement} */ #allocationArea = h('div');
  /** @type {HTMLElement} */ #resultArea = h('div');
  /** @type {HTMLElement} */ #verifyResult = h('div');
  /** @type {{box: HTMLElement, label: HTMLElement, bar: HTMLProgressElement, cancel: HTMLElement, notice: HTMLElement}} */
  #progress = /** @type {any} */ ({});
  /** @type {Record<string, any>} */ #controls = {};
  /** @type {FilterRow[]} */ #filters = [];
  #filterSerial = 0;

  // The state.
  /** @type {{blob: Blob, name: string, size: number, example: boolean} | null} */
  #file = null;
  /** @type {any} */ #preview = null;
  /** How the file is read: `sheet`, `delimiter`, `hasHeader`. @type {Record<string, any>} */
  #read = {};
  /** Columns ticked for the export. @type {Map<string, boolean>} */
  #keep = new Map();
  /** @type {{plan: any, result: any, file: {name: string, example: boolean}, at: Date} | null} */
  #drawn = null;
  /** @type {{list: File | null, receipt: File | null}} */
  #check = { list: null, receipt: null };

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    instanceCount += 1;
    this.#prefix = this.id ? `${this.id}-dd` : `dd-sampler-${instanceCount}`;
    try {
      this.#build();
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
    this.#client.cancel();
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

  /**
   * A heading of the given depth below the steps' level.
   *
   * @param {number} depth - 0 for a step, 1 for a part of one.
   * @param {string} text
   * @param {Record<string, any>} [attributes]
   */
  #heading(depth, text, attributes = {}) {
    const size = ['govuk-heading-l', 'govuk-heading-m', 'govuk-heading-s'][depth] ?? 'govuk-heading-s';
    return h(`h${Math.min(this.#level + depth, 6)}`, { class: size, ...attributes }, text);
  }

  // ---------------------------------------------------------------------------------------
  // Building the form
  // ---------------------------------------------------------------------------------------

  #build() {
    const p = this.#prefix;
    this.#errorSummary = h('div', { class: 'govuk-error-summary govuk-!-display-none-print', 'data-module': 'govuk-error-summary', tabindex: '-1', hidden: true });
    this.#progress = this.#buildProgress(`${p}-progress`);

    // What the user wants to do.
    const modes = h('div', { class: 'govuk-radios govuk-radios--inline', 'data-module': 'govuk-radios' },
      [['sample', 'Draw a sample'], ['verify', 'Check a receipt']].map(([value, text]) => {
        const input = /** @type {HTMLInputElement} */ (h('input', {
          class: 'govuk-radios__input', id: `${p}-mode-${value}`, name: `${p}-mode`, type: 'radio', value,
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

    this.#sampleArea = h('div', { class: 'dd-sampler__sample' },
      this.#buildFileStep(`${p}-file`),
      this.#planArea = h('div', { class: 'dd-sampler__plan govuk-!-display-none-print', hidden: true }),
      this.#resultArea = h('div', { class: 'dd-sampler__result' }));
    this.#verifyArea = this.#buildVerify(`${p}-check`);

    // A file dropped anywhere on the element is not opened by the browser in place of the page.
    this.addEventListener('dragover', (event) => event.preventDefault());
    this.addEventListener('drop', (event) => event.preventDefault());

    this.replaceChildren(this.#errorSummary, modeGroup, this.#sampleArea, this.#verifyArea);
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
    this.#verifyArea.hidden = mode !== 'verify';
    this.#clearErrors();
  }

  /**
   * The progress bar with its words and the cancel button, moved next to whichever step runs.
   *
   * @param {string} id
   */
  #buildProgress(id) {
    const label = h('p', { class: 'govuk-body govuk-!-margin-bottom-2', id: `${id}-label` }, '');
    const bar = /** @type {HTMLProgressElement} */ (h('progress', { class: 'dd-progress__bar', id, max: '4', value: '0', 'aria-labelledby': `${id}-label` }));
    const cancel = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0', 'data-module': 'govuk-button' }, 'Cancel');
    cancel.addEventListener('click', () => this.#cancel());
    const box = h('div', { class: 'dd-progress govuk-!-display-none-print', role: 'status', hidden: true }, label, bar, cancel);
    // Focus moves here when a task is cancelled, as the cancel button disappears.
    const notice = h('p', { class: 'govuk-body dd-progress__notice dd-focus-target', role: 'status', tabindex: '-1', hidden: true });
    return { box, label, bar, cancel, notice };
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
  #group({ field, control, label, labelClass = '', hint, wrap, className = '' }) {
    const hintId = hint ? `${control.id}-hint` : null;
    if (hintId) control.setAttribute('aria-describedby', hintId);
    const shown = wrap ?? control;
    const group = h('div', { class: `govuk-form-group ${className}`.trim() },
      h('label', { class: `govuk-label ${labelClass}`.trim(), for: control.id }, label),
      hint ? h('div', { class: 'govuk-hint', id: hintId }, hint) : null,
      shown);
    this.#fields.set(field, { group, control, before: shown, describes: control });
    return group;
  }

  /** @param {string} id */
  #buildFileStep(id) {
    const input = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-file-upload', id, name: 'case-list', type: 'file',
      accept: '.csv,.tsv,.txt,.xlsx,.xlsm,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    }));
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) this.#open(file, file.name, false);
    });
    const hintId = `${id}-hint`;
    input.setAttribute('aria-describedby', hintId);
    const zone = h('div', { class: 'dd-drop-zone' },
      h('div', { class: 'govuk-hint', id: hintId },
        'A CSV file or an Excel workbook (.xlsx), such as an Annex A list: choose it, or drag and drop it here.'),
      input);
    dropZone(zone, ([file]) => this.#open(file, file.name, false));
    const group = h('div', { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label govuk-label--s', for: id }, 'Case list'),
      zone);
    this.#fields.set('file', { group, control: input, before: zone, describes: input });
    this.#controls.file = input;

    const exampleSrc = this.getAttribute('example-src') ?? DEFAULT_EXAMPLE;
    const example = exampleSrc
      ? h('div', { class: 'dd-sampler__example' },
        h('p', { class: 'govuk-body' }, 'No case list to hand? Try Deep Dive with a made-up list of 400 referrals. It is synthetic: none of it is real data.'),
        (() => {
          const button = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button' }, 'Try with example data');
          button.addEventListener('click', () => this.#openExample(exampleSrc));
          return button;
        })())
      : null;

    this.#fileArea = h('div', { class: 'dd-sampler__file' });
    return h('section', { class: 'dd-sampler__step govuk-!-display-none-print', 'aria-labelledby': `${id}-heading` },
      this.#heading(0, '1. Choose the case list', { id: `${id}-heading` }),
      h('p', { class: 'govuk-body' },
        h('strong', {}, 'Nothing is uploaded. '),
        'Deep Dive reads your file in this browser: it never leaves your computer, and nothing is sent anywhere.'),
      group,
      example,
      this.#fileArea);
  }

  // ---------------------------------------------------------------------------------------
  // Long tasks: progress, cancel
  // ---------------------------------------------------------------------------------------

  /**
   * Runs a task in the worker with a progress bar after the given element. A new task cancels
   * a running one.
   *
   * @template T
   * @param {HTMLElement} after - The progress bar goes after this element.
   * @param {() => Promise<T>} work
   * @returns {Promise<{ok: true, value: T} | {ok: false, error: unknown}>} The outcome;
   *   a cancelled task gives `{ok: false, error: Cancelled}`.
   */
  async #run(after, work) {
    if (this.#task.running) this.#client.cancel();
    this.#task.id += 1;
    const id = this.#task.id;
    this.#task.running = true;
    const { box, bar, label, notice, cancel } = this.#progress;
    after.after(notice, box);
    notice.hidden = true;
    bar.value = 0;
    label.textContent = 'Starting';
    cancel.hidden = !this.#client.inWorker;
    clearTimeout(this.#task.timer);
    this.#task.timer = window.setTimeout(() => {
      if (this.#task.id === id && this.#task.running) box.hidden = false;
    }, PROGRESS_DELAY_MS);
    try {
      return { ok: true, value: await work() };
    } catch (error) {
      return { ok: false, error };
    } finally {
      if (this.#task.id === id) {
        this.#task.running = false;
        clearTimeout(this.#task.timer);
        box.hidden = true;
      }
    }
  }

  /**
   * Shows a stage of the running task.
   *
   * @param {string} stage
   */
  #stage(stage) {
    const [value, words] = STAGES[stage] ?? [0, capitalise(stage)];
    this.#progress.bar.value = value;
    this.#progress.label.textContent = `${words}…`;
  }

  /** Stops the running task; what the user entered and the chosen file stay. */
  #cancel() {
    if (!this.#task.running) return;
    this.#client.cancel();
    this.#task.running = false;
    clearTimeout(this.#task.timer);
    this.#progress.box.hidden = true;
    this.#progress.notice.hidden = false;
    this.#progress.notice.textContent = 'Cancelled. Your file and choices are still here: you can try again.';
    this.#progress.notice.focus();
  }

  // ---------------------------------------------------------------------------------------
  // Step 1: the case list
  // ---------------------------------------------------------------------------------------

  /**
   * Loads the example list.
   *
   * @param {string} src
   */
  async #openExample(src) {
    try {
      const response = await fetch(src);
      if (!response.ok) throw new Error(`the example list could not be loaded (HTTP ${response.status})`);
      const blob = await response.blob();
      const name = decodeURIComponent(new URL(response.url || src, document.baseURI).pathname.split('/').pop() || 'example.csv');
      this.#controls.file.value = '';
      await this.#open(blob, name, true);
    } catch (error) {
      this.#showErrors([{ field: 'file', code: 'failure', message: describeFailure(error) }]);
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
    this.#clearErrors();
    this.#file = { blob, name, size: blob.size, example };
    this.#preview = null;
    this.#read = {};
    this.#keep = new Map();
    this.#drawn = null;
    this.#fileArea.replaceChildren();
    this.#planArea.hidden = true;
    this.#planArea.replaceChildren();
    this.#allocationArea.replaceChildren();
    this.#resultArea.replaceChildren();
    await this.#loadPreview();
  }

  /** Reads the chosen file's first rows with the current reading options. */
  async #loadPreview() {
    const file = this.#file;
    if (!file) return;
    const anchor = /** @type {Field} */ (this.#fields.get('file')).group;
    const outcome = await this.#run(anchor, async () => {
      await this.#client.file('list', file.blob, file.name);
      return this.#client.request('preview', { key: 'list', options: { ...this.#read, rows: PREVIEW_ROWS } });
    });
    if (this.#file !== file) return;
    if (!outcome.ok) {
      if (outcome.error instanceof Cancelled) return;
      this.#fileArea.replaceChildren();
      this.#planArea.hidden = true;
      this.#showErrors(this.#problemsFrom(outcome.error, 'file'));
      return;
    }
    const preview = outcome.value;
    const previous = this.#preview;
    this.#preview = preview;
    this.#showFile(preview);
    this.#buildPlan(preview.columns, previous);
    this.#planArea.hidden = false;
    this.#planChanged();
    const excluded = preview.problems.filter((/** @type {any} */ p) => ROW_EXCLUDED.has(p.code));
    if (excluded.length) {
      this.#showErrors(excluded.map((/** @type {any} */ p) => ({ field: 'file', code: p.code, message: problemText(p) })), { focus: true });
    }
    this.dispatchEvent(new CustomEvent('dd-sampler-preview', {
      bubbles: true, composed: true,
      detail: { file: { name: file.name, size: file.size, example: file.example }, preview },
    }));
  }

  /**
   * Shows what was read: the file, how it was read (with the options to change it), its
   * problems and its first rows.
   *
   * @param {any} preview
   */
  #showFile(preview) {
    const file = /** @type {NonNullable<typeof this.#file>} */ (this.#file);
    const p = this.#prefix;
    const format = preview.format === 'xlsx'
      ? `Excel workbook, sheet “${preview.sheet}”`
      : `CSV, ${encodingName(preview.encoding)}, ${delimiterName(preview.delimiter)}`;
    const header = !preview.hasHeader
      ? 'None: the columns are numbered'
      : `${preview.format === 'xlsx' ? 'Row' : 'Line'} ${preview.headerLine}`;
    const rows = preview.rowCount === null || preview.rowCount === undefined
      ? `More than ${preview.rows.length}: the allocation check counts them all`
      : formatNumber(preview.rowCount);
    const summary = summaryList([
      ['File', [file.name, ` (${formatBytes(file.size)})`,
        file.example ? [' ', h('strong', { class: 'govuk-tag govuk-tag--grey' }, 'Synthetic example')] : null]],
      ['Read as', format],
      ['Header', header],
      ['Columns', formatNumber(preview.columns.length)],
      ['Data rows', rows],
    ], { className: 'dd-sampler__file-summary' });

    // How the file is read.
    /** @type {HTMLElement[]} */
    const options = [];
    if (preview.format === 'xlsx') {
      const select = /** @type {HTMLSelectElement} */ (h('select', { class: 'govuk-select', id: `${p}-sheet`, name: 'sheet' },
        preview.sheets.map((/** @type {string} */ s) => h('option', { value: s }, s))));
      select.value = preview.sheet ?? '';
      select.addEventListener('change', () => {
        this.#read = { ...this.#read, sheet: select.value };
        this.#loadPreview();
      });
      options.push(this.#group({ field: 'sheet', control: select, label: 'Sheet', labelClass: 'govuk-label--s', hint: 'The sheet that holds the case list.' }));
    }
    const more = [];
    if (preview.format !== 'xlsx') {
      const select = /** @type {HTMLSelectElement} */ (h('select', { class: 'govuk-select', id: `${p}-delimiter`, name: 'delimiter' },
        DELIMITERS.map(([value, text]) => h('option', { value }, text))));
      select.value = this.#read.delimiter ?? '';
      select.addEventListener('change', () => {
        const { delimiter: _, ...rest } = this.#read;
        this.#read = select.value ? { ...rest, delimiter: select.value } : rest;
        this.#loadPreview();
      });
      more.push(this.#group({ field: 'delimiter', control: select, label: 'Separator between cells', labelClass: 'govuk-label--s' }));
    }
    const headerSelect = /** @type {HTMLSelectElement} */ (h('select', { class: 'govuk-select', id: `${p}-header`, name: 'hasHeader' },
      h('option', { value: '' }, 'Find it automatically'),
      h('option', { value: 'yes' }, 'The table has a header row'),
      h('option', { value: 'no' }, 'The table has no header row: number the columns')));
    headerSelect.value = this.#read.hasHeader === undefined ? '' : this.#read.hasHeader ? 'yes' : 'no';
    headerSelect.addEventListener('change', () => {
      const { hasHeader: _, ...rest } = this.#read;
      this.#read = headerSelect.value ? { ...rest, hasHeader: headerSelect.value === 'yes' } : rest;
      this.#loadPreview();
    });
    more.push(this.#group({ field: 'hasHeader', control: headerSelect, label: 'Header row', labelClass: 'govuk-label--s' }));
    const details = h('details', { class: 'govuk-details', open: Boolean(this.#read.delimiter || this.#read.hasHeader !== undefined) },
      h('summary', { class: 'govuk-details__summary' },
        h('span', { class: 'govuk-details__summary-text' }, 'Change how the file is read')),
      h('div', { class: 'govuk-details__text' }, more));

    this.#fileArea.replaceChildren(
      this.#heading(1, 'Your case list'),
      summary,
      ...options,
      details,
      // A preview that reached the end of the file (a row count) found every problem.
      this.#problemsBlock(preview.problems, preview.problems.length, preview.rowCount !== null && preview.rowCount !== undefined),
      this.#previewTable(preview));
  }

  /**
   * The problems found in the file: rows left out, and notes on how it was read.
   *
   * @param {any[]} problems - `{sheet, line, column, code, message}` each.
   * @param {number} total - How many there are in all (the list may be cut).
   * @param {boolean} complete - Whether the whole file was read (else only the preview).
   * @returns {HTMLElement}
   */
  #problemsBlock(problems, total, complete) {
    const excluded = problems.filter((p) => ROW_EXCLUDED.has(p.code));
    const notes = problems.filter((p) => !ROW_EXCLUDED.has(p.code));
    const block = h('div', { class: 'dd-sampler__problems', id: `${this.#prefix}-problems` });
    if (excluded.length) {
      const where = complete ? 'in the file' : `in the first ${PREVIEW_ROWS} rows`;
      block.append(
        this.#heading(2, `Rows left out (${plural(excluded.length, 'row')} ${where})`),
        h('p', { class: 'govuk-body' },
          'These rows cannot be read as part of the table, so they are left out of the sample. ',
          'To include them, correct the file (for example in Excel) and choose it again.'),
        h('table', { class: 'govuk-table dd-sampler__problem-table' },
          h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, 'Rows left out of the table'),
          tableHead(['Line', 'Column', 'Problem']),
          h('tbody', { class: 'govuk-table__body' },
            excluded.map((p) => h('tr', { class: 'govuk-table__row' },
              h('td', { class: 'govuk-table__cell govuk-table__cell--numeric', 'data-line': p.line ?? '' }, p.line ?? ''),
              h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, p.column ?? ''),
              h('td', { class: 'govuk-table__cell' }, capitalise(p.message)))))));
      if (total > problems.length) {
        block.append(h('p', { class: 'govuk-body' }, `The first ${formatNumber(problems.length)} of ${formatNumber(total)} problems are listed.`));
      }
    }
    if (notes.length) {
      block.append(
        h('div', { class: 'govuk-inset-text dd-sampler__notes' },
          h('p', { class: 'govuk-body govuk-!-font-weight-bold' }, 'How the file was read'),
          h('ul', { class: 'govuk-list govuk-list--bullet' },
            notes.map((p) => h('li', {}, problemText(p))))));
    }
    return block;
  }

  /**
   * The first rows of the file as a table, rows that will be left out marked.
   *
   * @param {any} preview
   * @returns {HTMLElement}
   */
  #previewTable(preview) {
    const unit = preview.format === 'xlsx' ? 'Row' : 'Line';
    const left = new Set(preview.problems.filter((/** @type {any} */ p) => ROW_EXCLUDED.has(p.code)).map((/** @type {any} */ p) => p.line));
    const columns = /** @type {string[]} */ (preview.columns);
    return h('div', { class: 'dd-table-scroll dd-sampler__preview', tabindex: '0', role: 'region', 'aria-labelledby': `${this.#prefix}-preview-caption` },
      h('table', { class: 'govuk-table dd-sampler__table' },
        h('caption', { class: 'govuk-table__caption govuk-table__caption--s', id: `${this.#prefix}-preview-caption` },
          `The first ${plural(preview.rows.length, 'row')} of the table`),
        tableHead([unit, ...columns]),
        h('tbody', { class: 'govuk-table__body' },
          preview.rows.map((/** @type {string[]} */ row, /** @type {number} */ i) => {
            const line = preview.lines[i];
            return h('tr', { class: 'govuk-table__row', 'data-line': line },
              h('th', { scope: 'row', class: 'govuk-table__header' }, String(line),
                left.has(line) ? [' ', h('strong', { class: 'govuk-tag govuk-tag--red' }, 'Left out')] : null),
              columns.map((_, c) => h('td', { class: 'govuk-table__cell' }, row[c] ?? '')));
          }))));
  }

  // ---------------------------------------------------------------------------------------
  // Step 2 and 3: the plan and the draw
  // ---------------------------------------------------------------------------------------

  /**
   * Builds the plan's form for the table's columns, keeping what was chosen before where the
   * columns are the same.
   *
   * @param {string[]} columns
   * @param {any} previous - The earlier preview, if any.
   */
  #buildPlan(columns, previous) {
    const p = this.#prefix;
    const old = previous ? this.#snapshot() : null;
    for (const key of [...this.#fields.keys()]) {
      if (!['file', 'sheet', 'delimiter', 'hasHeader', 'checkList', 'receipt'].includes(key)) this.#fields.delete(key);
    }
    this.#filters = [];

    // The ID column.
    const id = /** @type {HTMLSelectElement} */ (h('select', { class: 'govuk-select', id: `${p}-id`, name: 'idColumn' },
      columns.map((c) => h('option', { value: c }, c))));
    id.value = old && columns.includes(old.idColumn) ? old.idColumn : guessIdColumn(columns);
    this.#controls.idColumn = id;

    // Filters.
    const filterList = h('div', { class: 'dd-sampler__filters' });
    this.#controls.filterList = filterList;
    this.#controls.columns = columns;
    const addFilter = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-4', 'data-module': 'govuk-button' }, 'Add a filter');
    addFilter.addEventListener('click', () => {
      const row = this.#addFilter({});
      row.column.focus();
      this.#planChanged();
    });
    const reference = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-input govuk-input--width-10', id: `${p}-reference`, name: 'referenceDate', type: 'text', spellcheck: 'false', autocomplete: 'off',
    }));
    this.#controls.referenceDate = reference;
    const referenceGroup = this.#group({
      field: 'referenceDate', control: reference, label: 'Work out ages on', labelClass: 'govuk-label--s',
      hint: 'Ages are in whole years on this date, for example the day the area was told of the inspection: 23/09/2015.',
    });
    this.#controls.referenceGroup = referenceGroup;
    const filters = h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': `${p}-filters-hint` },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, 'Which cases can be sampled? (optional)'),
      h('div', { class: 'govuk-hint', id: `${p}-filters-hint` },
        'Leave out cases outside the inspection’s scope, for example children aged 16 or over, or referrals before a date. ',
        'Without filters every case can be sampled.'),
      filterList, addFilter, referenceGroup);

    // Strata.
    const strataBoxes = h('div', { class: 'govuk-checkboxes govuk-checkboxes--small', 'data-module': 'govuk-checkboxes' });
    this.#controls.strataBoxes = strataBoxes;
    const strataFieldset = h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': `${p}-strata-hint` },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, 'Stratify by (optional)'),
      h('div', { class: 'govuk-hint', id: `${p}-strata-hint` },
        'The sample is drawn separately from each group of cases with the same values in these columns (a stratum), ',
        'for example each gender. Tick none for a simple random sample.'),
      strataBoxes);
    const strataGroup = h('div', { class: 'govuk-form-group' }, strataFieldset);
    this.#fields.set('strata', { group: strataGroup, control: strataBoxes, before: strataBoxes, describes: strataFieldset, marks: [] });
    const fillStrata = () => {
      const chosen = new Set(this.#chosenStrata());
      strataBoxes.replaceChildren(...columns.filter((c) => c !== id.value).map((c, i) => {
        const box = h('input', { class: 'govuk-checkboxes__input', id: `${p}-stratum-${i}`, name: 'strata', type: 'checkbox', value: c, checked: chosen.has(c) || Boolean(old?.strata.includes(c) && !strataBoxes.childElementCount) });
        return h('div', { class: 'govuk-checkboxes__item' }, box, h('label', { class: 'govuk-label govuk-checkboxes__label', for: box.id }, c));
      }));
      const field = /** @type {Field} */ (this.#fields.get('strata'));
      field.control = /** @type {HTMLElement} */ (strataBoxes.querySelector('input')) ?? strataBoxes;
    };
    id.addEventListener('change', fillStrata);

    // Size, allocation, minimum and reserves.
    const number = (/** @type {string} */ name, /** @type {string} */ label, /** @type {string} */ hint, /** @type {string} */ suffix) => {
      const input = /** @type {HTMLInputElement} */ (h('input', {
        class: 'govuk-input govuk-input--width-4', id: `${p}-${name}`, name, type: 'text', inputmode: 'numeric', spellcheck: 'false', autocomplete: 'off',
      }));
      this.#controls[name] = input;
      const wrap = h('div', { class: 'govuk-input__wrapper' }, input, h('div', { class: 'govuk-input__suffix', 'aria-hidden': 'true' }, suffix));
      return this.#group({ field: name, control: input, label, labelClass: 'govuk-label--m', hint, wrap });
    };
    const sizeGroup = number('size', 'How many cases to select in all', 'For example, 12.', 'cases');
    const minInput = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-input govuk-input--width-3', id: `${p}-minPerStratum`, name: 'minPerStratum', type: 'text', inputmode: 'numeric', spellcheck: 'false', autocomplete: 'off',
    }));
    this.#controls.minPerStratum = minInput;
    const minGroup = this.#group({ field: 'minPerStratum', control: minInput, label: 'Minimum from each stratum', hint: 'For example, 2.' });
    // GOV.UK Frontend hides conditional content with a class only once its own JavaScript has
    // run; this element uses `hidden` instead.
    const conditional = h('div', { class: 'govuk-radios__conditional', id: `${p}-minimum-conditional`, hidden: true }, minGroup);
    const allocationRadios = h('div', { class: 'govuk-radios', 'data-module': 'govuk-radios' });
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
    this.#controls.allocation = allocation;
    const allocationFieldset = h('fieldset', { class: 'govuk-fieldset' },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, 'How to share the sample between strata'),
      allocationRadios);
    const allocationGroup = h('div', { class: 'govuk-form-group' }, allocationFieldset);
    this.#fields.set('allocation', { group: allocationGroup, control: allocation.proportional, before: allocationRadios, describes: allocationFieldset, marks: [] });
    const reservesGroup = number('reserves', 'Reserves in each stratum', 'Substitutes, in order, for selected cases that turn out to be unsuitable. Leave blank for none.', 'cases');

    const check = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button' }, 'Check the allocation');
    check.addEventListener('click', () => this.#checkAllocation());
    const checkGroup = h('div', { class: 'govuk-button-group' }, check);
    this.#controls.checkGroup = checkGroup;
    this.#allocationArea = h('div', { class: 'dd-sampler__allocation' });

    // The seed and the draw.
    const seed = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-input govuk-input--width-20', id: `${p}-seed`, name: 'seed', type: 'text', spellcheck: 'false', autocomplete: 'off',
    }));
    this.#controls.seed = seed;
    const generate = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0', 'data-module': 'govuk-button' }, 'Generate a seed');
    generate.addEventListener('click', () => this.#generateSeed());
    const seedGroup = this.#group({
      field: 'seed', control: seed, label: 'Seed', labelClass: 'govuk-label--m',
      hint: ['Type a seed, for example the numbers of dice rolled by two people (6 1 4 4 2 3), or generate one. ',
        'The seed decides which cases are drawn: the same list, plan and seed always give the same sample, ',
        'and the receipt records it. Fix it before you see the list, and do not change it to get another sample.'],
      wrap: h('div', { class: 'dd-sampler__seed' }, seed, ' ', generate),
    });
    const draw = h('button', { type: 'submit', class: 'govuk-button', 'data-module': 'govuk-button' }, 'Draw the sample');
    const drawGroup = h('div', { class: 'govuk-button-group' }, draw);
    this.#controls.drawGroup = drawGroup;

    const form = h('form', { class: 'dd-sampler__form', novalidate: true, 'aria-label': 'Plan and draw the sample' },
      h('section', { class: 'dd-sampler__step', 'aria-labelledby': `${p}-plan-heading` },
        this.#heading(0, '2. Plan the sample', { id: `${p}-plan-heading` }),
        this.#group({ field: 'idColumn', control: id, label: 'Which column holds each child’s unique ID?', labelClass: 'govuk-label--m',
          hint: 'Rows with a blank ID are left out. Rows with the same ID are one child: if they disagree about a column the plan uses, they are all left out.' }),
        h('div', { class: 'govuk-form-group' }, filters),
        strataGroup,
        allocationGroup,
        sizeGroup,
        reservesGroup,
        checkGroup,
        this.#allocationArea),
      h('section', { class: 'dd-sampler__step', 'aria-labelledby': `${p}-draw-heading` },
        this.#heading(0, '3. Draw the sample', { id: `${p}-draw-heading` }),
        seedGroup,
        drawGroup));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#draw();
    });
    // Any change to the plan makes the allocation shown out of date (the seed does not change
    // the allocation), and a drawn sample no longer matches the form.
    const changed = (/** @type {Event} */ event) => this.#planChanged(event.target !== seed);
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);

    this.#planArea.replaceChildren(form);
    fillStrata();
    if (old) {
      for (const filter of old.filters) {
        if (filter.column === '' || columns.includes(filter.column)) this.#addFilter(filter);
      }
      reference.value = old.referenceDate;
      this.#controls.size.value = old.size;
      this.#controls.reserves.value = old.reserves;
      minInput.value = old.minPerStratum;
      seed.value = old.seed;
    }
    this.#updateReference();
  }

  /** What the plan's form holds, to restore it after the table is read again. */
  #snapshot() {
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
      filters: this.#filters.map((f) => ({
        column: f.column.value,
        op: f.op.value,
        ...Object.fromEntries(Object.entries(f.inputs).map(([k, input]) => [k, input.value])),
      })),
    };
  }

  /** The ticked stratification columns, in the table's order. */
  #chosenStrata() {
    const boxes = /** @type {HTMLElement | undefined} */ (this.#controls.strataBoxes);
    if (!boxes) return [];
    return [...boxes.querySelectorAll('input:checked')].map((box) => /** @type {HTMLInputElement} */ (box).value);
  }

  /**
   * Adds a filter row.
   *
   * @param {Record<string, string>} values - Its column, op and inputs' values.
   * @returns {FilterRow}
   */
  #addFilter(values) {
    const n = this.#filters.length;
    // Ids stay unique as filters come and go.
    this.#filterSerial += 1;
    const base = `${this.#prefix}-filter-${this.#filterSerial}`;
    const columns = /** @type {string[]} */ (this.#controls.columns);
    const column = /** @type {HTMLSelectElement} */ (h('select', { class: 'govuk-select', id: `${base}-column`, name: 'filter-column' },
      columns.map((c) => h('option', { value: c }, c))));
    // A new filter starts on the first column that is not the ID.
    column.value = values.column || (columns.find((c) => c !== this.#controls.idColumn?.value) ?? columns[0] ?? '');
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
    const labels = /** @type {Record<string, [string, string | undefined]>} */ ({
      value: ['Value', 'Cases whose cell is exactly this (ignoring spaces at either end).'],
      values: ['Values', 'One a line. Cases whose cell is exactly one of these.'],
      from: ['From', 'The earliest date, for example 01/04/2015. Leave blank for no earliest date.'],
      to: ['To', 'The latest date, for example 31/03/2016. Leave blank for no latest date.'],
      min: ['Youngest age', 'In whole years. Leave blank for no youngest age.'],
      max: ['Oldest age', 'In whole years, for example 15 for children under 16. Leave blank for no oldest age.'],
    });
    const legend = h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, `Filter ${n + 1}`);
    const remove = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-top-4 govuk-!-margin-bottom-0', 'data-module': 'govuk-button' }, `Remove filter ${n + 1}`);
    /** @type {Record<string, HTMLElement>} */
    const groups = {};
    const root = h('fieldset', { class: 'govuk-fieldset dd-sampler__filter' }, legend);
    /** @type {FilterRow} */
    const row = { root, legend, column, op, inputs, groups, remove };
    const columnGroup = h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: column.id }, 'Column'), column);
    const opGroup = h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: op.id }, 'Keep cases whose cell'), op);
    root.append(columnGroup, opGroup);
    groups.column = columnGroup;
    groups.op = opGroup;
    for (const [key, input] of Object.entries(inputs)) {
      const [label, hint] = labels[key];
      const hintId = `${input.id}-hint`;
      if (hint) input.setAttribute('aria-describedby', hintId);
      const group = h('div', { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label', for: input.id }, label),
        hint ? h('div', { class: 'govuk-hint', id: hintId }, hint) : null,
        input);
      groups[key] = group;
      root.append(group);
    }
    root.append(remove);
    const show = () => {
      const needs = /** @type {readonly string[]} */ (OPERATIONS.find(([value]) => value === op.value)?.[2] ?? []);
      for (const [key, group] of Object.entries(groups)) {
        if (key !== 'column' && key !== 'op') group.hidden = !needs.includes(key);
      }
      this.#updateReference();
    };
    op.addEventListener('change', show);
    remove.addEventListener('click', () => {
      const index = this.#filters.indexOf(row);
      if (index < 0) return;
      this.#filters.splice(index, 1);
      root.remove();
      this.#renumberFilters();
      this.#updateReference();
      this.#planChanged();
      const next = this.#filters[index] ?? this.#filters[index - 1];
      (next ? next.column : /** @type {HTMLElement} */ (this.#controls.filterList.nextElementSibling)).focus();
    });
    this.#filters.push(row);
    /** @type {HTMLElement} */ (this.#controls.filterList).append(root);
    show();
    this.#renumberFilters();
    return row;
  }

  /** Numbers the filters 1, 2, … and registers their fields for errors. */
  #renumberFilters() {
    for (const key of [...this.#fields.keys()]) if (key.startsWith('filters[')) this.#fields.delete(key);
    this.#filters.forEach((row, i) => {
      row.legend.textContent = `Filter ${i + 1}`;
      row.remove.textContent = `Remove filter ${i + 1}`;
      this.#fields.set(`filters[${i}].column`, { group: row.groups.column, control: row.column, before: row.column, describes: row.column });
      this.#fields.set(`filters[${i}].op`, { group: row.groups.op, control: row.op, before: row.op, describes: row.op });
      for (const [key, input] of Object.entries(row.inputs)) {
        this.#fields.set(`filters[${i}].${key}`, { group: row.groups[key], control: input, before: input, describes: input });
      }
    });
  }

  /** Shows the reference date only when an age filter needs it. */
  #updateReference() {
    const group = /** @type {HTMLElement | undefined} */ (this.#controls.referenceGroup);
    if (group) group.hidden = !this.#filters.some((f) => f.op.value === 'age-between');
  }

  /**
   * The plan changed: the allocation shown is out of date, and so is a drawn sample.
   *
   * @param {boolean} [allocation] - Whether the change can change the allocation.
   */
  #planChanged(allocation = true) {
    if (allocation && this.#allocationArea.childElementCount) this.#allocationArea.replaceChildren();
    const stale = this.#resultArea.querySelector('.dd-sampler__stale');
    if (stale) stale.hidden = false;
  }

  /**
   * Reads the form into a plan, collecting the problems the form can find itself.
   *
   * @param {boolean} forDraw - Whether the seed is needed (the allocation check uses its own).
   * @returns {{plan: Record<string, any>, problems: FormProblem[]}}
   */
  #readPlan(forDraw) {
    const c = this.#controls;
    /** @type {FormProblem[]} */
    const problems = [];
    /** @type {Record<string, any>} */
    const plan = { idColumn: c.idColumn.value };
    const whole = (/** @type {string} */ field, /** @type {string} */ raw, /** @type {{required?: string, bad: string, min?: number, low?: string}} */ words) => {
      const text = raw.trim();
      if (text === '') {
        if (words.required) problems.push({ field, code: 'required', message: words.required });
        return undefined;
      }
      if (!/^\d{1,9}$/.test(text)) {
        problems.push({ field, code: 'bad-number', message: words.bad });
        return undefined;
      }
      const n = Number(text);
      if (words.min !== undefined && n < words.min) {
        problems.push({ field, code: 'too-small', message: words.low ?? words.bad });
        return undefined;
      }
      return n;
    };

    plan.size = whole('size', c.size.value, {
      required: 'Enter how many cases to select', bad: 'The sample size must be a whole number, like 12',
      min: 1, low: 'The sample size must be at least 1',
    });
    const strata = this.#chosenStrata();
    if (strata.length) plan.strata = strata;
    const allocation = Object.entries(c.allocation).find(([, input]) => input.checked)?.[0] ?? 'proportional';
    plan.allocation = allocation;
    if (allocation === 'minimum') {
      plan.minPerStratum = whole('minPerStratum', c.minPerStratum.value, {
        required: 'Enter the minimum number of cases from each stratum', bad: 'The minimum must be a whole number, like 2',
        min: 1, low: 'The minimum must be at least 1',
      });
    }
    const reserves = whole('reserves', c.reserves.value, { bad: 'The number of reserves must be a whole number, like 2' });
    if (reserves) plan.reserves = reserves;

    /** @type {any[]} */
    const filters = [];
    this.#filters.forEach((row, i) => {
      const field = (/** @type {string} */ name) => `filters[${i}].${name}`;
      const name = `Filter ${i + 1}`;
      const filter = /** @type {Record<string, any>} */ ({ op: row.op.value, column: row.column.value });
      const v = (/** @type {string} */ key) => row.inputs[key].value;
      if (filter.op === 'equals') filter.value = v('value');
      if (filter.op === 'one-of') {
        filter.values = v('values').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
        if (!filter.values.length) problems.push({ field: field('values'), code: 'required', message: `${name}: enter the values to keep, one a line` });
      }
      if (filter.op === 'date-between') {
        for (const [key, label] of [['from', 'From'], ['to', 'To']]) {
          const raw = v(key).trim();
          if (!raw) continue;
          const iso = readDate(raw);
          if (iso) filter[key] = iso;
          else problems.push({ field: field(key), code: 'bad-date', message: `${name}: the ‘${label}’ date must be a real date, like 23/09/2015` });
        }
        if (!v('from').trim() && !v('to').trim()) {
          problems.push({ field: field('from'), code: 'required', message: `${name}: enter a ‘From’ date, a ‘To’ date or both` });
        }
        if (filter.from && filter.to && filter.from > filter.to) {
          problems.push({ field: field('from'), code: 'bad-range', message: `${name}: the ‘From’ date must not be after the ‘To’ date` });
        }
      }
      if (filter.op === 'age-between') {
        for (const [key, label] of [['min', 'youngest'], ['max', 'oldest']]) {
          const n = whole(field(key), v(key), { bad: `${name}: the ${label} age must be a whole number of years, like 15` });
          if (n !== undefined) filter[key] = n;
        }
        if (!v('min').trim() && !v('max').trim()) {
          problems.push({ field: field('min'), code: 'required', message: `${name}: enter a youngest age, an oldest age or both` });
        }
        if (filter.min !== undefined && filter.max !== undefined && filter.min > filter.max) {
          problems.push({ field: field('min'), code: 'bad-range', message: `${name}: the youngest age must not be over the oldest` });
        }
      }
      filters.push(filter);
    });
    if (filters.length) plan.filters = filters;
    if (this.#filters.some((f) => f.op.value === 'age-between')) {
      const raw = c.referenceDate.value.trim();
      const iso = raw ? readDate(raw) : null;
      if (!raw) problems.push({ field: 'referenceDate', code: 'required', message: 'Enter the date to work out ages on' });
      else if (!iso) problems.push({ field: 'referenceDate', code: 'bad-date', message: 'The date to work out ages on must be a real date, like 23/09/2015' });
      else plan.referenceDate = iso;
    }

    if (forDraw) {
      plan.seed = c.seed.value;
      if (!c.seed.value.trim()) problems.push({ field: 'seed', code: 'required', message: 'Enter a seed, or generate one' });
    } else {
      plan.seed = ALLOCATION_SEED;
    }
    // The file is read as it was previewed.
    if (this.#preview?.format === 'xlsx' && this.#preview.sheet) plan.sheet = this.#preview.sheet;
    if (this.#read.delimiter) plan.delimiter = this.#read.delimiter;
    if (this.#read.hasHeader !== undefined) plan.hasHeader = this.#read.hasHeader;
    return { plan, problems };
  }

  /** Asks the worker for a fresh seed from the browser's random source. */
  async #generateSeed() {
    const seed = /** @type {HTMLInputElement} */ (this.#controls.seed);
    try {
      seed.value = await this.#client.request('seed');
      this.#planChanged(false);
      seed.focus();
    } catch (error) {
      if (!(error instanceof Cancelled)) this.#showErrors([{ field: 'seed', code: 'failure', message: describeFailure(error) }]);
    }
  }

  /** Works out the allocation (the sample with a stand-in seed) and shows it per stratum. */
  async #checkAllocation() {
    this.#clearErrors();
    const { plan, problems } = this.#readPlan(false);
    if (problems.length) {
      this.#showErrors(problems);
      return;
    }
    const file = /** @type {NonNullable<typeof this.#file>} */ (this.#file);
    const outcome = await this.#run(this.#controls.checkGroup, async () => {
      await this.#client.file('list', file.blob, file.name);
      return this.#client.request('sample', { key: 'list', plan, full: false });
    });
    if (this.#file !== file) return;
    if (!outcome.ok) {
      if (!(outcome.error instanceof Cancelled)) this.#showErrors(this.#problemsFrom(outcome.error, null));
      return;
    }
    const result = outcome.value;
    this.#showFileProblems(result);
    const { seed: _, ...shown } = plan;
    this.#allocationArea.replaceChildren(...this.#allocationView(result, true));
    /** @type {HTMLElement} */ (this.#allocationArea.querySelector('.dd-focus-target'))?.focus();
    this.dispatchEvent(new CustomEvent('dd-sampler-allocation', {
      bubbles: true, composed: true,
      detail: { plan: shown, strata: result.strata, counts: result.counts, warnings: result.warnings },
    }));
  }

  /**
   * Updates the file's problems with the whole file's, once it has been read through.
   *
   * @param {any} result - A sample or allocation.
   */
  #showFileProblems(result) {
    const block = this.#fileArea.querySelector('.dd-sampler__problems');
    if (!block) return;
    block.replaceWith(this.#problemsBlock(result.problems, result.problemsTotal ?? result.problems.length, true));
    const rows = this.#fileArea.querySelector('.dd-sampler__file-summary .govuk-summary-list__row:last-child dd');
    rows?.replaceChildren(formatNumber(result.counts.rowsRead));
  }

  /**
   * The allocation per stratum, with the counts that led to it and any warnings.
   *
   * @param {any} result - A sample or allocation.
   * @param {boolean} before - Whether this is the check before the draw.
   * @returns {HTMLElement[]}
   */
  #allocationView(result, before) {
    const counts = result.counts;
    const strata = /** @type {any[]} */ (result.strata);
    const stratified = !(strata.length === 1 && strata[0].values.length === 0);
    const total = (/** @type {string} */ key) => strata.reduce((sum, s) => sum + s[key], 0);
    const excluded = /** @type {any[]} */ (counts.excluded);
    const filterWords = (/** @type {any} */ e) => (e.filter === null || e.filter === undefined ? '' : ` (filter ${e.filter + 1})`);
    const rows = [
      ['Rows in the list', formatNumber(counts.rowsRead)],
      counts.rowsSetAside ? ['Rows that could not be read', formatNumber(counts.rowsSetAside)] : null,
      counts.duplicateCopies ? ['Repeated rows of the same child', formatNumber(counts.duplicateCopies)] : null,
      ...excluded.map((e) => [`${REASONS[e.reason] ?? e.reason}${filterWords(e)}`, formatNumber(e.count)]),
      ['Cases that can be sampled', formatNumber(counts.eligible)],
    ];
    const heading = this.#heading(1, before ? 'The allocation' : 'Allocation per stratum',
      { class: 'govuk-heading-m dd-focus-target', tabindex: '-1' });
    return [
      heading,
      before ? h('p', { class: 'govuk-body' }, 'How many cases each stratum gives. It does not depend on the seed, so you can check it before you draw.') : null,
      // After the draw, the warnings are shown at the top of the result.
      ...(before ? result.warnings ?? [] : []).map((/** @type {any} */ w) => warningText(capitalise(w.message))),
      summaryList(/** @type {any} */ (rows.filter(Boolean)), { className: 'dd-sampler__counts' }),
      h('table', { class: 'govuk-table dd-sampler__strata' },
        h('caption', { class: 'govuk-table__caption govuk-table__caption--s' },
          !strata.length ? 'No case can be sampled' : stratified ? plural(strata.length, 'stratum', 'strata') : 'No strata: one simple random sample'),
        tableHead(['Stratum', 'Cases that can be sampled', 'Selected', 'Reserves'], [false, true, true, true]),
        h('tbody', { class: 'govuk-table__body' },
          strata.map((s) => h('tr', { class: 'govuk-table__row' },
            h('th', { scope: 'row', class: 'govuk-table__header' }, s.label),
            h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, formatNumber(s.eligible)),
            h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, formatNumber(s.allocated)),
            h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, formatNumber(s.reserves)))),
          strata.length > 1
            ? h('tr', { class: 'govuk-table__row dd-sampler__total' },
              h('th', { scope: 'row', class: 'govuk-table__header' }, 'Total'),
              ['eligible', 'allocated', 'reserves'].map((key) =>
                h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, formatNumber(total(key)))))
            : null)),
      this.#exclusionsView(result),
    ].filter((x) => x !== null);
  }

  /**
   * The records left out one by one (blank IDs, conflicting duplicates, bad dates), so the list
   * can be corrected.
   *
   * @param {any} result
   * @returns {HTMLElement | null}
   */
  #exclusionsView(result) {
    const list = /** @type {any[]} */ (result.exclusions ?? []);
    const totalRows = result.exclusionsTotal ?? list.length;
    if (!list.length) return null;
    return h('details', { class: 'govuk-details dd-sampler__exclusions' },
      h('summary', { class: 'govuk-details__summary' },
        h('span', { class: 'govuk-details__summary-text' }, `Rows to correct (${formatNumber(totalRows)})`)),
      h('div', { class: 'govuk-details__text' },
        h('p', { class: 'govuk-body' }, 'These rows were left out for a reason you may be able to correct in the list.'),
        h('table', { class: 'govuk-table' },
          h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, 'Rows left out, with why'),
          tableHead(['Line', 'ID', 'Why']),
          h('tbody', { class: 'govuk-table__body' },
            list.map((e) => h('tr', { class: 'govuk-table__row' },
              h('td', { class: 'govuk-table__cell' }, String(e.line)),
              h('td', { class: 'govuk-table__cell' }, e.id ?? ''),
              h('td', { class: 'govuk-table__cell' }, capitalise(e.message)))))),
        totalRows > list.length ? h('p', { class: 'govuk-body' }, `The first ${formatNumber(list.length)} are listed.`) : null));
  }

  /** Draws the sample and shows it. */
  async #draw() {
    this.#clearErrors();
    const { plan, problems } = this.#readPlan(true);
    if (problems.length) {
      this.#showErrors(problems);
      return;
    }
    const file = /** @type {NonNullable<typeof this.#file>} */ (this.#file);
    const outcome = await this.#run(this.#controls.drawGroup, async () => {
      await this.#client.file('list', file.blob, file.name);
      return this.#client.request('sample', { key: 'list', plan, full: true });
    });
    if (this.#file !== file) return;
    if (!outcome.ok) {
      if (!(outcome.error instanceof Cancelled)) this.#showErrors(this.#problemsFrom(outcome.error, null));
      return;
    }
    const result = outcome.value;
    this.#showFileProblems(result);
    this.#drawn = { plan, result, file: { name: file.name, example: file.example }, at: new Date() };
    this.#showResult();
    /** @type {HTMLElement} */ (this.#resultArea.querySelector('.dd-sampler__result-heading'))?.focus();
    this.dispatchEvent(new CustomEvent('dd-sampler-sample', { bubbles: true, composed: true, detail: { plan, result } }));
  }

  // ---------------------------------------------------------------------------------------
  // The result
  // ---------------------------------------------------------------------------------------

  /** The columns of the file, identifying ones first, with whether each is exported. */
  #exportChoices() {
    const { result, plan } = /** @type {NonNullable<typeof this.#drawn>} */ (this.#drawn);
    const columns = /** @type {string[]} */ (result.columns).filter((c) => c !== plan.idColumn);
    for (const c of columns) if (!this.#keep.has(c)) this.#keep.set(c, !isIdentifying(c));
    const identifying = columns.filter((c) => isIdentifying(c));
    const other = columns.filter((c) => !isIdentifying(c));
    return { identifying, other };
  }

  /** The columns to export, in the table's order (the ID column aside). */
  #keptColumns() {
    const { result, plan } = /** @type {NonNullable<typeof this.#drawn>} */ (this.#drawn);
    return /** @type {string[]} */ (result.columns).filter((c) => c !== plan.idColumn && this.#keep.get(c));
  }

  /** Shows the drawn sample: summary, cases, reserves, allocation, and the downloads. */
  #showResult() {
    const drawn = /** @type {NonNullable<typeof this.#drawn>} */ (this.#drawn);
    const { plan, result } = drawn;
    const p = this.#prefix;
    this.#exportChoices();
    const receipt = result.receipt;
    const strata = /** @type {any[]} */ (result.strata);
    const filters = /** @type {any[]} */ (plan.filters ?? []);
    const summary = summaryList([
      ['Case list', [h('span', { class: 'dd-line' }, drawn.file.name, drawn.file.example ? ' (synthetic example)' : ''),
        h('span', { class: 'dd-line dd-sampler__hash' }, `SHA-256: ${receipt.source.inputSha256}`)]],
      ['Seed', h('code', { class: 'dd-sampler__seed-value' }, receipt.plan.seed)],
      ['Drawn', drawnAt(drawn.at)],
      ['Sample', `${plural(result.selected.length, 'case')} selected and ${plural(result.reserves.length, 'reserve')}, from ${plural(result.counts.eligible, 'case')} that could be sampled`],
      ['ID column', plan.idColumn],
      ['Strata', plan.strata?.length ? plan.strata.join(', ') : 'None'],
      ['Allocation', plan.strata?.length ? allocationWords(plan) : 'Not stratified'],
      ['Filters', filters.length ? h('ul', { class: 'govuk-list' }, filters.map((f) => h('li', {}, filterWords(f, plan.referenceDate)))) : 'None'],
    ], { className: 'dd-sampler__summary' });

    const columnsFieldset = this.#columnChoices(`${p}-export`);
    const downloads = h('div', { class: 'govuk-button-group' },
      button('Download the sample (CSV)', () => this.#downloadSample().catch((error) =>
        this.#showErrors([{ field: 'seed', code: 'failure', message: describeFailure(error) }]))),
      button('Download the receipt (JSON)', () => this.#downloadReceipt(), true),
      button('Print', () => window.print(), true));

    this.#resultArea.replaceChildren(h('section', { class: 'dd-result dd-sampler__drawn', 'aria-labelledby': `${p}-result` },
      this.#heading(0, 'Your sample', { class: 'govuk-heading-l dd-sampler__result-heading dd-focus-target', id: `${p}-result`, tabindex: '-1' }),
      h('div', { class: 'dd-sampler__stale govuk-!-display-none-print', hidden: true },
        warningText('The plan has changed since this sample was drawn. What is shown and downloaded is the sample as drawn: draw again to use the changes.')),
      ...(result.warnings ?? []).map((/** @type {any} */ w) => warningText(capitalise(w.message))),
      summary,
      h('div', { class: 'dd-sampler__cases' }, this.#casesTables()),
      h('div', { class: 'dd-sampler__export govuk-!-display-none-print' },
        this.#heading(1, 'Download'),
        h('p', { class: 'govuk-body' },
          'The sample is a CSV file for Excel and other spreadsheets. The receipt (JSON) records the list’s fingerprint, the plan, the seed and the cases drawn: ',
          'keep it with the sample, so anyone can check the sample later with the same list.'),
        columnsFieldset,
        downloads),
      ...this.#allocationView(result, false)));
  }

  /**
   * The checkboxes of the columns to export: identifying columns first, unticked.
   *
   * @param {string} id
   * @returns {HTMLElement}
   */
  #columnChoices(id) {
    const { identifying, other } = this.#exportChoices();
    const { plan } = /** @type {NonNullable<typeof this.#drawn>} */ (this.#drawn);
    let n = 0;
    const box = (/** @type {string} */ column) => {
      n += 1;
      const input = /** @type {HTMLInputElement} */ (h('input', {
        class: 'govuk-checkboxes__input', id: `${id}-${n}`, name: 'export-column', type: 'checkbox', value: column, checked: Boolean(this.#keep.get(column)),
      }));
      input.addEventListener('change', () => {
        this.#keep.set(column, input.checked);
        this.#resultArea.querySelector('.dd-sampler__cases')?.replaceChildren(...this.#casesTables());
      });
      return h('div', { class: 'govuk-checkboxes__item' }, input, h('label', { class: 'govuk-label govuk-checkboxes__label', for: input.id }, column));
    };
    return h('div', { class: 'govuk-form-group' },
      h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': `${id}-hint` },
        h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, 'Columns to include'),
        h('div', { class: 'govuk-hint', id: `${id}-hint` },
          `Include only what the people you send the sample to need. The sample always has the case’s stratum, its row in the file and its ID (“${plan.idColumn}”). `,
          'Columns that may identify a child or a worker are listed first and left out unless you tick them.'),
        h('div', { class: 'govuk-checkboxes govuk-checkboxes--small', 'data-module': 'govuk-checkboxes' },
          identifying.length ? h('p', { class: 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1' }, 'May identify someone') : null,
          identifying.map(box),
          other.length ? h('p', { class: 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1 govuk-!-margin-top-3' }, 'Other columns') : null,
          other.map(box))));
  }

  /**
   * The selected cases and the reserves as tables, with the columns chosen for the export.
   *
   * @returns {HTMLElement[]}
   */
  #casesTables() {
    const { plan, result } = /** @type {NonNullable<typeof this.#drawn>} */ (this.#drawn);
    const kept = this.#keptColumns();
    const index = new Map(/** @type {string[]} */ (result.columns).map((c, i) => [c, i]));
    const stratified = Boolean(plan.strata?.length);
    const unit = result.source.format === 'xlsx' ? 'Row' : 'Line';
    const table = (/** @type {string} */ kind, /** @type {string} */ caption, /** @type {any[]} */ cases) => {
      const orders = orderInStratum(cases);
      return h('div', { class: 'dd-table-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
        h('table', { class: `govuk-table dd-sampler__table dd-sampler__${kind}` },
          h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, caption),
          tableHead([kind === 'reserves' ? 'Reserve' : 'Order', ...(stratified ? ['Stratum'] : []), unit, plan.idColumn, ...kept]),
          h('tbody', { class: 'govuk-table__body' },
            cases.map((c, i) => h('tr', { class: 'govuk-table__row', 'data-id': c.id },
              h('td', { class: 'govuk-table__cell' }, String(orders[i])),
              stratified ? h('td', { class: 'govuk-table__cell' }, c.stratumLabel) : null,
              h('td', { class: 'govuk-table__cell' }, String(c.row)),
              h('th', { scope: 'row', class: 'govuk-table__header' }, c.id),
              kept.map((k) => h('td', { class: 'govuk-table__cell' }, c.values[/** @type {number} */ (index.get(k))] ?? '')))))));
    };
    return [
      table('selected', `Selected cases (${formatNumber(result.selected.length)})`, result.selected),
      result.reserves.length
        ? table('reserves', `Reserves (${formatNumber(result.reserves.length)})`, result.reserves)
        : h('p', { class: 'govuk-body' }, 'No reserves were asked for.'),
      result.reserves.length
        ? h('p', { class: 'govuk-body' }, stratified
          ? 'If a selected case turns out to be unsuitable, replace it with the first reserve of its stratum not yet used.'
          : 'If a selected case turns out to be unsuitable, replace it with the first reserve not yet used.')
        : null,
    ].filter((x) => x !== null);
  }

  /** The sample as CSV: selected cases then reserves, with the chosen columns. */
  #sampleCsv() {
    const { plan, result } = /** @type {NonNullable<typeof this.#drawn>} */ (this.#drawn);
    const kept = this.#keptColumns();
    const index = new Map(/** @type {string[]} */ (result.columns).map((c, i) => [c, i]));
    const rows = [['Selected or reserve', 'Order in stratum', 'Stratum', 'Row in file', plan.idColumn, ...kept]];
    for (const [kind, cases] of /** @type {Array<[string, any[]]>} */ ([['Selected', result.selected], ['Reserve', result.reserves]])) {
      const orders = orderInStratum(cases);
      cases.forEach((c, i) => rows.push([kind, orders[i], c.stratumLabel, c.row, c.id,
        ...kept.map((k) => c.values[/** @type {number} */ (index.get(k))] ?? '')]));
    }
    return csvText(rows);
  }

  async #downloadSample() {
    const drawn = /** @type {NonNullable<typeof this.#drawn>} */ (this.#drawn);
    downloadText(`${baseName(drawn.file.name)}-sample.csv`, await this.#sampleCsv(), 'text/csv;charset=utf-8');
  }

  #downloadReceipt() {
    const drawn = /** @type {NonNullable<typeof this.#drawn>} */ (this.#drawn);
    downloadText(`${baseName(drawn.file.name)}-receipt.json`, drawn.result.receiptJson, 'application/json');
  }

  // ---------------------------------------------------------------------------------------
  // Checking a receipt
  // ---------------------------------------------------------------------------------------

  /** @param {string} id */
  #buildVerify(id) {
    const fileInput = (/** @type {string} */ field, /** @type {string} */ suffix, /** @type {string} */ accept, /** @type {string} */ label, /** @type {string} */ hint) => {
      const input = /** @type {HTMLInputElement} */ (h('input', {
        class: 'govuk-file-upload', id: `${id}-${suffix}`, name: field, type: 'file', accept, 'aria-describedby': `${id}-${suffix}-hint`,
      }));
      input.addEventListener('change', () => {
        this.#check[field === 'checkList' ? 'list' : 'receipt'] = input.files?.[0] ?? null;
        this.#verifyResult.replaceChildren();
      });
      const zone = h('div', { class: 'dd-drop-zone' }, h('div', { class: 'govuk-hint', id: `${id}-${suffix}-hint` }, hint), input);
      const dropped = h('p', { class: 'govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0', hidden: true });
      zone.append(dropped);
      dropZone(zone, ([file]) => {
        this.#check[field === 'checkList' ? 'list' : 'receipt'] = file;
        input.value = '';
        dropped.hidden = false;
        dropped.textContent = `Chosen: ${file.name}`;
        this.#verifyResult.replaceChildren();
      });
      input.addEventListener('change', () => {
        dropped.hidden = true;
      });
      const group = h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label govuk-label--s', for: input.id }, label), zone);
      this.#fields.set(field, { group, control: input, before: zone, describes: input });
      return group;
    };
    const submit = h('button', { type: 'submit', class: 'govuk-button', 'data-module': 'govuk-button' }, 'Check the receipt');
    const actions = h('div', { class: 'govuk-button-group' }, submit);
    const form = h('form', { class: 'dd-sampler__verify-form', novalidate: true, 'aria-label': 'Check a receipt' },
      fileInput('checkList', 'list', '.csv,.tsv,.txt,.xlsx,.xlsm,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Case list', 'The list the sample was drawn from: the same file, or another copy of the same records (a CSV file or an .xlsx workbook). Nothing is uploaded.'),
      fileInput('receipt', 'receipt', '.json,application/json', 'Receipt', 'The receipt saved with the sample (a .json file).'),
      actions);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#verify(actions);
    });
    this.#verifyResult = h('div', { class: 'dd-sampler__verify-result' });
    return h('section', { class: 'dd-sampler__verify', 'aria-labelledby': `${id}-heading` },
      this.#heading(0, 'Check a receipt', { id: `${id}-heading` }),
      h('p', { class: 'govuk-body' },
        'A receipt records the case list’s fingerprint, the plan, the seed and the cases drawn. ',
        'Checking it draws the sample again from the list and says whether everything matches. Nothing is uploaded.'),
      form,
      this.#verifyResult);
  }

  /**
   * Checks the chosen receipt against the chosen list.
   *
   * @param {HTMLElement} actions - The form's buttons, for the progress bar.
   */
  async #verify(actions) {
    this.#clearErrors();
    this.#verifyResult.replaceChildren();
    const { list, receipt } = this.#check;
    /** @type {FormProblem[]} */
    const problems = [];
    if (!list) problems.push({ field: 'checkList', code: 'required', message: 'Choose the case list the sample was drawn from' });
    if (!receipt) problems.push({ field: 'receipt', code: 'required', message: 'Choose the receipt' });
    /** @type {string | null} */
    let text = null;
    if (receipt) {
      if (receipt.size > MAX_RECEIPT_BYTES) {
        problems.push({ field: 'receipt', code: 'bad-receipt', message: 'The receipt must be a receipt file saved with a sample (.json): this file is far too large' });
      } else {
        text = await receipt.text();
        try {
          JSON.parse(text);
        } catch {
          problems.push({ field: 'receipt', code: 'bad-receipt', message: 'The receipt must be a receipt file saved with a sample (.json): this file is not JSON' });
        }
      }
    }
    if (problems.length) {
      this.#showErrors(problems);
      return;
    }
    const chosen = /** @type {File} */ (list);
    const outcome = await this.#run(actions, async () => {
      await this.#client.file('check', chosen, chosen.name);
      return this.#client.request('verify', { key: 'check', receipt: text });
    });
    if (!outcome.ok) {
      const error = /** @type {any} */ (outcome.error);
      if (error instanceof Cancelled) return;
      if (!isDeepDiveError(error)) {
        this.#showErrors([{ field: 'checkList', code: 'failure', message: describeFailure(error) }]);
        return;
      }
      // A problem with the receipt names it (`receipt`, `receipt.plan`); any other is the list's.
      this.#showErrors(error.problems.map((/** @type {any} */ p) => {
        const ofReceipt = String(p.field ?? '').startsWith('receipt') || p.code === 'bad-receipt';
        const message = capitalise(p.message || p.code);
        return { field: ofReceipt ? 'receipt' : 'checkList', code: p.code, message };
      }));
      return;
    }
    const result = outcome.value;
    this.#showVerification(result, chosen.name, /** @type {string} */ (text));
    this.dispatchEvent(new CustomEvent('dd-sampler-verify', { bubbles: true, composed: true, detail: result }));
  }

  /**
   * Shows whether the receipt matched.
   *
   * @param {{ok: boolean, differences: Array<{kind: string, message: string}>}} result
   * @param {string} listName
   * @param {string} receiptText
   */
  #showVerification(result, listName, receiptText) {
    const id = `${this.#prefix}-verified`;
    /** @type {any} */
    let receipt = null;
    try {
      receipt = JSON.parse(receiptText);
    } catch {
      receipt = null;
    }
    const facts = receipt && typeof receipt === 'object' ? summaryList([
      ['Case list', listName],
      receipt.plan?.seed ? ['Seed', h('code', {}, String(receipt.plan.seed))] : null,
      Array.isArray(receipt.selected) ? ['Cases in the receipt', `${plural(receipt.selected.length, 'case')} selected and ${plural(Array.isArray(receipt.reserves) ? receipt.reserves.length : 0, 'reserve')}`] : null,
    ]) : null;
    const list = (/** @type {Array<{kind: string, message: string}>} */ items) => h('ul', { class: 'govuk-list govuk-list--bullet dd-sampler__differences' },
      items.map((d) => h('li', { 'data-kind': d.kind },
        h('strong', {}, `${DIFFERENCES[d.kind] ?? d.kind}: `), capitalise(d.message))));
    const sameRecords = result.differences.filter((d) => d.kind === 'other-bytes-same-records');
    const banner = result.ok
      ? notificationBanner({
        title: 'Success', id, success: true, heading: 'Receipt verified',
        body: [
          h('p', { class: 'govuk-body' }, 'Drawing the sample again from this case list with the receipt’s plan and seed gives exactly the cases in the receipt.'),
          sameRecords.length
            ? h('p', { class: 'govuk-body' }, 'The file is not byte for byte the one the sample was drawn from, but it holds the same records (another export, order or format), so the sample is the same.')
            : null,
        ],
      })
      : notificationBanner({
        title: 'Important', id, heading: 'The receipt does not match this case list',
        body: [
          h('p', { class: 'govuk-body' }, `Deep Dive found ${plural(result.differences.length, 'difference')}:`),
          list(result.differences),
        ],
      });
    if (result.ok && sameRecords.length) banner.querySelector('.govuk-notification-banner__content')?.append(list(sameRecords));
    this.#verifyResult.replaceChildren(banner, facts ?? '');
    banner.setAttribute('tabindex', '-1');
    banner.focus();
  }

  // ---------------------------------------------------------------------------------------
  // Errors
  // ---------------------------------------------------------------------------------------

  /**
   * The problems of a thrown error, in the form's words and fields.
   *
   * @param {unknown} error
   * @param {string | null} fallback - The field of problems that name none.
   * @returns {FormProblem[]}
   */
  #problemsFrom(error, fallback) {
    if (!isDeepDiveError(error)) return [{ field: fallback, code: 'failure', message: describeFailure(error) }];
    const api = /** @type {any} */ (error);
    return api.problems.map((/** @type {any} */ p) => {
      const field = this.#fieldName(p.field) ?? (p.field === null ? fallback : null);
      const filter = /^filters\[(\d+)\]/.exec(p.field ?? '');
      const message = capitalise(p.message || p.code);
      return { field, code: p.code, message: filter ? `Filter ${Number(filter[1]) + 1}: ${message}` : message };
    });
  }

  /**
   * The form field an API field belongs to.
   *
   * @param {string | null} field - e.g. `idColumn`, `strata[1]`, `filters[0].column`.
   * @returns {string | null}
   */
  #fieldName(field) {
    if (!field) return null;
    if (this.#fields.has(field)) return field;
    if (/^strata\[\d+\]$/.test(field)) return 'strata';
    const filter = /^filters\[(\d+)\]/.exec(field);
    if (filter && this.#fields.has(`filters[${filter[1]}].column`)) return `filters[${filter[1]}].column`;
    return null;
  }

  /** Removes every error message, class and the summary; entered values stay. */
  #clearErrors() {
    for (const undo of this.#marks) undo();
    this.#marks = [];
    this.#errorSummary.hidden = true;
    this.#errorSummary.replaceChildren();
  }

  /**
   * Shows problems: the error summary (focused) and a message in each field's group.
   *
   * @param {FormProblem[]} problems
   * @param {{focus?: boolean}} [options]
   */
  #showErrors(problems, { focus = true } = {}) {
    this.#clearErrors();
    // The summary lists the problems in the order of their fields on the page; problems of no
    // field first.
    const position = (/** @type {FormProblem} */ problem) => (problem.field ? this.#fields.get(problem.field)?.group : null) ?? null;
    problems = problems.map((problem, i) => ({ problem, i })).sort((a, b) => {
      const [x, y] = [position(a.problem), position(b.problem)];
      if (x === y) return a.i - b.i;
      if (!x || !y) return x ? 1 : -1;
      return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    }).map(({ problem }) => problem);
    /** @type {Map<string, FormProblem[]>} */
    const byField = new Map();
    for (const problem of problems) {
      const key = problem.field && this.#fields.has(problem.field) ? problem.field : '';
      byField.set(key, [...(byField.get(key) ?? []), problem]);
    }
    for (const [key, mine] of byField) {
      if (!key) continue;
      const field = /** @type {Field} */ (this.#fields.get(key));
      const messageId = `${field.control.id || `${this.#prefix}-${key}`}-error`.replace(/[^\w-]/g, '-');
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
      this.#marks.push(() => {
        message.remove();
        field.group.classList.remove('govuk-form-group--error');
        if (describedBy) field.describes.setAttribute('aria-describedby', describedBy);
        else field.describes.removeAttribute('aria-describedby');
        marks.forEach((control, i) => classes[i] && control.classList.remove(classes[i]));
      });
    }

    this.#errorSummary.replaceChildren(h('div', { role: 'alert' },
      h('h2', { class: 'govuk-error-summary__title' }, 'There is a problem'),
      h('div', { class: 'govuk-error-summary__body' },
        h('ul', { class: 'govuk-list govuk-error-summary__list' },
          problems.map((problem) => {
            const field = problem.field ? this.#fields.get(problem.field) : null;
            if (!field) return h('li', {}, problem.message);
            const target = field.control;
            const link = h('a', { href: `#${target.id}` }, problem.message);
            link.addEventListener('click', (event) => {
              event.preventDefault();
              target.focus();
              const legend = target.closest('fieldset')?.querySelector('legend');
              const label = /** @type {HTMLInputElement} */ (target).labels?.[0];
              (legend ?? label ?? target).scrollIntoView({ block: 'start' });
            });
            return h('li', {}, link);
          })))));
    this.#errorSummary.hidden = false;
    if (focus) this.#errorSummary.focus();
    this.dispatchEvent(new CustomEvent('dd-sampler-error', {
      bubbles: true, composed: true,
      detail: { problems: problems.map(({ field, code, message }) => ({ field, code, message })) },
    }));
  }
}

// -----------------------------------------------------------------------------------------
// Small helpers
// -----------------------------------------------------------------------------------------

/**
 * A table head row.
 *
 * @param {string[]} names
 * @param {boolean[]} [numeric] - Which columns are numeric (right-aligned).
 */
function tableHead(names, numeric = []) {
  return h('thead', { class: 'govuk-table__head' },
    h('tr', { class: 'govuk-table__row' },
      names.map((name, i) => h('th', { scope: 'col', class: `govuk-table__header${numeric[i] ? ' govuk-table__header--numeric' : ''}` }, name))));
}

/**
 * A GOV.UK button that runs a function.
 *
 * @param {string} text
 * @param {() => void} onClick
 * @param {boolean} [secondary]
 */
function button(text, onClick, secondary = false) {
  const b = h('button', { type: 'button', class: `govuk-button${secondary ? ' govuk-button--secondary' : ''}`, 'data-module': 'govuk-button' }, text);
  b.addEventListener('click', onClick);
  return b;
}

/**
 * Each case's place among its stratum's cases in the list (1, 2, …): the list is stratum by
 * stratum, each in ticket order.
 *
 * @param {Array<{stratum: number}>} cases
 * @returns {number[]}
 */
function orderInStratum(cases) {
  /** @type {Map<number, number>} */
  const seen = new Map();
  return cases.map((c) => {
    const n = (seen.get(c.stratum) ?? 0) + 1;
    seen.set(c.stratum, n);
    return n;
  });
}

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

/**
 * An ingest problem in words, starting with a capital.
 *
 * @param {{sheet?: string | null, message: string}} problem
 */
function problemText(problem) {
  const message = capitalise(problem.message);
  return problem.sheet ? `Sheet “${problem.sheet}”: ${message}` : message;
}

/** @param {string} encoding */
function encodingName(encoding) {
  return ({ 'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 with a byte-order mark', 'utf-16le': 'UTF-16', 'utf-16be': 'UTF-16', 'windows-1252': 'Windows-1252 (Western European)' })[encoding] ?? encoding;
}

/** @param {string | null} delimiter */
function delimiterName(delimiter) {
  return ({ ',': 'cells separated by commas', ';': 'cells separated by semicolons', '\t': 'cells separated by tabs', '|': 'cells separated by vertical bars' })[delimiter ?? '']
    ?? (delimiter ? `cells separated by “${delimiter}”` : 'one column');
}

/**
 * A plan's allocation in words.
 *
 * @param {any} plan
 */
function allocationWords(plan) {
  if (plan.allocation === 'equal') return 'The same number from each stratum';
  if (plan.allocation === 'minimum') return `At least ${plan.minPerStratum} from each stratum, the rest in proportion`;
  return 'In proportion to the size of each stratum';
}

/**
 * A filter in words.
 *
 * @param {any} f
 * @param {string | undefined} referenceDate
 */
function filterWords(f, referenceDate) {
  const range = (/** @type {string | undefined} */ a, /** @type {string | undefined} */ b) => {
    if (a !== undefined && b !== undefined) return `from ${a} to ${b}`;
    return a !== undefined ? `${a} or later` : `${b} or earlier`;
  };
  if (f.op === 'equals') return `${f.column} is “${f.value}”`;
  if (f.op === 'one-of') return `${f.column} is one of ${f.values.map((/** @type {string} */ v) => `“${v}”`).join(', ')}`;
  if (f.op === 'not-blank') return `${f.column} is not blank`;
  if (f.op === 'date-between') return `${f.column} is a date ${range(f.from && formatDate(f.from), f.to && formatDate(f.to))}`;
  const ages = f.min !== undefined && f.max !== undefined ? `from ${f.min} to ${f.max}`
    : f.min !== undefined ? `${f.min} or over` : `${f.max} or under`;
  return `${f.column}: aged ${ages} on ${formatDate(String(referenceDate))}`;
}

/**
 * When a sample was drawn, by the device's clock: `25 November 2026 at 20:20`.
 *
 * @param {Date} at
 */
function drawnAt(at) {
  const iso = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  return `${formatDate(iso)} at ${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/**
 * A file's name without its extension, for the names of downloads.
 *
 * @param {string} name
 */
function baseName(name) {
  return (name.replace(/\.[^.]*$/, '') || 'case-list').replace(/[\\/:*?"<>|]+/g, '-');
}

if (!customElements.get('dd-sampler')) customElements.define('dd-sampler', DeepDiveSampler);
