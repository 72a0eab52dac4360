/**
 * @file The search of one question's free-text answers, without any DOM: which answers
 * match, which are listed, and the sentence that says so.
 */

import { plural } from './wording.mjs';

/** Free-text answers listed at most, per question, before the search narrows them. */
export const TEXT_LIMIT = 200;

/**
 * One free-text answer of the summary.
 *
 * @typedef {{text: string, respondentType: string, consent: string, response: number}} TextAnswer
 */

/**
 * The answers that contain the query (ignoring case and the spaces around it), the first
 * `limit` of them to list, and a sentence saying how many there are.
 *
 * @param {TextAnswer[]} texts - Every answer to the question.
 * @param {string} query - What the team typed; blank matches every answer.
 * @param {number} [limit]
 * @returns {{matching: TextAnswer[], listed: TextAnswer[], status: string}}
 */
export function searchTexts(texts, query, limit = TEXT_LIMIT) {
  const typed = query.trim();
  const wanted = typed.toLocaleLowerCase();
  const matching = wanted ? texts.filter((t) => String(t.text).toLocaleLowerCase().includes(wanted)) : texts;
  const listed = matching.slice(0, limit);
  const total = texts.length;
  const status = wanted
    ? `${plural(matching.length, 'answer')} of ${total} ${matching.length === 1 ? 'matches' : 'match'} “${typed}”${matching.length > listed.length ? `; the first ${listed.length} are shown` : ''}.`
    : `${plural(total, 'answer')}${total > listed.length ? `; the first ${listed.length} are shown: search to find others` : ''}.`;
  return { matching, listed, status };
}
