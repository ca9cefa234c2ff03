// SPDX-License-Identifier: MIT
// JsonWriter: whatever it is given, the bytes it appends are valid RFC 8259
// JSON in UTF-8 that a strict parser (QJsonDocument) accepts, with the exact
// forms OTLP JSON expects for 64-bit integers and non-finite doubles.
#include "encoding/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QRandomGenerator>
#include <QStringDecoder>
#include <QTest>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

using Automagik::Internal::JsonWriter;

namespace {

// Parses \a json as the single element of an array; fails the test on a syntax error.
QJsonValue parseValue(const QByteArray &json, bool *ok)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson('[' + json + ']', &error);
    *ok = error.error == QJsonParseError::NoError && doc.isArray() && doc.array().size() == 1;
    if (!*ok)
        qWarning("not valid JSON (%s): %s", qPrintable(error.errorString()), json.toHex(' ').constData());
    return *ok ? doc.array().at(0) : QJsonValue();
}

bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder(bytes);
    Q_UNUSED(decoded)
    return !decoder.hasError();
}

bool hasLoneSurrogate(const QString &s)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s.at(i).isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate())
            ++i;
        else if (s.at(i).isSurrogate())
            return true;
    }
    return false;
}

QString fromUtf16(std::initializer_list<char16_t> units)
{
    QString s;
    for (const char16_t u : units)
        s.append(QChar(u));
    return s;
}

QByteArray writeString(QStringView s)
{
    QByteArray out;
    JsonWriter(out).string(s);
    return out;
}

QByteArray writeNumber(double v)
{
    QByteArray out;
    JsonWriter(out).number(v);
    return out;
}

const QString kReplacement = QString(QChar(QChar::ReplacementCharacter));

} // namespace

class tst_JsonWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void string_data();
    void string();
    void randomUtf16IsAlwaysValid();
    void utf8String_data();
    void utf8String();
    void int64String_data();
    void int64String();
    void uint64String_data();
    void uint64String();
    void integer_data();
    void integer();
    void number_data();
    void number();
    void nonFiniteNumbers_data();
    void nonFiniteNumbers();
    void numberRoundTripsRandomDoubles();
    void boolean();
    void appendsToExistingBuffer();
    void composedDocument();
};

