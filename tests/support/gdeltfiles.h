#pragma once

// GDELT 2.0 files of any length for the tests of bulk imports: each line is the first row of the
// GDELT fixture (tests/data/datasets) with its own GLOBALEVENTID (700000 + line).
#include "testsupport.h"

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

} // namespace mapline::test
