/**
 * @file GOV.UK's character count, kept by our own code (no `data-module`, so a host page's
 * `initAll()` adds no second count): a textarea, the limit for screen readers, the visible
 * count, and one polite live region that speaks the count a second after typing stops.
 */

import { h } from '../dom.mjs';

/**
 * The words of the count, in the page's language.
 *
 * @typedef {object} CountWords
 * @property {(max: number) => string} upTo - e.g. `You can enter up to 500 characters`.
 * @property {(left: number) => string} left - e.g. `You have 12 characters remaining`.
 * @property {(over: number) => string} over - e.g. `You have 3 characters too many`.
 */

/** @type {CountWords} */
const ENGLISH_COUNT_WORDS = {
  upTo: (max) => `You can enter up to ${max} characters`,
  left: (left) => (left === 1 ? 'You have 1 character remaining' : `You have ${left} characters remaining`),
  over: (over) => (over === 1 ? 'You have 1 character too many' : `You have ${over} characters too many`),
};

/**
 * What the count says for a text: characters are counted as Unicode code points, as the
 * core counts them.
 *
 * @param {string} text - The textarea's value.
 * @param {number} max - The limit.
 * @param {CountWords} [words] - The words.
 * @returns {{message: string, over: boolean}} The message, and whether the text is too long.
 */
export function countMessage(text, max, words = ENGLISH_COUNT_WORDS) {
  const length = [...text].length;
  if (length === 0) return { message: words.upTo(max), over: false };
  return length > max ? { message: words.over(length - max), over: true } : { message: words.left(max - length), over: false };
}

/**
 * Builds a character count around a textarea.
 *
 * @param {object} options
 * @param {string} options.id - The textarea's id.
 * @param {string} options.name - Its name.
 * @param {Node} options.label - The label (or a heading holding it).
 * @param {string} [options.hint] - A hint.
 * @param {number} options.max - The limit, in characters.
 * @param {string} [options.value] - The text to start with.
 * @param {CountWords} [options.words] - The count's words.
 * @returns {{group: HTMLElement, textarea: HTMLTextAreaElement, refresh: () => void}} The form
 *   group, the textarea, and a function that updates the count (called on every input).
 */
export function characterCount({ id, name, label, hint = '', max, value = '', words = ENGLISH_COUNT_WORDS }) {
  const hintId = `${id}-hint`;
  const infoId = `${id}-info`;
  const textarea = /** @type {HTMLTextAreaElement} */ (h('textarea', {
    class: 'govuk-textarea', id, name, rows: '5', 'aria-describedby': [hint ? hintId : '', infoId].filter(Boolean).join(' '),
  }));
  textarea.value = value;
  const info = h('div', { id: infoId, class: 'govuk-hint govuk-character-count__message govuk-visually-hidden' }, words.upTo(max));
  const visible = h('div', { class: 'govuk-hint govuk-character-count__message govuk-character-count__status', 'aria-hidden': 'true' });
  const live = h('div', { class: 'govuk-character-count__sr-status govuk-visually-hidden', 'aria-live': 'polite' });
  const group = h('div', { class: 'govuk-form-group govuk-character-count' },
    label, hint ? h('div', { class: 'govuk-hint', id: hintId }, hint) : null, textarea, info, visible, live);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const refresh = () => {
    const { message, over } = countMessage(textarea.value, max, words);
    visible.textContent = message;
    visible.classList.toggle('govuk-error-message', over);
    visible.classList.toggle('govuk-hint', !over);
    textarea.classList.toggle('govuk-textarea--error', over || group.classList.contains('govuk-form-group--error'));
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (document.activeElement === textarea) live.textContent = countMessage(textarea.value, max, words).message;
    }, 1000);
  };
  textarea.addEventListener('input', refresh);
  refresh();
  return { group, textarea, refresh };
}
