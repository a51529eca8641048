// File > Export data: the events, as shown or all of them, written by EventExporter on a worker.
#include "exportdatadialog.h"

#include "exportdialogparts.h"

#include "interop/eventexporter.h"
#include "readstore.h"
#include "store/eventstore.h"
#include "store/pg/pgconnection.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QtConcurrent>

namespace mapline {
namespace {

const QString kGroup = QStringLiteral("exportData/");
constexpr ExportFormat kFormats[] = {ExportFormat::GeoJson, ExportFormat::Kml, ExportFormat::GeoPackage,
                                     ExportFormat::Csv, ExportFormat::Shapefile};

// What the worker needs, copied: it must not touch the dialog.
struct Job {
    QString database;
    QByteArray password; // a shared store's, typed by the analyst (memory only)
    QString path;
    ExportFormat format;
    bool onlyShown;
    EventQuery query;
    QSet<DatePrecision> precisions; // the filters the store's query cannot apply
    bool exactPlacesOnly = false;
};

bool approximatePlace(const Event &e)
{
    // As the map's index marks them (EventIndex::Uncertain).
    const GeoPrecision p = e.place.precision;
    return p == GeoPrecision::Province || p == GeoPrecision::Country || p == GeoPrecision::Unknown;
}

ExportDataDialog::Outcome runJob(const Job &job, const std::shared_ptr<std::atomic_bool> &cancel,
                                 const EventExporter::Progress &progress)
{
    ExportDataDialog::Outcome outcome;
    const auto shown = [&job](const Event &e) {
        return !job.onlyShown || ((job.precisions.isEmpty() || job.precisions.contains(e.time.precision)) &&
                                  !(job.exactPlacesOnly && approximatePlace(e)));
    };
    // Its own connection, opened on this thread: the viewer's store stays the GUI thread's. A
    // SQLite file counts the events first (the progress bar's end); a shared store's export is
    // read as `mapline export --db URL` reads it, and the bar stays busy until it is written.
    std::unique_ptr<EventStore> file;
    std::unique_ptr<cli::ReadStore> server;
    EventExporter::Source source;
    // Either store streams its events the same way; the filters the query cannot apply, here.
    const auto streamFrom = [&source, &job, &shown](const auto &db) {
        source.forEach = [&db, &job, &shown](const std::function<bool(const Event &)> &sink) {
            return db.forEachEvent(job.query, [&](Event &&e) { return !shown(e) || sink(e); });
        };
    };
    if (pg::isUrl(job.database)) {
        auto opened = cli::ReadStore::Source{job.database, job.password}.open();
        if (!opened) {
            outcome.status = Status::failure(opened.error());
            return outcome;
        }
        server = std::move(opened.value());
        const auto types = server->eventTypes(job.query);
        if (!types) {
            outcome.status = Status::failure(types.error());
            return outcome;
        }
        source.types = *types;
        streamFrom(std::as_const(*server));
    } else {
        auto opened = EventStore::open(job.database, EventStore::Mode::ReadOnly);
        if (!opened) {
            outcome.status = Status::failure(opened.error());
            return outcome;
        }
        file = std::move(opened.value());
        // Streamed from the database to the file: memory stays flat however many events there are.
        const auto types = file->eventTypes(job.query);
        const auto total = file->eventCount(job.query);
        if (!types || !total) {
            outcome.status = Status::failure(!types ? types.error() : total.error());
            return outcome;
        }
        source.types = *types;
        source.total = *total;
        streamFrom(std::as_const(*file));
    }
    if (cancel->load()) {
        outcome.cancelled = true;
        outcome.status = Status::failure(QObject::tr("%1: the export was cancelled; nothing was written").arg(job.path));
        return outcome;
    }
    const auto written = EventExporter::write(source, job.path, job.format, [&](qint64 done, qint64 all) {
        if (all > 0) // unknown on a shared store until the end: the bar stays busy
            progress(done, all);
        return !cancel->load();
    });
    if (!written) {
        outcome.cancelled = cancel->load(); // a file written whole stays written, even if Cancel came late
        outcome.status = Status::failure(written.error());
        return outcome;
    }
    outcome.written = written->written;
    outcome.withoutPosition = written->withoutPosition;
    outcome.cutValues = written->cutValues;
    return outcome;
}

} // namespace

ExportDataDialog::ExportDataDialog(const ExportContext &context, QWidget *parent)
    : QDialog(parent)
    , mContext(context)
{
    setWindowTitle(tr("Export Data"));
    auto *form = new QFormLayout;
    mFormat = new QComboBox;
    for (ExportFormat f : kFormats)
        mFormat->addItem(ExportFormats::label(f), int(f));
    mFile = new FileRow;
    mFile->addTo(form, tr("&File:")); // first, as in the other export dialogs
    form->addRow(tr("F&ormat:"), mFormat);
    mOnlyShown = new QCheckBox(context.eventsShown == 1
                                   ? tr("Only the event shown (filters and time window)")
                                   : tr("Only the %1 events shown (filters and time window)").arg(context.eventsShown));
    mOnlyShown->setChecked(true);
    form->addRow(QString(), mOnlyShown);

    mFooter = ExportFooter::addTo(this, form);

    connect(mFile, &FileRow::browseClicked, this, &ExportDataDialog::browse);
    connect(mFormat, &QComboBox::currentIndexChanged, this, &ExportDataDialog::formatChosen);
    connect(mFooter, &ExportFooter::failed, this, &ExportDataDialog::failed);
    connect(&mWatcher, &QFutureWatcher<Outcome>::finished, this, &ExportDataDialog::finish);

    QSettings s;
    const QString folder = s.value(kGroup + QStringLiteral("folder"),
                                   QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                               .toString();
    const auto remembered = ExportFormats::fromName(s.value(kGroup + QStringLiteral("format")).toString());
    const ExportFormat initial = remembered.value_or(ExportFormat::GeoJson);
    mFile->setPath(QDir(folder).filePath(QStringLiteral("events.") + ExportFormats::name(initial)));
    setFormat(initial);
    mOnlyShown->setChecked(s.value(kGroup + QStringLiteral("onlyShown"), true).toBool());
}

ExportDataDialog::~ExportDataDialog()
{
    // A dialog closed while exporting stops the worker and waits: the staged file is removed.
    mFooter->cancelFlag()->store(true);
    mWatcher.waitForFinished();
}

QString ExportDataDialog::filePath() const
{
    return mFile->path();
}

void ExportDataDialog::setFilePath(const QString &path)
{
    mFile->setPath(path);
    if (const auto f = ExportFormats::fromPath(path))
        mFormat->setCurrentIndex(mFormat->findData(int(*f)));
}

ExportFormat ExportDataDialog::format() const
{
    return ExportFormat(mFormat->currentData().toInt());
}

void ExportDataDialog::setFormat(ExportFormat format)
{
    mFormat->setCurrentIndex(mFormat->findData(int(format)));
    formatChosen();
}

bool ExportDataDialog::onlyShown() const
{
    return mOnlyShown->isChecked();
}

void ExportDataDialog::setOnlyShown(bool on)
{
    mOnlyShown->setChecked(on);
}

bool ExportDataDialog::isRunning() const
{
    return mFooter->isRunning();
}

QString ExportDataDialog::statusText() const
{
    return mFooter->statusText();
}

void ExportDataDialog::formatChosen()
{
    // The file name follows the format: events.geojson -> events.kml.
    const QString path = filePath();
    if (path.isEmpty())
        return;
    const QFileInfo info(path);
    const QString wanted = ExportFormats::name(format());
    if (ExportFormats::fromPath(path) == format() && info.suffix().compare(wanted, Qt::CaseInsensitive) == 0)
        return;
    const QString base = ExportFormats::fromPath(path) ? info.completeBaseName() : info.fileName();
    mFile->setPath(QDir(info.path()).filePath(base + QLatin1Char('.') + wanted));
}

void ExportDataDialog::browse()
{
    const QString label = ExportFormats::label(format());
    const QString chosen = QFileDialog::getSaveFileName(
        this, tr("Export Data"), filePath(), QStringLiteral("%1 (*.%2)").arg(label, ExportFormats::name(format())));
    if (!chosen.isEmpty())
        setFilePath(chosen);
}

void ExportDataDialog::accept()
{
    if (isRunning())
        return;
    QString path = filePath();
    if (path.isEmpty())
        return mFooter->showStatus(tr("Choose a file to write."), true);
    // A name without the format's suffix gets it (GDAL picks companions by the suffix).
    if (ExportFormats::fromPath(path) != format()) {
        path += QLatin1Char('.') + ExportFormats::name(format());
        mFile->setPath(path);
    }
    const QFileInfo info(path);
    if (!info.absoluteDir().exists())
        return mFooter->showStatus(tr("Cannot write %1: the folder %2 does not exist.")
                              .arg(path, QDir::toNativeSeparators(info.absolutePath())),
                          true);
    QSettings s;
    s.setValue(kGroup + QStringLiteral("folder"), info.absolutePath());
    s.setValue(kGroup + QStringLiteral("format"), ExportFormats::name(format()));
    s.setValue(kGroup + QStringLiteral("onlyShown"), onlyShown());

    Job job{mContext.databasePath, mContext.password, path, format(), onlyShown(), {}, {}, false};
    if (job.onlyShown) {
        const bool window = mContext.window.isValid();
        job.query = mContext.filters.toEventQuery(mContext.allTypes, window ? mContext.window.from() : mContext.view.from(),
                                                  window ? mContext.window.to() : mContext.view.to());
        job.precisions = mContext.filters.precisions;
        job.exactPlacesOnly = mContext.filters.exactPlacesOnly;
    }
    mRunningPath = path;
    mOutcome = {};
    mFooter->startRun(tr("Reading the events…"), true);
    const auto cancel = mFooter->cancelFlag();
    const EventExporter::Progress report = mFooter->reporter(tr("Writing %1 of %2 events…"));
    mWatcher.setFuture(QtConcurrent::run([job, cancel, report] { return runJob(job, cancel, report); }));
}

void ExportDataDialog::finish()
{
    mOutcome = mWatcher.result();
    const bool close = mFooter->endRun();
    if (mOutcome.cancelled) {
        mFooter->showStatus(tr("Cancelled: %1 was not written.").arg(mRunningPath), false);
        if (close)
            QDialog::reject();
        return;
    }
    if (!mOutcome.status) {
        mFooter->showStatus(mOutcome.status.error(), true);
        return;
    }
    QString text = (mOutcome.written == 1 ? tr("Exported %1 event to %2.") : tr("Exported %1 events to %2."))
                       .arg(mOutcome.written)
                       .arg(mRunningPath);
    if (mOutcome.withoutPosition > 0)
        text += QLatin1Char(' ') + (mOutcome.withoutPosition == 1
                                        ? tr("%1 event without a position was left out (%2 cannot hold it).")
                                        : tr("%1 events without a position were left out (%2 cannot hold them)."))
                                       .arg(mOutcome.withoutPosition)
                                       .arg(ExportFormats::label(format()));
    if (mOutcome.cutValues > 0)
        text += QLatin1Char(' ') + (mOutcome.cutValues == 1
                                        ? tr("%1 text longer than 254 bytes was cut (the Shapefile limit).")
                                        : tr("%1 texts longer than 254 bytes were cut (the Shapefile limit)."))
                                       .arg(mOutcome.cutValues);
    mFooter->showStatus(text, false);
    emit exported(mRunningPath, mOutcome.written);
    QDialog::accept();
}

void ExportDataDialog::reject()
{
    if (mFooter->cancelRun())
        return; // closes once the worker has stopped
    QDialog::reject();
}

void showExportDataDialog(QWidget *parent, const ExportContext &context)
{
    ExportDataDialog dialog(context, parent);
    if (dialog.exec() == QDialog::Accepted)
        QMessageBox::information(parent, QObject::tr("Export Data"), dialog.statusText());
}

} // namespace mapline
