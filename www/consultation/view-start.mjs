/**
 * @file The consultation form's start page (what it is about, whether it is open, start or
 * carry on, from this browser or a saved file) and its two pages of choices: deleting the
 * answers, and a draft for an earlier version of the consultation.
 */

import { h, startIcon, warningText } from '../dom.mjs';
import { markField } from '../govuk/error-summary.mjs';
import {
  button, caption, draftTools, pageHeading, subHeading,
} from './view-common.mjs';

/**
 * @typedef {import('./view-common.mjs').View} View
 * @typedef {{heading: string, content: Node[]}} Page
 */

/**
 * The start page.
 *
 * @param {View} v
 * @returns {Page}
 */
export function startPage(v) {
  const d = v.form;
  const s = /** @type {any} */ (v.status); // any: the status, checked non-null by the caller
  const title = v.t(d.title);
  /** @type {Node[]} */
  const content = [
    caption(v, v.w.consultationBy(d.bodies.map((/** @type {any} */ b) => v.t(b)).join(', '))), // any: the form JSON's bodies (FormJson)
    pageHeading(v, title, 'title'),
    h('p', { class: 'govuk-body-l' }, v.t(d.summary)),
  ];
  const open = v.preview || s.state === 'open';
  const status = (/** @type {string} */ state, /** @type {string} */ heading, /** @type {string} */ when, /** @type {string} */ then) =>
    h('div', { class: 'govuk-inset-text dd-status', 'data-state': state },
      subHeading(v, heading),
      h('p', { class: 'govuk-body' }, when),
      h('p', { class: 'govuk-body govuk-!-margin-bottom-0' }, then));
  if (!v.preview && s.state === 'closed') {
    content.push(status('closed', v.w.closedHeading, v.w.closedAt(s.closesText[v.lang]), v.w.closedNoMore));
  } else if (!v.preview && s.state === 'not-open') {
    content.push(status('not-open', v.w.notOpenHeading, v.w.opensAt(s.opensText[v.lang]), v.w.notYet));
  } else if (!v.preview) {
    content.push(h('p', { class: 'govuk-body govuk-!-font-weight-bold dd-status', 'data-state': 'open' }, v.w.closesAt(s.closesText[v.lang])));
  }
  content.push(
    subHeading(v, v.w.howUsed), h('p', { class: 'govuk-body' }, v.t(d.responsesUse)),
    subHeading(v, v.w.confidentiality), h('p', { class: 'govuk-body' }, v.t(d.confidentiality)),
    subHeading(v, v.w.otherFormats), h('p', { class: 'govuk-body' }, v.t(d.alternativeFormats)));
  if (open) {
    content.push(subHeading(v, v.w.beforeYouStart));
    content.push(v.storageOk ? h('p', { class: 'govuk-body' }, v.w.savedAsYouGo) : warningText(v.w.storageNone));
    const started = Boolean(v.draft);
    const start = h('button', { type: 'button', class: 'govuk-button govuk-button--start', draggable: 'false' },
      started ? v.w.continueResponse : v.w.startNow, startIcon());
    start.addEventListener('click', () => v.act.begin());
    content.push(start, loadForm(v));
    if (started) content.push(draftTools(v));
  } else if (v.draft) {
    content.push(warningText(v.w.savedDraftClosed), draftTools(v));
  }
  return { content, heading: title };
}

/**
 * The details component with a file picker to carry on from a saved file.
 *
 * @param {View} v
 */
function loadForm(v) {
  const id = `${v.prefix}-load`;
  const input = /** @type {HTMLInputElement} */ (h('input', {
    class: 'govuk-file-upload', id, name: 'saved-answers', type: 'file', accept: '.json,application/json', 'aria-describedby': `${id}-hint`,
  }));
  const group = h('div', { class: 'govuk-form-group' },
    h('label', { class: 'govuk-label', for: id }, v.w.loadLabel),
    h('div', { class: 'govuk-hint', id: `${id}-hint` }, v.w.loadHint),
    input);
  const submit = h('button', { type: 'submit', class: 'govuk-button govuk-button--secondary' }, v.w.loadButton);
  const field = { group, control: input, before: input, describes: input, errorId: `${id}-error`, label: v.w.loadLabel };
  const form = h('form', { class: 'dd-load-form', novalidate: true }, group, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    const problem = file ? await v.act.loadFile(file) : v.w.chooseFile;
    if (!problem) return;
    markField(field, [{ field: 'file', code: 'bad-file', message: problem }], { errorPrefix: v.w.errorPrefix });
    input.focus();
  });
  return h('details', { class: 'govuk-details dd-load' },
    h('summary', { class: 'govuk-details__summary' },
      h('span', { class: 'govuk-details__summary-text' }, v.w.loadFromFile)),
    h('div', { class: 'govuk-details__text' }, form));
}

/**
 * Are you sure you want to delete your answers?
 *
 * @param {View} v
 * @returns {Page}
 */
export function deletePage(v) {
  const yes = button(v.w.deleteYes, () => v.act.deleteDraft(), 'warning');
  const no = h('a', { href: `#${v.prefix}-top`, class: 'govuk-link' }, v.w.deleteNo);
  no.addEventListener('click', (event) => {
    event.preventDefault();
    v.act.keepDraft();
  });
  const heading = v.w.deleteTitle;
  return {
    heading,
    content: [
      pageHeading(v, heading),
      h('p', { class: 'govuk-body' }, v.w.deleteBody),
      h('div', { class: 'govuk-button-group' }, yes, no),
    ],
  };
}

/**
 * A draft for an earlier version: keep what still fits, or discard it.
 *
 * @param {View} v
 * @param {{draft: any}} pending (any: a draft as stored, from any version)
 * @returns {Page}
 */
export function mismatchPage(v, pending) {
  const keep = button(v.w.keepMatching, () => v.act.keepMatching());
  const discard = button(v.w.discard, () => v.act.discardPending(), 'secondary');
  const heading = v.w.mismatchTitle;
  return {
    heading,
    content: [
      caption(v, v.t(v.form.title)),
      pageHeading(v, heading),
      h('p', { class: 'govuk-body' }, v.w.mismatchBody(v.when(pending.draft.saved))),
      h('div', { class: 'govuk-button-group' }, keep, discard),
    ],
  };
}
