#pragma once

#include "exportcontext.h"
#include "render/snapshotwriter.h"

#include <QDialog>
#include <QFutureWatcher>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace mapline {

class ExportFooter;
class FileRow;

// File > Export map: the current view as PNG, SVG, PDF or GeoTIFF through SnapshotWriter. The
// format follows the file name's suffix; the size is the view's by default (presets, or any
// size), with a pixel ratio for PNG; a PDF can go on A4, A3 or Letter paper, portrait or
// landscape, with margins; the style is the screen's or the briefing one (no clusters, symbols by
// type per place with the places' names); the title and each decoration can be set. Choices are
// remembered (QSettings, "exportMap/..."), the title across exports and formats ("export/title"). Large images render on a worker thread while the
// dialog shows a busy bar; problems are shown in the dialog, naming the file.
class ExportMapDialog : public QDialog {
    Q_OBJECT
public:
    // Above this many device pixels the frame renders on a worker thread.
    static constexpr qint64 kWorkerPixels = 2'000'000;

    explicit ExportMapDialog(const ExportContext &context, QWidget *parent = nullptr);
    ~ExportMapDialog() override;

    QString filePath() const;
    void setFilePath(const QString &path);
    std::optional<SnapshotWriter::Format> format() const; // from the file name
    QSize outputSize() const;                             // logical pixels
    void setOutputSize(const QSize &size);                // picks the preset, else "Custom"
    double pixelRatio() const;
    void setPixelRatio(double ratio);
    QString title() const;
    void setTitle(const QString &title);
    bool briefing() const;
    void setBriefing(bool on);
    SnapshotWriter::Page page() const; // the PDF's paper (Paper::Map when not a PDF)
    void setPage(const SnapshotWriter::Page &page);
    bool decoration(MapSettings::Decoration decoration) const;
    void setDecoration(MapSettings::Decoration decoration, bool on);
    bool isWriting() const;
    QString errorText() const; // the last problem shown, empty when none

    // The frame that would be written: the view's area at the chosen size, ratio, title and
    // decorations.
    MapSettings frameSettings() const;

public slots:
    // Checks the choices and writes the file; closes the dialog once it is written.
    void accept() override;
    void reject() override;

signals:
    void written(const QString &path);
    void failed(const QString &message);

private:
    void browse();
    void updateFormat();
    void presetChanged();
    void finish(const Status &status, const QString &path);
    void restoreChoices();
    void saveChoices() const;
    QList<std::pair<MapSettings::Decoration, QCheckBox *>> decorationBoxes() const;

    ExportContext mContext;
    FileRow *mFile;
    QLabel *mFormatLabel;
    QComboBox *mPreset;
    QSpinBox *mWidth;
    QSpinBox *mHeight;
    QDoubleSpinBox *mRatio;
    QComboBox *mStyle = nullptr;
    QComboBox *mPaper = nullptr;
    QComboBox *mOrientation = nullptr;
    QLineEdit *mTitle;
    QCheckBox *mShowTitle;
    QCheckBox *mCaption;
    QCheckBox *mLegend;
    QCheckBox *mScaleBar;
    QCheckBox *mNorthArrow;
    QCheckBox *mAttribution;
    QCheckBox *mLabels;
    ExportFooter *mFooter;
    QFutureWatcher<Status> mWatcher;
    QString mWritingPath;
};

} // namespace mapline
