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
import { BUNDLE, ROOT, closeChecked, launch, renderOnGovukHost, serveGovukHost } from './helpers.mjs';
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
      const element = page.locator('dd-timetable');
      await element.locator('form').waitFor();
      await element.getByLabel('Day').fill('5');
      await element.getByLabel('Month').fill('10');
      await element.getByLabel('Year').fill('2015');
      await element.getByLabel('Closure days (optional)').fill('7 October 2015');
      await element.getByRole('button', { name: 'Work out the timetable' }).click();
      await element.locator('.dd-result').waitFor();
    },
  },
  {
    state: 'the timetable form with errors', name: 'dd-timetable', module: 'timetable/dd-timetable.mjs', attributes: {},
    ready: async (page) => {
      const element = page.locator('dd-timetable');
      await element.locator('form').waitFor();
      await element.getByLabel('Day').fill('31');
      await element.getByLabel('Month').fill('2');
      await element.getByRole('button', { name: 'Work out the timetable' }).click();
      await element.locator('.govuk-error-summary').waitFor();
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
    ready: (page) => page.locator('dd-consultation .dd-step-heading').waitFor(),
  },
  {
    state: 'a consultation part with errors', name: 'dd-consultation', module: 'consultation/dd-consultation.mjs',
    attributes: { src: 'builtin:demo' },
    ready: async (page) => {
      const element = page.locator('dd-consultation');
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
 * One box's computed style: its place in the element's tree, its classes and every property.
 *
 * @typedef {{where: string, classes: string, style: Record<string, string>}} Box
 */

/**
 * The computed style of the element and of every element inside it, with their `::before` and
 * `::after` boxes where those have content.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @returns {Promise<Box[]>}
 */
function computedStyles(page, name) {
  return page.locator(name).evaluate((root) => {
    /** @type {Array<{where: string, classes: string, style: Record<string, string>}>} */
    const boxes = [];
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
        boxes.push({ where: where(node) + pseudo, classes: node.getAttribute('class') ?? '', style });
      }
    }
    return boxes;
  });
}

/**
 * `value` with GOV.UK's font named as Arial: `"GDS Transport", arial, sans-serif` is
 * `arial, sans-serif` (the GOV.UK page cannot load GDS Transport here, so it renders Arial).
 *
 * @param {string} property
 * @param {string} value
 */
function sameFont(property, value) {
  return property === 'font-family' ? value.replace(/^"GDS Transport",\s*/, '') : value;
}

/**
 * The differences between two renders' boxes, as readable lines (at most `limit`).
 *
 * @param {Box[]} left
 * @param {Box[]} right
 * @param {{properties?: Set<string>, only?: (box: Box) => boolean, limit?: number}} [options] -
 *   Compare only these properties, only the boxes `only` keeps.
 */
function differences(left, right, { properties, only = () => true, limit = 40 } = {}) {
  const lines = [];
  assert.deepEqual(left.map((b) => b.where), right.map((b) => b.where), 'the two renders have the same boxes');
  for (let i = 0; i < left.length && lines.length < limit; i += 1) {
    if (!only(left[i])) continue;
    for (const [property, value] of Object.entries(left[i].style)) {
      if (properties && !properties.has(property)) continue;
      const other = right[i].style[property];
      if (sameFont(property, value) !== sameFont(property, other)) {
        lines.push(`${left[i].where} .${left[i].classes.split(/\s+/).join('.')}: ${property}: ${value} | ${other}`);
      }
    }
  }
  return lines;
}

const DD_CLASS = /(^|\s)dd-/;

describe('deepdive.css on GOV.UK Frontend, and deepdive-full.css alone', () => {
  /** @type {import('./helpers.mjs').Session} */
  let session;
  /** Every property `deepdive.css` declares, for the 5.x check. */
  let declared = new Set();

  before(async () => {
    session = await launch();
    await serveGovukHost(session);
    await session.page.goto('about:blank');
    const css = fs.readFileSync(path.join(BUNDLE, 'deepdive.css'), 'utf8');
    declared = new Set(await session.page.evaluate((text) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      /** @type {string[]} */
      const names = [];
      /** @param {CSSRuleList} rules */
      const walk = (rules) => {
        for (const rule of rules) {
          if (rule instanceof CSSStyleRule) names.push(...rule.style);
          if ('cssRules' in rule) walk(/** @type {CSSGroupingRule} */ (rule).cssRules);
        }
      };
      walk(sheet.cssRules);
      return names;
    }, css));
  });
  after(() => closeChecked(session));

  for (const state of STATES) {
    it(`${state.state}: the same computed styles both ways, and Deep Dive’s rules on GOV.UK Frontend 5.x`, async () => {
      await renderOnGovukHost(session, state, true, 'govuk-host.html');
      const govuk = await computedStyles(session.page, state.name);
      await renderOnGovukHost(session, state, false, 'full-host.html');
      const full = await computedStyles(session.page, state.name);
      assert.ok(govuk.length > 10, `only ${govuk.length} boxes were compared`);
      assert.deepEqual(differences(govuk, full), [], 'GOV.UK Frontend 6.x + deepdive.css | deepdive-full.css');

      await renderOnGovukHost(session, state, true, 'govuk5-host.html');
      const govuk5 = await computedStyles(session.page, state.name);
      const own = govuk5.filter((b) => DD_CLASS.test(b.classes)).length;
      assert.ok(own > 0, 'no element with a dd- class was compared');
      assert.deepEqual(
        differences(govuk, govuk5, { properties: declared, only: (b) => DD_CLASS.test(b.classes) }),
        [],
        'GOV.UK Frontend 6.x + deepdive.css | 5.x + deepdive.css, dd- classed elements',
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
