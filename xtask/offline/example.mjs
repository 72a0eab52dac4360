/**
 * @file The offline file's `sampler/example.mjs`: the same exports, the example list read
 * from the file itself instead of fetched.
 */

import { assetBytes } from './runtime.mjs';

/** The built-in synthetic example list, by the name of its file. */
export const DEFAULT_EXAMPLE = 'examples/annex-a-referrals.csv';

/**
 * The example list's bytes.
 *
 * @param {string} src - `examples/<name>` (another example-src has no file to come from).
 * @returns {Promise<{blob: Blob, name: string}>} Its bytes and its file name.
 */
export async function fetchExample(src) {
  const name = src.split('/').pop() || '';
  const bytes = await assetBytes('examples', name);
  return { blob: new Blob([bytes], { type: 'text/csv' }), name };
}
