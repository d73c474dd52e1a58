#include "ui/classroom/unraveled_graph_widget.h"

#include "ui/plots/plot_style.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {
// One colour per path length k (0 = the pure skip path), light to dark blue like the
// residual family elsewhere.
QColor lengthColour(int k, int n) {
    static const QColor colours[] = {QColor(120, 120, 120), QColor(31, 119, 180), QColor(44, 160, 44),
                                     QColor(214, 120, 20), QColor(148, 40, 170)};
    Q_UNUSED(n);
    return colours[std::clamp(k, 0, 4)];
}
}  // namespace

UnraveledGraphWidget::UnraveledGraphWidget(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("unraveledGraph"));
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setBlocks(3);
}

void UnraveledGraphWidget::setBlocks(int n) {
    m_graph = core::unravel(std::clamp(n, 1, kMaxDrawnBlocks));
    update();
}

QSize UnraveledGraphWidget::minimumSizeHint() const {
    // Rows of path labels need room as their text grows.
    const double s = std::sqrt(std::max(1.0, m_fontScale));
    return {int(260 * s), int(220 * s)};
}

void UnraveledGraphWidget::setFontScale(double scale) {
    m_fontScale = scale;
    updateGeometry();   // the minimum size grows with the text
    update();
}

void UnraveledGraphWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const int n = m_graph.blocks;
    const int rows = int(m_graph.paths.size());
    QFont font = this->font();
    font.setPointSizeF(10.0 * plotTextScale(m_fontScale));
    QFont small = font;
    small.setPointSizeF(8.5 * plotTextScale(m_fontScale));
    const QFontMetricsF fm(font);
    const QColor ink = palette().color(QPalette::Text);

    // The expansion on top.
    const double header = fm.height() * 2.6;
    p.setFont(font);
    p.setPen(ink);
    const QString count = tr("%1 paths").arg(rows);
    const QString full = QString::fromStdString(m_graph.expansion) + QStringLiteral(":  ") + count;
    p.drawText(QRectF(0, 4, width(), fm.height() * 1.3), Qt::AlignHCenter | Qt::AlignVCenter,
               fm.horizontalAdvance(full) < width() - 8 ? full : count);

    // Geometry: x node, n block columns, y node; one row per path.
    const double left = 20 + fm.horizontalAdvance(QStringLiteral("length 0")), right = width() - 20.0;
    const double xNode = left + 18, yNode = right - 18;
    const double colStart = xNode + 45, colEnd = yNode - 45;
    const double colWidth = (colEnd - colStart) / n;
    const double top = header + fm.height() * 1.2, bottom = height() - 10.0;
    const double rowHeight = (bottom - top) / rows;
    const double midY = (top + bottom) / 2;
    const double box = std::min(colWidth * 0.5, rowHeight * 0.8);

    // Column titles: the blocks f1 .. fn.
    p.setFont(font);
    for (int i = 0; i < n; ++i) {
        const double cx = colStart + (i + 0.5) * colWidth;
        p.setPen(QPen(QColor(200, 200, 200), 1, Qt::DotLine));
        p.drawLine(QPointF(cx, top - 4), QPointF(cx, bottom));
        p.setPen(ink);
        p.drawText(QRectF(cx - colWidth / 2, header, colWidth, fm.height()), Qt::AlignCenter,
                   colWidth > fm.horizontalAdvance(QStringLiteral("block 0 ")) ? tr("block %1").arg(i + 1)
                                                                                : QStringLiteral("%1").arg(i + 1));
    }

    int lastLength = -1;
    for (int r = 0; r < rows; ++r) {
        const core::UnraveledPath& path = m_graph.paths[std::size_t(r)];
        const double y = top + (r + 0.5) * rowHeight;
        const QColor c = lengthColour(path.length, n);
        if (path.length != lastLength) {
            lastLength = path.length;
            p.setFont(small);
            p.setPen(c);
            p.drawText(QRectF(4, y - rowHeight / 2, left - 8, rowHeight), Qt::AlignRight | Qt::AlignVCenter,
                       tr("length %1").arg(path.length));
            if (r > 0) {
                p.setPen(QPen(QColor(210, 210, 210), 1));
                p.drawLine(QPointF(left, y - rowHeight / 2), QPointF(right, y - rowHeight / 2));
            }
        }
        // From x, across the blocks, into y.
        QPainterPath line(QPointF(xNode, midY));
        line.cubicTo(QPointF(xNode + 40, midY), QPointF(colStart - 40, y), QPointF(colStart, y));
        line.lineTo(QPointF(colEnd, y));
        line.cubicTo(QPointF(colEnd + 40, y), QPointF(yNode - 40, midY), QPointF(yNode, midY));
        p.setPen(QPen(c, 1.6 * m_fontScale));
        p.setBrush(Qt::NoBrush);
        p.drawPath(line);
        // A box where the path passes through the branch f_i.
        p.setFont(small);
        for (int i = 0; i < n; ++i) {
            if (!path.throughBranch[std::size_t(i)])
                continue;
            const double cx = colStart + (i + 0.5) * colWidth;
            const QRectF rect(cx - box / 2, y - std::min(box, rowHeight * 0.8) / 2, box, std::min(box, rowHeight * 0.8));
            p.setPen(QPen(c.darker(130), 1.2));
            p.setBrush(c.lighter(165));
            p.drawRoundedRect(rect, 3, 3);
            p.setPen(Qt::black);
            p.drawText(rect, Qt::AlignCenter, QStringLiteral("f%1").arg(i + 1));
        }
    }
    // The input and output nodes.
    p.setFont(font);
    for (auto [cx, name] : {std::pair{xNode, QStringLiteral("x")}, std::pair{yNode, QStringLiteral("y%1").arg(n)}}) {
        const QRectF node(cx - 16, midY - 16, 32, 32);
        p.setPen(QPen(ink, 1.5));
        p.setBrush(palette().color(QPalette::Base));
        p.drawEllipse(node);
        p.drawText(node, Qt::AlignCenter, name);
    }
}

}  // namespace ui
