/*
 * Benchmark worker (classic, for PapaParse's UMD build): the same sampling job done the
 * usual JavaScript way: read the file, decode, PapaParse with a header row, filter, group
 * by stratum, allocate by largest remainder, shuffle each stratum with a seeded PRNG and
 * take the first cases and reserves; plus SHA-256 of the file (WebCrypto) for the receipt.
 * Timed from the file (a `Blob`, as Deep Dive's worker gets it) and from its bytes already
 * in memory. Also times SHA-256 of the file alone: the floor for any verifiable sample.
 */
importScripts('/papaparse/papaparse.min.js');

function mulberry32(seed) {
  return function next() {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function age(dob, ref) {
  const [d, m, y] = dob.split('/').map(Number);
  if (!d || !m || !y) return null;
  let a = ref.y - y;
  if (ref.m < m || (ref.m === m && ref.d < d)) a -= 1;
  return a;
}

function sampleJs(rows, plan) {
  const [ry, rm, rd] = plan.referenceDate.split('-').map(Number);
  const ref = { y: ry, m: rm, d: rd };
  const ageFilter = plan.filters[0];
  const teams = new Set(plan.filters[1].values);
  const strata = new Map();
  const seen = new Set();
  for (const row of rows) {
    const id = (row[plan.idColumn] || '').trim();
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const a = age(row[ageFilter.column] || '', ref);
    if (a === null || a < ageFilter.min || a > ageFilter.max) continue;
    if (!teams.has((row['Allocated Team'] || '').trim())) continue;
    const key = plan.strata.map((c) => (row[c] || '').trim()).join('\u0000');
    if (!strata.has(key)) strata.set(key, []);
    strata.get(key).push(row);
  }
  const keys = [...strata.keys()].sort();
  const total = keys.reduce((n, k) => n + strata.get(k).length, 0);
  const quotas = keys.map((k) => (plan.size * strata.get(k).length) / total);
  const alloc = quotas.map(Math.floor);
  let left = plan.size - alloc.reduce((a, b) => a + b, 0);
  const order = keys.map((k, i) => i).sort((a, b) => (quotas[b] - alloc[b]) - (quotas[a] - alloc[a]) || (keys[a] < keys[b] ? -1 : 1));
  for (const i of order) {
    if (left-- <= 0) break;
    alloc[i] += 1;
  }
  const random = mulberry32([...plan.seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261));
  const selected = [];
  keys.forEach((k, i) => {
    const list = strata.get(k);
    const n = Math.min(list.length, alloc[i] + plan.reserves);
    for (let j = 0; j < n; j++) {
      const r = j + Math.floor(random() * (list.length - j));
      [list[j], list[r]] = [list[r], list[j]];
    }
    selected.push(...list.slice(0, alloc[i]).map((row) => row[plan.idColumn]));
  });
  return selected;
}

/** The whole job on a file's bytes: hash (in parallel), decode, parse, sample. */
async function job(bytes, plan) {
  const hashing = crypto.subtle.digest('SHA-256', bytes);
  const text = new TextDecoder('utf-8').decode(bytes);
  const parsed = Papa.parse(text, { header: true, skipEmptyLines: true });
  const selected = sampleJs(parsed.data, plan);
  await hashing;
  return { rows: parsed.data.length, selected: selected.length };
}

self.onmessage = async (e) => {
  try {
    const { blob, plan } = e.data;
    const bytes = await blob.arrayBuffer();
    let t = performance.now();
    const sha = await crypto.subtle.digest('SHA-256', bytes);
    const shaMs = performance.now() - t;
    void sha;

    // From the file, as Deep Dive starts: read it (as a page does with a File), then the job.
    t = performance.now();
    const done = await job(await blob.arrayBuffer(), plan);
    const totalMs = performance.now() - t;

    // From the bytes already in memory.
    t = performance.now();
    await job(bytes, plan);
    const fromBytesMs = performance.now() - t;
    self.postMessage({ total: totalMs, fromBytes: fromBytesMs, sha: shaMs, ...done });
  } catch (error) {
    self.postMessage({ error: String(error && error.stack || error) });
  }
};
