// Dataset imports on real files: GDELT 1.0/2.0 and ACLED fixtures written from the published column
// specifications (tests/data/datasets, README there), the real files of ../shared/data when present,
// the store side (one transaction per file, re-import a no-op, cancel leaves nothing, schema 1 -> 2),
// and the GeoNames dump reader that fills gazetteer-user.tsv.
#include "eventfields.h"
#include "interop/acledreader.h"
#include "interop/csvreader.h"
#include "interop/datasetformat.h"
#include "interop/datasetimporter.h"
#include "interop/gdeltreader.h"
#include "interop/geonamesreader.h"
#include "interop/usergazetteer.h"
#include "store/eventstore.h"
#include "store/schema.h"
#include "gdeltfiles.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace mapline;
using Kind = DatasetFormat::Kind;
using FileStatus = DatasetImporter::FileResult::Status;

namespace {

QString fixture(const QString &name)
{
    return test::testData(QStringLiteral("datasets/") + name);
}

const QString kGdelt1 = QStringLiteral("gdelt1-20011125.export.CSV");
const QString kGdelt2 = QStringLiteral("gdelt2-20191024143000.export.CSV");
const QString kAcled = QStringLiteral("acled-afghanistan-2020.csv");
const QString kGeoNames = QStringLiteral("geonames-AF-sample.txt");

qint64 scalar(EventStore &store, const QString &sql)
{
    const QVariant v = test::scalar(store, sql);
    return v.isValid() ? v.toLongLong() : -1;
}

// The events of one dataset, keyed by their id in the dataset.
QHash<QString, Event> eventsByExternalId(EventStore &store)
{
    QHash<QString, Event> out;
    const auto events = store.events();
    if (!events)
        return out;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT id, external_id FROM events"));
    QHash<qint64, QString> external;
    while (q.next())
        external.insert(q.value(0).toLongLong(), q.value(1).toString());
    for (const Event &e : *events)
        out.insert(external.value(e.id), e);
    return out;
}

QStringList actorNames(const Event &e)
{
    QStringList names;
    for (const ActorMention &m : e.actors)
        names << m.actor.name;
    names.sort();
    return names;
}

// What a dataset import's progress calls saw of the database's files while its rows were written.
struct JournalSeen {
    QSet<int> modes; // header byte 18
    bool journal = false; // a -journal beside the database
    qint64 largestWal = 0;
    qint64 largestJournal = 0;
};

DatasetImporter::Progress watchJournal(const QString &db, JournalSeen &seen)
{
    return [db, &seen](qint64, qint64) {
        seen.modes.insert(test::journalModeByte(db));
        const QFileInfo journal(db + QStringLiteral("-journal")), wal(db + QStringLiteral("-wal"));
        seen.journal = seen.journal || journal.exists();
        seen.largestJournal = std::max(seen.largestJournal, journal.exists() ? journal.size() : 0);
        seen.largestWal = std::max(seen.largestWal, wal.exists() ? wal.size() : 0);
        return true;
    };
}

} // namespace

class TestDatasets : public QObject {
    Q_OBJECT
private slots:
    void detectsFormat_data();
    void detectsFormat();
    void gdelt1FixtureMapsColumns();
    void gdelt2FixtureHandlesCrlfAndQuirks();
    void acledFixtureMapsColumns();
    void badRowsAreReportedByLineAndSkipped_data();
    void badRowsAreReportedByLineAndSkipped();
    void realGdelt1HasEightAfghanRows();
    void realGdelt2Line232IsKabul();
    void realAcledHundredRows();
    void reimportIsNoOp();
    void cancelLeavesNoTrace();
    void indexesWorkAfterBulkLoad();
    void largeFileIndexesAreMadeAfterItsRows();
    void brokenForeignKeyFailsTheImport();
    void largeFileGoesThroughTheRollbackJournal();
    void rollbackJournalNotWhileOpenElsewhere();
    void liveJournalRefusedHotJournalPlayedBack();
    void migrationOneToTwoKeepsData();
    void geoNamesFixture();
    void geoNamesRealCities();
    void userGazetteerMergesDumps();
    void commandLineRoutesDatasets();
    void foreignFilesAreRefused_data();
    void foreignFilesAreRefused();
    void sameRowsSavedAgainAreNotImportedTwice_data();
    void sameRowsSavedAgainAreNotImportedTwice();
    void rowsAlreadyPresentAreReported();
    void maplineExportKeysMatchTheMigration();
    void migrationThreeToFourKeysExistingRows();

private:
    std::unique_ptr<EventStore> openStore(const QString &name) { return test::openStore(mDir.filePath(name)); }
    QTemporaryDir mDir;
};

void TestDatasets::detectsFormat_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("kind");
    QTest::newRow("gdelt1 fixture") << fixture(kGdelt1) << int(Kind::Gdelt1);
    QTest::newRow("gdelt2 fixture, CRLF") << fixture(kGdelt2) << int(Kind::Gdelt2);
    QTest::newRow("acled fixture") << fixture(kAcled) << int(Kind::Acled);
    QTest::newRow("geonames fixture") << fixture(kGeoNames) << int(Kind::GeoNames);
    QTest::newRow("readme is not data") << fixture(QStringLiteral("README.md")) << int(Kind::Unknown);
    QTest::newRow("real gdelt1") << test::sharedPath(QStringLiteral("data/gdelt1/events1.csv"))
                                 << int(Kind::Gdelt1);
    QTest::newRow("real gdelt2") << test::sharedPath(QStringLiteral("data/gdelt2/20191024143000.export.CSV"))
                                 << int(Kind::Gdelt2);
    QTest::newRow("real acled") << test::sharedPath(QStringLiteral("data/acled/ACLED.csv"))
                                << int(Kind::Acled);
    QTest::newRow("real geonames") << test::sharedPath(QStringLiteral("data/geonames/cities15000.txt"))
                                   << int(Kind::GeoNames);
    QTest::newRow("codebook csv is not ACLED")
        << test::sharedPath(QStringLiteral("data/gdelt_codebook/events2.csv")) << int(Kind::Unknown);
}

void TestDatasets::detectsFormat()
{
    QFETCH(QString, path);
    QFETCH(int, kind);
    if (!QFileInfo::exists(path))
        QSKIP("shared data file not present");
    QCOMPARE(int(DatasetFormat::detect(path)), kind);
}

void TestDatasets::gdelt1FixtureMapsColumns()
{
    GdeltReader reader(GdeltReader::Version::V1);
    QVERIFY(reader.open(fixture(kGdelt1)).ok());
    QList<EventFileReader::Next> kinds;
    QList<DatasetRow> rows;
    DatasetRow row;
    QString problem;
    for (EventFileReader::Next n; (n = reader.next(row, problem)) != EventFileReader::Next::End;) {
        QVERIFY(n != EventFileReader::Next::Failed);
        kinds << n;
        if (n == EventFileReader::Next::Row)
            rows << row;
    }
    QCOMPARE(kinds.size(), 9);
    QCOMPARE(rows.size(), 6); // no area filter: Pakistan and the row without a place come through

    const DatasetRow &kunduz = rows[0];
    QCOMPARE(kunduz.line, 1);
    QCOMPARE(kunduz.externalId, QStringLiteral("1001"));
    QCOMPARE(kunduz.event.time, TimeRange::day(QDate(2001, 11, 21)));
    QCOMPARE(kunduz.event.type, QStringLiteral("armed_clash"));
    QCOMPARE(kunduz.event.cameoRoot, QStringLiteral("19"));
    QCOMPARE(kunduz.cameoCode, QStringLiteral("193"));
    QCOMPARE(actorNames(kunduz.event), (QStringList{"NORTHERN ALLIANCE", "TALIBAN"}));
    QCOMPARE(kunduz.event.place.name, QStringLiteral("Kunduz"));
    QCOMPARE(kunduz.event.place.admin1, QStringLiteral("Kunduz")); // AF24, not GDELT's "Kondoz"
    QCOMPARE(kunduz.event.place.country, QStringLiteral("AF"));
    QVERIFY(kunduz.event.place.precision == GeoPrecision::City);
    QCOMPARE(kunduz.event.place.coordinate.latitude(), 36.728);
    QCOMPARE(kunduz.event.place.coordinate.longitude(), 68.868);
    QCOMPARE(kunduz.event.placeText, QStringLiteral("Kunduz, Kondoz, Afghanistan"));
    QCOMPARE(kunduz.source, QStringLiteral("http://example.org/2001/11/22/kunduz.html"));
    QVERIFY2(kunduz.event.sentence.contains(QStringLiteral("Fight with small arms")),
             qPrintable(kunduz.event.sentence));
    QCOMPARE(kunduz.event.confidence, GdeltReader::kConfidence);

    QCOMPARE(rows[1].event.place.country, QStringLiteral("PK")); // FIPS PK
    const DatasetRow &backFile = rows[2];                        // 57 columns: no SOURCEURL
    QCOMPARE(backFile.externalId, QStringLiteral("1003"));
    QVERIFY(backFile.source.isEmpty());
    QCOMPARE(backFile.event.type, QStringLiteral("agreement"));
    QVERIFY(backFile.event.place.precision == GeoPrecision::Country);
    QCOMPARE(backFile.event.place.name, QStringLiteral("Afghanistan"));
    const DatasetRow &noPlace = rows[3];
    QVERIFY(!noPlace.event.place.coordinate.isValid());
    QVERIFY(noPlace.event.place.name.isEmpty());
    QCOMPARE(noPlace.source, QStringLiteral("BBC Monitoring"));
    const DatasetRow &mazar = rows[4];
    QCOMPARE(mazar.event.place.name, QStringLiteral("Maz?r-e Sharif")); // GDELT's '?' kept as written
    QCOMPARE(mazar.event.place.admin1, QStringLiteral("Balkh"));
    QCOMPARE(mazar.event.type, QStringLiteral("air_strike"));
    const DatasetRow &province = rows[5];
    QVERIFY(province.event.place.precision == GeoPrecision::Province);
    QCOMPARE(province.event.place.name, QStringLiteral("Kabul")); // AF13, GDELT writes "Kabol"
    QCOMPARE(province.event.type, QStringLiteral("threat"));
}

