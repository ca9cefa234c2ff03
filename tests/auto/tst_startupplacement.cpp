// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "platform/startupplacement.h"

#include <QtTest/QTest>

#include <thread>

#if defined(Q_OS_LINUX)
#include <pthread.h>
#include <sched.h>
#endif

using namespace Automagik::Internal;

class tst_StartupPlacement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void movesOffTheStartersCore();
    void restoresTheAffinity();
    void staysWithOneUsableCore();
    void unknownCoreChangesNothing();
};

#if defined(Q_OS_LINUX)

namespace {

cpu_set_t affinity()
{
    cpu_set_t cores;
    CPU_ZERO(&cores);
    pthread_getaffinity_np(pthread_self(), sizeof(cores), &cores);
    return cores;
}

// Runs \a body on a new thread (std::thread: its join orders the results for ThreadSanitizer too).
template<typename Body>
void onNewThread(Body body)
{
    std::thread thread(body);
    thread.join();
}

} // namespace

void tst_StartupPlacement::movesOffTheStartersCore()
{
    const cpu_set_t usable = affinity();
    if (CPU_COUNT(&usable) < 2)
        QSKIP("this process may use one core only: there is no other core to move to");
    const int starter = currentCore();
    QVERIFY(starter >= 0);
    bool active = false;
    int coreInside = -1;
    bool starterAllowedInside = true;
    onNewThread([&] {
        const StartupPlacement placement(starter);
        active = placement.isActive();
        coreInside = currentCore();
        const cpu_set_t inside = affinity();
        starterAllowedInside = CPU_ISSET(starter, &inside);
    });
    QVERIFY(active);
    QVERIFY(!starterAllowedInside);
    // The affinity change migrates the thread at once: the start-up work never runs on that core.
    QVERIFY(coreInside != starter);
}

void tst_StartupPlacement::restoresTheAffinity()
{
    const cpu_set_t usable = affinity();
    if (CPU_COUNT(&usable) < 2)
        QSKIP("this process may use one core only: there is no other core to move to");
    const int starter = currentCore();
    bool restored = false;
    onNewThread([&] {
        const cpu_set_t before = affinity();
        {
            const StartupPlacement placement(starter);
        }
        const cpu_set_t after = affinity();
        restored = CPU_EQUAL(&before, &after);
    });
    QVERIFY(restored);
}

void tst_StartupPlacement::staysWithOneUsableCore()
{
    const int starter = currentCore();
    bool active = true;
    bool unchanged = false;
    onNewThread([&] {
        cpu_set_t only;
        CPU_ZERO(&only);
        CPU_SET(starter, &only);
        if (pthread_setaffinity_np(pthread_self(), sizeof(only), &only) != 0)
            return;
        const StartupPlacement placement(starter);
        active = placement.isActive();
        const cpu_set_t inside = affinity();
        unchanged = CPU_EQUAL(&inside, &only);
    });
    QVERIFY(!active);
    QVERIFY(unchanged);
}

void tst_StartupPlacement::unknownCoreChangesNothing()
{
    bool active = true;
    bool unchanged = false;
    onNewThread([&] {
        const cpu_set_t before = affinity();
        const StartupPlacement placement(-1);
        active = placement.isActive();
        const cpu_set_t inside = affinity();
        unchanged = CPU_EQUAL(&before, &inside);
    });
    QVERIFY(!active);
    QVERIFY(unchanged);
}

#else

void tst_StartupPlacement::movesOffTheStartersCore() { QSKIP("thread placement is only done on Linux"); }
void tst_StartupPlacement::restoresTheAffinity() { QSKIP("thread placement is only done on Linux"); }
void tst_StartupPlacement::staysWithOneUsableCore() { QSKIP("thread placement is only done on Linux"); }
void tst_StartupPlacement::unknownCoreChangesNothing()
{
    const StartupPlacement placement(-1);
    QVERIFY(!placement.isActive());
}

#endif

QTEST_GUILESS_MAIN(tst_StartupPlacement)
#include "tst_startupplacement.moc"
