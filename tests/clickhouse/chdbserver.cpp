// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "chdbserver.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QDir>
#include <QtCore/QDirIterator>
#include <QtCore/QElapsedTimer>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QStandardPaths>
#include <QtCore/QSysInfo>
#include <QtCore/QTimer>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

namespace TestSupport {

ChdbServer::ChdbServer(const QString &user, const QString &password)
    : m_user(user)
    , m_password(password)
{
}

ChdbServer::~ChdbServer()
{
    stop();
}

ChdbServer::Outcome ChdbServer::locate()
{
    m_chdbDir = qEnvironmentVariable("AUTOMAGIK_CHDB_DIR");
    if (m_chdbDir.isEmpty()) {
        QString cache = qEnvironmentVariable("XDG_CACHE_HOME");
        if (cache.isEmpty())
            cache = QDir::homePath() + QStringLiteral("/.cache");
        m_chdbDir = cache + QStringLiteral("/automagik-telemetry/chdb");
    }
    m_nodePath = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (m_nodePath.isEmpty())
        m_nodePath = QStandardPaths::findExecutable(QStringLiteral("nodejs"));
    if (m_nodePath.isEmpty()) {
        m_message = QStringLiteral("no ClickHouse engine: Node.js (node) is not in PATH; "
                                   "scripts/install-deps.sh installs it with chDB");
        return Outcome::Unavailable;
    }
    if (!QFileInfo::exists(m_chdbDir + QStringLiteral("/node_modules/chdb/package.json"))) {
        m_message = QStringLiteral("no ClickHouse engine: the npm package chdb is not installed in %1 "
                                   "(scripts/install-deps.sh installs it; it needs the npm registry once; "
                                   "AUTOMAGIK_CHDB_DIR overrides the place)")
                        .arg(m_chdbDir);
        return Outcome::Unavailable;
    }
    QDirIterator libs(m_chdbDir + QStringLiteral("/node_modules/@chdb"), {QStringLiteral("libchdb.so")}, QDir::Files,
                      QDirIterator::Subdirectories);
    if (!libs.hasNext()) {
        m_message = QStringLiteral("no ClickHouse engine: chdb is installed in %1 but no prebuilt libchdb.so "
                                   "for %2 came with it")
                        .arg(m_chdbDir, QSysInfo::buildAbi());
        return Outcome::Unavailable;
    }
    m_message.clear();
    return Outcome::Started;
}

ChdbServer::Outcome ChdbServer::start(const QString &dataDir, const QProcessEnvironment &environment)
{
    m_front.setProcessEnvironment(environment);
    m_front.setProgram(m_nodePath);
    // --exit-with-stdin: the front ends with this process, even when the test crashes.
    m_front.setArguments({QStringLiteral(AUTOMAGIK_CH_FRONT_SCRIPT), QStringLiteral("--modules"), m_chdbDir,
                          QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data"), dataDir,
                          QStringLiteral("--user"), m_user, QStringLiteral("--password"), m_password,
                          QStringLiteral("--exit-with-stdin")});
    m_front.setProcessChannelMode(QProcess::SeparateChannels);
    m_front.start();
    if (!m_front.waitForStarted(10000)) {
        m_message = QStringLiteral("chdb-front did not start: ") + m_front.errorString();
        return Outcome::Failed;
    }
    // The first line on its stdout is the port; loading chDB takes seconds on a busy machine.
    QElapsedTimer started;
    started.start();
    const QDeadlineTimer deadline(60000);
    while (!m_front.canReadLine() && m_front.state() == QProcess::Running && !deadline.hasExpired())
        m_front.waitForReadyRead(int(deadline.remainingTime()));
    if (!m_front.canReadLine()) {
        m_front.waitForFinished(2000);
        const QString errors = QString::fromUtf8(m_front.readAllStandardError()).trimmed();
        if (errors.contains(QLatin1String("cannot load the chdb package"))) {
            m_message = QStringLiteral("no ClickHouse engine: ") + errors;
            return Outcome::Unavailable;
        }
        m_message = QStringLiteral("chdb-front did not start: ") + errors;
        return Outcome::Failed;
    }
    bool ok = false;
    m_port = quint16(m_front.readLine().trimmed().toUInt(&ok));
    if (!ok || m_port == 0) {
        m_message = QStringLiteral("chdb-front gave no port");
        return Outcome::Failed;
    }
    qInfo("ClickHouse engine (chDB) up on port %d after %lld ms", m_port, started.elapsed());
    m_message.clear();
    return Outcome::Started;
}

void ChdbServer::stop()
{
    if (m_front.state() == QProcess::NotRunning)
        return;
    m_front.closeWriteChannel(); // the front exits when its stdin closes
    if (!m_front.waitForFinished(5000)) {
        m_front.terminate();
        m_front.waitForFinished(5000);
    }
}

QUrl ChdbServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_port));
}

