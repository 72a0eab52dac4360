/**
 * @file Loads Deep Dive's WebAssembly package once and hands out its JavaScript API.
 *
 * The server serves `www/` at `/` and the generated `pkg/` at `/pkg/`, so this module, at
 * `/wasm.mjs`, finds the package at `./pkg/deepdive.js`. Every element imports this module
 * itself; however many elements a page has, the package is fetched and instantiated once.
 *
 * The package is imported dynamically, inside {@link loadDeepDive}, rather than with a static
 * `import`: if the package is missing or fails to instantiate, the returned promise rejects and
 * each element shows the failure in place, instead of the whole module graph (and with it the
 * element definitions) failing to load.
 *
 * The API is described in the README's “JavaScript API”.
 */

/** @type {Promise<DeepDiveApi> | null} */
let ready = null;

/**
 * The package's JavaScript API (see the README's “JavaScript API”): `version`, `frameworks`,
 * `framework`, `bankHolidays`, `isWorkingDay`, `addWorkingDays`, `workingDaysBetween`,
 * `timetable`. Every function throws an `Error` named `DeepDiveError` with `code` and
 * `problems` on bad input.
 *
 * @typedef {typeof import('./pkg/deepdive.js')} DeepDiveApi
 */

/**
 * Loads and instantiates the WebAssembly package, once.
 *
 * @returns {Promise<DeepDiveApi>} The API, after `init()` has finished; the same promise on
 *   every call. It rejects (with the loader's error) if the package cannot be loaded; a later
 *   call tries again.
 */
export function loadDeepDive() {
  if (!ready) {
    ready = import('./pkg/deepdive.js')
      .then(async (dd) => {
        await dd.default();
        return dd;
      })
      .catch((error) => {
        ready = null;
        throw error;
      });
  }
  return ready;
}

/**
 * Whether a thrown value is one of Deep Dive's validation errors (an `Error` with a
 * `problems` list) rather than a failure of the page or the package.
 *
 * @param {unknown} error - What was thrown.
 * @returns {error is import('./pkg/deepdive.js').DeepDiveError} True for a `DeepDiveError`.
 */
export function isDeepDiveError(error) {
  return (
    error instanceof Error &&
    error.name === 'DeepDiveError' &&
    Array.isArray(/** @type {{problems?: unknown}} */ (error).problems)
  );
}
