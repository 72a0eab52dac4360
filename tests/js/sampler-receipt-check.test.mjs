/**
 * @file The receipt check's verdict (`www/sampler/receipt-check.mjs`) without a browser: from
 * whether the core found the file the receipt names and the kinds of the differences, and
 * telling a receipt from a case list.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VERDICTS, looksLikeReceipt, verdictOf } from '../../www/sampler/receipt-check.mjs';

describe('verdictOf', () => {
  const of = (/** @type {boolean} */ ok, /** @type {boolean} */ sameFile, /** @type {string[]} */ kinds) =>
    verdictOf({ ok, sameFile, differences: kinds.map((kind) => ({ kind })) });
  // (ok, the same file, the kinds of the differences, the verdict)
  for (const [ok, sameFile, kinds, expected] of /** @type {Array<[boolean, boolean, string[], string]>} */ ([
    [true, true, [], 'same-list'],
    [true, false, ['other-bytes-same-records'], 'same-records'],
    [false, false, ['other-algorithm'], 'other-version'],
    [false, true, ['other-algorithm'], 'other-version'],
    [false, false, ['other-records', 'other-result'], 'other-list'],
    [false, false, ['other-bytes-same-records', 'other-records'], 'other-list'],
    [false, false, ['other-bytes-same-records', 'other-result'], 'receipt-changed'],
    [false, true, ['other-result', 'other-result'], 'receipt-changed'],
    [false, true, ['other-plan'], 'receipt-changed'],
    // A receipt whose plan names other columns, against the file it was made from.
    [false, true, ['other-records', 'other-result'], 'receipt-changed'],
    [false, true, ['other-records'], 'receipt-changed'],
  ])) {
    it(`${ok ? 'a match' : 'no match'} ${sameFile ? 'on the same file' : 'on another file'} with ${kinds.join(', ') || 'no difference'} is ${expected}`, () => {
      assert.equal(of(ok, sameFile, kinds), expected);
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
