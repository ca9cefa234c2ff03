// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include <automagik/widgets/telemetryauditdialog.h>

#include "widgetsupport.h"

#include <automagik/auditlog.h>
#include <automagik/consenttexts.h>
#include <automagik/telemetry.h>

#include <QtCore/QEvent>
#include <QtCore/QPointer>
#include <QtGui/QScreen>
#include <QtWidgets/QBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTreeWidget>

#include <algorithm>

namespace Automagik {

using namespace Internal;

class TelemetryAuditDialogPrivate
{
public:
    explicit TelemetryAuditDialogPrivate(TelemetryAuditDialog *q, Telemetry *telemetry)
        : q(q)
        , telemetry(telemetry)
    {
    }

    void setupUi();
    void retranslate();
    void updateFonts();
    void populate();
    void showSelected();
    QString summary(const AuditEntry &entry) const;

    TelemetryAuditDialog *const q;
    QPointer<Telemetry> telemetry;
    QList<AuditEntry> entries; // newest first, as listed
    bool constructed = false;

    QLabel *heading = nullptr;
    QLabel *retention = nullptr;
    QLabel *emptyLabel = nullptr;
    QSplitter *splitter = nullptr;
    QTreeWidget *list = nullptr;
    QPlainTextEdit *bodyView = nullptr;
    QPushButton *clearButton = nullptr;
    QPushButton *closeButton = nullptr;
};

void TelemetryAuditDialogPrivate::setupUi()
{
    heading = WidgetSupport::wrappingLabel(QStringLiteral("titleLabel"), q);
    retention = WidgetSupport::wrappingLabel(QStringLiteral("retentionLabel"), q);
    emptyLabel = WidgetSupport::wrappingLabel(QStringLiteral("emptyLabel"), q);
    emptyLabel->setAlignment(Qt::AlignCenter);

    list = new QTreeWidget(q);
    list->setObjectName(QStringLiteral("entryList"));
    list->setColumnCount(2); // when, and what went where
    list->setHeaderHidden(true);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setAlternatingRowColors(true);
    list->setSelectionMode(QAbstractItemView::SingleSelection);
    list->setAllColumnsShowFocus(true);
    list->header()->setStretchLastSection(true);
    list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);

    bodyView = WidgetSupport::jsonView(QStringLiteral("bodyView"), q);

    splitter = new QSplitter(Qt::Vertical, q);
    splitter->setObjectName(QStringLiteral("splitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(list);
    splitter->addWidget(bodyView);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);

    clearButton = new QPushButton(q);
    clearButton->setObjectName(QStringLiteral("clearButton"));
    clearButton->setAutoDefault(false);
    closeButton = new QPushButton(q);
    closeButton->setObjectName(QStringLiteral("closeButton"));
    closeButton->setAutoDefault(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(clearButton);
    buttons->addStretch(1);
    buttons->addWidget(closeButton);

    auto *layout = new QVBoxLayout(q);
    layout->addWidget(heading);
    layout->addWidget(retention);
    layout->addWidget(emptyLabel, 1);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);

    QObject::connect(list, &QTreeWidget::currentItemChanged, q, [this] { showSelected(); });
    QObject::connect(clearButton, &QPushButton::clicked, q, &TelemetryAuditDialog::clearHistory);
    QObject::connect(closeButton, &QPushButton::clicked, q, &QDialog::reject);
    if (telemetry) // each delivered batch adds an entry
        QObject::connect(telemetry, &Telemetry::batchSent, q, &TelemetryAuditDialog::reload);
}

void TelemetryAuditDialogPrivate::retranslate()
{
    const ConsentTexts texts;
    q->setWindowTitle(texts.auditTitle());
    heading->setText(texts.auditTitle());
    retention->setText(texts.auditRetention());
    emptyLabel->setText(texts.auditEmpty());
    list->setAccessibleName(texts.auditTitle());
    list->setAccessibleDescription(texts.auditRetention());
    clearButton->setText(texts.auditClear());
    clearButton->setAccessibleName(texts.auditClear());
    closeButton->setText(texts.close());
    closeButton->setAccessibleName(texts.close());
    populate(); // the summaries are translated too
}

void TelemetryAuditDialogPrivate::updateFonts()
{
    heading->setFont(WidgetSupport::headingFont(q->font()));
    bodyView->setFont(WidgetSupport::monospaceFont(q->font()));
}

QString TelemetryAuditDialogPrivate::summary(const AuditEntry &entry) const
{
    // The URL is isolated left-to-right (U+2066 ... U+2069) so that right-to-left sentences do not reorder it.
    const QString destination = QChar(0x2066) + entry.destination + QChar(0x2069);
    const ConsentTexts texts;
    return texts.auditEntrySummary(entry.items, texts.signalName(entry.signal), destination);
}

void TelemetryAuditDialogPrivate::populate()
{
    const QLocale locale;
    const int previous = list->currentItem() ? list->indexOfTopLevelItem(list->currentItem()) : 0;
    const QSignalBlocker blocker(list);
    list->clear();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const AuditEntry &entry = entries.at(i);
        const QString time = locale.toString(entry.time.toLocalTime(), QLocale::ShortFormat);
        const QString what = summary(entry);
        auto *item = new QTreeWidgetItem(list, {time, what});
        item->setData(0, Qt::AccessibleTextRole, QString(time + QStringLiteral(", ") + what));
        item->setToolTip(1, what);
    }
    const bool empty = entries.isEmpty();
    emptyLabel->setVisible(empty);
    splitter->setVisible(!empty);
    clearButton->setEnabled(!empty);
    if (!empty)
        list->setCurrentItem(list->topLevelItem(qBound(0, previous, list->topLevelItemCount() - 1)));
    showSelected();
}

