// SPDX-License-Identifier: MIT
// TLS to the collector: a private certificate authority and mutual TLS, given by the standard
// OTEL_EXPORTER_OTLP_CERTIFICATE, _CLIENT_CERTIFICATE and _CLIENT_KEY variables or by the code,
// against an HTTPS collector on loopback that requires a client certificate. The certificates
// are checked in under tls/ (README.md there). The endpoint comes from the environment, so the
// program runs itself in a network namespace with only loopback (loopbackonly.h).
#include "flushwait.h"
#include "loopbackonly.h"
#include "testsupport.h"

#include <automagik/telemetry.h>

#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslKey>
#include <QtNetwork/QSslServer>
#include <QtNetwork/QSslSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Automagik;
using namespace TestSupport;

namespace {

QString tlsFile(const char *name)
{
    return QStringLiteral(AUTOMAGIK_TEST_TLS_DIR "/") + QLatin1String(name);
}

// An OTLP collector over HTTPS that answers every complete request with 200 {} and remembers who sent it.
class HttpsCollector : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QByteArray path;
        QString clientName; // the client certificate's common name; empty without one
    };

    explicit HttpsCollector(bool requireClientCertificate)
    {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate::fromPath(tlsFile("server.pem")).value(0));
        QFile key(tlsFile("server.key"));
        if (key.open(QIODevice::ReadOnly))
            tls.setPrivateKey(QSslKey(&key, QSsl::Rsa));
        tls.setCaCertificates(QSslCertificate::fromPath(tlsFile("ca.pem")));
        tls.setPeerVerifyMode(requireClientCertificate ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
        m_server.setSslConfiguration(tls);
        connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (auto *socket = qobject_cast<QSslSocket *>(m_server.nextPendingConnection()))
                serve(socket);
        });
        connect(&m_server, &QSslServer::errorOccurred, this, [this] { ++m_refused; });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl baseUrl() const { return QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_server.serverPort())); }
    QList<Request> requests() const { return m_requests; }
    bool isValid() const { return !m_server.sslConfiguration().localCertificate().isNull() && !m_server.sslConfiguration().privateKey().isNull(); }

private:
    void serve(QSslSocket *socket)
    {
        auto framer = std::make_shared<HttpRequestFramer>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QIODevice::readyRead, this, [this, socket, framer] {
            framer->append(socket->readAll());
            while (const auto request = framer->next()) {
                m_requests.append({request->target, socket->peerCertificate().subjectInfo(QSslCertificate::CommonName).value(0)});
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
            }
        });
    }

    QSslServer m_server;
    QList<Request> m_requests;
    int m_refused = 0;
};

} // namespace

class tst_Tls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void mutualTlsFromEnvironment();
    void mutualTlsFromCode();
    void withoutClientCertificateNothingIsDelivered();
    void withoutTheCaTheServerIsNotTrusted();

private:
    struct Outcome
    {
        bool delivered = false;
        QList<DeliveryError> errors;
    };
    Outcome sendOneEvent(TelemetryConfig config);

    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_settings;
};

void tst_Tls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("this Qt has no TLS backend");
    if (!onlyLoopbackIsUp())
        QSKIP("needs a network namespace with only loopback (unshare -rn), so that nothing can reach the default endpoint");
    QVERIFY(m_home.isValid());
    isolateEnvironment(m_home);
}

void tst_Tls::init()
{
    m_settings = std::make_unique<QTemporaryDir>();
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
}

void tst_Tls::cleanup()
{
    const QStringList names = QProcessEnvironment::systemEnvironment().keys();
    for (const QString &name : names) {
        if (name.startsWith(QLatin1String("OTEL_")) || name.startsWith(QLatin1String("AUTOMAGIK_TELEMETRY_")))
            qunsetenv(name.toLocal8Bit().constData());
    }
}

