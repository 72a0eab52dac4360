/**
 * @file The shared ring (`www/workers/ring.mjs`) in Node: a reader on another thread gets
 * every byte of each stream, in order, however the writes fall across its slots; a reader
 * that fails, or never comes, stops the writer with a `RingError` instead of a hang. And
 * `drawSample` (`www/workers/hashing.mjs`): a draw whose record hashes another thread makes
 * from the ring is the package's own sample, and a hasher that fails or never starts leaves
 * the draw to make them itself.
 */

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import init, * as dd from '../../pkg/deepdive.js';
import { ROOT } from './helpers.mjs';

const RING = pathToFileURL(path.join(ROOT, 'www/workers/ring.mjs')).href;
const { newRing, ringWriter, RingError } = await import(RING);
const { drawSample } = await import(pathToFileURL(path.join(ROOT, 'www/workers/hashing.mjs')).href);

/**
 * A reader on a worker thread: hashes each stream, or throws on its `failAt`th slot.
 *
 * @param {SharedArrayBuffer} sab
 * @param {number} [failAt]
 * @returns {Promise<{digests: string[], slots: number} | {error: string}> & {stop: () => void}}
 *   Its answer; `stop` ends it early (a reader waits until the ring is closed).
 */
function reader(sab, failAt = -1) {
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    const { createHash } = require('node:crypto');
    import(workerData.ring).then(({ readRing }) => {
      const hashes = [createHash('sha256'), createHash('sha256')];
      let slots = 0;
      try {
        readRing(workerData.sab, (stream, bytes) => {
          if (slots === workerData.failAt) throw new Error('the reader broke');
          slots += 1;
          hashes[stream].update(bytes);
        });
        parentPort.postMessage({ digests: hashes.map((h) => h.digest('hex')), slots });
      } catch (error) {
        parentPort.postMessage({ error: error.message });
      }
    });`;
  const worker = new Worker(code, { eval: true, workerData: { sab, ring: RING, failAt } });
  const done = new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).finally(() => worker.terminate());
  return Object.assign(done, { stop: () => worker.terminate() });
}

describe('the shared ring', () => {
  it('carries two streams in order, through writes of every size, with slots reused', async () => {
    // 4 slots of 1 KB: the 200 KB below go round the ring many times.
    const sab = newRing(4, 1024);
    const done = reader(sab);
    const writer = ringWriter(sab);
    const expected = [createHash('sha256'), createHash('sha256')];
    const sizes = [0, 1, 1023, 1024, 1025, 5000, 7, 64 * 1024];
    let total = 0;
    for (const [i, stream] of [0, 0, 0, 1, 1, 0, 1, 1].entries()) {
      // Stream 0 comes wholly before stream 1 in a draw; a switch back is carried too.
      const bytes = randomBytes(sizes[i]);
      expected[stream].update(bytes);
      writer.write(stream, new Uint8Array(bytes));
      total += bytes.length;
    }
    writer.close();
    const got = await done;
    if ('error' in got) assert.fail(got.error);
    assert.deepEqual(got.digests, expected.map((h) => h.digest('hex')));
    assert.ok(got.slots >= Math.ceil(total / 1024), `only ${got.slots} slots for ${total} bytes`);
    assert.equal(writer.ready(), true);
  });

  it('tells the writer when the reader fails, and when no reader comes', async () => {
    const sab = newRing(2, 16);
    const done = reader(sab, 3);
    const writer = ringWriter(sab);
    assert.throws(() => {
      for (let i = 0; i < 100; i += 1) writer.write(0, new Uint8Array(16));
    }, RingError);
    assert.deepEqual(await done, { error: 'the reader broke' });

    const alone = ringWriter(newRing(2, 16), 200);
    assert.equal(alone.ready(), false);
    const started = Date.now();
    assert.throws(() => {
      for (let i = 0; i < 10; i += 1) alone.write(1, new Uint8Array(16));
    }, /stopped answering/);
    assert.ok(Date.now() - started >= 200);
  });
});

describe('drawSample', () => {
  /** A list whose record hashes fill many slots of a small ring, its hash and a plan. */
  async function fixture() {
    await init({ module_or_path: fs.readFileSync(path.join(ROOT, 'pkg/deepdive_bg.wasm')) });
    const bytes = fs.readFileSync(path.join(ROOT, 'www/examples/annex-a-referrals.csv'));
    const file = new dd.CaseFile(bytes.length);
    file.write(bytes);
    const list = file.open({});
    const inputSha256 = file.sha256();
    file.free();
    const plan = {
      idColumn: 'Child Unique ID', size: 12, seed: 'ring', strata: ['Gender'], reserves: 2,
      filters: [{ op: 'not-blank', column: 'Allocated Team' }],
    };
    return { list, inputSha256, plan, expected: list.sample({ ...plan, inputSha256 }) };
  }

  /**
   * A hasher as `recordHasher` makes one, its reader a thread (or none). A reader that
   * reads gets a long patience, so a slow thread start on a busy machine is no failure.
   */
  function hasher({ reads = true, failAt = -1 } = {}) {
    const patience = reads ? 20000 : 300;
    const sab = newRing(4, 4096);
    const thread = reads ? reader(sab, failAt) : null;
    const digests = thread
      ? thread.then((r) => {
        if ('error' in r) throw new Error(r.error);
        return { idsSha256: r.digests[0], recordsSha256: r.digests[1] };
      })
      : new Promise(() => {});
    digests.catch(() => {});
    let stopped = false;
    const stop = () => {
      stopped = true;
      thread?.stop();
    };
    return { ready: Promise.resolve(true), writer: ringWriter(sab, patience), digests, stop, stopped: () => stopped };
  }

  it('gives the package\'s own sample when another thread hashes the ring', async () => {
    const { list, inputSha256, plan, expected } = await fixture();
    const h = hasher();
    const marks = /** @type {{ring?: boolean}} */ ({});
    const got = await drawSample(list, plan, Promise.resolve(inputSha256), h, marks);
    assert.deepEqual(got, expected);
    assert.equal(marks.ring, true);
    assert.equal(h.stopped(), true);
    list.free();
  });

  it('draws again with its own hashes when the hasher fails or never reads', async () => {
    const { list, inputSha256, plan, expected } = await fixture();
    for (const h of [hasher({ failAt: 2 }), hasher({ reads: false }), null]) {
      const marks = /** @type {{ring?: boolean}} */ ({});
      assert.deepEqual(await drawSample(list, plan, Promise.resolve(inputSha256), h, marks), expected);
      assert.equal(marks.ring, false);
      if (h) assert.equal(h.stopped(), true);
    }
    // A refused plan is refused, hasher or not; a file hash that failed is that failure.
    await assert.rejects(drawSample(list, { ...plan, idColumn: 'No such column' }, Promise.resolve(inputSha256), hasher()), /No such column/);
    await assert.rejects(drawSample(list, plan, Promise.reject(new Error('unreadable file')), null), /unreadable file/);
    list.free();
  });
});
