#include "ui/plots/plot_export.h"

#include "ui/plots/figure_export.h"

#include <qcustomplot.h>

#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QSvgGenerator>
#include <QTextStream>
#include <QToolButton>

namespace ui {

namespace {

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString number(double v) { return QString::number(v, 'g', 9); }

// The folder of the last export, while it exists; else the first of Pictures, Documents and
// home that does (a fresh account may have no ~/Pictures).
QString lastDirectory() {
    QSettings settings;
    QStringList candidates{settings.value(QStringLiteral("export/directory")).toString()};
    for (const auto location : {QStandardPaths::PicturesLocation, QStandardPaths::DocumentsLocation})
        candidates << QStandardPaths::writableLocation(location);
    candidates << QDir::homePath();
    for (const QString& folder : candidates)
        if (!folder.isEmpty() && QFileInfo(folder).isDir())
            return folder;
    return QDir::currentPath();
}

// "activation_per_layer" -> "Activation per layer": the title a figure gets by default.
QString titleFromBaseName(const QString& baseName) {
    QString title = baseName;
    title.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!title.isEmpty())
        title[0] = title[0].toUpper();
    return title;
}

void rememberDirectory(const QString& file) {
    QSettings settings;
    settings.setValue(QStringLiteral("export/directory"), QFileInfo(file).absolutePath());
}

// File, width, height and title for a figure; the folder, size and format are remembered
// between exports.
struct FigureChoice {
    QString path;
    int width = 1200;
    int height = 800;
    QString title;
};

// Asks for a figure and saves it with `save`; a failure is shown in the dialog, which stays
// open so the user can pick another folder or name. Returns whether a file was written.
bool askFigure(QWidget* parent, const QString& baseName, const QString& defaultTitle,
               const std::function<QString(const FigureChoice&)>& save) {
    QSettings settings;
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("saveFigureDialog"));
    dialog.setWindowTitle(QObject::tr("Save figure"));
    auto* form = new QFormLayout(&dialog);
    auto* path = new QLineEdit(&dialog);
    path->setObjectName(QStringLiteral("figurePath"));
    const QString suffix = settings.value(QStringLiteral("export/suffix"), QStringLiteral("png")).toString();
    path->setText(QDir(lastDirectory()).filePath(baseName + QLatin1Char('.') + suffix));
    auto* browse = new QPushButton(QObject::tr("Browse..."), &dialog);
    auto* row = new QHBoxLayout;
    row->addWidget(path, 1);
    row->addWidget(browse);
    form->addRow(QObject::tr("File (.png, .svg, .pdf):"), row);
    auto* width = new QSpinBox(&dialog);
    auto* height = new QSpinBox(&dialog);
    for (QSpinBox* s : {width, height}) {
        s->setRange(16, 16384);
        s->setSuffix(QObject::tr(" px"));
    }
    width->setValue(settings.value(QStringLiteral("export/width"), 1200).toInt());
    height->setValue(settings.value(QStringLiteral("export/height"), 800).toInt());
    form->addRow(QObject::tr("Width:"), width);
    form->addRow(QObject::tr("Height:"), height);
    auto* title = new QLineEdit(defaultTitle, &dialog);
    title->setObjectName(QStringLiteral("figureTitle"));
    title->setPlaceholderText(QObject::tr("none"));
    form->addRow(QObject::tr("Title:"), title);
    auto* problem = new QLabel(&dialog);
    problem->setObjectName(QStringLiteral("figureProblem"));
    problem->setWordWrap(true);
    problem->setStyleSheet(QStringLiteral("color: #b01010;"));
    problem->hide();
    form->addRow(problem);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        if (path->text().trimmed().isEmpty()) {
            problem->setText(QObject::tr("Give a file name."));
            problem->show();
            return;
        }
        FigureChoice choice;
        choice.path = path->text().trimmed();
        if (QFileInfo(choice.path).suffix().isEmpty())
            choice.path += QStringLiteral(".png");
        choice.width = width->value();
        choice.height = height->value();
        choice.title = title->text().trimmed();
        const QString error = save(choice);
        if (!error.isEmpty()) {
            problem->setText(QObject::tr("Not saved: %1").arg(error));
            problem->show();
            return;
        }
        settings.setValue(QStringLiteral("export/width"), choice.width);
        settings.setValue(QStringLiteral("export/height"), choice.height);
        settings.setValue(QStringLiteral("export/suffix"), QFileInfo(choice.path).suffix().toLower());
        rememberDirectory(choice.path);
        dialog.accept();
    });
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    QObject::connect(browse, &QPushButton::clicked, &dialog, [&] {
        const QString file = QFileDialog::getSaveFileName(
            &dialog, QObject::tr("Save figure"), path->text(),
            QObject::tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
        if (!file.isEmpty())
            path->setText(file);
    });
    return dialog.exec() == QDialog::Accepted;
}

}  // namespace

