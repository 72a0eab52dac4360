/**
 * @file What every page of the consultation form shares: the view context the element hands
 * each page, headings sized for their level, the back link, the language switch, the
 * preview banner, the box that saves or deletes the draft, and answers in words.
 */

import { h, warningText, notificationBanner } from '../dom.mjs';
import { labelOf, normalise, isText } from './answers.mjs';
import { ENDONYMS } from './words.mjs';

/**
 * What a page needs from the element: its state, read-only, and what it can ask for.
 *
 * @typedef {object} View
 * @property {import('./words.mjs').Words} w - The words of the form's language (English where Welsh has none).
 * @property {(text: import('./json-types.mjs').DefinitionText) => string} t - A definition text in the form's language.
 * @property {'en' | 'cy'} lang
 * @property {string} prefix - The element's id prefix.
 * @property {string} copy - '' for the first copy of a consultation on the page, else a name for this copy.
 * @property {number} level - The level of each page's main heading (1–4).
 * @property {import('./json-types.mjs').FormJson} form - The form definition (`validateConsultation`'s `form`).
 * @property {import('./answers.mjs').Question[]} questions
 * @property {import('./drafts.mjs').Draft | null} draft
 * @property {boolean} preview
 * @property {{state: string, opensText: import('../pkg/deepdive.js').BilingualText, closesText: import('../pkg/deepdive.js').BilingualText} | null} status
 * @property {string | null} submitUrl
 * @property {boolean} storageOk - Whether this browser keeps the draft.
 * @property {boolean} returnToCheck - Whether the respondent came from the check page.
 * @property {(iso: string | undefined) => string} when - A moment in words.
 * @property {(step: string, options?: any) => void} go - Shows a step (a new history entry). (any: each step's own options)
 * @property {Record<string, (...args: any[]) => any>} act - The element's actions. (any: each action's own arguments and result)
 */

/**
 * The GOV.UK sizes for the headings of a form whose main heading is at `level`: the start
 * page's title, other pages' titles, the headings under them, and question labels.
 *
 * @param {number} level
 * @returns {{title: string, page: string, sub: string, question: string, caption: string}}
 */
export function sizes(level) {
  if (level <= 1) return { title: 'xl', page: 'l', sub: 'm', question: 'm', caption: 'l' };
  if (level === 2) return { title: 'l', page: 'l', sub: 'm', question: 'm', caption: 'm' };
  if (level === 3) return { title: 'm', page: 'm', sub: 's', question: 's', caption: 'm' };
  return { title: 's', page: 's', sub: 's', question: 's', caption: 's' };
}

/**
 * The heading level for a form on a host page: one below the last heading before the element
 * (outside it), so that it never adds an `h1` under the host's `h2`; 1 when there is none.
 *
 * @param {HTMLElement} element
 * @returns {number} 1–4.
 */
export function levelBelowHost(element) {
  let before = 0;
  for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    if (element.contains(heading)) continue;
    if (heading.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) before = Number(heading.tagName[1]);
  }
  return Math.min(before + 1, 4);
}

/**
 * The level of the headings under a page's main heading.
 *
 * @param {View} v
 * @returns {number}
 */
export function subLevel(v) {
  return Math.min(v.level + 1, 6);
}

/**
 * A page's main heading, which takes focus when the page changes.
 *
 * @param {View} v
 * @param {string} text
 * @param {'title' | 'page'} [kind] - `title` for the start page.
 */
export function pageHeading(v, text, kind = 'page') {
  return h(`h${v.level}`, { class: `govuk-heading-${sizes(v.level)[kind]} dd-step-heading`, tabindex: '-1' }, text);
}

/**
 * A heading under the page's main heading.
 *
 * @param {View} v
 * @param {string} text
 * @param {number} [below] - How many levels below the main heading.
 */
export function subHeading(v, text, below = 1) {
  const size = below > 1 ? 's' : sizes(v.level).sub;
  return h(`h${Math.min(v.level + below, 6)}`, { class: `govuk-heading-${size}` }, text);
}

