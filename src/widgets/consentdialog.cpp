// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include <automagik/widgets/consentdialog.h>

#include "widgetsupport.h"

#include <automagik/consentcontroller.h>
#include <automagik/consenttexts.h>
#include <automagik/telemetry.h>

#include <QtCore/QEvent>
#include <QtCore/QPointer>
#include <QtGui/QScreen>
#include <QtWidgets/QApplication>
#include <QtWidgets/QBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QScrollArea>
#include <QtWidgets/QStyle>
#include <QtWidgets/QToolButton>

namespace Automagik {

using namespace Internal;

class ConsentDialogPrivate
{
public:
    explicit ConsentDialogPrivate(ConsentDialog *q, Telemetry *telemetry)
        : q(q)
        , telemetry(telemetry)
        , controller(new ConsentController(telemetry, q))
    {
    }

    void setupUi();
    void retranslate();
    void updateFonts();
    void updateLockedState();
    void updatePayloadToggle();
    void answer(bool granted);

    ConsentDialog *const q;
    QPointer<Telemetry> telemetry;
    // Whether there is a choice to offer, and why not, is the controller's to say.
    ConsentController *const controller;
    QUrl privacyPolicyUrl;
    bool payloadVisible = false;
    bool locked = false;

    QScrollArea *scrollArea = nullptr;
    QWidget *content = nullptr;
    QLabel *heading = nullptr;
    QLabel *introduction = nullptr;
    QLabel *collectedHeading = nullptr;
    QLabel *collected = nullptr;
    QLabel *neverCollectedHeading = nullptr;
    QLabel *neverCollected = nullptr;
    QLabel *changeLater = nullptr;
    QLabel *privacyLink = nullptr;
    QToolButton *payloadToggle = nullptr;
    QWidget *payloadSection = nullptr;
    QLabel *payloadExplanation = nullptr;
    QPlainTextEdit *payloadView = nullptr;
    QLabel *lockedLabel = nullptr;
    EqualSizeButton *denyButton = nullptr;
    EqualSizeButton *allowButton = nullptr;
    QPushButton *closeButton = nullptr;
};

void ConsentDialogPrivate::setupUi()
{
    // Everything but the answers scrolls, so the buttons stay in reach on small screens and at large fonts.
    scrollArea = new QScrollArea(q);
    scrollArea->setObjectName(QStringLiteral("scrollArea"));
    scrollArea->setWidgetResizable(true);
    scrollArea->setFrameShape(QFrame::NoFrame);
    scrollArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // every text wraps instead
    scrollArea->setFocusPolicy(Qt::StrongFocus); // first in the tab chain: the keyboard can scroll the text

    content = new QWidget(scrollArea);
    content->setObjectName(QStringLiteral("content"));
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);

    heading = WidgetSupport::wrappingLabel(QStringLiteral("titleLabel"), content);
    introduction = WidgetSupport::wrappingLabel(QStringLiteral("introductionLabel"), content);
    collectedHeading = WidgetSupport::wrappingLabel(QStringLiteral("collectedHeading"), content);
    collected = WidgetSupport::wrappingLabel(QStringLiteral("collectedList"), content);
    collected->setTextFormat(Qt::RichText);
    neverCollectedHeading = WidgetSupport::wrappingLabel(QStringLiteral("neverCollectedHeading"), content);
    neverCollected = WidgetSupport::wrappingLabel(QStringLiteral("neverCollectedList"), content);
    neverCollected->setTextFormat(Qt::RichText);
    changeLater = WidgetSupport::wrappingLabel(QStringLiteral("changeLaterLabel"), content);

    privacyLink = WidgetSupport::wrappingLabel(QStringLiteral("privacyPolicyLink"), content);
    privacyLink->setTextFormat(Qt::RichText);
    privacyLink->setOpenExternalLinks(true);
    privacyLink->setTextInteractionFlags(Qt::TextBrowserInteraction); // reachable and activatable by keyboard
    privacyLink->setVisible(false);

