/**
 * @file The consultation's JSON values the page keeps untyped, each named with why. Only
 * types: nothing is run. The checked shapes are the package's (`pkg/deepdive.d.ts`); these
 * are what the core checks, or what the respondent typed.
 */

/**
 * A text of the definition: a string, or `{en, cy}`.
 *
 * @typedef {string | {en?: string, cy?: string} | null | undefined} DefinitionText
 */

/**
 * One answer as a control gives it or a draft kept it: text, a list of values, a date's
 * parts or a role.
 *
 * @typedef {any} Answer any: an answer's shape is its question type's, and drafts from older
 *   versions may hold anything; the core checks it (`validateResponse`).
 */

/** @typedef {Record<string, Answer>} Answers The answers by question id. */

/**
 * A response object as `docs/consultation-format.md` describes it, made by the page or read
 * back from a draft.
 *
 * @typedef {any} ResponseJson any: the core's response format, checked by `validateResponse`.
 */

/**
 * The definition as a form shows it (`validateConsultation`'s `form`).
 *
 * @typedef {any} FormJson any: `Consultation::form_json`'s record, documented in
 *   docs/consultation-format.md; typed in the package as any too.
 */

export {};
