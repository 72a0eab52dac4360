/**
 * @file The downloads of `<dd-responses>`: every counted response as CSV, the publication
 * CSV and the summary JSON, each made when its button is pressed.
 */

import { downloadText, h } from '../dom.mjs';

/**
 * The download section.
 *
 * @param {object} options
 * @param {any} options.definition - The definition in use.
 * @param {any} options.summary - The summary JSON.
 * @param {number} options.level - The heading level.
 * @param {{responsesCsv: (...args: any[]) => string, publicationCsv: (...args: any[]) => string}} options.api
 * @param {import('./files.mjs').Item[]} options.items - The loaded responses.
 * @param {boolean} options.includeLate
 * @returns {HTMLElement}
 */
export function downloads({ definition, summary, level, api, items, includeLate }) {
  const base = `${definition.id}-v${definition.version}`;
  const options = { includeLate };
  const button = (/** @type {string} */ label, /** @type {() => void} */ run, secondary = true) => {
    const b = h('button', { type: 'button', class: `govuk-button${secondary ? ' govuk-button--secondary' : ''}` }, label);
    b.addEventListener('click', run);
    return b;
  };
  return h('div', { class: 'dd-exports' },
    h(`h${level}`, { class: 'govuk-heading-m' }, 'Download'),
    h('ul', { class: 'govuk-list govuk-list--bullet' },
      h('li', {}, 'All responses: every counted response, one row each, columns in the order of the questions. Opens in Excel with Welsh letters intact.'),
      h('li', {}, 'For publication: only respondents who agreed to publication, without e-mail addresses; names and organisations only for those who agreed to publication in full. Read the free text before publishing: it may still name people.'),
      h('li', {}, 'The summary: these results as JSON.')),
    h('div', { class: 'govuk-button-group' },
      button('All responses (CSV)', () => downloadText(`${base}-responses.csv`, api.responsesCsv(definition, items, options), 'text/csv;charset=utf-8'), false),
      button('For publication (CSV)', () => downloadText(`${base}-publication.csv`, api.publicationCsv(definition, items, options), 'text/csv;charset=utf-8')),
      button('Summary (JSON)', () => downloadText(`${base}-summary.json`, `${JSON.stringify(summary, null, 2)}\n`, 'application/json'))));
}
