// SPDX-License-Identifier: MIT
// The public enums, their string forms and the StandardEvents names shared
// with the Python and TypeScript SDKs (REFERENCE.md §4.1, §8).
#include <automagik/standardevents.h>
#include <automagik/telemetrytypes.h>

#include <QMetaEnum>
#include <QSet>
#include <QTest>

using namespace Automagik;

namespace {

// Compare meta-enum keys so a failure prints names, not bare numbers.
template <typename E>
QByteArray key(E value)
{
    const char *name = QMetaEnum::fromType<E>().valueToKey(int(value));
    return (name ? QByteArray(name) : QByteArrayLiteral("?")) + '(' + QByteArray::number(int(value)) + ')';
}

} // namespace

class tst_TelemetryTypes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseMetricType_data();
    void parseMetricType();
    void parseMetricTypeWithoutOk();
    void metricTypeRoundTrip_data();
    void metricTypeRoundTrip();

    void parseLogSeverity_data();
    void parseLogSeverity();
    void parseLogSeverityWithoutOk();
    void logSeverityValues_data();
    void logSeverityValues();
    void logSeverityRoundTrip_data();
    void logSeverityRoundTrip();

    void signalToString_data();
    void signalToString();

    void standardEvents_data();
    void standardEvents();
    void standardEventsAreDistinct();
};

void tst_TelemetryTypes::parseMetricType_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<MetricType>("expected");
    QTest::addColumn<bool>("ok");

    QTest::newRow("gauge") << QStringLiteral("gauge") << MetricType::Gauge << true;
    QTest::newRow("counter") << QStringLiteral("counter") << MetricType::Counter << true;
    QTest::newRow("histogram") << QStringLiteral("histogram") << MetricType::Histogram << true;
    QTest::newRow("GAUGE") << QStringLiteral("GAUGE") << MetricType::Gauge << true;
    QTest::newRow("Counter") << QStringLiteral("Counter") << MetricType::Counter << true;
    QTest::newRow("HiStOgRaM") << QStringLiteral("HiStOgRaM") << MetricType::Histogram << true;
    QTest::newRow("spaces") << QStringLiteral("  counter  ") << MetricType::Counter << true;
    QTest::newRow("tab-newline") << QStringLiteral("\thistogram\n") << MetricType::Histogram << true;
    // Unknown names fall back to gauge, as both SDKs do, and say so through ok.
    QTest::newRow("empty") << QString() << MetricType::Gauge << false;
    QTest::newRow("blank") << QStringLiteral("   ") << MetricType::Gauge << false;
    QTest::newRow("unknown") << QStringLiteral("summary") << MetricType::Gauge << false;
    QTest::newRow("prefix") << QStringLiteral("count") << MetricType::Gauge << false;
    QTest::newRow("suffix") << QStringLiteral("histograms") << MetricType::Gauge << false;
    QTest::newRow("inner-space") << QStringLiteral("coun ter") << MetricType::Gauge << false;
}

void tst_TelemetryTypes::parseMetricType()
{
    QFETCH(QString, name);
    QFETCH(MetricType, expected);
    QFETCH(bool, ok);

    bool parsedOk = !ok; // must be overwritten either way
    QCOMPARE(key(metricTypeFromString(name, &parsedOk)), key(expected));
    QCOMPARE(parsedOk, ok);
}

void tst_TelemetryTypes::parseMetricTypeWithoutOk()
{
    // ok is optional: a null pointer must not be written through.
    QCOMPARE(key(metricTypeFromString(u"histogram")), key(MetricType::Histogram));
    QCOMPARE(key(metricTypeFromString(u"nonsense")), key(MetricType::Gauge));
}

void tst_TelemetryTypes::metricTypeRoundTrip_data()
{
    QTest::addColumn<MetricType>("type");
    QTest::addColumn<QString>("name");

    QTest::newRow("gauge") << MetricType::Gauge << QStringLiteral("gauge");
    QTest::newRow("counter") << MetricType::Counter << QStringLiteral("counter");
    QTest::newRow("histogram") << MetricType::Histogram << QStringLiteral("histogram");
}

void tst_TelemetryTypes::metricTypeRoundTrip()
{
    QFETCH(MetricType, type);
    QFETCH(QString, name);

    QCOMPARE(Automagik::metricTypeToString(type), name);
    bool ok = false;
    QCOMPARE(key(metricTypeFromString(Automagik::metricTypeToString(type), &ok)), key(type));
    QVERIFY(ok);
    QCOMPARE(key(metricTypeFromString(Automagik::metricTypeToString(type).toUpper(), &ok)), key(type));
    QVERIFY(ok);
}

