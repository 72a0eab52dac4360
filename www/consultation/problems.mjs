/**
 * @file The core's problems with a response, in the form's words. The rules (what is
 * required, too long, too many, an e-mail address) are the core's: `validateResponse` finds
 * the problems, and this module only words them the GOV.UK way, by code. No DOM.
 */

import { isText } from './answers.mjs';

/**
 * One problem with an answer, as the form shows it: a problem of the GOV.UK form layer
 * (`govuk/problem.mjs`), whose `field` is the core's (`answers.<id>`, `answers.<id>.role`).
 *
 * @typedef {object} AnswerProblem
 * @property {string | null} field - The core's field, or null.
 * @property {string} question - The question's id ('' for a problem with the whole response).
 * @property {'main' | 'role'} part - The control it concerns (`role` for a respondent's role).
 * @property {string} code - The core's code, e.g. `answer-required`, `too-long`, `bad-email`.
 * @property {string} message - The words shown.
 */

/**
 * The GOV.UK wording of each code the form words itself; any other code shows the core's
 * own message.
 *
 * @type {Record<string, (q: import('./answers.mjs').Question, words: import('./words.mjs').Words, text: string, role: boolean) => string | null>}
 */
// The core reports too-long and too-many-choices only for a question with that limit.
const MESSAGES = {
  'answer-required': (q, w, text, role) => (role ? w.errRole : isText(q) ? w.errEnter(text) : w.errSelect(text)),
  'too-long': (q, w, text) => w.errTooLong(text, /** @type {number} */ (q.maxLength)),
  'bad-email': (_q, w) => w.errEmail,
  'too-many-choices': (q, w, text) => w.errTooMany(text, /** @type {number} */ (q.maxChoices)),
  'bad-answer': (q, w, text) => (q.type === 'short-text' ? w.errOneLine(text) : null),
};

/**
 * The core's problems, in the form's words, for the questions asked about.
 *
 * @param {Array<{code: string, field?: string | null, message: string}>} problems - From `validateResponse`.
 * @param {import('./answers.mjs').Question[]} questions - The questions to report on (one page's, or all).
 * @param {import('./words.mjs').Words} words - The language's words.
 * @param {(text: import('./json-types.mjs').DefinitionText) => string} textOf - A definition text in the form's language.
 * @param {{envelope?: boolean}} [options] - `envelope`: also report problems with the whole
 *   response (not with one answer).
 * @returns {AnswerProblem[]} In the order the core found them, one per question part.
 */
export function answerProblems(problems, questions, words, textOf, { envelope = false } = {}) {
  const byId = new Map(questions.map((q) => [q.id, q]));
  /** @type {AnswerProblem[]} */
  const out = [];
  const seen = new Set();
  for (const p of problems) {
    const match = /^answers\.([a-z0-9-]+)(\.role)?/.exec(p.field ?? '');
    if (!match) {
      if (envelope) out.push({ field: p.field ?? null, question: '', part: 'main', code: p.code, message: p.message });
      continue;
    }
    const q = byId.get(match[1]);
    if (!q) continue;
    const role = Boolean(match[2]);
    const where = `${q.id}${role ? '.role' : ''}`;
    if (seen.has(where)) continue;
    seen.add(where);
    const word = MESSAGES[p.code]?.(q, words, textOf(q.text), role) ?? null;
    out.push({ field: `answers.${where}`, question: q.id, part: role ? 'role' : 'main', code: p.code, message: word ?? p.message });
  }
  return out;
}

/**
 * The problem with submitting when the consultation is not open (the device clock decides, on
 * submitting as on loading), or null when it is open or this is the authors' preview.
 *
 * @param {{state: string, opensText: import('../pkg/deepdive.js').BilingualText, closesText: import('../pkg/deepdive.js').BilingualText}} status - `consultationStatus`'s answer.
 * @param {boolean} preview
 * @param {import('./words.mjs').Words} words
 * @param {'en' | 'cy'} lang
 * @returns {AnswerProblem | null}
 */
export function closedProblem(status, preview, words, lang) {
  if (preview || status.state === 'open') return null;
  const message = status.state === 'closed' ? words.closedAtSubmit(status.closesText[lang]) : words.notOpenAtSubmit(status.opensText[lang]);
  return { field: null, question: '', part: 'main', code: `consultation-${status.state}`, message };
}
