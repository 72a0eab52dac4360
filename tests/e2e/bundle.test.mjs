/**
 * @file The staged bundle (`dist/deepdive-<version>/`, what `cargo xtask dist` zips and packs):
 * its `SHA256SUMS` verifies with `sha256sum -c` and covers every file; the README's Subresource
 * Integrity values are the files' own; a page made of the README's snippet, served from the
 * versioned path under the strict CSP, loads with the `integrity` attributes (and a changed
 * value is refused); and two copies of the bundle on one page warn once and keep the first
 * definition.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUNDLE, BUNDLE_PATH, HOST_CSP, closeChecked, launch, timetableForm, url } from './helpers.mjs';

const README = fs.readFileSync(path.join(BUNDLE, 'README.md'), 'utf8');

/**
 * Every file under `dir`, as sorted `/`-separated relative paths.
 *
 * @param {string} dir
 * @returns {string[]}
 */
function filesUnder(dir) {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * A file's Subresource Integrity value.
 *
 * @param {string} rel
 */
function sri(rel) {
  return `sha384-${crypto.createHash('sha384').update(fs.readFileSync(path.join(BUNDLE, rel))).digest('base64')}`;
}

describe('the bundle’s checksums and integrity values', () => {
  it('SHA256SUMS verifies with sha256sum -c and lists every file but itself', () => {
    const out = execFileSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: BUNDLE, encoding: 'utf8' });
    const listed = fs.readFileSync(path.join(BUNDLE, 'SHA256SUMS'), 'utf8').trim().split('\n').map((l) => l.slice(66));
    assert.deepEqual(listed, filesUnder(BUNDLE).filter((f) => f !== 'SHA256SUMS'));
    assert.equal(out.trim().split('\n').filter((l) => l.endsWith(': OK')).length, listed.length);
    for (const file of ['pkg/deepdive_bg.wasm', 'pkg/xlsx/deepdive_bg.wasm', 'deepdive.css', 'examples/annex-a-referrals.csv']) {
      assert.ok(listed.includes(file), `${file} is not covered`);
    }
  });

  it('holds what a site serves and nothing else', () => {
    const files = filesUnder(BUNDLE);
    assert.deepEqual(files.filter((f) => /\.(html|scss|map)$/.test(f) && f !== 'deepdive-offline.html'), []);
    assert.ok(!files.some((f) => f.startsWith('styles/')), 'the Sass sources are not shipped');
    assert.ok(!files.includes('main.mjs'), 'the site’s own entry point is not shipped');
    for (const file of ['define.mjs', 'wasm.mjs', 'dom.mjs', 'pkg/deepdive.d.ts', 'pkg/xlsx/deepdive.js', 'CHANGELOG.md', 'LICENSE', 'package.json']) {
      assert.ok(files.includes(file), `${file} is missing`);
    }
  });

  it('the README gives each linked file’s own sha384 value', () => {
    const rows = [...README.matchAll(/^\| `([^`]+)` \| `(sha384-[A-Za-z0-9+/=]+)` \|$/gm)];
    assert.deepEqual(rows.map((r) => r[1]), [
      'deepdive.css', 'deepdive-full.css', 'timetable/dd-timetable.mjs', 'frameworks/dd-frameworks.mjs',
      'sampler/dd-sampler.mjs', 'consultation/dd-consultation.mjs', 'responses/dd-responses.mjs',
    ]);
    for (const [, file, value] of rows) assert.equal(value, sri(file), file);
    assert.match(README, /nested module\s+imports/, 'the README says what integrity does not cover');
  });

  it('package.json exports each element module and both stylesheets, and lists only the bundle', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(BUNDLE, 'package.json'), 'utf8'));
    assert.equal(`deepdive-${pkg.version}/`, BUNDLE_PATH);
    for (const [name, target] of Object.entries(pkg.exports)) {
      assert.ok(fs.existsSync(path.join(BUNDLE, /** @type {string} */ (target))), `${name}: ${target}`);
    }
    assert.equal(pkg.exports['./sampler'], './sampler/dd-sampler.mjs');
    assert.equal(pkg.exports['./deepdive.css'], './deepdive.css');
    for (const entry of pkg.files) assert.ok(fs.existsSync(path.join(BUNDLE, entry)), entry);
  });
});

/**
 * Serves `html` at `name` on the test server's origin with the host CSP.
 *
 * @param {import('./helpers.mjs').Session} session
 * @param {string} name
 * @param {string} html
 */
async function serveHost(session, name, html) {
  await session.context.route(url(name), (route) => route.fulfill({
    status: 200, contentType: 'text/html; charset=utf-8', body: html, headers: { 'content-security-policy': HOST_CSP },
  }));
}

/**
 * A host page around a body of HTML.
 *
 * @param {string} body
 */
function page(body) {
  return `<!DOCTYPE html><html lang="en" class="govuk-template"><head><meta charset="utf-8"><title>Host</title>
${body}</head><body class="govuk-template__body"><main class="govuk-width-container"><div id="host"></div></main></body></html>`;
}

describe('a page made of the README’s snippet', () => {
  const snippet = README.match(/<!-- snippet -->\n```html\n([\s\S]*?)```\n<!-- \/snippet -->/)?.[1] ?? '';

  it('is in the README, with integrity and crossorigin on each link', () => {
    assert.match(snippet, new RegExp(`href="/${BUNDLE_PATH}deepdive.css"`));
    assert.equal([...snippet.matchAll(/integrity="sha384-[^"]+" crossorigin="anonymous"/g)].length, 2);
  });

  it('loads from the versioned path under the strict CSP, and works', async () => {
    const session = await launch();
    try {
      await serveHost(session, 'sri-host.html', page(snippet));
      await session.page.goto(url('sri-host.html'));
      const form = timetableForm(session.page);
      await form.fillDate('5', '10', '2015');
      await form.submit.click();
      await form.result.waitFor();
      assert.ok(session.requests.some((r) => r.endsWith(`/${BUNDLE_PATH}deepdive.css`)));
      // The stylesheet applied: the timeline's own rule.
      assert.equal(await session.page.locator('.dd-timeline').evaluate((e) => getComputedStyle(e).listStyleType), 'none');
    } finally {
      await closeChecked(session);
    }
  });

  it('with a changed integrity value, the browser refuses the module', async () => {
    const session = await launch();
    try {
      const wrong = `sha384-${crypto.createHash('sha384').update('not the module').digest('base64')}`;
      const tampered = snippet.replace(/(dd-timetable\.mjs"\s+integrity=")[^"]+/, `$1${wrong}`);
      assert.notEqual(tampered, snippet);
      await serveHost(session, 'sri-tampered.html', page(tampered));
      await session.page.goto(url('sri-tampered.html'));
      await session.page.waitForFunction(() => document.readyState === 'complete');
      assert.equal(await session.page.evaluate(() => Boolean(customElements.get('dd-timetable'))), false);
      assert.ok(session.consoleErrors.some((e) => /integrity/i.test(e)), session.consoleErrors.join('\n'));
    } finally {
      await session.close();
    }
  });
});

describe('two copies of the bundle on one page', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;
  /** @type {string[]} */
  const warnings = [];

  before(async () => {
    session = await launch();
    session.page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  });
  after(() => closeChecked(session));

  it('warn once per element, throw nothing, and keep the first definition', async () => {
    // The same module from `/` and from the versioned path (and a third URL of the second
    // copy's module): three module instances, three classes, one name.
    const copies = ['timetable/dd-timetable.mjs', `${BUNDLE_PATH}timetable/dd-timetable.mjs`,
      `${BUNDLE_PATH}timetable/dd-timetable.mjs?copy=3`].map((m) => url(m));
    await serveHost(session, 'two-copies.html', page(
      copies.map((src) => `<script type="module" src="${src}"></script>`).join('\n')
      + `\n<script type="module" src="${url('frameworks/dd-frameworks.mjs')}"></script>`
      + `\n<script type="module" src="${url(`${BUNDLE_PATH}frameworks/dd-frameworks.mjs`)}"></script>`,
    ));
    await session.page.goto(url('two-copies.html'));
    await session.page.waitForFunction(() => document.readyState === 'complete');
    const first = await session.page.evaluate(async (src) => {
      const module = await import(src);
      return customElements.get('dd-timetable') === module.DeepDiveTimetable;
    }, copies[0]);
    assert.equal(first, true, 'the first copy’s definition stays');
    await session.page.evaluate(() => {
      const node = document.createElement('dd-timetable');
      node.setAttribute('framework', 'jtai-2015');
      /** @type {HTMLElement} */ (document.getElementById('host')).append(node);
    });
    const form = timetableForm(session.page);
    await form.fillDate('5', '10', '2015');
    await form.submit.click();
    await form.result.waitFor();
    const ours = warnings.filter((w) => w.startsWith('Deep Dive:'));
    assert.equal(ours.filter((w) => w.includes('<dd-timetable>')).length, 1, ours.join('\n'));
    assert.equal(ours.filter((w) => w.includes('<dd-frameworks>')).length, 1, ours.join('\n'));
    assert.equal(ours.length, 2, ours.join('\n'));
    assert.match(ours[0], new RegExp(BUNDLE_PATH.replace(/\./g, '\\.')));
  });
});
