#include "ui/builder/chain_layout.h"

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

// Greedy wrapping at `rowWidth`, like words on a line.
ChainPlacement wrap(const std::vector<double>& widths, const ChainLayoutParams& params, double rowWidth) {
    ChainPlacement placement;
    placement.rowWidth = rowWidth;
    const double pitch = params.itemHeight + params.rowGap;
    double x = 0;
    int row = 0;
    for (std::size_t i = 0; i < widths.size(); ++i) {
        if (x > 0 && x + widths[i] > rowWidth) {
            x = 0;
            ++row;
        }
        placement.topLeft.emplace_back(x, row * pitch);
        placement.row.push_back(row);
        x += widths[i] + params.gap;
    }
    placement.rows = widths.empty() ? 0 : row + 1;
    return placement;
}

}  // namespace

ChainPlacement layoutChain(const std::vector<double>& widths, const ChainLayoutParams& params) {
    double total = 0;
    double widest = 0;
    for (double w : widths) {
        total += w + params.gap;
        widest = std::max(widest, w);
    }
    if (params.rowWidth > 0)
        return wrap(widths, params, std::max(params.rowWidth, widest));

    // r rows of length total/r and height r * pitch have the aspect (total/r) / (r * pitch);
    // solve for r, then never make a row narrower than the widest item.
    const double pitch = params.itemHeight + params.rowGap;
    const double rows = std::max(1.0, std::sqrt(total / (params.aspect * pitch)));
    const double limit = std::max({params.minRowWidth, total / rows, widest});
    const ChainPlacement greedy = wrap(widths, params, limit);
    // Balance the rows: the narrowest width that still needs no more rows, so the last row is
    // not a lone item (bisection; the row count only grows as the width shrinks).
    double lo = std::max(widest, total / greedy.rows - params.gap), hi = limit;
    for (int i = 0; i < 40 && hi - lo > 1; ++i) {
        const double mid = (lo + hi) / 2;
        if (wrap(widths, params, mid).rows <= greedy.rows)
            hi = mid;
        else
            lo = mid;
    }
    return wrap(widths, params, hi);
}

}  // namespace ui
