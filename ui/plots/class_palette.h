// ui/plots/class_palette.h: one colour per class, the same in the data preview, the decision
// map, the training points and the image grid (a qualitative palette that stays apart on a
// projector; plain red and residual blue are left to the families).
#pragma once

#include <QColor>

namespace ui {

QColor classColor(int k);

}  // namespace ui
