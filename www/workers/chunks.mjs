/**
 * @file Reading a `File` (or `Blob`) slice by slice, shared by the sampler's worker and the
 * hashing worker, so neither ever holds a copy of a whole large file.
 */

/**
 * Files larger than this are large: hashed and drawn with a second worker's help, and
 * worth warming the engine up for (`warmUp`).
 */
export const LARGE = 16 * 1024 * 1024;

/** Files are read in slices of this many bytes. */
export const CHUNK = 8 * 1024 * 1024;

/**
 * Feeds a file to `sink` slice by slice, in order.
 *
 * @param {Blob} blob
 * @param {(chunk: Uint8Array) => void} sink
 */
export async function eachChunk(blob, sink) {
  for (let at = 0; at < blob.size; at += CHUNK) {
    sink(new Uint8Array(await blob.slice(at, at + CHUNK).arrayBuffer()));
  }
}
