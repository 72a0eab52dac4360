/**
 * @file Bundles a Deep Dive bundle folder's modules into the offline file's one script, with
 * esbuild. Run by `xtask/src/offline.rs`:
 *
 *     node xtask/offline/bundle.mjs <bundle folder> <output .js>
 *
 * Three bundles, each self-contained: the hashing worker, the sampler's worker (carrying the
 * hashing worker's code), and the page (the five elements and `page.mjs`, carrying both
 * workers' code and every asset). The bundle's modules are used as they are; only the points
 * where they load something by URL are swapped for `runtime.mjs`, which has it all inline:
 *
 * - `pkg/deepdive.js` and `pkg/xlsx/deepdive.js`: a wrapper whose `default()` (wasm-bindgen's
 *   `init`) is given the WebAssembly bytes instead of fetching `deepdive_bg.wasm`;
 * - `sampler/example.mjs`: `example.mjs` here, the example list read from the file;
 * - the two `new Worker(…)` calls: classic workers from `blob:` URLs of their own bundles
 *   (Chromium refuses a module worker from a `blob:` URL made by a `file://` page).
 *
 * The WebAssembly and the examples are gzipped (level 9) and written as base64; the browser
 * decompresses them with `DecompressionStream('gzip')`. The script's size, the assets'
 * sizes and their share are printed as JSON on stdout, for `offline.rs` to report.
 */

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUNTIME = path.join(HERE, 'runtime.mjs');

const [bundleArg, outArg] = process.argv.slice(2);
if (!bundleArg || !outArg) {
  console.error('usage: node xtask/offline/bundle.mjs <bundle folder> <output .js>');
  process.exit(2);
}
const BUNDLE = path.resolve(bundleArg);

/**
 * Where the bundle's modules start a worker, and the offline worker each starts instead: a
 * classic worker from a `blob:` URL (see `runtime.mjs`'s `startWorker`).
 */
const WORKER_POINTS = [
  { file: 'sampler/client.mjs', text: 'new Worker(WORKER_URL, options)', worker: 'sampler', options: 'options' },
  { file: 'workers/hashing.mjs', text: "new Worker(HASHER, { type: 'module' })", worker: 'hash', options: 'undefined' },
];

/** `import.meta.url` in a worker's bundle (see {@link bundle}). */
const WORKER_BASE = 'file:///deepdive-offline/workers/';

/** The two wasm-bindgen packages, by the name `runtime.mjs` knows their bytes under. */
const PACKAGES = new Map([
  [path.join(BUNDLE, 'pkg/deepdive.js'), 'everyday'],
  [path.join(BUNDLE, 'pkg/xlsx/deepdive.js'), 'xlsx'],
]);

/**
 * Gzip then base64 of a bundle file.
 *
 * @param {string} rel - Its path in the bundle.
 */
function packed(rel) {
  const bytes = fs.readFileSync(path.join(BUNDLE, rel));
  return zlib.gzipSync(bytes, { level: 9 }).toString('base64');
}

const assets = {
  wasm: { everyday: packed('pkg/deepdive_bg.wasm'), xlsx: packed('pkg/xlsx/deepdive_bg.wasm') },
  examples: {
    'annex-a-referrals.csv': packed('examples/annex-a-referrals.csv'),
    'demo-responses.jsonl': packed('examples/demo-responses.jsonl'),
  },
};

/**
 * The plugin that swaps the URL-loading points (see the file's comment).
 *
 * @param {string | null} assetsModule - The page's `offline:assets` source, or null in a
 *   worker (whose assets are `DD_ASSETS`, put in front of its code by `runtime.mjs`).
 * @returns {esbuild.Plugin}
 */
