// SPDX-License-Identifier: MIT
// TelemetryConfig: defaults of the SDK family (REFERENCE.md §1.1), value
// semantics, and resolved(): environment precedence and endpoint derivation
// (§1.4). Every resolved() call gets an explicit environment, so the machine
// running the tests cannot change their outcome.
#include <automagik/telemetryconfig.h>

#include <QMetaProperty>
#include <QTest>

#include <chrono>

using namespace Automagik;
using namespace std::chrono_literals;

namespace {

QProcessEnvironment makeEnvironment(std::initializer_list<std::pair<const char *, QString>> vars = {})
{
    QProcessEnvironment env; // empty: nothing of the real environment leaks in
    for (const auto &[name, value] : vars)
        env.insert(QString::fromLatin1(name), value);
    return env;
}

QUrl url(const char *text)
{
    return QUrl(QString::fromLatin1(text));
}

} // namespace

class tst_TelemetryConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void constructorWithNameAndVersion();
    void defaultEndpoint();
    void chronoOverloads();
    void organizationEmptyRestoresDefault_data();
    void organizationEmptyRestoresDefault();
    void clampsSillyValues();
    void zeroRetriesMeansSingleAttempt();
    void headers();
    void signalHeaders();
    void resourceAttributesAreKept();
    void propertyRoundTripAndEquality_data();
    void propertyRoundTripAndEquality();
    void copyOnWrite();
    void moveLeavesUsableObject();
    void variantRoundTrip();

    void endpointDerivation_data();
    void endpointDerivation();
    void codeEndpointBeatsEnvironment();
    void signalEndpointsFromEnvironment();
    void codeSignalEndpointsBeatEnvironment();
    void resolvedDoesNotModifyOriginal();
    void resolvedIsIdempotent();
    void timeoutFromEnvironment_data();
    void timeoutFromEnvironment();
    void backendFromEnvironment_data();
    void backendFromEnvironment();
    void clickhouseEnvironmentBeatsCode();
    void clickhouseEmptyEnvironmentIgnored();
    void verboseFromEnvironment_data();
    void verboseFromEnvironment();
    void endpointFor_data();
    void endpointFor();

    void validationError_data();
    void validationError();
    void validationErrorOnResolved_data();
    void validationErrorOnResolved();
};

void tst_TelemetryConfig::defaults()
{
    const TelemetryConfig c;
    QVERIFY(c.projectName().isEmpty());
    QVERIFY(c.version().isEmpty());
    QCOMPARE(c.organization(), QStringLiteral("namastex"));
    QCOMPARE(c.backend(), Backend::Otlp);
    QCOMPARE(c.otlpProtocol(), OtlpProtocol::HttpJson); // JSON stays the default in 1.x
    QVERIFY(c.clientCertificateFile().isEmpty());
    QVERIFY(c.clientKeyFile().isEmpty());
    QVERIFY(c.resourceAttributes().isEmpty());
    QVERIFY(c.signalHeaders(TelemetrySignal::Logs).isEmpty());
    QVERIFY(c.endpoint().isEmpty()); // empty: the environment or the default fills it in at resolve time
    QVERIFY(c.metricsEndpoint().isEmpty());
    QVERIFY(c.logsEndpoint().isEmpty());
    QCOMPARE(c.timeout(), 5000);
    QCOMPARE(c.batchSize(), 100);
    QCOMPARE(c.flushInterval(), 5000);
    QCOMPARE(c.isCompressionEnabled(), true);
    QCOMPARE(c.compressionThreshold(), 1024);
    QCOMPARE(c.maxRetries(), 3);
    QCOMPARE(c.retryBackoffBase(), 1000);
    QCOMPARE(c.maxRetryDelay(), 60000);
    QCOMPARE(c.shutdownTimeout(), 2000);
    QCOMPARE(c.maxQueueSize(), 1000000);
    QCOMPARE(c.maxQueueBytes(), qint64(160) * 1024 * 1024);
    QCOMPARE(c.maxSpoolBytes(), qint64(32) * 1024 * 1024);
    QCOMPARE(c.maxAttributeCount(), 128);
    QCOMPARE(c.isVerbose(), false);
    QCOMPARE(c.isCrashReportingEnabled(), false); // automatic signals are opt-in
    QCOMPARE(c.isUncleanExitReportingEnabled(), false);
    QVERIFY(c.headers().isEmpty());
    QCOMPARE(c.clickhouseEndpoint(), url("http://localhost:8123"));
    QCOMPARE(c.clickhouseDatabase(), QStringLiteral("telemetry"));
    QCOMPARE(c.clickhouseTable(), QStringLiteral("traces"));
    QCOMPARE(c.clickhouseMetricsTable(), QStringLiteral("metrics"));
    QCOMPARE(c.clickhouseLogsTable(), QStringLiteral("logs"));
    QCOMPARE(c.clickhouseUsername(), QStringLiteral("default"));
    QCOMPARE(c.clickhousePassword(), QString());
    QVERIFY(c.clickhousePassword().isEmpty());
}

void tst_TelemetryConfig::constructorWithNameAndVersion()
{
    const TelemetryConfig c(QStringLiteral("my-app"), QStringLiteral("1.2.0"));
    QCOMPARE(c.projectName(), QStringLiteral("my-app"));
    QCOMPARE(c.version(), QStringLiteral("1.2.0"));

    // Everything else is the default.
    TelemetryConfig expected;
    expected.setProjectName(QStringLiteral("my-app"));
    expected.setVersion(QStringLiteral("1.2.0"));
    QCOMPARE(c, expected);
    QVERIFY(c != TelemetryConfig());
}

void tst_TelemetryConfig::defaultEndpoint()
{
    QCOMPARE(TelemetryConfig::defaultEndpoint(), url("https://telemetry.namastex.ai"));
}

