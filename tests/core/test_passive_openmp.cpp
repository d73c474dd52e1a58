// tests/core/test_passive_openmp.cpp: core::relaunchWithPassiveOpenMp, which the window's
// program calls first. Started without a policy, this test program runs itself again (the
// same process, the same arguments) with OMP_WAIT_POLICY=PASSIVE, so libgomp, which reads the
// variable when it loads, sleeps at its barriers instead of spinning beside a window. The
// starts are counted in an environment variable that the new start inherits.
#include "core/parallel.h"

#include <QtTest>

#include <cstdlib>
#include <string>

#include <unistd.h>

namespace {

constexpr const char* kStarts = "RESNETLAB_TEST_OPENMP_STARTS";
constexpr const char* kFirstPid = "RESNETLAB_TEST_OPENMP_FIRST_PID";

}  // namespace

class TestPassiveOpenMp : public QObject {
    Q_OBJECT
private slots:
    void theProgramRunsAgainWithThePassivePolicy() {
        const char* policy = std::getenv("OMP_WAIT_POLICY");
        QVERIFY(policy);
        QCOMPARE(std::string(policy), std::string("PASSIVE"));
        // Started twice: once by ctest, once by the relaunch, in the same process.
        QCOMPARE(std::string(std::getenv(kStarts)), std::string("2"));
        QCOMPARE(std::string(std::getenv(kFirstPid)), std::to_string(::getpid()));
    }

    void aPolicyTheUserChoseIsKept() {
        // This process already has one (PASSIVE): a second call returns and changes nothing.
        ::setenv("OMP_WAIT_POLICY", "ACTIVE", 1);
        char name[] = "not-run";
        char* argv[] = {name, nullptr};
        core::relaunchWithPassiveOpenMp(argv);   // would exec "not-run" and fail, or replace us
        QCOMPARE(std::string(std::getenv("OMP_WAIT_POLICY")), std::string("ACTIVE"));
    }
};

int main(int argc, char** argv) {
    const char* starts = std::getenv(kStarts);
    if (!starts) {
        ::unsetenv("OMP_WAIT_POLICY");   // whatever the shell had: the test is of a start without one
        ::setenv(kFirstPid, std::to_string(::getpid()).c_str(), 1);
    }
    ::setenv(kStarts, std::to_string(starts ? std::atoi(starts) + 1 : 1).c_str(), 1);
    core::relaunchWithPassiveOpenMp(argv);
    TestPassiveOpenMp test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_passive_openmp.moc"
