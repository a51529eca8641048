// File > Export map: the current view written by SnapshotWriter, as the analyst chooses it.
#include "exportmapdialog.h"

#include "exportdialogparts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtConcurrent>

namespace mapline {
namespace {

const QString kGroup = QStringLiteral("exportMap/");

struct Preset {
    const char *label;
    QSize size;
};
// Slides, screens and print: 16:9 and 16:10 sizes, and A4 landscape at 150 dpi.
const Preset kPresets[] = {
    {"1280 × 720 (HD)", {1280, 720}},       {"1600 × 1000", {1600, 1000}},
    {"1920 × 1080 (full HD)", {1920, 1080}}, {"3840 × 2160 (4K)", {3840, 2160}},
    {"A4 landscape, 150 dpi", {1754, 1240}},
};
constexpr int kViewPreset = 0; // then kPresets, then "Custom"

QString filterForFormats()
{
    return QObject::tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;GeoTIFF for GIS (*.tif *.tiff)");
}

} // namespace

ExportMapDialog::ExportMapDialog(const ExportContext &context, QWidget *parent)
    : QDialog(parent)
    , mContext(context)
{
    setWindowTitle(tr("Export Map"));
    auto *form = new QFormLayout;

    mFile = new FileRow;
    mFile->addTo(form, tr("&File:"));
    mFormatLabel = new QLabel;
    mFormatLabel->setWordWrap(true);
    form->addRow(tr("Format:"), mFormatLabel);

    mPreset = new QComboBox;
    const QSize view = context.view.outputSize();
    mPreset->addItem(tr("Size of the view (%1 × %2)").arg(view.width()).arg(view.height()), view);
    for (const Preset &p : kPresets)
        mPreset->addItem(QString::fromUtf8(p.label), p.size);
    mPreset->addItem(tr("Custom"), QSize());
    form->addRow(tr("&Size:"), mPreset);
    mWidth = new QSpinBox;
    mHeight = new QSpinBox;
    for (QSpinBox *box : {mWidth, mHeight}) {
        box->setRange(64, 10000);
        box->setSuffix(tr(" px"));
    }
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(mWidth);
    sizeRow->addWidget(new QLabel(QStringLiteral("×")));
    sizeRow->addWidget(mHeight);
    sizeRow->addStretch(1);
    form->addRow(QString(), sizeRow);
    mRatio = new QDoubleSpinBox;
    mRatio->setRange(0.5, 4.0);
    mRatio->setSingleStep(0.5);
    mRatio->setDecimals(1);
    mRatio->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed); // a number, not a text field
    mRatio->setToolTip(tr("2 gives twice the pixels each way for sharp print and high-density screens; names and "
                          "symbols keep their size on the map (PNG and GeoTIFF)."));
    form->addRow(tr("&Pixel ratio:"), mRatio);

    mPaper = new QComboBox;
    mPaper->setObjectName(QStringLiteral("paper"));
    mPaper->addItem(tr("The size above (one page)"), int(SnapshotWriter::Page::Paper::Map));
    mPaper->addItem(tr("A4"), int(SnapshotWriter::Page::Paper::A4));
    mPaper->addItem(tr("A3"), int(SnapshotWriter::Page::Paper::A3));
    mPaper->addItem(tr("Letter"), int(SnapshotWriter::Page::Paper::Letter));
    mPaper->setToolTip(tr("A PDF on paper: the map fills the page inside 10 mm margins, showing the same area"));
    mOrientation = new QComboBox;
    mOrientation->setObjectName(QStringLiteral("orientation"));
    mOrientation->addItem(tr("Landscape"));
    mOrientation->addItem(tr("Portrait"));
    auto *paperRow = new QHBoxLayout;
    paperRow->addWidget(mPaper);
    paperRow->addWidget(mOrientation);
    paperRow->addStretch(1);
    auto *paperLabel = new QLabel(tr("P&aper (PDF):"));
    paperLabel->setBuddy(mPaper);
    form->addRow(paperLabel, paperRow);

    mStyle = new QComboBox;
    mStyle->setObjectName(QStringLiteral("style"));
    mStyle->addItem(tr("As on screen (clusters where crowded)"));
    mStyle->addItem(tr("Briefing (symbols by type at each place, place names)"));
    mStyle->setToolTip(tr("Briefing: no clusters; at each place one symbol per event type with its count and the "
                          "place's name; the legend lists only what is drawn"));
    form->addRow(tr("St&yle:"), mStyle);

