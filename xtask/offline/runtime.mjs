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
  // A stream of the bytes themselves, not of a Blob: WebKit cannot read a Blob in a worker of
  // a `file://` page.
  const source = new ReadableStream({
    start(controller) {
      controller.enqueue(packed);
      controller.close();
    },
  });
  const stream = source.pipeThrough(new DecompressionStream('gzip'));
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

/** The mark of a `Blob` sent to a worker as its bytes (see {@link startWorker}). */
const BYTES = 'ddOfflineBytes';

/**
 * In a worker, before its own code: turns each top-level field that {@link startWorker} sent
 * as bytes into an in-memory stand-in for the `Blob` (`size`, `type`, `name`, `slice`,
 * `arrayBuffer`, `text`; no `stream`, so the worker reads it in slices), in place, so the
 * worker's own listener, which runs after this one, gets what it reads from a `Blob`.
 * Written out into the worker's script, so it may use nothing but its own names and globals.
 */
function receiveBytes() {
  /** A `Blob`'s bytes in memory, read as a `Blob` is. */
  class BytesBlob {
    /** @param {Uint8Array} bytes @param {string} type @param {string | null} name @param {number} lastModified */
    constructor(bytes, type, name, lastModified) {
      this.ddBytes = bytes;
      this.size = bytes.byteLength;
      this.type = type;
      this.name = name;
      this.lastModified = lastModified;
    }

    /** @param {number} [start] @param {number} [end] */
    slice(start = 0, end = this.size) {
      const at = (/** @type {number} */ i) => Math.max(0, Math.min(this.size, i < 0 ? this.size + i : i));
      return new BytesBlob(this.ddBytes.subarray(at(start), Math.max(at(start), at(end))), '', null, 0);
    }

    async arrayBuffer() {
      return this.ddBytes.slice().buffer;
    }

    async text() {
      return new TextDecoder().decode(this.ddBytes);
    }

    stream() {
      throw new TypeError('read in slices');
    }
  }
  globalThis.addEventListener('message', (event) => {
    const data = event.data;
    if (!data || typeof data !== 'object') return;
    for (const key of Object.keys(data)) {
      const value = data[key];
      if (value && typeof value === 'object' && value.ddOfflineBytes instanceof ArrayBuffer) {
        data[key] = new BytesBlob(new Uint8Array(value.ddOfflineBytes), value.type, value.name, value.lastModified);
      }
    }
  });
}

/**
 * A message with each top-level `Blob` field (or a worker's in-memory stand-in, see
 * {@link receiveBytes}) replaced by its bytes.
 *
 * @param {any} message - A worker request (any: each type has its own fields).
 * @returns {Promise<any>}
 */
async function withBytes(message) {
  if (!message || typeof message !== 'object' || Array.isArray(message)) return message;
  const out = { ...message };
  for (const [key, value] of Object.entries(message)) {
    if (value instanceof Blob || value?.ddBytes instanceof Uint8Array) {
      out[key] = {
        [BYTES]: await value.arrayBuffer(),
        type: value.type,
        name: typeof value.name === 'string' ? value.name : null,
        lastModified: value.lastModified ?? 0,
      };
    }
  }
  return out;
}

/**
 * A `blob:` URL for one of the bundled workers, made once. The worker's script is the
 * assets it needs (`const DD_ASSETS = …;`), {@link receiveBytes}, then its bundled code, so
 * it needs no request either.
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
    const blob = new Blob([`const DD_ASSETS = ${JSON.stringify(carried)};\n(${receiveBytes})();\n`, code], { type: 'text/javascript' });
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
 * A `Blob` in a message goes as its bytes, read in the worker from memory: WebKit cannot
 * read any `Blob` in a worker of a `file://` page, not even one the worker made
 * ("NotReadableError"). So the worker holds the file in memory rather than a handle to it
 * (the offline file's cost: a very large list needs that much more memory); messages keep
 * their order.
 *
 * @param {'sampler' | 'hash'} name
 * @param {WorkerOptions} [options] - The options the bundle's module passed.
 * @returns {Worker}
 */
export function startWorker(name, options) {
  void options?.type;
  const worker = new Worker(workerUrl(name));
  const post = worker.postMessage.bind(worker);
  let queue = Promise.resolve();
  /** @type {(message: any, transfer?: any) => void} (any: as `Worker.postMessage` takes them) */
  const send = (message, transfer) => {
    queue = queue
      .then(() => withBytes(message), () => message)
      .catch(() => message)
      .then((sent) => post(sent, transfer));
  };
  worker.postMessage = send;
  return worker;
}
