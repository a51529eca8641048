#include "interop/usergazetteer.h"

#include "interop/geonamesreader.h"
#include "io/stagedoutput.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace mapline {

QString UserGazetteer::pathFor(const QString &databasePath)
{
    return QFileInfo(databasePath).absoluteDir().filePath(QStringLiteral("gazetteer-user.tsv"));
}

QString UserGazetteer::header()
{
    return QStringLiteral("id\tname\tkind\tlon\tlat\tadmin1\tadmin2\tcountry\tpopulation\talt_names");
}

Result<UserGazetteer::Outcome> UserGazetteer::importGeoNames(const QString &dumpPath,
                                                             const QString &gazetteerPath,
                                                             const QStringList &area,
                                                             const Progress &progress)
{
    using R = Result<Outcome>;
    GeoNamesReader reader;
    if (Status s = reader.open(dumpPath); !s)
        return R::failure(s.error());
    reader.setAreaFilter(area);
    StagedOutput staged(gazetteerPath);
    if (Status s = staged.prepare(); !s)
        return R::failure(s.error());
    QFile out(staged.stagingPath());
    if (!out.open(QIODevice::WriteOnly))
        return R::failure(staged.failure(out.errorString()));
    staged.applyMode();
    out.write(header().toUtf8() + '\n');

    Outcome outcome;
    outcome.path = gazetteerPath;
    QSet<qint64> ids; // the dump's places replace the file's rows with the same id
    GazetteerRow row;
    QString problem;
    for (bool done = false; !done;) {
        if (progress && (outcome.rows & 4095) == 0 &&
            !progress(reader.progressDone(), reader.progressTotal())) {
            outcome.cancelled = true;
            return outcome; // the staged file is removed; the gazetteer stays as it was
        }
        switch (reader.next(row, problem)) {
        case GeoNamesReader::Next::Row:
            ++outcome.rows;
            if (ids.contains(row.id))
                continue;
            ids.insert(row.id);
            out.write(row.toTsv().toUtf8() + '\n');
            ++outcome.written;
            break;
        case GeoNamesReader::Next::BadRow:
            ++outcome.rows;
            ++outcome.skipped;
            if (outcome.issues.size() < 100)
                outcome.issues.append({reader.lineNumber(), problem});
            break;
        case GeoNamesReader::Next::Ignored:
            ++outcome.rows;
            ++outcome.ignored;
            break;
        case GeoNamesReader::Next::Outside:
            ++outcome.rows;
            ++outcome.outside;
            break;
        case GeoNamesReader::Next::End: done = true; break;
        case GeoNamesReader::Next::Failed: return R::failure(reader.error());
        }
    }
    // The rows of the file as it was, except those the dump replaced.
    QFile old(gazetteerPath);
    if (old.exists()) {
        if (!old.open(QIODevice::ReadOnly))
            return R::failure(QStringLiteral("cannot read %1: %2").arg(gazetteerPath, old.errorString()));
        old.readLine(); // header
        while (!old.atEnd()) {
            const QByteArray line = old.readLine();
            bool ok = false;
            const qint64 id = line.left(line.indexOf('\t')).toLongLong(&ok);
            if (!ok || ids.contains(id))
                continue;
            out.write(line.endsWith('\n') ? line : line + '\n');
            ++outcome.kept;
        }
    }
    const bool flushed = out.flush();
    out.close();
    if (!flushed || out.error() != QFileDevice::NoError)
        return R::failure(staged.failure(out.errorString()));
    if (Status s = staged.commit(); !s)
        return R::failure(s.error());
    if (progress)
        progress(reader.progressTotal(), reader.progressTotal());
    return outcome;
}

} // namespace mapline
