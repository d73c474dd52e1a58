// ui/builder/builder_mime.h: the drag-and-drop formats of the builder. A palette drag carries
// the entry's key; a drag inside the canvas carries the ids of the blocks being moved. Both
// the palette and the tests build their drops from these functions, so a test drop is the
// same data as a real one.
#pragma once

#include "core/spec/network_spec.h"
#include "ui/builder/palette_entries.h"

#include <QList>

#include <optional>

class QMimeData;

namespace ui {

inline constexpr const char* kPaletteMimeType = "application/x-resnetlab-palette-entry";
inline constexpr const char* kBlocksMimeType = "application/x-resnetlab-blocks";

QMimeData* paletteMimeData(PaletteEntry entry);           // caller owns
std::optional<PaletteEntry> paletteEntryFromMime(const QMimeData* mime);

QMimeData* blocksMimeData(const QList<core::BlockId>& ids);  // caller owns
QList<core::BlockId> blockIdsFromMime(const QMimeData* mime);

}  // namespace ui
