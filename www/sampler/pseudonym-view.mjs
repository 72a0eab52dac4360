/**
 * @file The sample export's pseudonyms: which columns to replace by a keyed pseudonym, the
 * key (made here with `crypto.getRandomValues`, since the core has no randomness; shown once
 * and offered as a download), and the rows rewritten by the core (`dd.pseudonymiseRows`,
 * HMAC-SHA-256 under the key, 64 hex digits). The receipt keeps the real IDs: whoever holds
 * the key can match each pseudonym to its case, and nobody else can.
 */

import { downloadText, h } from '../dom.mjs';
import { loadDeepDive } from '../wasm.mjs';
import { button } from './parts.mjs';

/** The key's length in bytes (the core takes exactly 32). */
const KEY_BYTES = 32;

/** A fresh key: 32 random bytes as 64 hex digits. */
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The pseudonym choices of one drawn sample, and its key once made. */
export class PseudonymChoice {
  /** @type {string | null} */
  #key = null;
  /** Whether each column is ticked. @type {Map<string, boolean>} */
  #ticked = new Map();

  /**
   * @param {string} prefix - An id prefix.
   * @param {string} idColumn - The ID column (offered first).
   * @param {string[]} columns - The list's other columns.
   * @param {string} baseName - The download's file name without its ending.
   */
  constructor(prefix, idColumn, columns, baseName) {
    this.baseName = baseName;
    this.idColumn = idColumn;
    this.keyArea = h('div', { class: 'dd-sampler__pseudonym-key', 'aria-live': 'polite' });
    const box = (/** @type {string} */ column, /** @type {number} */ n) => {
      const input = /** @type {HTMLInputElement} */ (h('input', {
        class: 'govuk-checkboxes__input', id: `${prefix}-${n}`, name: 'pseudonymise-column', type: 'checkbox', value: column,
      }));
      input.addEventListener('change', () => this.#ticked.set(column, input.checked));
      return h('div', { class: 'govuk-checkboxes__item' }, input,
        h('label', { class: 'govuk-label govuk-checkboxes__label', for: input.id }, n === 0 ? `${column} (the ID column)` : column));
    };
    const hintId = `${prefix}-hint`;
    this.element = h('div', { class: 'govuk-form-group dd-sampler__pseudonyms' },
      h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': hintId },
        h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, 'Replace with pseudonyms (optional)'),
        h('div', { class: 'govuk-hint', id: hintId },
          'A ticked column is replaced in the sample file by a pseudonym made with a secret key, so the list you send carries no identifier the agencies do not already hold. ',
          'The key is made when you download, shown once and offered as a file: keep it, since only with it can you match a pseudonym to its case. The receipt keeps the real IDs.'),
        h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' }, [idColumn, ...columns].map(box))),
      this.keyArea);
  }

  /** The ticked columns. */
  get columns() {
    return [...this.#ticked].filter(([, on]) => on).map(([c]) => c);
  }

  /**
   * The export's rows with the ticked columns (those in its heading) pseudonymised, making
   * and showing the key the first time.
   *
   * @param {string[][]} rows - The rows, the heading first.
   * @returns {Promise<string[][]>}
   */
  async apply(rows) {
    const heading = rows[0] ?? [];
    const chosen = this.columns.filter((c) => heading.includes(c));
    if (!chosen.length) return rows;
    const dd = await loadDeepDive();
    if (!this.#key) {
      this.#key = newKey();
      this.#showKey(this.#key);
    }
    return /** @type {string[][]} */ (dd.pseudonymiseRows(rows, chosen, this.#key));
  }

  /** @param {string} key */
  #showKey(key) {
    const file = `${this.baseName}-pseudonym-key.txt`;
    this.keyArea.replaceChildren(h('div', { class: 'govuk-inset-text' },
      h('p', { class: 'govuk-body' }, 'The pseudonym key of this sample (shown once: it is not kept anywhere):'),
      h('p', { class: 'govuk-body' }, h('code', { class: 'dd-sampler__key-value' }, key)),
      button('Download the key', () => downloadText(file,
        `Deep Dive pseudonym key (HMAC-SHA-256, 32 bytes as hex)\r\n${key}\r\n`), { secondary: true })));
  }
}
