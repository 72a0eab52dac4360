/**
 * @file One part (section) of the consultation's questions: its form groups, shown and hidden
 * as the answers change, saved on every change, and on Continue the core's problems with
 * this part's answers in the GOV.UK form layer's error summary and inline.
 */

import { h } from '../dom.mjs';
import { emptyErrorSummary, showProblems } from '../govuk/error-summary.mjs';
import { FieldRegistry } from '../govuk/fields.mjs';
import { buildField, registerFields } from './fields.mjs';
import {
  shownQuestions, stepAfter, stepBefore, visibleSections,
} from './answers.mjs';
import {
  backLink, caption, draftTools, pageHeading, sizes, subLevel,
} from './view-common.mjs';

/**
 * @typedef {import('./view-common.mjs').View} View
 * @typedef {import('./problems.mjs').AnswerProblem} AnswerProblem
 */

/**
 * A part of the questions, with Continue.
 *
 * @param {View} v
 * @param {number} index - The section's index.
 * @param {AnswerProblem[] | null} problems - To show on it.
 * @returns {{heading: string, content: Node[], fields: import('./fields.mjs').Field[]}}
 */
export function partPage(v, index, problems) {
  const draft = /** @type {import('./drafts.mjs').Draft} */ (v.draft);
  const section = v.form.sections[index];
  const visible = visibleSections(v.questions, draft.answers);
  const position = visible.indexOf(index);
  const back = backLink(v, () => v.act.back());
  const questions = v.questions.filter((q) => q.section === index);
  const ctx = { w: v.w, t: v.t, prefix: v.prefix, size: sizes(v.level).question };
  const fields = questions.map((q) => buildField(ctx, q, draft.answers[q.id], subLevel(v)));
  const form = h('form', { class: 'dd-section', novalidate: true, 'data-section': section.id },
    fields.map((f) => f.wrapper),
    h('div', { class: 'govuk-button-group' },
      h('button', { type: 'submit', class: 'govuk-button' }, v.w.continue)));
  const showShown = () => {
    const shown = shownQuestions(v.questions, draft.answers);
    for (const f of fields) {
      f.wrapper.hidden = !shown.has(f.q.id);
      f.refresh?.();
    }
  };
  const update = () => {
    for (const f of fields) {
      const value = f.read();
      if (value === undefined) delete draft.answers[f.q.id];
      else draft.answers[f.q.id] = value;
    }
    showShown();
    v.act.save();
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    update();
    const found = v.act.check(questions);
    if (found.length) {
      v.act.showProblems(found);
      return;
    }
    const after = visibleSections(v.questions, draft.answers);
    v.go(stepAfter(after, index, v.returnToCheck));
  });
  showShown();
  const title = v.t(section.title);
  /** @type {Node[]} */
  const content = [back];
  if (problems?.length) {
    const summary = emptyErrorSummary();
    content.push(summary);
    showProblems(summary, problems, registerFields(new FieldRegistry(), fields, v.t),
      { title: v.w.thereIsAProblem, errorPrefix: v.w.errorPrefix, focus: false });
  }
  content.push(
    caption(v, v.w.partOf(position + 1, visible.length)),
    pageHeading(v, title));
  if (section.intro) content.push(h('p', { class: 'govuk-body' }, v.t(section.intro)));
  content.push(form, draftTools(v));
  return { heading: title, content, fields };
}

/**
 * The step the back link of a part leads to.
 *
 * @param {View} v
 * @param {number} index
 * @returns {string}
 */
export function partBack(v, index) {
  if (v.returnToCheck) return 'check';
  return stepBefore(visibleSections(v.questions, v.draft?.answers ?? {}), index);
}
