// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// ConsentDialog: the texts it shows, what each way out of it stores, equal weight of the two
// answers, keyboard use, the example report, right-to-left, the administrator's lock, small screens.

#include "widgetstestsupport.h"

#include <automagik/consent.h>
#include <automagik/consentcontroller.h>
#include <automagik/consenttexts.h>
#include <automagik/telemetry.h>
#include <automagik/widgets/consentdialog.h>

#include <QtCore/QJsonDocument>
#include <QtCore/QPointer>
#include <QtCore/QSet>
#include <QtCore/QSysInfo>
#include <QtCore/QTimer>
#include <QtGui/QFontInfo>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollArea>
#include <QtWidgets/QToolButton>

using namespace Automagik;
using namespace WidgetsTestSupport;

class tst_ConsentDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsEveryText();
    void privacyPolicyLink();
    void retranslatesWithTheLibraryCatalog();
    void answerIsStored_data();
    void answerIsStored();
    void closingLeavesUndecided_data();
    void closingLeavesUndecided();
    void enterPicksNoAnswer();
    void answersHaveEqualWeight();
    void keyboard_data();
    void keyboard();
    void askIfNeededShowsNothingWhenAnswered();
    void askIfNeededAsksAgainForANewPolicy();
    void askIfNeededClosedStaysUndecided();
    void samplePayloadShowsNoPersonalData();
    void rightToLeftMirrors();
    void lockedByAdministrator();
    void lockAppearsWhileOpen();
    void noChoiceWhileARuleDecides();
    void usableAt360PixelsWide();
    void followsPaletteAndFont();
    void everyControlHasAnAccessibleName();

private:
    ConsentDialog *showDialog(Telemetry *telemetry);
    //! Answers the next modal ConsentDialog with \a buttonName (or closes it when empty), once it shows.
    void answerNextModalDialog(const QString &buttonName);

    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<Telemetry> m_telemetry;
    QString m_userName;
    QString m_realHome;
    QPointer<ConsentDialog> m_dialog;
};

void tst_ConsentDialog::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("AutomagikTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_consentdialog"));
    // The machine's identity, before any sandbox replaces HOME: none of it may appear in a report.
    m_userName = qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME"));
    m_realHome = QDir::homePath();
}

void tst_ConsentDialog::init()
{
    m_sandbox = std::make_unique<Sandbox>();
    QVERIFY(m_sandbox->isValid());
    m_telemetry = std::make_unique<Telemetry>(m_sandbox->config());
    QVERIFY(m_telemetry->needsConsent());
}

void tst_ConsentDialog::cleanup()
{
    delete m_dialog.data();
    const auto windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows) {
        if (qobject_cast<ConsentDialog *>(window))
            delete window;
    }
    m_telemetry.reset();
    m_sandbox.reset();
    QApplication::setLayoutDirection(Qt::LeftToRight);
    QApplication::setPalette(QPalette());
    QApplication::setFont(QFont());
}

ConsentDialog *tst_ConsentDialog::showDialog(Telemetry *telemetry)
{
    m_dialog = new ConsentDialog(telemetry);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose, false);
    m_dialog->show();
    if (!QTest::qWaitForWindowExposed(m_dialog))
        return nullptr;
    return m_dialog;
}

void tst_ConsentDialog::answerNextModalDialog(const QString &buttonName)
{
    // Polls for the dialog rather than sleeping: it answers as soon as the modal loop shows it.
    auto *timer = new QTimer(this);
    timer->setInterval(10);
    connect(timer, &QTimer::timeout, this, [timer, buttonName] {
        auto *dialog = qobject_cast<ConsentDialog *>(QApplication::activeModalWidget());
        if (!dialog || !dialog->isVisible())
            return;
        timer->deleteLater();
        if (buttonName.isEmpty())
            dialog->close();
        else
            dialog->findChild<QPushButton *>(buttonName)->click();
    });
    timer->start();
}

