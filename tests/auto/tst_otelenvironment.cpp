// SPDX-License-Identifier: MIT
// The standard OpenTelemetry variables (docs/configuration.md): each one with good and malformed
// values, its rank against the code and the AUTOMAGIK_TELEMETRY_* variables, one warning per
// malformed value, and end to end against a loopback collector. The clients here take their
// endpoint from the environment, so the program runs itself in a network namespace with only
// loopback (loopbackonly.h); the end-to-end tests skip where it cannot.
#include "client/consentrules.h"
#include "client/otelenvironment.h"
#include "client/resourceattributes.h"
#include "flushwait.h"
#include "loopbackonly.h"
#include "testsupport.h"

#include <automagik/telemetry.h>

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Automagik;
using Automagik::Internal::ConsentRules;
using Automagik::Internal::EncoderResource;
using Automagik::Internal::OtelEnvironment;
using Automagik::Internal::ResourceAttributes;
using Automagik::Sink::OtlpReceiver;
using namespace TestSupport;

namespace {

using Vars = QList<QPair<QString, QString>>;
using Attributes = QMap<QString, QString>;

QProcessEnvironment environment(const Vars &vars)
{
    QProcessEnvironment env; // empty: nothing of the machine's environment counts
    for (const auto &[name, value] : vars)
        env.insert(name, value);
    return env;
}

QString var(const char *name)
{
    return QString::fromLatin1(name);
}

// The library's warnings while it lives, so that a test can say how many and what they name.
class WarningCollector
{
public:
    WarningCollector()
    {
        s_messages.clear();
        m_previous = qInstallMessageHandler(&WarningCollector::handle);
    }
    ~WarningCollector() { qInstallMessageHandler(m_previous); }
    const QStringList &messages() const { return s_messages; }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (type == QtWarningMsg && qstrcmp(context.category, "automagik.telemetry") == 0)
            s_messages.append(message);
    }
    static inline QStringList s_messages;
    QtMessageHandler m_previous = nullptr;
};

QString attributeOf(const EncoderResource &resource, const QString &key)
{
    for (const auto &[k, v] : resource.attributes) {
        if (k == key)
            return v;
    }
    return {};
}

TelemetryConfig appConfig()
{
    return TelemetryConfig(QStringLiteral("the-app"), QStringLiteral("3.1.0"));
}

const QByteArray tlsDir = QByteArrayLiteral(AUTOMAGIK_TEST_TLS_DIR);

QString tlsFile(const char *name)
{
    return QString::fromLocal8Bit(tlsDir) + QLatin1Char('/') + QLatin1String(name);
}

} // namespace

class tst_OtelEnvironment : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void sdkDisabled_data();
    void sdkDisabled();
    void serviceName_data();
    void serviceName();
    void resourceAttributes_data();
    void resourceAttributes();
    void libraryOwnedAttributesStay();
    void endpoints_data();
    void endpoints();
    void malformedEndpointSendsNothing_data();
    void malformedEndpointSendsNothing();
    void resolvingTwiceKeepsVariableEndpoints();
    void headers_data();
    void headers();
    void standardHeadersAndFilesGoOnlyWhereTheStandardVariablesSend();
    void malformedHeaders_data();
    void malformedHeaders();
    void protocol_data();
    void protocol();
    void compression_data();
    void compression();
    void timeout_data();
    void timeout();
    void certificates_data();
    void certificates();
    void signalVariantsThatAreNotSupportedAreNamed();
    void aMalformedValueIsWarnedAboutOnce();

    void endToEndAgainstLoopbackCollector();
    void endToEndSignalEndpointsAndCompression();
    void endToEndDisabledSendsNothing();

private:
    void requireLoopbackOnly();
    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_settings;
};

void tst_OtelEnvironment::initTestCase()
{
    QVERIFY(m_home.isValid());
    isolateEnvironment(m_home);
    qRegisterMetaType<OtlpReceiver::Request>();
}

void tst_OtelEnvironment::init()
{
    OtelEnvironment::forgetWarnings();
    m_settings = std::make_unique<QTemporaryDir>();
}

void tst_OtelEnvironment::cleanup()
{
    const QStringList names = QProcessEnvironment::systemEnvironment().keys();
    for (const QString &name : names) {
        if (name.startsWith(QLatin1String("OTEL_")) || name.startsWith(QLatin1String("AUTOMAGIK_TELEMETRY_")))
            qunsetenv(name.toLocal8Bit().constData());
    }
}

void tst_OtelEnvironment::requireLoopbackOnly()
{
    if (!onlyLoopbackIsUp())
        QSKIP("needs a network namespace with only loopback (unshare -rn), so that nothing can reach the default endpoint");
}

// --- OTEL_SDK_DISABLED ---------------------------------------------------------------------------

void tst_OtelEnvironment::sdkDisabled_data()
{
    QTest::addColumn<Vars>("vars");
    QTest::addColumn<bool>("decided");
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<QString>("decidedBy");
    QTest::addColumn<int>("warnings");
    const QString sdk = var("OTEL_SDK_DISABLED");
    const QString family = var("AUTOMAGIK_TELEMETRY_ENABLED");
    const QString byOtel = QStringLiteral("env:OTEL_SDK_DISABLED");
    QTest::newRow("true") << Vars{{sdk, QStringLiteral("true")}} << true << false << byOtel << 0;
    QTest::newRow("TRUE, padded") << Vars{{sdk, QStringLiteral(" TRUE ")}} << true << false << byOtel << 0;
    QTest::newRow("false consents to nothing") << Vars{{sdk, QStringLiteral("false")}} << false << false << QString() << 0;
    QTest::newRow("empty") << Vars{{sdk, QString()}} << false << false << QString() << 0;
    QTest::newRow("malformed: 1") << Vars{{sdk, QStringLiteral("1")}} << false << false << QString() << 1;
    QTest::newRow("malformed: yes") << Vars{{sdk, QStringLiteral("yes")}} << false << false << QString() << 1;
    QTest::newRow("the family's variable wins: on")
        << Vars{{sdk, QStringLiteral("true")}, {family, QStringLiteral("true")}} << true << true
        << QStringLiteral("env:AUTOMAGIK_TELEMETRY_ENABLED") << 0;
    QTest::newRow("the family's variable wins: off")
        << Vars{{sdk, QStringLiteral("false")}, {family, QStringLiteral("false")}} << true << false
        << QStringLiteral("env:AUTOMAGIK_TELEMETRY_ENABLED") << 0;
}

