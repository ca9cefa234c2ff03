// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "loopback.h"

#if defined(AUTOMAGIK_TEST_SUPPORT_HAS_RECEIVER)

#include <QtCore/QObject>
#include <QtCore/QThread>

#include <mutex>

namespace TestSupport {

/*
    The loopback collector (the sink's OtlpReceiver) on a thread of its own, for tests whose own thread
    blocks while the client sends: shutdown(), or a constructor that waits.

    Work is run on the serving thread with Qt::BlockingQueuedConnection, and what each side wrote is
    handed over under a std::mutex as well, both ways: Debian's Qt is not built with ThreadSanitizer,
    which therefore sees neither the thread's start nor the ordering that the blocking call gives.
*/
class ThreadedReceiver
{
public:
    ThreadedReceiver()
    {
        m_context.moveToThread(&m_thread);
        m_thread.start();
        onServingThread([this] {
            m_receiver = new Automagik::Sink::OtlpReceiver;
            if (m_receiver->listen())
                m_baseUrl = m_receiver->baseUrl();
        });
    }
    ~ThreadedReceiver()
    {
        onServingThread([this] { delete m_receiver; });
        m_thread.quit();
        m_thread.wait();
    }
    ThreadedReceiver(const ThreadedReceiver &) = delete;
    ThreadedReceiver &operator=(const ThreadedReceiver &) = delete;

    //! Where the collector listens; empty when it could not.
    QUrl baseUrl() const { return m_baseUrl; }
    //! Every request received so far, copied from the serving thread.
    QList<Automagik::Sink::OtlpReceiver::Request> requests()
    {
        QList<Automagik::Sink::OtlpReceiver::Request> result;
        onServingThread([&] { result = m_receiver->requests(); });
        return result;
    }

private:
    template<typename Work>
    void onServingThread(Work work)
    {
        { const std::lock_guard<std::mutex> handOver(m_handOver); } // what this thread wrote, handed there
        QMetaObject::invokeMethod(&m_context, [this, &work] {
            const std::lock_guard<std::mutex> handOver(m_handOver);
            work();
        }, Qt::BlockingQueuedConnection);
        const std::lock_guard<std::mutex> handOver(m_handOver); // after the serving thread's unlock
    }

    QThread m_thread;
    QObject m_context;
    std::mutex m_handOver;
    Automagik::Sink::OtlpReceiver *m_receiver = nullptr;
    QUrl m_baseUrl;
};

} // namespace TestSupport

#endif
