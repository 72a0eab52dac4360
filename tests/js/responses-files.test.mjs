/**
 * @file `www/responses/files.mjs` without a browser: how a file's text splits into responses,
 * and the bookkeeping of the files loaded.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResponseFiles, skippedMessage, splitFile } from '../../www/responses/files.mjs';

const ONE = '{"id": "a", "answers": {}}';

describe('splitFile', () => {
  const cases = [
    { what: 'one response', name: 'r.json', text: ONE, want: [{ name: 'r.json', text: ONE }] },
    { what: 'a byte-order mark and spaces around one response', name: 'r.json', text: `\uFEFF  ${ONE}\n`, want: [{ name: 'r.json', text: ONE }] },
    {
      what: 'an array: one item per element, objects written out again, texts as they are',
      name: 'a.json',
      text: '[{"id": "a"}, "{\\"id\\": \\"b\\"}"]',
      want: [{ name: 'a.json [1]', text: '{"id":"a"}' }, { name: 'a.json [2]', text: '{"id": "b"}' }],
    },
    {
      what: 'JSON lines: blank lines skipped, each named by its line',
      name: 'l.jsonl',
      text: '{"id": 1}\r\n\n{"id": 2}\n',
      want: [{ name: 'l.jsonl line 1', text: '{"id": 1}' }, { name: 'l.jsonl line 3', text: '{"id": 2}' }],
    },
    {
      what: 'JSON lines in a .json file',
      name: 'l.json',
      text: '{"id": 1}\n{"id": 2}',
      want: [{ name: 'l.json line 1', text: '{"id": 1}' }, { name: 'l.json line 2', text: '{"id": 2}' }],
    },
    { what: 'an .ndjson file is read as lines even with one line', name: 'n.ndjson', text: ONE, want: [{ name: 'n.ndjson line 1', text: ONE }] },
    { what: 'a broken array stays one item', name: 'b.json', text: '[{"id": 1}', want: [{ name: 'b.json', text: '[{"id": 1}' }] },
    { what: 'broken JSON stays one item, as it is', name: 'b.json', text: '{"consultation": "demo", ', want: [{ name: 'b.json', text: '{"consultation": "demo", ' }] },
    { what: 'a definition', name: 'd.json', text: '{"id": "x", "sections": []}', want: 'definition' },
    { what: 'an object with sections and answers is a response', name: 'r.json', text: '{"sections": [], "answers": {}}', want: [{ name: 'r.json', text: '{"sections": [], "answers": {}}' }] },
  ];
  for (const { what, name, text, want } of cases) {
    it(what, () => assert.deepEqual(splitFile(name, text), want));
  }
});

describe('ResponseFiles', () => {
  it('counts files and their responses, and forgets them all', () => {
    const files = new ResponseFiles();
    assert.equal(files.hasFiles, false);
    files.addFile([{ name: 'a [1]', text: '1' }, { name: 'a [2]', text: '2' }], { name: 'a', sha256: 'h1' });
    files.addFile([{ name: 'b', text: '3' }], { name: 'b', sha256: 'h2' });
    assert.equal(files.fileCount, 2);
    assert.deepEqual(files.items.map((i) => i.name), ['a [1]', 'a [2]', 'b']);
    assert.equal(files.hasFiles, true);
    files.clear();
    assert.equal(files.hasFiles, false);
    assert.deepEqual([files.fileCount, files.items.length, files.loadedAs('h1')], [0, 0, undefined]);
  });

  it('knows a file again by the hash of its bytes, under any name', () => {
    const files = new ResponseFiles();
    files.addFile([{ name: 'a', text: '1' }], { name: 'a.json', sha256: 'h1' });
    assert.equal(files.loadedAs('h1'), 'a.json');
    assert.equal(files.loadedAs('h2'), undefined);
    files.skip('a.json', 'h1');
    files.skip('copy.json', 'h1');
    assert.deepEqual(files.skipped, [
      'a.json is already loaded, so it was not loaded again.',
      'copy.json is the same file as a.json, which is already loaded, so it was not loaded again.',
    ]);
    assert.equal(files.fileCount, 1, 'a skipped file is not counted');
  });

  it('has files to remove with only an unreadable or skipped file, not with only a note', () => {
    const unreadable = new ResponseFiles();
    unreadable.unreadable.push('x: could not be read');
    assert.equal(unreadable.hasFiles, true);
    const noted = new ResponseFiles();
    noted.notes.push('d.json is a consultation definition');
    assert.equal(noted.hasFiles, false);
  });

  it('words a skipped file', () => {
    assert.equal(skippedMessage('x.json', 'x.json'), 'x.json is already loaded, so it was not loaded again.');
    assert.equal(skippedMessage('y.json', 'x.json'), 'y.json is the same file as x.json, which is already loaded, so it was not loaded again.');
  });
});