function offline(assetsModule) {
  return {
    name: 'deepdive-offline',
    setup(build) {
      build.onResolve({ filter: /^offline:assets$/ }, () => ({ path: 'assets', namespace: 'offline-assets' }));
      build.onLoad({ filter: /.*/, namespace: 'offline-assets' }, () => ({
        contents: assetsModule ?? 'export default DD_ASSETS;',
        loader: 'js',
      }));

      build.onResolve({ filter: /deepdive\.js$/ }, (args) => {
        if (args.pluginData?.real) return undefined;
        const resolved = path.resolve(args.resolveDir, args.path);
        const name = PACKAGES.get(resolved);
        return name ? { path: resolved, namespace: 'offline-pkg', pluginData: { name } } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'offline-pkg' }, (args) => {
        const real = JSON.stringify(args.path);
        return {
          contents: `import init from ${real};\nexport * from ${real};\n`
            + `import { assetBytes } from ${JSON.stringify(RUNTIME)};\n`
            + '/** wasm-bindgen\'s init, given the bytes from the offline file. */\n'
            + `export default async function offlineInit() { return init({ module_or_path: await assetBytes('wasm', ${JSON.stringify(args.pluginData.name)}) }); }\n`,
          resolveDir: path.dirname(args.path),
          pluginData: { real: true },
          loader: 'js',
        };
      });

      const example = path.join(BUNDLE, 'sampler/example.mjs');
      build.onResolve({ filter: /example\.mjs$/ }, (args) =>
        path.resolve(args.resolveDir, args.path) === example ? { path: path.join(HERE, 'example.mjs') } : undefined);

      for (const point of WORKER_POINTS) {
        const file = path.join(BUNDLE, point.file);
        build.onLoad({ filter: new RegExp(`${point.file.replace(/[./]/g, '\\$&')}$`) }, (args) => {
          if (args.path !== file) return undefined;
          const source = fs.readFileSync(file, 'utf8');
          const count = source.split(point.text).length - 1;
          if (count !== 1) {
            throw new Error(`${point.file} should have \`${point.text}\` once, found ${count} times: update xtask/offline/bundle.mjs`);
          }
          return {
            contents: `import { startWorker as offlineStartWorker } from ${JSON.stringify(RUNTIME)};\n`
              + source.replace(point.text, `offlineStartWorker(${JSON.stringify(point.worker)}, ${point.options})`),
            loader: 'js',
          };
        });
      }
    },
  };
}

/**
 * One self-contained script: an ES module for the page, a classic script for a worker.
 *
 * @param {{entry: string, contents?: string, assetsModule: string | null}} options
 * @returns {Promise<string>} Its code.
 */
async function bundle({ entry, contents, assetsModule }) {
  const worker = assetsModule === null;
  const result = await esbuild.build({
    ...(contents === undefined
      ? { entryPoints: [entry] }
      : { stdin: { contents, resolveDir: path.dirname(entry), sourcefile: path.basename(entry), loader: 'js' } }),
    bundle: true,
    format: worker ? 'iife' : 'esm',
    // A classic worker has no `import.meta`. Its modules make URLs from it at load (the
    // hashing worker's, the wasm file's), which the offline code never loads: a stand-in base
    // lets them be made. A request to it would fail the e2e test, which allows none.
    ...(worker ? { define: { 'import.meta.url': JSON.stringify(WORKER_BASE) } } : {}),
    target: ['es2022'],
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
    plugins: [offline(assetsModule)],
  });
  return result.outputFiles[0].text;
}

const hash = await bundle({ entry: path.join(BUNDLE, 'workers/hash-worker.mjs'), assetsModule: null });
const sampler = await bundle({ entry: path.join(BUNDLE, 'workers/sampler-worker.mjs'), assetsModule: null });
const pageAssets = `export default ${JSON.stringify({ ...assets, workers: { sampler, hash } })};`;
const elements = ['timetable/dd-timetable.mjs', 'frameworks/dd-frameworks.mjs', 'sampler/dd-sampler.mjs',
  'consultation/dd-consultation.mjs', 'responses/dd-responses.mjs'];
const entry = [...elements.map((e) => `import ${JSON.stringify(path.join(BUNDLE, e))};`),
  `import ${JSON.stringify(path.join(HERE, 'page.mjs'))};`].join('\n');
const page = await bundle({ entry: path.join(HERE, 'entry.mjs'), contents: entry, assetsModule: pageAssets });
fs.writeFileSync(outArg, page);

const sizes = {
  script: Buffer.byteLength(page),
  wasmEveryday: assets.wasm.everyday.length,
  wasmXlsx: assets.wasm.xlsx.length,
  examples: Object.values(assets.examples).reduce((n, s) => n + s.length, 0),
  samplerWorker: Buffer.byteLength(sampler),
  hashWorker: Buffer.byteLength(hash),
};
console.log(JSON.stringify(sizes));
