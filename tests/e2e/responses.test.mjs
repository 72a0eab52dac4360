/**
 * @file `<dd-responses>` in the browser: 50 response files generated here with known answers
 * give hand-counted results (tables, charts, free text, exports); a JSON array, JSON lines and
 * files that must be set aside (late, another consultation or version, a repeated id, invalid
 * answers, the preview, before the opening, not JSON) are each reported with their file name
 * and counted apart, whether picked or dropped; markup in answers stays text; the sample file
 * in www/examples is accepted; axe-core finds nothing; no request leaves 127.0.0.1. And the defects
 * of issue 10: a file loaded twice, plain messages, the remove button, reflow at 320 px, print,
 * observed attributes, and a host page calling GOV.UK Frontend’s initAll().
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  ROOT, assertGovukHostChangesNothing, assertNoAxeViolations, closeChecked, launch, serveGovukHost, url,
} from './helpers.mjs';
import {
  IMG_ANSWER, SCALE, SCRIPT_ANSWER, answersOf, counts, download, file, hashes, response, rows, uuid,
} from './responses-fixtures.mjs';

describe('<dd-responses>', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;
  /** @type {Record<string, string>} */
  let hash;

  before(async () => {
    session = await launch();
    await session.page.goto(url('responses.html'));
    hash = await hashes(session.page);
  });
  beforeEach(async () => {
    const loaded = await session.page.goto(url('responses.html'));
    assert.equal(loaded?.status(), 200);
    await session.page.locator('dd-responses .dd-definition p').waitFor();
  });
  after(() => closeChecked(session));

  it('loads 50 response files and shows the hand-counted results', async () => {
    const { page } = session;
    const element = page.locator('dd-responses');
    assert.match(await element.locator('.dd-definition').innerText(), /Using Demonstration: a consultation form that runs in your browser \(demo, version 1, built into Deep Dive\)/);
    await assertNoAxeViolations(page, 'responses page before loading');

    const events = page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('dd-responses', (event) => resolve(/** @type {CustomEvent} */ (event).detail.summary), { once: true });
    }));
    const files = Array.from({ length: 50 }, (_, i) =>
      file(`response-${String(i + 1).padStart(2, '0')}.json`, JSON.stringify(response(hash.demo, uuid(i + 1), answersOf(i)), null, 2)));
    await element.getByLabel('Response files').setInputFiles(files);
    await element.locator('.dd-counts').waitFor();
    const summary = /** @type {any} */ (await events);
    assert.equal(summary.total, 50);

    assert.equal(await element.locator('.dd-files-count').innerText(), '50 files loaded, holding 50 responses.');
    assert.deepEqual(await counts(element), {
      'Responses loaded': '50', Accepted: '50', 'Late (sent after the close)': '0', Rejected: '0', 'Counted in the results': '50',
    });
    assert.deepEqual(await rows(element.locator('table.dd-by-type')), [
      ['Individuals', '20'], ['Organisations', '25'], ['Prefer not to say', '5'], ['Type not given', '0'],
    ]);

    const question = (/** @type {string} */ id) => element.locator(`.dd-question-result[data-question="${id}"]`);
    const answered = async (/** @type {string} */ id) => (await question(id).locator('.dd-answered').innerText()).trim();

    // Who is responding, and their roles (percentages of the 50 who answered).
    assert.deepEqual(await rows(question('respondent').locator('table.dd-options').first()), [
      ['As an individual', '20 (40%)', '20 (100%)', '0 (0%)', '0 (0%)', '0 (0%)'],
      ['On behalf of an organisation', '25 (50%)', '0 (0%)', '25 (100%)', '0 (0%)', '0 (0%)'],
      ['Prefer not to say', '5 (10%)', '0 (0%)', '0 (0%)', '5 (100%)', '0 (0%)'],
    ]);
    const roles = Object.fromEntries((await rows(question('respondent').locator('table.dd-options').nth(1))).map((r) => [r[0], r[1]]));
    assert.deepEqual(roles, {
      'Local authority children’s services': '25 (50%)', Health: '10 (20%)', Police: '10 (20%)',
      'Probation or youth justice': '0 (0%)', Education: '0 (0%)', 'Voluntary or community sector': '0 (0%)', Other: '0 (0%)',
      'Prefer not to say': '0 (0%)',
    });

    // The agree scale: each answer 10 times (20%), and 20% within every group.
    assert.equal(await answered('clear'), 'Shown to 50 of 50 counted responses; answered by 50.');
    const clear = question('clear').locator('table.dd-options');
    assert.deepEqual((await clear.locator('thead th').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
      ['Answer', 'All (50)', 'Individuals (20)', 'Organisations (25)', 'Prefer not to say (5)', 'Type not given (0)']);
    assert.deepEqual(await rows(clear), SCALE.map((_, n) => [
      ['Strongly agree', 'Agree', 'Neither agree nor disagree', 'Disagree', 'Strongly disagree'][n],
      '10 (20%)', '4 (20%)', '5 (20%)', '1 (20%)', '0 (0%)',
    ]));

    // Multiple choice: 40 answered; percentages of those who answered.
    assert.equal(await answered('devices'), 'Shown to 50 of 50 counted responses; answered by 40.');
    assert.deepEqual(await rows(question('devices').locator('table.dd-options')), [
      ['A desktop or laptop computer', '30 (75%)', '20 (100%)', '10 (50%)', '0 (0%)', '0 (0%)'],
      ['A tablet', '10 (25%)', '0 (0%)', '10 (50%)', '0 (0%)', '0 (0%)'],
      ['A mobile phone', '10 (25%)', '0 (0%)', '10 (50%)', '0 (0%)', '0 (0%)'],
      ['On paper', '0 (0%)', '0 (0%)', '0 (0%)', '0 (0%)', '0 (0%)'],
    ]);
    // The chart: an image with every figure in its name, one bar per option.
    const chart = question('devices').locator('svg.dd-chart');
    assert.equal(await chart.getAttribute('role'), 'img');
    assert.equal(await chart.getAttribute('aria-label'),
      'Bar chart of the answers to “On which devices would you answer a consultation? Choose up to two.”, 40 answered. '
      + 'A desktop or laptop computer: 30 (75%); A tablet: 10 (25%); A mobile phone: 10 (25%); On paper: 0 (0%).');
    assert.deepEqual(await chart.locator('.dd-chart__bar').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-count'))), ['30', '10', '10', '0']);
    const widths = await chart.locator('.dd-chart__bar').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('width'))));
    assert.equal(widths[0], 3 * widths[1]);

    // Yes or no, with one decimal place.
    assert.deepEqual((await rows(question('again').locator('table.dd-options'))).map((r) => r.slice(0, 2)),
      [['Yes', '10 (66.7%)'], ['No', '5 (33.3%)']]);
    assert.deepEqual((await rows(question('consent').locator('table.dd-options'))).map((r) => r.slice(0, 2)), [
      ['Publish my response in full', '25 (50%)'],
      ['Publish my response without my name or my organisation’s name', '0 (0%)'],
      ['Do not publish my response', '25 (50%)'],
    ]);

    // Free text: the follow-up was shown to the 20 who disagreed; markup is shown as text.
    assert.equal(await answered('unclear'), 'Shown to 20 of 50 counted responses; answered by 20.');
    const texts = question('unclear');
    assert.equal(await texts.locator('.dd-free-text__item').count(), 20);
    assert.equal(await texts.locator('.dd-text-count').innerText(), '20 answers.');
    await texts.getByLabel('Search these answers').fill('script');
    assert.equal(await texts.locator('.dd-text-count').innerText(), '1 answer of 20 matches “script”.');
    assert.equal(await texts.locator('.dd-free-text__text').innerText(), SCRIPT_ANSWER);
    assert.match(await texts.locator('.dd-free-text__meta').innerText(), /^Individual · do not publish · response 00000000-0000-4000-8000-000000000004$/);
    await texts.getByLabel('Search these answers').fill('ONERROR');
    assert.equal(await texts.locator('.dd-free-text__text').innerText(), IMG_ANSWER);
    await texts.getByLabel('Search these answers').fill('');
    assert.equal(await texts.locator('.dd-free-text__item').count(), 20);
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).ddXss), undefined);
    assert.equal(await element.locator('script, img').count(), 0);

    // E-mail addresses are counted, never listed.
    assert.equal(await answered('email'), 'Shown to 50 of 50 counted responses; answered by 5.');
    assert.doesNotMatch(await element.innerText(), /respondent\d+@example\.org/);
    assert.equal(await answered('organisation'), 'Shown to 25 of 50 counted responses; answered by 25.');

    await assertNoAxeViolations(page, 'results of 50 responses');

    // All responses as CSV: BOM, CRLF, one row each, no formula. (Its columns, in wording and
    // in codes, are tested in responses-csv.test.mjs.)
    const csv = await download(page, element.getByRole('button', { name: 'All responses (CSV)' }));
    assert.equal(csv.name, 'demo-v1-responses.csv');
    assert.ok(csv.text.startsWith('\uFEFF'), 'a byte-order mark');
    const lines = csv.text.slice(1).split('\r\n');
    assert.equal(lines.at(-1), '');
    assert.equal(lines.length, 52, 'a header, 50 rows and the final line end');
    const row1 = String(lines.find((l) => l.includes(uuid(1))));
    assert.ok(row1.includes(`"'=HYPERLINK(""http://example.org"",""click"")"`), row1);
    assert.ok(lines.some((l) => l.includes('Diolch yn fawr – ŵ ŷ')));

    // The publication CSV: the 25 who consented, no e-mail addresses.
    const publication = await download(page, element.getByRole('button', { name: 'For publication (CSV)' }));
    assert.equal(publication.name, 'demo-v1-publication.csv');
    assert.ok(publication.text.startsWith('\uFEFF'));
    const published = publication.text.slice(1).trimEnd().split('\r\n');
    assert.equal(published.length, 26);
    assert.doesNotMatch(publication.text, /respondent\d+@/);

    // The summary as JSON.
    const json = await download(page, element.getByRole('button', { name: 'Summary (JSON)' }));
    assert.equal(json.name, 'demo-v1-summary.json');
    const saved = JSON.parse(json.text);
    assert.equal(saved.counted, 50);
    assert.deepEqual(saved.byRespondentType, { individual: 20, organisation: 25, 'prefer-not-to-say': 5, 'not-answered': 0 });
  });

  it('reads arrays and JSON lines, picked or dropped, and counts late and rejected files apart', async () => {
    const { page } = session;
    const element = page.locator('dd-responses');
    const demo = (/** @type {number} */ n, /** @type {Record<string, any>} */ extra = {}) =>
      response(hash.demo, uuid(n, '11111111'), { respondent: { type: 'prefer-not-to-say' }, clear: 'agree', consent: 'do-not-publish' }, extra);
    const picked = [
      file('array.json', JSON.stringify([demo(1), demo(2), demo(3)])),
      file('lines.jsonl', `${JSON.stringify(demo(4))}\n${JSON.stringify(demo(5))}\n\n{"consultation": "demo", "version"\n`),
      file('late.json', JSON.stringify(demo(6, { submitted: '2100-01-01T12:00:00+00:00' }))),
      file('other-consultation.json', JSON.stringify({ ...demo(7), consultation: 'jtai-2015', definitionSha256: hash['jtai-2015'] })),
      file('other-version.json', JSON.stringify({ ...demo(8), version: 2 })),
    ];
    const dropped = [
      file('duplicate.json', JSON.stringify(demo(1))),
      file('invalid.json', JSON.stringify(response(hash.demo, uuid(9, '11111111'), { respondent: { type: 'prefer-not-to-say' }, clear: 'maybe' }))),
      file('preview.json', JSON.stringify(demo(10, { preview: true }))),
      file('early.json', JSON.stringify(demo(11, { started: '2025-12-31T09:00:00+00:00', submitted: '2025-12-31T10:00:00+00:00' }))),
      file('broken.json', '{"consultation": "demo", '),
    ];
    await element.getByLabel('Response files').setInputFiles(picked);
    await element.locator('.dd-counts').waitFor();
    // Dropped on the drop zone, as a browser's drag and drop delivers them.
    const transfer = await page.evaluateHandle((files) => {
      const data = new DataTransfer();
      for (const f of files) data.items.add(new File([f.text], f.name, { type: 'application/json' }));
      return data;
    }, dropped.map((f) => ({ name: f.name, text: f.buffer.toString() })));
    await element.locator('.dd-drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
    await element.locator('.dd-files-count', { hasText: '10 files' }).waitFor();

    assert.equal(await element.locator('.dd-files-count').innerText(), '10 files loaded, holding 14 responses.');
    assert.deepEqual(await counts(element), {
      'Responses loaded': '14', Accepted: '5', 'Late (sent after the close)': '1, not counted', Rejected: '8', 'Counted in the results': '5',
    });
    const rejected = await element.locator('table.dd-rejected tbody tr').evaluateAll((trs) => trs.map((tr) => [
      /** @type {HTMLElement} */ (tr.children[0]).innerText.trim(),
      [...tr.querySelectorAll('[data-code]')].map((li) => li.getAttribute('data-code')).join(' '),
    ]));
    assert.deepEqual(rejected, [
      ['lines.jsonl line 4', 'bad-response'],
      ['other-consultation.json', 'wrong-consultation'],
      ['other-version.json', 'wrong-version'],
      ['duplicate.json', 'duplicate-response'],
      ['invalid.json', 'unknown-choice answer-required'],
      ['preview.json', 'preview-response'],
      ['early.json', 'submitted-before-open'],
      ['broken.json', 'bad-response'],
    ]);
    // The duplicate names the file that kept the id.
    assert.match(await element.locator('table.dd-rejected tbody tr', { hasText: 'duplicate.json' }).innerText(), /array\.json \[1\]/);
    assert.deepEqual(await rows(element.locator('table.dd-late')), [['late.json', uuid(6, '11111111'), '2100-01-01T12:00:00+00:00']]);
    await assertNoAxeViolations(page, 'rejected and late responses');

    // Counting late responses is the team's choice.
    await element.getByLabel('Count late responses in the results').check();
    assert.deepEqual(await counts(element), {
      'Responses loaded': '14', Accepted: '5', 'Late (sent after the close)': '1, counted', Rejected: '8', 'Counted in the results': '6',
    });
    assert.equal(await element.getByLabel('Count late responses in the results').evaluate((el) => el === document.activeElement), true);
    const csv = await download(page, element.getByRole('button', { name: 'All responses (CSV)' }));
    assert.equal(csv.text.trimEnd().split('\r\n').length, 7, 'a header and the six counted responses');
    assert.match(csv.text, new RegExp(`${uuid(6, '11111111')},2100-01-01T12:00:00\\+00:00,`));

    // Removing the files empties the results.
    await element.getByRole('button', { name: 'Remove all response files' }).click();
    assert.equal(await element.locator('.dd-no-files').innerText(), 'No response files are loaded yet.');
  });

  it('carries no data-module of GOV.UK Frontend, so a host page’s initAll() finds nothing of its own to start', async () => {
    const { page } = session;
    const element = page.locator('dd-responses');
    const modules = () => element.locator('[data-module]').evaluateAll((all) => all.map((e) => `${e.tagName.toLowerCase()}[data-module=${e.getAttribute('data-module')}]`));
    assert.deepEqual(await modules(), [], 'before loading');
    await element.getByLabel('Or its definition file').setInputFiles(file('broken.json', '{"id": "x"}'));
    await element.locator('.dd-definition .govuk-error-summary').waitFor();
    assert.deepEqual(await modules(), [], 'a definition refused');
    const one = response(hash.demo, uuid(1), { respondent: { type: 'prefer-not-to-say' }, clear: 'agree', consent: 'do-not-publish' });
    await element.getByLabel('Response files').setInputFiles([
      file('one.json', JSON.stringify(one)),
      file('late.json', JSON.stringify({ ...one, id: uuid(2), submitted: '2100-01-01T12:00:00+00:00' })),
      file('broken.json', '{'),
    ]);
    await element.locator('.dd-counts').waitFor();
    assert.deepEqual(await modules(), [], 'results, late and rejected responses');
  });

  it('takes a definition from a file, and a definition dropped among the responses', async () => {
    const { page } = session;
    const element = page.locator('dd-responses');
    const definition = fs.readFileSync(path.join(ROOT, 'src/consultation/data/jtai-2015.json'), 'utf8');
    await element.getByLabel('Or its definition file').setInputFiles(file('jtai.json', definition));
    // Files are read asynchronously: wait for the element to say so before asserting.
    await element.locator('.dd-definition', { hasText: 'from jtai.json' }).waitFor();
    assert.match(await element.locator('.dd-definition').innerText(), /\(jtai-2015, version 1, from jtai\.json\)/);
    // A broken definition is refused with its problems, and the one in use stays.
    await element.getByLabel('Or its definition file').setInputFiles(file('broken.json', '{"id": "x"}'));
    await element.locator('.dd-definition .govuk-error-summary').waitFor();
    const refused = await element.locator('.dd-definition .govuk-error-summary').innerText();
    assert.match(refused, /The definition in broken\.json has problems/);
    // In plain words: what is missing and where, not the JSON reader's message.
    assert.match(refused, /broken\.json has no “version” \(line 1, column 11\), which every definition needs\./);
    assert.doesNotMatch(refused, /`|missing field|EOF/);
    // Dropped with responses: the definition is used, the responses checked against it.
    const demoDefinition = fs.readFileSync(path.join(ROOT, 'src/consultation/data/demo.json'), 'utf8');
    const transfer = await page.evaluateHandle(([def, one]) => {
      const data = new DataTransfer();
      data.items.add(new File([def], 'demo-definition.json', { type: 'application/json' }));
      data.items.add(new File([one], 'one.json', { type: 'application/json' }));
      return data;
    }, [demoDefinition, JSON.stringify(response(hash.demo, uuid(1), { respondent: { type: 'individual', role: 'other' }, clear: 'agree', consent: 'publish-in-full' }))]);
    await element.locator('.dd-drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
    await element.locator('.dd-counts').waitFor();
    await element.locator('.dd-definition', { hasText: 'from demo-definition.json' }).waitFor();
    assert.match(await element.locator('.dd-definition').innerText(), /\(demo, version 1, from demo-definition\.json\)/);
    assert.match(await element.locator('.dd-files').innerText(), /demo-definition\.json is a consultation definition/);
    assert.equal((await counts(element)).Accepted, '1');
  });

  it('skips a file loaded again, whatever its name, and says which file it repeats', async () => {
    const element = session.page.locator('dd-responses');
    const sample = fs.readFileSync(path.join(ROOT, 'www/examples/demo-responses.jsonl'));
    const picker = element.getByLabel('Response files');
    await picker.setInputFiles({ name: 'demo-responses.jsonl', mimeType: 'application/json', buffer: sample });
    await element.locator('.dd-counts').waitFor();
    // The same file again, then a copy under another name with a new file beside it.
    await picker.setInputFiles({ name: 'demo-responses.jsonl', mimeType: 'application/json', buffer: sample });
    await element.locator('.dd-skipped', { hasText: 'demo-responses.jsonl is already loaded' }).waitFor();
    const other = JSON.stringify(response(hash.demo, uuid(77), { respondent: { type: 'prefer-not-to-say' }, clear: 'agree', consent: 'do-not-publish' }));
    await picker.setInputFiles([
      { name: 'copy.jsonl', mimeType: 'application/json', buffer: sample },
      file('new.json', other),
    ]);
    await element.locator('.dd-files-count', { hasText: '2 files' }).waitFor();
    assert.equal(await element.locator('.dd-files-count').innerText(), '2 files loaded, holding 11 responses.');
    assert.deepEqual(await element.locator('.dd-skipped li').allInnerTexts(), [
      'demo-responses.jsonl is already loaded, so it was not loaded again.',
      'copy.jsonl is the same file as demo-responses.jsonl, which is already loaded, so it was not loaded again.',
    ]);
    assert.deepEqual(await counts(element), {
      'Responses loaded': '11', Accepted: '11', 'Late (sent after the close)': '0', Rejected: '0', 'Counted in the results': '11',
    });
    // Once removed, the file can be loaded again.
    await element.getByRole('button', { name: 'Remove all response files' }).click();
    await picker.setInputFiles({ name: 'demo-responses.jsonl', mimeType: 'application/json', buffer: sample });
    await element.locator('.dd-counts').waitFor();
    assert.equal((await counts(element)).Accepted, '10');
    assert.equal(await element.locator('.dd-skipped').count(), 0);
  });

  it('says what is wrong with a rejected response in plain English, naming the file, the line and what to do', async () => {
    const element = session.page.locator('dd-responses');
    const demo = (/** @type {number} */ n) => response(hash.demo, uuid(n, '22222222'), { respondent: { type: 'prefer-not-to-say' }, clear: 'agree', consent: 'do-not-publish' });
    await element.getByLabel('Response files').setInputFiles([
      file('broken.json', '{"consultation": "demo", '),
      file('not-json.json', 'Dear team, my answers are below.'),
      file('lines.jsonl', `${JSON.stringify(demo(1))}\n{"consultation": "demo", "version"\n`),
      file('invalid.json', JSON.stringify(response(hash.demo, uuid(2, '22222222'), { respondent: { type: 'prefer-not-to-say' }, clear: 'maybe', devices: ['computer', 'fax'] }))),
      file('other-version.json', JSON.stringify({ ...demo(3), version: 2 })),
      file('again.json', JSON.stringify(demo(1))),
    ]);
    await element.locator('table.dd-rejected').waitFor();
    const problems = Object.fromEntries(await element.locator('table.dd-rejected tbody tr').evaluateAll((trs) => trs.map((tr) => [
      /** @type {HTMLElement} */ (tr.children[0]).innerText.trim(),
      [...tr.querySelectorAll('li')].map((li) => /** @type {HTMLElement} */ (li).innerText.trim()),
    ])));
    assert.deepEqual(Object.keys(problems), ['broken.json', 'not-json.json', 'lines.jsonl line 2', 'invalid.json', 'other-version.json', 'again.json']);
    const all = Object.values(problems).flat();
    for (const text of all) {
      assert.doesNotMatch(text, /expected|EOF|ident|`|answers\.|definitionSha256|\[\d\]/, `not a developer's message: ${text}`);
      assert.match(text, /^\S.* .*\.$/, `a sentence: ${text}`);
    }
    assert.match(problems['broken.json'][0], /^broken\.json \(at line 1, column \d+\) cannot be read as a response: .*send their response again\.$/);
    assert.match(problems['not-json.json'][0], /^not-json\.json \(at line 1, column 1\) cannot be read as a response/);
    assert.match(problems['lines.jsonl line 2'][0], /^Line 2 of lines\.jsonl cannot be read as a response/);
    assert.deepEqual(problems['invalid.json'], [
      'The answer “maybe” to question 4, “The questions in this form are clear.”, is not one of its options. Ask the respondent to send their response again.',
      'The answer “fax” to question 6, “On which devices would you answer a consultation? Choose up to two.”, is not one of its options. Ask the respondent to send their response again.',
      'There is no answer to question 9, “May we publish your response?”, which must be answered. Ask the respondent to send their response again.',
    ]);
    assert.deepEqual(problems['other-version.json'], [
      'It answers version 2 of this consultation, but version 1 is in use. To count it, use the definition of version 2 in part 1.',
    ]);
    assert.deepEqual(problems['again.json'], [
      'It has the same response reference as lines.jsonl line 1, which is counted, so this copy is not. If the two are different responses, ask the respondent to send their response again.',
    ]);
    // The codes stay on each problem for scripts and tests.
    assert.deepEqual(await element.locator('tr', { hasText: 'invalid.json' }).locator('[data-code]').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code'))),
      ['unknown-choice', 'unknown-choice', 'answer-required']);
  });

  it('offers to remove the response files only when some are loaded', async () => {
    const { page } = session;
    const element = page.locator('dd-responses');
    const remove = element.getByRole('button', { name: 'Remove all response files' });
    assert.equal(await remove.count(), 0, 'nothing to remove yet');
    const sample = fs.readFileSync(path.join(ROOT, 'www/examples/demo-responses.jsonl'));
    await element.getByLabel('Response files').setInputFiles({ name: 'demo-responses.jsonl', mimeType: 'application/json', buffer: sample });
    await element.locator('.dd-counts').waitFor();
    assert.equal(await remove.count(), 1);
    await remove.click();
    assert.equal(await remove.count(), 0, 'gone once the files are');
    assert.equal(await element.getByLabel('Response files').evaluate((el) => el === document.activeElement), true, 'focus goes to the file picker');
  });

  it('never scrolls the page sideways at 320 px; wide tables scroll in their own labelled, focusable region', async () => {
    const { page } = session;
    const element = page.locator('dd-responses');
    const sideways = () => page.evaluate(() => ({
      page: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,
    }));
    await page.setViewportSize({ width: 320, height: 800 });
    try {
      await page.goto(url('responses.html'));
      await element.locator('.dd-definition p').waitFor();
      let width = await sideways();
      assert.ok(width.page <= width.viewport, `empty: the page is ${width.page} px wide in ${width.viewport} px`);

      const sample = fs.readFileSync(path.join(ROOT, 'www/examples/demo-responses.jsonl'));
      await element.getByLabel('Response files').setInputFiles({ name: 'demo-responses.jsonl', mimeType: 'application/json', buffer: sample });
      await element.locator('.dd-counts').waitFor();
      width = await sideways();
      assert.ok(width.page <= width.viewport, `files loaded: the page is ${width.page} px wide in ${width.viewport} px`);

      const demo = (/** @type {number} */ n, /** @type {Record<string, any>} */ extra = {}) =>
        response(hash.demo, uuid(n, '33333333'), { respondent: { type: 'prefer-not-to-say' }, clear: 'maybe' }, extra);
      await element.getByLabel('Response files').setInputFiles([
        file('a-response-file-with-a-rather-long-name-that-does-not-break.json', JSON.stringify(demo(1))),
        file('late.json', JSON.stringify({ ...demo(2), answers: { respondent: { type: 'prefer-not-to-say' }, clear: 'agree', consent: 'do-not-publish' }, submitted: '2100-01-01T12:00:00+00:00' })),
        file('broken.json', '{"consultation": '),
      ]);
      await element.locator('table.dd-rejected').waitFor();
      await element.locator('table.dd-late').waitFor();
      width = await sideways();
      assert.ok(width.page <= width.viewport, `rejected and late shown: the page is ${width.page} px wide in ${width.viewport} px`);

      const regions = await element.locator('.dd-table-scroll').evaluateAll((boxes) => boxes.map((box) => ({
        role: box.getAttribute('role'),
        name: box.getAttribute('aria-label') ?? '',
        focusable: box.getAttribute('tabindex') === '0',
        caption: box.querySelector('caption')?.textContent ?? '',
      })));
      assert.ok(regions.length > 3);
      for (const region of regions) {
        assert.equal(region.role, 'region');
        assert.equal(region.name, region.caption, 'named by its table');
        assert.equal(region.focusable, true);
      }
      await assertNoAxeViolations(page, 'results at 320 px');
    } finally {
      await page.setViewportSize({ width: 1100, height: 900 });
    }
  });

  it('prints the analysis alone, from a print button', async () => {
    const { page } = session;
    const element = page.locator('dd-responses');
    const sample = fs.readFileSync(path.join(ROOT, 'www/examples/demo-responses.jsonl'));
    await element.getByLabel('Response files').setInputFiles({ name: 'demo-responses.jsonl', mimeType: 'application/json', buffer: sample });
    await element.locator('.dd-counts').waitFor();

    await page.evaluate(() => { /** @type {any} */ (window).print = () => { /** @type {any} */ (window).ddPrinted = true; }; });
    await element.getByRole('button', { name: 'Print the results' }).click();
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).ddPrinted), true);

    await page.emulateMedia({ media: 'print' });
    try {
      const shown = async (/** @type {import('playwright-core').Locator} */ l) => (await l.count()) > 0 && l.first().isVisible();
      for (const [what, locator] of /** @type {Array<[string, import('playwright-core').Locator]>} */ ([
        ['the consultation part', element.locator('.dd-responses__definition')],
        ['the files part', element.locator('.dd-responses__files')],
        ['the late-responses checkbox', element.getByLabel('Count late responses in the results')],
        ['the downloads', element.locator('.dd-exports')],
        ['the print button', element.getByRole('button', { name: 'Print the results' })],
        ['a search box', element.getByLabel('Search these answers').first()],
        ['the page’s introduction', page.locator('.dd-intro')],
      ])) {
        assert.equal(await shown(locator), false, `${what} is not printed`);
      }
      for (const [what, locator] of /** @type {Array<[string, import('playwright-core').Locator]>} */ ([
        ['the counts', element.locator('.dd-counts')],
        ['the questions', element.locator('.dd-question-result').first()],
        ['the charts', element.locator('svg.dd-chart').first()],
        ['the free text', element.locator('.dd-free-text').first()],
      ])) {
        assert.equal(await shown(locator), true, `${what} is printed`);
      }
      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
      assert.ok(pages >= 1 && pages <= 8, `the analysis of 10 responses prints on ${pages} A4 pages`);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('follows its attributes: a new src loads that consultation, a new heading-level redraws with the files kept', async () => {
    const { page } = session;
    const element = page.locator('dd-responses');
    const sample = fs.readFileSync(path.join(ROOT, 'www/examples/demo-responses.jsonl'));
    await element.getByLabel('Response files').setInputFiles({ name: 'demo-responses.jsonl', mimeType: 'application/json', buffer: sample });
    await element.locator('.dd-counts').waitFor();
    assert.deepEqual(await element.locator('h2').allInnerTexts(), ['1. The consultation', '2. The responses', '3. Results']);

    await element.evaluate((el) => el.setAttribute('heading-level', '3'));
    await element.locator('h3', { hasText: '3. Results' }).waitFor();
    assert.equal(await element.locator('h2').count(), 0);
    assert.equal((await counts(element)).Accepted, '10', 'the files are kept');
    assert.match(await element.locator('.dd-definition').innerText(), /\(demo, version 1, built into Deep Dive\)/);
    assert.equal(await element.getByLabel('A consultation built into Deep Dive').inputValue(), 'builtin:demo');

    await element.evaluate((el) => el.setAttribute('src', 'builtin:jtai-2015'));
    await element.locator('.dd-definition', { hasText: 'jtai-2015' }).waitFor();
    assert.equal(await element.getByLabel('A consultation built into Deep Dive').inputValue(), 'builtin:jtai-2015');
    assert.equal((await counts(element)).Rejected, '10', 'the demo’s responses do not answer this one');
  });

  it('accepts the sample responses in www/examples', async () => {
    const element = session.page.locator('dd-responses');
    const sample = fs.readFileSync(path.join(ROOT, 'www/examples/demo-responses.jsonl'));
    await element.getByLabel('Response files').setInputFiles({ name: 'demo-responses.jsonl', mimeType: 'application/json', buffer: sample });
    await element.locator('.dd-counts').waitFor();
    assert.deepEqual(await counts(element), {
      'Responses loaded': '10', Accepted: '10', 'Late (sent after the close)': '0', Rejected: '0', 'Counted in the results': '10',
    });
  });
});

describe('<dd-responses> on a host page that calls GOV.UK Frontend’s initAll()', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;

  before(async () => {
    session = await launch();
    await serveGovukHost(session);
  });
  after(() => closeChecked(session));

  it('leaves the element, with its results, as it is without GOV.UK Frontend', () => assertGovukHostChangesNothing(session, {
    name: 'dd-responses', module: 'responses/dd-responses.mjs', attributes: { src: 'builtin:demo' },
    // Loads responses: accepted, late and rejected.
    ready: async (page) => {
      const element = page.locator('dd-responses');
      await element.locator('.dd-definition p').waitFor();
      const hash = await hashes(page);
      const one = response(hash.demo, uuid(1), { respondent: { type: 'prefer-not-to-say' }, clear: 'agree', consent: 'do-not-publish' });
      await element.getByLabel('Response files').setInputFiles([
        file('one.json', JSON.stringify(one)),
        file('late.json', JSON.stringify({ ...one, id: uuid(2), submitted: '2100-01-01T12:00:00+00:00' })),
        file('broken.json', '{'),
      ]);
      await element.locator('table.dd-rejected').waitFor();
    },
  }));
});
