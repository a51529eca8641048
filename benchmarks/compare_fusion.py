#!/usr/bin/env python3
"""benchmarks/compare_fusion.py A.sqlite B.sqlite: whether two Mapline databases hold the same fusion
(docs/PERFORMANCE.md, "Fusion": a speed change must leave the happenings exactly as they were).
Compares (1) the events -> happening partition (by event ids, whatever the happening ids),
(2) every happening row, column by column (matched by its members), (3) whether the happening ids
themselves are the same, (4) rows without events and events without a happening.
Exit 0 only when (1), (2) and (4) agree; (3) is reported."""
import sqlite3, sys

def load(path):
    db = sqlite3.connect(path)
    groups = {}
    for eid, hid in db.execute("SELECT id, happening_id FROM events ORDER BY id"):
        groups.setdefault(hid, []).append(eid)
    nulls = groups.pop(None, [])
    canon = {hid: ms[0] for hid, ms in groups.items()}          # happening -> its lowest event id
    part = {e: canon[h] for h, ms in groups.items() for e in ms}  # event -> lowest event of its happening
    cols = [r[1] for r in db.execute("PRAGMA table_info(happenings)")]
    rows, ids = {}, {}
    orphan = 0
    for r in db.execute("SELECT %s FROM happenings" % ",".join(cols)):
        rec = dict(zip(cols, r))
        if rec['id'] in canon:
            k = canon[rec['id']]
            ids[k] = rec.pop('id')
            rows[k] = rec
        else:
            orphan += 1
    return dict(part=part, rows=rows, ids=ids, n=len(groups), orphan=orphan, nulls=len(nulls),
                nrows=db.execute("SELECT count(*) FROM happenings").fetchone()[0])

a, b = load(sys.argv[1]), load(sys.argv[2])
print("happenings (with events): %d vs %d; happening rows: %d vs %d; rows without events: %d vs %d; "
      "events without a happening: %d vs %d" % (a['n'], b['n'], a['nrows'], b['nrows'], a['orphan'], b['orphan'],
                                               a['nulls'], b['nulls']))
same_part = a['part'] == b['part']
print("partition identical:", same_part)
if not same_part:
    diff = [e for e in a['part'] if a['part'][e] != b['part'].get(e)]
    print("  events in different groups:", len(diff), diff[:10])
rowdiff = [k for k in a['rows'] if a['rows'][k] != b['rows'].get(k)]
print("happening rows differing:", len(rowdiff))
for k in rowdiff[:5]:
    ra, rb = a['rows'][k], b['rows'].get(k, {})
    print("  ", k, [(c, ra[c], rb.get(c)) for c in ra if ra[c] != rb.get(c)])
iddiff = sum(1 for k in a['ids'] if a['ids'][k] != b['ids'].get(k))
print("happening ids differing:", iddiff)
ok = same_part and not rowdiff and a['orphan'] == b['orphan'] and a['nulls'] == b['nulls'] and a['nrows'] == b['nrows']
print("SAME" if ok else "DIFFERENT")
sys.exit(0 if ok else 1)
