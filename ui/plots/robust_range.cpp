#include "ui/plots/robust_range.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace ui {

RobustRange robustRange(std::vector<double> values) {
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
                 values.end());
    RobustRange r;
    if (values.empty())
        return r;
    std::sort(values.begin(), values.end());
    r.empty = false;
    r.lower = values.front();
    const double p90 = values[std::min(values.size() - 1, std::size_t(0.9 * double(values.size())))];
    // The scale of the values: the 90th percentile, or for values all near zero their spread.
    const double scale = std::max(std::abs(p90), std::abs(p90 - r.lower));
    const double limit = scale > 0 ? p90 + kSpikeFactor * scale : values.back();
    const auto shown = std::upper_bound(values.begin(), values.end(), limit);
    r.upper = *(shown - 1);
    r.clippedAbove = int(values.end() - shown);
    r.largestClipped = r.clippedAbove > 0 ? values.back() : 0;
    return r;
}

QString clippedText(const RobustRange& range) {
    if (range.clippedAbove <= 0)
        return {};
    const QString largest = QString::number(range.largestClipped, 'g', 2);
    return range.clippedAbove == 1 ? QObject::tr("↑ 1 value above the axis: %1").arg(largest)
                                   : QObject::tr("↑ %1 values above the axis, up to %2").arg(range.clippedAbove).arg(largest);
}

QCPItemText* addClippedNote(QCPAxisRect& rect, const RobustRange& range, double fontScale) {
    if (range.clippedAbove <= 0)
        return nullptr;
    auto* note = new QCPItemText(rect.parentPlot());
    note->setClipToAxisRect(false);
    note->position->setType(QCPItemPosition::ptAxisRectRatio);
    note->position->setAxisRect(&rect);
    note->position->setCoords(0.0, 0.0);
    note->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    note->setText(clippedText(range));
    QFont f = rect.parentPlot()->font();
    f.setPointSizeF(std::max(6.0, 9.0 * fontScale));
    note->setFont(f);
    note->setColor(QColor(0x60, 0x60, 0x60));
    note->setBrush(QColor(255, 255, 255, 220));
    note->setPadding(QMargins(4, 2, 4, 2));
    return note;
}

}  // namespace ui
