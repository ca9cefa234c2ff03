// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Fuzz target: the spool reader. The input becomes a spooled batch file, as a crash, a full
// disk, another program or a hostile user could leave it. SpoolFile::parse() must either
// reject it or return a batch that serializes back to the same bytes; a Spool opened on a
// directory holding it must index it or remove it, and body() must return exactly the parsed
// body or nothing. The 413 splitter gets the body too: halves must hold all items, none twice.

#include "spool/spool.h"
#include "delivery/requestsplitter.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Automagik;
using namespace Automagik::Internal;

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_spool: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QTemporaryDir dir;
    if (!dir.isValid())
        fail("cannot create a temporary directory");
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));

    const std::optional<SpoolFile> parsed = SpoolFile::parse(input);
    if (parsed) {
        if (parsed->serialize() != input)
            fail("a parsed spool file does not serialize back to its bytes");
        if (parsed->items <= 0 || int(parsed->signal) < 0 || int(parsed->signal) > 2)
            fail("parse() accepted an impossible header");
    }

    // The same bytes as a leftover file in a spool slot.
    const QString spoolDir = dir.filePath(QStringLiteral("spool"));
    QDir(spoolDir).removeRecursively();
    const QString slot = QDir(spoolDir).filePath(QStringLiteral("slot-0"));
    if (!QDir().mkpath(slot))
        fail("cannot create the slot directory");
    QFile file(QDir(slot).filePath(QStringLiteral("000000000000001-0000000001.batch")));
    if (!file.open(QIODevice::WriteOnly) || file.write(input) != input.size())
        fail("cannot write the spool file");
    file.close();

    Spool::Options options;
    options.directory = spoolDir;
    Spool spool(options);
    std::vector<Spool::Eviction> evictions;
    if (!spool.open(&evictions))
        fail("open() failed on a writable directory");
    const bool valid = parsed && parsed->format == options.format;
    if (spool.entries().size() + evictions.size() != 1)
        fail("the file was neither indexed nor removed");
    if (!spool.entries().empty()) {
        const quint64 sequence = spool.entries().begin()->first;
        const std::optional<QByteArray> body = spool.body(sequence);
        if (valid != body.has_value() || (body && *body != parsed->body))
            fail("body() disagrees with parse()");
        spool.remove(sequence);
    } else if (valid && parsed->body.size() <= options.maxBytes) {
        fail("a valid batch within the bounds was removed");
    }
    if (!QDir(slot).entryList({QStringLiteral("*.batch")}, QDir::Files).isEmpty())
        fail("a removed batch left its file behind");

    // 413 splitting works on whatever body a batch holds.
    for (TelemetrySignal signal : {TelemetrySignal::Traces, TelemetrySignal::Metrics, TelemetrySignal::Logs}) {
        if (const auto halves = splitOtlpRequest(signal, input)) {
            if (halves->first.json.isEmpty() || halves->second.json.isEmpty())
                fail("splitOtlpRequest() returned an empty half");
        }
    }
    if (const auto rows = splitJsonEachRow(input)) {
        if (rows->first.items < 1 || rows->second.items < 1)
            fail("splitJsonEachRow() returned an empty half");
    }
    return 0;
}
