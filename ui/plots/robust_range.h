// ui/plots/robust_range.h: the value range of a loss plot, one rule for every view. A deep
// plain net's first losses can reach 1e7 while the curves that matter lie between 0 and 2: an
// axis that follows the worst spike flattens every curve to a line at 0, and one cut at a
// percentile clips the first loss of a healthy run. The rule: every value up to ten times the
// 90th percentile is shown whole (a curve that starts at 1.1 and ends at 0.01 keeps its start);
// values above that are spikes, left out of the range and counted, so the plot can say so
// (clippedNote) with an arrow at the top of the axes.
#pragma once

#include <QString>

#include <vector>

class QCPAxisRect;
class QCPItemText;

namespace ui {

struct RobustRange {
    double lower = 0, upper = 1;   // the range of the values shown (not padded)
    int clippedAbove = 0;          // values left above the range
    double largestClipped = 0;     // the largest of them
    bool empty = true;             // no finite value at all
};

// `values` may hold NaN and infinities (ignored). kSpikeFactor x the 90th percentile is the
// largest value still shown.
inline constexpr double kSpikeFactor = 10.0;
RobustRange robustRange(std::vector<double> values);

// "↑ 3 values above the axis, up to 8e+06" (empty when none was clipped), and that text as a
// note at the top left of `rect`; returns the item (owned by the plot), or nullptr.
QString clippedText(const RobustRange& range);
QCPItemText* addClippedNote(QCPAxisRect& rect, const RobustRange& range, double fontScale);

}  // namespace ui