void TestDatasets::gdelt2FixtureHandlesCrlfAndQuirks()
{
    auto store = openStore(QStringLiteral("gdelt2.sqlite"));
    QVERIFY(store);
    DatasetImporter importer(*store, false);
    const auto r = importer.importFile(fixture(kGdelt2));
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    QCOMPARE(r.label, QStringLiteral("GDELT 2.0 events"));
    QCOMPARE(r.rows, 6);
    QCOMPARE(r.events, 3);
    QCOMPARE(r.outside, 2); // Washington, and the row with an empty geography block
    QCOMPARE(r.skipped, 1);
    const auto events = eventsByExternalId(*store);
    const Event kabul = events.value(QStringLiteral("2001"));
    QCOMPARE(kabul.place.name, QStringLiteral("Kabul"));
    QCOMPARE(kabul.cameoRoot, QStringLiteral("02"));
    QCOMPARE(kabul.time.start, QDate(2019, 10, 24));
    const Event ghazni = events.value(QStringLiteral("2002"));
    QCOMPARE(actorNames(ghazni),
             QStringList{QStringLiteral("Taliban")}); // trimmed, named as extracted events name it; "cor" is no actor
    QCOMPARE(ghazni.type, QStringLiteral("shelling"));
    QVERIFY(!ghazni.sentence.contains(QLatin1Char('\r')));
    QCOMPARE(events.value(QStringLiteral("2006")).type, QStringLiteral("bombing"));
    QCOMPARE(scalar(*store, QStringLiteral("SELECT cameo_code FROM events WHERE external_id = '2006'")),
             1831);
    QCOMPARE(scalar(*store,
                    QStringLiteral("SELECT count(*) FROM events WHERE source LIKE 'http://example.org/%'")),
             3);
}

void TestDatasets::acledFixtureMapsColumns()
{
    auto store = openStore(QStringLiteral("acled.sqlite"));
    QVERIFY(store);
    DatasetImporter importer(*store, false);
    const auto r = importer.importFile(fixture(kAcled));
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    QCOMPARE(r.rows, 8);
    QCOMPARE(r.events, 4);
    QCOMPARE(r.outside, 1);
    QCOMPARE(r.skipped, 3);
    const auto events = eventsByExternalId(*store);

    const Event clash = events.value(QStringLiteral("AFG90001"));
    QCOMPARE(clash.sentence,
             QStringLiteral("On 21 March 2020, Taliban attacked a checkpoint in Kunduz city, Kunduz; "
                            "3 soldiers, \"including a commander\", were killed."));
    QCOMPARE(clash.time, TimeRange::day(QDate(2020, 3, 21)));
    QCOMPARE(clash.type, QStringLiteral("armed_clash"));
    QCOMPARE(clash.acledEventType, QStringLiteral("Battles"));
    QCOMPARE(clash.acledSubEventType, QStringLiteral("Armed clash"));
    QVERIFY(clash.place.precision == GeoPrecision::City);
    QCOMPARE(clash.place.admin1, QStringLiteral("Kunduz"));
    QCOMPARE(clash.place.country, QStringLiteral("AF"));

    const Event bomb = events.value(QStringLiteral("AFG90002")); // notes with a line break; time_precision 2
    QCOMPARE(bomb.sentence,
             QStringLiteral("Around 19 March 2020 (week of), a roadside bomb hit a car in Kabul city.\n"
                            "The driver, a teacher, was killed."));
    QCOMPARE(bomb.time, (TimeRange{QDate(2020, 3, 16), QDate(2020, 3, 22), DatePrecision::Week}));
    QCOMPARE(bomb.type, QStringLiteral("bombing"));
    // Imported actors are named as extracted ones are (issue 18: one list of actors):
    // "Civilians (Afghanistan)" is civilians, "Unidentified Armed Group (Afghanistan)" fighters;
    // names the lexicon lacks stay as ACLED writes them.
    QCOMPARE(actorNames(bomb),
             (QStringList{"Muslim Group (Afghanistan)", "Teachers (Afghanistan)", "civilians", "fighters"}));

    const Event agreement = events.value(QStringLiteral("AFG90003")); // time_precision 3, geo_precision 3
    QCOMPARE(agreement.time, TimeRange::month(2020, 3));
    QVERIFY(agreement.place.precision == GeoPrecision::Province);
    QCOMPARE(agreement.type, QStringLiteral("agreement"));

    const Event strike = events.value(QStringLiteral("AFG90008")); // ISO date; geo_precision 2
    QCOMPARE(strike.time.start, QDate(2020, 3, 18));
    QCOMPARE(strike.type, QStringLiteral("air_strike"));
    QVERIFY(strike.place.precision == GeoPrecision::District);
    QVERIFY(actorNames(strike).contains(QStringLiteral("Air Force of Afghanistan")));

    QCOMPARE(scalar(*store, QStringLiteral("SELECT fatalities FROM events WHERE external_id = 'AFG90008'")),
             7);
    QCOMPARE(
        scalar(*store,
               QStringLiteral("SELECT count(*) FROM events WHERE source = 'Pajhwok Afghan News; Tolo News'")),
        1);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE external_id = 'PAK50001'")), 0);
}

void TestDatasets::badRowsAreReportedByLineAndSkipped_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QList<qint64>>("lines");
    QTest::addColumn<QStringList>("reasons");
    QTest::newRow("gdelt1") << kGdelt1 << QList<qint64>{5, 6, 7}
                            << QStringList{"40 columns", "SQLDATE \"20011341\"", "\"95.5\""};
    QTest::newRow("gdelt2") << kGdelt2 << QList<qint64>{4} << QStringList{"60 columns"};
    QTest::newRow("acled, a record over two lines before them")
        << kAcled << QList<qint64>{7, 8, 9} << QStringList{"\"31 February 2020\"", "\"95.2\"", "8 fields"};
}

void TestDatasets::badRowsAreReportedByLineAndSkipped()
{
    QFETCH(QString, file);
    QFETCH(QList<qint64>, lines);
    QFETCH(QStringList, reasons);
    auto store = openStore(QStringLiteral("bad-%1.sqlite")
                               .arg(QTest::currentDataTag())
                               .replace(QLatin1Char(' '), QLatin1Char('-')));
    QVERIFY(store);
    DatasetImporter importer(*store, true);
    const auto r = importer.importFile(fixture(file));
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    QCOMPARE(r.skipped, lines.size());
    QCOMPARE(r.issues.size(), lines.size());
    for (int i = 0; i < lines.size(); ++i) {
        QCOMPARE(r.issues[i].line, lines[i]);
        QVERIFY2(r.issues[i].message.contains(reasons[i]), qPrintable(r.issues[i].message));
    }
    QCOMPARE(r.events, r.rows - r.skipped); // --keep-outside: everything else is stored
    QCOMPARE(scalar(*store, QStringLiteral("SELECT skipped FROM datasets")), lines.size());
    QVERIFY(store->checkConsistency().ok());
}

