// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include <automagik/telemetrytypes.h>

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QPair>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QString>
#include <QtCore/QUrl>

#include <array>
#include <optional>

namespace Automagik::Internal {

/*
    What the standard OpenTelemetry variables say, each checked on its own. A malformed value has
    been warned about (once, naming the variable) and counts as absent, except an endpoint: it is
    kept, so that the configuration is invalid and nothing is sent rather than sent where the
    operator did not say. Which of these win over the code and over AUTOMAGIK_TELEMETRY_* is
    TelemetryConfig::resolved()'s business.
*/
struct OtelSettings
{
    // Indexed by TelemetrySignal: ..._<SIGNAL>_ENDPOINT as it is, else ..._ENDPOINT with /v1/<signal>.
    std::array<std::optional<QUrl>, 3> endpoints;
    QMap<QByteArray, QByteArray> headers; // OTEL_EXPORTER_OTLP_HEADERS
    std::array<QMap<QByteArray, QByteArray>, 3> signalHeaders; // ..._<SIGNAL>_HEADERS alone
    std::optional<OtlpProtocol> protocol;
    std::optional<bool> compression;
    std::optional<int> timeoutMs;
    QString certificateFile;
    QString clientCertificateFile; // set together with clientKeyFile, or neither is
    QString clientKeyFile;
    QMap<QString, QString> resourceAttributes; // OTEL_SERVICE_NAME already in as service.name
};

class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT OtelEnvironment
{
public:
    //! Reads every OTEL_* variable the library supports, but OTEL_SDK_DISABLED (the consent rules read that).
    static OtelSettings read(const QProcessEnvironment &environment);

    //! Whether OTEL_SDK_DISABLED is "true" (any case). Only "false" or nothing else is quietly not.
    static bool isSdkDisabled(const QProcessEnvironment &environment);

    /*
        "key1=value1,key2=value2", keys and values trimmed, values percent-decoded (the W3C Baggage
        form OTEL_RESOURCE_ATTRIBUTES and the _HEADERS variables use); empty entries are skipped.
        Nothing, with the reason in \a problem, when an entry has no '=' or no key, or a value is not
        valid percent-encoded UTF-8.
    */
    static std::optional<QList<QPair<QString, QString>>> parseKeyValueList(const QString &text, QString *problem);

    //! Whether OTEL_RESOURCE_ATTRIBUTES and the code may not replace \a key: the library sets it itself.
    static bool isLibraryOwnedAttribute(const QString &key);

    //! Logs \a message as a warning on lcTelemetry(), once per process, however many clients read the variables.
    static void warnOnce(const QString &message);
    //! Lets the next warnOnce() of every message log again.
    static void forgetWarnings();
};

} // namespace Automagik::Internal
