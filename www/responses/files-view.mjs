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
 * @returns {{section: HTMLElement, input: HTMLInputElement, status: HTMLElement, clear: HTMLElement, clearGroup: HTMLElement}}
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
  clear.addEventListener('click', () => {
    onClear();
    // The button is gone with the files: the file picker is where the team goes on from.
    input.focus();
  });
  // Empty until there are files to remove (an empty group takes no room).
  const clearGroup = h('div', { class: 'govuk-button-group dd-remove-files' });
  const status = h('div', { class: 'dd-files', role: 'status' });
  const section = h('section', { class: 'dd-responses__files', 'aria-labelledby': `${prefix}-files-heading` },
    h(`h${level}`, { class: 'govuk-heading-m', id: `${prefix}-files-heading` }, '2. The responses'),
    h('div', { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label', for: inputId }, 'Response files'),
      zone),
    status,
    clearGroup);
  return { section, input, status, clear, clearGroup };
}

/**
 * Says which files are loaded, and offers to remove them when there are any.
 *
 * @param {{status: HTMLElement, clear: HTMLElement, clearGroup: HTMLElement}} part
 * @param {import('./files.mjs').ResponseFiles} files
 */
export function showFiles({ status, clear, clearGroup }, files) {
  const parts = [];
  if (files.fileCount || files.items.length) {
    parts.push(h('p', { class: 'govuk-body dd-files-count' },
      `${plural(files.fileCount, 'file')} loaded, holding ${plural(files.items.length, 'response')}.`));
  }
  for (const note of files.notes) parts.push(h('p', { class: 'govuk-body' }, note));
  if (files.skipped.length) {
    parts.push(h('ul', { class: 'govuk-list govuk-list--bullet dd-skipped' }, files.skipped.map((message) => h('li', {}, message))));
  }
  if (files.unreadable.length) {
    parts.push(warningText('These files could not be read:'),
      h('ul', { class: 'govuk-list govuk-list--bullet' }, files.unreadable.map((u) => h('li', {}, u))));
  }
  status.replaceChildren(...parts);
  clearGroup.replaceChildren(...(files.hasFiles ? [clear] : []));
}
