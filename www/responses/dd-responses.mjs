/**
 * @file `<dd-responses>`: the consulting team's page. Load a consultation's definition and any
 * number of response files; every file is checked, and the results are shown per question,
 * with charts, tables, free text and exports.
 *
 * This module is the element: its lifecycle, its attributes, its state and which part shows
 * what. The parts are views (`definition-view.mjs`, `files-view.mjs`, `summary-view.mjs`,
 * `rejected-view.mjs`, `exports-view.mjs`) over modules without DOM (`files.mjs`,
 * `text-search.mjs`, `chart-layout.mjs`, `wording.mjs`, `problems.mjs`).
 *
 * The markup needs none of GOV.UK Frontend's JavaScript and carries no `data-module`, so a host
 * page that calls GOV.UK Frontend's `initAll()`, before or after the element renders, changes
 * nothing in it.
 *
 * Usage, on any page (with the bundle's `deepdive.css` on top of GOV.UK Frontend's styles, or `deepdive-full.css` if the page lacks them):
 *
 * ```html
 * <script type="module" src="/responses/dd-responses.mjs"></script>
 * <dd-responses src="builtin:demo"></dd-responses>
 * ```
 *
 * Attributes (all optional):
 * - `src`: the consultation to preselect: `builtin:<id>` (`builtin:demo`, `builtin:jtai-2015`,
 *   `builtin:macp-2012`, `builtin:lac-2012`) or the URL of a definition JSON file on the same
 *   site. Without it the first built-in is chosen. The team can always choose another built-in
 *   or load a definition file instead.
 * - `heading-level`: the level (2–4, default 2) of the element's section headings; each
 *   question's heading is one level down.
 *
 * Both are observed: a new `src` loads that consultation, a new `heading-level` redraws the
 * page with the files loaded kept.
 *
 * Events (bubbling, composed):
 * - `dd-responses`: the results were worked out again (files added or removed, definition
 *   changed, late responses counted or not); `detail` is `{summary}`, the summary JSON of
 *   `summariseResponses` (see docs/consultation-format.md).
 *
 * Files. Response files are read from a file picker or dropped on the drop zone, any number
 * at once, added to those already loaded; a file whose bytes (their SHA-256) are those of a
 * file already loaded, under any name, is skipped and said so. A `.json` file holds one
 * response or a JSON array of responses; a `.jsonl` (or `.ndjson`) file holds one response a
 * line. A definition file
 * dropped among them (a JSON object with `sections`) becomes the definition. Every response
 * is checked by the WebAssembly core: a file for another consultation, version or text, with
 * invalid answers, repeating an earlier response's id, made in the preview or sent before
 * the opening is rejected and listed with its file name and every problem, in plain words
 * (`problems.mjs`); a response sent
 * after the close is late, listed apart, and counted only when the team ticks the box.
 * Nothing is mixed in silently: total = accepted + late + rejected.
 *
 * Results. Per question: how many were shown it and answered it; per option, the count and the
 * percentage of those who answered, overall and by respondent type, as an SVG bar chart
 * (`role="img"` with an `aria-label` giving every figure) and a table with the same figures;
 * free-text answers with a search box; e-mail addresses counted, never listed. Exports: every
 * counted response as CSV (byte-order mark, columns in definition order, multiple choice
 * joined and as 0/1 columns, formula injection neutralised), the publication CSV (only
 * consenting respondents, no contact details, identifying answers only with consent to
 * publish in full), and the summary JSON. The CSV columns are headed by the questions' wording,
 * with the answers' labels; a second pair of buttons gives the codes version. A print button
 * prints the results alone (the forms and downloads are not printed). Wide tables scroll
 * sideways in their own labelled, focusable region. Nothing leaves the browser.
 */

import { loadDeepDive } from '../wasm.mjs';
import { describeFailure, h, warningText } from '../dom.mjs';
import { printAlone, printButton } from '../govuk/print.mjs';
import { definitionPart, showDefinition, showDefinitionProblems } from './definition-view.mjs';
import { ResponseFiles, splitFile } from './files.mjs';
import { filesPart, showFiles } from './files-view.mjs';
import { downloads } from './exports-view.mjs';
import { setAside } from './rejected-view.mjs';
import { counts, questions, respondents } from './summary-view.mjs';
import { defineElement } from '../define.mjs';


/** @typedef {import('../pkg/deepdive.js').ConsultationDefinition} ConsultationDefinition */
/** @typedef {import('../pkg/deepdive.js').ResponsesSummary} ResponsesSummary */
/** How many responses elements this page has made, to give each its own ids. */
let instanceCount = 0;

/**
 * The consulting team's results page.
 *
 * @fires DeepDiveResponses#dd-responses
 */
