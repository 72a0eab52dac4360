/**
 * @file The engine smoke's harness: one browser engine (`DD_ENGINE=firefox|webkit`) driven
 * over W3C WebDriver with `selenium-webdriver`, behind a small recording proxy.
 *
 * - The driver (geckodriver, or WebKitWebDriver for WebKitGTK's MiniBrowser) is started here on
 *   a free port and the session made with `WebDriver.createSession` on it, so neither Selenium
 *   Manager (which would try to download drivers) nor `SELENIUM_*` variables in the
 *   environment take part. The binaries come from variables the build tool sets
 *   (`DD_GECKODRIVER`, `DD_FIREFOX`, `DD_WEBKITDRIVER`, `DD_MINIBROWSER`), with Debian's paths
 *   as defaults. MiniBrowser has no headless mode: it needs an X display (`DISPLAY`, an Xvfb
 *   the build tool starts).
 * - Neither driver gives the console, so the browser talks to the site through a proxy on
 *   127.0.0.1 that records every request and its status and puts `probe.js` first in every
 *   HTML page; the probe records errors in the page, read back by {@link problems}.
 * - The pages are reached by URL only (`DD_BASE_URL`): the smoke does not know where the
 *   server finds its files.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { By, Capabilities, WebDriver } from 'selenium-webdriver';
import { createRequire } from 'node:module';

// The package's HTTP transport has no ES module path (`http/` is a CommonJS folder).
/** @type {typeof import('selenium-webdriver/http.js')} */
const { Executor, HttpClient } = createRequire(import.meta.url)('selenium-webdriver/http');

/** Which engine this run drives. */
export const ENGINE = /** @type {'firefox' | 'webkit'} */ (process.env.DD_ENGINE ?? '');
if (ENGINE !== 'firefox' && ENGINE !== 'webkit') {
  throw new Error(`DD_ENGINE must be firefox or webkit, not ${JSON.stringify(process.env.DD_ENGINE)}; `
    + 'run the smoke through `cargo xtask test`, or set DD_ENGINE, DD_BASE_URL and (for WebKit) DISPLAY yourself');
}

const PROBE = fs.readFileSync(new URL('probe.js', import.meta.url), 'utf8');
const PROBE_PATH = '/__dd_engines/probe.js';

/** How long a wait for the page may take before the test fails, in milliseconds. */
export const WAIT = 30_000;

/**
 * A free TCP port on 127.0.0.1.
 *
 * @returns {Promise<number>}
 */
async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {net.AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(resolve));
  return address.port;
}

/**
 * The driver's command line and the session's capabilities for {@link ENGINE}.
 *
 * @param {number} port
 * @returns {{binary: string, args: string[], capabilities: Record<string, unknown>}}
 */
function engineSetup(port) {
  if (ENGINE === 'firefox') {
    return {
      binary: process.env.DD_GECKODRIVER || 'geckodriver',
      args: ['--host', '127.0.0.1', '--port', String(port)],
      capabilities: {
        browserName: 'firefox',
        'moz:firefoxOptions': {
          binary: process.env.DD_FIREFOX || '/usr/bin/firefox-esr',
          args: ['-headless', '-width', '1100', '-height', '900'],
          // No update checks, telemetry or other traffic of the browser's own.
          prefs: { 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false },
        },
      },
    };
  }
  return {
    binary: process.env.DD_WEBKITDRIVER || '/usr/bin/WebKitWebDriver',
    args: [`--port=${port}`],
    capabilities: {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {
        binary: process.env.DD_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        args: ['--automation'],
      },
    },
  };
}

/**
 * Waits until a driver answers `GET /status`.
 *
 * @param {string} base
 * @param {import('node:child_process').ChildProcess} child
 */
