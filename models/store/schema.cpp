#include "schema.h"

namespace mapline::schema {
namespace {

// The full-text and spatial indexes and their triggers: created by migration 1, restored by
// EventStore on open and by `mapline repair` (indexDefinitions()).
const QString kSentencesFts = QStringLiteral("CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='sentences', "
                                             "content_rowid='id', tokenize='unicode61 remove_diacritics 2')");
const QString kSentencesAi = QStringLiteral("CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN "
                                            "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END");
const QString kSentencesAd =
    QStringLiteral("CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN "
                   "INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); END");
const QString kSentencesAu =
    QStringLiteral("CREATE TRIGGER sentences_au AFTER UPDATE ON sentences BEGIN "
                   "INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); "
                   "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END");
const QString kArticlesFts = QStringLiteral("CREATE VIRTUAL TABLE articles_fts USING fts5(title, content='articles', "
                                            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')");
const QString kArticlesAi = QStringLiteral("CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN "
                                           "INSERT INTO articles_fts(rowid, title) VALUES (new.id, new.title); END");
const QString kArticlesAd =
    QStringLiteral("CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN "
                   "INSERT INTO articles_fts(articles_fts, rowid, title) VALUES ('delete', old.id, old.title); END");
const QString kArticlesAu =
    QStringLiteral("CREATE TRIGGER articles_au AFTER UPDATE OF title ON articles BEGIN "
                   "INSERT INTO articles_fts(articles_fts, rowid, title) VALUES ('delete', old.id, old.title); "
                   "INSERT INTO articles_fts(rowid, title) VALUES (new.id, new.title); END");
const QString kEventsRtree =
    QStringLiteral("CREATE VIRTUAL TABLE events_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat)");
const QString kEventsRtreeAi = QStringLiteral("CREATE TRIGGER events_rtree_ai AFTER INSERT ON events WHEN new.lon IS NOT NULL "
                                              "AND new.lat IS NOT NULL BEGIN INSERT INTO events_rtree VALUES "
                                              "(new.id, new.lon, new.lon, new.lat, new.lat); END");
const QString kEventsRtreeAd = QStringLiteral("CREATE TRIGGER events_rtree_ad AFTER DELETE ON events BEGIN "
                                              "DELETE FROM events_rtree WHERE id = old.id; END");
const QString kEventsRtreeAu = QStringLiteral("CREATE TRIGGER events_rtree_au AFTER UPDATE OF lon, lat ON events BEGIN "
                                              "DELETE FROM events_rtree WHERE id = old.id; "
                                              "INSERT INTO events_rtree SELECT new.id, new.lon, new.lon, new.lat, new.lat "
                                              "WHERE new.lon IS NOT NULL AND new.lat IS NOT NULL; END");

} // namespace

const QList<Migration> &migrations()
{
    static const QList<Migration> list = {
        {1,
         {
             QStringLiteral("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
             QStringLiteral("INSERT INTO settings (key, value) VALUES ('area_of_interest', 'AF')"),
             QStringLiteral(R"(CREATE TABLE articles (
                 id INTEGER PRIMARY KEY,
                 content_hash TEXT NOT NULL UNIQUE,
                 title TEXT NOT NULL DEFAULT '',
                 source TEXT NOT NULL DEFAULT '',
                 url TEXT NOT NULL DEFAULT '',
                 path TEXT NOT NULL DEFAULT '',
                 published TEXT,
                 dateline_place TEXT NOT NULL DEFAULT '',
                 body TEXT NOT NULL,
                 imported_at TEXT NOT NULL))"),
             QStringLiteral(R"(CREATE TABLE sentences (
                 id INTEGER PRIMARY KEY,
                 article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                 idx INTEGER NOT NULL,
                 start_offset INTEGER NOT NULL,
                 end_offset INTEGER NOT NULL CHECK (end_offset >= start_offset),
                 text TEXT NOT NULL,
                 UNIQUE (article_id, idx)))"),
             QStringLiteral(R"(CREATE TABLE places (
                 id INTEGER PRIMARY KEY,
                 name TEXT NOT NULL,
                 kind TEXT NOT NULL CHECK (kind IN ('landmark','city','district','province','country','unknown')),
                 admin1 TEXT NOT NULL DEFAULT '',
                 admin2 TEXT NOT NULL DEFAULT '',
                 country TEXT NOT NULL DEFAULT '',
                 lon REAL,
                 lat REAL,
                 gazetteer_id INTEGER,
                 source TEXT NOT NULL DEFAULT '',
                 UNIQUE (name, kind, admin1, country)))"),
             QStringLiteral(R"(CREATE TABLE actors (
                 id INTEGER PRIMARY KEY,
                 name TEXT NOT NULL UNIQUE,
                 affiliation TEXT NOT NULL DEFAULT '',
                 kind TEXT NOT NULL DEFAULT ''))"),
             QStringLiteral(R"(CREATE TABLE events (
                 id INTEGER PRIMARY KEY,
                 article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                 sentence_id INTEGER REFERENCES sentences(id) ON DELETE CASCADE,
                 type TEXT NOT NULL,
                 acled_event_type TEXT NOT NULL DEFAULT '',
                 acled_sub_event_type TEXT NOT NULL DEFAULT '',
                 cameo_root TEXT NOT NULL DEFAULT '',
                 date TEXT,
                 date_end TEXT,
                 date_precision TEXT NOT NULL DEFAULT 'unknown',
                 time_text TEXT NOT NULL DEFAULT '',
                 time_rule TEXT NOT NULL DEFAULT '',
                 place_id INTEGER REFERENCES places(id),
                 place_text TEXT NOT NULL DEFAULT '',
                 lon REAL CHECK (lon IS NULL OR (lon BETWEEN -180 AND 180)),
                 lat REAL CHECK (lat IS NULL OR (lat BETWEEN -90 AND 90)),
                 geo_precision TEXT NOT NULL DEFAULT 'unknown',
                 trigger_start INTEGER, trigger_end INTEGER,
                 time_start INTEGER, time_end INTEGER,
                 place_start INTEGER, place_end INTEGER,
                 confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
                 flags INTEGER NOT NULL DEFAULT 0,
                 CHECK (date_end IS NULL OR date IS NULL OR date_end >= date)))"),
             QStringLiteral("CREATE INDEX events_date ON events(date)"),
             QStringLiteral("CREATE INDEX events_article ON events(article_id)"),
             QStringLiteral("CREATE INDEX events_type ON events(type)"),
             QStringLiteral("CREATE INDEX sentences_article ON sentences(article_id)"),
             QStringLiteral(R"(CREATE TABLE event_actors (
                 event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                 actor_id INTEGER NOT NULL REFERENCES actors(id),
                 span_start INTEGER, span_end INTEGER,
                 PRIMARY KEY (event_id, actor_id)) WITHOUT ROWID)"),
             QStringLiteral("CREATE INDEX event_actors_actor ON event_actors(actor_id)"),
             // Full-text search over sentences and titles; external content kept in step by triggers.
             // Spatial index over event coordinates (points: min == max). Defined once, below, for
             // the repair too.
             kSentencesFts, kSentencesAi, kSentencesAd, kSentencesAu,
             kArticlesFts, kArticlesAi, kArticlesAd, kArticlesAu,
             kEventsRtree, kEventsRtreeAi, kEventsRtreeAd, kEventsRtreeAu,
         }},
        // 2: dataset files (GDELT, ACLED, Mapline exports). Each file gets one row in `datasets`
        // and one in `articles` (title: the file; body empty), so every event keeps an article_id
        // and the existing joins, cascades and searches work unchanged; each event's text (ACLED
        // notes, a GDELT description) is a row of `sentences`. Columns are only added: no table is
        // rebuilt, no version-1 row changes. docs/SCHEMA.md documents all of it.
        {2,
         {
             QStringLiteral(R"(CREATE TABLE datasets (
                 id INTEGER PRIMARY KEY,
                 article_id INTEGER NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
                 kind TEXT NOT NULL CHECK (kind IN ('gdelt1','gdelt2','acled','mapline')),
                 format TEXT NOT NULL DEFAULT '',
                 path TEXT NOT NULL DEFAULT '',
                 content_hash TEXT NOT NULL UNIQUE,
                 bytes INTEGER NOT NULL DEFAULT 0,
                 imported_at TEXT NOT NULL,
                 rows INTEGER NOT NULL DEFAULT 0,
                 events INTEGER NOT NULL DEFAULT 0,
                 skipped INTEGER NOT NULL DEFAULT 0,
                 outside INTEGER NOT NULL DEFAULT 0))"),
             QStringLiteral("ALTER TABLE events ADD COLUMN dataset_id INTEGER REFERENCES datasets(id) ON DELETE CASCADE"),
             QStringLiteral("ALTER TABLE events ADD COLUMN source TEXT NOT NULL DEFAULT ''"),
             QStringLiteral("ALTER TABLE events ADD COLUMN external_id TEXT NOT NULL DEFAULT ''"),
             QStringLiteral("ALTER TABLE events ADD COLUMN cameo_code TEXT NOT NULL DEFAULT ''"),
             QStringLiteral("ALTER TABLE events ADD COLUMN fatalities INTEGER CHECK (fatalities IS NULL OR fatalities >= 0)"),
             QStringLiteral("CREATE INDEX events_dataset ON events(dataset_id) WHERE dataset_id IS NOT NULL"),
             // One row per event with the command-line contract's fields, for analysts' own queries.
             QStringLiteral(R"(CREATE VIEW event_list AS
                 SELECT e.id, e.article_id, e.dataset_id, e.date, e.date_end, e.date_precision,
                        p.name AS place, e.place_text, e.lat, e.lon, e.geo_precision, p.admin1, p.country,
                        e.type, e.acled_event_type, e.acled_sub_event_type, e.cameo_root, e.cameo_code,
                        (SELECT group_concat(a.name, '; ') FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
                          WHERE ea.event_id = e.id) AS actors,
                        s.text AS sentence, e.confidence, e.fatalities, e.source, e.external_id,
                        COALESCE(d.kind, 'article') AS origin, ar.title AS document
                 FROM events e
                 LEFT JOIN places p ON p.id = e.place_id
                 LEFT JOIN sentences s ON s.id = e.sentence_id
                 LEFT JOIN datasets d ON d.id = e.dataset_id
                 LEFT JOIN articles ar ON ar.id = e.article_id)"),
         }},
        // 3: corrections by the analyst (models/corrections/, eventstore_corrections.cpp). One row per
        // corrected event, keyed by what survives deleting and re-importing its article (content
        // hash, sentence, trigger span, machine type, rank), with the corrected fields (NULL: not
        // corrected) and the machine's own row as JSON. The corrected values are also written into
        // `events` (flag 16, "corrected"), so every reader, the command line and SQL users included,
        // sees them; `machine` keeps what was extracted. docs/USER_GUIDE.md describes it.
        {3,
         {
             QStringLiteral(R"(CREATE TABLE corrections (
                 id INTEGER PRIMARY KEY,
                 content_hash TEXT NOT NULL,
                 sentence_idx INTEGER NOT NULL,
                 trigger_start INTEGER NOT NULL,
                 trigger_end INTEGER NOT NULL,
                 machine_type TEXT NOT NULL,
                 ordinal INTEGER NOT NULL DEFAULT 0,
                 event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
                 date TEXT, date_end TEXT, date_precision TEXT,
                 place_name TEXT, place_kind TEXT, lon REAL, lat REAL, admin1 TEXT, admin2 TEXT, country TEXT,
                 gazetteer_id INTEGER, place_source TEXT,
                 type TEXT, acled_event_type TEXT, acled_sub_event_type TEXT, cameo_root TEXT,
                 actors TEXT,
                 discarded INTEGER NOT NULL DEFAULT 0 CHECK (discarded IN (0, 1)),
                 machine TEXT NOT NULL,
                 corrected_at TEXT NOT NULL,
                 UNIQUE (content_hash, sentence_idx, trigger_start, trigger_end, machine_type, ordinal)))"),
             QStringLiteral("CREATE INDEX corrections_event ON corrections(event_id)"),
         }},
        // 4: a dataset row is known by its own id within its kind (events.dataset_key), so the same
        // rows saved again (a BOM, CRLF line ends, a later export that repeats them) are not
        // imported twice. The key is built in eventstore_dataset.cpp (datasetKey) exactly as the
        // expression below builds it for the rows already stored; where a file was imported twice
        // before this version, the first copy of each row keeps the key and the later copies get
        // NULL (they stay: a migration deletes nothing). datasets.duplicates counts the rows of a
        // file that were already in the database. docs/SCHEMA.md documents both.
        {4,
         {
             QStringLiteral("ALTER TABLE events ADD COLUMN dataset_key TEXT"),
             QStringLiteral("ALTER TABLE datasets ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0"),
             QStringLiteral(R"(UPDATE events SET dataset_key = (
                 SELECT CASE d.kind
                     WHEN 'acled' THEN 'acled:' || events.external_id
                     WHEN 'mapline' THEN 'mapline:' || events.external_id || ':' || coalesce(events.date, '') || ':' ||
                         coalesce(events.date_end, '') || ':' || events.type || ':' ||
                         CASE WHEN events.lat IS NULL OR events.lon IS NULL THEN ''
                              ELSE CAST(round(events.lat * 100000) AS INTEGER) || ',' ||
                                   CAST(round(events.lon * 100000) AS INTEGER) END
                     ELSE 'gdelt:' || events.external_id END
                 FROM datasets d WHERE d.id = events.dataset_id)
               WHERE dataset_id IS NOT NULL AND external_id != '')"),
             QStringLiteral("CREATE INDEX events_dataset_key_all ON events(dataset_key)"),
             QStringLiteral("UPDATE events SET dataset_key = NULL WHERE dataset_key IS NOT NULL AND EXISTS ("
                            "SELECT 1 FROM events earlier WHERE earlier.dataset_key = events.dataset_key "
                            "AND earlier.id < events.id)"),
             QStringLiteral("DROP INDEX events_dataset_key_all"),
             QStringLiteral("CREATE UNIQUE INDEX events_dataset_key ON events(dataset_key) WHERE dataset_key IS NOT NULL"),
         }},
        // 5: happenings (issue 13, docs/FUSION.md): the reports of one real happening fused into one
        // row, with `events.happening_id` pointing to it. Every write keeps them up to date in its own
        // transaction (store/fusionsync.*); the analyst's merges and splits are kept in
        // `happening_corrections`, by the same keys as `corrections`, so that they survive re-import
        // and re-fusion. `area` and `stale` are the fusion's own (where to look for a happening; rows
        // whose events were deleted by someone else, fused again at the next write). Existing events
        // are fused by the migration itself. No foreign key on happening_id: a dataset import writes
        // its events before their happenings' rows, in the same transaction.
        {5,
         {
             QStringLiteral(R"(CREATE TABLE happenings (
                 id INTEGER PRIMARY KEY,
                 date TEXT,
                 date_end TEXT,
                 date_precision TEXT NOT NULL DEFAULT 'unknown',
                 place TEXT NOT NULL DEFAULT '',
                 lon REAL CHECK (lon IS NULL OR (lon BETWEEN -180 AND 180)),
                 lat REAL CHECK (lat IS NULL OR (lat BETWEEN -90 AND 90)),
                 geo_precision TEXT NOT NULL DEFAULT 'unknown',
                 admin1 TEXT NOT NULL DEFAULT '',
                 country TEXT NOT NULL DEFAULT '',
                 type TEXT NOT NULL DEFAULT '',
                 acled_event_type TEXT NOT NULL DEFAULT '',
                 family TEXT NOT NULL DEFAULT '',
                 actors TEXT NOT NULL DEFAULT '',
                 reports INTEGER NOT NULL DEFAULT 0,
                 sources INTEGER NOT NULL DEFAULT 0,
                 source_names TEXT NOT NULL DEFAULT '',
                 confidence REAL NOT NULL DEFAULT 0 CHECK (confidence BETWEEN 0 AND 1),
                 disagreements TEXT NOT NULL DEFAULT '',
                 corrected INTEGER NOT NULL DEFAULT 0 CHECK (corrected IN (0, 1)),
                 stale INTEGER NOT NULL DEFAULT 0 CHECK (stale IN (0, 1)),
                 area INTEGER,
                 CHECK (date_end IS NULL OR date IS NULL OR date_end >= date)))"),
             QStringLiteral("CREATE INDEX happenings_area ON happenings(family, area, date) WHERE area IS NOT NULL"),
             QStringLiteral("CREATE INDEX happenings_stale ON happenings(stale) WHERE stale <> 0"),
             QStringLiteral("ALTER TABLE events ADD COLUMN happening_id INTEGER"),
             QStringLiteral("CREATE INDEX events_happening ON events(happening_id)"),
             // Someone deleting events (an article, a dataset file) leaves their happenings to be
             // fused again: marked here, redone by the next write.
             QStringLiteral("CREATE TRIGGER events_happening_ad AFTER DELETE ON events WHEN old.happening_id IS NOT NULL "
                            "BEGIN UPDATE happenings SET stale = 1 WHERE id = old.happening_id AND stale = 0; END"),
             QStringLiteral(R"(CREATE TABLE happening_corrections (
                 id INTEGER PRIMARY KEY,
                 kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
                 content_hash TEXT NOT NULL,
                 sentence_idx INTEGER NOT NULL,
                 trigger_start INTEGER NOT NULL,
                 trigger_end INTEGER NOT NULL,
                 machine_type TEXT NOT NULL,
                 ordinal INTEGER NOT NULL DEFAULT 0,
                 other_content_hash TEXT,
                 other_sentence_idx INTEGER,
                 other_trigger_start INTEGER,
                 other_trigger_end INTEGER,
                 other_machine_type TEXT,
                 other_ordinal INTEGER,
                 corrected_at TEXT NOT NULL,
                 CHECK ((kind = 'merge') = (other_content_hash IS NOT NULL))))"),
             QStringLiteral("DROP VIEW event_list"),
             QStringLiteral(R"(CREATE VIEW event_list AS
                 SELECT e.id, e.article_id, e.dataset_id, e.date, e.date_end, e.date_precision,
                        p.name AS place, e.place_text, e.lat, e.lon, e.geo_precision, p.admin1, p.country,
                        e.type, e.acled_event_type, e.acled_sub_event_type, e.cameo_root, e.cameo_code,
                        (SELECT group_concat(a.name, '; ') FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
                          WHERE ea.event_id = e.id) AS actors,
                        s.text AS sentence, e.confidence, e.fatalities, e.source, e.external_id,
                        COALESCE(d.kind, 'article') AS origin, ar.title AS document,
                        e.happening_id, h.sources
                 FROM events e
                 LEFT JOIN places p ON p.id = e.place_id
                 LEFT JOIN sentences s ON s.id = e.sentence_id
                 LEFT JOIN datasets d ON d.id = e.dataset_id
                 LEFT JOIN articles ar ON ar.id = e.article_id
                 LEFT JOIN happenings h ON h.id = e.happening_id)"),
         },
         true},
        // kSidesVersion (6): the sides of the conflict and who belongs to them, for territorial control
        // (models/control/, docs/CONTROL.md). Keyed by the actor's stored name (not actors.id), so
        // a membership can be written before any event names the actor, and an ACLED actor as
        // written ("Military Forces of Afghanistan (1996-2001)") has a row of its own. valid_from
        // and valid_to: ISO days, '' when open. origin: 'lexicon' (filled from
        // resources/lexicons/side_members.tsv by this migration) or 'analyst'. Tables only added.
        {kSidesVersion,
         {
             QStringLiteral(R"(CREATE TABLE IF NOT EXISTS sides (
                 id INTEGER PRIMARY KEY,
                 name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                 colour TEXT NOT NULL DEFAULT '',
                 description TEXT NOT NULL DEFAULT ''))"),
             QStringLiteral(R"(CREATE TABLE IF NOT EXISTS side_members (
                 id INTEGER PRIMARY KEY,
                 actor TEXT NOT NULL COLLATE NOCASE,
                 side_id INTEGER NOT NULL REFERENCES sides(id) ON DELETE CASCADE,
                 valid_from TEXT NOT NULL DEFAULT '',
                 valid_to TEXT NOT NULL DEFAULT '',
                 note TEXT NOT NULL DEFAULT '',
                 origin TEXT NOT NULL DEFAULT 'analyst' CHECK (origin IN ('lexicon', 'analyst')),
                 UNIQUE (actor, valid_from)))"),
             QStringLiteral("CREATE INDEX IF NOT EXISTS side_members_side ON side_members(side_id)"),
         }},
        // 7: the analyst's corrections of territorial control (docs/CONTROL.md, "Corrections"): from
        // `valid_from` (an ISO day) `side` (a sides.name) holds the place. Keyed by the place as the
        // gazetteer names it (places.name, admin1, country) and the day, not by event or place ids,
        // so a correction survives deleting and re-importing the articles and every new inference
        // (the inference is run again on every read; the corrections are laid over it). lon/lat:
        // where to draw a place no event names any more. A table only added.
        {7,
         {
             QStringLiteral(R"(CREATE TABLE control_corrections (
                 id INTEGER PRIMARY KEY,
                 place TEXT NOT NULL,
                 admin1 TEXT NOT NULL DEFAULT '',
                 country TEXT NOT NULL DEFAULT '',
                 lon REAL CHECK (lon IS NULL OR (lon BETWEEN -180 AND 180)),
                 lat REAL CHECK (lat IS NULL OR (lat BETWEEN -90 AND 90)),
                 valid_from TEXT NOT NULL CHECK (length(valid_from) = 10),
                 side TEXT NOT NULL COLLATE NOCASE,
                 note TEXT NOT NULL DEFAULT '',
                 corrected_at TEXT NOT NULL,
                 UNIQUE (place, admin1, country, valid_from)))"),
             // Which of a dataset row's actors acted: 'actor1' (ACLED's actor1 and assoc_actor_1,
             // GDELT's Actor1) or 'actor2'; '' for actors named in a text and for rows imported
             // before this version (the control inference then reads the row as before).
             QStringLiteral("ALTER TABLE event_actors ADD COLUMN role TEXT NOT NULL DEFAULT ''"),
         }},
        // 8: who made each correction (issue 19): `corrected_by` on the three correction tables (NULL
        // for the rows saved before, shown as "unknown"), and `correction_history`, every change to
        // the corrections kept (what the subject's correction was, who had made it and when, what it
        // became, who changed it and when), reverting and removing included. Its ids order the
        // changes: a writer that read a subject at revision N and finds changes above N replaced
        // someone else's (store/correctionlog.*). Columns and a table only added.
        {8,
         {
             QStringLiteral("ALTER TABLE corrections ADD COLUMN corrected_by TEXT"),
             QStringLiteral("ALTER TABLE happening_corrections ADD COLUMN corrected_by TEXT"),
             QStringLiteral("ALTER TABLE control_corrections ADD COLUMN corrected_by TEXT"),
             QStringLiteral(R"(CREATE TABLE correction_history (
                 id INTEGER PRIMARY KEY,
                 kind TEXT NOT NULL CHECK (kind IN ('event', 'happening', 'control')),
                 subject TEXT NOT NULL,
                 old_value TEXT,
                 old_by TEXT,
                 old_at TEXT,
                 new_value TEXT,
                 changed_by TEXT,
                 changed_at TEXT NOT NULL,
                 change TEXT NOT NULL DEFAULT ''))"),
             QStringLiteral("CREATE INDEX correction_history_subject ON correction_history(subject, id)"),
         }},
    };
    return list;
}

