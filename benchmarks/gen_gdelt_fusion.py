#!/usr/bin/env python3
"""A synthetic GDELT 1.0 events file in which every row is in Afghanistan: the worst case for the
fusion (docs/PERFORMANCE.md, "Fusion"). Every row is stored and fused, dense in a few places and one
year: six towns, each row placed within +-0.3 degrees of one, on one of the 365 days of 2001, with
one of the actor pairs and CAMEO codes of the fusion test set's GDELT file
(tests/data/fusion/datasets/gdelt1-20011207.export.CSV), or a row placed only to the country.

    benchmarks/gen_gdelt_fusion.py ROWS OUT.CSV [--seed N]

The same ROWS and seed give the same file, byte for byte (57 tab-separated columns, as GDELT 1.0
files before April 2013, no SOURCEURL).
"""
import argparse
import datetime
import random
import sys

# (full name, FIPS country, ADM1, lat, lon, feature id)
TOWNS = [
    ("Kunduz, Kondoz, Afghanistan", "AF", "AF24", 36.728, 68.868, "-3388128"),
    ("Mazar-e Sharif, Balkh, Afghanistan", "AF", "AF30", 36.7069, 67.1122, "-3378435"),
    ("Kandahar, Kandahar, Afghanistan", "AF", "AF23", 31.6133, 65.7101, "-3378090"),
    ("Sarobi, Kabol, Afghanistan", "AF", "AF13", 34.5896, 69.7601, "-3373501"),
    ("Kabul, Kabol, Afghanistan", "AF", "AF13", 34.5167, 69.1833, "-3369157"),
    ("Herat, Herat, Afghanistan", "AF", "AF11", 34.3482, 62.1997, "-3376762"),
]
COUNTRY = ("Afghanistan", "AF", "AF", 33.0, 65.0, "AF")

# (actor 1 code, name, country; actor 2 code, name, country; event code, base, root; Goldstein)
# as coded in the fusion test set's GDELT file.
CODINGS = [
    ("AFGREB", "NORTHERN ALLIANCE", "AFG", "AFGINSTAL", "TALIBAN", "AFG", "192", "192", "19", "-10"),
    ("AFG", "AFGHANISTAN", "AFG", "AFGINSTAL", "TALIBAN", "AFG", "190", "190", "19", "-10"),
    ("USA", "UNITED STATES", "USA", "AFGINSTAL", "TALIBAN", "AFG", "195", "195", "19", "-10"),
    ("AFGINSTAL", "TALIBAN", "AFG", "AFGREB", "NORTHERN ALLIANCE", "AFG", "190", "190", "19", "-10"),
    ("", "", "", "CVL", "JOURNALIST", "", "1823", "182", "18", "-10"),
    ("AFGINSTAL", "TALIBAN", "AFG", "", "", "", "0874", "087", "08", "-2"),
    ("AFG", "AFGHANISTAN", "AFG", "AFGINSTAL", "TALIBAN", "AFG", "192", "192", "19", "-10"),
    ("AFGINSTAL", "TALIBAN", "AFG", "AFGGOV", "AFGHANISTAN", "AFG", "057", "057", "05", "8"),
    ("USA", "UNITED STATES", "USA", "AFGINSTAL", "TALIBAN", "AFG", "190", "190", "19", "-10"),
]


def actor(code, name, country):
    # Actor code, name, country code, known group, ethnic, religion 1, religion 2, type 1, 2, 3.
    return [code, name, country, "", "", "", "", "", "", ""]


def geo(place, lat, lon, geotype):
    full, fips, adm1, _, _, feature = place
    return [str(geotype), full, fips, adm1, "%.4f" % lat, "%.4f" % lon, feature]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    first = datetime.date(2001, 1, 1)
    with open(args.out, "w", encoding="ascii", newline="") as out:
        for i in range(args.rows):
            day = first + datetime.timedelta(days=rng.randrange(365))
            c = CODINGS[rng.randrange(len(CODINGS))]
            if rng.random() < 0.02:
                place, lat, lon, geotype = COUNTRY, COUNTRY[3], COUNTRY[4], 1
            else:
                place = TOWNS[rng.randrange(len(TOWNS))]
                lat = place[3] + rng.uniform(-0.3, 0.3)
                lon = place[4] + rng.uniform(-0.3, 0.3)
                geotype = 4
            date = day.strftime("%Y%m%d")
            fraction = "%.4f" % (day.year + (day.timetuple().tm_yday - 1) / 365.0)
            f = [str(300000000 + i), date, date[:6], date[:4], fraction]
            f += actor(*c[0:3]) + actor(*c[3:6])
            # IsRootEvent, EventCode, EventBaseCode, EventRootCode, QuadClass, Goldstein,
            # NumMentions, NumSources, NumArticles, AvgTone.
            f += ["1", c[6], c[7], c[8], "4", c[9], "6", "2", "6", "-4.2"]
            g = geo(place, lat, lon, geotype)
            f += g + g + g  # actor 1, actor 2 and action geography
            f.append("20130203")  # DATEADDED
            assert len(f) == 57, len(f)
            out.write("\t".join(f) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
