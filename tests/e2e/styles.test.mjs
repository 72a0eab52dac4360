/**
 * @file The bundle's two stylesheets give every element the same look. Each element, in
 * representative states, is rendered on a GOV.UK service page (GOV.UK Frontend 6.x's own
 * compiled CSS and its JavaScript with `initAll()`, plus `deepdive.css`, under the strict CSP)
 * and on a page with `deepdive-full.css` alone, and the computed style of every element inside
 * it (and of its `::before`/`::after` boxes) is compared, property by property. The only
 * difference allowed is the font family's first name, GDS Transport against Arial: no font file
 * is served, so GDS Transport falls back to Arial and the text measures the same.
 *
 * On GOV.UK Frontend 5.x's CSS (the `govuk-frontend-5` alias), Deep Dive's own rules must hold
 * too: every element with a `dd-` class computes, for each property `deepdive.css` declares,
 * what it computes on the 6.x page. GOV.UK's own components are not compared there: 5.x draws
 * some of them differently (its own design), which is the host's choice, not Deep Dive's.
 *
 * And the stylesheets themselves: `deepdive.css` holds only rules for `dd-` selectors and no
 * font face or file; `deepdive-full.css` uses Arial and declares no font face.
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BUNDLE, ROOT, closeChecked, launch, renderOnGovukHost, serveGovukHost, timetableForm, url,
} from './helpers.mjs';
import { file, hashes, response, uuid } from './responses-fixtures.mjs';

/**
 * One element in one state: the host embeds it and `ready` brings it there.
 *
 * @typedef {import('./helpers.mjs').Hosted & {state: string}} State
 */

/** @type {State[]} */
const STATES = [
  {
    state: 'a worked-out timetable', name: 'dd-timetable', module: 'timetable/dd-timetable.mjs', attributes: { framework: 'jtai-2015' },
    ready: async (page) => {
      const form = timetableForm(page);
      await form.fillDate('5', '10', '2015');
      await form.closures.fill('2015-10-07');
      await form.submit.click();
      await form.result.waitFor();
    },
  },
  {
    state: 'the timetable form with errors', name: 'dd-timetable', module: 'timetable/dd-timetable.mjs', attributes: {},
    ready: async (page) => {
      const form = timetableForm(page);
      await form.fillDate('31', '2', '');
      await form.submit.click();
      await form.errorSummary.waitFor();
    },
  },
  {
    state: 'the frameworks', name: 'dd-frameworks', module: 'frameworks/dd-frameworks.mjs', attributes: {},
    ready: (page) => page.locator('dd-frameworks .dd-framework').first().waitFor(),
  },
  {
    state: 'a case list previewed', name: 'dd-sampler', module: 'sampler/dd-sampler.mjs', attributes: {},
    ready: async (page) => {
      await page.getByRole('button', { name: 'Try with example data' }).click();
      await page.locator('dd-sampler .dd-sampler__preview').waitFor();
      await page.waitForFunction(() => !document.querySelector('dd-sampler .dd-sampler__file-summary')?.textContent?.includes('More than'));
    },
  },
  {
    state: 'a consultation’s start page', name: 'dd-consultation', module: 'consultation/dd-consultation.mjs', attributes: { src: 'builtin:demo' },
    ready: async (page) => {
      await page.locator('dd-consultation .dd-step-heading').waitFor();
      await page.locator('dd-consultation').getByRole('button', { name: 'Start now' }).waitFor();
    },
  },
  {
    state: 'a consultation part with errors', name: 'dd-consultation', module: 'consultation/dd-consultation.mjs',
    attributes: { src: 'builtin:demo' },
    ready: async (page) => {
      const element = page.locator('dd-consultation');
      await element.locator('.dd-step-heading').waitFor();
      await element.getByRole('button', { name: 'Start now' }).click();
      await element.getByRole('button', { name: 'Continue' }).click();
      await element.locator('.govuk-error-summary').waitFor();
    },
  },
  {
    state: 'responses analysed, with late and rejected files', name: 'dd-responses', module: 'responses/dd-responses.mjs',
    attributes: { src: 'builtin:demo' },
    ready: async (page) => {
      const element = page.locator('dd-responses');
      await element.locator('.dd-definition p').waitFor();
      const hash = await hashes(page);
      const one = response(hash.demo, uuid(1), { respondent: { type: 'prefer-not-to-say' }, clear: 'agree', consent: 'do-not-publish' });
      const two = response(hash.demo, uuid(3), { respondent: { type: 'parent-carer' }, clear: 'disagree', comments: 'Longer words\nover two lines.' });
      await element.getByLabel('Response files').setInputFiles([
        file('one.json', JSON.stringify(one)),
        file('two.json', JSON.stringify(two)),
        file('late.json', JSON.stringify({ ...one, id: uuid(2), submitted: '2100-01-01T12:00:00+00:00' })),
        file('broken.json', '{'),
      ]);
      await element.locator('table.dd-rejected').waitFor();
      await element.locator('.dd-chart').first().waitFor();
    },
  },
];

