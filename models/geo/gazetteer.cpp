#include "geo/gazetteer.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <system_error>

namespace mapline {
namespace {

// A word's canonical form and skeleton, remembered by each thread for the gazetteer whose
// rewrites made them (Gazetteer::mFormsId): the same words recur in every article, and the
// rewrites and the skeleton cost about 1,300 instructions a word against one hash probe.
// Bounded: cleared when full.
struct WordFormCache {
    quint64 owner = 0;
    QHash<QString, std::pair<QString, QString>> forms;
    QHash<QString, QList<int>> fuzzy; // Gazetteer::fuzzy's answers (a set of deletions each)
};

WordFormCache &wordFormCacheFor(quint64 owner);

WordFormCache &wordFormCacheFor(quint64 owner)
{
    thread_local WordFormCache cache;
    if (cache.owner != owner) {
        cache.forms.clear();
        cache.fuzzy.clear();
        cache.owner = owner;
    }
    return cache;
}

std::atomic<quint64> gNextFormsId{1};

GeoPrecision kindFromString(QStringView kind)
{
    if (kind == u"city")
        return GeoPrecision::City;
    if (kind == u"district")
        return GeoPrecision::District;
    if (kind == u"province")
        return GeoPrecision::Province;
    if (kind == u"country")
        return GeoPrecision::Country;
    if (kind == u"landmark")
        return GeoPrecision::Landmark;
    // A valley, a range, a plain: about a district's extent. A region ("northern Afghanistan", the
    // Hindu Kush): about a province's. Neither is an administrative unit (Gazetteer::Entry::natural).
    if (kind == u"area")
        return GeoPrecision::District;
    if (kind == u"region")
        return GeoPrecision::Province;
    return GeoPrecision::Unknown;
}

Result<QString> readUtf8(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<QString>::failure(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    QString text = QString::fromUtf8(file.readAll());
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    return text;
}

quint32 letterBits(QStringView word)
{
    quint32 bits = 0;
    for (const QChar c : word) {
        const char16_t u = c.unicode();
        if (u >= u'a' && u <= u'z')
            bits |= 1u << (u - u'a');
    }
    return bits;
}

// QStringView::toDouble goes through QLocale: about 6,000 instructions a number, a quarter of
// the extraction resources' load for the places' coordinates. A plain decimal ("34.5553",
// "-12.5") is read by std::from_chars, which rounds correctly as Qt does (the same double);
// anything else goes to toDouble as before.
double readCoordinate(QStringView s, bool *ok)
{
    char ascii[32];
    const qsizetype n = s.size();
    bool plain = n > 0 && n < qsizetype(sizeof ascii);
    for (qsizetype i = 0; plain && i < n; ++i) {
        const char16_t c = s[i].unicode();
        plain = (c >= u'0' && c <= u'9') || c == u'.' || c == u'-';
        ascii[i] = char(c);
    }
    if (plain) {
        double value = 0;
        const auto [end, error] = std::from_chars(ascii, ascii + n, value);
        if (error == std::errc() && end == ascii + n) {
            *ok = true;
            return value;
        }
    }
    return s.toDouble(ok);
}

void addDeletes(const QString &word, int depth, QSet<QString> &out)
{
    out.insert(word);
    if (depth == 0 || word.size() <= 2)
        return;
    for (qsizetype i = 0; i < word.size(); ++i) {
        QString shorter = word;
        shorter.remove(i, 1);
        if (!out.contains(shorter) || depth > 1)
            addDeletes(shorter, depth - 1, out);
    }
}

} // namespace

Status Gazetteer::loadPlaces(const QString &path, KnownIds known)
{
    // A line at a time, never the whole file: the user's gazetteer beside the database may be
    // large, or not a gazetteer at all (a 2 GB file of zeros held 6 GB as one QString).
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Status::failure(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    QString text;
    int lineNo = 0;
    // One buffer for every line: QIODevice::readLine(maxSize) allocates maxSize bytes for each
    // line it returns (an mmap and an mremap a line: two thirds of the extraction resources' load).
    std::vector<char> buffer(size_t(kMaxPlaceLineBytes) + 1);
    const NextLine next = [&](QStringView &line, QString &error) {
        if (file.atEnd())
            return false;
        ++lineNo;
        const qint64 read = file.readLine(buffer.data(), qint64(buffer.size()));
        if (read < 0) {
            error = QStringLiteral("%1:%2: read error: %3").arg(path).arg(lineNo).arg(file.errorString());
            return false;
        }
        const QByteArrayView bytes(buffer.data(), read);
        if (!bytes.endsWith('\n') && !file.atEnd()) {
            error = QStringLiteral("%1:%2: a line longer than %3 KB; not a places file")
                        .arg(path).arg(lineNo).arg(kMaxPlaceLineBytes / 1024);
            return false;
        }
        text = QString::fromUtf8(bytes);
        if (lineNo == 1 && text.startsWith(QChar(0xFEFF)))
            text.remove(0, 1);
        line = text;
        if (line.endsWith(QLatin1Char('\n')))
            line.chop(1);
        return true;
    };
    return readPlaces(next, path, known);
}

Status Gazetteer::addPlaces(QStringView tsv, const QString &fileName, KnownIds known)
{
    const QList<QStringView> lines = tsv.split(QLatin1Char('\n'));
    qsizetype i = 0;
    return readPlaces([&](QStringView &line, QString &) { return i < lines.size() ? (line = lines[i++], true) : false; },
                      fileName, known);
}

Status Gazetteer::readPlaces(const NextLine &next, const QString &fileName, KnownIds known)
{
    mFinished = false;
    mFormsId = 0;
    QSet<qint64> loadedIds;
    if (known == KnownIds::Skip)
        for (const Entry &e : mEntries)
            if (e.place.gazetteerId > 0)
                loadedIds.insert(e.place.gazetteerId);
    enum Column { Id, Name, Kind, Lon, Lat, Admin1, Admin2, Country, Population, AltNames, ColumnCount };
    static const char *const kNames[] = {"id", "name", "kind", "lon", "lat", "admin1", "admin2", "country",
                                         "population", "alt_names"};
    int column[ColumnCount];
    std::fill(std::begin(column), std::end(column), -1);
    bool haveHeader = false;
    int lineNo = 0;
    const QString source = QFileInfo(fileName).completeBaseName();
    QString error;
    for (QStringView rawLine; next(rawLine, error);) {
        ++lineNo;
        const QStringView line = rawLine.endsWith(QLatin1Char('\r')) ? rawLine.chopped(1) : rawLine;
        if (line.trimmed().isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QList<QStringView> cells = line.split(QLatin1Char('\t'));
        if (!haveHeader) {
            for (int c = 0; c < ColumnCount; ++c)
                for (int i = 0; i < cells.size(); ++i)
                    if (cells[i].trimmed() == QLatin1String(kNames[c]))
                        column[c] = i;
            for (int c : {Id, Name, Kind, Lon, Lat, Country})
                if (column[c] < 0)
                    return Status::failure(QStringLiteral("%1:%2: the header has no \"%3\" column")
                                               .arg(fileName).arg(lineNo).arg(QLatin1String(kNames[c])));
            haveHeader = true;
            continue;
        }
        const auto cell = [&](int c) { return column[c] >= 0 && column[c] < cells.size() ? cells[column[c]].trimmed() : QStringView(); };
        bool okId = false, okLon = false, okLat = false;
        Entry e;
        e.place.gazetteerId = cell(Id).toLongLong(&okId);
        e.place.name = cell(Name).toString();
        e.place.precision = kindFromString(cell(Kind));
        e.natural = cell(Kind) == u"area" || cell(Kind) == u"region";
        const double lon = readCoordinate(cell(Lon), &okLon);
        const double lat = readCoordinate(cell(Lat), &okLat);
        if (!okId || e.place.name.isEmpty() || !okLon || !okLat || std::abs(lon) > 180 || std::abs(lat) > 90)
            return Status::failure(QStringLiteral("%1:%2: expected id, name, kind, lon and lat, found \"%3\"")
                                       .arg(fileName).arg(lineNo).arg(line.left(80).toString()));
        if (e.place.precision == GeoPrecision::Unknown)
            e.place.precision = GeoPrecision::City; // an unknown kind of settlement: the closest we have
        e.place.coordinate = QGeoCoordinate(lat, lon);
        e.place.admin1 = cell(Admin1).toString();
        e.place.admin2 = cell(Admin2).toString();
        e.place.country = cell(Country).toString();
        e.place.source = e.place.gazetteerId > 0 && source != u"landmarks" ? QStringLiteral("GeoNames")
                                                                         : QStringLiteral("curated");
        e.population = cell(Population).toLongLong();
        if (e.place.gazetteerId > 0 && loadedIds.contains(e.place.gazetteerId))
            continue;
        const QStringView alts = cell(AltNames);
        mEntries.push_back(std::move(e));
        mAltNames.push_back(alts.isEmpty() ? QStringList() : alts.toString().split(QLatin1Char('|'), Qt::SkipEmptyParts));
    }
    if (!error.isEmpty())
        return Status::failure(error);
    if (!haveHeader)
        return Status::failure(QStringLiteral("%1: no header line").arg(fileName));
    return {};
}

Status Gazetteer::loadVariants(const QString &path)
{
    const Result<QString> text = readUtf8(path);
    if (!text)
        return Status::failure(text.error());
    return addVariants(*text, path);
}

Status Gazetteer::addVariants(QStringView tsv, const QString &fileName)
{
    mFinished = false;
    mFormsId = 0;
    int lineNo = 0;
    bool haveHeader = false;
    for (const QStringView rawLine : tsv.split(QLatin1Char('\n'))) {
        ++lineNo;
        const QStringView line = rawLine.endsWith(QLatin1Char('\r')) ? rawLine.chopped(1) : rawLine;
        if (line.trimmed().isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QList<QStringView> cells = line.split(QLatin1Char('\t'));
        if (!haveHeader) {
            if (cells.size() < 2 || cells[0].trimmed() != u"from" || cells[1].trimmed() != u"to")
                return Status::failure(QStringLiteral("%1:%2: expected the header \"from\\tto\\tnote\"").arg(fileName).arg(lineNo));
            haveHeader = true;
            continue;
        }
        if (cells.size() < 2)
            return Status::failure(QStringLiteral("%1:%2: expected \"from\\tto\\tnote\"").arg(fileName).arg(lineNo));
        QStringView from = cells[0].trimmed();
        Rewrite r;
        const bool start = from.startsWith(QLatin1Char('^'));
        const bool end = from.endsWith(QLatin1Char('$'));
        if (start)
            from = from.mid(1);
        if (end)
            from.chop(1);
        r.anchor = start && end ? Rewrite::Whole : start ? Rewrite::Start : end ? Rewrite::End : Rewrite::Anywhere;
        r.from = foldName(from).remove(QLatin1Char(' '));
        r.to = foldName(cells[1]).remove(QLatin1Char(' '));
        if (r.from.isEmpty())
            continue; // "-" -> " ": the tokeniser splits words at hyphens already
        r.letters = letterBits(r.from);
        mRewrites.append(std::move(r));
    }
    return {};
}

QString Gazetteer::canonicalWord(const QString &norm) const
{
    // Most words match no rewrite: share the word itself instead of copying it. The first rule
    // that applies sends the word to the general form below, which tries the rules from the
    // start again (those before it do not apply to the unchanged word either): the same result.
    const quint32 letters = letterBits(norm);
    for (const Rewrite &r : mRewrites) {
        if ((r.letters & letters) != r.letters)
            continue;
        bool applies = false;
        switch (r.anchor) {
        case Rewrite::Whole: applies = norm == r.from; break;
        case Rewrite::Start: applies = norm.startsWith(r.from); break;
        case Rewrite::End: applies = norm.endsWith(r.from); break;
        case Rewrite::Anywhere: applies = norm.contains(r.from); break;
        }
        if (applies)
            return canonicalWord(QStringView(norm));
    }
    return norm;
}

QString Gazetteer::canonicalWord(QStringView norm) const
{
    QString word = norm.toString();
    quint32 letters = letterBits(word);
    for (const Rewrite &r : mRewrites) {
        if ((r.letters & letters) != r.letters)
            continue;
        bool changed = false;
        switch (r.anchor) {
        case Rewrite::Whole:
            if (word == r.from) {
                word = r.to;
                changed = true;
            }
            break;
        case Rewrite::Start:
            if (word.startsWith(r.from)) {
                word.replace(0, r.from.size(), r.to);
                changed = true;
            }
            break;
        case Rewrite::End:
            if (word.endsWith(r.from)) {
                word.replace(word.size() - r.from.size(), r.from.size(), r.to);
                changed = true;
            }
            break;
        case Rewrite::Anywhere:
            if (word.contains(r.from)) {
                word.replace(r.from, r.to);
                changed = true;
            }
            break;
        }
        if (changed) {
            if (word.isEmpty())
                return word;
            letters = letterBits(word);
        }
    }
    return word;
}

void Gazetteer::addKey(QHash<QString, QList<int>> &index, const QString &key, int entry)
{
    if (key.isEmpty())
        return;
    QList<int> &list = index[key];
    if (!list.contains(entry))
        list.append(entry);
}

void Gazetteer::indexName(int entry, const QString &name)
{
    const QList<NameToken> tokens = tokenizeNames(name);
    const int n = int(tokens.size());
    if (n == 0 || n > kMaxNameTokens)
        return;
    QString canonical[kMaxNameTokens];
    QString skeletons[kMaxNameTokens];
    for (int k = 0; k < n; ++k) {
        canonical[k] = canonicalWord(tokens[k].norm);
        skeletons[k] = wordSkeleton(canonical[k]);
    }
    addKey(mExact, joinNorms(tokens, 0, n), entry);
    const QString variant = variantKey(tokens, 0, n, canonical);
    const QString skeleton = skeletonKey(tokens, 0, n, canonical, skeletons);
    addKey(mVariant, variant, entry);
    addKey(mSkeleton, skeleton, entry);
    // Quick rejection: a text word can only start a name if it is, in some spelling, a first
    // word of one (or a whole one-word spelling of a longer name: "Maidanshar").
    mFirstWords.insert(tokens[0].norm);
    mFirstWords.insert(variant);
    mFirstWords.insert(skeleton);
    for (int k = 0; k < n; ++k) {
        if (canonical[k].isEmpty())
            continue;
        mFirstWords.insert(canonical[k]);
        QString piece;
        appendSkeletonPiece(piece, tokens[k].norm, skeletons[k], k, n);
        mFirstWords.insert(piece);
        break;
    }

    if (n == 1 && tokens[0].norm.size() >= 4 && fuzzyCandidate(mEntries[size_t(entry)])) {
        const QString &word = tokens[0].norm;
        const int wordIndex = int(mFuzzyWords.size());
        mFuzzyWords.push_back({word, entry});
        QSet<QString> deletes;
        addDeletes(word, word.size() >= 5 ? 2 : 1, deletes);
        for (const QString &d : std::as_const(deletes))
            mDeletes[d].append(wordIndex);
    }
}

QString Gazetteer::variantKey(const QList<NameToken> &tokens, int first, int n, const QString *canonical)
{
    QString key;
    for (int k = 0; k < n; ++k)
        key.append(canonical[k]);
    Q_UNUSED(tokens);
    Q_UNUSED(first);
    return key;
}

QString Gazetteer::skeletonKey(const QList<NameToken> &tokens, int first, int n, const QString *canonical,
                               const QString *skeletons)
{
    QString key;
    for (int k = 0; k < n; ++k)
        if (!canonical[k].isEmpty())
            appendSkeletonPiece(key, tokens[first + k].norm, skeletons[k], k, n);
    return key;
}

bool Gazetteer::fuzzyCandidate(const Entry &e) const
{
    // Misspellings worth catching are of places a reporter names: provinces, districts,
    // landmarks and towns of some size in the countries of interest.
    if (e.place.precision == GeoPrecision::Country)
        return true;
    if (!mFuzzyCountries.contains(e.place.country))
        return false;
    return e.place.precision != GeoPrecision::City || e.population >= 10000;
}

void Gazetteer::finish()
{
    mExact.clear();
    mVariant.clear();
    mSkeleton.clear();
    mFirstWords.clear();
    mDeletes.clear();
    mFuzzyWords.clear();
    mCountries.clear();
    mLargestCities.clear();
    for (int i = 0; i < size(); ++i) {
        const Entry &e = mEntries[size_t(i)];
        indexName(i, e.place.name);
        for (const QString &alt : mAltNames[size_t(i)])
            indexName(i, alt);
        if (e.place.precision == GeoPrecision::Country && !e.place.country.isEmpty() &&
            !mCountries.contains(e.place.country))
            mCountries.insert(e.place.country, i);
        if (e.place.precision == GeoPrecision::City && !e.place.country.isEmpty()) {
            const int current = mLargestCities.value(e.place.country, -1);
            if (current < 0 || mEntries[size_t(current)].population < e.population)
                mLargestCities.insert(e.place.country, i);
        }
    }
    mFinished = true;
    mFormsId = gNextFormsId.fetch_add(1, std::memory_order_relaxed);
}

void Gazetteer::wordForms(const QString &norm, QString &canonical, QString &skeleton) const
{
    if (mFormsId == 0) {
        canonical = canonicalWord(norm);
        skeleton = wordSkeleton(canonical);
        return;
    }
    WordFormCache &cache = wordFormCacheFor(mFormsId);
    if (const auto it = cache.forms.constFind(norm); it != cache.forms.constEnd()) {
        canonical = it->first;
        skeleton = it->second;
        return;
    }
    canonical = canonicalWord(norm);
    skeleton = wordSkeleton(canonical);
    if (cache.forms.size() >= 32768)
        cache.forms.clear();
    cache.forms.insert(norm, {canonical, skeleton});
}

QList<int> Gazetteer::lookup(QStringView name, Quality *quality) const
{
    const QList<NameToken> tokens = tokenizeNames(name);
    const int n = int(tokens.size());
    if (n == 0 || n > kMaxNameTokens)
        return {};
    QString canonical[kMaxNameTokens];
    QString skeletons[kMaxNameTokens];
    for (int k = 0; k < n; ++k)
        wordForms(tokens[k].norm, canonical[k], skeletons[k]);
    const struct {
        const QHash<QString, QList<int>> *index;
        QString key;
        Quality quality;
    } probes[] = {{&mExact, joinNorms(tokens, 0, n), Quality::Exact},
                  {&mVariant, variantKey(tokens, 0, n, canonical), Quality::Variant},
                  {&mSkeleton, skeletonKey(tokens, 0, n, canonical, skeletons), Quality::Skeleton}};
    for (const auto &probe : probes) {
        const auto it = probe.index->constFind(probe.key);
        if (it == probe.index->constEnd())
            continue;
        if (quality)
            *quality = probe.quality;
        return it.value();
    }
    return {};
}

std::optional<Place> Gazetteer::bestKnown(const QString &name, const QString &admin1, const QString &country) const
{
    const auto rank = [](GeoPrecision p) {
        switch (p) {
        case GeoPrecision::City: return 0;
        case GeoPrecision::Landmark: return 1;
        case GeoPrecision::District: return 2;
        case GeoPrecision::Province: return 3;
        case GeoPrecision::Country: return 4;
        case GeoPrecision::Unknown: break;
        }
        return 5;
    };
    const auto finest = [&](const QString &text, bool provincesOnly) -> std::optional<Place> {
        if (text.trimmed().isEmpty())
            return std::nullopt;
        const Place *chosen = nullptr;
        for (int entry : lookup(text)) {
            const Place &p = place(entry);
            if (!p.isValid() || (!country.isEmpty() && p.country != country) ||
                (provincesOnly && p.precision != GeoPrecision::Province))
                continue;
            if (!chosen || rank(p.precision) < rank(chosen->precision))
                chosen = &p;
        }
        return chosen ? std::optional<Place>(*chosen) : std::nullopt;
    };
    if (auto named = finest(name, false))
        return named;
    if (auto province = finest(admin1, true))
        return province;
    const int c = country.isEmpty() ? -1 : countryEntry(country);
    return c >= 0 && place(c).isValid() ? std::optional<Place>(place(c)) : std::nullopt;
}

Gazetteer::Match Gazetteer::matchAt(const QList<NameToken> &tokens, int index, bool anyCase) const
{
    Match best;
    const NameToken &t0 = tokens[index];
    if (!t0.upper && !anyCase)
        return best;
    // Canonical forms and skeletons cost more than a hash probe: made only when needed.
    QString canonical[kMaxNameTokens];
    QString skeletons[kMaxNameTokens];
    bool prepared[kMaxNameTokens] = {};
    const auto prepare = [&](int j) {
        if (!prepared[j]) {
            wordForms(tokens[index + j].norm, canonical[j], skeletons[j]);
            prepared[j] = true;
        }
    };
    if (!mFirstWords.contains(t0.norm)) {
        prepare(0);
        if (!mFirstWords.contains(canonical[0]) && !mFirstWords.contains(skeletons[0])) {
            const bool chopped = skeletons[0].size() > 3 && skeletons[0].endsWith(QLatin1Char('i'));
            if (!chopped || !mFirstWords.contains(skeletons[0].chopped(1)))
                return best;
        }
    }
    QString exact = t0.norm;
    // The variant and skeleton keys of the first n words, grown a word at a time (the same
    // strings variantKey and skeletonKey make): `variant` holds words [0, n), `skeletonHead` the
    // pieces of words [0, n - 1) as inner words (a word's piece changes only when it is the last).
    QString variant;
    QString skeletonHead;
    QString skeleton;
    int keyed = 0;  // words in `variant`
    int headed = 0; // words in `skeletonHead`
    const int available = std::min<int>(kMaxNameTokens, int(tokens.size()) - index);
    for (int n = 1; n <= available; ++n) {
        const int k = index + n - 1;
        if (n > 1) {
            const quint8 gap = tokens[k - 1].gapAfter;
            if ((gap & ~quint8(NameToken::Hyphen)) != 0 || tokens[k - 1].possessive || tokens[k].digit)
                break;
            exact.append(QLatin1Char(' '));
            exact.append(tokens[k].norm);
        }
        Quality q = Quality::Exact;
        const QList<int> *found = nullptr;
        if (const auto it = mExact.constFind(exact); it != mExact.constEnd()) {
            found = &it.value();
        } else {
            for (; keyed < n; ++keyed) {
                prepare(keyed);
                variant.append(canonical[keyed]);
            }
            if (const auto vit = mVariant.constFind(variant); vit != mVariant.constEnd()) {
                found = &vit.value();
                q = Quality::Variant;
            } else {
                // Words before the last as inner words (a name of at least one word more), then
                // the last as the last.
                for (; headed + 1 < n; ++headed)
                    if (!canonical[headed].isEmpty())
                        appendSkeletonPiece(skeletonHead, tokens[index + headed].norm, skeletons[headed], headed, headed + 2);
                skeleton = skeletonHead;
                if (!canonical[n - 1].isEmpty())
                    appendSkeletonPiece(skeleton, tokens[k].norm, skeletons[n - 1], n - 1, n);
                if (const auto sit = mSkeleton.constFind(skeleton); sit != mSkeleton.constEnd()) {
                    found = &sit.value();
                    q = Quality::Skeleton;
                }
            }
        }
        if (!found)
            continue;
        best.first = index;
        best.count = n;
        best.quality = q;
        best.entries = *found;
    }
    return best;
}

QList<int> Gazetteer::fuzzy(QStringView norm) const
{
    const int length = int(norm.size());
    if (length < 5)
        return {};
    // The answer depends on the word and on the indexes finish() built: remembered per thread
    // like the words' canonical forms (a misspelling recurs through a story and its copies).
    const QString key = norm.toString();
    WordFormCache *cache = mFormsId ? &wordFormCacheFor(mFormsId) : nullptr;
    if (cache)
        if (const auto it = cache->fuzzy.constFind(key); it != cache->fuzzy.constEnd())
            return it.value();
    const int limit = length >= 8 ? 2 : 1;
    QSet<QString> deletes;
    addDeletes(norm.toString(), limit, deletes);
    QList<int> result;
    int bestDistance = limit + 1;
    for (const QString &d : std::as_const(deletes)) {
        const auto it = mDeletes.constFind(d);
        if (it == mDeletes.constEnd())
            continue;
        for (int w : it.value()) {
            const auto &[word, entry] = mFuzzyWords[size_t(w)];
            const int distance = editDistance(norm, word, limit);
            if (distance > limit || distance > bestDistance)
                continue;
            if (distance < bestDistance) {
                result.clear();
                bestDistance = distance;
            }
            if (!result.contains(entry))
                result.append(entry);
        }
    }
    // The deletion set is a hash: sort so that the caller's tie-breaks never see its order.
    std::sort(result.begin(), result.end());
    if (cache) {
        if (cache->fuzzy.size() >= 8192)
            cache->fuzzy.clear();
        cache->fuzzy.insert(key, result);
    }
    return result;
}

int Gazetteer::largestCity(QStringView iso2) const
{
    return mLargestCities.value(iso2.toString(), -1);
}

int Gazetteer::countryEntry(QStringView iso2) const
{
    return mCountries.value(iso2.toString(), -1);
}

} // namespace mapline
