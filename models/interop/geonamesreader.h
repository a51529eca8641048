#pragma once

#include "interop/linereader.h"

#include <QHash>
#include <QSet>
#include <QStringList>

namespace mapline {

// One place in the gazetteer's row format (resources/gazetteer/places.tsv):
// id, name, kind, lon, lat, admin1, admin2, country, population, alt_names.
struct GazetteerRow {
    qint64 id = 0; // the GeoNames id
    QString name;  // plain-ASCII name (GeoNames asciiname), as the gazetteer's names are
    QString kind;  // city | district | province | country | landmark
    double lon = 0;
    double lat = 0;
    QString admin1;  // province name (the gazetteer's spelling for Afghanistan)
    QString admin2;  // district name, where admin2Codes.txt says
    QString country; // ISO 3166-1 alpha-2
    qint64 population = 0;
    QStringList altNames; // the name as written and the Latin-script alternate names
    QString featureClass; // GeoNames feature class and code, admin codes: kept for callers
    QString featureCode;
    QString admin1Code;
    QString admin2Code;

    // The row as a line of the gazetteer file, without the line end.
    QString toTsv() const;
};

// Reads a GeoNames dump (the 19 tab-separated columns of allCountries.txt, a country file such as
// AF.txt, or cities15000.txt) row by row. Province names come from our Afghan table, else from
// admin1CodesASCII.txt and admin2Codes.txt when they lie beside the dump (GeoNames publishes them
// together). Historical and abandoned features (PPLH, ADM1H, PPLQ...) are left out; content is not
// judged otherwise (a vandal's entry with a valid row comes through like any other).
class GeoNamesReader {
public:
    enum class Next { Row, BadRow, Ignored, Outside, End, Failed };

    Status open(const QString &path);
    // Reads `file`, opened already (what detection peeked at is read again).
    Status open(InputFile file);
    Next next(GazetteerRow &row, QString &problem);
    void setAreaFilter(const QStringList &countries)
    {
        mArea = QSet<QString>(countries.begin(), countries.end());
    }

    qint64 lineNumber() const { return mLines.lineNumber(); }
    qint64 progressDone() const { return mLines.file().bytesRead(); }
    qint64 progressTotal() const { return mLines.file().size(); }
    QString error() const { return mLines.error(); }

    // The gazetteer kind of a feature class and code; empty for features left out.
    static QString kindFor(QStringView featureClass, QStringView featureCode);
    // The alternate names worth matching in English text: Latin script only, invisible format
    // characters (zero-width joiners, marks) removed, airport-style codes (KBL) and duplicates
    // dropped.
    static QStringList latinNames(const QStringList &names, const QString &except);
    // Afghan names as the gazetteer writes them: "Markaz-e Woluswali-ye Achin" -> "Achin"
    // (the rule of scripts/geodata/build.mjs).
    static QString stripOfficeWords(const QString &asciiName);

private:
    void loadAdminNames(const QString &folder);

    LineReader mLines;
    QSet<QString> mArea;
    QHash<QString, QString> mAdmin1; // "AF.13" -> name
    QHash<QString, QString> mAdmin2; // "AF.13.3580" -> name
};

} // namespace mapline
