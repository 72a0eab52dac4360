/**
 * @file The pure parts of the GOV.UK form layer (`www/govuk/`) in Node, without a browser:
 * which field a problem points at, the order and merging of problems, reading a date input's
 * boxes, and the character count's words.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldRegistry } from '../../www/govuk/fields.mjs';
import { fieldCandidates, mergeProblems, onePerField, orderProblems } from '../../www/govuk/problem.mjs';
import { readDate } from '../../www/govuk/date.mjs';
import { countMessage } from '../../www/govuk/character-count.mjs';

/**
 * A stand-in for a form field: its group knows its place on the page, as a DOM node would
 * through `compareDocumentPosition`.
 *
 * @param {number} place - Its place on the page.
 * @param {string} [id] - Its control's id.
 * @returns {import('../../www/govuk/fields.mjs').Field}
 */
function fakeField(place, id = `control-${place}`) {
  const group = {
    place,
    compareDocumentPosition: (/** @type {{place: number}} */ other) => (other.place > place ? 4 : 2),
  };
  const control = { id };
  return /** @type {any} */ ({ group, control, before: control, describes: control, errorId: `${id}-error` });
}

describe('fieldCandidates', () => {
  const cases = [
    ['onsiteStart', ['onsiteStart']],
    ['closures[2]', ['closures[2]', 'closures']],
    ['area.cpsConcerns', ['area.cpsConcerns', 'area']],
    ['filters[0].column', ['filters[0].column', 'filters[0]', 'filters']],
    ['answers.q1[0]', ['answers.q1[0]', 'answers.q1', 'answers']],
  ];
  for (const [field, expected] of cases) {
    it(`${field} → ${expected.join(', ')}`, () => assert.deepEqual(fieldCandidates(/** @type {string} */ (field)), expected));
  }
});

describe('FieldRegistry', () => {
  const registry = new FieldRegistry();
  registry.add('framework', fakeField(0, 'fw'));
  registry.add('closures', fakeField(3, 'cl'));
  registry.add('area', fakeField(2, 'ar'));
  registry.add('filters[0].column', fakeField(5, 'f0'));
  registry.alias('filters[0]', 'filters[0].column');

  const resolved = [
    ['framework', 'framework'],
    ['closures[4]', 'closures'],
    ['area.cpsConcerns', 'area'],
    ['filters[0].column', 'filters[0].column'],
    ['filters[0].value', 'filters[0].column'],
    ['filters[1].value', null],
    ['noticeWorkingDays', null],
    [null, null],
  ];
  for (const [field, name] of resolved) {
    it(`resolves ${field} to ${name}`, () => assert.equal(registry.resolve(field), name));
  }

  it('ranks fields by their place on the page, not the order they were added', () => {
    assert.deepEqual(['framework', 'area', 'closures', 'filters[0].column', 'nothing'].map((name) => registry.rank(name)), [0, 1, 2, 3, null]);
  });

  it('finds a field by its control’s id', () => {
    assert.equal(registry.nameOf('cl'), 'closures');
    assert.equal(registry.nameOf('missing'), null);
  });

  it('removes fields and aliases by name', () => {
    const rows = new FieldRegistry();
    rows.add('filters[0].column', fakeField(0));
    rows.add('seed', fakeField(1));
    rows.alias('filters[0]', 'filters[0].column');
    rows.removeWhere((name) => name.startsWith('filters['));
    assert.deepEqual(rows.entries().map(([name]) => name), ['seed']);
    assert.equal(rows.resolve('filters[0].op'), null);
  });

  it('marks and focuses only the parts of a date in error', () => {
    const parts = { day: /** @type {any} */ ({ id: 'd' }), month: /** @type {any} */ ({ id: 'm' }), year: /** @type {any} */ ({ id: 'y' }) };
    const field = { ...fakeField(0), control: parts.day, parts };
    assert.deepEqual(FieldRegistry.marked(field, [{ parts: ['month'] }]), [parts.month]);
    assert.deepEqual(FieldRegistry.marked(field, [{}]), [parts.day, parts.month, parts.year]);
    assert.equal(FieldRegistry.target(field, { parts: ['year', 'month'] }), parts.month);
    assert.equal(FieldRegistry.target(field, {}), parts.day);
    assert.deepEqual(FieldRegistry.marked({ ...field, marks: [] }, [{}]), []);
  });
});

