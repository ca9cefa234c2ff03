// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors

/*
    Asks the user whether the application may send usage statistics.

    Opens by itself whenever Telemetry.consentController.needsConsent becomes true (autoOpen);
    call open() to show it at any other time. It says what is sent and what never is, links to
    the application's privacy policy, shows a real example report, and offers "Allow" and
    "Don't allow" as two equal buttons: same size, same style, neither focused or default.
    Closing it without a choice (Escape, close()) leaves the answer undecided. While an answer
    would change nothing (consentController.canChange is false: an administrator's lock,
    DO_NOT_TRACK, ...) it says why and offers only "Close", as the widgets' dialog does.

    Every text comes from Automagik::ConsentTexts (Telemetry.texts), so it is translated with
    the library's catalogue. Sizes follow the font, colours the palette, and the layout mirrors
    for right-to-left languages.
*/
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Automagik.Telemetry

Dialog {
    id: root

    //! Open whenever Telemetry.consentController.needsConsent becomes true.
    property bool autoOpen: true
    //! The application's privacy policy; the link is hidden while it is empty.
    property url privacyPolicyUrl
    //! Whether the example report ("Show what is sent") is expanded.
    property bool payloadVisible: false
    //! Right-to-left layout: the application's layout direction or the default locale's.
    property bool mirrorLayout: Qt.application.layoutDirection === Qt.RightToLeft
                            || Qt.locale().textDirection === Qt.RightToLeft
    readonly property var texts: Telemetry.texts
    readonly property ConsentController controller: Telemetry.consentController
    //! Whether the user should be asked now (controller.needsConsent); the dialog opens when it becomes true.
    readonly property bool needsConsent: controller.needsConsent
    //! No choice to offer: an answer would change nothing. (Without a client the answers only close.)
    readonly property bool locked: Telemetry.ready && !controller.canChange

    //! The user chose; Telemetry already stored the answer. Closing without a choice does not emit it.
    signal answered(bool granted)

    function openIfNeeded() {
        if (autoOpen && needsConsent && !visible)
            open()
    }

    function answer(granted) {
        if (locked) { // nothing to choose: just close
            close()
            return
        }
        controller.setConsent(granted)
        close()
        answered(granted)
    }

    // The keyboard order: the visible links, then Allow, then Don't allow (or Close), then around again.
    function firstAnswer() {
        return locked ? closeButton : allowButton
    }
    function lastAnswer() {
        return locked ? closeButton : denyButton
    }
    function firstFocusable() {
        return privacyLink.visible ? privacyLink : payloadToggle.visible ? payloadToggle : firstAnswer()
    }
    function lastLink() {
        return payloadToggle.visible ? payloadToggle : privacyLink.visible ? privacyLink : lastAnswer()
    }

    function scaledFont(factor) {
        const spec = { family: font.family, bold: true }
        if (font.pointSize > 0)
            spec.pointSize = font.pointSize * factor
        else
            spec.pixelSize = Math.max(1, Math.round(font.pixelSize * factor))
        return Qt.font(spec)
    }

    // Sizes in terms of the font: about 60 characters per line, half a line between blocks.
    readonly property real preferredWidth: Math.ceil(metrics.averageCharacterWidth * 60) + leftPadding + rightPadding
    readonly property real gap: Math.round(metrics.height / 2)

    // In the middle of the window, whatever item it was declared in.
    anchors.centerIn: Overlay.overlay
    margins: gap
    width: Overlay.overlay ? Math.min(preferredWidth, Overlay.overlay.width - 2 * margins) : preferredWidth
    height: Overlay.overlay ? Math.min(implicitHeight, Overlay.overlay.height - 2 * margins) : implicitHeight

    modal: true
    focus: true
    // Escape is "not now", never "no": nothing is stored. A click outside does nothing.
    closePolicy: Popup.CloseOnEscape
    title: texts.title

    onPayloadVisibleChanged: {
        // Bring the example into view below its toggle, which stays visible to close it again.
        if (payloadVisible)
            Qt.callLater(() => {
                flick.ensureVisible(payloadView)
                flick.ensureVisible(payloadToggle)
            })
    }

    FontMetrics {
        id: metrics
        font: root.font
    }

    // Qt 6.4 popups do not pass the application's palette (a dark one, say) on to the items
    // inside them, neither when created nor when it changes. So the dialog copies the colours of
    // a control of the window (which has them, like every control of the window) into every item
    // of its own, when it opens and whenever that control's palette changes.
    readonly property Control paletteSource: Control {
        // A child of the item the dialog was declared in (a child of the overlay would not do).
        parent: root.parent
        visible: false
        onPaletteChanged: root.syncPalette()
    }
    Connections {
        target: root.paletteSource.palette
        function onChanged() { root.syncPalette() }
    }
    function syncPalette() {
        if (!paletteSource.parent || !contentItem)
            return
        const roles = ["alternateBase", "base", "brightText", "button", "buttonText", "dark", "highlight",
                       "highlightedText", "light", "link", "linkVisited", "mid", "midlight", "placeholderText",
                       "shadow", "text", "toolTipBase", "toolTipText", "window", "windowText"]
        const groups = ["active", "inactive", "disabled"]
        const from = paletteSource.palette
        function copyInto(target) {
            for (const group of groups) {
                for (const role of roles) {
                    if (!Qt.colorEqual(target[group][role], from[group][role]))
                        target[group][role] = from[group][role]
                }
            }
        }
        function walk(item) {
            if (!item)
                return
            if (item.palette)
                copyInto(item.palette)
            for (let i = 0; i < item.children.length; ++i)
                walk(item.children[i])
        }
        copyInto(palette)
        walk(header)
        walk(contentItem)
        walk(footer)
        walk(background)
    }
    onAboutToShow: syncPalette()

    onNeedsConsentChanged: {
        if (needsConsent)
            openIfNeeded()
        else if (visible && controller.consentState !== Automagik.ConsentState.Undecided)
            close() // answered somewhere else meanwhile
    }
    onAutoOpenChanged: openIfNeeded()
    Component.onCompleted: Qt.callLater(root.openIfNeeded)

    header: Label {
        LayoutMirroring.enabled: root.mirrorLayout
        text: root.title
        font: root.scaledFont(1.25)
        wrapMode: Text.Wrap
        horizontalAlignment: Text.AlignLeft
        leftPadding: root.leftPadding
        rightPadding: root.rightPadding
        topPadding: root.topPadding
        Accessible.role: Accessible.Heading
        Accessible.name: text
    }

    contentItem: Flickable {
        id: flick

        function ensureVisible(item) {
            if (!item || height <= 0)
                return
            const top = item.mapToItem(body, 0, 0).y
            const bottom = top + item.height
            if (top < contentY)
                contentY = Math.max(0, top)
            else if (bottom > contentY + height) // a taller item shows its beginning
                contentY = Math.max(0, Math.min(top, bottom - height, contentHeight - height))
        }

        // The content, not an answer, has the focus at first: Tab goes through the links to the
        // two buttons (in reading order, set explicitly: the popup's own chain puts the footer
        // first), and Enter or Space alone choose nothing. The arrow keys scroll.
        focus: true
        Keys.onTabPressed: root.firstFocusable().forceActiveFocus(Qt.TabFocusReason)
        Keys.onBacktabPressed: root.lastAnswer().forceActiveFocus(Qt.BacktabFocusReason)
        Keys.onUpPressed: contentY = Math.max(0, contentY - metrics.height * 2)
        Keys.onDownPressed: contentY = Math.max(0, Math.min(contentHeight - height, contentY + metrics.height * 2))
        Keys.onPressed: event => {
            if (event.key === Qt.Key_PageUp)
                contentY = Math.max(0, contentY - height)
            else if (event.key === Qt.Key_PageDown)
                contentY = Math.max(0, Math.min(contentHeight - height, contentY + height))
            else
                return
            event.accepted = true
        }

        LayoutMirroring.enabled: root.mirrorLayout
        LayoutMirroring.childrenInherit: true
        implicitWidth: root.preferredWidth - root.leftPadding - root.rightPadding
        implicitHeight: body.implicitHeight
        contentWidth: width
        contentHeight: body.implicitHeight
        flickableDirection: Flickable.VerticalFlick
        boundsBehavior: Flickable.StopAtBounds
        clip: true

        ScrollBar.vertical: ScrollBar {
            id: scrollBar
            policy: flick.contentHeight > flick.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            Accessible.name: root.title
        }

        ColumnLayout {
            id: body
            objectName: "consentBody"
            // Beside the scroll bar, which is on the left in right-to-left layouts.
            readonly property real scrollBarSpace: scrollBar.policy === ScrollBar.AlwaysOn ? scrollBar.width : 0
            x: root.mirrorLayout ? scrollBarSpace : 0
            width: flick.width - scrollBarSpace
            spacing: root.gap

            Label {
                Layout.fillWidth: true
                text: root.texts.introduction
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignLeft
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }

            Label {
                Layout.fillWidth: true
                text: root.texts.collectedHeading
                font: root.scaledFont(1)
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignLeft
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: Math.round(root.gap / 3)
                Accessible.role: Accessible.List
                Accessible.name: root.texts.collectedHeading
                Repeater {
                    model: root.texts.collected
                    delegate: Label {
                        required property string modelData
                        Layout.fillWidth: true
                        text: "\u2022 " + modelData
                        wrapMode: Text.Wrap
                        horizontalAlignment: Text.AlignLeft
                        Accessible.role: Accessible.ListItem
                        Accessible.name: modelData
                    }
                }
            }

            Label {
                Layout.fillWidth: true
                text: root.texts.neverCollectedHeading
                font: root.scaledFont(1)
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignLeft
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: Math.round(root.gap / 3)
                Accessible.role: Accessible.List
                Accessible.name: root.texts.neverCollectedHeading
                Repeater {
                    model: root.texts.neverCollected
                    delegate: Label {
                        required property string modelData
                        Layout.fillWidth: true
                        text: "\u2022 " + modelData
                        wrapMode: Text.Wrap
                        horizontalAlignment: Text.AlignLeft
                        Accessible.role: Accessible.ListItem
                        Accessible.name: modelData
                    }
                }
            }

            Label {
                Layout.fillWidth: true
                visible: !root.locked
                text: root.texts.changeLater
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignLeft
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }

            // The links, one per line: each as wide as its text, wrapped when the dialog is narrower.
            LinkButton {
                id: privacyLink
                objectName: "privacyPolicyLink"
                Layout.maximumWidth: body.width
                visible: root.privacyPolicyUrl.toString() !== ""
                KeyNavigation.tab: payloadToggle.visible ? payloadToggle : root.firstAnswer()
                KeyNavigation.backtab: root.lastAnswer()
                text: root.texts.privacyPolicyLink
                Accessible.description: root.privacyPolicyUrl.toString()
                onClicked: Qt.openUrlExternally(root.privacyPolicyUrl)
                onActiveFocusChanged: if (activeFocus) flick.ensureVisible(this)
            }

            LinkButton {
                id: payloadToggle
                objectName: "showPayloadButton"
                Layout.maximumWidth: body.width
                visible: Telemetry.samplePayload !== ""
                KeyNavigation.tab: root.firstAnswer()
                KeyNavigation.backtab: privacyLink.visible ? privacyLink : root.lastAnswer()
                checkable: true
                checked: root.payloadVisible
                text: checked ? root.texts.hidePayload : root.texts.showPayload
                onToggled: {
                    root.payloadVisible = checked
                    checked = Qt.binding(() => root.payloadVisible) // the user's click replaced the binding
                }
                onActiveFocusChanged: if (activeFocus) flick.ensureVisible(this)
            }

            PayloadView {
                id: payloadView
                objectName: "payloadView"
                Layout.fillWidth: true
                visible: root.payloadVisible && Telemetry.samplePayload !== ""
                explanation: root.texts.payloadExplanation
                payload: Telemetry.samplePayload
            }

            // Why there is no choice: the same sentence as the switch's and the widgets' (the controller's).
            Label {
                objectName: "reasonLabel"
                Layout.fillWidth: true
                visible: root.locked && root.controller.reason !== ""
                text: root.controller.reason
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignLeft
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }
        }
    }

    // Two equal answers: the same control, size and style; neither highlighted, default or focused.
    footer: Control {
        id: footerControl

        LayoutMirroring.enabled: root.mirrorLayout
        LayoutMirroring.childrenInherit: true
        leftPadding: root.leftPadding
        rightPadding: root.rightPadding
        bottomPadding: root.bottomPadding
        topPadding: root.gap

        contentItem: Item {
            implicitWidth: buttons.implicitWidth
            implicitHeight: buttons.implicitHeight

            GridLayout {
                id: buttons
                objectName: "consentButtons"

                readonly property real buttonWidth: Math.max(allowButton.implicitWidth, denyButton.implicitWidth)
                // Side by side while both fit at their common width, else one above the other.
                readonly property bool stacked: 2 * buttonWidth + columnSpacing > footerControl.availableWidth

                anchors.horizontalCenter: parent.horizontalCenter
                width: stacked ? parent.width : implicitWidth
                columns: stacked ? 1 : 2
                columnSpacing: root.gap
                rowSpacing: Math.round(root.gap / 2)

                Button {
                    id: allowButton
                    objectName: "allowButton"
                    visible: !root.locked
                    Layout.preferredWidth: buttons.buttonWidth
                    Layout.fillWidth: buttons.stacked
                    text: root.texts.allow
                    focusPolicy: Qt.StrongFocus
                    KeyNavigation.tab: denyButton
                    KeyNavigation.backtab: root.lastLink()
                    Accessible.name: text
                    Accessible.description: root.texts.title
                    Keys.onReturnPressed: root.answer(true)
                    Keys.onEnterPressed: root.answer(true)
                    onClicked: root.answer(true)
                }

                Button {
                    id: denyButton
                    objectName: "denyButton"
                    visible: !root.locked
                    Layout.preferredWidth: buttons.buttonWidth
                    Layout.fillWidth: buttons.stacked
                    text: root.texts.deny
                    focusPolicy: Qt.StrongFocus
                    KeyNavigation.tab: root.firstFocusable()
                    KeyNavigation.backtab: allowButton
                    Accessible.name: text
                    Accessible.description: root.texts.title
                    Keys.onReturnPressed: root.answer(false)
                    Keys.onEnterPressed: root.answer(false)
                    onClicked: root.answer(false)
                }

                Button {
                    id: closeButton
                    objectName: "closeButton"
                    visible: root.locked
                    text: root.texts.close
                    focusPolicy: Qt.StrongFocus
                    KeyNavigation.tab: root.firstFocusable()
                    KeyNavigation.backtab: root.lastLink()
                    Accessible.name: text
                    Keys.onReturnPressed: root.close()
                    Keys.onEnterPressed: root.close()
                    onClicked: root.close()
                }
            }
        }
    }
}
