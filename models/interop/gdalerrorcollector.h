#pragma once

#include <cpl_error.h>

#include <QString>
#include <QStringList>

namespace mapline::gdal {

// Captures GDAL's own messages on this thread for its lifetime (CPLPushErrorHandlerEx), so they
// reach the user with the file name instead of going to stderr unannounced. Not copyable;
// nest freely (handlers stack).
class GdalErrorCollector {
public:
    GdalErrorCollector();
    ~GdalErrorCollector();
    GdalErrorCollector(const GdalErrorCollector &) = delete;
    GdalErrorCollector &operator=(const GdalErrorCollector &) = delete;

    bool hasErrors() const { return !mErrors.isEmpty(); }
    const QStringList &errors() const { return mErrors; }
    const QStringList &warnings() const { return mWarnings; }
    // The errors joined for a message, or `fallback` when GDAL said nothing.
    QString describe(const QString &fallback) const;
    void clear();

private:
    static void CPL_STDCALL handler(CPLErr errorClass, CPLErrorNum errorNumber, const char *message);
    QStringList mErrors;
    QStringList mWarnings;
};

} // namespace mapline::gdal
