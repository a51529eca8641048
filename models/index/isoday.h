#pragma once

#include <QtGlobal>

#include <optional>
#include <string_view>

namespace mapline {

// "YYYY-MM-DD" (anything may follow) to days since 1970-01-01 without building a QDate, for the
// index loaders that read millions of stored dates (SQLite's text and PostgreSQL's ISO DateStyle
// alike). Howard Hinnant's days_from_civil. A day up to 31 is taken in any month ("2001-02-30" is
// 2001-03-02), as the loader always did.
inline std::optional<qint32> isoDayNumber(std::string_view text)
{
    if (text.size() < 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    const auto digits = [&text](size_t from, size_t count) {
        int v = 0;
        for (size_t i = from; i < from + count; ++i) {
            const char c = text[i];
            if (c < '0' || c > '9')
                return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    };
    int y = digits(0, 4);
    const int m = digits(5, 2);
    const int d = digits(8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31)
        return std::nullopt;
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return qint32(era * 146097 + doe - 719468);
}

} // namespace mapline
