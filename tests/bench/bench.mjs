/**
 * @file The benchmark page: times Deep Dive's case sampling against PapaParse plus a plain
 * JavaScript sampler and against SHA-256 of the file alone, each in a Web Worker, while
 * the page measures how long its main thread is ever kept waiting; then times the
 * consultation summary of 10,000 responses. `cargo xtask bench` serves this page, opens it
 * in headless Chromium and prints `window.benchResults`.
 */

import { CHUNK } from '/workers/chunks.mjs';

const params = new URLSearchParams(location.search);
const DATA = params.get('data') ?? '/bench-data/annex-a-1m.csv';
const RUNS = Number(params.get('runs') ?? 3);

/** The plan both samplers carry out: stratified by gender, two filters, 60 cases, 2 reserves. */
export const PLAN = {
  idColumn: 'Child Unique ID',
  size: 60,
  seed: '3 6 1 6 2 5 4 4',
  strata: ['Gender'],
  allocation: 'proportional',
  reserves: 2,
  filters: [
    { op: 'age-between', column: 'Date of Birth', min: 0, max: 15 },
    { op: 'one-of', column: 'Allocated Team', values: ['Assessment Team North', 'Assessment Team South', 'Assessment, East'] },
  ],
  referenceDate: '2015-09-23',
};

/** Runs one job in a fresh worker and resolves with its reply. */
function inWorker(url, type, message) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { type });
    worker.onmessage = async (e) => {
      if (e.data.memory !== undefined && typeof e.data.mark === 'string') {
        // A memory mark: answered by the harness (run.mjs), which reads Linux's figures.
        const value = await (window.ddMemory?.(e.data.mark) ?? 0);
        worker.postMessage({ mark: e.data.mark, value });
        return;
      }
      worker.terminate();
      if (e.data.error) reject(new Error(e.data.error));
      else resolve(e.data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    worker.postMessage(message);
  });
}

/** The longest gap between main-thread ticks while `job` runs, in ms. */
async function watchMainThread(job) {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  try {
    const result = await job();
    return { result, longest };
  } finally {
    clearInterval(timer);
  }
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function run() {
  // The file as a Blob, as the page's worker gets a File: a handle each worker reads, not
  // bytes the page holds (the memory figures would count them).
  const blob = await (await fetch(DATA)).blob();
  const out = { file: { url: DATA, bytes: blob.size }, runs: RUNS, plan: PLAN };
  const wasmWorker = new URL('wasm-worker.mjs', import.meta.url);
  const jsWorker = new URL('js-worker.js', import.meta.url);
  const times = { preview: [], warmUp: [], sample: [], papa: [], papaFromBytes: [], sha: [], verify: [] };
  const phases = { load: [], open: [], draw: [], waitForHash: [], hashWorker: [], redraw: [] };
  let longest = 0;
  let memory = 0;
  let hashWorkerMemory = 0;
  let rssPeak = 0;
  let rows = 0;
  let selected = null;
  for (let i = 0; i < RUNS; i++) {
    const watched = await watchMainThread(() =>
      inWorker(wasmWorker, 'module', { blob, plan: PLAN }));
    const r = watched.result;
    longest = Math.max(longest, watched.longest);
    times.preview.push(r.preview);
    times.warmUp.push(r.warmUp);
    times.sample.push(r.sample);
    times.verify.push(r.verify);
    for (const [k, v] of Object.entries(r.phases)) phases[k].push(v);
    memory = Math.max(memory, r.memory);
    hashWorkerMemory = Math.max(hashWorkerMemory, r.hashWorkerMemory);
    rssPeak = Math.max(rssPeak, r.rssPeak);
    out.ring = r.ring;
    out.ringBlocked = r.ringBlocked;
    rows = r.rows;
    selected = r.selected;
    const js = await inWorker(jsWorker, 'classic', { blob, plan: PLAN });
    times.papa.push(js.total);
    times.papaFromBytes.push(js.fromBytes);
    times.sha.push(js.sha);
    out.papaSelected = js.selected;
    out.papaRows = js.rows;
  }
  out.rows = rows;
  out.selected = selected;
  out.seconds = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v) / 1000]));
  out.all = times;
  out.phases = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, median(v) / 1000]));
  out.wasmMemoryBytes = memory;
  out.hashWorkerMemoryBytes = hashWorkerMemory;
  out.rssPeakBytes = rssPeak;
  out.chunkBytes = CHUNK;
  out.longestMainThreadPauseMs = longest;

  // The consultation team's job: 10,000 response files summarised.
  const c = await inWorker(wasmWorker, 'module', { consultation: 10000 });
  out.consultation = c;
  return out;
}

run().then(
  (results) => {
    window.benchResults = results;
    document.getElementById('results').textContent = JSON.stringify(results, null, 2);
  },
  (error) => {
    window.benchResults = { error: String(error && error.stack || error) };
    document.getElementById('results').textContent = String(error);
  },
);
