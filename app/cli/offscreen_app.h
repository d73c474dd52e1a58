// app/cli/offscreen_app.h: the Qt application the CLI needs to draw figures. It uses the
// offscreen platform unless QT_QPA_PLATFORM says otherwise, so no display is needed.
#pragma once

namespace cli {

void ensureOffscreenApp();

}  // namespace cli
