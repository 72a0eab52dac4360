/**
 * @file Reads an iCalendar file with ical.js (an independent RFC 5545 parser) and prints
 * its events as JSON, for `tests/timetable_ics.rs`: `node tests/ics/parse.mjs FILE.ics`.
 */

import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const text = readFileSync(process.argv[2], 'utf8');
const calendar = new ICAL.Component(ICAL.parse(text));
const events = calendar.getAllSubcomponents('vevent').map((v) => {
  const e = new ICAL.Event(v);
  return {
    uid: e.uid,
    summary: e.summary,
    description: e.description,
    start: e.startDate.toString(),
    end: e.endDate.toString(),
    allDay: e.startDate.isDate && e.endDate.isDate,
    stamp: String(v.getFirstPropertyValue('dtstamp')),
  };
});
process.stdout.write(JSON.stringify({
  version: calendar.getFirstPropertyValue('version'),
  prodid: calendar.getFirstPropertyValue('prodid'),
  events,
}));
