#include "ui/builder/builder_resources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initResources() { Q_INIT_RESOURCE(resources); }

namespace ui {

void ensureResources() {
    static const bool done = [] {
        initResources();
        return true;
    }();
    (void)done;
}

}  // namespace ui
