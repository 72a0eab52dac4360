/**
 * @file `<dd-timetable>` embedded alone: `www/embed-example.html` has only the stylesheet, the
 * element's one module script and the element, as a host page would. And each element on a
 * GOV.UK service page that runs GOV.UK Frontend's own JavaScript.
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  GOVUK_HOST, ROOT, assertAllRequestsLocal, assertClean, assertNoAxeViolations, closeChecked, launch, open,
  serveGovukHost, timetableForm, url,
} from './helpers.mjs';

describe('the embedded element', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;

  before(async () => {
    session = await launch();
    await open(session, 'embed-example.html');
  });
  after(async () => {
    await session?.close();
  });

  it('needs only one module script and the stylesheet', async () => {
    const html = fs.readFileSync(path.join(ROOT, 'www/embed-example.html'), 'utf8');
    assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), ['<script type="module" src="timetable/dd-timetable.mjs">']);
    assert.deepEqual([...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]), ['<link rel="stylesheet" href="styles/app.css">']);
    // Only the timetable element is defined: it did not rely on main.mjs or the other element.
    assert.deepEqual(await session.page.evaluate(() => [
      Boolean(customElements.get('dd-timetable')), Boolean(customElements.get('dd-frameworks')),
    ]), [true, false]);
    assert.equal(session.requests.some((r) => r.endsWith('/main.mjs')), false);
  });

  it('preselects the framework from its attribute and works out a timetable', async () => {
    const form = timetableForm(session.page);
    assert.equal(await form.framework.inputValue(), 'jtai-2015');
    await form.fillDate('5', '10', '2015');
    await form.submit.click();
    await form.result.waitFor();
    const summary = await form.summary();
    assert.match(summary.Notification, /^Wednesday 23 September 2015/);
    assert.equal(summary['On site'], '5 to 9 October 2015 (5 working days)');
    await assertNoAxeViolations(session.page, 'embedded element with a result');
  });

  it('stays on 127.0.0.1 with a clean console', () => {
    assertAllRequestsLocal(session);
    assertClean(session);
  });
});

/**
 * The elements on a GOV.UK service page that runs GOV.UK Frontend's own JavaScript: `initAll()`
 * before the element renders and again after changes nothing in it (no second live region, no
 * component initialised twice). One row per element; the element's `ready` selector says when
 * it has rendered.
 */
const HOSTED = [
  { name: 'dd-timetable', module: 'timetable/dd-timetable.mjs', attributes: { framework: 'jtai-2015' }, ready: 'form' },
  { name: 'dd-frameworks', module: 'frameworks/dd-frameworks.mjs', attributes: {}, ready: '.dd-framework' },
];

describe('on a host page that calls GOV.UK Frontend’s initAll()', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;

  before(async () => {
    session = await launch();
    await serveGovukHost(session);
  });
  after(() => closeChecked(session));

  /**
   * Opens the host page with one element, renders it, and returns its markup and live regions.
   *
   * @param {typeof HOSTED[number]} element
   * @param {boolean} initAll - Whether the host calls `initAll()` before and after the render.
   */
  async function render(element, initAll) {
    const { page } = session;
    await page.goto(url(`${GOVUK_HOST}govuk-host.html`));
    const moduleUrl = url(element.module);
    const frontendUrl = url(`${GOVUK_HOST}govuk-frontend.min.js`);
    await page.evaluate(async ({ name, attributes, frontendUrl: frontend, initAll: init }) => {
      const host = /** @type {HTMLElement} */ (document.getElementById('host'));
      const node = document.createElement(name);
      for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
      host.append(node);
      if (init) {
        document.body.classList.add('govuk-frontend-supported');
        (await import(frontend)).initAll();
      }
    }, { name: element.name, attributes: element.attributes, frontendUrl, initAll });
    await page.evaluate(async (src) => { await import(src); }, moduleUrl);
    await page.locator(`${element.name} ${element.ready}`).first().waitFor();
    if (initAll) await page.evaluate(async (frontend) => (await import(frontend)).initAll(), frontendUrl);
    return page.locator(element.name).evaluate((node) => ({
      html: node.outerHTML,
      live: node.querySelectorAll('[aria-live], [role="status"], [role="alert"]').length,
      modules: node.querySelectorAll('[data-module]').length,
    }));
  }

  for (const element of HOSTED) {
    it(`leaves <${element.name}> as it renders without GOV.UK Frontend`, async () => {
      const alone = await render(element, false);
      const hosted = await render(element, true);
      assert.equal(hosted.modules, 0, 'the element asks GOV.UK Frontend to initialise its components');
      assert.equal(hosted.live, alone.live, 'live regions');
      assert.equal(hosted.html, alone.html);
    });
  }
});
