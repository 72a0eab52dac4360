/**
 * @file The hashing worker, on the second core while the sampler's worker reads and draws
 * (`hashing.mjs` starts it, and ends it once it answers). Nothing but hashes leaves it.
 *
 * - `{blob}`: the SHA-256 of a large case list, read slice by slice from its `File` into
 *   WebAssembly. Answer: `{hex, memory, ms}` (memory: the bytes of WebAssembly memory it
 *   used; ms: how long the hash took here).
 * - `{ring}`: a draw's two record hashes, from the bytes the draw writes into a shared ring
 *   (`ring.mjs`; stream 0 is the IDs message, 1 the records message). Answers: `{ready}`
 *   once it waits for them, then `{idsSha256, recordsSha256}`.
 *
 * On failure: `{error}`.
 */

import init, { Sha256 } from '../pkg/deepdive.js';
import { eachChunk } from './chunks.mjs';
import { readRing } from './ring.mjs';

/** Slices for hashing are small: the hash needs no more, and the worker holds less. */
const SLICE = 1024 * 1024;

// any: the package's module, loaded at run time.
/** @param {Blob} blob @param {any} wasm */
async function fileHash(blob, wasm) {
  const t = performance.now();
  const h = new Sha256();
  try {
    await eachChunk(blob, (chunk) => h.update(chunk), SLICE);
    return { hex: h.hex(), memory: wasm.memory.buffer.byteLength, ms: performance.now() - t };
  } finally {
    h.free();
  }
}

/** @param {SharedArrayBuffer} ring */
function recordHashes(ring) {
  const streams = [new Sha256(), new Sha256()];
  try {
    globalThis.postMessage({ ready: true });
    readRing(ring, (stream, bytes) => streams[stream].update(bytes));
    return { idsSha256: streams[0].hex(), recordsSha256: streams[1].hex() };
  } finally {
    streams.forEach((h) => h.free());
  }
}

globalThis.addEventListener('message', async (event) => {
  try {
    const wasm = await init();
    const { blob, ring } = /** @type {MessageEvent} */ (event).data;
    globalThis.postMessage(ring ? recordHashes(ring) : await fileHash(blob, wasm));
  } catch (error) {
    globalThis.postMessage({ error: String(/** @type {any} */ (error)?.message ?? error) }); // any: whatever was thrown
  }
});
