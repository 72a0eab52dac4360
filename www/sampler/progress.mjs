/**
 * @file The progress of the sampler's long tasks: a progress bar with its words and a Cancel
 * button, shown after whichever step runs, only for tasks that take a moment.
 */

import { capitalise, h } from '../dom.mjs';

/** Wait this long before showing the progress bar, so quick steps do not flicker. */
const PROGRESS_DELAY_MS = 150;

/** The steps a long task goes through: the progress bar's value (of 4) and the words. */
const STAGES = /** @type {Record<string, [number, string]>} */ ({
  reading: [1, 'Reading the file'],
  loading: [1, 'Loading the file reader'],
  hashing: [2, 'Working out the file’s SHA-256 fingerprint'],
  sampling: [3, 'Drawing the sample'],
  checking: [3, 'Drawing the sample again to check the receipt'],
  done: [4, 'Done'],
});

/** Runs one task at a time in the worker, with a progress bar and a way to cancel it. */
export class Progress {
  /** The running task: its number, whether it runs, and the timer that shows the bar. */
  #task = { id: 0, running: false, timer: 0 };

  /**
   * @param {string} id - The progress bar's id.
   * @param {import('./client.mjs').SamplerClient} client
   */
  constructor(id, client) {
    this.client = client;
    this.label = h('p', { class: 'govuk-body govuk-!-margin-bottom-2', id: `${id}-label` }, '');
    this.bar = /** @type {HTMLProgressElement} */ (h('progress', { class: 'dd-progress__bar', id, max: '4', value: '0', 'aria-labelledby': `${id}-label` }));
    this.cancelButton = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0' }, 'Cancel');
    this.cancelButton.addEventListener('click', () => this.cancel());
    this.box = h('div', { class: 'dd-progress govuk-!-display-none-print', role: 'status', hidden: true }, this.label, this.bar, this.cancelButton);
    // Focus moves here when a task is cancelled, as the cancel button disappears.
    this.notice = h('p', { class: 'govuk-body dd-progress__notice dd-focus-target', role: 'status', tabindex: '-1', hidden: true });
  }

  /**
   * Runs a task in the worker with a progress bar after the given element. A new task cancels
   * a running one.
   *
   * @template T
   * @param {HTMLElement} after - The progress bar goes after this element.
   * @param {() => Promise<T>} work
   * @returns {Promise<{ok: true, value: T} | {ok: false, error: unknown}>} The outcome;
   *   a cancelled task gives `{ok: false, error: Cancelled}`.
   */
  async run(after, work) {
    if (this.#task.running) this.client.cancel();
    this.#task.id += 1;
    const id = this.#task.id;
    this.#task.running = true;
    after.after(this.notice, this.box);
    this.notice.hidden = true;
    this.bar.value = 0;
    this.label.textContent = 'Starting';
    this.cancelButton.hidden = !this.client.inWorker;
    clearTimeout(this.#task.timer);
    this.#task.timer = window.setTimeout(() => {
      if (this.#task.id === id && this.#task.running) this.box.hidden = false;
    }, PROGRESS_DELAY_MS);
    try {
      return { ok: true, value: await work() };
    } catch (error) {
      return { ok: false, error };
    } finally {
      if (this.#task.id === id) {
        this.#task.running = false;
        clearTimeout(this.#task.timer);
        this.box.hidden = true;
      }
    }
  }

  /**
   * Shows a stage of the running task.
   *
   * @param {string} stage
   */
  stage(stage) {
    const [value, words] = STAGES[stage] ?? [0, capitalise(stage)];
    this.bar.value = value;
    this.label.textContent = `${words}…`;
  }

  /** Stops the running task; what the user entered and the chosen file stay. */
  cancel() {
    if (!this.#task.running) return;
    this.client.cancel();
    this.#task.running = false;
    clearTimeout(this.#task.timer);
    this.box.hidden = true;
    this.notice.hidden = false;
    this.notice.textContent = 'Cancelled. Your file and choices are still here: you can try again.';
    this.notice.focus();
  }
}
