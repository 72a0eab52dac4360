/**
 * @file Small DOM and formatting helpers shared by Deep Dive's elements.
 *
 * Elements build their DOM only through {@link h}: `document.createElement` for elements and
 * text nodes (`append` of a string, the same as setting `textContent`) for data. Nothing here
 * parses HTML, so data can never become markup.
 *
 * The GOV.UK form components (error summary, field registry, date input, character count)
 * live in `govuk/`; `errorSummary` is re-exported here for the elements that import it from
 * this module.
 */

import { loadDeepDive } from './wasm.mjs';

export { errorSummary } from './govuk/error-summary.mjs';

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 *   A child of {@link h}: strings and numbers become text, `null`/`undefined`/`false` are
 *   skipped, arrays are flattened.
 */

/** @typedef {Child | Array<Child | Array<Child | Child[]>>} Children A child, or lists of them nested up to three deep (all flattened). */

/**
 * Creates an element.
 *
 * @param {string} tag - The element's tag name.
 * @param {Record<string, string | number | boolean | null | undefined>} [attributes] - Attributes;
 *   `class` may be given as `className` too. `true` sets an empty attribute; `false`, `null` and
 *   `undefined` leave it out.
 * @param {...Children} children - Text and nodes to append.
 * @returns {HTMLElement} The new element.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/**
 * Appends text and nodes to an element (strings become text nodes, never markup).
 *
 * @param {Element} element - The parent.
 * @param {Children[]} children - What to append.
 * @returns {Element} The parent.
 */
export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'number' ? String(child) : /** @type {string | Node} */ (child));
  }
  return element;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/**
 * Splits a `YYYY-MM-DD` string into numbers, or returns null if it is not one.
 *
 * @param {unknown} iso - The date string.
 * @returns {{year: number, month: number, day: number, weekday: number} | null} The parts
 *   (month 1–12, weekday 0 = Sunday), or null.
 */
