// ui/builder/builder_style.h: how the canvas draws a network, in one place: the colours of
// the layer kinds (weights, normalisation, activations), of plain and residual blocks (red and
// blue, as in every plot of the app), and the metrics every canvas item shares, so a block's
// chip row lines up with the stem, the head and the wires between them.
#pragma once

#include <QColor>
#include <QFont>
#include <QString>

class QPainter;
class QRectF;

namespace ui::canvas {

// Vertical metrics shared by block, stem and head items (item coordinates, pixels at zoom 1).
inline constexpr double kItemHeight = 162;
inline constexpr double kHeaderBaseline = 19;
inline constexpr double kArcTop = 36;         // the skip arrow's top
inline constexpr double kChipTop = 62;
inline constexpr double kChipHeight = 44;
inline constexpr double kChipMid = kChipTop + kChipHeight / 2;   // where wires enter and leave
inline constexpr double kFlowLaneForward = 114;   // the branch's flow bars under the chips
inline constexpr double kFlowLaneBackward = 124;
inline constexpr double kFooterBaseline = 150;
// Horizontal metrics.
inline constexpr double kJunctionX = 10;      // where the skip leaves the input wire
inline constexpr double kPadLeft = 22;
inline constexpr double kPadRight = 14;
inline constexpr double kChipGap = 6;
inline constexpr double kWeightChipWidth = 62;
inline constexpr double kNormChipWidth = 28;
inline constexpr double kActChipWidth = 40;
inline constexpr double kScaleChipWidth = 34;   // x alpha, + b, x g: the block-design scalars
inline constexpr double kAddRadius = 9;
inline constexpr double kMinBlockWidth = 190;
// The chain.
inline constexpr double kItemGap = 34;        // between two items of a row (holds the wire)
inline constexpr double kRowGap = 76;         // between rows (holds the wrap wire and notes)
inline constexpr double kMaxFlowWidth = 9;    // pen width of a path carrying everything

enum class ChipKind { Weight, Norm, Activation, Pool, Add, Scale };

QColor chipFill(ChipKind kind);
QColor chipBorder(ChipKind kind);
QColor plainColor();        // red
QColor plainTitleColor();   // a plain block's title: dark, so red text means invalid
QColor residualColor();     // blue
QColor selectionColor();
QColor invalidFill();
QColor invalidBorder();
QColor wireColor();
QColor textColor();
QColor mutedTextColor();
QColor forwardFlowColor();  // ||x|| vs ||F(x)||
QColor backwardFlowColor(); // gradient via shortcut vs branch
QColor canvasBackground();

QFont chipFont();           // pixel sizes, so text scales with the zoom
QFont headerFont();
QFont footerFont();
QFont footerBoldFont();

// One layer chip: a rounded box with one or two centred lines. At low zoom (lod < 0.45)
// only the box is drawn.
void paintChip(QPainter& painter, const QRectF& rect, ChipKind kind, const QString& line1,
               const QString& line2, double lod, bool selected = false, bool invalid = false);
// The ⊕ of a residual block (He et al. 2015, fig. 2).
void paintAdd(QPainter& painter, double cx, double cy);
// A filled arrow head whose tip is at (x, y), pointing along (dx, dy).
void paintArrowHead(QPainter& painter, double x, double y, double dx, double dy, const QColor& color,
                    double size = 7);

// "12,345" -> "12.3k params" style numbers for the footer.
QString compactCount(qint64 n);
// "1 problem", "3 problems" (English plurals without a translation file).
QString problemsText(int count);
// FLOPs for people: "320 FLOPs", "28.99 kFLOPs", "1.26 GFLOPs".
QString flopsText(qint64 flops);

}  // namespace ui::canvas