void tst_OtelEnvironment::sdkDisabled()
{
    QFETCH(Vars, vars);
    QFETCH(bool, decided);
    QFETCH(bool, enabled);
    QFETCH(QString, decidedBy);
    QFETCH(int, warnings);
    const WarningCollector collector;
    const auto decision = ConsentRules::decide(environment(vars), m_home.path());
    QCOMPARE(decision.decided, decided);
    QCOMPARE(decision.enabled, enabled);
    if (decided)
        QCOMPARE(decision.decidedBy, decidedBy);
    QCOMPARE(collector.messages().size(), warnings);
    if (warnings)
        QVERIFY2(collector.messages().constFirst().contains(QLatin1String("OTEL_SDK_DISABLED"))
                     && collector.messages().constFirst().contains(QLatin1String("default")),
                 qPrintable(collector.messages().constFirst()));
}

// --- The resource --------------------------------------------------------------------------------

void tst_OtelEnvironment::serviceName_data()
{
    QTest::addColumn<Vars>("vars");
    QTest::addColumn<QString>("serviceName");
    QTest::newRow("none: the project") << Vars{} << QStringLiteral("the-app");
    QTest::newRow("OTEL_SERVICE_NAME") << Vars{{var("OTEL_SERVICE_NAME"), QStringLiteral("checkout")}}
                                       << QStringLiteral("checkout");
    QTest::newRow("blank OTEL_SERVICE_NAME is unset") << Vars{{var("OTEL_SERVICE_NAME"), QStringLiteral("  ")}}
                                                      << QStringLiteral("the-app");
    QTest::newRow("from OTEL_RESOURCE_ATTRIBUTES")
        << Vars{{var("OTEL_RESOURCE_ATTRIBUTES"), QStringLiteral("service.name=billing")}} << QStringLiteral("billing");
    QTest::newRow("OTEL_SERVICE_NAME beats OTEL_RESOURCE_ATTRIBUTES")
        << Vars{{var("OTEL_RESOURCE_ATTRIBUTES"), QStringLiteral("service.name=billing")},
                {var("OTEL_SERVICE_NAME"), QStringLiteral("checkout")}}
        << QStringLiteral("checkout");
}

void tst_OtelEnvironment::serviceName()
{
    QFETCH(Vars, vars);
    QFETCH(QString, serviceName);
    const WarningCollector collector;
    const EncoderResource resource = ResourceAttributes::build(appConfig().resolved(environment(vars)), QStringLiteral("u"),
                                                               QStringLiteral("s"));
    QCOMPARE(attributeOf(resource, QStringLiteral("service.name")), serviceName);
    QCOMPARE(attributeOf(resource, QStringLiteral("project.name")), QStringLiteral("the-app")); // always the application
    QCOMPARE(resource.scopeName, QStringLiteral("the-app.telemetry"));
    QCOMPARE(collector.messages(), QStringList());
}

void tst_OtelEnvironment::resourceAttributes_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<Attributes>("expected");
    QTest::addColumn<QString>("warning"); // empty: none
    using Map = QMap<QString, QString>;
    QTest::newRow("pairs") << QStringLiteral("deployment.environment=prod,team=core") << Map{
        {QStringLiteral("deployment.environment"), QStringLiteral("prod")}, {QStringLiteral("team"), QStringLiteral("core")}}
                           << QString();
    QTest::newRow("spaces and empty entries") << QStringLiteral(" a = 1 ,, b=2, ") << Map{
        {QStringLiteral("a"), QStringLiteral("1")}, {QStringLiteral("b"), QStringLiteral("2")}} << QString();
    QTest::newRow("percent-decoded") << QStringLiteral("note=a%2Cb%3Dc%20d,city=S%C3%A3o%20Paulo") << Map{
        {QStringLiteral("note"), QStringLiteral("a,b=c d")}, {QStringLiteral("city"), QStringLiteral("São Paulo")}}
                                     << QString();
    QTest::newRow("empty value") << QStringLiteral("flag=") << Map{{QStringLiteral("flag"), QString()}} << QString();
    QTest::newRow("malformed: no =") << QStringLiteral("a=1,lonely") << Map{} << QStringLiteral("entry 2");
    QTest::newRow("malformed: no key") << QStringLiteral("=1") << Map{} << QStringLiteral("entry 1");
    QTest::newRow("malformed: bad escape") << QStringLiteral("a=1,b=%zz") << Map{} << QStringLiteral("value of b");
    QTest::newRow("malformed: cut escape") << QStringLiteral("b=abc%4") << Map{} << QStringLiteral("value of b");
    QTest::newRow("malformed: not UTF-8") << QStringLiteral("b=%C3") << Map{} << QStringLiteral("value of b");
}

void tst_OtelEnvironment::resourceAttributes()
{
    QFETCH(QString, value);
    QFETCH(Attributes, expected);
    QFETCH(QString, warning);
    const WarningCollector collector;
    const TelemetryConfig resolved = appConfig().resolved(environment({{var("OTEL_RESOURCE_ATTRIBUTES"), value}}));
    QCOMPARE(resolved.resourceAttributes(), expected);
    if (warning.isEmpty()) {
        QCOMPARE(collector.messages(), QStringList());
    } else {
        QCOMPARE(collector.messages().size(), 1);
        const QString message = collector.messages().constFirst();
        QVERIFY2(message.startsWith(QLatin1String("OTEL_RESOURCE_ATTRIBUTES is malformed")) && message.contains(warning)
                     && message.contains(QLatin1String("ignored")),
                 qPrintable(message));
    }
    const EncoderResource resource = ResourceAttributes::build(resolved, QStringLiteral("u"), QStringLiteral("s"));
    for (auto it = expected.cbegin(); it != expected.cend(); ++it)
        QCOMPARE(attributeOf(resource, it.key()), it.value());
}

