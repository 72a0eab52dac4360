/**
 * @file The problems of a rejected response, and of a definition that cannot be used, in plain
 * English, without any DOM: one sentence per problem, saying what is wrong and what the team
 * can do, worded by the problem's code.
 *
 * The core decides what is wrong and gives each problem a stable code, the field it concerns
 * (a JSON path such as `answers.clear`) and a message written for developers. Wording is
 * presentation, so it lives here, in one table keyed by code; questions are named by their
 * wording from the summary, not by their id. A code this table does not know is shown with
 * the core's own message.
 */

import { formatDate } from '../dom.mjs';

/**
 * A problem as the core reports it.
 *
 * @typedef {{code: string, field?: string | null, message: string}} Problem
 */

/**
 * What a sentence may draw on: the rejected response's name and text, the summary's
 * consultation and questions, and the names of every response loaded (by input order).
 *
 * @typedef {object} Context
 * @property {string} name - The response's name: `file.json`, `file.json [2]`, `file.jsonl line 4`.
 * @property {string} text - Its JSON text.
 * @property {{consultation: {id: string, version: number, title: string, opens: string}, questions: Array<{id: string, text: string}>}} summary
 * @property {string[]} names - The name of each response given, in order.
 */

/** Said after a problem only the respondent can put right. */
const SEND_AGAIN = 'Ask the respondent to send their response again.';

/** What a field of the response's envelope is, in words. */
const ENVELOPE = {
  consultation: 'the consultation it answers',
  version: 'the version it answers',
  definitionSha256: 'its record of which text of the consultation it answers',
  id: 'its response reference',
  started: 'the time it was started',
  submitted: 'the time it was sent',
  language: 'its language',
  preview: 'whether it was made in the preview',
};

/**
 * The sentence for each code.
 *
 * @type {Record<string, (p: Problem, at: Found) => string>}
 */
const SENTENCES = {
  'bad-response': (p, at) => {
    if (p.field && p.field in ENVELOPE) {
      if (p.field === 'submitted') return `It says it was sent before it was started: the file may have been changed. ${SEND_AGAIN}`;
      if (p.field === 'language') return `It is in a language this consultation does not offer (“${at.value('language')}”). ${SEND_AGAIN}`;
      return `${capital(ENVELOPE[/** @type {keyof typeof ENVELOPE} */ (p.field)])} is not valid: the file may have been changed or damaged. ${SEND_AGAIN}`;
    }
    if (p.field) return `The answer to ${at.question(p.field)} is not valid: the file may have been changed. ${SEND_AGAIN}`;
    return `${at.where(p.message)} cannot be read as a response: it is damaged, cut short, or not a response file. Check it is the file the consultation form saved; if it is, ${SEND_AGAIN.charAt(0).toLowerCase()}${SEND_AGAIN.slice(1)}`;
  },
  'bad-time': (p) => `${capital(ENVELOPE[/** @type {keyof typeof ENVELOPE} */ (p.field ?? '')] ?? 'a time in it')} is not a date and time: the file may have been changed. ${SEND_AGAIN}`,
  'wrong-consultation': (p, at) => `It answers another consultation (“${at.value('consultation')}”), not “${at.consultation.title}”. To count it, choose that consultation in part 1.`,
  'wrong-version': (p, at) => `It answers version ${at.value('version')} of this consultation, but version ${at.consultation.version} is in use. To count it, use the definition of version ${at.value('version')} in part 1.`,
  'wrong-definition': () => 'It answers a different text of this consultation: the definition was changed after the response was made. To count it, use the definition the respondent answered in part 1.',
  'unknown-question': (p, at) => `It answers a question this consultation does not have (“${at.questionId(p.field)}”). Check it answers this consultation and version.`,
  'answer-required': (p, at) => (p.field?.endsWith('.role')
    ? `The answer to ${at.question(p.field)} gives no role, and it needs one (or “prefer not to say”). ${SEND_AGAIN}`
    : `There is no answer to ${at.question(p.field)} which must be answered. ${SEND_AGAIN}`),
  'unknown-choice': (p, at) => `The answer “${at.value(p.field)}” to ${at.question(p.field)} is not one of its options. ${SEND_AGAIN}`,
  'bad-answer': (p, at) => `The answer to ${at.question(p.field)} is not one the question can take. ${SEND_AGAIN}`,
  'too-many-choices': (p, at) => `The answer to ${at.question(p.field)} has more choices than the question allows. ${SEND_AGAIN}`,
  'too-long': (p, at) => `The answer to ${at.question(p.field)} is longer than the question allows. ${SEND_AGAIN}`,
  'bad-email': (p, at) => `The answer to ${at.question(p.field)} is not an e-mail address. ${SEND_AGAIN}`,
  'duplicate-response': (p, at) => `It has the same response reference as ${at.firstWithSameId(p.message)}, which is counted, so this copy is not. If the two are different responses, ${SEND_AGAIN.charAt(0).toLowerCase()}${SEND_AGAIN.slice(1)}`,
  'preview-response': () => 'It was made in the authors’ preview, not in the consultation itself, so it is not counted.',
  'submitted-before-open': (p, at) => `It says it was sent on ${formatDate(at.value('submitted').slice(0, 10))}, before the consultation opened on ${formatDate(at.consultation.opens.slice(0, 10))}, so it is not counted.`,
};

/**
 * The problem in plain English.
 *
 * @param {Problem} problem
 * @param {Context} context
 * @returns {string}
 */
export function plainProblem(problem, context) {
  const sentence = SENTENCES[problem.code];
  if (!sentence) return capital(problem.message.endsWith('.') ? problem.message : `${problem.message}.`);
  return sentence(problem, new Found(context));
}

