#pragma once

#include "result.h"

#include <QFile>
#include <QList>
#include <QString>
#include <QStringView>

// The lexicon files of resources/lexicons/: read whole as UTF-8, and walked row by row when they
// are tab-separated with a header line. Shared by the actor tagger, the event coder and the word
// classes.
namespace mapline::lexicon {

inline Result<QString> readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<QString>::failure(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    return QString::fromUtf8(file.readAll());
}

// Reads `path` and hands its text to `add(text, path)`, which parses it.
template <typename F> Status load(const QString &path, F add)
{
    const Result<QString> text = readText(path);
    if (!text)
        return Status::failure(text.error());
    return add(QStringView(*text), path);
}

// Rows of a tab-separated lexicon with a header: calls `row(cells, lineNo)` for each data row;
// blank lines and lines starting with '#' are skipped.
template <typename F> Status forEachRow(QStringView tsv, const QString &fileName, int minColumns, F row)
{
    int lineNo = 0;
    bool header = false;
    for (const QStringView raw : tsv.split(QLatin1Char('\n'))) {
        ++lineNo;
        const QStringView line = raw.endsWith(QLatin1Char('\r')) ? raw.chopped(1) : raw;
        if (line.trimmed().isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (!header) {
            header = true;
            continue;
        }
        const QList<QStringView> cells = line.split(QLatin1Char('\t'));
        if (cells.size() < minColumns)
            return Status::failure(QStringLiteral("%1:%2: expected %3 tab-separated columns, found %4")
                                       .arg(fileName).arg(lineNo).arg(minColumns).arg(cells.size()));
        if (Status s = row(cells, lineNo); !s)
            return s;
    }
    return {};
}

} // namespace mapline::lexicon
