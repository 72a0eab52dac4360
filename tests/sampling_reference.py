#!/usr/bin/env python3
"""An independent implementation of docs/sampling.md (deepdive-ticket-v1), Python 3 stdlib only.

Usage: python3 tests/sampling_reference.py LIST.csv RECEIPT.json

Reads a simple CSV case list (UTF-8, comma-separated, a header row) and a receipt made by
Deep Dive, re-runs the receipt's plan from the specification alone, and compares the
hashes, counts, strata, selected cases, reserves, tracked cases and replacements log with
the receipt. Prints "reproduced"
and exits 0 when everything matches; otherwise prints each difference and exits 1.
"""

import csv
import datetime
import hashlib
import json
import sys

ALGORITHM = "deepdive-ticket-v1"
BLANKS = " \t\n\r\x0b\x0c\xa0"


def trim(text):
    return text.strip(BLANKS)


def ns(data):
    """A netstring: the byte length in decimal, ':', the bytes, ','."""
    return str(len(data)).encode("ascii") + b":" + data + b","


def parse_date(text):
    """A date cell (docs/sampling.md, "Dates"), or None when it is not a date."""
    t = trim(text)
    cut = min([i for i in (t.find(" "), t.find("T")) if i >= 0], default=-1)
    date, time = (t, None) if cut < 0 else (t[:cut], t[cut + 1:])
    if time is not None and not is_time(time):
        date = None
    if date is not None:
        parts = date.split("/")
        if len(parts) == 3 and all(p.isascii() and p.isdigit() for p in parts):
            d, m, y = parts
            if 1 <= len(d) <= 2 and 1 <= len(m) <= 2 and len(y) == 4:
                return real_date(int(y), int(m), int(d))
        parts = date.split("-")
        if len(parts) == 3 and all(p.isascii() and p.isdigit() for p in parts):
            y, m, d = parts
            if len(y) == 4 and len(m) == 2 and len(d) == 2:
                return real_date(int(y), int(m), int(d))
    # An Excel serial: digits, perhaps with a fraction.
    whole, _, fraction = t.partition(".")
    if not (whole.isascii() and whole.isdigit()):
        return None
    if "." in t and not (fraction.isascii() and fraction.isdigit()):
        return None
    serial = int(whole)
    if serial < 1 or serial > 2958465 or serial == 60:
        return None
    if serial < 60:
        return datetime.date(1899, 12, 31) + datetime.timedelta(days=serial)
    return datetime.date(1899, 12, 30) + datetime.timedelta(days=serial)


def real_date(y, m, d):
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def is_time(t):
    main, dot, fraction = t.partition(".")
    if dot and not (fraction.isascii() and fraction.isdigit()):
        return False
    parts = main.split(":")

    def ok(s, lengths, top):
        return len(s) in lengths and s.isascii() and s.isdigit() and int(s) <= top

    if len(parts) == 2:
        return not dot and ok(parts[0], (1, 2), 23) and ok(parts[1], (2,), 59)
    if len(parts) == 3:
        return ok(parts[0], (1, 2), 23) and ok(parts[1], (2,), 59) and ok(parts[2], (2,), 59)
    return False


def age_on(birth, ref):
    if birth > ref:
        return None
    leap = ref.year % 4 == 0 and (ref.year % 100 != 0 or ref.year % 400 == 0)
    birthday = (3, 1) if (birth.month, birth.day) == (2, 29) and not leap else (birth.month, birth.day)
    return ref.year - birth.year - (1 if (ref.month, ref.day) < birthday else 0)


def iso(text):
    return None if text is None else datetime.date.fromisoformat(text)


def apply_filter(f, cell, reference):
    """None when the cell passes, else the reason."""
    t = trim(cell)
    op = f["op"]
    if op == "equals":
        return None if t == trim(f["value"]) else "not-matched"
    if op == "one-of":
        return None if t in [trim(v) for v in f["values"]] else "not-matched"
    if op == "not-blank":
        return None if t else "not-matched"
    if t == "":
        return "blank-date"
    date = parse_date(t)
    if date is None:
        return "bad-date"
    if op == "date-between":
        lo, hi = iso(f.get("from")), iso(f.get("to"))
        ok = (lo is None or lo <= date) and (hi is None or date <= hi)
        return None if ok else "not-matched"
    if op == "age-between":
        age = age_on(date, iso(reference))
        if age is None:
            return "born-after-reference-date"
        lo, hi = f.get("min"), f.get("max")
        ok = (lo is None or lo <= age) and (hi is None or age <= hi)
        return None if ok else "not-matched"
    raise ValueError("unknown filter op " + op)