void TestDatasets::realGdelt1HasEightAfghanRows()
{
    const QString path = test::sharedPath(QStringLiteral("data/gdelt1/events1.csv"));
    if (!QFileInfo::exists(path))
        QSKIP("../shared/data/gdelt1/events1.csv not present");
    auto store = openStore(QStringLiteral("real-gdelt1.sqlite"));
    QVERIFY(store);
    DatasetImporter importer(*store, false);
    const auto r = importer.importFile(path);
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    QCOMPARE(r.rows, 100); // 40 rows of 57 columns and 60 of 58, no bad row
    QCOMPARE(r.skipped, 0);
    QCOMPARE(r.events, 8);
    const auto events = store->events();
    QVERIFY(events.ok());
    bool bagram = false;
    for (const Event &e : *events) {
        QCOMPARE(e.place.country, QStringLiteral("AF"));
        if (e.place.name == u"Bagram") {
            bagram = true;
            QCOMPARE(e.place.coordinate.latitude(), 34.9669);
            QCOMPARE(e.place.coordinate.longitude(), 69.265);
            QCOMPARE(e.place.admin1, QStringLiteral("Parwan"));
        }
    }
    QVERIFY(bagram);
}

void TestDatasets::realGdelt2Line232IsKabul()
{
    const QString path = test::sharedPath(QStringLiteral("data/gdelt2/20191024143000.export.CSV"));
    if (!QFileInfo::exists(path))
        QSKIP("../shared/data/gdelt2 not present");
    GdeltReader reader(GdeltReader::Version::V2);
    QVERIFY(reader.open(path).ok());
    DatasetRow row, kabul, hatikva;
    QString problem;
    qint64 rows = 0;
    for (EventFileReader::Next n; (n = reader.next(row, problem)) != EventFileReader::Next::End;) {
        QVERIFY2(n == EventFileReader::Next::Row,
                 qPrintable(QStringLiteral("line %1: %2").arg(row.line).arg(problem)));
        ++rows;
        if (row.line == 232)
            kabul = row;
        if (row.line == 233)
            hatikva = row;
    }
    QCOMPARE(rows, 233);
    QCOMPARE(reader.contentHash(),
             QStringLiteral("9899fc0be4a96bd0a900ab411424d14f8669bc5d2f6f47b301024522b75428ae"));
    QCOMPARE(kabul.externalId, QStringLiteral("881991063"));
    QCOMPARE(kabul.event.place.name, QStringLiteral("Kabul"));
    QCOMPARE(kabul.event.place.admin1, QStringLiteral("Kabul"));
    QCOMPARE(kabul.event.place.country, QStringLiteral("AF"));
    QCOMPARE(kabul.event.place.coordinate.latitude(), 34.5167);
    QCOMPARE(kabul.event.place.coordinate.longitude(), 69.1833);
    QCOMPARE(kabul.cameoCode, QStringLiteral("0256"));
    QCOMPARE(kabul.source, QStringLiteral("http://www.afghanistantimes.af/editorial-it-must-make-peace/"));
    QCOMPARE(hatikva.event.place.country, QStringLiteral("IL")); // FIPS IS is Israel (ISO IS is Iceland)
    QVERIFY(actorNames(hatikva.event).contains(QStringLiteral("TALIBAN")));

    auto store = openStore(QStringLiteral("real-gdelt2.sqlite"));
    QVERIFY(store);
    const auto r = DatasetImporter(*store, false).importFile(path);
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    QCOMPARE(r.events, 1); // the area of interest is Afghanistan: only line 232
    QCOMPARE(r.outside, 232);
    QCOMPARE(eventsByExternalId(*store).value(QStringLiteral("881991063")).place.name,
             QStringLiteral("Kabul"));
}

void TestDatasets::realAcledHundredRows()
{
    const QString path = test::sharedPath(QStringLiteral("data/acled/ACLED.csv"));
    if (!QFileInfo::exists(path))
        QSKIP("../shared/data/acled not present");
    auto store = openStore(QStringLiteral("real-acled.sqlite"));
    QVERIFY(store);
    const auto r = DatasetImporter(*store, false).importFile(path);
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    QCOMPARE(r.rows, 100);
    QCOMPARE(r.events, 100);
    QCOMPARE(r.skipped, 0);
    QSqlQuery q(store->database());
    QVERIFY(
        q.exec(QStringLiteral("SELECT acled_event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC")));
    QStringList counts;
    while (q.next())
        counts << QStringLiteral("%1 %2").arg(q.value(0).toString()).arg(q.value(1).toInt());
    QCOMPARE(counts, (QStringList{"Battles 76", "Explosions/Remote violence 19",
                                  "Violence against civilians 3", "Strategic developments 2"}));
    const auto stats = store->stats();
    QVERIFY(stats.ok());
    // 18 to 21 March; the rows with time_precision 2 span the week around their date.
    QCOMPARE(stats->firstDate, QDate(2020, 3, 16));
    QCOMPARE(stats->lastDate, QDate(2020, 3, 24));
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE date_precision = 'day' AND "
                                           "date BETWEEN '2020-03-18' AND '2020-03-21'")),
             scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE date_precision = 'day'")));
    const Event first = eventsByExternalId(*store).value(QStringLiteral("AFG44631"));
    QCOMPARE(first.sentence,
             QStringLiteral("On 21 March 2020, 12 Taliban militants including 2 commanders were killed and "
                            "5 including a commander were wounded when Afghan forces repulsed their "
                            "attack in Dawlat Abad district, Balkh."));
    QCOMPARE(first.place.name, QStringLiteral("Dawlat Abad"));
    QVERIFY(first.place.precision == GeoPrecision::District);
}

void TestDatasets::reimportIsNoOp()
{
    auto store = openStore(QStringLiteral("twice.sqlite"));
    QVERIFY(store);
    DatasetImporter importer(*store, false);
    const auto first = importer.importFile(fixture(kAcled));
    QVERIFY(first.status == FileStatus::Imported);
    const qint64 events = scalar(*store, QStringLiteral("SELECT count(*) FROM events"));
    const auto second = importer.importFile(fixture(kAcled));
    QVERIFY(second.status == FileStatus::Duplicate);
    QCOMPARE(second.datasetId, first.datasetId);
    // Even with --keep-outside: the file is the same, so nothing changes.
    const auto third = DatasetImporter(*store, true).importFile(fixture(kAcled));
    QVERIFY(third.status == FileStatus::Duplicate);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM events")), events);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM datasets")), 1);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM articles")), 1);
    const auto datasets = store->datasets();
    QVERIFY(datasets.ok());
    QCOMPARE(datasets->size(), 1);
    QCOMPARE(
        datasets->first().contentHash,
        QString::fromLatin1(
            QCryptographicHash::hash(test::readFile(fixture(kAcled)), QCryptographicHash::Sha256).toHex()));
}

void TestDatasets::cancelLeavesNoTrace()
{
    // A file big enough for the progress callback to be asked: the GDELT fixture's good rows,
    // repeated under new GLOBALEVENTIDs (the same id twice is one event).
    QByteArray big;
    const QList<QByteArray> lines = test::readFile(fixture(kGdelt2)).split('\n');
    for (int i = 0; i < 3000; ++i)
        for (int row = 0; row < 2; ++row)
            big += QByteArray::number(500000000 + 2 * i + row) + lines[row].mid(lines[row].indexOf('\t')) + '\n';
    const QString path = mDir.filePath(QStringLiteral("big.export.CSV"));
    QVERIFY(test::writeFile(path, big));
    auto store = openStore(QStringLiteral("cancel.sqlite"));
    QVERIFY(store);
    DatasetImporter importer(*store, false);
    int calls = 0;
    const auto r = importer.importFile(path, [&](qint64 done, qint64 total) {
        ++calls;
        return done < total / 2; // cancel half way
    });
    QVERIFY(r.status == FileStatus::Cancelled);
    QVERIFY(calls > 0);
    for (const char *table :
         {"datasets", "articles", "events", "sentences", "events_rtree", "event_actors", "places"})
        QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM ") + QLatin1String(table)), 0);
    // The bulk load's dropped triggers are back.
    QCOMPARE(
        scalar(*store, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
                                      "('events_rtree_ai', 'sentences_ai')")),
        2);
    // And the same file imports afterwards, whole.
    const auto again = importer.importFile(path);
    QVERIFY2(again.status == FileStatus::Imported, qPrintable(again.error));
    QCOMPARE(again.events, 6000);
    QVERIFY(store->checkConsistency().ok());
}

