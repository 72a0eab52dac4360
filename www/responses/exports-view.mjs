/**
 * @file The downloads of `<dd-responses>`: every counted response as CSV, the publication
 * CSV and the summary JSON, each made when its button is pressed.
 */

import {
  describeFailure, downloadText, h, warningText,
} from '../dom.mjs';

/**
 * The download section. The CSV files head their columns with the questions' wording and give
 * the answers' labels; a second pair gives the codes (question ids and option values) for
 * scripts and spreadsheets that read those. A download that fails says so here.
 *
 * @param {object} options
 * @param {import('../pkg/deepdive.js').ConsultationDefinition} options.definition - The definition in use.
 * @param {import('../pkg/deepdive.js').ResponsesSummary} options.summary - The summary JSON.
 * @param {number} options.level - The heading level.
 * @param {Pick<import('../wasm.mjs').DeepDiveApi, 'responsesCsv' | 'publicationCsv'>} options.api
 * @param {import('./files.mjs').Item[]} options.items - The loaded responses.
 * @param {boolean} options.includeLate
 * @returns {HTMLElement}
 */
export function downloads({ definition, summary, level, api, items, includeLate }) {
  const base = `${definition.id}-v${definition.version}`;
  const worded = { includeLate };
  /** @type {import('../pkg/deepdive.js').CsvOptions} */
  const coded = { includeLate, headings: 'codes' };
  const failure = h('div', { class: 'dd-export-failure', role: 'alert' });
  const button = (/** @type {string} */ label, /** @type {() => void} */ run, secondary = true) => {
    const b = h('button', { type: 'button', class: `govuk-button${secondary ? ' govuk-button--secondary' : ''}` }, label);
    b.addEventListener('click', () => {
      failure.replaceChildren();
      try {
        run();
      } catch (error) {
        failure.replaceChildren(warningText(`${label} could not be made. ${describeFailure(error)}`));
      }
    });
    return b;
  };
  const csv = (/** @type {string} */ name, /** @type {string} */ text) => downloadText(name, text, 'text/csv;charset=utf-8');
  return h('div', { class: 'dd-exports dd-print-hide' },
    h(`h${level}`, { class: 'govuk-heading-m' }, 'Download'),
    h('ul', { class: 'govuk-list govuk-list--bullet' },
      h('li', {}, 'All responses: every counted response, one row each, columns in the order of the questions, headed by their wording. Opens in Excel with Welsh letters intact.'),
      h('li', {}, 'For publication: only respondents who agreed to publication, without e-mail addresses; names and organisations only for those who agreed to publication in full. Read the free text before publishing: it may still name people.'),
      h('li', {}, 'The summary: these results as JSON.')),
    h('div', { class: 'govuk-button-group' },
      button('All responses (CSV)', () => csv(`${base}-responses.csv`, api.responsesCsv(definition, items, worded)), false),
      button('For publication (CSV)', () => csv(`${base}-publication.csv`, api.publicationCsv(definition, items, worded))),
      button('Summary (JSON)', () => downloadText(`${base}-summary.json`, `${JSON.stringify(summary, null, 2)}\n`, 'application/json'))),
    h('p', { class: 'govuk-body' }, 'With question ids and answer codes in place of the wording, for scripts and spreadsheets that read those:'),
    h('div', { class: 'govuk-button-group' },
      button('All responses, with codes (CSV)', () => csv(`${base}-responses-codes.csv`, api.responsesCsv(definition, items, coded))),
      button('For publication, with codes (CSV)', () => csv(`${base}-publication-codes.csv`, api.publicationCsv(definition, items, coded)))),
    failure);
}