void tst_ConsentDialog::showsEveryText()
{
    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    dialog->setPrivacyPolicyUrl(QUrl(QStringLiteral("https://example.com/privacy")));
    const ConsentTexts texts;
    QStringList expected{texts.title(),         texts.introduction(),      texts.collectedHeading(),
                         texts.neverCollectedHeading(), texts.changeLater(), texts.privacyPolicyLink(),
                         texts.showPayload(),   texts.allow(),             texts.deny()};
    expected += texts.collected();
    expected += texts.neverCollected();
    QCOMPARE(dialog->windowTitle(), texts.title());
    QString shown = visibleText(dialog);
    for (const QString &text : std::as_const(expected))
        QVERIFY2(shown.contains(text), qPrintable(text));
    // Only what belongs to the other states is hidden.
    QVERIFY(!shown.contains(texts.lockedByAdministrator()));
    QVERIFY(!shown.contains(texts.hidePayload()));

    dialog->setPayloadVisible(true);
    shown = visibleText(dialog);
    QVERIFY(shown.contains(texts.hidePayload()));
    QVERIFY(shown.contains(texts.payloadExplanation()));
    QVERIFY(!shown.contains(texts.showPayload()));
}

void tst_ConsentDialog::privacyPolicyLink()
{
    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    auto *link = dialog->findChild<QLabel *>(QStringLiteral("privacyPolicyLink"));
    QVERIFY(link);
    QVERIFY(!link->isVisible()); // no URL, no link

    QSignalSpy spy(dialog, &ConsentDialog::privacyPolicyUrlChanged);
    const QUrl url(QStringLiteral("https://example.com/privacy?lang=en&x=<y>"));
    dialog->setPrivacyPolicyUrl(url);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(dialog->privacyPolicyUrl(), url);
    QVERIFY(link->isVisible());
    QVERIFY(link->openExternalLinks());
    QVERIFY(link->textInteractionFlags() & Qt::LinksAccessibleByKeyboard);
    QVERIFY(link->text().contains(url.toString(QUrl::FullyEncoded).toHtmlEscaped()));
    QCOMPARE(QTextDocumentFragment::fromHtml(link->text()).toPlainText(), ConsentTexts().privacyPolicyLink());
    dialog->setPrivacyPolicyUrl(url);
    QCOMPARE(spy.count(), 1);
}

void tst_ConsentDialog::retranslatesWithTheLibraryCatalog()
{
    if (!ConsentTexts::availableLanguages().contains(QStringLiteral("de"))) {
        // Not QSKIP: with one argument it warns under clang's -Wpedantic on Qt 6.4.
        QTest::qSkip("the library was built without translations", __FILE__, __LINE__);
        return;
    }
    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    auto *allow = dialog->findChild<QPushButton *>(QStringLiteral("allowButton"));
    QCOMPARE(allow->text(), QStringLiteral("Allow"));
    QVERIFY(ConsentTexts::installTranslator(QLocale(QLocale::German)));
    // The dialog's texts are the library's, in the library's context: the same as ConsentTexts says.
    QTRY_COMPARE(allow->text(), ConsentTexts().allow());
    QVERIFY(allow->text() != QStringLiteral("Allow"));
    QCOMPARE(dialog->windowTitle(), ConsentTexts().title());
    QVERIFY(visibleText(dialog).contains(ConsentTexts().neverCollected().constFirst()));
    ConsentTexts::installTranslator(QLocale::c()); // no catalog: back to English
    QTRY_COMPARE(allow->text(), QStringLiteral("Allow"));
}

void tst_ConsentDialog::answerIsStored_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<bool>("granted");
    QTest::addColumn<int>("result");
    QTest::newRow("allow") << QStringLiteral("allowButton") << true << int(QDialog::Accepted);
    QTest::newRow("deny") << QStringLiteral("denyButton") << false << int(QDialog::Rejected);
    QTest::newRow("accept()") << QString() << true << int(QDialog::Accepted);
}

