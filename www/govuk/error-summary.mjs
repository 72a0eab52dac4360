/**
 * @file GOV.UK's error summary with inline errors: one function shows a list of problems (the
 * summary at the top, focused; a message in each field's form group; the error classes), one
 * clears them; `markField` marks a single field without a summary. It replaces the four copies the elements had, and needs none of GOV.UK
 * Frontend's JavaScript: the summary carries no `data-module`, so a host page's `initAll()`
 * leaves it alone, and its links focus the field themselves.
 */

import { h } from '../dom.mjs';
import { FieldRegistry } from './fields.mjs';
import { orderProblems } from './problem.mjs';

/** @typedef {import('./problem.mjs').Problem} Problem */
/** @typedef {import('./fields.mjs').Field} Field */

/**
 * One line of an error summary.
 *
 * @typedef {object} SummaryItem
 * @property {string} message - The words.
 * @property {(() => HTMLElement | null) | null} [target] - The control the link focuses.
 * @property {string} [href] - The link's fragment, when it is not the target's id.
 * @property {(() => void) | null} [onClick] - A handler instead of focusing a target (e.g. to
 *   go to another page of a form).
 */

/** The error class GOV.UK gives each kind of control. */
const ERROR_CLASSES = /** @type {const} */ ([
  ['govuk-input', 'govuk-input--error'],
  ['govuk-select', 'govuk-select--error'],
  ['govuk-textarea', 'govuk-textarea--error'],
  ['govuk-file-upload', 'govuk-file-upload--error'],
]);

/**
 * Focuses a control and scrolls its question into view, as GOV.UK Frontend does.
 *
 * @param {HTMLElement} target - The control.
 */
function focusField(target) {
  target.focus();
  const legend = target.closest('fieldset')?.querySelector('legend');
  const label = /** @type {HTMLInputElement} */ (target).labels?.[0];
  (legend ?? label ?? target).scrollIntoView({ block: 'start' });
}

/**
 * The inside of an error summary: the alert with its title and list.
 *
 * @param {string} title - e.g. `There is a problem`.
 * @param {SummaryItem[]} items - The problems.
 * @returns {HTMLElement} The `div[role=alert]`.
 */
function summaryContent(title, items) {
  return h('div', { role: 'alert' },
    h('h2', { class: 'govuk-error-summary__title' }, title),
    h('div', { class: 'govuk-error-summary__body' },
      h('ul', { class: 'govuk-list govuk-error-summary__list' },
        items.map((item) => {
          const target = item.target?.() ?? null;
          if (!target && !item.onClick) return h('li', {}, item.message);
          const link = h('a', { href: item.href ?? (target?.id ? `#${target.id}` : '#') }, item.message);
          link.addEventListener('click', (event) => {
            event.preventDefault();
            if (item.onClick) item.onClick();
            else if (target) focusField(target);
          });
          return h('li', {}, link);
        }))));
}

/**
 * A GOV.UK error summary, with a link per problem that focuses its control.
 *
 * @param {string} title - The title, e.g. `There is a problem`.
 * @param {SummaryItem[]} items - Each problem: its message and either the control it concerns
 *   or a handler of its own.
 * @returns {HTMLElement} A `div.govuk-error-summary` (`tabindex="-1"`; focus it after showing).
 */
export function errorSummary(title, items) {
  return h('div', { class: 'govuk-error-summary', tabindex: '-1' }, summaryContent(title, items));
}

/**
 * An empty, hidden error summary to give {@link showProblems}.
 *
 * @param {{className?: string}} [options] - Extra classes, e.g. `dd-print-hide`.
 * @returns {HTMLElement} The `div.govuk-error-summary`.
 */
export function emptyErrorSummary({ className = '' } = {}) {
  return h('div', { class: `govuk-error-summary ${className}`.trim(), tabindex: '-1', hidden: true });
}

