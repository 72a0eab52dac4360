/**
 * @file The offline file's own page code (`bundle.mjs` puts it after the bundle's five
 * element modules): the service navigation between the
 * file's sections (one per tool), and the demonstration responses offered as a download.
 *
 * The sections are shown one at a time by the URL's fragment (`#sampler`, …), so Back and
 * Forward move between tools. A fragment that starts with a section's id and a hyphen (the
 * consultation form's own pages, `#consultation-form-part-1`) keeps that section shown.
 */

import { assetBytes } from './runtime.mjs';

/** The tools' sections, in the navigation's order. */
const sections = /** @type {HTMLElement[]} */ ([...document.querySelectorAll('section.dd-offline-tool')]);

/**
 * The section a fragment names, or null.
 *
 * @param {string} hash - `location.hash`.
 * @returns {HTMLElement | null}
 */
function sectionOf(hash) {
  const id = decodeURIComponent(hash.replace(/^#/, ''));
  if (!id) return null;
  return sections.find((s) => id === s.id || id.startsWith(`${s.id}-`)) ?? null;
}

/** Shows the section the fragment names (the first when it names none) and marks its link. */
function show() {
  const named = sectionOf(location.hash);
  const current = named ?? sections.find((s) => !s.hidden) ?? sections[0];
  for (const section of sections) section.hidden = section !== current;
  for (const link of document.querySelectorAll('a.govuk-service-navigation__link')) {
    const item = link.closest('.govuk-service-navigation__item');
    const active = link.getAttribute('href') === `#${current.id}`;
    item?.classList.toggle('govuk-service-navigation__item--active', active);
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${current.dataset.title ?? ''} – Deep Dive (offline)`;
  if (named && location.hash === `#${current.id}`) {
    const heading = current.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }
}

window.addEventListener('hashchange', show);
show();

// The demonstration responses, as a file to download and then load in the tool.
const demo = document.querySelector('a[data-dd-demo-responses]');
if (demo) {
  assetBytes('examples', 'demo-responses.jsonl').then((bytes) => {
    demo.setAttribute('href', URL.createObjectURL(new Blob([bytes], { type: 'application/x-ndjson' })));
  }, () => demo.replaceWith(document.createTextNode('sample responses (missing from this file)')));
}