void TestDatasets::indexesWorkAfterBulkLoad()
{
    auto store = openStore(QStringLiteral("indexes.sqlite"));
    QVERIFY(store);
    QVERIFY(DatasetImporter(*store, false).importFile(fixture(kAcled)).status == FileStatus::Imported);
    QVERIFY(DatasetImporter(*store, false).importFile(fixture(kGdelt2)).status == FileStatus::Imported);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM events_rtree")),
             scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE lon IS NOT NULL")));
    EventQuery near;
    near.near = QGeoCoordinate(34.5167, 69.1833);
    near.radiusKm = 5;
    const auto kabul = store->events(near);
    QVERIFY(kabul.ok());
    QCOMPARE(kabul->size(), 2); // ACLED's Kabul bomb and GDELT's Kabul appeal
    EventQuery search;
    search.search = QStringLiteral("teacher");
    QCOMPARE(store->events(search)->size(), 1);
    search.search = QStringLiteral("\"suicide bombing\"");
    QCOMPARE(store->events(search)->size(), 1);
    // The triggers fire again for what comes next.
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("INSERT INTO sentences (article_id, idx, start_offset, end_offset, text) "
                                  "VALUES (1, 9999, 0, 0, 'zanzibar')")));
    search.search = QStringLiteral("zanzibar");
    QVERIFY(store->validateSearch(search.search).ok());
    QVERIFY(
        q.exec(QStringLiteral("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'zanzibar'")) &&
        q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM event_list WHERE origin = 'acled'")), 4);
    QVERIFY(store->checkConsistency().ok());
}

// A file that brings many rows against what the tables hold has the secondary indexes of events,
// sentences and event_actors taken out in its transaction and made again once its rows are in
// (EventStore::importDataset): the schema is the same afterwards, every index agrees with its
// table, and the rows already stored are still found (events_dataset_key stays).
void TestDatasets::largeFileIndexesAreMadeAfterItsRows()
{
    auto store = openStore(QStringLiteral("deferred.sqlite"));
    QVERIFY(store);
    QVERIFY(DatasetImporter(*store, true).importFile(fixture(kGdelt2)).status == FileStatus::Imported);
    const auto schemaText = [&] {
        QSqlQuery q(store->database());
        q.exec(QStringLiteral("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"));
        QStringList rows;
        while (q.next())
            rows << QStringLiteral("%1 %2 %3 %4").arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                                                      q.value(3).toString());
        return rows;
    };
    const QStringList before = schemaText();
    QVERIFY(before.join(QLatin1Char('\n')).contains(QStringLiteral("CREATE INDEX events_date ON events(date)")));
    const int rows = 30000; // above the threshold (20,000 rows)
    const QString first = mDir.filePath(QStringLiteral("deferred-1.export.CSV"));
    test::writeGdeltFile(first, rows);
    // The same rows under other ids (a leading 7 becomes an 8 or a 9).
    const QByteArray text = test::readFile(first);
    QByteArray second, third;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty())
            continue;
        second += '8' + line.mid(1) + '\n';
        third += '9' + line.mid(1) + '\n';
    }
    third += second; // the second file's rows, stored by then: left out, found by their keys
    const QString secondPath = mDir.filePath(QStringLiteral("deferred-2.export.CSV"));
    const QString thirdPath = mDir.filePath(QStringLiteral("deferred-3.export.CSV"));
    test::writeFile(secondPath, second);
    test::writeFile(thirdPath, third);

    const qint64 fixtureEvents = scalar(*store, QStringLiteral("SELECT count(*) FROM events"));
    const auto one = DatasetImporter(*store, true).importFile(first);
    QVERIFY2(one.status == FileStatus::Imported, qPrintable(one.error));
    QCOMPARE(one.events, rows);
    const auto two = DatasetImporter(*store, true).importFile(secondPath);
    QVERIFY2(two.status == FileStatus::Imported, qPrintable(two.error));
    QCOMPARE(two.events, rows);
    const auto three = DatasetImporter(*store, true).importFile(thirdPath);
    QVERIFY2(three.status == FileStatus::Imported, qPrintable(three.error));
    QCOMPARE(three.events, rows);
    QCOMPARE(three.alreadyPresent, rows);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM events")), fixtureEvents + 3 * rows);

    QCOMPARE(schemaText(), before);
    // The indexes were sorted with temporary files (a bounded sort), and memory again after.
    QCOMPARE(scalar(*store, QStringLiteral("PRAGMA temp_store")), 2);
    QCOMPARE(test::scalar(*store, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    QVERIFY(store->checkConsistency().ok());
    // Read through the indexes made again.
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM events INDEXED BY events_date WHERE date >= '2019-10-24'")),
             scalar(*store, QStringLiteral("SELECT count(*) FROM events NOT INDEXED WHERE date >= '2019-10-24'")));
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM event_actors INDEXED BY event_actors_actor WHERE actor_id > 0")),
             scalar(*store, QStringLiteral("SELECT count(*) FROM event_actors")));
}

// A dataset row pointing to nothing (here written by a trigger of the test's) fails the import,
// whatever the way the foreign keys are checked (per row by SQLite now; a check once at the end
// was tried, docs/PERFORMANCE.md "Dataset import"), and the connection keeps its checks on.
void TestDatasets::brokenForeignKeyFailsTheImport()
{
    auto store = openStore(QStringLiteral("foreignkeys.sqlite"));
    QVERIFY(store);
    const QString file = mDir.filePath(QStringLiteral("foreignkeys.export.CSV"));
    test::writeGdeltFile(file, 100);
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER test_bad_actor AFTER INSERT ON events WHEN new.external_id = '700005' "
                                  "BEGIN INSERT INTO event_actors (event_id, actor_id) VALUES (new.id, 999999); END")));
    const auto broken = DatasetImporter(*store, true).importFile(file);
    QVERIFY(broken.status == FileStatus::Failed);
    QVERIFY2(broken.error.contains(QStringLiteral("FOREIGN KEY")), qPrintable(broken.error));
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM events")), 0);
    QCOMPARE(scalar(*store, QStringLiteral("PRAGMA foreign_keys")), 1);
    QVERIFY(q.exec(QStringLiteral("DROP TRIGGER test_bad_actor")));
    const auto whole = DatasetImporter(*store, true).importFile(file);
    QVERIFY2(whole.status == FileStatus::Imported, qPrintable(whole.error));
    QCOMPARE(whole.events, 100);
    QCOMPARE(scalar(*store, QStringLiteral("PRAGMA foreign_keys")), 1);
    QCOMPARE(test::scalar(*store, QStringLiteral("PRAGMA foreign_key_check")).isValid(), false);
}