    payloadToggle = new QToolButton(content);
    payloadToggle->setObjectName(QStringLiteral("payloadToggle"));
    payloadToggle->setAutoRaise(true);
    payloadToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    payloadToggle->setFocusPolicy(Qt::StrongFocus);

    payloadSection = new QWidget(content);
    payloadSection->setObjectName(QStringLiteral("payloadSection"));
    auto *payloadLayout = new QVBoxLayout(payloadSection);
    payloadLayout->setContentsMargins(0, 0, 0, 0);
    payloadExplanation = WidgetSupport::wrappingLabel(QStringLiteral("payloadExplanation"), payloadSection);
    payloadView = WidgetSupport::jsonView(QStringLiteral("payloadView"), payloadSection);
    payloadExplanation->setBuddy(payloadView);
    payloadLayout->addWidget(payloadExplanation);
    payloadLayout->addWidget(payloadView, 1);
    payloadSection->setVisible(false);
    if (telemetry)
        payloadView->setPlainText(telemetry->samplePayload());

    contentLayout->addWidget(heading);
    contentLayout->addWidget(introduction);
    contentLayout->addWidget(collectedHeading);
    contentLayout->addWidget(collected);
    contentLayout->addWidget(neverCollectedHeading);
    contentLayout->addWidget(neverCollected);
    contentLayout->addWidget(changeLater);
    contentLayout->addWidget(privacyLink);
    contentLayout->addWidget(payloadToggle, 0, Qt::AlignLeading);
    contentLayout->addWidget(payloadSection, 1);
    contentLayout->addStretch();
    scrollArea->setWidget(content);

    lockedLabel = WidgetSupport::wrappingLabel(QStringLiteral("lockedLabel"), q);
    lockedLabel->setVisible(false);

    // Equal weight: the same kind of button, the same size, side by side, neither default nor focused first.
    allowButton = new EqualSizeButton(q);
    allowButton->setObjectName(QStringLiteral("allowButton"));
    denyButton = new EqualSizeButton(q);
    denyButton->setObjectName(QStringLiteral("denyButton"));
    denyButton->setPartner(allowButton);
    allowButton->setPartner(denyButton);
    closeButton = new QPushButton(q);
    closeButton->setObjectName(QStringLiteral("closeButton"));
    closeButton->setAutoDefault(false);
    closeButton->setVisible(false);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(allowButton); // the order of the QML dialog
    buttons->addWidget(denyButton);
    buttons->addWidget(closeButton);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(q);
    layout->addWidget(scrollArea, 1);
    layout->addWidget(lockedLabel);
    layout->addLayout(buttons);

    QWidget::setTabOrder(scrollArea, privacyLink);
    QWidget::setTabOrder(privacyLink, payloadToggle);
    QWidget::setTabOrder(payloadToggle, payloadView);
    QWidget::setTabOrder(payloadView, allowButton);
    QWidget::setTabOrder(allowButton, denyButton);
    QWidget::setTabOrder(denyButton, closeButton);
    scrollArea->setFocus(); // the dialog opens with no answer focused

    // A disclosure, not a checkable button: it should not look pressed while the example is shown.
    QObject::connect(payloadToggle, &QToolButton::clicked, q, [this] { q->setPayloadVisible(!payloadVisible); });
    QObject::connect(allowButton, &QPushButton::clicked, q, &ConsentDialog::accept);
    QObject::connect(denyButton, &QPushButton::clicked, q, [this] { answer(false); });
    QObject::connect(closeButton, &QPushButton::clicked, q, &QDialog::reject);
    QObject::connect(controller, &ConsentController::consentChanged, q, [this] { updateLockedState(); });
    QObject::connect(controller, &ConsentController::reasonChanged, q, [this] { updateLockedState(); });
}

