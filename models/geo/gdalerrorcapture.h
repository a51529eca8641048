#pragma once

#include <cpl_error.h>

#include <QString>
#include <QStringList>

namespace mapline::geo {

// Collects what GDAL says (warnings and errors) while it is alive, instead of letting GDAL print
// to stderr, so callers can report the messages with the file name. GDAL's handler stack is per
// thread: create it on the thread that calls GDAL, and keep it on the stack (captures nest).
class GdalErrorCapture {
public:
    GdalErrorCapture();
    ~GdalErrorCapture();
    GdalErrorCapture(const GdalErrorCapture &) = delete;
    GdalErrorCapture &operator=(const GdalErrorCapture &) = delete;

    const QStringList &messages() const { return mMessages; } // warnings and errors, in order
    const QStringList &errors() const { return mErrors; }     // failures only
    bool hasErrors() const { return !mErrors.isEmpty(); }
    // "path: message; message" or "path: " + fallback when GDAL said nothing.
    QString describe(const QString &path, const QString &fallback) const;
    // The failures joined, or `fallback` when GDAL reported none.
    QString describe(const QString &fallback) const;

private:
    static void CPL_STDCALL handler(CPLErr errorClass, CPLErrorNum errorNumber, const char *message);

    QStringList mMessages;
    QStringList mErrors;
};

} // namespace mapline::geo