QString savePlotCsv(QCustomPlot& plot, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString());
    QTextStream out(&file);
    out << "series,x,y,z\n";
    for (int i = 0; i < plot.plottableCount(); ++i) {
        QCPAbstractPlottable* p = plot.plottable(i);
        const QString name = csvField(p->name().isEmpty() ? QStringLiteral("series %1").arg(i + 1) : p->name());
        if (auto* g = qobject_cast<QCPGraph*>(p)) {
            for (const QCPGraphData& d : *g->data())
                out << name << ',' << number(d.key) << ',' << number(d.value) << ",\n";
        } else if (auto* c = qobject_cast<QCPCurve*>(p)) {
            for (const QCPCurveData& d : *c->data())
                out << name << ',' << number(d.key) << ',' << number(d.value) << ",\n";
        } else if (auto* b = qobject_cast<QCPBars*>(p)) {
            for (const QCPBarsData& d : *b->data())
                out << name << ',' << number(d.key) << ',' << number(d.value) << ",\n";
        } else if (auto* m = qobject_cast<QCPColorMap*>(p)) {
            QCPColorMapData* data = m->data();
            for (int x = 0; x < data->keySize(); ++x)
                for (int y = 0; y < data->valueSize(); ++y) {
                    double key = 0, value = 0;
                    data->cellToCoord(x, y, &key, &value);
                    out << name << ',' << number(key) << ',' << number(value) << ',' << number(data->cell(x, y))
                        << '\n';
                }
        }
    }
    out.flush();
    if (!file.commit())
        return QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString());
    return {};
}

QString saveWidget(QWidget& widget, const QString& path, int width, int height) {
    if (width < 16 || height < 16 || width > 16384 || height > 16384)
        return QStringLiteral("%1: a figure must be between 16 and 16384 pixels wide and high").arg(path);
    if (const QString problem = writeProblem(path); !problem.isEmpty())
        return problem;
    const QString suffix = QFileInfo(path).suffix().toLower();
    // The widget is drawn at its own size, scaled uniformly into the page and centred.
    auto paint = [&](QPainter& painter) {
        const QSize size = widget.size().isEmpty() ? QSize(width, height) : widget.size();
        const double scale = std::min(double(width) / size.width(), double(height) / size.height());
        painter.fillRect(QRect(0, 0, width, height), Qt::white);
        painter.translate((width - size.width() * scale) / 2.0, (height - size.height() * scale) / 2.0);
        painter.scale(scale, scale);
        widget.render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    };
    if (suffix == QLatin1String("png")) {
        QImage image(width, height, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        paint(painter);
        painter.end();
        return image.save(path) ? QString() : QStringLiteral("%1: cannot write the figure").arg(path);
    }
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(width, height));
        svg.setViewBox(QRect(0, 0, width, height));
        svg.setResolution(96);   // CSS pixels: browsers and Inkscape open it at width x height
        svg.setTitle(QStringLiteral("ResNet Lab figure"));
        QPainter painter;
        if (!painter.begin(&svg))
            return QStringLiteral("%1: cannot write the figure").arg(path);
        paint(painter);
        painter.end();
        return {};
    }
    if (suffix == QLatin1String("pdf")) {
        QPdfWriter pdf(path);
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(QSizeF(width * 72.0 / 96.0, height * 72.0 / 96.0), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&pdf))
            return QStringLiteral("%1: cannot write the figure").arg(path);
        paint(painter);
        painter.end();
        return {};
    }
    return QStringLiteral("%1: unknown figure format '%2' (use .png, .svg or .pdf)").arg(path, suffix);
}

