#pragma once

#include "exportcontext.h"
#include "interop/exportformat.h"
#include "result.h"

#include <QDialog>
#include <QFutureWatcher>

class QCheckBox;
class QComboBox;

namespace mapline {

class ExportFooter;
class FileRow;

// File > Export data: the events as GeoJSON, KML, GeoPackage, CSV or Shapefile (EventExporter).
// "Only the events shown" (the filters and the time window) is on by default. The export runs
// on a worker thread with its own EventStore connection to the context's database, with a
// progress bar and Cancel; a cancelled or failed export writes nothing. Choices are remembered
// (QSettings, "exportData/...").
class ExportDataDialog : public QDialog {
    Q_OBJECT
public:
    struct Outcome {
        Status status;
        qint64 written = 0;
        qint64 withoutPosition = 0;
        qint64 cutValues = 0;
        bool cancelled = false;
    };

    explicit ExportDataDialog(const ExportContext &context, QWidget *parent = nullptr);
    ~ExportDataDialog() override;

    QString filePath() const;
    void setFilePath(const QString &path);
    ExportFormat format() const;
    void setFormat(ExportFormat format); // also changes the file name's suffix
    bool onlyShown() const;
    void setOnlyShown(bool on);
    bool isRunning() const;
    QString statusText() const; // the last result or problem shown
    const Outcome &lastOutcome() const { return mOutcome; }

public slots:
    // Checks the choices and starts the export; the dialog closes when it has written the file.
    void accept() override;
    // While an export runs: cancels it (nothing is written), then closes.
    void reject() override;

signals:
    void exported(const QString &path, qint64 written);
    void failed(const QString &message);

private:
    void browse();
    void formatChosen();
    void finish();

    ExportContext mContext;
    QComboBox *mFormat;
    FileRow *mFile;
    QCheckBox *mOnlyShown;
    ExportFooter *mFooter;
    QFutureWatcher<Outcome> mWatcher;
    Outcome mOutcome;
    QString mRunningPath;
};

} // namespace mapline
