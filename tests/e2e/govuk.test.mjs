/**
 * @file The GOV.UK form layer's DOM parts (`www/govuk/`) in the browser, on their own: the error
 * summary with inline errors and focus, one field marked without a summary, the character count.
 * Each test builds a small form in the page through the modules, as an element would.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { closeChecked, launch, url } from './helpers.mjs';

describe('the GOV.UK form layer', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;

  before(async () => {
    session = await launch();
    await session.page.goto(url('embed-example.html'));
  });
  after(() => closeChecked(session));

  it('shows problems in page order, marks each field once, links and focuses, and clears', async () => {
    const result = await session.page.evaluate(async (base) => {
      const { h } = await import(`${base}dom.mjs`);
      const { FieldRegistry } = await import(`${base}govuk/fields.mjs`);
      const { clearProblems, emptyErrorSummary, showProblems } = await import(`${base}govuk/error-summary.mjs`);
      const { dateInput } = await import(`${base}govuk/date-input.mjs`);
      const registry = new FieldRegistry();
      const text = h('input', { class: 'govuk-input', id: 't-name', 'aria-describedby': 't-hint' });
      const textGroup = h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: 't-name' }, 'Name'), text);
      const date = dateInput({ id: 't-date', name: 'when', legend: 'When' });
      const summary = emptyErrorSummary();
      const root = h('div', { id: 'layer-test' }, summary, date.group, textGroup);
      document.body.append(root);
      registry.add('when', date.field);
      registry.add('name', { group: textGroup, control: text, before: text, describes: text, errorId: 't-name-error' });
      const shown = showProblems(summary, [
        { field: 'name', code: 'required', message: 'Enter a name' },
        { field: null, code: 'failure', message: 'Something else' },
        { field: 'when', code: 'incomplete-date', message: 'When must include a month', parts: ['month'] },
        { field: 'name[0]', code: 'too-long', message: 'Name is too long' },
      ], registry);
      const state = {
        order: shown.map((p) => p.message),
        links: [...summary.querySelectorAll('li')].map((li) => li.querySelector('a')?.getAttribute('href') ?? null),
        focused: document.activeElement === summary,
        inline: [...root.querySelectorAll('.govuk-error-message')].map((m) => m.textContent),
        marked: [...root.querySelectorAll('.govuk-input--error')].map((n) => n.id),
        describedBy: text.getAttribute('aria-describedby'),
        groups: root.querySelectorAll('.govuk-form-group--error').length,
      };
      /** @type {HTMLElement} */ (summary.querySelector('a[href="#t-date-month"]')).click();
      const linkFocus = document.activeElement?.id;
      clearProblems(summary, registry);
      const cleared = {
        hidden: summary.hidden,
        left: root.querySelectorAll('.govuk-error-message, .govuk-input--error, .govuk-form-group--error').length,
        describedBy: text.getAttribute('aria-describedby'),
      };
      root.remove();
      return { state, linkFocus, cleared };
    }, url());
    assert.deepEqual(result.state, {
      order: ['Something else', 'When must include a month', 'Enter a name', 'Name is too long'],
      links: [null, '#t-date-month', '#t-name', '#t-name'],
      focused: true,
      inline: ['Error: When must include a month', 'Error: Enter a nameError: Name is too long'],
      marked: ['t-date-month', 't-name'],
      describedBy: 't-hint t-name-error',
      groups: 2,
    });
    assert.equal(result.linkFocus, 't-date-month');
    assert.deepEqual(result.cleared, { hidden: true, left: 0, describedBy: 't-hint' });
  });

  it('marks one field without a summary, in the page’s language', async () => {
    const result = await session.page.evaluate(async (base) => {
      const { h } = await import(`${base}dom.mjs`);
      const { clearField, markField } = await import(`${base}govuk/error-summary.mjs`);
      const input = h('input', { class: 'govuk-file-upload', id: 'f-file', type: 'file' });
      const group = h('div', { class: 'govuk-form-group' }, input);
      document.body.append(group);
      const field = { group, control: input, before: input, describes: input, errorId: 'f-file-error' };
      markField(field, [{ field: 'file', code: 'required', message: 'Dewiswch ffeil' }], { errorPrefix: 'Gwall:' });
      markField(field, [{ field: 'file', code: 'required', message: 'Dewiswch ffeil' }], { errorPrefix: 'Gwall:' });
      const marked = [group.querySelectorAll('.govuk-error-message').length, group.textContent, input.className, input.getAttribute('aria-describedby')];
      clearField(field);
      const cleared = [group.querySelectorAll('.govuk-error-message').length, input.className, input.hasAttribute('aria-describedby')];
      group.remove();
      return { marked, cleared };
    }, url());
    assert.deepEqual(result.marked, [1, 'Gwall: Dewiswch ffeil', 'govuk-file-upload govuk-file-upload--error', 'f-file-error']);
    assert.deepEqual(result.cleared, [0, 'govuk-file-upload', false]);
  });

  it('counts characters with one live region, and marks a text that is too long', async () => {
    const { page } = session;
    await page.evaluate(async (base) => {
      const { h } = await import(`${base}dom.mjs`);
      const { characterCount } = await import(`${base}govuk/character-count.mjs`);
      const count = characterCount({
        id: 'c-text', name: 'text', max: 5, hint: 'A few words',
        label: h('label', { class: 'govuk-label', for: 'c-text' }, 'Your words'),
      });
      count.group.id = 'c-group';
      document.body.append(count.group);
    }, url());
    const group = page.locator('#c-group');
    const textarea = page.getByLabel('Your words');
    assert.equal(await group.locator('[aria-live]').count(), 1);
    assert.equal(await group.locator('[data-module]').count(), 0);
    assert.equal((await group.locator('.govuk-character-count__status').innerText()).trim(), 'You can enter up to 5 characters');
    await textarea.fill('abc');
    assert.equal((await group.locator('.govuk-character-count__status').innerText()).trim(), 'You have 2 characters remaining');
    await textarea.fill('abcdefg');
    assert.equal((await group.locator('.govuk-character-count__status').innerText()).trim(), 'You have 2 characters too many');
    assert.equal(await textarea.evaluate((node) => node.classList.contains('govuk-textarea--error')), true);
    // The live region speaks the count once typing stops.
    await page.waitForFunction(() => document.querySelector('#c-group [aria-live]')?.textContent === 'You have 2 characters too many');
    assert.match(String(await textarea.getAttribute('aria-describedby')), /c-text-hint c-text-info/);
  });
});
