/**
 * @file Reading the timetable form's text into `timetable()`'s input. The form only collects
 * what was typed: it turns a date input's boxes and each closure line into `YYYY-MM-DD`, and a
 * number box into a number. Whether a date exists, lies in the calendar's years or suits the
 * framework, and which numbers are allowed, is the core's to say. No DOM here.
 */

import { readDate } from '../govuk/date.mjs';

/** @typedef {import('../govuk/problem.mjs').Problem} Problem */
/**
 * `timetable()`'s options as far as the form could read them: a date it could not read is
 * left out, and the core still checks everything else.
 *
 * @typedef {Partial<import('../pkg/deepdive.js').TimetableOptions>} TimetableInput
 */

/** The area facts the form asks about: the API's key and the checkbox's label. */
export const AREA_FACTS = /** @type {const} */ ([
  ['prisonMotherAndBabyUnit', 'A prison with a mother and baby unit'],
  ['immigrationRemovalCentre', 'An immigration removal centre that holds children or families'],
  ['youngOffenderInstitution', 'A young offender institution'],
  ['cpsConcerns', 'Concerns about the Crown Prosecution Service’s involvement'],
]);

/** How messages name the first on-site day, and its field. */
export const ONSITE = { field: 'onsiteStart', name: 'the first on-site day' };

/** The optional number boxes: the API's field and how messages name it. */
const OVERRIDES = /** @type {const} */ ([
  ['noticeWorkingDays', 'The notice'],
  ['letterDueWorkingDays', 'The letter due'],
]);

/**
 * What the form's controls hold, as text.
 *
 * @typedef {object} TypedForm
 * @property {string} framework - The chosen framework's id.
 * @property {{day: string, month: string, year: string}} onsiteStart - The date input's boxes.
 * @property {Record<string, boolean>} area - Each area fact's checkbox.
 * @property {string} closures - The closures textarea.
 * @property {string} noticeWorkingDays - The notice box.
 * @property {string} letterDueWorkingDays - The letter box.
 */

/**
 * The closures the user typed, entry by entry, so the core's problems about `closures[i]` can
 * name the line.
 *
 * @typedef {object} ClosureLines
 * @property {number[]} lines - The textarea line (from 1) of each entry of `input.closures`.
 * @property {string[]} typed - What was typed for each entry.
 */

/**
 * Reads the closures textarea: one date a line, `YYYY-MM-DD` or `dd/mm/yyyy`; blank lines are
 * skipped. Whether each date is real is left to the core, whose problems name the entry.
 *
 * @param {string} text - The textarea's value.
 * @returns {{dates: string[], entries: ClosureLines, problems: Problem[]}} The dates as
 *   `YYYY-MM-DD`, where each came from, and the lines that are not dates at all.
 */
export function readClosures(text) {
  /** @type {string[]} */
  const dates = [];
  /** @type {ClosureLines} */
  const entries = { lines: [], typed: [] };
  /** @type {Problem[]} */
  const problems = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(line);
    const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(line);
    const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : [];
    if (!year || !month || !day) {
      problems.push({
        field: 'closures', code: 'bad-date',
        message: `Closure day on line ${index + 1} (${line}) must be a date like 2015-12-24 or 24/12/2015`,
      });
      return;
    }
    dates.push(`${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`);
    entries.lines.push(index + 1);
    entries.typed.push(line);
  });
  return { dates, entries, problems };
}

/**
 * Reads the whole form into `timetable()`'s input, leaving out what cannot be read and
 * collecting why, so the core can still check everything else.
 *
 * @param {TypedForm} typed - The controls' text.
 * @returns {{input: TimetableInput, problems: Problem[], closures: ClosureLines}} The
 *   input, the form's own problems, and the closure lines.
 */
export function readTimetableForm(typed) {
  /** @type {Problem[]} */
  const problems = [];
  /** @type {TimetableInput} */
  const input = { framework: typed.framework };

  const date = readDate(typed.onsiteStart, ONSITE);
  if ('problem' in date) problems.push(date.problem);
  else input.onsiteStart = date.iso;

  input.area = Object.fromEntries(AREA_FACTS.map(([key]) => [key, Boolean(typed.area[key])]));

  const closures = readClosures(typed.closures);
  problems.push(...closures.problems);
  if (closures.dates.length) input.closures = closures.dates;

  for (const [key, name] of OVERRIDES) {
    const raw = typed[key].trim();
    if (raw === '') continue;
    if (/^\d+$/.test(raw)) input[key] = Number(raw);
    else problems.push({ field: key, code: 'bad-number', message: `${name} must be a whole number of working days, like 8` });
  }
  return { input, problems, closures: closures.entries };
}

/**
 * The input without the closure entries the core could not read, so that a second call can
 * report the rest of the form's problems (a wrong weekday, a notice out of range).
 *
 * @param {TimetableInput} input - The input the core refused.
 * @param {ClosureLines} entries - Where each closure came from.
 * @param {Problem[]} problems - The core's problems.
 * @returns {{input: TimetableInput, entries: ClosureLines} | null} The input and entries
 *   without the unreadable closures, or null when some problem is about anything else.
 */
export function withoutBadClosures(input, entries, problems) {
  const bad = new Set();
  for (const problem of problems) {
    const entry = /^closures\[(\d+)\]$/.exec(problem.field ?? '');
    if (!entry) return null;
    bad.add(Number(entry[1]));
  }
  const keep = (/** @type {unknown} */ _, /** @type {number} */ index) => !bad.has(index);
  const closures = (input.closures ?? []).filter(keep);
  const rest = { ...input };
  if (closures.length) rest.closures = closures;
  else delete rest.closures;
  return { input: rest, entries: { lines: entries.lines.filter(keep), typed: entries.typed.filter(keep) } };
}
