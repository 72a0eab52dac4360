/**
 * @file The committed `www/styles/app.css` is what `www/styles/app.scss` compiles to with the
 * installed sass (so it cannot go stale), and it uses Arial and loads no font.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers.mjs';

const CSS = path.join(ROOT, 'www/styles/app.css');

describe('www/styles/app.css', () => {
  it('equals a fresh compile of app.scss', () => {
    // The same command as `npm run build:css`, read from package.json, into a temporary file.
    const script = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts['build:css'];
    const args = script.split(/\s+/);
    assert.equal(args[0], 'sass');
    assert.equal(args.at(-1), 'www/styles/app.css');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dd-css-'));
    try {
      const fresh = path.join(dir, 'app.css');
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules/sass/sass.js'), ...args.slice(1, -1), fresh], { cwd: ROOT, stdio: 'pipe' });
      const committed = fs.readFileSync(CSS, 'utf8');
      assert.ok(committed === fs.readFileSync(fresh, 'utf8'), 'www/styles/app.css is stale: run `npm run build:css` and commit it');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses Arial, declares no font face and names no missing file the page uses', () => {
    const css = fs.readFileSync(CSS, 'utf8');
    assert.doesNotMatch(css, /@font-face/);
    assert.doesNotMatch(css, /GDS Transport/i);
    assert.match(css, /font-family:arial,sans-serif/);
    // The only file the CSS names is the crown of GOV.UK's crown-copyright link, which Deep
    // Dive's pages do not use, so it is never requested.
    const urls = [...new Set([...css.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]))];
    assert.deepEqual(urls, ['"../assets/images/govuk-crest.svg"']);
    for (const page of ['index.html', 'embed-example.html']) {
      assert.doesNotMatch(fs.readFileSync(path.join(ROOT, 'www', page), 'utf8'), /govuk-footer__copyright-logo/);
    }
    // Deep Dive's own styles are in it.
    assert.match(css, /\.dd-timeline__item--day-off/);
  });
});