bool ChdbServer::waitFor(QNetworkReply *reply, int timeoutMs)
{
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return reply->isFinished();
}

ChdbServer::Reply ChdbServer::post(const QUrl &url, const QByteArray &body, const Headers &headers)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_network.post(request, body);
    Reply result;
    if (!waitFor(reply, 30000)) {
        reply->abort();
        result.error = QStringLiteral("timed out");
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    if (result.status == 0 && result.error.isEmpty())
        result.error = reply->errorString();
    reply->deleteLater();
    return result;
}

ChdbServer::Headers ChdbServer::credentials() const
{
    return {{QByteArrayLiteral("X-ClickHouse-User"), m_user.toUtf8()},
            {QByteArrayLiteral("X-ClickHouse-Key"), m_password.toUtf8()}};
}

ChdbServer::Reply ChdbServer::sql(const QString &statement)
{
    return post(baseUrl(), statement.toUtf8(), credentials());
}

ChdbServer::Reply ChdbServer::insert(const QString &query, const QByteArray &data)
{
    QUrl url = baseUrl();
    url.setQuery(QStringLiteral("query=") + QString::fromLatin1(QUrl::toPercentEncoding(query)));
    return post(url, data, credentials());
}

QList<QJsonObject> ChdbServer::select(const QString &statement)
{
    // On a line of its own: a statement may end in a comment.
    const Reply r = sql(statement + QStringLiteral("\nFORMAT JSONEachRow"));
    if (r.status != 200) {
        qWarning("query failed (%d): %s%s\n%s", r.status, r.body.constData(), qPrintable(r.error), qPrintable(statement));
        return {};
    }
    QList<QJsonObject> rows;
    for (const QByteArray &line : r.body.split('\n')) {
        if (!line.trimmed().isEmpty())
            rows.append(QJsonDocument::fromJson(line).object());
    }
    return rows;
}

QString ChdbServer::runSqlFiles(const QStringList &files)
{
    for (const QString &path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return path + QStringLiteral(": ") + file.errorString();
        for (const QString &statement : sqlStatements(QString::fromUtf8(file.readAll()))) {
            const Reply r = sql(statement);
            if (r.status != 200)
                return path + QStringLiteral(": ") + QString::fromUtf8(r.body) + r.error;
        }
    }
    return {};
}

QJsonArray ChdbServer::frontRequests()
{
    QNetworkReply *reply = m_network.get(QNetworkRequest(baseUrl().resolved(QUrl(QStringLiteral("/_front/requests")))));
    waitFor(reply, 10000);
    const QJsonArray requests = QJsonDocument::fromJson(reply->readAll()).array();
    reply->deleteLater();
    return requests;
}

QStringList ChdbServer::sqlStatements(const QString &text)
{
    QStringList statements;
    QString current;
    for (const QString &rawLine : text.split(QLatin1Char('\n'))) {
        const QString line = rawLine.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1String("--")))
            continue;
        current += rawLine + QLatin1Char('\n');
        if (line.endsWith(QLatin1Char(';'))) {
            current = current.trimmed();
            current.chop(1);
            statements.append(current);
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        statements.append(current.trimmed());
    return statements;
}

QString ChdbServer::expectedOsType()
{
    const QString kernel = QSysInfo::kernelType();
    return kernel == QLatin1String("winnt") ? QStringLiteral("windows") : kernel;
}

} // namespace TestSupport
