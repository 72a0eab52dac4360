/**
 * @file Part 2 of `<dd-responses>`, the response files: the file picker in its drop zone, the
 * line that says what is loaded, notes and unreadable files, and the button that removes them.
 */

import { dropZone, h, warningText } from '../dom.mjs';
import { plural } from './wording.mjs';

/**
 * Builds the part.
 *
 * @param {object} options
 * @param {string} options.prefix - The element's id prefix.
 * @param {number} options.level - The heading level.
 * @param {(files: File[]) => void} options.onFiles - Files were chosen or dropped.
 * @param {() => void} options.onClear - The team removed every file.
 * @returns {{section: HTMLElement, status: HTMLElement, clear: HTMLElement}}
 */
export function filesPart({ prefix, level, onFiles, onClear }) {
  const inputId = `${prefix}-files`;
  const input = /** @type {HTMLInputElement} */ (h('input', {
    class: 'govuk-file-upload', id: inputId, name: 'response-files', type: 'file', multiple: true,
    accept: '.json,.jsonl,.ndjson,application/json', 'aria-describedby': `${inputId}-hint`,
  }));
  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) onFiles(files);
  });
  const zone = h('div', { class: 'dd-drop-zone' },
    h('div', { class: 'govuk-hint', id: `${inputId}-hint` },
      'Choose any number of response files at once, or drag and drop them here. A file may hold one response (.json), ',
      'a JSON array of responses, or one response a line (.jsonl). Files you add are kept with those already loaded.'),
    input);
  dropZone(zone, onFiles);
  const clear = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary' }, 'Remove all response files');
  clear.addEventListener('click', onClear);
  const status = h('div', { class: 'dd-files', role: 'status' });
  const section = h('section', { class: 'dd-responses__files', 'aria-labelledby': `${prefix}-files-heading` },
    h(`h${level}`, { class: 'govuk-heading-m', id: `${prefix}-files-heading` }, '2. The responses'),
    h('div', { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label', for: inputId }, 'Response files'),
      zone),
    status,
    h('div', { class: 'govuk-button-group' }, clear));
  return { section, status, clear };
}

/**
 * Says which files are loaded.
 *
 * @param {{status: HTMLElement, clear: HTMLElement}} part
 * @param {import('./files.mjs').ResponseFiles} files
 */
export function showFiles({ status }, files) {
  const parts = [];
  if (files.fileCount || files.items.length) {
    parts.push(h('p', { class: 'govuk-body dd-files-count' },
      `${plural(files.fileCount, 'file')} loaded, holding ${plural(files.items.length, 'response')}.`));
  }
  for (const note of files.notes) parts.push(h('p', { class: 'govuk-body' }, note));
  if (files.unreadable.length) {
    parts.push(warningText('These files could not be read:'),
      h('ul', { class: 'govuk-list govuk-list--bullet' }, files.unreadable.map((u) => h('li', {}, u))));
  }
  status.replaceChildren(...parts);
}
