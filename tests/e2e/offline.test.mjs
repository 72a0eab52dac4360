/**
 * @file The offline single file (`deepdive-offline.html`), opened from disk in Chromium with
 * every request recorded: each tool's main flow works, nothing but the file itself is read
 * (no request besides `file:`, `data:` and `blob:`), and the page's Content-Security-Policy
 * is the strict one and refuses nothing the page does.
 *
 * The file comes from `DD_OFFLINE_FILE`, or the staged bundle's (`dist/deepdive-<version>/`,
 * which `cargo xtask test` stages before this stage).
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { BUNDLE, ROOT, assertClean, launch, timetableForm } from './helpers.mjs';
import init, * as dd from '../../pkg/deepdive.js';

const FILE = process.env.DD_OFFLINE_FILE || path.join(BUNDLE, 'deepdive-offline.html');
const EXAMPLE = path.join(ROOT, 'www/examples/annex-a-referrals.csv');
const WORKBOOK = path.join(ROOT, 'tests/fixtures/annex-a.xlsx');

/** The plan the sampler's test enters too, as the API takes it. */
const PLAN = {
  idColumn: 'Child Unique ID',
  size: 12,
  seed: '6 1 4 4 2 3',
  strata: ['Gender'],
  allocation: 'proportional',
  reserves: 2,
  filters: [],
};

