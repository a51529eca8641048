#include "fusion/fusionrules.h"

#include "extract/lexiconfile.h"
#include "resourcepaths.h"


namespace mapline {
namespace {

QString folded(QStringView text)
{
    return text.trimmed().toString().toCaseFolded();
}

// "http://www.cnn.com/x" -> "cnn.com"; "" when `text` is no web address.
QString hostOf(const QString &text)
{
    const QString t = text.trimmed();
    const qsizetype scheme = t.indexOf(QStringLiteral("://"));
    if (scheme <= 0 || scheme > 8)
        return {};
    qsizetype begin = scheme + 3;
    qsizetype end = begin;
    while (end < t.size() && t[end] != u'/' && t[end] != u':' && t[end] != u'?' && t[end] != u'#')
        ++end;
    QString host = t.mid(begin, end - begin).toCaseFolded();
    if (host.startsWith(QStringLiteral("www.")))
        host.remove(0, 4);
    return host;
}

} // namespace

Result<FusionRules> FusionRules::fromText(const QString &families, const QString &sources, const QString &file)
{
    using R = Result<FusionRules>;
    FusionRules rules;
    const QString familiesName = file.isEmpty() ? QStringLiteral("families.tsv") : file;
    Status s = lexicon::forEachRow(QStringView(families), familiesName, 2, [&](const QList<QStringView> &cells, int line) {
        const QStringView match = cells[0].trimmed();
        Family family{cells[1].trimmed().toString(), cells.size() > 2 && cells[2].trimmed() == u"yes"};
        if (family.name.isEmpty())
            return Status::failure(QStringLiteral("%1:%2: no family").arg(familiesName).arg(line));
        if (match.startsWith(u"type:"))
            rules.mByType.insert(match.mid(5).toString(), family);
        else if (match.startsWith(u"acled:"))
            rules.mByAcled.insert(folded(match.mid(6)), family);
        else
            return Status::failure(QStringLiteral("%1:%2: \"%3\" is neither type:KEY nor acled:EVENT TYPE")
                                       .arg(familiesName).arg(line).arg(match.toString()));
        return Status();
    });
    if (!s)
        return R::failure(s.error());
    const QString sourcesName = file.isEmpty() ? QStringLiteral("sources.tsv") : file;
    s = lexicon::forEachRow(QStringView(sources), sourcesName, 2, [&](const QList<QStringView> &cells, int) {
        const QString name = cells[0].trimmed().toString();
        for (const QStringView variant : cells[1].split(u'|', Qt::SkipEmptyParts)) {
            const QString v = folded(variant);
            rules.mPublisherByVariant.insert(v, name);
            if (v.contains(u'.') && !v.contains(u' '))
                rules.mHostVariants.insert(v);
        }
        rules.mPublisherByVariant.insert(folded(name), name);
        return Status();
    });
    if (!s)
        return R::failure(s.error());
    return rules;
}

const FusionRules &FusionRules::standard()
{
    static const FusionRules rules = [] {
        const auto families = lexicon::readText(resourcePath(QStringLiteral("fusion/families.tsv")));
        const auto sources = lexicon::readText(resourcePath(QStringLiteral("fusion/sources.tsv")));
        if (!families || !sources) {
            qWarning("Mapline: %s: every event type is a fusion family of its own",
                     qPrintable(!families ? families.error() : sources.error()));
            return FusionRules();
        }
        auto parsed = fromText(*families, *sources);
        if (!parsed) {
            qWarning("Mapline: %s", qPrintable(parsed.error()));
            return FusionRules();
        }
        return std::move(parsed).value();
    }();
    return rules;
}

FusionRules::Family FusionRules::familyOf(const QString &type, const QString &acledEventType) const
{
    const auto byType = mByType.constFind(type);
    if (byType != mByType.constEnd())
        return *byType;
    if (!acledEventType.isEmpty()) {
        const auto byAcled = mByAcled.constFind(folded(acledEventType));
        if (byAcled != mByAcled.constEnd())
            return *byAcled;
    }
    return Family{type, false};
}

QString FusionRules::publisher(const QString &source) const
{
    const QString text = source.trimmed();
    if (text.isEmpty())
        return {};
    const QString host = hostOf(text);
    if (!host.isEmpty()) {
        // "edition.cnn.com": "edition.cnn.com", then "cnn.com".
        for (qsizetype from = 0; from >= 0;) {
            const auto it = mPublisherByVariant.constFind(QStringView(host).mid(from).toString());
            if (it != mPublisherByVariant.constEnd() && (from == 0 || mHostVariants.contains(it.key())))
                return *it;
            const qsizetype dot = host.indexOf(QLatin1Char('.'), from);
            from = dot < 0 || host.indexOf(QLatin1Char('.'), dot + 1) < 0 ? -1 : dot + 1;
        }
        return host;
    }
    return mPublisherByVariant.value(folded(text), text);
}

QStringList FusionRules::publishers(const QString &sourceList) const
{
    QStringList out;
    for (const QString &part : sourceList.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QString name = publisher(part);
        if (!name.isEmpty() && !out.contains(name))
            out << name;
    }
    return out;
}

double FusionRules::radiusKm(GeoPrecision precision)
{
    switch (precision) {
    case GeoPrecision::Landmark: return 3.0;
    case GeoPrecision::City: return 12.0;
    case GeoPrecision::District: return kMaxRadiusKm;
    default: return 0.0;
    }
}

} // namespace mapline
