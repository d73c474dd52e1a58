#include "ui/training/data_preview.h"

#include "core/format.h"
#include "ui/plots/class_palette.h"

#include <QPainter>

#include <algorithm>

namespace ui {

namespace {

constexpr int kPreviewImages = 12;
constexpr int kPreviewPoints = 1500;

bool isFileSet(const std::string& name) {
    return name == "fashion-mnist" || name.rfind("idx:", 0) == 0 || name.rfind("cifar10:", 0) == 0;
}

}  // namespace

DataPreview::DataPreview(JobRunner& jobs, QWidget* parent) : QWidget(parent), m_jobs(jobs) { setMinimumSize(160, 110); }

DataPreview::Picture DataPreview::load(const std::string& name, core::DataOptions options) {
    Picture p;
    try {
        // Large files: read only what the picture needs.
        const bool partial = isFileSet(name);
        if (partial) {
            options.maxTrain = options.maxTrain > 0 ? std::min(options.maxTrain, 200) : 200;
            options.maxTest = options.maxTest > 0 ? std::min(options.maxTest, kPreviewImages) : kPreviewImages;
        }
        const core::Dataset d = core::loadDataset(name, options);
        if (partial)
            p.summary = QObject::tr("%1 images of %2 (%3 classes)")
                            .arg(QString::fromStdString(d.shape.str()), QString::fromStdString(d.name))
                            .arg(d.classes);
        else
            p.summary = QObject::tr("%1 training / %2 test samples, %3 classes, %4")
                            .arg(QString::fromStdString(core::groupThousands(d.train.size())),
                                 QString::fromStdString(core::groupThousands(d.test.size())))
                            .arg(d.classes)
                            .arg(d.shape.spatial ? QObject::tr("images %1").arg(QString::fromStdString(d.shape.str()))
                                                 : QObject::tr("%1 features").arg(d.shape.size()));
        if (!d.shape.spatial && d.shape.size() == 2) {
            const Eigen::Index n = d.train.size();
            const Eigen::Index stride = std::max<Eigen::Index>(1, n / kPreviewPoints);
            for (Eigen::Index j = 0; j < n; j += stride) {
                p.points << QPointF(d.train.x(0, j), d.train.x(1, j));
                p.labels << d.train.y(j);
            }
        } else if (d.shape.spatial) {
            const core::Split& s = d.test.size() > 0 ? d.test : d.train;
            const int h = d.shape.height, w = d.shape.width;
            for (Eigen::Index j = 0; j < std::min<Eigen::Index>(kPreviewImages, s.size()); ++j) {
                const core::Vector col = s.columns(j, 1);
                const float lo = col.minCoeff(), hi = col.maxCoeff();
                QImage image(w, h, QImage::Format_Grayscale8);
                for (int y = 0; y < h; ++y)
                    for (int x = 0; x < w; ++x)
                        image.scanLine(y)[x] = uchar(hi > lo ? std::clamp(int((col(y * w + x) - lo) / (hi - lo) * 255), 0, 255) : 0);
                p.images << image;
            }
        }
        p.ok = true;
    } catch (const std::exception& e) {
        p.summary = QString::fromStdString(e.what());
    }
    return p;
}

void DataPreview::request(const std::string& name, const core::DataOptions& options) {
    m_loading = true;
    m_jobs.start(kDataPreviewJob, this, [this, name, options](JobContext& ctx) {
        const Picture picture = load(name, options);
        ctx.deliver([this, picture] { apply(picture); });
    });
    update();
}

void DataPreview::apply(const Picture& picture) {
    m_loading = false;
    m_picture = picture;
    m_summary = picture.summary;
    update();
    emit loaded(m_summary, picture.ok);
}

void DataPreview::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), QColor(0xfa, 0xfa, 0xfa));
    painter.setPen(QColor(0xcc, 0xcc, 0xcc));
    painter.drawRect(rect().adjusted(0, 0, -1, -1));
    const QRectF area = QRectF(rect()).adjusted(6, 6, -6, -6);
    if (!m_picture.ok) {
        painter.setPen(m_loading ? Qt::gray : QColor(0xb0, 0x10, 0x10));
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, m_loading ? tr("loading...") : m_summary);
        return;
    }
    if (!m_picture.points.isEmpty()) {
        double x0 = 1e30, x1 = -1e30, y0 = 1e30, y1 = -1e30;
        for (const QPointF& p : m_picture.points) {
            x0 = std::min(x0, p.x()), x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y()), y1 = std::max(y1, p.y());
        }
        const double sx = area.width() / std::max(1e-9, x1 - x0), sy = area.height() / std::max(1e-9, y1 - y0);
        const double s = std::min(sx, sy);
        const QPointF offset(area.center().x() - (x0 + x1) / 2 * s, area.center().y() + (y0 + y1) / 2 * s);
        painter.setPen(Qt::NoPen);
        for (int i = 0; i < m_picture.points.size(); ++i) {
            painter.setBrush(classColor(m_picture.labels[i]));
            const QPointF& p = m_picture.points[i];
            painter.drawEllipse(QPointF(offset.x() + p.x() * s, offset.y() - p.y() * s), 1.8, 1.8);
        }
    } else if (!m_picture.images.isEmpty()) {
        const int n = int(m_picture.images.size());
        const int cols = std::max(1, std::min(n, 6));
        const int rows = (n + cols - 1) / cols;
        const double side = std::min(area.width() / cols, area.height() / rows) - 3;
        for (int i = 0; i < n; ++i)
            painter.drawImage(QRectF(area.left() + (i % cols) * (side + 3), area.top() + (i / cols) * (side + 3), side, side),
                              m_picture.images[i]);
    }
}

}  // namespace ui
