/**
 * @file The replacements log as the page reads it: the reason written, and the current
 * sample a log leaves.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentSample, reasonText } from '../../www/sampler/replacements.mjs';

describe('reasonText', () => {
  const cases = [
    // choice, details, reason, problem fields
    ['closed', '', 'The case is closed', []],
    ['moved', '  to Wales ', 'The child has moved away: to Wales', []],
    ['conflict', '', 'Conflict of interest', []],
    ['other', 'Known to the inspector', 'Known to the inspector', []],
    ['other', '   ', null, ['replace-details']],
    ['', '', null, ['replace-reason']],
    ['nonsense', 'x', null, ['replace-reason']],
  ];
  for (const [choice, details, reason, fields] of cases) {
    it(`${JSON.stringify(choice)} with ${JSON.stringify(details)}`, () => {
      const got = reasonText(/** @type {string} */ (choice), /** @type {string} */ (details));
      assert.equal(got.reason, reason);
      assert.deepEqual(got.problems.map((p) => p.field), fields);
    });
  }
});

describe('currentSample', () => {
  const selected = [{ id: 'A' }, { id: 'B' }, { id: 'C' }];
  const reserves = [{ id: 'R1' }, { id: 'R2' }];
  const logged = (/** @type {string} */ id) => ({ row: 9, id, stratum: ['x'], ticket: '00' });
  const entry = (/** @type {string} */ id, /** @type {string} */ by) => ({ id, reason: 'r', at: '2026-01-01T00:00:00Z', replacement: logged(by) });

  it('leaves the drawn sample without a log', () => {
    const { current, used } = currentSample(selected, reserves);
    assert.deepEqual(current.map((p) => [p.case.id, p.replaced]), [['A', null], ['B', null], ['C', null]]);
    assert.equal(used.size, 0);
  });

  it('puts each replacement in the place of the case it replaced, in the log\'s order', () => {
    // B replaced by R1, then R1 itself replaced by R2, then C by a case past the reserves.
    const { current, used } = currentSample(selected, reserves, [entry('B', 'R1'), entry('R1', 'R2'), entry('C', 'N1')]);
    assert.deepEqual(current.map((p) => [p.case.id, p.replaced]), [['A', null], ['R2', 'R1'], ['N1', 'C']]);
    // The drawn reserve object where there is one; the log's entry past the reserves.
    assert.equal(current[1].case, reserves[1]);
    assert.deepEqual(current[2].case, logged('N1'));
    assert.deepEqual([...used].sort(), ['R1', 'R2']);
  });
});
