/**
 * @file Check your answers: every part's answers with change links, what submitting does
 * (makes a file, or sends to `submit-url`), and the core's problems with the whole response.
 */

import { h, notificationBanner } from '../dom.mjs';
import { errorSummary } from '../govuk/error-summary.mjs';
import { shownQuestions, visibleSections } from './answers.mjs';
import {
  answerNodes, backLink, button, caption, draftTools, pageHeading, subHeading,
} from './view-common.mjs';

/**
 * @typedef {import('./view-common.mjs').View} View
 * @typedef {import('./problems.mjs').AnswerProblem} AnswerProblem
 */

/**
 * The check page.
 *
 * @param {View} v
 * @param {AnswerProblem[] | null} problems
 * @returns {{heading: string, content: Node[]}}
 */
export function checkPage(v, problems) {
  const answers = /** @type {import('./drafts.mjs').Draft} */ (v.draft).answers;
  const shown = shownQuestions(v.questions, answers);
  const visible = visibleSections(v.questions, answers);
  const back = backLink(v, () => v.act.back());
  /** @type {Node[]} */
  const lists = [];
  for (const index of visible) {
    const section = v.form.sections[index];
    lists.push(subHeading(v, v.t(section.title)));
    const rows = v.questions.filter((q) => q.section === index && shown.has(q.id)).map((q) => {
      const change = h('a', { class: 'govuk-link', href: `#${v.prefix}-q-${q.id}` },
        v.w.change, h('span', { class: 'govuk-visually-hidden' }, ` ${v.t(q.text)}`));
      change.addEventListener('click', (event) => {
        event.preventDefault();
        v.act.change(q.id);
      });
      return h('div', { class: 'govuk-summary-list__row', 'data-question': q.id },
        h('dt', { class: 'govuk-summary-list__key' }, v.t(q.text)),
        h('dd', { class: 'govuk-summary-list__value' }, answerNodes(v, q, answers[q.id])),
        h('dd', { class: 'govuk-summary-list__actions' }, change));
    });
    lists.push(h('dl', { class: 'govuk-summary-list govuk-!-margin-bottom-9', 'data-section': section.id }, rows));
  }
  const submit = button(v.w.submit, () => v.act.submit(), '', 'dd-submit');
  const sendBody = v.preview ? v.w.sendBodyPreview
    : v.submitUrl ? v.w.sendBodyUrl(new URL(v.submitUrl).host) : v.w.sendBodyFile;
  const heading = v.w.checkTitle;
  /** @type {Node[]} */
  const content = [back];
  if (problems?.length) {
    const summary = errorSummary(v.w.thereIsAProblem, problems.map((p) => {
      if (!p.question) return { message: p.message };
      return {
        message: p.message,
        href: `#${v.prefix}-q-${p.question}`,
        onClick: () => v.act.fix(p.question),
      };
    }));
    content.push(summary);
  }
  content.push(
    caption(v, v.t(v.form.title)),
    pageHeading(v, heading),
    ...lists,
    subHeading(v, v.w.nowSend),
    h('p', { class: 'govuk-body' }, sendBody),
    h('div', { class: 'govuk-button-group' }, submit),
    draftTools(v));
  return { heading, content };
}

/**
 * The banner that says the response was not sent, and offers it as a file instead.
 *
 * @param {View} v
 * @param {string} why
 * @param {string | null} serverText
 * @param {() => void} onDownload
 * @returns {HTMLElement} Focusable (`tabindex="-1"`).
 */
export function sendFailedBanner(v, why, serverText, onDownload) {
  const failed = notificationBanner({
    id: `${v.prefix}-send-title`,
    title: v.w.important,
    heading: v.w.sendFailed(why),
    body: [
      h('p', { class: 'govuk-body' }, v.w.sendFailedKeep),
      serverText ? h('p', { class: 'govuk-body' }, `${v.w.serverSaid} `, h('span', { class: 'dd-server-text' }, serverText)) : null,
      button(v.w.downloadJson, onDownload, 'secondary'),
    ],
  });
  failed.classList.add('dd-send-failed');
  failed.setAttribute('tabindex', '-1');
  return failed;
}

/**
 * Says the response is being sent: the submit button disabled, a status line after it.
 *
 * @param {HTMLElement} page - The element showing the check page.
 * @param {import('./words.mjs').Words} words
 */
export function showSending(page, words) {
  const submit = /** @type {HTMLButtonElement | null} */ (page.querySelector('.dd-submit'));
  if (!submit) return;
  submit.disabled = true;
  submit.setAttribute('aria-disabled', 'true');
  submit.parentElement?.after(h('p', { class: 'govuk-body dd-sending', role: 'status' }, words.sending));
}