// A large file into a new or small database goes through SQLite's rollback journal rather than the
// WAL (EventStore::importDataset, RollbackJournal): its pages are appended to the database, the
// journal holds only what the database had, no -wal grows, and the database is in WAL mode again
// after the import, after a cancelled one too. MAPLINE_ROLLBACK_JOURNAL_BYTES=1 makes this small
// file "large"; without it, the same file goes through the WAL.
void TestDatasets::largeFileGoesThroughTheRollbackJournal()
{
    const QString file = mDir.filePath(QStringLiteral("journal.export.CSV"));
    test::writeGdeltFile(file, 20000);
    {
        // The threshold (64 MB) is far above this file: the WAL, as always.
        const QString db = mDir.filePath(QStringLiteral("journal-wal.sqlite"));
        auto store = test::openStore(db);
        QVERIFY(store);
        JournalSeen seen;
        const auto r = DatasetImporter(*store, true).importFile(file, watchJournal(db, seen));
        QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
        QCOMPARE(seen.modes, QSet<int>{2});
        QVERIFY(!seen.journal);
    }
    qputenv("MAPLINE_ROLLBACK_JOURNAL_BYTES", "1");
    const auto unset = qScopeGuard([] { qunsetenv("MAPLINE_ROLLBACK_JOURNAL_BYTES"); });
    const QString db = mDir.filePath(QStringLiteral("journal.sqlite"));
    auto store = test::openStore(db);
    QVERIFY(store);
    // Cancelled half way: nothing of it, and WAL mode again.
    const auto cancelled = DatasetImporter(*store, true).importFile(file, [](qint64 done, qint64 total) {
        return done < total / 2;
    });
    QVERIFY(cancelled.status == FileStatus::Cancelled);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM events")), 0);
    QCOMPARE(test::scalar(*store, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(test::journalModeByte(db), 2);

    JournalSeen seen;
    const auto r = DatasetImporter(*store, true).importFile(file, watchJournal(db, seen));
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    QCOMPARE(r.events, 20000);
    QCOMPARE(seen.modes, QSet<int>{1});
    QVERIFY(seen.journal);
    QCOMPARE(seen.largestWal, 0);
    // The journal holds pages of the new database (its schema), never the file's rows.
    QVERIFY2(seen.largestJournal < 1024 * 1024 && QFileInfo(db).size() > 4 * seen.largestJournal,
             qPrintable(QStringLiteral("journal %1 bytes, database %2").arg(seen.largestJournal).arg(QFileInfo(db).size())));
    QCOMPARE(test::scalar(*store, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(test::scalar(*store, QStringLiteral("PRAGMA synchronous")).toInt(), 1); // NORMAL
    QCOMPARE(test::journalModeByte(db), 2);
    QVERIFY(!QFile::exists(db + QStringLiteral("-journal")));
    QVERIFY(store->checkConsistency().ok());
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM events_rtree")), 20000);
    // A second file, into a database now larger than it: through the WAL (readers are not kept out).
    const QString second = mDir.filePath(QStringLiteral("journal-2.export.CSV"));
    QByteArray text;
    for (const QByteArray &line : test::readFile(file).split('\n'))
        if (!line.isEmpty())
            text += '8' + line.mid(1) + '\n';
    QVERIFY(test::writeFile(second, text));
    JournalSeen later;
    const auto r2 = DatasetImporter(*store, true).importFile(second, watchJournal(db, later));
    QVERIFY2(r2.status == FileStatus::Imported, qPrintable(r2.error));
    QCOMPARE(later.modes, QSet<int>{2});
    QVERIFY(!later.journal);
}

// Another connection holds the database (a viewer): SQLite cannot leave WAL mode, and the import
// goes through the WAL as before, whole.
void TestDatasets::rollbackJournalNotWhileOpenElsewhere()
{
    qputenv("MAPLINE_ROLLBACK_JOURNAL_BYTES", "1");
    const auto unset = qScopeGuard([] { qunsetenv("MAPLINE_ROLLBACK_JOURNAL_BYTES"); });
    const QString file = mDir.filePath(QStringLiteral("elsewhere.export.CSV"));
    test::writeGdeltFile(file, 5000);
    const QString db = mDir.filePath(QStringLiteral("elsewhere.sqlite"));
    auto store = test::openStore(db);
    QVERIFY(store);
    auto viewer = EventStore::open(db, EventStore::Mode::ReadOnly);
    QVERIFY2(viewer.ok(), qPrintable(viewer.error()));
    QCOMPARE(scalar(*viewer.value(), QStringLiteral("SELECT count(*) FROM events")), 0);
    JournalSeen seen;
    const auto r = DatasetImporter(*store, true).importFile(file, watchJournal(db, seen));
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    QCOMPARE(seen.modes, QSet<int>{2});
    QVERIFY(!seen.journal);
    QCOMPARE(scalar(*viewer.value(), QStringLiteral("SELECT count(*) FROM events")), 5000);
}

// A database whose rollback journal is live (a write transaction of another connection in that
// mode) is refused at once, saying why; one whose journal was left by a killed writer (hot) is
// played back before anything reads it, even by a read-only open (SQLite alone would refuse a
// read-only connection: "attempt to write a readonly database"), and opens as it was before.
void TestDatasets::liveJournalRefusedHotJournalPlayedBack()
{
    const QString db = mDir.filePath(QStringLiteral("live.sqlite"));
    {
        auto store = test::openStore(db);
        QVERIFY(store);
        QVERIFY(store->setSetting(QStringLiteral("before"), QStringLiteral("1")).ok());
    }
    sqlite3 *raw = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(db).constData(), &raw), SQLITE_OK);
    const auto closeRaw = qScopeGuard([&] { sqlite3_close(raw); });
    const auto exec = [&](const char *sql) { return sqlite3_exec(raw, sql, nullptr, nullptr, nullptr); };
    QCOMPARE(exec("PRAGMA journal_mode=DELETE"), SQLITE_OK);
    QCOMPARE(exec("PRAGMA cache_size=10"), SQLITE_OK); // spills: the file on disk is half written
    QCOMPARE(exec("BEGIN IMMEDIATE"), SQLITE_OK);
    QCOMPARE(exec("INSERT INTO settings (key, value) VALUES ('x', zeroblob(200000)); "
                  "CREATE TABLE filler AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
                  "SELECT i, randomblob(100) AS b FROM n"),
             SQLITE_OK);
    QVERIFY(QFileInfo(db + QStringLiteral("-journal")).size() > 0);
    const auto live = EventStore::open(db, EventStore::Mode::ReadOnly);
    QVERIFY(!live.ok());
    QVERIFY2(live.error().contains(QStringLiteral("being written by another process")), qPrintable(live.error()));

    // The file and its journal as a killed writer leaves them.
    const QString copy = mDir.filePath(QStringLiteral("hot.sqlite"));
    QVERIFY(QFile::copy(db, copy));
    QVERIFY(QFile::copy(db + QStringLiteral("-journal"), copy + QStringLiteral("-journal")));
    exec("ROLLBACK");
    auto reader = EventStore::open(copy, EventStore::Mode::ReadOnly);
    QVERIFY2(reader.ok(), qPrintable(reader.error()));
    QVERIFY(!QFile::exists(copy + QStringLiteral("-journal")));
    QCOMPARE(reader.value()->setting(QStringLiteral("before")).value(), QStringLiteral("1"));
    QCOMPARE(reader.value()->setting(QStringLiteral("x")).value(), QString());
    QCOMPARE(test::scalar(*reader.value(), QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'filler'")).toInt(), 0);
    QVERIFY(reader.value()->checkConsistency().ok());
    reader.value().reset();
    auto writer = EventStore::open(copy);
    QVERIFY2(writer.ok(), qPrintable(writer.error()));
    QCOMPARE(test::scalar(*writer.value(), QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
}

void TestDatasets::migrationOneToTwoKeepsData()
{
    const QString path = mDir.filePath(QStringLiteral("version1.sqlite"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        for (const QString &statement : schema::migrations().first().statements)
            QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));
        const QStringList data = {
            "INSERT INTO articles (id, content_hash, title, source, published, body, imported_at) VALUES "
            "(1, 'abc', 'Fighting in Konduz', 'Wire', '2001-11-22', 'Taliban fought in Konduz.', "
            "'2001-11-22T10:00:00Z')",
            "INSERT INTO sentences (id, article_id, idx, start_offset, end_offset, text) VALUES "
            "(1, 1, 0, 0, 25, 'Taliban fought in Konduz.')",
            "INSERT INTO places (id, name, kind, admin1, country, lon, lat) VALUES (1, 'Kunduz', 'city', "
            "'Kunduz', 'AF', 68.868, 36.728)",
            "INSERT INTO actors (id, name, kind) VALUES (1, 'Taliban', 'group')",
            "INSERT INTO events (id, article_id, sentence_id, type, cameo_root, date, date_end, "
            "date_precision, place_id, "
            "place_text, lon, lat, geo_precision, trigger_start, trigger_end, confidence) VALUES "
            "(1, 1, 1, 'armed_clash', '19', '2001-11-21', '2001-11-21', 'day', 1, 'Konduz', 68.868, 36.728, "
            "'city', 8, 14, 0.8)",
            "INSERT INTO event_actors (event_id, actor_id, span_start, span_end) VALUES (1, 1, 0, 7)",
            "PRAGMA user_version=1",
            QStringLiteral("PRAGMA application_id=%1").arg(schema::kApplicationId),
        };
        for (const QString &statement : data)
            QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));

    auto store = EventStore::open(path);
    QVERIFY2(store.ok(), qPrintable(store.error()));
    EventStore &s = *store.value();
    QVERIFY(schema::latestVersion() >= 2);
    QCOMPARE(s.schemaVersion(), schema::latestVersion());
    QVERIFY(s.checkConsistency().ok());
    const auto events = s.events();
    QVERIFY(events.ok());
    QCOMPARE(events->size(), 1);
    const Event &e = events->first();
    QCOMPARE(e.type, QStringLiteral("armed_clash"));
    QCOMPARE(e.time.start, QDate(2001, 11, 21));
    QCOMPARE(e.place.name, QStringLiteral("Kunduz"));
    QCOMPARE(e.sentence, QStringLiteral("Taliban fought in Konduz."));
    QCOMPARE(e.trigger, (Span{8, 14}));
    QCOMPARE(actorNames(e), QStringList{QStringLiteral("Taliban")});
    EventQuery q;
    q.search = QStringLiteral("konduz");
    QCOMPARE(s.events(q)->size(), 1);
    q = {};
    q.near = QGeoCoordinate(36.73, 68.87);
    q.radiusKm = 5;
    QCOMPARE(s.events(q)->size(), 1);
    // The new columns are there with their defaults; the article's event belongs to no dataset.
    QCOMPARE(scalar(s, QStringLiteral("SELECT count(*) FROM events WHERE dataset_id IS NULL AND source = '' "
                                      "AND external_id = '' AND cameo_code = '' AND fatalities IS NULL")),
             1);
    QCOMPARE(
        scalar(s, QStringLiteral(
                      "SELECT count(*) FROM event_list WHERE origin = 'article' AND actors = 'Taliban'")),
        1);
    // And datasets import into the migrated file next to the article.
    QVERIFY(DatasetImporter(s, false).importFile(fixture(kAcled)).status == FileStatus::Imported);
    QCOMPARE(s.events()->size(), 5);
    QVERIFY(s.checkConsistency().ok());
}

void TestDatasets::geoNamesFixture()
{
    GeoNamesReader reader;
    QVERIFY(reader.open(fixture(kGeoNames)).ok());
    QHash<qint64, GazetteerRow> rows;
    QList<GeoNamesReader::Next> kinds;
    GazetteerRow row;
    QString problem;
    for (GeoNamesReader::Next n; (n = reader.next(row, problem)) != GeoNamesReader::Next::End;) {
        kinds << n;
        if (n == GeoNamesReader::Next::Row)
            rows.insert(row.id, row);
        if (n == GeoNamesReader::Next::BadRow) {
            QCOMPARE(reader.lineNumber(), 9);
            QVERIFY2(problem.contains(QStringLiteral("9 columns")), qPrintable(problem));
        }
    }
    QCOMPARE(kinds.size(), 9);
    QCOMPARE(rows.size(), 7);
    QCOMPARE(kinds.count(GeoNamesReader::Next::Ignored), 1); // PPLH, a historical place
    const GazetteerRow kabul = rows.value(1138958);
    QCOMPARE(kabul.name, QStringLiteral("Kabul"));
    QCOMPARE(kabul.kind, QStringLiteral("city"));
    QCOMPARE(kabul.admin1, QStringLiteral("Kabul"));
    QCOMPARE(kabul.population, 3043532);
    QCOMPARE(kabul.altNames,
             (QStringList{"Cabool", "Caboul", "Kabol", "Kābul"})); // no KBL, no Arabic or Cyrillic
    QCOMPARE(
        kabul.toTsv(),
        QStringLiteral(
            "1138958\tKabul\tcity\t69.17233\t34.52813\tKabul\t\tAF\t3043532\tCabool|Caboul|Kabol|Kābul"));
    const GazetteerRow jalalabad = rows.value(1139715);
    QCOMPARE(jalalabad.name, QStringLiteral("Jalalabad"));
    QCOMPARE(jalalabad.admin1, QStringLiteral("Nangarhar"));
    for (const QString &alt : jalalabad.altNames)
        QVERIFY2(!alt.contains(QChar(0x200C)) && !alt.contains(QChar(0x062C)), qPrintable(alt));
    QVERIFY(jalalabad.altNames.contains(QStringLiteral("Jalālābād")));
    QCOMPARE(rows.value(1127628).altNames,
             QStringList{QStringLiteral("Sang-e Chārak")}); // empty alternatenames
    QCOMPARE(rows.value(1138957).kind, QStringLiteral("province"));
    QCOMPARE(rows.value(1138957).name, QStringLiteral("Kabul"));
    QCOMPARE(rows.value(1469706).name, QStringLiteral("Achin"));
    QCOMPARE(rows.value(1131300).kind, QStringLiteral("landmark"));
    QCOMPARE(rows.value(1176734).country, QStringLiteral("PK"));
}

void TestDatasets::geoNamesRealCities()
{
    const QString path = test::sharedPath(QStringLiteral("data/geonames/cities15000.txt"));
    if (!QFileInfo::exists(path))
        QSKIP("../shared/data/geonames not present");
    const QString gazetteer = mDir.filePath(QStringLiteral("real/gazetteer-user.tsv"));
    QVERIFY(QDir().mkpath(QFileInfo(gazetteer).path()));
    const auto r = UserGazetteer::importGeoNames(path, gazetteer, {QStringLiteral("AF")});
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(r->rows, 60);
    QCOMPARE(r->written, 46);
    QCOMPARE(r->outside, 14); // AD and AE
    QCOMPARE(r->skipped, 0);
    QHash<QString, QStringList> byId;
    const QList<QByteArray> lines = test::readFile(gazetteer).split('\n');
    QCOMPARE(QString::fromUtf8(lines.first()), UserGazetteer::header());
    for (const QByteArray &line : lines.mid(1)) {
        if (line.isEmpty())
            continue;
        const QStringList f = QString::fromUtf8(line).split(QLatin1Char('\t'));
        QCOMPARE(f.size(), 10);
        byId.insert(f[0], f);
        QVERIFY2(!line.contains("\xE2\x80\x8C"), line.constData()); // no zero-width non-joiner anywhere
    }
    const QStringList kabul = byId.value(QStringLiteral("1138958"));
    QCOMPARE(kabul.mid(1, 8),
             (QStringList{"Kabul", "city", "69.17233", "34.52813", "Kabul", "", "AF", "3043532"}));
    QVERIFY(kabul[9].split(QLatin1Char('|')).contains(QStringLiteral("Kabol")));
    QVERIFY(!kabul[9].split(QLatin1Char('|')).contains(QStringLiteral("KBL")));
    QCOMPARE(byId.value(QStringLiteral("1139715")).value(1), QStringLiteral("Jalalabad"));
    QCOMPARE(byId.value(QStringLiteral("1127628")).value(9),
             QStringLiteral("Sang-e Chārak")); // empty alternatenames
    QCOMPARE(byId.value(QStringLiteral("1141089")).value(5),
             QStringLiteral("Badghis")); // Ghormach, admin2 7052787
    // The vandal's "Cool űrhajó" is a well-formed row: the reader keeps it, as GeoNames has it.
    QCOMPARE(byId.value(QStringLiteral("6692413")).mid(1, 2), (QStringList{"Cool urhajo", "city"}));
}

void TestDatasets::userGazetteerMergesDumps()
{
    const QString gazetteer = mDir.filePath(QStringLiteral("merge/gazetteer-user.tsv"));
    QVERIFY(QDir().mkpath(QFileInfo(gazetteer).path()));
    QVERIFY(test::writeFile(gazetteer, UserGazetteer::header().toUtf8() +
                                           "\n42\tOld Place\tcity\t65\t33\t\t\tAF\t0\t\n"
                                           "1138958\tKabul (old)\tcity\t69\t34\t\t\tAF\t0\t\n"));
    const auto r = UserGazetteer::importGeoNames(fixture(kGeoNames), gazetteer, {});
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(r->written, 7); // no area filter: Islamabad too
    QCOMPARE(r->kept, 1);    // Old Place; the old Kabul row is replaced
    const QByteArray text = test::readFile(gazetteer);
    QVERIFY(text.contains("\n42\tOld Place\t"));
    QVERIFY(!text.contains("Kabul (old)"));
    QCOMPARE(text.count("\n1138958\t"), 1);
    QCOMPARE(QDir(QFileInfo(gazetteer).path()).entryList(QDir::Files | QDir::Hidden).size(),
             1); // no leftovers
    // The bundled gazetteer has the same columns.
    const QString bundled =
        qEnvironmentVariable("MAPLINE_RESOURCES") + QStringLiteral("/gazetteer/places.tsv");
    if (QFileInfo::exists(bundled))
        QCOMPARE(QString::fromUtf8(test::readFile(bundled).split('\n').first()), UserGazetteer::header());
}

void TestDatasets::commandLineRoutesDatasets()
{
    // A folder with an article, two datasets (one found only because it is a .csv), a GeoNames
    // dump (a .txt like the article) and a CSV that is no dataset.
    QTemporaryDir folder;
    QVERIFY(test::writeFile(folder.filePath(QStringLiteral("story.txt")),
                            "KABUL (Wire) -- Commanders held talks in Kabul on Monday.\n"));
    QVERIFY(QFile::copy(fixture(kAcled), folder.filePath(kAcled)));
    QVERIFY(QFile::copy(fixture(kGdelt2), folder.filePath(kGdelt2)));
    QVERIFY(QFile::copy(fixture(kGeoNames), folder.filePath(QStringLiteral("AF.txt"))));
    QVERIFY(test::writeFile(folder.filePath(QStringLiteral("budget.csv")), "item,cost\nfuel,12\n"));
    const QString db = mDir.filePath(QStringLiteral("cli/events.sqlite"));
    QVERIFY(QDir().mkpath(QFileInfo(db).path()));
    auto r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, folder.path()});
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 1); // the fixtures' bad rows
    QVERIFY2(r.out.contains("1 article imported"), r.out.constData());
    QVERIFY2(r.out.contains("2 datasets imported, 0 unchanged, 0 failed; 7 events"), r.out.constData());
    QVERIFY2(r.out.contains("gazetteer  "), r.out.constData());
    QVERIFY2(r.err.contains(QStringLiteral("bad row    %1:8: ").arg(folder.filePath(kAcled)).toUtf8()),
             r.err.constData());
    QVERIFY2(
        r.err.contains(QStringLiteral("bad row    %1:4: 60 columns").arg(folder.filePath(kGdelt2)).toUtf8()),
        r.err.constData());
    QVERIFY2(r.err.contains("skipped    ") && r.err.contains("budget.csv"),
             r.err.constData()); // found, not named: a note
    QVERIFY(QFile::exists(QFileInfo(db).dir().filePath(QStringLiteral("gazetteer-user.tsv"))));

    // Again: the datasets are unchanged; a CSV named on the command line that is no dataset fails.
    r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, folder.filePath(kAcled),
                          folder.filePath(QStringLiteral("budget.csv"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("0 datasets imported, 1 unchanged, 1 failed"), r.out.constData());
    QVERIFY2(r.err.contains("budget.csv: not a file Mapline imports"), r.err.constData());
    // A dataset without bad rows (rows of new ids: the same ids are already in): exit 0.
    const QString clean = folder.filePath(QStringLiteral("clean.export.CSV"));
    QByteArray cleanRows;
    for (const QByteArray &row : test::readFile(fixture(kGdelt2)).split('\n').mid(0, 3))
        cleanRows += "7" + row + '\n';
    QVERIFY(test::writeFile(clean, cleanRows));
    r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, clean});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("(GDELT 2.0 events: 3 rows, 2 events, 1 outside the area of interest left out"),
             r.out.constData());
    QVERIFY2(r.out.contains("1 dataset imported, 0 unchanged, 0 failed; 2 events (1 row outside the area of interest"),
             r.out.constData());
    auto store = EventStore::open(db, EventStore::Mode::ReadOnly);
    QVERIFY(store.ok());
    QCOMPARE(scalar(*store.value(), QStringLiteral("SELECT count(*) FROM datasets")), 3);
}

