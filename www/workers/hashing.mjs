/**
 * @file The SHA-256 of a case list's file, shared by the sampler's worker and the benchmark:
 * WebCrypto for a small file, and for a large one a hashing worker (`hash-worker.mjs`) that
 * hashes it slice by slice in WebAssembly on the other core while this worker reads and
 * draws. The worker is ended as soon as it answers.
 *
 * Why not WebCrypto for a large file too: it needs the whole file in one buffer and copies
 * it, so it holds twice the file for a moment, on top of what the sampler's worker holds.
 * Measured with Linux's own figures, that broke the limit of three times the file.
 */

import { eachChunk, LARGE } from './chunks.mjs';

/** The hashing worker. */
const HASHER = new URL('./hash-worker.mjs', import.meta.url);

/**
 * Hex of a digest.
 *
 * @param {ArrayBuffer} digest
 * @returns {string}
 */
export function hex(digest) {
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The hashing worker's answer for a file; it is then ended.
 *
 * @param {Blob} blob
 * @returns {Promise<{hex: string, memory: number}> | null} Null where workers cannot start.
 */
function inWorker(blob) {
  /** @type {Worker} */
  let worker;
  try {
    worker = new Worker(HASHER, { type: 'module' });
  } catch {
    return null;
  }
  const reply = new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      if (typeof e.data?.hex === 'string') resolve(e.data);
      else reject(new Error(String(e.data?.error ?? 'the hashing worker failed')));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(e.message || 'the hashing worker failed'));
    };
  }).finally(() => worker.terminate());
  worker.postMessage({ blob });
  return reply;
}

/**
 * The SHA-256 of a file: WebCrypto here for a small one; a hashing worker on the other core
 * for a large one; where that worker cannot start or fails, here slice by slice in
 * WebAssembly.
 *
 * @param {Blob} blob
 * @param {() => Promise<any>} api - The WebAssembly package, for the fallback.
 * @returns {Promise<{hex: string, memory: number}>} The hash, and the hashing worker's
 *   WebAssembly memory (0 when it was hashed here).
 */
export async function fileSha256(blob, api) {
  if (blob.size <= LARGE && globalThis.crypto?.subtle) {
    try {
      return { hex: hex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())), memory: 0 };
    } catch {
      // WebCrypto refused (an insecure context): below.
    }
  }
  const reply = blob.size > LARGE ? inWorker(blob) : null;
  if (reply) {
    try {
      return await reply;
    } catch {
      // The worker failed: hash here instead.
    }
  }
  const dd = await api();
  const h = new dd.Sha256();
  try {
    await eachChunk(blob, (chunk) => h.update(chunk));
    return { hex: h.hex(), memory: 0 };
  } finally {
    h.free();
  }
}
