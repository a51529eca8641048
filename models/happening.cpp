#include "happening.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mapline {

QString disagreementsToJson(const QList<Disagreement> &disagreements)
{
    if (disagreements.isEmpty())
        return {};
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
