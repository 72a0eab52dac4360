/**
 * @file Moments in words for the consultation form: `10:32am on 25 November 2026`, in the
 * device's time zone and the form's language. No DOM.
 */

/**
 * A moment in words.
 *
 * @param {string | undefined} iso - RFC 3339.
 * @param {{months: string[], am: string, pm: string, timeOn: (clock: string, date: string) => string}} words
 *   The language's month names, `am`/`pm` and how a time and a date join.
 * @returns {string} The words, or the text itself when it is not a moment.
 */
export function describeMoment(iso, words) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return String(iso ?? '');
  const hours = date.getHours();
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  const clock = `${h12}:${String(date.getMinutes()).padStart(2, '0')}${hours < 12 ? words.am : words.pm}`;
  const day = `${date.getDate()} ${words.months[date.getMonth()]} ${date.getFullYear()}`;
  return words.timeOn(clock, day);
}

/**
 * Whether a moment's text is earlier than or the same as another's (unreadable ones are not).
 *
 * @param {string} a - RFC 3339.
 * @param {string} b - RFC 3339.
 * @returns {boolean}
 */
export function notAfter(a, b) {
  return Date.parse(a) <= Date.parse(b);
}
