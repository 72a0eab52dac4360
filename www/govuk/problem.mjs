/**
 * @file The one shape of a problem on Deep Dive's pages, and the pure rules for showing a list
 * of them: which form field each belongs to, in which order, and which are dropped as
 * repeats. Nothing here touches the DOM, so it is tested in Node.
 *
 * A problem is what the WebAssembly package puts in an error's `problems` (README, Errors):
 * `field` names the argument (`onsiteStart`, `closures[2]`, `area.cpsConcerns`, or `null`).
 * The page's own checks use the same shape with the page's field names.
 */

/**
 * One problem, as the core reports it or as a form finds it.
 *
 * @typedef {object} Problem
 * @property {string | null} field - The field it concerns (`closures[2]`, `filters[0].column`),
 *   or null for none.
 * @property {string} code - A stable code: the core's, or one of the form's own (`required`,
 *   `incomplete-date`, `bad-number`, …).
 * @property {string} message - The words shown in the error summary and next to the field.
 * @property {string[]} [parts] - For a field of several inputs (a date's `day`, `month`,
 *   `year`): the inputs in error; all of them when absent.
 */

/**
 * The names a field could be registered under, most specific first: the field itself, then
 * each enclosing path (`filters[0].column` → `filters[0]` → `filters`).
 *
 * @param {string} field - A field path.
 * @returns {string[]} The candidates.
 */
export function fieldCandidates(field) {
  const out = [field];
  let rest = field;
  for (;;) {
    const cut = Math.max(rest.lastIndexOf('.'), rest.lastIndexOf('['));
    if (cut <= 0) break;
    rest = rest.slice(0, cut);
    out.push(rest);
  }
  return out;
}

/**
 * Puts problems in the order of their fields on the page, problems of no field first; problems
 * of one field keep their order.
 *
 * @param {Problem[]} problems - The problems.
 * @param {(field: string | null) => number | null} rankOf - A field's place on the page, or
 *   null for a field the page does not show.
 * @returns {Problem[]} A new, sorted list.
 */
export function orderProblems(problems, rankOf) {
  const ranked = problems.map((problem, index) => ({ problem, index, rank: rankOf(problem.field) }));
  ranked.sort((a, b) => {
    const [first, second] = [a.rank ?? -1, b.rank ?? -1];
    return first === second ? a.index - b.index : first - second;
  });
  return ranked.map(({ problem }) => problem);
}

/**
 * Merges the form's own problems with the core's: a core problem about a field the form has
 * already reported is dropped (the form's words say what to fix first), and a problem repeated
 * word for word appears once.
 *
 * @param {Problem[]} formProblems - What the form found while reading its controls.
 * @param {Problem[]} coreProblems - What the core reported for the rest.
 * @returns {Problem[]} Both lists, the form's first.
 */
export function mergeProblems(formProblems, coreProblems) {
  const reported = new Set(formProblems.map((problem) => problem.field).filter((field) => field !== null));
  const seen = new Set();
  return [...formProblems, ...coreProblems.filter((problem) => !reported.has(problem.field))].filter((problem) => {
    const key = `${problem.field}\u0000${problem.code}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Keeps one problem per field, the one `rank` puts first (lowest), except for fields where
 * every problem is shown (e.g. each bad line of a textarea). Problems of no field all stay.
 *
 * @param {Problem[]} problems - The problems, in order.
 * @param {(problem: Problem) => string | null} groupOf - The field group a problem is shown in.
 * @param {{showAll?: (group: string) => boolean, rank?: (problem: Problem) => number}} [options]
 * @returns {Problem[]} The problems to show, in their order.
 */
export function onePerField(problems, groupOf, { showAll = () => false, rank = () => 0 } = {}) {
  /** @type {Problem[]} */
  const shown = [];
  /** @type {Map<string, number>} */
  const at = new Map();
  for (const problem of problems) {
    const group = groupOf(problem);
    if (group === null || showAll(group)) {
      shown.push(problem);
      continue;
    }
    const index = at.get(group);
    if (index === undefined) {
      at.set(group, shown.length);
      shown.push(problem);
    } else if (rank(problem) < rank(shown[index])) {
      shown[index] = problem;
    }
  }
  return shown;
}
