// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "worker/networkstatus.h"

#include "common/logging.h"

#include <QtCore/QMutex>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QNetworkInformation>

#include <algorithm>
#include <optional>
#include <vector>

namespace Automagik::Internal {

namespace {

// The test hook's state: the input that replaces the backend, and the live instances to tell.
struct TestHook
{
    QMutex mutex;
    std::optional<NetworkStatus::Input> input;
    std::vector<NetworkStatus *> instances;
};

TestHook &testHook()
{
    static TestHook hook;
    return hook;
}

std::optional<NetworkStatus::Input> currentTestInput()
{
    TestHook &hook = testHook();
    QMutexLocker locker(&hook.mutex);
    return hook.input;
}

} // namespace

NetworkStatus::NetworkStatus(bool pauseOnMetered, QObject *parent)
    : QObject(parent)
    , m_pauseOnMetered(pauseOnMetered)
{
    TestHook &hook = testHook();
    QMutexLocker locker(&hook.mutex);
    hook.instances.push_back(this);
}

NetworkStatus::~NetworkStatus()
{
    TestHook &hook = testHook();
    QMutexLocker locker(&hook.mutex);
    hook.instances.erase(std::remove(hook.instances.begin(), hook.instances.end(), this), hook.instances.end());
}

void NetworkStatus::start()
{
    m_started = true;
    if (const std::optional<Input> input = currentTestInput()) {
        apply(*input);
        return;
    }
    attachIfLoaded();
    if (!m_attached) {
        qCInfo(lcTelemetry()) << "QNetworkInformation is not loaded: delivery does not pause for the network until the "
                                 "application loads it";
        apply(Input{});
    }
}

void NetworkStatus::attachIfLoaded()
{
    if (m_attached || !m_started || currentTestInput())
        return;
    // Never loaded from here: the process-wide instance and its backend would belong to this (the worker's)
    // thread, and an application using QNetworkInformation after this client is gone would get no more
    // updates. An instance the application loaded is followed; its signals are queued to this thread.
    QNetworkInformation *info = QNetworkInformation::instance();
    if (!info)
        return;
    m_attached = true;
    connect(info, &QNetworkInformation::reachabilityChanged, this, &NetworkStatus::readBackend);
#if QT_VERSION >= QT_VERSION_CHECK(6, 6, 0)
    if (m_pauseOnMetered && info->supports(QNetworkInformation::Feature::Metered))
        connect(info, &QNetworkInformation::isMeteredChanged, this, &NetworkStatus::readBackend);
#endif
    qCInfo(lcTelemetry()).noquote() << "network information from the" << info->backendName() << "backend";
    readBackend();
}

void NetworkStatus::readBackend()
{
    if (currentTestInput())
        return; // a test drives this instance
    const QNetworkInformation *info = QNetworkInformation::instance();
    Input input;
    input.hasBackend = info != nullptr;
    if (info) {
        // Unknown is online: a backend that cannot tell must not stop delivery.
        input.online = info->reachability() != QNetworkInformation::Reachability::Disconnected;
#if QT_VERSION >= QT_VERSION_CHECK(6, 6, 0)
        input.metered = info->supports(QNetworkInformation::Feature::Metered) && info->isMetered();
#endif
    }
    apply(input);
}

void NetworkStatus::apply(const Input &input)
{
    m_input = input;
    Pause pause = Pause::None;
    if (input.hasBackend && !input.online)
        pause = Pause::Offline;
    else if (input.hasBackend && input.metered && m_pauseOnMetered)
        pause = Pause::Metered;
    if (pause == m_pause)
        return;
    m_pause = pause;
    qCInfo(lcTelemetry()).noquote() << (pause == Pause::None ? QStringLiteral("network usable: delivery resumes")
                                                             : QStringLiteral("delivery paused: ") + reason());
    Q_EMIT changed();
}

QString NetworkStatus::reason() const
{
    switch (m_pause) {
    case Pause::None:
        break;
    case Pause::Offline:
        return QStringLiteral("offline: the system reports no network connection");
    case Pause::Metered:
        return QStringLiteral("metered network: delivery waits for an unmetered connection");
    }
    return {};
}

bool NetworkStatus::mattersFor(const QUrl &url)
{
    if (currentTestInput())
        return true;
    const QString host = url.host();
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0
        || host.endsWith(QLatin1String(".localhost"), Qt::CaseInsensitive))
        return false;
    const QHostAddress address(host);
    return address.isNull() || !address.isLoopback();
}

void NetworkStatus::setTestInput(const Input &input)
{
    TestHook &hook = testHook();
    QMutexLocker locker(&hook.mutex);
    hook.input = input;
    // Queued to each instance's thread; an instance deleted before it runs drops the call with its events.
    for (NetworkStatus *status : hook.instances) {
        QMetaObject::invokeMethod(
            status,
            [status, input] {
                if (status->m_started)
                    status->apply(input);
            },
            Qt::QueuedConnection);
    }
}

void NetworkStatus::clearTestInput()
{
    TestHook &hook = testHook();
    QMutexLocker locker(&hook.mutex);
    hook.input.reset();
}

} // namespace Automagik::Internal
