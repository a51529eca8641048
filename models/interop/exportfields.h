#pragma once

#include <QList>
#include <QString>

namespace mapline {

// The fields every export writes: the command-line contract's names (eventFieldNames()), with the
// column type and the 10-character name a Shapefile (DBF) can hold. Readers of exported files
// use the same table backwards.
struct ExportField {
    enum class Type { Integer, Real, Text, Date };
    QString name;          // contract name, e.g. "acled_sub_event_type"
    QString shapefileName; // at most 10 characters, e.g. "acled_sub"
    Type type;
};

class ExportFields {
public:
    static const QList<ExportField> &all();
    // The contract name for a field name read from a file (a contract or a Shapefile name);
    // empty when the name is not one of ours.
    static QString contractName(const QString &fileFieldName);
};

} // namespace mapline
