#include "interop/stagedoutput.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace mapline {
namespace {

// rename(2): replaces an existing file atomically, which QFile::rename refuses to do.
Status moveOver(const QString &from, const QString &to)
{
    if (std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0)
        return {};
    return Status::failure(QStringLiteral("cannot move %1 to %2: %3")
                               .arg(from, to, QString::fromLocal8Bit(std::strerror(errno))));
}

} // namespace

StagedOutput::StagedOutput(QString target, QStringList companions)
    : mTarget(std::move(target))
    , mCompanions(std::move(companions))
{
}

StagedOutput::~StagedOutput()
{
    if (!mCommitted && !mStaging.isEmpty())
        removeStaged();
}

QString StagedOutput::withSuffix(const QString &path, const QString &suffix) const
{
    const QFileInfo info(path);
    return info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + suffix);
}

Status StagedOutput::prepare()
{
    const QFileInfo target(mTarget);
    const QDir folder = target.absoluteDir();
    if (!folder.exists())
        return Status::failure(QStringLiteral("cannot write %1: the folder %2 does not exist")
                                   .arg(mTarget, QDir::toNativeSeparators(folder.path())));
    if (target.isDir())
        return Status::failure(QStringLiteral("cannot write %1: it is a folder").arg(mTarget));
    const QString suffix = target.suffix();
    // A folder where one of the files must go cannot be replaced by a file: say so now, before
    // anything is written (rename(2) would move the folder aside and leave it behind).
    for (const QString &ext : std::as_const(mCompanions)) {
        const QString companion = withSuffix(mTarget, ext);
        if (QFileInfo(companion).isDir())
            return Status::failure(QStringLiteral("cannot write %1: %2 is a folder").arg(mTarget, companion));
    }
    do {
        const QString tag = QString::number(QRandomGenerator::global()->generate(), 16);
        mStaging =
            folder.filePath(QStringLiteral(".%1.%2.tmp.%3").arg(target.completeBaseName(), tag, suffix));
    } while (QFileInfo::exists(mStaging));
    return {};
}

void StagedOutput::removeStaged() const
{
    // The writer may have left journals or companions we did not list: everything under the
    // staging name goes.
    const QFileInfo staging(mStaging);
    QDir folder = staging.absoluteDir();
    const QString stem = staging.completeBaseName(); // ".events.1a2b.tmp"
    const QStringList leftovers =
        folder.entryList({stem + QStringLiteral(".*"), staging.fileName() + QStringLiteral("-*")},
                         QDir::Files | QDir::Hidden | QDir::System);
    for (const QString &name : leftovers)
        folder.remove(name);
}

Status StagedOutput::commit()
{
    const QString suffix = QFileInfo(mTarget).suffix();
    QStringList suffixes = {suffix};
    suffixes += mCompanions;
    if (suffixes.size() == 1) {
        if (Status s = moveOver(mStaging, mTarget); !s)
            return s;
        mCommitted = true;
        return {};
    }
    // Several files: set the old ones aside, move the new ones in, then drop the old ones.
    struct Move {
        QString staged, target, backup;
    };
    QList<Move> moves;
    for (const QString &ext : std::as_const(suffixes)) {
        Move m{withSuffix(mStaging, ext), withSuffix(mTarget, ext),
               withSuffix(mStaging, ext + QStringLiteral(".old"))};
        moves.append(m);
    }
    QList<const Move *> setAside, movedIn;
    auto undo = [&] {
        for (const Move *m : movedIn)
            QFile::remove(m->target);
        for (const Move *m : setAside)
            moveOver(m->backup, m->target);
    };
    for (const Move &m : moves) {
        if (!QFileInfo::exists(m.target))
            continue;
        if (Status s = moveOver(m.target, m.backup); !s) {
            undo();
            return s;
        }
        setAside.append(&m);
    }
    for (const Move &m : moves) {
        if (!QFileInfo::exists(m.staged))
            continue; // a companion this writer does not make (a stale one was set aside above)
        if (Status s = moveOver(m.staged, m.target); !s) {
            undo();
            return s;
        }
        movedIn.append(&m);
    }
    for (const Move *m : setAside)
        QFile::remove(m->backup);
    mCommitted = true;
    return {};
}

} // namespace mapline