void tst_TelemetryConfig::chronoOverloads()
{
    TelemetryConfig c;
    QCOMPARE(c.timeoutAsDuration(), 5000ms);
    QCOMPARE(c.flushIntervalAsDuration(), 5000ms);
    QCOMPARE(c.retryBackoffBaseAsDuration(), 1000ms);

    c.setTimeout(3s);
    QCOMPARE(c.timeout(), 3000);
    QCOMPARE(c.timeoutAsDuration(), 3000ms);

    c.setFlushInterval(250ms);
    QCOMPARE(c.flushInterval(), 250);
    QCOMPARE(c.flushIntervalAsDuration(), 250ms);

    c.setRetryBackoffBase(std::chrono::seconds(2));
    QCOMPARE(c.retryBackoffBase(), 2000);
    QCOMPARE(c.retryBackoffBaseAsDuration(), 2000ms);

    // The int and chrono setters agree.
    TelemetryConfig viaInt;
    viaInt.setTimeout(3000);
    viaInt.setFlushInterval(250);
    viaInt.setRetryBackoffBase(2000);
    QCOMPARE(c, viaInt);
}

void tst_TelemetryConfig::organizationEmptyRestoresDefault_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("custom") << QStringLiteral("acme") << QStringLiteral("acme");
    QTest::newRow("empty") << QString() << QStringLiteral("namastex");
    QTest::newRow("blank") << QStringLiteral("   ") << QStringLiteral("namastex");
}

void tst_TelemetryConfig::organizationEmptyRestoresDefault()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);

    TelemetryConfig c;
    c.setOrganization(QStringLiteral("other"));
    c.setOrganization(input);
    QCOMPARE(c.organization(), expected);
}

void tst_TelemetryConfig::clampsSillyValues()
{
    TelemetryConfig c;

    c.setBatchSize(0);
    QCOMPARE(c.batchSize(), 1);
    c.setBatchSize(-50);
    QCOMPARE(c.batchSize(), 1);

    c.setMaxRetries(-1);
    QCOMPARE(c.maxRetries(), 0);

    // A non-positive timeout would abort every request at once (the TypeScript SDK's defect).
    TelemetryConfig t;
    t.setTimeout(0);
    QCOMPARE(t.timeout(), 5000);
    t.setTimeout(-20);
    QCOMPARE(t.timeout(), 5000);
    t.setTimeout(-1s);
    QCOMPARE(t.timeout(), 5000);

    // A zero interval would make the flush timer spin.
    c.setFlushInterval(0);
    QVERIFY(c.flushInterval() > 0);
    c.setFlushInterval(-5);
    QVERIFY(c.flushInterval() > 0);

    c.setCompressionThreshold(-1);
    QCOMPARE(c.compressionThreshold(), 0);
    c.setRetryBackoffBase(-100);
    QCOMPARE(c.retryBackoffBase(), 0);
    c.setMaxRetryDelay(-100);
    QCOMPARE(c.maxRetryDelay(), 0);
    c.setShutdownTimeout(-100);
    QCOMPARE(c.shutdownTimeout(), 0);
    c.setMaxQueueSize(0);
    QVERIFY(c.maxQueueSize() >= 1);
    c.setMaxQueueSize(-7);
    QVERIFY(c.maxQueueSize() >= 1);
    c.setMaxAttributeCount(-3);
    QCOMPARE(c.maxAttributeCount(), 0);
}

void tst_TelemetryConfig::zeroRetriesMeansSingleAttempt()
{
    // Python honours 0; TypeScript turns it into 3 (a defect we do not copy).
    TelemetryConfig c;
    c.setMaxRetries(0);
    QCOMPARE(c.maxRetries(), 0);
    QCOMPARE(c.resolved(makeEnvironment()).maxRetries(), 0);
    c.setMaxRetries(7);
    QCOMPARE(c.maxRetries(), 7);
}

