/**
 * @file The responses set aside by `<dd-responses>`: the rejected ones with every problem,
 * and the late ones, each listed with its file.
 */

import { h, warningText } from '../dom.mjs';
import { plainProblem } from './problems.mjs';
import { scrollable, table } from './table.mjs';

/**
 * The rejected and late responses, if there are any.
 *
 * @param {import('../pkg/deepdive.js').ResponsesSummary} summary - The summary JSON.
 * @param {{prefix: string, level: number, items: import('./files.mjs').Item[]}} options - The id
 *   prefix; the heading level; the responses given to the core, in order.
 * @returns {Node[]}
 */
export function setAside(summary, { prefix, level, items }) {
  const names = items.map((item) => item.name);
  /** @type {Node[]} */
  const out = [];
  if (summary.rejected.length) {
    out.push(h(`h${level}`, { class: 'govuk-heading-m', id: `${prefix}-rejected` }, `Rejected responses (${summary.rejected.length})`),
      warningText('These responses are not counted. Each is listed with its file, every problem found and what you can do.'),
      scrollable(table('Rejected responses', ['File', 'Response id', 'Problems'],
        summary.rejected.map((r) => [
          r.name,
          r.id ?? '',
          h('ul', { class: 'govuk-list dd-problems' }, r.problems.map((problem) =>
            h('li', { 'data-code': problem.code }, plainProblem(problem, { name: r.name, text: items[r.index]?.text ?? '', summary, names })))),
        ]), { className: 'dd-rejected', visuallyHiddenCaption: true })));
  }
  if (summary.late.length) {
    out.push(h(`h${level}`, { class: 'govuk-heading-m', id: `${prefix}-late-heading` }, `Late responses (${summary.late.length})`),
      h('p', { class: 'govuk-body' }, summary.includeLate ? 'These are counted in the results below.' : 'These are not counted in the results below.'),
      scrollable(table('Late responses', ['File', 'Response id', 'Submitted'],
        summary.late.map((l) => [l.name, l.id, l.submitted]), { className: 'dd-late', visuallyHiddenCaption: true })));
  }
  return out;
}
