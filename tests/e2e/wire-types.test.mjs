/**
 * @file The package's TypeScript (`pkg/deepdive.d.ts`, written from the interfaces in
 * `src/wasm/*.rs`) against what the functions really return, in Node: no function the page
 * uses is typed `any`, and each wire object's keys, called on real data, are the keys its
 * interface declares (recursively through named interfaces), no more and no fewer.
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import init, * as dd from '../../pkg/deepdive.js';
import { ROOT } from './helpers.mjs';

const DTS = fs.readFileSync(path.join(ROOT, 'pkg/deepdive.d.ts'), 'utf8');

/** @typedef {{optional: boolean, type: string}} Field */

/**
 * The top-level fields of every `export interface Name { … }` of the .d.ts.
 *
 * @param {string} text - The .d.ts.
 * @returns {Map<string, Map<string, Field>>} Each interface's fields by name.
 */
export function interfaces(text) {
  /** @type {Map<string, Map<string, Field>>} */
  const out = new Map();
  const head = /export interface (\w+)(?: extends [^{]+)? \{/g;
  for (const match of text.matchAll(head)) {
    let depth = 1;
    let i = (match.index ?? 0) + match[0].length;
    const start = i;
    for (; depth > 0 && i < text.length; i++) {
      if (text[i] === '{') depth++;
      if (text[i] === '}') depth--;
    }
    const body = text.slice(start, i - 1).replace(/\/\*\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    /** @type {Map<string, Field>} */
    const fields = new Map();
    let level = 0;
    let line = '';
    for (const ch of body) {
      if (ch === '{' || ch === '(' || ch === '<') level++;
      if (ch === '}' || ch === ')' || ch === '>') level--;
      if (ch === ';' && level === 0) {
        const m = /^\s*(\w+)(\??):\s*([\s\S]+)$/.exec(line);
        if (m) fields.set(m[1], { optional: m[2] === '?', type: m[3].trim() });
        line = '';
      } else {
        line += ch;
      }
    }
    out.set(match[1], fields);
  }
  return out;
}

const TYPES = interfaces(DTS);

/**
 * Fails unless `value` has exactly the keys of interface `name` (the optional ones may be
 * missing), and so on down each field whose type is a named interface, a list of one, or
 * one or null.
 *
 * @param {unknown} value - What a function returned.
 * @param {string} name - The interface it is typed as.
 * @param {string} where - Where the value is, for the message.
 */
function conforms(value, name, where = name) {
  const fields = TYPES.get(name);
  assert.ok(fields, `no interface ${name} in pkg/deepdive.d.ts`);
  assert.ok(value && typeof value === 'object', `${where} is not an object`);
  const keys = Object.keys(value);
  for (const key of keys) assert.ok(fields.has(key), `${where}.${key} is not declared in interface ${name}`);
  for (const [key, field] of fields) {
    if (!field.optional) assert.ok(keys.includes(key), `${where} has no ${key}, which ${name} declares`);
    const item = /** @type {Record<string, unknown>} */ (value)[key];
    if (item === undefined || item === null) continue;
    const named = /^(\w+)(\[\])?(?: \| null)?$/.exec(field.type);
    if (!named || !TYPES.has(named[1])) continue;
    if (named[2]) {
      assert.ok(Array.isArray(item), `${where}.${key} is not a list`);
      item.forEach((x, i) => conforms(x, named[1], `${where}.${key}[${i}]`));
    } else {
      conforms(item, named[1], `${where}.${key}`);
    }
  }
}

/** The functions and methods the page calls. */
const USED = [
  'previewTable', 'sample', 'verifyReceipt', 'timetable', 'frameworks', 'framework', 'bankHolidays',
  'isWorkingDay', 'addWorkingDays', 'workingDaysBetween', 'consultations', 'consultationDefinition',
  'validateConsultation', 'consultationStatus', 'validateResponse', 'summariseResponses', 'csvText',
  'responsesCsv', 'publicationCsv', 'preview', 'open', 'draw', 'finish', 'write', 'update',
];

describe('pkg/deepdive.d.ts', () => {
  it('the interface reader finds fields, optional ones and nested ones', () => {
    const t = interfaces('export interface A { /** x */ a: string; b?: { c: number; }; // any: why\n d: B[]; }');
    assert.deepEqual([...(t.get('A') ?? new Map())], [
      ['a', { optional: false, type: 'string' }],
      ['b', { optional: true, type: '{ c: number; }' }],
      ['d', { optional: false, type: 'B[]' }],
    ]);
  });

  it('types no function or method the page calls as any', () => {
    for (const name of USED) {
      const starts = [...DTS.matchAll(new RegExp(`^\\s*(?:export function )?${name}\\(`, 'gm'))];
      assert.ok(starts.length > 0, `no ${name} in pkg/deepdive.d.ts`);
      for (const start of starts) {
        // The parameters run to the bracket that closes the first one (a callback has its own).
        let depth = 1;
        let i = (start.index ?? 0) + start[0].length;
        for (; depth > 0; i++) depth += DTS[i] === '(' ? 1 : DTS[i] === ')' ? -1 : 0;
        const params = DTS.slice((start.index ?? 0) + start[0].length, i - 1);
        const result = /^: ([^;{]+)/.exec(DTS.slice(i))?.[1] ?? '';
        assert.ok(result && !/\bany\b/.test(result), `${name} returns ${result || 'nothing typed'}`);
        assert.ok(!/:\s*any\b/.test(params), `${name} takes an any: ${params}`);
      }
    }
  });

  it('declares the error every function throws', () => {
    assert.match(DTS, /export type DeepDiveError = Error & \{/);
    conforms({ code: 'x', field: null, message: 'x' }, 'Problem');
  });
});

describe('wire objects on real data', async () => {
  await init({ module_or_path: fs.readFileSync(path.join(ROOT, 'pkg/deepdive_bg.wasm')) });
  const csv = fs.readFileSync(path.join(ROOT, 'www/examples/annex-a-referrals.csv'));

  it('the error: code, problems and moreProblems', () => {
    try {
      dd.timetable(/** @type {any} */ ({ framework: 'nope', onsiteStart: 'x' })); // any: a wrong call on purpose
      assert.fail('timetable took a bad framework');
    } catch (e) {
      const error = /** @type {import('../../pkg/deepdive.js').DeepDiveError} */ (e);
      assert.deepEqual(Object.keys(error).sort(), ['code', 'moreProblems', 'name', 'problems']);
      error.problems.forEach((p, i) => conforms(p, 'Problem', `problems[${i}]`));
    }
  });

  it('frameworks, a framework, bank holidays and a timetable', () => {
    const list = dd.frameworks();
    list.forEach((f, i) => conforms(f, 'FrameworkBrief', `frameworks()[${i}]`));
    for (const brief of list) conforms(dd.framework(brief.id), 'Framework', `framework(${brief.id})`);
    dd.bankHolidays(2015, 2016).forEach((h, i) => conforms(h, 'Holiday', `bankHolidays[${i}]`));
    conforms(dd.timetable({ framework: 'jtai-2015', onsiteStart: '2015-10-05', closures: ['2015-09-28'] }), 'Timetable');
  });

  it('a preview, a sample, a draw and a receipt check', () => {
    const preview = dd.previewTable(csv);
    conforms(preview, 'Preview');
    const idColumn = preview.columns[0];
    const plan = { idColumn, size: 5, seed: 'wire types', reserves: 1 };
    const result = dd.sample(csv, plan);
    conforms(result, 'SampleResult');
    conforms(dd.verifyReceipt(csv, result.receiptJson), 'Verification');
    const file = new dd.CaseFile(csv.length);
    file.write(csv);
    conforms(file.preview({ rows: 2 }), 'Preview');
    const list = file.open();
    const hash = file.sha256();
    conforms(list.sample({ ...plan, inputSha256: hash }), 'SampleResult');
    conforms(list.draw(plan).finish({ inputSha256: hash }), 'SampleResult');
    conforms(file.verifyReceipt(result.receipt), 'Verification');
    list.free();
    file.free();
  });

  it('tracked cases, a replacement and a commitment', () => {
    const idColumn = dd.previewTable(csv).columns[0];
    const first = dd.sample(csv, { idColumn, size: 5, seed: 'wire types', reserves: 1 });
    const { seed: _seed, ...seedless } = { idColumn, size: 5, seed: '', reserves: 1, tracked: [{ id: first.selected[0].id, reason: 'wire types' }] };
    const written = dd.commitment(csv, seedless, { at: '2015-09-20T12:00:00Z' });
    conforms(written, 'CommitmentResult');
    const result = dd.sample(csv, { ...seedless, seed: 'wire types', commitment: written.sha256 });
    conforms(result, 'SampleResult');
    assert.equal(result.tracked.length, 1);
    const replaced = dd.replaceCase(result.receipt, { id: result.selected[0].id, reason: 'wire types' });
    conforms(replaced, 'ReplaceResult');
    conforms(dd.verifyReceipt(csv, replaced.receiptJson, { commitment: written.commitment }), 'Verification');
    assert.equal(typeof dd.timetableIcs({ framework: 'jtai-2015', onsiteStart: '2015-10-05' }), 'string');
  });

  it('consultations, their checks, status, summary', () => {
    const list = dd.consultations();
    assert.ok(list.length > 0);
    const lines = fs.readFileSync(path.join(ROOT, 'www/examples/demo-responses.jsonl'), 'utf8').split('\n').filter(Boolean);
    for (const [i, brief] of list.entries()) {
      conforms(brief, 'ConsultationBrief', `consultations()[${i}]`);
      const definition = dd.consultationDefinition(brief.id);
      conforms(dd.validateConsultation(definition), 'ConsultationValidation');
      conforms(dd.validateConsultation('{}'), 'ConsultationValidation');
      conforms(dd.consultationStatus(definition, '2026-01-01T00:00:00Z'), 'ConsultationStatus');
      conforms(dd.validateResponse(definition, lines[0]), 'ResponseValidation');
      conforms(dd.validateResponse(definition, 'not json'), 'ResponseValidation');
      const summary = dd.summariseResponses(definition, [...lines, { name: 'bad.json', text: '{}' }]);
      conforms(summary, 'ResponsesSummary');
    }
  });
});