void tst_TelemetryTypes::parseLogSeverity_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<LogSeverity>("expected");
    QTest::addColumn<bool>("ok");

    QTest::newRow("trace") << QStringLiteral("trace") << LogSeverity::Trace << true;
    QTest::newRow("debug") << QStringLiteral("debug") << LogSeverity::Debug << true;
    QTest::newRow("info") << QStringLiteral("info") << LogSeverity::Info << true;
    QTest::newRow("warn") << QStringLiteral("warn") << LogSeverity::Warn << true;
    QTest::newRow("error") << QStringLiteral("error") << LogSeverity::Error << true;
    QTest::newRow("fatal") << QStringLiteral("fatal") << LogSeverity::Fatal << true;
    QTest::newRow("TRACE") << QStringLiteral("TRACE") << LogSeverity::Trace << true;
    QTest::newRow("Debug") << QStringLiteral("Debug") << LogSeverity::Debug << true;
    QTest::newRow("INFO") << QStringLiteral("INFO") << LogSeverity::Info << true;
    QTest::newRow("eRRoR") << QStringLiteral("eRRoR") << LogSeverity::Error << true;
    QTest::newRow("FATAL") << QStringLiteral("FATAL") << LogSeverity::Fatal << true;
    // Aliases: TypeScript's mapping, not Python's (which turns WARNING into INFO).
    QTest::newRow("warning") << QStringLiteral("warning") << LogSeverity::Warn << true;
    QTest::newRow("WARNING") << QStringLiteral("WARNING") << LogSeverity::Warn << true;
    QTest::newRow("critical") << QStringLiteral("critical") << LogSeverity::Fatal << true;
    QTest::newRow("CRITICAL") << QStringLiteral("CRITICAL") << LogSeverity::Fatal << true;
    QTest::newRow("padded") << QStringLiteral("  Error \n") << LogSeverity::Error << true;
    QTest::newRow("padded-warning") << QStringLiteral("\twarning ") << LogSeverity::Warn << true;
    // Unknown names fall back to info.
    QTest::newRow("empty") << QString() << LogSeverity::Info << false;
    QTest::newRow("blank") << QStringLiteral(" ") << LogSeverity::Info << false;
    QTest::newRow("verbose") << QStringLiteral("verbose") << LogSeverity::Info << false;
    QTest::newRow("information") << QStringLiteral("information") << LogSeverity::Info << false;
    QTest::newRow("number") << QStringLiteral("17") << LogSeverity::Info << false;
    QTest::newRow("err") << QStringLiteral("err") << LogSeverity::Info << false;
}

void tst_TelemetryTypes::parseLogSeverity()
{
    QFETCH(QString, name);
    QFETCH(LogSeverity, expected);
    QFETCH(bool, ok);

    bool parsedOk = !ok;
    QCOMPARE(key(logSeverityFromString(name, &parsedOk)), key(expected));
    QCOMPARE(parsedOk, ok);
}

void tst_TelemetryTypes::parseLogSeverityWithoutOk()
{
    QCOMPARE(key(logSeverityFromString(u"warning")), key(LogSeverity::Warn));
    QCOMPARE(key(logSeverityFromString(u"nonsense")), key(LogSeverity::Info));
}

void tst_TelemetryTypes::logSeverityValues_data()
{
    QTest::addColumn<LogSeverity>("severity");
    QTest::addColumn<int>("number");

    // The OTLP SeverityNumber of the first member of each range.
    QTest::newRow("trace") << LogSeverity::Trace << 1;
    QTest::newRow("debug") << LogSeverity::Debug << 5;
    QTest::newRow("info") << LogSeverity::Info << 9;
    QTest::newRow("warn") << LogSeverity::Warn << 13;
    QTest::newRow("error") << LogSeverity::Error << 17;
    QTest::newRow("fatal") << LogSeverity::Fatal << 21;
}

