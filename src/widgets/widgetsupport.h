// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QPointer>
#include <QtCore/QStringList>
#include <QtGui/QFont>
#include <QtWidgets/QPushButton>

class QLabel;
class QPlainTextEdit;

namespace Automagik::Internal {

/*
    Helpers shared by the widgets. Nothing here sets a colour or a size in
    pixels: everything derives from the widget's own font, palette and style,
    so the widgets follow the application's theme, font size and direction.
*/
namespace WidgetSupport {

//! A bold font somewhat larger than \a base, for the dialogs' headings.
QFont headingFont(const QFont &base);
//! A bold font of \a base's size, for section headings.
QFont sectionFont(const QFont &base);
//! The system's fixed-pitch font at \a base's size, for JSON.
QFont monospaceFont(const QFont &base);
//! \a items as an HTML bullet list (escaped), for a rich-text QLabel.
QString bulletList(const QStringList &items);
//! A word-wrapping label named \a objectName.
QLabel *wrappingLabel(const QString &objectName, QWidget *parent);
//! A read-only, fixed-pitch text view for JSON bodies named \a objectName.
QPlainTextEdit *jsonView(const QString &objectName, QWidget *parent);
//! \a json indented for reading; \a json itself when it is not a complete JSON document.
QString prettyJson(const QString &json);

} // namespace WidgetSupport

/*
    A push button that is never a default button and is at least as large as
    its partner, so two answers of equal weight have the same size whatever
    their texts, the language, the font or the style.
*/
class EqualSizeButton : public QPushButton
{
public:
    explicit EqualSizeButton(QWidget *parent = nullptr);
    void setPartner(QPushButton *partner);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

private:
    QPointer<QPushButton> m_partner;
};

} // namespace Automagik::Internal
