#pragma once

#include "filterstate.h"
#include "render/mapsettings.h"
#include "timeline/timeaxis.h"
#include "timeline/timewindow.h"

#include <QDate>
#include <QString>
#include <QStringList>

class QWidget;

namespace mapline {

// What the viewer hands to its export dialogs: the map as the analyst sees it (view, data, style,
// the time window already set on it), the filters and time window that apply, and the database
// the events come from. A value: a dialog, or a worker it starts, keeps its own copy and opens
// its own connection to `databasePath`, so the viewer stays usable while an export runs.
struct ExportContext {
    QString databasePath;
    QByteArray password;              // typed by the analyst for a shared store: memory only, never written
    MapSettings view;                 // the canvas's settings: extent, size, layers, mask, window
    FilterState filters;              // the active filters (types hidden, actors, place, text...)
    QStringList allTypes;             // every event type of the database, for FilterState
    timeline::TimeWindow window;      // the timeline's window (moving or cumulative)
    QDate dataFirst;                  // the first and last day with events, for animation ranges
    QDate dataLast;
    qint64 eventsShown = 0;           // events in the window after filters, for provenance
    timeline::StepUnit step = timeline::StepUnit::Day; // the playback's step, for animations
    bool skipEmpty = false;           // the playback skips periods without events
};

// File > Export map... (app/exportmapdialog.cpp): PNG, SVG, PDF or GeoTIFF of the current view.
void showExportMapDialog(QWidget *parent, const ExportContext &context);
// File > Export data... (app/exportdatadialog.cpp): GeoJSON, KML, GeoPackage, CSV or Shapefile.
void showExportDataDialog(QWidget *parent, const ExportContext &context);
// File > Export animation... (app/exportanimationdialog.cpp): PNG frames, GIF or MP4.
void showExportAnimationDialog(QWidget *parent, const ExportContext &context);

} // namespace mapline