void tst_ConsentDialog::answerIsStored()
{
    QFETCH(QString, button);
    QFETCH(bool, granted);
    QFETCH(int, result);
    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    QSignalSpy answered(dialog, &ConsentDialog::answered);
    QSignalSpy consentChanged(m_telemetry.get(), &Telemetry::consentChanged);

    if (button.isEmpty())
        dialog->accept();
    else
        QTest::mouseClick(dialog->findChild<QPushButton *>(button), Qt::LeftButton);

    QCOMPARE(answered.count(), 1);
    QCOMPARE(answered.constFirst().constFirst().toBool(), granted);
    QVERIFY(!dialog->isVisible());
    QCOMPARE(dialog->result(), result);
    QVERIFY(consentChanged.count() >= 1);
    QCOMPARE(m_telemetry->consentState(), granted ? ConsentState::Granted : ConsentState::Denied);
    QCOMPARE(m_telemetry->isEnabled(), granted);
    QVERIFY(!m_telemetry->needsConsent());
    QCOMPARE(m_sandbox->storedConsent(), granted ? QStringLiteral("granted") : QStringLiteral("denied"));
    // Another reader of the same settings sees the same answer.
    Consent reader(m_sandbox->config());
    QCOMPARE(reader.state(), granted ? ConsentState::Granted : ConsentState::Denied);
}

void tst_ConsentDialog::closingLeavesUndecided_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("escape") << QStringLiteral("escape");
    QTest::newRow("reject") << QStringLiteral("reject");
    QTest::newRow("window close") << QStringLiteral("close");
}

void tst_ConsentDialog::closingLeavesUndecided()
{
    QFETCH(QString, how);
    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    QSignalSpy answered(dialog, &ConsentDialog::answered);
    QSignalSpy finished(dialog, &QDialog::finished);
    if (how == QLatin1String("escape"))
        QTest::keyClick(dialog, Qt::Key_Escape);
    else if (how == QLatin1String("reject"))
        dialog->reject();
    else
        QVERIFY(dialog->close());
    QCOMPARE(finished.count(), 1);
    QVERIFY(!dialog->isVisible());
    QCOMPARE(answered.count(), 0);
    QCOMPARE(m_telemetry->consentState(), ConsentState::Undecided);
    QVERIFY(m_telemetry->needsConsent());
    QVERIFY(!m_telemetry->isEnabled());
    QVERIFY(m_sandbox->storedConsent().isEmpty());
}

void tst_ConsentDialog::enterPicksNoAnswer()
{
    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    dialog->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(dialog));
    auto *allow = dialog->findChild<QPushButton *>(QStringLiteral("allowButton"));
    auto *deny = dialog->findChild<QPushButton *>(QStringLiteral("denyButton"));
    // Nothing is preselected: the dialog does not open with an answer focused.
    QVERIFY(QApplication::focusWidget() != allow);
    QVERIFY(QApplication::focusWidget() != deny);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTest::keyClick(dialog, Qt::Key_Enter);
    // Not even on a focused answer: only Space (or a click) picks it.
    for (QPushButton *button : {allow, deny}) {
        button->setFocus();
        QTest::keyClick(button, Qt::Key_Return);
        QTest::keyClick(button, Qt::Key_Enter);
    }
    QVERIFY(dialog->isVisible());
    QCOMPARE(m_telemetry->consentState(), ConsentState::Undecided);
    QVERIFY(m_sandbox->storedConsent().isEmpty());
}

void tst_ConsentDialog::answersHaveEqualWeight()
{
    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    auto *allow = dialog->findChild<QPushButton *>(QStringLiteral("allowButton"));
    auto *deny = dialog->findChild<QPushButton *>(QStringLiteral("denyButton"));
    QVERIFY(allow && deny);
    QVERIFY(allow->isVisible() && deny->isVisible());
    QCOMPARE(allow->size(), deny->size());
    QCOMPARE(allow->geometry().top(), deny->geometry().top());
    QCOMPARE(allow->font(), deny->font());
    QCOMPARE(allow->isFlat(), deny->isFlat());
    QVERIFY(allow->text().size() != deny->text().size()); // equal although the texts differ
    const auto buttons = dialog->findChildren<QPushButton *>();
    for (const QPushButton *button : buttons) {
        QVERIFY2(!button->isDefault(), qPrintable(button->objectName()));
        QVERIFY2(!button->autoDefault(), qPrintable(button->objectName()));
    }
    // Still equal when the font grows (sizes are never fixed).
    QFont big = dialog->font();
    big.setPointSizeF(big.pointSizeF() * 2);
    dialog->setFont(big);
    dialog->adjustSize();
    QTRY_VERIFY(allow->width() > allow->fontMetrics().horizontalAdvance(allow->text()));
    QTRY_COMPARE(allow->size(), deny->size());
}

