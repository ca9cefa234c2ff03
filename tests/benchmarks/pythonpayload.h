// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QVariantMap>

/*
    A reconstruction of the traces request body the Python SDK sends for
    \a events calls of track_event(name, attributes), from the facts in
    REFERENCE.md: §4.2 envelope, §4.3 span (64-hex traceId, string kind,
    integer timestamps, status, the resource repeated inside every span),
    §3.3 resource and §3.4 system attributes, §4.7 value encoding (numbers
    as doubleValue) and §5.1 serialisation (json.dumps with ", " and ": "
    separators, non-ASCII escaped). Used only to compare bytes on the wire.
*/
struct PythonPayloadInput
{
    QString projectName;
    QString version;
    QString organization = QStringLiteral("namastex");
    QString eventName;
    QVariantMap attributes;
    int events = 100;
};

QByteArray pythonSdkTracesBody(const PythonPayloadInput &input);

// gzip.compress()'s default level. REFERENCE §5.2 names no level; assuming the strongest one
// favours Python, so our ratio errs on the safe side.
constexpr int PythonGzipLevel = 9;