describe('the offline file', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;
  /** @type {string} */
  let tmp;
  const fileUrl = pathToFileURL(FILE).href;

  before(async () => {
    assert.ok(fs.existsSync(FILE), `${FILE} is missing: run \`cargo xtask offline\``);
    await init({ module_or_path: fs.readFileSync(path.join(ROOT, 'pkg/deepdive_bg.wasm')) });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dd-offline-'));
    session = await launch();
    // Any request to the network is refused (and recorded by the session as well).
    await session.context.route(/^(?!file:|data:|blob:)/, (route) => route.abort('blockedbyclient'));
    // CSP violations, in the page and reported from its workers, kept for the last test.
    await session.context.addInitScript(() => {
      const w = /** @type {any} */ (window);
      w.ddViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.ddViolations.push(`${e.violatedDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
      });
    });
    await session.page.goto(fileUrl);
    await session.page.locator('dd-timetable form').waitFor();
  });
  after(async () => {
    try {
      if (session) assertClean(session);
    } finally {
      await session?.close();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  /**
   * Clicks something that downloads a file and returns it.
   *
   * @param {import('playwright-core').Locator} trigger
   */
  async function download(trigger) {
    const [file] = await Promise.all([session.page.waitForEvent('download'), trigger.click()]);
    const saved = path.join(tmp, `${Date.now()}-${file.suggestedFilename()}`);
    await file.saveAs(saved);
    return { name: file.suggestedFilename(), path: saved, text: fs.readFileSync(saved, 'utf8') };
  }

  /** @param {string} name - A service navigation link's text. */
  async function go(name) {
    await session.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name }).click();
  }

  it('is one file under 3 MB whose policy allows no connection and no inline code but its own', async () => {
    const html = fs.readFileSync(FILE, 'utf8');
    assert.ok(Buffer.byteLength(html) < 3 * 1024 * 1024, `${Buffer.byteLength(html)} bytes`);
    const csp = await session.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.ok(csp);
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['connect-src'], ["'none'"]);
    assert.deepEqual(directives['worker-src'], ['blob:']);
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes("'unsafe-eval'"), csp);
    assert.equal(directives['script-src'].filter((s) => s.startsWith("'sha256-")).length, 1);
    assert.ok(directives['script-src'].includes("'wasm-unsafe-eval'"));
    // The script's hash is that of the one inline script, as the page has it.
    const script = await session.page.locator('script').evaluateAll((s) => s.map((e) => e.textContent ?? ''));
    assert.equal(script.length, 1);
    const { createHash } = await import('node:crypto');
    assert.equal(directives['script-src'][0], `'sha256-${createHash('sha256').update(script[0]).digest('base64')}'`);
    assert.deepEqual(await session.page.locator('link[rel="stylesheet"], script[src]').count(), 0);
  });

  it('works out a timetable and shows the frameworks', async () => {
    const form = timetableForm(session.page);
    await form.framework.selectOption('jtai-2015');
    await form.fillDate('5', '10', '2015');
    await form.submit.click();
    await form.result.waitFor();
    const summary = await form.summary();
    assert.equal(summary['On site'], '5 to 9 October 2015 (5 working days)');
    assert.match(summary.Notification, /^Wednesday 23 September 2015/);
    const frameworks = session.page.locator('dd-frameworks .dd-framework');
    await frameworks.first().waitFor();
    assert.ok(await frameworks.count() >= 2);
    assert.match(await session.page.locator('dd-frameworks').innerText(), /Joint targeted area inspection/i);
  });

  it('draws a sample from the example list, and its receipt is the API\'s and checks out', async () => {
    const { page } = session;
    await go('Sample cases');
    assert.equal(await page.locator('#sampler').isVisible(), true);
    assert.equal(await page.locator('#timetables').isVisible(), false);
    assert.match(page.url(), /#sampler$/);
    const element = page.locator('dd-sampler');
    await element.getByRole('button', { name: 'Try with example data' }).click();
    const preview = element.locator('.dd-sampler__preview');
    await preview.waitFor();
    assert.match(await element.locator('.dd-sampler__file-summary').innerText(), /annex-a-referrals\.csv \(43\.6 KB\)/);
    await element.getByRole('group', { name: 'Stratify by (optional)' }).getByLabel('Gender', { exact: true }).check();
    await element.getByLabel('How many cases to select in all').fill('12');
    await element.getByLabel('Reserves in each stratum').fill('2');
    await element.getByLabel('Seed', { exact: true }).fill(PLAN.seed);
    await element.getByRole('button', { name: 'Draw the sample' }).click();
    await element.locator('.dd-sampler__drawn').waitFor();

    const expected = dd.sample(fs.readFileSync(EXAMPLE), PLAN);
    const receipt = await download(page.getByRole('button', { name: 'Download the receipt (JSON)' }));
    assert.equal(receipt.name, 'annex-a-referrals-receipt.json');
    assert.equal(receipt.text, expected.receiptJson);

    // Check that receipt against the example list, chosen from disk.
    await element.getByRole('radio', { name: 'Check a receipt' }).check();
    const verify = element.locator('.dd-sampler__verify');
    await verify.getByLabel('Case list', { exact: true }).setInputFiles(EXAMPLE);
    await verify.getByLabel('Receipt', { exact: true }).setInputFiles(receipt.path);
    await element.getByRole('button', { name: 'Check the receipt' }).click();
    const banner = element.locator('.dd-sampler__verify-result .govuk-notification-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Receipt verified/);
  });

  it('reads an .xlsx workbook with the workbook package, and draws from it', async () => {
    const { page } = session;
    await page.reload();
    await page.locator('dd-sampler .dd-sampler__step').first().waitFor();
    assert.equal(await page.locator('#sampler').isVisible(), true, 'the fragment names the section after a reload');
    const element = page.locator('dd-sampler');
    await element.locator('.dd-sampler__sample').getByLabel('Case list', { exact: true }).setInputFiles(WORKBOOK);
    await element.locator('.dd-sampler__preview').waitFor();
    assert.equal(await element.getByLabel('Sheet', { exact: true }).inputValue(), '1 Contacts');
    assert.match(await element.locator('.dd-sampler__file-summary').innerText(), /Excel workbook, sheet “1 Contacts”/);
    await element.getByLabel('How many cases to select in all').fill('2');
    await element.getByLabel('Seed', { exact: true }).fill('1');
    await element.getByRole('button', { name: 'Draw the sample' }).click();
    await element.locator('.dd-sampler__drawn').waitFor();
    const receipt = JSON.parse((await download(page.getByRole('button', { name: 'Download the receipt (JSON)' }))).text);
    assert.equal(receipt.source.format, 'xlsx');
    assert.equal(receipt.selected.length, 2);
  });

  it('answers the consultation to the check page, saves the answers to a file and submits', async () => {
    const { page } = session;
    await go('Respond to a consultation');
    const element = page.locator('dd-consultation');
    const button = (/** @type {string} */ name) => element.getByRole('button', { name });
    await button('Start now').click();
    assert.match(page.url(), /#consultation-form-/);
    assert.equal(await page.locator('#consultation').isVisible(), true, 'the form\'s own fragment keeps its section');
    await element.getByLabel('As an individual').check();
    await element.getByLabel('Health', { exact: true }).check();
    await button('Continue').click();
    await element.getByLabel('Agree', { exact: true }).check();
    await button('Continue').click();
    await element.getByLabel('Publish my response without my name or my organisation’s name').check();
    await button('Continue').click();
    await element.getByRole('button', { name: 'Submit your response' }).waitFor();
    const saved = await download(button('Save your answers to a file'));
    assert.equal(JSON.parse(saved.text).answers?.clear, 'agree', saved.text);
    await button('Submit your response').click();
    const file = await download(button('Download your response (JSON file)'));
    // The response is one the core accepts (validateResponse takes the file's text).
    const verdict = dd.validateResponse(dd.consultationDefinition('demo'), file.text);
    assert.deepEqual(verdict.problems, []);
    assert.equal(verdict.ok, true);
    assert.equal(JSON.parse(file.text).answers.clear, 'agree');
  });

  it('analyses the demonstration responses, downloaded from the file', async () => {
    const { page } = session;
    await go('Analyse responses');
    const element = page.locator('dd-responses');
    await element.locator('.dd-definition p').waitFor();
    const demo = await download(page.getByRole('link', { name: 'sample responses to the demonstration consultation' }));
    assert.equal(demo.text, fs.readFileSync(path.join(ROOT, 'www/examples/demo-responses.jsonl'), 'utf8'));
    await element.getByLabel('Response files').setInputFiles(demo.path);
    await element.locator('.dd-counts').waitFor();
    assert.match(await element.locator('.dd-files-count').innerText(), /1 file loaded, holding \d+ responses\./);
    assert.ok(await element.locator('.dd-question-result').count() > 0);
  });

  it('read nothing but the file itself, and the policy refused nothing', async () => {
    const others = session.requests.filter((r) => !/^(data|blob):/.test(r) && r !== session.page.url().replace(/#.*$/, '') && r !== fileUrl);
    assert.deepEqual(others, [], 'requests besides the file, data: and blob:');
    assert.ok(session.requests.includes(fileUrl), 'the file itself was not recorded: is the recorder on?');
    const violations = await session.page.evaluate(() => /** @type {any} */ (window).ddViolations);
    assert.deepEqual(violations, []);
  });
});
