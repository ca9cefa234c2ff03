// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "sandbox.h"

#include <automagik/telemetry.h>

#include <QtCore/QByteArrayList>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QSettings>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtGui/QTextDocumentFragment>
#include <QtTest/QTest>
#include <QtWidgets/QAbstractButton>
#include <QtWidgets/QApplication>
#include <QtWidgets/QLabel>

#include <memory>

namespace WidgetsTestSupport {

/*
    One test's world: the suite's sandbox (TestSupport::Sandbox: a private HOME, so the opt-out and
    preference files of the machine do not count, a private system-scope settings directory for the
    administrator's policy, no telemetry, CI or consent variables inherited), plus the consent INI file
    and the audit history the widgets work on.
*/
class Sandbox : public TestSupport::Sandbox
{
public:
    QString settingsFile() const { return filePath(QStringLiteral("consent.ini")); }
    QString auditFile() const { return filePath(QStringLiteral("audit/audit.jsonl")); }

    //! A configuration that stores its answer in settingsFile() and its history in auditFile(); nothing is sent.
    Automagik::TelemetryConfig config(int policyVersion = 1) const
    {
        Automagik::TelemetryConfig config(QStringLiteral("widgets-test"), QStringLiteral("1.0.0"));
        config.setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:9"))); // discard port: never reached
        config.setSettingsFile(settingsFile());
        config.setAuditLogFile(auditFile());
        config.setConsentPolicyVersion(policyVersion);
        config.setShutdownTimeout(100);
        return config;
    }

    //! The stored answer ("granted", "denied" or empty), read back from the INI file itself.
    QString storedConsent() const
    {
        QSettings settings(settingsFile(), QSettings::IniFormat);
        return settings.value(QStringLiteral("AutomagikTelemetry/consent")).toString();
    }

    //! The administrator's lock for this application, as a system-wide policy file would set it.
    bool lockByAdministrator() const
    {
        const QString path = QDir(systemDir()).filePath(QCoreApplication::organizationName() + QLatin1Char('/')
                                                        + QCoreApplication::applicationName()
                                                        + QStringLiteral(".conf"));
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        return file.write("[AutomagikTelemetry]\ndisabled=true\n") > 0;
    }
};

//! Every text a sighted user can read in \a root: window title, labels (rich text as plain text), buttons.
inline QString visibleText(const QWidget *root)
{
    QStringList texts{root->windowTitle()};
    const auto labels = root->findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        if (!label->isVisibleTo(root))
            continue;
        texts.append(label->textFormat() == Qt::PlainText ? label->text()
                                                          : QTextDocumentFragment::fromHtml(label->text()).toPlainText());
    }
    const auto buttons = root->findChildren<QAbstractButton *>();
    for (const QAbstractButton *button : buttons) {
        if (button->isVisibleTo(root))
            texts.append(button->text());
    }
    return texts.join(QLatin1Char('\n'));
}

//! Every widget under \a root that the keyboard can reach and that has no accessible name.
inline QStringList unnamedControls(const QWidget *root)
{
    QStringList unnamed;
    const auto widgets = root->findChildren<QWidget *>();
    for (const QWidget *widget : widgets) {
        if (widget->isVisibleTo(root) && widget->focusPolicy() != Qt::NoFocus && widget->accessibleName().isEmpty())
            unnamed.append(QString::fromLatin1(widget->metaObject()->className()) + QLatin1Char(' ')
                           + widget->objectName());
    }
    return unnamed;
}

} // namespace WidgetsTestSupport
