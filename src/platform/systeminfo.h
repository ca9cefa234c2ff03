// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QString>

namespace Automagik::Internal {

/*
    Platform facts for the OTLP Resource, in OpenTelemetry semantic-convention
    keys. Collected once per client: they do not change while it runs.
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT SystemInfo
{
public:
    using Attributes = QList<QPair<QString, QString>>;
    static Attributes resourceAttributes();
    //! OTel os.type: "linux", "windows", "darwin", "freebsd", ...
    static QString osType();
    //! OTel host.arch: "amd64", "arm64", "x86", "arm32", ...
    static QString hostArch();
};

} // namespace Automagik::Internal
