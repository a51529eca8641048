#include "geo/gdalerrorcapture.h"

namespace mapline::geo {

GdalErrorCapture::GdalErrorCapture()
{
    CPLPushErrorHandlerEx(&GdalErrorCapture::handler, this);
}

GdalErrorCapture::~GdalErrorCapture()
{
    CPLPopErrorHandler();
}

void CPL_STDCALL GdalErrorCapture::handler(CPLErr errorClass, CPLErrorNum errorNumber, const char *message)
{
    Q_UNUSED(errorNumber);
    auto *self = static_cast<GdalErrorCapture *>(CPLGetErrorHandlerUserData());
    if (!self || errorClass == CE_Debug || errorClass == CE_None)
        return;
    const QString text = QString::fromUtf8(message).trimmed();
    // A few distinct messages say it all; a driver may repeat one per feature.
    if (errorClass >= CE_Failure && !self->mErrors.contains(text) && self->mErrors.size() < 20)
        self->mErrors << text;
    if (!text.isEmpty() && !self->mMessages.contains(text) && self->mMessages.size() < 20)
        self->mMessages << text;
}

QString GdalErrorCapture::describe(const QString &path, const QString &fallback) const
{
    return QStringLiteral("%1: %2").arg(path, mMessages.isEmpty() ? fallback : mMessages.join(QStringLiteral("; ")));
}

QString GdalErrorCapture::describe(const QString &fallback) const
{
    return mErrors.isEmpty() ? fallback : mErrors.join(QStringLiteral("; "));
}

} // namespace mapline::geo
