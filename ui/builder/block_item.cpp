#include "ui/builder/block_item.h"

#include "ui/builder/block_note_item.h"
#include "ui/builder/builder_scene.h"
#include "ui/builder/skip_arrow_item.h"

#include "core/format.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

namespace ui {

using namespace canvas;

namespace {

QString activationText(core::Activation a) {
    switch (a) {
    case core::Activation::ReLU: return QStringLiteral("ReLU");
    case core::Activation::Tanh: return QStringLiteral("tanh");
    case core::Activation::Sigmoid: return QStringLiteral("σ");
    }
    return {};
}

}  // namespace

BlockItem::BlockItem(core::BlockId id) : m_id(id), m_skip(new SkipArrowItem(this)) {
    setFlags(ItemIsSelectable | ItemIsFocusable);
    setAcceptHoverEvents(true);
    setCacheMode(DeviceCoordinateCache);
}

bool BlockItem::setBlock(const core::BlockSpec& block, bool images) {
    if (block == m_block && images == m_images && !m_chips.empty())
        return false;
    const double oldWidth = m_width;
    m_block = block;
    m_images = images;
    const double newWidth = layoutChips();
    if (newWidth != oldWidth) {
        prepareGeometryChange();
        m_width = newWidth;
    }
    m_skip->setShortcut(block.shortcut, images, block.batchNorm, block.stride);
    m_skip->setVariant(block.design);
    m_skip->setSpan(kJunctionX, m_addX);
    if (m_note)
        m_note->setAnchorWidth(m_width);
    updateToolTip();
    update();
    return newWidth != oldWidth;
}

// The chips of the branch, left to right, as He et al. 2015 fig. 2 draws them top to bottom:
// weight layer, BN, g, weight layer, BN, ⊕, g. The last unit has no g of its own: the block
// applies g after the addition. The block's design moves BN and g (He et al. 2016, Fig. 4:
// BN after the ⊕, g before it, or both ahead of the weight layer for pre-activation) and adds
// the scalars at the end of the branch: x(1−λ), ReZero's and SkipInit's xα, Fixup's +b and
// xα, and xg for exclusive gating. What follows the ⊕ is drawn after it, or nothing.
double BlockItem::layoutChips() {
    m_chips.clear();
    double x = kPadLeft;
    auto add = [&](ChipKind kind, const QString& a, const QString& b = {}) {
        const double w = kind == ChipKind::Weight ? kWeightChipWidth
                         : kind == ChipKind::Norm ? kNormChipWidth
                         : kind == ChipKind::Scale ? kScaleChipWidth
                                                   : kActChipWidth;
        m_chips.push_back({kind, a, b, x, w});
        x += w + kChipGap;
    };
    const core::BlockDesign& design = m_block.design;
    const bool residual = m_block.residual();
    const bool fixup = residual && design.residualScale == core::ResidualScale::Fixup;
    const QString g = activationText(m_block.activation);
    auto unit = [&](int kernel, int width, int stride, bool last) {
        const QString what = m_images ? QStringLiteral("conv %1x%1").arg(kernel) : QStringLiteral("dense");
        const QString size = stride > 1 ? QStringLiteral("%1, /%2").arg(width).arg(stride) : QString::number(width);
        auto weight = [&] { add(ChipKind::Weight, what, size); };
        auto norm = [&] {
            if (m_block.batchNorm)
                add(ChipKind::Norm, QStringLiteral("BN"));
        };
        auto activation = [&] { add(ChipKind::Activation, g); };
        if (fixup) {
            add(ChipKind::Scale, QStringLiteral("+b"));
            weight();
            if (!last) {
                add(ChipKind::Scale, QStringLiteral("+b"));
                activation();
            }
            return;
        }
        switch (design.placement) {
        case core::Placement::Original:
            weight();
            norm();
            if (!last)
                activation();
            break;
        case core::Placement::BnAfterAddition:
            weight();
            if (!last || !residual)
                norm();
            if (!last)
                activation();
            break;
        case core::Placement::ReluBeforeAddition:
            weight();
            norm();
            activation();
            break;
        case core::Placement::ReluOnlyPreActivation:
            activation();
            weight();
            norm();
            break;
        case core::Placement::FullPreActivation:
            norm();
            activation();
            weight();
            break;
        }
    };
    if (m_block.kind == core::BlockKind::Bottleneck) {
        const int r = m_block.bottleneckWidth;
        unit(1, r, 1, false);
        unit(m_block.kernel, r, m_block.stride, false);
        unit(1, m_block.width, 1, true);
    } else {
        const int span = std::clamp(m_block.span, 1, 64);
        for (int u = 0; u < span; ++u)
            unit(m_block.kernel, m_block.width, u == 0 ? m_block.stride : 1, u == span - 1);
    }
    if (residual) {
        if (design.shortcutVariant == core::ShortcutVariant::ConstantScaling && design.scaleBranch)
            add(ChipKind::Scale, QStringLiteral("×%1").arg(1.0 - design.shortcutScale, 0, 'g', 3));
        if (design.residualScale != core::ResidualScale::None)
            add(ChipKind::Scale, QStringLiteral("×α"));
        if (fixup)
            add(ChipKind::Scale, QStringLiteral("+b"));
        if (design.shortcutVariant == core::ShortcutVariant::ExclusiveGating)
            add(ChipKind::Scale, QStringLiteral("×g"));
        m_addX = x + kAddRadius;
        x += 2 * kAddRadius + kChipGap;
    } else {
        m_addX = x - kChipGap / 2;   // where the ⊕ would be: the ghost skip ends here
    }
    // After the addition: BN then g (BN after addition), g (original), or nothing.
    const bool bnAfter = residual && design.placement == core::Placement::BnAfterAddition && m_block.batchNorm;
    if (bnAfter)
        add(ChipKind::Norm, QStringLiteral("BN"));
    if (!m_block.identityAfterAddition())
        add(ChipKind::Activation, g);
    return std::max(kMinBlockWidth, x - kChipGap + kPadRight);
}

void BlockItem::setSummary(int index, const QString& outputShape, qint64 params, const QString& description,
                           const QStringList& issues) {
    if (index == m_index && outputShape == m_outputShape && params == m_params && description == m_description &&
        issues == m_issues)
        return;
    m_index = index;
    m_outputShape = outputShape;
    m_params = params;
    m_description = description;
    m_issues = issues;
    updateToolTip();
    update();
}

void BlockItem::setFlow(const std::optional<BlockFlow>& flow) {
    const bool show = flow && m_block.residual();
    if (!show && !m_flow)
        return;
    m_flow = show ? flow : std::nullopt;
    m_skip->setFlow(m_flow);
    updateToolTip();
    update();
}

void BlockItem::setBranchZeroed(bool zeroed) {
    if (zeroed == m_branchZeroed)
        return;
    m_branchZeroed = zeroed;
    update();
}

void BlockItem::setNote(const QString& text) {
    if (text.isEmpty()) {
        delete m_note;
        m_note = nullptr;
        return;
    }
    if (!m_note)
        m_note = new BlockNoteItem(this);
    m_note->setText(text);
    m_note->setAnchorWidth(m_width);
}

QString BlockItem::note() const { return m_note && m_note->isVisible() ? m_note->text() : QString(); }

QString BlockItem::title() const {
    if (m_block.kind == core::BlockKind::Bottleneck)
        return m_block.residual() ? QObject::tr("Bottleneck") : QObject::tr("Plain bottleneck");
    switch (m_block.shortcut) {
    case core::ShortcutKind::None: return QObject::tr("Plain block");
    case core::ShortcutKind::Identity: return QObject::tr("Residual block");
    case core::ShortcutKind::Projection: return QObject::tr("Convolution block");
    case core::ShortcutKind::ZeroPad: return QObject::tr("Residual block, zero-pad");
    }
    return {};
}

void BlockItem::updateToolTip() {
    QString tip = QStringLiteral("<b>%1</b> (block %2)").arg(title().toHtmlEscaped()).arg(m_index);
    if (!m_description.isEmpty())
        tip += QStringLiteral("<br>%1").arg(m_description.toHtmlEscaped());
    tip += QObject::tr("<br>output %1, %2 parameters")
               .arg(m_outputShape, QString::fromStdString(core::groupThousands(m_params)));
    for (const QString& issue : m_issues)
        tip += QStringLiteral("<br><span style='color:#c62828'>%1</span>").arg(issue.toHtmlEscaped());
    if (m_flow) {
        const BlockFlow& f = *m_flow;
        tip += QObject::tr("<br><span style='color:#1f77b4'>forward: ||x|| = %1 through the skip, ||F(x)|| = %2 "
                           "through the branch (skip %3%)</span>")
                   .arg(f.inputNorm, 0, 'g', 3)
                   .arg(f.branchNorm, 0, 'g', 3)
                   .arg(qRound(100 * f.forwardSkipShare()));
        tip += QObject::tr("<br><span style='color:#e87a1c'>backward: gradient %1 via the shortcut, %2 via the "
                           "branch (shortcut %3%)</span>")
                   .arg(f.gradViaShortcut, 0, 'g', 3)
                   .arg(f.gradViaBranch, 0, 'g', 3)
                   .arg(qRound(100 * f.backwardSkipShare()));
    }
    setToolTip(tip);
}

QRectF BlockItem::skipSwitchRect() const { return QRectF(m_width - kPadRight - 30, 7, 30, 16); }

QRectF BlockItem::boundingRect() const { return QRectF(-3, -3, m_width + 6, kItemHeight + 6); }

void BlockItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF box(0, 0, m_width, kItemHeight);
    const bool invalid = isInvalid();
    const bool selected = isSelected();