void tst_OtelEnvironment::libraryOwnedAttributesStay()
{
    const WarningCollector collector;
    TelemetryConfig config = appConfig();
    // The code's attributes: replaced by the variable's for the same key, kept otherwise; never the library's.
    config.setResourceAttributes({{QStringLiteral("deployment.environment"), QStringLiteral("staging")},
                                  {QStringLiteral("region"), QStringLiteral("eu")},
                                  {QStringLiteral("user.id"), QStringLiteral("from-code")}});
    const TelemetryConfig resolved = config.resolved(environment(
        {{var("OTEL_RESOURCE_ATTRIBUTES"),
          QStringLiteral("telemetry.sdk.name=x,telemetry.sdk.language=rust,user.id=u2,session.id=s2,"
                         "service.instance.id=i2,project.name=p2,project.version=9,deployment.environment=prod,"
                         "service.version=7.0,os.type=plan9")}}));
    const EncoderResource resource = ResourceAttributes::build(resolved, QStringLiteral("u"), QStringLiteral("s"));
    QCOMPARE(attributeOf(resource, QStringLiteral("telemetry.sdk.name")), QStringLiteral("automagik-telemetry"));
    QCOMPARE(attributeOf(resource, QStringLiteral("telemetry.sdk.language")), QStringLiteral("cpp"));
    QCOMPARE(attributeOf(resource, QStringLiteral("user.id")), QStringLiteral("u"));
    QCOMPARE(attributeOf(resource, QStringLiteral("session.id")), QStringLiteral("s"));
    QCOMPARE(attributeOf(resource, QStringLiteral("service.instance.id")), QStringLiteral("s"));
    QCOMPARE(attributeOf(resource, QStringLiteral("project.name")), QStringLiteral("the-app"));
    QCOMPARE(attributeOf(resource, QStringLiteral("project.version")), QStringLiteral("3.1.0"));
    // What describes the deployment is the operator's to say.
    QCOMPARE(attributeOf(resource, QStringLiteral("deployment.environment")), QStringLiteral("prod"));
    QCOMPARE(attributeOf(resource, QStringLiteral("region")), QStringLiteral("eu"));
    QCOMPARE(attributeOf(resource, QStringLiteral("service.version")), QStringLiteral("7.0"));
    QCOMPARE(attributeOf(resource, QStringLiteral("os.type")), QStringLiteral("plan9"));
    int keys = 0;
    for (const auto &attribute : resource.attributes)
        keys += attribute.first == QLatin1String("os.type") ? 1 : 0;
    QCOMPARE(keys, 1); // replaced in place, not repeated
    QCOMPARE(collector.messages().size(), 7); // one per library-owned key, each named
    for (const QString &message : collector.messages())
        QVERIFY2(message.startsWith(QLatin1String("OTEL_RESOURCE_ATTRIBUTES: ")) && message.contains(QLatin1String("not replaced")),
                 qPrintable(message));
}

// --- Endpoints -----------------------------------------------------------------------------------

void tst_OtelEnvironment::endpoints_data()
{
    QTest::addColumn<Vars>("vars");
    QTest::addColumn<QUrl>("codeEndpoint");
    QTest::addColumn<QString>("traces");
    QTest::addColumn<QString>("metrics");
    QTest::addColumn<QString>("logs");
    const QString generic = var("OTEL_EXPORTER_OTLP_ENDPOINT");
    const QString tracesVar = var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    const QString metricsVar = var("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
    const QString logsVar = var("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT");
    QTest::newRow("generic: /v1/<signal> appended")
        << Vars{{generic, QStringLiteral("http://collector:4318")}} << QUrl() << QStringLiteral("http://collector:4318/v1/traces")
        << QStringLiteral("http://collector:4318/v1/metrics") << QStringLiteral("http://collector:4318/v1/logs");
    QTest::newRow("generic with a path and a slash")
        << Vars{{generic, QStringLiteral("https://gw.example/otlp/")}} << QUrl()
        << QStringLiteral("https://gw.example/otlp/v1/traces") << QStringLiteral("https://gw.example/otlp/v1/metrics")
        << QStringLiteral("https://gw.example/otlp/v1/logs");
    QTest::newRow("generic ending in /v1/traces is still a base (as the specification says)")
        << Vars{{generic, QStringLiteral("http://c:4318/v1/traces")}} << QUrl()
        << QStringLiteral("http://c:4318/v1/traces/v1/traces") << QStringLiteral("http://c:4318/v1/traces/v1/metrics")
        << QStringLiteral("http://c:4318/v1/traces/v1/logs");
    QTest::newRow("per signal: as they are")
        << Vars{{tracesVar, QStringLiteral("http://t:1/spans")}, {metricsVar, QStringLiteral("http://m:2/points")},
                {logsVar, QStringLiteral("http://l:3/")}}
        << QUrl() << QStringLiteral("http://t:1/spans") << QStringLiteral("http://m:2/points") << QStringLiteral("http://l:3/");
    QTest::newRow("per signal beats generic")
        << Vars{{generic, QStringLiteral("http://c:4318")}, {metricsVar, QStringLiteral("http://m:2/points")}} << QUrl()
        << QStringLiteral("http://c:4318/v1/traces") << QStringLiteral("http://m:2/points")
        << QStringLiteral("http://c:4318/v1/logs");
    QTest::newRow("AUTOMAGIK_TELEMETRY_ENDPOINT beats every OTEL endpoint")
        << Vars{{var("AUTOMAGIK_TELEMETRY_ENDPOINT"), QStringLiteral("http://family:1")},
                {generic, QStringLiteral("http://c:4318")}, {logsVar, QStringLiteral("http://l:3/logs")}}
        << QUrl() << QStringLiteral("http://family:1/v1/traces") << QStringLiteral("http://family:1/v1/metrics")
        << QStringLiteral("http://family:1/v1/logs");
    QTest::newRow("AUTOMAGIK_TELEMETRY_METRICS_ENDPOINT beats the OTEL ones")
        << Vars{{var("AUTOMAGIK_TELEMETRY_METRICS_ENDPOINT"), QStringLiteral("http://fm:1/m")},
                {generic, QStringLiteral("http://c:4318")}, {metricsVar, QStringLiteral("http://m:2/points")}}
        << QUrl() << QStringLiteral("http://c:4318/v1/traces") << QStringLiteral("http://fm:1/m")
        << QStringLiteral("http://c:4318/v1/logs");
    QTest::newRow("the code beats everything")
        << Vars{{var("AUTOMAGIK_TELEMETRY_ENDPOINT"), QStringLiteral("http://family:1")},
                {generic, QStringLiteral("http://c:4318")}, {tracesVar, QStringLiteral("http://t:1/spans")}}
        << QUrl(QStringLiteral("http://code:9")) << QStringLiteral("http://code:9/v1/traces")
        << QStringLiteral("http://code:9/v1/metrics") << QStringLiteral("http://code:9/v1/logs");
    QTest::newRow("blank: the default")
        << Vars{{generic, QStringLiteral("  ")}} << QUrl() << QStringLiteral("https://telemetry.namastex.ai/v1/traces")
        << QStringLiteral("https://telemetry.namastex.ai/v1/metrics") << QStringLiteral("https://telemetry.namastex.ai/v1/logs");
}

void tst_OtelEnvironment::endpoints()
{
    QFETCH(Vars, vars);
    QFETCH(QUrl, codeEndpoint);
    QFETCH(QString, traces);
    QFETCH(QString, metrics);
    QFETCH(QString, logs);
    const WarningCollector collector;
    TelemetryConfig config = appConfig();
    config.setEndpoint(codeEndpoint);
    const TelemetryConfig resolved = config.resolved(environment(vars));
    QCOMPARE(resolved.endpointFor(TelemetrySignal::Traces).toString(), traces);
    QCOMPARE(resolved.endpointFor(TelemetrySignal::Metrics).toString(), metrics);
    QCOMPARE(resolved.endpointFor(TelemetrySignal::Logs).toString(), logs);
    QCOMPARE(resolved.validationError(), QString());
    QCOMPARE(collector.messages(), QStringList());
}

void tst_OtelEnvironment::malformedEndpointSendsNothing_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    for (const char *name : {"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                             "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"}) {
        QTest::addRow("%s: no scheme", name) << var(name) << QStringLiteral("collector:4318");
        QTest::addRow("%s: ftp", name) << var(name) << QStringLiteral("ftp://collector/");
        QTest::addRow("%s: no host", name) << var(name) << QStringLiteral("http://");
    }
}

void tst_OtelEnvironment::malformedEndpointSendsNothing()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    const WarningCollector collector;
    // Never the default endpoint instead of the operator's: the configuration is invalid, so nothing is sent.
    const TelemetryConfig resolved = appConfig().resolved(environment({{name, value}}));
    QVERIFY(!resolved.validationError().isEmpty());
    QCOMPARE(collector.messages().size(), 1);
    QVERIFY2(collector.messages().constFirst().startsWith(name + QLatin1String(" is not an http or https URL")),
             qPrintable(collector.messages().constFirst()));
}

