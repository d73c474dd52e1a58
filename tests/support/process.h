// tests/support/process.h: runs a program as a user would and collects what it printed, for
// the tests that drive resnetlab-cli (tests/cli) or Python (tests/torch). A run that cannot
// start or does not finish in time reads as exit code -1, with the reason in `err`.
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <map>

namespace testsupport {

struct ProcessRun {
    int code = -1;      // the exit code; -1 when it crashed, timed out or never started
    QString out, err;   // standard output and error (both in `out` with mergeOutput)
};

struct ProcessOptions {
    QString workDir;                       // empty: the test's own
    std::map<QString, QString> env;        // set on top of the test's environment
    bool mergeOutput = false;              // standard error into `out`
    int timeoutMs = 300000;
};

inline ProcessRun runProcess(const QString& program, const QStringList& args, const ProcessOptions& o = {}) {
    QProcess p;
    if (!o.workDir.isEmpty())
        p.setWorkingDirectory(o.workDir);
    if (!o.env.empty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const auto& [name, value] : o.env)
            env.insert(name, value);
        p.setProcessEnvironment(env);
    }
    if (o.mergeOutput)
        p.setProcessChannelMode(QProcess::MergedChannels);
    ProcessRun run;
    p.start(program, args);
    if (!p.waitForStarted(30000)) {
        run.err = "cannot start " + program + ": " + p.errorString();
        return run;
    }
    if (!p.waitForFinished(o.timeoutMs)) {
        p.kill();
        p.waitForFinished();
        run.out = QString::fromLocal8Bit(p.readAllStandardOutput());
        run.err = "timed out after " + QString::number(o.timeoutMs / 1000) + " s" +
                  (o.mergeOutput ? QString() : "; " + QString::fromLocal8Bit(p.readAllStandardError()));
        return run;
    }
    run.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = QString::fromUtf8(p.readAllStandardOutput());
    if (!o.mergeOutput)
        run.err = QString::fromUtf8(p.readAllStandardError());
    return run;
}

}  // namespace testsupport
