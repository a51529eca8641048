#include "interop/gdalerrorcollector.h"

#include "interop/gdalhandles.h"

#include <mutex>

namespace mapline::gdal {

void ensureRegistered()
{
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

SrsPtr wgs84()
{
    SrsPtr srs(OSRNewSpatialReference(nullptr));
    OSRImportFromEPSG(srs.get(), 4326);
    OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

GdalErrorCollector::GdalErrorCollector()
{
    CPLPushErrorHandlerEx(&GdalErrorCollector::handler, this);
}

GdalErrorCollector::~GdalErrorCollector()
{
    CPLPopErrorHandler();
}

void CPL_STDCALL GdalErrorCollector::handler(CPLErr errorClass, CPLErrorNum, const char *message)
{
    auto *self = static_cast<GdalErrorCollector *>(CPLGetErrorHandlerUserData());
    if (!self)
        return;
    const QString text = QString::fromUtf8(message).trimmed();
    if (errorClass == CE_Failure || errorClass == CE_Fatal)
        self->mErrors << text;
    else if (errorClass == CE_Warning)
        self->mWarnings << text;
}

QString GdalErrorCollector::describe(const QString &fallback) const
{
    if (mErrors.isEmpty())
        return fallback;
    QStringList unique;
    for (const QString &e : mErrors)
        if (!unique.contains(e))
            unique << e;
    return unique.join(QStringLiteral("; "));
}

void GdalErrorCollector::clear()
{
    mErrors.clear();
    mWarnings.clear();
}

} // namespace mapline::gdal