/** The parts of a definition a path names, in words: `sections[0]` is `section 1`. */
const DEFINITION_LISTS = {
  sections: 'section', questions: 'question', choices: 'option', roles: 'role', languages: 'language',
};

/**
 * A problem of a definition in plain English: where in the definition (`Section 1, question 2,
 * “type”` rather than `sections[0].questions[1].type`) and the core's message; a file that
 * cannot be read as JSON gives its line and column instead of the JSON reader's words.
 *
 * @param {Problem} problem
 * @param {string} fileName - The definition's file.
 * @returns {string}
 */
export function plainDefinitionProblem(problem, fileName) {
  const stopped = /\(line (\d+), column (\d+)\)\s*$/.exec(problem.message);
  if (!problem.field && problem.code === 'bad-consultation' && stopped) {
    const missing = /missing field `([^`]+)`/.exec(problem.message)?.[1];
    const at = `line ${stopped[1]}, column ${stopped[2]}`;
    return missing
      ? `${fileName} has no “${missing}” (${at}), which every definition needs. See the consultation format.`
      : `${fileName} (at ${at}) cannot be read as a consultation definition: it is damaged, cut short, or not a definition file.`;
  }
  const message = problem.message.endsWith('.') ? problem.message : `${problem.message}.`;
  return problem.field ? `${capital(placeInDefinition(problem.field))}: ${message}` : capital(message);
}

/**
 * A definition's field path in words: `sections[0].questions[1].type` is
 * `section 1, question 2, “type”`.
 *
 * @param {string} field
 * @returns {string}
 */
export function placeInDefinition(field) {
  /** @type {string[]} */
  const words = [];
  for (const [, key, index] of field.matchAll(/([^.[\]]+)?(?:\[(\d+)\])?/g)) {
    if (key === undefined && index === undefined) continue;
    const list = DEFINITION_LISTS[/** @type {keyof typeof DEFINITION_LISTS} */ (key ?? '')];
    if (index !== undefined && list) words.push(`${list} ${Number(index) + 1}`);
    else {
      if (key !== undefined) words.push(`“${key}”`);
      if (index !== undefined) words.push(`item ${Number(index) + 1}`);
    }
  }
  return words.join(', ');
}

/**
 * Where a response is: its file, and its line or place in the file when the file held more
 * than one.
 *
 * @param {string} name - The response's name (see {@link Context}).
 * @returns {{file: string, line: number | null, position: number | null}}
 */
export function placeOf(name) {
  const line = / line (\d+)$/.exec(name);
  if (line) return { file: name.slice(0, line.index), line: Number(line[1]), position: null };
  const position = / \[(\d+)\]$/.exec(name);
  if (position) return { file: name.slice(0, position.index), line: null, position: Number(position[1]) };
  return { file: name, line: null, position: null };
}

/** What a sentence finds out about the response it speaks of. */
class Found {
  /** @type {Context} */
  #context;
  /** The response file's JSON, null when it cannot be read. @type {unknown} */
  #response = undefined;

  /** @param {Context} context */
  constructor(context) {
    this.#context = context;
  }

  get consultation() {
    return this.#context.summary.consultation;
  }

  /**
   * The response's value at a field path (`answers.devices[1]`, `answers.respondent.type`),
   * as text; blank when the response cannot be read or has no such value.
   *
   * @param {string | null | undefined} field
   * @returns {string}
   */
  value(field) {
    if (this.#response === undefined) {
      try {
        this.#response = JSON.parse(this.#context.text);
      } catch {
        this.#response = null;
      }
    }
    /** @type {unknown} */
    let value = this.#response;
    for (const step of String(field ?? '').match(/[^.[\]]+/g) ?? []) {
      value = value !== null && typeof value === 'object' ? /** @type {Record<string, unknown>} */ (value)[step] : undefined;
    }
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  /**
   * The id of the question an `answers.<id>…` field concerns.
   *
   * @param {string | null | undefined} field
   * @returns {string}
   */
  questionId(field) {
    return /^answers\.([^.[\]]+)/.exec(field ?? '')?.[1] ?? '';
  }

  /**
   * The question a field concerns, by its number and wording: `question 4, “Is this clear?”`.
   *
   * @param {string | null | undefined} field
   * @returns {string}
   */
  question(field) {
    const id = this.questionId(field);
    const questions = this.#context.summary.questions;
    const index = questions.findIndex((q) => q.id === id);
    return index < 0 ? `the question “${id}”` : `question ${index + 1}, “${questions[index].text}”,`;
  }

  /**
   * The response this one repeats the reference of: its name, from the response number the
   * core gives (`… as response 3 (…)`).
   *
   * @param {string} message - The core's message.
   * @returns {string}
   */
  firstWithSameId(message) {
    const number = /response (\d+)\b/.exec(message);
    const name = number ? this.#context.names[Number(number[1]) - 1] : undefined;
    return name ?? 'a response loaded earlier';
  }

  /**
   * Where in its file the response is, and where the core stopped reading it (the
   * `(line L, column C)` its message ends with), as the start of a sentence.
   *
   * @param {string} message - The core's message.
   * @returns {string}
   */
  where(message) {
    const place = placeOf(this.#context.name);
    const stopped = /\(line (\d+), column (\d+)\)\s*$/.exec(message);
    if (place.line !== null) return `Line ${place.line} of ${place.file}`;
    if (place.position !== null) return `Response ${place.position} in ${place.file}`;
    return stopped ? `${place.file} (at line ${stopped[1]}, column ${stopped[2]})` : place.file;
  }
}

/**
 * @param {string} text
 * @returns {string}
 */
function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
