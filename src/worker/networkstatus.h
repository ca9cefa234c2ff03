// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QUrl>

namespace Automagik::Internal {

/*
    Whether the network lets the worker deliver now, read from QNetworkInformation (its
    Reachability feature; isMetered() too with Qt 6.6+ when asked). Lives on the worker thread
    and loads the backend from there, so the caller's thread never waits for it; after that it
    only reacts to the backend's signals (no polling, no timer). Unknown counts as online: with
    no backend (a container without NetworkManager) or an undecided one, delivery is allowed.
    Only Disconnected pauses: Local and Site may well reach a collector on the same network.

    In tests the backend is replaced by setTestInput() (for every instance, live or future).
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT NetworkStatus : public QObject
{
    Q_OBJECT
public:
    enum class Pause {
        None, //!< delivery allowed
        Offline, //!< the system reports no network
        Metered, //!< the connection is metered and the configuration asks to wait
    };

    //! What the backend says, or what a test says instead.
    struct Input
    {
        bool hasBackend = false; //!< false: nothing is known, delivery is allowed
        bool online = true; //!< false: Disconnected
        bool metered = false;
    };

    NetworkStatus(bool pauseOnMetered, QObject *parent = nullptr);
    ~NetworkStatus() override;

    //! Follows the application's QNetworkInformation (or takes the test input); call on the owning thread.
    void start();
    /*!
        Starts following QNetworkInformation if the application has loaded it since start(). Cheap;
        the worker calls it before each round of sending.
    */
    void attachIfLoaded();

    Pause pause() const { return m_pause; }
    bool isDeliveryAllowed() const { return m_pause == Pause::None; }
    //! Why delivery is paused, for logs and deliveryPostponed(); empty when it is not.
    QString reason() const;
    //! Whether a backend (or a test input) reports the network's state.
    bool hasBackend() const { return m_input.hasBackend; }

    /*!
        Whether the network's state matters for sending to \a url: not for a loopback address (a
        collector on this machine is reached with or without a network), except while a test input
        is set, so that tests can drive a loopback collector.
    */
    static bool mattersFor(const QUrl &url);

    //! Test hook: replaces QNetworkInformation with \a input in every NetworkStatus, live or future.
    static void setTestInput(const Input &input);
    //! Test hook: back to QNetworkInformation (instances already started keep their last input until it changes).
    static void clearTestInput();

Q_SIGNALS:
    //! pause() changed.
    void changed();

private:
    void readBackend();
    void apply(const Input &input);

    bool m_pauseOnMetered;
    bool m_started = false;
    bool m_attached = false;
    Input m_input;
    Pause m_pause = Pause::None;
};

} // namespace Automagik::Internal
