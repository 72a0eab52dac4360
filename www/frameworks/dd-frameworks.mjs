/**
 * @file `<dd-frameworks>`: a browser of the inspection frameworks Deep Dive knows, with the
 * source of every fact.
 *
 * Usage, on any page (with the bundle's `deepdive.css` on top of GOV.UK Frontend's styles, or `deepdive-full.css` if the page lacks them):
 *
 * ```html
 * <script type="module" src="/frameworks/dd-frameworks.mjs"></script>
 * <dd-frameworks></dd-frameworks>
 * ```
 *
 * Attributes (all optional, all observed):
 * - `framework`: show only the framework with this id, e.g. `jtai-2015`.
 * - `heading-level`: the level (2–6, default 2) of each framework's heading.
 *
 * Events (bubbling, composed): `dd-frameworks` each time the list is shown; `detail` is
 * `{frameworks}`, the ids shown.
 *
 * Each framework is a GOV.UK summary card (`card-view.mjs`) whose facts sit in a details
 * component: open for the framework in force (the one inspections follow today, which most
 * readers come for) and for a framework asked for by id, closed for the others, so five records
 * do not make one very long page. Each fact carries a tag naming its source: `seed` (the news
 * items Deep Dive started from), `public` (public guidance) or `ours` (our modelling choice).
 * Failures are shown in place.
 */

import { loadDeepDive } from '../wasm.mjs';
import { h, describeFailure, sourceKey } from '../dom.mjs';
import { frameworkCard } from './card-view.mjs';
import { defineElement } from '../define.mjs';

/**
 * Lists the frameworks, each with its facts and their sources.
 *
 * @fires DeepDiveFrameworks#dd-frameworks
 */
export class DeepDiveFrameworks extends HTMLElement {
  static get observedAttributes() {
    return ['framework', 'heading-level'];
  }

  #started = false;
  /** @type {import('../wasm.mjs').DeepDiveApi | null} */
  #api = null;

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    this.#start();
  }

  /**
   * Shows the list again for the new attribute, keeping which cards the reader opened.
   *
   * @param {string} _name
   * @param {string | null} old
   * @param {string | null} value
   */
  attributeChangedCallback(_name, old, value) {
    if (this.#api && old !== value) this.#show();
  }

  /** Loads the API and shows the frameworks; a failure is shown in place. */
  async #start() {
    this.replaceChildren(h('p', { class: 'govuk-body', role: 'status' }, 'Loading the frameworks…'));
    try {
      this.#api = await loadDeepDive();
      this.#show();
    } catch (error) {
      this.#showFailure(error);
    }
  }

  /** Shows the cards the attributes ask for. */
  #show() {
    try {
      const api = /** @type {import('../wasm.mjs').DeepDiveApi} */ (this.#api);
      const only = this.getAttribute('framework');
      const list = api.frameworks().filter((framework) => !only || framework.id === only);
      if (!list.length) {
        this.replaceChildren(h('p', { class: 'govuk-body' },
          only ? `There is no framework called “${only}”.` : 'There are no frameworks.'));
        return;
      }
      const opened = new Set([...this.querySelectorAll('.dd-framework')]
        .filter((card) => card.querySelector('details')?.open)
        .map((card) => card.getAttribute('data-framework')));
      const firstTime = !this.querySelector('.dd-framework');
      const cards = list.map((brief) => frameworkCard(api.framework(brief.id), {
        level: this.#level,
        open: Boolean(only) || (firstTime ? brief.status === 'in-force' : opened.has(brief.id)),
      }));
      this.replaceChildren(sourceKey(), ...cards);
      this.dispatchEvent(new CustomEvent('dd-frameworks', {
        bubbles: true, composed: true, detail: { frameworks: list.map((framework) => framework.id) },
      }));
    } catch (error) {
      this.#showFailure(error);
    }
  }

  /** @param {unknown} error */
  #showFailure(error) {
    this.replaceChildren(h('div', { class: 'govuk-error-summary', tabindex: '-1' },
      h('div', { role: 'alert' },
        h('h2', { class: 'govuk-error-summary__title' }, 'The frameworks cannot be shown'),
        h('div', { class: 'govuk-error-summary__body' },
          h('p', { class: 'govuk-body' }, describeFailure(error)),
          h('p', { class: 'govuk-body' }, 'Try reloading the page.')))));
  }

  /** The heading level of each card (2–6). */
  get #level() {
    const level = Number(this.getAttribute('heading-level'));
    return Number.isInteger(level) && level >= 2 && level <= 6 ? level : 2;
  }
}

defineElement('dd-frameworks', DeepDiveFrameworks);
