// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Automagik::TestSupport, all of it: the environment sandbox, test mounts, the loopback helpers
// (with the OtlpReceiver collector when the tools are built), OTLP JSON readers and readable enums.
// Public API only: usable with Automagik::Telemetry and with Automagik::TelemetryTesting alike.
#pragma once

#include "loopback.h"
#include "otlpjson.h"
#include "sanitizerbuild.h"
#include "sandbox.h"
#include "testformatting.h"
#include "testmount.h"

// What the tests of the suite use around it (and what tests/auto/testenvironment.h, which this replaces, gave them).
#include <QtCore/QByteArrayList>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTemporaryFile>
#include <QtNetwork/QTcpServer>
#include <QtTest/QTest>
