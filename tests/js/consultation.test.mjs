/**
 * @file The consultation form's pure modules without a browser: which questions and parts
 * show for the answers, the way through the form and its URL fragments, draft keys (two
 * copies of one consultation apart), drafts in a storage that works, refuses or throws,
 * saved-answers files, the core's problems in GOV.UK words, and moments in words.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answersToKeep, firstStep, settleStep, fitsQuestion, fragmentOf, normalise, questionsOf, responseAnswers, shownQuestions,
  stepAfter, stepBefore, stepOfFragment, validStep, visibleSections,
} from '../../www/consultation/answers.mjs';
import {
  continuedDraft, draftKey, draftName, findDraft, isOtherVersion, newDraft, randomId, readAnswersFile, readStored,
  storageWorks, writeStored,
} from '../../www/consultation/drafts.mjs';
import { answerProblems, closedProblem } from '../../www/consultation/problems.mjs';
import { describeMoment } from '../../www/consultation/dates.mjs';
import { statesLimit, widthClass } from '../../www/consultation/fields.mjs';
import { WORDS, textIn, wordsFor } from '../../www/consultation/words.mjs';

const yesNo = [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }];

/** A form definition as `validateConsultation` gives it: options and limits filled in. */
const FORM = {
  id: 'survey',
  version: 2,
  sections: [
    {
      id: 'about',
      questions: [
        {
          id: 'who', type: 'respondent-type', text: 'Who are you?',
          options: [{ value: 'individual', label: 'I' }, { value: 'organisation', label: 'O' }, { value: 'prefer-not-to-say', label: 'P' }],
        },
        { id: 'org', type: 'short-text', text: 'Organisation', maxLength: 250, condition: { question: 'who', equals: 'organisation' } },
      ],
    },
    {
      id: 'views',
      questions: [
        { id: 'pilot', type: 'yes-no', text: 'Pilot?', options: yesNo, required: true },
        { id: 'why', type: 'long-text', text: 'Why not?', maxLength: 20, condition: { question: 'pilot', equals: 'no' } },
        { id: 'more', type: 'yes-no', text: 'More?', options: yesNo, condition: { question: 'why-not-shown', equals: 'x' } },
      ],
    },
    {
      id: 'only-if-no',
      questions: [
        { id: 'themes', type: 'multiple-choice', text: 'Themes', maxChoices: 2, options: yesNo, condition: { question: 'pilot', anyOf: ['no'] } },
      ],
    },
  ],
};
const QUESTIONS = questionsOf(FORM);

/** A `Storage` in memory; `mode` `refuses` throws on writes, `throws` on everything. */
/**
 * A MemoryStorage, typed as the Storage it stands in for.
 *
 * @param {'works' | 'refuses' | 'throws'} [mode]
 * @returns {Storage}
 */
const memoryStorage = (mode) => /** @type {Storage} */ (/** @type {unknown} */ (new MemoryStorage(mode)));

class MemoryStorage {
  /** @param {'works' | 'refuses' | 'throws'} [mode] */
  constructor(mode = 'works') {
    this.mode = mode;
    /** @type {Map<string, string>} */
    this.map = new Map();
  }

  get length() {
    if (this.mode === 'throws') throw new Error('SecurityError');
    return this.map.size;
  }

  /** @param {number} i */
  key(i) {
    if (this.mode === 'throws') throw new Error('SecurityError');
    return [...this.map.keys()][i] ?? null;
  }

  /** @param {string} k */
  getItem(k) {
    if (this.mode === 'throws') throw new Error('SecurityError');
    return this.map.get(k) ?? null;
  }

  /** @param {string} k @param {string} v */
  setItem(k, v) {
    if (this.mode !== 'works') throw new Error('QuotaExceededError');
    this.map.set(k, v);
  }

  /** @param {string} k */
  removeItem(k) {
    if (this.mode === 'throws') throw new Error('SecurityError');
    this.map.delete(k);
  }
}

