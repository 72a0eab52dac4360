/**
 * @file The consultation form's questions as GOV.UK form groups: text inputs and a textarea
 * with the GOV.UK form layer's character count, checkboxes, radios and the respondent-type
 * question with its role, each with GOV.UK width classes, registered in the layer's field
 * registry under the core's field names (`answers.<id>`, `answers.<id>.role`) so that the
 * core's problems land on them. The options and limits come from the core's form definition.
 */

import { h } from '../dom.mjs';
import { characterCount } from '../govuk/character-count.mjs';

/**
 * A question on the page: its form group(s) and how to read and mark them.
 *
 * @typedef {object} Field
 * @property {import('./answers.mjs').Question} q
 * @property {HTMLElement} wrapper - The group (hidden when the question is not shown).
 * @property {() => any} read - The current answer, or undefined when unanswered. (any: an Answer, whatever its question type)
 * @property {Record<string, FieldPart>} parts - `main`, and `role` for a respondent's role.
 * @property {() => void} [refresh] - Updates dependent parts (the role list, the count).
 */

/**
 * One control group of a question, as an error marks it.
 *
 * @typedef {object} FieldPart
 * @property {HTMLElement} wrapper - Its `govuk-form-group`.
 * @property {Node} before - The error message goes before this node.
 * @property {HTMLElement} describes - Gets the message's id in `aria-describedby`.
 * @property {string} errorId
 * @property {() => HTMLElement} target - The control the error summary's link focuses.
 * @property {HTMLElement[]} controls - Inputs and textareas that take the error style.
 */

/**
 * What the fields need from the form: its words and texts, ids and heading sizes.
 *
 * @typedef {object} FieldContext
 * @property {import('./words.mjs').Words} w - The language's words.
 * @property {(text: import('./json-types.mjs').DefinitionText) => string} t - A definition text in the form's language.
 * @property {string} prefix - The form's id prefix.
 * @property {string} size - The label and legend size: `m` or `s`.
 */

/**
 * The GOV.UK width class of a question's control: a short text as wide as its limit, an
 * e-mail address or a longer text two-thirds of the column (full width on a phone).
 *
 * @param {import('./answers.mjs').Question} q
 * @returns {string}
 */
export function widthClass(q) {
  const max = q.maxLength ?? Infinity;
  if (q.type === 'short-text' && max <= 10) return 'govuk-input--width-10';
  if (q.type === 'short-text' && max <= 20) return 'govuk-input--width-20';
  return 'govuk-!-width-two-thirds';
}

/**
 * The question's text with "(optional)" when it need not be answered (unless it says so).
 *
 * @param {FieldContext} ctx
 * @param {import('./answers.mjs').Question} q
 * @returns {string}
 */
function questionLabel(ctx, q) {
  const text = ctx.t(q.text);
  if (q.required) return text;
  return /\((optional|dewisol)\)\s*$/i.test(text) ? text : `${text} ${ctx.w.optional}`;
}

/**
 * Whether the author's question text already says how many may be chosen (then the form
 * adds no second wording of it).
 *
 * @param {string} text
 * @returns {boolean}
 */
export function statesLimit(text) {
  return /\b(up to|no more than|at most|hyd at|dim mwy na)\b/i.test(text);
}

/**
 * Radios or checkboxes with their labels.
 *
 * @param {FieldContext} ctx
 * @param {{kind: 'radios' | 'checkboxes', id: string, name: string, options: Array<{value: string, label: import('./json-types.mjs').DefinitionText}>,
 *   checked: (value: string) => boolean, extra?: string}} spec
 * @returns {{group: HTMLElement, inputs: HTMLInputElement[]}}
 */
function choiceGroup(ctx, { kind, id, name, options, checked, extra = '' }) {
  const type = kind === 'radios' ? 'radio' : 'checkbox';
  const inputs = options.map((o, i) => /** @type {HTMLInputElement} */ (h('input', {
    class: `govuk-${kind}__input`, id: i === 0 ? id : `${id}-${i + 1}`, name, type, value: o.value, checked: checked(o.value),
  })));
  const group = h('div', { class: `govuk-${kind}${extra}` },
    options.map((o, i) => h('div', { class: `govuk-${kind}__item` },
      inputs[i], h('label', { class: `govuk-label govuk-${kind}__label`, for: inputs[i].id }, ctx.t(o.label)))));
  return { group, inputs };
}

/**
 * A fieldset whose legend is the question's heading.
 *
 * @param {FieldContext} ctx
 * @param {string} hn - The heading tag, e.g. `h2`.
 * @param {string} label
 * @param {string | null} hintId
 * @param {string} hint
 * @param {HTMLElement} group
 */
