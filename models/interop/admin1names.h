#pragma once

#include <QString>

namespace mapline {

// Province (admin1) names for admin1 codes, in the spelling of the gazetteer's admin1 column
// (resources/gazetteer/places.tsv, curated in scripts/geodata/af-provinces.tsv). GeoNames admin1
// codes for Afghanistan are the FIPS 10-4 codes, so GDELT's ActionGeo_ADM1Code "AF13" and
// GeoNames' "AF" + "13" both name Kabul. Countries other than Afghanistan have no table here:
// callers fall back to the name the dataset gives.
class Admin1Names {
public:
    // `country` ISO alpha-2, `code` the two-character admin1 code ("13"); empty when unknown.
    static QString name(QStringView country, QStringView code);
    // GDELT's ADM1 code: FIPS country + admin1 code ("AF13"); empty when unknown.
    static QString fromGdeltCode(QStringView adm1Code);
};

} // namespace mapline
