/**
 * @file Benchmark worker: Deep Dive's preview and sample (with receipt) on the transferred
 * file, once hashing the file in WebAssembly and once with WebCrypto's SHA-256 first; or the summary of N generated consultation responses.
 */

import init, * as dd from '/pkg/deepdive.js';

const ready = init();

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function sampling({ bytes, plan }) {
  const wasm = await ready;
  const data = new Uint8Array(bytes);
  let t = performance.now();
  const preview = dd.previewTable(data, { rows: 20 });
  const previewMs = performance.now() - t;

  t = performance.now();
  const s = dd.sample(data, plan);
  const sampleMs = performance.now() - t;

  // The same job as the page does it: the file's hash from WebCrypto (native code) first,
  // then the sample with that hash, so WebAssembly does not hash the file again.
  t = performance.now();
  const digest = hex(await crypto.subtle.digest('SHA-256', data));
  const s2 = dd.sample(data, { ...plan, inputSha256: digest });
  const parallelMs = performance.now() - t;
  if (digest !== s.receipt.source.inputSha256) throw new Error('WebCrypto and wasm hashes differ');
  if (s2.receiptJson !== s.receiptJson) throw new Error('the two receipts differ');

  // Checking the receipt against the unchanged file: read, hash, sample and compare again.
  t = performance.now();
  dd.verifyReceipt(data, s.receiptJson);
  const verifyMs = performance.now() - t;

  return {
    preview: previewMs,
    sample: sampleMs,
    sampleWithWebCryptoHash: parallelMs,
    verify: verifyMs,
    memory: wasm.memory.buffer.byteLength,
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
