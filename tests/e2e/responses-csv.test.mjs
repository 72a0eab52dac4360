/**
 * @file The CSV downloads of `<dd-responses>`: by default their columns are headed by the
 * questions' wording and the answers are their labels; a second pair of buttons gives the
 * codes (question ids, option values), the columns of the format documented in
 * docs/consultation-format.md. 50 responses with known answers, and late ones counted or not.
 */

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { closeChecked, launch, url } from './helpers.mjs';
import {
  answersOf, download, file, hashes, response, uuid,
} from './responses-fixtures.mjs';

/** The codes version's header of the demo's responses. */
const CODES_HEADER = 'response-id,submitted,started,language,late,respondent,respondent.role,organisation,email,clear,unclear,'
  + 'devices,devices.computer,devices.tablet,devices.phone,devices.paper,again,comments,consent';

describe('<dd-responses> CSV downloads', () => {
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
    await session.page.goto(url('responses.html'));
    await session.page.locator('dd-responses .dd-definition p').waitFor();
  });
  after(() => closeChecked(session));

  /** Loads the 50 responses with known answers. */
  async function loadFifty() {
    const element = session.page.locator('dd-responses');
    await element.getByLabel('Response files').setInputFiles(Array.from({ length: 50 }, (_, i) =>
      file(`response-${i + 1}.json`, JSON.stringify(response(hash.demo, uuid(i + 1), answersOf(i))))));
    await element.locator('.dd-counts').waitFor();
    return element;
  }

  it('heads the columns with the questions and gives the answers’ labels by default', async () => {
    const { page } = session;
    const element = await loadFifty();
    const csv = await download(page, element.getByRole('button', { name: 'All responses (CSV)' }));
    assert.equal(csv.name, 'demo-v1-responses.csv');
    const lines = csv.text.slice(1).trimEnd().split('\r\n');
    const who = 'Are you responding as an individual or on behalf of an organisation?';
    const devices = 'On which devices would you answer a consultation? Choose up to two.';
    assert.equal(lines[0], ['Response ID', 'Submitted', 'Started', 'Language', 'Late', who, `${who}: role`,
      'What is the name of your organisation?',
      '"Your e-mail address, if you would like to hear when the results are published (optional)"',
      'The questions in this form are clear.', 'What was unclear?', devices,
      ...['A desktop or laptop computer', 'A tablet', 'A mobile phone', 'On paper'].map((label) => `${devices}: ${label}`),
      'Would you answer a consultation in a form like this again?', 'Is there anything else you would like to tell us?',
      'May we publish your response?'].join(','));
    assert.match(String(lines.find((l) => l.startsWith(uuid(31)))), /,A tablet; A mobile phone,0,1,1,0,/);
    assert.ok(lines.some((l) => l.includes(',Strongly agree,')));

    const publication = await download(page, element.getByRole('button', { name: 'For publication (CSV)' }));
    assert.equal(publication.name, 'demo-v1-publication.csv');
    const published = publication.text.slice(1).trimEnd().split('\r\n');
    assert.equal(published.length, 26);
    assert.doesNotMatch(published[0], /e-mail|Response ID|Submitted/);
    assert.match(published[0], /^Response,Are you responding/);
    assert.doesNotMatch(publication.text, /respondent\d+@/);
  });

  it('gives the codes version from a second button', async () => {
    const { page } = session;
    const element = await loadFifty();
    const csv = await download(page, element.getByRole('button', { name: 'All responses, with codes (CSV)' }));
    assert.equal(csv.name, 'demo-v1-responses-codes.csv');
    assert.ok(csv.text.startsWith('\uFEFF'), 'a byte-order mark');
    const lines = csv.text.slice(1).split('\r\n');
    assert.equal(lines.length, 52, 'a header, 50 rows and the final line end');
    assert.equal(lines[0], CODES_HEADER);
    assert.match(String(lines.find((l) => l.startsWith(uuid(31)))), /,tablet; phone,0,1,1,0,/);
    const row1 = String(lines.find((l) => l.startsWith(uuid(1))));
    assert.ok(row1.includes(`"'=HYPERLINK(""http://example.org"",""click"")"`), row1);

    const publication = await download(page, element.getByRole('button', { name: 'For publication, with codes (CSV)' }));
    assert.equal(publication.name, 'demo-v1-publication-codes.csv');
    const published = publication.text.slice(1).trimEnd().split('\r\n');
    assert.equal(published.length, 26);
    assert.doesNotMatch(published[0], /email|response-id|submitted/);
    assert.match(published[0], /^response,/);
    assert.doesNotMatch(publication.text, /respondent\d+@/);
    assert.equal(await element.locator('.dd-export-failure').innerText(), '', 'no download failed');
  });

  it('counts a late response in both versions only when the team chooses', async () => {
    const { page } = session;
    const element = page.locator('dd-responses');
    const late = response(hash.demo, uuid(6, '11111111'), { respondent: { type: 'prefer-not-to-say' }, clear: 'agree', consent: 'do-not-publish' },
      { submitted: '2100-01-01T12:00:00+00:00' });
    await element.getByLabel('Response files').setInputFiles([
      file('one.json', JSON.stringify(response(hash.demo, uuid(1), answersOf(1)))),
      file('late.json', JSON.stringify(late)),
    ]);
    await element.locator('.dd-counts').waitFor();
    for (const name of ['All responses (CSV)', 'All responses, with codes (CSV)']) {
      const csv = await download(page, element.getByRole('button', { name }));
      assert.equal(csv.text.trimEnd().split('\r\n').length, 2, `${name}: the header and the one in time`);
    }
    await element.getByLabel('Count late responses in the results').check();
    const worded = await download(page, element.getByRole('button', { name: 'All responses (CSV)' }));
    assert.equal(worded.text.trimEnd().split('\r\n').length, 3);
    const coded = await download(page, element.getByRole('button', { name: 'All responses, with codes (CSV)' }));
    assert.match(coded.text, new RegExp(`${uuid(6, '11111111')},2100-01-01T12:00:00\\+00:00,[^,]*,en,1,`));
  });
});
