/**
 * @file The hashing worker: the SHA-256 of a large case list, read slice by slice from its
 * `File` into WebAssembly, on the second core while the sampler's worker reads and draws
 * (`hashing.mjs` starts it and ends it once it answers). Nothing but the hash leaves it.
 *
 * Message in: `{blob}`. Message out: `{hex, memory}` (memory: the bytes of WebAssembly
 * memory it used) or `{error}`.
 */

import init, { Sha256 } from '../pkg/deepdive.js';
import { eachChunk } from './chunks.mjs';

/** Slices for hashing are small: the hash needs no more, and the worker holds less. */
const SLICE = 1024 * 1024;

globalThis.addEventListener('message', async (event) => {
  try {
    const wasm = await init();
    const h = new Sha256();
    try {
      await eachChunk(/** @type {MessageEvent} */ (event).data.blob, (chunk) => h.update(chunk), SLICE);
      globalThis.postMessage({ hex: h.hex(), memory: wasm.memory.buffer.byteLength });
    } finally {
      h.free();
    }
  } catch (error) {
    globalThis.postMessage({ error: String(/** @type {any} */ (error)?.message ?? error) });
  }
});
