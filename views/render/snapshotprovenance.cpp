#include "render/snapshotprovenance.h"

#include "filterstate.h"
#include "render/mapsettings.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QObject>

namespace mapline {

SnapshotProvenance SnapshotProvenance::of(const MapSettings &settings, const QString &database,
                                          const QString &filters)
{
    SnapshotProvenance p;
    p.title = settings.title();
    p.from = settings.from();
    p.to = settings.to();
    p.filters = filters;
    // A shared store is named by its URL as the analyst gave it (Mapline refuses URLs that hold a
    // password, so it holds none); a file by its absolute path.
    const bool url = database.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive) ||
                     database.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
    p.database = database.isEmpty() || url ? database : QDir::toNativeSeparators(QFileInfo(database).absoluteFilePath());
    if (const auto index = settings.events())
        p.events = index->count(settings.eventWindow(), settings.eventMask().get());
    return p;
}

QString SnapshotProvenance::describeFilters(const FilterState &filters)
{
    QStringList parts;
    if (!filters.hiddenTypes.isEmpty()) {
        QStringList hidden(filters.hiddenTypes.begin(), filters.hiddenTypes.end());
        hidden.sort();
        parts << QObject::tr("Hidden types: %1").arg(hidden.join(QStringLiteral(", ")));
    }
    for (const auto &[key, text] : filters.describe())
        if (key != u"types")
            parts << text;
    return parts.join(QStringLiteral("; "));
}

QString SnapshotProvenance::program()
{
    return QStringLiteral("Mapline %1").arg(QStringLiteral(MAPLINE_VERSION));
}

QString SnapshotProvenance::timeWindowText() const
{
    if (from.isValid() && to.isValid())
        return QStringLiteral("%1 to %2").arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate));
    if (from.isValid())
        return QStringLiteral("from %1").arg(from.toString(Qt::ISODate));
    if (to.isValid())
        return QStringLiteral("until %1").arg(to.toString(Qt::ISODate));
    return QStringLiteral("all dates");
}

QList<std::pair<QString, QString>> SnapshotProvenance::items() const
{
    QList<std::pair<QString, QString>> list;
    if (!title.isEmpty())
        list.append({QStringLiteral("Title"), title});
    list.append({QStringLiteral("Time window"), timeWindowText()});
    list.append({QStringLiteral("Filters"), filters.isEmpty() ? QStringLiteral("none") : filters});
    list.append({QStringLiteral("Database"), database.isEmpty() ? QStringLiteral("unknown") : database});
    list.append({QStringLiteral("Events"), QString::number(events)});
    list.append(more);
    list.append({QStringLiteral("Software"), program()});
    list.append({QStringLiteral("Creation time"), created.toUTC().toString(Qt::ISODate)});
    return list;
}

QString SnapshotProvenance::text() const
{
    QStringList lines;
    for (const auto &[label, value] : items())
        lines << label + QStringLiteral(": ") + value;
    return lines.join(QLatin1Char('\n'));
}

QString SnapshotProvenance::key(const QString &label)
{
    QStringList words = label.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (QString &w : words)
        w[0] = w[0].toUpper();
    return words.join(QString());
}

void SnapshotProvenance::addTo(QImage &image) const
{
    for (const auto &[label, value] : items())
        image.setText(key(label), value);
    image.setText(QStringLiteral("Description"), text());
}

} // namespace mapline
