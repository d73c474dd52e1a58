#include "ui/builder/builder_mime.h"

#include <QMimeData>
#include <QStringList>

namespace ui {

QMimeData* paletteMimeData(PaletteEntry entry) {
    auto* mime = new QMimeData;
    mime->setData(kPaletteMimeType, paletteInfo(entry).key.toUtf8());
    return mime;
}

std::optional<PaletteEntry> paletteEntryFromMime(const QMimeData* mime) {
    if (!mime || !mime->hasFormat(kPaletteMimeType))
        return std::nullopt;
    return paletteEntryFromKey(QString::fromUtf8(mime->data(kPaletteMimeType)));
}

QMimeData* blocksMimeData(const QList<core::BlockId>& ids) {
    QStringList parts;
    for (core::BlockId id : ids)
        parts << QString::number(id);
    auto* mime = new QMimeData;
    mime->setData(kBlocksMimeType, parts.join(',').toUtf8());
    return mime;
}

QList<core::BlockId> blockIdsFromMime(const QMimeData* mime) {
    QList<core::BlockId> ids;
    if (!mime || !mime->hasFormat(kBlocksMimeType))
        return ids;
    for (const QString& part : QString::fromUtf8(mime->data(kBlocksMimeType)).split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const qulonglong id = part.toULongLong(&ok);
        if (ok)
            ids << core::BlockId(id);
    }
    return ids;
}

}  // namespace ui