void tst_OtelEnvironment::resolvingTwiceKeepsVariableEndpoints()
{
    // Telemetry::config() is resolved; a second client resolves it again and must post to the same URLs.
    const QProcessEnvironment env = environment({{var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), QStringLiteral("http://t:1/spans")},
                                                 {var("OTEL_EXPORTER_OTLP_ENDPOINT"), QStringLiteral("http://c:2")}});
    const TelemetryConfig once = appConfig().resolved(env);
    const TelemetryConfig twice = once.resolved(env);
    const TelemetryConfig elsewhere = once.resolved(QProcessEnvironment());
    for (const TelemetryConfig &c : {twice, elsewhere}) {
        QCOMPARE(c.endpointFor(TelemetrySignal::Traces), QUrl(QStringLiteral("http://t:1/spans")));
        QCOMPARE(c.endpointFor(TelemetrySignal::Metrics), QUrl(QStringLiteral("http://c:2/v1/metrics")));
    }
    TelemetryConfig changed = once;
    changed.setEndpoint(QUrl(QStringLiteral("http://new:3")));
    QCOMPARE(changed.resolved(env).endpointFor(TelemetrySignal::Traces), QUrl(QStringLiteral("http://new:3/v1/traces")));
}

// --- Headers -------------------------------------------------------------------------------------

void tst_OtelEnvironment::headers_data()
{
    QTest::addColumn<Vars>("vars");
    QTest::addColumn<bool>("codeSetsAuthorization");
    QTest::addColumn<QByteArray>("traces"); // "name: value" lines, sorted
    QTest::addColumn<QByteArray>("logs");
    const QString generic = var("OTEL_EXPORTER_OTLP_HEADERS");
    QTest::newRow("generic, percent-decoded")
        << Vars{{generic, QStringLiteral("Authorization=Bearer%20abc%3D%3D, X-Tenant = t1")}} << false
        << QByteArray("Authorization: Bearer abc==\nX-Tenant: t1\n") << QByteArray("Authorization: Bearer abc==\nX-Tenant: t1\n");
    QTest::newRow("per signal beats generic, case-insensitively")
        << Vars{{generic, QStringLiteral("X-Tenant=t1,X-Other=o")}, {var("OTEL_EXPORTER_OTLP_LOGS_HEADERS"), QStringLiteral("x-tenant=logs")}}
        << false
        << QByteArray("X-Other: o\nX-Tenant: t1\n") << QByteArray("X-Other: o\nx-tenant: logs\n");
    QTest::newRow("traces and metrics variables")
        << Vars{{var("OTEL_EXPORTER_OTLP_TRACES_HEADERS"), QStringLiteral("A=1")},
                {var("OTEL_EXPORTER_OTLP_METRICS_HEADERS"), QStringLiteral("B=2")}} << false
        << QByteArray("A: 1\n") << QByteArray();
    QTest::newRow("the code's names win")
        << Vars{{generic, QStringLiteral("authorization=from-env,X-Env=e")},
                {var("OTEL_EXPORTER_OTLP_TRACES_HEADERS"), QStringLiteral("AUTHORIZATION=from-env-traces")}} << true
        << QByteArray("Authorization: from-code\nX-Env: e\n") << QByteArray("Authorization: from-code\nX-Env: e\n");
}

