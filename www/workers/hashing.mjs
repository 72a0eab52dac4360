/**
 * @file Hashing on the second core, shared by the sampler's worker and the benchmark.
 *
 * - {@link fileSha256}: the SHA-256 of a case list's file: WebCrypto for a small file, and
 *   for a large one a hashing worker (`hash-worker.mjs`) that hashes it slice by slice in
 *   WebAssembly on the other core while this worker reads and draws.
 * - {@link drawSample}: a draw whose two record hashes a hashing worker makes from a
 *   shared ring (`ring.mjs`) while the draw goes on, where the page allows shared memory.
 *
 * The workers are ended as soon as they answer.
 *
 * Why not WebCrypto for a large file too: it needs the whole file in one buffer and copies
 * it, so it holds twice the file for a moment, on top of what the sampler's worker holds.
 * Measured with Linux's own figures, that broke the limit of three times the file.
 */

import { eachChunk, LARGE } from './chunks.mjs';
import { newRing, ringsWork, ringWriter } from './ring.mjs';

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
 * Starts a hashing worker and sends it `message`.
 *
 * @param {object} message
 * @param {(data: any) => boolean} done - Whether a message from it is its answer. (any: a worker's message, read by its type)
 * @param {(data: any) => void} [other] - Gets its other messages. (any: a worker's message, read by its type)
 * @returns {{worker: Worker, reply: Promise<any>} | null} Null where workers cannot start; (any: the worker's answer, read by its type)
 *   `reply` is its answer, after which it is ended.
 */
function startWorker(message, done, other = () => {}) {
  /** @type {Worker} */
  let worker;
  try {
    worker = new Worker(HASHER, { type: 'module' });
  } catch {
    return null;
  }
  const reply = new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      if (typeof e.data?.error === 'string') reject(new Error(e.data.error));
      else if (done(e.data)) resolve(e.data);
      else other(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(e.message || 'the hashing worker failed'));
    };
  }).finally(() => worker.terminate());
  reply.catch(() => {});
  worker.postMessage(message);
  return { worker, reply };
}

/**
 * The SHA-256 of a file: WebCrypto here for a small one; a hashing worker on the other core
 * for a large one; where that worker cannot start or fails, here slice by slice in
 * WebAssembly.
 *
 * @param {Blob} blob
 * @param {() => Promise<any>} api - The WebAssembly package, for the fallback. (any: the package's module, loaded at run time)
 * @returns {Promise<{hex: string, memory: number, ms: number}>} The hash, the hashing
 *   worker's WebAssembly memory (0 when it was hashed here), and how long hashing took
 *   where it was done (ms; as the worker measured it, not when this worker heard).
 */
export async function fileSha256(blob, api) {
  const t = performance.now();
  if (blob.size <= LARGE && globalThis.crypto?.subtle) {
    try {
      const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
      return { hex: hex(digest), memory: 0, ms: performance.now() - t };
    } catch {
      // WebCrypto refused (an insecure context): below.
    }
  }
  const started = blob.size > LARGE ? startWorker({ blob }, (data) => typeof data?.hex === 'string') : null;
  if (started) {
    try {
      return await started.reply;
    } catch {
      // The worker failed: hash here instead.
    }
  }
  const dd = await api();
  const h = new dd.Sha256();
  try {
    await eachChunk(blob, (chunk) => h.update(chunk));
    return { hex: h.hex(), memory: 0, ms: performance.now() - t };
  } finally {
    h.free();
  }
}

/** How long a draw waits for its hashing worker to start before it hashes for itself. */
const START = 5000;

/**
 * A hashing worker for a draw's two record hashes, started now so it is ready by the time
 * the list is read; null where shared memory is not allowed (see `ring.mjs`).
 *
 * @returns {{ready: Promise<boolean>, writer: ReturnType<typeof ringWriter>, digests: Promise<{idsSha256: string, recordsSha256: string}>, stop: () => void} | null}
 */
export function recordHasher() {
  if (!ringsWork()) return null;
  const ring = newRing();
  /** @type {(ok: boolean) => void} */
  let started = () => {};
  const ready = new Promise((resolve) => {
    started = resolve;
    setTimeout(() => resolve(false), START);
  });
  const run = startWorker({ ring }, (data) => typeof data?.recordsSha256 === 'string', (data) => {
    if (data?.ready) started(true);
  });
  if (!run) return null;
  run.reply.catch(() => started(false));
  return { ready, writer: ringWriter(ring), digests: run.reply, stop: () => run.worker.terminate() };
}

/**
 * Draws a sample from a case list (`CaseList.draw`) and makes its receipt once the file's
 * hash is in. With a `hasher` ({@link recordHasher}) that has started, the draw writes the
 * bytes of its two record hashes into the hasher's ring and goes on while the other core
 * hashes them; if the hasher fails, the draw is made again here. The pending sample is
 * freed whatever happens.
 *
 * @param {any} list - A `CaseList`. (any: a CaseList of either package (everyday or workbook))
 * @param {object} plan - Without `inputSha256`.
 * @param {Promise<string>} inputSha256 - The file's hash, perhaps still being made.
 * @param {ReturnType<typeof recordHasher>} hasher
 * @param {{drawn?: number, ring?: boolean, blocked?: number}} [marks] - Gets the time the
 *   draw ended (`performance.now()`), whether the hasher made the record hashes, and how
 *   long the draw waited for it to free ring slots (ms).
 * @returns {Promise<any>} What `PendingSample.finish` gives. (any: the sample as the worker passes it on)
 */
export async function drawSample(list, plan, inputSha256, hasher, marks = {}) {
  if (hasher && (await hasher.ready)) {
    let drawn = null;
    try {
      const pending = list.draw(plan, (/** @type {string} */ name, /** @type {Uint8Array} */ bytes) =>
        hasher.writer.write(name === 'ids' ? 0 : 1, bytes),
      );
      hasher.writer.close();
      marks.drawn = performance.now();
      try {
        drawn = { pending, digests: await hasher.digests };
      } catch {
        pending.free();
      }
    } catch {
      // A failed hasher or a refused plan: drawn again below, which tells them apart.
    } finally {
      hasher.stop();
    }
    if (drawn) {
      marks.ring = true;
      marks.blocked = hasher.writer.blocked();
      return finish(drawn.pending, inputSha256, drawn.digests);
    }
  }
  marks.ring = false;
  hasher?.stop();
  const pending = list.draw(plan);
  marks.drawn = performance.now();
  return finish(pending, inputSha256, {});
}

/**
 * A pending sample's receipt, once the file's hash is in; the pending sample is freed
 * whatever happens.
 *
 * @param {any} pending (any: a PendingSample of either package (everyday or workbook))
 * @param {Promise<string>} inputSha256
 * @param {object} digests
 */
async function finish(pending, inputSha256, digests) {
  let input;
  try {
    input = await inputSha256;
  } catch (error) {
    pending.free();
    throw error;
  }
  return pending.finish({ inputSha256: input, ...digests });
}