void TestDatasets::foreignFilesAreRefused_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    QTest::newRow("KML from elsewhere") << test::sharedPath(QStringLiteral("data/kml/timestamp.kml"))
                                        << QStringLiteral("not a Mapline export");
    QTest::newRow("a CSV that is no dataset")
        << test::sharedPath(QStringLiteral("data/gdelt_codebook/events2.csv"))
        << QStringLiteral("not a file Mapline imports");
    QTest::newRow("GeoNames is not an event dataset")
        << fixture(kGeoNames) << QStringLiteral("not a file Mapline imports");
}

void TestDatasets::foreignFilesAreRefused()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    if (!QFileInfo::exists(path))
        QSKIP("shared data file not present");
    auto store = openStore(QStringLiteral("foreign.sqlite"));
    QVERIFY(store);
    const auto r = DatasetImporter(*store, true).importFile(path);
    QVERIFY(r.status == FileStatus::Failed);
    QVERIFY2(r.error.contains(path) && r.error.contains(reason), qPrintable(r.error));
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM articles")), 0);
}

// [issue 12, 13] The same ACLED export saved again by a spreadsheet (a BOM, CRLF line ends): a new
// file to the content hash, but the same rows. They used to come in again as duplicate events.
void TestDatasets::sameRowsSavedAgainAreNotImportedTwice_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("prefix");
    QTest::addColumn<bool>("crlf");
    QTest::newRow("ACLED with a BOM") << kAcled << QByteArray("\xEF\xBB\xBF") << false;
    QTest::newRow("ACLED with CRLF") << kAcled << QByteArray() << true;
    QTest::newRow("ACLED with both") << kAcled << QByteArray("\xEF\xBB\xBF") << true;
    QTest::newRow("GDELT 1.0 with CRLF") << kGdelt1 << QByteArray() << true;
}