/**
 * A caption above a page's heading.
 *
 * @param {View} v
 * @param {string} text
 */
export function caption(v, text) {
  return h('span', { class: `govuk-caption-${sizes(v.level).caption}` }, text);
}

/**
 * A back link that runs a handler.
 *
 * @param {View} v
 * @param {() => void} onClick
 */
export function backLink(v, onClick) {
  const link = h('a', { href: `#${v.prefix}-top`, class: 'govuk-back-link' }, v.w.back);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    onClick();
  });
  return link;
}

/**
 * A GOV.UK button.
 *
 * @param {string} text
 * @param {() => void} onClick
 * @param {string} [kind] - `secondary`, `warning`, or '' for the primary style.
 * @param {string} [extra] - More classes.
 */
export function button(text, onClick, kind = '', extra = '') {
  const b = h('button', { type: 'button', class: `govuk-button${kind ? ` govuk-button--${kind}` : ''}${extra ? ` ${extra}` : ''}` }, text);
  b.addEventListener('click', onClick);
  return b;
}

/**
 * The GOV.UK language navigation: the current language as text, the other as a link. A
 * second copy of the form on the page names itself in the label, so each landmark is unique.
 *
 * @param {View} v
 * @param {(lang: 'en' | 'cy') => void} onSwitch
 */
function languageNav(v, onSwitch) {
  const items = /** @type {Array<'en' | 'cy'>} */ (['en', 'cy']).map((lang) => {
    if (lang === v.lang) {
      return h('li', { class: 'govuk-language-navigation__list-item' },
        h('span', { class: 'govuk-language-navigation__text', 'aria-current': 'true', lang }, ENDONYMS[lang]));
    }
    const link = h('a', {
      class: 'govuk-language-navigation__link', href: `#${v.prefix}-top`, rel: 'alternate', lang, hreflang: lang,
    }, ENDONYMS[lang]);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      onSwitch(lang);
    });
    return h('li', { class: 'govuk-language-navigation__list-item' }, link);
  });
  return h('nav', { class: 'govuk-language-navigation dd-language govuk-!-display-none-print', 'aria-label': v.copy ? `${v.w.language} (${v.copy})` : v.w.language, id: `${v.prefix}-top` },
    h('ul', { class: 'govuk-language-navigation__list' }, items));
}

/**
 * The banner that says this is the authors' preview, with the real dates and the notes.
 *
 * @param {View} v
 */
