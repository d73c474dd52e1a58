// tests/support/python.h: the Python the PyTorch tests run (RESNETLAB_PYTHON, by default
// Debian's /usr/bin/python3 with python3-torch), one thread per process (quick on a loaded
// machine) and no bytecode files written next to the sources.
#pragma once

#include "support/process.h"

#include <QtTest>

namespace testsupport {

inline QString python() { return qEnvironmentVariable("RESNETLAB_PYTHON", "/usr/bin/python3"); }

struct PythonRun {
    int exitCode = -1;
    QString output;   // standard output and error, merged
};

inline PythonRun runPython(const QStringList& args, const QString& workDir, int timeoutMs = 300000) {
    ProcessOptions o;
    o.workDir = workDir;
    o.env = {{"OMP_NUM_THREADS", "1"}, {"PYTHONDONTWRITEBYTECODE", "1"}};
    o.mergeOutput = true;
    o.timeoutMs = timeoutMs;
    const ProcessRun run = runProcess(python(), args, o);
    return {run.code, run.out + run.err};
}

}  // namespace testsupport

#define QVERIFY_PYTHON(run)                                                                                 \
    QVERIFY2((run).exitCode == 0, qPrintable("python failed (exit " + QString::number((run).exitCode) + "):\n" + \
                                             (run).output))
