// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "client/ratelimiter.h"

#include <automagik/telemetrytypes.h>

#include <QtCore/QByteArrayList>
#include <QtCore/QObject>
#include <QtCore/QStringList>

#include <atomic>

namespace Automagik {

class Telemetry;

/*
    Turns the application's Qt messages (qWarning, qCritical, qFatal) of chosen logging categories into
    log records of one client. The message handler is process-wide: the first attached bridge installs
    it (keeping the handler installed before), every message is offered to each attached bridge, and
    the previous handler is called in any case. When the last bridge detaches, the previous handler is
    put back, unless another one was installed over ours since: then ours stays, passing everything on.

    Messages come from any thread. A bridge is offered messages under one process-wide lock, so it
    needs no lock of its own, and once detach() returns none of its calls is running. A message
    emitted while a message is being recorded on the same thread, and every message of the library's
    own categories (automagik.telemetry*), only reaches the previous handler.
*/
class QtMessageBridge : public QObject
{
    Q_OBJECT

public:
    QtMessageBridge(Telemetry *telemetry, const QStringList &categories, LogSeverity minimum, int perMinute,
                    QObject *parent = nullptr);
    ~QtMessageBridge() override; // detach()

    //! Starts receiving messages (installs the handler when this is the first bridge).
    void attach();
    //! Stops receiving them (puts the previous handler back when this was the last bridge).
    void detach();
    bool isAttached() const { return m_attached; }

    //! Whether \a category is one of those chosen (and not the library's own).
    bool wants(const char *category) const;

    // For tests and diagnostics (any thread).
    quint64 forwardedCount() const { return m_forwarded.load(std::memory_order_acquire); }
    quint64 rateLimitedCount() const { return m_rateLimited.load(std::memory_order_acquire); }

private:
    struct Pattern
    {
        enum Kind { Exact, Prefix, Suffix, All } kind;
        QByteArray text;
    };

    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message);
    void offer(QtMsgType type, const QMessageLogContext &context, const QString &message);

    Telemetry *const m_telemetry;
    QList<Pattern> m_patterns;
    const int m_minimumRank; // 1 warning, 2 critical, 3 fatal
    TokenBucket m_bucket; // under the process-wide lock
    bool m_attached = false;
    std::atomic<quint64> m_forwarded{0};
    std::atomic<quint64> m_rateLimited{0};
};

} // namespace Automagik
