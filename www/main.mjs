/**
 * @file The Deep Dive page's entry point: it only loads the page's elements, each of which
 * loads the WebAssembly package itself (once per page).
 */

import './elements/dd-timetable.mjs';
import './elements/dd-frameworks.mjs';