describe('answers: what shows', () => {
  it('shows a question when the question it names is shown and has one of the values', () => {
    const rows = [
      [{}, ['who', 'pilot']],
      [{ who: { type: 'organisation' } }, ['who', 'org', 'pilot']],
      [{ who: { type: 'individual', role: 'x' } }, ['who', 'pilot']],
      [{ pilot: 'no' }, ['who', 'pilot', 'why', 'themes']],
      [{ pilot: 'yes', why: 'left over' }, ['who', 'pilot']],
      [{ pilot: '   ' }, ['who', 'pilot']],
    ];
    for (const [answers, shown] of rows) {
      assert.deepEqual([...shownQuestions(QUESTIONS, /** @type {any} */ (answers))], shown, JSON.stringify(answers));
    }
  });

  it('lists the parts with a question shown, and the answers a response carries', () => {
    assert.deepEqual(visibleSections(QUESTIONS, {}), [0, 1]);
    assert.deepEqual(visibleSections(QUESTIONS, { pilot: 'no' }), [0, 1, 2]);
    assert.deepEqual(responseAnswers(QUESTIONS, { pilot: 'yes', why: 'hidden', org: 'x', who: { type: 'individual' } }),
      { who: { type: 'individual' }, pilot: 'yes' });
  });

  it('counts blank answers as none and trims e-mail addresses', () => {
    assert.equal(normalise({ type: 'short-text' }, '  '), undefined);
    assert.equal(normalise({ type: 'email' }, ' a@b.co '), 'a@b.co');
    assert.equal(normalise({ type: 'long-text' }, ' x '), ' x ');
    assert.equal(normalise({ type: 'multiple-choice' }, []), undefined);
    assert.equal(normalise({ type: 'respondent-type' }, {}), undefined);
    assert.deepEqual(normalise({ type: 'respondent-type' }, { type: 'individual', role: '' }), { type: 'individual' });
  });

  it('keeps the earlier answers the core accepted, and those to hidden questions that fit them', () => {
    const old = { pilot: 'yes', why: 'because', themes: ['yes', 'maybe'], org: 7, gone: 'x' };
    assert.deepEqual(answersToKeep(old, { pilot: 'yes' }, QUESTIONS), { pilot: 'yes', why: 'because' });
    assert.equal(fitsQuestion(QUESTIONS[5], ['yes', 'no']), true);
    assert.equal(fitsQuestion(QUESTIONS[5], ['maybe']), false);
  });
});

describe('answers: the way through', () => {
  it('goes to the next shown part, or the check page', () => {
    assert.equal(stepAfter([0, 1], 0, false), 'section-1');
    assert.equal(stepAfter([0, 1], 1, false), 'check');
    assert.equal(stepAfter([0, 1, 2], 0, true), 'check', 'back to the check page after a change');
    assert.equal(stepBefore([0, 2], 2), 'section-0');
    assert.equal(stepBefore([0, 2], 0), 'start');
    assert.equal(firstStep([1, 2]), 'section-1');
    assert.equal(firstStep([]), 'check');
  });

  it('accepts a saved step only while its part is shown', () => {
    assert.equal(validStep('section-2', [0, 1]), 'start');
    assert.equal(validStep('section-1', [0, 1]), 'section-1');
    assert.equal(validStep('check', []), 'check');
    assert.equal(validStep('done', [0]), 'start');
    assert.equal(validStep(undefined, [0]), 'start');
  });

  it('shows the step asked for only when the state allows it (Back never reopens a made response)', () => {
    const base = { pending: false, result: false, draft: true, made: false, visible: [0, 2] };
    const rows = [
      ['section-2', {}, 'section-2'],
      ['section-1', {}, 'start'],
      ['section-0', { draft: false }, 'start'],
      ['check', {}, 'check'],
      ['check', { draft: false }, 'start'],
      ['check', { made: true, result: true }, 'done'],
      ['section-0', { made: true, result: true }, 'done'],
      ['done', {}, 'start'],
      ['done', { result: true, draft: false }, 'done'],
      ['delete', {}, 'delete'],
      ['delete', { draft: false }, 'start'],
      ['mismatch', {}, 'start'],
      ['mismatch', { pending: true }, 'mismatch'],
      ['start', { made: true, result: true }, 'done'],
      ['nonsense', {}, 'start'],
    ];
    for (const [step, change, want] of rows) {
      assert.equal(settleStep(String(step), { ...base, .../** @type {object} */ (change) }), want, `${step} ${JSON.stringify(change)}`);
    }
  });

  it('names each step in the URL and reads it back', () => {
    const rows = [['section-0', 'part-1'], ['section-11', 'part-12'], ['check', 'check-answers'], ['done', 'confirmation'], ['start', '']];
    for (const [step, fragment] of rows) {
      assert.equal(fragmentOf(step), fragment);
      if (fragment) assert.equal(stepOfFragment(`#${fragment}`), step);
      assert.equal(fragmentOf(step, 'a-'), fragment ? `a-${fragment}` : '');
      if (fragment) assert.equal(stepOfFragment(`#a-${fragment}`, 'a-'), step);
    }
    for (const other of ['#main-content', '#part-0', '#part-x', '#b-part-1', '']) {
      assert.equal(stepOfFragment(other, other === '#b-part-1' ? 'a-' : ''), null, other);
    }
  });
});

