/**
 * @file The case sampler's Web Worker: it holds the case list's bytes and runs every call to
 * the WebAssembly package (preview, sample, verify, seed), so the page never blocks, however
 * large the file.
 *
 * The page sends a file's `File` (or `Blob`) once (`file`): that is a handle to the file on
 * disk, not a copy. The worker keeps it under a key (`list` for the sample, `check` for a
 * receipt check) and starts its SHA-256 straight away: WebCrypto for a small file, and for a
 * large one a second worker (`hash-worker.mjs`) that hashes it slice by slice on the other
 * core while this one reads and draws (`hashing.mjs`). The worker streams the file into
 * WebAssembly (`CaseFile`, `chunks.mjs`), reads the list from it once (`CaseList`) and
 * frees the bytes, so only the table stays in memory: the allocation check, the draw and
 * any redraw reuse it. For a large file that happens in the background right after the
 * preview (`openSoon`), while the user fills in the plan. A draw waits for the file's hash
 * only to make its receipt. For a large file, where the page is cross-origin isolated, the
 * draw also hands the bytes of its two record hashes to a second worker through a shared
 * ring (`drawSample`). Later
 * requests name the key and carry only small JSON: options, a plan, a receipt's text.
 * Results are cut so a message stays small: long lists of excluded rows and problems are
 * cut to {@link LIST_LIMIT} with their full count.
 *
 * Two packages: `pkg/deepdive.js` reads CSV; `pkg/xlsx/deepdive.js` (the same API with the
 * `.xlsx` reader, several times larger) is imported only when a file is a workbook: it
 * starts with the zip signature `PK\x03\x04` or its name ends in `.xlsx`/`.xlsm`.
 *
 * Messages to the worker: `{id, type, ...}` with `type` one of
 * - `file` `{key, blob, name}`: keep a file;
 * - `preview` `{key, options}`: `CaseFile.preview(options)`;
 * - `sample` `{key, plan, full}`: `CaseList.sample(plan)` on the list read with the plan's
 *   `sheet`, `delimiter` and `hasHeader`; without `full`, only the allocation (strata,
 *   counts, warnings, exclusions) is sent back, for the check before the draw;
 * - `verify` `{key, receipt, options}`: `CaseFile.verifyReceipt(receipt, options)`, with the
 *   file's hash as `inputSha256`;
 * - `count` `{key, options}`: the number of data rows of the list read with `options`
 *   (`sheet`, `delimiter`, `hasHeader`), kept for the draw;
 * - `replace` `{key, receipt, request, options}`: `replaceCase(receipt, request)`, and again
 *   with the file's bytes (read with `options`) when the stratum's reserves are used up;
 * - `commitment` `{key, plan}`: `commitment(bytes, plan)`, the plan without its seed;
 * - `seed`: `newSeed()`.
 *
 * Messages from the worker: `{id, type: 'progress', stage}` (`reading`, `loading`,
 * `hashing`, `sampling`, `checking`), then `{id, type: 'result', result}` or
 * `{id, type: 'error', error: {name, code, message, problems, fatal}}`. `fatal` means the
 * WebAssembly instance trapped (out of memory, say), now or in the background: the page
 * should start a new worker, and this one answers every later request with `fatal` too.
 *
 * The module also exports {@link createSampler}, so a browser without module workers can run
 * the same code on the page itself.
 */

import { eachChunk, LARGE } from './chunks.mjs';
import { drawSample, fileSha256, recordHasher } from './hashing.mjs';

/** The everyday package (CSV only). */
const EVERYDAY = 'everyday';
/** The package with the workbook reader. */
const WORKBOOK = 'workbook';

/**
 * Each package's import, written out with its path so that a bundler (the offline file's)
 * can follow it.
 *
 * @type {Record<string, () => Promise<typeof import('../pkg/deepdive.js')>>}
 */