void tst_OtelEnvironment::headers()
{
    QFETCH(Vars, vars);
    QFETCH(bool, codeSetsAuthorization);
    QFETCH(QByteArray, traces);
    QFETCH(QByteArray, logs);
    const WarningCollector collector;
    TelemetryConfig config = appConfig();
    if (codeSetsAuthorization)
        config.setHeaders({{QByteArrayLiteral("Authorization"), QByteArrayLiteral("from-code")}});
    vars.append({var("OTEL_EXPORTER_OTLP_ENDPOINT"), QStringLiteral("http://127.0.0.1:4318")}); // where they apply
    const TelemetryConfig resolved = config.resolved(environment(vars));
    const auto lines = [](const QMap<QByteArray, QByteArray> &headers) {
        QByteArrayList list;
        for (auto it = headers.cbegin(); it != headers.cend(); ++it)
            list.append(it.key() + ": " + it.value() + '\n');
        std::sort(list.begin(), list.end(), [](const QByteArray &a, const QByteArray &b) { return a.toLower() < b.toLower(); });
        return list.join();
    };
    QCOMPARE(lines(resolved.headersFor(TelemetrySignal::Traces)), traces);
    QCOMPARE(lines(resolved.headersFor(TelemetrySignal::Logs)), logs);
    QCOMPARE(collector.messages(), QStringList());
}

/*
    An operator's collector token in OTEL_EXPORTER_OTLP_HEADERS, or a client certificate, must never
    reach an endpoint the standard variables did not choose: the built-in default, the code's, the
    family's variable's.
*/
void tst_OtelEnvironment::standardHeadersAndFilesGoOnlyWhereTheStandardVariablesSend()
{
    const Vars secrets{{var("OTEL_EXPORTER_OTLP_HEADERS"), QStringLiteral("Authorization=Bearer%20token")},
                       {var("OTEL_EXPORTER_OTLP_LOGS_HEADERS"), QStringLiteral("X-Logs=1")},
                       {var("OTEL_EXPORTER_OTLP_CERTIFICATE"), tlsFile("ca.pem")},
                       {var("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE"), tlsFile("client.pem")},
                       {var("OTEL_EXPORTER_OTLP_CLIENT_KEY"), tlsFile("client.key")}};
    const auto headerCount = [](const TelemetryConfig &c) {
        return c.headersFor(TelemetrySignal::Traces).size() + c.headersFor(TelemetrySignal::Metrics).size()
            + c.headersFor(TelemetrySignal::Logs).size();
    };
    {
        const WarningCollector collector; // no endpoint variable: the default endpoint gets none of it
        const TelemetryConfig resolved = appConfig().resolved(environment(secrets));
        QCOMPARE(headerCount(resolved), 0);
        QCOMPARE(resolved.caCertificatesFile(), QString());
        QCOMPARE(resolved.clientKeyFile(), QString());
        QCOMPARE(collector.messages().size(), 1);
    }
    {
        const WarningCollector collector; // the code's endpoint wins over the variable's: still none
        TelemetryConfig config = appConfig();
        config.setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:9")));
        Vars vars = secrets;
        vars.append({var("OTEL_EXPORTER_OTLP_ENDPOINT"), QStringLiteral("http://127.0.0.1:4318")});
        const TelemetryConfig resolved = config.resolved(environment(vars));
        QCOMPARE(headerCount(resolved), 0);
        QCOMPARE(resolved.caCertificatesFile(), QString());
    }
    {
        // Only the logs go where a variable says: only the logs carry its headers.
        Vars vars = secrets;
        vars.append({var("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"), QStringLiteral("http://127.0.0.1:4318/v1/logs")});
        const WarningCollector collector;
        const TelemetryConfig resolved = appConfig().resolved(environment(vars));
        QVERIFY(resolved.headersFor(TelemetrySignal::Traces).isEmpty());
        QVERIFY(resolved.headersFor(TelemetrySignal::Metrics).isEmpty());
        QCOMPARE(resolved.headersFor(TelemetrySignal::Logs).value("Authorization"), QByteArray("Bearer token"));
        QCOMPARE(resolved.headersFor(TelemetrySignal::Logs).value("X-Logs"), QByteArray("1"));
        QCOMPARE(resolved.caCertificatesFile(), tlsFile("ca.pem"));
    }
}

void tst_OtelEnvironment::malformedHeaders_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    for (const char *name : {"OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
                             "OTEL_EXPORTER_OTLP_METRICS_HEADERS", "OTEL_EXPORTER_OTLP_LOGS_HEADERS"}) {
        QTest::addRow("%s: no =", name) << var(name) << QStringLiteral("Good=1,secret-token");
        QTest::addRow("%s: not a header name", name) << var(name) << QStringLiteral("Bad Name=secret-token");
        // The colon form by mistake: the token ends up in what would be the name.
        QTest::addRow("%s: a token in the name", name) << var(name) << QStringLiteral("Authorization: Bearer secret-token==");
        QTest::addRow("%s: decoded line break", name) << var(name) << QStringLiteral("X=secret-token%0D%0AInjected: 1");
        QTest::addRow("%s: bad escape", name) << var(name) << QStringLiteral("X=secret-token%G1");
    }
}

void tst_OtelEnvironment::malformedHeaders()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    const WarningCollector collector;
    const TelemetryConfig resolved = appConfig().resolved(environment({{name, value}}));
    for (const TelemetrySignal signal : {TelemetrySignal::Traces, TelemetrySignal::Metrics, TelemetrySignal::Logs})
        QVERIFY(resolved.headersFor(signal).isEmpty()); // the whole variable is discarded
    QCOMPARE(collector.messages().size(), 1);
    const QString message = collector.messages().constFirst();
    QVERIFY2(message.startsWith(name + QLatin1String(" is malformed")), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("secret-token")), qPrintable(message)); // values are never logged
}

// --- Protocol, compression, timeout --------------------------------------------------------------

void tst_OtelEnvironment::protocol_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("codeSetsProtobuf");
    QTest::addColumn<OtlpProtocol>("expected");
    QTest::addColumn<QString>("warning");
    QTest::newRow("unset") << QString() << false << OtlpProtocol::HttpJson << QString();
    QTest::newRow("http/json") << QStringLiteral("http/json") << false << OtlpProtocol::HttpJson << QString();
    QTest::newRow("http/protobuf") << QStringLiteral("http/protobuf") << false << OtlpProtocol::HttpProtobuf << QString();
    QTest::newRow("any case") << QStringLiteral(" HTTP/Protobuf ") << false << OtlpProtocol::HttpProtobuf << QString();
    QTest::newRow("grpc: warned, default") << QStringLiteral("grpc") << false << OtlpProtocol::HttpJson
                                           << QStringLiteral("OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported");
    QTest::newRow("malformed: default") << QStringLiteral("thrift") << false << OtlpProtocol::HttpJson
                                        << QStringLiteral("OTEL_EXPORTER_OTLP_PROTOCOL must be");
    QTest::newRow("the code wins") << QStringLiteral("http/json") << true << OtlpProtocol::HttpProtobuf << QString();
}

