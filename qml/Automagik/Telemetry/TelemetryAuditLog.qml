// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors

/*
    What left this computer: one row per delivered request, newest first, with when, how many
    records of which kind, where to and how big, and the request body on demand. Reads
    Telemetry.auditEntries() (the client writes the audit log) and refreshes itself when the
    log changes. "Clear history" deletes it.

    Give it a height (Layout.fillHeight or an explicit height) to scroll inside it; otherwise its
    implicit height is that of all its rows.
*/
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Automagik.Telemetry

Control {
    id: root

    //! The most rows shown (the newest ones).
    property int maximumEntries: 200
    //! Right-to-left layout: the application's layout direction or the default locale's.
    property bool mirrorLayout: Qt.application.layoutDirection === Qt.RightToLeft
                            || Qt.locale().textDirection === Qt.RightToLeft
    readonly property var texts: Telemetry.texts
    //! The rows, newest first (maps as Telemetry.auditEntries() returns them).
    property var entries: []
    readonly property int count: entries.length

    implicitWidth: Math.max(implicitBackgroundWidth + leftInset + rightInset,
                            implicitContentWidth + leftPadding + rightPadding)
    implicitHeight: Math.max(implicitBackgroundHeight + topInset + bottomInset,
                             implicitContentHeight + topPadding + bottomPadding)

    readonly property real gap: Math.round(metrics.height / 2)

    //! Reads the audit log again.
    function refresh() {
        const all = Array.from(Telemetry.auditEntries())
        entries = all.slice(Math.max(0, all.length - maximumEntries)).reverse()
    }

    LayoutMirroring.enabled: mirrorLayout
    LayoutMirroring.childrenInherit: true
    Accessible.role: Accessible.Grouping
    Accessible.name: texts.auditTitle

    Component.onCompleted: refresh()
    onMaximumEntriesChanged: refresh()
    Connections {
        target: Telemetry
        function onAuditLogChanged() { root.refresh() }
    }

    FontMetrics {
        id: metrics
        font: root.font
    }

    function scaledFont(factor) {
        const spec = { family: font.family, bold: true }
        if (font.pointSize > 0)
            spec.pointSize = font.pointSize * factor
        else
            spec.pixelSize = Math.max(1, Math.round(font.pixelSize * factor))
        return Qt.font(spec)
    }

    contentItem: ColumnLayout {
        spacing: root.gap

        // The title, with the clear button beside it (below it when there is no room).
        GridLayout {
            id: titleRow
            Layout.fillWidth: true
            columns: titleLabel.implicitWidth + clearButton.implicitWidth + columnSpacing <= root.availableWidth ? 2 : 1
            columnSpacing: root.gap
            rowSpacing: Math.round(root.gap / 2)

            Label {
                id: titleLabel
                Layout.fillWidth: true
                text: root.texts.auditTitle
                font: root.scaledFont(1.15)
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignLeft
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            Button {
                id: clearButton
                objectName: "auditClearButton"
                text: root.texts.auditClear
                enabled: root.count > 0
                Accessible.name: text
                Keys.onReturnPressed: clicked()
                Keys.onEnterPressed: clicked()
                onClicked: Telemetry.clearAuditLog()
            }
        }

        Label {
            Layout.fillWidth: true
            text: root.texts.auditRetention
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignLeft
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }

        Label {
            objectName: "auditEmptyLabel"
            Layout.fillWidth: true
            visible: root.count === 0
            text: root.texts.auditEmpty
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignLeft
            font.italic: true
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }

        ListView {
            id: list
            objectName: "auditList"
            Layout.fillWidth: true
            // Takes the rest of the height even while empty, so the rows above stay together.
            Layout.fillHeight: true
            implicitHeight: contentHeight
            model: root.entries
            spacing: root.gap
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            Accessible.role: Accessible.List
            Accessible.name: root.texts.auditTitle

            ScrollBar.vertical: ScrollBar {
                policy: list.contentHeight > list.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
                Accessible.name: root.texts.auditTitle
            }

            delegate: Control {
                id: row

                required property var modelData
                required property int index
                property bool expanded: false
                readonly property string when: modelData.time.toLocaleString(Qt.locale(), Locale.ShortFormat)

                width: ListView.view ? ListView.view.width : row.implicitWidth
                padding: Math.round(root.gap / 2)
                Accessible.role: Accessible.ListItem
                Accessible.name: when + ", " + modelData.summary

                background: Rectangle {
                    color: row.index % 2 ? row.palette.alternateBase : row.palette.base
                    radius: row.padding
                }

                contentItem: ColumnLayout {
                    spacing: Math.round(root.gap / 3)

                    Label {
                        Layout.fillWidth: true
                        text: row.when
                        font.bold: true
                        wrapMode: Text.Wrap
                        horizontalAlignment: Text.AlignLeft
                        Accessible.role: Accessible.StaticText
                        Accessible.name: text
                    }
                    Label {
                        objectName: "auditEntrySummary"
                        Layout.fillWidth: true
                        text: row.modelData.summary + " (" + row.modelData.size + ")"
                        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                        horizontalAlignment: Text.AlignLeft
                        Accessible.role: Accessible.StaticText
                        Accessible.name: text
                    }
                    LinkButton {
                        id: bodyToggle
                        objectName: "auditShowBody"
                        visible: row.modelData.body !== ""
                        checkable: true
                        checked: row.expanded
                        text: bodyToggle.checked ? root.texts.hidePayload : root.texts.showPayload
                        onToggled: row.expanded = bodyToggle.checked
                        onActiveFocusChanged: if (bodyToggle.activeFocus) list.positionViewAtIndex(row.index, ListView.Contain)
                    }
                    Loader {
                        Layout.fillWidth: true
                        active: row.expanded
                        visible: active
                        sourceComponent: PayloadView {
                            objectName: "payloadView"
                            payload: row.modelData.body
                        }
                    }
                }
            }
        }
    }
}