export class DeepDiveResponses extends HTMLElement {
  /** @type {import('../wasm.mjs').DeepDiveApi | null} */
  #api = null;
  #started = false;
  #prefix = '';
  /** The definition in use, as JSON. @type {ConsultationDefinition | null} */
  #definition = null;
  /** Where it came from: `built into Deep Dive` or `from <file>`. */
  #definitionSource = '';
  #files = new ResponseFiles();
  #includeLate = false;
  /** @type {ReturnType<typeof definitionPart> | null} */
  #definitionPart = null;
  /** @type {ReturnType<typeof filesPart> | null} */
  #filesPart = null;
  /** @type {HTMLElement | null} */
  #resultArea = null;

  static get observedAttributes() {
    return ['src', 'heading-level'];
  }

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    instanceCount += 1;
    this.#prefix = this.id ? `${this.id}-dd` : `dd-responses-${instanceCount}`;
    // A file dropped anywhere on the element is not opened by the browser in place of the page.
    this.addEventListener('dragover', (event) => event.preventDefault());
    this.addEventListener('drop', (event) => event.preventDefault());
    this.#start();
  }

  /**
   * Before the page is built, `#start` reads the attributes itself; after, a new `src` loads
   * that consultation and a new `heading-level` redraws the page.
   *
   * @param {string} name
   * @param {string | null} before
   * @param {string | null} after
   */
  attributeChangedCallback(name, before, after) {
    if (!this.#definitionPart || before === after) return;
    if (name === 'src') {
      this.#loadSource(after);
      return;
    }
    this.#build();
    if (this.#definition && this.#definitionPart) showDefinition(this.#definitionPart, this.#definition, this.#definitionSource);
    this.#update();
  }

  /** The level of the element's section headings. */
  get #level() {
    const n = Number(this.getAttribute('heading-level'));
    return Number.isInteger(n) && n >= 2 && n <= 4 ? n : 2;
  }

  /** The API, once loaded. */
  get #dd() {
    if (!this.#api) throw new Error('the WebAssembly package is not loaded');
    return this.#api;
  }

  /** Loads the API, builds the page, then the preselected definition. */
  async #start() {
    this.replaceChildren(h('p', { class: 'govuk-body', role: 'status' }, 'Loading the responses tool…'));
    try {
      this.#api = await loadDeepDive();
      this.#build();
      await this.#loadSource(this.getAttribute('src'));
    } catch (error) {
      this.replaceChildren(h('div', { class: 'govuk-error-summary', tabindex: '-1' },
        h('div', { role: 'alert' },
          h('h2', { class: 'govuk-error-summary__title' }, 'The responses tool is not working'),
          h('div', { class: 'govuk-error-summary__body' },
            h('p', { class: 'govuk-body' }, describeFailure(error)),
            h('p', { class: 'govuk-body' }, 'Try reloading the page.')))));
    }
  }

  /** Builds the two forms (definition, files) and the empty results. */
  #build() {
    const prefix = this.#prefix;
    const level = this.#level;
    this.#definitionPart = definitionPart({
      prefix,
      level,
      builtins: this.#dd.consultations(),
      onChoose: (src) => this.#loadSource(src),
      onFile: (file) => this.#loadDefinitionFile(file),
    });
    this.#filesPart = filesPart({
      prefix,
      level,
      onFiles: (files) => this.#addFiles(files),
      onClear: () => {
        this.#files.clear();
        this.#update();
      },
    });
    // Printed, the results are all the page shows.
    this.#resultArea = printAlone(h('div', { class: 'dd-responses__results' }));
    this.replaceChildren(this.#definitionPart.section, this.#filesPart.section, this.#resultArea);
  }

  /**
   * Loads a definition from `builtin:<id>` or a same-site URL.
   *
   * @param {string | null} src
   */
  async #loadSource(src) {
    try {
      if (!src) {
        const first = this.#dd.consultations()[0];
        src = first ? `builtin:${first.id}` : null;
      }
      if (!src) return;
      if (src.startsWith('builtin:')) {
        const id = src.slice('builtin:'.length);
        let definition;
        try {
          definition = this.#dd.consultationDefinition(id);
        } catch {
          this.#showDefinitionProblems(`There is no built-in consultation called “${id}”.`, []);
          return;
        }
        if (this.#definitionPart) this.#definitionPart.select.value = src;
        this.#setDefinition(definition, 'built into Deep Dive');
        return;
      }
      const url = new URL(src, document.baseURI);
      if (url.origin !== location.origin) {
        this.#showDefinitionProblems('The definition must come from this website.', []);
        return;
      }
      const response = await fetch(url.href, { credentials: 'same-origin' });
      if (!response.ok) {
        this.#showDefinitionProblems(`The definition could not be loaded (the server answered ${response.status}).`, []);
        return;
      }
      this.#useDefinitionText(await response.text(), url.pathname.split('/').pop() || url.pathname);
    } catch (error) {
      this.#showDefinitionProblems(describeFailure(error), []);
    }
  }

  /** @param {File} file */
  async #loadDefinitionFile(file) {
    try {
      this.#useDefinitionText(await file.text(), file.name);
    } catch (error) {
      this.#showDefinitionProblems(`The file ${file.name} could not be read: ${describeFailure(error)}`, []);
    }
  }

  /**
   * Checks a definition's text and uses it if it is valid.
   *
   * @param {string} text
   * @param {string} name
   */
  #useDefinitionText(text, name) {
    const checked = this.#dd.validateConsultation(text);
    if (!checked.ok) {
      this.#showDefinitionProblems(`The definition in ${name} has problems, so it cannot be used:`, checked.problems, name);
      return;
    }
    this.#setDefinition(JSON.parse(text), `from ${name}`);
  }

  /**
   * @param {ConsultationDefinition} definition
   * @param {string} source
   */
  #setDefinition(definition, source) {
    this.#definition = definition;
    this.#definitionSource = source;
    if (this.#definitionPart) showDefinition(this.#definitionPart, definition, source);
    this.#update();
  }

  /**
   * @param {string} message
   * @param {import('./problems.mjs').Problem[]} problems
   * @param {string} [fileName] - The definition's file.
   */
  #showDefinitionProblems(message, problems, fileName) {
    if (this.#definitionPart) showDefinitionProblems(this.#definitionPart.status, message, problems, fileName);
  }

  /**
   * Reads files into responses: one response, a JSON array, or JSON lines. A file whose bytes
   * are those of a file already loaded is skipped and said so.
   *
   * @param {File[]} files
   */
  async #addFiles(files) {
    for (const file of files) {
      /** @type {Uint8Array} */
      let bytes;
      try {
        bytes = new Uint8Array(await file.arrayBuffer());
      } catch (error) {
        this.#files.unreadable.push(`${file.name}: ${describeFailure(error)}`);
        continue;
      }
      const sha256 = this.#sha256(bytes);
      if (this.#files.loadedAs(sha256) !== undefined) {
        this.#files.skip(file.name, sha256);
        continue;
      }
      const content = new TextDecoder().decode(bytes);
      const items = splitFile(file.name, content);
      if (items === 'definition') {
        const checked = this.#dd.validateConsultation(content);
        if (checked.ok) {
          this.#files.notes.push(`${file.name} is a consultation definition, so it is used as the definition.`);
          this.#setDefinition(JSON.parse(content), `from ${file.name}`);
          continue;
        }
        this.#files.addFile([{ name: file.name, text: content }], { name: file.name, sha256 });
        continue;
      }
      this.#files.addFile(items, { name: file.name, sha256 });
    }
    this.#update();
  }

  /**
   * The SHA-256 of a file's bytes, by the core's own hash (on any page, secure or not).
   *
   * @param {Uint8Array} bytes
   * @returns {string} 64 lower-case hex digits.
   */
  #sha256(bytes) {
    const hash = new this.#dd.Sha256();
    try {
      hash.update(bytes);
      return hash.hex();
    } finally {
      hash.free();
    }
  }

  /** Works the summary out again and shows it. */
  #update() {
    if (this.#filesPart) showFiles(this.#filesPart, this.#files);
    const area = /** @type {HTMLElement} */ (this.#resultArea);
    if (!this.#definition) {
      area.replaceChildren();
      return;
    }
    if (!this.#files.items.length) {
      area.replaceChildren(h('p', { class: 'govuk-body dd-no-files' }, 'No response files are loaded yet.'));
      return;
    }
    try {
      const summary = this.#dd.summariseResponses(this.#definition, this.#files.items, { includeLate: this.#includeLate });
      area.replaceChildren(...this.#results(summary));
      this.dispatchEvent(new CustomEvent('dd-responses', { bubbles: true, composed: true, detail: { summary } }));
    } catch (error) {
      area.replaceChildren(warningText(describeFailure(error)));
    }
  }

  /**
   * The results: the counts, the responses set aside, the exports and every question.
   *
   * @param {ResponsesSummary} summary - The summary JSON.
   * @returns {Node[]}
   */
  #results(summary) {
    const level = this.#level;
    const sub = Math.min(level + 1, 6);
    const prefix = this.#prefix;
    return [
      h(`h${level}`, { class: 'govuk-heading-l', id: `${prefix}-results` }, '3. Results'),
      h('div', { class: 'govuk-button-group dd-print-hide' }, printButton('Print the results')),
      ...counts(summary, {
        prefix,
        onIncludeLate: (include) => {
          this.#includeLate = include;
          this.#update();
          /** @type {HTMLElement | null} */ (this.querySelector(`#${CSS.escape(`${prefix}-late`)}`))?.focus();
        },
      }),
      ...setAside(summary, { prefix, level: sub, items: this.#files.items }),
      ...respondents(summary, sub),
      downloads({
        definition: /** @type {ConsultationDefinition} */ (this.#definition), summary, level: sub, api: this.#dd, items: this.#files.items, includeLate: this.#includeLate,
      }),
      ...questions(summary, { prefix, level: sub }),
    ];
  }
}

defineElement('dd-responses', DeepDiveResponses);
