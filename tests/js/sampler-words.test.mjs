/**
 * @file The sampler's modules without DOM (`columns.mjs`, `words.mjs`, `api-problems.mjs`)
 * without a browser: column guessing, words, the sample's CSV rows and where the API's
 * problems go on the form.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportColumns, guessIdColumn, isIdentifying } from '../../www/sampler/columns.mjs';
import {
  allocationWords, baseName, delimiterName, encodingName, filterWords, orderInStratum, problemText, sampleRows,
} from '../../www/sampler/words.mjs';
import { problemsFrom } from '../../www/sampler/api-problems.mjs';

describe('columns', () => {
  it('guesses the ID column by its name, else the first', () => {
    assert.equal(guessIdColumn(['Gender', 'Child Unique ID', 'ID']), 'Child Unique ID');
    assert.equal(guessIdColumn(['Team', 'Case ID']), 'Case ID');
    assert.equal(guessIdColumn(['Team', 'Reference']), 'Reference');
    assert.equal(guessIdColumn(['Team', 'Child number']), 'Child number');
    assert.equal(guessIdColumn(['Team', 'Note']), 'Team');
    assert.equal(guessIdColumn([]), '');
  });

  for (const [name, expected] of /** @type {Array<[string, boolean]>} */ ([
    ['Child Unique ID', true], ['Date of Birth', true], ['Allocated Worker', true], ['post_code', true], ['first.name', true],
    ['Gender', false], ['Ethnicity', false], ['Date of Referral', false], ['Referral Source', false], ['Team', false],
  ])) {
    it(`${expected ? 'takes' : 'does not take'} “${name}” as identifying`, () => assert.equal(isIdentifying(name), expected));
  }

  it('splits the export columns, ID aside, in the table order', () => {
    assert.deepEqual(exportColumns(['ID', 'Gender', 'Date of Birth', 'Team', 'Allocated Worker'], 'ID'),
      { identifying: ['Date of Birth', 'Allocated Worker'], other: ['Gender', 'Team'] });
  });
});

describe('words', () => {
  it('names encodings and delimiters', () => {
    assert.equal(encodingName('utf-8-bom'), 'UTF-8 with a byte-order mark');
    assert.equal(encodingName('koi8'), 'koi8');
    assert.equal(delimiterName(';'), 'cells separated by semicolons');
    assert.equal(delimiterName('#'), 'cells separated by “#”');
    assert.equal(delimiterName(null), 'one column');
  });

  it('says a problem with its sheet', () => {
    assert.equal(problemText({ sheet: 'Contacts', message: 'row 3 is short' }), 'Sheet “Contacts”: Row 3 is short');
    assert.equal(problemText({ sheet: null, message: 'row 3 is short' }), 'Row 3 is short');
  });

  it('says allocations and filters', () => {
    assert.equal(allocationWords({ allocation: 'minimum', minPerStratum: 2 }), 'At least 2 from each stratum, the rest in proportion');
    assert.equal(allocationWords({}), 'In proportion to the size of each stratum');
    assert.equal(filterWords({ op: 'one-of', column: 'Team', values: ['N', 'S'] }, undefined), 'Team is one of “N”, “S”');
    assert.equal(filterWords({ op: 'date-between', column: 'Ref', from: '2015-04-01' }, undefined), 'Ref is a date 1 April 2015 or later');
    assert.equal(filterWords({ op: 'age-between', column: 'DOB', max: 15 }, '2015-09-23'), 'DOB: aged 15 or under on 23 September 2015');
  });

  it('names downloads after the file', () => {
    assert.equal(baseName('annex-a.csv'), 'annex-a');
    assert.equal(baseName('.csv'), 'case-list');
    assert.equal(baseName('a:b*c.xlsx'), 'a-b-c');
  });

  it('orders cases within their strata and makes the CSV rows', () => {
    const cases = [{ stratum: 0 }, { stratum: 0 }, { stratum: 1 }, { stratum: 0 }];
    assert.deepEqual(orderInStratum(cases), [1, 2, 1, 3]);
    const result = {
      columns: ['ID', 'Team', 'Note'],
      selected: [{ stratum: 0, stratumLabel: 'N', row: 2, id: 'A', values: ['A', 'N', 'x'] }],
      reserves: [{ stratum: 0, stratumLabel: 'N', row: 5, id: 'B', values: ['B', 'N', 'y'] }],
    };
    assert.deepEqual(sampleRows({ idColumn: 'ID' }, result, ['Note']), [
      ['Selected or reserve', 'Order in stratum', 'Stratum', 'Row in file', 'ID', 'Note'],
      ['Selected', 1, 'N', 2, 'A', 'x'],
      ['Reserve', 1, 'N', 5, 'B', 'y'],
    ]);
    // Tracked cases come first, marked, with no order in a stratum.
    const tracked = [{ stratumLabel: 'S', row: 9, id: 'T', values: ['T', 'S', 'z'], reason: 'chosen' }];
    assert.deepEqual(sampleRows({ idColumn: 'ID' }, { ...result, tracked }, ['Note']), [
      ['Tracked, selected or reserve', 'Order in stratum', 'Stratum', 'Row in file', 'ID', 'Note'],
      ['Tracked', '', 'S', 9, 'T', 'z'],
      ['Selected', 1, 'N', 2, 'A', 'x'],
      ['Reserve', 1, 'N', 5, 'B', 'y'],
    ]);
  });
});

describe('api-problems', () => {
  it('words the API’s problems for the form, and a failure as one problem', () => {
    const error = Object.assign(new Error('x'), {
      name: 'DeepDiveError',
      problems: [{ field: 'filters[0].column', code: 'unknown-column', message: 'no column “X”' }, { field: null, code: 'empty-file', message: 'the file is empty' }],
    });
    assert.deepEqual(problemsFrom(error, 'file'), [
      { field: 'filters[0].column', code: 'unknown-column', message: 'Filter 1: No column “X”' },
      { field: 'file', code: 'empty-file', message: 'The file is empty' },
    ]);
    const [failure] = problemsFrom(new Error('boom'), 'file');
    assert.deepEqual([failure.field, failure.code], ['file', 'failure']);
  });
});
