// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "core/autotestexport.h"

#include <QtCore/QByteArray>

namespace Automagik::Internal {

//! Compresses \a data into a gzip member (RFC 1952). Returns an empty array on failure.
AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT QByteArray gzipCompress(QByteArrayView data, int level = -1);

//! Decompresses a gzip stream, producing at most \a maxOutput bytes; \a ok is false on corrupt or oversized input.
AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT QByteArray gzipDecompress(QByteArrayView data, qsizetype maxOutput, bool *ok);

} // namespace Automagik::Internal
