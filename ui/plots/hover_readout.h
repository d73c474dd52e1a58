// ui/plots/hover_readout.h: the exact values under the mouse. Over a line plot it marks the
// nearest data point of any visible graph (within a few pixels) and shows its series, x and
// y; over a heat map, the cell's coordinates and value. Hidden when the mouse leaves or
// presses, so it never ends up in an exported figure.
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

class QCustomPlot;
class QCPAbstractPlottable;
class QCPItemText;
class QCPItemTracer;
class QMouseEvent;

namespace ui {

class HoverReadout : public QObject {
    Q_OBJECT
public:
    // The text for a point: plottable, x, y and (heat maps only) the cell value z.
    using Formatter = std::function<QString(QCPAbstractPlottable* plottable, double x, double y, double z)>;

    explicit HoverReadout(QCustomPlot* plot);
    void setFormatter(Formatter formatter) { m_formatter = std::move(formatter); }
    // The last text shown ("" when hidden), for tests.
    QString text() const { return m_text; }
    // Shows the readout for a position in the plot's pixel coordinates (what a mouse move does).
    void showAt(const QPointF& pos);
    void hide();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QString defaultText(QCPAbstractPlottable* plottable, double x, double y, double z) const;

    QCustomPlot* m_plot;
    QPointer<QCPItemText> m_label;       // owned by the plot; a view may clear them
    QPointer<QCPItemTracer> m_tracer;
    Formatter m_formatter;
    QString m_text;
};

// Numbers for people: integers as integers, others with 4 significant digits.
QString readoutNumber(double v);

}  // namespace ui
