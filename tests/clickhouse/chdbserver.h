// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// A real ClickHouse engine for the tests of this folder: chDB (the npm package "chdb") behind
// chdb-front.mjs, which speaks ClickHouse's HTTP interface on loopback. Qt only: it links neither
// the library nor its objects, so tst_clickhouse_integration (the objects) and tst_dashboards (the
// shared library) both use it.
#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QProcess>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QUrl>
#include <QtNetwork/QNetworkAccessManager>

class QNetworkReply;

namespace TestSupport {

class ChdbServer
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    struct Reply
    {
        int status = 0; //!< HTTP status; 0 when no answer came
        QByteArray body;
        QString error; //!< transport failure or timeout
    };

    enum class Outcome {
        Started,
        Unavailable, //!< no engine on this machine: the test skips, with message() as the reason
        Failed, //!< the engine is there but did not start: the test fails
    };

    //! The front checks the X-ClickHouse-User/Key (or Basic) credentials against \a user and \a password.
    ChdbServer(const QString &user, const QString &password);
    ~ChdbServer();
    ChdbServer(const ChdbServer &) = delete;
    ChdbServer &operator=(const ChdbServer &) = delete;

    /*!
        Finds Node.js and chDB: AUTOMAGIK_CHDB_DIR, else where scripts/install-deps.sh puts it
        ($XDG_CACHE_HOME or ~/.cache, then automagik-telemetry/chdb). Call it before the test replaces
        HOME. Returns Unavailable (message() says why) when something is missing.
    */
    Outcome locate();

    /*!
        Starts the front with a fresh database in \a dataDir and waits for its port. \a environment
        is the process's (a time zone, for instance).
    */
    Outcome start(const QString &dataDir,
                  const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    //! Closes the front's stdin (it exits then), terminating it if it lingers.
    void stop();

    QString message() const { return m_message; }
    quint16 port() const { return m_port; }
    QUrl baseUrl() const;

    //! POSTs \a body to \a url and runs the event loop until the answer, at most 30 s.
    Reply post(const QUrl &url, const QByteArray &body, const Headers &headers);
    //! One statement, with this server's credentials.
    Reply sql(const QString &statement);
    //! \a data for an INSERT ... FORMAT query, sent as the server's body (the query goes in the URL).
    Reply insert(const QString &query, const QByteArray &data);
    //! The rows of a query (FORMAT JSONEachRow); none, with a warning, when it fails.
    QList<QJsonObject> select(const QString &statement);
    //! Every statement of \a files, in order. The first failure as "file: answer"; empty when all passed.
    QString runSqlFiles(const QStringList &files);
    //! What reached the front so far (GET /_front/requests): no passwords, only whether a key was sent.
    QJsonArray frontRequests();

    //! The statements of an SQL file, without comments or the final semicolons.
    static QStringList sqlStatements(const QString &text);
    //! The os_type the library writes on this machine.
    static QString expectedOsType();

private:
    Headers credentials() const;
    static bool waitFor(QNetworkReply *reply, int timeoutMs);

    QString m_user;
    QString m_password;
    QString m_nodePath;
    QString m_chdbDir;
    QString m_message;
    quint16 m_port = 0;
    QProcess m_front;
    QNetworkAccessManager m_network;
};

} // namespace TestSupport
