#include "ui/views/image_predictions_view.h"

#include "ui/plots/hover_readout.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/replot_scheduler.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ui {

ImageGridWidget::ImageGridWidget(QWidget* parent) : QWidget(parent) {
    setMinimumSize(200, 160);
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QMenu menu(this);
        menu.addAction(tr("Save figure (PNG, SVG, PDF)..."),
                       [this] { exportWidgetInteractively(this, *this, QStringLiteral("test_images")); });
        menu.exec(mapToGlobal(pos));
    });
}

void ImageGridWidget::setImages(const QVector<QImage>& images, const QVector<int>& labels,
                                const QStringList& classNames) {
    m_images = images;
    m_labels = labels;
    m_classNames = classNames;
    m_predictions.clear();
    update();
}

void ImageGridWidget::setPredictions(const QVector<int>& predictions) {
    m_predictions = predictions;
    update();
}

void ImageGridWidget::setFontScale(double scale) {
    m_fontScale = scale;
    update();
}

QString ImageGridWidget::className(int k) const {
    return k >= 0 && k < m_classNames.size() ? m_classNames[k] : QString::number(k);
}

void ImageGridWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    if (m_images.isEmpty()) {
        painter.setPen(Qt::gray);
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("Test images appear here for image data."));
        return;
    }
    QFont font = painter.font();
    font.setPointSizeF(std::max(6.0, 8.0 * m_fontScale));
    painter.setFont(font);
    const int textHeight = 2 * QFontMetrics(font).height() + 2;
    // The most columns that keep every image at least 40 pixels.
    const int n = int(m_images.size());
    int cols = 1;
    int side = 0;
    for (int c = 1; c <= n; ++c) {
        const int rows = (n + c - 1) / c;
        const int s = std::min(width() / c - 6, (height() - rows * textHeight) / rows - 6);
        if (s > side) {
            side = s;
            cols = c;
        }
    }
    side = std::max(side, 8);
    const int cellW = width() / cols;
    const int cellH = side + textHeight + 6;
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    for (int i = 0; i < n; ++i) {
        const int x = (i % cols) * cellW + (cellW - side) / 2;
        const int y = (i / cols) * cellH + 3;
        painter.drawImage(QRect(x, y, side, side), m_images[i]);
        const int truth = i < m_labels.size() ? m_labels[i] : -1;
        QRect text(i % cols * cellW, y + side + 1, cellW, textHeight);
        if (i < m_predictions.size()) {
            const int predicted = m_predictions[i];
            const bool right = predicted == truth;
            painter.setPen(right ? QColor(0x1a, 0x7f, 0x37) : QColor(0xc0, 0x1c, 0x28));
            painter.drawRect(QRect(x - 1, y - 1, side + 1, side + 1));
            painter.drawText(text, Qt::AlignHCenter | Qt::AlignTop,
                             tr("%1\n(true: %2)").arg(className(predicted), className(truth)));
        } else {
            painter.setPen(Qt::darkGray);
            painter.drawText(text, Qt::AlignHCenter | Qt::AlignTop, tr("?\n(true: %1)").arg(className(truth)));
        }
    }
}

ImagePredictionsView::ImagePredictionsView(QWidget* parent)
    : QWidget(parent), m_grid(new ImageGridWidget(this)), m_confusion(new QCustomPlot(this)),
      m_runChoice(new QComboBox(this)), m_caption(new QLabel(this)) {
    m_confusion->setMinimumSize(320, 260);
    new HoverReadout(m_confusion);
    installExportMenu(m_confusion, QStringLiteral("confusion_matrix"));
    m_runChoice->setVisible(false);
    connect(m_runChoice, &QComboBox::currentIndexChanged, this, [this](int i) { showRun(i); });
    auto* top = new QHBoxLayout;
    top->addWidget(m_caption, 1);
    top->addWidget(m_runChoice);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_grid);
    split->addWidget(m_confusion);
    split->setSizes({1000, 1000});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    clear();
}

void ImagePredictionsView::setFontScale(double scale) {
    m_fontScale = scale;
    m_grid->setFontScale(scale);
    applyPlotStyle(*m_confusion, scale);
    const int run = std::max(0, m_runChoice->currentIndex());
    if (m_has[std::size_t(run)])
        drawConfusion(m_predictions[std::size_t(run)]);
}

void ImagePredictionsView::clear() {
    m_data = DataSnapshot{};
    m_has = {};
    m_families = {};
    m_runChoice->clear();
    m_runChoice->setVisible(false);
    m_grid->setImages({}, {}, {});
    m_confusion->clearPlottables();
    m_confusion->clearItems();
    m_confusion->xAxis->setLabel(tr("predicted class"));
    m_confusion->yAxis->setLabel(tr("true class"));
    requestReplot(m_confusion);
    m_caption->setText(tr("Predictions on the test split"));
}

