// ui/builder/builder_resources.h: makes the icons of resources/resources.qrc available. The
// resources are compiled into the static resnetlab_ui library, whose object file the linker
// keeps only if something refers to it; this function is that reference.
#pragma once

namespace ui {

void ensureResources();

}  // namespace ui
