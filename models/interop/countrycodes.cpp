#include "interop/countrycodes.h"

#include <QHash>

namespace mapline {
namespace {

struct Country {
    const char *alpha2;
    const char *alpha3;
    int numeric;      // ISO 3166-1 numeric; 0 where ISO has none (Kosovo)
    const char *fips; // FIPS 10-4; empty where FIPS has none
    const char *name;
};

// ISO 3166-1 (alpha-2, alpha-3, numeric) with the FIPS 10-4 code used by GDELT. FIPS and ISO agree
// for some codes and collide for others (FIPS AG is Algeria, ISO AG is Antigua), so every GDELT
// code goes through this table, never straight into the country column.
const Country kCountries[] = {
    {"AF", "AFG", 4, "AF", "Afghanistan"},
    {"AL", "ALB", 8, "AL", "Albania"},
    {"DZ", "DZA", 12, "AG", "Algeria"},
    {"AS", "ASM", 16, "AQ", "American Samoa"},
    {"AD", "AND", 20, "AN", "Andorra"},
    {"AO", "AGO", 24, "AO", "Angola"},
    {"AG", "ATG", 28, "AC", "Antigua and Barbuda"},
    {"AZ", "AZE", 31, "AJ", "Azerbaijan"},
    {"AR", "ARG", 32, "AR", "Argentina"},
    {"AU", "AUS", 36, "AS", "Australia"},
    {"AT", "AUT", 40, "AU", "Austria"},
    {"BS", "BHS", 44, "BF", "Bahamas"},
    {"BH", "BHR", 48, "BA", "Bahrain"},
    {"BD", "BGD", 50, "BG", "Bangladesh"},
    {"AM", "ARM", 51, "AM", "Armenia"},
    {"BB", "BRB", 52, "BB", "Barbados"},
    {"BE", "BEL", 56, "BE", "Belgium"},
    {"BM", "BMU", 60, "BD", "Bermuda"},
    {"BT", "BTN", 64, "BT", "Bhutan"},
    {"BO", "BOL", 68, "BL", "Bolivia"},
    {"BA", "BIH", 70, "BK", "Bosnia and Herzegovina"},
    {"BW", "BWA", 72, "BC", "Botswana"},
    {"BR", "BRA", 76, "BR", "Brazil"},
    {"BZ", "BLZ", 84, "BH", "Belize"},
    {"SB", "SLB", 90, "BP", "Solomon Islands"},
    {"VG", "VGB", 92, "VI", "British Virgin Islands"},
    {"BN", "BRN", 96, "BX", "Brunei"},
    {"BG", "BGR", 100, "BU", "Bulgaria"},
    {"MM", "MMR", 104, "BM", "Myanmar"},
    {"BI", "BDI", 108, "BY", "Burundi"},
    {"BY", "BLR", 112, "BO", "Belarus"},
    {"KH", "KHM", 116, "CB", "Cambodia"},
    {"CM", "CMR", 120, "CM", "Cameroon"},
    {"CA", "CAN", 124, "CA", "Canada"},
    {"CV", "CPV", 132, "CV", "Cabo Verde"},
    {"KY", "CYM", 136, "CJ", "Cayman Islands"},
    {"CF", "CAF", 140, "CT", "Central African Republic"},
    {"LK", "LKA", 144, "CE", "Sri Lanka"},
    {"TD", "TCD", 148, "CD", "Chad"},
    {"CL", "CHL", 152, "CI", "Chile"},
    {"CN", "CHN", 156, "CH", "China"},
    {"TW", "TWN", 158, "TW", "Taiwan"},
    {"CO", "COL", 170, "CO", "Colombia"},
    {"KM", "COM", 174, "CN", "Comoros"},
    {"YT", "MYT", 175, "MF", "Mayotte"},
    {"CG", "COG", 178, "CF", "Republic of the Congo"},
    {"CD", "COD", 180, "CG", "Democratic Republic of the Congo"},
    {"CR", "CRI", 188, "CS", "Costa Rica"},
    {"HR", "HRV", 191, "HR", "Croatia"},
    {"CU", "CUB", 192, "CU", "Cuba"},
    {"CY", "CYP", 196, "CY", "Cyprus"},
    {"CZ", "CZE", 203, "EZ", "Czechia"},
    {"BJ", "BEN", 204, "BN", "Benin"},
    {"DK", "DNK", 208, "DA", "Denmark"},
    {"DM", "DMA", 212, "DO", "Dominica"},
    {"DO", "DOM", 214, "DR", "Dominican Republic"},
    {"EC", "ECU", 218, "EC", "Ecuador"},
    {"SV", "SLV", 222, "ES", "El Salvador"},
    {"GQ", "GNQ", 226, "EK", "Equatorial Guinea"},
    {"ET", "ETH", 231, "ET", "Ethiopia"},
    {"ER", "ERI", 232, "ER", "Eritrea"},
    {"EE", "EST", 233, "EN", "Estonia"},
    {"FO", "FRO", 234, "FO", "Faroe Islands"},
    {"FK", "FLK", 238, "FK", "Falkland Islands"},
    {"FJ", "FJI", 242, "FJ", "Fiji"},
    {"FI", "FIN", 246, "FI", "Finland"},
    {"FR", "FRA", 250, "FR", "France"},
    {"GF", "GUF", 254, "FG", "French Guiana"},
    {"PF", "PYF", 258, "FP", "French Polynesia"},
    {"DJ", "DJI", 262, "DJ", "Djibouti"},
    {"GA", "GAB", 266, "GB", "Gabon"},
    {"GE", "GEO", 268, "GG", "Georgia"},
    {"GM", "GMB", 270, "GA", "Gambia"},
    {"PS", "PSE", 275, "WE", "Palestine"},
    {"DE", "DEU", 276, "GM", "Germany"},
    {"GH", "GHA", 288, "GH", "Ghana"},
    {"GI", "GIB", 292, "GI", "Gibraltar"},
    {"KI", "KIR", 296, "KR", "Kiribati"},
    {"GR", "GRC", 300, "GR", "Greece"},
    {"GL", "GRL", 304, "GL", "Greenland"},
    {"GD", "GRD", 308, "GJ", "Grenada"},
    {"GP", "GLP", 312, "GP", "Guadeloupe"},
    {"GU", "GUM", 316, "GQ", "Guam"},
    {"GT", "GTM", 320, "GT", "Guatemala"},
    {"GN", "GIN", 324, "GV", "Guinea"},
    {"GY", "GUY", 328, "GY", "Guyana"},
    {"HT", "HTI", 332, "HA", "Haiti"},
    {"VA", "VAT", 336, "VT", "Vatican City"},
    {"HN", "HND", 340, "HO", "Honduras"},
    {"HK", "HKG", 344, "HK", "Hong Kong"},
    {"HU", "HUN", 348, "HU", "Hungary"},
    {"IS", "ISL", 352, "IC", "Iceland"},
    {"IN", "IND", 356, "IN", "India"},
    {"ID", "IDN", 360, "ID", "Indonesia"},
    {"IR", "IRN", 364, "IR", "Iran"},
    {"IQ", "IRQ", 368, "IZ", "Iraq"},
    {"IE", "IRL", 372, "EI", "Ireland"},
    {"IL", "ISR", 376, "IS", "Israel"},
    {"IT", "ITA", 380, "IT", "Italy"},
    {"CI", "CIV", 384, "IV", "Cote d'Ivoire"},
    {"JM", "JAM", 388, "JM", "Jamaica"},
    {"JP", "JPN", 392, "JA", "Japan"},
    {"KZ", "KAZ", 398, "KZ", "Kazakhstan"},
    {"JO", "JOR", 400, "JO", "Jordan"},
    {"KE", "KEN", 404, "KE", "Kenya"},
    {"KP", "PRK", 408, "KN", "North Korea"},
    {"KR", "KOR", 410, "KS", "South Korea"},
    {"KW", "KWT", 414, "KU", "Kuwait"},
    {"KG", "KGZ", 417, "KG", "Kyrgyzstan"},
    {"LA", "LAO", 418, "LA", "Laos"},
    {"LB", "LBN", 422, "LE", "Lebanon"},
    {"LS", "LSO", 426, "LT", "Lesotho"},
    {"LV", "LVA", 428, "LG", "Latvia"},
    {"LR", "LBR", 430, "LI", "Liberia"},
    {"LY", "LBY", 434, "LY", "Libya"},
    {"LI", "LIE", 438, "LS", "Liechtenstein"},
    {"LT", "LTU", 440, "LH", "Lithuania"},
    {"LU", "LUX", 442, "LU", "Luxembourg"},
    {"MO", "MAC", 446, "MC", "Macao"},
    {"MG", "MDG", 450, "MA", "Madagascar"},
    {"MW", "MWI", 454, "MI", "Malawi"},
    {"MY", "MYS", 458, "MY", "Malaysia"},
    {"MV", "MDV", 462, "MV", "Maldives"},
    {"ML", "MLI", 466, "ML", "Mali"},
    {"MT", "MLT", 470, "MT", "Malta"},
    {"MQ", "MTQ", 474, "MB", "Martinique"},
    {"MR", "MRT", 478, "MR", "Mauritania"},
    {"MU", "MUS", 480, "MP", "Mauritius"},
    {"MX", "MEX", 484, "MX", "Mexico"},
    {"MC", "MCO", 492, "MN", "Monaco"},
    {"MN", "MNG", 496, "MG", "Mongolia"},
    {"MD", "MDA", 498, "MD", "Moldova"},
    {"ME", "MNE", 499, "MJ", "Montenegro"},
    {"MA", "MAR", 504, "MO", "Morocco"},
    {"MZ", "MOZ", 508, "MZ", "Mozambique"},
    {"OM", "OMN", 512, "MU", "Oman"},
    {"NA", "NAM", 516, "WA", "Namibia"},
    {"NR", "NRU", 520, "NR", "Nauru"},
    {"NP", "NPL", 524, "NP", "Nepal"},
    {"NL", "NLD", 528, "NL", "Netherlands"},
    {"AW", "ABW", 533, "AA", "Aruba"},
    {"NC", "NCL", 540, "NC", "New Caledonia"},
    {"VU", "VUT", 548, "NH", "Vanuatu"},
    {"NZ", "NZL", 554, "NZ", "New Zealand"},
    {"NI", "NIC", 558, "NU", "Nicaragua"},
    {"NE", "NER", 562, "NG", "Niger"},
    {"NG", "NGA", 566, "NI", "Nigeria"},
    {"NO", "NOR", 578, "NO", "Norway"},
    {"FM", "FSM", 583, "FM", "Micronesia"},
    {"MH", "MHL", 584, "RM", "Marshall Islands"},
    {"PW", "PLW", 585, "PS", "Palau"},
    {"PK", "PAK", 586, "PK", "Pakistan"},
    {"PA", "PAN", 591, "PM", "Panama"},
    {"PG", "PNG", 598, "PP", "Papua New Guinea"},
    {"PY", "PRY", 600, "PA", "Paraguay"},
    {"PE", "PER", 604, "PE", "Peru"},
    {"PH", "PHL", 608, "RP", "Philippines"},
    {"PL", "POL", 616, "PL", "Poland"},
    {"PT", "PRT", 620, "PO", "Portugal"},
    {"GW", "GNB", 624, "PU", "Guinea-Bissau"},
    {"TL", "TLS", 626, "TT", "Timor-Leste"},
    {"PR", "PRI", 630, "RQ", "Puerto Rico"},
    {"QA", "QAT", 634, "QA", "Qatar"},
    {"RE", "REU", 638, "RE", "Reunion"},
    {"RO", "ROU", 642, "RO", "Romania"},
    {"RU", "RUS", 643, "RS", "Russia"},
    {"RW", "RWA", 646, "RW", "Rwanda"},
    {"KN", "KNA", 659, "SC", "Saint Kitts and Nevis"},
    {"LC", "LCA", 662, "ST", "Saint Lucia"},
    {"SM", "SMR", 674, "SM", "San Marino"},
    {"VC", "VCT", 670, "VC", "Saint Vincent and the Grenadines"},
    {"ST", "STP", 678, "TP", "Sao Tome and Principe"},
    {"SA", "SAU", 682, "SA", "Saudi Arabia"},
    {"SN", "SEN", 686, "SG", "Senegal"},
    {"RS", "SRB", 688, "RI", "Serbia"},
    {"SC", "SYC", 690, "SE", "Seychelles"},
    {"SL", "SLE", 694, "SL", "Sierra Leone"},
    {"SG", "SGP", 702, "SN", "Singapore"},
    {"SK", "SVK", 703, "LO", "Slovakia"},
    {"VN", "VNM", 704, "VM", "Vietnam"},
    {"SI", "SVN", 705, "SI", "Slovenia"},
    {"SO", "SOM", 706, "SO", "Somalia"},
    {"ZA", "ZAF", 710, "SF", "South Africa"},
    {"ZW", "ZWE", 716, "ZI", "Zimbabwe"},
    {"ES", "ESP", 724, "SP", "Spain"},
    {"SS", "SSD", 728, "OD", "South Sudan"},
    {"SD", "SDN", 729, "SU", "Sudan"},
    {"EH", "ESH", 732, "WI", "Western Sahara"},
    {"SR", "SUR", 740, "NS", "Suriname"},
    {"SZ", "SWZ", 748, "WZ", "Eswatini"},
    {"SE", "SWE", 752, "SW", "Sweden"},
    {"CH", "CHE", 756, "SZ", "Switzerland"},
    {"SY", "SYR", 760, "SY", "Syria"},
    {"TJ", "TJK", 762, "TI", "Tajikistan"},
    {"TH", "THA", 764, "TH", "Thailand"},
    {"TG", "TGO", 768, "TO", "Togo"},
    {"TO", "TON", 776, "TN", "Tonga"},
    {"TT", "TTO", 780, "TD", "Trinidad and Tobago"},
    {"AE", "ARE", 784, "AE", "United Arab Emirates"},
    {"TN", "TUN", 788, "TS", "Tunisia"},
    {"TR", "TUR", 792, "TU", "Turkey"},
    {"TM", "TKM", 795, "TX", "Turkmenistan"},
    {"TV", "TUV", 798, "TV", "Tuvalu"},
    {"UG", "UGA", 800, "UG", "Uganda"},
    {"UA", "UKR", 804, "UP", "Ukraine"},
    {"MK", "MKD", 807, "MK", "North Macedonia"},
    {"EG", "EGY", 818, "EG", "Egypt"},
    {"GB", "GBR", 826, "UK", "United Kingdom"},
    {"TZ", "TZA", 834, "TZ", "Tanzania"},
    {"US", "USA", 840, "US", "United States"},
    {"VI", "VIR", 850, "VQ", "United States Virgin Islands"},
    {"BF", "BFA", 854, "UV", "Burkina Faso"},
    {"UY", "URY", 858, "UY", "Uruguay"},
    {"UZ", "UZB", 860, "UZ", "Uzbekistan"},
    {"VE", "VEN", 862, "VE", "Venezuela"},
    {"WS", "WSM", 882, "WS", "Samoa"},
    {"YE", "YEM", 887, "YM", "Yemen"},
    {"ZM", "ZMB", 894, "ZA", "Zambia"},
    {"XK", "XKX", 0, "KV", "Kosovo"},
};

struct Indexes {
    QHash<QString, int> fips, alpha3, alpha2, name;
    QHash<int, int> numeric;
};

const Indexes &indexes()
{
    static const Indexes idx = [] {
        Indexes i;
        for (int k = 0; k < int(std::size(kCountries)); ++k) {
            const Country &c = kCountries[k];
            i.alpha2.insert(QString::fromLatin1(c.alpha2), k);
            i.alpha3.insert(QString::fromLatin1(c.alpha3), k);
            if (c.numeric > 0)
                i.numeric.insert(c.numeric, k);
            if (*c.fips)
                i.fips.insert(QString::fromLatin1(c.fips), k);
            i.name.insert(QString::fromLatin1(c.name).toCaseFolded(), k);
        }
        // FIPS gives Gaza its own code; ISO has one Palestine. Common English names ACLED and
        // GDELT use besides the table's.
        i.fips.insert(QStringLiteral("GZ"), i.alpha2.value(QStringLiteral("PS")));
        const std::pair<const char *, const char *> aliases[] = {
            {"ivory coast", "CI"},
            {"cape verde", "CV"},
            {"czech republic", "CZ"},
            {"swaziland", "SZ"},
            {"macedonia", "MK"},
            {"burma", "MM"},
            {"democratic republic of congo", "CD"},
            {"republic of congo", "CG"},
            {"congo", "CG"},
            {"east timor", "TL"},
            {"turkiye", "TR"},
            {"united states of america", "US"},
            {"russian federation", "RU"},
            {"viet nam", "VN"},
            {"eswatini", "SZ"},
            {"occupied palestinian territory", "PS"},
            {"palestinian territory", "PS"},
        };
        for (const auto &[alias, code] : aliases)
            i.name.insert(QString::fromLatin1(alias), i.alpha2.value(QString::fromLatin1(code)));
        return i;
    }();
    return idx;
}

QString alpha2At(int index)
{
    return index >= 0 ? QString::fromLatin1(kCountries[index].alpha2) : QString();
}

} // namespace

QString CountryCodes::fromFips(QStringView fips)
{
    return alpha2At(indexes().fips.value(fips.trimmed().toString().toUpper(), -1));
}

QString CountryCodes::fromAlpha3(QStringView alpha3)
{
    return alpha2At(indexes().alpha3.value(alpha3.trimmed().toString().toUpper(), -1));
}

QString CountryCodes::fromNumeric(int numeric)
{
    return alpha2At(indexes().numeric.value(numeric, -1));
}

QString CountryCodes::fromName(QStringView englishName)
{
    return alpha2At(indexes().name.value(englishName.trimmed().toString().toCaseFolded(), -1));
}

QString CountryCodes::name(QStringView alpha2)
{
    const int k = indexes().alpha2.value(alpha2.toString().toUpper(), -1);
    return k >= 0 ? QString::fromLatin1(kCountries[k].name) : QString();
}

bool CountryCodes::isKnownAlpha2(QStringView alpha2)
{
    return indexes().alpha2.contains(alpha2.toString().toUpper());
}

} // namespace mapline
