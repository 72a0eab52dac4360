/**
 * @file Where each part of a results bar chart goes, without any DOM: label lines, the track
 * and bar of each option, and its figure. The chart view draws these as SVG.
 */

import { formatPercent } from './wording.mjs';

/**
 * The chart's measures, in SVG user units. The drawing is narrow and scaled to the width
 * available, so its 16px text stays readable on a phone.
 */
export const CHART = Object.freeze({
  width: 400,
  /** The length of a bar at 100%, and of the grey track behind every bar. */
  trackLength: 290,
  /** The distance from one label line to the next. */
  labelLineHeight: 19,
  /** Space between an option's label and its bar. */
  gapBelowLabel: 2,
  barThickness: 18,
  /** Space between one option's bar and the next option's label. */
  gapBelowBar: 12,
  /** How far below a line's top its text's baseline is. */
  baseline: 14,
  /** Space between the end of the track and the figure after it. */
  gapBeforeFigure: 6,
  /** Characters a label line holds, and label lines an option gets. */
  labelLineLength: 44,
  labelLines: 2,
});

/**
 * One option of a chart, placed.
 *
 * @typedef {object} PlacedOption
 * @property {Array<{text: string, baselineY: number}>} labelLines - The label, wrapped.
 * @property {number} barTop - The top of the track and the bar.
 * @property {number} barLength - The bar's length: the option's percentage of the track.
 * @property {number} count - The option's count.
 * @property {string} figure - `30 (75%)`, after the track.
 * @property {number} figureX
 * @property {number} figureBaselineY
 */

/**
 * Places every option of a chart, one under another.
 *
 * @param {Array<{label: string, count: number, percent: number}>} options
 * @returns {{width: number, height: number, trackLength: number, barThickness: number, options: PlacedOption[]}}
 */
export function layoutBarChart(options) {
  /** @type {PlacedOption[]} */
  const placed = [];
  let top = 0;
  for (const option of options) {
    const labelLines = wrapLabel(option.label, CHART.labelLineLength, CHART.labelLines)
      .map((text, n) => ({ text, baselineY: top + CHART.baseline + n * CHART.labelLineHeight }));
    top += labelLines.length * CHART.labelLineHeight + CHART.gapBelowLabel;
    const share = Math.max(0, Math.min(100, Number(option.percent) || 0)) / 100;
    placed.push({
      labelLines,
      barTop: top,
      barLength: Number((share * CHART.trackLength).toFixed(1)),
      count: option.count,
      figure: `${option.count} (${formatPercent(option.percent)})`,
      figureX: CHART.trackLength + CHART.gapBeforeFigure,
      figureBaselineY: top + CHART.baseline,
    });
    top += CHART.barThickness + CHART.gapBelowBar;
  }
  return {
    width: CHART.width, height: top, trackLength: CHART.trackLength, barThickness: CHART.barThickness, options: placed,
  };
}

/**
 * Breaks a label into lines of at most `lineLength` characters at spaces, keeping at most
 * `maxLines` lines (the last ending in an ellipsis if the label is longer). A word longer
 * than a line is cut with an ellipsis.
 *
 * @param {string} label
 * @param {number} lineLength
 * @param {number} maxLines
 * @returns {string[]}
 */
export function wrapLabel(label, lineLength, maxLines) {
  /** @type {string[]} */
  const lines = [];
  let current = '';
  for (const word of String(label).split(/\s+/)) {
    const longer = current ? `${current} ${word}` : word;
    if ([...longer].length <= lineLength || !current) current = longer;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines.map((line) => truncate(line, lineLength));
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = truncate(`${kept[maxLines - 1]} ${lines.slice(maxLines).join(' ')}`, lineLength);
  return kept;
}

/**
 * The text cut to at most `length` characters, the last an ellipsis when it was cut.
 *
 * @param {string} text
 * @param {number} length
 * @returns {string}
 */
export function truncate(text, length) {
  const chars = [...String(text)];
  return chars.length > length ? `${chars.slice(0, length - 1).join('')}…` : String(text);
}