void tst_OtelEnvironment::protocol()
{
    QFETCH(QString, value);
    QFETCH(bool, codeSetsProtobuf);
    QFETCH(OtlpProtocol, expected);
    QFETCH(QString, warning);
    const WarningCollector collector;
    TelemetryConfig config = appConfig();
    if (codeSetsProtobuf)
        config.setOtlpProtocol(OtlpProtocol::HttpProtobuf);
    Vars vars;
    if (!value.isNull())
        vars.append({var("OTEL_EXPORTER_OTLP_PROTOCOL"), value});
    QCOMPARE(config.resolved(environment(vars)).otlpProtocol(), expected);
    QCOMPARE(collector.messages().size(), warning.isEmpty() ? 0 : 1);
    if (!warning.isEmpty())
        QVERIFY2(collector.messages().constFirst().startsWith(warning)
                     && collector.messages().constFirst().contains(QLatin1String("default, http/json")),
                 qPrintable(collector.messages().constFirst()));
}

void tst_OtelEnvironment::compression_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("code"); // -1: not set, else the code's setCompressionEnabled()
    QTest::addColumn<bool>("expected");
    QTest::addColumn<bool>("warned");
    QTest::newRow("unset") << QString() << -1 << true << false;
    QTest::newRow("gzip") << QStringLiteral("gzip") << -1 << true << false;
    QTest::newRow("none") << QStringLiteral("none") << -1 << false << false;
    QTest::newRow("NONE") << QStringLiteral(" NONE") << -1 << false << false;
    QTest::newRow("malformed: default gzip") << QStringLiteral("zstd") << -1 << true << true;
    QTest::newRow("the code wins: on") << QStringLiteral("none") << 1 << true << false;
    QTest::newRow("the code wins: off") << QStringLiteral("gzip") << 0 << false << false;
}

void tst_OtelEnvironment::compression()
{
    QFETCH(QString, value);
    QFETCH(int, code);
    QFETCH(bool, expected);
    QFETCH(bool, warned);
    const WarningCollector collector;
    TelemetryConfig config = appConfig();
    if (code >= 0)
        config.setCompressionEnabled(code == 1);
    Vars vars;
    if (!value.isNull())
        vars.append({var("OTEL_EXPORTER_OTLP_COMPRESSION"), value});
    QCOMPARE(config.resolved(environment(vars)).isCompressionEnabled(), expected);
    QCOMPARE(collector.messages().size(), warned ? 1 : 0);
    if (warned)
        QVERIFY2(collector.messages().constFirst().startsWith(QLatin1String("OTEL_EXPORTER_OTLP_COMPRESSION must be gzip or none"))
                     && collector.messages().constFirst().contains(QLatin1String("default, gzip")),
                 qPrintable(collector.messages().constFirst()));
}

void tst_OtelEnvironment::timeout_data()
{
    QTest::addColumn<Vars>("vars");
    QTest::addColumn<int>("codeMs"); // 0: not set
    QTest::addColumn<int>("expected");
    QTest::addColumn<bool>("warned");
    const QString otel = var("OTEL_EXPORTER_OTLP_TIMEOUT");
    QTest::newRow("milliseconds") << Vars{{otel, QStringLiteral("2500")}} << 0 << 2500 << false;
    QTest::newRow("padded") << Vars{{otel, QStringLiteral(" 750 ")}} << 0 << 750 << false;
    QTest::newRow("malformed: text") << Vars{{otel, QStringLiteral("ten")}} << 0 << 5000 << true;
    QTest::newRow("malformed: fraction") << Vars{{otel, QStringLiteral("1.5")}} << 0 << 5000 << true;
    QTest::newRow("malformed: zero") << Vars{{otel, QStringLiteral("0")}} << 0 << 5000 << true;
    QTest::newRow("malformed: negative") << Vars{{otel, QStringLiteral("-10")}} << 0 << 5000 << true;
    QTest::newRow("malformed: over an hour") << Vars{{otel, QStringLiteral("3600001")}} << 0 << 5000 << true;
    QTest::newRow("AUTOMAGIK_TELEMETRY_TIMEOUT wins")
        << Vars{{otel, QStringLiteral("2500")}, {var("AUTOMAGIK_TELEMETRY_TIMEOUT"), QStringLiteral("1.5")}} << 0 << 1500 << false;
    QTest::newRow("the code wins") << Vars{{otel, QStringLiteral("2500")}} << 8000 << 8000 << false;
}

void tst_OtelEnvironment::timeout()
{
    QFETCH(Vars, vars);
    QFETCH(int, codeMs);
    QFETCH(int, expected);
    QFETCH(bool, warned);
    const WarningCollector collector;
    TelemetryConfig config = appConfig();
    if (codeMs)
        config.setTimeout(codeMs);
    QCOMPARE(config.resolved(environment(vars)).timeout(), expected);
    QCOMPARE(collector.messages().size(), warned ? 1 : 0);
    if (warned)
        QVERIFY2(collector.messages().constFirst().startsWith(QLatin1String("OTEL_EXPORTER_OTLP_TIMEOUT must be"))
                     && collector.messages().constFirst().contains(QLatin1String("default, 5000")),
                 qPrintable(collector.messages().constFirst()));
}

// --- TLS files (the handshakes themselves are tst_tls's) ------------------------------------------

