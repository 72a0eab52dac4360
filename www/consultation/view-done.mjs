/**
 * @file The confirmation: "Response submitted" only when `submit-url` accepted the response;
 * otherwise the response is a file that is ready to send, and the page says how (the
 * definition's `submission`: e-mail with a prepared `mailto:` link, post, a web address).
 * With the response's details, a copy of the answers, downloads and printing.
 */

import { downloadText, h, summaryList, warningText } from '../dom.mjs';
import { shownQuestions } from './answers.mjs';
import {
  answerNodes, answerText, button, pageHeading, subHeading,
} from './view-common.mjs';

/**
 * @typedef {import('./view-common.mjs').View} View
 * @typedef {{response: import('./json-types.mjs').ResponseJson, sent: boolean, status: number | null, serverText: string | null}} Result
 */

/**
 * The name of a response's files.
 *
 * @param {import('./json-types.mjs').ResponseJson} response
 * @param {string} ending - `json` or `txt`.
 */
function fileName(response, ending) {
  return `${response.consultation}-response-${String(response.id).slice(0, 8)}.${ending}`;
}

/**
 * Offers the response file.
 *
 * @param {import('./json-types.mjs').ResponseJson} response
 */
export function downloadResponse(response) {
  downloadText(fileName(response, 'json'), `${JSON.stringify(response, null, 2)}\n`, 'application/json');
}

/**
 * Offers a readable copy of the response as text.
 *
 * @param {View} v
 * @param {import('./json-types.mjs').ResponseJson} response
 */
function downloadReadable(v, response) {
  const lines = [v.t(v.form.title), ''];
  lines.push(`${v.w.responseId}: ${response.id}`);
  lines.push(`${v.w.started}: ${v.when(response.started)} (${response.started})`);
  lines.push(`${v.w.submitted}: ${v.when(response.submitted)} (${response.submitted})`);
  lines.push(`${v.w.languageName}: ${v.w.languages[/** @type {'en' | 'cy'} */ (response.language)] ?? response.language}`);
  if (response.preview) lines.push('', v.w.previewMarked);
  const shown = shownQuestions(v.questions, response.answers);
  v.form.sections.forEach((/** @type {any} */ section, /** @type {number} */ index) => { // any: the form JSON's sections (FormJson)
    const questions = v.questions.filter((q) => q.section === index && shown.has(q.id));
    if (!questions.length) return;
    lines.push('', v.t(section.title).toUpperCase(), '');
    for (const q of questions) {
      lines.push(v.t(q.text));
      lines.push(...answerText(v, q, response.answers[q.id]).split('\n').map((l) => `    ${l}`), '');
    }
  });
  downloadText(fileName(response, 'txt'), `${lines.join('\r\n')}\r\n`);
}

/**
 * A `mailto:` address whose subject names the consultation and the response.
 *
 * @param {View} v
 * @param {string} email
 * @param {import('./json-types.mjs').ResponseJson} response
 * @returns {string}
 */
