/**
 * @file Opens the benchmark page in headless Chromium (Debian's, through playwright-core),
 * waits for `window.benchResults` and prints the figures with their ratios. Run by
 * `cargo xtask bench`, which serves the page and sets DD_BASE_URL.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { renderers } from './rss.mjs';

const base = process.env.DD_BASE_URL;
if (!base) throw new Error('DD_BASE_URL is not set: run `cargo xtask bench`');
const profile = mkdtempSync(join(tmpdir(), 'dd-bench-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.DD_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error(`page: ${m.text()}`); });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  page.on('crash', () => console.error('page crashed'));
  page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') console.error(`worker: ${m.text()}`); }));
  // The page marks a job's start and peak; Linux says how much memory it really held.
  const rss = renderers(profile);
  await page.exposeFunction('ddMemory', (/** @type {string} */ what) => {
    if (what === 'baseline') rss.baseline();
    else if (what === 'reset') rss.reset();
    else if (what === 'peak') return rss.peak();
    return 0;
  });
  await page.goto(`${base}/bench/index.html${process.env.DD_BENCH_QUERY ?? ''}`);
  await page.waitForFunction(() => window.benchResults, null, { timeout: 15 * 60 * 1000, polling: 500 });
  const r = await page.evaluate(() => window.benchResults);
  if (r.error) throw new Error(r.error);
  print(r);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

function print(r) {
  const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
  const s = (x) => `${x.toFixed(3)} s`;
  const t = r.seconds;
  const p = r.phases;
  const rows = [
    ['preview (file read into wasm, first 20 rows)', t.preview],
    ['warm-up (while the user reads the preview)', t.warmUp],
    ['Deep Dive: sample + receipt, from the file', t.sample],
    [`  read the file into wasm (a stream, ${r.chunkBytes / 2 ** 20} MB at a time)`, p.load],
    ['  read the table (CSV parse, once per file)', p.open],
    [r.ring ? '  draw: records, filters, tickets (record hashes: second worker)' : '  draw: records, filters, tickets, record hashes', p.draw],
    [r.ring ? '  wait for the hashes, make the receipt' : '  wait for the file hash, make the receipt', p.waitForHash],
    ...(r.ring ? [['  (the draw waited for the record hasher to free ring slots)', r.ringBlocked / 1000]] : []),
    ['  (second worker: the file hash, in parallel)', p.hashWorker],
    ['Deep Dive: a redraw from the table already read', p.redraw],
    ['Deep Dive: verify the receipt against the file', t.verify],
    ['PapaParse + plain JS sampler (+ WebCrypto hash), from the file', t.papa],
    ['  the same from the bytes already in memory', t.papaFromBytes],
    ['SHA-256 of the file alone (WebCrypto): the floor', t.sha],
  ];
  console.log(`case list: ${r.rows.toLocaleString('en-GB')} rows, ${mb(r.file.bytes)}; plan: ${r.plan.strata.length} stratum column, ${r.plan.filters.length} filters, ${r.plan.size} cases + ${r.plan.reserves} reserves per stratum; median of ${r.runs} runs`);
  for (const [name, secs] of rows) console.log(`  ${name.padEnd(64)} ${s(secs).padStart(9)}`);
  console.log('ratios:');
  console.log(`  PapaParse+JS / Deep Dive sample         ${(t.papa / t.sample).toFixed(2)}x  (goal: at least 3x)`);
  console.log(`  Deep Dive sample / SHA-256 floor         ${(t.sample / t.sha).toFixed(2)}x  (goal: at most 1.5x)`);
  console.log(`  Deep Dive redraw / floor                 ${(p.redraw / t.sha).toFixed(2)}x  (the table already read)`);
  // Memory as the workers account for it: the sampler's WebAssembly memory (it only
  // grows), the hashing worker's, and a slice in each; and as Linux counts it: how far the
  // browser's renderer process (the page and its workers) rose above where it was before.
  const slices = Math.min(r.chunkBytes, r.file.bytes) + Math.min(2 ** 20, r.file.bytes);
  const counted = r.wasmMemoryBytes + r.hashWorkerMemoryBytes + slices;
  console.log(`memory: sampler wasm ${mb(r.wasmMemoryBytes)} + hashing worker wasm ${mb(r.hashWorkerMemoryBytes)} + a slice in each ${mb(slices)} = ${mb(counted)}, ${(counted / r.file.bytes).toFixed(2)}x the file`);
  if (r.ring) console.log('  (not in that sum: the record hasher\'s worker and its 8 MB ring; Linux\'s figure below counts everything)');
  if (r.rssPeakBytes > 0) {
    console.log(`  measured by Linux: the renderer process rose ${mb(r.rssPeakBytes)} at its peak during the sample, ${(r.rssPeakBytes / r.file.bytes).toFixed(2)}x the file (goal: at most 3x; the file itself stays on disk)`);
  } else {
    console.log('  not measured by the system: /proc (Linux) is not available');
  }
  console.log(`page: longest main-thread pause while sampling ${r.longestMainThreadPauseMs.toFixed(0)} ms (work runs in a Web Worker)`);
  console.log(`consultation: ${r.consultation.responses.toLocaleString('en-GB')} responses summarised in ${s(r.consultation.seconds)} (accepted ${r.consultation.accepted}, rejected ${r.consultation.rejected})`);
}
