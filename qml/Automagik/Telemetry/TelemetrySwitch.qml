// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors

/*
    The settings-page control for the consent: a switch that is on while telemetry is enabled
    and stores the user's answer when toggled, a one-line explanation, and the same
    "Show what is sent" example as the consent dialog. The rules are Telemetry.consentController's
    (the widgets' switch follows the same): while an answer here would change nothing (an
    administrator's lock, DO_NOT_TRACK, ...) the switch is disabled, and whenever a rule over the
    answer decides, the explanation says which.
*/
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Automagik.Telemetry

Control {
    id: root

    //! Whether the example report is expanded.
    property bool payloadVisible: false
    //! Right-to-left layout: the application's layout direction or the default locale's.
    property bool mirrorLayout: Qt.application.layoutDirection === Qt.RightToLeft
                            || Qt.locale().textDirection === Qt.RightToLeft
    readonly property var texts: Telemetry.texts
    readonly property ConsentController controller: Telemetry.consentController
    readonly property alias checked: toggle.checked

    implicitWidth: Math.max(implicitBackgroundWidth + leftInset + rightInset,
                            implicitContentWidth + leftPadding + rightPadding)
    implicitHeight: Math.max(implicitBackgroundHeight + topInset + bottomInset,
                             implicitContentHeight + topPadding + bottomPadding)

    readonly property real gap: Math.round(metrics.height / 3)

    LayoutMirroring.enabled: mirrorLayout
    LayoutMirroring.childrenInherit: true
    Accessible.role: Accessible.Grouping
    Accessible.name: texts.switchLabel

    FontMetrics {
        id: metrics
        font: root.font
    }

    contentItem: ColumnLayout {
        spacing: root.gap

        Switch {
            id: toggle
            objectName: "telemetrySwitch"
            Layout.fillWidth: true
            text: root.texts.switchLabel
            checked: root.controller.enabled
            enabled: root.controller.canChange
            Accessible.name: text
            Accessible.description: description.text
            onToggled: {
                root.controller.setConsent(checked)
                // Show what is in force, bound again (the click replaced the binding).
                checked = Qt.binding(() => root.controller.enabled)
            }
        }

        Label {
            id: description
            objectName: "telemetrySwitchDescription"
            Layout.fillWidth: true
            text: root.controller.reason !== "" ? root.controller.reason : root.texts.switchDescription
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignLeft
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }

        LinkButton {
            id: payloadToggle
            objectName: "showPayloadButton"
            visible: Telemetry.samplePayload !== ""
            checkable: true
            checked: root.payloadVisible
            text: checked ? root.texts.hidePayload : root.texts.showPayload
            onToggled: {
                root.payloadVisible = checked
                checked = Qt.binding(() => root.payloadVisible) // the user's click replaced the binding
            }
        }

        PayloadView {
            objectName: "payloadView"
            Layout.fillWidth: true
            visible: root.payloadVisible && Telemetry.samplePayload !== ""
            explanation: root.texts.payloadExplanation
            payload: Telemetry.samplePayload
        }
    }
}
