/**
 * @file The respondent's draft: its storage key, a new draft, reading and writing it in a
 * `Storage` (the page passes `localStorage`; tests pass their own), and reading a saved-answers
 * file. No DOM.
 */

/** The format name written into saved-answers files. */
const DRAFT_FORMAT = 'deepdive-consultation-draft';

/**
 * The respondent's answers and where they are, as saved on the device and in files.
 *
 * @typedef {object} Draft
 * @property {string} format - `deepdive-consultation-draft`.
 * @property {string} consultation
 * @property {number} version
 * @property {string} definitionSha256
 * @property {string} id - The response id (a UUID), kept from the start to the submission.
 * @property {string} started - When the respondent started, RFC 3339.
 * @property {string} saved - When the draft was last saved, RFC 3339.
 * @property {'en' | 'cy'} language
 * @property {string} step - `start`, `section-<n>`, `check` or `done`.
 * @property {import('./json-types.mjs').Answers} answers - By question id, as the controls give them.
 * @property {boolean} [preview]
 * @property {import('./json-types.mjs').ResponseJson} [response] - The response made, once submitted without `submit-url`.
 */

/**
 * Where a draft is kept: `deepdive:draft:<consultation>:<version>`, then `:<name>` for a
 * form that is not the first of its consultation on the page (or that names its own draft).
 * Preview drafts are kept apart (`deepdive:preview-draft:…`).
 *
 * @param {{consultation: string, version: number, preview: boolean, name?: string}} which
 * @returns {string}
 */
export function draftKey({ consultation, version, preview, name = '' }) {
  return `deepdive:${preview ? 'preview-draft' : 'draft'}:${consultation}:${version}${name ? `:${name}` : ''}`;
}

/**
 * The name that tells a form's draft apart from other copies of the same consultation on
 * the page: the `draft-key` attribute if set; none for the first copy (so a page with one
 * form keeps the plain key); the element's id, else `copy-<n>`, for the others.
 *
 * @param {{attribute: string | null, index: number, elementId: string}} form
 * @returns {string}
 */
export function draftName({ attribute, index, elementId }) {
  if (attribute) return attribute.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
  if (index <= 0) return '';
  return elementId ? elementId.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64) : `copy-${index + 1}`;
}

/**
 * Whether a storage key holds a draft of another version of the same consultation and the
 * same form (the same name).
 *
 * @param {string} key
 * @param {{consultation: string, version: number, preview: boolean, name?: string}} which
 * @returns {boolean}
 */
export function isOtherVersion(key, which) {
  const prefix = `deepdive:${which.preview ? 'preview-draft' : 'draft'}:${which.consultation}:`;
  if (!key.startsWith(prefix)) return false;
  const [version, ...rest] = key.slice(prefix.length).split(':');
  return /^\d+$/.test(version) && Number(version) !== which.version && rest.join(':') === (which.name ?? '');
}

/**
 * A new, empty draft.
 *
 * @param {{consultation: string, version: number, hash: string, language: 'en' | 'cy',
 *   preview: boolean, now: string, id: string}} from
 * @returns {Draft}
 */
export function newDraft({ consultation, version, hash, language, preview, now, id }) {
  return {
    format: DRAFT_FORMAT,
    consultation,
    version,
    definitionSha256: hash,
    id,
    started: now,
    saved: now,
    language,
    step: 'start',
    answers: {},
    ...(preview ? { preview: true } : {}),
  };
}

/**
 * Whether a storage keeps what is written to it (it may throw when switched off or full).
 *
 * @param {Storage | null | undefined} storage
 * @returns {boolean}
 */
