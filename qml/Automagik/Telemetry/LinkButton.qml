// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors

// A link that is a real button: reachable with Tab, activated with Space or Enter, announced
// as a link (or a toggle when checkable), drawn in the palette's link colour.
import QtQuick
import QtQuick.Controls

AbstractButton {
    id: control

    // The visible focus frame and the padding follow the font, not fixed pixels.
    readonly property real unit: Math.max(1, Math.round(metrics.height / 8))

    padding: unit
    implicitWidth: implicitContentWidth + leftPadding + rightPadding
    implicitHeight: implicitContentHeight + topPadding + bottomPadding
    focusPolicy: Qt.StrongFocus
    hoverEnabled: true

    Accessible.role: checkable ? Accessible.CheckBox : Accessible.Link
    Accessible.name: text
    Accessible.checkable: checkable
    Accessible.checked: checked
    // What a click does, for Enter and for assistive technology (AbstractButton.click() is newer than 6.4).
    function activate() {
        if (checkable) {
            toggle()
            toggled()
        }
        clicked()
    }

    Accessible.onPressAction: activate()
    Accessible.onToggleAction: activate()

    // AbstractButton reacts to Space; Enter activates the focused link too.
    Keys.onReturnPressed: activate()
    Keys.onEnterPressed: activate()

    FontMetrics {
        id: metrics
        font: control.font
    }

    contentItem: Label {
        text: control.text
        font.underline: true
        color: control.palette.link
        wrapMode: Text.Wrap
        horizontalAlignment: Text.AlignLeft
        verticalAlignment: Text.AlignVCenter
        // The control speaks for it.
        Accessible.ignored: true
    }

    background: Rectangle {
        color: control.down ? control.palette.midlight : "transparent"
        radius: control.unit
        border.width: control.visualFocus ? Math.max(1, control.unit / 2) : 0
        border.color: control.palette.highlight
    }

    HoverHandler {
        cursorShape: Qt.PointingHandCursor
    }
}