function questionFieldset(ctx, hn, label, hintId, hint, group) {
  return h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': hint ? hintId : null },
    h('legend', { class: `govuk-fieldset__legend govuk-fieldset__legend--${ctx.size}` },
      h(hn, { class: 'govuk-fieldset__heading' }, label)),
    hint ? h('div', { class: 'govuk-hint', id: hintId }, hint) : null,
    group);
}

/**
 * Builds a question's form group.
 *
 * @param {FieldContext} ctx
 * @param {import('./answers.mjs').Question} q
 * @param {import('./json-types.mjs').Answer} value - The saved answer.
 * @param {number} level - The level of the question's heading.
 * @returns {Field}
 */
export function buildField(ctx, q, value, level) {
  const id = `${ctx.prefix}-q-${q.id}`;
  const label = questionLabel(ctx, q);
  const hn = `h${level}`;
  const hintId = `${id}-hint`;
  const helpText = q.help ? ctx.t(q.help) : '';
  const labelFor = () => h(hn, { class: 'govuk-label-wrapper' },
    h('label', { class: `govuk-label govuk-label--${ctx.size}`, for: id }, label));
  if (q.type === 'short-text' || q.type === 'email') {
    const email = q.type === 'email';
    const input = /** @type {HTMLInputElement} */ (h('input', {
      class: `govuk-input ${widthClass(q)}`, id, name: q.id, type: email ? 'email' : 'text', spellcheck: email ? 'false' : null,
      autocomplete: email ? 'email' : 'off', 'aria-describedby': helpText ? hintId : null,
    }));
    input.value = typeof value === 'string' ? value : '';
    const wrapper = h('div', { class: 'govuk-form-group', 'data-question': q.id },
      labelFor(), helpText ? h('div', { class: 'govuk-hint', id: hintId }, helpText) : null, input);
    return {
      q, wrapper, read: () => (input.value === '' ? undefined : input.value),
      parts: { main: { wrapper, before: input, describes: input, errorId: `${id}-error`, target: () => input, controls: [input] } },
    };
  }
  if (q.type === 'long-text') return longText(ctx, q, value, { id, helpText, labelFor });
  if (q.type === 'multiple-choice') {
    const options = q.options ?? [];
    const chosen = new Set(Array.isArray(value) ? value : []);
    const { group, inputs } = choiceGroup(ctx, { kind: 'checkboxes', id, name: q.id, options, checked: (v) => chosen.has(v) });
    const max = q.maxChoices ?? options.length;
    const limit = statesLimit(label) ? '' : max < options.length ? ctx.w.selectUpTo(max) : ctx.w.selectAll;
    const fieldset = questionFieldset(ctx, hn, label, hintId, [helpText, limit].filter(Boolean).join(' '), group);
    const wrapper = h('div', { class: 'govuk-form-group', 'data-question': q.id }, fieldset);
    return {
      q, wrapper,
      read: () => {
        const list = inputs.filter((b) => b.checked).map((b) => b.value);
        return list.length ? list : undefined;
      },
      parts: { main: { wrapper, before: group, describes: fieldset, errorId: `${id}-error`, target: () => inputs[0], controls: [] } },
    };
  }
  if (q.type === 'respondent-type') return respondentField(ctx, q, value, { id, hn, label, helpText });
  // single-choice, agree-scale, yes-no, consent-to-publish: radios.
  const { group, inputs } = choiceGroup(ctx, {
    kind: 'radios', id, name: q.id, options: q.options ?? [], checked: (v) => value === v,
    extra: q.type === 'yes-no' ? ' govuk-radios--inline' : '',
  });
  const fieldset = questionFieldset(ctx, hn, label, hintId, helpText, group);
  const wrapper = h('div', { class: 'govuk-form-group', 'data-question': q.id }, fieldset);
  return {
    q, wrapper, read: () => inputs.find((r) => r.checked)?.value,
    parts: { main: { wrapper, before: group, describes: fieldset, errorId: `${id}-error`, target: () => inputs[0], controls: [] } },
  };
}

/**
 * A textarea with the GOV.UK form layer's character count (no GOV.UK Frontend JavaScript
 * runs on it, so a host page's `initAll()` adds no second count).
 *
 * @param {FieldContext} ctx
 * @param {import('./answers.mjs').Question} q
 * @param {import('./json-types.mjs').Answer} value
 * @param {{id: string, helpText: string, labelFor: () => HTMLElement}} parts
 * @returns {Field}
 */
