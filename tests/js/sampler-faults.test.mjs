/**
 * @file Internal faults (`www/sampler/faults.mjs`) without a browser: the step each request
 * stands for, and a message that says what happened and what to report, never the engine's
 * words.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INTERNAL_FAULT, InternalFault, describeTrouble, stepOf } from '../../www/sampler/faults.mjs';

describe('faults', () => {
  for (const [request, step] of /** @type {Array<[any, string]>} */ ([
    [{ type: 'preview' }, 'reading the case list'],
    [{ type: 'sample', full: true }, 'drawing the sample'],
    [{ type: 'sample', full: false }, 'checking the allocation'],
    [{ type: 'verify' }, 'checking the receipt'],
    [{ type: 'seed' }, 'making a seed'],
    [{ type: 'other' }, 'working'],
  ])) {
    it(`names the step of ${JSON.stringify(request)}`, () => assert.equal(stepOf(request), step));
  }

  it('says the file and answers are unchanged, and what to report', () => {
    const fault = new InternalFault('drawing the sample');
    assert.equal(fault.code, INTERNAL_FAULT);
    assert.match(describeTrouble(fault), /^Deep Dive hit an internal fault while drawing the sample\. Your file and your answers are unchanged/);
    assert.match(describeTrouble(fault), /browser .* \(drawing the sample\) and the code internal-fault\.$/);
    assert.equal(describeTrouble(new Error('boom')), 'Deep Dive could not do this: boom');
  });
});
