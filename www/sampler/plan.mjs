/**
 * @file Reading the sampler's plan, with no DOM: the form's values (plain strings, as
 * {@link PlanForm} has them) into the plan the API takes, with the problems the form can find
 * itself (a missing size, a date that is not a date). The core checks the rest.
 */

import { dateParts } from '../dom.mjs';

/** The seed used to check the allocation, which does not depend on the seed. */
export const ALLOCATION_SEED = 'allocation check';

/** Filter operations: the API's `op`, the words in the form and the inputs it needs. */
export const OPERATIONS = /** @type {const} */ ([
  ['equals', 'is exactly', ['value']],
  ['one-of', 'is one of', ['values']],
  ['not-blank', 'is not blank', []],
  ['date-between', 'is a date from … to …', ['from', 'to']],
  ['age-between', 'is a date of birth giving an age from … to …', ['min', 'max']],
]);

/** Allocations: the API's value, the label and the hint. */
export const ALLOCATIONS = /** @type {const} */ ([
  ['proportional', 'In proportion to the size of each stratum', 'A stratum with twice the cases gets about twice the sample.'],
  ['equal', 'The same number from each stratum', 'Small strata get as many as large ones, or all their cases if they have fewer.'],
  ['minimum', 'At least a minimum from each stratum, the rest in proportion', 'So that no stratum is left out.'],
]);

/** CSV delimiters offered: the API's value and the words. */
export const DELIMITERS = /** @type {const} */ ([
  ['', 'Find it automatically'], [',', 'Comma (,)'], [';', 'Semicolon (;)'], ['tab', 'Tab'], ['|', 'Vertical bar (|)'],
]);

/** @typedef {import('../govuk/problem.mjs').Problem} FormProblem */

/**
 * What the plan's form holds, every value as typed.
 *
 * @typedef {object} PlanForm
 * @property {string} idColumn
 * @property {string[]} strata - The ticked columns, in the table's order.
 * @property {string} allocation - `proportional`, `equal` or `minimum`.
 * @property {string} size
 * @property {string} reserves
 * @property {string} minPerStratum
 * @property {string} seed
 * @property {string} referenceDate
 * @property {Array<Record<string, string>>} filters - Each `{column, op, value, values, from,
 *   to, min, max}`.
 * @property {Array<{id: string, reason: string}>} [tracked] - The tracked cases' rows.
 */

/**
 * Reads a date typed as `23/09/2015`, `23 9 2015` or `2015-09-23`.
 *
 * @param {string} text
 * @returns {string | null} The date as `YYYY-MM-DD`, or null if it is not a real date.
 */
