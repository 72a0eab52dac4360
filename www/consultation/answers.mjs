/**
 * @file Which questions and parts a respondent sees for their answers, and the way through
 * the form: pure functions over the form definition (`validateConsultation`'s `form`, with
 * every question's options and limits filled in by the core), with no DOM.
 */

/**
 * A question of the form definition, as the form uses it.
 *
 * @typedef {object} Question
 * @property {string} id
 * @property {string} type
 * @property {import('./json-types.mjs').DefinitionText} text - A string or `{en, cy}`.
 * @property {import('./json-types.mjs').DefinitionText} [help]
 * @property {boolean} [required]
 * @property {{question: string, equals?: string, anyOf?: string[]}} [condition]
 * @property {Array<{value: string, label: import('./json-types.mjs').DefinitionText}>} [options] - Filled in by the core for every choice type.
 * @property {Array<{value: string, label: import('./json-types.mjs').DefinitionText}>} [roles] - With “prefer not to say” last, when there are roles.
 * @property {number} [maxLength] - Filled in by the core for every text type.
 * @property {number} [maxChoices] - Filled in by the core for multiple choice.
 * @property {number} section - The index of its section.
 */

/** The question types whose answer is text. */
const TEXT_TYPES = ['short-text', 'long-text', 'email'];

/**
 * Whether a question's answer is text.
 *
 * @param {{type: string}} q
 * @returns {boolean}
 */
export function isText(q) {
  return TEXT_TYPES.includes(q.type);
}

/**
 * The questions of a form definition in order, each with the index of its section.
 *
 * @param {{sections: Array<{questions: any[]}>}} form (any: the form JSON's questions (FormJson))
 * @returns {Question[]}
 */
export function questionsOf(form) {
  return form.sections.flatMap((s, i) => s.questions.map((q) => ({ ...q, section: i })));
}

/**
 * An answer as a response carries it, or undefined when unanswered: blank text, an empty
 * list and a respondent type without a type count as unanswered; e-mail addresses are trimmed.
 *
 * @param {{type: string} | undefined} q
 * @param {import('./json-types.mjs').Answer} value
 * @returns {any} (any: an answer, whatever its question type)
 */
export function normalise(q, value) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined;
    return q?.type === 'email' ? value.trim() : value;
  }
  if (Array.isArray(value)) return value.length ? value : undefined;
  if (typeof value === 'object') {
    if (!value.type) return undefined;
    return value.role ? { type: value.type, role: value.role } : { type: value.type };
  }
  return value;
}

/**
 * The ids of the questions shown for these answers: a question with a condition is shown
 * when the question it names is shown and answered with one of the values.
 *
 * @param {Question[]} questions
 * @param {import('./json-types.mjs').Answers} answers
 * @returns {Set<string>}
 */
export function shownQuestions(questions, answers) {
  const shown = new Set();
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const q of questions) {
    const c = q.condition;
    if (!c) {
      shown.add(q.id);
      continue;
    }
    if (!shown.has(c.question)) continue;
    const values = c.anyOf ?? (c.equals !== undefined ? [c.equals] : []);
    const answer = normalise(byId.get(c.question), answers[c.question]);
    const given = Array.isArray(answer) ? answer
      : answer && typeof answer === 'object' ? [answer.type]
        : answer === undefined ? [] : [answer];
    if (given.some((v) => values.includes(v))) shown.add(q.id);
  }
  return shown;
}

/**
 * The sections with at least one question shown, by index.
 *
 * @param {Question[]} questions
 * @param {import('./json-types.mjs').Answers} answers
 * @returns {number[]}
 */
export function visibleSections(questions, answers) {
  const shown = shownQuestions(questions, answers);
  const sections = new Set(questions.filter((q) => shown.has(q.id)).map((q) => q.section));
  return [...sections].sort((a, b) => a - b);
}

/**
 * The answers as a response carries them: only questions shown, only those answered,
 * e-mail addresses trimmed.
 *
 * @param {Question[]} questions
 * @param {import('./json-types.mjs').Answers} answers
 * @returns {import('./json-types.mjs').Answers}
 */
export function responseAnswers(questions, answers) {
  const shown = shownQuestions(questions, answers);
  /** @type {import('./json-types.mjs').Answers} */
  const out = {};
  for (const q of questions) {
    if (!shown.has(q.id)) continue;
    const value = normalise(q, answers[q.id]);
    if (value !== undefined) out[q.id] = value;
  }
  return out;
}

/**
 * Whether an answer to a question not shown yet has the kind and values the question takes,
 * to keep it from an earlier draft until the question is shown (the core checks it then).
 *
 * @param {Question} q
 * @param {import('./json-types.mjs').Answer} value
 * @returns {boolean}
 */
export function fitsQuestion(q, value) {
  const values = new Set((q.options ?? []).map((o) => o.value));
  if (isText(q)) return typeof value === 'string';
  if (q.type === 'multiple-choice') return Array.isArray(value) && value.every((v) => values.has(v));
  if (q.type === 'respondent-type') return Boolean(value && typeof value === 'object' && values.has(value.type));
  return typeof value === 'string' && values.has(value);
}

