/**
 * @file The synthetic example list the sampler offers, fetched from the site.
 */

/** The built-in synthetic example list. */
export const DEFAULT_EXAMPLE = new URL('../examples/annex-a-referrals.csv', import.meta.url).href;

/**
 * Fetches the example list.
 *
 * @param {string} src - Its URL.
 * @returns {Promise<{blob: Blob, name: string}>} Its bytes and its file name.
 */
export async function fetchExample(src) {
  const response = await fetch(src);
  if (!response.ok) throw new Error(`the example list could not be loaded (HTTP ${response.status})`);
  const blob = await response.blob();
  const name = decodeURIComponent(new URL(response.url || src, document.baseURI).pathname.split('/').pop() || 'example.csv');
  return { blob, name };
}