void tst_ConsentDialog::keyboard_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<bool>("granted");
    QTest::newRow("allow") << QStringLiteral("allowButton") << true;
    QTest::newRow("deny") << QStringLiteral("denyButton") << false;
}

void tst_ConsentDialog::keyboard()
{
    QFETCH(QString, button);
    QFETCH(bool, granted);
    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    dialog->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(dialog));
    auto *allow = dialog->findChild<QPushButton *>(QStringLiteral("allowButton"));
    auto *deny = dialog->findChild<QPushButton *>(QStringLiteral("denyButton"));
    auto *target = dialog->findChild<QPushButton *>(button);

    // Tab goes through the dialog and reaches both answers.
    QSet<QWidget *> reached;
    for (int i = 0; i < 20 && !(reached.contains(allow) && reached.contains(deny)); ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        reached.insert(QApplication::focusWidget());
    }
    QVERIFY(reached.contains(allow));
    QVERIFY(reached.contains(deny));
    for (int i = 0; i < 20 && QApplication::focusWidget() != target; ++i)
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), target);

    QTest::keyClick(target, Qt::Key_Space);
    QTRY_VERIFY(!dialog->isVisible());
    QCOMPARE(m_telemetry->consentState(), granted ? ConsentState::Granted : ConsentState::Denied);
}

void tst_ConsentDialog::askIfNeededShowsNothingWhenAnswered()
{
    m_telemetry->setConsent(false);
    QVERIFY(!m_telemetry->needsConsent());
    QVERIFY(!ConsentDialog::askIfNeeded(m_telemetry.get()));
    QVERIFY(!ConsentDialog::askIfNeeded(nullptr));
    const auto windows = QApplication::topLevelWidgets();
    for (const QWidget *window : windows)
        QVERIFY(!qobject_cast<const ConsentDialog *>(window));
    QCOMPARE(m_telemetry->consentState(), ConsentState::Denied);
}

void tst_ConsentDialog::askIfNeededAsksAgainForANewPolicy()
{
    // The first run asks, and the answer sticks for this policy.
    answerNextModalDialog(QStringLiteral("allowButton"));
    QVERIFY(ConsentDialog::askIfNeeded(m_telemetry.get()));
    QCOMPARE(m_telemetry->consentState(), ConsentState::Granted);
    QVERIFY(!ConsentDialog::askIfNeeded(m_telemetry.get()));
    m_telemetry.reset();
    m_telemetry = std::make_unique<Telemetry>(m_sandbox->config(1));
    QVERIFY(!ConsentDialog::askIfNeeded(m_telemetry.get()));

    // A new telemetry policy asks again.
    m_telemetry.reset();
    m_telemetry = std::make_unique<Telemetry>(m_sandbox->config(2));
    QVERIFY(m_telemetry->needsConsent());
    answerNextModalDialog(QStringLiteral("denyButton"));
    QVERIFY(ConsentDialog::askIfNeeded(m_telemetry.get(), QUrl(QStringLiteral("https://example.com/privacy"))));
    QCOMPARE(m_telemetry->consentState(), ConsentState::Denied);
    QCOMPARE(m_sandbox->storedConsent(), QStringLiteral("denied"));
    QSettings settings(m_sandbox->settingsFile(), QSettings::IniFormat);
    QCOMPARE(settings.value(QStringLiteral("AutomagikTelemetry/policyVersion")).toInt(), 2);
}

