#include "layerstyledialog.h"

#include "geo/layersource.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QSlider>

namespace mapline {

LayerStyleDialog::LayerStyleDialog(const MapSettings::Layer &layer, QWidget *parent)
    : QDialog(parent)
    , mLayer(layer)
    , mColour(new QPushButton(this))
    , mWidth(new QDoubleSpinBox(this))
    , mFilled(new QCheckBox(tr("Fill areas"), this))
    , mFill(new QPushButton(this))
    , mOpacity(new QSlider(Qt::Horizontal, this))
    , mLabel(new QComboBox(this))
    , mBasemap(new QCheckBox(tr("Basemap: under the borders and names"), this))
{
    setWindowTitle(tr("Style of %1").arg(layer.source->name()));
    mColour->setObjectName(QStringLiteral("colour"));
    mWidth->setObjectName(QStringLiteral("width"));
    mOpacity->setObjectName(QStringLiteral("opacity"));
    mLabel->setObjectName(QStringLiteral("labelField"));
    mBasemap->setObjectName(QStringLiteral("basemap"));
    if (!mLayer.colour.isValid())
        mLayer.colour = QColor(0x1d, 0x7a, 0x8c);
    showColour(mColour, mLayer.colour);
    mWidth->setRange(0.2, 20.0);
    mWidth->setSingleStep(0.5);
    mWidth->setSuffix(tr(" px"));
    mWidth->setValue(mLayer.width);
    mFilled->setChecked(!mLayer.fill.isValid() || mLayer.fill.alpha() > 0);
    QColor fill = mLayer.fill.isValid() ? mLayer.fill : QColor(mLayer.colour.red(), mLayer.colour.green(), mLayer.colour.blue(), 70);
    mLayer.fill = fill;
    showColour(mFill, fill);
    mOpacity->setRange(0, 100);
    mOpacity->setValue(int(std::lround(mLayer.opacity * 100)));
    mLabel->addItem(tr("(no labels)"), QString());
    if (const VectorLayer *vector = layer.source->vector())
        for (const QString &field : vector->fieldNames())
            mLabel->addItem(field, field);
    mLabel->setCurrentIndex(std::max(0, mLabel->findData(mLayer.labelField)));
    mBasemap->setChecked(mLayer.basemap);
    const bool vector = layer.source->vector() != nullptr;
    for (QWidget *w : {static_cast<QWidget *>(mColour), static_cast<QWidget *>(mWidth), static_cast<QWidget *>(mFilled),
                       static_cast<QWidget *>(mFill), static_cast<QWidget *>(mLabel)})
        w->setEnabled(vector);

    connect(mColour, &QPushButton::clicked, this, [this] { pickColour(mLayer.colour, mColour); });
    connect(mFill, &QPushButton::clicked, this, [this] { pickColour(mLayer.fill, mFill); });
    connect(mFilled, &QCheckBox::toggled, mFill, &QWidget::setEnabled);
    mFill->setEnabled(vector && mFilled->isChecked());

    auto *fillRow = new QHBoxLayout;
    fillRow->addWidget(mFilled);
    fillRow->addWidget(mFill);
    auto *form = new QFormLayout;
    form->addRow(tr("Lines and points"), mColour);
    form->addRow(tr("Line width"), mWidth);
    form->addRow(tr("Areas"), fillRow);
    form->addRow(tr("Opacity"), mOpacity);
    form->addRow(tr("Label from"), mLabel);
    form->addRow(QString(), mBasemap);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

MapSettings::Layer LayerStyleDialog::style() const
{
    MapSettings::Layer out = mLayer;
    out.width = mWidth->value();
    out.opacity = mOpacity->value() / 100.0;
    out.labelField = mLabel->currentData().toString();
    out.basemap = mBasemap->isChecked();
    if (!mFilled->isChecked())
        out.fill = QColor(0, 0, 0, 0); // valid and transparent: no fill
    return out;
}

void LayerStyleDialog::pickColour(QColor &colour, QPushButton *button)
{
    const QColor picked = QColorDialog::getColor(colour, this, tr("Colour"), QColorDialog::ShowAlphaChannel);
    if (!picked.isValid())
        return;
    colour = picked;
    showColour(button, picked);
}

void LayerStyleDialog::showColour(QPushButton *button, const QColor &colour)
{
    button->setText(colour.name(QColor::HexArgb));
    button->setStyleSheet(QStringLiteral("background-color: %1;").arg(colour.name(QColor::HexArgb)));
}

} // namespace mapline
