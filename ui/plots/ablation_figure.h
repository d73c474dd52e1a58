// ui/plots/ablation_figure.h: the block-design ablation as a bar chart (He et al. 2016, Tables 1
// and 2, on our data): one horizontal bar per variant, its median final error over seeds, a
// whisker from the best to the worst seed, and in a column on the right, row by row, our median
// next to the paper's number
// (ResNet-110 on CIFAR-10, test error; "fail" above 20%). Variants in the table's order, top
// to bottom; a dashed line marks chance level. Used by the Block design view and the CLI.
#pragma once

#include "core/experiments/ablation.h"

#include <QString>

#include <vector>

class QCustomPlot;

namespace ui {

struct AblationFigureOptions {
    bool testError = false;     // plot the test error instead of the training error
    double chance = 2.0 / 3.0;  // the error of a guess (1 - 1/classes), drawn as a dashed line
    double fontScale = 1.0;
    QString title;
};

void drawAblationFigure(QCustomPlot& plot, const std::vector<core::AblationSummaryRow>& rows,
                        const AblationFigureOptions& options = {});

// "6.61%", "fail (> 20%)" or "no number": the paper's entry as the table shows it; brief:
// "6.61%", "fail" or "–", as the figure's labels show it (its axis label says what fail means).
QString paperText(const std::string& paper, bool brief = false);

// `label` on two lines when it is longer than `width` characters, broken at a space.
QString wrapLabel(const QString& label, int width = 34);

}  // namespace ui