void TelemetryAuditDialogPrivate::showSelected()
{
    const int row = list->currentItem() ? list->indexOfTopLevelItem(list->currentItem()) : -1;
    if (row < 0 || row >= entries.size()) {
        bodyView->clear();
        bodyView->setAccessibleName(ConsentTexts().auditTitle());
        return;
    }
    const AuditEntry &entry = entries.at(row);
    bodyView->setPlainText(entry.bodyTruncated ? ConsentTexts().auditBodyTruncated() + QStringLiteral("\n\n") + entry.body
                                               : WidgetSupport::prettyJson(entry.body));
    bodyView->setAccessibleName(summary(entry));
}

TelemetryAuditDialog::TelemetryAuditDialog(Telemetry *telemetry, QWidget *parent)
    : QDialog(parent)
    , d(new TelemetryAuditDialogPrivate(this, telemetry))
{
    setObjectName(QStringLiteral("AutomagikTelemetryAuditDialog"));
    d->setupUi();
    d->updateFonts();
    reload();
    d->retranslate(); // also lists the entries
    d->constructed = true;
}

TelemetryAuditDialog::~TelemetryAuditDialog() = default;

Telemetry *TelemetryAuditDialog::telemetry() const
{
    return d->telemetry;
}

int TelemetryAuditDialog::entryCount() const
{
    return int(d->entries.size());
}

QSize TelemetryAuditDialog::sizeHint() const
{
    const QFontMetrics metrics(font());
    QSize size(metrics.averageCharWidth() * 80, metrics.lineSpacing() * 30);
    size = size.expandedTo(minimumSizeHint());
    if (const QScreen *screen = this->screen())
        size = size.boundedTo(screen->availableGeometry().size() * 9 / 10);
    return size;
}

void TelemetryAuditDialog::reload()
{
    d->entries = d->telemetry ? d->telemetry->auditLog().entries() : QList<AuditEntry>();
    std::reverse(d->entries.begin(), d->entries.end()); // newest first
    if (!d->constructed)
        return; // the constructor lists them once the texts are set
    d->populate();
    Q_EMIT entriesChanged();
}

void TelemetryAuditDialog::clearHistory()
{
    if (d->telemetry)
        d->telemetry->auditLog().clear();
    reload();
}

void TelemetryAuditDialog::changeEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::LanguageChange:
    case QEvent::LocaleChange: // the times are formatted for the locale
        d->retranslate();
        break;
    case QEvent::FontChange:
        d->updateFonts();
        break;
    default:
        break;
    }
    QDialog::changeEvent(event);
}

} // namespace Automagik