/**
 * One box's computed style: its place in the element's tree, its classes, every property, and
 * the properties `deepdive.css`'s rules that match the box declare (on a page linking it).
 *
 * @typedef {{where: string, classes: string, style: Record<string, string>, own: string[]}} Box
 */

/**
 * The computed style of the element and of every element inside it, with their `::before` and
 * `::after` boxes where those have content.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @returns {Promise<Box[]>}
 */
async function computedStyles(page, name) {
  await page.waitForLoadState('networkidle');
  return page.locator(name).evaluate((root) => {
    /** @type {Array<{where: string, classes: string, style: Record<string, string>, own: string[]}>} */
    const boxes = [];
    // deepdive.css's style rules that apply on screen now, one selector each.
    /** @type {Array<{selector: string, pseudo: string, properties: string[]}>} */
    const rules = [];
    /** @param {string} list */
    const split = (list) => {
      const parts = [];
      let depth = 0;
      let start = 0;
      for (let i = 0; i < list.length; i += 1) {
        if (list[i] === '(') depth += 1;
        else if (list[i] === ')') depth -= 1;
        else if (list[i] === ',' && depth === 0) {
          parts.push(list.slice(start, i));
          start = i + 1;
        }
      }
      return [...parts, list.slice(start)].map((p) => p.trim());
    };
    /** @param {CSSRuleList} list */
    const walk = (list) => {
      for (const rule of list) {
        if (rule instanceof CSSMediaRule && !matchMedia(rule.media.mediaText).matches) continue;
        if (rule instanceof CSSStyleRule) {
          for (const one of split(rule.selectorText)) {
            const pseudo = one.match(/::?(before|after)$/)?.[0].replace(/^:+/, '::') ?? '';
            rules.push({ selector: pseudo ? one.replace(/::?(before|after)$/, '') : one, pseudo, properties: [...rule.style] });
          }
        } else if ('cssRules' in rule) walk(/** @type {CSSGroupingRule} */ (rule).cssRules);
      }
    };
    const own = [...document.styleSheets].find((sheet) => sheet.href?.endsWith('/deepdive.css'));
    if (own) walk(own.cssRules);
    /** @param {Element} node */
    const where = (node) => {
      const parts = [];
      for (let n = /** @type {Element | null} */ (node); n && n !== root.parentElement; n = n.parentElement) {
        const index = n.parentElement ? [...n.parentElement.children].indexOf(n) : 0;
        parts.unshift(`${n.tagName.toLowerCase()}[${index}]`);
      }
      return parts.join('>');
    };
    for (const node of [root, ...root.querySelectorAll('*')]) {
      for (const pseudo of ['', '::before', '::after']) {
        const computed = getComputedStyle(node, pseudo || null);
        if (pseudo && (computed.content === 'none' || computed.content === 'normal')) continue;
        /** @type {Record<string, string>} */
        const style = {};
        for (const property of computed) style[property] = computed.getPropertyValue(property);
        const declared = rules.filter((r) => r.pseudo === pseudo && node.matches(r.selector)).flatMap((r) => r.properties);
        boxes.push({ where: where(node) + pseudo, classes: node.getAttribute('class') ?? '', style, own: [...new Set(declared)] });
      }
    }
    return boxes;
  });
}

/**
 * `value` as the two renders are compared: GOV.UK's font named as Arial (`"GDS Transport",
 * arial, sans-serif` is `arial, sans-serif`: the GOV.UK page cannot load GDS Transport here, so
 * it renders Arial), and a zero `clip-path` point the same whether written `0` or `0%` (GOV.UK
 * Frontend's minified CSS writes `0`, a fresh compile `0%`; both are the box's corner).
 *
 * @param {string} property
 * @param {string} value
 */
function normalised(property, value) {
  if (property === 'font-family') return value.replace(/^"GDS Transport",\s*/, '');
  if (property === 'clip-path') return value.replace(/\b0%/g, '0px');
  return value;
}

/**
 * The differences between two renders' boxes, as readable lines (at most `limit`).
 *
 * @param {Box[]} left
 * @param {Box[]} right
 * @param {{ownOnly?: boolean, limit?: number}} [options] - With `ownOnly`, compare only the
 *   properties deepdive.css's rules declare for each box (on either render), in the boxes both
 *   renders have (GOV.UK Frontend 5.x lacks some of 6.x's: its language navigation draws no
 *   separator box); without it, both renders must have the same boxes.
 */
function differences(left, right, { ownOnly = false, limit = 40 } = {}) {
  const lines = [];
  if (ownOnly) {
    const there = new Map(right.map((b) => [b.where, b]));
    const both = left.filter((b) => there.has(b.where));
    assert.ok(both.length > left.length * 0.9, 'the renders share most of their boxes');
    right = both.map((b) => /** @type {Box} */ (there.get(b.where)));
    left = both;
  }
  assert.deepEqual(left.map((b) => b.where), right.map((b) => b.where), 'the two renders have the same boxes');
  for (let i = 0; i < left.length && lines.length < limit; i += 1) {
    const properties = new Set([...left[i].own, ...right[i].own]);
    for (const [property, value] of Object.entries(left[i].style)) {
      if (ownOnly && !properties.has(property)) continue;
      // Custom properties are kept as written (`#fd0` in GOV.UK Frontend's minified CSS,
      // `#ffdd00` in a fresh compile); what they set is compared in the properties using them.
      if (property.startsWith('--')) continue;
      const other = right[i].style[property];
      if (normalised(property, value) !== normalised(property, other)) {
        lines.push(`${left[i].where} .${left[i].classes.split(/\s+/).join('.')}: ${property}: ${value} | ${other}`);
      }
    }
  }
  return lines;
}