void tst_OtelEnvironment::certificates_data()
{
    QTest::addColumn<Vars>("vars");
    QTest::addColumn<QString>("ca");
    QTest::addColumn<QString>("clientCertificate");
    QTest::addColumn<QString>("clientKey");
    QTest::addColumn<QStringList>("warningsStartWith");
    const QString caVar = var("OTEL_EXPORTER_OTLP_CERTIFICATE");
    const QString certVar = var("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE");
    const QString keyVar = var("OTEL_EXPORTER_OTLP_CLIENT_KEY");
    const QString missing = QStringLiteral("/nonexistent/automagik-test.pem");
    QTest::newRow("all three") << Vars{{caVar, tlsFile("ca.pem")}, {certVar, tlsFile("client.pem")}, {keyVar, tlsFile("client.key")}}
                               << tlsFile("ca.pem") << tlsFile("client.pem") << tlsFile("client.key") << QStringList();
    QTest::newRow("CA missing") << Vars{{caVar, missing}} << QString() << QString() << QString()
                                << QStringList{QStringLiteral("OTEL_EXPORTER_OTLP_CERTIFICATE: cannot read a PEM certificate")};
    QTest::newRow("CA not a certificate") << Vars{{caVar, tlsFile("README.md")}} << QString() << QString() << QString()
                                          << QStringList{QStringLiteral("OTEL_EXPORTER_OTLP_CERTIFICATE: cannot read")};
    QTest::newRow("key is a certificate")
        << Vars{{certVar, tlsFile("client.pem")}, {keyVar, tlsFile("client.pem")}} << QString() << QString() << QString()
        << QStringList{QStringLiteral("OTEL_EXPORTER_OTLP_CLIENT_KEY: cannot read an unencrypted PEM private key"),
                       QStringLiteral("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE is set without a usable OTEL_EXPORTER_OTLP_CLIENT_KEY")};
    QTest::newRow("certificate without key") << Vars{{certVar, tlsFile("client.pem")}} << QString() << QString() << QString()
        << QStringList{QStringLiteral("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE is set without a usable OTEL_EXPORTER_OTLP_CLIENT_KEY")};
    QTest::newRow("key without certificate") << Vars{{keyVar, tlsFile("client.key")}} << QString() << QString() << QString()
        << QStringList{QStringLiteral("OTEL_EXPORTER_OTLP_CLIENT_KEY is set without a usable OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE")};
}

void tst_OtelEnvironment::certificates()
{
    QFETCH(Vars, vars);
    QFETCH(QString, ca);
    QFETCH(QString, clientCertificate);
    QFETCH(QString, clientKey);
    QFETCH(QStringList, warningsStartWith);
    vars.append({var("OTEL_EXPORTER_OTLP_ENDPOINT"), QStringLiteral("http://127.0.0.1:4318")}); // where they apply
    const WarningCollector collector;
    const TelemetryConfig resolved = appConfig().resolved(environment(vars));
    QCOMPARE(resolved.caCertificatesFile(), ca);
    QCOMPARE(resolved.clientCertificateFile(), clientCertificate);
    QCOMPARE(resolved.clientKeyFile(), clientKey);
    QCOMPARE(collector.messages().size(), warningsStartWith.size());
    for (int i = 0; i < warningsStartWith.size(); ++i)
        QVERIFY2(collector.messages().at(i).startsWith(warningsStartWith.at(i)), qPrintable(collector.messages().at(i)));

    // The code's files win, and the client pair only as a pair.
    TelemetryConfig config = appConfig();
    config.setCaCertificatesFile(QStringLiteral("code-ca.pem"));
    config.setClientKeyFile(QStringLiteral("code.key"));
    const TelemetryConfig codeWins = config.resolved(environment(vars));
    QCOMPARE(codeWins.caCertificatesFile(), QStringLiteral("code-ca.pem"));
    QCOMPARE(codeWins.clientCertificateFile(), QString());
    QCOMPARE(codeWins.clientKeyFile(), QStringLiteral("code.key"));
}

void tst_OtelEnvironment::signalVariantsThatAreNotSupportedAreNamed()
{
    const WarningCollector collector;
    const TelemetryConfig resolved = appConfig().resolved(
        environment({{var("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION"), QStringLiteral("none")},
                     {var("OTEL_EXPORTER_OTLP_LOGS_PROTOCOL"), QStringLiteral("http/protobuf")}}));
    QVERIFY(resolved.isCompressionEnabled());
    QCOMPARE(resolved.otlpProtocol(), OtlpProtocol::HttpJson);
    QCOMPARE(collector.messages().size(), 2);
    QVERIFY2(collector.messages().contains(QStringLiteral(
                 "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION is not supported: ignored (OTEL_EXPORTER_OTLP_COMPRESSION applies "
                 "to every signal)")),
             qPrintable(collector.messages().join(QLatin1Char('\n'))));
}

void tst_OtelEnvironment::aMalformedValueIsWarnedAboutOnce()
{
    const WarningCollector collector;
    const QProcessEnvironment env = environment({{var("OTEL_EXPORTER_OTLP_TIMEOUT"), QStringLiteral("soon")},
                                                 {var("OTEL_SDK_DISABLED"), QStringLiteral("maybe")}});
    for (int i = 0; i < 3; ++i) {
        appConfig().resolved(env); // a client, a second client, the command-line tool's own check
        ConsentRules::decide(env, m_home.path());
    }
    QCOMPARE(collector.messages().size(), 2);
}

// --- End to end ----------------------------------------------------------------------------------

