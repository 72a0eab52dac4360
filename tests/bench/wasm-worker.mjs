/**
 * @file Benchmark worker: Deep Dive's preview, sample (with receipt) and receipt check on a
 * case list given as a `Blob`, done as the page's worker does them: the file read slice by
 * slice into WebAssembly (`CaseFile`), read into a table once (`CaseList`), and its SHA-256
 * computed at the same time in a second worker (`hash-worker.mjs`) on the other core. Or the
 * summary of N generated consultation responses.
 */

import init, * as dd from '/pkg/deepdive.js';
import { eachChunk } from '/workers/chunks.mjs';

const ready = init();
const HASHER = '/workers/hash-worker.mjs';

/** The file's SHA-256 from the hashing worker, with how long it took and its memory. */
function hashInWorker(blob) {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const worker = new Worker(HASHER, { type: 'module' });
    worker.onmessage = (e) => {
      worker.terminate();
      if (e.data.error) reject(new Error(e.data.error));
      else resolve({ ...e.data, ms: performance.now() - t });
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    worker.postMessage({ blob });
  });
}

/** The file's bytes in WebAssembly, read slice by slice. */
async function load(blob) {
  const file = new dd.CaseFile(blob.size);
  await eachChunk(blob, (chunk) => file.write(chunk));
  return file;
}

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function sampling({ blob, plan }) {
  const wasm = await ready;
  // What the user sees first: the file read into WebAssembly and its first rows.
  let t = performance.now();
  let file = await load(blob);
  const preview = file.preview({ rows: 20 });
  const previewMs = performance.now() - t;
  file.free();

  // The sample from the file alone: hash on the other core while this one reads the file
  // into WebAssembly and then into a table (the bytes freed once read), then the draw.
  t = performance.now();
  const hashing = hashInWorker(blob);
  file = await load(blob);
  const loadMs = performance.now() - t;
  const list = file.open({});
  file.free();
  const openMs = performance.now() - t - loadMs;
  const hash = await hashing;
  const waitMs = performance.now() - t - loadMs - openMs;
  const s = list.sample({ ...plan, inputSha256: hash.hex });
  const sampleMs = performance.now() - t;
  const drawMs = sampleMs - loadMs - openMs - waitMs;
  list.free();

  // Checking the receipt against the unchanged file: read, hash, sample and compare again.
  t = performance.now();
  const hashing2 = hashInWorker(blob);
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
    sample: sampleMs,
    phases: { load: loadMs, open: openMs, waitForHash: waitMs, draw: drawMs, hashWorker: hash.ms },
    verify: verifyMs,
    memory: wasm.memory.buffer.byteLength,
    hashWorkerMemory: hash.memory,
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
  try {
    const reply = e.data.consultation ? await consultation(e.data.consultation) : await sampling(e.data);
    self.postMessage(reply);
  } catch (error) {
    self.postMessage({ error: String(error && error.stack || error) });
  }
};
