#include "resourcepaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace mapline {

QString resourcePath(const QString &relative)
{
    QStringList roots;
    const QString env = qEnvironmentVariable("MAPLINE_RESOURCES");
    if (!env.isEmpty())
        roots << env;
    if (QCoreApplication::instance())
        roots << QCoreApplication::applicationDirPath() + QStringLiteral("/../share/mapline");
    roots << QStringLiteral(MAPLINE_SOURCE_RESOURCES);
    for (const QString &root : roots) {
        const QString candidate = QDir(root).filePath(relative);
        if (QFileInfo::exists(candidate))
            return QDir::cleanPath(candidate);
    }
    return QDir(roots.last()).filePath(relative);
}

} // namespace mapline
