/**
 * @file Defines Deep Dive's custom elements so that a page loading two copies of the bundle
 * (two paths, or two versions) does not throw: `customElements.define` throws for a name
 * already taken, so the first definition stays and the later copy warns once in the console.
 */

/** Marks a constructor whose name a later copy has already warned about (shared by copies). */
const WARNED = Symbol.for('deepdive.define.warned');

/**
 * Defines `name` as `constructor`, unless the name is already defined: then the first
 * definition stays and one warning per name says so (however many copies try).
 *
 * @param {string} name - The element's tag, e.g. `dd-timetable`.
 * @param {CustomElementConstructor} constructor
 * @returns {boolean} Whether this constructor was defined.
 */
export function defineElement(name, constructor) {
  const existing = /** @type {(CustomElementConstructor & {[WARNED]?: boolean}) | undefined} */ (
    customElements.get(name));
  if (!existing) {
    customElements.define(name, constructor);
    return true;
  }
  if (existing !== constructor && !existing[WARNED]) {
    existing[WARNED] = true;
    console.warn(`Deep Dive: <${name}> is already defined on this page (another copy of Deep Dive's `
      + `files, perhaps another version, loaded first); the first definition stays, and the copy at `
      + `${new URL('.', import.meta.url).href} is not used for it.`);
  }
  return false;
}
