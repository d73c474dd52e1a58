#include "ui/plots/legend_placement.h"

#include "ui/plots/clipped_graph.h"

#include <qcustomplot.h>

#include <algorithm>

namespace ui {

namespace {

constexpr char kInstalled[] = "resnetlab_legendRule";

// The row of the plot's layout that holds its axis rect (the key column goes beside it).
int axisRow(QCustomPlot& plot) {
    QCPLayoutGrid* layout = plot.plotLayout();
    for (int r = 0; r < layout->rowCount(); ++r)
        for (int c = 0; c < layout->columnCount(); ++c)
            if (layout->hasElement(r, c) && layout->element(r, c) == plot.axisRect())
                return r;
    return -1;
}

enum class Place { Inside, Beside, Below };

Place placeOf(QCustomPlot& plot) {
    QCPLayout* parent = plot.legend->layout();
    if (parent == plot.axisRect()->insetLayout())
        return Place::Inside;
    return parent == plot.plotLayout() ? Place::Below : Place::Beside;
}

// Beside the axes: a key column at (row, 1), the legend at its top. Below: a row of its own
// under the axes, its entries side by side (a plot too narrow for a key column).
void moveTo(QCustomPlot& plot, int row, Place place) {
    const Place now = placeOf(plot);
    if (place == now)
        return;
    QCPLayoutGrid* layout = plot.plotLayout();
    QCPLegend* legend = plot.legend;
    if (now == Place::Inside) {
        plot.axisRect()->insetLayout()->take(legend);
        plot.axisRect()->insetLayout()->simplify();
    } else if (now == Place::Beside) {
        auto* key = qobject_cast<QCPLayoutGrid*>(layout->element(row, 1));
        key->take(legend);
        layout->remove(key);
        layout->simplify();
    } else {
        layout->take(legend);
        layout->simplify();
    }
    if (place == Place::Below) {
        int widest = 1;
        for (int i = 0; i < legend->itemCount(); ++i)
            widest = std::max(widest, legend->item(i)->minimumOuterSizeHint().width());
        legend->setWrap(std::max(1, plot.viewport().width() / (widest + 8)));
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
        layout->insertRow(row + 1);
        layout->addElement(row + 1, 0, legend);
        layout->setRowStretchFactor(row + 1, 0.001);
        return;
    }
    legend->setWrap(0);
    legend->setFillOrder(QCPLayoutGrid::foRowsFirst, true);
    if (place == Place::Beside) {
        auto* key = new QCPLayoutGrid;
        layout->addElement(row, 1, key);
        layout->setColumnStretchFactor(1, 0.01);
        key->addElement(0, 0, legend);
        key->addElement(1, 0, new QCPLayoutElement(&plot));   // takes the rest of the height
        key->setRowStretchFactor(0, 0.01);
    } else {
        plot.axisRect()->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignRight);
    }
}

// Sorts the legend's entries by name: the order graphs were created in (which run reported
// first) must not decide it.
void sortEntries(QCPLegend& legend) {
    QList<QCPAbstractLegendItem*> items;
    for (int i = 0; i < legend.itemCount(); ++i)
        items << legend.item(i);
    auto name = [](QCPAbstractLegendItem* item) {
        auto* p = qobject_cast<QCPPlottableLegendItem*>(item);
        return p ? p->plottable()->name() : QString();
    };
    if (std::is_sorted(items.begin(), items.end(), [&](auto* a, auto* b) { return name(a) < name(b); }))
        return;
    std::stable_sort(items.begin(), items.end(), [&](auto* a, auto* b) { return name(a) < name(b); });
    for (QCPAbstractLegendItem* item : items)
        legend.take(item);
    legend.simplify();
    for (QCPAbstractLegendItem* item : items)
        legend.addItem(item);
}

}  // namespace

int dataUnder(const QCustomPlot& plot, const QRectF& area) {
    int hits = 0;
    for (int i = 0; i < plot.graphCount(); ++i) {
        const QCPGraph* g = plot.graph(i);
        if (!g->visible() || g->dataCount() == 0)
            continue;
        const QCPAxis* x = g->keyAxis();
        const QCPAxis* y = g->valueAxis();
        const bool lines = g->lineStyle() != QCPGraph::lsNone && g->pen().style() != Qt::NoPen;
        const QSharedPointer<QCPGraphDataContainer> data = g->data();
        // A sample of long series is enough to find where the data lies.
        const int stride = std::max(1, data->size() / 4000);
        QPointF previous;
        bool havePrevious = false;
        for (int j = 0; j < data->size(); j += stride) {
            const double v = data->at(j)->value;
            if (!std::isfinite(v) || (y->scaleType() == QCPAxis::stLogarithmic && v <= 0)) {
                havePrevious = false;
                continue;
            }
            const QPointF p(x->coordToPixel(data->at(j)->key), y->coordToPixel(v));
            if (area.contains(p))
                ++hits;
            else if (lines && havePrevious) {
                QPointF a = previous, b = p;
                if (clipSegment(area, a, b))
                    ++hits;
            }
            previous = p;
            havePrevious = true;
        }
    }
    return hits;
}

