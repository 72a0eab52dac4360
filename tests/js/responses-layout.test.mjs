/**
 * @file The pure modules of `<dd-responses>` without a browser: the bar chart's layout, label
 * wrapping, the free-text search and the words around the figures.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHART, layoutBarChart, truncate, wrapLabel } from '../../www/responses/chart-layout.mjs';
import { TEXT_LIMIT, searchTexts } from '../../www/responses/text-search.mjs';
import {
  consentInWords, englishText, formatPercent, plural, respondentTypeInWords,
} from '../../www/responses/wording.mjs';

describe('wrapLabel', () => {
  const cases = [
    { label: 'Short', want: ['Short'] },
    { label: 'one two three', length: 7, want: ['one two', 'three'] },
    { label: 'one two three four', length: 7, lines: 2, want: ['one two', 'three …'] },
    { label: 'a-very-long-word', length: 6, want: ['a-ver…'] },
    { label: 'Ŵ ŷ ŵ', length: 3, want: ['Ŵ ŷ', 'ŵ'] },
  ];
  for (const { label, length = 44, lines = 2, want } of cases) {
    it(`${label} in lines of ${length}`, () => assert.deepEqual(wrapLabel(label, length, lines), want));
  }
});

describe('truncate', () => {
  it('keeps text that fits and cuts the rest with an ellipsis, by characters', () => {
    assert.equal(truncate('abc', 3), 'abc');
    assert.equal(truncate('abcd', 3), 'ab…');
    assert.equal(truncate('ŵŵŵŵ', 3), 'ŵŵ…');
  });
});

describe('layoutBarChart', () => {
  it('puts each option below the last, its bar its share of the track', () => {
    const layout = layoutBarChart([
      { label: 'Yes', count: 3, percent: 75 },
      { label: 'No', count: 1, percent: 25 },
      { label: 'Over', count: 9, percent: 250 },
      { label: 'Nothing', count: 0, percent: Number.NaN },
    ]);
    assert.equal(layout.width, CHART.width);
    assert.deepEqual(layout.options.map((o) => o.barLength), [CHART.trackLength * 0.75, CHART.trackLength * 0.25, CHART.trackLength, 0]);
    assert.deepEqual(layout.options.map((o) => o.figure), ['3 (75%)', '1 (25%)', '9 (250%)', '0 (0%)']);
    const step = CHART.labelLineHeight + CHART.gapBelowLabel + CHART.barThickness + CHART.gapBelowBar;
    assert.deepEqual(layout.options.map((o) => o.barTop), [0, 1, 2, 3].map((n) => n * step + CHART.labelLineHeight + CHART.gapBelowLabel));
    assert.equal(layout.height, 4 * step);
    for (const o of layout.options) {
      assert.ok(o.labelLines[0].baselineY < o.barTop, 'the label is above its bar');
      assert.equal(o.figureX, CHART.trackLength + CHART.gapBeforeFigure);
    }
  });

  it('gives a label of two lines two lines of height', () => {
    const long = 'A label long enough to need a second line of the chart';
    const layout = layoutBarChart([{ label: long, count: 1, percent: 100 }]);
    assert.equal(layout.options[0].labelLines.length, 2);
    assert.equal(layout.options[0].labelLines[1].baselineY - layout.options[0].labelLines[0].baselineY, CHART.labelLineHeight);
    assert.equal(layout.options[0].barTop, 2 * CHART.labelLineHeight + CHART.gapBelowLabel);
  });

  it('draws nothing for no options', () => {
    assert.deepEqual(layoutBarChart([]).options, []);
    assert.equal(layoutBarChart([]).height, 0);
  });
});

describe('searchTexts', () => {
  const answer = (/** @type {string} */ text, /** @type {number} */ response) => ({ text, respondentType: 'individual', consent: 'do-not-publish', response });
  const texts = [answer('The form was Unclear', 1), answer('Clear enough', 2), answer('unclear wording', 3)];
  const cases = [
    { query: '', listed: [1, 2, 3], status: '3 answers.' },
    { query: '  UNCLEAR ', listed: [1, 3], status: '2 answers of 3 match “UNCLEAR”.' },
    { query: 'enough', listed: [2], status: '1 answer of 3 matches “enough”.' },
    { query: 'nothing', listed: [], status: '0 answers of 3 match “nothing”.' },
  ];
  for (const { query, listed, status } of cases) {
    it(`“${query}”`, () => {
      const found = searchTexts(texts, query);
      assert.deepEqual(found.listed.map((t) => t.response), listed);
      assert.equal(found.status, status);
    });
  }
  it(`lists at most ${TEXT_LIMIT} and says so`, () => {
    const many = Array.from({ length: TEXT_LIMIT + 5 }, (_, i) => answer(`answer ${i}`, i + 1));
    assert.equal(searchTexts(many, '').listed.length, TEXT_LIMIT);
    assert.equal(searchTexts(many, '').status, `${TEXT_LIMIT + 5} answers; the first ${TEXT_LIMIT} are shown: search to find others.`);
    assert.equal(searchTexts(many, 'answer').status, `${TEXT_LIMIT + 5} answers of ${TEXT_LIMIT + 5} match “answer”; the first ${TEXT_LIMIT} are shown.`);
  });
});

describe('wording', () => {
  it('says figures and values in words', () => {
    assert.deepEqual([formatPercent(50), formatPercent(42.857), formatPercent(Number.NaN)], ['50%', '42.9%', '0%']);
    assert.deepEqual([plural(1, 'file'), plural(0, 'file'), plural(2, 'file')], ['1 file', '0 files', '2 files']);
    assert.equal(consentInWords('publish-in-full'), 'publish in full');
    assert.equal(consentInWords('something-new'), 'something-new');
    assert.equal(respondentTypeInWords('prefer-not-to-say'), 'Type not said');
    assert.deepEqual([englishText('Hi'), englishText({ en: 'Hello', cy: 'Helo' }), englishText(null), englishText({ cy: 'Helo' })], ['Hi', 'Hello', '', '']);
  });
});