/**
 * Shows problems: fills the summary (and focuses it), puts one inline message per field in the
 * field's form group (a line per problem), marks the group and its controls, and names the
 * message in the field's `aria-describedby`. Clears what an earlier call showed first.
 *
 * @param {HTMLElement} summary - The `div.govuk-error-summary` to fill.
 * @param {Problem[]} problems - The problems; their `field` is resolved in the registry.
 * @param {FieldRegistry} registry - The form's fields.
 * @param {{title?: string, errorPrefix?: string, focus?: boolean}} [options] - The summary's
 *   title, the hidden prefix of inline messages (`Error:`; `Gwall:` in Welsh), and whether to
 *   focus the summary.
 * @returns {Problem[]} The problems in the order shown (the fields' order on the page).
 */
export function showProblems(summary, problems, registry, { title = 'There is a problem', errorPrefix = 'Error:', focus = true } = {}) {
  clearProblems(summary, registry);
  const ordered = orderProblems(problems, (field) => registry.rank(registry.resolve(field)));
  /** @type {Map<string, Problem[]>} */
  const byField = new Map();
  for (const problem of ordered) {
    const name = registry.resolve(problem.field);
    if (name !== null) byField.set(name, [...(byField.get(name) ?? []), problem]);
  }
  for (const [name, mine] of byField) markField(/** @type {Field} */ (registry.get(name)), mine, { errorPrefix });
  summary.replaceChildren(summaryContent(title, ordered.map((problem) => {
    const name = registry.resolve(problem.field);
    const field = name === null ? undefined : registry.get(name);
    return { message: problem.message, target: field ? () => FieldRegistry.target(field, problem) : null };
  })));
  summary.hidden = false;
  if (focus) summary.focus();
  return ordered;
}

/**
 * Shows one field's problems in its form group, without a summary (e.g. a file input outside
 * the form's pages): the inline message (a line per problem), the group's and the controls'
 * error classes, and the message's id in `aria-describedby`. What it showed before goes first.
 *
 * @param {Field} field - The field.
 * @param {Problem[]} problems - Its problems (at least one).
 * @param {{errorPrefix?: string}} [options] - The hidden prefix of the message.
 */
export function markField(field, problems, { errorPrefix = 'Error:' } = {}) {
  clearField(field);
  const message = h('p', { class: 'govuk-error-message', id: field.errorId },
    problems.map((problem) => h('span', { class: 'dd-line' },
      h('span', { class: 'govuk-visually-hidden' }, `${errorPrefix} `), problem.message)));
  field.before.parentNode?.insertBefore(message, field.before);
  field.group.classList.add('govuk-form-group--error');
  const describedBy = (field.describes.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  field.describes.setAttribute('aria-describedby', [...describedBy, field.errorId].join(' '));
  for (const control of FieldRegistry.marked(field, problems)) {
    for (const [kind, error] of ERROR_CLASSES) if (control.classList.contains(kind)) control.classList.add(error);
  }
}

/**
 * Removes what {@link markField} showed in one field.
 *
 * @param {Field} field - The field.
 */
export function clearField(field) {
  field.group.querySelector(`[id="${field.errorId}"]`)?.remove();
  field.group.classList.remove('govuk-form-group--error');
  const describedBy = (field.describes.getAttribute('aria-describedby') ?? '').split(/\s+/)
    .filter((id) => id && id !== field.errorId);
  if (describedBy.length) field.describes.setAttribute('aria-describedby', describedBy.join(' '));
  else field.describes.removeAttribute('aria-describedby');
  for (const control of [field.control, ...(field.marks ?? []), ...Object.values(field.parts ?? {})]) {
    for (const [, error] of ERROR_CLASSES) control.classList.remove(error);
  }
}

/**
 * Removes what {@link showProblems} showed: the summary (hidden), every inline message, error
 * class and `aria-describedby` entry. What the user entered stays.
 *
 * @param {HTMLElement} summary - The error summary.
 * @param {FieldRegistry} registry - The form's fields.
 */
export function clearProblems(summary, registry) {
  for (const [, field] of registry.entries()) clearField(field);
  summary.hidden = true;
  summary.replaceChildren();
}
