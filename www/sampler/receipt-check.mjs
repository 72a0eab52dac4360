/**
 * @file What a receipt check found, in words, with no DOM.
 */

/** Receipt difference kinds in words. */
export const DIFFERENCES = /** @type {Record<string, string>} */ ({
  'other-algorithm': 'Another sampling method',
  'other-bytes-same-records': 'Another copy of the same list',
  'other-records': 'Other records',
  'other-plan': 'Another plan',
  'other-result': 'Another result',
});

/**
 * What a receipt check means for the person checking: the receipt matches; the list is
 * another copy of the same records; the receipt was made by another version; the list is
 * not the one the receipt was made from; or the list is the one the receipt was made from
 * but the receipt's plan, seed or cases do not give this sample (the receipt was changed
 * after it was made).
 *
 * @typedef {'same-list' | 'same-records' | 'other-version' | 'other-list' | 'receipt-changed'} Verdict
 */

/**
 * The verdict of a receipt check, from what the core says: whether the file is the one the
 * receipt names (`sameFile`, its SHA-256 is the receipt's) and the kinds of the differences.
 * When it is the same file, any difference is in the receipt; otherwise other records mean
 * another list.
 *
 * @param {{ok: boolean, sameFile: boolean, differences: Array<{kind: string}>}} result - As
 *   `verifyReceipt` returns it.
 * @returns {Verdict}
 */
export function verdictOf(result) {
  const kinds = new Set(result.differences.map((d) => d.kind));
  if (result.ok) return kinds.has('other-bytes-same-records') ? 'same-records' : 'same-list';
  if (kinds.has('other-algorithm')) return 'other-version';
  if (result.sameFile) return 'receipt-changed';
  if (kinds.has('other-records')) return 'other-list';
  return 'receipt-changed';
}

/** Each verdict's heading and what it means, in plain words. */
export const VERDICTS = /** @type {Record<Verdict, {heading: string, body: string[]}>} */ ({
  'same-list': {
    heading: 'Receipt verified',
    body: ['Drawing the sample again from this case list with the receipt’s plan and seed gives exactly the cases in the receipt.'],
  },
  'same-records': {
    heading: 'Receipt verified',
    body: [
      'Drawing the sample again from this case list with the receipt’s plan and seed gives exactly the cases in the receipt.',
      'The file is not byte for byte the one the sample was drawn from, but it holds the same records (another export, order or format), so the sample is the same.',
    ],
  },
  'other-version': {
    heading: 'This receipt was made by another version of the sampling method',
    body: ['This version of Deep Dive cannot draw the sample the way the receipt says it was drawn, so it cannot check it. Check it with the version that made it.'],
  },
  'other-list': {
    heading: 'This is not the case list the receipt was made from',
    body: [
      'The records in this list are not the ones the receipt records: other children’s IDs, or other values in the columns the plan uses. ',
      'Choose the list the sample was drawn from, as it was when the sample was drawn.',
    ],
  },
  'receipt-changed': {
    heading: 'This receipt was changed after it was made',
    body: [
      'This is the case list the receipt was made from: the same file, or the same records. ',
      'But the plan in the receipt does not give this sample: its plan, seed or cases are not what drawing from this list gives, so the receipt was edited after the sample was drawn. ',
      'Ask for the receipt saved when the sample was drawn.',
    ],
  },
});

/**
 * Whether a file's text looks like a receipt rather than a case list: a JSON object whose
 * `receipt` names a Deep Dive receipt format. Only a hint to the person choosing files; the
 * core checks receipts.
 *
 * @param {string} text
 * @returns {boolean}
 */
export function looksLikeReceipt(text) {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('{')) return false;
  try {
    const value = JSON.parse(start);
    return typeof value === 'object' && value !== null && typeof value.receipt === 'string' && value.receipt.startsWith('deepdive-receipt');
  } catch {
    return false;
  }
}
