/**
 * @file The words `<dd-responses>` puts around the summary's figures, without any DOM:
 * respondent groups, consent and respondent types in words, counts and percentages.
 */

/**
 * The respondent groups of the summary, in order, each as its key and column heading.
 *
 * @type {ReadonlyArray<readonly [string, string]>}
 */
export const GROUPS = [
  ['individual', 'Individuals'],
  ['organisation', 'Organisations'],
  ['prefer-not-to-say', 'Prefer not to say'],
  ['not-answered', 'Type not given'],
];

/** @type {Readonly<Record<string, string>>} */
const CONSENT = {
  'publish-in-full': 'publish in full',
  'publish-anonymously': 'publish anonymously',
  'do-not-publish': 'do not publish',
  'not-answered': 'consent not given',
};

/** @type {Readonly<Record<string, string>>} */
const TYPES = {
  individual: 'Individual',
  organisation: 'Organisation',
  'prefer-not-to-say': 'Type not said',
  'not-answered': 'Type not given',
};

/**
 * A summary's consent value in words (`publish in full`); an unknown value as it is.
 *
 * @param {string} consent
 * @returns {string}
 */
export function consentInWords(consent) {
  return CONSENT[consent] ?? consent;
}

/**
 * A summary's respondent type in words (`Individual`); an unknown value as it is.
 *
 * @param {string} type
 * @returns {string}
 */
export function respondentTypeInWords(type) {
  return TYPES[type] ?? type;
}

/**
 * A percentage with one decimal place where it has one: `42.9%`, `50%`.
 *
 * @param {number} percent
 * @returns {string}
 */
export function formatPercent(percent) {
  const n = Number(percent) || 0;
  return `${Number.isInteger(n) ? n : n.toFixed(1)}%`;
}

/**
 * A count and its noun: `1 file`, `2 files`.
 *
 * @param {number} n
 * @param {string} word - The singular; the plural adds `s`.
 * @returns {string}
 */
export function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A definition's text in English.
 *
 * @param {unknown} value - A string or `{en, cy}`.
 * @returns {string}
 */
export function englishText(value) {
  if (typeof value === 'string') return value;
  const en = /** @type {{en?: unknown} | null} */ (value)?.en;
  return typeof en === 'string' ? en : '';
}