void tst_JsonWriter::string_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QByteArray>("expected"); // exact bytes written
    QTest::addColumn<QString>("decoded"); // what a JSON parser reads back

    const QString astral = fromUtf16({0xD83D, 0xDE00}); // U+1F600
    const QString high = fromUtf16({0xD800});
    const QString low = fromUtf16({0xDC00});

    QTest::newRow("empty") << QString() << QByteArrayLiteral("\"\"") << QString();
    QTest::newRow("ascii") << QStringLiteral("hello world") << QByteArrayLiteral("\"hello world\"")
                           << QStringLiteral("hello world");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QByteArrayLiteral("\"say \\\"hi\\\"\"")
                           << QStringLiteral("say \"hi\"");
    QTest::newRow("backslash") << QStringLiteral("C:\\path\\") << QByteArrayLiteral("\"C:\\\\path\\\\\"")
                               << QStringLiteral("C:\\path\\");
    QTest::newRow("slash-unescaped") << QStringLiteral("a/b") << QByteArrayLiteral("\"a/b\"") << QStringLiteral("a/b");
    QTest::newRow("newline-tab") << QStringLiteral("a\nb\tc") << QByteArrayLiteral("\"a\\nb\\tc\"")
                                 << QStringLiteral("a\nb\tc");
    QTest::newRow("cr-bs-ff") << QStringLiteral("\r\b\f") << QByteArrayLiteral("\"\\r\\b\\f\"")
                              << QStringLiteral("\r\b\f");
    QTest::newRow("u0001") << QStringLiteral("\x01") << QByteArrayLiteral("\"\\u0001\"") << QStringLiteral("\x01");
    QTest::newRow("u001f") << QStringLiteral("\x1f") << QByteArrayLiteral("\"\\u001f\"") << QStringLiteral("\x1f");
    QTest::newRow("nul") << fromUtf16({u'a', 0, u'b'}) << QByteArrayLiteral("\"a\\u0000b\"")
                         << fromUtf16({u'a', 0, u'b'});
    QTest::newRow("del-raw") << QStringLiteral("\x7f") << QByteArrayLiteral("\"\x7f\"") << QStringLiteral("\x7f");
    QTest::newRow("latin1") << fromUtf16({0xE9}) << QByteArrayLiteral("\"\xc3\xa9\"") << fromUtf16({0xE9});
    QTest::newRow("bmp-euro") << fromUtf16({0x20AC}) << QByteArrayLiteral("\"\xe2\x82\xac\"") << fromUtf16({0x20AC});
    QTest::newRow("bmp-cjk") << fromUtf16({0x4E2D, 0x6587}) << QByteArrayLiteral("\"\xe4\xb8\xad\xe6\x96\x87\"")
                             << fromUtf16({0x4E2D, 0x6587});
    QTest::newRow("u+ffff") << fromUtf16({0xFFFF}) << QByteArrayLiteral("\"\xef\xbf\xbf\"") << fromUtf16({0xFFFF});
    QTest::newRow("line-separator") << fromUtf16({0x2028}) << QByteArrayLiteral("\"\xe2\x80\xa8\"")
                                    << fromUtf16({0x2028});
    QTest::newRow("astral") << astral << QByteArrayLiteral("\"\xf0\x9f\x98\x80\"") << astral;
    QTest::newRow("astral-max") << fromUtf16({0xDBFF, 0xDFFF}) << QByteArrayLiteral("\"\xf4\x8f\xbf\xbf\"")
                                << fromUtf16({0xDBFF, 0xDFFF});
    QTest::newRow("mixed") << (QStringLiteral("a\"") + astral + QStringLiteral("\n"))
                           << QByteArrayLiteral("\"a\\\"\xf0\x9f\x98\x80\\n\"")
                           << (QStringLiteral("a\"") + astral + QStringLiteral("\n"));
    // Lone surrogates are not Unicode scalar values: U+FFFD keeps the output valid UTF-8.
    QTest::newRow("lone-high") << high << QByteArrayLiteral("\"\xef\xbf\xbd\"") << kReplacement;
    QTest::newRow("lone-low") << low << QByteArrayLiteral("\"\xef\xbf\xbd\"") << kReplacement;
    QTest::newRow("high-then-ascii") << (high + QStringLiteral("A")) << QByteArrayLiteral("\"\xef\xbf\xbd" "A\"")
                                     << (kReplacement + QStringLiteral("A"));
    QTest::newRow("ascii-then-high") << (QStringLiteral("A") + high) << QByteArrayLiteral("\"A\xef\xbf\xbd\"")
                                     << (QStringLiteral("A") + kReplacement);
    QTest::newRow("low-then-high") << (low + high) << QByteArrayLiteral("\"\xef\xbf\xbd\xef\xbf\xbd\"")
                                   << (kReplacement + kReplacement);
    QTest::newRow("high-high-low") << (high + astral) << QByteArrayLiteral("\"\xef\xbf\xbd\xf0\x9f\x98\x80\"")
                                   << (kReplacement + astral);
    QTest::newRow("high-quote") << (high + QStringLiteral("\"")) << QByteArrayLiteral("\"\xef\xbf\xbd\\\"\"")
                                << (kReplacement + QStringLiteral("\""));
}

void tst_JsonWriter::string()
{
    QFETCH(QString, input);
    QFETCH(QByteArray, expected);
    QFETCH(QString, decoded);

    const QByteArray out = writeString(input);
    QCOMPARE(out, expected);
    QVERIFY(isValidUtf8(out));
    bool ok = false;
    const QJsonValue v = parseValue(out, &ok);
    QVERIFY(ok);
    QVERIFY(v.isString());
    QCOMPARE(v.toString(), decoded);
}

void tst_JsonWriter::randomUtf16IsAlwaysValid()
{
    // Arbitrary UTF-16, including controls and unpaired surrogates, always gives parseable JSON
    // whose decoded text equals the input with invalid code units replaced.
    QRandomGenerator rng(20240521);
    for (int round = 0; round < 200; ++round) {
        QString input;
        const int length = int(rng.bounded(200));
        for (int i = 0; i < length; ++i) {
            const quint32 pick = rng.bounded(6);
            char16_t u = 0;
            switch (pick) {
            case 0:
                u = char16_t(rng.bounded(0x20)); // control
                break;
            case 1:
                u = char16_t(0xD800 + rng.bounded(0x800)); // any surrogate
                break;
            case 2:
                u = rng.bounded(2) ? u'"' : u'\\';
                break;
            default:
                u = char16_t(rng.bounded(0x10000));
                break;
            }
            input.append(QChar(u));
        }
        const QByteArray out = writeString(input);
        QVERIFY(isValidUtf8(out));
        bool ok = false;
        const QJsonValue v = parseValue(out, &ok);
        QVERIFY2(ok, qPrintable(QStringLiteral("round %1").arg(round)));

        // The expected decoding: well-formed pairs kept, everything unpaired replaced.
        QString expected;
        for (qsizetype i = 0; i < input.size(); ++i) {
            const QChar c = input.at(i);
            if (c.isHighSurrogate() && i + 1 < input.size() && input.at(i + 1).isLowSurrogate()) {
                expected.append(c);
                expected.append(input.at(++i));
            } else if (c.isSurrogate()) {
                expected.append(QChar(QChar::ReplacementCharacter));
            } else {
                expected.append(c);
            }
        }
        QCOMPARE(v.toString(), expected);
    }
}

