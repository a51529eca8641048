#include "store/pg/pgcheck.h"

#include "index/eventindexloader.h"
#include "index/indexlog.h"
#include "store/pg/pgchangecounter.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgfusion.h"
#include "store/pg/pgindexcache.h"
#include "store/pg/pgindexcopy.h"
#include "store/pg/pgindexloader.h"
#include "store/pg/pgschema.h"
#include "store/pg/pgwritelock.h"

#include <QHash>
#include <QLocale>
#include <QRegularExpression>

namespace mapline::pg::pgcheck {
namespace {

QString number(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

QString counted(qint64 n, const QString &one, const QString &many)
{
    return number(n) + QLatin1Char(' ') + (n == 1 ? one : many);
}

const QString kSchema = QString::fromLatin1(pgschema::kSchema);

// --- what the schema declares (read from its migrations, so never out of step with them)

struct IndexSpec {
    QString name;
    QString table;
    QString statement;
};

struct TriggerSpec {
    QString name;
    QString table;
    QString statement;
    QString function;
};

const QList<IndexSpec> &schemaIndexes()
{
    static const QList<IndexSpec> list = [] {
        static const QRegularExpression create(QStringLiteral(R"(^CREATE (?:UNIQUE )?INDEX (\w+) ON (\w+))"));
        QList<IndexSpec> found;
        for (const pgschema::Migration &m : pgschema::migrations())
            for (const QString &statement : m.statements)
                if (const QRegularExpressionMatch match = create.match(statement); match.hasMatch())
                    found.append({match.captured(1), match.captured(2), statement});
        return found;
    }();
    return list;
}

const QList<TriggerSpec> &schemaTriggers()
{
    static const QList<TriggerSpec> list = [] {
        static const QRegularExpression create(QStringLiteral(R"(^CREATE TRIGGER (\w+) .*? ON (\w+) .*EXECUTE FUNCTION (\w+)\()"),
                                               QRegularExpression::DotMatchesEverythingOption);
        QList<TriggerSpec> found;
        for (const pgschema::Migration &m : pgschema::migrations())
            for (const QString &statement : m.statements)
                if (const QRegularExpressionMatch match = create.match(statement); match.hasMatch())
                    found.append({match.captured(1), match.captured(2), statement, match.captured(3)});
        return found;
    }();
    return list;
}

// The latest definition of each of the schema's functions, as CREATE OR REPLACE.
const QHash<QString, QString> &schemaFunctions()
{
    static const QHash<QString, QString> functions = [] {
        static const QRegularExpression create(QStringLiteral(R"(^CREATE (?:OR REPLACE )?FUNCTION (\w+)\()"));
        QHash<QString, QString> found;
        for (const pgschema::Migration &m : pgschema::migrations())
            for (const QString &statement : m.statements)
                if (const QRegularExpressionMatch match = create.match(statement); match.hasMatch())
                    found.insert(match.captured(1), QStringLiteral("CREATE OR REPLACE FUNCTION ") +
                                                        statement.mid(statement.indexOf(QLatin1String("FUNCTION ")) + 9));
        return found;
    }();
    return functions;
}

// The statements that make the `words` text-search configuration (CREATE, then its mapping).
QStringList textSearchStatements()
{
    QStringList statements;
    for (const pgschema::Migration &m : pgschema::migrations())
        for (const QString &statement : m.statements)
            if (statement.contains(QLatin1String("TEXT SEARCH CONFIGURATION words")))
                statements << statement;
    return statements;
}

enum class Area { Geometry, TextSearch, Other };

Area areaOf(const IndexSpec &index)
{
    if (index.statement.contains(QLatin1String("USING gist (geom)")))
        return Area::Geometry;
    if (index.statement.contains(QLatin1String("to_tsvector")))
        return Area::TextSearch;
    return Area::Other;
}

const QStringList &geometryTables()
{
    static const QStringList list = {QStringLiteral("events"), QStringLiteral("places"), QStringLiteral("happenings")};
    return list;
}

// --- what the store holds

// Closes the caller's transaction when it has not: a failure leaves none open.
class Transaction {
public:
    explicit Transaction(PgConnection &c) : mC(c) {}
    ~Transaction()
    {
        if (mOpen)
            static_cast<void>(mC.exec(QStringLiteral("ROLLBACK"), QString()));
    }
    Status begin(const QString &sql, const QString &what)
    {
        Status s = mC.exec(sql, what);
        mOpen = bool(s);
        return s;
    }
    Status write(const QString &what)
    {
        Status s = beginWrite(mC, what);
        mOpen = bool(s);
        return s;
    }
    Status commit(const QString &what)
    {
        mOpen = false;
        return mC.exec(QStringLiteral("COMMIT"), what);
    }

private:
    PgConnection &mC;
    bool mOpen = false;
};

struct Store {
    int version = 0;
    QHash<QString, QString> extensions; // name -> "version, in schema S"
    QStringList extensionSchemas;
};

QString quoted(const QString &identifier)
{
    return QLatin1Char('"') + QString(identifier).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

// The store's version and extensions, and the search path set to its schema and theirs.
Result<Store> openStore(PgConnection &c)
{
    using R = Result<Store>;
    const QString what = QStringLiteral("reading the store");
    const Result<PgResult> r = c.query(
        QStringLiteral("SELECT current_database(), to_regclass($1) IS NOT NULL"), {kSchema + QStringLiteral(".settings")}, what);
    if (!r)
        return R::failure(r.error());
    if (r->text(0, 1) != "t")
        return R::failure(QStringLiteral("%1: database %2 holds no Mapline store (schema \"%3\")").arg(c.url(), r->string(0, 0), kSchema));
    Store store;
    const Result<PgResult> v = c.query(QStringLiteral("SELECT value FROM %1.settings WHERE key = $1").arg(quoted(kSchema)),
                                       {QString::fromLatin1(pgschema::kVersionKey)}, what);
    if (!v)
        return R::failure(v.error());
    if (v->rows() == 0)
        return R::failure(QStringLiteral("%1: schema \"%2\" holds tables that are not a Mapline store (no %3 in its settings)")
                              .arg(c.url(), kSchema, QString::fromLatin1(pgschema::kVersionKey)));
    store.version = v->string(0, 0).toInt();
    const Result<PgResult> e = c.query(
        QStringLiteral("SELECT extname, extversion, extnamespace::regnamespace::text FROM pg_extension "
                       "WHERE extname IN ('postgis', 'unaccent') ORDER BY extname"),
        what);
    if (!e)
        return R::failure(e.error());
    for (int row = 0; row < e->rows(); ++row) {
        store.extensions.insert(e->string(row, 0), QStringLiteral("%1 %2").arg(e->string(row, 0), e->string(row, 1)));
        if (!store.extensionSchemas.contains(e->string(row, 2)) && e->string(row, 2) != kSchema)
            store.extensionSchemas << e->string(row, 2);
    }
    QStringList path{quoted(kSchema)};
    for (const QString &s : std::as_const(store.extensionSchemas))
        path << quoted(s);
    if (Status s = c.exec(QStringLiteral("SET search_path = %1").arg(path.join(QStringLiteral(", "))), what); !s)
        return R::failure(s.error());
    return store;
}

// The schema's indexes as they are: name -> whether valid and ready.
Result<QHash<QString, bool>> indexesThere(PgConnection &c)
{
    using R = Result<QHash<QString, bool>>;
    const Result<PgResult> r = c.query(
        QStringLiteral("SELECT k.relname, i.indisvalid AND i.indisready FROM pg_index i JOIN pg_class k ON k.oid = i.indexrelid "
                       "JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname = $1"),
        {kSchema}, QStringLiteral("reading the indexes"));
    if (!r)
        return R::failure(r.error());
    QHash<QString, bool> there;
    for (int row = 0; row < r->rows(); ++row)
        there.insert(r->string(row, 0), r->text(row, 1) == "t");
    return there;
}

struct IndexProblems {
    QList<IndexSpec> missing;
    QList<IndexSpec> invalid;
};

Result<IndexProblems> indexProblems(PgConnection &c, Area area)
{
    const auto there = indexesThere(c);
    if (!there)
        return Result<IndexProblems>::failure(there.error());
    IndexProblems p;
    for (const IndexSpec &index : schemaIndexes()) {
        if (areaOf(index) != area)
            continue;
        if (!there->contains(index.name))
            p.missing << index;
        else if (!there->value(index.name))
            p.invalid << index;
    }
    return p;
}

void describe(const IndexProblems &p, QStringList &problems)
{
    QStringList names;
    for (const IndexSpec &i : p.missing)
        names << i.name;
    if (!names.isEmpty())
        problems << QStringLiteral("index missing: %1").arg(names.join(QStringLiteral(", ")));
    names.clear();
    for (const IndexSpec &i : p.invalid)
        names << i.name;
    if (!names.isEmpty())
        problems << QStringLiteral("index invalid (a failed build): %1").arg(names.join(QStringLiteral(", ")));
}

struct Geometry {
    QString table;
    bool present = false;
    bool generated = false;
    QString type;
    qint64 wrong = 0; // rows whose geom is not their lon/lat
    qint64 placed = 0;
    bool viewMissing = false; // events: the event_list view, which shows their points

    bool needsRebuild() const { return !present || !generated || type != u"geometry(Point,4326)" || wrong > 0; }
};

Result<Geometry> geometryOf(PgConnection &c, const QString &table, bool postgis)
{
    using R = Result<Geometry>;
    const QString what = QStringLiteral("checking the geometry of %1").arg(table);
    Geometry g;
    g.table = table;
    const Result<PgResult> column = c.query(
        QStringLiteral("SELECT a.attgenerated = 's', format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                       "WHERE a.attrelid = to_regclass($1) AND a.attname = 'geom' AND NOT a.attisdropped"),
        {kSchema + QLatin1Char('.') + table}, what);
    if (!column)
        return R::failure(column.error());
    g.present = column->rows() > 0;
    if (g.present) {
        g.generated = column->text(0, 0) == "t";
        g.type = column->string(0, 1);
    }
    if (table == u"events") {
        const Result<PgResult> view = c.query(QStringLiteral("SELECT to_regclass($1) IS NULL"),
                                              {kSchema + QStringLiteral(".event_list")}, what);
        if (!view)
            return R::failure(view.error());
        g.viewMissing = view->text(0, 0) == "t";
    }
    if (!g.present || !postgis || g.type != u"geometry(Point,4326)")
        return g;
    const Result<PgResult> rows = c.query(
        QStringLiteral("SELECT count(*) FILTER (WHERE (geom IS NULL) <> (lon IS NULL OR lat IS NULL) OR (geom IS NOT NULL AND "
                       "(ST_SRID(geom) <> 4326 OR ST_X(geom) <> lon OR ST_Y(geom) <> lat))), count(geom) FROM %1")
            .arg(table),
        what);
    if (!rows)
        return R::failure(rows.error());
    g.wrong = rows->int64(0, 0);
    g.placed = rows->int64(0, 1);
    return g;
}

struct TextSearch {
    bool configuration = false;
    bool folds = false; // "Mazār" and "mazar" the same words
};

Result<TextSearch> textSearchOf(PgConnection &c)
{
    using R = Result<TextSearch>;
    const QString what = QStringLiteral("checking the text search");
    TextSearch t;
    const Result<PgResult> r = c.query(QStringLiteral("SELECT count(*) FROM pg_ts_config WHERE cfgname = 'words' AND "
                                                      "cfgnamespace = $1::regnamespace"),
                                       {quoted(kSchema)}, what);
    if (!r)
        return R::failure(r.error());
    t.configuration = r->int64(0, 0) > 0;
    if (!t.configuration)
        return t;
    const Result<PgResult> folds = c.query(
        QStringLiteral("SELECT to_tsvector('words', 'Mazār-i-Sharīf') = to_tsvector('words', 'mazar-i-sharif')"), what);
    if (!folds)
        return R::failure(folds.error());
    t.folds = folds->text(0, 0) == "t";
    return t;
}

struct Triggers {
    QList<TriggerSpec> missing;
    QList<TriggerSpec> disabled;
};

Result<Triggers> triggersOf(PgConnection &c)
{
    using R = Result<Triggers>;
    const Result<PgResult> r = c.query(
        QStringLiteral("SELECT t.tgname, t.tgenabled IN ('O', 'A') FROM pg_trigger t JOIN pg_class k ON k.oid = t.tgrelid "
                       "JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname = $1 AND NOT t.tgisinternal"),
        {kSchema}, QStringLiteral("reading the triggers"));
    if (!r)
        return R::failure(r.error());
    QHash<QString, bool> there;
    for (int row = 0; row < r->rows(); ++row)
        there.insert(r->string(row, 0), r->text(row, 1) == "t");
    Triggers t;
    for (const TriggerSpec &trigger : schemaTriggers()) {
        if (!there.contains(trigger.name))
            t.missing << trigger;
        else if (!there.value(trigger.name))
            t.disabled << trigger;
    }
    return t;
}

struct Sequence {
    QString table;
    QString column;
    QString sequence; // as pg_get_serial_sequence gives it: qualified, quoted where needed
    qint64 largest = 0;
    qint64 next = 0;
};

// The identity sequences whose next value is not past their table's largest id.
Result<QList<Sequence>> sequencesBehind(PgConnection &c, int *checked = nullptr)
{
    using R = Result<QList<Sequence>>;
    const QString what = QStringLiteral("reading the sequences");
    const Result<PgResult> r = c.query(
        QStringLiteral("SELECT table_name, column_name, pg_get_serial_sequence(format('%I.%I', table_schema, table_name), "
                       "column_name) FROM information_schema.columns WHERE table_schema = $1 AND is_identity = 'YES' "
                       "ORDER BY table_name"),
        {kSchema}, what);
    if (!r)
        return R::failure(r.error());
    QList<Sequence> behind;
    if (checked)
        *checked = r->rows();
    for (int row = 0; row < r->rows(); ++row) {
        Sequence s{r->string(row, 0), r->string(row, 1), r->string(row, 2), 0, 0};
        // A happening's id is always given: its first report's (docs/FUSION.md, "Happening ids");
        // the fusion never draws from the sequence, which an import leaves where it was.
        if (s.sequence.isEmpty() || s.table == u"happenings")
            continue;
        const Result<PgResult> v = c.query(
            QStringLiteral("SELECT (SELECT COALESCE(max(%2), 0) FROM %1), CASE WHEN is_called THEN last_value + 1 ELSE last_value "
                           "END FROM %3")
                .arg(quoted(s.table), quoted(s.column), s.sequence),
            what);
        if (!v)
            return R::failure(v.error());
        s.largest = v->int64(0, 0);
        s.next = v->int64(0, 1);
        if (s.next <= s.largest)
            behind << s;
    }
    return behind;
}

struct Happenings {
    qint64 stale = 0;
    qint64 unfused = 0;   // events without a happening
    qint64 dangling = 0;  // events whose happening is not there
    qint64 miscounted = 0; // happenings whose `reports` is not the count of their events
    qint64 total = 0;

    bool any() const { return stale + unfused + dangling + miscounted > 0; }
};

const QString kDangling = QStringLiteral(
    "e.happening_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM happenings h WHERE h.id = e.happening_id)");
// The happenings whose `reports` is not the count of their events (one pass over the events).
const QString kMiscounted = QStringLiteral(
    "SELECT h.id FROM happenings h LEFT JOIN (SELECT happening_id, count(*) AS n FROM events WHERE happening_id IS NOT "
    "NULL GROUP BY happening_id) m ON m.happening_id = h.id WHERE h.stale = 0 AND h.reports <> COALESCE(m.n, 0)");

Result<Happenings> happeningsOf(PgConnection &c)
{
    using R = Result<Happenings>;
    const Result<PgResult> r = c.query(
        QStringLiteral("SELECT (SELECT count(*) FROM happenings WHERE stale <> 0), "
                       "(SELECT count(*) FROM events WHERE happening_id IS NULL), "
                       "(SELECT count(*) FROM events e WHERE %1), "
                       "(SELECT count(*) FROM (%2) x), (SELECT count(*) FROM happenings)")
            .arg(kDangling, kMiscounted),
        QStringLiteral("checking the happenings"));
    if (!r)
        return R::failure(r.error());
    return Happenings{r->int64(0, 0), r->int64(0, 1), r->int64(0, 2), r->int64(0, 3), r->int64(0, 4)};
}

// Rows pointing at rows that are not there: each a count over the store, what it counts.
struct Link {
    const char *sql;
    const char *one;
    const char *many;
};
constexpr Link kLinks[] = {
    {"SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = e.article_id)",
     "event without its article", "events without their article"},
    {"SELECT count(*) FROM events e WHERE e.sentence_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sentences s WHERE s.id = "
     "e.sentence_id)",
     "event without its sentence", "events without their sentence"},
    {"SELECT count(*) FROM events e WHERE e.place_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM places p WHERE p.id = e.place_id)",
     "event without its place", "events without their place"},
    {"SELECT count(*) FROM events e WHERE e.dataset_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM datasets d WHERE d.id = "
     "e.dataset_id)",
     "event without its dataset", "events without their dataset"},
    {"SELECT count(*) FROM sentences s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article_id)",
     "sentence without its article", "sentences without their article"},
    {"SELECT count(*) FROM datasets d WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = d.article_id)",
     "dataset without its article", "datasets without their article"},
    {"SELECT count(*) FROM event_actors x WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = x.event_id)",
     "actor link without its event", "actor links without their event"},
    {"SELECT count(*) FROM event_actors x WHERE NOT EXISTS (SELECT 1 FROM actors a WHERE a.id = x.actor_id)",
     "actor link without its actor", "actor links without their actor"},
    {"SELECT count(*) FROM corrections c WHERE c.event_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = "
     "c.event_id)",
     "correction pointing at a missing event", "corrections pointing at missing events"},
    {"SELECT count(*) FROM side_members m WHERE NOT EXISTS (SELECT 1 FROM sides s WHERE s.id = m.side_id)",
     "side member without its side", "side members without their side"},
};

Status checkLinks(PgConnection &c, CheckItem &item)
{
    for (const Link &link : kLinks) {
        const Result<PgResult> r = c.query(QString::fromLatin1(link.sql), QStringLiteral("checking the links between tables"));
        if (!r)
            return Status::failure(r.error());
        if (const qint64 n = r->int64(0, 0); n > 0)
            item.problems << counted(n, QString::fromLatin1(link.one), QString::fromLatin1(link.many));
    }
    return {};
}

QString rowsOf(const QString &table, qint64 n)
{
    if (table == u"events")
        return counted(n, QStringLiteral("event"), QStringLiteral("events"));
    if (table == u"places")
        return counted(n, QStringLiteral("place"), QStringLiteral("places"));
    return counted(n, QStringLiteral("happening"), QStringLiteral("happenings"));
}

// The server's copy of the map's index (pgindexcopy.h) against the store as this snapshot shows it.
struct IndexCopy {
    bool tables = true; // index_copy and index_copy_parts are there
    bool present = false;
    qint64 events = 0;      // in the copy
    qint64 storeEvents = 0; // dated events in the store now
    QString unusable;       // why no client can use it (another format or schema, damaged)
    bool compacted = false; // the change log no longer reaches back to it: no delta can bring it up to date
    qint64 behind = 0;      // writing transactions since it was made
    double changed = 0;     // events touched since (at most)
    QString writtenAt;

    // What `repair` writes again: a copy no client can use or bring up to date, one more than
    // 5 % behind (every client would pay that delta), a missing one on a store large enough for
    // clients to keep a copy of their own (IndexLoadOptions::persistFromEvents).
    bool needsWriting() const
    {
        if (!tables)
            return true;
        if (!present)
            return storeEvents >= IndexLoadOptions().persistFromEvents;
        return !unusable.isEmpty() || compacted || changed * double(pgindexcopy::kRefreshShareDivisor) > double(std::max<qint64>(events, 1));
    }
};

Result<IndexCopy> indexCopyOf(PgConnection &c)
{
    using R = Result<IndexCopy>;
    const QString what = QStringLiteral("checking the server's copy of the index");
    IndexCopy copy;
    const Result<PgResult> count = c.query(QStringLiteral("SELECT count(*) FROM events WHERE date IS NOT NULL"), what);
    if (!count)
        return R::failure(count.error());
    copy.storeEvents = count->int64(0, 0);
    const Result<PgResult> there =
        c.query(QStringLiteral("SELECT to_regclass('index_copy') IS NOT NULL AND to_regclass('index_copy_parts') IS NOT NULL"), what);
    if (!there)
        return R::failure(there.error());
    copy.tables = there->string(0, 0) == u"t";
    if (!copy.tables)
        return copy;
    const Result<pgindexcopy::State> state = pgindexcopy::state(c);
    if (!state)
        return R::failure(state.error());
    if (!state->present)
        return copy;
    copy.present = true;
    copy.events = state->events;
    copy.writtenAt = state->writtenAt;
    const Result<IndexStamp> stamp = pgchangecounter::stamp(c);
    if (!stamp)
        return R::failure(stamp.error());
    const Result<PgResult> parts =
        c.query(QStringLiteral("SELECT count(*), COALESCE(sum(octet_length(bytes)), 0) FROM index_copy_parts"), what);
    if (!parts)
        return R::failure(parts.error());
    const IndexStamp &at = state->position.stamp;
    if (!state->ours)
        copy.unusable = QStringLiteral("written in another database (restored from a dump?)");
    else if (state->format != PersistentIndex::kFormat)
        copy.unusable = QStringLiteral("of another format (%1; this Mapline reads %2)").arg(state->format).arg(PersistentIndex::kFormat);
    else if (!stamp->usable())
        copy.unusable = stamp->unusable;
    else if (at.userVersion != stamp->userVersion || at.schemaCookie != stamp->schemaCookie)
        copy.unusable = QStringLiteral("made for another state of the schema (its triggers changed since)");
    else if (parts->int64(0, 0) != state->parts || parts->int64(0, 1) != state->bytes)
        copy.unusable = QStringLiteral("damaged: %1 parts of %2 bytes where its row says %3 of %4")
                            .arg(number(parts->int64(0, 0)), number(parts->int64(0, 1)), number(state->parts), number(state->bytes));
    if (!copy.unusable.isEmpty())
        return copy;
    copy.behind = stamp->generation - at.generation;
    // The events touched since its snapshot (change_events' ranges, clipped to the ids there are).
    const Result<PgResult> since = c.query(
        QStringLiteral("SELECT pg_snapshot_xmin($1::pg_snapshot) < (SELECT events_logged_from FROM mapline_changes), "
                       "COALESCE(sum(GREATEST(LEAST(last_id, (SELECT COALESCE(max(id), 0) FROM events)) - first_id + 1, 0)::numeric), 0)::float8 "
                       "FROM change_events WHERE xact >= pg_snapshot_xmin($1::pg_snapshot) AND NOT "
                       "pg_visible_in_snapshot(xact, $1::pg_snapshot)"),
        {state->position.snapshot}, what);
    if (!since)
        return R::failure(since.error());
    copy.compacted = since->string(0, 0) == u"t";
    copy.changed = since->real(0, 1);
    return copy;
}

Result<QList<CheckItem>> checkItems(PgConnection &c, const Store &store)
{
    using R = Result<QList<CheckItem>>;
    QList<CheckItem> items;
    CheckItem version{QStringLiteral("schema_version"), QStringLiteral("the store's version"), {}, false, {}};
    const int latest = pgschema::latestVersion();
    if (store.version < latest) {
        version.problems << QStringLiteral("version %1, older than this Mapline's (%2)").arg(store.version).arg(latest);
        version.indexProblem = true; // repair migrates it
    } else if (store.version > latest) {
        version.problems << QStringLiteral("version %1, newer than this Mapline knows (%2): use a newer Mapline")
                                .arg(store.version)
                                .arg(latest);
    } else {
        version.note = QStringLiteral("version %1").arg(store.version);
    }
    items << version;

    CheckItem extensions{QStringLiteral("extensions"), QStringLiteral("PostGIS and unaccent"), {}, true, {}};
    QStringList notes;
    for (const QString &name : {QStringLiteral("postgis"), QStringLiteral("unaccent")}) {
        if (store.extensions.contains(name))
            notes << store.extensions.value(name);
        else
            extensions.problems << QStringLiteral("%1 is not installed in database").arg(name);
    }
    extensions.note = notes.join(QStringLiteral(", "));
    items << extensions;
    if (store.version != latest)
        return items;
    const bool postgis = store.extensions.contains(QStringLiteral("postgis"));

    CheckItem links{QStringLiteral("links"), QStringLiteral("rows that point at missing rows"), {}, false, {}};
    if (Status s = checkLinks(c, links); !s)
        return R::failure(s.error());
    items << links;

    CheckItem geometry{QStringLiteral("geometry"), QStringLiteral("PostGIS points of events, places and happenings"), {}, true, {}};
    qint64 placed = 0;
    for (const QString &table : geometryTables()) {
        const Result<Geometry> g = geometryOf(c, table, postgis);
        if (!g)
            return R::failure(g.error());
        placed += g->placed;
        if (!g->present)
            geometry.problems << QStringLiteral("%1.geom missing").arg(table);
        else if (g->type != u"geometry(Point,4326)")
            geometry.problems << QStringLiteral("%1.geom is %2, not geometry(Point,4326)").arg(table, g->type);
        else if (!g->generated)
            geometry.problems << QStringLiteral("%1.geom is no longer generated from lon/lat").arg(table);
        if (g->wrong > 0)
            geometry.problems << QStringLiteral("%1 whose point is not their lon/lat").arg(rowsOf(table, g->wrong));
        if (g->viewMissing)
            geometry.problems << QStringLiteral("view event_list missing");
    }
    Result<IndexProblems> gist = indexProblems(c, Area::Geometry);
    if (!gist)
        return R::failure(gist.error());
    describe(*gist, geometry.problems);
    geometry.note = QStringLiteral("%1 points").arg(number(placed));
    items << geometry;

    CheckItem search{QStringLiteral("text_search"), QStringLiteral("full-text search of sentences and titles"), {}, true, {}};
    const Result<TextSearch> t = textSearchOf(c);
    if (!t)
        return R::failure(t.error());
    if (!t->configuration)
        search.problems << QStringLiteral("text search configuration %1.words missing").arg(kSchema);
    else if (!t->folds)
        search.problems << QStringLiteral("text search configuration %1.words does not fold diacritics (unaccent)").arg(kSchema);
    Result<IndexProblems> gin = indexProblems(c, Area::TextSearch);
    if (!gin)
        return R::failure(gin.error());
    describe(*gin, search.problems);
    items << search;

    CheckItem indexes{QStringLiteral("indexes"), QStringLiteral("the schema's other indexes"), {}, true, {}};
    Result<IndexProblems> other = indexProblems(c, Area::Other);
    if (!other)
        return R::failure(other.error());
    describe(*other, indexes.problems);
    indexes.note = counted(schemaIndexes().size(), QStringLiteral("index"), QStringLiteral("indexes")) + QStringLiteral(" in all");
    items << indexes;

    CheckItem triggers{QStringLiteral("triggers"), QStringLiteral("counting changes, logging touched events, marking happenings stale"),
                       {}, true, {}};
    const Result<Triggers> tr = triggersOf(c);
    if (!tr)
        return R::failure(tr.error());
    QStringList names;
    for (const TriggerSpec &x : tr->missing)
        names << x.name;
    if (!names.isEmpty())
        triggers.problems << QStringLiteral("missing: %1").arg(names.join(QStringLiteral(", ")));
    names.clear();
    for (const TriggerSpec &x : tr->disabled)
        names << x.name;
    if (!names.isEmpty())
        triggers.problems << QStringLiteral("disabled: %1").arg(names.join(QStringLiteral(", ")));
    if (triggers.problems.isEmpty())
        triggers.note = counted(schemaTriggers().size(), QStringLiteral("trigger"), QStringLiteral("triggers"));
    items << triggers;

    CheckItem sequences{QStringLiteral("sequences"), QStringLiteral("identity sequences ahead of the largest ids"), {}, true, {}};
    int checked = 0;
    const Result<QList<Sequence>> behind = sequencesBehind(c, &checked);
    if (!behind)
        return R::failure(behind.error());
    for (const Sequence &s : *behind)
        sequences.problems << QStringLiteral("%1.%2: next %3, largest %4").arg(s.table, s.column, number(s.next), number(s.largest));
    if (sequences.problems.isEmpty())
        sequences.note = counted(checked, QStringLiteral("sequence"), QStringLiteral("sequences"));
    items << sequences;

    CheckItem happenings{QStringLiteral("happenings"), QStringLiteral("every event in a current happening"), {}, true, {}};
    const Result<Happenings> h = happeningsOf(c);
    if (!h)
        return R::failure(h.error());
    if (h->stale > 0)
        happenings.problems << counted(h->stale, QStringLiteral("stale happening (events deleted under it)"),
                                       QStringLiteral("stale happenings (events deleted under them)"));
    if (h->unfused > 0)
        happenings.problems << counted(h->unfused, QStringLiteral("event without a happening"),
                                       QStringLiteral("events without a happening"));
    if (h->dangling > 0)
        happenings.problems << counted(h->dangling, QStringLiteral("event whose happening is missing"),
                                       QStringLiteral("events whose happening is missing"));
    if (h->miscounted > 0)
        happenings.problems << counted(h->miscounted, QStringLiteral("happening whose count of reports is not its events'"),
                                       QStringLiteral("happenings whose count of reports is not their events'"));
    happenings.note = counted(h->total, QStringLiteral("happening"), QStringLiteral("happenings"));
    items << happenings;

    CheckItem indexCopy{QStringLiteral("index_copy"), QStringLiteral("the server's copy of the map's index"), {}, true, {}};
    const Result<IndexCopy> ic = indexCopyOf(c);
    if (!ic)
        return R::failure(ic.error());
    if (!ic->tables) {
        indexCopy.problems << QStringLiteral("table index_copy or index_copy_parts missing");
    } else if (!ic->present) {
        indexCopy.note = ic->needsWriting()
                             ? QStringLiteral("none yet: the first client to read every event writes it, or repair")
                             : QStringLiteral("none (%1: clients read them all)").arg(counted(ic->storeEvents, QStringLiteral("event"), QStringLiteral("events")));
    } else if (!ic->unusable.isEmpty()) {
        indexCopy.problems << QStringLiteral("unusable: %1").arg(ic->unusable);
    } else if (ic->compacted) {
        indexCopy.problems << QStringLiteral("stale: the change log was compacted past it, so clients cannot bring it up to date");
    } else if (ic->needsWriting()) {
        indexCopy.problems << QStringLiteral("stale: %1 since it was made, %2 of its events changed at most")
                                  .arg(counted(ic->behind, QStringLiteral("change"), QStringLiteral("changes")),
                                       QString::number(100.0 * ic->changed / double(std::max<qint64>(ic->events, 1)), 'f', 1) +
                                           QLatin1Char('%'));
    } else {
        indexCopy.note = QStringLiteral("%1, %2 since it was made (%3)")
                             .arg(counted(ic->events, QStringLiteral("event"), QStringLiteral("events")),
                                  counted(ic->behind, QStringLiteral("change"), QStringLiteral("changes")), ic->writtenAt);
    }
    items << indexCopy;
    return items;
}

// --- repairs, each one transaction under the write lock

Status repairTextSearch(PgConnection &c, QStringList &done)
{
    const QString what = QStringLiteral("repairing the text search");
    Transaction tx(c);
    if (Status s = tx.write(what); !s)
        return s;
    const Result<TextSearch> t = textSearchOf(c);
    if (!t)
        return Status::failure(t.error());
    if (t->configuration && t->folds)
        return {};
    const QStringList statements = textSearchStatements();
    for (const QString &statement : statements) {
        if (t->configuration && statement.startsWith(QLatin1String("CREATE")))
            continue;
        if (Status s = c.exec(statement, what); !s)
            return s;
    }
    // The indexes there were built by the configuration as it was: built again.
    const auto there = indexesThere(c);
    if (!there)
        return Status::failure(there.error());
    QStringList rebuilt;
    for (const IndexSpec &index : schemaIndexes()) {
        if (areaOf(index) != Area::TextSearch || !there->contains(index.name))
            continue;
        if (Status s = c.exec(QStringLiteral("REINDEX INDEX %1").arg(index.name), what); !s)
            return s;
        rebuilt << index.name;
    }
    if (Status s = tx.commit(what); !s)
        return s;
    done << (t->configuration ? QStringLiteral("the text search configuration words folds diacritics again")
                              : QStringLiteral("the text search configuration words made again"));
    if (!rebuilt.isEmpty())
        done << QStringLiteral("index %1 rebuilt").arg(rebuilt.join(QStringLiteral(", ")));
    return {};
}

Status repairGeometry(PgConnection &c, const QString &table, QStringList &done)
{
    const QString what = QStringLiteral("rebuilding the geometry of %1").arg(table);
    Transaction tx(c);
    if (Status s = tx.write(what); !s)
        return s;
    const Result<Geometry> g = geometryOf(c, table, true);
    if (!g)
        return Status::failure(g.error());
    if (!g->needsRebuild()) {
        if (!g->viewMissing)
            return {};
        if (Status s = c.exec(pgschema::eventListView(), what); !s)
            return s;
        if (Status s = tx.commit(what); !s)
            return s;
        done << QStringLiteral("the event_list view made again");
        return {};
    }
    // The column is made again as the schema declares it: generated from lon/lat, so it cannot
    // drift again. event_list shows events' geom: it goes and comes back with it.
    const bool view = table == u"events";
    QStringList statements;
    if (view)
        statements << QStringLiteral("DROP VIEW IF EXISTS event_list");
    statements << QStringLiteral("ALTER TABLE %1 DROP COLUMN IF EXISTS geom").arg(table)
               << QStringLiteral("ALTER TABLE %1 ADD COLUMN %2").arg(table, pgschema::pointColumn());
    for (const IndexSpec &index : schemaIndexes())
        if (index.table == table && areaOf(index) == Area::Geometry)
            statements << index.statement;
    if (view)
        statements << pgschema::eventListView();
    for (const QString &statement : std::as_const(statements))
        if (Status s = c.exec(statement, what); !s)
            return s;
    if (Status s = tx.commit(what); !s)
        return s;
    QString why = !g->present ? QStringLiteral("it was missing")
                  : g->wrong > 0 ? QStringLiteral("%1 differed").arg(rowsOf(table, g->wrong))
                                 : QStringLiteral("it was no longer generated from them");
    done << QStringLiteral("the points of %1 made again from lon/lat, with their index%2 (%3)")
                .arg(table, view ? QStringLiteral(" and the event_list view") : QString(), why);
    return {};
}

Status repairIndexes(PgConnection &c, QStringList &done)
{
    const QString what = QStringLiteral("rebuilding the indexes");
    Transaction tx(c);
    if (Status s = tx.write(what); !s)
        return s;
    QStringList created, rebuilt;
    for (Area area : {Area::Geometry, Area::TextSearch, Area::Other}) {
        const Result<IndexProblems> p = indexProblems(c, area);
        if (!p)
            return Status::failure(p.error());
        for (const IndexSpec &index : p->missing) {
            if (Status s = c.exec(index.statement, what); !s)
                return s;
            created << index.name;
        }
        for (const IndexSpec &index : p->invalid) {
            if (Status s = c.exec(QStringLiteral("REINDEX INDEX %1").arg(index.name), what); !s)
                return s;
            rebuilt << index.name;
        }
    }
    if (created.isEmpty() && rebuilt.isEmpty())
        return {};
    if (Status s = tx.commit(what); !s)
        return s;
    if (!created.isEmpty())
        done << QStringLiteral("index %1 made again").arg(created.join(QStringLiteral(", ")));
    if (!rebuilt.isEmpty())
        done << QStringLiteral("index %1 rebuilt").arg(rebuilt.join(QStringLiteral(", ")));
    return {};
}

Status repairTriggers(PgConnection &c, QStringList &done)
{
    const QString what = QStringLiteral("restoring the triggers");
    Transaction tx(c);
    if (Status s = tx.write(what); !s)
        return s;
    const Result<Triggers> t = triggersOf(c);
    if (!t)
        return Status::failure(t.error());
    if (t->missing.isEmpty() && t->disabled.isEmpty())
        return {};
    QStringList restored, enabled;
    for (const TriggerSpec &trigger : t->missing) {
        // A function dropped (with CASCADE) took its triggers with it: made again first.
        const Result<PgResult> f = c.query(QStringLiteral("SELECT to_regproc($1) IS NULL"),
                                           {quoted(kSchema) + QLatin1Char('.') + trigger.function}, what);
        if (!f)
            return Status::failure(f.error());
        if (f->text(0, 0) == "t") {
            if (Status s = c.exec(schemaFunctions().value(trigger.function), what); !s)
                return s;
        }
        if (Status s = c.exec(trigger.statement, what); !s)
            return s;
        restored << trigger.name;
    }
    for (const TriggerSpec &trigger : t->disabled) {
        if (Status s = c.exec(QStringLiteral("ALTER TABLE %1 ENABLE TRIGGER %2").arg(trigger.table, trigger.name), what); !s)
            return s;
        enabled << trigger.name;
    }
    if (Status s = tx.commit(what); !s)
        return s;
    if (!restored.isEmpty())
        done << QStringLiteral("trigger %1 made again").arg(restored.join(QStringLiteral(", ")));
    if (!enabled.isEmpty())
        done << QStringLiteral("trigger %1 enabled again").arg(enabled.join(QStringLiteral(", ")));
    return {};
}

Status repairSequences(PgConnection &c, QStringList &done)
{
    const QString what = QStringLiteral("moving the sequences past the largest ids");
    Transaction tx(c);
    if (Status s = tx.write(what); !s)
        return s;
    const Result<QList<Sequence>> behind = sequencesBehind(c);
    if (!behind)
        return Status::failure(behind.error());
    if (behind->isEmpty())
        return {};
    QStringList moved;
    for (const Sequence &s : *behind) {
        // SHARE: nobody inserts (by hand, around the write lock) while the largest id is read.
        if (Status locked = c.exec(QStringLiteral("LOCK TABLE %1 IN SHARE MODE").arg(quoted(s.table)), what); !locked)
            return locked;
        const Result<PgResult> r = c.query(
            QStringLiteral("SELECT setval($1::regclass, (SELECT max(%2) FROM %1))").arg(quoted(s.table), quoted(s.column)),
            {s.sequence}, what);
        if (!r)
            return Status::failure(r.error());
        moved << QStringLiteral("%1.%2 (next %3)").arg(s.table, s.column, number(r->int64(0, 0) + 1));
    }
    if (Status s = tx.commit(what); !s)
        return s;
    done << QStringLiteral("sequence of %1 moved past the largest id").arg(moved.join(QStringLiteral(", ")));
    return {};
}

Status repairHappenings(PgConnection &c, QStringList &done)
{
    const QString what = QStringLiteral("repairing the happenings");
    {
        Transaction tx(c);
        if (Status s = tx.write(what); !s)
            return s;
        const Result<Happenings> h = happeningsOf(c);
        if (!h)
            return Status::failure(h.error());
        if (!h->any())
            return {};
        // What the fusion cannot find by itself: events of a missing happening become events
        // without one, a miscounted happening becomes stale; then all are fused as after a delete.
        if (h->dangling > 0)
            if (Status s = c.exec(QStringLiteral("UPDATE events e SET happening_id = NULL WHERE %1").arg(kDangling), what); !s)
                return s;
        if (h->miscounted > 0)
            if (Status s = c.exec(QStringLiteral("UPDATE happenings SET stale = 1 WHERE id IN (%1)").arg(kMiscounted), what);
                !s)
                return s;
        if (Status s = tx.commit(what); !s)
            return s;
        QStringList parts;
        if (h->stale + h->miscounted > 0)
            parts << counted(h->stale + h->miscounted, QStringLiteral("stale or miscounted happening"),
                             QStringLiteral("stale or miscounted happenings"));
        if (h->unfused + h->dangling > 0)
            parts << counted(h->unfused + h->dangling, QStringLiteral("event without a happening"),
                             QStringLiteral("events without a happening"));
        done << QStringLiteral("fused again: %1").arg(parts.join(QStringLiteral(", ")));
    }
    return fuseUnfused(c);
}

// The server's copy of the map's index written again from every event (pgindexcopy.h), when no
// client could use it, it is more than 5 % behind, or a large store has none.
// The position of the store right now when it shows exactly what `prepared` was built from: a
// snapshot whose change count is the one the import expected after its commit (no other writing
// transaction committed since the import read the count under the write lock, so the store holds
// that import's rows and nothing else). Nullopt when it does not (the caller reads the events).
Result<std::optional<PgIndexPosition>> preparedPosition(PgConnection &c, const pgindexcopy::Prepared &prepared)
{
    using R = Result<std::optional<PgIndexPosition>>;
    const QString what = QStringLiteral("checking the import's own index");
    if (Status s = c.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"), what); !s)
        return R::failure(s.error());
    const Result<IndexStamp> stamp = pgchangecounter::stamp(c);
    Result<PgIndexPosition> at = stamp && stamp->usable() ? pgchangelog::position(c, *stamp, true)
                                                          : Result<PgIndexPosition>(PgIndexPosition());
    const Status ended = c.exec(QStringLiteral("COMMIT"), what);
    if (!stamp)
        return R::failure(stamp.error());
    if (!at)
        return R::failure(at.error());
    if (!ended)
        return R::failure(ended.error());
    if (!stamp->usable() || qint64(stamp->generation) != prepared.generation || !at->isValid()) {
        qCInfo(lcIndex).noquote() << c.url() << "the import's own index is not the store's: change count"
                                  << stamp->generation << "against" << prepared.generation << "; reading the events";
        return std::optional<PgIndexPosition>();
    }
    return std::optional<PgIndexPosition>(std::move(at).value());
}

Status repairIndexCopy(PgConnection &c, QStringList &done, const pgindexcopy::Prepared *prepared = nullptr)
{
    const QString what = QStringLiteral("checking the server's copy of the index");
    {
        Transaction tx(c);
        if (Status s = tx.write(what); !s)
            return s;
        const Result<IndexCopy> ic = indexCopyOf(c);
        if (!ic)
            return Status::failure(ic.error());
        if (!ic->needsWriting())
            return {};
        if (!ic->tables) {
            // Made again as the migration made them (an empty copy: written below).
            if (Status s = c.exec(QStringLiteral("DROP TABLE IF EXISTS index_copy_parts; DROP TABLE IF EXISTS index_copy"), what); !s)
                return s;
            for (const QString &statement : pgindexcopy::migration())
                if (Status s = c.exec(statement, what); !s)
                    return s;
            done << QStringLiteral("tables index_copy and index_copy_parts made again");
        }
        if (Status s = tx.commit(what); !s)
            return s;
    }
    IndexLoadOptions options = IndexLoadOptions::withGazetteer(); // the viewer's, so every viewer can use it
    options.persistent = false;
    PgIndexPosition at;
    Result<std::shared_ptr<const EventIndex>> index = std::shared_ptr<const EventIndex>();
    if (prepared && prepared->index) {
        // The import's own index, when the store still shows only its rows: no read of every event.
        const Result<std::optional<PgIndexPosition>> here = preparedPosition(c, *prepared);
        if (!here)
            return Status::failure(here.error());
        if (*here) {
            at = std::move(**here);
            index = prepared->index;
        }
    }
    if (!index.value())
        index = loadEventIndex(c, options, nullptr, &at);
    if (!index)
        return Status::failure(index.error());
    QString why;
    const Result<bool> stored = pgindexcopy::store(c, *index.value(), at, pgindexcache::fingerprint(options, true), true, &why);
    if (!stored)
        return Status::failure(stored.error());
    if (!stored.value())
        return Status::failure(QStringLiteral("%1: the server's copy of the index was not written: %2").arg(c.url(), why));
    done << QStringLiteral("the server's copy of the index written again (%1)%2")
                .arg(counted(index.value()->size(), QStringLiteral("event"), QStringLiteral("events")),
                     index.value() == (prepared ? prepared->index : nullptr) ? QStringLiteral(", from the import's own rows")
                                                                               : QString());
    return {};
}

} // namespace

Result<QList<CheckItem>> run(PgConnection &c)
{
    using R = Result<QList<CheckItem>>;
    const Result<Store> store = openStore(c);
    if (!store)
        return R::failure(store.error());
    Transaction tx(c);
    const QString what = QStringLiteral("checking the store");
    // One snapshot for every count; JIT's compile costs more than it saves on these scans.
    if (Status s = tx.begin(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL jit = off"), what); !s)
        return R::failure(s.error());
    Result<QList<CheckItem>> items = checkItems(c, *store);
    if (!items)
        return items;
    if (Status s = tx.commit(what); !s)
        return R::failure(s.error());
    return items;
}

Status refreshIndexCopy(PgConnection &c, QStringList &done, const pgindexcopy::Prepared *prepared)
{
    return repairIndexCopy(c, done, prepared);
}

Result<QStringList> repair(PgConnection &c)
{
    using R = Result<QStringList>;
    const Result<Store> before = openStore(c);
    if (!before)
        return R::failure(before.error());
    if (before->version > pgschema::latestVersion())
        return R::failure(QStringLiteral("%1: the store's schema version %2 is newer than this Mapline knows (%3): use a newer "
                                         "Mapline")
                              .arg(c.url())
                              .arg(before->version)
                              .arg(pgschema::latestVersion()));
    // Migrates an older store, adds missing extensions where this role may, sets the search path.
    const Result<int> version = pgschema::prepare(c, pgschema::Mode::Create);
    if (!version)
        return R::failure(version.error());
    QStringList done;
    if (before->version < *version)
        done << QStringLiteral("the store migrated from schema version %1 to %2").arg(before->version).arg(*version);
    for (const QString &name : {QStringLiteral("postgis"), QStringLiteral("unaccent")})
        if (!before->extensions.contains(name))
            done << QStringLiteral("extension %1 added").arg(name);
    if (Status s = c.exec(QStringLiteral("SET jit = off"), QStringLiteral("repairing the store")); !s)
        return R::failure(s.error());
    Status s = repairTextSearch(c, done);
    for (const QString &table : geometryTables())
        if (s)
            s = repairGeometry(c, table, done);
    if (s)
        s = repairIndexes(c, done);
    if (s)
        s = repairTriggers(c, done);
    if (s)
        s = repairSequences(c, done);
    if (s)
        s = repairHappenings(c, done);
    if (s)
        s = repairIndexCopy(c, done);
    if (!s)
        return R::failure(done.isEmpty() ? s.error()
                                         : s.error() + QStringLiteral(" (done before that: %1)").arg(done.join(QStringLiteral("; "))));
    return done;
}

} // namespace mapline::pg::pgcheck