void tst_ConsentDialog::askIfNeededClosedStaysUndecided()
{
    QWidget parent;
    parent.show();
    QVERIFY(QTest::qWaitForWindowExposed(&parent));
    answerNextModalDialog(QString());
    QVERIFY(ConsentDialog::askIfNeeded(m_telemetry.get(), &parent));
    QVERIFY(m_telemetry->needsConsent());
    QVERIFY(m_sandbox->storedConsent().isEmpty());
    QVERIFY(parent.findChildren<ConsentDialog *>().isEmpty()); // the dialog does not linger
}

void tst_ConsentDialog::samplePayloadShowsNoPersonalData()
{
    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    auto *view = dialog->findChild<QPlainTextEdit *>(QStringLiteral("payloadView"));
    auto *toggle = dialog->findChild<QToolButton *>(QStringLiteral("payloadToggle"));
    QVERIFY(view && toggle);
    QVERIFY(!view->isVisible());
    QSignalSpy spy(dialog, &ConsentDialog::payloadVisibleChanged);
    QTest::mouseClick(toggle, Qt::LeftButton);
    QCOMPARE(spy.count(), 1);
    QVERIFY(dialog->isPayloadVisible());
    QVERIFY(view->isVisible());
    QVERIFY(view->isReadOnly());
    QVERIFY(QFontInfo(view->font()).fixedPitch());

    const QString payload = view->toPlainText();
    QJsonParseError error{};
    QVERIFY(QJsonDocument::fromJson(payload.toUtf8(), &error).isObject());
    QVERIFY(payload.contains(QLatin1String("resourceSpans")));
    QVERIFY(payload.contains(QLatin1String("widgets-test")));
    QStringList personal{m_realHome, m_sandbox->home(), QDir::homePath(), QSysInfo::machineHostName()};
    if (!m_userName.isEmpty())
        personal.append(m_userName);
    for (const QString &item : std::as_const(personal)) {
        if (item.size() >= 3 && item != QLatin1String("/"))
            QVERIFY2(!payload.contains(item, Qt::CaseInsensitive), qPrintable(item));
    }

    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(!dialog->isPayloadVisible());
    QVERIFY(!view->isVisible());
}

void tst_ConsentDialog::rightToLeftMirrors()
{
    QRect allowLtr, denyLtr;
    {
        ConsentDialog *dialog = showDialog(m_telemetry.get());
        QVERIFY(dialog);
        QCOMPARE(dialog->layoutDirection(), Qt::LeftToRight);
        allowLtr = dialog->findChild<QPushButton *>(QStringLiteral("allowButton"))->geometry();
        denyLtr = dialog->findChild<QPushButton *>(QStringLiteral("denyButton"))->geometry();
        QVERIFY(allowLtr.left() < denyLtr.left());
        QCOMPARE(dialog->findChild<QToolButton *>(QStringLiteral("payloadToggle"))->arrowType(), Qt::RightArrow);
        delete dialog;
    }
    QApplication::setLayoutDirection(Qt::RightToLeft);
    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    QCOMPARE(dialog->layoutDirection(), Qt::RightToLeft);
    const QRect allow = dialog->findChild<QPushButton *>(QStringLiteral("allowButton"))->geometry();
    const QRect deny = dialog->findChild<QPushButton *>(QStringLiteral("denyButton"))->geometry();
    QVERIFY(deny.left() < allow.left()); // the order is swapped...
    const int width = dialog->width();
    QCOMPARE(allow.left(), width - 1 - allowLtr.right()); // ...and each is the mirror image
    QCOMPARE(deny.left(), width - 1 - denyLtr.right());
    // Texts and the disclosure start on the right.
    auto *toggle = dialog->findChild<QToolButton *>(QStringLiteral("payloadToggle"));
    QCOMPARE(toggle->arrowType(), Qt::LeftArrow);
    QVERIFY(toggle->geometry().right() > toggle->parentWidget()->width() / 2);
}

