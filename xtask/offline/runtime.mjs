/**
 * @file The offline file's replacements for everything the bundle loads by URL: the
 * WebAssembly bytes, the workers and the example files, all carried inside the one HTML file.
 *
 * `bundle.mjs` bundles this module into the page's script and into each worker. Its assets
 * come from the virtual module `offline:assets`: on the page, the gzipped, base64 strings
 * and the workers' code written into the script; in a worker, the part of them the page put
 * in front of the worker's code (`DD_ASSETS`, see {@link workerUrl}).
 *
 * Nothing here fetches: `connect-src 'none'` would refuse it, even for `blob:` URLs.
 */

import ASSETS from 'offline:assets';

/** @type {Map<string, Promise<Uint8Array<ArrayBuffer>>>} */
const decoded = new Map();

/** @type {Map<string, string>} */
const workerUrls = new Map();

/**
 * The bytes of a gzipped, base64 asset, decompressed with the browser's own
 * `DecompressionStream`.
 *
 * @param {string} text - Base64 of gzip.
 * @returns {Promise<Uint8Array<ArrayBuffer>>}
 */
async function gunzip(text) {
  const binary = atob(text);
  const packed = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) packed[i] = binary.charCodeAt(i);
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * An asset's bytes, decompressed once.
 *
 * @param {'wasm' | 'examples'} kind
 * @param {string} name - `everyday` or `xlsx` for wasm; a file name for examples.
 * @returns {Promise<Uint8Array<ArrayBuffer>>}
 */
export function assetBytes(kind, name) {
  const key = `${kind}/${name}`;
  let bytes = decoded.get(key);
  if (!bytes) {
    const text = ASSETS[kind]?.[name];
    if (typeof text !== 'string') return Promise.reject(new Error(`the offline file has no ${key}`));
    bytes = gunzip(text);
    decoded.set(key, bytes);
  }
  return bytes;
}

/**
 * A `blob:` URL for one of the bundled workers, made once. The worker's script is the
 * assets it needs (`const DD_ASSETS = …;`) followed by its bundled code, so it needs no
 * request either.
 *
 * @param {'sampler' | 'hash'} name
 * @returns {string}
 */
function workerUrl(name) {
  let url = workerUrls.get(name);
  if (!url) {
    const code = ASSETS.workers?.[name];
    if (typeof code !== 'string') throw new Error(`the offline file has no ${name} worker`);
    // The sampler's worker starts the hashing worker itself, so it carries its code too.
    const carried = { wasm: ASSETS.wasm, workers: name === 'sampler' ? { hash: ASSETS.workers.hash } : {} };
    const blob = new Blob([`const DD_ASSETS = ${JSON.stringify(carried)};\n`, code], { type: 'text/javascript' });
    url = URL.createObjectURL(blob);
    workerUrls.set(name, url);
  }
  return url;
}

/**
 * Starts one of the bundled workers, in place of the bundle's `new Worker(url, {type:
 * 'module'})`. It is a classic worker: Chromium refuses a module worker from a `blob:` URL
 * that a `file://` page made (its origin is opaque), and the bundled code has no imports
 * left. The sampler's client tells module workers from classic ones by whether the
 * constructor reads `options.type`; it is read here, as the worker needs no fallback.
 *
 * @param {'sampler' | 'hash'} name
 * @param {WorkerOptions} [options] - The options the bundle's module passed.
 * @returns {Worker}
 */
export function startWorker(name, options) {
  void options?.type;
  return new Worker(workerUrl(name));
}
