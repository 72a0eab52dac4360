/**
 * @file `www/responses/files.mjs` without a browser: how a file's text splits into responses,
 * and the bookkeeping of the files loaded.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResponseFiles, splitFile } from '../../www/responses/files.mjs';

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
    assert.equal(files.isEmpty, true);
    files.addFile([{ name: 'a [1]', text: '1' }, { name: 'a [2]', text: '2' }]);
    files.addFile([{ name: 'b', text: '3' }]);
    assert.equal(files.fileCount, 2);
    assert.deepEqual(files.items.map((i) => i.name), ['a [1]', 'a [2]', 'b']);
    assert.equal(files.isEmpty, false);
    files.clear();
    assert.equal(files.isEmpty, true);
    assert.deepEqual([files.fileCount, files.items.length], [0, 0]);
  });

  it('is not empty with only an unreadable file or a note', () => {
    const unreadable = new ResponseFiles();
    unreadable.unreadable.push('x: could not be read');
    assert.equal(unreadable.isEmpty, false);
    const noted = new ResponseFiles();
    noted.notes.push('d.json is a consultation definition');
    assert.equal(noted.isEmpty, false);
  });
});
