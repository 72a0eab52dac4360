/**
 * @file The hashing worker: the SHA-256 of a large case list, read slice by slice from its
 * `File`, on the second core while the sampler's worker reads the list. Nothing but the
 * hash leaves it.
 *
 * Message in: `{blob}`. Message out: `{hex, memory}` (memory: the bytes of WebAssembly memory
 * it used) or `{error}`.
 */

import init, { Sha256 } from '../pkg/deepdive.js';
import { eachChunk } from './chunks.mjs';

globalThis.addEventListener('message', async (event) => {
  try {
    const wasm = await init();
    const h = new Sha256();
    try {
      await eachChunk(/** @type {MessageEvent} */ (event).data.blob, (chunk) => h.update(chunk));
      globalThis.postMessage({ hex: h.hex(), memory: wasm.memory.buffer.byteLength });
    } finally {
      h.free();
    }
  } catch (error) {
    globalThis.postMessage({ error: String(error) });
  }
});