function longText(ctx, q, value, { id, helpText, labelFor }) {
  const { group: wrapper, textarea, refresh } = characterCount({
    id, name: q.id, label: labelFor(), hint: helpText, max: q.maxLength ?? 0, value: typeof value === 'string' ? value : '',
    words: { upTo: ctx.w.charsUpTo, left: ctx.w.charsLeft, over: ctx.w.charsOver },
  });
  textarea.classList.add(widthClass(q));
  wrapper.dataset.question = q.id;
  return {
    q, wrapper, refresh, read: () => (textarea.value === '' ? undefined : textarea.value),
    parts: { main: { wrapper, before: textarea, describes: textarea, errorId: `${id}-error`, target: () => textarea, controls: [textarea] } },
  };
}

/**
 * The respondent-type question: the type as radios, then the role (when the question has
 * roles and the respondent is an individual or an organisation). The question's help goes
 * with the role, which is what it explains, so it is not seen before the role is asked.
 *
 * @param {FieldContext} ctx
 * @param {import('./answers.mjs').Question} q
 * @param {import('./json-types.mjs').Answer} value
 * @param {{id: string, hn: string, label: string, helpText: string}} parts
 * @returns {Field}
 */
function respondentField(ctx, q, value, { id, hn, label, helpText }) {
  const hintId = `${id}-hint`;
  const current = value && typeof value === 'object' ? value : {};
  const roles = q.roles ?? [];
  const { group, inputs: radios } = choiceGroup(ctx, {
    kind: 'radios', id, name: q.id, options: q.options ?? [], checked: (v) => current.type === v,
  });
  const fieldset = questionFieldset(ctx, hn, label, hintId, roles.length ? '' : helpText, group);
  const main = h('div', { class: 'govuk-form-group' }, fieldset);
  const wrapper = h('div', { class: 'dd-respondent', 'data-question': q.id }, main);
  /** @type {Field['parts']} */
  const parts = { main: { wrapper: main, before: group, describes: fieldset, errorId: `${id}-error`, target: () => radios[0], controls: [] } };
  /** @type {HTMLInputElement[]} */
  let roleRadios = [];
  if (roles.length) {
    const roleId = `${id}-role`;
    const chosen = choiceGroup(ctx, {
      kind: 'radios', id: roleId, name: `${q.id}-role`, options: roles, checked: (v) => current.role === v, extra: ' govuk-radios--small',
    });
    roleRadios = chosen.inputs;
    const roleHintId = `${roleId}-hint`;
    const roleFieldset = h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': helpText ? roleHintId : null },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, `${ctx.w.roleLegend}${q.required ? '' : ` ${ctx.w.optional}`}`),
      helpText ? h('div', { class: 'govuk-hint', id: roleHintId }, helpText) : null,
      chosen.group);
    const roleWrapper = h('div', { class: 'govuk-form-group dd-role' }, roleFieldset);
    wrapper.append(roleWrapper);
    parts.role = { wrapper: roleWrapper, before: chosen.group, describes: roleFieldset, errorId: `${roleId}-error`, target: () => roleRadios[0], controls: [] };
  }
  const read = () => {
    const type = radios.find((r) => r.checked)?.value;
    if (!type) return undefined;
    const role = type === 'prefer-not-to-say' ? undefined : roleRadios.find((r) => r.checked)?.value;
    return role ? { type, role } : { type };
  };
  const refresh = () => {
    if (!parts.role) return;
    const type = radios.find((r) => r.checked)?.value;
    parts.role.wrapper.hidden = !type || type === 'prefer-not-to-say';
  };
  return { q, wrapper, read, refresh, parts };
}

/**
 * Registers a page's fields in the GOV.UK form layer's registry, under the core's field
 * names: `answers.<id>` for a question, `answers.<id>.role` for a respondent's role.
 *
 * @param {import('../govuk/fields.mjs').FieldRegistry} registry
 * @param {Field[]} fields
 * @param {(text: import('./json-types.mjs').DefinitionText) => string} textOf - A definition text in the form's language.
 * @returns {import('../govuk/fields.mjs').FieldRegistry} The registry.
 */
export function registerFields(registry, fields, textOf) {
  for (const field of fields) {
    for (const [name, part] of Object.entries(field.parts)) {
      registry.add(name === 'main' ? `answers.${field.q.id}` : `answers.${field.q.id}.${name}`, {
        group: part.wrapper,
        control: part.target(),
        before: part.before,
        describes: part.describes,
        errorId: part.errorId,
        label: textOf(field.q.text),
        marks: part.controls,
      });
    }
  }
  return registry;
}