describe('orderProblems', () => {
  it('puts problems in page order, those of no field first, keeping each field’s own order', () => {
    const ranks = /** @type {Record<string, number>} */ ({ a: 0, b: 1, c: 2 });
    const problems = [
      { field: 'c', code: 'x', message: 'c1' },
      { field: 'a', code: 'x', message: 'a1' },
      { field: null, code: 'x', message: 'none' },
      { field: 'c', code: 'x', message: 'c2' },
      { field: 'b', code: 'x', message: 'b1' },
    ];
    const order = orderProblems(problems, (field) => (field === null ? null : ranks[field] ?? null));
    assert.deepEqual(order.map((p) => p.message), ['none', 'a1', 'b1', 'c1', 'c2']);
  });
});

describe('mergeProblems', () => {
  const form = [
    { field: 'onsiteStart', code: 'incomplete-date', message: 'The first on-site day must include a month' },
    { field: 'closures', code: 'bad-date', message: 'Closure day on line 3 (next Tuesday) must be a date' },
  ];
  it('drops the core’s problems about fields the form already reported', () => {
    const core = [
      { field: 'onsiteStart', code: 'bad-argument', message: 'onsiteStart is required' },
      { field: 'closures[0]', code: 'bad-date', message: 'not a real date' },
      { field: 'noticeWorkingDays', code: 'bad-argument', message: 'too long' },
    ];
    assert.deepEqual(mergeProblems(form, core).map((p) => p.field), ['onsiteStart', 'closures', 'closures[0]', 'noticeWorkingDays']);
  });
  it('shows a problem repeated word for word once', () => {
    const repeated = { field: null, code: 'failure', message: 'Deep Dive could not do this' };
    assert.equal(mergeProblems([repeated], [repeated, { ...repeated }]).length, 1);
  });
});

describe('onePerField', () => {
  it('keeps the best-ranked problem of each field and every problem of a field shown whole', () => {
    const problems = [
      { field: 'onsiteStart', code: 'not-a-monday', message: 'Monday' },
      { field: 'closures[0]', code: 'bad-date', message: 'line 1' },
      { field: 'onsiteStart', code: 'bad-date', message: 'real date' },
      { field: 'closures[1]', code: 'bad-date', message: 'line 2' },
      { field: null, code: 'failure', message: 'failure' },
    ];
    const shown = onePerField(problems, (p) => (p.field ? p.field.replace(/\[\d+\]$/, '') : null), {
      showAll: (group) => group === 'closures',
      rank: (p) => (p.code === 'bad-date' ? 0 : 1),
    });
    assert.deepEqual(shown.map((p) => p.message), ['real date', 'line 1', 'line 2', 'failure']);
  });
});

describe('readDate', () => {
  const about = { field: 'onsiteStart', name: 'the first on-site day' };
  /** @type {Array<[string, string, string, string | {code: string, message: string, parts: string[]}]>} */
  const cases = [
    ['5', '10', '2015', '2015-10-05'],
    [' 05 ', '10', '2015', '2015-10-05'],
    ['', '', '', { code: 'required', message: 'Enter the first on-site day', parts: ['day', 'month', 'year'] }],
    ['5', '', '2015', { code: 'incomplete-date', message: 'The first on-site day must include a month', parts: ['month'] }],
    ['', '', '2015', { code: 'incomplete-date', message: 'The first on-site day must include a day and month', parts: ['day', 'month'] }],
    ['5', 'Oct', '2015', { code: 'bad-date', message: 'The first on-site day must be a real date', parts: ['month'] }],
    ['5', '10', '15', { code: 'bad-date', message: 'Year must include 4 numbers', parts: ['year'] }],
    // Whether 31 February exists is the core's rule: the reader passes it on.
    ['31', '2', '2015', '2015-02-31'],
  ];
  for (const [day, month, year, expected] of cases) {
    it(`${JSON.stringify([day, month, year])}`, () => {
      const read = readDate({ day, month, year }, about);
      if (typeof expected === 'string') assert.deepEqual(read, { iso: expected });
      else assert.deepEqual(read, { problem: { field: 'onsiteStart', ...expected } });
    });
  }
});

describe('countMessage', () => {
  const cases = [
    ['', 10, 'You can enter up to 10 characters', false],
    ['abc', 10, 'You have 7 characters remaining', false],
    ['abcdefghi', 10, 'You have 1 character remaining', false],
    ['abcdefghij', 10, 'You have 0 characters remaining', false],
    ['abcdefghijk', 10, 'You have 1 character too many', true],
    // Code points, as the core counts: an emoji of two UTF-16 units is one character.
    ['😀😀', 2, 'You have 0 characters remaining', false],
  ];
  for (const [text, max, message, over] of cases) {
    it(`${JSON.stringify(text)} of ${max}`, () => assert.deepEqual(countMessage(/** @type {string} */ (text), /** @type {number} */ (max)), { message, over }));
  }
});