describe('drafts', () => {
  const which = { consultation: 'demo', version: 1, preview: false };

  it('gives two copies of one consultation on a page their own keys', () => {
    const first = draftKey({ ...which, name: draftName({ attribute: null, index: 0, elementId: '' }) });
    const second = draftKey({ ...which, name: draftName({ attribute: null, index: 1, elementId: '' }) });
    const named = draftKey({ ...which, name: draftName({ attribute: null, index: 1, elementId: 'wales' }) });
    const chosen = draftKey({ ...which, name: draftName({ attribute: 'team a', index: 0, elementId: 'x' }) });
    assert.equal(first, 'deepdive:draft:demo:1');
    assert.equal(second, 'deepdive:draft:demo:1:copy-2');
    assert.equal(named, 'deepdive:draft:demo:1:wales');
    assert.equal(chosen, 'deepdive:draft:demo:1:team-a');
    assert.equal(draftKey({ ...which, preview: true }), 'deepdive:preview-draft:demo:1');
  });

  it('tells another version of the same form from another copy', () => {
    assert.equal(isOtherVersion('deepdive:draft:demo:0', which), true);
    assert.equal(isOtherVersion('deepdive:draft:demo:1', which), false);
    assert.equal(isOtherVersion('deepdive:draft:demo:0:copy-2', which), false);
    assert.equal(isOtherVersion('deepdive:draft:demo:0:copy-2', { ...which, name: 'copy-2' }), true);
    assert.equal(isOtherVersion('deepdive:preview-draft:demo:0', which), false);
    assert.equal(isOtherVersion('deepdive:draft:demos:0', which), false);
  });

  it('finds its own draft, a changed text, or the newest draft of another version', () => {
    const storage = memoryStorage();
    const draft = newDraft({ consultation: 'demo', version: 1, hash: 'h1', language: 'en', preview: false, now: '2026-01-01T10:00:00Z', id: 'x' });
    assert.deepEqual(findDraft(storage, which, 'h1'), { own: null, pending: null });
    writeStored(storage, 'deepdive:draft:demo:0', { ...draft, version: 0, saved: '2026-01-01' });
    writeStored(storage, 'deepdive:draft:demo:3', { ...draft, version: 3, saved: '2026-02-01' });
    writeStored(storage, 'deepdive:draft:demo:1:copy-2', { ...draft, answers: { a: 1 } });
    assert.equal(findDraft(storage, which, 'h1').pending?.key, 'deepdive:draft:demo:3');
    writeStored(storage, 'deepdive:draft:demo:1', draft);
    assert.deepEqual(findDraft(storage, which, 'h1').own, draft);
    assert.equal(findDraft(storage, which, 'h2').pending?.key, 'deepdive:draft:demo:1');
    assert.deepEqual(findDraft(storage, { ...which, name: 'copy-2' }, 'h1').own?.answers, { a: 1 });
  });

  it('says when a storage keeps nothing, and never throws', () => {
    assert.equal(storageWorks(memoryStorage()), true);
    assert.equal(storageWorks(memoryStorage('refuses')), false);
    assert.equal(storageWorks(memoryStorage('throws')), false);
    assert.equal(storageWorks(null), false);
    const throwing = memoryStorage('throws');
    assert.equal(writeStored(throwing, 'k', 1), false);
    assert.equal(readStored(throwing, 'k'), null);
    assert.deepEqual(findDraft(throwing, which, 'h'), { own: null, pending: null });
  });

  it('reads a saved-answers file, and says what is wrong with one that is not', () => {
    const fresh = newDraft({ consultation: 'demo', version: 1, hash: 'h', language: 'en', preview: false, now: 'NOW', id: 'fresh' });
    const to = { consultation: 'demo', version: 1, hash: 'h', fresh };
    const id = '0b7f3c1e-1111-4222-8333-444455556666';
    assert.deepEqual(readAnswersFile('{', to), { problem: 'not-json' });
    assert.deepEqual(readAnswersFile('[]', to), { problem: 'not-json' });
    assert.deepEqual(readAnswersFile('{"consultation": "other", "answers": {}}', to), { problem: 'other-consultation' });
    assert.deepEqual(readAnswersFile('{"consultation": "demo", "answers": []}', to), { problem: 'no-answers' });
    const same = readAnswersFile(JSON.stringify({ consultation: 'demo', version: 1, definitionSha256: 'h', id, answers: { a: 'b' } }), to);
    assert.equal(same.problem, null);
    assert.equal(same.problem === null && same.sameText, true);
    assert.equal(same.problem === null && same.draft.id, id);
    const other = readAnswersFile(JSON.stringify({ consultation: 'demo', version: 0, id: 'not-an-id', answers: {} }), to);
    assert.equal(other.problem === null && other.sameText, false);
    assert.equal(other.problem === null && other.draft.id, 'fresh');
    assert.equal(continuedDraft({ id, started: '2026-01-01T00:00:00Z' }, fresh).id, id);
    assert.equal(continuedDraft({ id: 'x', started: 'then' }, fresh).started, 'NOW');
  });

  it('makes version 4 UUIDs with or without randomUUID', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    assert.match(randomId(), uuid);
    const bytes = /** @type {any} */ ({ getRandomValues: (/** @type {Uint8Array} */ b) => b.fill(255) });
    assert.match(randomId(bytes), uuid);
  });
});

