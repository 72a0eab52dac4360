/**
 * @file `<dd-consultation>`: the respondent's form for a public consultation, with GOV.UK
 * patterns, drafts that survive a reload, English and Welsh, a history entry per page, and a
 * response file (or a POST to `submit-url`) at the end. This module is the element: its
 * attributes, its state, which page shows, and talking to the core; the pages are the
 * `view-*.mjs` modules, the rules are the core's (`validateConsultation`, `validateResponse`).
 *
 * Usage, on any page (with the bundle's `deepdive.css` on top of GOV.UK Frontend's styles, or `deepdive-full.css` if the page lacks them):
 *
 * ```html
 * <script type="module" src="/consultation/dd-consultation.mjs"></script>
 * <dd-consultation src="builtin:demo"></dd-consultation>
 * ```
 *
 * Attributes (all observed; see the README's table): `src`, `preview`, `lang`, `submit-url`,
 * `heading-level` (by default one below the host's last heading before the element),
 * `url-params`, `set-title` (only then is `document.title` set), `keep-title`, `draft-key`
 * (by default the first copy of a consultation on a page keeps the plain key, the others
 * their id or `copy-<n>`).
 *
 * Each part, the check page and the confirmation is a history entry named in the URL's
 * fragment (`#part-2`, `#check-answers`, `#confirmation`; `#<id>-part-2` when the element has
 * an id): Back goes back a page, and a reload comes back to it.
 *
 * Events (bubbling, composed): `dd-consultation-submit` (`detail: {response, sent, status}`)
 * and `dd-consultation-error` (`detail: {problems}`).
 */

import { loadDeepDive, isDeepDiveError } from '../wasm.mjs';
import { h, describeFailure, downloadText, localTimestamp } from '../dom.mjs';
import { textIn, wordsFor } from './words.mjs';
import {
  answersToKeep, firstStep, questionsOf, responseAnswers, settleStep, stepOfFragment, validStep, visibleSections,
} from './answers.mjs';
import {
  continuedDraft, draftKey, draftName, findDraft, newDraft, randomId, readAnswersFile, removeStored, storageWorks, writeStored,
} from './drafts.mjs';
import { recordStep, stepInState } from './history.mjs';
import { failureBox, openDefinition } from './load.mjs';
import { postResponse } from './send.mjs';
import { describeMoment, notAfter } from './dates.mjs';
import { answerProblems, closedProblem } from './problems.mjs';
import { focusAfterRender, levelBelowHost, pageTop } from './view-common.mjs';
import { deletePage, mismatchPage, startPage } from './view-start.mjs';
import { partBack, partPage } from './view-part.mjs';
import { checkPage, sendFailedBanner, showSending } from './view-check.mjs';
import { donePage, downloadResponse } from './view-done.mjs';
import { printAlone } from '../govuk/print.mjs';
import { defineElement } from '../define.mjs';

/** @typedef {{consultation: string, version: number, preview: boolean, name: string}} Which Whose draft a form keeps. */

/** How many consultation elements this page has made, to give each its own ids. */
let instanceCount = 0;

/**
 * The page's `localStorage`, or null where reading it throws (storage switched off).
 *
 * @returns {Storage | null}
 */
function pageStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * @param {string | null} value
 * @returns {number | null} A heading level 1–4, or null.
 */
function headingLevel(value) {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n >= 1 && n <= 4 ? n : null;
}

/**
 * The respondent's consultation form.
 *
 * @fires DeepDiveConsultation#dd-consultation-submit
 * @fires DeepDiveConsultation#dd-consultation-error
 */