/**
 * The label of a value among options, in a language's words (the value itself if unknown).
 *
 * @param {Array<{value: string, label: import('./json-types.mjs').DefinitionText}> | undefined} list
 * @param {string} value
 * @returns {any} The label (a string or `{en, cy}`). (any: a DefinitionText, or undefined)
 */
export function labelOf(list, value) {
  return (list ?? []).find((o) => o.value === value)?.label ?? value;
}

// -------------------------------------------------------------------------------------------
// Steps: `start`, `section-<index>`, `check`, `done`, and the two pages of choices (`delete`,
// `mismatch`). The URL names them as `#part-<index + 1>`, `#check-answers`, `#confirmation`.
// -------------------------------------------------------------------------------------------

/**
 * The step after a section: the next visible section, or the check page (also when the
 * respondent came from the check page to change an answer).
 *
 * @param {number[]} visible - The visible sections.
 * @param {number} index - The section just answered.
 * @param {boolean} toCheck - Whether the respondent came from the check page.
 * @returns {string}
 */
export function stepAfter(visible, index, toCheck) {
  const next = visible.find((i) => i > index);
  return toCheck || next === undefined ? 'check' : `section-${next}`;
}

/**
 * The step before a section: the previous visible section, or the start page.
 *
 * @param {number[]} visible
 * @param {number} index
 * @returns {string}
 */
export function stepBefore(visible, index) {
  const previous = [...visible].reverse().find((i) => i < index);
  return previous === undefined ? 'start' : `section-${previous}`;
}

/**
 * The first step of questions, or the check page when none is shown.
 *
 * @param {number[]} visible
 * @returns {string}
 */
export function firstStep(visible) {
  return visible.length ? `section-${visible[0]}` : 'check';
}

/**
 * A saved or addressed step if it still makes sense for the answers, else `start`.
 *
 * @param {unknown} step
 * @param {number[]} visible
 * @returns {string}
 */
export function validStep(step, visible) {
  if (step === 'check') return 'check';
  const m = /^section-(\d+)$/.exec(String(step));
  if (m && visible.includes(Number(m[1]))) return String(step);
  return 'start';
}

/**
 * The step that can be shown: the one asked for when the form's state allows it, else the
 * nearest that does. A response already made shows its confirmation (Back does not reopen
 * it); without a draft, the question pages, the check page and the delete page fall back to
 * the start page. The dates are checked on loading and again on submitting, not here.
 *
 * @param {string} step
 * @param {{pending: boolean, result: boolean, draft: boolean, made: boolean, visible: number[]}} state
 *   Whether there is an earlier draft waiting, a response to confirm, a draft, and a response
 *   made from the draft; the visible sections.
 * @returns {string}
 */
export function settleStep(step, { pending, result, draft, made, visible }) {
  if (step === 'mismatch') return pending ? step : 'start';
  if (step === 'done') return result ? step : 'start';
  if (made && result) return 'done';
  if (step === 'delete') return draft ? step : 'start';
  if (step === 'check' || step.startsWith('section-')) return draft ? validStep(step, visible) : 'start';
  return 'start';
}

/** The URL fragment names of the steps that have one. */
const FRAGMENTS = { check: 'check-answers', done: 'confirmation', delete: 'delete-answers' };

/**
 * The URL fragment (without `#`) that names a step, or '' for the start page.
 *
 * @param {string} step
 * @param {string} [prefix] - Put before the name (an element's id and a hyphen) to tell two forms apart.
 * @returns {string}
 */
export function fragmentOf(step, prefix = '') {
  const m = /^section-(\d+)$/.exec(step);
  if (m) return `${prefix}part-${Number(m[1]) + 1}`;
  const name = FRAGMENTS[/** @type {keyof typeof FRAGMENTS} */ (step)];
  return name ? `${prefix}${name}` : '';
}

/**
 * The step a URL fragment names, or null when it names none of this form's steps.
 *
 * @param {string} hash - `location.hash`, with or without `#`.
 * @param {string} [prefix]
 * @returns {string | null}
 */
export function stepOfFragment(hash, prefix = '') {
  const text = hash.replace(/^#/, '');
  if (!text.startsWith(prefix)) return null;
  const name = text.slice(prefix.length);
  const m = /^part-([1-9]\d{0,3})$/.exec(name);
  if (m) return `section-${Number(m[1]) - 1}`;
  const found = Object.entries(FRAGMENTS).find(([, v]) => v === name);
  return found ? found[0] : null;
}

/**
 * The answers of an earlier draft to keep: those the core accepted (`accepted`, from
 * `validateResponse`'s `answers`), and answers to questions hidden for now that fit them.
 *
 * @param {import('./json-types.mjs').Answers} old - The earlier draft's answers.
 * @param {import('./json-types.mjs').Answers} accepted
 * @param {Question[]} questions
 * @returns {import('./json-types.mjs').Answers}
 */
export function answersToKeep(old, accepted, questions) {
  const kept = { ...accepted };
  for (const [id, value] of Object.entries(old)) {
    const q = questions.find((x) => x.id === id);
    if (id in kept || !q || !q.condition) continue;
    if (fitsQuestion(q, value)) kept[id] = value;
  }
  return kept;
}