    // The title given last time, for this export or another, in any format.
    mTitle = new QLineEdit(context.view.title().isEmpty() ? QSettings().value(QStringLiteral("export/title")).toString()
                                                          : context.view.title());
    mTitle->setObjectName(QStringLiteral("title"));
    mTitle->setPlaceholderText(tr("No title"));
    form->addRow(tr("&Title:"), mTitle);

    mShowTitle = new QCheckBox(tr("Title"));
    mCaption = new QCheckBox(tr("Time window caption"));
    mLegend = new QCheckBox(tr("Legend"));
    mScaleBar = new QCheckBox(tr("Scale bar"));
    mNorthArrow = new QCheckBox(tr("North arrow"));
    mAttribution = new QCheckBox(tr("Attribution"));
    mLabels = new QCheckBox(tr("Place names"));
    auto *decorationsGrid = new QGridLayout;
    int cell = 0;
    for (const auto &[decoration, box] : decorationBoxes()) {
        decorationsGrid->addWidget(box, cell / 2, cell % 2);
        ++cell;
    }
    form->addRow(tr("Show:"), decorationsGrid);

    mFooter = ExportFooter::addTo(this, form);

    connect(mFile, &FileRow::browseClicked, this, &ExportMapDialog::browse);
    connect(mFile, &FileRow::pathChanged, this, &ExportMapDialog::updateFormat);
    connect(mPreset, &QComboBox::currentIndexChanged, this, &ExportMapDialog::presetChanged);
    connect(mPaper, &QComboBox::currentIndexChanged, this, &ExportMapDialog::updateFormat);
    connect(mFooter, &ExportFooter::failed, this, &ExportMapDialog::failed);
    connect(&mWatcher, &QFutureWatcher<Status>::finished, this,
            [this] { finish(mWatcher.result(), mWritingPath); });
    restoreChoices();
    updateFormat();
}

ExportMapDialog::~ExportMapDialog()
{
    // The worker holds a copy of everything it needs; wait so the file is complete or gone.
    mWatcher.waitForFinished();
}

QList<std::pair<MapSettings::Decoration, QCheckBox *>> ExportMapDialog::decorationBoxes() const
{
    return {{MapSettings::Title, mShowTitle},       {MapSettings::Caption, mCaption},
            {MapSettings::Legend, mLegend},         {MapSettings::ScaleBar, mScaleBar},
            {MapSettings::NorthArrow, mNorthArrow}, {MapSettings::Attribution, mAttribution},
            {MapSettings::Labels, mLabels}};
}

QString ExportMapDialog::filePath() const
{
    return mFile->path();
}

void ExportMapDialog::setFilePath(const QString &path)
{
    mFile->setPath(path);
}

std::optional<SnapshotWriter::Format> ExportMapDialog::format() const
{
    return SnapshotWriter::formatOf(filePath());
}

QSize ExportMapDialog::outputSize() const
{
    return QSize(mWidth->value(), mHeight->value());
}

void ExportMapDialog::setOutputSize(const QSize &size)
{
    int preset = mPreset->count() - 1; // Custom
    for (int i = 0; i < mPreset->count() - 1; ++i)
        if (mPreset->itemData(i).toSize() == size) {
            preset = i;
            break;
        }
    mPreset->setCurrentIndex(preset);
    mWidth->setValue(size.width());
    mHeight->setValue(size.height());
}

double ExportMapDialog::pixelRatio() const
{
    return mRatio->value();
}

void ExportMapDialog::setPixelRatio(double ratio)
{
    mRatio->setValue(ratio);
}

QString ExportMapDialog::title() const
{
    return mTitle->text().trimmed();
}

void ExportMapDialog::setTitle(const QString &title)
{
    mTitle->setText(title);
}

bool ExportMapDialog::briefing() const
{
    return mStyle->currentIndex() == 1;
}

void ExportMapDialog::setBriefing(bool on)
{
    mStyle->setCurrentIndex(on ? 1 : 0);
}

SnapshotWriter::Page ExportMapDialog::page() const
{
    SnapshotWriter::Page page;
    if (format() != SnapshotWriter::Format::Pdf)
        return page;
    page.paper = SnapshotWriter::Page::Paper(mPaper->currentData().toInt());
    page.portrait = mOrientation->currentIndex() == 1;
    return page;
}

void ExportMapDialog::setPage(const SnapshotWriter::Page &page)
{
    mPaper->setCurrentIndex(std::max(0, mPaper->findData(int(page.paper))));
    mOrientation->setCurrentIndex(page.portrait ? 1 : 0);
}

