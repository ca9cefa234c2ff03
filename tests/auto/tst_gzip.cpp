// SPDX-License-Identifier: MIT
// gzipCompress()/gzipDecompress(): RFC 1952 members that any gzip reader
// accepts (Content-Encoding: gzip), and a decompressor that refuses corrupt,
// truncated and oversized input instead of returning part of it.
#include "encoding/gzip.h"

#include <QRandomGenerator>
#include <QTest>

#include <zlib.h>

using Automagik::Internal::gzipCompress;
using Automagik::Internal::gzipDecompress;

namespace {

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator rng(seed);
    rng.fillRange(reinterpret_cast<quint32 *>(data.data()), size / qsizetype(sizeof(quint32)));
    for (qsizetype i = size - size % qsizetype(sizeof(quint32)); i < size; ++i)
        data[i] = char(rng.bounded(256));
    return data;
}

QByteArray repetitive(qsizetype size)
{
    const QByteArray unit = QByteArrayLiteral(
        "{\"key\":\"feature_name\",\"value\":{\"stringValue\":\"export\"}},");
    QByteArray data;
    data.reserve(size);
    while (data.size() < size)
        data.append(unit);
    data.truncate(size);
    return data;
}

quint32 readLe32(const QByteArray &data, qsizetype at)
{
    return quint32(uchar(data.at(at))) | quint32(uchar(data.at(at + 1))) << 8 | quint32(uchar(data.at(at + 2))) << 16
        | quint32(uchar(data.at(at + 3))) << 24;
}

// "hello, gzip\n" as written by `gzip -n -9`.
const QByteArray kGzipToolOutput = QByteArray::fromHex(
    "1f8b0800000000000203cb48cdc9c9d75148afca2ce00200861f82a40c000000");
// "named member\n" as written by `gzip -c a.txt`: FNAME flag and an mtime in the header.
const QByteArray kGzipWithFileName = QByteArray::fromHex(
    "1f8b080800f153650003612e74787400cb4bcc4d4d51c84dcd4d4a2de20200e7d2f4ed0d000000");

} // namespace

class tst_Gzip : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void compressesRepetitiveData();
    void levels_data();
    void levels();
    void invalidLevelFails();
    void decompressesGzipToolOutput_data();
    void decompressesGzipToolOutput();
    void maxOutput_data();
    void maxOutput();
    void rejectsBomb();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void rejectsEveryTruncation();
};

void tst_Gzip::roundTrip_data()
{
    QTest::addColumn<QByteArray>("data");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one-byte") << QByteArrayLiteral("a");
    QTest::newRow("small") << QByteArrayLiteral("{\"resourceSpans\":[]}");
    QTest::newRow("nul-bytes") << QByteArray(1000, '\0');
    QTest::newRow("random-1k") << randomBytes(1024, 1);
    QTest::newRow("random-1MiB") << randomBytes(1024 * 1024, 2);
    QTest::newRow("repetitive-1MiB") << repetitive(1024 * 1024);
    QTest::newRow("odd-size-random") << randomBytes(65537, 3);
}

void tst_Gzip::roundTrip()
{
    QFETCH(QByteArray, data);

    const QByteArray gz = gzipCompress(data);
    QVERIFY(gz.size() >= 18); // 10-byte header + deflate data + 8-byte trailer
    // RFC 1952 header: magic 1f 8b, CM 8 (deflate).
    QCOMPARE(uchar(gz.at(0)), uchar(0x1f));
    QCOMPARE(uchar(gz.at(1)), uchar(0x8b));
    QCOMPARE(uchar(gz.at(2)), uchar(0x08));
    // Trailer, checked with zlib directly rather than with our own decompressor: CRC-32 and ISIZE.
    const quint32 crc = quint32(crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef *>(data.constData()),
                                      uInt(data.size())));
    QCOMPARE(readLe32(gz, gz.size() - 8), crc);
    QCOMPARE(readLe32(gz, gz.size() - 4), quint32(data.size()));

    bool ok = false;
    const QByteArray back = gzipDecompress(gz, data.size(), &ok);
    QVERIFY(ok);
    QCOMPARE(back.size(), data.size());
    QVERIFY(back == data);

    // A generous limit works just as well.
    ok = false;
    QVERIFY(gzipDecompress(gz, data.size() * 2 + 1024, &ok) == data);
    QVERIFY(ok);
}

void tst_Gzip::compressesRepetitiveData()
{
    const QByteArray data = repetitive(1024 * 1024);
    const QByteArray gz = gzipCompress(data);
    QVERIFY2(gz.size() < data.size() / 100, QByteArray::number(gz.size()).constData());

    // Random data cannot shrink, but must not grow by more than deflate's stored-block overhead.
    const QByteArray noise = randomBytes(1024 * 1024, 9);
    const QByteArray gzNoise = gzipCompress(noise);
    QVERIFY(gzNoise.size() < noise.size() + noise.size() / 100 + 64);
}

void tst_Gzip::levels_data()
{
    QTest::addColumn<int>("level");

    QTest::newRow("default") << -1;
    QTest::newRow("store") << 0;
    QTest::newRow("fastest") << 1;
    QTest::newRow("six") << 6;
    QTest::newRow("best") << 9;
}

void tst_Gzip::levels()
{
    QFETCH(int, level);

    const QByteArray data = repetitive(256 * 1024) + randomBytes(4096, 4);
    const QByteArray gz = gzipCompress(data, level);
    QVERIFY(!gz.isEmpty());
    QCOMPARE(uchar(gz.at(0)), uchar(0x1f));
    QCOMPARE(uchar(gz.at(1)), uchar(0x8b));
    bool ok = false;
    QVERIFY(gzipDecompress(gz, data.size(), &ok) == data);
    QVERIFY(ok);

    if (level == 0)
        QVERIFY(gz.size() > data.size()); // stored: no compression at all
    else
        QVERIFY(gz.size() < data.size() / 10);

    // More effort never costs size on this data.
    if (level == 9)
        QVERIFY(gz.size() <= gzipCompress(data, 1).size());
}