export class DeepDiveConsultation extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'preview', 'lang', 'submit-url', 'heading-level', 'url-params', 'set-title', 'keep-title', 'draft-key'];
  }

  // any: null until the package has loaded, and every step runs after that.
  /** @type {any} */
  #api = null;
  #connected = false;
  #generation = 0;
  #prefix = '';
  #baseTitle = '';
  // any: null until loaded, and every step runs after that.
  /** The definition as written (what the core checks responses against). @type {any} */
  #def = null;
  /** The definition as the form shows it, options and limits filled in by the core. @type {import('./json-types.mjs').FormJson} */
  #form = null;
  #hash = '';
  /** @type {import('./answers.mjs').Question[]} */
  #questions = [];
  /** @type {'en' | 'cy'} */
  #lang = 'en';
  #preview = false;
  /** @type {string | null} */
  #submitUrl = null;
  /** @type {import('../pkg/deepdive.js').ConsultationStatus | null} */
  #status = null;
  /** Which draft is this form's. @type {Which | null} */
  #which = null;
  #storageOk = true;
  /** @type {import('./drafts.mjs').Draft | null} */
  #draft = null;
  // any: a draft as stored, from any version.
  /** A draft for another version or text, waiting for the respondent's decision. @type {{draft: any, key: string | null} | null} */
  #pending = null;
  #step = 'start';
  #returnStep = 'start';
  #returnToCheck = false;
  /** A one-off message for the next page shown. @type {{text: string, success?: boolean} | null} */
  #flash = null;
  /** @type {import('./fields.mjs').Field[]} */
  #fields = [];
  /** @type {import('./view-done.mjs').Result | null} */
  #result = null;
  #busy = false;
  #onPopState = (/** @type {PopStateEvent} */ event) => this.#popState(event);

  connectedCallback() {
    window.addEventListener('popstate', this.#onPopState);
    if (this.#connected) return;
    this.#connected = true;
    instanceCount += 1;
    this.#prefix = this.id ? `${this.id}-dd` : `dd-consultation-${instanceCount}`;
    this.#baseTitle = document.title;
    this.#start();
  }

  disconnectedCallback() {
    window.removeEventListener('popstate', this.#onPopState);
  }

  /**
   * @param {string} name
   * @param {string | null} old
   * @param {string | null} value
   */
  attributeChangedCallback(name, old, value) {
    if (!this.#connected || old === value) return;
    if (name === 'lang') {
      const wanted = value === 'cy' ? 'cy' : 'en';
      if (wanted !== this.#lang && this.#def) this.#switchLanguage(wanted);
      return;
    }
    if (['heading-level', 'set-title', 'keep-title'].includes(name)) {
      if (this.#def) this.#render({ focus: false });
      return;
    }
    this.#start();
  }

  // -------------------------------------------------------------------------------------------
  // Loading
  // -------------------------------------------------------------------------------------------

  /** Loads the API and the definition, then shows the right page; failures are shown in place. */
  async #start() {
    const generation = ++this.#generation;
    this.#def = null;
    this.#lang = this.getAttribute('lang') === 'cy' ? 'cy' : 'en';
    this.replaceChildren(h('p', { class: 'govuk-body', role: 'status' }, this.#words.loading));
    const params = this.hasAttribute('url-params') ? new URLSearchParams(location.search) : null;
    const fromUrl = params?.get('consultation') ?? null;
    try {
      this.#api = await loadDeepDive();
      const src = fromUrl ? `builtin:${fromUrl}` : this.getAttribute('src');
      this.#preview = this.hasAttribute('preview') || (params !== null && params.has('preview') && params.get('preview') !== '0');
      const opened = await openDefinition(this.#api, src, this.getAttribute('submit-url'), this.#words);
      if (generation !== this.#generation) return;
      if (opened.failure !== undefined) {
        this.#showFailure(opened.failure, opened.details);
        return;
      }
      const { definition, checked } = opened;
      this.#submitUrl = opened.submitUrl;
      this.#def = definition;
      this.#form = checked.form;
      this.#hash = /** @type {string} */ (checked.definitionSha256); // a valid definition has its hash
      this.#questions = questionsOf(this.#form);
      if (!this.#hasWelsh()) this.#lang = 'en';
      this.#status = this.#api.consultationStatus(definition, localTimestamp());
      this.#which = this.#draftWhich();
      this.#storageOk = storageWorks(pageStorage());
      this.#restoreDraft();
      this.#history(this.#step, 'replace');
      this.#render({ focus: false });
    } catch (error) {
      if (generation !== this.#generation) return;
      if (isDeepDiveError(error) && error.code === 'unknown-consultation') {
        const src = this.getAttribute('src') ?? '';
        this.#showFailure(this.#words.noBuiltin(fromUrl ?? src.replace(/^builtin:/, '')));
        return;
      }
      this.#showFailure(describeFailure(error), [], true);
    }
  }

  /**
   * Replaces the element's content with a failure that is not the respondent's.
   *
   * @param {string} message
   * @param {string[]} [details]
   * @param {boolean} [reload]
   */
  #showFailure(message, details = [], reload = false) {
    this.replaceChildren(failureBox(this.#words, message, details, reload));
  }

  // -------------------------------------------------------------------------------------------
  // Words, texts, headings
  // -------------------------------------------------------------------------------------------

  /** The words of the current language. @returns {import('./words.mjs').Words} */
  get #words() {
    return wordsFor(this.#lang);
  }

  /** @param {import('./json-types.mjs').DefinitionText} text @returns {string} A text of the definition in the current language. */
  #text(text) {
    return textIn(this.#lang, text);
  }

  #hasWelsh() {
    return Array.isArray(this.#def?.languages) && this.#def.languages.includes('cy');
  }

  /** The level of each page's main heading: the attribute's, or one below the host's. */
  #level() {
    return headingLevel(this.getAttribute('heading-level')) ?? levelBelowHost(this);
  }

  /** What a page needs from the element. @returns {import('./view-common.mjs').View} */
  #view() {
    return {
      w: this.#words,
      t: (text) => this.#text(text),
      lang: this.#lang,
      prefix: this.#prefix,
      copy: this.#which?.name ?? '',
      level: this.#level(),
      form: this.#form,
      questions: this.#questions,
      draft: this.#draft,
      preview: this.#preview,
      status: this.#status,
      submitUrl: this.#submitUrl,
      storageOk: this.#storageOk,
      returnToCheck: this.#returnToCheck,
      when: (iso) => describeMoment(iso, this.#words),
      go: (step, options) => this.#go(step, options),
      act: {
        begin: () => this.#begin(),
        save: () => this.#save(),
        saveToFile: () => this.#saveToFile(),
        loadFile: (/** @type {File} */ file) => this.#loadFile(file),
        askDelete: () => this.#askDelete(),
        deleteDraft: () => this.#forgetAndStart(this.#words.deleted),
        keepDraft: () => this.#go(this.#returnStep === 'delete' ? 'start' : this.#returnStep),
        keepMatching: () => this.#keepMatching(),
        discardPending: () => this.#discardPending(),
        back: () => this.#back(),
        check: (/** @type {any} */ questions) => this.#check(questions), // any: the questions as the view passes them
        showProblems: (/** @type {any} */ problems) => this.#showProblems(problems), // any: the form's questions and problems, as the views pass them
        change: (/** @type {string} */ id) => this.#change(id),
        fix: (/** @type {string} */ id) => this.#fix(id),
        submit: () => this.#submit(),
        removeResponse: () => this.#forgetAndStart(this.#words.removed),
        startAgain: () => {
          this.#result = null;
          this.#go('start');
        },
      },
    };
  }

  // -------------------------------------------------------------------------------------------
  // Checking: the core's validateResponse, in the form's words
  // -------------------------------------------------------------------------------------------

  /**
   * The core's problems with the answers to some questions.
   *
   * @param {import('./answers.mjs').Question[]} questions
   * @returns {import('./problems.mjs').AnswerProblem[]}
   */
  #check(questions) {
    const answers = this.#draft?.answers ?? {};
    const result = this.#api.validateResponse(this.#def, this.#responseFor(answers, localTimestamp()));
    return answerProblems(result.problems ?? [], questions, this.#words, (t) => this.#text(t));
  }

  /**
   * A response for these answers, as the file holds it.
   *
   * @param {import('./json-types.mjs').Answers} answers
   * @param {string} submitted - RFC 3339.
   * @returns {import('./json-types.mjs').Answers}
   */
  #responseFor(answers, submitted) {
    const draft = this.#draft ?? this.#newDraft();
    /** @type {import('./json-types.mjs').Answers} */
    const response = {
      consultation: this.#def.id,
      version: this.#def.version,
      definitionSha256: this.#hash,
      id: draft.id,
      started: notAfter(draft.started, submitted) ? draft.started : submitted,
      submitted,
      language: this.#lang,
    };
    if (this.#preview) response.preview = true;
    response.answers = responseAnswers(this.#questions, answers);
    return response;
  }

  // -------------------------------------------------------------------------------------------
  // Drafts
  // -------------------------------------------------------------------------------------------

  /** Which draft is this form's: the consultation, its version, and this copy's name. */
  #draftWhich() {
    const mine = (/** @type {Element} */ e) => e.getAttribute('src') === this.getAttribute('src')
      && e.hasAttribute('url-params') === this.hasAttribute('url-params');
    const copies = [...document.querySelectorAll('dd-consultation')].filter(mine);
    const name = draftName({ attribute: this.getAttribute('draft-key'), index: copies.indexOf(this), elementId: this.id });
    return { consultation: this.#def.id, version: this.#def.version, preview: this.#preview, name };
  }

  /** The storage key of this form's draft. */
  get #key() {
    return draftKey(/** @type {Which} */ (this.#which));
  }

  #newDraft() {
    return newDraft({
      consultation: this.#def.id, version: this.#def.version, hash: this.#hash, language: this.#lang,
      preview: this.#preview, now: localTimestamp(), id: randomId(),
    });
  }

  /** Finds a saved draft: this version's (used at once if its hash matches), or another's. */
  #restoreDraft() {
    this.#draft = null;
    this.#pending = null;
    this.#result = null;
    this.#step = 'start';
    const { own, pending } = findDraft(pageStorage(), /** @type {Which} */ (this.#which), this.#hash);
    if (pending) {
      this.#pending = pending;
      this.#step = 'mismatch';
    }
    if (!own) return;
    this.#draft = own;
    if (!this.hasAttribute('lang') && (own.language === 'cy' || own.language === 'en') && this.#hasWelsh()) this.#lang = own.language;
    if (own.response) {
      this.#result = { response: own.response, sent: false, status: null, serverText: null };
      this.#step = 'done';
    } else if (this.#canRespond()) {
      const addressed = stepOfFragment(location.hash, this.#fragmentPrefix());
      this.#step = validStep(addressed ?? own.step, this.#visible());
      if (Object.keys(own.answers).length || this.#step !== 'start') {
        this.#flash = { text: this.#words.restored(describeMoment(own.saved, this.#words)) };
      }
    }
  }

  #visible() {
    return visibleSections(this.#questions, this.#draft?.answers ?? {});
  }

  /** Saves the draft now (every change calls this), and says on the page whether it was kept. */
  #save() {
    if (!this.#draft) return;
    this.#draft.saved = localTimestamp();
    this.#draft.language = this.#lang;
    this.#storageOk = writeStored(pageStorage(), this.#key, this.#draft);
    const saved = /** @type {HTMLElement | null} */ (this.querySelector('.dd-draft-saved'));
    if (saved) {
      saved.textContent = this.#words.savedAt(describeMoment(this.#draft.saved, this.#words));
      saved.hidden = !Object.keys(this.#draft.answers).length;
    }
    this.querySelector('.dd-storage-failed')?.toggleAttribute('hidden', this.#storageOk);
  }

  /** Deletes the draft from the device. */
  #forget() {
    removeStored(pageStorage(), this.#key);
    this.#draft = null;
    this.#result = null;
  }

  /** Offers the draft as a file to keep or carry to another device. */
  #saveToFile() {
    if (!this.#draft) return;
    this.#draft.saved = localTimestamp();
    downloadText(`${this.#def.id}-v${this.#def.version}-answers-${this.#draft.saved.slice(0, 10)}.json`,
      `${JSON.stringify(this.#draft, null, 2)}\n`, 'application/json');
  }

  /**
   * Loads answers saved in a file (a draft file or a response file) for this consultation.
   *
   * @param {File} file
   * @returns {Promise<string | null>} A problem to show, or null when loaded.
   */
  async #loadFile(file) {
    const read = readAnswersFile(await file.text(), {
      consultation: this.#def.id, version: this.#def.version, hash: this.#hash, fresh: this.#newDraft(),
    });
    if (read.problem === 'not-json') return this.#words.fileNotJson(file.name);
    if (read.problem === 'other-consultation') return this.#words.fileOtherConsultation(file.name);
    if (read.problem === 'no-answers') return this.#words.fileNoAnswers(file.name);
    if (read.problem !== null) return null;
    if (!read.sameText) {
      this.#pending = { draft: read.draft, key: null };
      this.#go('mismatch');
      return null;
    }
    this.#draft = read.draft;
    this.#result = null;
    this.#save();
    this.#flash = { text: this.#words.loaded(file.name), success: true };
    this.#go(firstStep(this.#visible()));
    return null;
  }

  /** Keeps the answers of a pending older draft that the current definition still accepts. */
  #keepMatching() {
    const pending = /** @type {{draft: any, key: string | null}} */ (this.#pending); // any: a draft as stored, from any version
    const old = pending.draft.answers ?? {};
    const draft = continuedDraft(pending.draft, this.#newDraft());
    // The core keeps the answers that are valid for the questions they show.
    const response = { ...this.#responseFor({}, localTimestamp()), id: draft.id, started: draft.started, answers: old };
    /** @type {import('./json-types.mjs').Answers} */
    let accepted = {};
    try {
      accepted = this.#api.validateResponse(this.#def, response).answers ?? {};
    } catch {
      accepted = {};
    }
    draft.answers = answersToKeep(old, accepted, this.#questions);
    const keptCount = Object.keys(draft.answers).length;
    this.#draft = draft;
    if (pending.key) removeStored(pageStorage(), pending.key);
    this.#pending = null;
    this.#save();
    this.#flash = { text: this.#words.kept(keptCount, Object.keys(old).length - keptCount), success: true };
    this.#go(this.#canRespond() ? firstStep(this.#visible()) : 'start');
  }

  /** Discards a pending older draft. */
  #discardPending() {
    if (this.#pending?.key) removeStored(pageStorage(), this.#pending.key);
    this.#pending = null;
    this.#flash = { text: this.#words.discarded, success: true };
    this.#go('start');
  }

  // -------------------------------------------------------------------------------------------
  // Navigation and history
  // -------------------------------------------------------------------------------------------

  /** Whether responses are accepted now (always in the preview). */
  #canRespond() {
    return this.#preview || this.#status?.state === 'open';
  }

  #fragmentPrefix() {
    return this.id ? `${this.id}-` : '';
  }

  /**
   * Records a step in the browser's history (see `history.mjs`).
   *
   * @param {string} step
   * @param {'push' | 'replace'} how
   */
  #history(step, how) {
    recordStep({ key: this.#key, step, fragmentPrefix: this.#fragmentPrefix(), how });
  }

  /**
   * Shows the step a history entry names (the browser's Back and Forward).
   *
   * @param {PopStateEvent} event
   */
  #popState(event) {
    const step = this.#which ? stepInState(event.state, this.#key) : null;
    if (!this.#def || step === null || step === this.#step) return;
    this.#step = step;
    if (this.#draft && !this.#draft.response && this.#isFormStep(step)) {
      this.#draft.step = step;
      this.#save();
    }
    this.#render({ focus: true });
  }

  /** @param {string} step */
  #isFormStep(step) {
    return step === 'start' || step === 'check' || step.startsWith('section-');
  }

  /** @param {string} step @returns {string} The step that can be shown now (see `settleStep`). */
  #settle(step) {
    return settleStep(step, {
      pending: Boolean(this.#pending), result: Boolean(this.#result), draft: Boolean(this.#draft),
      made: Boolean(this.#draft?.response), visible: this.#visible(),
    });
  }


  /**
   * Shows a page as a new history entry and remembers it in the draft.
   *
   * @param {string} step
   * @param {{problems?: import('./problems.mjs').AnswerProblem[] | null, focusQuestion?: string | null,
   *   banner?: HTMLElement | null}} [options]
   */
  #go(step, options = {}) {
    this.#step = step;
    if (this.#draft && !this.#draft.response && this.#isFormStep(step)) {
      this.#draft.step = step;
      this.#save();
    }
    this.#history(this.#settle(step), step === 'mismatch' ? 'replace' : 'push');
    this.#render({ focus: true, ...options });
  }

  /** Starts (or continues) a response. */
  #begin() {
    if (!this.#draft) {
      this.#draft = this.#newDraft();
      this.#save();
    }
    const saved = validStep(this.#draft.step, this.#visible());
    this.#returnToCheck = false;
    this.#go(saved !== 'start' ? saved : firstStep(this.#visible()));
  }

  /** The back link: the part before, the start page, or the check page after a change. */
  #back() {
    const section = /^section-(\d+)$/.exec(this.#step);
    if (section) {
      const to = partBack(this.#view(), Number(section[1]));
      this.#returnToCheck = false;
      this.#go(to);
      return;
    }
    const visible = this.#visible();
    const last = visible[visible.length - 1];
    this.#go(last === undefined ? 'start' : `section-${last}`);
  }

  #askDelete() {
    this.#returnStep = this.#step;
    this.#go('delete');
  }

  /** @param {string} message - Said on the start page after deleting. */
  #forgetAndStart(message) {
    this.#forget();
    this.#flash = { text: message, success: true };
    this.#go('start');
  }

  /** @param {string} id - From the check page to the question, to change its answer. */
  #change(id) {
    const q = this.#questions.find((x) => x.id === id);
    this.#returnToCheck = true;
    if (q) this.#go(`section-${q.section}`, { focusQuestion: id });
  }

  /**
   * From the check page's error summary to the question: its part, with that part's problems.
   *
   * @param {string} id
   */
  #fix(id) {
    const q = this.#questions.find((x) => x.id === id);
    if (!q) return;
    this.#returnToCheck = true;
    const onPage = this.#check(this.#questions.filter((x) => x.section === q.section));
    this.#go(`section-${q.section}`, onPage.length ? { problems: onPage } : { focusQuestion: id });
    if (onPage.length) this.#announce(onPage);
  }

  /**
   * @param {'en' | 'cy'} lang
   */
  #switchLanguage(lang) {
    if (!this.#hasWelsh()) return;
    this.#lang = lang;
    if (this.getAttribute('lang') !== lang) this.setAttribute('lang', lang);
    if (this.#draft) this.#save();
    this.#render({ focus: false, keepFocusOn: 'language' });
  }

  // -------------------------------------------------------------------------------------------
  // Rendering
  // -------------------------------------------------------------------------------------------

  /**
   * Renders the current step.
   *
   * @param {{focus?: boolean, problems?: import('./problems.mjs').AnswerProblem[] | null,
   *   focusQuestion?: string | null, banner?: HTMLElement | null, keepFocusOn?: string}} [options]
   */
  #render({ focus = true, problems = null, focusQuestion = null, banner: extra = null, keepFocusOn } = {}) {
    this.#fields = [];
    const settled = this.#settle(this.#step);
    if (settled !== this.#step) {
      this.#step = settled;
      this.#history(settled, 'replace');
    }
    const v = this.#view();
    const flash = this.#flash;
    this.#flash = null;
    const top = pageTop(v, { welsh: this.#hasWelsh(), flash, extra, onSwitch: (lang) => this.#switchLanguage(lang) });

    const step = this.#step;
    const section = /^section-(\d+)$/.exec(step);
    /** @type {{heading: string, content: Node[], fields?: import('./fields.mjs').Field[]}} */
    let page;
    if (step === 'mismatch' && this.#pending) page = mismatchPage(v, this.#pending);
    else if (step === 'delete') page = deletePage(v);
    else if (step === 'done' && this.#result) page = donePage(v, this.#result);
    else if (section) page = partPage(v, Number(section[1]), problems);
    else if (step === 'check') page = checkPage(v, problems);
    else page = startPage(v);
    this.#fields = page.fields ?? [];
    const view = h('div', { class: 'dd-consultation__page', 'data-step': step });
    view.append(...top, ...page.content);
    // The confirmation is the tool's result: printed, it is this copy's response alone.
    if (step === 'done') printAlone(view);
    this.lang = this.#lang;
    this.replaceChildren(view);

    const hasErrors = Boolean(problems?.length);
    if (this.hasAttribute('set-title') && !this.hasAttribute('keep-title')) {
      const base = this.#baseTitle ? ` – ${this.#baseTitle}` : '';
      document.title = `${hasErrors ? v.w.titleError : ''}${page.heading}${base}`;
    }
    const field = focusQuestion ? this.#fields.find((f) => f.q.id === focusQuestion) : undefined;
    focusAfterRender(this, { language: keepFocusOn === 'language', errors: hasErrors, field, heading: focus });
  }

  /**
   * Re-renders the page with the problems, focusing the error summary.
   *
   * @param {import('./problems.mjs').AnswerProblem[]} problems
   */
  #showProblems(problems) {
    this.#render({ focus: false, problems });
    this.#announce(problems);
  }

  /** @param {import('./problems.mjs').AnswerProblem[]} problems */
  #announce(problems) {
    this.dispatchEvent(new CustomEvent('dd-consultation-error', {
      bubbles: true, composed: true,
      detail: { problems: problems.map(({ question, code, message }) => ({ question, code, message })) },
    }));
  }

  // -------------------------------------------------------------------------------------------
  // Submitting
  // -------------------------------------------------------------------------------------------

  /** Checks every answer with the core, makes the response and sends it or offers it as a file. */
  async #submit() {
    if (this.#busy || !this.#draft) return;
    const draft = this.#draft;
    // The device clock decides: the consultation may have closed while the form was open.
    const now = localTimestamp();
    const status = this.#api.consultationStatus(this.#def, now);
    this.#status = status;
    const closed = closedProblem(status, this.#preview, this.#words, this.#lang);
    if (closed) {
      this.#render({ focus: false, problems: [closed] });
      return;
    }
    const response = this.#responseFor(draft.answers, now);
    const result = this.#api.validateResponse(this.#def, response);
    const problems = answerProblems(result.problems ?? [], this.#questions, this.#words, (t) => this.#text(t), { envelope: true });
    if (problems.length) {
      this.#showProblems(problems);
      return;
    }
    if (this.#submitUrl && !this.#preview) {
      await this.#send(response);
      return;
    }
    draft.response = response;
    draft.step = 'done';
    this.#save();
    this.#made({ response, sent: false, status: null, serverText: null });
  }

  /** @param {import('./view-done.mjs').Result} result - Shows the confirmation and says so. */
  #made(result) {
    this.#result = result;
    this.#go('done');
    this.dispatchEvent(new CustomEvent('dd-consultation-submit', {
      bubbles: true, composed: true, detail: { response: result.response, sent: result.sent, status: result.status },
    }));
  }

  /**
   * POSTs the response to `submit-url`; the draft is deleted only when the server accepts it.
   *
   * @param {import('./json-types.mjs').ResponseJson} response
   */
  async #send(response) {
    this.#busy = true;
    showSending(this, this.#words);
    const sent = await postResponse(/** @type {string} */ (this.#submitUrl), response, this.#words);
    this.#busy = false;
    if (sent.ok) {
      this.#forget();
      this.#made({ response, sent: true, status: sent.status, serverText: sent.serverText });
      return;
    }
    const { why, serverText } = sent;
    const failed = sendFailedBanner(this.#view(), why, serverText, () => downloadResponse(response));
    this.#render({ focus: false, banner: failed });
    failed.focus();
  }
}

defineElement('dd-consultation', DeepDiveConsultation);
