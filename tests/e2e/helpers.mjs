/**
 * @file Shared helpers of Deep Dive's end-to-end tests: launch Debian's Chromium through
 * playwright-core, record what the page logs and requests, and run axe-core.
 *
 * The tests need a server that serves `site/` and then the staged bundle's folder
 * (`dist/deepdive-<version>/`, `DD_BUNDLE`) at `/`, and the bundle again at `/deepdive-<version>/`,
 * with the page's Content-Security-Policy header; its base URL comes from `DD_BASE_URL` (the
 * build tool stages the bundle, starts the server on a free port of 127.0.0.1 and sets both).
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The staged bundle's folder, `dist/deepdive-<version>/`: `DD_BUNDLE`, or found from Cargo.toml's
 * version.
 */
export const BUNDLE = process.env.DD_BUNDLE || path.join(ROOT, 'dist', `deepdive-${cargoVersion()}`);

/** The bundle's versioned path on the server, e.g. `deepdive-0.2.0/`. */
export const BUNDLE_PATH = `${path.basename(BUNDLE)}/`;

/**
 * deepdive's version, from the `[package]` table of Cargo.toml.
 *
 * @returns {string}
 */
function cargoVersion() {
  const toml = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const version = toml.split('[package]')[1]?.match(/^version\s*=\s*"([^"]+)"/m)?.[1];
  if (!version) throw new Error('Cargo.toml has no [package] version');
  return version;
}

/** Debian's Chromium, the only browser the tests use. */
export const CHROMIUM = process.env.DD_CHROMIUM || '/usr/bin/chromium';

/**
 * The server's base URL, ending in `/`.
 *
 * @returns {string}
 */
export function baseUrl() {
  const base = process.env.DD_BASE_URL;
  if (!base) {
    throw new Error('DD_BASE_URL is not set: run the e2e tests through the build tool, which starts the server, '
      + 'or run `cargo xtask serve --port N` and set DD_BASE_URL=http://127.0.0.1:N.');
  }
  return base.endsWith('/') ? base : `${base}/`;
}

/**
 * A URL on the test server.
 *
 * @param {string} [pathname] - A path relative to the base, e.g. `embed-example.html`.
 * @returns {string}
 */
export function url(pathname = '') {
  return new URL(pathname, baseUrl()).href;
}

/**
 * One browser session: a persistent context in a fresh profile folder, its page, and what the
 * page did.
 *
 * @typedef {object} Session
 * @property {import('playwright-core').BrowserContext} context
 * @property {import('playwright-core').Page} page
 * @property {string[]} consoleErrors - Console messages of type `error`.
 * @property {string[]} pageErrors - Uncaught exceptions in the page.
 * @property {string[]} requests - Every URL requested, in order.
 * @property {string[]} failures - Failed requests and responses with status 400 or more.
 * @property {() => Promise<void>} close - Closes the browser and removes the profile.
 */

/**
 * Launches Chromium headless with a fresh profile and records console errors, page errors and
 * every request.
 *
 * @returns {Promise<Session>}
 */