bool ExportMapDialog::decoration(MapSettings::Decoration decoration) const
{
    for (const auto &[d, box] : decorationBoxes())
        if (d == decoration)
            return box->isChecked();
    return false;
}

void ExportMapDialog::setDecoration(MapSettings::Decoration decoration, bool on)
{
    for (const auto &[d, box] : decorationBoxes())
        if (d == decoration)
            box->setChecked(on);
}

bool ExportMapDialog::isWriting() const
{
    return mFooter->isRunning();
}

QString ExportMapDialog::errorText() const
{
    return mFooter->errorText();
}

MapSettings ExportMapDialog::frameSettings() const
{
    MapSettings frame = mContext.view;
    const QRectF area = frame.extent();
    frame.setOutputSize(outputSize());
    // The area the analyst sees, fitted into the new size (a different shape shows a little more).
    frame.setExtent(area);
    frame.setDevicePixelRatio(pixelRatio());
    frame.setTitle(title());
    int decorations = 0;
    for (const auto &[d, box] : decorationBoxes())
        if (box->isChecked())
            decorations |= d;
    frame.setDecorations(decorations);
    frame.setSelectedEventId(0); // the selection is the analyst's cursor, not part of the map
    frame.setSpread(std::nullopt);
    frame.setBriefing(briefing());
    return SnapshotWriter::fittedToPage(frame, page()); // a paper's printable part, the same area
}

void ExportMapDialog::browse()
{
    const QString start = filePath().isEmpty()
                              ? QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)
                              : filePath();
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export Map"), start, filterForFormats());
    if (!chosen.isEmpty())
        setFilePath(chosen);
}

void ExportMapDialog::updateFormat()
{
    const auto f = format();
    if (filePath().isEmpty())
        mFormatLabel->setText(tr("Chosen by the file name: .png, .svg, .pdf or .tif"));
    else if (!f)
        mFormatLabel->setText(tr("Unknown: name the file .png, .svg, .pdf or .tif"));
    else if (*f == SnapshotWriter::Format::GeoTiff)
        mFormatLabel->setText(tr("GeoTIFF in Web Mercator (EPSG:3857), for GIS"));
    else if (*f == SnapshotWriter::Format::Png)
        mFormatLabel->setText(tr("PNG image"));
    else
        mFormatLabel->setText(tr("%1 (vector: shapes and names stay sharp)").arg(SnapshotWriter::label(*f)));
    // The pixel ratio means nothing to a vector file; paper is for a PDF, and sets the size.
    mRatio->setEnabled(!f || *f == SnapshotWriter::Format::Png || *f == SnapshotWriter::Format::GeoTiff);
    const bool pdf = f && *f == SnapshotWriter::Format::Pdf;
    mPaper->setEnabled(pdf);
    const bool paper = pdf && mPaper->currentIndex() > 0;
    mOrientation->setEnabled(paper);
    mPreset->setEnabled(!paper);
    const bool custom = !mPreset->currentData().toSize().isValid();
    mWidth->setEnabled(!paper && custom);
    mHeight->setEnabled(!paper && custom);
    mFooter->setExportAllowed(f.has_value());
}

void ExportMapDialog::presetChanged()
{
    const QSize size = mPreset->currentData().toSize();
    const bool custom = !size.isValid();
    mWidth->setEnabled(custom);
    mHeight->setEnabled(custom);
    if (!custom) {
        mWidth->setValue(size.width());
        mHeight->setValue(size.height());
    }
    if (mPaper)
        updateFormat(); // a paper size keeps the size fields off
}

