// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "gzip.h"

#include <zlib.h>

namespace Automagik::Internal {

namespace {
constexpr int GzipWindowBits = MAX_WBITS + 16; // +16: gzip header and trailer instead of zlib's
}

QByteArray gzipCompress(QByteArrayView data, int level)
{
    z_stream stream{};
    if (deflateInit2(&stream, level, Z_DEFLATED, GzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    out.resize(qsizetype(deflateBound(&stream, uLong(data.size()))) + 32);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int rc = deflate(&stream, Z_FINISH); // deflateBound guarantees one call is enough
    const qsizetype produced = qsizetype(stream.total_out);
    deflateEnd(&stream);
    if (rc != Z_STREAM_END)
        return {};
    out.truncate(produced);
    return out;
}

QByteArray gzipDecompress(QByteArrayView data, qsizetype maxOutput, bool *ok)
{
    *ok = false;
    z_stream stream{};
    if (inflateInit2(&stream, GzipWindowBits) != Z_OK)
        return {};
    QByteArray out;
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = uInt(data.size());
    int rc = Z_OK;
    char chunk[16384];
    while (rc != Z_STREAM_END) {
        stream.next_out = reinterpret_cast<Bytef *>(chunk);
        stream.avail_out = sizeof(chunk);
        rc = inflate(&stream, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END)
            break;
        const qsizetype got = qsizetype(sizeof(chunk) - stream.avail_out);
        if (out.size() + got > maxOutput) {
            rc = Z_BUF_ERROR;
            break;
        }
        out.append(chunk, got);
        if (rc == Z_OK && got == 0 && stream.avail_in == 0)
            break; // truncated input
    }
    inflateEnd(&stream);
    *ok = rc == Z_STREAM_END;
    return *ok ? out : QByteArray();
}

} // namespace Automagik::Internal
