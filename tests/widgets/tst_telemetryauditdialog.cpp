// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// TelemetryAuditDialog: lists the local history of what was sent, shows each body, clears it.

#include "widgetstestsupport.h"

#include <automagik/auditlog.h>
#include <automagik/consenttexts.h>
#include <automagik/telemetry.h>
#include <automagik/widgets/telemetryauditdialog.h>

#include <QtGui/QFontInfo>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTreeWidget>

using namespace Automagik;
using namespace WidgetsTestSupport;

class tst_TelemetryAuditDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void emptyHistory();
    void listsEntriesNewestFirst();
    void showsTheBodyOfTheSelectedEntry();
    void clearHistory();
    void followsNewDeliveries();
    void everyControlHasAnAccessibleName();

private:
    TelemetryAuditDialog *showDialog();
    static AuditEntry entry(TelemetrySignal signal, int items, const QDateTime &time, const QString &body);

    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<Telemetry> m_telemetry;
    std::unique_ptr<TelemetryAuditDialog> m_dialog;
};

void tst_TelemetryAuditDialog::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("AutomagikTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_telemetryauditdialog"));
}

void tst_TelemetryAuditDialog::init()
{
    m_sandbox = std::make_unique<Sandbox>();
    QVERIFY(m_sandbox->isValid());
    m_telemetry = std::make_unique<Telemetry>(m_sandbox->config());
    QCOMPARE(m_telemetry->auditLog().filePath(), m_sandbox->auditFile());
}

void tst_TelemetryAuditDialog::cleanup()
{
    m_dialog.reset();
    m_telemetry.reset();
    m_sandbox.reset();
}

TelemetryAuditDialog *tst_TelemetryAuditDialog::showDialog()
{
    m_dialog = std::make_unique<TelemetryAuditDialog>(m_telemetry.get());
    m_dialog->show();
    if (!QTest::qWaitForWindowExposed(m_dialog.get()))
        return nullptr;
    return m_dialog.get();
}

AuditEntry tst_TelemetryAuditDialog::entry(TelemetrySignal signal, int items, const QDateTime &time, const QString &body)
{
    AuditEntry e;
    e.time = time;
    e.signal = signal;
    e.items = items;
    e.bytes = body.size();
    e.destination = QStringLiteral("http://127.0.0.1:4318/v1/") + signalToString(signal);
    e.body = body;
    return e;
}

void tst_TelemetryAuditDialog::emptyHistory()
{
    TelemetryAuditDialog *dialog = showDialog();
    QVERIFY(dialog);
    const ConsentTexts texts;
    QCOMPARE(dialog->entryCount(), 0);
    QCOMPARE(dialog->windowTitle(), texts.auditTitle());
    auto *empty = dialog->findChild<QLabel *>(QStringLiteral("emptyLabel"));
    QVERIFY(empty->isVisible());
    QCOMPARE(empty->text(), texts.auditEmpty());
    QVERIFY(!dialog->findChild<QTreeWidget *>(QStringLiteral("entryList"))->isVisible());
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("clearButton"))->isEnabled());
    const QString shown = visibleText(dialog);
    QVERIFY(shown.contains(texts.auditRetention()));
    QVERIFY(shown.contains(texts.auditClear()));
    QVERIFY(shown.contains(texts.close()));
}

void tst_TelemetryAuditDialog::listsEntriesNewestFirst()
{
    AuditLog log(m_sandbox->auditFile());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(log.append(entry(TelemetrySignal::Traces, 3, now.addSecs(-120), QStringLiteral("{\"a\":1}"))));
    QVERIFY(log.append(entry(TelemetrySignal::Metrics, 1, now.addSecs(-60), QStringLiteral("{\"b\":2}"))));
    QVERIFY(log.append(entry(TelemetrySignal::Logs, 7, now, QStringLiteral("{\"c\":3}"))));

    TelemetryAuditDialog *dialog = showDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->entryCount(), 3);
    auto *list = dialog->findChild<QTreeWidget *>(QStringLiteral("entryList"));
    QVERIFY(list->isVisible());
    QVERIFY(!dialog->findChild<QLabel *>(QStringLiteral("emptyLabel"))->isVisible());
    QCOMPARE(list->topLevelItemCount(), 3);
    const ConsentTexts texts;
    const QLocale locale;
    // Time, kind, number of items and destination of each request.
    const QList<AuditEntry> entries = log.entries();
    for (int row = 0; row < 3; ++row) {
        const AuditEntry &e = entries.at(2 - row);
        const QTreeWidgetItem *item = list->topLevelItem(row);
        QCOMPARE(item->text(0), locale.toString(e.time.toLocalTime(), QLocale::ShortFormat));
        // The URL is isolated left-to-right (U+2066 ... U+2069) for right-to-left languages.
        QString summary = item->text(1);
        summary.remove(QChar(0x2066)).remove(QChar(0x2069));
        QCOMPARE(summary, texts.auditEntrySummary(e.items, texts.signalName(e.signal), e.destination));
        QVERIFY(item->text(1).contains(e.destination));
        QVERIFY(item->text(1).contains(QString::number(e.items)));
        QVERIFY(item->text(1).contains(signalToString(e.signal)));
    }
    QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("clearButton"))->isEnabled());
}