void ExportMapDialog::accept()
{
    if (isWriting())
        return;
    mFooter->showStatus(QString(), false);
    const QString path = filePath();
    const auto f = format();
    if (path.isEmpty())
        return mFooter->showStatus(tr("Choose a file to write."), true);
    if (!f)
        return mFooter->showStatus(tr("Cannot tell the format of %1: name it .png, .svg, .pdf or .tif.").arg(path), true);
    const QFileInfo info(path);
    if (!info.absoluteDir().exists())
        return mFooter->showStatus(tr("Cannot write %1: the folder %2 does not exist.")
                             .arg(path, QDir::toNativeSeparators(info.absolutePath())), true);
    saveChoices();
    const MapSettings frame = frameSettings();
    const SnapshotProvenance provenance =
        SnapshotProvenance::of(frame, mContext.databasePath, SnapshotProvenance::describeFilters(mContext.filters));
    const qreal ratio = *f == SnapshotWriter::Format::Png || *f == SnapshotWriter::Format::GeoTiff
                            ? frame.devicePixelRatio()
                            : 1.0;
    const qint64 pixels = qint64(frame.outputSize().width() * ratio) * qint64(frame.outputSize().height() * ratio);
    const auto write = [frame, path, format = *f, provenance, page = page()] {
        return SnapshotWriter::write(frame, path, format, provenance, page); // frame fits the paper already
    };
    if (pixels <= kWorkerPixels && *f != SnapshotWriter::Format::Pdf) {
        finish(write(), path);
        return;
    }
    // Large images and PDFs take a while: the GUI stays live, the dialog waits with a busy bar.
    // SnapshotWriter cannot stop halfway, so Cancel waits too.
    mWritingPath = path;
    mFooter->startRun(tr("Writing %1…").arg(QDir::toNativeSeparators(path)), false);
    mWatcher.setFuture(QtConcurrent::run(write));
}

void ExportMapDialog::finish(const Status &status, const QString &path)
{
    mFooter->endRun();
    if (!status) {
        mFooter->showStatus(status.error(), true);
        return;
    }
    emit written(path);
    QDialog::accept();
}

void ExportMapDialog::reject()
{
    if (isWriting())
        return; // the file is being written: it appears whole or not at all, but wait for it
    QDialog::reject();
}

void ExportMapDialog::restoreChoices()
{
    QSettings s;
    const QString folder = s.value(kGroup + QStringLiteral("folder")).toString();
    const QString suffix = s.value(kGroup + QStringLiteral("suffix"), QStringLiteral("png")).toString();
    const QString base = folder.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::PicturesLocation) : folder;
    if (!base.isEmpty())
        mFile->setPath(QDir(base).filePath(QStringLiteral("map.") + suffix));
    const int preset = s.value(kGroup + QStringLiteral("preset"), kViewPreset).toInt();
    mPreset->setCurrentIndex(std::clamp(preset, 0, mPreset->count() - 1));
    presetChanged();
    if (!mPreset->currentData().toSize().isValid()) {
        mWidth->setValue(s.value(kGroup + QStringLiteral("width"), 1600).toInt());
        mHeight->setValue(s.value(kGroup + QStringLiteral("height"), 1000).toInt());
    }
    mRatio->setValue(s.value(kGroup + QStringLiteral("pixelRatio"), 1.0).toDouble());
    mStyle->setCurrentIndex(s.value(kGroup + QStringLiteral("briefing"), false).toBool() ? 1 : 0);
    mPaper->setCurrentIndex(std::clamp(s.value(kGroup + QStringLiteral("paper"), 0).toInt(), 0, mPaper->count() - 1));
    mOrientation->setCurrentIndex(s.value(kGroup + QStringLiteral("portrait"), false).toBool() ? 1 : 0);
    const int decorations =
        s.value(kGroup + QStringLiteral("decorations"), SnapshotWriter::defaultDecorations(SnapshotWriter::Format::Png))
            .toInt();
    for (const auto &[d, box] : decorationBoxes())
        box->setChecked(decorations & d);
}

void ExportMapDialog::saveChoices() const
{
    QSettings s;
    const QFileInfo info(filePath());
    s.setValue(kGroup + QStringLiteral("folder"), info.absolutePath());
    s.setValue(kGroup + QStringLiteral("suffix"), info.suffix().toLower());
    s.setValue(kGroup + QStringLiteral("preset"), mPreset->currentIndex());
    s.setValue(kGroup + QStringLiteral("width"), mWidth->value());
    s.setValue(kGroup + QStringLiteral("height"), mHeight->value());
    s.setValue(kGroup + QStringLiteral("pixelRatio"), mRatio->value());
    s.setValue(kGroup + QStringLiteral("briefing"), briefing());
    s.setValue(kGroup + QStringLiteral("paper"), mPaper->currentIndex());
    s.setValue(kGroup + QStringLiteral("portrait"), mOrientation->currentIndex() == 1);
    s.setValue(QStringLiteral("export/title"), title()); // for the next export, of any kind
    int decorations = 0;
    for (const auto &[d, box] : decorationBoxes())
        if (box->isChecked())
            decorations |= d;
    s.setValue(kGroup + QStringLiteral("decorations"), decorations);
}

void showExportMapDialog(QWidget *parent, const ExportContext &context)
{
    ExportMapDialog dialog(context, parent);
    dialog.exec();
}

} // namespace mapline