function mailtoHref(v, email, response) {
  const subject = v.w.emailSubject(v.t(v.form.title), response.id);
  const body = v.w.emailBody(response.id);
  return `mailto:${encodeURI(email)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

/**
 * How to send a response file: the definition's ways, or the general advice.
 *
 * @param {View} v
 * @param {import('./json-types.mjs').ResponseJson} response
 * @returns {Node[]}
 */
function howToSend(v, response) {
  const ways = v.form.submission ?? {};
  /** @type {Node[]} */
  const items = [];
  if (ways.email) {
    items.push(h('li', { class: 'dd-send-email' }, `${v.w.sendByEmail} `,
      h('a', { class: 'govuk-link', href: mailtoHref(v, ways.email, response) }, ways.email),
      '. ', v.w.attachReminder));
  }
  if (ways.url) {
    items.push(h('li', { class: 'dd-send-url' }, `${v.w.sendOnline} `,
      h('a', { class: 'govuk-link', href: ways.url, rel: 'noopener' }, ways.url), '.'));
  }
  if (ways.postal) {
    items.push(h('li', { class: 'dd-send-post' }, `${v.w.sendByPost}:`,
      h('address', { class: 'govuk-!-margin-top-1 dd-postal' }, v.t(ways.postal).split('\n').flatMap((line, i) => (i ? [h('br'), line] : [line])))));
  }
  if (!items.length) return [h('p', { class: 'govuk-body dd-send-how' }, v.w.sendAsExplained)];
  return [h('ul', { class: 'govuk-list govuk-list--bullet dd-send-how' }, items)];
}

/**
 * The confirmation page.
 *
 * @param {View} v
 * @param {Result} result
 * @returns {{heading: string, content: Node[]}}
 */
export function donePage(v, result) {
  const { response, sent, serverText } = result;
  const title = response.preview ? v.w.previewSubmittedTitle : sent ? v.w.sentTitle : v.w.readyTitle;
  // The green panel says the consulting body has the response; a file not yet sent gets a
  // plain heading, so nobody reads it as done.
  const reference = h('strong', { class: 'dd-reference' }, response.id);
  const top = sent
    ? h('div', { class: 'govuk-panel govuk-panel--confirmation' },
      h(`h${v.level}`, { class: 'govuk-panel__title dd-step-heading', tabindex: '-1' }, title),
      h('div', { class: 'govuk-panel__body' }, v.w.yourReference, h('br'), reference))
    : h('div', { class: 'dd-ready' }, pageHeading(v, title),
      h('div', { class: 'govuk-inset-text' }, v.w.yourReference, ': ', reference));
  const json = button(v.w.downloadJson, () => downloadResponse(response));
  const text = button(v.w.downloadTextCopy, () => downloadReadable(v, response), 'secondary');
  const print = button(v.w.print, () => window.print(), 'secondary');

  const shown = shownQuestions(v.questions, response.answers);
  /** @type {Node[]} */
  const copy = [];
  v.form.sections.forEach((/** @type {any} */ section, /** @type {number} */ index) => { // any: the form JSON's sections (FormJson)
    const questions = v.questions.filter((q) => q.section === index && shown.has(q.id));
    if (!questions.length) return;
    copy.push(subHeading(v, v.t(section.title), 2));
    copy.push(summaryList(questions.map((q) => [v.t(q.text), answerNodes(v, q, response.answers[q.id])]), { className: 'dd-copy' }));
  });

  /** @type {Node[]} */
  const content = [top];
  if (response.preview) content.push(warningText(v.w.previewMarked));
  content.push(subHeading(v, v.w.whatNext));
  if (sent) {
    content.push(h('p', { class: 'govuk-body' }, v.w.whatNextSent));
    if (serverText) content.push(h('p', { class: 'govuk-body dd-server-reply' }, `${v.w.serverSaid} `, h('span', { class: 'dd-server-text' }, serverText)));
  } else if (!response.preview) {
    content.push(h('p', { class: 'govuk-body dd-not-sent' }, v.w.notSentYet),
      subHeading(v, v.w.howToSend), ...howToSend(v, response));
  }
  content.push(h('div', { class: 'govuk-button-group govuk-!-display-none-print' }, json, text, print));
  content.push(
    subHeading(v, v.w.responseDetails),
    summaryList([
      [v.w.consultation, v.t(v.form.title)],
      [v.w.responseId, response.id],
      [v.w.started, v.when(response.started)],
      [sent ? v.w.submitted : v.w.madeAt, v.when(response.submitted)],
      [v.w.languageName, v.w.languages[/** @type {'en' | 'cy'} */ (response.language)] ?? response.language],
    ], { className: 'dd-response-details' }),
    subHeading(v, v.w.yourAnswers),
    ...copy);
  if (!sent) {
    const remove = button(v.w.removeFromDevice, () => v.act.removeResponse(), 'warning');
    content.push(h('div', { class: 'govuk-!-display-none-print' },
      h('p', { class: 'govuk-body' }, v.w.keptOnDevice),
      h('div', { class: 'govuk-button-group' }, remove)));
  } else {
    const again = button(v.w.startAgain, () => v.act.startAgain(), 'secondary');
    content.push(h('div', { class: 'govuk-button-group govuk-!-display-none-print' }, again));
  }
  return { heading: title, content };
}