void tst_TelemetryTypes::logSeverityValues()
{
    QFETCH(LogSeverity, severity);
    QFETCH(int, number);
    QCOMPARE(int(severity), number);

    // The enum is registered with the meta-object system, so QML and QVariant users see the same values.
    const QMetaEnum meta = QMetaEnum::fromType<LogSeverity>();
    QVERIFY(meta.isValid());
    QCOMPARE(meta.keyCount(), 6);
    bool ok = false;
    QCOMPARE(meta.keyToValue(meta.valueToKey(number), &ok), number);
    QVERIFY(ok);
}

void tst_TelemetryTypes::logSeverityRoundTrip_data()
{
    QTest::addColumn<LogSeverity>("severity");
    QTest::addColumn<QString>("text");

    QTest::newRow("trace") << LogSeverity::Trace << QStringLiteral("TRACE");
    QTest::newRow("debug") << LogSeverity::Debug << QStringLiteral("DEBUG");
    QTest::newRow("info") << LogSeverity::Info << QStringLiteral("INFO");
    QTest::newRow("warn") << LogSeverity::Warn << QStringLiteral("WARN");
    QTest::newRow("error") << LogSeverity::Error << QStringLiteral("ERROR");
    QTest::newRow("fatal") << LogSeverity::Fatal << QStringLiteral("FATAL");
}

void tst_TelemetryTypes::logSeverityRoundTrip()
{
    QFETCH(LogSeverity, severity);
    QFETCH(QString, text);

    QCOMPARE(Automagik::logSeverityToString(severity), text);
    bool ok = false;
    QCOMPARE(key(logSeverityFromString(Automagik::logSeverityToString(severity), &ok)), key(severity));
    QVERIFY(ok);
    QCOMPARE(key(logSeverityFromString(text.toLower(), &ok)), key(severity));
    QVERIFY(ok);
}

void tst_TelemetryTypes::signalToString_data()
{
    QTest::addColumn<TelemetrySignal>("signal");
    QTest::addColumn<QString>("text");

    // These name the OTLP paths /v1/traces, /v1/metrics and /v1/logs.
    QTest::newRow("traces") << TelemetrySignal::Traces << QStringLiteral("traces");
    QTest::newRow("metrics") << TelemetrySignal::Metrics << QStringLiteral("metrics");
    QTest::newRow("logs") << TelemetrySignal::Logs << QStringLiteral("logs");
}

void tst_TelemetryTypes::signalToString()
{
    QFETCH(TelemetrySignal, signal);
    QFETCH(QString, text);
    QCOMPARE(Automagik::signalToString(signal), text);
}

void tst_TelemetryTypes::standardEvents_data()
{
    QTest::addColumn<QString>("actual");
    QTest::addColumn<QString>("expected");

    // REFERENCE.md §8: identical strings in every SDK of the family, so dashboards match.
    QTest::newRow("FeatureUsed") << QString(StandardEvents::FeatureUsed) << QStringLiteral("automagik.feature.used");
    QTest::newRow("ApiRequest") << QString(StandardEvents::ApiRequest) << QStringLiteral("automagik.api.request");
    QTest::newRow("CommandExecuted") << QString(StandardEvents::CommandExecuted)
                                     << QStringLiteral("automagik.cli.command");
    QTest::newRow("OperationLatency") << QString(StandardEvents::OperationLatency)
                                      << QStringLiteral("automagik.performance.latency");
    QTest::newRow("ErrorOccurred") << QString(StandardEvents::ErrorOccurred) << QStringLiteral("automagik.error");
    QTest::newRow("ServiceHealth") << QString(StandardEvents::ServiceHealth) << QStringLiteral("automagik.health");
}

void tst_TelemetryTypes::standardEvents()
{
    QFETCH(QString, actual);
    QFETCH(QString, expected);
    QCOMPARE(actual, expected);
}

void tst_TelemetryTypes::standardEventsAreDistinct()
{
    const QSet<QString> names{QString(StandardEvents::FeatureUsed),      QString(StandardEvents::ApiRequest),
                              QString(StandardEvents::CommandExecuted),  QString(StandardEvents::OperationLatency),
                              QString(StandardEvents::ErrorOccurred),    QString(StandardEvents::ServiceHealth)};
    QCOMPARE(names.size(), 6);
    // Usable where a QLatin1String is compared directly (constexpr, no allocation).
    static_assert(StandardEvents::ErrorOccurred.size() == 15);
    QVERIFY(StandardEvents::ErrorOccurred == QLatin1String("automagik.error"));
}

QTEST_GUILESS_MAIN(tst_TelemetryTypes)
#include "tst_telemetrytypes.moc"