export function dateParts(iso) {
  if (typeof iso !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return { year, month, day, weekday: date.getUTCDay() };
}

/**
 * Formats a date the GOV.UK way: `23 September 2015`, or `Wednesday 23 September 2015`.
 *
 * @param {string} iso - A `YYYY-MM-DD` date; anything else is returned unchanged.
 * @param {{weekday?: boolean}} [options] - Whether to start with the weekday.
 * @returns {string} The formatted date.
 */
export function formatDate(iso, { weekday = false } = {}) {
  const parts = dateParts(iso);
  if (!parts) return String(iso);
  const text = `${parts.day} ${MONTHS[parts.month - 1]} ${parts.year}`;
  return weekday ? `${WEEKDAYS[parts.weekday]} ${text}` : text;
}

/**
 * Formats a range of dates without repeating what both ends share:
 * `5 to 9 October 2015`, `28 September to 2 October 2015`.
 *
 * @param {string} from - The first day, `YYYY-MM-DD`.
 * @param {string | null | undefined} to - The last day; null or equal to `from` for one day.
 * @returns {string} The formatted range.
 */
export function formatRange(from, to) {
  const a = dateParts(from);
  const b = to ? dateParts(to) : null;
  if (!a || !b || !to || from === to) return formatDate(from);
  if (a.year !== b.year) return `${formatDate(from)} to ${formatDate(to)}`;
  if (a.month !== b.month) return `${a.day} ${MONTHS[a.month - 1]} to ${formatDate(to)}`;
  return `${a.day} to ${formatDate(to)}`;
}

/**
 * The English name of a weekday, for a `YYYY-MM-DD` date.
 *
 * @param {string} iso - The date.
 * @returns {string} `Monday` … `Sunday`, or an empty string for a bad date.
 */
export function weekdayName(iso) {
  const parts = dateParts(iso);
  return parts ? WEEKDAYS[parts.weekday] : '';
}

/** Where a fact comes from, with the words shown to people and the tag's colour. */
const SOURCES = {
  seed: { label: 'seed', colour: 'govuk-tag--blue', meaning: 'stated in the news items Deep Dive started from' },
  public: { label: 'public', colour: 'govuk-tag--green', meaning: 'found in public guidance or local partnerships’ summaries of it' },
  ours: { label: 'ours', colour: 'govuk-tag--yellow', meaning: 'our own modelling choice, which you can change' },
};

/**
 * A GOV.UK tag naming the source of a fact: `seed`, `public` or `ours`.
 *
 * @param {string} source - The source code from the API.
 * @returns {HTMLElement} A `strong.govuk-tag` with visually hidden "Source:" for screen readers.
 */
export function sourceTag(source) {
  const known = SOURCES[/** @type {keyof typeof SOURCES} */ (source)];
  const tag = h(
    'strong',
    { class: `govuk-tag ${known ? known.colour : 'govuk-tag--grey'} dd-source`, 'data-source': source },
    h('span', { class: 'govuk-visually-hidden' }, 'Source: '),
    known ? known.label : String(source),
  );
  return tag;
}

/**
 * A GOV.UK details component explaining the source tags.
 *
 * @returns {HTMLElement} The `details` element.
 */
export function sourceKey() {
  return h(
    'details',
    { class: 'govuk-details' },
    h('summary', { class: 'govuk-details__summary' },
      h('span', { class: 'govuk-details__summary-text' }, 'What the source tags mean')),
    h('div', { class: 'govuk-details__text' },
      h('dl', { class: 'govuk-summary-list govuk-summary-list--no-border' },
        Object.entries(SOURCES).map(([code, { meaning }]) =>
          h('div', { class: 'govuk-summary-list__row' },
            h('dt', { class: 'govuk-summary-list__key' }, sourceTag(code)),
            h('dd', { class: 'govuk-summary-list__value' }, capitalise(meaning)))))),
  );
}

/**
 * A GOV.UK tag for a framework's status.
 *
 * @param {string} status - `in-force`, `ended` or `proposal-dropped`.
 * @param {string} [text] - The words to show; defaults to a label for the status.
 * @returns {HTMLElement} A `strong.govuk-tag`.
 */
export function statusTag(status, text) {
  const styles = {
    'in-force': ['govuk-tag--green', 'In force'],
    ended: ['govuk-tag--grey', 'Ended'],
    'proposal-dropped': ['govuk-tag--orange', 'Proposal dropped'],
  };
  const [colour, label] = styles[/** @type {keyof typeof styles} */ (status)] ?? ['govuk-tag--grey', String(status)];
  return h('strong', { class: `govuk-tag ${colour}` }, text || label);
}

/**
 * Joins words the English way: `a`, `a and b`, `a, b and c`.
 *
 * @param {string[]} words - The words.
 * @returns {string} One phrase.
 */
export function joinWords(words) {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * Upper-cases a string's first letter.
 *
 * @param {string} text - The text.
 * @returns {string} The text with a capital first letter.
 */
export function capitalise(text) {
  const s = String(text);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * GOV.UK warning text.
 *
 * @param {string} message - The warning.
 * @returns {HTMLElement} A `div.govuk-warning-text`.
 */
export function warningText(message) {
  return h('div', { class: 'govuk-warning-text' },
    h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
    h('strong', { class: 'govuk-warning-text__text' },
      h('span', { class: 'govuk-visually-hidden' }, 'Warning'),
      message));
}

/**
 * A GOV.UK summary list from rows of key and value.
 *
 * @param {Array<[string, Children] | null | false>} rows - Key and value per row;
 *   falsy rows are skipped.
 * @param {{className?: string}} [options] - Extra classes.
 * @returns {HTMLElement} A `dl.govuk-summary-list`.
 */
export function summaryList(rows, { className = '' } = {}) {
  return h('dl', { class: `govuk-summary-list ${className}`.trim() },
    rows.filter(Boolean).map((row) => {
      const [key, value] = /** @type {[string, Children]} */ (row);
      return h('div', { class: 'govuk-summary-list__row' },
        h('dt', { class: 'govuk-summary-list__key' }, key),
        h('dd', { class: 'govuk-summary-list__value' }, value));
    }));
}

/**
 * Describes an unexpected failure (not a validation error) in words for the page.
 *
 * @param {unknown} error - What was thrown.
 * @returns {string} A sentence.
 */
export function describeFailure(error) {
  const detail = error instanceof Error ? error.message : String(error);
  return `Deep Dive could not do this: ${detail}`;
}

/**
 * Creates an SVG element (in the SVG namespace), for charts drawn without any HTML string.
 *
 * @param {string} tag - The SVG tag name, e.g. `svg`, `rect`, `text`.
 * @param {Record<string, string | number | boolean | null | undefined>} [attributes] -
 *   Attributes, as for {@link h}.
 * @param {...Children} children - Text and nodes to append.
 * @returns {SVGElement} The new element.
 */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/**
 * Offers text to the user as a file download: a `Blob`, an object URL and a click on an
 * `<a download>`. Nothing is sent anywhere (a `blob:` URL stays in the browser).
 *
 * @param {string} filename - The suggested file name.
 * @param {string} text - The file's contents.
 * @param {string} [type] - Its media type, e.g. `application/json`.
 */
export function downloadText(filename, text, type = 'text/plain;charset=utf-8') {
  const href = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the URL is released a little later all the same.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/**
 * A moment in RFC 3339 with the device's UTC offset and whole seconds:
 * `2026-05-01T10:12:30+01:00`.
 *
 * @param {Date} [date] - The moment; now by default (the device clock).
 * @returns {string} The timestamp.
 */
export function localTimestamp(date = new Date()) {
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
    + `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * A GOV.UK notification banner.
 *
 * @param {object} options
 * @param {string} options.title - The banner's title (`Important`, `Success`).
 * @param {string} [options.heading] - Its heading line.
 * @param {Child | Child[]} [options.body] - More content.
 * @param {boolean} [options.success] - The green success style (`role="alert"`).
 * @param {string} options.id - An id for the title, which labels the banner.
 * @returns {HTMLElement} A `div.govuk-notification-banner`.
 */
export function notificationBanner({ title, heading, body, success = false, id }) {
  return h('div', {
    class: `govuk-notification-banner${success ? ' govuk-notification-banner--success' : ''}`,
    role: success ? 'alert' : 'region',
    'aria-labelledby': id,
  },
  h('div', { class: 'govuk-notification-banner__header' },
    h('h2', { class: 'govuk-notification-banner__title', id }, title)),
  h('div', { class: 'govuk-notification-banner__content' },
    heading ? h('p', { class: 'govuk-notification-banner__heading' }, heading) : null,
    body ?? null));
}

/**
 * The arrow of a GOV.UK start button, drawn with SVG elements.
 *
 * @returns {SVGElement} The icon (hidden from assistive technology).
 */
export function startIcon() {
  return svg('svg', {
    class: 'govuk-button__start-icon', xmlns: 'http://www.w3.org/2000/svg', width: 17.5, height: 19,
    viewBox: '0 0 33 40', 'aria-hidden': 'true', focusable: 'false',
  }, svg('path', { fill: 'currentColor', d: 'M0 0h13l20 20-20 20H0l20-20z' }));
}

/**
 * Formats a whole number the British way, with thousands separated by commas: `1,048,576`.
 *
 * @param {number} n - The number.
 * @returns {string} The formatted number.
 */
export function formatNumber(n) {
  return Number(n).toLocaleString('en-GB');
}

/**
 * A count with its noun, singular or plural: `1 case`, `12 cases`, `1,000 rows`.
 *
 * @param {number} n - The count.
 * @param {string} one - The noun for one.
 * @param {string} [many] - The noun for any other count; `one` + `s` by default.
 * @returns {string} The count and noun.
 */
export function plural(n, one, many = `${one}s`) {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/**
 * A file size in words: `830 bytes`, `12.4 KB`, `3.1 MB` (powers of 1,000).
 *
 * @param {number} bytes - The size in bytes.
 * @returns {string} The size.
 */
export function formatBytes(bytes) {
  if (bytes < 1000) return plural(bytes, 'byte');
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ${units[unit]}`;
}

/**
 * A whole CSV file from rows of cells, written by the core's one CSV writer (`dd.csvText`):
 * UTF-8 with a byte-order mark (so Excel reads the encoding right), lines ending in CRLF, a
 * final line end, RFC 4180 quoting, and every cell a spreadsheet could run as a formula
 * neutralised with a leading `'` (the rule is the core's; see `src/export_csv.rs`).
 *
 * @param {unknown[][]} rows - The rows, the header first; a cell is written as `String(cell)`,
 *   null and undefined as empty.
 * @returns {Promise<string>} The file's text, starting with U+FEFF.
 */
export async function csvText(rows) {
  const dd = await loadDeepDive();
  return dd.csvText(rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell)))));
}

/**
 * Makes an element a drop zone for files: it is highlighted (`dd-drop-zone--active`) while
 * files are dragged over it, and hands the dropped files to `onFiles`. Pair it with a file
 * input: dropping is never the only way to choose a file.
 *
 * @param {HTMLElement} zone - The element that takes the drop.
 * @param {(files: File[]) => void} onFiles - Called with the dropped files (never empty).
 */
export function dropZone(zone, onFiles) {
  const set = (/** @type {boolean} */ on) => zone.classList.toggle('dd-drop-zone--active', on);
  zone.addEventListener('dragenter', (event) => {
    event.preventDefault();
    set(true);
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    set(true);
  });
  zone.addEventListener('dragleave', (event) => {
    if (!zone.contains(/** @type {Node | null} */ (event.relatedTarget))) set(false);
  });
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    event.stopPropagation();
    set(false);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length) onFiles(files);
  });
}
