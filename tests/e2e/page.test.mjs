/**
 * @file The Deep Dive page as a whole: served under the strict CSP, clean console, GOV.UK
 * layout in its non-GOV.UK form, no request leaving 127.0.0.1, axe-core, and the framework
 * browser.
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ROOT, assertAllRequestsLocal, assertClean, assertNoAxeViolations, launch, open, timetableForm,
} from './helpers.mjs';

describe('the page', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;
  /** @type {import('playwright-core').Response} */
  let response;

  before(async () => {
    session = await launch();
    response = await open(session);
  });
  after(async () => {
    await session?.close();
  });

  it('is served with the strict CSP and loads with no console or page errors', async () => {
    const csp = response.headers()['content-security-policy'];
    assert.ok(csp, 'the page has no Content-Security-Policy header');
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean)
      .map((d) => { const [name, ...values] = d.split(/\s+/); return [name, values]; }));
    assert.deepEqual(directives['script-src']?.sort(), ["'self'", "'wasm-unsafe-eval'"].sort(), `script-src in ${csp}`);
    assert.deepEqual(directives['style-src'], ["'self'"], `style-src in ${csp}`);
    // Both elements rendered from the WebAssembly package, under that policy.
    await assert.doesNotReject(session.page.locator('dd-timetable select option').first().waitFor({ state: 'attached' }));
    assert.equal(await session.page.locator('dd-frameworks .dd-framework').count(), 5);
    assertClean(session);
  });

  it('has no inline script, inline style or style attribute in its HTML', () => {
    for (const file of ['index.html', 'embed-example.html']) {
      const html = fs.readFileSync(path.join(ROOT, 'site', file), 'utf8');
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, `${file}: a script without src`);
      assert.doesNotMatch(html, /<style[\s>]/i, `${file}: a <style> element`);
      assert.doesNotMatch(html, /\sstyle=/i, `${file}: a style attribute`);
      assert.doesNotMatch(html, /\son[a-z]+=/i, `${file}: an inline event handler`);
    }
  });

  it('uses GOV.UK’s generic header and footer, with a skip link and no crown', async () => {
    const { page } = session;
    assert.equal((await page.locator('.govuk-generic-header').innerText()).trim(), 'Deep Dive');
    assert.equal(await page.locator('.govuk-header, .govuk-header__logotype, .govuk-footer__crown, .govuk-footer__copyright-logo').count(), 0);
    assert.match(await page.locator('.govuk-footer').innerText(), /MIT licence/);
    assert.equal(await page.title(), 'Deep Dive: timetables for joint child protection inspections');
    // The skip link is the first thing the keyboard reaches, and it leads to the main content.
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    assert.equal(await focused.innerText(), 'Skip to main content');
    assert.equal(await focused.getAttribute('href'), '#main-content');
    assert.equal(await page.locator('main#main-content').count(), 1);
    // The page's intro says what Deep Dive is for.
    assert.match(await page.locator('main').innerText(), /works out the timetable of a joint inspection/);
  });

  it('uses Arial and requests no font file', async () => {
    const families = await session.page.locator('main p, main label, .govuk-generic-header a, dd-timetable button')
      .evaluateAll((nodes) => [...new Set(nodes.map((n) => getComputedStyle(n).fontFamily))]);
    assert.deepEqual(families, ['arial, sans-serif']);
    const fonts = session.requests.filter((r) => /\.(woff2?|ttf|otf)(\?|$)/.test(r));
    assert.deepEqual(fonts, []);
  });

  it('reports no accessibility violations (axe-core) on the initial page', async () => {
    await assertNoAxeViolations(session.page, 'initial page');
  });

  it('lists every framework with its facts and the source of each', async () => {
    const cards = session.page.locator('dd-frameworks .dd-framework');
    assert.deepEqual(
      await cards.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-framework'))),
      ['ofsted-cp-2012', 'macp-2012', 'lac-2012', 'sif-2013', 'jtai-2015'],
    );
    const jtai = session.page.locator('.dd-framework[data-framework="jtai-2015"]');
    const row = (/** @type {string} */ key) => jtai.locator('.govuk-summary-list__row', { has: session.page.locator('dt', { hasText: key }) }).locator('dd').first();
    assert.match(await jtai.locator('.govuk-summary-card__title').innerText(), /JTAI/);
    assert.match(await jtai.locator('.govuk-summary-card__title-wrapper .govuk-tag').innerText(), /^In force$/i);
    assert.match(await row('Notice').innerText(), /8 working days from the notification day to the first on-site day; the first on-site day is a Monday/);
    assert.match(await row('Deep-dive themes').innerText(), /Children at risk of child sexual exploitation/);
    assert.match(await row('Judgements').innerText(), /^Narrative/);
    // The letter's deadline is our assumption, and the record says so.
    assert.equal(await row('Reporting').locator('.dd-source[data-source="ours"]').count(), 1);
    assert.match(await row('Programme and other facts').innerText(), /Six inspections in the first six months/);

    // The 2012 proposal: HM Inspectorate of Prisons only where the area has a closed institution.
    // Its facts are closed until the reader opens them.
    const macp = session.page.locator('.dd-framework[data-framework="macp-2012"]');
    await macp.locator('summary').focus();
    await session.page.keyboard.press('Enter');
    const prisons = macp.locator('li', { hasText: 'HM Inspectorate of Prisons' });
    assert.match(await prisons.innerText(), /Takes part only where the area has a prison mother and baby unit, or .*immigration removal centre.*, or the area has a young offender institution/);
    assert.match(await macp.locator('.govuk-summary-list__row', { has: session.page.locator('dt', { hasText: 'Judgements' }) }).innerText(), /Graded: .*Scale: Outstanding, Good, Adequate, Inadequate/s);

    // All three sources appear as tags, each with words for screen readers.
    for (const source of ['seed', 'public', 'ours']) {
      const tags = session.page.locator(`dd-frameworks .dd-source[data-source="${source}"]`);
      assert.ok((await tags.count()) > 0, `no ${source} tag`);
      assert.equal((await tags.first().textContent())?.trim(), `Source: ${source}`);
    }
  });

  it('sends no request beyond 127.0.0.1, including after working out a timetable', async () => {
    const form = timetableForm(session.page);
    await form.framework.selectOption('jtai-2015');
    await form.fillDate('5', '10', '2015');
    await form.submit.click();
    await form.result.waitFor();
    // The check is real only if the page's own files were recorded.
    for (const file of ['deepdive-full.css', 'main.mjs', 'wasm.mjs', 'pkg/deepdive.js', 'pkg/deepdive_bg.wasm']) {
      assert.ok(session.requests.some((r) => new URL(r).pathname.endsWith(`/${file}`)), `${file} was not requested`);
    }
    assertAllRequestsLocal(session);
    // The package is fetched once, however many elements use it.
    assert.equal(session.requests.filter((r) => r.endsWith('/pkg/deepdive_bg.wasm')).length, 1);
    assertClean(session);
  });
});