function previewBanner(v) {
  const s = v.status;
  const notes = (v.form.notes ?? []).map((/** @type {any} */ n) => h('li', {}, v.t(n))); // any: the form JSON's notes (FormJson)
  return notificationBanner({
    id: `${v.prefix}-preview-title`,
    title: v.w.previewTitle,
    heading: v.w.previewHeading,
    body: [
      h('p', { class: 'govuk-body' }, v.w.previewBody,
        s ? ` ${v.w.previewDates(s.opensText[v.lang], s.closesText[v.lang])}` : ''),
      notes.length ? h('p', { class: 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1' }, v.w.notes) : null,
      notes.length ? h('ul', { class: 'govuk-list govuk-list--bullet dd-notes' }, notes) : null,
    ],
  });
}

/**
 * What goes above every page: the language switch (when the consultation has Welsh), the
 * preview banner, a one-off message, and any banner the element adds.
 *
 * @param {View} v
 * @param {{welsh: boolean, flash: {text: string, success?: boolean} | null, extra: HTMLElement | null,
 *   onSwitch: (lang: 'en' | 'cy') => void}} what
 * @returns {Node[]}
 */
export function pageTop(v, { welsh, flash, extra, onSwitch }) {
  /** @type {Node[]} */
  const top = [];
  if (welsh) top.push(languageNav(v, onSwitch));
  if (v.preview) top.push(previewBanner(v));
  if (flash) {
    top.push(notificationBanner({
      id: `${v.prefix}-flash-title`,
      title: flash.success ? v.w.success : v.w.important,
      heading: flash.text,
      success: Boolean(flash.success),
    }));
  }
  if (extra) top.push(extra);
  return top;
}

/**
 * Where the focus goes once a page is shown: back to the language switch after switching, to
 * the error summary when there are errors, to a question to change, or to the page's heading.
 *
 * @param {HTMLElement} element - The form.
 * @param {{language: boolean, errors: boolean, field?: import('./fields.mjs').Field, heading: boolean}} where
 */
export function focusAfterRender(element, { language, errors, field, heading }) {
  const find = (/** @type {string} */ selector) => /** @type {HTMLElement | null} */ (element.querySelector(selector));
  if (language) {
    find('.govuk-language-navigation__link')?.focus();
  } else if (errors) {
    find('.govuk-error-summary')?.focus();
  } else if (field) {
    field.parts.main.target().focus();
    field.wrapper.scrollIntoView({ block: 'start' });
  } else if (heading) {
    find('.dd-step-heading')?.focus();
    element.scrollIntoView({ block: 'start' });
  }
}

/**
 * The box at the foot of a page: the answers are saved (or cannot be, in this browser); save
 * them to a file, or delete them.
 *
 * @param {View} v
 */
export function draftTools(v) {
  const saveButton = button(v.w.saveToFile, () => v.act.saveToFile(), 'secondary');
  const deleteButton = button(v.w.deleteDraft, () => v.act.askDelete(), 'warning');
  const answered = Boolean(v.draft && Object.keys(v.draft.answers).length);
  return h('div', { class: 'dd-draft-tools govuk-!-display-none-print' },
    h(`h${subLevel(v)}`, { class: 'govuk-heading-s' }, v.w.draftTitle),
    v.storageOk ? h('p', { class: 'govuk-body-s' }, v.w.draftBody, ' ',
      h('span', { class: 'dd-draft-saved', hidden: !answered }, answered && v.draft ? v.w.savedAt(v.when(v.draft.saved)) : '')) : null,
    h('div', { class: 'dd-storage-failed', hidden: v.storageOk }, warningText(v.w.storageNone)),
    h('div', { class: 'govuk-button-group' }, saveButton, deleteButton));
}

/**
 * An answer in words, for the check page and the confirmation.
 *
 * @param {View} v
 * @param {import('./answers.mjs').Question} q
 * @param {any} raw (any: a date answer as saved, from any version)
 * @returns {Node | string}
 */
export function answerNodes(v, q, raw) {
  const value = normalise(q, raw);
  if (value === undefined) return h('span', { class: 'dd-not-answered' }, v.w.notAnswered);
  if (q.type === 'multiple-choice') {
    return h('ul', { class: 'govuk-list' }, value.map((/** @type {string} */ x) => h('li', {}, v.t(labelOf(q.options, x)))));
  }
  if (q.type === 'respondent-type') {
    const type = v.t(labelOf(q.options, value.type));
    if (!value.role) return type;
    return h('span', {}, type, h('br'), `${v.w.role}: ${v.t(labelOf(q.roles, value.role))}`);
  }
  if (isText(q)) return h('span', { class: 'dd-answer-text' }, value);
  return v.t(labelOf(q.options, value));
}

/**
 * An answer as plain text, for the readable copy.
 *
 * @param {View} v
 * @param {import('./answers.mjs').Question} q
 * @param {any} raw (any: a date answer as saved, from any version)
 * @returns {string}
 */
export function answerText(v, q, raw) {
  const value = normalise(q, raw);
  if (value === undefined) return v.w.notAnswered;
  if (q.type === 'multiple-choice') return value.map((/** @type {string} */ x) => `- ${v.t(labelOf(q.options, x))}`).join('\n');
  if (q.type === 'respondent-type') {
    const type = v.t(labelOf(q.options, value.type));
    return value.role ? `${type}\n${v.w.role}: ${v.t(labelOf(q.roles, value.role))}` : type;
  }
  if (isText(q)) return value;
  return v.t(labelOf(q.options, value));
}
