/**
 * @file A ring of slots in a `SharedArrayBuffer`: one worker writes bytes into it while
 * another reads them, with a fixed amount of memory whatever passes through.
 *
 * Why: the sampler's worker hands the bytes of its two record hashes (most of the file's
 * size) to a second worker, which hashes them on the other core while the draw goes on.
 * Buffers sent with `postMessage` are freed only when the engine collects garbage, so
 * sending them held most of the list's size again until a collection; the ring holds
 * {@link SLOTS} × {@link SLOT} bytes. The writer is busy in WebAssembly throughout, so it cannot take
 * messages: the two sides meet through `Atomics` alone.
 *
 * A shared buffer needs a cross-origin isolated page (the server sends
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy:
 * require-corp`); {@link ringsWork} says whether this one is. Both sides block
 * (`Atomics.wait`), so both must be workers.
 */

/** Slots in a ring. */
const SLOTS = 8;
/** Bytes a slot holds. */
const SLOT = 1024 * 1024;

// The control words: slots written and read so far, a signal bumped on each change the
// reader waits for, the state, and whether the reader has started.
const HEAD = 0;
const TAIL = 1;
const SIGNAL = 2;
const STATE = 3;
const READY = 4;
// The ring's shape: its slots and their size.
const COUNT = 5;
const SIZE = 6;
/** Each slot's length and stream number follow the control words. */
const META = 8;
const CLOSED = 1;
const FAILED = 2;

/** How long one wait lasts before the state is looked at again, in ms. */
const TICK = 50;

/**
 * Whether rings work here: a worker in a cross-origin isolated page.
 *
 * @returns {boolean}
 */
export function ringsWork() {
  // The page's types are the window's; a worker's scope is looked up by name.
  const scope = /** @type {{WorkerGlobalScope?: Function}} */ (/** @type {unknown} */ (globalThis)).WorkerGlobalScope;
  return (
    globalThis.crossOriginIsolated === true &&
    typeof SharedArrayBuffer === 'function' &&
    typeof Atomics?.wait === 'function' &&
    typeof scope === 'function' &&
    globalThis instanceof scope
  );
}

/**
 * A new ring's shared buffer, to send to the reader.
 *
 * @param {number} [slots]
 * @param {number} [slot] - Bytes per slot.
 * @returns {SharedArrayBuffer}
 */
export function newRing(slots = SLOTS, slot = SLOT) {
  const control = (META + 2 * slots) * 4;
  const sab = new SharedArrayBuffer(control + slots * slot);
  const words = new Int32Array(sab, 0, META);
  words[COUNT] = slots;
  words[SIZE] = slot;
  return sab;
}

/**
 * The parts of a ring's buffer.
 *
 * @param {SharedArrayBuffer} sab
 */
function parts(sab) {
  const shape = new Int32Array(sab, 0, META);
  const slots = shape[COUNT];
  const slot = shape[SIZE];
  const control = (META + 2 * slots) * 4;
  return { words: new Int32Array(sab, 0, META + 2 * slots), data: new Uint8Array(sab, control), slots, slot };
}

/** Thrown by a writer when the reader has failed or stopped answering. */
export class RingError extends Error {}

/**
 * The writing side: `write(stream, bytes)` copies bytes in (waiting while the ring is full),
 * `close()` marks the end. Bytes of one stream stay in order; a slot holds one stream.
 *
 * @param {SharedArrayBuffer} sab
 * @param {number} [patience] - How long to wait for the reader to free a slot, in ms,
 *   before giving up with a {@link RingError}.
 */
export function ringWriter(sab, patience = 30000) {
  const { words, data, slots, slot } = parts(sab);
  let head = 0;
  let fill = 0;
  let stream = -1;

  const signal = () => {
    Atomics.add(words, SIGNAL, 1);
    Atomics.notify(words, SIGNAL);
  };
  const publish = () => {
    const i = head % slots;
    words[META + 2 * i] = fill;
    words[META + 2 * i + 1] = stream;
    head += 1;
    Atomics.store(words, HEAD, head);
    signal();
    fill = 0;
  };
  /** Time spent waiting for room, in ms. */
  let blocked = 0;
  /** Waits until the slot at `head` is free. */
  const room = () => {
    let waited = 0;
    for (;;) {
      if (Atomics.load(words, STATE) === FAILED) throw new RingError('the hashing worker failed');
      const tail = Atomics.load(words, TAIL);
      if (head - tail < slots) return;
      if (waited >= patience) throw new RingError('the hashing worker stopped answering');
      const t = performance.now();
      Atomics.wait(words, TAIL, tail, TICK);
      blocked += performance.now() - t;
      waited += TICK;
    }
  };

  return {
    /**
     * @param {number} to - The stream (a small number).
     * @param {Uint8Array} bytes - Copied before this returns.
     */
    write(to, bytes) {
      if (fill > 0 && to !== stream) publish();
      stream = to;
      let at = 0;
      while (at < bytes.length) {
        if (fill === 0) room();
        const n = Math.min(slot - fill, bytes.length - at);
        data.set(bytes.subarray(at, at + n), (head % slots) * slot + fill);
        fill += n;
        at += n;
        if (fill === slot) publish();
      }
    },
    /** Marks the end, after what is written. */
    close() {
      if (fill > 0) publish();
      Atomics.store(words, STATE, CLOSED);
      signal();
    },
    /** How long writes have waited for the reader to free a slot, in ms. */
    blocked() {
      return blocked;
    },
    /** Whether the reader has started. */
    ready() {
      return Atomics.load(words, READY) === 1;
    },
  };
}

/**
 * The reading side: passes each slot to `sink(stream, bytes)` in order (`bytes` is valid
 * only during the call) until the writer closes the ring. It blocks, so it belongs in a
 * worker that does nothing else meanwhile. If `sink` throws, the writer is told.
 *
 * @param {SharedArrayBuffer} sab
 * @param {(stream: number, bytes: Uint8Array) => void} sink
 */
export function readRing(sab, sink) {
  const { words, data, slots, slot } = parts(sab);
  let tail = 0;
  Atomics.store(words, READY, 1);
  try {
    for (;;) {
      const seen = Atomics.load(words, SIGNAL);
      if (tail < Atomics.load(words, HEAD)) {
        const i = tail % slots;
        sink(words[META + 2 * i + 1], data.subarray(i * slot, i * slot + words[META + 2 * i]));
        tail += 1;
        Atomics.store(words, TAIL, tail);
        Atomics.notify(words, TAIL);
      } else if (Atomics.load(words, STATE) === CLOSED) {
        // The last slot may have come between the two loads: closed only once all are read.
        if (tail >= Atomics.load(words, HEAD)) return;
      } else {
        Atomics.wait(words, SIGNAL, seen, TICK);
      }
    }
  } catch (error) {
    Atomics.store(words, STATE, FAILED);
    Atomics.notify(words, TAIL);
    throw error;
  }
}
