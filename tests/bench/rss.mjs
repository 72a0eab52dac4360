/**
 * @file Real memory, from Linux: the resident memory of the browser's renderer processes
 * (the page and its workers run in one), read from `/proc`. The benchmark page asks for a
 * baseline, resets the kernel's peak (`clear_refs`), and reads the peak after a job; the
 * difference is what the job held at its busiest, whatever the engine's own accounting.
 */

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** The processes and their parents. */
function processes() {
  const list = [];
  let names = [];
  try {
    names = readdirSync('/proc');
  } catch {
    // Not Linux: nothing to measure.
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and brackets: the fields after it are safe.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      list.push({ pid: Number(name), ppid, cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return list;
}

/** A field of `/proc/<pid>/status` in bytes (`VmRSS`, `VmHWM`). */
function status(pid, field) {
  let text = '';
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return 0;
  }
  const m = text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) * 1024 : 0;
}

/**
 * Watches the renderer processes of the browser started with this profile directory.
 *
 * @param {string} profile - The `--user-data-dir` the browser was started with.
 */
export function renderers(profile) {
  const find = () => {
    const all = processes();
    const browser = all.find((p) => p.cmdline.includes(profile) && !p.cmdline.includes('--type='));
    if (!browser) return [];
    const ours = new Set([browser.pid]);
    // Descendants, in any order: repeat until nothing is added.
    for (let added = true; added;) {
      added = false;
      for (const p of all) {
        if (!ours.has(p.pid) && ours.has(p.ppid)) {
          ours.add(p.pid);
          added = true;
        }
      }
    }
    return all.filter((p) => ours.has(p.pid) && p.cmdline.includes('--type=renderer')).map((p) => p.pid);
  };
  /** @type {Map<number, number>} Resident bytes at the baseline. */
  let base = new Map();
  return {
    /** Notes each renderer's resident memory now. */
    baseline() {
      base = new Map(find().map((pid) => [pid, status(pid, 'VmRSS')]));
    },
    /** Sets each renderer's recorded peak to its resident memory now. */
    reset() {
      for (const pid of find()) {
        try {
          writeFileSync(`/proc/${pid}/clear_refs`, '5');
        } catch {
          // Gone, or not ours to reset: its peak then counts from its start.
        }
      }
    },
    /** How far the renderers' peaks rose above the baseline, in bytes, all together. */
    peak() {
      let sum = 0;
      for (const pid of find()) sum += Math.max(0, status(pid, 'VmHWM') - (base.get(pid) ?? 0));
      return sum;
    },
  };
}
