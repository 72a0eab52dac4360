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