void tst_TelemetryConfig::headers()
{
    TelemetryConfig c;
    const QMap<QByteArray, QByteArray> h{{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer x")},
                                         {QByteArrayLiteral("X-Tenant"), QByteArrayLiteral("t1")}};
    c.setHeaders(h);
    QCOMPARE(c.headers(), h);
    QVERIFY(c != TelemetryConfig());
    // resolved() keeps them.
    QCOMPARE(c.resolved(makeEnvironment()).headers(), h);
}

void tst_TelemetryConfig::signalHeaders()
{
    TelemetryConfig c;
    c.setHeaders({{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer all")},
                  {QByteArrayLiteral("X-Tenant"), QByteArrayLiteral("t1")}});
    c.setSignalHeaders(TelemetrySignal::Metrics, {{QByteArrayLiteral("authorization"), QByteArrayLiteral("Bearer m")}});
    QVERIFY(c != TelemetryConfig());
    QCOMPARE(c.signalHeaders(TelemetrySignal::Metrics).size(), 1);
    QVERIFY(c.signalHeaders(TelemetrySignal::Traces).isEmpty());
    // A signal's own header replaces the generic one of the same name, whatever its case.
    const QMap<QByteArray, QByteArray> metrics{{QByteArrayLiteral("X-Tenant"), QByteArrayLiteral("t1")},
                                               {QByteArrayLiteral("authorization"), QByteArrayLiteral("Bearer m")}};
    QCOMPARE(c.headersFor(TelemetrySignal::Metrics), metrics);
    QCOMPARE(c.headersFor(TelemetrySignal::Traces), c.headers());
    QCOMPARE(c.resolved(makeEnvironment()).headersFor(TelemetrySignal::Metrics), metrics);
}

void tst_TelemetryConfig::resourceAttributesAreKept()
{
    TelemetryConfig c;
    const QMap<QString, QString> attributes{{QStringLiteral("deployment.environment"), QStringLiteral("staging")}};
    c.setResourceAttributes(attributes);
    QCOMPARE(c.resourceAttributes(), attributes);
    QVERIFY(c != TelemetryConfig());
    QCOMPARE(c.resolved(makeEnvironment()).resourceAttributes(), attributes);
}

void tst_TelemetryConfig::propertyRoundTripAndEquality_data()
{
    QTest::addColumn<QByteArray>("property");
    QTest::addColumn<QVariant>("value");

    // One non-default value per Q_PROPERTY: checks the READ/WRITE wiring (QML uses it)
    // and that operator== looks at every field.
    QTest::newRow("projectName") << QByteArrayLiteral("projectName") << QVariant(QStringLiteral("p"));
    QTest::newRow("version") << QByteArrayLiteral("version") << QVariant(QStringLiteral("9.9"));
    QTest::newRow("organization") << QByteArrayLiteral("organization") << QVariant(QStringLiteral("acme"));
    QTest::newRow("backend") << QByteArrayLiteral("backend") << QVariant::fromValue(Backend::ClickHouse);
    QTest::newRow("otlpProtocol") << QByteArrayLiteral("otlpProtocol") << QVariant::fromValue(OtlpProtocol::HttpProtobuf);
    QTest::newRow("clientCertificateFile") << QByteArrayLiteral("clientCertificateFile") << QVariant(QStringLiteral("c.pem"));
    QTest::newRow("clientKeyFile") << QByteArrayLiteral("clientKeyFile") << QVariant(QStringLiteral("c.key"));
    QTest::newRow("crashReportingEnabled") << QByteArrayLiteral("crashReportingEnabled") << QVariant(true);
    QTest::newRow("uncleanExitReportingEnabled") << QByteArrayLiteral("uncleanExitReportingEnabled") << QVariant(true);
    QTest::newRow("endpoint") << QByteArrayLiteral("endpoint") << QVariant(url("https://e.example"));
    QTest::newRow("metricsEndpoint") << QByteArrayLiteral("metricsEndpoint")
                                     << QVariant(url("https://m.example/v1/metrics"));
    QTest::newRow("logsEndpoint") << QByteArrayLiteral("logsEndpoint") << QVariant(url("https://l.example/v1/logs"));
    QTest::newRow("timeout") << QByteArrayLiteral("timeout") << QVariant(1234);
    QTest::newRow("batchSize") << QByteArrayLiteral("batchSize") << QVariant(7);
    QTest::newRow("flushInterval") << QByteArrayLiteral("flushInterval") << QVariant(777);
    QTest::newRow("compressionEnabled") << QByteArrayLiteral("compressionEnabled") << QVariant(false);
    QTest::newRow("compressionThreshold") << QByteArrayLiteral("compressionThreshold") << QVariant(4096);
    QTest::newRow("maxRetries") << QByteArrayLiteral("maxRetries") << QVariant(5);
    QTest::newRow("retryBackoffBase") << QByteArrayLiteral("retryBackoffBase") << QVariant(250);
    QTest::newRow("maxRetryDelay") << QByteArrayLiteral("maxRetryDelay") << QVariant(9000);
    QTest::newRow("shutdownTimeout") << QByteArrayLiteral("shutdownTimeout") << QVariant(100);
    QTest::newRow("maxQueueSize") << QByteArrayLiteral("maxQueueSize") << QVariant(10);
    QTest::newRow("maxAttributeCount") << QByteArrayLiteral("maxAttributeCount") << QVariant(16);
    QTest::newRow("verbose") << QByteArrayLiteral("verbose") << QVariant(true);
    QTest::newRow("clickhouseEndpoint") << QByteArrayLiteral("clickhouseEndpoint")
                                        << QVariant(url("https://ch.example:8443"));
    QTest::newRow("clickhouseDatabase") << QByteArrayLiteral("clickhouseDatabase") << QVariant(QStringLiteral("db"));
    QTest::newRow("clickhouseTable") << QByteArrayLiteral("clickhouseTable") << QVariant(QStringLiteral("t"));
    QTest::newRow("clickhouseMetricsTable") << QByteArrayLiteral("clickhouseMetricsTable")
                                            << QVariant(QStringLiteral("mt"));
    QTest::newRow("clickhouseLogsTable") << QByteArrayLiteral("clickhouseLogsTable") << QVariant(QStringLiteral("lt"));
    QTest::newRow("clickhouseUsername") << QByteArrayLiteral("clickhouseUsername") << QVariant(QStringLiteral("u"));
    QTest::newRow("clickhousePassword") << QByteArrayLiteral("clickhousePassword") << QVariant(QStringLiteral("pw"));
}

void tst_TelemetryConfig::propertyRoundTripAndEquality()
{
    QFETCH(QByteArray, property);
    QFETCH(QVariant, value);

    const QMetaObject &mo = TelemetryConfig::staticMetaObject;
    const int index = mo.indexOfProperty(property.constData());
    QVERIFY2(index >= 0, property.constData());
    const QMetaProperty prop = mo.property(index);

    const TelemetryConfig original;
    TelemetryConfig changed = original;
    QVERIFY(changed == original);
    QVERIFY(prop.readOnGadget(&original) != value); // the row really is a non-default value

    QVERIFY(prop.writeOnGadget(&changed, value));
    QCOMPARE(prop.readOnGadget(&changed), value);
    QVERIFY(changed != original);
    QVERIFY(!(changed == original));
    // Copy on write: the original still has its default.
    const TelemetryConfig pristine;
    QCOMPARE(prop.readOnGadget(&original), prop.readOnGadget(&pristine));

    // Equal again once the same change is made on another copy.
    TelemetryConfig other;
    QVERIFY(prop.writeOnGadget(&other, value));
    QCOMPARE(other, changed);
}

void tst_TelemetryConfig::copyOnWrite()
{
    TelemetryConfig a(QStringLiteral("a"), QStringLiteral("1"));
    TelemetryConfig b = a;
    QCOMPARE(a, b);

    b.setBatchSize(7);
    b.setProjectName(QStringLiteral("b"));
    QCOMPARE(a.batchSize(), 100);
    QCOMPARE(a.projectName(), QStringLiteral("a"));
    QCOMPARE(b.batchSize(), 7);
    QCOMPARE(b.projectName(), QStringLiteral("b"));
    QVERIFY(a != b);

    TelemetryConfig c;
    c = b;
    QCOMPARE(c, b);
    c.setEndpoint(url("https://c.example"));
    QVERIFY(b.endpoint().isEmpty());
    QVERIFY(c != b);

    // Self-assignment keeps the value.
    TelemetryConfig &alias = c;
    c = alias;
    QCOMPARE(c.endpoint(), url("https://c.example"));
}

void tst_TelemetryConfig::moveLeavesUsableObject()
{
    TelemetryConfig a(QStringLiteral("a"), QStringLiteral("1"));
    a.setBatchSize(3);
    TelemetryConfig b(std::move(a));
    QCOMPARE(b.projectName(), QStringLiteral("a"));
    QCOMPARE(b.batchSize(), 3);

    TelemetryConfig c;
    c = std::move(b);
    QCOMPARE(c.projectName(), QStringLiteral("a"));
    QCOMPARE(c.batchSize(), 3);
}

void tst_TelemetryConfig::variantRoundTrip()
{
    TelemetryConfig c(QStringLiteral("v"), QStringLiteral("2"));
    c.setVerbose(true);
    const QVariant v = QVariant::fromValue(c);
    QVERIFY(v.isValid());
    QCOMPARE(v.value<TelemetryConfig>(), c);
}

void tst_TelemetryConfig::endpointDerivation_data()
{
    QTest::addColumn<bool>("fromEnvironment");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("traces");
    QTest::addColumn<QString>("metrics");
    QTest::addColumn<QString>("logs");

    QTest::newRow("none") << false << QString() << QStringLiteral("https://telemetry.namastex.ai/v1/traces")
                          << QStringLiteral("https://telemetry.namastex.ai/v1/metrics")
                          << QStringLiteral("https://telemetry.namastex.ai/v1/logs");

    struct Row
    {
        const char *tag;
        const char *input;
        const char *prefix;
        const char *traces;
        const char *metrics;
        const char *logs;
    };
    // REFERENCE.md §1.4; the last rows fix the Python SDK's defect of posting traces to /v1/logs.
    const Row rows[] = {
        {"base", "https://x.com", "https://x.com", "/v1/traces", "/v1/metrics", "/v1/logs"},
        {"base-slash", "https://x.com/", "https://x.com", "/v1/traces", "/v1/metrics", "/v1/logs"},
        {"base-slashes", "https://x.com//", "https://x.com", "/v1/traces", "/v1/metrics", "/v1/logs"},
        {"v1-traces", "https://x.com/v1/traces", "https://x.com", "/v1/traces", "/v1/metrics", "/v1/logs"},
        {"v1-traces-slash", "https://x.com/v1/traces/", "https://x.com", "/v1/traces", "/v1/metrics", "/v1/logs"},
        {"api-prefix", "https://x.com/api", "https://x.com/api", "/v1/traces", "/v1/metrics", "/v1/logs"},
        {"api-prefix-slash", "https://x.com/api/", "https://x.com/api", "/v1/traces", "/v1/metrics", "/v1/logs"},
        {"api-v1-traces", "https://x.com/api/v1/traces", "https://x.com/api", "/v1/traces", "/v1/metrics",
         "/v1/logs"},
        {"custom-traces", "https://x.com/custom/traces", "https://x.com/custom", "/traces", "/metrics", "/logs"},
        {"custom-logs", "https://x.com/custom/logs", "https://x.com/custom", "/traces", "/metrics", "/logs"},
        {"v1-logs", "http://h:4318/v1/logs", "http://h:4318", "/v1/traces", "/v1/metrics", "/v1/logs"},
        {"v1-metrics", "http://h:4318/v1/metrics", "http://h:4318", "/v1/traces", "/v1/metrics", "/v1/logs"},
        {"port", "http://localhost:4318", "http://localhost:4318", "/v1/traces", "/v1/metrics", "/v1/logs"},
    };
    for (const Row &row : rows) {
        const QString prefix = QString::fromLatin1(row.prefix);
        for (const bool env : {false, true}) {
            QTest::addRow("%s-%s", env ? "env" : "code", row.tag)
                << env << QString::fromLatin1(row.input) << QString(prefix + QLatin1String(row.traces))
                << QString(prefix + QLatin1String(row.metrics)) << QString(prefix + QLatin1String(row.logs));
        }
    }
}

void tst_TelemetryConfig::endpointDerivation()
{
    QFETCH(bool, fromEnvironment);
    QFETCH(QString, input);
    QFETCH(QString, traces);
    QFETCH(QString, metrics);
    QFETCH(QString, logs);

    TelemetryConfig c;
    QProcessEnvironment env = makeEnvironment();
    if (!input.isEmpty()) {
        if (fromEnvironment)
            env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_ENDPOINT"), input);
        else
            c.setEndpoint(QUrl(input));
    }
    const TelemetryConfig r = c.resolved(env);
    QCOMPARE(r.endpoint().toString(), traces);
    QCOMPARE(r.metricsEndpoint().toString(), metrics);
    QCOMPARE(r.logsEndpoint().toString(), logs);
    QCOMPARE(r.endpointFor(TelemetrySignal::Traces).toString(), traces);
    QVERIFY2(r.validationError().isEmpty(), qPrintable(r.validationError()));
}

void tst_TelemetryConfig::codeEndpointBeatsEnvironment()
{
    TelemetryConfig c;
    c.setEndpoint(url("https://code.example"));
    const TelemetryConfig r =
        c.resolved(makeEnvironment({{"AUTOMAGIK_TELEMETRY_ENDPOINT", QStringLiteral("https://env.example")}}));
    QCOMPARE(r.endpoint(), url("https://code.example/v1/traces"));
    QCOMPARE(r.metricsEndpoint(), url("https://code.example/v1/metrics"));
    QCOMPARE(r.logsEndpoint(), url("https://code.example/v1/logs"));

    // A signal variable still beats a URL derived from the code's base (config > env > derived).
    const TelemetryConfig withSignalEnv = c.resolved(
        makeEnvironment({{"AUTOMAGIK_TELEMETRY_METRICS_ENDPOINT", QStringLiteral("https://env-m.example/m")}}));
    QCOMPARE(withSignalEnv.endpoint(), url("https://code.example/v1/traces"));
    QCOMPARE(withSignalEnv.metricsEndpoint(), url("https://env-m.example/m"));
    QCOMPARE(withSignalEnv.logsEndpoint(), url("https://code.example/v1/logs"));

    // An empty (or blank) env value falls through to the default.
    const TelemetryConfig blank =
        TelemetryConfig().resolved(makeEnvironment({{"AUTOMAGIK_TELEMETRY_ENDPOINT", QStringLiteral("  ")}}));
    QCOMPARE(blank.endpoint(), url("https://telemetry.namastex.ai/v1/traces"));
}

void tst_TelemetryConfig::signalEndpointsFromEnvironment()
{
    const QProcessEnvironment env =
        makeEnvironment({{"AUTOMAGIK_TELEMETRY_ENDPOINT", QStringLiteral("https://base.example")},
                         {"AUTOMAGIK_TELEMETRY_METRICS_ENDPOINT", QStringLiteral("https://m.example/ingest/m")},
                         {"AUTOMAGIK_TELEMETRY_LOGS_ENDPOINT", QStringLiteral("https://l.example/ingest/l")}});
    const TelemetryConfig r = TelemetryConfig().resolved(env);
    QCOMPARE(r.endpoint(), url("https://base.example/v1/traces"));
    // Signal URLs are taken as they are: full URLs, no derivation.
    QCOMPARE(r.metricsEndpoint(), url("https://m.example/ingest/m"));
    QCOMPARE(r.logsEndpoint(), url("https://l.example/ingest/l"));

    // Only one of them set: the other is derived from the base.
    const TelemetryConfig onlyLogs = TelemetryConfig().resolved(
        makeEnvironment({{"AUTOMAGIK_TELEMETRY_LOGS_ENDPOINT", QStringLiteral("https://l.example/x")}}));
    QCOMPARE(onlyLogs.metricsEndpoint(), url("https://telemetry.namastex.ai/v1/metrics"));
    QCOMPARE(onlyLogs.logsEndpoint(), url("https://l.example/x"));
}

void tst_TelemetryConfig::codeSignalEndpointsBeatEnvironment()
{
    TelemetryConfig c;
    c.setMetricsEndpoint(url("https://code-m.example/m"));
    c.setLogsEndpoint(url("https://code-l.example/l"));
    const QProcessEnvironment env =
        makeEnvironment({{"AUTOMAGIK_TELEMETRY_METRICS_ENDPOINT", QStringLiteral("https://env-m.example/m")},
                         {"AUTOMAGIK_TELEMETRY_LOGS_ENDPOINT", QStringLiteral("https://env-l.example/l")}});
    const TelemetryConfig r = c.resolved(env);
    QCOMPARE(r.metricsEndpoint(), url("https://code-m.example/m"));
    QCOMPARE(r.logsEndpoint(), url("https://code-l.example/l"));
    QCOMPARE(r.endpoint(), url("https://telemetry.namastex.ai/v1/traces"));
}

void tst_TelemetryConfig::resolvedDoesNotModifyOriginal()
{
    TelemetryConfig c(QStringLiteral("p"), QStringLiteral("1"));
    const TelemetryConfig before = c;
    const TelemetryConfig r = c.resolved(
        makeEnvironment({{"AUTOMAGIK_TELEMETRY_ENDPOINT", QStringLiteral("https://env.example")},
                         {"AUTOMAGIK_TELEMETRY_BACKEND", QStringLiteral("clickhouse")},
                         {"AUTOMAGIK_TELEMETRY_TIMEOUT", QStringLiteral("2")},
                         {"AUTOMAGIK_TELEMETRY_VERBOSE", QStringLiteral("true")}}));
    QCOMPARE(c, before);
    QVERIFY(c.endpoint().isEmpty());
    QCOMPARE(c.backend(), Backend::Otlp);
    QCOMPARE(c.timeout(), 5000);
    QVERIFY(!c.isVerbose());
    QCOMPARE(r.backend(), Backend::ClickHouse);
    QCOMPARE(r.projectName(), QStringLiteral("p"));
    QCOMPARE(r.version(), QStringLiteral("1"));
}

void tst_TelemetryConfig::resolvedIsIdempotent()
{
    // Telemetry::config() returns a resolved configuration; handing it to another client resolves it again.
    for (const char *input : {"", "https://x.com", "https://x.com/custom/traces", "http://h:4318/v1/logs"}) {
        TelemetryConfig c;
        if (*input)
            c.setEndpoint(url(input));
        const QProcessEnvironment env = makeEnvironment();
        const TelemetryConfig once = c.resolved(env);
        const TelemetryConfig twice = once.resolved(env);
        QCOMPARE(twice.endpoint(), once.endpoint());
        QCOMPARE(twice.metricsEndpoint(), once.metricsEndpoint());
        QCOMPARE(twice.logsEndpoint(), once.logsEndpoint());
        QCOMPARE(twice, once);
    }
}

void tst_TelemetryConfig::timeoutFromEnvironment_data()
{
    QTest::addColumn<QString>("envValue");
    QTest::addColumn<bool>("envSet");
    QTest::addColumn<int>("codeTimeout"); // 0: setTimeout() not called
    QTest::addColumn<int>("expected");

    QTest::newRow("unset") << QString() << false << 0 << 5000;
    QTest::newRow("seconds") << QStringLiteral("10") << true << 0 << 10000;
    QTest::newRow("fraction") << QStringLiteral("2.5") << true << 0 << 2500;
    QTest::newRow("small-fraction") << QStringLiteral("0.25") << true << 0 << 250;
    QTest::newRow("padded") << QStringLiteral(" 3 ") << true << 0 << 3000;
    QTest::newRow("empty") << QString() << true << 0 << 5000;
    QTest::newRow("garbage") << QStringLiteral("abc") << true << 0 << 5000;
    QTest::newRow("trailing-garbage") << QStringLiteral("10abc") << true << 0 << 5000;
    QTest::newRow("negative") << QStringLiteral("-1") << true << 0 << 5000;
    QTest::newRow("zero") << QStringLiteral("0") << true << 0 << 5000;
    QTest::newRow("nan") << QStringLiteral("nan") << true << 0 << 5000;
    QTest::newRow("inf") << QStringLiteral("inf") << true << 0 << 5000;
    QTest::newRow("code-wins") << QStringLiteral("2.5") << true << 1234 << 1234;
    QTest::newRow("code-wins-even-if-default") << QStringLiteral("2.5") << true << 5000 << 5000;
    QTest::newRow("code-no-env") << QString() << false << 800 << 800;
}

void tst_TelemetryConfig::timeoutFromEnvironment()
{
    QFETCH(QString, envValue);
    QFETCH(bool, envSet);
    QFETCH(int, codeTimeout);
    QFETCH(int, expected);

    TelemetryConfig c;
    if (codeTimeout > 0)
        c.setTimeout(codeTimeout);
    QProcessEnvironment env = makeEnvironment();
    if (envSet)
        env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_TIMEOUT"), envValue);
    const TelemetryConfig r = c.resolved(env);
    QCOMPARE(r.timeout(), expected);
    QVERIFY(r.timeout() > 0);

    // A copy remembers whether the code chose the timeout.
    const TelemetryConfig copy = c;
    QCOMPARE(copy.resolved(env).timeout(), expected);
}

void tst_TelemetryConfig::backendFromEnvironment_data()
{
    QTest::addColumn<QString>("envValue");
    QTest::addColumn<bool>("envSet");
    QTest::addColumn<Backend>("codeBackend");
    QTest::addColumn<Backend>("expected");

    QTest::newRow("unset") << QString() << false << Backend::Otlp << Backend::Otlp;
    QTest::newRow("unset-code-clickhouse") << QString() << false << Backend::ClickHouse << Backend::ClickHouse;
    QTest::newRow("clickhouse") << QStringLiteral("clickhouse") << true << Backend::Otlp << Backend::ClickHouse;
    QTest::newRow("CLICKHOUSE") << QStringLiteral("CLICKHOUSE") << true << Backend::Otlp << Backend::ClickHouse;
    QTest::newRow("ClickHouse") << QStringLiteral("ClickHouse") << true << Backend::Otlp << Backend::ClickHouse;
    QTest::newRow("padded") << QStringLiteral(" clickhouse ") << true << Backend::Otlp << Backend::ClickHouse;
    // The environment wins over the code, in both directions.
    QTest::newRow("otlp-beats-code") << QStringLiteral("otlp") << true << Backend::ClickHouse << Backend::Otlp;
    QTest::newRow("OTLP-beats-code") << QStringLiteral("OTLP") << true << Backend::ClickHouse << Backend::Otlp;
    // Any other non-empty value means OTLP, as in both SDKs.
    QTest::newRow("other") << QStringLiteral("kafka") << true << Backend::ClickHouse << Backend::Otlp;
    // Empty values are ignored (TypeScript's behaviour; Python lets "" select OTLP).
    QTest::newRow("empty") << QString() << true << Backend::ClickHouse << Backend::ClickHouse;
    QTest::newRow("blank") << QStringLiteral("  ") << true << Backend::ClickHouse << Backend::ClickHouse;
}

void tst_TelemetryConfig::backendFromEnvironment()
{
    QFETCH(QString, envValue);
    QFETCH(bool, envSet);
    QFETCH(Backend, codeBackend);
    QFETCH(Backend, expected);

    TelemetryConfig c;
    c.setBackend(codeBackend);
    QProcessEnvironment env = makeEnvironment();
    if (envSet)
        env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_BACKEND"), envValue);
    QCOMPARE(c.resolved(env).backend(), expected);
}

void tst_TelemetryConfig::clickhouseEnvironmentBeatsCode()
{
    TelemetryConfig c;
    c.setClickhouseEndpoint(url("http://code:8123"));
    c.setClickhouseDatabase(QStringLiteral("code_db"));
    c.setClickhouseTable(QStringLiteral("code_traces"));
    c.setClickhouseMetricsTable(QStringLiteral("code_metrics"));
    c.setClickhouseLogsTable(QStringLiteral("code_logs"));
    c.setClickhouseUsername(QStringLiteral("code_user"));
    c.setClickhousePassword(QStringLiteral("code_pw"));

    const QProcessEnvironment env =
        makeEnvironment({{"AUTOMAGIK_TELEMETRY_CLICKHOUSE_ENDPOINT", QStringLiteral("https://env:8443")},
                         {"AUTOMAGIK_TELEMETRY_CLICKHOUSE_DATABASE", QStringLiteral("env_db")},
                         {"AUTOMAGIK_TELEMETRY_CLICKHOUSE_TABLE", QStringLiteral("env_traces")},
                         {"AUTOMAGIK_TELEMETRY_CLICKHOUSE_METRICS_TABLE", QStringLiteral("env_metrics")},
                         {"AUTOMAGIK_TELEMETRY_CLICKHOUSE_LOGS_TABLE", QStringLiteral("env_logs")},
                         {"AUTOMAGIK_TELEMETRY_CLICKHOUSE_USERNAME", QStringLiteral("env_user")},
                         {"AUTOMAGIK_TELEMETRY_CLICKHOUSE_PASSWORD", QStringLiteral("env_pw")}});
    const TelemetryConfig r = c.resolved(env);
    QCOMPARE(r.clickhouseEndpoint(), url("https://env:8443"));
    QCOMPARE(r.clickhouseDatabase(), QStringLiteral("env_db"));
    QCOMPARE(r.clickhouseTable(), QStringLiteral("env_traces"));
    QCOMPARE(r.clickhouseMetricsTable(), QStringLiteral("env_metrics"));
    QCOMPARE(r.clickhouseLogsTable(), QStringLiteral("env_logs"));
    QCOMPARE(r.clickhouseUsername(), QStringLiteral("env_user"));
    QCOMPARE(r.clickhousePassword(), QStringLiteral("env_pw"));

    // Without the variables the code's values stay.
    const TelemetryConfig untouched = c.resolved(makeEnvironment());
    QCOMPARE(untouched.clickhouseEndpoint(), url("http://code:8123"));
    QCOMPARE(untouched.clickhouseDatabase(), QStringLiteral("code_db"));
    QCOMPARE(untouched.clickhouseTable(), QStringLiteral("code_traces"));
    QCOMPARE(untouched.clickhouseMetricsTable(), QStringLiteral("code_metrics"));
    QCOMPARE(untouched.clickhouseLogsTable(), QStringLiteral("code_logs"));
    QCOMPARE(untouched.clickhouseUsername(), QStringLiteral("code_user"));
    QCOMPARE(untouched.clickhousePassword(), QStringLiteral("code_pw"));
}

void tst_TelemetryConfig::clickhouseEmptyEnvironmentIgnored()
{
    TelemetryConfig c;
    c.setClickhouseDatabase(QStringLiteral("code_db"));
    c.setClickhouseTable(QStringLiteral("code_traces"));
    const TelemetryConfig r =
        c.resolved(makeEnvironment({{"AUTOMAGIK_TELEMETRY_CLICKHOUSE_ENDPOINT", QString()},
                                    {"AUTOMAGIK_TELEMETRY_CLICKHOUSE_DATABASE", QString()},
                                    {"AUTOMAGIK_TELEMETRY_CLICKHOUSE_TABLE", QString()}}));
    QCOMPARE(r.clickhouseEndpoint(), url("http://localhost:8123"));
    QCOMPARE(r.clickhouseDatabase(), QStringLiteral("code_db"));
    QCOMPARE(r.clickhouseTable(), QStringLiteral("code_traces"));
}

void tst_TelemetryConfig::verboseFromEnvironment_data()
{
    QTest::addColumn<QString>("envValue");
    QTest::addColumn<bool>("envSet");
    QTest::addColumn<bool>("codeVerbose");
    QTest::addColumn<bool>("expected");

    QTest::newRow("unset") << QString() << false << false << false;
    QTest::newRow("true") << QStringLiteral("true") << true << false << true;
    QTest::newRow("TRUE") << QStringLiteral("TRUE") << true << false << true;
    QTest::newRow("True") << QStringLiteral("True") << true << false << true;
    // Only "true" turns it on, as in both SDKs' clients.
    QTest::newRow("1") << QStringLiteral("1") << true << false << false;
    QTest::newRow("yes") << QStringLiteral("yes") << true << false << false;
    QTest::newRow("on") << QStringLiteral("on") << true << false << false;
    QTest::newRow("false") << QStringLiteral("false") << true << false << false;
    QTest::newRow("empty") << QString() << true << false << false;
    // Unlike the SDKs, the code's value counts.
    QTest::newRow("code") << QString() << false << true << true;
    QTest::newRow("code-env-empty") << QString() << true << true << true;
}

void tst_TelemetryConfig::verboseFromEnvironment()
{
    QFETCH(QString, envValue);
    QFETCH(bool, envSet);
    QFETCH(bool, codeVerbose);
    QFETCH(bool, expected);

    TelemetryConfig c;
    c.setVerbose(codeVerbose);
    QProcessEnvironment env = makeEnvironment();
    if (envSet)
        env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_VERBOSE"), envValue);
    QCOMPARE(c.resolved(env).isVerbose(), expected);
}

void tst_TelemetryConfig::endpointFor_data()
{
    QTest::addColumn<TelemetrySignal>("signal");
    QTest::addColumn<QUrl>("expected");

    QTest::newRow("traces") << TelemetrySignal::Traces << url("https://t.example/v1/traces");
    QTest::newRow("metrics") << TelemetrySignal::Metrics << url("https://m.example/v1/metrics");
    QTest::newRow("logs") << TelemetrySignal::Logs << url("https://l.example/v1/logs");
}

void tst_TelemetryConfig::endpointFor()
{
    QFETCH(TelemetrySignal, signal);
    QFETCH(QUrl, expected);

    TelemetryConfig c;
    c.setEndpoint(url("https://t.example"));
    c.setMetricsEndpoint(url("https://m.example/v1/metrics"));
    c.setLogsEndpoint(url("https://l.example/v1/logs"));
    const TelemetryConfig r = c.resolved(makeEnvironment());
    QCOMPARE(r.endpointFor(signal), expected);
}

void tst_TelemetryConfig::validationError_data()
{
    QTest::addColumn<QByteArray>("field"); // which setter receives the URL
    QTest::addColumn<QString>("input");
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<QString>("mention"); // empty: no error expected

    const Backend otlp = Backend::Otlp;
    const Backend ch = Backend::ClickHouse;
    QTest::newRow("http") << QByteArrayLiteral("endpoint") << QStringLiteral("http://localhost:4318") << otlp
                          << QString();
    QTest::newRow("https") << QByteArrayLiteral("endpoint") << QStringLiteral("https://collector.example/v1/traces")
                           << otlp << QString();
    QTest::newRow("HTTPS-upper") << QByteArrayLiteral("endpoint") << QStringLiteral("HTTPS://collector.example")
                                 << otlp << QString();
    QTest::newRow("ipv6") << QByteArrayLiteral("endpoint") << QStringLiteral("http://[::1]:4318") << otlp
                          << QString();
    QTest::newRow("ftp") << QByteArrayLiteral("endpoint") << QStringLiteral("ftp://x") << otlp
                         << QStringLiteral("endpoint");
    QTest::newRow("no-scheme") << QByteArrayLiteral("endpoint") << QStringLiteral("not a url") << otlp
                               << QStringLiteral("endpoint");
    QTest::newRow("no-host") << QByteArrayLiteral("endpoint") << QStringLiteral("http://") << otlp
                             << QStringLiteral("endpoint");
    QTest::newRow("broken-ipv6") << QByteArrayLiteral("endpoint") << QStringLiteral("http://[::1") << otlp
                                 << QStringLiteral("endpoint");
    QTest::newRow("file") << QByteArrayLiteral("endpoint") << QStringLiteral("file:///tmp/x") << otlp
                          << QStringLiteral("endpoint");
    QTest::newRow("metrics-ftp") << QByteArrayLiteral("metricsEndpoint") << QStringLiteral("ftp://x") << otlp
                                 << QStringLiteral("metricsEndpoint");
    QTest::newRow("logs-mailto") << QByteArrayLiteral("logsEndpoint") << QStringLiteral("mailto:a@b.example") << otlp
                                 << QStringLiteral("logsEndpoint");
    QTest::newRow("metrics-good") << QByteArrayLiteral("metricsEndpoint") << QStringLiteral("https://m.example/m")
                                  << otlp << QString();
    QTest::newRow("clickhouse-good") << QByteArrayLiteral("clickhouseEndpoint")
                                     << QStringLiteral("http://localhost:8123") << ch << QString();
    QTest::newRow("clickhouse-ftp") << QByteArrayLiteral("clickhouseEndpoint") << QStringLiteral("ftp://ch") << ch
                                    << QStringLiteral("clickhouseEndpoint");
    QTest::newRow("clickhouse-no-host") << QByteArrayLiteral("clickhouseEndpoint") << QStringLiteral("http://")
                                        << ch << QStringLiteral("clickhouseEndpoint");
    QTest::newRow("clickhouse-garbage") << QByteArrayLiteral("clickhouseEndpoint") << QStringLiteral("http://[::1")
                                        << ch << QStringLiteral("clickhouseEndpoint");
    // The ClickHouse endpoint does not matter while OTLP is the backend.
    QTest::newRow("clickhouse-unused") << QByteArrayLiteral("clickhouseEndpoint") << QStringLiteral("ftp://ch")
                                       << otlp << QString();
}

void tst_TelemetryConfig::validationError()
{
    QFETCH(QByteArray, field);
    QFETCH(QString, input);
    QFETCH(Backend, backend);
    QFETCH(QString, mention);

    TelemetryConfig c(QStringLiteral("p"), QStringLiteral("1"));
    QVERIFY(c.validationError().isEmpty());
    c.setBackend(backend);
    const QMetaProperty prop = TelemetryConfig::staticMetaObject.property(
        TelemetryConfig::staticMetaObject.indexOfProperty(field.constData()));
    QVERIFY(prop.isValid());
    QVERIFY(prop.writeOnGadget(&c, QUrl(input)));

    const QString error = c.validationError();
    if (mention.isEmpty()) {
        QVERIFY2(error.isEmpty(), qPrintable(error));
    } else {
        QVERIFY(!error.isEmpty());
        QVERIFY2(error.contains(mention), qPrintable(error));
    }
}

void tst_TelemetryConfig::validationErrorOnResolved_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("fromEnvironment");
    QTest::addColumn<bool>("valid");

    QTest::newRow("default") << QString() << false << true;
    QTest::newRow("code-good") << QStringLiteral("http://localhost:4318") << false << true;
    QTest::newRow("env-good") << QStringLiteral("http://localhost:4318") << true << true;
    QTest::newRow("code-ftp") << QStringLiteral("ftp://x") << false << false;
    QTest::newRow("env-ftp") << QStringLiteral("ftp://x") << true << false;
    QTest::newRow("code-no-scheme") << QStringLiteral("not a url") << false << false;
    QTest::newRow("env-no-scheme") << QStringLiteral("not a url") << true << false;
    QTest::newRow("code-no-host") << QStringLiteral("http://") << false << false;
    QTest::newRow("env-no-host") << QStringLiteral("http://") << true << false;
    QTest::newRow("code-broken") << QStringLiteral("http://[::1") << false << false;
    QTest::newRow("env-broken") << QStringLiteral("http://[::1") << true << false;
}

void tst_TelemetryConfig::validationErrorOnResolved()
{
    QFETCH(QString, input);
    QFETCH(bool, fromEnvironment);
    QFETCH(bool, valid);

    // What Telemetry does: resolve, then ask whether it can deliver.
    TelemetryConfig c;
    QProcessEnvironment env = makeEnvironment();
    if (!input.isEmpty()) {
        if (fromEnvironment)
            env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_ENDPOINT"), input);
        else
            c.setEndpoint(QUrl(input));
    }
    const TelemetryConfig r = c.resolved(env);
    const QString error = r.validationError();
    if (valid) {
        QVERIFY2(error.isEmpty(), qPrintable(error));
    } else {
        QVERIFY2(!error.isEmpty(), qPrintable(r.endpoint().toString()));
        QVERIFY2(error.contains(QLatin1String("ndpoint")), qPrintable(error));
    }
}

QTEST_GUILESS_MAIN(tst_TelemetryConfig)
#include "tst_telemetryconfig.moc"
