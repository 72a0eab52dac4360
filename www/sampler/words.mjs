/**
 * @file The sampler's words and small calculations, with no DOM: how a file was read, a
 * plan's allocation and filters, exclusion reasons, a download's name, each case's order in
 * its stratum and the rows of the sample's CSV.
 */

import { capitalise, formatDate } from '../dom.mjs';

/** Exclusion reasons in words. */
export const REASONS = /** @type {Record<string, string>} */ ({
  'blank-id': 'The ID is blank',
  'duplicate-id-conflict': 'The same ID on rows that disagree',
  'not-matched': 'Does not meet the filter',
  'blank-date': 'The date is blank',
  'bad-date': 'Not a date',
  'born-after-reference-date': 'Born after the reference date',
});

/**
 * A file's encoding in words.
 *
 * @param {string} encoding - The API's name (`utf-8-bom`, `windows-1252`, …).
 * @returns {string}
 */
export function encodingName(encoding) {
  return ({ 'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 with a byte-order mark', 'utf-16le': 'UTF-16', 'utf-16be': 'UTF-16', 'windows-1252': 'Windows-1252 (Western European)' })[encoding] ?? encoding;
}

/**
 * A CSV delimiter in words.
 *
 * @param {string | null} delimiter
 * @returns {string}
 */
export function delimiterName(delimiter) {
  return ({ ',': 'cells separated by commas', ';': 'cells separated by semicolons', '\t': 'cells separated by tabs', '|': 'cells separated by vertical bars' })[delimiter ?? '']
    ?? (delimiter ? `cells separated by “${delimiter}”` : 'one column');
}

/**
 * An ingest problem in words, starting with a capital.
 *
 * @param {{sheet?: string | null, message: string}} problem
 * @returns {string}
 */
export function problemText(problem) {
  const message = capitalise(problem.message);
  return problem.sheet ? `Sheet “${problem.sheet}”: ${message}` : message;
}

/**
 * A plan's allocation in words.
 *
 * @param {{allocation?: string, minPerStratum?: number}} plan
 * @returns {string}
 */
export function allocationWords(plan) {
  if (plan.allocation === 'equal') return 'The same number from each stratum';
  if (plan.allocation === 'minimum') return `At least ${plan.minPerStratum} from each stratum, the rest in proportion`;
  return 'In proportion to the size of each stratum';
}

/**
 * A filter in words.
 *
 * @param {Record<string, any>} f - A filter as the API takes it. (any: a filter is one of several shapes (sampling::Filter))
 * @param {string | undefined} referenceDate - The plan's, for ages.
 * @returns {string}
 */
export function filterWords(f, referenceDate) {
  const range = (/** @type {string | undefined} */ a, /** @type {string | undefined} */ b) => {
    if (a !== undefined && b !== undefined) return `from ${a} to ${b}`;
    return a !== undefined ? `${a} or later` : `${b} or earlier`;
  };
  if (f.op === 'equals') return `${f.column} is “${f.value}”`;
  if (f.op === 'one-of') return `${f.column} is one of ${f.values.map((/** @type {string} */ v) => `“${v}”`).join(', ')}`;
  if (f.op === 'not-blank') return `${f.column} is not blank`;
  if (f.op === 'date-between') return `${f.column} is a date ${range(f.from && formatDate(f.from), f.to && formatDate(f.to))}`;
  const ages = f.min !== undefined && f.max !== undefined ? `from ${f.min} to ${f.max}`
    : f.min !== undefined ? `${f.min} or over` : `${f.max} or under`;
  return `${f.column}: aged ${ages} on ${formatDate(String(referenceDate))}`;
}

/**
 * When a sample was drawn, by the device's clock: `25 November 2026 at 20:20`.
 *
 * @param {Date} at
 * @returns {string}
 */
export function drawnAt(at) {
  const iso = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  return `${formatDate(iso)} at ${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/**
 * A file's name without its extension, for the names of downloads.
 *
 * @param {string} name
 * @returns {string}
 */
export function baseName(name) {
  return (name.replace(/\.[^.]*$/, '') || 'case-list').replace(/[\\/:*?"<>|]+/g, '-');
}

/**
 * Each case's place among its stratum's cases in the list (1, 2, …): the list is stratum by
 * stratum, each in ticket order.
 *
 * @param {Array<{stratum: number}>} cases
 * @returns {number[]}
 */
export function orderInStratum(cases) {
  /** @type {Map<number, number>} */
  const seen = new Map();
  return cases.map((c) => {
    const n = (seen.get(c.stratum) ?? 0) + 1;
    seen.set(c.stratum, n);
    return n;
  });
}

/**
 * The sample's rows for its CSV: a header, the tracked cases (if any: they have no order),
 * the selected cases, then the reserves, with the columns chosen. Without tracked cases the
 * first column is headed as it always was.
 *
 * @param {{idColumn: string}} plan
 * @param {{columns: string[], selected: any[], reserves: any[], tracked?: any[]}} result (any: the cases as the worker sends them)
 * @param {string[]} kept - The columns to include (besides the ID), in the table's order.
 * @returns {Array<Array<string | number>>}
 */
export function sampleRows(plan, result, kept) {
  const index = new Map(result.columns.map((c, i) => [c, i]));
  const tracked = result.tracked ?? [];
  const kindHeading = tracked.length > 0 ? 'Tracked, selected or reserve' : 'Selected or reserve';
  /** @type {Array<Array<string | number>>} */
  const rows = [[kindHeading, 'Order in stratum', 'Stratum', 'Row in file', plan.idColumn, ...kept]];
  for (const c of tracked) {
    rows.push(['Tracked', '', c.stratumLabel, c.row, c.id, ...kept.map((k) => c.values[/** @type {number} */ (index.get(k))] ?? '')]);
  }
  for (const [kind, cases] of /** @type {Array<[string, any[]]>} */ ([['Selected', result.selected], ['Reserve', result.reserves]])) { // any: the cases as the worker sends them
    const orders = orderInStratum(cases);
    cases.forEach((c, i) => rows.push([kind, orders[i], c.stratumLabel, c.row, c.id,
      ...kept.map((k) => c.values[/** @type {number} */ (index.get(k))] ?? '')]));
  }
  return rows;
}