describe('problems: the core finds them, the form words them', () => {
  const text = (/** @type {any} */ t) => (typeof t === 'string' ? t : t.en);
  const core = [
    { code: 'answer-required', field: 'answers.pilot', message: '“pilot” must be answered' },
    { code: 'answer-required', field: 'answers.org', message: 'x' },
    { code: 'too-long', field: 'answers.why', message: 'the answer to “why” has 30 characters; the most is 20' },
    { code: 'too-many-choices', field: 'answers.themes', message: '…' },
    { code: 'answer-required', field: 'answers.who.role', message: '…' },
    { code: 'unknown-choice', field: 'answers.more', message: '“more” does not offer “maybe”' },
    { code: 'bad-answer', field: 'answers.org', message: 'the answer to “org” must be one line of text' },
    { code: 'bad-response', field: 'language', message: '“fr” is not a language of this consultation' },
  ];

  it('maps each code to GOV.UK wording, one problem per control', () => {
    const got = answerProblems(core, QUESTIONS, WORDS.en, text);
    assert.deepEqual(got.map((p) => [p.question, p.part, p.message]), [
      ['pilot', 'main', 'Select an answer to “Pilot?”'],
      ['org', 'main', 'Enter an answer to “Organisation”'],
      ['why', 'main', 'The answer to “Why not?” must be 20 characters or fewer'],
      ['themes', 'main', 'Select no more than 2 answers to “Themes”'],
      ['who', 'role', WORDS.en.errRole],
      ['more', 'main', '“more” does not offer “maybe”'],
    ]);
  });

  it('reports only the questions asked about, and the whole response’s problems when asked', () => {
    const page = QUESTIONS.filter((q) => q.section === 1);
    assert.deepEqual(answerProblems(core, page, WORDS.en, text).map((p) => p.question), ['pilot', 'why', 'more']);
    const all = answerProblems(core, QUESTIONS, WORDS.cy, text, { envelope: true });
    assert.deepEqual(all.at(-1), { field: 'language', question: '', part: 'main', code: 'bad-response', message: core[7].message });
    assert.deepEqual(answerProblems(core, QUESTIONS, WORDS.en, text).map((p) => p.field).slice(3, 5), ['answers.themes', 'answers.who.role']);
    assert.equal(all[0].message, 'Dewiswch ateb i “Pilot?”');
  });
});

