#pragma once

#include "render/mapsettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QPushButton;
class QSlider;

namespace mapline {

// The style of one user layer: line and point colour, line width, area fill (or none),
// opacity, the attribute that names its features, and whether it is a basemap (drawn under the
// borders and names). Edits a copy of MapSettings::Layer; style() gives it back.
class LayerStyleDialog : public QDialog {
    Q_OBJECT
public:
    LayerStyleDialog(const MapSettings::Layer &layer, QWidget *parent = nullptr);
    MapSettings::Layer style() const;

private:
    void pickColour(QColor &colour, QPushButton *button);
    static void showColour(QPushButton *button, const QColor &colour);

    MapSettings::Layer mLayer;
    QPushButton *mColour;
    QDoubleSpinBox *mWidth;
    QCheckBox *mFilled;
    QPushButton *mFill;
    QSlider *mOpacity;
    QComboBox *mLabel;
    QCheckBox *mBasemap;
};

} // namespace mapline