void TestDatasets::sameRowsSavedAgainAreNotImportedTwice()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, prefix);
    QFETCH(bool, crlf);
    auto store = openStore(QStringLiteral("saved-again-%1.sqlite").arg(QTest::currentDataTag()).replace(' ', '-'));
    QVERIFY(store);
    const auto first = DatasetImporter(*store, true).importFile(fixture(file));
    QVERIFY2(first.status == FileStatus::Imported, qPrintable(first.error));
    QVERIFY(first.events > 0);
    QByteArray bytes = test::readFile(fixture(file));
    if (crlf)
        bytes.replace("\r\n", "\n").replace("\n", "\r\n");
    const QString again = mDir.filePath(QStringLiteral("again-%1").arg(QString::fromLatin1(QTest::currentDataTag()).replace(' ', '-')) + file);
    QVERIFY(test::writeFile(again, prefix + bytes));
    QVERIFY(test::readFile(again) != test::readFile(fixture(file)));
    const auto second = DatasetImporter(*store, true).importFile(again);
    QVERIFY2(second.status == FileStatus::Duplicate, qPrintable(second.error));
    QCOMPARE(second.datasetId, qint64(0));
    QCOMPARE(second.alreadyPresent, first.events);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM events")), first.events);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM datasets")), 1);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM articles")), 1);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(DISTINCT dataset_key) FROM events")), first.events);
    QVERIFY(store->checkConsistency().ok());
}

// A later export that repeats some rows and adds one: the new row is imported, the others
// counted, and the command line says both.
void TestDatasets::rowsAlreadyPresentAreReported()
{
    const QString db = mDir.filePath(QStringLiteral("present/events.sqlite"));
    QVERIFY(QDir().mkpath(QFileInfo(db).path()));
    auto r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, fixture(kAcled)});
    QVERIFY2(r.out.contains("4 events"), r.out.constData());
    QList<QByteArray> lines = test::readFile(fixture(kAcled)).split('\n');
    lines.removeAll(QByteArray());
    QByteArray later = lines.join("\r\n"); // saved again by a spreadsheet
    QByteArray added = lines[1];
    added.replace("AFG90001", "AFG99999").replace("9001,", "9999,");
    later += "\r\n" + added + "\r\n";
    const QString laterPath = mDir.filePath(QStringLiteral("present/acled-later.csv"));
    QVERIFY(test::writeFile(laterPath, later));
    r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, laterPath});
    QVERIFY2(r.out.contains(" rows, 1 event, ") && r.out.contains(", 4 rows already in the database; dataset 2)"),
             r.out.constData());
    r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, laterPath});
    QVERIFY2(r.out.contains("unchanged  ") && r.out.contains("already in the database as dataset 2"), r.out.constData());
    QByteArray third = lines.join("\n");
    third.prepend("\xEF\xBB\xBF");
    QVERIFY(test::writeFile(laterPath, third));
    r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, laterPath});
    QVERIFY2(r.out.contains("(ACLED export: 4 rows already in the database, nothing new)"), r.out.constData());
    QVERIFY2(r.out.contains("0 datasets imported, 1 unchanged, 0 failed; 0 events"), r.out.constData());
    auto store = EventStore::open(db, EventStore::Mode::ReadOnly);
    QVERIFY(store.ok());
    QCOMPARE(scalar(*store.value(), QStringLiteral("SELECT count(*) FROM events")), 5);
    QCOMPARE(scalar(*store.value(), QStringLiteral("SELECT duplicates FROM datasets WHERE id = 2")), 4);
}

