/**
 * @file The receipt check's verdict (`www/sampler/receipt-check.mjs`) without a browser: from
 * the kinds of the differences the core found, and telling a receipt from a case list.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VERDICTS, looksLikeReceipt, verdictOf } from '../../www/sampler/receipt-check.mjs';

describe('verdictOf', () => {
  const of = (/** @type {boolean} */ ok, /** @type {string[]} */ kinds) => verdictOf({ ok, differences: kinds.map((kind) => ({ kind })) });
  for (const [ok, kinds, expected] of /** @type {Array<[boolean, string[], string]>} */ ([
    [true, [], 'same-list'],
    [true, ['other-bytes-same-records'], 'same-records'],
    [false, ['other-algorithm'], 'other-version'],
    [false, ['other-records', 'other-result'], 'other-list'],
    [false, ['other-bytes-same-records', 'other-records'], 'other-list'],
    [false, ['other-result', 'other-result'], 'receipt-changed'],
    [false, ['other-plan'], 'receipt-changed'],
  ])) {
    it(`${ok ? 'a match' : 'no match'} with ${kinds.join(', ') || 'no difference'} is ${expected}`, () => {
      assert.equal(of(ok, kinds), expected);
      assert.ok(VERDICTS[/** @type {keyof typeof VERDICTS} */ (expected)].heading);
    });
  }
});

describe('looksLikeReceipt', () => {
  for (const [text, expected] of /** @type {Array<[string, boolean]>} */ ([
    ['{"receipt": "deepdive-receipt-v1", "plan": {}}', true],
    ['\uFEFF  \n{"receipt":"deepdive-receipt-v9"}', true],
    ['{"receipt": 1}', false],
    ['{"receipt": "another-tool"}', false],
    ['ID,Team\r\nA,North\r\n', false],
    ['{"receipt": "deepdive-receipt-v1"', false],
    ['[]', false],
  ])) {
    it(`${expected ? 'takes' : 'does not take'} ${JSON.stringify(text.slice(0, 30))} for a receipt`, () => assert.equal(looksLikeReceipt(text), expected));
  }
});
