/**
 * @file Part 1 of `<dd-responses>`, the consultation: a built-in one or a definition file,
 * and the line that says which definition is in use (or what is wrong with the one given).
 */

import { errorSummary, h } from '../dom.mjs';
import { plainDefinitionProblem } from './problems.mjs';
import { englishText } from './wording.mjs';

/**
 * Builds the part.
 *
 * @param {object} options
 * @param {string} options.prefix - The element's id prefix.
 * @param {number} options.level - The heading level.
 * @param {Array<{id: string, title: string}>} options.builtins - The built-in consultations.
 * @param {(src: string) => void} options.onChoose - A built-in (`builtin:<id>`) was chosen.
 * @param {(file: File) => void} options.onFile - A definition file was chosen.
 * @returns {{section: HTMLElement, select: HTMLSelectElement, status: HTMLElement}}
 */
export function definitionPart({ prefix, level, builtins, onChoose, onFile }) {
  const selectId = `${prefix}-consultation`;
  const select = /** @type {HTMLSelectElement} */ (h('select', { class: 'govuk-select', id: selectId, name: 'consultation' },
    builtins.map((c) => h('option', { value: `builtin:${c.id}` }, c.title))));
  select.addEventListener('change', () => onChoose(select.value));
  const fileId = `${prefix}-definition-file`;
  const input = /** @type {HTMLInputElement} */ (h('input', {
    class: 'govuk-file-upload', id: fileId, name: 'definition-file', type: 'file', accept: '.json,application/json',
    'aria-describedby': `${fileId}-hint`,
  }));
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = '';
    if (file) onFile(file);
  });
  const status = h('div', { class: 'dd-definition', 'aria-live': 'polite' });
  const section = h('section', { class: 'dd-responses__definition', 'aria-labelledby': `${prefix}-def-heading` },
    h(`h${level}`, { class: 'govuk-heading-m', id: `${prefix}-def-heading` }, '1. The consultation'),
    h('div', { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label', for: selectId }, 'A consultation built into Deep Dive'),
      select),
    h('div', { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label', for: fileId }, 'Or its definition file'),
      h('div', { class: 'govuk-hint', id: `${fileId}-hint` }, 'The consultation’s JSON definition (see the consultation format).'),
      input),
    status);
  return { section, select, status };
}

/**
 * Says which definition is in use, and makes it the select's choice (a choice of its own when
 * it came from a file).
 *
 * @param {{select: HTMLSelectElement, status: HTMLElement}} part
 * @param {import('../pkg/deepdive.js').ConsultationDefinition} definition - The definition JSON.
 * @param {string} source - `built into Deep Dive` or `from <file>`.
 */
export function showDefinition({ select, status }, definition, source) {
  if (source.startsWith('built')) {
    select.value = `builtin:${definition.id}`;
  } else {
    const value = `file:${definition.id}`;
    let option = /** @type {HTMLOptionElement | null} */ (select.querySelector(`option[value="${CSS.escape(value)}"]`));
    if (!option) {
      option = /** @type {HTMLOptionElement} */ (h('option', { value }, `${englishText(definition.title)} (${source})`));
      select.append(option);
    }
    select.value = value;
  }
  status.replaceChildren(
    h('p', { class: 'govuk-body' },
      'Using ', h('strong', {}, englishText(definition.title)), ` (${definition.id}, version ${definition.version}, ${source}).`));
}

/**
 * Shows why a definition cannot be used, and moves focus to it.
 *
 * @param {HTMLElement} status
 * @param {string} message
 * @param {import('./problems.mjs').Problem[]} problems - The core's, in plain English here.
 * @param {string} [fileName] - The definition's file, which the problems name.
 */
export function showDefinitionProblems(status, message, problems, fileName = 'The file') {
  status.replaceChildren(errorSummary('There is a problem with the definition', [
    { message },
    ...problems.map((problem) => ({ message: plainDefinitionProblem(problem, fileName) })),
  ]));
  /** @type {HTMLElement | null} */ (status.querySelector('.govuk-error-summary'))?.focus();
}