const IMPORTS = {
  [EVERYDAY]: () => import('../pkg/deepdive.js'),
  [WORKBOOK]: () => import('../pkg/xlsx/deepdive.js'),
};

/** How many excluded rows, problems or duplicates a result lists; the rest are counted. */
const LIST_LIMIT = 500;

/**
 * Whether a file is an `.xlsx` workbook, by its first bytes or its name.
 *
 * @param {Uint8Array} bytes - The file's bytes.
 * @param {string} [name] - The file's name.
 * @returns {boolean} True for a zip archive or a name ending in `.xlsx` or `.xlsm`.
 */
function isWorkbook(bytes, name = '') {
  const zip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  return zip || /\.xls[xm]$/i.test(name);
}

/**
 * A thrown value as a plain object that survives `postMessage`.
 *
 * @param {unknown} error - What was thrown.
 * @returns {{name: string, code: string | null, message: string, problems: Array<object> | null, fatal: boolean}}
 */
function serialise(error) {
  const e = /** @type {any} */ (error); // any: whatever was thrown; each field is checked
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    code: typeof e?.code === 'string' ? e.code : null,
    message: typeof e?.message === 'string' ? e.message : String(error),
    problems: Array.isArray(e?.problems)
      ? e.problems.map((/** @type {any} */ p) => // any: the thrown error's own problems, copied field by field
         ({ code: p.code, field: p.field ?? null, message: p.message }))
      : null,
    fatal: error instanceof WebAssembly.RuntimeError,
  };
}

/**
 * Cuts a list to its first {@link LIST_LIMIT} entries, keeping its full length.
 *
 * @template T
 * @param {T[] | undefined} list
 * @returns {{items: T[], total: number}}
 */
function cutToLimit(list) {
  const all = list ?? [];
  return { items: all.slice(0, LIST_LIMIT), total: all.length };
}

/**
 * The options a list is read with, without those left out (so equal options give equal
 * keys).
 *
 * @param {{sheet?: string, delimiter?: string, hasHeader?: boolean}} options
 * @returns {import('../pkg/deepdive.js').ReadingOptions}
 */
function readOptions({ sheet, delimiter, hasHeader }) {
  return Object.fromEntries(Object.entries({ sheet, delimiter, hasHeader }).filter(([, v]) => v !== undefined && v !== null));
}

/**
 * Makes the sampler: a function that handles one request and reports through `post`.
 *
 * @param {(message: object) => void} post - Sends a message to the page.
 * @returns {(message: any) => Promise<void>} The request handler (any: a message from the page, each
 *   field checked by its request type).
 */