int latestVersion()
{
    return migrations().last().version;
}

const QList<IndexDefinition> &indexDefinitions()
{
    static const QList<IndexDefinition> list = {
        {QStringLiteral("sentences_fts"), QStringLiteral("full-text index of the sentences"), kSentencesFts,
         {QStringLiteral("sentences_fts_data"), QStringLiteral("sentences_fts_idx"), QStringLiteral("sentences_fts_docsize"),
          QStringLiteral("sentences_fts_config")},
         {QStringLiteral("INSERT INTO sentences_fts(sentences_fts) VALUES('rebuild')")},
         {{QStringLiteral("sentences_ai"), kSentencesAi},
          {QStringLiteral("sentences_ad"), kSentencesAd},
          {QStringLiteral("sentences_au"), kSentencesAu}}},
        {QStringLiteral("articles_fts"), QStringLiteral("full-text index of the titles"), kArticlesFts,
         {QStringLiteral("articles_fts_data"), QStringLiteral("articles_fts_idx"), QStringLiteral("articles_fts_docsize"),
          QStringLiteral("articles_fts_config")},
         {QStringLiteral("INSERT INTO articles_fts(articles_fts) VALUES('rebuild')")},
         {{QStringLiteral("articles_ai"), kArticlesAi},
          {QStringLiteral("articles_ad"), kArticlesAd},
          {QStringLiteral("articles_au"), kArticlesAu}}},
        {QStringLiteral("events_rtree"), QStringLiteral("spatial index of the events"), kEventsRtree,
         {QStringLiteral("events_rtree_node"), QStringLiteral("events_rtree_rowid"), QStringLiteral("events_rtree_parent")},
         {QStringLiteral("DELETE FROM events_rtree"),
          QStringLiteral("INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat) SELECT id, lon, lon, lat, lat "
                         "FROM events WHERE lon IS NOT NULL AND lat IS NOT NULL")},
         {{QStringLiteral("events_rtree_ai"), kEventsRtreeAi},
          {QStringLiteral("events_rtree_ad"), kEventsRtreeAd},
          {QStringLiteral("events_rtree_au"), kEventsRtreeAu}}},
    };
    return list;
}

} // namespace mapline::schema
