/**
 * @file Reading a `File` (or `Blob`) slice by slice, shared by the sampler's worker and the
 * hashing worker, so neither ever holds a copy of a whole large file.
 */

/**
 * Files larger than this are large: hashed by a second worker, and worth warming the
 * engine up for (`warmUp`).
 */
export const LARGE = 16 * 1024 * 1024;

/**
 * Files are read in slices of (at most) this many bytes: one buffer of this size is all a
 * reader holds.
 */
export const CHUNK = 4 * 1024 * 1024;

/**
 * Feeds a file to `sink` slice by slice, in order. The slices are views of one buffer,
 * reused, so the sink must copy what it keeps.
 *
 * The file is read as a byte stream into that buffer. Measured in Chromium, the buffers
 * `Blob.arrayBuffer()` gives are not freed until a garbage collection, even when detached,
 * so reading a file in such slices could leave the whole file in memory for a while.
 *
 * @param {Blob} blob
 * @param {(chunk: Uint8Array) => void} sink
 * @param {number} [size] - The slices' size.
 */
export async function eachChunk(blob, sink, size = CHUNK) {
  /** @type {ReadableStreamBYOBReader | null} */
  let reader = null;
  try {
    reader = blob.stream().getReader({ mode: 'byob' });
  } catch {
    reader = null;
  }
  if (!reader) {
    // No byte streams (older browsers): slices, each left to the garbage collector.
    for (let at = 0; at < blob.size; at += size) {
      sink(new Uint8Array(await blob.slice(at, at + size).arrayBuffer()));
    }
    return;
  }
  let buffer = new ArrayBuffer(Math.min(size, Math.max(blob.size, 1)));
  let filled = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read(new Uint8Array(buffer, filled, buffer.byteLength - filled));
      // Each read hands the buffer back (it was transferred to the stream).
      if (value) buffer = value.buffer;
      if (done) break;
      filled += value.byteLength;
      if (filled === buffer.byteLength) {
        sink(new Uint8Array(buffer, 0, filled));
        filled = 0;
      }
    }
    if (filled > 0) sink(new Uint8Array(buffer, 0, filled));
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
}
