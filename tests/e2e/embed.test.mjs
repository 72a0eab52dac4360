/**
 * @file `<dd-timetable>` embedded alone: `www/embed-example.html` has only the stylesheet, the
 * element's one module script and the element, as a host page would.
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ROOT, assertAllRequestsLocal, assertClean, assertNoAxeViolations, launch, open, timetableForm,
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
    assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), ['<script type="module" src="elements/dd-timetable.mjs">']);
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
