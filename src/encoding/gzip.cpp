// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "encoding/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <limits>

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

GunzipStatus gunzip(QByteArrayView data, qsizetype maxOutput, QByteArray *out)
{
    out->clear();
    if (data.isEmpty())
        return GunzipStatus::Corrupt;
    z_stream stream{};
    if (inflateInit2(&stream, GzipWindowBits) != Z_OK)
        return GunzipStatus::Corrupt;

    constexpr qsizetype Step = 64 * 1024;
    const auto *next = reinterpret_cast<const Bytef *>(data.data());
    qsizetype inputLeft = data.size();
    qsizetype produced = 0;
    GunzipStatus status = GunzipStatus::Corrupt;
    for (;;) {
        if (stream.avail_in == 0 && inputLeft > 0) {
            // zlib counts in uInt: feed inputs over 4 GiB in pieces.
            const auto piece = uInt(std::min<qsizetype>(inputLeft, std::numeric_limits<uInt>::max()));
            stream.next_in = const_cast<Bytef *>(next);
            stream.avail_in = piece;
            next += piece;
            inputLeft -= piece;
        }
        // Room for one byte past the limit tells "exactly the limit" from "over it".
        const qsizetype room = std::min<qsizetype>(Step, maxOutput + 1 - produced);
        out->resize(produced + room);
        stream.next_out = reinterpret_cast<Bytef *>(out->data() + produced);
        stream.avail_out = uInt(room);
        const int rc = inflate(&stream, Z_NO_FLUSH);
        produced += room - qsizetype(stream.avail_out);
        if (produced > maxOutput) {
            status = GunzipStatus::TooLarge;
            break;
        }
        if (rc == Z_STREAM_END) {
            if (stream.avail_in == 0 && inputLeft == 0) {
                status = GunzipStatus::Ok;
                break;
            }
            if (inflateReset(&stream) != Z_OK) // another member follows; junk fails its header check
                break;
            continue;
        }
        if (rc != Z_OK)
            break; // corrupt, or Z_BUF_ERROR: the input ended inside a member
    }
    inflateEnd(&stream);
    if (status == GunzipStatus::Ok)
        out->resize(produced);
    else
        out->clear();
    return status;
}

QByteArray gzipDecompress(QByteArrayView data, qsizetype maxOutput, bool *ok)
{
    QByteArray out;
    *ok = gunzip(data, maxOutput, &out) == GunzipStatus::Ok;
    return out;
}

} // namespace Automagik::Internal