export function storageWorks(storage) {
  try {
    if (!storage) return false;
    const key = 'deepdive:probe';
    storage.setItem(key, '1');
    storage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a JSON value from a storage, or null (also when the storage throws).
 *
 * @param {Storage | null | undefined} storage
 * @param {string} key
 * @returns {any} (any: JSON read back from storage)
 */
export function readStored(storage, key) {
  try {
    const text = storage?.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/**
 * Writes a JSON value; false when the storage refused.
 *
 * @param {Storage | null | undefined} storage
 * @param {string} key
 * @param {unknown} value
 * @returns {boolean}
 */
export function writeStored(storage, key, value) {
  try {
    if (!storage) return false;
    storage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes a key (nothing happens when the storage throws: nothing was kept).
 *
 * @param {Storage | null | undefined} storage
 * @param {string} key
 */
export function removeStored(storage, key) {
  try {
    storage?.removeItem(key);
  } catch {
    // Nothing was stored.
  }
}

/**
 * Every key of a storage (none when it is unavailable).
 *
 * @param {Storage | null | undefined} storage
 * @returns {string[]}
 */
function storedKeys(storage) {
  try {
    if (!storage) return [];
    return Array.from({ length: storage.length }, (_, i) => storage.key(i) ?? '');
  } catch {
    return [];
  }
}

/**
 * Whether a stored value looks like a draft (an object with answers).
 *
 * @param {import('./json-types.mjs').Answer} value
 * @returns {boolean}
 */
function isDraft(value) {
  return Boolean(value && typeof value === 'object' && value.answers && typeof value.answers === 'object' && !Array.isArray(value.answers));
}

/** Whether a string is a response id as the form makes them. */
const RESPONSE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Reads a saved-answers file (a draft file or a response file).
 *
 * @param {string} text - The file's text.
 * @param {{consultation: string, version: number, hash: string, fresh: Draft}} to - The
 *   consultation it must answer, and a new draft whose id and times stand in for missing ones.
 * @returns {{problem: 'not-json' | 'other-consultation' | 'no-answers'} |
 *   {problem: null, draft: Draft, sameText: boolean}} The draft, and whether it answers this
 *   very text (the same version and definition hash), or the problem.
 */
export function readAnswersFile(text, { consultation, version, hash, fresh }) {
  // any: the JSON of the respondent's answers file, checked below.
  /** @type {any} */
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: 'not-json' };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { problem: 'not-json' };
  if (data.consultation !== consultation) return { problem: 'other-consultation' };
  if (!isDraft(data)) return { problem: 'no-answers' };
  const draft = {
    ...fresh,
    id: typeof data.id === 'string' && RESPONSE_ID.test(data.id) ? data.id : fresh.id,
    started: typeof data.started === 'string' && !Number.isNaN(Date.parse(data.started)) ? data.started : fresh.started,
    saved: typeof data.saved === 'string' ? data.saved : (typeof data.submitted === 'string' ? data.submitted : fresh.saved),
    answers: data.answers,
  };
  const sameText = data.version === version && data.definitionSha256 === hash;
  return {
    problem: null,
    sameText,
    draft: sameText ? { ...draft, step: 'start' } : { ...draft, version: data.version, definitionSha256: data.definitionSha256 },
  };
}

/**
 * A random response id in lower case (a version 4 UUID).
 *
 * @param {Crypto} [random] - The source of randomness; the page's `crypto` by default.
 * @returns {string}
 */
export function randomId(random = globalThis.crypto) {
  if (typeof random.randomUUID === 'function') return random.randomUUID();
  const b = random.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The draft a form finds on the device: its own (`own`, when it answers this very text), or
 * one waiting for the respondent's decision (`pending`: its own key holding another text,
 * else the newest draft of another version not yet submitted).
 *
 * @param {Storage | null | undefined} storage
 * @param {{consultation: string, version: number, preview: boolean, name?: string}} which
 * @param {string} hash - The definition hash of this text.
 * @returns {{own: Draft | null, pending: {draft: any, key: string} | null}} (any: a draft as stored, from any version)
 */
export function findDraft(storage, which, hash) {
  const key = draftKey(which);
  const own = readStored(storage, key);
  if (isDraft(own)) return own.definitionSha256 === hash ? { own, pending: null } : { own: null, pending: { draft: own, key } };
  // any: a draft as stored, from any version.
  /** @type {{draft: any, key: string} | null} */
  let newest = null;
  for (const other of storedKeys(storage)) {
    if (!isOtherVersion(other, which)) continue;
    const draft = readStored(storage, other);
    if (!isDraft(draft) || draft.response) continue;
    if (!newest || String(draft.saved) > String(newest.draft.saved)) newest = { draft, key: other };
  }
  return { own: null, pending: newest };
}

/**
 * A new draft that carries on from an earlier one: its response id and start time, when
 * they are well formed (the answers are chosen apart).
 *
 * @param {any} earlier - The earlier draft, as found (any: a draft as stored, from any version).
 * @param {Draft} fresh - A new draft.
 * @returns {Draft}
 */
export function continuedDraft(earlier, fresh) {
  const draft = { ...fresh };
  if (typeof earlier?.id === 'string' && RESPONSE_ID.test(earlier.id)) draft.id = earlier.id;
  if (typeof earlier?.started === 'string' && !Number.isNaN(Date.parse(earlier.started))) draft.started = earlier.started;
  return draft;
}
