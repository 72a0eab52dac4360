/**
 * @file Benchmark worker: Deep Dive's preview, sample (with receipt) and receipt check on a
 * case list given as a `Blob`, done as the page's worker does them: the file read slice by
 * slice into WebAssembly (`CaseFile`) while a second worker hashes it (`hashing.mjs`),
 * read into a table once (`CaseList`) and drawn (the record hashes made by a second worker
 * from a shared ring, `drawSample`), the receipt made once the hashes are in. Or
 * the summary of N generated consultation responses. The harness reads the memory the
 * sample really took from Linux, between two marks.
 */

import init, * as dd from '/pkg/deepdive.js';
import { eachChunk, LARGE } from '/workers/chunks.mjs';
import { drawSample, fileSha256, hex, recordHasher } from '/workers/hashing.mjs';

const ready = init();

/**
 * The file's SHA-256 as the page's worker gets it, with how long the hashing worker took
 * (measured there: this worker hears only once its draw is over).
 */
function hashFile(blob) {
  return fileSha256(blob, () => ready.then(() => dd));
}

/** The file's bytes in WebAssembly, read slice by slice. */
async function load(blob) {
  const file = new dd.CaseFile(blob.size);
  await eachChunk(blob, (chunk) => file.write(chunk));
  return file;
}

/** Answers to memory marks, by mark. */
const marks = new Map();

/**
 * Asks the harness to note memory (`baseline`, `reset`) or to say how far it rose since
 * the baseline (`peak`, in bytes of the renderer process, as Linux counts them).
 */
function mark(name) {
  return new Promise((resolve) => {
    marks.set(name, resolve);
    self.postMessage({ mark: name, memory: true });
  });
}

async function sampling({ blob, plan }) {
  const wasm = await ready;
  await mark('baseline');
  // What the user sees first: the file read into WebAssembly and its first rows.
  let t = performance.now();
  let file = await load(blob);
  const preview = file.preview({ rows: 20 });
  const previewMs = performance.now() - t;
  file.free();
  // What the page's worker does while the user reads a large file's preview.
  t = performance.now();
  if (blob.size > LARGE) dd.warmUp();
  const warmUpMs = performance.now() - t;

  // The sample from the file alone, as the page's worker does it: the file hashed in a
  // second worker while this one reads it into WebAssembly and into a table (the bytes
  // freed once read) and draws; the receipt made once the hash is in.
  await mark('reset');
  t = performance.now();
  const hashing = hashFile(blob);
  const hasher = blob.size > LARGE ? recordHasher() : null;
  file = await load(blob);
  const loadMs = performance.now() - t;
  const list = file.open({});
  file.free();
  const openMs = performance.now() - t - loadMs;
  const times = {};
  const s = await drawSample(list, plan, hashing.then((h) => h.hex), hasher, times);
  const hash = await hashing;
  const drawMs = times.drawn - t - loadMs - openMs;
  const sampleMs = performance.now() - t;
  const waitMs = sampleMs - loadMs - openMs - drawMs;
  const rssPeak = await mark('peak');
  // A redraw from the list already read (another seed or plan would cost the same).
  t = performance.now();
  const again = list.sample({ ...plan, inputSha256: hash.hex });
  const redrawMs = performance.now() - t;
  list.free();
  if (again.receiptJson !== s.receiptJson) throw new Error('the draw and CaseList.sample differ');

  // Checking the receipt against the unchanged file: read, hash, sample and compare again.
  t = performance.now();
  const hashing2 = hashFile(blob);
  file = await load(blob);
  const v = file.verifyReceipt(s.receiptJson, { inputSha256: (await hashing2).hex });
  const verifyMs = performance.now() - t;
  file.free();
  if (!v.ok) throw new Error(`the receipt did not verify: ${JSON.stringify(v.differences)}`);

  // The hashing worker must agree with WebCrypto (checked after the timing).
  const digest = hex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
  if (digest !== hash.hex) throw new Error('the hashing worker and WebCrypto differ');

  return {
    preview: previewMs,
    warmUp: warmUpMs,
    sample: sampleMs,
    phases: { load: loadMs, open: openMs, draw: drawMs, waitForHash: waitMs, hashWorker: hash.ms, redraw: redrawMs },
    verify: verifyMs,
    memory: wasm.memory.buffer.byteLength,
    hashWorkerMemory: hash.memory,
    rssPeak,
    ring: times.ring === true,
    ringBlocked: times.blocked ?? 0,
    rows: s.counts.rowsRead,
    previewColumns: preview.columns.length,
    selected: s.selected.map((c) => c.id),
  };
}

/** N response files for the demonstration consultation, with answers spread evenly. */
function responses(n, hash) {
  const types = ['individual', 'organisation', 'prefer-not-to-say'];
  const roles = ['local-authority', 'health', 'police', 'probation', 'education', 'voluntary', 'other'];
  const scale = ['strongly-agree', 'agree', 'neither', 'disagree', 'strongly-disagree'];
  const consent = ['publish-in-full', 'publish-anonymously', 'do-not-publish'];
  const list = [];
  for (let i = 0; i < n; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const answers = {
      respondent: { type: types[i % 3], ...(i % 3 === 2 ? {} : { role: roles[i % 7] }) },
      clear: scale[i % 5],
      devices: ['phone', 'computer'].slice(0, 1 + (i % 2)),
      again: i % 2 ? 'yes' : 'no',
      comments: `Comment number ${i}: the form was fine.`,
      consent: consent[i % 3],
    };
    if (i % 3 === 1) answers.organisation = `Organisation ${i % 50}`;
    if (i % 5 >= 3) answers.unclear = 'Some questions were long.';
    list.push({
      name: `response-${i}.json`,
      text: JSON.stringify({
        consultation: 'demo', version: 1, definitionSha256: hash, id,
        started: '2026-11-25T10:00:00+00:00', submitted: '2026-11-25T10:05:00+00:00',
        language: 'en', answers,
      }),
    });
  }
  return list;
}

async function consultation(n) {
  await ready;
  const def = dd.consultationDefinition('demo');
  const hash = dd.validateConsultation(def).definitionSha256;
  const list = responses(n, hash);
  const t = performance.now();
  const summary = dd.summariseResponses(def, list);
  const ms = performance.now() - t;
  return { responses: n, seconds: ms / 1000, accepted: summary.accepted, rejected: summary.rejected.length };
}

self.onmessage = async (e) => {
  if (typeof e.data?.mark === 'string') {
    marks.get(e.data.mark)?.(e.data.value);
    return;
  }
  try {
    const reply = e.data.consultation ? await consultation(e.data.consultation) : await sampling(e.data);
    self.postMessage(reply);
  } catch (error) {
    self.postMessage({ error: String(error && error.stack || error) });
  }
};