void tst_JsonWriter::utf8String_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("decoded");

    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("ascii") << QByteArrayLiteral("abc") << QStringLiteral("abc");
    QTest::newRow("escapes") << QByteArrayLiteral("\"\\\n") << QStringLiteral("\"\\\n");
    QTest::newRow("valid-multibyte") << QByteArrayLiteral("\xc3\xa9\xf0\x9f\x98\x80")
                                     << (fromUtf16({0xE9}) + fromUtf16({0xD83D, 0xDE00}));
    // Invalid sequences become U+FFFD (how many is the decoder's business); the rest survives.
    QTest::newRow("ff") << QByteArrayLiteral("a\xff" "b") << QString();
    QTest::newRow("fe-ff") << QByteArrayLiteral("\xfe\xff") << QString();
    QTest::newRow("truncated") << QByteArrayLiteral("x\xe2\x82") << QString();
    QTest::newRow("lone-continuation") << QByteArrayLiteral("\x80z") << QString();
    QTest::newRow("overlong-slash") << QByteArrayLiteral("\xc0\xaf") << QString();
    QTest::newRow("cesu-surrogate") << QByteArrayLiteral("\xed\xa0\x80") << QString();
    QTest::newRow("above-u10ffff") << QByteArrayLiteral("\xf4\x90\x80\x80") << QString();
    QTest::newRow("embedded-nul") << QByteArray("a\0b", 3) << fromUtf16({u'a', 0, u'b'});
}

void tst_JsonWriter::utf8String()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, decoded);

    QByteArray out;
    JsonWriter(out).utf8String(input);
    QVERIFY(isValidUtf8(out));
    bool ok = false;
    const QJsonValue v = parseValue(out, &ok);
    QVERIFY(ok);
    QVERIFY(v.isString());
    const QString text = v.toString();
    QVERIFY(!hasLoneSurrogate(text));
    if (!decoded.isNull() || input.isEmpty()) {
        QCOMPARE(text, decoded);
    } else {
        QVERIFY2(text.contains(kReplacement), qPrintable(text));
        // The valid ASCII around the bad bytes survives, in order.
        qsizetype from = 0;
        for (const char c : input) {
            if (uchar(c) >= 0x80)
                continue;
            from = text.indexOf(QLatin1Char(c), from);
            QVERIFY2(from >= 0, qPrintable(text));
            ++from;
        }
    }
}

void tst_JsonWriter::int64String_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("zero") << qint64(0) << QByteArrayLiteral("\"0\"");
    QTest::newRow("one") << qint64(1) << QByteArrayLiteral("\"1\"");
    QTest::newRow("minus-one") << qint64(-1) << QByteArrayLiteral("\"-1\"");
    QTest::newRow("nanos") << qint64(1795212256536123457) << QByteArrayLiteral("\"1795212256536123457\"");
    QTest::newRow("2^53+1") << qint64(9007199254740993) << QByteArrayLiteral("\"9007199254740993\"");
    QTest::newRow("max") << std::numeric_limits<qint64>::max() << QByteArrayLiteral("\"9223372036854775807\"");
    QTest::newRow("min") << std::numeric_limits<qint64>::min() << QByteArrayLiteral("\"-9223372036854775808\"");
}

void tst_JsonWriter::int64String()
{
    QFETCH(qint64, value);
    QFETCH(QByteArray, expected);

    QByteArray out;
    JsonWriter(out).int64String(value);
    QCOMPARE(out, expected);
    bool ok = false;
    const QJsonValue v = parseValue(out, &ok);
    QVERIFY(ok);
    QCOMPARE(v.toString().toLongLong(), value); // exact, past 2^53
}

void tst_JsonWriter::uint64String_data()
{
    QTest::addColumn<quint64>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("zero") << quint64(0) << QByteArrayLiteral("\"0\"");
    QTest::newRow("int64-max+1") << quint64(9223372036854775808ULL) << QByteArrayLiteral("\"9223372036854775808\"");
    QTest::newRow("max") << std::numeric_limits<quint64>::max() << QByteArrayLiteral("\"18446744073709551615\"");
}

