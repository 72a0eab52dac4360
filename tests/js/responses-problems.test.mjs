/**
 * @file `www/responses/problems.mjs` without a browser: every code the core gives a rejected
 * response becomes a plain sentence naming the question by its wording, the file and its line,
 * and what to do; an unknown code keeps the core's message.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  placeInDefinition, placeOf, plainDefinitionProblem, plainProblem,
} from '../../www/responses/problems.mjs';

const summary = {
  consultation: { id: 'demo', version: 1, title: 'Demonstration', opens: '2026-01-01T09:00:00+00:00' },
  questions: [{ id: 'respondent', text: 'Who are you?' }, { id: 'clear', text: 'Is it clear?' }, { id: 'devices', text: 'Which devices?' }],
};
const text = JSON.stringify({
  consultation: 'jtai-2015', version: 2, language: 'xx', submitted: '2025-12-31T10:00:00+00:00', answers: { clear: 'maybe', devices: ['computer', 'fax'], respondent: { type: 'robot' } },
});
const context = {
  name: 'file.json', text, summary, names: ['first.json', 'file.json'],
};

describe('plainProblem', () => {
  const cases = [
    ['bad-response', null, 'the response is not valid: EOF while parsing a value at line 3 column 7 (line 3, column 7)',
      'file.json (at line 3, column 7) cannot be read as a response: it is damaged, cut short, or not a response file. Check it is the file the consultation form saved; if it is, ask the respondent to send their response again.'],
    ['bad-response', 'language', '“xx” is not a language of this consultation (en)',
      'It is in a language this consultation does not offer (“xx”). Ask the respondent to send their response again.'],
    ['bad-response', 'id', '“1” is not a response id (a lower-case UUID)',
      'Its response reference is not valid: the file may have been changed or damaged. Ask the respondent to send their response again.'],
    ['bad-response', 'submitted', 'the response was submitted before it was started',
      'It says it was sent before it was started: the file may have been changed. Ask the respondent to send their response again.'],
    ['bad-time', 'started', '“x” is not a date and time with its UTC offset (RFC 3339), e.g. 2015-08-11T22:59:00Z',
      'The time it was started is not a date and time: the file may have been changed. Ask the respondent to send their response again.'],
    ['wrong-consultation', 'consultation', 'the response is for “jtai-2015”, not “demo”',
      'It answers another consultation (“jtai-2015”), not “Demonstration”. To count it, choose that consultation in part 1.'],
    ['wrong-version', 'version', 'the response answers version 2 of “demo”, not version 1',
      'It answers version 2 of this consultation, but version 1 is in use. To count it, use the definition of version 2 in part 1.'],
    ['unknown-choice', 'answers.clear', '“clear” does not offer “maybe”; it offers agree, disagree',
      'The answer “maybe” to question 2, “Is it clear?”, is not one of its options. Ask the respondent to send their response again.'],
    ['unknown-choice', 'answers.devices[1]', '“devices” does not offer “fax”',
      'The answer “fax” to question 3, “Which devices?”, is not one of its options. Ask the respondent to send their response again.'],
    ['unknown-choice', 'answers.respondent.type', '“respondent” does not offer “robot”',
      'The answer “robot” to question 1, “Who are you?”, is not one of its options. Ask the respondent to send their response again.'],
    ['answer-required', 'answers.clear', '“clear” must be answered',
      'There is no answer to question 2, “Is it clear?”, which must be answered. Ask the respondent to send their response again.'],
    ['answer-required', 'answers.respondent.role', '“respondent” needs a role (or “prefer-not-to-say”)',
      'The answer to question 1, “Who are you?”, gives no role, and it needs one (or “prefer not to say”). Ask the respondent to send their response again.'],
    ['unknown-question', 'answers.colour', 'the consultation has no question “colour”',
      'It answers a question this consultation does not have (“colour”). Check it answers this consultation and version.'],
    ['duplicate-response', 'id', 'the same response id as response 1 (first.json)',
      'It has the same response reference as first.json, which is counted, so this copy is not. If the two are different responses, ask the respondent to send their response again.'],
    ['preview-response', 'preview', 'made in the authors’ preview, not in the consultation',
      'It was made in the authors’ preview, not in the consultation itself, so it is not counted.'],
    ['submitted-before-open', 'submitted', 'submitted 2025-12-31T10:00:00+00:00 but the consultation opened 2026-01-01T09:00:00+00:00',
      'It says it was sent on 31 December 2025, before the consultation opened on 1 January 2026, so it is not counted.'],
    ['some-new-code', 'x', 'something the page has no words for',
      'Something the page has no words for.'],
  ];
  for (const [code, field, message, want] of cases) {
    it(`${code} ${field ?? ''}`, () => assert.equal(plainProblem({ code: String(code), field, message: String(message) }, context), want));
  }

  it('names the line of a JSON lines file and the place in an array, not the core’s position', () => {
    const problem = { code: 'bad-response', field: null, message: 'the response is not valid: expected value at line 1 column 1 (line 1, column 1)' };
    assert.match(plainProblem(problem, { ...context, name: 'lines.jsonl line 4' }), /^Line 4 of lines\.jsonl cannot be read/);
    assert.match(plainProblem(problem, { ...context, name: 'list.json [2]' }), /^Response 2 in list\.json cannot be read/);
  });

  it('never shows a field path or the JSON reader’s words', () => {
    for (const [code, field, message] of cases) {
      const plain = plainProblem({ code: String(code), field, message: String(message) }, context);
      assert.doesNotMatch(plain, /answers\.|EOF|\[\d\]|RFC/, plain);
    }
  });
});

describe('placeOf', () => {
  const cases = [
    ['a.json', { file: 'a.json', line: null, position: null }],
    ['a.jsonl line 12', { file: 'a.jsonl', line: 12, position: null }],
    ['a b.json [3]', { file: 'a b.json', line: null, position: 3 }],
  ];
  for (const [name, want] of cases) it(String(name), () => assert.deepEqual(placeOf(String(name)), want));
});

describe('plainDefinitionProblem', () => {
  const cases = [
    [{ code: 'bad-consultation', field: null, message: 'the definition is not valid: EOF while parsing a value at line 1 column 7 (line 1, column 7)' },
      'def.json (at line 1, column 7) cannot be read as a consultation definition: it is damaged, cut short, or not a definition file.'],
    [{ code: 'bad-consultation', field: null, message: 'The definition is not valid: missing field `version` at line 1 column 11 (line 1, column 11)' },
      'def.json has no “version” (line 1, column 11), which every definition needs. See the consultation format.'],
    [{ code: 'unknown-question-type', field: 'sections[0].questions[2].type', message: '“nope” is not a question type' },
      'Section 1, question 3, “type”: “nope” is not a question type.'],
    [{ code: 'bad-time', field: 'closes', message: '“x” is not a UK local time written YYYY-MM-DDTHH:MM, e.g. 2015-08-11T23:59' },
      '“closes”: “x” is not a UK local time written YYYY-MM-DDTHH:MM, e.g. 2015-08-11T23:59.'],
    [{ code: 'closes-before-opens', field: null, message: 'the consultation closes before it opens' },
      'The consultation closes before it opens.'],
  ];
  for (const [problem, want] of cases) {
    it(`${/** @type {any} */ (problem).code} ${/** @type {any} */ (problem).field ?? ''}`, () => assert.equal(plainDefinitionProblem(/** @type {any} */ (problem), 'def.json'), want));
  }
});

describe('placeInDefinition', () => {
  const cases = [
    ['closes', '“closes”'],
    ['sections[1].title.cy', 'section 2, “title”, “cy”'],
    ['sections[0].questions[3].choices[0].label', 'section 1, question 4, option 1, “label”'],
    ['bodies[2]', '“bodies”, item 3'],
  ];
  for (const [field, want] of cases) it(field, () => assert.equal(placeInDefinition(field), want));
});
