/**
 * @file The Deep Dive page's entry point: it only loads the page's elements, each of which
 * loads the WebAssembly package itself (once per page).
 */

import './timetable/dd-timetable.mjs';
import './frameworks/dd-frameworks.mjs';
