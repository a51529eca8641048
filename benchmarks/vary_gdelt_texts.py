#!/usr/bin/env python3
"""benchmarks/vary_gdelt_texts.py SRC DST N1 N2: a copy of a GDELT 1.0 file (gen_gdelt_fusion.py) whose
generated descriptions repeat less: each actor1 name drawn from N1 variants ("TALIBAN UNIT 17"), each
actor2 name from N2 ("... GROUP 3"); DST "-" only counts. Prints rows, distinct descriptions, their share.
docs/PERFORMANCE.md, "One sentence per distinct text": 100 100 gave 36.7 %, 40000 10000 gave 92.0 %."""
import random, sys
src, dst, n1, n2 = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(17)
seen = set(); rows = 0
out = open(dst, 'w') if dst != '-' else None
with open(src) as f:
    for line in f:
        c = line.rstrip('\n').split('\t')
        if c[6]:
            c[6] = f"{c[6]} UNIT {rnd.randrange(n1)}" if n1 > 1 else c[6]
        if c[16] and n2 > 1:
            c[16] = f"{c[16]} GROUP {rnd.randrange(n2)}"
        seen.add((c[6], c[16], c[26], c[50]))
        rows += 1
        if out: out.write('\t'.join(c) + '\n')
print(rows, len(seen), round(len(seen) / rows, 3))
