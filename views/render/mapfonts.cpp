#include "render/mapfonts.h"

#include <QStringList>

namespace mapline {

QFont MapFonts::font(int pixelSize, QFont::Weight weight, bool italic)
{
    QFont f;
    // A Helvetica-like face first (cartographic convention), then what every Linux has.
    f.setFamilies({QStringLiteral("Nimbus Sans"), QStringLiteral("Liberation Sans"), QStringLiteral("Arial"),
                   QStringLiteral("DejaVu Sans")});
    f.setStyleHint(QFont::SansSerif);
    f.setPixelSize(pixelSize);
    f.setWeight(weight);
    f.setItalic(italic);
    f.setHintingPreference(QFont::PreferNoHinting);
    return f;
}

QFont MapFonts::spacedCaps(int pixelSize, double spacingPercent, QFont::Weight weight)
{
    QFont f = font(pixelSize, weight);
    f.setCapitalization(QFont::AllUppercase);
    f.setLetterSpacing(QFont::PercentageSpacing, spacingPercent);
    return f;
}

} // namespace mapline
