/**
 * @file The sampler's plan reading (`www/sampler/plan.mjs`) without a browser: the form's
 * values into the API's plan, and the problems the form finds itself, field by field.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALLOCATION_SEED, readDate, readPlan } from '../../www/sampler/plan.mjs';

/** A form as typed, with every field blank but the ID column. */
function blank() {
  return {
    idColumn: 'ID', strata: [], allocation: 'proportional', size: '', reserves: '', minPerStratum: '', seed: '', referenceDate: '', filters: [],
  };
}

/**
 * A filter row as typed.
 *
 * @param {string} op
 * @param {Record<string, string>} [values]
 */
function filter(op, values = {}) {
  return { column: 'DOB', op, value: '', values: '', from: '', to: '', min: '', max: '', ...values };
}

describe('readDate', () => {
  for (const [text, expected] of [
    ['23/09/2015', '2015-09-23'],
    ['23 9 2015', '2015-09-23'],
    [' 1.2.2016 ', '2016-02-01'],
    ['2015-09-23', '2015-09-23'],
    ['29/02/2016', '2016-02-29'],
    ['29/02/2015', null],
    ['31/04/2015', null],
    ['2015-9-23', null],
    ['soon', null],
    ['', null],
  ]) {
    it(`reads “${text}” as ${expected}`, () => assert.equal(readDate(/** @type {string} */ (text)), expected));
  }
});

describe('readPlan', () => {
  it('reads a full plan as the API takes it', () => {
    const { plan, problems } = readPlan({
      ...blank(), idColumn: 'Child Unique ID', strata: ['Gender'], size: ' 12 ', reserves: '2', seed: '6 1 4 4 2 3',
      referenceDate: '23/09/2015', filters: [filter('age-between', { column: 'Date of Birth', max: '15' })],
    }, { forDraw: true });
    assert.deepEqual(problems, []);
    assert.deepEqual(plan, {
      idColumn: 'Child Unique ID', size: 12, seed: '6 1 4 4 2 3', strata: ['Gender'], allocation: 'proportional', reserves: 2,
      filters: [{ op: 'age-between', column: 'Date of Birth', max: 15 }], referenceDate: '2015-09-23',
    });
  });

  it('uses the stand-in seed for the allocation check, and reads the file as it was previewed', () => {
    const { plan, problems } = readPlan({ ...blank(), size: '3' }, { forDraw: false, reading: { sheet: 'S', delimiter: ';', hasHeader: false } });
    assert.deepEqual(problems, []);
    assert.equal(plan.seed, ALLOCATION_SEED);
    assert.deepEqual([plan.sheet, plan.delimiter, plan.hasHeader], ['S', ';', false]);
  });

  // Each row: what is typed, and the problems (field and code) it gives.
  for (const [name, form, expected] of /** @type {Array<[string, any, Array<[string, string]>]>} */ ([
    ['nothing', {}, [['size', 'required'], ['seed', 'required']]],
    ['a size in words', { size: 'twelve', seed: 's' }, [['size', 'bad-number']]],
    ['a size of 0', { size: '0', seed: 's' }, [['size', 'too-small']]],
    ['a minimum left blank', { size: '5', seed: 's', allocation: 'minimum' }, [['minPerStratum', 'required']]],
    ['reserves as a fraction', { size: '5', seed: 's', reserves: '1.5' }, [['reserves', 'bad-number']]],
    ['a one-of filter with no values', { size: '5', seed: 's', filters: [filter('one-of', { values: '\n \n' })] }, [['filters[0].values', 'required']]],
    ['a date filter with neither date', { size: '5', seed: 's', filters: [filter('date-between')] }, [['filters[0].from', 'required']]],
    ['a date filter with a bad date', { size: '5', seed: 's', filters: [filter('date-between', { to: '31/02/2016' })] }, [['filters[0].to', 'bad-date']]],
    ['dates the wrong way round', { size: '5', seed: 's', filters: [filter('date-between', { from: '2/1/2016', to: '1/1/2016' })] }, [['filters[0].from', 'bad-range']]],
    ['an age filter with no ages and no date', { size: '5', seed: 's', filters: [filter('age-between')] }, [['filters[0].min', 'required'], ['referenceDate', 'required']]],
    ['ages the wrong way round', { size: '5', seed: 's', referenceDate: '1/1/2016', filters: [filter('age-between', { min: '9', max: '3' })] }, [['filters[0].min', 'bad-range']]],
    ['a reference date that is not one', { size: '5', seed: 's', referenceDate: 'soon', filters: [filter('age-between', { max: '3' })] }, [['referenceDate', 'bad-date']]],
    ['a blank seed', { size: '5', seed: '   ' }, [['seed', 'required']]],
  ])) {
    it(`finds ${name}`, () => {
      const { problems } = readPlan({ ...blank(), ...form }, { forDraw: true });
      assert.deepEqual(problems.map((p) => [p.field, p.code]), expected);
      for (const p of problems) assert.match(p.message, /^[A-Z]/);
    });
  }

  it('leaves reserves out when blank or 0, and the minimum out unless the allocation needs it', () => {
    assert.equal('reserves' in readPlan({ ...blank(), size: '1', seed: 's', reserves: '0' }, { forDraw: true }).plan, false);
    assert.equal('minPerStratum' in readPlan({ ...blank(), size: '1', seed: 's', minPerStratum: '3' }, { forDraw: true }).plan, false);
    assert.equal(readPlan({ ...blank(), size: '1', seed: 's', allocation: 'minimum', minPerStratum: '3' }, { forDraw: true }).plan.minPerStratum, 3);
  });

  it('numbers the problems of each filter by its place', () => {
    const { problems } = readPlan({ ...blank(), size: '1', seed: 's', filters: [filter('equals'), filter('one-of')] }, { forDraw: true });
    assert.deepEqual(problems.map((p) => p.message), ['Filter 2: enter the values to keep, one a line']);
  });
});

describe('readPlan: tracked cases', () => {
  const form = {
    idColumn: 'ID', strata: [], allocation: 'proportional', size: '4', reserves: '', minPerStratum: '', seed: '1', referenceDate: '', filters: [],
  };
  it('passes each row as plan.tracked, trimmed', () => {
    const { plan, problems } = readPlan({ ...form, tracked: [{ id: ' C-1 ', reason: 'Named ' }, { id: 'C-2', reason: 'Moved' }] }, { forDraw: true });
    assert.deepEqual(problems, []);
    assert.deepEqual(plan.tracked, [{ id: 'C-1', reason: 'Named' }, { id: 'C-2', reason: 'Moved' }]);
  });
  it('asks for a blank part by its row, and leaves tracked out when there are no rows', () => {
    const { problems } = readPlan({ ...form, tracked: [{ id: 'C-1', reason: 'x' }, { id: ' ', reason: '' }] }, { forDraw: true });
    assert.deepEqual(problems.map((p) => p.field), ['tracked[1].id', 'tracked[1].reason']);
    assert.equal(readPlan({ ...form, tracked: [] }, { forDraw: true }).plan.tracked, undefined);
  });
});
