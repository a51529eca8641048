#include "extract/extractionresources.h"

#include "resourcepaths.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QMutex>

namespace mapline {

ExtractionResourceFiles ExtractionResourceFiles::fromResources()
{
    ExtractionResourceFiles f;
    f.placeFiles = {resourcePath(QStringLiteral("gazetteer/places.tsv")),
                    resourcePath(QStringLiteral("gazetteer/landmarks.tsv"))};
    f.variants = resourcePath(QStringLiteral("gazetteer/variants.tsv"));
    f.cues = resourcePath(QStringLiteral("lexicons/cues.tsv"));
    f.commonWords = resourcePath(QStringLiteral("lexicons/common_words.txt"));
    f.actors = resourcePath(QStringLiteral("lexicons/actors.tsv"));
    f.nationalities = resourcePath(QStringLiteral("lexicons/nationalities.tsv"));
    f.triggers = resourcePath(QStringLiteral("lexicons/triggers.tsv"));
    f.eventTypes = resourcePath(QStringLiteral("lexicons/event_types.tsv"));
    return f;
}

ExtractionResourceFiles ExtractionResourceFiles::in(const QString &lexiconDir, const QString &gazetteerDir)
{
    const QDir lex(lexiconDir);
    const QDir gaz(gazetteerDir);
    ExtractionResourceFiles f;
    f.placeFiles = {gaz.filePath(QStringLiteral("places.tsv")), gaz.filePath(QStringLiteral("landmarks.tsv"))};
    f.variants = gaz.filePath(QStringLiteral("variants.tsv"));
    f.cues = lex.filePath(QStringLiteral("cues.tsv"));
    f.commonWords = lex.filePath(QStringLiteral("common_words.txt"));
    f.actors = lex.filePath(QStringLiteral("actors.tsv"));
    f.nationalities = lex.filePath(QStringLiteral("nationalities.tsv"));
    f.triggers = lex.filePath(QStringLiteral("triggers.tsv"));
    f.eventTypes = lex.filePath(QStringLiteral("event_types.tsv"));
    return f;
}

Result<std::shared_ptr<const ExtractionResources>> ExtractionResources::load(const ExtractionResourceFiles &files)
{
    using R = Result<std::shared_ptr<const ExtractionResources>>;
    auto r = std::make_shared<ExtractionResources>();
    for (int i = 0; i < files.placeFiles.size(); ++i) {
        const QString &path = files.placeFiles[i];
        if (i > 0 && !QFileInfo::exists(path))
            continue; // landmarks are a welcome addition, not a requirement
        if (Status s = r->gazetteer.loadPlaces(path); !s)
            return R::failure(s.error());
    }
    if (!files.userPlaces.isEmpty())
        if (Status s = r->gazetteer.loadPlaces(files.userPlaces, Gazetteer::KnownIds::Skip); !s)
            return R::failure(s.error());
    if (!files.variants.isEmpty() && QFileInfo::exists(files.variants))
        if (Status s = r->gazetteer.loadVariants(files.variants); !s)
            return R::failure(s.error());
    r->gazetteer.finish();
    if (Status s = r->words.load(files.cues, files.commonWords); !s)
        return R::failure(s.error());
    if (Status s = r->actors.load(files.actors, files.nationalities); !s)
        return R::failure(s.error());
    const Gazetteer &gazetteer = r->gazetteer;
    r->actors.finish([&gazetteer](const QString &name) { return !gazetteer.lookup(name).isEmpty(); });
    if (Status s = r->coder.load(files.triggers, files.eventTypes); !s)
        return R::failure(s.error());
    for (int e = 0; e < gazetteer.size(); ++e) {
        const Gazetteer::Entry &entry = gazetteer.entry(e);
        if (entry.place.precision != GeoPrecision::Landmark && !entry.natural)
            continue;
        quint16 kinds = 0;
        for (const NameToken &t : tokenizeNames(entry.place.name))
            kinds |= r->words.facilityKinds(t.norm);
        for (const QString &alt : gazetteer.alternativeNames(e))
            for (const NameToken &t : tokenizeNames(alt))
                kinds |= r->words.facilityKinds(t.norm);
        if (kinds)
            r->mFacilities.insert(e, kinds);
    }
    return std::shared_ptr<const ExtractionResources>(std::move(r));
}

std::shared_ptr<const ExtractionResources> ExtractionResources::shared()
{
    // C++11 guarantees a function-local static is initialised once, even with several threads.
    // Never destroyed: freeing the gazetteer's tables one by one at exit cost about 8 ms of every
    // `mapline import` (the system takes the memory back at once); still reachable, so no leak.
    static const auto *const instance = new std::shared_ptr<const ExtractionResources>([] {
        auto loaded = load(ExtractionResourceFiles::fromResources());
        if (loaded)
            return loaded.value();
        qWarning("mapline: event extraction is off: %s", qPrintable(loaded.error()));
        return std::shared_ptr<const ExtractionResources>(std::make_shared<ExtractionResources>());
    }());
    return *instance;
}

std::shared_ptr<const ExtractionResources> ExtractionResources::withUserGazetteer(const QString &path)
{
    if (path.isEmpty())
        return shared();
    const QFileInfo info(path);
    if (!info.isFile())
        return shared();
    // One entry per gazetteer file: an import uses one database, so one file, read once.
    struct Cached {
        QDateTime modified;
        qint64 size = -1;
        std::shared_ptr<const ExtractionResources> resources;
    };
    static QMutex mutex;
    // Never destroyed, as shared()'s.
    static auto &cache = *new QHash<QString, Cached>;
    const QString key = info.absoluteFilePath();
    const QMutexLocker lock(&mutex);
    Cached &c = cache[key];
    if (c.resources && c.modified == info.lastModified() && c.size == info.size())
        return c.resources;
    ExtractionResourceFiles files = ExtractionResourceFiles::fromResources();
    files.userPlaces = key;
    auto loaded = load(files);
    if (!loaded) {
        // Logged once per version of the file; the bundled gazetteer still serves.
        qWarning("mapline: the user gazetteer is not used: %s", qPrintable(loaded.error()));
        c.resources = shared();
    } else {
        c.resources = loaded.value();
    }
    c.modified = info.lastModified();
    c.size = info.size();
    return c.resources;
}

CanonicalActor ExtractionResources::canonicalActor(const QString &name, const QString &kind) const
{
    CanonicalActor c{Actor{name, QString(), kind}, QString()};
    QString base = name.trimmed();
    QString role;
    if (const qsizetype open = base.indexOf(QLatin1Char('(')); open > 0) {
        const qsizetype close = base.indexOf(QLatin1Char(')'), open);
        if (close < 0)
            return c;
        const QString inside = base.mid(open + 1, close - open - 1).trimmed();
        const bool period = std::any_of(inside.cbegin(), inside.cend(), [](QChar ch) { return ch.isDigit(); });
        bool country = false;
        for (int e : gazetteer.lookup(inside))
            country = country || gazetteer.place(e).precision == GeoPrecision::Country;
        if (!period && !country)
            return c;
        role = base.mid(close + 1).trimmed();
        base = base.left(open).trimmed();
    }
    if (const qsizetype colon = base.indexOf(QLatin1Char(':')); colon > 0)
        base = base.left(colon).trimmed(); // "NATO: North Atlantic Treaty Organization"
    if (const std::optional<Actor> known = actors.named(base)) {
        c.actor = *known;
        c.role = role;
    }
    return c;
}

} // namespace mapline
