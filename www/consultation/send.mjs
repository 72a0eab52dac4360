/**
 * @file Sending a response to `submit-url`: one POST of the response JSON, and the server's
 * answer in short words. No DOM.
 */

/**
 * POSTs a response.
 *
 * @param {string} url - The same-site address.
 * @param {import('./json-types.mjs').ResponseJson} response - The response object.
 * @param {import('./words.mjs').Words} words - The form's words (for why it failed).
 * @returns {Promise<{ok: boolean, status: number | null, serverText: string | null, why: string}>}
 *   Whether the server accepted it (any 2xx), its status and short reply, and why it failed.
 */
export async function postResponse(url, response, words) {
  /** @type {Response | null} */
  let answer = null;
  try {
    answer = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/plain' },
      body: JSON.stringify(response),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, status: null, serverText: null, why: words.networkFailed };
  }
  const serverText = await readServerText(answer);
  const why = answer.ok ? '' : words.serverAnswered(`${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`);
  return { ok: answer.ok, status: answer.status, serverText, why };
}

/**
 * The server's reply as short text: a JSON object's `message` or `reference`, or the text.
 *
 * @param {Response} response
 * @returns {Promise<string | null>}
 */
async function readServerText(response) {
  try {
    const text = (await response.text()).trim();
    if (!text) return null;
    try {
      const data = JSON.parse(text);
      if (data && typeof data === 'object') {
        const parts = [data.message, data.reference ? `${data.reference}` : null].filter((x) => typeof x === 'string' && x);
        if (parts.length) return parts.join(' ').slice(0, 500);
      }
    } catch {
      // Not JSON: the text itself.
    }
    return text.slice(0, 500);
  } catch {
    return null;
  }
}