void tst_ConsentDialog::lockedByAdministrator()
{
    QVERIFY(m_sandbox->lockByAdministrator());
    m_telemetry.reset();
    m_telemetry = std::make_unique<Telemetry>(m_sandbox->config());
    QVERIFY(m_telemetry->consent()->isLockedByAdministrator());
    QVERIFY(!m_telemetry->needsConsent());
    QVERIFY(!ConsentDialog::askIfNeeded(m_telemetry.get())); // nobody is asked what they cannot choose

    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    const ConsentTexts texts;
    auto *locked = dialog->findChild<QLabel *>(QStringLiteral("lockedLabel"));
    QVERIFY(locked->isVisible());
    QCOMPARE(locked->text(), texts.lockedByAdministrator());
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("allowButton"))->isVisible());
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("denyButton"))->isVisible());
    const QString shown = visibleText(dialog);
    QVERIFY(!shown.contains(texts.allow()));
    QVERIFY(!shown.contains(texts.changeLater()));
    auto *close = dialog->findChild<QPushButton *>(QStringLiteral("closeButton"));
    QVERIFY(close->isVisible());
    QCOMPARE(close->text(), texts.close());
    QVERIFY(!close->isDefault() && !close->autoDefault());
    QTest::mouseClick(close, Qt::LeftButton);
    QVERIFY(!dialog->isVisible());
    QVERIFY(m_sandbox->storedConsent().isEmpty());
    dialog->show();
    dialog->accept(); // no choice means no answer, whatever calls it
    QVERIFY(!dialog->isVisible());
    QVERIFY(m_sandbox->storedConsent().isEmpty());
    QVERIFY(!m_telemetry->isEnabled());
}

void tst_ConsentDialog::lockAppearsWhileOpen()
{
    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    auto *allow = dialog->findChild<QPushButton *>(QStringLiteral("allowButton"));
    QVERIFY(allow->isVisible());
    QVERIFY(m_sandbox->lockByAdministrator());
    m_telemetry->consent()->reload();
    QTRY_VERIFY(dialog->findChild<QLabel *>(QStringLiteral("lockedLabel"))->isVisible());
    QVERIFY(!allow->isVisible());
    QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("closeButton"))->isVisible());
}

void tst_ConsentDialog::noChoiceWhileARuleDecides()
{
    // Not only the administrator: any rule over the answer makes a choice here meaningless, and the dialog says which.
    qputenv("DO_NOT_TRACK", "1");
    m_telemetry->consent()->reload();
    QVERIFY(!m_telemetry->needsConsent());
    QVERIFY(!ConsentDialog::askIfNeeded(m_telemetry.get()));

    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    auto *why = dialog->findChild<QLabel *>(QStringLiteral("lockedLabel"));
    QVERIFY(why->isVisible());
    QVERIFY2(why->text().contains(QLatin1String("DO_NOT_TRACK")), qPrintable(why->text()));
    QCOMPARE(why->text(), ConsentController(m_telemetry.get()).reason());
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("allowButton"))->isVisible());
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("denyButton"))->isVisible());
    QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("closeButton"))->isVisible());
    QSignalSpy answered(dialog, &ConsentDialog::answered);
    dialog->accept();
    QVERIFY(!dialog->isVisible());
    QCOMPARE(answered.count(), 0);
    QVERIFY(m_sandbox->storedConsent().isEmpty());

    // The rule goes away while the dialog is open: the choice comes back.
    dialog->show();
    qunsetenv("DO_NOT_TRACK");
    m_telemetry->consent()->reload();
    QTRY_VERIFY(dialog->findChild<QPushButton *>(QStringLiteral("allowButton"))->isVisible());
    QVERIFY(!why->isVisible());
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("closeButton"))->isVisible());
    dialog->accept();
    QCOMPARE(answered.count(), 1);
    QCOMPARE(m_sandbox->storedConsent(), QStringLiteral("granted"));
}