void tst_Gzip::invalidLevelFails()
{
    // Documented: an empty array on failure, never a malformed body.
    QVERIFY(gzipCompress(QByteArrayLiteral("abc"), 42).isEmpty());
    QVERIFY(gzipCompress(QByteArrayLiteral("abc"), -7).isEmpty());
}

void tst_Gzip::decompressesGzipToolOutput_data()
{
    QTest::addColumn<QByteArray>("gz");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("gzip -n -9") << kGzipToolOutput << QByteArrayLiteral("hello, gzip\n");
    QTest::newRow("with-file-name") << kGzipWithFileName << QByteArrayLiteral("named member\n");
}

void tst_Gzip::decompressesGzipToolOutput()
{
    QFETCH(QByteArray, gz);
    QFETCH(QByteArray, expected);

    bool ok = false;
    QCOMPARE(gzipDecompress(gz, 1024, &ok), expected);
    QVERIFY(ok);
}

void tst_Gzip::maxOutput_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<qsizetype>("limit");
    QTest::addColumn<bool>("ok");

    QTest::newRow("exact") << qsizetype(100000) << qsizetype(100000) << true;
    QTest::newRow("one-short") << qsizetype(100000) << qsizetype(99999) << false;
    QTest::newRow("far-short") << qsizetype(100000) << qsizetype(10) << false;
    QTest::newRow("zero-limit") << qsizetype(1) << qsizetype(0) << false;
    QTest::newRow("empty-zero-limit") << qsizetype(0) << qsizetype(0) << true;
    QTest::newRow("chunk-boundary") << qsizetype(16384) << qsizetype(16384) << true;
    QTest::newRow("chunk-boundary-short") << qsizetype(16385) << qsizetype(16384) << false;
}

void tst_Gzip::maxOutput()
{
    QFETCH(qsizetype, size);
    QFETCH(qsizetype, limit);
    QFETCH(bool, ok);

    const QByteArray data = repetitive(size);
    const QByteArray gz = gzipCompress(data);
    bool decoded = !ok;
    const QByteArray out = gzipDecompress(gz, limit, &decoded);
    QCOMPARE(decoded, ok);
    if (ok)
        QVERIFY(out == data);
    else
        QVERIFY(out.isEmpty()); // no partial output
}

void tst_Gzip::rejectsBomb()
{
    // 64 MiB of zeros compress to about 64 KiB; a receiver with a 1 MiB limit must stop early.
    const QByteArray data(64 * 1024 * 1024, '\0');
    const QByteArray gz = gzipCompress(data, 9);
    QVERIFY(gz.size() < 128 * 1024);
    bool ok = true;
    const QByteArray out = gzipDecompress(gz, 1024 * 1024, &ok);
    QVERIFY(!ok);
    QVERIFY(out.isEmpty());
}

void tst_Gzip::rejectsBadInput_data()
{
    QTest::addColumn<QByteArray>("input");

    const QByteArray good = gzipCompress(QByteArray(repetitive(10000) + randomBytes(1000, 5)));
    QVERIFY(good.size() > 40);

    auto flipped = [&good](qsizetype at) {
        QByteArray b = good;
        b[at] = char(b.at(at) ^ 0x55);
        return b;
    };

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one-byte") << QByteArray(1, '\x1f');
    QTest::newRow("plain-text") << QByteArrayLiteral("{\"resourceSpans\":[]}");
    QTest::newRow("random") << randomBytes(4096, 6);
    QTest::newRow("zlib-not-gzip") << qCompress(QByteArrayLiteral("hello")).mid(4); // zlib stream, no gzip header
    QTest::newRow("bad-magic") << flipped(0);
    QTest::newRow("bad-method") << flipped(2);
    QTest::newRow("corrupt-body") << flipped(good.size() / 2);
    QTest::newRow("bad-crc") << flipped(good.size() - 6);
    QTest::newRow("bad-isize") << flipped(good.size() - 2);
    QTest::newRow("header-only") << good.left(10);
    QTest::newRow("no-trailer") << good.left(good.size() - 8);
    QTest::newRow("half-trailer") << good.left(good.size() - 4);
    QTest::newRow("last-byte-missing") << good.left(good.size() - 1);
    QTest::newRow("half") << good.left(good.size() / 2);
    QTest::newRow("tool-output-truncated") << kGzipToolOutput.left(kGzipToolOutput.size() - 1);
}

void tst_Gzip::rejectsBadInput()
{
    QFETCH(QByteArray, input);

    bool ok = true;
    const QByteArray out = gzipDecompress(input, 1024 * 1024, &ok);
    QVERIFY(!ok);
    QVERIFY(out.isEmpty());
}

void tst_Gzip::rejectsEveryTruncation()
{
    const QByteArray data = randomBytes(3000, 8) + repetitive(3000);
    const QByteArray gz = gzipCompress(data);
    for (qsizetype n = 0; n < gz.size(); ++n) {
        bool ok = true;
        const QByteArray out = gzipDecompress(QByteArrayView(gz).first(n), data.size(), &ok);
        QVERIFY2(!ok, QByteArray::number(n).constData());
        QVERIFY(out.isEmpty());
    }
    bool ok = false;
    QVERIFY(gzipDecompress(gz, data.size(), &ok) == data);
    QVERIFY(ok);
}

QTEST_GUILESS_MAIN(tst_Gzip)
#include "tst_gzip.moc"
