/**
 * @file SHA-256 on the second core, shared by the sampler's worker and the benchmark: the
 * hash of a case list's file, and the two record hashes of a draw (`CaseList.draw`), each
 * computed by a hashing worker (`hash-worker.mjs`) while this worker goes on.
 *
 * Each job has its own hashing worker, ended as soon as it answers, so whatever it held (a
 * whole file, for WebCrypto) is freed at once rather than when its heap is next collected.
 */

import { eachChunk, LARGE } from './chunks.mjs';

/**
 * Lists with at least this many rows have their record hashes made by a hashing worker;
 * for fewer, starting one takes longer than the hashing (about 0.35 s a million rows).
 */
const MANY_ROWS = 150_000;

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
 * A new hashing worker, or null where workers cannot start.
 *
 * @returns {Worker | null}
 */
function hasher() {
  try {
    return new Worker(HASHER, { type: 'module' });
  } catch {
    return null;
  }
}

/**
 * The first answer of a hashing worker, which is then ended.
 *
 * @param {Worker} worker
 * @returns {Promise<any>} Its message; rejects with its error.
 */
function answer(worker, last = true) {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      if (typeof e.data?.error === 'string') reject(new Error(e.data.error));
      else resolve(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(e.message || 'the hashing worker failed'));
    };
  }).finally(() => {
    if (last) worker.terminate();
  });
}

/**
 * The SHA-256 of a file. A small one is hashed here with WebCrypto, which needs the whole
 * file in one buffer and takes a copy. A large one is hashed slice by slice in WebAssembly
 * by a hashing worker, on the other core, while this one reads and draws; where no worker
 * starts, here.
 *
 * @param {Blob} blob
 * @param {() => Promise<any>} api - The WebAssembly package, for the fallback.
 * @returns {Promise<{hex: string, memory: number}>} The hash, and the most memory the
 *   hashing held at once (bytes).
 */
export async function fileSha256(blob, api) {
  if (blob.size <= LARGE && globalThis.crypto?.subtle) {
    try {
      return { hex: hex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())), memory: blob.size };
    } catch {
      // WebCrypto refused (an insecure context): below.
    }
  }
  const worker = hasher();
  if (worker) {
    const reply = answer(worker);
    worker.postMessage({ type: 'file', blob });
    try {
      const { hex: digest, memory } = await reply;
      if (typeof digest === 'string') return { hex: digest, memory };
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

/**
 * A hashing worker started ahead of the next draw from a file of this size, or null when
 * its list is likely too short to need one (see {@link MANY_ROWS}).
 *
 * @param {number} size - The file's size in bytes.
 */
export function spareHasher(size) {
  return size > LARGE ? recordHasher() : null;
}

/**
 * A hashing worker started ahead of a draw. It must be ready before the draw begins: a
 * worker cannot start while the worker that creates it is busy in a long WebAssembly call.
 *
 * @returns {{worker: Worker, ready: Promise<void>} | null} Null where workers cannot start.
 */
export function recordHasher() {
  const worker = hasher();
  if (!worker) return null;
  const ready = answer(worker, false);
  ready.catch(() => {});
  worker.postMessage({ type: 'streams' });
  return { worker, ready };
}

/**
 * Draws a sample from a `CaseList`, its two record hashes computed by a hashing worker while
 * this one goes on to the filters and tickets (`CaseList.draw`, then
 * `PendingSample.finish`). A short list, or one where no worker starts, is drawn and hashed
 * here (`CaseList.sample`); if the worker fails, the list is drawn again that way: the same
 * result, later.
 *
 * @param {any} list - A `CaseList`.
 * @param {object} plan - The plan, without `inputSha256`.
 * @param {Promise<string>} fileHash - The file's SHA-256, which may still be on its way:
 *   it is needed only once the draw is done.
 * @param {ReturnType<typeof recordHasher>} [spare] - A hashing worker started earlier
 *   with {@link recordHasher}; it is used up (ended) either way.
 * @returns {Promise<{sample: any, waited: number, busy?: number, bytes?: number, memory?: number}>}
 *   What `CaseList.sample` gives; how long the draw waited for the hashing workers (ms:
 *   the record hashes' to start, then both to finish); how long that worker spent hashing (ms), how many bytes, and the
 *   most memory it held at once (its WebAssembly memory and the chunks waiting).
 */
export async function drawSample(list, plan, fileHash, spare) {
  const t = performance.now();
  const many = list.rows >= MANY_ROWS;
  const hashing = many ? (spare ?? recordHasher()) : null;
  if (spare && !many) spare.worker.terminate();
  const here = async () => list.sample({ ...plan, inputSha256: await fileHash });
  try {
    await hashing?.ready;
  } catch {
    hashing?.worker.terminate();
    const sample = await here();
    return { sample, waited: performance.now() - t };
  }
  if (!hashing) {
    const sample = await here();
    return { sample, waited: performance.now() - t };
  }
  const { worker } = hashing;
  let waited = performance.now() - t;
  const reply = answer(worker);
  reply.catch(() => {});
  let pending;
  try {
    pending = list.draw(plan, (/** @type {string} */ name, /** @type {Uint8Array} */ bytes) => {
      const sent = performance.timeOrigin + performance.now();
      worker.postMessage({ type: 'chunk', name, bytes, sent }, [bytes.buffer]);
    });
  } catch (error) {
    worker.terminate();
    throw error;
  }
  worker.postMessage({ type: 'finish' });
  const end = performance.now();
  let digests;
  let input;
  try {
    input = await fileHash;
    digests = await reply;
  } catch (error) {
    pending.free();
    if (input === undefined) throw error;
    return { sample: await here(), waited: waited + performance.now() - end };
  }
  waited += performance.now() - end;
  const { busy, bytes, held, memory } = digests;
  const sample = pending.finish(digests.ids, digests.records, input);
  return { sample, waited, busy, bytes, memory: memory + held };
}
