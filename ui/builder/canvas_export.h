// ui/builder/canvas_export.h: the drawn network as a picture for slides and papers: PNG (at
// twice the screen resolution), SVG or PDF, chosen by the file's suffix. Selection and the
// drop marker are left out; the file is written atomically.
#pragma once

#include <QString>

namespace ui {

class BuilderScene;

bool exportCanvas(BuilderScene& scene, const QString& path, QString* error);

}  // namespace ui
