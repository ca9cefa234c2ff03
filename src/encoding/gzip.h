// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include <QtCore/QByteArray>

namespace Automagik::Internal {

//! Compresses \a data into a gzip member (RFC 1952). Returns an empty array on failure.
AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT QByteArray gzipCompress(QByteArrayView data, int level = -1);

enum class GunzipStatus { Ok, Corrupt, TooLarge };

//! Decompresses a gzip stream of one or more members (RFC 1952 allows concatenation) into \a out,
//! never producing more than \a maxOutput bytes, so a small "gzip bomb" cannot exhaust memory.
//! On anything but Ok, \a out is empty: no partial output.
AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT GunzipStatus gunzip(QByteArrayView data, qsizetype maxOutput, QByteArray *out);

//! gunzip() for callers that only need to know whether it worked.
AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT QByteArray gzipDecompress(QByteArrayView data, qsizetype maxOutput, bool *ok);

} // namespace Automagik::Internal
