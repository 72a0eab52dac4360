/**
 * @file Opens the benchmark page in headless Chromium (Debian's, through playwright-core),
 * waits for `window.benchResults` and prints the figures with their ratios. Run by
 * `cargo xtask bench`, which serves the page and sets DD_BASE_URL.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

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
  const rows = [
    ['preview (first 20 rows)', t.preview],
    ['Deep Dive: sample + receipt (SHA-256 in wasm)', t.sample],
    ['Deep Dive: sample + receipt (file hash by WebCrypto)', t.sampleWithWebCryptoHash],
    ['Deep Dive: verify the receipt against the file', t.verify],
    ['PapaParse + plain JS sampler (+ WebCrypto hash)', t.papa],
    ['SHA-256 of the file alone (WebCrypto): the floor', t.sha],
  ];
  console.log(`case list: ${r.rows.toLocaleString('en-GB')} rows, ${mb(r.file.bytes)}; plan: ${r.plan.strata.length} stratum column, ${r.plan.filters.length} filters, ${r.plan.size} cases + ${r.plan.reserves} reserves per stratum; median of ${r.runs} runs`);
  for (const [name, secs] of rows) console.log(`  ${name.padEnd(56)} ${s(secs).padStart(9)}`);
  const best = Math.min(t.sample, t.sampleWithWebCryptoHash);
  console.log('ratios:');
  console.log(`  PapaParse+JS / Deep Dive sample         ${(t.papa / best).toFixed(2)}x  (goal: at least 3x)`);
  console.log(`  Deep Dive sample / SHA-256 floor         ${(best / t.sha).toFixed(2)}x  (goal: at most 1.5x)`);
  const peak = r.wasmMemoryBytes + r.file.bytes;
  console.log(`memory: wasm ${mb(r.wasmMemoryBytes)} + the file in JS ${mb(r.file.bytes)} = ${mb(peak)}, ${(peak / r.file.bytes).toFixed(2)}x the file (goal: at most 3x)`);
  console.log(`page: longest main-thread pause while sampling ${r.longestMainThreadPauseMs.toFixed(0)} ms (work runs in a Web Worker)`);
  console.log(`consultation: ${r.consultation.responses.toLocaleString('en-GB')} responses summarised in ${s(r.consultation.seconds)} (accepted ${r.consultation.accepted}, rejected ${r.consultation.rejected})`);
}
