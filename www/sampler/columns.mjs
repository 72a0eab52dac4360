/**
 * @file Column guessing for the sampler, with no DOM: which column probably identifies a
 * person, and which one holds each child's unique ID.
 */

/** Words in a column's name that suggest it identifies a child, a parent or a worker. */
const IDENTIFYING = /\b(id|ids|identifier|unique|ref|reference|number|no|nhs|upn|uln|ni|nino|name|names|forename|forenames|surname|first ?name|last ?name|family ?name|given ?name|dob|birth|born|address|postcode|post ?code|phone|telephone|mobile|email|e-mail|worker|workers|social ?worker|practitioner|caseworker|key ?worker|lead ?professional|officer|manager|parent|carer|mother|father|school)\b/i;

/** Names that probably hold a unique ID, best first. */
const ID_NAMES = [/unique ?id/i, /\bid\b/i, /identifier/i, /\b(ref|reference)\b/i, /\b(case|child) ?(number|no)\b/i];

/**
 * Whether a column probably identifies a person (a child, a parent or a worker): IDs, names,
 * dates of birth, addresses, contact details and workers. Such columns are offered first, and
 * left out of the export unless ticked.
 *
 * @param {string} name - The column's name.
 * @returns {boolean}
 */
export function isIdentifying(name) {
  return IDENTIFYING.test(name.replace(/[_.]/g, ' '));
}

/**
 * The column most likely to hold a unique ID: a name like “Child Unique ID”, “ID” or
 * “Reference”, else the first column.
 *
 * @param {string[]} columns
 * @returns {string} The column's name, or `''` for no columns.
 */
export function guessIdColumn(columns) {
  for (const test of ID_NAMES) {
    const found = columns.find((c) => test.test(c));
    if (found) return found;
  }
  return columns[0] ?? '';
}

/**
 * The columns a sample can export (all but the ID column), split into those that may identify
 * someone and the others, each in the table's order.
 *
 * @param {string[]} columns - The table's columns.
 * @param {string} idColumn - The plan's ID column.
 * @returns {{identifying: string[], other: string[]}}
 */
export function exportColumns(columns, idColumn) {
  const rest = columns.filter((c) => c !== idColumn);
  return { identifying: rest.filter(isIdentifying), other: rest.filter((c) => !isIdentifying(c)) };
}
