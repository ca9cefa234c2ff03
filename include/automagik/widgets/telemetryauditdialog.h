// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/widgets/automagiktelemetrywidgets_export.h>

#include <QtWidgets/QDialog>

#include <memory>

namespace Automagik {

class Telemetry;
class TelemetryAuditDialogPrivate;

/*!
    \class Automagik::TelemetryAuditDialog
    \brief A small dialog that lists what this application sent, from the
    local audit history (Telemetry::auditLog()), newest first.

    Each line gives the time, the kind and number of records and where they
    went; selecting one shows the request body exactly as it was sent.
    "Clear history" deletes the history (AuditLog::clear()). The list
    follows new deliveries (Telemetry::batchSent()).

    The controls have these object names: \c entryList, \c bodyView,
    \c emptyLabel, \c clearButton, \c closeButton.

    \since 1.0
*/
class AUTOMAGIK_TELEMETRY_WIDGETS_EXPORT TelemetryAuditDialog : public QDialog
{
    Q_OBJECT
    Q_PROPERTY(int entryCount READ entryCount NOTIFY entriesChanged FINAL)

public:
    //! Creates the dialog, listing the history of \a telemetry (Telemetry::auditLog()).
    explicit TelemetryAuditDialog(Telemetry *telemetry, QWidget *parent = nullptr);
    ~TelemetryAuditDialog() override;

    //! The client whose history is shown; null once it was destroyed.
    Telemetry *telemetry() const;
    //! How many entries the list shows.
    int entryCount() const;

    //! About 80 characters by 30 lines of the dialog's font, never larger than the screen.
    QSize sizeHint() const override;

public Q_SLOTS:
    //! Reads the history again.
    void reload();
    //! Deletes the whole history, as the "Clear history" button does.
    void clearHistory();

Q_SIGNALS:
    //! The list was read again or cleared.
    void entriesChanged();

protected:
    //! Retranslates on a language or locale change (the times follow the locale) and follows font changes.
    void changeEvent(QEvent *event) override;

private:
    Q_DISABLE_COPY_MOVE(TelemetryAuditDialog)
    friend class TelemetryAuditDialogPrivate;
    const std::unique_ptr<TelemetryAuditDialogPrivate> d;
};

} // namespace Automagik
