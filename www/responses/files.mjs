/**
 * @file The response files `<dd-responses>` has loaded, without any DOM: how a file's text
 * splits into responses, and the list of responses, files, notes and unreadable files that
 * the page shows and hands to the core.
 */

/**
 * One response as the core reads it: the name it is reported under and its JSON text.
 *
 * @typedef {{name: string, text: string}} Item
 */

/**
 * Splits a file into responses: a JSON array gives one item per element, JSON lines one per
 * line, anything else one item (the core reports what is wrong with it). A JSON object that
 * looks like a definition is reported as such.
 *
 * @param {string} name - The file's name, which each item's name starts with.
 * @param {string} content - The file's text.
 * @returns {Item[] | 'definition'} The responses, or `'definition'`.
 */
export function splitFile(name, content) {
  const body = content.replace(/^\uFEFF/, '');
  const trimmed = body.trim();
  const lines = /\.(jsonl|ndjson)$/i.test(name);
  if (!lines && trimmed.startsWith('[')) {
    try {
      const list = JSON.parse(trimmed);
      if (Array.isArray(list)) {
        return list.map((entry, i) => ({ name: `${name} [${i + 1}]`, text: typeof entry === 'string' ? entry : JSON.stringify(entry) }));
      }
    } catch {
      // Not a valid array: the core reports the file as it is.
    }
  }
  if (!lines && trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed);
      if (value && typeof value === 'object' && Array.isArray(value.sections) && !('answers' in value)) return 'definition';
      return [{ name, text: trimmed }];
    } catch {
      // One broken response, or JSON lines without the extension: try lines below.
    }
  }
  const rows = body.split(/\r?\n/).map((line, i) => ({ line: line.trim(), number: i + 1 })).filter((r) => r.line !== '');
  if (lines || (rows.length > 1 && rows.every((r) => r.line.startsWith('{')))) {
    return rows.map((r) => ({ name: `${name} line ${r.number}`, text: r.line }));
  }
  return [{ name, text: body }];
}

/**
 * Why a file was not loaded: its bytes are those of a file already loaded.
 *
 * @param {string} name - The file's name.
 * @param {string} loadedName - The name of the file loaded with the same bytes.
 * @returns {string}
 */
export function skippedMessage(name, loadedName) {
  return name === loadedName
    ? `${name} is already loaded, so it was not loaded again.`
    : `${name} is the same file as ${loadedName}, which is already loaded, so it was not loaded again.`;
}

/**
 * The response files loaded so far, and what was said about them. A file is known by the
 * SHA-256 of its bytes, so the same file chosen twice, under any name, is loaded once.
 */
export class ResponseFiles {
  /** Every response of every file, in the order loaded. @type {Item[]} */
  items = [];
  /** How many files the responses came from. */
  fileCount = 0;
  /** Files that could not be read at all, each with the reason. @type {string[]} */
  unreadable = [];
  /** Notes about files read (a definition found among them). @type {string[]} */
  notes = [];
  /** Files not loaded because they were loaded already, each with why. @type {string[]} */
  skipped = [];
  /** The name of the file loaded with each hash of bytes. @type {Map<string, string>} */
  #nameByHash = new Map();

  /** Whether a file has been loaded or tried (so there is something to remove). */
  get hasFiles() {
    return this.fileCount > 0 || this.unreadable.length > 0 || this.skipped.length > 0;
  }

  /**
   * The name of the file already loaded with these bytes, if any.
   *
   * @param {string} sha256 - The hash of a file's bytes.
   * @returns {string | undefined}
   */
  loadedAs(sha256) {
    return this.#nameByHash.get(sha256);
  }

  /**
   * Adds one file's responses.
   *
   * @param {Item[]} items - Its responses.
   * @param {{name: string, sha256: string}} [file] - The file, to know it again.
   */
  addFile(items, file) {
    this.fileCount += 1;
    this.items.push(...items);
    if (file) this.#nameByHash.set(file.sha256, file.name);
  }

  /**
   * Notes that a file was not loaded because the same bytes were.
   *
   * @param {string} name - The file's name.
   * @param {string} sha256 - The hash of its bytes, one {@link loadedAs} knows.
   */
  skip(name, sha256) {
    this.skipped.push(skippedMessage(name, this.#nameByHash.get(sha256) ?? name));
  }

  /** Forgets every file. */
  clear() {
    this.items = [];
    this.fileCount = 0;
    this.unreadable = [];
    this.notes = [];
    this.skipped = [];
    this.#nameByHash.clear();
  }
}
