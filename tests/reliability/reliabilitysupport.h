// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// What the reliability tests share: a spool-child process driven through its standard streams, the
// environment it runs in, and ways to read what it left in its spool. The sandbox, the small file
// systems given to it and the collector come from Automagik::TestSupport.
#pragma once

#include "testsupport.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QDir>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMap>
#include <QtCore/QProcess>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>

#include <algorithm>
#include <functional>
#include <memory>

namespace Reliability {

using Automagik::Sink::OtlpReceiver;
using TestSupport::closedEndpoint;
using TestSupport::fillUp;
using TestSupport::TestMount;

/*
    One spool-child process. Its standard output is split into lines as it arrives (so a test can wait
    for a line), its standard error is kept whole. Status lines are JSON objects.
*/
class Child : public QObject
{
public:
    explicit Child(const QProcessEnvironment &environment)
    {
        m_process.setProcessEnvironment(environment);
        connect(&m_process, &QProcess::readyReadStandardOutput, this, &Child::readOutput);
        connect(&m_process, &QProcess::readyReadStandardError, this,
                [this] { m_stderr += m_process.readAllStandardError(); });
    }
    ~Child() override
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // Called for each complete stdout line (without its newline).
    std::function<void(const QByteArray &)> onLine;

    bool start(const QStringList &arguments)
    {
        m_process.start(QStringLiteral(SPOOL_CHILD_PATH), arguments);
        return m_process.waitForStarted(10000);
    }

    // Spins the event loop (the in-process receiver keeps answering) until the child has exited.
    bool waitForFinished(int timeoutMs)
    {
        if (m_process.state() != QProcess::NotRunning) {
            QSignalSpy finished(&m_process, &QProcess::finished);
            if (!finished.wait(timeoutMs) && finished.isEmpty())
                return false;
        }
        readOutput();
        m_stderr += m_process.readAllStandardError();
        return true;
    }

    // SIGKILL, then waits for the end: no shutdown, no flush, no destructor.
    bool kill()
    {
        m_process.kill();
        return waitForFinished(10000) && m_process.exitStatus() == QProcess::CrashExit;
    }

    // Writes one command line to the child's standard input (script mode).
    void send(const QByteArray &command) { m_process.write(command + '\n'); }

    /*
        The first line after those already waited for that \a matches, waiting for it (running the event
        loop) at most \a timeoutMs; empty if it never came. Later waits start after it.
    */
    QByteArray waitForLine(const std::function<bool(const QByteArray &)> &matches, int timeoutMs = 30000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            readOutput();
            for (; m_cursor < m_lines.size(); ++m_cursor) {
                if (matches(m_lines[m_cursor]))
                    return m_lines[m_cursor++];
            }
            if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
                return {};
            // Until more output, the end of the child or the deadline; the receiver keeps answering meanwhile.
            QEventLoop loop;
            connect(&m_process, &QProcess::readyReadStandardOutput, &loop, &QEventLoop::quit);
            connect(&m_process, &QProcess::finished, &loop, &QEventLoop::quit);
            QTimer::singleShot(int(deadline.remainingTime()), &loop, &QEventLoop::quit);
            loop.exec();
        }
    }

    QByteArray waitForLineStarting(const QByteArray &prefix, int timeoutMs = 30000)
    {
        return waitForLine([&prefix](const QByteArray &line) { return line.startsWith(prefix); }, timeoutMs);
    }

    // The next status line of \a phase (script mode answers each command with one); empty if none came.
    QJsonObject waitForStatus(const QString &phase, int timeoutMs = 30000)
    {
        const QByteArray line = waitForLine(
            [&phase](const QByteArray &l) {
                return l.startsWith('{')
                    && QJsonDocument::fromJson(l).object().value(QLatin1String("phase")).toString() == phase;
            },
            timeoutMs);
        return QJsonDocument::fromJson(line).object();
    }

    // Sends a script command and waits for its answer.
    QJsonObject command(const QByteArray &command, const QString &answerPhase, int timeoutMs = 30000)
    {
        send(command);
        return waitForStatus(answerPhase, timeoutMs);
    }

    QProcess &process() { return m_process; }
    const QList<QByteArray> &lines() const { return m_lines; }
    QByteArray standardError() const { return m_stderr; }

    // The last status line of \a phase ("settled", "drained", "shutdown", ...).
    QJsonObject status(const QString &phase) const
    {
        for (auto it = m_lines.crbegin(); it != m_lines.crend(); ++it) {
            if (!it->startsWith('{'))
                continue;
            const QJsonObject o = QJsonDocument::fromJson(*it).object();
            if (o.value(QLatin1String("phase")).toString() == phase)
                return o;
        }
        return {};
    }

    // Everything the child said, for failure messages.
    QByteArray transcript() const
    {
        QByteArray out;
        for (const QByteArray &line : m_lines) {
            if (!line.startsWith("seq "))
                out += line + '\n';
        }
        return "exit code " + QByteArray::number(m_process.exitCode()) + "\nstdout:\n" + out + "stderr:\n"
            + m_stderr.right(4000);
    }

private:
    void readOutput()
    {
        m_partial += m_process.readAllStandardOutput();
        qsizetype begin = 0;
        for (qsizetype newline = m_partial.indexOf('\n'); newline >= 0; newline = m_partial.indexOf('\n', begin)) {
            const QByteArray line = m_partial.mid(begin, newline - begin);
            begin = newline + 1;
            m_lines.append(line);
            if (onLine)
                onLine(line);
        }
        m_partial.remove(0, begin);
    }