void tst_TelemetryAuditDialog::showsTheBodyOfTheSelectedEntry()
{
    AuditLog log(m_sandbox->auditFile());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(log.append(entry(TelemetrySignal::Traces, 2, now.addSecs(-60), QStringLiteral("{\"older\":1}"))));
    QVERIFY(log.append(entry(TelemetrySignal::Metrics, 5, now, QStringLiteral("{\"newer\":[1,2]}"))));

    TelemetryAuditDialog *dialog = showDialog();
    QVERIFY(dialog);
    auto *list = dialog->findChild<QTreeWidget *>(QStringLiteral("entryList"));
    auto *body = dialog->findChild<QPlainTextEdit *>(QStringLiteral("bodyView"));
    QVERIFY(body->isReadOnly());
    QVERIFY(QFontInfo(body->font()).fixedPitch());
    // The newest is selected first; its body is shown indented for reading.
    QCOMPARE(list->currentItem(), list->topLevelItem(0));
    QVERIFY(body->toPlainText().contains(QLatin1String("\"newer\": [")));
    QCOMPARE(body->accessibleName(), list->topLevelItem(0)->text(1));

    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->topLevelItem(1)).center());
    QTRY_COMPARE(list->currentItem(), list->topLevelItem(1));
    QVERIFY(body->toPlainText().contains(QLatin1String("\"older\": 1")));
    QVERIFY(!body->toPlainText().contains(QLatin1String("newer")));
    QCOMPARE(body->accessibleName(), list->topLevelItem(1)->text(1));
}

void tst_TelemetryAuditDialog::clearHistory()
{
    AuditLog log(m_sandbox->auditFile());
    QVERIFY(log.append(entry(TelemetrySignal::Traces, 1, QDateTime::currentDateTimeUtc(), QStringLiteral("{}"))));
    QVERIFY(log.append(entry(TelemetrySignal::Logs, 2, QDateTime::currentDateTimeUtc(), QStringLiteral("{}"))));
    TelemetryAuditDialog *dialog = showDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->entryCount(), 2);
    QSignalSpy changed(dialog, &TelemetryAuditDialog::entriesChanged);

    auto *clear = dialog->findChild<QPushButton *>(QStringLiteral("clearButton"));
    QCOMPARE(clear->text(), ConsentTexts().auditClear());
    QVERIFY(!clear->isDefault() && !clear->autoDefault()); // Enter must not delete the history
    QTest::mouseClick(clear, Qt::LeftButton);

    QCOMPARE(changed.count(), 1);
    QCOMPARE(dialog->entryCount(), 0);
    QVERIFY(!QFile::exists(m_sandbox->auditFile()));
    QVERIFY(log.entries().isEmpty());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("emptyLabel"))->isVisible());
    QVERIFY(!dialog->findChild<QTreeWidget *>(QStringLiteral("entryList"))->isVisible());
    QVERIFY(!clear->isEnabled());
    QVERIFY(dialog->findChild<QPlainTextEdit *>(QStringLiteral("bodyView"))->toPlainText().isEmpty());
    QVERIFY(dialog->isVisible());
}

void tst_TelemetryAuditDialog::followsNewDeliveries()
{
    TelemetryAuditDialog *dialog = showDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->entryCount(), 0);
    // What the client does after each delivered batch: the history grows, then batchSent() is emitted.
    AuditLog log(m_sandbox->auditFile());
    QVERIFY(log.append(entry(TelemetrySignal::Traces, 4, QDateTime::currentDateTimeUtc(), QStringLiteral("{}"))));
    Q_EMIT m_telemetry->batchSent(TelemetrySignal::Traces, 4, 2);
    QTRY_COMPARE(dialog->entryCount(), 1);
    QVERIFY(dialog->findChild<QTreeWidget *>(QStringLiteral("entryList"))->isVisible());
}

void tst_TelemetryAuditDialog::everyControlHasAnAccessibleName()
{
    AuditLog log(m_sandbox->auditFile());
    QVERIFY(log.append(entry(TelemetrySignal::Traces, 1, QDateTime::currentDateTimeUtc(), QStringLiteral("{}"))));
    TelemetryAuditDialog *dialog = showDialog();
    QVERIFY(dialog);
    QCOMPARE(unnamedControls(dialog), QStringList());
    QCOMPARE(dialog->findChild<QTreeWidget *>(QStringLiteral("entryList"))->accessibleName(),
             ConsentTexts().auditTitle());
}

QTEST_MAIN(tst_TelemetryAuditDialog)
#include "tst_telemetryauditdialog.moc"
