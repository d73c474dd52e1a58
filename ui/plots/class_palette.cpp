#include "ui/plots/class_palette.h"

#include <array>

namespace ui {

QColor classColor(int k) {
    // Okabe-Ito-like, without the pure red and blue of the families.
    static constexpr std::array<QRgb, 10> kColors{0xe69f00, 0x009e73, 0x8e44ad, 0x56b4e9, 0xf0c808,
                                                  0xcc79a7, 0x2a9d8f, 0x7f5539, 0x6c757d, 0x9acd32};
    if (k < 0)
        return QColor(0x80, 0x80, 0x80);
    if (k < int(kColors.size()))
        return QColor(kColors[std::size_t(k)]);
    return QColor::fromHsv((k * 67) % 360, 160, 200);
}

}  // namespace ui
