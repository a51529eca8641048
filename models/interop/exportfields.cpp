#include "interop/exportfields.h"

#include "eventfields.h"

#include <QHash>

namespace mapline {

const QList<ExportField> &ExportFields::all()
{
    using T = ExportField::Type;
    // Shapefile names: the contract name when it fits in 10 characters, else a shortening that
    // keeps the start (documented in docs/SCHEMA.md, "Exported files").
    static const QList<ExportField> fields = [] {
        const QHash<QString, std::pair<QString, T>> known = {
            {QStringLiteral("id"), {QStringLiteral("id"), T::Integer}},
            {QStringLiteral("article_id"), {QStringLiteral("article_id"), T::Integer}},
            {QStringLiteral("date"), {QStringLiteral("date"), T::Date}},
            {QStringLiteral("date_end"), {QStringLiteral("date_end"), T::Date}},
            {QStringLiteral("date_precision"), {QStringLiteral("date_prec"), T::Text}},
            {QStringLiteral("place"), {QStringLiteral("place"), T::Text}},
            {QStringLiteral("place_text"), {QStringLiteral("place_text"), T::Text}},
            {QStringLiteral("lat"), {QStringLiteral("lat"), T::Real}},
            {QStringLiteral("lon"), {QStringLiteral("lon"), T::Real}},
            {QStringLiteral("geo_precision"), {QStringLiteral("geo_prec"), T::Text}},
            {QStringLiteral("admin1"), {QStringLiteral("admin1"), T::Text}},
            {QStringLiteral("country"), {QStringLiteral("country"), T::Text}},
            {QStringLiteral("type"), {QStringLiteral("type"), T::Text}},
            {QStringLiteral("acled_event_type"), {QStringLiteral("acled_type"), T::Text}},
            {QStringLiteral("acled_sub_event_type"), {QStringLiteral("acled_sub"), T::Text}},
            {QStringLiteral("cameo_root"), {QStringLiteral("cameo_root"), T::Text}},
            {QStringLiteral("actors"), {QStringLiteral("actors"), T::Text}},
            {QStringLiteral("sentence"), {QStringLiteral("sentence"), T::Text}},
            {QStringLiteral("confidence"), {QStringLiteral("confidence"), T::Real}},
            {QStringLiteral("happening_id"), {QStringLiteral("happening"), T::Integer}},
            {QStringLiteral("sources"), {QStringLiteral("sources"), T::Integer}},
            {QStringLiteral("external_id"), {QStringLiteral("externalid"), T::Text}},
        };
        QList<ExportField> list;
        for (const QString &name : eventFieldNames()) {
            // A contract field this table does not know yet still exports, as text, cut to 10.
            const auto [shp, type] = known.value(name, {name.left(10), T::Text});
            list.append({name, shp, type});
        }
        return list;
    }();
    return fields;
}

QString ExportFields::contractName(const QString &fileFieldName)
{
    for (const ExportField &f : all())
        if (fileFieldName.compare(f.name, Qt::CaseInsensitive) == 0 ||
            fileFieldName.compare(f.shapefileName, Qt::CaseInsensitive) == 0)
            return f.name;
    return {};
}

} // namespace mapline
