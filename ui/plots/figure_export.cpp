#include "ui/plots/figure_export.h"

#include "ui/plots/equal_aspect.h"
#include "ui/plots/legend_placement.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <QSvgGenerator>

namespace ui {

QString writeProblem(const QString& path) {
    const QFileInfo file(path);
    const QFileInfo folder(file.absolutePath());
    if (!folder.exists())
        return QStringLiteral("%1: the folder %2 does not exist").arg(path, folder.absoluteFilePath());
    if (!folder.isDir())
        return QStringLiteral("%1: %2 is not a folder").arg(path, folder.absoluteFilePath());
    if (file.isDir())
        return QStringLiteral("%1: is a folder; give a file name").arg(path);
    if (file.exists() && !file.isWritable())
        return QStringLiteral("%1: the file is read-only").arg(path);
    if (!file.exists() && !folder.isWritable())
        return QStringLiteral("%1: the folder %2 is not writable").arg(path, folder.absoluteFilePath());
    return {};
}

QCPTextElement* plotTitle(QCustomPlot& plot) {
    QCPLayoutGrid* layout = plot.plotLayout();
    if (layout->rowCount() == 0 || !layout->hasElement(0, 0))
        return nullptr;
    return qobject_cast<QCPTextElement*>(layout->element(0, 0));
}

namespace {

// Puts `title` on top of the plot while it lives, and takes it off again.
class TemporaryTitle {
public:
    TemporaryTitle(QCustomPlot& plot, const QString& title) : m_plot(plot) {
        if (title.isEmpty())
            return;
        if (QCPTextElement* own = plotTitle(plot)) {
            m_replaced = own;
            m_oldText = own->text();
            own->setText(title);
            return;
        }
        QFont f = plot.xAxis ? plot.xAxis->labelFont() : plot.font();
        f.setPointSizeF(f.pointSizeF() * 1.2);
        f.setBold(true);
        plot.plotLayout()->insertRow(0);
        m_added = new QCPTextElement(&plot, title, f);
        plot.plotLayout()->addElement(0, 0, m_added);
    }
    ~TemporaryTitle() {
        if (m_replaced)
            m_replaced->setText(m_oldText);
        if (m_added) {
            m_plot.plotLayout()->remove(m_added);
            m_plot.plotLayout()->simplify();
        }
    }
    TemporaryTitle(const TemporaryTitle&) = delete;
    TemporaryTitle& operator=(const TemporaryTitle&) = delete;

private:
    QCustomPlot& m_plot;
    QCPTextElement* m_replaced = nullptr;
    QCPTextElement* m_added = nullptr;
    QString m_oldText;
};

// Lays the plot out at the figure's size while it lives, so the rules that depend on the
// geometry (the legend's place, equal axis scales) are applied there; then back to the screen.
class LaidOutAt {
public:
    LaidOutAt(QCustomPlot& plot, const QSize& size) : m_plot(plot), m_old(plot.viewport()) {
        plot.setViewport(QRect(QPoint(0, 0), size));
        for (int pass = 0; pass < 2; ++pass) {   // twice: a legend moved beside changes the axes
            layOut();
            if (hasLegendRule(plot))
                placeLegendClearOfData(plot);
        }
        layOut();
        fitEqualAspects(plot);
    }
    ~LaidOutAt() {
        m_plot.setViewport(m_old);
        layOut();
        fitEqualAspects(m_plot);
    }
    LaidOutAt(const LaidOutAt&) = delete;
    LaidOutAt& operator=(const LaidOutAt&) = delete;

private:
    void layOut() {
        for (auto phase : {QCPLayoutElement::upPreparation, QCPLayoutElement::upMargins, QCPLayoutElement::upLayout})
            m_plot.plotLayout()->update(phase);
    }
    QCustomPlot& m_plot;
    QRect m_old;
};

}  // namespace

QString savePlot(QCustomPlot& plot, const QString& path, int width, int height, const QString& title) {
    if (width < 16 || height < 16 || width > 16384 || height > 16384)
        return QStringLiteral("%1: a figure must be between 16 and 16384 pixels wide and high").arg(path);
    if (const QString problem = writeProblem(path); !problem.isEmpty())
        return problem;
    const TemporaryTitle heading(plot, title);
    const LaidOutAt layout(plot, QSize(width, height));
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool ok = false;
    if (suffix == "png") {
        ok = plot.savePng(path, width, height, 1.0, -1, 96);
    } else if (suffix == "pdf") {
        ok = plot.savePdf(path, width, height);
    } else if (suffix == "svg") {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(width, height));
        svg.setViewBox(QRect(0, 0, width, height));
        svg.setTitle(QStringLiteral("ResNet Lab figure"));
        const QSize old = plot.size();
        QCPPainter painter;
        ok = painter.begin(&svg);
        if (ok) {
            plot.toPainter(&painter, width, height);
            painter.end();
        }
        plot.resize(old);
    } else {
        return QStringLiteral("%1: unknown figure format '%2' (use .png, .svg or .pdf)").arg(path, suffix);
    }
    return ok ? QString() : QStringLiteral("%1: cannot write the figure (the disk may be full)").arg(path);
}

}  // namespace ui