void tst_OtelEnvironment::endToEndAgainstLoopbackCollector()
{
    requireLoopbackOnly();
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    qputenv("AUTOMAGIK_TELEMETRY_SPOOL_DIR", QFile::encodeName(m_settings->filePath(QStringLiteral("spool"))));
    qputenv("OTEL_EXPORTER_OTLP_ENDPOINT", (receiver.baseUrl().toString() + QStringLiteral("/collector/")).toUtf8());
    qputenv("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20t0k3n,X-Scope=all");
    qputenv("OTEL_EXPORTER_OTLP_METRICS_HEADERS", "X-Scope=metrics");
    qputenv("OTEL_EXPORTER_OTLP_COMPRESSION", "none");
    qputenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json");
    qputenv("OTEL_EXPORTER_OTLP_TIMEOUT", "4000");
    qputenv("OTEL_SERVICE_NAME", "checkout-service");
    qputenv("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod,telemetry.sdk.name=forged");

    const WarningCollector collector;
    TelemetryConfig config = appConfig(); // no endpoint in code: the variables say where
    config.setSettingsFile(m_settings->filePath(QStringLiteral("consent.ini")));
    config.setFlushInterval(60000);
    config.setCompressionThreshold(0); // without OTEL_EXPORTER_OTLP_COMPRESSION=none every body would be gzipped
    Telemetry telemetry(config);
    QVERIFY(telemetry.isEnabled());
    QCOMPARE(telemetry.config().timeout(), 4000);
    telemetry.trackEvent(QStringLiteral("checkout.done"));
    telemetry.trackMetric(QStringLiteral("cart.items"), 3);
    telemetry.trackLog(QStringLiteral("paid"));
    const FlushOutcome outcome = flushAndWait(telemetry);
    QVERIFY(outcome.finished);
    QVERIFY(outcome.delivered);

    QCOMPARE(receiver.requestCount(), 3);
    QSet<QByteArray> paths;
    for (const OtlpReceiver::Request &request : receiver.requests()) {
        paths.insert(request.path);
        QCOMPARE(request.header("Content-Type"), QByteArray("application/json"));
        QVERIFY(!request.hasHeader("Content-Encoding"));
        QVERIFY(!request.gzipped);
        QCOMPARE(request.header("Authorization"), QByteArray("Bearer t0k3n"));
        QCOMPARE(request.header("X-Scope"), request.signal == QLatin1String("metrics") ? QByteArray("metrics") : QByteArray("all"));
        const QString resources = request.signal == QLatin1String("traces") ? QStringLiteral("resourceSpans")
            : request.signal == QLatin1String("metrics")                       ? QStringLiteral("resourceMetrics")
                                                                               : QStringLiteral("resourceLogs");
        const QJsonArray attributes = request.jsonBody()
                                          .value(resources).toArray().first().toObject()
                                          .value(QLatin1String("resource")).toObject()
                                          .value(QLatin1String("attributes")).toArray();
        QCOMPARE(attribute(attributes, QStringLiteral("service.name")).value(QLatin1String("stringValue")).toString(),
                 QStringLiteral("checkout-service"));
        QCOMPARE(attribute(attributes, QStringLiteral("project.name")).value(QLatin1String("stringValue")).toString(),
                 QStringLiteral("the-app"));
        QCOMPARE(attribute(attributes, QStringLiteral("deployment.environment")).value(QLatin1String("stringValue")).toString(),
                 QStringLiteral("prod"));
        QCOMPARE(attribute(attributes, QStringLiteral("telemetry.sdk.name")).value(QLatin1String("stringValue")).toString(),
                 QStringLiteral("automagik-telemetry"));
    }
    QCOMPARE(paths, (QSet<QByteArray>{"/collector/v1/traces", "/collector/v1/metrics", "/collector/v1/logs"}));
    QCOMPARE(validateStrictly(receiver.requests()), QString());
    QCOMPARE(collector.messages(),
             QStringList{QStringLiteral("OTEL_RESOURCE_ATTRIBUTES: telemetry.sdk.name is set by the library and is not replaced")});
}

void tst_OtelEnvironment::endToEndSignalEndpointsAndCompression()
{
    requireLoopbackOnly();
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    qputenv("AUTOMAGIK_TELEMETRY_SPOOL_DIR", QFile::encodeName(m_settings->filePath(QStringLiteral("spool"))));
    const QString base = receiver.baseUrl().toString();
    // Used as they are: no /v1/ is added (the collector tells the signals apart by the last segment).
    qputenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", (base + QStringLiteral("/a/traces")).toUtf8());
    qputenv("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", (base + QStringLiteral("/b/metrics")).toUtf8());
    qputenv("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", (base + QStringLiteral("/c/logs")).toUtf8());
    qputenv("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip");

    TelemetryConfig config = appConfig();
    config.setSettingsFile(m_settings->filePath(QStringLiteral("consent.ini")));
    config.setFlushInterval(60000);
    config.setCompressionThreshold(0);
    Telemetry telemetry(config);
    telemetry.trackEvent(QStringLiteral("e"));
    telemetry.trackMetric(QStringLiteral("m"), 1);
    telemetry.trackLog(QStringLiteral("l"));
    QVERIFY(flushAndWait(telemetry).delivered);
    QSet<QByteArray> paths;
    for (const OtlpReceiver::Request &request : receiver.requests()) {
        paths.insert(request.path);
        QCOMPARE(request.header("Content-Encoding"), QByteArray("gzip"));
        QCOMPARE(request.items, 1);
    }
    QCOMPARE(paths, (QSet<QByteArray>{"/a/traces", "/b/metrics", "/c/logs"}));
}

void tst_OtelEnvironment::endToEndDisabledSendsNothing()
{
    requireLoopbackOnly();
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    QSignalSpy connections(&receiver, &OtlpReceiver::connectionAccepted);
    qputenv("OTEL_SDK_DISABLED", "true");
    qputenv("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.baseUrl().toString().toUtf8());
    TelemetryConfig config = appConfig();
    config.setSettingsFile(m_settings->filePath(QStringLiteral("consent.ini")));
    {
        Telemetry telemetry(config);
        QVERIFY(!telemetry.isEnabled());
        QCOMPARE(telemetry.status().value(QStringLiteral("decided_by")).toString(), QStringLiteral("env:OTEL_SDK_DISABLED"));
        telemetry.enable(); // the user's yes cannot outvote the operator's off
        QVERIFY(!telemetry.isEnabled());
        telemetry.trackEvent(QStringLiteral("e"));
        QVERIFY(flushAndWait(telemetry).finished);
    }
    // A variable can say where telemetry goes, never turn it on: no consent, nothing sent.
    qunsetenv("OTEL_SDK_DISABLED");
    qputenv("OTEL_RESOURCE_ATTRIBUTES", "enabled=true");
    {
        TelemetryConfig fresh = appConfig();
        fresh.setSettingsFile(m_settings->filePath(QStringLiteral("fresh.ini")));
        Telemetry telemetry(fresh);
        QVERIFY(!telemetry.isEnabled());
        telemetry.trackEvent(QStringLiteral("e"));
        QVERIFY(flushAndWait(telemetry).finished);
    }
    QCOMPARE(receiver.requestCount(), 0);
    QCOMPARE(connections.count(), 0);
}

int main(int argc, char *argv[])
{
    TestSupport::reexecWithLoopbackOnly(argc, argv);
    QCoreApplication app(argc, argv);
    tst_OtelEnvironment test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_otelenvironment.moc"