describe('deepdive.css on GOV.UK Frontend, and deepdive-full.css alone', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;
  before(async () => {
    session = await launch();
    await serveGovukHost(session);
  });
  after(() => closeChecked(session));

  for (const state of STATES) {
    it(`${state.state}: the same computed styles both ways, and Deep Dive’s rules on GOV.UK Frontend 5.x`, async () => {
      // Each render starts afresh: no consultation draft or page kept from the one before.
      const fresh = async () => {
        await session.page.goto(url('govuk-host/full-host.html'));
        await session.page.evaluate(() => localStorage.clear());
      };
      await fresh();
      await renderOnGovukHost(session, state, true, 'govuk-host.html');
      const govuk = await computedStyles(session.page, state.name);
      await fresh();
      await renderOnGovukHost(session, state, false, 'full-host.html');
      const full = await computedStyles(session.page, state.name);
      assert.ok(govuk.length > 10, `only ${govuk.length} boxes were compared`);
      assert.deepEqual(differences(govuk, full), [], 'GOV.UK Frontend 6.x + deepdive.css | deepdive-full.css');

      await fresh();
      await renderOnGovukHost(session, state, true, 'govuk5-host.html');
      const govuk5 = await computedStyles(session.page, state.name);
      const own = govuk.filter((b) => b.own.length > 0).length;
      assert.ok(own > 0, 'no box matched a rule of deepdive.css');
      assert.deepEqual(
        differences(govuk, govuk5, { ownOnly: true }),
        [],
        'GOV.UK Frontend 6.x + deepdive.css | 5.x + deepdive.css, the properties Deep Dive’s rules set',
      );
    });
  }
});

describe('the stylesheets', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;
  before(async () => {
    session = await launch();
    await session.page.goto('about:blank');
  });
  after(() => session?.close());

  /**
   * Every style rule's selector of a stylesheet, read by the browser's CSS parser.
   *
   * @param {string} name
   * @returns {Promise<string[]>}
   */
  function selectors(name) {
    return session.page.evaluate((text) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      /** @type {string[]} */
      const found = [];
      /** @param {CSSRuleList} rules */
      const walk = (rules) => {
        for (const rule of rules) {
          if (rule instanceof CSSStyleRule) found.push(rule.selectorText);
          else if ('cssRules' in rule) walk(/** @type {CSSGroupingRule} */ (rule).cssRules);
          else found.push(`(not a style rule) ${rule.cssText}`);
        }
      };
      walk(sheet.cssRules);
      return found;
    }, fs.readFileSync(path.join(BUNDLE, name), 'utf8'));
  }

  it('deepdive.css holds Deep Dive’s rules only: every selector names a dd- class or element', async () => {
    const found = await selectors('deepdive.css');
    assert.ok(found.length > 50, `only ${found.length} rules`);
    const foreign = found.flatMap((s) => s.split(',')).filter((s) => !/(^|[\s.>+~(:])dd-/.test(s.trim()));
    assert.deepEqual(foreign, []);
    const css = fs.readFileSync(path.join(BUNDLE, 'deepdive.css'), 'utf8');
    assert.doesNotMatch(css, /@font-face/);
    assert.doesNotMatch(css, /url\(/);
    assert.match(css, /\.dd-timeline__item--day-off/);
  });

  it('deepdive-full.css uses Arial, declares no font face and names no file the pages use', async () => {
    const css = fs.readFileSync(path.join(BUNDLE, 'deepdive-full.css'), 'utf8');
    assert.doesNotMatch(css, /@font-face/);
    assert.doesNotMatch(css, /GDS Transport/i);
    assert.match(css, /font-family:arial,sans-serif/);
    // The only file it names is the crown of GOV.UK's crown-copyright link, which Deep Dive's
    // pages do not use, so it is never requested.
    const urls = [...new Set([...css.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]))];
    assert.deepEqual(urls, ['"govuk-assets/images/govuk-crest.svg"']);
    for (const page of fs.readdirSync(path.join(ROOT, 'site')).filter((f) => f.endsWith('.html'))) {
      assert.doesNotMatch(fs.readFileSync(path.join(ROOT, 'site', page), 'utf8'), /govuk-footer__copyright-logo/);
    }
    // GOV.UK Frontend's own rules and Deep Dive's.
    const found = await selectors('deepdive-full.css');
    assert.ok(found.some((s) => s.includes('.govuk-button')));
    assert.ok(found.some((s) => s.includes('.dd-timeline__item--day-off')));
  });
});