def hamilton(seats, weights, room, given):
    """Largest remainder over weights, capped at room (docs/sampling.md, "Allocation")."""
    open_ = [h for h in range(len(weights)) if room[h] > 0 and weights[h] > 0]
    while seats > 0 and open_:
        total = sum(weights[h] for h in open_)
        share = {h: seats * weights[h] // total for h in open_}
        rem = {h: seats * weights[h] % total for h in open_}
        left = seats - sum(share.values())
        for h in sorted(open_, key=lambda h: (-rem[h], h))[:left]:
            share[h] += 1
        over = [h for h in open_ if share[h] > room[h]]
        if not over:
            for h in open_:
                given[h] += share[h]
                room[h] -= share[h]
            return
        for h in over:
            given[h] += room[h]
            seats -= room[h]
            room[h] = 0
        open_ = [h for h in open_ if room[h] > 0]


def allocate(size, eligible, rule, minimum):
    if size >= sum(eligible):
        return list(eligible)
    room = list(eligible)
    given = [0] * len(eligible)
    seats = size
    if rule == "proportional":
        weights = list(eligible)
    elif rule == "equal":
        weights = [1] * len(eligible)
    elif rule == "minimum":
        for h in range(len(eligible)):
            given[h] = min(minimum, room[h])
            room[h] -= given[h]
        seats -= sum(given)
        if seats < 0:
            raise ValueError("allocation-impossible")
        weights = list(eligible)
    else:
        raise ValueError("unknown allocation " + rule)
    hamilton(seats, weights, room, given)
    return given


def run(header, rows, plan, log=()):
    """rows: [(line, cells)]; log: a receipt's replacements. Returns the parts of a receipt
    this script checks, the replacements log as this script would write it included."""
    col = {name: i for i, name in reversed(list(enumerate(header)))}
    cell = lambda cells, name: cells[col[name]] if col[name] < len(cells) else ""
    strata_cols = plan["strata"]
    relevant = strata_cols + [f["column"] for f in plan["filters"]]
    seed = trim(plan["seed"])

    excluded = {}
    with_id = []
    for line, cells in rows:
        rid = trim(cell(cells, plan["idColumn"]))
        if rid == "":
            excluded[("blank-id", None)] = excluded.get(("blank-id", None), 0) + 1
        else:
            with_id.append((rid.encode("utf-8"), line, cells))
    with_id.sort(key=lambda r: (r[0], r[1]))

    ids_hash = hashlib.sha256(b"".join(ns(r[0]) for r in with_id)).hexdigest()
    entries = sorted(
        ns(r[0]) + b"".join(ns(trim(cell(r[2], c)).encode("utf-8")) for c in relevant) for r in with_id
    )
    records_hash = hashlib.sha256(b"".join(entries)).hexdigest()

    groups = {}
    for rid, line, cells in with_id:
        groups.setdefault(rid, []).append((line, cells))
    records = []
    duplicate_copies = 0
    for rid, copies in groups.items():
        values = {tuple(trim(cell(c, name)) for name in relevant) for _, c in copies}
        if len(values) == 1:
            duplicate_copies += len(copies) - 1
            records.append((rid, copies[0][0], copies[0][1]))
        else:
            key = ("duplicate-id-conflict", None)
            excluded[key] = excluded.get(key, 0) + len(copies)

    # Tracked cases are set aside before the filters (section 4a).
    tracked_ids = [trim(t["id"]).encode("utf-8") for t in plan.get("tracked", [])]
    by_id = {rid: (line, cells) for rid, line, cells in records}
    tracked = []
    for t, rid in zip(plan.get("tracked", []), tracked_ids):
        if rid not in by_id:
            raise ValueError("unknown-tracked-case: " + rid.decode("utf-8"))
        line, cells = by_id[rid]
        stratum = [trim(cell(cells, c)) for c in strata_cols]
        tracked.append({"row": line, "id": rid.decode("utf-8"), "stratum": stratum, "reason": trim(t["reason"])})
    if tracked:
        excluded[("tracked", None)] = len(tracked)

    strata = {}
    for rid, line, cells in records:
        if rid in tracked_ids:
            continue
        reason = None
        for i, f in enumerate(plan["filters"]):
            reason = apply_filter(f, cell(cells, f["column"]), plan.get("referenceDate"))
            if reason:
                excluded[(reason, i)] = excluded.get((reason, i), 0) + 1
                break
        if reason:
            continue
        key = tuple(trim(cell(cells, c)).encode("utf-8") for c in strata_cols)
        strata.setdefault(key, []).append((rid, line))

    keys = sorted(strata)
    sizes = [len(strata[k]) for k in keys]
    alloc = allocate(plan["size"], sizes, plan["allocation"], plan.get("minPerStratum") or 0)
    prefix = ns(ALGORITHM.encode()) + ns(seed.encode("utf-8"))
    out = {"strata": [], "selected": [], "reserves": [], "tracked": tracked}
    after_allocation = {}
    for key, take in zip(keys, alloc):
        skey = b"".join(ns(v) for v in key)
        ranked = sorted(
            (hashlib.sha256(prefix + ns(skey) + ns(rid)).digest(), rid, line) for rid, line in strata[key]
        )
        want = min(len(ranked), take + plan["reserves"])
        values = [v.decode("utf-8") for v in key]
        case = lambda t: {"row": t[2], "id": t[1].decode("utf-8"), "stratum": values, "ticket": t[0].hex()}
        out["selected"] += [case(t) for t in ranked[:take]]
        out["reserves"] += [case(t) for t in ranked[take:want]]
        after_allocation[tuple(values)] = [case(t) for t in ranked[take:]]
        out["strata"].append(
            {"values": values, "eligible": len(ranked), "allocated": take, "reserves": want - take}
        )
    # The replacements log (section 12a): each entry replaces a case then in the sample by
    # the next case of its stratum after its allocation, in ticket order, at a time no
    # earlier than the entry before. An entry that breaks a rule is written here with
    # replacement null (or at "out of order"), so the comparison fails.
    current = {c["id"]: tuple(c["stratum"]) for c in out["selected"]}
    used = {}
    out["replacements"] = []
    for i, e in enumerate(log):
        mine = {"id": e["id"], "reason": trim(e["reason"]), "at": e["at"], "replacement": None}
        if i > 0 and e["at"] < log[i - 1]["at"]:
            mine["at"] = "out of order"
        stratum = current.pop(e["id"], None)
        if stratum is not None:
            k = used.get(stratum, 0)
            pool = after_allocation.get(stratum, [])
            if k < len(pool):
                mine["replacement"] = pool[k]
                current[pool[k]["id"]] = stratum
            used[stratum] = k + 1
        out["replacements"].append(mine)
    before = sorted((r, f, n) for (r, f), n in excluded.items() if f is None)
    after = sorted(((f, r), n) for (r, f), n in excluded.items() if f is not None)
    out["records"] = {
        "idsSha256": ids_hash,
        "recordsSha256": records_hash,
        "rows": len(rows),
        "duplicateCopies": duplicate_copies,
        "records": len(records),
        "eligible": sum(sizes),
        "excluded": [{"reason": r, "filter": None, "count": n} for r, _, n in before]
        + [{"reason": r, "filter": f, "count": n} for (f, r), n in after],
    }
    return out


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    with open(argv[1], encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [(reader.line_num, cells) for cells in reader]
    with open(argv[2], encoding="utf-8") as f:
        receipt = json.load(f)
    if receipt.get("algorithm") != ALGORITHM:
        print("other algorithm:", receipt.get("algorithm"))
        return 1
    got = run(header, rows, receipt["plan"], receipt.get("replacements", []))
    names = ("records", "strata", "selected", "reserves", "tracked", "replacements")
    differences = [name for name in names if got[name] != receipt.get(name, [])]
    for name in differences:
        print("differs:", name)
        print("  receipt:", json.dumps(receipt.get(name, [])))
        print("  here:   ", json.dumps(got[name]))
    if differences:
        return 1
    print(
        "reproduced: %d selected, %d reserves, %d tracked, %d replacements"
        % (len(got["selected"]), len(got["reserves"]), len(got["tracked"]), len(got["replacements"]))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