void tst_JsonWriter::uint64String()
{
    QFETCH(quint64, value);
    QFETCH(QByteArray, expected);

    QByteArray out;
    JsonWriter(out).uint64String(value);
    QCOMPARE(out, expected);
    bool ok = false;
    const QJsonValue v = parseValue(out, &ok);
    QVERIFY(ok);
    QCOMPARE(v.toString().toULongLong(), value);
}

void tst_JsonWriter::integer_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QByteArray>("expected");

    // Plain JSON integers, for enums and small counts (kind, severityNumber, droppedAttributesCount).
    QTest::newRow("zero") << qint64(0) << QByteArrayLiteral("0");
    QTest::newRow("one") << qint64(1) << QByteArrayLiteral("1");
    QTest::newRow("negative") << qint64(-17) << QByteArrayLiteral("-17");
    QTest::newRow("large") << qint64(9872) << QByteArrayLiteral("9872");
    QTest::newRow("min") << std::numeric_limits<qint64>::min() << QByteArrayLiteral("-9223372036854775808");
}

void tst_JsonWriter::integer()
{
    QFETCH(qint64, value);
    QFETCH(QByteArray, expected);

    QByteArray out;
    JsonWriter(out).integer(value);
    QCOMPARE(out, expected);
    bool ok = false;
    const QJsonValue v = parseValue(out, &ok);
    QVERIFY(ok);
    QVERIFY(v.isDouble());
}

void tst_JsonWriter::number_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("exact"); // empty: only the round trip is checked

    QTest::newRow("zero") << 0.0 << QByteArrayLiteral("0");
    QTest::newRow("three") << 3.0 << QByteArrayLiteral("3");
    QTest::newRow("minus-three") << -3.0 << QByteArrayLiteral("-3");
    QTest::newRow("0.1") << 0.1 << QByteArrayLiteral("0.1"); // shortest, not 0.10000000000000001
    QTest::newRow("2.5") << 2.5 << QByteArrayLiteral("2.5");
    QTest::newRow("16.4") << 16.4 << QByteArrayLiteral("16.4");
    QTest::newRow("0.1+0.2") << (0.1 + 0.2) << QByteArrayLiteral("0.30000000000000004");
    QTest::newRow("1e300") << 1e300 << QByteArray();
    QTest::newRow("-1e300") << -1e300 << QByteArray();
    QTest::newRow("1e-300") << 1e-300 << QByteArray();
    QTest::newRow("2^53") << 9007199254740992.0 << QByteArray();
    QTest::newRow("1e21") << 1e21 << QByteArray();
    QTest::newRow("third") << (1.0 / 3.0) << QByteArray();
    QTest::newRow("pi") << 3.141592653589793 << QByteArrayLiteral("3.141592653589793");
    QTest::newRow("max") << std::numeric_limits<double>::max() << QByteArray();
    QTest::newRow("lowest") << std::numeric_limits<double>::lowest() << QByteArray();
    QTest::newRow("min-normal") << std::numeric_limits<double>::min() << QByteArray();
    QTest::newRow("denorm-min") << std::numeric_limits<double>::denorm_min() << QByteArray();
    QTest::newRow("negative-zero") << -0.0 << QByteArray();
}

void tst_JsonWriter::number()
{
    QFETCH(double, value);
    QFETCH(QByteArray, exact);

    const QByteArray out = writeNumber(value);
    if (!exact.isEmpty())
        QCOMPARE(out, exact);
    // A JSON number token (no quotes, no NaN/Infinity words, no hex) ...
    QVERIFY2(!out.isEmpty() && !out.contains('"') && !out.contains('n') && !out.contains('x'), out.constData());
    bool ok = false;
    const QJsonValue v = parseValue(out, &ok);
    QVERIFY(ok);
    QVERIFY(v.isDouble());
    // ... that reads back as exactly the same double.
    const double reparsed = std::strtod(out.constData(), nullptr);
    QCOMPARE(reparsed, value);
    QVERIFY(std::signbit(reparsed) == std::signbit(value) || value == 0);
    if (value != 0)
        QCOMPARE(v.toDouble(), value);
    else
        QCOMPARE(v.toDouble(), 0.0);
}

