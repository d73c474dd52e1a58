#include "ui/document/recent_files.h"

#include <QFileInfo>
#include <QSettings>

namespace ui {

namespace {

constexpr const char* kKey = "recentFiles";

void store(const QStringList& files) { QSettings().setValue(kKey, files); }

}  // namespace

QStringList RecentFiles::files() {
    QStringList files;
    for (const QString& path : QSettings().value(kKey).toStringList())
        if (QFileInfo::exists(path) && !files.contains(path))
            files << path;
    return files;
}

void RecentFiles::add(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxFiles)
        list.removeLast();
    store(list);
}

void RecentFiles::remove(const QString& path) {
    QStringList list = files();
    list.removeAll(QFileInfo(path).absoluteFilePath());
    store(list);
}

void RecentFiles::clear() { store({}); }

}  // namespace ui