    QProcess m_process;
    QByteArray m_partial;
    QList<QByteArray> m_lines;
    qsizetype m_cursor = 0; // lines before it were already waited for
    QByteArray m_stderr;
};

/*
    The sandbox's environment (TestSupport::isolatedEnvironment(): a private HOME, no telemetry, CI or
    consent variables from the machine): consent is decided by AUTOMAGIK_TELEMETRY_ENABLED alone, and
    the spool directory by --spool. Warnings go to standard error, where the tests read them.
*/
inline QProcessEnvironment childEnvironment(const QString &home, bool consent)
{
    QProcessEnvironment env = TestSupport::isolatedEnvironment(home);
    env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED"), consent ? QStringLiteral("true") : QStringLiteral("false"));
    env.insert(QStringLiteral("QT_FORCE_STDERR_LOGGING"), QStringLiteral("1"));
    return env;
}

// Calls \a visit with the "seq" attribute of every span in an OTLP JSON traces request.
inline void forEachSeq(const QByteArray &body, const std::function<void(qint64)> &visit)
{
    TestSupport::forEachSpan(QJsonDocument::fromJson(body).object(), [&visit](const QJsonObject &span) {
        const QJsonArray attributes = span.value(QLatin1String("attributes")).toArray();
        if (TestSupport::hasAttribute(attributes, QStringLiteral("seq")))
            visit(TestSupport::intValue(TestSupport::attribute(attributes, QStringLiteral("seq"))));
    });
}

inline bool accepted(const OtlpReceiver::Request &request)
{
    return request.status >= 200 && request.status < 300 && request.signal == QLatin1String("traces");
}

// seq -> how many times it arrived, over the requests the receiver accepted.
inline QMap<qint64, int> receivedSeqs(const OtlpReceiver &receiver)
{
    QMap<qint64, int> seqs;
    for (const OtlpReceiver::Request &request : receiver.requests()) {
        if (accepted(request))
            forEachSeq(request.body, [&seqs](qint64 seq) { ++seqs[seq]; });
    }
    return seqs;
}

// Files matching \a pattern in the spool's slot directories.
inline QStringList spoolFiles(const QString &spoolDir, const QString &pattern = QStringLiteral("*.batch"))
{
    QStringList files;
    const QDir dir(spoolDir);
    for (const QString &slot : dir.entryList({QStringLiteral("slot-*")}, QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QDir slotDir(dir.filePath(slot));
        for (const QString &name : slotDir.entryList({pattern}, QDir::Files | QDir::Hidden, QDir::Name))
            files.append(slotDir.filePath(name));
    }
    return files;
}

/*
    One spool file as the tests read it (the format is documented in docs/reliability.md): the header
    line's fields, and the seqs of its body when it is plain JSON (the child's --no-compression).
*/
struct BatchFile
{
    qint64 createdMs = -1;
    int items = 0;
    bool complete = false; // the body has the length the header announces
    QList<qint64> seqs;

    static BatchFile read(const QString &path)
    {
        BatchFile batch;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return batch;
        const QByteArray data = file.readAll();
        const qsizetype newline = data.indexOf('\n');
        const QList<QByteArray> fields = data.left(qMax<qsizetype>(0, newline)).split(' ');
        if (newline < 0 || fields.size() != 9 || fields[0] != "AMTSPOOL")
            return batch;
        batch.items = fields[4].toInt();
        batch.createdMs = fields[6].toLongLong();
        batch.complete = data.size() - newline - 1 == fields[7].toLongLong();
        if (batch.complete && fields[5] == "0")
            forEachSeq(data.mid(newline + 1), [&batch](qint64 seq) { batch.seqs.append(seq); });
        return batch;
    }
};

// The seqs in the complete batch files of the spool (plain JSON bodies only).
inline QList<qint64> seqsInSpool(const QString &spoolDir)
{
    QList<qint64> seqs;
    for (const QString &path : spoolFiles(spoolDir))
        seqs += BatchFile::read(path).seqs;
    std::sort(seqs.begin(), seqs.end());
    return seqs;
}

inline qint64 int64(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toInteger();
}

// Items the child's dropped() signal reported with \a reason (a DeliveryError name).
inline qint64 droppedFor(const QJsonObject &status, const char *reason)
{
    return status.value(QLatin1String("dropped_by_reason")).toObject().value(QLatin1String(reason)).toInteger();
}

// Every record tracked is delivered, failed, dropped, or still spooled or queued: nothing unaccounted.
inline qint64 accountedFor(const QJsonObject &s)
{
    return int64(s, "sent") + int64(s, "failed") + int64(s, "dropped") + int64(s, "spooled") + int64(s, "queued");
}

inline bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

// The seqs first .. first + count - 1.
inline QList<qint64> seqRange(qint64 first, qint64 count)
{
    QList<qint64> seqs;
    for (qint64 seq = first; seq < first + count; ++seq)
        seqs.append(seq);
    return seqs;
}

} // namespace Reliability