tst_Tls::Outcome tst_Tls::sendOneEvent(TelemetryConfig config)
{
    config.setProjectName(QStringLiteral("tls-app"));
    config.setVersion(QStringLiteral("1.0"));
    config.setSettingsFile(m_settings->filePath(QStringLiteral("consent.ini")));
    config.setSpoolEnabled(false); // a refused batch is reported at once, not kept for the next run
    config.setMaxRetries(0);
    config.setFlushInterval(60000);
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    telemetry.trackEvent(QStringLiteral("secure.hello"));
    Outcome outcome;
    const FlushOutcome flushed = flushAndWait(telemetry, 20000);
    outcome.delivered = flushed.delivered;
    for (const QList<QVariant> &arguments : std::as_const(failed))
        outcome.errors.append(arguments.at(2).value<DeliveryError>());
    return outcome;
}

void tst_Tls::mutualTlsFromEnvironment()
{
    HttpsCollector collector(true);
    QVERIFY(collector.isValid());
    QVERIFY(collector.listen());
    qputenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.baseUrl().toEncoded());
    qputenv("OTEL_EXPORTER_OTLP_CERTIFICATE", QFile::encodeName(tlsFile("ca.pem")));
    qputenv("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", QFile::encodeName(tlsFile("client.pem")));
    qputenv("OTEL_EXPORTER_OTLP_CLIENT_KEY", QFile::encodeName(tlsFile("client.key")));
    const Outcome outcome = sendOneEvent(TelemetryConfig());
    QVERIFY(outcome.delivered);
    QCOMPARE(collector.requests().size(), 1);
    QCOMPARE(collector.requests().constFirst().path, QByteArray("/v1/traces"));
    QCOMPARE(collector.requests().constFirst().clientName, QStringLiteral("automagik-telemetry-test-client"));
}

void tst_Tls::mutualTlsFromCode()
{
    HttpsCollector collector(true);
    QVERIFY(collector.listen());
    TelemetryConfig config;
    config.setEndpoint(collector.baseUrl());
    config.setCaCertificatesFile(tlsFile("ca.pem"));
    config.setClientCertificateFile(tlsFile("client.pem"));
    config.setClientKeyFile(tlsFile("client.key"));
    QVERIFY(sendOneEvent(config).delivered);
    QCOMPARE(collector.requests().size(), 1);
    QCOMPARE(collector.requests().constFirst().clientName, QStringLiteral("automagik-telemetry-test-client"));
}

void tst_Tls::withoutClientCertificateNothingIsDelivered()
{
    HttpsCollector collector(true);
    QVERIFY(collector.listen());
    qputenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.baseUrl().toEncoded());
    qputenv("OTEL_EXPORTER_OTLP_CERTIFICATE", QFile::encodeName(tlsFile("ca.pem")));
    const Outcome outcome = sendOneEvent(TelemetryConfig());
    // The collector refuses the handshake. With TLS 1.3 the client learns it only as the connection closes,
    // which looks like a collector that is down: the batch waits for a later attempt instead of being dropped.
    QVERIFY(!outcome.delivered);
    QCOMPARE(collector.requests().size(), 0);
}

void tst_Tls::withoutTheCaTheServerIsNotTrusted()
{
    HttpsCollector collector(false);
    QVERIFY(collector.listen());
    qputenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.baseUrl().toEncoded());
    qputenv("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", QFile::encodeName(tlsFile("client.pem")));
    qputenv("OTEL_EXPORTER_OTLP_CLIENT_KEY", QFile::encodeName(tlsFile("client.key")));
    const Outcome outcome = sendOneEvent(TelemetryConfig());
    QVERIFY(!outcome.delivered);
    QCOMPARE(outcome.errors, QList<DeliveryError>{DeliveryError::TlsError});
    QCOMPARE(collector.requests().size(), 0);
}

int main(int argc, char *argv[])
{
    TestSupport::reexecWithLoopbackOnly(argc, argv);
    QCoreApplication app(argc, argv);
    tst_Tls test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_tls.moc"
