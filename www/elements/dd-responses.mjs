/**
 * @file `<dd-responses>`: the consulting team's page. Load a consultation's definition and any
 * number of response files; every file is checked, and the results are shown per question,
 * with charts, tables, free text and exports.
 *
 * Usage, on any page (add `styles/app.css` if the page lacks GOV.UK Frontend's styles):
 *
 * ```html
 * <script type="module" src="/elements/dd-responses.mjs"></script>
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
 * Events (bubbling, composed):
 * - `dd-responses`: the results were worked out again (files added or removed, definition
 *   changed, late responses counted or not); `detail` is `{summary}`, the summary JSON of
 *   `summariseResponses` (see docs/consultation-format.md).
 *
 * Files. Response files are read with `File.text()`, from a file picker or dropped on the drop
 * zone, any number at once, added to those already loaded. A `.json` file holds one response
 * or a JSON array of responses; a `.jsonl` (or `.ndjson`) file holds one response a line.
 * A definition file dropped among them (a JSON object with `sections`) becomes the definition.
 * Every response is checked by the WebAssembly core: a file for another consultation, version
 * or text, with invalid answers, repeating an earlier response's id, made in the preview or
 * sent before the opening is rejected and listed with its file name and every problem; a
 * response sent after the close is late, listed apart, and counted only when the team ticks
 * the box. Nothing is mixed in silently: total = accepted + late + rejected.
 *
 * Results. Per question: how many were shown it and answered it; per option, the count and the
 * percentage of those who answered, overall and by respondent type, as an SVG bar chart
 * (`role="img"` with an `aria-label` giving every figure) and a table with the same figures;
 * free-text answers with a search box; e-mail addresses counted, never listed. Exports: every
 * counted response as CSV (byte-order mark, columns in definition order, multiple choice
 * joined and as 0/1 columns, formula injection neutralised), the publication CSV (only
 * consenting respondents, no contact details, identifying answers only with consent to
 * publish in full), and the summary JSON. Nothing leaves the browser.
 */

import { loadDeepDive } from '../wasm.mjs';
import {
  h, describeFailure, downloadText, dropZone, errorSummary, summaryList, svg, warningText,
} from '../dom.mjs';

/** How many responses elements this page has made, to give each its own ids. */
let instanceCount = 0;

/** The respondent groups of the summary, in order, with their column headings. */
const GROUPS = [
  ['individual', 'Individuals'],
  ['organisation', 'Organisations'],
  ['prefer-not-to-say', 'Prefer not to say'],
  ['not-answered', 'Type not given'],
];

/** Consent values in words. */
const CONSENT = {
  'publish-in-full': 'publish in full',
  'publish-anonymously': 'publish anonymously',
  'do-not-publish': 'do not publish',
  'not-answered': 'consent not given',
};

/** Respondent types in words. */
const TYPES = {
  individual: 'Individual',
  organisation: 'Organisation',
  'prefer-not-to-say': 'Type not said',
  'not-answered': 'Type not given',
};

/** Free-text answers listed at most, per question, before the search narrows them. */
const TEXT_LIMIT = 200;

/**
 * One response as the core reads it: the name it is reported under and its JSON text.
 *
 * @typedef {{name: string, text: string}} Item
 */

/**
 * The consulting team's results page.
 *
 * @fires DeepDiveResponses#dd-responses
 */