// A Mapline export names its rows by the exporting database's id with the day, type and
// position (eventstore_dataset.cpp, datasetKey). Migration 4 builds the same key in SQL for the
// rows already stored: the two must give the same string, or an old row would come in again.
void TestDatasets::maplineExportKeysMatchTheMigration()
{
    const QString source = mDir.filePath(QStringLiteral("export-source.sqlite"));
    auto r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), source, QStringLiteral("--keep-outside"),
                               fixture(kAcled), fixture(kGdelt1), fixture(kGdelt2)});
    QVERIFY2(r.out.contains("3 datasets imported"), r.out.constData());
    QString csv = mDir.filePath(QStringLiteral("export-source.csv"));
    r = test::runMapline({QStringLiteral("export"), QStringLiteral("--db"), source, QStringLiteral("--out"), csv,
                          QStringLiteral("--format"), QStringLiteral("csv")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // The export as a version-3 database could have held it: written before external_id (the
    // column taken out), so each row's external_id is its exported id, which the migration keys.
    const QString withIds = csv;
    csv = mDir.filePath(QStringLiteral("export-source-without-ids.csv"));
    {
        CsvReader reader;
        QVERIFY(reader.open(withIds).ok());
        QByteArray bytes;
        QByteArrayList fields;
        while (reader.next(fields) == CsvReader::Next::Record) {
            QVERIFY(fields.size() == eventFieldNames().size());
            fields.removeLast();
            QStringList quoted;
            for (const QByteArray &f : std::as_const(fields))
                quoted << csvQuote(QString::fromUtf8(f));
            bytes += quoted.join(u',').toUtf8() + "\r\n";
        }
        QVERIFY(!bytes.contains("external_id"));
        QVERIFY(test::writeFile(csv, bytes));
    }
    auto store = openStore(QStringLiteral("export-target.sqlite"));
    QVERIFY(store);
    const auto first = DatasetImporter(*store, true).importFile(csv);
    QVERIFY2(first.status == FileStatus::Imported, qPrintable(first.error));
    QVERIFY(first.events >= 10);
    // The same rows in the export with external_id are the same rows: their identity is the
    // exported id whatever external_id they carry.
    const auto current = DatasetImporter(*store, true).importFile(withIds);
    QVERIFY(current.status == FileStatus::Duplicate);
    QCOMPARE(current.alreadyPresent, first.events);
    QByteArray lf = test::readFile(csv);
    lf.replace("\r\n", "\n");
    const QString again = mDir.filePath(QStringLiteral("export-source-lf.csv"));
    QVERIFY(test::writeFile(again, lf));
    const auto second = DatasetImporter(*store, true).importFile(again);
    QVERIFY(second.status == FileStatus::Duplicate);
    QCOMPARE(second.alreadyPresent, first.events);

    // The keys the import stored, then the migration's statement run over the same rows.
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT id, dataset_key FROM events ORDER BY id")));
    QHash<qint64, QString> stored;
    while (q.next())
        stored.insert(q.value(0).toLongLong(), q.value(1).toString());
    QCOMPARE(stored.size(), int(first.events));
    QVERIFY(stored.value(stored.keys().first()).startsWith(QStringLiteral("mapline:")));
    const schema::Migration &four = schema::migrations().at(3);
    QCOMPARE(four.version, 4);
    const QString update = four.statements.at(2);
    QVERIFY(update.startsWith(QStringLiteral("UPDATE events SET dataset_key")));
    QVERIFY(q.exec(QStringLiteral("DROP INDEX events_dataset_key")));
    QVERIFY(q.exec(QStringLiteral("UPDATE events SET dataset_key = NULL")));
    QVERIFY2(q.exec(update), qPrintable(q.lastError().text()));
    QVERIFY(q.exec(QStringLiteral("SELECT id, dataset_key FROM events ORDER BY id")));
    int same = 0;
    while (q.next()) {
        QCOMPARE(q.value(1).toString(), stored.value(q.value(0).toLongLong()));
        ++same;
    }
    QCOMPARE(same, stored.size());
}

// A version 3 database where one file had been imported twice (the defect): the migration keys
// every row, the first copy keeps the key, the later copies stay without one, and the file then
// counts as already present.
void TestDatasets::migrationThreeToFourKeysExistingRows()
{
    const QString path = mDir.filePath(QStringLiteral("version3.sqlite"));
    {
        auto store = openStore(QStringLiteral("version3.sqlite"));
        QVERIFY(store);
        QVERIFY(DatasetImporter(*store, true).importFile(fixture(kAcled)).status == FileStatus::Imported);
        QByteArray crlf = test::readFile(fixture(kAcled));
        crlf.replace("\n", "\r\n");
        const QString copy = mDir.filePath(QStringLiteral("acled-crlf-v3.csv"));
        QVERIFY(test::writeFile(copy, crlf));
        // As version 3 stored it: no key, so the copy comes in again.
        QSqlQuery q(store->database());
        QVERIFY(q.exec(QStringLiteral("DROP INDEX events_dataset_key")));
        QVERIFY(q.exec(QStringLiteral("UPDATE events SET dataset_key = NULL")));
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER no_key AFTER INSERT ON events BEGIN "
                                      "UPDATE events SET dataset_key = NULL WHERE id = new.id; END")));
        QVERIFY(DatasetImporter(*store, true).importFile(copy).status == FileStatus::Imported);
        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER no_key")));
        QVERIFY(q.exec(QStringLiteral("UPDATE events SET dataset_key = NULL")));
        QVERIFY(q.exec(QStringLiteral("ALTER TABLE events DROP COLUMN dataset_key")));
        QVERIFY(q.exec(QStringLiteral("ALTER TABLE datasets DROP COLUMN duplicates")));
        // What the later versions added goes too (5: happenings; 7: control corrections, actor
        // roles; 8: authors and history), so the file is version 3 whole.
        for (const char *sql : {"DROP VIEW event_list", "CREATE VIEW event_list AS SELECT id FROM events",
                                "DROP TRIGGER events_happening_ad", "DROP INDEX events_happening",
                                "ALTER TABLE events DROP COLUMN happening_id", "DROP TABLE happening_corrections",
                                "DROP TABLE happenings", "DROP TABLE control_corrections",
                                "ALTER TABLE event_actors DROP COLUMN role", "DROP TABLE correction_history",
                                "ALTER TABLE corrections DROP COLUMN corrected_by"})
            QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=3")));
    }
    auto store = test::openStore(path);
    QVERIFY(store);
    QVERIFY(store->schemaVersion() >= 4);
    const qint64 rows = scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE dataset_id = 1"));
    QVERIFY(rows > 0);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM events")), 2 * rows); // nothing deleted
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE dataset_key IS NOT NULL")), rows);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE dataset_key IS NOT NULL AND dataset_id = 1")),
             rows);
    const auto again = DatasetImporter(*store, true).importFile(fixture(kAcled) );
    QVERIFY(again.status == FileStatus::Duplicate);
    QByteArray bom = test::readFile(fixture(kAcled));
    bom.prepend("\xEF\xBB\xBF");
    const QString copy = mDir.filePath(QStringLiteral("acled-bom-v4.csv"));
    QVERIFY(test::writeFile(copy, bom));
    const auto third = DatasetImporter(*store, true).importFile(copy);
    QVERIFY(third.status == FileStatus::Duplicate);
    QCOMPARE(third.alreadyPresent, rows);
    QVERIFY(store->checkConsistency().ok());
}

QTEST_GUILESS_MAIN(TestDatasets)
#include "tst_datasets.moc"