async function driverReady(base, child) {
  const until = Date.now() + WAIT;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the driver exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${base}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`the driver at ${base} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A proxy in front of the site: passes every request on, records it, and puts the probe
 * first in HTML pages.
 *
 * @param {URL} site - The site's base URL.
 */
async function startProxy(site) {
  /** @type {string[]} */
  const requests = [];
  /** @type {string[]} */
  const failures = [];
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/', site);
    requests.push(target.pathname + target.search);
    if (target.pathname === PROBE_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(PROBE);
      return;
    }
    const headers = { ...req.headers, host: target.host };
    // The proxy rewrites HTML, so it asks for it uncompressed and uncached.
    delete headers['accept-encoding'];
    delete headers['if-none-match'];
    delete headers['if-modified-since'];
    const upstream = http.request(target, { method: req.method, headers }, (up) => {
      const status = up.statusCode ?? 502;
      if (status >= 400) failures.push(`${req.method} ${target.pathname}: HTTP ${status}`);
      const type = String(up.headers['content-type'] ?? '');
      if (!type.startsWith('text/html')) {
        res.writeHead(status, up.headers);
        up.pipe(res);
        return;
      }
      /** @type {Buffer[]} */
      const chunks = [];
      up.on('data', (chunk) => chunks.push(chunk));
      up.on('end', () => {
        const html = Buffer.concat(chunks).toString('utf8');
        const tag = `<script src="${PROBE_PATH}"></script>`;
        const at = html.search(/<head[^>]*>/i);
        const injected = at < 0 ? tag + html : html.replace(/<head[^>]*>/i, (head) => head + tag);
        const outHeaders = { ...up.headers };
        delete outHeaders['content-length'];
        res.writeHead(status, outHeaders);
        res.end(injected);
      });
    });
    upstream.on('error', (err) => {
      failures.push(`${req.method} ${target.pathname}: ${err.message}`);
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {net.AddressInfo} */ (server.address());
  return {
    base: `http://127.0.0.1:${port}/`,
    requests,
    failures,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/**
 * One engine session.
 *
 * @typedef {object} Session
 * @property {WebDriver} driver
 * @property {string} browser - The browser's name and version, as the driver reports them.
 * @property {(pathname: string) => string} url - A page's URL through the proxy.
 * @property {string[]} requests - Every path the browser asked the proxy for.
 * @property {string[]} failures - Requests answered with 400 or more, or not at all.
 * @property {() => Promise<void>} close
 */

/**
 * Starts the driver, the proxy and a browser session.
 *
 * @returns {Promise<Session>}
 */
export async function startSession() {
  const base = process.env.DD_BASE_URL;
  if (!base) throw new Error('DD_BASE_URL is not set: run the smoke through `cargo xtask test`, or serve the site and set it');
  const proxy = await startProxy(new URL(base.endsWith('/') ? base : `${base}/`));
  const port = await freePort();
  const { binary, args, capabilities } = engineSetup(port);
  const logFile = path.join(os.tmpdir(), `dd-engines-${ENGINE}-${process.pid}.log`);
  const log = fs.openSync(logFile, 'w');
  const child = spawn(binary, args, { stdio: ['ignore', log, log] });
  const stopDriver = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    fs.closeSync(log);
  };
  /** @type {WebDriver} */
  let driver;
  try {
    const driverUrl = `http://127.0.0.1:${port}`;
    await driverReady(driverUrl, child);
    const executor = new Executor(new HttpClient(driverUrl));
    driver = await WebDriver.createSession(executor, new Capabilities(capabilities));
  } catch (err) {
    await stopDriver();
    await proxy.close();
    throw new Error(`could not start ${ENGINE} (driver log: ${logFile}): ${err}`);
  }
  const caps = await driver.getCapabilities();
  await driver.manage().setTimeouts({ script: WAIT, pageLoad: WAIT });
  return {
    driver,
    browser: `${caps.getBrowserName()} ${caps.getBrowserVersion()}`,
    url: (pathname) => new URL(pathname.replace(/^\//, ''), proxy.base).href,
    requests: proxy.requests,
    failures: proxy.failures,
    close: async () => {
      try {
        await driver.quit();
      } finally {
        await stopDriver();
        await proxy.close();
      }
    },
  };
}

/**
 * What the probe recorded on the page now shown: errors, rejections, CSP violations and
 * `console.error` calls. A page the probe was not put into (a `file:` URL) gives `null`.
 *
 * @param {WebDriver} driver
 * @returns {Promise<string[] | null>}
 */
export async function problems(driver) {
  return driver.executeScript('return window.__ddEngineProblems ? [...window.__ddEngineProblems] : null;');
}

/**
 * Waits until `find` returns a truthy value in the page, and returns it.
 *
 * @param {WebDriver} driver
 * @param {string} what - Said when the wait fails.
 * @param {string} script - A function body run in the page with `arguments`.
 * @param {...unknown} args
 * @returns {Promise<any>}
 */
export async function waitFor(driver, what, script, ...args) {
  const until = Date.now() + WAIT;
  for (;;) {
    const value = await driver.executeScript(script, ...args);
    if (value) return value;
    if (Date.now() > until) {
      const seen = await problems(driver).catch(() => null);
      throw new Error(`timed out waiting for ${what}; the page's problems: ${JSON.stringify(seen)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The form control a `<label>` with this text names, inside `scope` (a CSS selector).
 *
 * @param {WebDriver} driver
 * @param {string} scope
 * @param {string} text - The label's whole text, spaces collapsed.
 * @returns {Promise<import('selenium-webdriver').WebElement>}
 */
export async function byLabel(driver, scope, text) {
  return waitFor(driver, `the field labelled “${text}”`, `
    const [scope, text] = arguments;
    const root = document.querySelector(scope);
    if (!root) return null;
    const words = (el) => el.textContent.replace(/\\s+/g, ' ').trim();
    const labels = [...root.querySelectorAll('label')];
    // The label's whole text, or (a label with a hint inside) its text before the hint.
    const label = labels.find((l) => words(l) === text) ?? labels.find((l) => words(l).startsWith(text));
    if (!label) return null;
    return (label.htmlFor ? document.getElementById(label.htmlFor) : label.querySelector('input, select, textarea')) ?? null;`, scope, text);
}

/**
 * A visible button (or link styled as one) with this text inside `scope`.
 *
 * @param {WebDriver} driver
 * @param {string} scope
 * @param {string} text
 * @returns {Promise<import('selenium-webdriver').WebElement>}
 */
export async function button(driver, scope, text) {
  return waitFor(driver, `the button “${text}”`, `
    const [scope, text] = arguments;
    const root = document.querySelector(scope);
    if (!root) return null;
    return [...root.querySelectorAll('button, a, input[type=submit]')]
      .find((b) => (b.textContent || b.value || '').replace(/\\s+/g, ' ').trim() === text && b.getClientRects().length > 0) ?? null;`,
  scope, text);
}

/**
 * Clicks an element after scrolling it into view (WebKitWebDriver does not scroll for us in
 * every case).
 *
 * @param {WebDriver} driver
 * @param {import('selenium-webdriver').WebElement} element
 */
export async function click(driver, element) {
  await driver.executeScript('arguments[0].scrollIntoView({block: "center"});', element);
  await element.click();
}

/**
 * Gives a file input these files, as a person choosing them would: the files are written to a
 * temporary folder and their paths typed into the input (W3C "Element Send Keys").
 *
 * @param {import('selenium-webdriver').WebElement} input
 * @param {Array<{name: string, bytes: Uint8Array | string}>} files
 */
export async function chooseFiles(input, files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dd-engines-files-'));
  const paths = files.map(({ name, bytes }) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  });
  await input.sendKeys(paths.join('\n'));
}

/**
 * Clicks something that offers a download (Deep Dive's `downloadText`: a click on an
 * `<a download href="blob:…">`) and returns the file's name and text, read from the page.
 * The click on the link is stopped, so no browser's download handling takes part.
 *
 * @param {WebDriver} driver
 * @param {import('selenium-webdriver').WebElement} trigger
 * @returns {Promise<{name: string, text: string}>}
 */
export async function download(driver, trigger) {
  // The page's CSP (`connect-src 'self'`) does not let even a test fetch a `blob:` URL, so the
  // Blob is kept when its URL is made, and read from there.
  await driver.executeScript(`
    window.__ddDownload = null;
    const blobs = new Map();
    const make = URL.createObjectURL;
    URL.createObjectURL = (blob) => { const href = make.call(URL, blob); blobs.set(href, blob); return href; };
    const stop = (event) => {
      const link = event.target instanceof Element ? event.target.closest('a[download]') : null;
      if (!link || !blobs.has(link.href)) return;
      event.preventDefault();
      document.removeEventListener('click', stop, true);
      URL.createObjectURL = make;
      const name = link.getAttribute('download');
      blobs.get(link.href).text().then((text) => { window.__ddDownload = { name, text }; });
    };
    document.addEventListener('click', stop, true);`);
  await click(driver, trigger);
  return waitFor(driver, 'the download', 'return window.__ddDownload;');
}

/**
 * The text of the first element matching a selector, spaces collapsed (or null).
 *
 * @param {WebDriver} driver
 * @param {string} selector
 * @returns {Promise<string | null>}
 */
export async function text(driver, selector) {
  return driver.executeScript(
    'const el = document.querySelector(arguments[0]); return el ? el.textContent.replace(/\\s+/g, " ").trim() : null;',
    selector);
}

/**
 * Asserts the page shown had no problems the probe saw, and no request failed.
 *
 * @param {Session} session
 * @param {string} page
 */
export async function assertClean(session, page) {
  assert.deepEqual(await problems(session.driver), [], `${page}: errors in the page`);
  assert.deepEqual(session.failures, [], `${page}: failed requests`);
}

export { By };