bool placeLegendClearOfData(QCustomPlot& plot) {
    QCPLegend* legend = plot.legend;
    QCPAxisRect* rect = plot.axisRect();
    const int row = axisRow(plot);
    if (!legend || !rect || row < 0)
        return false;
    sortEntries(*legend);
    const Place place = placeOf(plot);
    const bool beside = place != Place::Inside;
    // Outside the axes: beside them when the plot is wide enough for a key column, else below.
    const Place outside = legend->minimumOuterSizeHint().width() <= 0.35 * plot.viewport().width() ? Place::Beside
                                                                                                 : Place::Below;
    if (!legend->visible() || legend->itemCount() == 0) {
        moveTo(plot, row, Place::Inside);
        return false;
    }
    const QRectF axes = rect->rect();
    if (axes.width() < 4 || axes.height() < 4)
        return beside;
    const QSizeF size = legend->minimumOuterSizeHint();
    // The notes written on the plot (text items) are covered no more than data.
    std::vector<QRectF> notes;
    for (int i = 0; i < plot.itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(plot.item(i)); text && text->visible())
            notes.push_back(QRectF(text->topLeft->pixelPosition(), text->bottomRight->pixelPosition()).normalized());
    constexpr double kGap = 3;   // some air between the legend and the data
    const double w = size.width(), h = size.height();
    // Beside the axes the data area is narrower than it would be with the legend inside:
    // the candidates are measured in the wider frame and mapped back, so the choice does not
    // flip back and forth between two replots.
    const double s = place == Place::Beside ? (axes.width() + legend->outerRect().width()) / axes.width() : 1.0;
    const double grow = place == Place::Below ? legend->outerRect().height() : 0.0;   // back to the axes' height
    // An inset legend keeps the inset layout's margins from the axes' edges.
    const QMargins inset = rect->insetLayout()->margins();
    const QRectF frame = QRectF(axes.left(), axes.top(), axes.width() * s, axes.height() + grow)
                             .marginsRemoved(QMarginsF(inset.left(), inset.top(), inset.right(), inset.bottom()));
    if (w > frame.width() || h > frame.height()) {
        moveTo(plot, row, outside);
        return true;
    }
    const std::pair<Qt::Alignment, QPointF> corners[] = {
        {Qt::AlignTop | Qt::AlignRight, {frame.right() - w, frame.top()}},
        {Qt::AlignTop | Qt::AlignLeft, {frame.left(), frame.top()}},
        {Qt::AlignBottom | Qt::AlignRight, {frame.right() - w, frame.bottom() - h}},
        {Qt::AlignBottom | Qt::AlignLeft, {frame.left(), frame.bottom() - h}},
        {Qt::AlignTop | Qt::AlignHCenter, {frame.center().x() - w / 2, frame.top()}},
        {Qt::AlignBottom | Qt::AlignHCenter, {frame.center().x() - w / 2, frame.bottom() - h}},
    };
    for (const auto& [alignment, topLeft] : corners) {
        // Mapped back to the axes as they are now (narrower beside, shorter below).
        const double sy = place == Place::Below ? axes.height() / frame.height() : 1.0;
        const QRectF area = QRectF(frame.left() + (topLeft.x() - frame.left()) / s,
                                   axes.top() + (topLeft.y() - axes.top()) * sy, w / s, h * sy)
                                .adjusted(-kGap, -kGap, kGap, kGap);
        bool clear = dataUnder(plot, area) == 0;
        for (const QRectF& note : notes)
            clear = clear && !note.intersects(area);
        if (clear) {
            moveTo(plot, row, Place::Inside);
            rect->insetLayout()->setInsetAlignment(0, alignment);
            return false;
        }
    }
    moveTo(plot, row, outside);
    return true;
}

bool hasLegendRule(const QCustomPlot& plot) { return plot.property(kInstalled).toBool(); }

void keepLegendClearOfData(QCustomPlot& plot) {
    if (plot.property(kInstalled).toBool())
        return;
    plot.setProperty(kInstalled, true);
    QObject::connect(&plot, &QCustomPlot::beforeReplot, &plot, [p = &plot] { placeLegendClearOfData(*p); });
}

}  // namespace ui
