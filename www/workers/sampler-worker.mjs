/**
 * @file The case sampler's Web Worker: it holds the case list's bytes and runs every call to
 * the WebAssembly package (preview, sample, verify, seed), so the page never blocks, however
 * large the file.
 *
 * The page transfers a file's `ArrayBuffer` once (`file`); the worker keeps it under a key
 * (`list` for the sample, `check` for a receipt check) and starts its SHA-256 with WebCrypto
 * straight away, which is native and runs while the user fills in the plan. Later requests
 * name the key and carry only small JSON: options, a plan, a receipt's text. Results are
 * trimmed so a message stays small: long lists of excluded rows and problems are cut to
 * {@link LIST_LIMIT} with their full count.
 *
 * Two packages: `pkg/deepdive.js` reads CSV; `pkg/xlsx/deepdive.js` (the same API with the
 * `.xlsx` reader, several times larger) is imported only when a file is a workbook: it
 * starts with the zip signature `PK\x03\x04` or its name ends in `.xlsx`/`.xlsm`.
 *
 * Messages to the worker: `{id, type, ...}` with `type` one of
 * - `file` `{key, buffer, name}`: keep a file (the buffer is transferred);
 * - `preview` `{key, options}`: `previewTable(bytes, options)`;
 * - `sample` `{key, plan, full}`: `sample(bytes, plan)`; without `full`, only the allocation
 *   (strata, counts, warnings, exclusions) is sent back, for the check before the draw;
 * - `verify` `{key, receipt, options}`: `verifyReceipt(bytes, receipt, options)`, with the
 *   file's WebCrypto hash as `inputSha256`;
 * - `seed`: `newSeed()`.
 *
 * Messages from the worker: `{id, type: 'progress', stage}` (`reading`, `loading`,
 * `hashing`, `sampling`, `checking`), then `{id, type: 'result', result}` or
 * `{id, type: 'error', error: {name, code, message, problems, fatal}}`. `fatal` means the
 * WebAssembly instance trapped (out of memory, say): the page should start a new worker.
 *
 * The module also exports {@link createSampler}, so a browser without module workers can run
 * the same code on the page itself.
 */

/** The everyday package (CSV only). */
const EVERYDAY = new URL('../pkg/deepdive.js', import.meta.url).href;
/** The package with the workbook reader. */
const WORKBOOK = new URL('../pkg/xlsx/deepdive.js', import.meta.url).href;

/** How many excluded rows, problems or duplicates a result lists; the rest are counted. */
export const LIST_LIMIT = 500;

/**
 * Whether a file is an `.xlsx` workbook, by its first bytes or its name.
 *
 * @param {Uint8Array} bytes - The file's bytes.
 * @param {string} [name] - The file's name.
 * @returns {boolean} True for a zip archive or a name ending in `.xlsx` or `.xlsm`.
 */
export function isWorkbook(bytes, name = '') {
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
  const e = /** @type {any} */ (error);
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    code: typeof e?.code === 'string' ? e.code : null,
    message: typeof e?.message === 'string' ? e.message : String(error),
    problems: Array.isArray(e?.problems)
      ? e.problems.map((/** @type {any} */ p) => ({ code: p.code, field: p.field ?? null, message: p.message }))
      : null,
    fatal: error instanceof WebAssembly.RuntimeError,
  };
}

/**
 * The SHA-256 of some bytes as lowercase hex, with WebCrypto; null where WebCrypto is not
 * available (a page served over plain HTTP from another machine), and the WebAssembly
 * package then hashes the file itself.
 *
 * @param {Uint8Array} bytes
 * @returns {Promise<string | null>}
 */
async function sha256(bytes) {
  try {
    if (!globalThis.crypto?.subtle) return null;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return null;
  }
}

/**
 * Cuts a list to {@link LIST_LIMIT} entries.
 *
 * @template T
 * @param {T[] | undefined} list
 * @returns {{items: T[], total: number}}
 */
function trim(list) {
  const all = list ?? [];
  return { items: all.slice(0, LIST_LIMIT), total: all.length };
}

/**
 * Makes the sampler: a function that handles one request and reports through `post`.
 *
 * @param {(message: object) => void} post - Sends a message to the page.
 * @returns {(message: any) => Promise<void>} The request handler.
 */
export function createSampler(post) {
  /** @type {Map<string, {bytes: Uint8Array, workbook: boolean, hash: Promise<string | null>}>} */
  const files = new Map();
  /** @type {Map<string, Promise<any>>} */
  const packages = new Map();

  /**
   * Imports and instantiates a package, once.
   *
   * @param {string} url
   * @returns {Promise<any>} The package's API.
   */
  function load(url) {
    let ready = packages.get(url);
    if (!ready) {
      ready = import(url).then(async (dd) => {
        await dd.default();
        return dd;
      });
      ready.catch(() => packages.delete(url));
      packages.set(url, ready);
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
    const url = file.workbook ? WORKBOOK : EVERYDAY;
    if (!packages.has(url)) post({ id, type: 'progress', stage: 'loading' });
    return load(url);
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

  return async function handle(message) {
    const { id, type } = message ?? {};
    try {
      /** @type {any} */
      let result;
      if (type === 'file') {
        const bytes = new Uint8Array(message.buffer);
        const file = { bytes, workbook: isWorkbook(bytes, message.name), hash: sha256(bytes) };
        files.set(message.key, file);
        result = { size: bytes.length, workbook: file.workbook };
      } else if (type === 'preview') {
        const file = fileFor(message.key);
        const dd = await apiFor(file, id);
        post({ id, type: 'progress', stage: 'reading' });
        result = dd.previewTable(file.bytes, message.options ?? {});
      } else if (type === 'sample') {
        const file = fileFor(message.key);
        const dd = await apiFor(file, id);
        post({ id, type: 'progress', stage: 'hashing' });
        const hash = await file.hash;
        post({ id, type: 'progress', stage: 'sampling' });
        const plan = hash ? { ...message.plan, inputSha256: hash } : message.plan;
        const sample = dd.sample(file.bytes, plan);
        const lists = {
          exclusions: trim(sample.exclusions),
          problems: trim(sample.problems),
          duplicates: trim(sample.duplicates),
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
            receipt: sample.receipt,
            receiptJson: sample.receiptJson,
          });
        }
      } else if (type === 'verify') {
        const file = fileFor(message.key);
        const dd = await apiFor(file, id);
        const hash = await file.hash;
        post({ id, type: 'progress', stage: 'checking' });
        const options = hash ? { ...(message.options ?? {}), inputSha256: hash } : message.options ?? undefined;
        result = dd.verifyReceipt(file.bytes, message.receipt, options);
      } else if (type === 'seed') {
        // Either package draws seeds: use one already loaded rather than fetch the other.
        const dd = await (packages.get(WORKBOOK) ?? load(EVERYDAY));
        result = dd.newSeed();
      } else {
        throw new Error(`unknown request “${type}”`);
      }
      post({ id, type: 'result', result });
    } catch (error) {
      post({ id, type: 'error', error: serialise(error) });
    }
  };
}

// In a worker (not when imported by a page as the fallback), answer the page's messages.
if (typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope) {
  const handle = createSampler((message) => globalThis.postMessage(message));
  globalThis.addEventListener('message', (event) => {
    handle(/** @type {MessageEvent} */ (event).data);
  });
}
