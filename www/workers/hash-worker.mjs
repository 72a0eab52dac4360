/**
 * @file The hashing worker: SHA-256 on the second core for the sampler's worker
 * (`hashing.mjs` starts one per job and ends it once it answers). Nothing but hashes leaves
 * it.
 *
 * Messages in, one job per worker:
 * - `{type: 'file', blob}`: the file's SHA-256, slice by slice in WebAssembly. Answer:
 *   `{hex, memory}`, memory being its WebAssembly memory.
 * - `{type: 'streams'}` (answer `{ready: true}`), then `{type: 'chunk', name, bytes, sent}`
 *   in order (`name` `ids` or `records`; `sent`: when, in ms since the epoch), then
 *   `{type: 'finish'}`: the SHA-256 of each named message, the record hashes of a draw.
 *   Answer: `{ids, records, memory, busy, bytes, held}` (memory: its WebAssembly memory;
 *   busy: the time spent hashing, ms; bytes: how many were hashed; held: the most chunk
 *   bytes it held at once, waiting to be hashed).
 *
 * On failure the answer is `{error}`.
 */

import init, { Sha256 } from '../pkg/deepdive.js';
import { eachChunk } from './chunks.mjs';

/**
 * A file's SHA-256, slice by slice in WebAssembly. (WebCrypto would need the whole file in
 * one buffer, and copies it: twice the file for a moment, on top of what the sampler's
 * worker holds. Measured, that broke the three-times-the-file memory limit.)
 *
 * @param {Blob} blob
 * @returns {Promise<{hex: string, memory: number}>}
 */
async function fileHash(blob) {
  const wasm = await init();
  const h = new Sha256();
  try {
    await eachChunk(blob, (chunk) => h.update(chunk));
    return { hex: h.hex(), memory: wasm.memory.buffer.byteLength };
  } finally {
    h.free();
  }
}

/** @type {Record<string, any> | null} The named messages being hashed. */
let streams = null;
/** Time spent hashing them (ms), and their bytes. */
let busy = 0;
let bytes = 0;
/** When each chunk was sent and its size; when each was hashed (ms since the epoch). */
const sent = [];
const hashed = [];

/** The clock both workers share: milliseconds since the epoch. */
const now = () => performance.timeOrigin + performance.now();

/**
 * The most chunk bytes this worker held at once: those sent before a chunk was hashed
 * but not yet hashed, the chunk itself included. Chunks arrive faster than they are hashed,
 * so they wait in its queue.
 */
function mostHeld() {
  let most = 0;
  let posted = 0;
  let j = 0;
  let done = 0;
  for (let i = 0; i < hashed.length; i += 1) {
    while (j < sent.length && sent[j][0] <= hashed[i]) posted += sent[j++][1];
    most = Math.max(most, posted - done);
    done += sent[i][1];
  }
  return most;
}

/**
 * Handles one message.
 *
 * @param {any} message
 */
async function handle(message) {
  if (message?.type === 'file') {
    globalThis.postMessage(await fileHash(message.blob));
  } else if (message?.type === 'streams') {
    await init();
    streams = { ids: new Sha256(), records: new Sha256() };
    globalThis.postMessage({ ready: true });
  } else if (message?.type === 'chunk') {
    const h = streams?.[message.name];
    if (!h) throw new Error(`no message “${message.name}” is being hashed`);
    sent.push([message.sent ?? 0, message.bytes.length]);
    const t = performance.now();
    h.update(message.bytes);
    busy += performance.now() - t;
    bytes += message.bytes.length;
    hashed.push(now());
    // Free the chunk now rather than at the next garbage collection.
    message.bytes.buffer.transfer?.(0);
  } else if (message?.type === 'finish') {
    if (!streams) throw new Error('no messages are being hashed');
    const wasm = await init();
    globalThis.postMessage({
      ids: streams.ids.hex(),
      records: streams.records.hex(),
      memory: wasm.memory.buffer.byteLength,
      busy,
      bytes,
      held: mostHeld(),
    });
  } else {
    throw new Error(`unknown request “${message?.type}”`);
  }
}

// Messages are handled one after another, in order, though the first waits for
// WebAssembly. After a failure (answered with its error) the rest are ignored.
let failed = false;
let queue = Promise.resolve();
globalThis.addEventListener('message', (event) => {
  queue = queue.then(async () => {
    if (failed) return;
    try {
      await handle(/** @type {MessageEvent} */ (event).data);
    } catch (error) {
      failed = true;
      globalThis.postMessage({ error: String(/** @type {any} */ (error)?.message ?? error) });
    }
  });
});
