#pragma once

#include <QString>

namespace mapline {

// Country code conversions for dataset imports. Events store ISO 3166-1 alpha-2; GDELT 1.0 and
// 2.0 geography fields use FIPS 10-4 (AF = Afghanistan, but also AG = Algeria, AS = Australia,
// PK = Pakistan, IR = Iran, UK = United Kingdom...); ACLED gives the ISO numeric code, ISO alpha-3
// and the English name. The table covers the sovereign states and the territories that appear in
// the event datasets; anything else converts to an empty string (unknown country).
class CountryCodes {
public:
    static QString fromFips(QStringView fips);        // "AF" -> "AF", "PK" -> "PK", "UK" -> "GB"
    static QString fromAlpha3(QStringView alpha3);    // "AFG" -> "AF"
    static QString fromNumeric(int numeric);          // 4 -> "AF"
    static QString fromName(QStringView englishName); // "Afghanistan" -> "AF" (case-insensitive)
    static QString name(QStringView alpha2);          // "AF" -> "Afghanistan"
    static bool isKnownAlpha2(QStringView alpha2);
};

} // namespace mapline