void ImagePredictionsView::setRunFamily(int run, const QString& family) {
    if (run < 0 || run > 1)
        return;
    m_families[std::size_t(run)] = family;
    while (m_runChoice->count() <= run)
        m_runChoice->addItem(QString());
    m_runChoice->setItemText(run, tr("%1 network").arg(family));
    m_runChoice->setVisible(m_runChoice->count() > 1);
}

void ImagePredictionsView::setData(const DataSnapshot& data) {
    m_data = data;
    m_grid->setImages(data.sampleImages, data.sampleLabels, data.classNames);
}

void ImagePredictionsView::setPredictions(const PredictionSnapshot& p) {
    if (p.run < 0 || p.run > 1)
        return;
    m_predictions[std::size_t(p.run)] = p;
    m_has[std::size_t(p.run)] = true;
    if (p.run == std::max(0, m_runChoice->currentIndex()))
        showRun(p.run);
}

void ImagePredictionsView::showRun(int run) {
    if (run < 0 || run > 1 || !m_has[std::size_t(run)])
        return;
    const PredictionSnapshot& p = m_predictions[std::size_t(run)];
    m_grid->setPredictions(p.samplePredictions);
    drawConfusion(p);
    qint64 right = 0;
    for (int c = 0; c < p.classes; ++c)
        right += p.confusion[c * p.classes + c];
    m_caption->setText(tr("<b>%1</b>, step %2 (%3 epochs done): %4 of %5 test samples right (error %6)")
                           .arg(m_families[std::size_t(run)].isEmpty() ? tr("network") : m_families[std::size_t(run)])
                           .arg(p.step)
                           .arg(p.epoch)
                           .arg(right)
                           .arg(p.evaluated)
                           .arg(readoutNumber(p.evaluated > 0 ? 1.0 - double(right) / double(p.evaluated) : 0.0)));
}

void ImagePredictionsView::drawConfusion(const PredictionSnapshot& p) {
    QCustomPlot& plot = *m_confusion;
    plot.clearPlottables();
    plot.clearItems();
    const int k = p.classes;
    if (k <= 0 || p.confusion.size() != k * k)
        return;
    auto* map = new QCPColorMap(plot.xAxis, plot.yAxis);
    map->setName(tr("test samples (true class, predicted class)"));
    map->data()->setSize(k, k);
    map->data()->setRange(QCPRange(0, k - 1), QCPRange(0, k - 1));
    int top = 1;
    for (int t = 0; t < k; ++t)
        for (int q = 0; q < k; ++q) {
            const int count = p.confusion[t * k + q];
            map->data()->setCell(q, t, count);
            top = std::max(top, count);
        }
    QCPColorGradient gradient;
    gradient.setColorStopAt(0.0, QColor(0xff, 0xff, 0xff));
    gradient.setColorStopAt(1.0, QColor(0x1f, 0x5f, 0xb4));
    map->setGradient(gradient);
    map->setDataRange(QCPRange(0, top));
    map->setInterpolate(false);
    if (k <= 12) {
        // Counts small enough to fit their cells.
        const double cell = 0.75 * std::min(plot.width(), plot.height()) / k;
        QFont f = plot.font();
        f.setPointSizeF(std::clamp(cell / 3.2, 5.0, 10.0 * m_fontScale));
        for (int t = 0; t < k; ++t)
            for (int q = 0; q < k; ++q) {
                auto* text = new QCPItemText(&plot);
                text->position->setCoords(q, t);
                text->setText(QString::number(p.confusion[t * k + q]));
                text->setFont(f);
                text->setColor(p.confusion[t * k + q] > top / 2 ? Qt::white : Qt::black);
            }
    }
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int c = 0; c < k; ++c) {
        const QString name = c < m_data.classNames.size() ? m_data.classNames[c] : QString::number(c);
        ticker->addTick(c, name);
    }
    plot.xAxis->setTicker(ticker);
    plot.yAxis->setTicker(ticker);
    plot.xAxis->setTickLabelRotation(k > 4 ? 45 : 0);
    plot.xAxis->setRange(-0.5, k - 0.5);
    plot.yAxis->setRange(-0.5, k - 0.5);
    plot.yAxis->setRangeReversed(true);
    plot.xAxis->grid()->setVisible(false);
    plot.yAxis->grid()->setVisible(false);
    requestReplot(&plot);
}

QVector<int> ImagePredictionsView::shownConfusion() const {
    const int run = std::max(0, m_runChoice->currentIndex());
    return m_has[std::size_t(run)] ? m_predictions[std::size_t(run)].confusion : QVector<int>{};
}

}  // namespace ui