export function createSampler(post) {
  /**
   * What the worker holds for each key: the file (a `File` or `Blob`: on disk, not in
   * memory), its hash (started when the file arrives), its bytes in WebAssembly while they
   * are needed, and the list read from them with the options it was read with.
   *
   * @type {Map<string, {blob: Blob, workbook: boolean, hash: Promise<string>, bytes: import('../pkg/deepdive.js').CaseFile | null, streaming: Promise<void> | null, list: {options: string, list: import('../pkg/deepdive.js').CaseList} | null}>}
   */
  const files = new Map();
  /** @type {Map<string, Promise<typeof import('../pkg/deepdive.js')>>} */
  const packages = new Map();
  /** The packages already warmed up (`warmUp`). */
  const warmed = new Set();
  /** Whether a call trapped in the background: the instance cannot be trusted again. */
  let trapped = false;
  /** @param {unknown} error */
  const noteTrap = (error) => {
    if (error instanceof WebAssembly.RuntimeError) trapped = true;
  };

  /**
   * Warms the package up for a large file, once, so a long draw runs on optimised code
   * from its start (see `warmUp` in the README).
   *
   * @param {{blob: Blob}} file
   * @param {typeof import('../pkg/deepdive.js')} dd
   * @param {boolean} soon - Later, once the current message is answered (while the user
   *   reads a preview), rather than now.
   */
  function warmUpFor(file, dd, soon) {
    if (file.blob.size <= LARGE || warmed.has(dd)) return;
    warmed.add(dd);
    const run = () => {
      try {
        dd.warmUp();
      } catch (error) {
        // Only a speed-up: a failure here shows up in the draw itself.
        noteTrap(error);
      }
    };
    if (soon) setTimeout(run, 0);
    else run();
  }

  /**
   * Reads a large file's whole list in the background once its preview is answered, with
   * the options the preview used, so that a draw with those options (the usual case)
   * starts at once. It is skipped if the file has changed or the list is read already; a
   * failure is left for the draw to report.
   *
   * @param {{blob: Blob, bytes: import('../pkg/deepdive.js').CaseFile | null, list: {options: string, list: import('../pkg/deepdive.js').CaseList} | null}} file
   * @param {string} key - The file's key.
   * @param {import('../pkg/deepdive.js').ReadingOptions} options - `{sheet?, delimiter?, hasHeader?}`.
   */
  function openSoon(file, key, options) {
    if (file.blob.size <= LARGE) return;
    setTimeout(() => {
      if (files.get(key) !== file || !file.bytes || file.list?.options === JSON.stringify(options)) return;
      try {
        openList(file, options);
      } catch (error) {
        // The draw reads the list itself and reports what is wrong.
        noteTrap(error);
      }
    }, 0);
  }

  /**
   * Imports and instantiates a package, once.
   *
   * @param {string} which - {@link EVERYDAY} or {@link WORKBOOK}.
   * @returns {Promise<typeof import('../pkg/deepdive.js')>} The package's API (the workbook one has the same API).
   */
  function load(which) {
    let ready = packages.get(which);
    if (!ready) {
      ready = IMPORTS[which]().then(async (dd) => {
        await dd.default();
        return dd;
      });
      ready.catch(() => packages.delete(which));
      packages.set(which, ready);
    }
    return ready;
  }

  /**
   * The package that reads a file, reporting the `loading` stage when it must be fetched.
   *
   * @param {{workbook: boolean}} file
   * @param {number} id - The request, for progress messages.
   */
  function apiFor(file, id) {
    const which = file.workbook ? WORKBOOK : EVERYDAY;
    if (!packages.has(which)) post({ id, type: 'progress', stage: 'loading' });
    return load(which);
  }

  /**
   * The kept file under a key.
   *
   * @param {string} key
   */
  function fileFor(key) {
    const file = files.get(key);
    if (!file) throw new Error('the file is no longer loaded: choose it again');
    return file;
  }

  /** Frees what WebAssembly holds for a file. @param {{bytes: import('../pkg/deepdive.js').CaseFile | null, list: {list: import('../pkg/deepdive.js').CaseList} | null}} file */
  function release(file) {
    file.bytes?.free();
    file.bytes = null;
    file.list?.list.free();
    file.list = null;
  }

  /**
   * The file's bytes in WebAssembly, read slice by slice from the file if they are not there.
   *
   * @param {{blob: Blob, bytes: import('../pkg/deepdive.js').CaseFile | null, streaming: Promise<void> | null}} file
   * @param {typeof import('../pkg/deepdive.js')} dd - The package.
   * @param {number} id - The request, for progress messages.
   */
  async function bytesOf(file, dd, id) {
    if (!file.bytes) {
      post({ id, type: 'progress', stage: 'reading' });
      // Two requests at once (a row count and a draw) read the file once.
      file.streaming ??= (async () => {
        const bytes = new dd.CaseFile(file.blob.size);
        try {
          await eachChunk(file.blob, (chunk) => bytes.write(chunk));
        } catch (error) {
          bytes.free();
          throw error;
        }
        file.bytes = bytes;
      })().finally(() => {
        file.streaming = null;
      });
      await file.streaming;
    }
    // Read just above (a failed read threw).
    return /** @type {import('../pkg/deepdive.js').CaseFile} */ (file.bytes);
  }

  /**
   * The list read with these options, reading it (once) if need be. The bytes are freed
   * once the list is read: only the table stays in memory, and a later preview reads the
   * file again.
   *
   * @param {{blob: Blob, bytes: import('../pkg/deepdive.js').CaseFile | null, streaming: Promise<void> | null, list: {options: string, list: import('../pkg/deepdive.js').CaseList} | null}} file
   * @param {import('../pkg/deepdive.js').ReadingOptions} options - `{sheet?, delimiter?, hasHeader?}`.
   * @param {typeof import('../pkg/deepdive.js')} dd
   * @param {number} id
   */
  async function listOf(file, options, dd, id) {
    const key = JSON.stringify(options);
    if (file.list?.options === key) return file.list.list;
    await bytesOf(file, dd, id);
    // Another request may have read the list while this one waited for the bytes.
    if (file.list?.options === key) return file.list.list;
    if (!file.bytes) await bytesOf(file, dd, id);
    post({ id, type: 'progress', stage: 'reading' });
    return openList(file, options);
  }

  /**
   * Reads the list from the file's bytes in WebAssembly, in place of any list read before,
   * and frees the bytes. Synchronous: no other request can come in half-way.
   *
   * @param {{bytes: import('../pkg/deepdive.js').CaseFile | null, list: {options: string, list: import('../pkg/deepdive.js').CaseList} | null}} file
   * @param {import('../pkg/deepdive.js').ReadingOptions} options - `{sheet?, delimiter?, hasHeader?}`.
   */
  function openList(file, options) {
    // Both callers have the bytes.
    const bytes = /** @type {import('../pkg/deepdive.js').CaseFile} */ (file.bytes);
    const list = bytes.open(options);
    file.list?.list.free();
    file.list = { options: JSON.stringify(options), list };
    bytes.free();
    file.bytes = null;
    return list;
  }

  return async function handle(message) {
    const { id, type } = message ?? {};
    try {
      // After a trap the page must start a new worker: every request says so.
      if (trapped) throw new WebAssembly.RuntimeError('an earlier call trapped');
      // any: each request type answers with its own object.
      /** @type {any} */
      let result;
      if (type === 'file') {
        /** @type {Blob} */
        const blob = message.blob;
        const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
        const old = files.get(message.key);
        if (old) release(old);
        const workbook = isWorkbook(head, message.name);
        const hash = fileSha256(blob, () => load(workbook ? WORKBOOK : EVERYDAY)).then((h) => h.hex);
        hash.catch(() => {});
        files.set(message.key, { blob, workbook, hash, bytes: null, streaming: null, list: null });
        result = { size: blob.size, workbook };
      } else if (type === 'preview') {
        const file = fileFor(message.key);
        const dd = await apiFor(file, id);
        const bytes = await bytesOf(file, dd, id);
        result = bytes.preview(message.options ?? {});
        warmUpFor(file, dd, true);
        const { sheet, delimiter, hasHeader } = message.options ?? {};
        openSoon(file, message.key, readOptions({ sheet: result.format === 'xlsx' ? result.sheet : sheet, delimiter, hasHeader }));
      } else if (type === 'sample') {
        const file = fileFor(message.key);
        const dd = await apiFor(file, id);
        const { sheet, delimiter, hasHeader, ...plan } = message.plan ?? {};
        const options = readOptions({ sheet, delimiter, hasHeader });
        // For a large file, a second worker makes the record hashes while this one draws:
        // started now, it is ready by the time the list is read.
        const hasher = file.blob.size > LARGE ? recordHasher() : null;
        let list;
        try {
          list = await listOf(file, options, dd, id);
        } catch (error) {
          hasher?.stop();
          throw error;
        }
        // The file may still be hashing on the other core: the draw needs the hash only at
        // its end, when it makes the receipt.
        post({ id, type: 'progress', stage: 'sampling' });
        // Done already if the file was previewed.
        warmUpFor(file, dd, false);
        const sample = await drawSample(list, plan, file.hash, hasher);
        const lists = {
          exclusions: cutToLimit(sample.exclusions),
          problems: cutToLimit(sample.problems),
          duplicates: cutToLimit(sample.duplicates),
        };
        result = {
          columns: sample.columns,
          strata: sample.strata,
          counts: sample.counts,
          warnings: sample.warnings,
          source: sample.source,
          exclusions: lists.exclusions.items,
          exclusionsTotal: lists.exclusions.total,
          problems: lists.problems.items,
          problemsTotal: lists.problems.total,
          duplicates: lists.duplicates.items,
          duplicatesTotal: lists.duplicates.total,
        };
        if (message.full) {
          Object.assign(result, {
            selected: sample.selected,
            reserves: sample.reserves,
            tracked: sample.tracked ?? [],
            receipt: sample.receipt,
            receiptJson: sample.receiptJson,
          });
        }
      } else if (type === 'verify') {
        const file = fileFor(message.key);
        const dd = await apiFor(file, id);
        const bytes = await bytesOf(file, dd, id);
        // While the file's hash is still being made: the check is a draw too.
        warmUpFor(file, dd, false);
        post({ id, type: 'progress', stage: 'hashing' });
        const hash = await file.hash;
        post({ id, type: 'progress', stage: 'checking' });
        try {
          result = bytes.verifyReceipt(message.receipt, { ...(message.options ?? {}), inputSha256: hash });
        } finally {
          release(file);
        }
      } else if (type === 'count') {
        const file = fileFor(message.key);
        const dd = await apiFor(file, id);
        const list = await listOf(file, readOptions(message.options ?? {}), dd, id);
        result = list.rows;
      } else if (type === 'replace') {
        // A replacement needs the list only once the stratum's listed reserves are used up:
        // then the call is made again with the file's bytes (and its hash, so they are not
        // hashed twice).
        const file = fileFor(message.key);
        const dd = await apiFor(file, id);
        try {
          result = dd.replaceCase(message.receipt, message.request);
        } catch (error) {
          if (/** @type {any} */ (error)?.code !== 'reserves-exhausted') throw error; // any: a thrown error, read by its code
          post({ id, type: 'progress', stage: 'reading' });
          const bytes = new Uint8Array(await file.blob.arrayBuffer());
          const options = { ...readOptions(message.options ?? {}), inputSha256: await file.hash };
          result = dd.replaceCase(message.receipt, message.request, bytes, options);
        }
      } else if (type === 'commitment') {
        // Written before the seed: the whole list's bytes and the plan without its seed.
        const file = fileFor(message.key);
        const dd = await apiFor(file, id);
        post({ id, type: 'progress', stage: 'reading' });
        const bytes = new Uint8Array(await file.blob.arrayBuffer());
        result = dd.commitment(bytes, { ...message.plan, inputSha256: await file.hash });
      } else if (type === 'seed') {
        // Either package draws seeds: use one already loaded rather than fetch the other.
        const dd = await (packages.get(WORKBOOK) ?? load(EVERYDAY));
        result = dd.newSeed();
      } else {
        throw new Error(`unknown request “${type}”`);
      }
      post({ id, type: 'result', result });
    } catch (error) {
      noteTrap(error);
      post({ id, type: 'error', error: serialise(error) });
    }
  };
}

// In a worker (not when imported by a page as the fallback), answer the page's messages.
// The page's types are the window's; a worker's scope is looked up by name.
const workerScope = /** @type {{WorkerGlobalScope?: Function}} */ (/** @type {unknown} */ (globalThis)).WorkerGlobalScope;
if (typeof workerScope === 'function' && globalThis instanceof workerScope) {
  const handle = createSampler((message) => globalThis.postMessage(message));
  globalThis.addEventListener('message', (event) => {
    handle(/** @type {MessageEvent} */ (event).data);
  });
}
