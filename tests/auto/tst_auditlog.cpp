// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// AuditLog: the end user's local history of what left the machine.

#include <automagik/auditlog.h>

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace Automagik;

class tst_AuditLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendAndReadBack();
    void privateToTheUser();
    void dropsEntriesOlderThanTheMaximumAge();
    void staysWithinTheSizeBoundOldestFirst();
    void skipsCorruptLines();
    void survivesALastLineCutShort();
    void clear();

private:
    static AuditEntry entry(int items, const QDateTime &time = QDateTime::currentDateTimeUtc(), qsizetype bodySize = 10)
    {
        AuditEntry e;
        e.time = time;
        e.signal = TelemetrySignal::Metrics;
        e.items = items;
        e.bytes = 123;
        e.destination = QStringLiteral("http://127.0.0.1:4318/v1/metrics");
        e.body = QString(bodySize, QLatin1Char('x'));
        return e;
    }
    QTemporaryDir m_dir;
};

void tst_AuditLog::appendAndReadBack()
{
    AuditLog log(m_dir.filePath(QStringLiteral("a/b/audit.jsonl")));
    QVERIFY(log.entries().isEmpty());
    QVERIFY(log.append(entry(1)));
    QVERIFY(log.append(entry(2)));
    AuditLog reader(log.filePath()); // another object on the same file sees the same history
    const QList<AuditEntry> entries = reader.entries();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).items, 1);
    QCOMPARE(entries.at(1).items, 2);
    QVERIFY(entries.at(1).signal == TelemetrySignal::Metrics);
    QCOMPARE(entries.at(1).destination, QStringLiteral("http://127.0.0.1:4318/v1/metrics"));
    QCOMPARE(entries.at(1).body, QStringLiteral("xxxxxxxxxx"));
    QCOMPARE(entries.at(1).bytes, qint64(123));
}

void tst_AuditLog::privateToTheUser()
{
    AuditLog log(m_dir.filePath(QStringLiteral("private.jsonl")));
    QVERIFY(log.append(entry(1)));
    const QFileDevice::Permissions p = QFileInfo(log.filePath()).permissions();
    QVERIFY(p & QFileDevice::ReadOwner);
    QVERIFY(!(p & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther)));
}

void tst_AuditLog::dropsEntriesOlderThanTheMaximumAge()
{
    AuditLog log(m_dir.filePath(QStringLiteral("age.jsonl")), 30);
    QVERIFY(log.append(entry(1, QDateTime::currentDateTimeUtc().addDays(-31))));
    QVERIFY(log.append(entry(2, QDateTime::currentDateTimeUtc().addDays(-29))));
    const QList<AuditEntry> entries = log.entries();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.constFirst().items, 2);
}

void tst_AuditLog::staysWithinTheSizeBoundOldestFirst()
{
    const qint64 bound = 64 * 1024;
    AuditLog log(m_dir.filePath(QStringLiteral("size.jsonl")), 30, bound);
    for (int i = 0; i < 200; ++i)
        QVERIFY(log.append(entry(i, QDateTime::currentDateTimeUtc(), 1000)));
    QVERIFY(QFileInfo(log.filePath()).size() <= bound);
    const QList<AuditEntry> entries = log.entries();
    QVERIFY(entries.size() > 10);
    QCOMPARE(entries.constLast().items, 199); // the newest survive
    for (int i = 1; i < entries.size(); ++i)
        QCOMPARE(entries.at(i).items, entries.at(i - 1).items + 1);
}

void tst_AuditLog::skipsCorruptLines()
{
    AuditLog log(m_dir.filePath(QStringLiteral("corrupt.jsonl")));
    QVERIFY(log.append(entry(1)));
    {
        QFile file(log.filePath());
        QVERIFY(file.open(QIODevice::Append));
        file.write("{not json\n\xff\xfe\n{\"time\":\"never\"}\n");
    }
    QVERIFY(log.append(entry(2)));
    const QList<AuditEntry> entries = log.entries();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(1).items, 2);
}

void tst_AuditLog::survivesALastLineCutShort()
{
    AuditLog log(m_dir.filePath(QStringLiteral("cut.jsonl")));
    QVERIFY(log.append(entry(1)));
    {
        QFile file(log.filePath());
        QVERIFY(file.open(QIODevice::Append));
        file.write("{\"time\":\"2026-11-"); // a crash in the middle of writing an entry
    }
    QVERIFY(log.append(entry(2)));
    const QList<AuditEntry> entries = log.entries();
    QCOMPARE(entries.size(), 2); // the new entry is not glued onto the broken line
    QCOMPARE(entries.at(1).items, 2);
}

void tst_AuditLog::clear()
{
    AuditLog log(m_dir.filePath(QStringLiteral("clear.jsonl")));
    QVERIFY(log.append(entry(1)));
    QVERIFY(log.clear());
    QVERIFY(log.entries().isEmpty());
    QVERIFY(!QFile::exists(log.filePath()));
    QVERIFY(log.clear()); // clearing nothing is fine
}

QTEST_GUILESS_MAIN(tst_AuditLog)
#include "tst_auditlog.moc"