export async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dd-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run',
    ],
  });
  /** @type {Session} */
  const session = {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    consoleErrors: [],
    pageErrors: [],
    requests: [],
    failures: [],
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
  // Requests are recorded for the whole context (service workers, favicons and all), not only
  // for the page.
  context.on('request', (request) => session.requests.push(request.url()));
  context.on('requestfailed', (request) => {
    const error = request.failure()?.errorText;
    // A request the browser abandons because the test navigated away (often the favicon)
    // did not fail; missing files still show here as HTTP errors.
    if (error === 'net::ERR_ABORTED') return;
    session.failures.push(`${request.url()}: ${error}`);
  });
  context.on('response', (response) => {
    if (response.status() >= 400) session.failures.push(`${response.url()}: HTTP ${response.status()}`);
  });
  session.page.on('console', (message) => {
    if (message.type() === 'error') session.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  session.page.on('pageerror', (error) => session.pageErrors.push(String(error?.stack ?? error)));
  return session;
}

/**
 * Opens a page of the test server and waits for Deep Dive's elements on it to be ready.
 *
 * @param {Session} session
 * @param {string} [pathname] - e.g. `` (the main page) or `embed-example.html`.
 * @returns {Promise<import('playwright-core').Response>} The page's response.
 */
export async function open(session, pathname = '') {
  const response = await session.page.goto(url(pathname));
  assert.ok(response, `no response for ${pathname}`);
  assert.equal(response.status(), 200, `GET ${pathname}`);
  await session.page.locator('dd-timetable form').waitFor();
  if (await session.page.locator('dd-frameworks').count()) {
    await session.page.locator('dd-frameworks .dd-framework').first().waitFor();
  }
  return response;
}

/**
 * Asserts the page logged no console error and threw nothing, and that no request failed.
 *
 * @param {Session} session
 */
export function assertClean(session) {
  assert.deepEqual(session.consoleErrors, [], 'console errors');
  assert.deepEqual(session.pageErrors, [], 'page errors');
  assert.deepEqual(session.failures, [], 'failed requests');
}

/**
 * Asserts every request went to 127.0.0.1 (over http, at the test server's port).
 *
 * @param {Session} session
 */
export function assertAllRequestsLocal(session) {
  assert.ok(session.requests.length > 0, 'no request was recorded');
  const expected = new URL(baseUrl());
  for (const requested of session.requests) {
    const parsed = new URL(requested);
    assert.equal(parsed.hostname, '127.0.0.1', `request left 127.0.0.1: ${requested}`);
    assert.equal(parsed.port, expected.port, `request to another port: ${requested}`);
  }
}

/**
 * Ends a suite's session: asserts it stayed clean (and, with `local`, that every request
 * stayed on 127.0.0.1), and closes the browser even when an assertion fails, or the test
 * run would never end.
 *
 * @param {Session | undefined} session
 * @param {{local?: boolean}} [checks]
 */
export async function closeChecked(session, { local = true } = {}) {
  try {
    if (session) {
      assertClean(session);
      if (local) assertAllRequestsLocal(session);
    }
  } finally {
    await session?.close();
  }
}

const AXE_SOURCE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page as it is now and returns its violations.
 *
 * How axe gets into the page: not with `page.addScriptTag({content})`, which adds an inline
 * `<script>` that the page's CSP (`script-src 'self'`) blocks, logging a CSP violation; and not
 * with `bypassCSP: true`, which would switch off the very policy these tests check. Instead
 * `page.evaluate(source)` evaluates axe's source through the DevTools protocol
 * (`Runtime.evaluate`), which a page's CSP does not govern, the way a developer's console is not
 * blocked. axe itself uses no `eval`, so it then runs under the page's policy unchanged.
 *
 * @param {import('playwright-core').Page} page
 * @param {object} [options] - Options for `axe.run`, e.g. `{rules: {...}}`.
 * @returns {Promise<Array<{id: string, impact: string, help: string, nodes: Array<{target: string[], failureSummary: string}>}>>}
 */
export async function axeViolations(page, options = {}) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (runOptions) => {
    const results = await /** @type {any} */ (window).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      ...runOptions,
    });
    return results.violations.map((/** @type {any} */ v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((/** @type {any} */ n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, options);
}

/**
 * Asserts axe-core finds no violations, listing them readably if it does.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} state - What the page shows, for the message.
 */
export async function assertNoAxeViolations(page, state) {
  const violations = await axeViolations(page);
  const described = violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`);
  assert.deepEqual(described, [], `axe-core violations in the ${state}`);
}

/**
 * The `<dd-timetable>` form's controls, found by their accessible names.
 *
 * @param {import('playwright-core').Page | import('playwright-core').Locator} scope
 */
export function timetableForm(scope) {
  const element = scope.locator('dd-timetable');
  const date = element.getByRole('group', { name: 'First on-site day' });
  return {
    element,
    framework: element.getByLabel('Inspection framework'),
    day: date.getByLabel('Day'),
    month: date.getByLabel('Month'),
    year: date.getByLabel('Year'),
    closures: element.getByLabel('Closure days (optional)'),
    notice: element.getByLabel('Notice, in working days'),
    letter: element.getByLabel('Letter due, in working days after fieldwork'),
    submit: element.getByRole('button', { name: 'Work out the timetable' }),
    errorSummary: element.locator('.govuk-error-summary'),
    result: element.locator('.dd-result'),
    /**
     * Fills the first on-site day.
     *
     * @param {string} day
     * @param {string} month
     * @param {string} year
     */
    async fillDate(day, month, year) {
      await this.day.fill(day);
      await this.month.fill(month);
      await this.year.fill(year);
    },
    /**
     * The summary list of the result as `{key: value}` text.
     *
     * @returns {Promise<Record<string, string>>}
     */
    async summary() {
      const rows = element.locator('.dd-result__summary .govuk-summary-list__row');
      /** @type {Record<string, string>} */
      const out = {};
      for (const row of await rows.all()) {
        const key = (await row.locator('dt').innerText()).trim();
        out[key] = (await row.locator('dd').innerText()).replace(/\s+/g, ' ').trim();
      }
      return out;
    },
  };
}

/** Where {@link serveGovukHost} serves the host pages and GOV.UK Frontend's files. */
export const GOVUK_HOST = 'govuk-host/';

/** The policy every host page is served with: no inline script or style, wasm allowed. */
export const HOST_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
  + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

/**
 * The host pages {@link serveGovukHost} serves: each is `tests/e2e/fixtures/govuk-host.html`
 * with its stylesheets, and the GOV.UK Frontend module its `initAll()` comes from.
 *
 * - `govuk-host.html`: a GOV.UK service page, GOV.UK Frontend 6.x's own compiled CSS and
 *   JavaScript, with the bundle's `deepdive.css` (from the versioned path).
 * - `govuk5-host.html`: the same with GOV.UK Frontend 5.x (the `govuk-frontend-5` alias).
 * - `full-host.html`: a page without GOV.UK Frontend, with the bundle's `deepdive-full.css` only.
 *
 * @type {Record<string, {css: string[], frontend: string | null}>}
 */
export const HOSTS = {
  'govuk-host.html': { css: ['govuk-frontend.min.css', `../${BUNDLE_PATH}deepdive.css`], frontend: 'govuk-frontend.min.js' },
  'govuk5-host.html': {
    css: ['govuk5/govuk-frontend.min.css', `../${BUNDLE_PATH}deepdive.css`], frontend: 'govuk5/govuk-frontend.min.js',
  },
  'full-host.html': { css: [`../${BUNDLE_PATH}deepdive-full.css`], frontend: null },
};

/**
 * Serves, on the test server's origin under `govuk-host/`, the {@link HOSTS} pages and GOV.UK
 * Frontend's own stylesheets and JavaScript (6.x and 5.x, from node_modules, never copied into
 * the bundle); `govuk-frontend.min.js` exports `initAll`. Each carries {@link HOST_CSP}. The
 * fonts and images GOV.UK Frontend's stylesheet names are not served (their requests are
 * aborted, which the session does not count as failures), so GDS Transport falls back to
 * Arial, as `deepdive-full.css` names it.
 *
 * @param {Session} session
 */
export async function serveGovukHost(session) {
  const dist = (/** @type {string} */ pkg) => path.join(ROOT, 'node_modules', pkg, 'dist/govuk');
  const fixture = fs.readFileSync(path.join(ROOT, 'tests/e2e/fixtures/govuk-host.html'), 'utf8');
  /** @type {Record<string, [Buffer | string, string]>} */
  const files = {
    'govuk-frontend.min.css': [fs.readFileSync(path.join(dist('govuk-frontend'), 'govuk-frontend.min.css')), 'text/css'],
    'govuk-frontend.min.js': [fs.readFileSync(path.join(dist('govuk-frontend'), 'govuk-frontend.min.js')), 'text/javascript'],
    'govuk5/govuk-frontend.min.css': [fs.readFileSync(path.join(dist('govuk-frontend-5'), 'govuk-frontend.min.css')), 'text/css'],
    'govuk5/govuk-frontend.min.js': [fs.readFileSync(path.join(dist('govuk-frontend-5'), 'govuk-frontend.min.js')), 'text/javascript'],
  };
  for (const [name, host] of Object.entries(HOSTS)) {
    const links = host.css.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n  ');
    files[name] = [fixture.replace('<!-- stylesheets -->', links), 'text/html; charset=utf-8'];
  }
  await session.context.route(`${url(GOVUK_HOST)}**`, async (route) => {
    const name = new URL(route.request().url()).pathname.slice(new URL(url(GOVUK_HOST)).pathname.length);
    const file = files[name];
    if (!file) {
      await route.fulfill({ status: 404, body: '' });
      return;
    }
    await route.fulfill({ status: 200, body: file[0], contentType: file[1], headers: { 'content-security-policy': HOST_CSP } });
  });
  // GOV.UK Frontend's stylesheet names its fonts and images under /assets/.
  await session.context.route(`${url('assets/')}**`, (route) => route.abort('aborted'));
}

/**
 * @typedef {object} Hosted An element as a host page embeds it.
 * @property {string} name - Its tag, e.g. `dd-timetable`.
 * @property {string} module - Its module in the bundle, e.g. `timetable/dd-timetable.mjs`.
 * @property {Record<string, string>} attributes - Set before it renders.
 * @property {(page: import('playwright-core').Page) => Promise<void>} ready - Waits for its
 *   render, and takes it to the state to compare (a preview, results…).
 */

/**
 * Opens a host page ({@link serveGovukHost}; GOV.UK Frontend 6.x's unless `host` names another)
 * with one element loaded from the bundle's versioned path, brings it to its compared state and
 * returns its markup, live regions and `data-module` count. With `initAll`, the host calls
 * GOV.UK Frontend's `initAll()` before the element renders and again once it is ready.
 *
 * @param {Session} session
 * @param {Hosted} element
 * @param {boolean} initAll
 * @param {string} [host] - A page of {@link HOSTS}.
 * @returns {Promise<{html: string, live: number, modules: number}>}
 */
export async function renderOnGovukHost(session, element, initAll, host = 'govuk-host.html') {
  const { page } = session;
  await page.goto(url(`${GOVUK_HOST}${host}`));
  const script = HOSTS[host].frontend;
  if (initAll && !script) throw new Error(`${host} has no GOV.UK Frontend to initialise`);
  const frontendUrl = script ? url(`${GOVUK_HOST}${script}`) : '';
  await page.evaluate(async ({ name, attributes, frontend, init }) => {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    /** @type {HTMLElement} */ (document.getElementById('host')).append(node);
    if (init) {
      document.body.classList.add('govuk-frontend-supported');
      (await import(frontend)).initAll();
    }
  }, { name: element.name, attributes: element.attributes, frontend: frontendUrl, init: initAll });
  await page.evaluate(async (src) => { await import(src); }, url(`${BUNDLE_PATH}${element.module}`));
  await element.ready(page);
  if (initAll) await page.evaluate(async (frontend) => (await import(frontend)).initAll(), frontendUrl);
  return page.locator(element.name).evaluate((node) => ({
    html: node.outerHTML,
    live: node.querySelectorAll('[aria-live], [role="status"], [role="alert"]').length,
    modules: node.querySelectorAll('[data-module]').length,
  }));
}

/**
 * Asserts that a host page calling `initAll()` left the element as it renders alone: no
 * GOV.UK module started inside it, the same live regions, the same markup.
 *
 * @param {Session} session
 * @param {Hosted} element
 */
export async function assertGovukHostChangesNothing(session, element) {
  const alone = await renderOnGovukHost(session, element, false);
  const hosted = await renderOnGovukHost(session, element, true);
  assert.equal(hosted.modules, 0, `<${element.name}> asks GOV.UK Frontend to initialise its components`);
  assert.equal(hosted.live, alone.live, 'live regions');
  assert.equal(hosted.html, alone.html);
}