    // The box.
    QPen border(invalid ? invalidBorder() : selected ? selectionColor() : QColor(0xc3, 0xca, 0xd5),
                selected ? 2.6 : invalid ? 2.0 : 1.2);
    if (m_hovered && !selected && !invalid)
        border.setColor(QColor(0x8e, 0x98, 0xa8));
    painter->setPen(border);
    painter->setBrush(invalid ? invalidFill() : Qt::white);
    painter->drawRoundedRect(box, 10, 10);
    if (selected && invalid) {
        painter->setPen(QPen(selectionColor(), 1.4, Qt::DashLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(box.adjusted(3, 3, -3, -3), 8, 8);
    }

    // The main path: the input enters on the left, leaves on the right.
    painter->setPen(QPen(wireColor(), 1.6));
    painter->drawLine(QPointF(0, kChipMid), QPointF(m_width, kChipMid));
    if (m_block.residual()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(residualColor());
        painter->drawEllipse(QPointF(kJunctionX, kChipMid), 3, 3);
    }

    // The branch's flow during training: bars under the chips whose thickness is the share of
    // the branch (blue: ||F(x)|| of the forward signal, orange: gradient through the branch).
    if (m_flow) {
        const double forward = std::max(1.2, kMaxFlowWidth * (1.0 - m_flow->forwardSkipShare()));
        const double backward = std::max(1.2, kMaxFlowWidth * (1.0 - m_flow->backwardSkipShare()));
        painter->setPen(QPen(forwardFlowColor(), forward, Qt::SolidLine, Qt::FlatCap));
        painter->drawLine(QPointF(kJunctionX, kFlowLaneForward), QPointF(m_addX, kFlowLaneForward));
        paintArrowHead(*painter, m_addX + 7, kFlowLaneForward, 1, 0, forwardFlowColor(), 6 + forward / 2);
        painter->setPen(QPen(backwardFlowColor(), backward, Qt::SolidLine, Qt::FlatCap));
        painter->drawLine(QPointF(kJunctionX + 6, kFlowLaneBackward), QPointF(m_addX, kFlowLaneBackward));
        paintArrowHead(*painter, kJunctionX, kFlowLaneBackward, -1, 0, backwardFlowColor(), 6 + backward / 2);
    }

    // The chips and the ⊕.
    for (const Chip& chip : m_chips)
        paintChip(*painter, QRectF(chip.x, kChipTop, chip.w, kChipHeight), chip.kind, chip.line1, chip.line2, lod);
    // A zeroed branch (the identity demo): its layers are veiled and marked F(x) = 0 until restored.
    if (m_branchZeroed && !m_chips.empty()) {
        const QRectF branch(m_chips.front().x - 3, kChipTop - 3,
                            m_chips.back().x + m_chips.back().w - m_chips.front().x + 6, kChipHeight + 6);
        painter->setPen(QPen(QColor(0x5c, 0x63, 0x70), 1.4, Qt::DashLine));
        painter->setBrush(QColor(255, 255, 255, 200));
        painter->drawRoundedRect(branch, 6, 6);
        QFont f = painter->font();
        f.setBold(true);
        painter->setFont(f);
        painter->setPen(QColor(0x2a, 0x2f, 0x36));
        painter->drawText(branch, Qt::AlignCenter, QStringLiteral("F(x) = 0"));
    }
    if (m_block.residual())
        paintAdd(*painter, m_addX, kChipMid);

    if (lod < 0.45) {
        // Far away: a coloured title bar instead of text.
        painter->setPen(Qt::NoPen);
        painter->setBrush(m_block.residual() ? residualColor() : plainColor());
        painter->drawRoundedRect(QRectF(12, 10, std::min(120.0, m_width - 24), 10), 4, 4);
        return;
    }

    // Header: title and the skip switch.
    painter->setFont(headerFont());
    // Red text is kept for invalid blocks: a plain block's title is dark, its red is in the bars.
    painter->setPen(invalid ? invalidBorder() : m_block.residual() ? residualColor() : plainTitleColor());
    double titleX = 12;
    if (invalid) {
        painter->setBrush(invalidBorder());
        painter->setPen(Qt::NoPen);
        painter->drawEllipse(QPointF(19, kHeaderBaseline - 4.5), 7, 7);
        painter->setPen(Qt::white);
        painter->drawText(QRectF(12, kHeaderBaseline - 11.5, 14, 14), Qt::AlignCenter, QStringLiteral("!"));
        painter->setPen(invalidBorder());
        titleX = 31;
    }
    painter->drawText(QPointF(titleX, kHeaderBaseline), title());

    const QRectF sw = skipSwitchRect();
    const bool on = m_block.residual();
    painter->setPen(Qt::NoPen);
    painter->setBrush(on ? residualColor() : QColor(0xc0, 0xc6, 0xd0));
    painter->drawRoundedRect(sw, sw.height() / 2, sw.height() / 2);
    painter->setBrush(Qt::white);
    const double knob = sw.height() - 4;
    painter->drawEllipse(QRectF(on ? sw.right() - knob - 2 : sw.left() + 2, sw.top() + 2, knob, knob));
    painter->setFont(footerFont());
    painter->setPen(mutedTextColor());
    painter->drawText(QRectF(sw.left() - 40, sw.top(), 36, sw.height()), Qt::AlignRight | Qt::AlignVCenter,
                      QObject::tr("skip"));

    // Footer: index, output shape, parameters.
    painter->setFont(footerFont());
    painter->setPen(mutedTextColor());
    const QString indexText = QObject::tr("block %1").arg(m_index);
    painter->drawText(QPointF(12, kFooterBaseline), indexText);
    const double shapeX = 12 + QFontMetricsF(footerFont()).horizontalAdvance(indexText + QStringLiteral("  "));
    painter->setFont(footerBoldFont());
    painter->setPen(textColor());
    painter->drawText(QPointF(shapeX, kFooterBaseline), QStringLiteral("→ ") + m_outputShape);
    painter->setFont(footerFont());
    painter->setPen(mutedTextColor());
    painter->drawText(QRectF(0, kFooterBaseline - 13, m_width - 12, 16), Qt::AlignRight | Qt::AlignVCenter,
                      QObject::tr("%1 params").arg(compactCount(m_params)));
}

void BlockItem::hoverEnterEvent(QGraphicsSceneHoverEvent*) {
    m_hovered = true;
    m_skip->setGhostVisible(true);
    update();
}

void BlockItem::hoverLeaveEvent(QGraphicsSceneHoverEvent*) {
    m_hovered = false;
    m_skip->setGhostVisible(false);
    update();
}

void BlockItem::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    m_pressOnSwitch = event->button() == Qt::LeftButton &&
                      skipSwitchRect().adjusted(-4, -4, 4, 4).contains(event->pos());
    if (m_pressOnSwitch) {
        event->accept();
        return;
    }
    QGraphicsItem::mousePressEvent(event);
}

void BlockItem::mouseMoveEvent(QGraphicsSceneMouseEvent* event) {
    if (m_pressOnSwitch || !(event->buttons() & Qt::LeftButton))
        return;
    const QPointF moved = event->screenPos() - event->buttonDownScreenPos(Qt::LeftButton);
    if (moved.manhattanLength() < QApplication::startDragDistance())
        return;
    if (auto* builder = dynamic_cast<BuilderScene*>(scene()))
        builder->startBlockDrag(this, event->widget());
}

void BlockItem::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
    if (m_pressOnSwitch) {
        m_pressOnSwitch = false;
        if (skipSwitchRect().adjusted(-4, -4, 4, 4).contains(event->pos()))
            if (auto* builder = dynamic_cast<BuilderScene*>(scene()))
                builder->toggleSkip(m_id);
        return;
    }
    QGraphicsItem::mouseReleaseEvent(event);
}

void BlockItem::contextMenuEvent(QGraphicsSceneContextMenuEvent* event) {
    if (auto* builder = dynamic_cast<BuilderScene*>(scene()))
        builder->showBlockMenu(this, event);
}

QVariant BlockItem::itemChange(GraphicsItemChange change, const QVariant& value) {
    if (change == ItemSelectedHasChanged)
        update();
    return QGraphicsItem::itemChange(change, value);
}

}  // namespace ui
