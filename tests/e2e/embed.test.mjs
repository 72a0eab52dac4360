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
  ROOT, assertAllRequestsLocal, assertClean, assertGovukHostChangesNothing, assertNoAxeViolations, closeChecked,
  launch, open, serveGovukHost, timetableForm, url,
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
    const html = fs.readFileSync(path.join(ROOT, 'site/embed-example.html'), 'utf8');
    assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), ['<script type="module" src="timetable/dd-timetable.mjs">']);
    assert.deepEqual([...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]), ['<link rel="stylesheet" href="deepdive-full.css">']);
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
 * component initialised twice). One row per element; its `ready` waits for the render.
 *
 * @type {import('./helpers.mjs').Hosted[]}
 */
const HOSTED = [
  {
    name: 'dd-timetable', module: 'timetable/dd-timetable.mjs', attributes: { framework: 'jtai-2015' },
    ready: (page) => page.locator('dd-timetable form').first().waitFor(),
  },
  {
    name: 'dd-frameworks', module: 'frameworks/dd-frameworks.mjs', attributes: {},
    ready: (page) => page.locator('dd-frameworks .dd-framework').first().waitFor(),
  },
];

describe('on a host page that calls GOV.UK Frontend’s initAll()', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;

  before(async () => {
    session = await launch();
    await serveGovukHost(session);
  });
  after(() => closeChecked(session));

  for (const element of HOSTED) {
    it(`leaves <${element.name}> as it renders without GOV.UK Frontend`, () => assertGovukHostChangesNothing(session, element));
  }
});