void tst_JsonWriter::nonFiniteNumbers_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("expected");

    // The protobuf JSON mapping's strings; bare NaN/Infinity tokens would make the whole body invalid.
    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << QByteArrayLiteral("\"NaN\"");
    QTest::newRow("-nan") << -std::numeric_limits<double>::quiet_NaN() << QByteArrayLiteral("\"NaN\"");
    QTest::newRow("signaling-nan") << std::numeric_limits<double>::signaling_NaN() << QByteArrayLiteral("\"NaN\"");
    QTest::newRow("inf") << std::numeric_limits<double>::infinity() << QByteArrayLiteral("\"Infinity\"");
    QTest::newRow("-inf") << -std::numeric_limits<double>::infinity() << QByteArrayLiteral("\"-Infinity\"");
}

void tst_JsonWriter::nonFiniteNumbers()
{
    QFETCH(double, value);
    QFETCH(QByteArray, expected);

    const QByteArray out = writeNumber(value);
    QCOMPARE(out, expected);
    bool ok = false;
    const QJsonValue v = parseValue(out, &ok);
    QVERIFY(ok);
    QVERIFY(v.isString());
}

void tst_JsonWriter::numberRoundTripsRandomDoubles()
{
    QRandomGenerator rng(7);
    for (int i = 0; i < 10000; ++i) {
        quint64 bits = rng.generate64();
        double value;
        static_assert(sizeof(bits) == sizeof(value));
        std::memcpy(&value, &bits, sizeof(value));
        const QByteArray out = writeNumber(value);
        if (!std::isfinite(value)) {
            QVERIFY2(out.startsWith('"') && out.endsWith('"'), out.constData());
            continue;
        }
        QVERIFY2(out.size() <= 24, out.constData()); // shortest form: at most 17 significant digits
        QCOMPARE(std::strtod(out.constData(), nullptr), value);
    }
}

void tst_JsonWriter::boolean()
{
    QByteArray out;
    JsonWriter w(out);
    w.boolean(true);
    w.raw(',');
    w.boolean(false);
    QCOMPARE(out, QByteArrayLiteral("true,false"));
}

void tst_JsonWriter::appendsToExistingBuffer()
{
    QByteArray out = QByteArrayLiteral("{\"a\":");
    JsonWriter w(out);
    w.string(u"x");
    w.raw('}');
    QCOMPARE(out, QByteArrayLiteral("{\"a\":\"x\"}"));
    QCOMPARE(&w.buffer(), &out);
}

void tst_JsonWriter::composedDocument()
{
    // The non-finite doubles become the protobuf JSON strings, so the document stays valid.
    QByteArray out;
    JsonWriter w(out);
    w.raw("{\"s\":");
    w.string(fromUtf16({0xD800, u'"'}));
    w.raw(",\"i\":");
    w.int64String(std::numeric_limits<qint64>::min());
    w.raw(",\"u\":");
    w.uint64String(std::numeric_limits<quint64>::max());
    w.raw(",\"n\":[");
    w.number(std::numeric_limits<double>::quiet_NaN());
    w.raw(',');
    w.number(std::numeric_limits<double>::infinity());
    w.raw(',');
    w.number(-std::numeric_limits<double>::infinity());
    w.raw(',');
    w.number(0.5);
    w.raw("],\"b\":");
    w.boolean(true);
    w.raw(",\"k\":");
    w.integer(1);
    w.raw('}');

    QCOMPARE(out.count("\"NaN\""), 1);
    QCOMPARE(out.count("\"Infinity\""), 1);
    QCOMPARE(out.count("\"-Infinity\""), 1);
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject o = doc.object();
    QCOMPARE(o.value(QLatin1String("s")).toString(), kReplacement + QStringLiteral("\""));
    QCOMPARE(o.value(QLatin1String("i")).toString(), QStringLiteral("-9223372036854775808"));
    QCOMPARE(o.value(QLatin1String("u")).toString(), QStringLiteral("18446744073709551615"));
    const QJsonArray n = o.value(QLatin1String("n")).toArray();
    QCOMPARE(n.size(), 4);
    QCOMPARE(n.at(0).toString(), QStringLiteral("NaN"));
    QCOMPARE(n.at(1).toString(), QStringLiteral("Infinity"));
    QCOMPARE(n.at(2).toString(), QStringLiteral("-Infinity"));
    QCOMPARE(n.at(3).toDouble(), 0.5);
    QCOMPARE(o.value(QLatin1String("b")).toBool(), true);
    QCOMPARE(o.value(QLatin1String("k")).toInt(), 1);
}

QTEST_GUILESS_MAIN(tst_JsonWriter)
#include "tst_jsonwriter.moc"
