// ui/builder/chain_layout.h: where each item of the chain (stem, blocks, head) goes on the
// canvas. Items run left to right like the paper's figures and wrap into rows like text when
// the chain is long, so a 110-layer network still fits a screen; the row width is chosen so
// the whole chain is about as wide as `aspect` times its height. Pure geometry, no items.
#pragma once

#include <QPointF>

#include <vector>

namespace ui {

struct ChainLayoutParams {
    double itemHeight = 162;
    double gap = 34;            // between items of a row
    double rowGap = 76;         // between rows
    double aspect = 1.7;        // target width / height of the whole chain
    double minRowWidth = 1500;  // a short chain stays on one row up to this width
    double rowWidth = 0;        // > 0: use this row width instead of choosing one
};

struct ChainPlacement {
    std::vector<QPointF> topLeft;   // one per item, in chain order
    std::vector<int> row;           // the row of each item
    int rows = 0;
    double rowWidth = 0;            // the width limit that was used
};

ChainPlacement layoutChain(const std::vector<double>& widths, const ChainLayoutParams& params = {});

}  // namespace ui