describe('problems: submitting when the consultation is not open', () => {
  it('refuses outside the dates, never in the preview', () => {
    const texts = { en: '11:59pm on Tuesday 11 August 2015 (BST)', cy: '11:59yh' };
    const status = (/** @type {string} */ state) => ({ state, opensText: texts, closesText: texts });
    assert.equal(closedProblem(status('open'), false, WORDS.en, 'en'), null);
    assert.equal(closedProblem(status('closed'), true, WORDS.en, 'en'), null);
    assert.deepEqual(closedProblem(status('closed'), false, WORDS.en, 'en'), {
      field: null, question: '', part: 'main', code: 'consultation-closed',
      message: 'This consultation closed at 11:59pm on Tuesday 11 August 2015 (BST), so your response cannot be submitted',
    });
    assert.equal(closedProblem(status('not-open'), false, WORDS.cy, 'cy')?.code, 'consultation-not-open');
  });
});

describe('words and widths', () => {
  it('writes moments the GOV.UK way in both languages', () => {
    const moment = new Date(2026, 10, 25, 10, 32).toISOString();
    assert.equal(describeMoment(moment, WORDS.en), '10:32am on 25 November 2026');
    assert.equal(describeMoment(new Date(2026, 0, 2, 12, 5).toISOString(), WORDS.cy), '12:05yh ar 2 Ionawr 2026');
    assert.equal(describeMoment('not a time', WORDS.en), 'not a time');
  });

  it('gives each control a GOV.UK width', () => {
    assert.equal(widthClass({ id: 'a', type: 'short-text', text: '', section: 0, maxLength: 8 }), 'govuk-input--width-10');
    assert.equal(widthClass({ id: 'a', type: 'short-text', text: '', section: 0, maxLength: 20 }), 'govuk-input--width-20');
    assert.equal(widthClass({ id: 'a', type: 'short-text', text: '', section: 0, maxLength: 250 }), 'govuk-!-width-two-thirds');
    assert.equal(widthClass({ id: 'a', type: 'long-text', text: '', section: 0, maxLength: 5000 }), 'govuk-!-width-two-thirds');
  });

  it('adds no limit hint when the question already states it', () => {
    assert.equal(statesLimit('Which devices? Choose up to two.'), true);
    assert.equal(statesLimit('Ar ba ddyfeisiau? Dewiswch hyd at ddau.'), true);
    assert.equal(statesLimit('Which devices?'), false);
  });

  it('speaks the form’s language, English where a text has no Welsh', () => {
    assert.equal(wordsFor('cy').continue, 'Parhau');
    assert.equal(wordsFor('en').continue, 'Continue');
    assert.equal(textIn('cy', { en: 'Yes', cy: 'Ie' }), 'Ie');
    assert.equal(textIn('cy', { en: 'Yes' }), 'Yes');
    assert.equal(textIn('cy', 'Plain'), 'Plain');
    assert.equal(textIn('en', null), '');
  });

  it('has every English word in Welsh too', () => {
    assert.deepEqual(Object.keys(WORDS.cy).sort(), Object.keys(WORDS.en).sort());
  });
});