bool exportFigureInteractively(QWidget* parent, QCustomPlot& plot, const QString& baseName) {
    const QCPTextElement* own = plotTitle(plot);
    const bool saved = askFigure(parent, baseName, own ? own->text() : titleFromBaseName(baseName),
                                 [&](const FigureChoice& c) { return savePlot(plot, c.path, c.width, c.height, c.title); });
    plot.replot(QCustomPlot::rpQueuedReplot);
    return saved;
}

bool exportWidgetInteractively(QWidget* parent, QWidget& widget, const QString& baseName) {
    return askFigure(parent, baseName, {}, [&](const FigureChoice& c) {
        return saveWidget(widget, c.path, c.width, c.height);
    });
}

bool exportCsvInteractively(QWidget* parent, const QString& baseName, const CsvWriter& writer) {
    const QString file = QFileDialog::getSaveFileName(parent, QObject::tr("Export data"),
                                                      QDir(lastDirectory()).filePath(baseName + ".csv"),
                                                      QObject::tr("CSV table (*.csv)"));
    if (file.isEmpty())
        return false;
    rememberDirectory(file);
    const QString error = writer(file);
    if (!error.isEmpty()) {
        QMessageBox::warning(parent, QObject::tr("Export data"), error);
        return false;
    }
    return true;
}

void installExportMenu(QCustomPlot* plot, const QString& baseName, CsvWriter csv) {
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    if (!csv)
        csv = [plot](const QString& path) { return savePlotCsv(*plot, path); };
    QObject::connect(plot, &QWidget::customContextMenuRequested, plot, [plot, baseName, csv](const QPoint& pos) {
        QMenu menu(plot);
        menu.addAction(QObject::tr("Save figure (PNG, SVG, PDF)..."),
                       [plot, baseName] { exportFigureInteractively(plot, *plot, baseName); });
        menu.addAction(QObject::tr("Export data as CSV..."),
                       [plot, baseName, csv] { exportCsvInteractively(plot, baseName, csv); });
        menu.exec(plot->mapToGlobal(pos));
    });
}

QToolButton* makeExportButton(QWidget* parent, const QList<ExportTarget>& targets) {
    auto* button = new QToolButton(parent);
    button->setText(QObject::tr("Export"));
    button->setToolTip(QObject::tr("Save a figure (PNG, SVG or PDF at a chosen size) or its data (CSV)"));
    button->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(button);
    for (const ExportTarget& t : targets) {
        if (t.plot) {
            QCustomPlot* plot = t.plot;
            menu->addAction(QObject::tr("%1: figure...").arg(t.label),
                            [parent, plot, t] { exportFigureInteractively(parent, *plot, t.baseName); });
            const CsvWriter csv = t.csv ? t.csv : CsvWriter([plot](const QString& path) { return savePlotCsv(*plot, path); });
            menu->addAction(QObject::tr("%1: data as CSV...").arg(t.label),
                            [parent, csv, t] { exportCsvInteractively(parent, t.baseName, csv); });
        } else if (t.widget) {
            QWidget* widget = t.widget;
            menu->addAction(QObject::tr("%1: figure...").arg(t.label),
                            [parent, widget, t] { exportWidgetInteractively(parent, *widget, t.baseName); });
        }
    }
    button->setMenu(menu);
    return button;
}

}  // namespace ui
