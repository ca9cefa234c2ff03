// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "widgetsupport.h"

#include <QtCore/QJsonDocument>
#include <QtGui/QFontDatabase>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>

namespace Automagik::Internal {

namespace WidgetSupport {

QFont headingFont(const QFont &base)
{
    QFont font = base;
    font.setBold(true);
    if (base.pointSizeF() > 0)
        font.setPointSizeF(base.pointSizeF() * 1.25);
    else if (base.pixelSize() > 0)
        font.setPixelSize(qRound(base.pixelSize() * 1.25));
    return font;
}

QFont sectionFont(const QFont &base)
{
    QFont font = base;
    font.setBold(true);
    return font;
}

QFont monospaceFont(const QFont &base)
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setStyleHint(QFont::Monospace);
    // The system's fixed font has its own size; follow the widget's so the view scales with it.
    if (base.pointSizeF() > 0)
        font.setPointSizeF(base.pointSizeF());
    else if (base.pixelSize() > 0)
        font.setPixelSize(base.pixelSize());
    return font;
}

QString bulletList(const QStringList &items)
{
    QString html = QStringLiteral("<ul style=\"margin-top:0px; margin-bottom:0px;\">");
    for (const QString &item : items)
        html += QStringLiteral("<li>") + item.toHtmlEscaped() + QStringLiteral("</li>");
    html += QStringLiteral("</ul>");
    return html;
}

QLabel *wrappingLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

QPlainTextEdit *jsonView(const QString &objectName, QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(objectName);
    view->setReadOnly(true);
    view->setTabChangesFocus(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap); // JSON reads best unwrapped; it scrolls sideways
    view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    view->setFont(monospaceFont(parent ? parent->font() : QFont()));
    // JSON is left-to-right in every language.
    view->setLayoutDirection(Qt::LeftToRight);
    return view;
}

QString prettyJson(const QString &json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json.toUtf8());
    if (document.isNull())
        return json;
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented));
}

} // namespace WidgetSupport

EqualSizeButton::EqualSizeButton(QWidget *parent)
    : QPushButton(parent)
{
    // Neither answer may be preselected: Enter must not pick one.
    setAutoDefault(false);
    setDefault(false);
}

void EqualSizeButton::setPartner(QPushButton *partner)
{
    m_partner = partner;
    updateGeometry();
}

QSize EqualSizeButton::sizeHint() const
{
    QSize size = QPushButton::sizeHint();
    if (m_partner && !m_partner->isHidden())
        size = size.expandedTo(m_partner->QPushButton::sizeHint()); // the base hint: no mutual recursion
    return size;
}

QSize EqualSizeButton::minimumSizeHint() const
{
    QSize size = QPushButton::minimumSizeHint();
    if (m_partner && !m_partner->isHidden())
        size = size.expandedTo(m_partner->QPushButton::minimumSizeHint());
    return size;
}

} // namespace Automagik::Internal