export function readDate(text) {
  const t = text.trim();
  let iso = null;
  const dmy = /^(\d{1,2})[/\s.-](\d{1,2})[/\s.-](\d{4})$/.exec(t);
  if (dmy) iso = `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(t)) iso = t;
  return iso && dateParts(iso) ? iso : null;
}

/**
 * Reads the form into a plan, collecting the problems the form can find itself.
 *
 * @param {PlanForm} form
 * @param {object} options
 * @param {boolean} options.forDraw - Whether the seed is needed (the allocation check uses
 *   {@link ALLOCATION_SEED}).
 * @param {{sheet?: string, delimiter?: string, hasHeader?: boolean}} [options.reading] - How
 *   the file was read for its preview: the plan reads it the same way.
 * @returns {{plan: Record<string, any>, problems: FormProblem[]}} (any: the plan as the form reads it, checked by the core)
 */
export function readPlan(form, { forDraw, reading = {} }) {
  /** @type {FormProblem[]} */
  const problems = [];
  // any: the plan as the form reads it, checked by the core.
  /** @type {Record<string, any>} */
  const plan = { idColumn: form.idColumn };
  const whole = (/** @type {string} */ field, /** @type {string} */ raw, /** @type {{required?: string, bad: string, min?: number, low?: string}} */ words) => {
    const text = raw.trim();
    if (text === '') {
      if (words.required) problems.push({ field, code: 'required', message: words.required });
      return undefined;
    }
    if (!/^\d{1,9}$/.test(text)) {
      problems.push({ field, code: 'bad-number', message: words.bad });
      return undefined;
    }
    const n = Number(text);
    if (words.min !== undefined && n < words.min) {
      problems.push({ field, code: 'too-small', message: words.low ?? words.bad });
      return undefined;
    }
    return n;
  };

  plan.size = whole('size', form.size, {
    required: 'Enter how many cases to select', bad: 'The sample size must be a whole number, like 12',
    min: 1, low: 'The sample size must be at least 1',
  });
  if (form.strata.length) plan.strata = [...form.strata];
  const allocation = form.allocation || 'proportional';
  plan.allocation = allocation;
  if (allocation === 'minimum') {
    plan.minPerStratum = whole('minPerStratum', form.minPerStratum, {
      required: 'Enter the minimum number of cases from each stratum', bad: 'The minimum must be a whole number, like 2',
      min: 1, low: 'The minimum must be at least 1',
    });
  }
  const reserves = whole('reserves', form.reserves, { bad: 'The number of reserves must be a whole number, like 2' });
  if (reserves) plan.reserves = reserves;

  const filters = form.filters.map((row, i) => readFilter(row, i, problems, whole));
  if (filters.length) plan.filters = filters;
  if (form.filters.some((f) => f.op === 'age-between')) {
    const raw = form.referenceDate.trim();
    const iso = raw ? readDate(raw) : null;
    if (!raw) problems.push({ field: 'referenceDate', code: 'required', message: 'Enter the date to work out ages on' });
    else if (!iso) problems.push({ field: 'referenceDate', code: 'bad-date', message: 'The date to work out ages on must be a real date, like 23/09/2015' });
    else plan.referenceDate = iso;
  }

  // Tracked cases: every row is sent, so the core's problems (`tracked[i]`) name the row the
  // user sees; a blank part is asked for, or the row removed.
  const tracked = [];
  for (const [i, row] of (form.tracked ?? []).entries()) {
    const id = row.id.trim();
    const reason = row.reason.trim();
    if (!id) problems.push({ field: `tracked[${i}].id`, code: 'required', message: `Tracked case ${i + 1}: enter the case ID, or remove the row` });
    if (!reason) problems.push({ field: `tracked[${i}].reason`, code: 'required', message: `Tracked case ${i + 1}: enter why it is tracked` });
    tracked.push({ id, reason });
  }
  if (tracked.length) plan.tracked = tracked;

  if (forDraw) {
    plan.seed = form.seed;
    if (!form.seed.trim()) problems.push({ field: 'seed', code: 'required', message: 'Enter a seed, or generate one' });
  } else {
    plan.seed = ALLOCATION_SEED;
  }
  if (reading.sheet) plan.sheet = reading.sheet;
  if (reading.delimiter) plan.delimiter = reading.delimiter;
  if (reading.hasHeader !== undefined) plan.hasHeader = reading.hasHeader;
  return { plan, problems };
}

/**
 * Reads one filter row.
 *
 * @param {Record<string, string>} row - `{column, op, value, values, from, to, min, max}`.
 * @param {number} i - Its place, from 0.
 * @param {FormProblem[]} problems - Where its problems go.
 * @param {(field: string, raw: string, words: {bad: string}) => number | undefined} whole -
 *   Reads a whole number.
 * @returns {Record<string, any>} The filter as the API takes it. (any: a filter is one of several shapes (sampling::Filter))
 */
function readFilter(row, i, problems, whole) {
  const field = (/** @type {string} */ name) => `filters[${i}].${name}`;
  const name = `Filter ${i + 1}`;
  const v = (/** @type {string} */ key) => row[key] ?? '';
  const filter = /** @type {Record<string, any>} */ ({ op: row.op, column: row.column }); // any: a filter is one of several shapes (sampling::Filter)
  if (filter.op === 'equals') filter.value = v('value');
  if (filter.op === 'one-of') {
    filter.values = v('values').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
    if (!filter.values.length) problems.push({ field: field('values'), code: 'required', message: `${name}: enter the values to keep, one a line` });
  }
  if (filter.op === 'date-between') {
    for (const [key, label] of [['from', 'From'], ['to', 'To']]) {
      const raw = v(key).trim();
      if (!raw) continue;
      const iso = readDate(raw);
      if (iso) filter[key] = iso;
      else problems.push({ field: field(key), code: 'bad-date', message: `${name}: the ‘${label}’ date must be a real date, like 23/09/2015` });
    }
    if (!v('from').trim() && !v('to').trim()) {
      problems.push({ field: field('from'), code: 'required', message: `${name}: enter a ‘From’ date, a ‘To’ date or both` });
    }
    if (filter.from && filter.to && filter.from > filter.to) {
      problems.push({ field: field('from'), code: 'bad-range', message: `${name}: the ‘From’ date must not be after the ‘To’ date` });
    }
  }
  if (filter.op === 'age-between') {
    for (const [key, label] of [['min', 'youngest'], ['max', 'oldest']]) {
      const n = whole(field(key), v(key), { bad: `${name}: the ${label} age must be a whole number of years, like 15` });
      if (n !== undefined) filter[key] = n;
    }
    if (!v('min').trim() && !v('max').trim()) {
      problems.push({ field: field('min'), code: 'required', message: `${name}: enter a youngest age, an oldest age or both` });
    }
    if (filter.min !== undefined && filter.max !== undefined && filter.min > filter.max) {
      problems.push({ field: field('min'), code: 'bad-range', message: `${name}: the youngest age must not be over the oldest` });
    }
  }
  return filter;
}
