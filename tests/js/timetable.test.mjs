/**
 * @file The timetable's pure modules in Node: reading the form's text into `timetable()`'s
 * input (`www/timetable/form-reading.mjs`) and the core's problems in the form's words
 * (`www/timetable/problem-words.mjs`).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readClosures, readTimetableForm, withoutBadClosures } from '../../www/timetable/form-reading.mjs';
import { problemRank, wordCoreProblem } from '../../www/timetable/problem-words.mjs';

/**
 * A form as typed, with the JTAI example's values unless changed.
 *
 * @param {Partial<import('../../www/timetable/form-reading.mjs').TypedForm>} [changes]
 * @returns {import('../../www/timetable/form-reading.mjs').TypedForm}
 */
function typed(changes = {}) {
  return {
    framework: 'jtai-2015',
    onsiteStart: { day: '5', month: '10', year: '2015' },
    area: { youngOffenderInstitution: true },
    closures: '',
    noticeWorkingDays: '',
    letterDueWorkingDays: '',
    ...changes,
  };
}

describe('readClosures', () => {
  const cases = [
    ['', [], [], []],
    ['2015-12-24', ['2015-12-24'], [1], []],
    ['24/12/2015\n\n 2015-1-2 ', ['2015-12-24', '2015-01-02'], [1, 3], []],
    // 31 February is read as typed: whether it exists is the core's to say.
    ['31/02/2015', ['2015-02-31'], [1], []],
    ['next Tuesday\n2015-12-24\n1/13', ['2015-12-24'], [2], [1, 3]],
  ];
  for (const [text, dates, lines, badLines] of cases) {
    it(JSON.stringify(text), () => {
      const read = readClosures(/** @type {string} */ (text));
      assert.deepEqual(read.dates, dates);
      assert.deepEqual(read.entries.lines, lines);
      assert.deepEqual(read.problems.map((p) => Number(/line (\d+)/.exec(p.message)?.[1])), badLines);
      assert.ok(read.problems.every((p) => p.field === 'closures' && p.code === 'bad-date'));
    });
  }
});

describe('readTimetableForm', () => {
  it('reads the JTAI example', () => {
    const { input, problems } = readTimetableForm(typed());
    assert.deepEqual(problems, []);
    assert.deepEqual(input, {
      framework: 'jtai-2015', onsiteStart: '2015-10-05',
      area: { prisonMotherAndBabyUnit: false, immigrationRemovalCentre: false, youngOffenderInstitution: true, cpsConcerns: false },
    });
  });

  it('leaves out what it cannot read and says why, keeping the rest for the core', () => {
    const { input, problems } = readTimetableForm(typed({
      onsiteStart: { day: '', month: '10', year: '2015' }, closures: 'soon\n2015-12-24', noticeWorkingDays: 'eight', letterDueWorkingDays: '99',
    }));
    assert.deepEqual(problems.map((p) => [p.field, p.code]), [['onsiteStart', 'incomplete-date'], ['closures', 'bad-date'], ['noticeWorkingDays', 'bad-number']]);
    assert.equal('onsiteStart' in input, false);
    assert.deepEqual(input.closures, ['2015-12-24']);
    assert.equal('noticeWorkingDays' in input, false);
    // Whether 99 working days is allowed is the core's rule.
    assert.equal(input.letterDueWorkingDays, 99);
  });
});

describe('withoutBadClosures', () => {
  const input = { framework: 'jtai-2015', onsiteStart: '2015-10-06', closures: ['2015-02-31', '2015-12-24', '2015-02-30'] };
  const entries = { lines: [1, 2, 4], typed: ['31/02/2015', '2015-12-24', '2015-02-30'] };
  it('drops the entries the core could not read, with their lines', () => {
    const rest = withoutBadClosures(input, entries, [
      { field: 'closures[0]', code: 'bad-date', message: '' }, { field: 'closures[2]', code: 'bad-date', message: '' },
    ]);
    assert.deepEqual(rest, { input: { ...input, closures: ['2015-12-24'] }, entries: { lines: [2], typed: ['2015-12-24'] } });
  });
  it('asks nothing again when another field has a problem', () => {
    assert.equal(withoutBadClosures(input, entries, [{ field: 'framework', code: 'unknown-framework', message: '' }]), null);
  });
});

describe('wordCoreProblem', () => {
  const context = {
    onsiteStart: '2015-10-06',
    closures: { lines: [1, 3], typed: ['31/02/2015', '2015-13-01'] },
    dayOffName: () => 'one of your closure days',
  };
  const cases = [
    [{ field: 'onsiteStart', code: 'not-a-monday', message: '' }, 'The first on-site day must be a Monday (6 October 2015 is a Tuesday)', ['day', 'month', 'year']],
    [{ field: 'onsiteStart', code: 'onsite-on-holiday', message: '' }, 'The first on-site day must be a working day (6 October 2015 is one of your closure days)', ['day', 'month', 'year']],
    [{ field: 'onsiteStart', code: 'year-out-of-range', message: '' }, 'The first on-site day must be in a year from 1995 to 2100', ['year']],
    [{ field: 'closures[1]', code: 'bad-date', message: '' }, 'Closure day on line 3 (2015-13-01) must be a real date', undefined],
    [{ field: 'closures[0]', code: 'year-out-of-range', message: '' }, 'Closure day on line 1 (31/02/2015) must be in a year from 1995 to 2100', undefined],
    [{ field: 'framework', code: 'unknown-framework', message: 'no framework has the id x' }, 'Select an inspection framework', undefined],
    [{ field: 'noticeWorkingDays', code: 'bad-argument', message: 'the notice must be between 1 and 60 working days' }, 'The notice must be between 1 and 60 working days', undefined],
  ];
  for (const [problem, message, parts] of cases) {
    it(`${/** @type {any} */ (problem).field} ${/** @type {any} */ (problem).code}`, () => {
      const worded = wordCoreProblem(/** @type {any} */ (problem), context);
      assert.equal(worded.message, message);
      assert.equal(worded.code, /** @type {any} */ (problem).code);
      assert.equal(worded.field, /** @type {any} */ (problem).field);
      assert.deepEqual(worded.parts, parts);
    });
  }
  it('ranks a date that is not real before the rest', () => {
    assert.ok(problemRank({ field: 'onsiteStart', code: 'bad-date', message: '' }) < problemRank({ field: 'onsiteStart', code: 'not-a-monday', message: '' }));
  });
});
