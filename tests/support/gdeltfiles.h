#pragma once

// GDELT 2.0 files of any length for the tests of bulk imports: each line is the first row of the
// GDELT fixture (tests/data/datasets) with its own GLOBALEVENTID (700000 + line).
#include "testsupport.h"

#include <QDate>
#include <QList>

namespace mapline::test {

// Writes `lines` lines to `path`; every `badEvery`-th line (none when 0) is cut short, a bad row.
// Returns the bad lines' numbers.
inline QList<qint64> writeGdeltFile(const QString &path, int lines, int badEvery = 0)
{
    const QByteArray fixture = readFile(testData(QStringLiteral("datasets/gdelt2-20191024143000.export.CSV")));
    QByteArray first = fixture.left(fixture.indexOf('\n'));
    first.replace('\r', "");
    const QByteArray rest = first.mid(first.indexOf('\t'));
    QByteArray out;
    QList<qint64> bad;
    for (int line = 1; line <= lines; ++line) {
        if (badEvery > 0 && line % badEvery == 0) {
            out += QByteArray::number(700000 + line) + "\t20191024\tcut short\n";
            bad << line;
        } else {
            out += QByteArray::number(700000 + line) + rest + '\n';
        }
    }
    writeFile(path, out);
    return bad;
}

// A GDELT 1.0 file dense in happenings, as benchmarks/gen_gdelt_fusion.py makes them (not the same
// bytes: its own pseudo-random numbers): `rows` rows in six Afghan towns (+-0.3 degrees) or placed
// only to the country, on the days of 2001, with the actors and CAMEO codes of the fusion test
// set's GDELT file. GLOBALEVENTIDs from `firstId`. Returns the lines, without their ends.
inline QList<QByteArray> fusionGdeltLines(int rows, qint64 firstId, quint32 seed)
{
    struct Town {
        const char *full, *adm1, *feature;
        double lat, lon;
    };
    static const Town towns[] = {
        {"Kunduz, Kondoz, Afghanistan", "AF24", "-3388128", 36.728, 68.868},
        {"Mazar-e Sharif, Balkh, Afghanistan", "AF30", "-3378435", 36.7069, 67.1122},
        {"Kandahar, Kandahar, Afghanistan", "AF23", "-3378090", 31.6133, 65.7101},
        {"Sarobi, Kabol, Afghanistan", "AF13", "-3373501", 34.5896, 69.7601},
        {"Kabul, Kabol, Afghanistan", "AF13", "-3369157", 34.5167, 69.1833},
        {"Herat, Herat, Afghanistan", "AF11", "-3376762", 34.3482, 62.1997},
    };
    static const char *const codings[][10] = {
        {"AFGREB", "NORTHERN ALLIANCE", "AFG", "AFGINSTAL", "TALIBAN", "AFG", "192", "192", "19", "-10"},
        {"AFG", "AFGHANISTAN", "AFG", "AFGINSTAL", "TALIBAN", "AFG", "190", "190", "19", "-10"},
        {"USA", "UNITED STATES", "USA", "AFGINSTAL", "TALIBAN", "AFG", "195", "195", "19", "-10"},
        {"AFGINSTAL", "TALIBAN", "AFG", "AFGREB", "NORTHERN ALLIANCE", "AFG", "190", "190", "19", "-10"},
        {"", "", "", "CVL", "JOURNALIST", "", "1823", "182", "18", "-10"},
        {"AFGINSTAL", "TALIBAN", "AFG", "", "", "", "0874", "087", "08", "-2"},
        {"AFG", "AFGHANISTAN", "AFG", "AFGINSTAL", "TALIBAN", "AFG", "192", "192", "19", "-10"},
        {"AFGINSTAL", "TALIBAN", "AFG", "AFGGOV", "AFGHANISTAN", "AFG", "057", "057", "05", "8"},
        {"USA", "UNITED STATES", "USA", "AFGINSTAL", "TALIBAN", "AFG", "190", "190", "19", "-10"},
    };
    quint64 state = seed * 2654435761u + 1;
    const auto next = [&state](quint32 n) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return quint32((state >> 33) % n);
    };
    const auto uniform = [&next](double a, double b) { return a + (b - a) * next(1000000) / 1000000.0; };
    const auto actor = [](const char *code, const char *name, const char *country) {
        return QByteArray(code) + '\t' + name + '\t' + country + "\t\t\t\t\t\t\t";
    };
    QList<QByteArray> lines;
    const QDate first(2001, 1, 1);
    for (int i = 0; i < rows; ++i) {
        const QDate day = first.addDays(next(365));
        const char *const *c = codings[next(9)];
        QByteArray g;
        if (next(100) < 2) {
            g = "1\tAfghanistan\tAF\tAF\t33.0000\t65.0000\tAF";
        } else {
            const Town &t = towns[next(6)];
            g = "4\t" + QByteArray(t.full) + "\tAF\t" + t.adm1 + '\t' +
                QByteArray::number(t.lat + uniform(-0.3, 0.3), 'f', 4) + '\t' +
                QByteArray::number(t.lon + uniform(-0.3, 0.3), 'f', 4) + '\t' + t.feature;
        }
        const QByteArray date = day.toString(QStringLiteral("yyyyMMdd")).toLatin1();
        QByteArray line = QByteArray::number(firstId + i) + '\t' + date + '\t' + date.left(6) + '\t' + date.left(4) +
                          '\t' + QByteArray::number(day.year() + (day.dayOfYear() - 1) / 365.0, 'f', 4) + '\t';
        line += actor(c[0], c[1], c[2]) + '\t' + actor(c[3], c[4], c[5]) + '\t';
        line += QByteArray("1\t") + c[6] + '\t' + c[7] + '\t' + c[8] + "\t4\t" + c[9] + "\t6\t2\t6\t-4.2\t";
        line += g + '\t' + g + '\t' + g + "\t20130203";
        lines << line;
    }
    return lines;
}

} // namespace mapline::test
