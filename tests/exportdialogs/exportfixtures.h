#pragma once

// Fixtures shared by tst_export and tst_exportdialogs: a small database of four events whose
// sentences and places exercise the formats (quotes, markup, long UTF-8, no position), rows
// handed to the store as a dataset, and what an export left in a folder.
#include "interop/dataset.h"
#include "eventfields.h"
#include "store/eventstore.h"

#include <ogr_api.h>

#include <QDir>
#include <QString>
#include <QStringList>
#include <QtTest>

#include <cmath>

namespace mapline::test {

// Rows handed to the store as a dataset, so the sentences are exactly what the test says.
class ListSource : public DatasetRowSource {
public:
    explicit ListSource(QList<DatasetRow> rows)
        : mRows(std::move(rows))
    {
    }
    bool next(DatasetRow &row) override
    {
        if (mNext >= mRows.size())
            return false;
        row = mRows[mNext++];
        return true;
    }
    QString failure() const override { return {}; }
    bool cancelled() const override { return false; }
    QString contentHash() const override { return QStringLiteral("test-rows"); }
    qint64 rowsRead() const override { return mRows.size(); }
    qint64 rowsSkipped() const override { return 0; }
    qint64 rowsOutside() const override { return 0; }

private:
    QList<DatasetRow> mRows;
    qsizetype mNext = 0;
};

// 300 bytes of UTF-8 with two-byte characters all along, so a cut at 254 bytes falls inside one.
inline const QString kLongSentence = QStringLiteral("Commanders held talks in Mazār-e Sharīf, ") +
                              QStringLiteral("Kunduz, Tāloqān and Pul-e Khumrī; ").repeated(8) +
                              QStringLiteral("they agreed.");

inline DatasetRow row(const QString &type, TimeRange time, const QString &place, double lon, double lat,
               const QStringList &actors, const QString &sentence, double confidence)
{
    DatasetRow r;
    static int line = 0;
    r.line = ++line;
    Event &e = r.event;
    e.type = type;
    e.time = time;
    e.place.name = place;
    e.place.precision = place.isEmpty() ? GeoPrecision::Unknown : GeoPrecision::City;
    if (!std::isnan(lon))
        e.place.coordinate = QGeoCoordinate(lat, lon);
    e.place.admin1 = place;
    e.place.country = QStringLiteral("AF");
    e.placeText = place;
    for (const QString &a : actors)
        e.actors.append(ActorMention{Actor{a, {}, QStringLiteral("group")}, Span{}});
    e.sentence = sentence;
    e.confidence = confidence;
    if (type == u"armed_clash") {
        e.acledEventType = QStringLiteral("Battles");
        e.acledSubEventType = QStringLiteral("Armed clash");
        e.cameoRoot = QStringLiteral("19");
    }
    return r;
}

inline void fillDatabase(const QString &path)
{
    auto store = EventStore::open(path);
    QVERIFY2(store.ok(), qPrintable(store.error()));
    const double none = std::nan("");
    ListSource rows({
        row(QStringLiteral("armed_clash"), TimeRange::day(QDate(2001, 11, 21)), QStringLiteral("Kunduz"),
            68.868, 36.728, {QStringLiteral("Taliban"), QStringLiteral("Northern Alliance")},
            QStringLiteral("Taliban fought the \"Northern Alliance\", with tanks & <artillery>, in "
                           "Konduz;\nthen withdrew."),
            0.8),
        row(QStringLiteral("talks"), {QDate(2001, 11, 19), QDate(2001, 11, 25), DatePrecision::Week},
            QStringLiteral("Mazar-e Sharif"), 67.11, 36.709, {QStringLiteral("Taliban")}, kLongSentence,
            0.65),
        row(QStringLiteral("statement"), TimeRange::day(QDate(2001, 11, 23)), QString(), none, none, {},
            QStringLiteral("Officials said more talks would follow."), 0.5),
        row(QStringLiteral("shelling"), TimeRange::month(2001, 11), QStringLiteral("Kabul"), 69.1833, 34.5167,
            {}, QStringLiteral("Rockets hit Kabul in November."), 0.7),
    });
    DatasetInfo info;
    info.kind = QStringLiteral("mapline");
    info.path = QStringLiteral("fixture");
    const auto outcome = store.value()->importDataset(info, rows);
    QVERIFY2(outcome.ok(), qPrintable(outcome.error()));
}

inline QStringList folderEntries(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                                  QDir::Name);
}

inline QList<Event> storedEvents(const QString &db)
{
    auto store = EventStore::open(db, EventStore::Mode::ReadOnly);
    if (!store)
        return {};
    const auto events = store.value()->events();
    return events ? *events : QList<Event>();
}

inline QStringList sortedActors(const Event &e)
{
    QStringList names;
    for (const ActorMention &m : e.actors)
        names << m.actor.name;
    names.sort();
    return names;
}

// A feature's field as text; dates as YYYY-MM-DD whatever the driver's type.
inline QString fieldText(OGRFeatureH f, const char *name)
{
    const int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return {};
    const OGRFieldType type = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i));
    if (type == OFTDate || type == OFTDateTime) {
        int y, m, d, h, min, tz;
        float s;
        OGR_F_GetFieldAsDateTimeEx(f, i, &y, &m, &d, &h, &min, &s, &tz);
        return QDate(y, m, d).toString(Qt::ISODate);
    }
    return QString::fromUtf8(OGR_F_GetFieldAsString(f, i));
}

} // namespace mapline::test