void tst_ConsentDialog::usableAt360PixelsWide()
{
    auto *dialog = new ConsentDialog(m_telemetry.get());
    m_dialog = dialog;
    dialog->setPrivacyPolicyUrl(QUrl(QStringLiteral("https://example.com/privacy")));
    QVERIFY(dialog->minimumSizeHint().width() <= 360);
    dialog->resize(360, 480);
    dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QTRY_COMPARE(dialog->width(), 360);
    const auto labels = dialog->findChildren<QLabel *>();
    for (const QLabel *label : labels)
        QVERIFY2(label->wordWrap(), qPrintable(label->objectName()));
    // Nothing is cut off sideways: the text fits the viewport and scrolls up and down.
    auto *scrollArea = dialog->findChild<QScrollArea *>();
    QVERIFY(scrollArea);
    QVERIFY(scrollArea->widgetResizable());
    QTRY_VERIFY(scrollArea->widget()->width() <= scrollArea->viewport()->width());
    for (const char *name : {"allowButton", "denyButton"}) {
        const QWidget *button = dialog->findChild<QPushButton *>(QLatin1String(name));
        QVERIFY2(dialog->rect().contains(button->geometry()), name);
    }
    // Even with the example shown, which scrolls within its own view.
    dialog->setPayloadVisible(true);
    QTRY_VERIFY(scrollArea->widget()->width() <= scrollArea->viewport()->width());
    QCOMPARE(dialog->width(), 360);
}

void tst_ConsentDialog::followsPaletteAndFont()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Base, QColor(0x10, 0x10, 0x12));
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    QApplication::setPalette(dark);
    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    QCOMPARE(dialog->palette().color(QPalette::Window), dark.color(QPalette::Window));
    // No widget brings colours of its own.
    const auto widgets = dialog->findChildren<QWidget *>();
    for (const QWidget *widget : widgets) {
        QVERIFY2(!widget->testAttribute(Qt::WA_SetPalette), qPrintable(widget->objectName()));
        QVERIFY2(widget->styleSheet().isEmpty(), qPrintable(widget->objectName()));
        QCOMPARE(widget->palette().color(QPalette::WindowText), dark.color(QPalette::WindowText));
    }
    // Fonts derive from the dialog's: a larger font makes everything larger.
    auto *heading = dialog->findChild<QLabel *>(QStringLiteral("titleLabel"));
    auto *view = dialog->findChild<QPlainTextEdit *>(QStringLiteral("payloadView"));
    auto *intro = dialog->findChild<QLabel *>(QStringLiteral("introductionLabel"));
    const qreal base = dialog->font().pointSizeF();
    QVERIFY(heading->font().pointSizeF() > base);
    QCOMPARE(view->font().pointSizeF(), base);
    const QSize hintBefore = dialog->sizeHint();
    QFont big = QApplication::font();
    big.setPointSizeF(base * 1.5);
    QApplication::setFont(big);
    QTRY_COMPARE(intro->font().pointSizeF(), base * 1.5);
    QTRY_VERIFY(heading->font().pointSizeF() > base * 1.5);
    QTRY_COMPARE(view->font().pointSizeF(), base * 1.5);
    QVERIFY(dialog->sizeHint().width() > hintBefore.width());
}

void tst_ConsentDialog::everyControlHasAnAccessibleName()
{
    ConsentDialog *dialog = showDialog(m_telemetry.get());
    QVERIFY(dialog);
    dialog->setPrivacyPolicyUrl(QUrl(QStringLiteral("https://example.com/privacy")));
    dialog->setPayloadVisible(true);
    QCOMPARE(unnamedControls(dialog), QStringList());
    const ConsentTexts texts;
    QCOMPARE(dialog->findChild<QPushButton *>(QStringLiteral("allowButton"))->accessibleName(), texts.allow());
    QCOMPARE(dialog->findChild<QPushButton *>(QStringLiteral("denyButton"))->accessibleName(), texts.deny());
    QCOMPARE(dialog->findChild<QToolButton *>(QStringLiteral("payloadToggle"))->accessibleName(), texts.hidePayload());
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("privacyPolicyLink"))->accessibleName(),
             texts.privacyPolicyLink());
}

QTEST_MAIN(tst_ConsentDialog)
#include "tst_consentdialog.moc"
