// ui/document/recent_files.h: the network files opened or saved most recently, newest first,
// kept between runs in QSettings ("recentFiles"). Files that no longer exist are dropped.
#pragma once

#include <QStringList>

namespace ui {

class RecentFiles {
public:
    static constexpr int kMaxFiles = 8;

    static QStringList files();
    static void add(const QString& path);
    static void remove(const QString& path);
    static void clear();
};

}  // namespace ui
