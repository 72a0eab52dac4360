/**
 * @file Reading a `File` (or `Blob`) slice by slice, shared by the sampler's worker and the
 * hashing worker, so neither ever holds a copy of a whole large file.
 */

/**
 * Files larger than this are large: hashed and drawn with a second worker's help, and
 * worth warming the engine up for (`warmUp`).
 */
export const LARGE = 16 * 1024 * 1024;

/**
 * Files are read in slices of this many bytes, the next one read while this one is used:
 * each read has a fixed cost. Alone, a 108 MB file took 0.28 s in 8 MB slices one after
 * another and 0.12 s like this (0.23 s while the hashing worker reads it too).
 */
export const CHUNK = 16 * 1024 * 1024;

/** At most this many slices are in memory at once: the one used and the one being read. */
export const IN_FLIGHT = 2;

/**
 * Feeds a file to `sink` slice by slice, in order.
 *
 * @param {Blob} blob
 * @param {(chunk: Uint8Array) => void} sink
 */
export async function eachChunk(blob, sink) {
  const read = (/** @type {number} */ at) => (at < blob.size ? blob.slice(at, at + CHUNK).arrayBuffer() : null);
  let next = read(0);
  try {
    for (let at = 0; next; at += CHUNK) {
      const chunk = new Uint8Array(await next);
      next = read(at + CHUNK);
      sink(chunk);
    }
  } finally {
    // Stopped early (the sink threw): nobody waits for the read under way.
    next?.catch(() => {});
  }
}
