/**
 * @file The replacements log as the page shows it, without DOM: the reasons offered, the
 * reason written into the log, and the current sample the log leaves. Which case replaces
 * which is the core's rule (`replaceCase`): this only reads the log the core wrote.
 */

/** The reasons offered for a case found unsuitable; `other` needs the details. */
export const UNSUITABLE = [
  ['closed', 'The case is closed'],
  ['moved', 'The child has moved away'],
  ['conflict', 'Conflict of interest'],
  ['other', 'Other'],
];

/**
 * The reason as the log records it: the chosen reason, and the details after it.
 *
 * @param {string} choice - One of {@link UNSUITABLE}'s values, or '' when none is chosen.
 * @param {string} details - The free text.
 * @returns {{reason: string | null, problems: Array<{field: string, code: string, message: string}>}}
 */
export function reasonText(choice, details) {
  const text = details.trim();
  const chosen = UNSUITABLE.find(([value]) => value === choice);
  /** @type {Array<{field: string, code: string, message: string}>} */
  const problems = [];
  if (!chosen) problems.push({ field: 'replace-reason', code: 'missing', message: 'Select why the case is unsuitable' });
  if (choice === 'other' && !text) problems.push({ field: 'replace-details', code: 'missing', message: 'Enter why the case is unsuitable' });
  if (problems.length || !chosen) return { reason: null, problems };
  if (choice === 'other') return { reason: text, problems };
  return { reason: text ? `${chosen[1]}: ${text}` : chosen[1], problems };
}

/**
 * @typedef {{row: number, id: string, stratum: string[], ticket: string}} LoggedCase
 * @typedef {{id: string, reason: string, at: string, replacement: LoggedCase}} LogEntry
 */

/**
 * The current sample: the drawn selection with each logged replacement applied in order.
 * Each place keeps the case now in it and the log entry that put it there (null for a case
 * as drawn). A replacement beyond the listed reserves has no values (the page never had
 * its row), so it is given as the log has it.
 *
 * @template {{id: string}} C
 * @param {C[]} selected - The cases as drawn.
 * @param {C[]} reserves - The reserves as drawn.
 * @param {LogEntry[]} log - The receipt's `replacements` (absent: none).
 * @returns {{current: Array<{case: C | LoggedCase, entry: LogEntry | null, replaced: string | null}>, used: Set<string>}}
 *   The places, in the selection's order, and the IDs of the reserves used.
 */
export function currentSample(selected, reserves, log = []) {
  const byId = new Map(reserves.map((c) => [c.id, c]));
  /** @type {Array<{case: C | LoggedCase, entry: LogEntry | null, replaced: string | null}>} */
  const current = selected.map((c) => ({ case: c, entry: null, replaced: null }));
  const used = new Set();
  for (const entry of log) {
    const place = current.find((p) => p.case.id === entry.id);
    if (!place) continue;
    const next = byId.get(entry.replacement.id);
    if (next) used.add(next.id);
    place.case = next ?? entry.replacement;
    place.entry = entry;
    place.replaced = entry.id;
  }
  return { current, used };
}
