// tests/support/cli.h: resnetlab-cli run as a user runs it, for the tests in tests/cli (whose
// CMake target defines RESNETLAB_CLI, the program's path): cli({"info", "resnet20"}) returns
// the exit code and both output streams; readLines reads back the CSV files it writes.
#pragma once

#include "support/process.h"

#include <QFile>

namespace testsupport {

inline ProcessRun cli(const QStringList& args, const QString& workDir = {}) {
    ProcessOptions o;
    o.workDir = workDir;
    return runProcess(QStringLiteral(RESNETLAB_CLI), args, o);
}

// The non-empty lines of a text file; none when it cannot be read.
inline QStringList readLines(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
}

}  // namespace testsupport
