/**
 * @file The sampler's worker, as the page talks to it: each file sent once, then small
 * requests, with progress, cancelling, and a fresh worker whenever the old one cannot go on.
 */

import { InternalFault, stepOf } from './faults.mjs';

/** The worker module (also imported on the page where module workers are missing). */
const WORKER_URL = new URL('../workers/sampler-worker.mjs', import.meta.url);

/** The error a cancelled request rejects with. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/**
 * Talks to the sampler's worker: sends each file once, then small requests, and reports
 * progress. `cancel()` ends the worker (and whatever it was doing); the next request starts
 * a fresh one and sends the file again. Where module workers are missing (Firefox before
 * 114), the same code runs on the page, where a long task blocks it.
 */
export class SamplerClient {
  /** @type {Worker | null} */
  #worker = null;
  // any: a request message, each type its own fields.
  /** @type {Promise<(message: any) => Promise<void>> | null} */
  #inline = null;
  #next = 1;
  // any: each request type answers with its own object.
  /** Each request waiting for its answer, and what it is doing. @type {Map<number, {resolve: (value: any) => void, reject: (error: any) => void, step: string}>} */
  #pending = new Map();
  /** Which file each key holds in the current worker. @type {Map<string, Blob>} */
  #files = new Map();

  /** @param {(stage: string) => void} onProgress */
  constructor(onProgress) {
    this.onProgress = onProgress;
  }

  /** Whether long tasks run in a worker (and can be cancelled). */
  get inWorker() {
    this.#start();
    return this.#worker !== null;
  }

  #start() {
    if (this.#worker || this.#inline) return;
    // A browser that supports module workers reads `type` from the options; one that does
    // not would run the module as a classic script and fail on its first `export`.
    let module = false;
    const options = /** @type {WorkerOptions} */ ({
      get type() {
        module = true;
        return 'module';
      },
    });
    /** @type {Worker | null} */
    let worker = null;
    try {
      worker = new Worker(WORKER_URL, options);
    } catch {
      worker = null;
    }
    if (worker && module) {
      worker.addEventListener('message', (event) => this.#receive(event.data));
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        // The worker died (out of memory, say): each request fails as an internal fault.
        this.#failAll();
      });
      this.#worker = worker;
      return;
    }
    worker?.terminate();
    this.#inline = import(WORKER_URL.href).then((m) =>
      m.createSampler((/** @type {any} */ message) => queueMicrotask(() => this.#receive(message)))); // any: a message from the worker, read by its type
  }

  // any: a message from the worker, read by its type.
  /** @param {any} message */
  #receive(message) {
    const entry = this.#pending.get(message?.id);
    if (!entry) return;
    if (message.type === 'progress') {
      this.onProgress(message.stage);
      return;
    }
    this.#pending.delete(message.id);
    if (message.type === 'result') {
      entry.resolve(message.result);
      return;
    }
    const { name, code, problems, fatal } = message.error ?? {};
    if (fatal) {
      // The module trapped: its instance cannot be trusted again, so the worker goes and the
      // next request starts a new one (and sends the file again).
      this.#reset();
      entry.reject(new InternalFault(entry.step));
      return;
    }
    const error = /** @type {any} */ (new Error(message.error?.message ?? 'unknown error')); // any: the page's copy of the worker's error, given its code and problems below
    error.name = name ?? 'Error';
    if (code) error.code = code;
    if (problems) error.problems = problems;
    entry.reject(error);
  }

  /** Fails every waiting request as an internal fault, and ends the worker. */
  #failAll() {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    this.#reset();
    for (const entry of pending) entry.reject(new InternalFault(entry.step));
  }

  /** Ends the worker and forgets its files; pending requests are left to the caller. */
  #reset() {
    this.#worker?.terminate();
    this.#worker = null;
    this.#inline = null;
    this.#files.clear();
  }

  /**
   * @param {Record<string, any>} message (any: a request message, each type its own fields)
   * @returns {Promise<any>} (any: each request type answers with its own object)
   */
  async #post(message) {
    this.#start();
    const id = this.#next;
    this.#next += 1;
    const promise = new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject, step: stepOf(message) }));
    if (this.#worker) this.#worker.postMessage({ ...message, id });
    else (await /** @type {Promise<any>} */ (this.#inline))({ ...message, id }); // any: a request message, each type its own fields
    return promise;
  }

  /**
   * Makes sure the worker holds a file under a key, sending it if not. A `File` is sent as a
   * handle (the worker reads it slice by slice), never as a copy of its bytes.
   *
   * @param {string} key
   * @param {Blob} blob
   * @param {string} name
   * @returns {Promise<{size: number, workbook: boolean} | null>} What the worker said, or null
   *   if it held the file already.
   */
  async file(key, blob, name) {
    this.#start();
    if (this.#files.get(key) === blob) return null;
    this.onProgress('reading');
    const answer = await this.#post({ type: 'file', key, blob, name });
    this.#files.set(key, blob);
    return answer;
  }

  /**
   * Sends a request.
   *
   * @param {string} type
   * @param {Record<string, any>} [payload] (any: a request message, each type its own fields)
   * @returns {Promise<any>} (any: each request type answers with its own object)
   */
  request(type, payload = {}) {
    return this.#post({ type, ...payload });
  }

  /** Stops whatever the worker is doing: pending requests reject with {@link Cancelled}. */
  cancel() {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    this.#reset();
    for (const entry of pending) entry.reject(new Cancelled());
  }
}