void ConsentDialogPrivate::retranslate()
{
    // Every text comes from ConsentTexts: one translation shared with the QML dialog. The client's
    // configuration adds what its automatic signals send to the "What is sent" list.
    const ConsentTexts texts = telemetry ? ConsentTexts(telemetry->config()) : ConsentTexts();
    q->setWindowTitle(texts.title());
    heading->setText(texts.title());
    introduction->setText(texts.introduction());
    collectedHeading->setText(texts.collectedHeading());
    collected->setText(WidgetSupport::bulletList(texts.collected()));
    collected->setAccessibleName(texts.collectedHeading());
    collected->setAccessibleDescription(texts.collected().join(QLatin1Char('\n')));
    neverCollectedHeading->setText(texts.neverCollectedHeading());
    neverCollected->setText(WidgetSupport::bulletList(texts.neverCollected()));
    neverCollected->setAccessibleName(texts.neverCollectedHeading());
    neverCollected->setAccessibleDescription(texts.neverCollected().join(QLatin1Char('\n')));
    changeLater->setText(texts.changeLater());
    if (privacyPolicyUrl.isValid() && !privacyPolicyUrl.isEmpty()) {
        privacyLink->setText(QStringLiteral("<a href=\"")
                             + privacyPolicyUrl.toString(QUrl::FullyEncoded).toHtmlEscaped()
                             + QStringLiteral("\">") + texts.privacyPolicyLink().toHtmlEscaped()
                             + QStringLiteral("</a>"));
        privacyLink->setToolTip(privacyPolicyUrl.toDisplayString());
    } else {
        privacyLink->clear();
    }
    privacyLink->setAccessibleName(texts.privacyPolicyLink());
    scrollArea->setAccessibleName(texts.title());
    payloadExplanation->setText(texts.payloadExplanation());
    payloadView->setAccessibleName(texts.showPayload());
    payloadView->setAccessibleDescription(texts.payloadExplanation());
    allowButton->setText(texts.allow());
    allowButton->setAccessibleName(texts.allow());
    allowButton->setAccessibleDescription(texts.introduction());
    denyButton->setText(texts.deny());
    denyButton->setAccessibleName(texts.deny());
    denyButton->setAccessibleDescription(texts.introduction());
    closeButton->setText(texts.close());
    closeButton->setAccessibleName(texts.close());
    updatePayloadToggle();
    // Both hints depend on both texts.
    allowButton->updateGeometry();
    denyButton->updateGeometry();
}

void ConsentDialogPrivate::updateFonts()
{
    // Derived from the dialog's font each time it changes, so the dialog scales with the application's font.
    const QFont base = q->font();
    heading->setFont(WidgetSupport::headingFont(base));
    collectedHeading->setFont(WidgetSupport::sectionFont(base));
    neverCollectedHeading->setFont(WidgetSupport::sectionFont(base));
    payloadView->setFont(WidgetSupport::monospaceFont(base));
    // Room for a dozen lines of the example, in lines rather than pixels.
    payloadView->setMinimumHeight(payloadView->fontMetrics().lineSpacing() * 12);
}

void ConsentDialogPrivate::updateLockedState()
{
    // Without a client (it was destroyed) the answers stay and only close the dialog.
    locked = telemetry && !controller->canChange();
    // An answer here would change nothing (an administrator's lock, DO_NOT_TRACK, ...): say why, offer no choice.
    lockedLabel->setText(controller->reason());
    lockedLabel->setVisible(locked && !controller->reason().isEmpty());
    changeLater->setVisible(!locked);
    allowButton->setVisible(!locked);
    denyButton->setVisible(!locked);
    closeButton->setVisible(locked);
}

void ConsentDialogPrivate::updatePayloadToggle()
{
    const ConsentTexts texts;
    const QString text = payloadVisible ? texts.hidePayload() : texts.showPayload();
    payloadToggle->setText(text);
    payloadToggle->setAccessibleName(text);
    const bool rtl = q->layoutDirection() == Qt::RightToLeft;
    payloadToggle->setArrowType(payloadVisible ? Qt::DownArrow : (rtl ? Qt::LeftArrow : Qt::RightArrow));
    payloadToggle->setVisible(!payloadView->toPlainText().isEmpty());
}