export class DeepDiveResponses extends HTMLElement {
  /** @type {any} */
  #api = null;
  #started = false;
  #prefix = '';
  /** @type {any} */
  #def = null;
  /** Where the definition came from, for the page. */
  #defSource = '';
  /** @type {Item[]} */
  #items = [];
  /** How many files the items came from. */
  #fileCount = 0;
  /** Files that could not be read at all. @type {string[]} */
  #unreadable = [];
  /** Notes about the files read (definitions found among them). @type {string[]} */
  #notes = [];
  #includeLate = false;
  /** @type {any} */
  #summary = null;
  /** @type {HTMLElement | null} */
  #definitionArea = null;
  /** @type {HTMLElement | null} */
  #filesArea = null;
  /** @type {HTMLElement | null} */
  #resultArea = null;
  /** @type {HTMLSelectElement | null} */
  #select = null;

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    instanceCount += 1;
    this.#prefix = this.id ? `${this.id}-dd` : `dd-responses-${instanceCount}`;
    this.#start();
  }

  /** The level of the element's section headings. */
  get #level() {
    const n = Number(this.getAttribute('heading-level'));
    return Number.isInteger(n) && n >= 2 && n <= 4 ? n : 2;
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
    const p = this.#prefix;
    const level = this.#level;
    const builtins = this.#api.consultations();

    // 1. The consultation.
    const selectId = `${p}-consultation`;
    this.#select = /** @type {HTMLSelectElement} */ (h('select', { class: 'govuk-select', id: selectId, name: 'consultation' },
      builtins.map((/** @type {any} */ c) => h('option', { value: `builtin:${c.id}` }, c.title))));
    this.#select.addEventListener('change', () => this.#loadSource(/** @type {HTMLSelectElement} */ (this.#select).value));
    const defFileId = `${p}-definition-file`;
    const defInput = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-file-upload', id: defFileId, name: 'definition-file', type: 'file', accept: '.json,application/json',
      'aria-describedby': `${defFileId}-hint`,
    }));
    defInput.addEventListener('change', async () => {
      const file = defInput.files?.[0];
      if (file) await this.#loadDefinitionFile(file);
      defInput.value = '';
    });
    this.#definitionArea = h('div', { class: 'dd-definition', 'aria-live': 'polite' });
    const definitionSection = h('section', { class: 'dd-responses__definition', 'aria-labelledby': `${p}-def-heading` },
      h(`h${level}`, { class: 'govuk-heading-m', id: `${p}-def-heading` }, '1. The consultation'),
      h('div', { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label', for: selectId }, 'A consultation built into Deep Dive'),
        this.#select),
      h('div', { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label', for: defFileId }, 'Or its definition file'),
        h('div', { class: 'govuk-hint', id: `${defFileId}-hint` }, 'The consultation’s JSON definition (see the consultation format).'),
        defInput),
      this.#definitionArea);

    // 2. The response files.
    const filesId = `${p}-files`;
    const filesInput = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-file-upload', id: filesId, name: 'response-files', type: 'file', multiple: true,
      accept: '.json,.jsonl,.ndjson,application/json', 'aria-describedby': `${filesId}-hint`,
    }));
    filesInput.addEventListener('change', async () => {
      const files = [...(filesInput.files ?? [])];
      filesInput.value = '';
      if (files.length) await this.#addFiles(files);
    });
    const zone = h('div', { class: 'dd-drop-zone' },
      h('div', { class: 'govuk-hint', id: `${filesId}-hint` },
        'Choose any number of response files at once, or drag and drop them here. A file may hold one response (.json), ',
        'a JSON array of responses, or one response a line (.jsonl). Files you add are kept with those already loaded.'),
      filesInput);
    dropZone(zone, (files) => this.#addFiles(files));
    const clear = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button' }, 'Remove all response files');
    clear.addEventListener('click', () => {
      this.#items = [];
      this.#fileCount = 0;
      this.#unreadable = [];
      this.#notes = [];
      this.#update();
    });
    this.#filesArea = h('div', { class: 'dd-files', role: 'status' });
    const filesSection = h('section', { class: 'dd-responses__files', 'aria-labelledby': `${p}-files-heading` },
      h(`h${level}`, { class: 'govuk-heading-m', id: `${p}-files-heading` }, '2. The responses'),
      h('div', { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label', for: filesId }, 'Response files'),
        zone),
      this.#filesArea,
      h('div', { class: 'govuk-button-group' }, clear));

    this.#resultArea = h('div', { class: 'dd-responses__results' });
    // A file dropped anywhere on the element is not opened by the browser in place of the page.
    this.addEventListener('dragover', (event) => event.preventDefault());
    this.addEventListener('drop', (event) => event.preventDefault());
    this.replaceChildren(definitionSection, filesSection, this.#resultArea);
  }

  /**
   * Loads a definition from `builtin:<id>` or a same-site URL.
   *
   * @param {string | null} src
   */
  async #loadSource(src) {
    try {
      if (!src) {
        const first = this.#api.consultations()[0];
        src = first ? `builtin:${first.id}` : null;
      }
      if (!src) return;
      if (src.startsWith('builtin:')) {
        const id = src.slice('builtin:'.length);
        let definition;
        try {
          definition = this.#api.consultationDefinition(id);
        } catch {
          this.#showDefinitionProblems(`There is no built-in consultation called “${id}”.`, []);
          return;
        }
        if (this.#select) this.#select.value = src;
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
    const checked = this.#api.validateConsultation(text);
    if (!checked.ok) {
      this.#showDefinitionProblems(`The definition in ${name} has problems, so it cannot be used:`, checked.problems);
      return;
    }
    this.#setDefinition(JSON.parse(text), `from ${name}`);
  }

  /**
   * @param {any} definition
   * @param {string} source
   */
  #setDefinition(definition, source) {
    this.#def = definition;
    this.#defSource = source;
    if (this.#select && !source.startsWith('built')) {
      // Show the file's definition as the choice, so the select says what is in use.
      const value = `file:${definition.id}`;
      let option = /** @type {HTMLOptionElement | null} */ (this.#select.querySelector(`option[value="${CSS.escape(value)}"]`));
      if (!option) {
        option = /** @type {HTMLOptionElement} */ (h('option', { value }, `${text(definition.title)} (${source})`));
        this.#select.append(option);
      }
      this.#select.value = value;
    }
    this.#definitionArea?.replaceChildren(
      h('p', { class: 'govuk-body' },
        'Using ', h('strong', {}, text(definition.title)), ` (${definition.id}, version ${definition.version}, ${source}).`));
    this.#update();
  }

  /**
   * @param {string} message
   * @param {Array<{field?: string | null, message: string}>} problems
   */
  #showDefinitionProblems(message, problems) {
    this.#definitionArea?.replaceChildren(errorSummary('There is a problem with the definition', [
      { message },
      ...problems.map((problem) => ({ message: problem.field ? `${problem.field}: ${problem.message}` : problem.message })),
    ]));
    /** @type {HTMLElement | null} */ (this.#definitionArea?.querySelector('.govuk-error-summary') ?? null)?.focus();
  }

  /**
   * Reads files into response items: one response, a JSON array, or JSON lines.
   *
   * @param {File[]} files
   */
  async #addFiles(files) {
    for (const file of files) {
      /** @type {string} */
      let content;
      try {
        content = await file.text();
      } catch (error) {
        this.#unreadable.push(`${file.name}: ${describeFailure(error)}`);
        continue;
      }
      this.#fileCount += 1;
      const items = splitFile(file.name, content);
      if (items === 'definition') {
        const checked = this.#api.validateConsultation(content);
        if (checked.ok) {
          this.#notes.push(`${file.name} is a consultation definition, so it is used as the definition.`);
          this.#fileCount -= 1;
          this.#setDefinition(JSON.parse(content), `from ${file.name}`);
          continue;
        }
        this.#items.push({ name: file.name, text: content });
        continue;
      }
      this.#items.push(...items);
    }
    this.#update();
  }

  /** Works the summary out again and shows it. */
  #update() {
    this.#showFiles();
    const area = /** @type {HTMLElement} */ (this.#resultArea);
    if (!this.#def) {
      area.replaceChildren();
      return;
    }
    if (!this.#items.length) {
      area.replaceChildren(h('p', { class: 'govuk-body dd-no-files' }, 'No response files are loaded yet.'));
      this.#summary = null;
      return;
    }
    try {
      const options = { includeLate: this.#includeLate };
      this.#summary = this.#api.summariseResponses(this.#def, this.#items, options);
      area.replaceChildren(...this.#results(this.#summary));
      this.dispatchEvent(new CustomEvent('dd-responses', { bubbles: true, composed: true, detail: { summary: this.#summary } }));
    } catch (error) {
      area.replaceChildren(warningText(describeFailure(error)));
    }
  }

  /** Says which files are loaded. */
  #showFiles() {
    const area = /** @type {HTMLElement} */ (this.#filesArea);
    const parts = [];
    if (this.#fileCount || this.#items.length) {
      parts.push(h('p', { class: 'govuk-body dd-files-count' },
        `${plural(this.#fileCount, 'file')} loaded, holding ${plural(this.#items.length, 'response')}.`));
    }
    for (const note of this.#notes) parts.push(h('p', { class: 'govuk-body' }, note));
    if (this.#unreadable.length) {
      parts.push(warningText('These files could not be read:'),
        h('ul', { class: 'govuk-list govuk-list--bullet' }, this.#unreadable.map((u) => h('li', {}, u))));
    }
    area.replaceChildren(...parts);
  }

  /**
   * The results: the counts, the files set aside, the exports and every question.
   *
   * @param {any} s - The summary JSON.
   * @returns {Node[]}
   */
  #results(s) {
    const level = this.#level;
    const sub = Math.min(level + 1, 6);
    const p = this.#prefix;
    /** @type {Node[]} */
    const out = [h(`h${level}`, { class: 'govuk-heading-l', id: `${p}-results` }, '3. Results')];

    const lateBox = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-checkboxes__input', id: `${p}-late`, name: 'include-late', type: 'checkbox', checked: this.#includeLate,
      'aria-describedby': `${p}-late-hint`,
    }));
    lateBox.addEventListener('change', () => {
      this.#includeLate = lateBox.checked;
      this.#update();
      /** @type {HTMLElement | null} */ (this.querySelector(`#${CSS.escape(`${p}-late`)}`))?.focus();
    });

    out.push(summaryList([
      ['Responses loaded', String(s.total)],
      ['Accepted', String(s.accepted)],
      ['Late (sent after the close)', `${s.late.length}${s.late.length ? (s.includeLate ? ', counted' : ', not counted') : ''}`],
      ['Rejected', String(s.rejected.length)],
      ['Counted in the results', String(s.counted)],
    ], { className: 'dd-counts' }));

    out.push(h('div', { class: 'govuk-form-group' },
      h('div', { class: 'govuk-checkboxes govuk-checkboxes--small', 'data-module': 'govuk-checkboxes' },
        h('div', { class: 'govuk-checkboxes__item' },
          lateBox,
          h('label', { class: 'govuk-label govuk-checkboxes__label', for: lateBox.id }, 'Count late responses in the results'),
          h('div', { class: 'govuk-hint govuk-checkboxes__hint', id: `${p}-late-hint` },
            'Responses sent after the consultation closed are always listed apart.')))));

    if (s.rejected.length) {
      out.push(h(`h${sub}`, { class: 'govuk-heading-m', id: `${p}-rejected` }, `Rejected responses (${s.rejected.length})`),
        warningText('These responses are not counted. Each is listed with its file and every problem found.'),
        h('div', { class: 'dd-table-scroll' }, table('Rejected responses', ['File', 'Response id', 'Problems'],
          s.rejected.map((/** @type {any} */ r) => [
            r.name,
            r.id ?? '',
            h('ul', { class: 'govuk-list dd-problems' }, r.problems.map((/** @type {any} */ problem) =>
              h('li', { 'data-code': problem.code }, problem.field ? `${problem.field}: ${problem.message}` : problem.message))),
          ]), { className: 'dd-rejected', visuallyHiddenCaption: true })));
    }
    if (s.late.length) {
      out.push(h(`h${sub}`, { class: 'govuk-heading-m', id: `${p}-late-heading` }, `Late responses (${s.late.length})`),
        h('p', { class: 'govuk-body' }, s.includeLate ? 'These are counted in the results below.' : 'These are not counted in the results below.'),
        h('div', { class: 'dd-table-scroll' }, table('Late responses', ['File', 'Response id', 'Submitted'],
          s.late.map((/** @type {any} */ l) => [l.name, l.id, l.submitted]), { className: 'dd-late', visuallyHiddenCaption: true })));
    }

    out.push(h(`h${sub}`, { class: 'govuk-heading-m' }, 'Who responded'),
      table(`Counted responses by respondent type (${s.counted} in all)`, ['Respondent type', 'Responses'],
        GROUPS.map(([key, name]) => [name, String(s.byRespondentType?.[key] ?? 0)]), { className: 'dd-by-type', numeric: [1] }));

    out.push(this.#exports(s, sub));

    out.push(h(`h${sub}`, { class: 'govuk-heading-m' }, 'Answers to each question'));
    s.questions.forEach((/** @type {any} */ q, /** @type {number} */ i) => out.push(this.#questionResult(q, i, Math.min(sub + 1, 6), s.counted)));
    return out;
  }

  /**
   * The export buttons.
   *
   * @param {any} s
   * @param {number} level
   */
  #exports(s, level) {
    const base = `${this.#def.id}-v${this.#def.version}`;
    const options = { includeLate: this.#includeLate };
    const button = (/** @type {string} */ label, /** @type {() => void} */ run, secondary = true) => {
      const b = h('button', { type: 'button', class: `govuk-button${secondary ? ' govuk-button--secondary' : ''}`, 'data-module': 'govuk-button' }, label);
      b.addEventListener('click', run);
      return b;
    };
    return h('div', { class: 'dd-exports' },
      h(`h${level}`, { class: 'govuk-heading-m' }, 'Download'),
      h('ul', { class: 'govuk-list govuk-list--bullet' },
        h('li', {}, 'All responses: every counted response, one row each, columns in the order of the questions. Opens in Excel with Welsh letters intact.'),
        h('li', {}, 'For publication: only respondents who agreed to publication, without e-mail addresses; names and organisations only for those who agreed to publication in full. Read the free text before publishing: it may still name people.'),
        h('li', {}, 'The summary: these results as JSON.')),
      h('div', { class: 'govuk-button-group' },
        button('All responses (CSV)', () => downloadText(`${base}-responses.csv`, this.#api.responsesCsv(this.#def, this.#items, options), 'text/csv;charset=utf-8'), false),
        button('For publication (CSV)', () => downloadText(`${base}-publication.csv`, this.#api.publicationCsv(this.#def, this.#items, options), 'text/csv;charset=utf-8')),
        button('Summary (JSON)', () => downloadText(`${base}-summary.json`, `${JSON.stringify(s, null, 2)}\n`, 'application/json'))));
  }

  /**
   * One question's results.
   *
   * @param {any} q - The question's summary.
   * @param {number} index
   * @param {number} level
   * @param {number} counted
   */
  #questionResult(q, index, level, counted) {
    const id = `${this.#prefix}-question-${q.id}`;
    const section = h('section', { class: 'dd-question-result', 'data-question': q.id, 'aria-labelledby': id });
    section.append(
      h(`h${level}`, { class: 'govuk-heading-s', id }, `${index + 1}. ${q.text}`),
      h('p', { class: 'govuk-body dd-answered' },
        `Shown to ${q.shown} of ${counted} counted ${counted === 1 ? 'response' : 'responses'}; answered by ${q.answered}.`));
    if (q.options) {
      section.append(
        barChart(q.text, q.options, q.answered),
        this.#optionTable(`Answers to “${q.text}” (${q.answered} answered)`, q.options, q.answeredByRespondentType, q.answered));
    }
    if (q.roles) {
      section.append(
        h('p', { class: 'govuk-body govuk-!-font-weight-bold' }, 'Roles'),
        barChart(`${q.text}: roles`, q.roles, q.answered),
        this.#optionTable(`Roles given (of the ${q.answered} who answered)`, q.roles, q.answeredByRespondentType, q.answered));
    }
    if (q.texts) section.append(this.#texts(q));
    if (q.type === 'email') {
      section.append(h('p', { class: 'govuk-body' }, 'E-mail addresses are contact details: they are counted here and never listed or published.'));
    }
    return section;
  }

  /**
   * A table of options: count and percentage overall and by respondent type.
   *
   * @param {string} caption
   * @param {any[]} options
   * @param {Record<string, number> | null} answeredByGroup
   * @param {number} answered
   */
  #optionTable(caption, options, answeredByGroup, answered) {
    const cell = (/** @type {{count: number, percent: number} | undefined} */ c) => (c ? `${c.count} (${formatPercent(c.percent)})` : '0');
    const headings = ['Answer', `All (${answered})`,
      ...GROUPS.map(([key, name]) => (answeredByGroup ? `${name} (${answeredByGroup[key] ?? 0})` : name))];
    const rows = options.map((o) => [o.label, cell(o), ...GROUPS.map(([key]) => cell(o.byRespondentType?.[key]))]);
    return h('div', { class: 'dd-table-scroll' },
      table(caption, headings, rows, { className: 'dd-options', numeric: [1, 2, 3, 4, 5], small: true }));
  }

  /**
   * Free-text answers with a search box.
   *
   * @param {any} q
   */
  #texts(q) {
    const id = `${this.#prefix}-search-${q.id}`;
    const input = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-input govuk-!-width-two-thirds', id, name: `search-${q.id}`, type: 'search', spellcheck: 'false', autocomplete: 'off',
    }));
    const status = h('p', { class: 'govuk-body-s dd-text-count', 'aria-live': 'polite' });
    const list = h('ul', { class: 'dd-free-text' });
    const show = () => {
      const wanted = input.value.trim().toLocaleLowerCase();
      const matching = q.texts.filter((/** @type {any} */ t) => !wanted || String(t.text).toLocaleLowerCase().includes(wanted));
      const shown = matching.slice(0, TEXT_LIMIT);
      list.replaceChildren(...shown.map((/** @type {any} */ t) => h('li', { class: 'dd-free-text__item' },
        h('span', { class: 'dd-free-text__text' }, t.text),
        h('span', { class: 'dd-free-text__meta' },
          `${TYPES[/** @type {keyof typeof TYPES} */ (t.respondentType)] ?? t.respondentType} · ${CONSENT[/** @type {keyof typeof CONSENT} */ (t.consent)] ?? t.consent} · response ${t.response}`))));
      const total = q.texts.length;
      status.textContent = wanted
        ? `${plural(matching.length, 'answer')} of ${total} ${matching.length === 1 ? 'matches' : 'match'} “${input.value.trim()}”${matching.length > shown.length ? `; the first ${shown.length} are shown` : ''}.`
        : `${plural(total, 'answer')}${total > shown.length ? `; the first ${shown.length} are shown: search to find others` : ''}.`;
    };
    input.addEventListener('input', show);
    show();
    if (!q.texts.length) return h('p', { class: 'govuk-body' }, 'No answers.');
    return h('div', { class: 'dd-texts' },
      h('div', { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label', for: id }, 'Search these answers'),
        input),
      status, list);
  }
}

/**
 * Splits a file into responses: a JSON array gives one item per element, JSON lines one per
 * line, anything else one item (the core reports what is wrong with it). A JSON object that
 * looks like a definition is reported as such.
 *
 * @param {string} name
 * @param {string} content
 * @returns {Item[] | 'definition'}
 */
export function splitFile(name, content) {
  const body = content.replace(/^\uFEFF/, '');
  const trimmed = body.trim();
  const lines = /\.(jsonl|ndjson)$/i.test(name);
  if (!lines && trimmed.startsWith('[')) {
    try {
      const list = JSON.parse(trimmed);
      if (Array.isArray(list)) {
        return list.map((entry, i) => ({ name: `${name} [${i + 1}]`, text: typeof entry === 'string' ? entry : JSON.stringify(entry) }));
      }
    } catch {
      // Not a valid array: the core reports the file as it is.
    }
  }
  if (!lines && trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed);
      if (value && typeof value === 'object' && Array.isArray(value.sections) && !('answers' in value)) return 'definition';
      return [{ name, text: trimmed }];
    } catch {
      // One broken response, or JSON lines without the extension: try lines below.
    }
  }
  const rows = body.split(/\r?\n/).map((line, i) => ({ line: line.trim(), n: i + 1 })).filter((r) => r.line !== '');
  if (lines || (rows.length > 1 && rows.every((r) => r.line.startsWith('{')))) {
    return rows.map((r) => ({ name: `${name} line ${r.n}`, text: r.line }));
  }
  return [{ name, text: body }];
}

/**
 * A horizontal bar chart of options, drawn with SVG elements. The figures are also in the
 * `aria-label` and in the table that follows the chart.
 *
 * @param {string} title
 * @param {Array<{label: string, count: number, percent: number}>} options
 * @param {number} answered
 * @returns {SVGElement}
 */
function barChart(title, options, answered) {
  // A narrow drawing, scaled to the width available: its 16px text stays readable on a phone.
  const width = 400;
  const barMax = 290;
  const lineHeight = 19;
  const barHeight = 18;
  const gap = 12;
  const figures = options.map((o) => `${o.label}: ${o.count} (${formatPercent(o.percent)})`).join('; ');
  /** @type {SVGElement[]} */
  const parts = [];
  let y = 0;
  for (const o of options) {
    const lines = wrap(o.label, 44, 2);
    lines.forEach((line, n) => parts.push(svg('text', { class: 'dd-chart__label', x: 0, y: y + 14 + n * lineHeight }, line)));
    y += lines.length * lineHeight + 2;
    const bar = Math.max(0, Math.min(100, Number(o.percent) || 0)) / 100 * barMax;
    parts.push(
      svg('rect', { class: 'dd-chart__track', x: 0, y, width: barMax, height: barHeight }),
      svg('rect', { class: 'dd-chart__bar', x: 0, y, width: bar.toFixed(1), height: barHeight, 'data-count': o.count }),
      svg('text', { class: 'dd-chart__value', x: barMax + 6, y: y + 14 }, `${o.count} (${formatPercent(o.percent)})`));
    y += barHeight + gap;
  }
  return svg('svg', {
    class: 'dd-chart', viewBox: `0 0 ${width} ${y}`, width, height: y, role: 'img',
    'aria-label': `Bar chart of the answers to “${title}”, ${answered} answered. ${figures}.`,
    preserveAspectRatio: 'xMinYMin meet',
  }, parts);
}

/**
 * Breaks a label into lines of at most `max` characters at spaces, keeping at most `lines`
 * lines (the last ending in an ellipsis if the label is longer).
 *
 * @param {string} label
 * @param {number} max
 * @param {number} lines
 * @returns {string[]}
 */
function wrap(label, max, lines) {
  /** @type {string[]} */
  const out = [];
  let current = '';
  for (const word of String(label).split(/\s+/)) {
    const next = current ? `${current} ${word}` : word;
    if ([...next].length <= max || !current) current = next;
    else {
      out.push(current);
      current = word;
    }
  }
  if (current) out.push(current);
  if (out.length <= lines) return out.map((line) => truncate(line, max));
  const kept = out.slice(0, lines);
  kept[lines - 1] = truncate(`${kept[lines - 1]} ${out.slice(lines).join(' ')}`, max);
  return kept;
}

/**
 * A GOV.UK table.
 *
 * @param {string} caption
 * @param {string[]} headings
 * @param {Array<Array<string | Node>>} rows - The first cell of each row is its header.
 * @param {{className?: string, numeric?: number[], small?: boolean, visuallyHiddenCaption?: boolean}} [options]
 * @returns {HTMLElement}
 */
function table(caption, headings, rows, { className = '', numeric = [], small = false, visuallyHiddenCaption = false } = {}) {
  const num = (/** @type {number} */ i) => (numeric.includes(i) ? ' govuk-table__header--numeric' : '');
  const numCell = (/** @type {number} */ i) => (numeric.includes(i) ? ' govuk-table__cell--numeric' : '');
  return h('table', { class: `govuk-table${small ? ' govuk-table--small-text-until-tablet' : ''} ${className}`.trim() },
    h('caption', { class: `govuk-table__caption govuk-table__caption--s${visuallyHiddenCaption ? ' govuk-visually-hidden' : ''}` }, caption),
    h('thead', { class: 'govuk-table__head' },
      h('tr', { class: 'govuk-table__row' },
        headings.map((heading, i) => h('th', { scope: 'col', class: `govuk-table__header${num(i)}` }, heading)))),
    h('tbody', { class: 'govuk-table__body' },
      rows.map((row) => h('tr', { class: 'govuk-table__row' },
        row.map((cell, i) => (i === 0
          ? h('th', { scope: 'row', class: 'govuk-table__header' }, cell)
          : h('td', { class: `govuk-table__cell${numCell(i)}` }, cell)))))));
}

/**
 * A percentage with one decimal place where it has one: `42.9%`, `50%`.
 *
 * @param {number} percent
 * @returns {string}
 */
function formatPercent(percent) {
  const n = Number(percent) || 0;
  return `${Number.isInteger(n) ? n : n.toFixed(1)}%`;
}

/**
 * @param {number} n
 * @param {string} word
 * @returns {string}
 */
function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * @param {string} s
 * @param {number} max
 * @returns {string}
 */
function truncate(s, max) {
  const chars = [...String(s)];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : String(s);
}

/**
 * A definition's text in English.
 *
 * @param {any} value - A string or `{en, cy}`.
 * @returns {string}
 */
function text(value) {
  return typeof value === 'string' ? value : (value?.en ?? '');
}

if (!customElements.get('dd-responses')) {
  customElements.define('dd-responses', DeepDiveResponses);
}
