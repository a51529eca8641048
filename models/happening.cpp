#include "happening.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mapline {

namespace {

// Text QJsonDocument writes as it is between quotes: printable ASCII but the quote and backslash.
bool plainJsonText(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u > 0x7e || u == u'"' || u == u'\\')
            return false;
    }
    return true;
}

bool plainJsonText(const QList<Disagreement> &disagreements)
{
    for (const Disagreement &d : disagreements) {
        if (!plainJsonText(d.field))
            return false;
        for (const Disagreement::Value &v : d.values) {
            if (!plainJsonText(v.value))
                return false;
            for (const QString &source : v.sources)
                if (!plainJsonText(source))
                    return false;
        }
    }
    return true;
}

} // namespace

QString disagreementsToJson(const QList<Disagreement> &disagreements)
{
    if (disagreements.isEmpty())
        return {};
    if (plainJsonText(disagreements)) {
        // The same text QJsonDocument's compact form gives (keys in its sorted order, no spaces),
        // written directly: a re-fusion writes tens of thousands (docs/PERFORMANCE.md, "Fusion").
        QString out = QStringLiteral("[");
        for (qsizetype i = 0; i < disagreements.size(); ++i) {
            const Disagreement &d = disagreements[i];
            out += i ? u",{\"field\":\"" : u"{\"field\":\"";
            out += d.field;
            out += u"\",\"values\":[";
            for (qsizetype j = 0; j < d.values.size(); ++j) {
                const Disagreement::Value &v = d.values[j];
                out += j ? u",{\"reports\":" : u"{\"reports\":";
                out += QString::number(v.reports);
                out += u",\"sources\":[";
                for (qsizetype k = 0; k < v.sources.size(); ++k) {
                    out += k ? u",\"" : u"\"";
                    out += v.sources[k];
                    out += u'"';
                }
                out += u"],\"value\":\"";
                out += v.value;
                out += u"\"}";
            }
            out += u"]}";
        }
        out += u']';
        return out;
    }
    QJsonArray array;
    for (const Disagreement &d : disagreements) {
        QJsonArray values;
        for (const Disagreement::Value &v : d.values)
            values.append(QJsonObject{{QStringLiteral("value"), v.value},
                                      {QStringLiteral("reports"), v.reports},
                                      {QStringLiteral("sources"), QJsonArray::fromStringList(v.sources)}});
        array.append(QJsonObject{{QStringLiteral("field"), d.field}, {QStringLiteral("values"), values}});
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<Disagreement> disagreementsFromJson(const QString &json)
{
    QList<Disagreement> out;
    if (json.isEmpty())
        return out;
    for (const QJsonValue &item : QJsonDocument::fromJson(json.toUtf8()).array()) {
        const QJsonObject o = item.toObject();
        Disagreement d;
        d.field = o.value(QStringLiteral("field")).toString();
        for (const QJsonValue &value : o.value(QStringLiteral("values")).toArray()) {
            const QJsonObject v = value.toObject();
            Disagreement::Value dv;
            dv.value = v.value(QStringLiteral("value")).toString();
            dv.reports = v.value(QStringLiteral("reports")).toInt();
            for (const QJsonValue &s : v.value(QStringLiteral("sources")).toArray())
                dv.sources << s.toString();
            d.values << dv;
        }
        out << d;
    }
    return out;
}

QString describe(const Disagreement &d)
{
    QStringList parts;
    for (const Disagreement::Value &v : d.values)
        parts << QStringLiteral("%1 (%2)").arg(v.value, v.sources.join(QStringLiteral(", ")));
    return QStringLiteral("%1: %2").arg(d.field, parts.join(QStringLiteral(" vs ")));
}

} // namespace mapline