void ConsentDialogPrivate::answer(bool granted)
{
    if (locked) { // nothing to choose: just close
        q->QDialog::reject();
        return;
    }
    controller->setConsent(granted);
    Q_EMIT q->answered(granted);
    q->done(granted ? QDialog::Accepted : QDialog::Rejected);
}

ConsentDialog::ConsentDialog(Telemetry *telemetry, QWidget *parent)
    : QDialog(parent)
    , d(new ConsentDialogPrivate(this, telemetry))
{
    setObjectName(QStringLiteral("AutomagikConsentDialog"));
    setSizeGripEnabled(false);
    d->setupUi();
    d->updateFonts();
    d->retranslate();
    d->updateLockedState();
}

ConsentDialog::~ConsentDialog() = default;

Telemetry *ConsentDialog::telemetry() const
{
    return d->telemetry;
}

QUrl ConsentDialog::privacyPolicyUrl() const
{
    return d->privacyPolicyUrl;
}

void ConsentDialog::setPrivacyPolicyUrl(const QUrl &url)
{
    if (d->privacyPolicyUrl == url)
        return;
    d->privacyPolicyUrl = url;
    d->privacyLink->setVisible(url.isValid() && !url.isEmpty());
    d->retranslate();
    Q_EMIT privacyPolicyUrlChanged(url);
}

bool ConsentDialog::isPayloadVisible() const
{
    return d->payloadVisible;
}

void ConsentDialog::setPayloadVisible(bool visible)
{
    if (d->payloadVisible == visible)
        return;
    d->payloadVisible = visible;
    d->payloadSection->setVisible(visible);
    d->updatePayloadToggle();
    if (visible)
        d->scrollArea->ensureWidgetVisible(d->payloadView);
    Q_EMIT payloadVisibleChanged(visible);
}

QSize ConsentDialog::sizeHint() const
{
    // Lines of about 70 characters read well; the height is what the wrapped text needs at that width,
    // computed as if the scroll bar were shown so that it is not.
    const QFontMetrics metrics(font());
    const QMargins margins = layout()->contentsMargins();
    const int spacing = qMax(0, layout()->spacing());
    const int width = metrics.averageCharWidth() * 70 + margins.left() + margins.right();
    const int innerWidth = width - margins.left() - margins.right();
    const int contentWidth = innerWidth - style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, d->scrollArea);
    int height = margins.top() + margins.bottom() + d->content->layout()->totalHeightForWidth(contentWidth)
        + metrics.lineSpacing(); // slack for rounding in the text layout
    if (!d->lockedLabel->isHidden())
        height += spacing + d->lockedLabel->heightForWidth(innerWidth);
    height += spacing + qMax(d->allowButton->sizeHint().height(), d->closeButton->sizeHint().height());
    QSize size = QSize(width, height).expandedTo(minimumSizeHint());
    if (const QScreen *screen = this->screen())
        size = size.boundedTo(screen->availableGeometry().size() * 9 / 10);
    return size;
}

void ConsentDialog::accept()
{
    d->answer(true);
}

bool ConsentDialog::askIfNeeded(Telemetry *telemetry, QWidget *parent)
{
    return askIfNeeded(telemetry, QUrl(), parent);
}

bool ConsentDialog::askIfNeeded(Telemetry *telemetry, const QUrl &privacyPolicyUrl, QWidget *parent)
{
    if (!telemetry || !telemetry->needsConsent())
        return false;
    // On the heap and watched: the parent may be destroyed while the dialog runs its own event loop.
    QPointer<ConsentDialog> dialog = new ConsentDialog(telemetry, parent);
    dialog->setPrivacyPolicyUrl(privacyPolicyUrl);
    dialog->setWindowModality(Qt::ApplicationModal);
    dialog->exec();
    delete dialog.data();
    return true;
}

void ConsentDialog::changeEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::LanguageChange:
        d->retranslate();
        break;
    case QEvent::FontChange:
        d->updateFonts();
        break;
    case QEvent::LayoutDirectionChange:
        d->updatePayloadToggle();
        break;
    default:
        break;
    }
    QDialog::changeEvent(event);
}

} // namespace Automagik
