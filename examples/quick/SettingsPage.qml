// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Automagik.Telemetry

Pane {
    id: page

    TelemetryPage.name: "settings"

    ColumnLayout {
        anchors.fill: parent
        spacing: 16

        TelemetrySwitch {
            Layout.fillWidth: true
        }

        MenuSeparator {
            Layout.fillWidth: true
        }

        // Fills the rest of the page and scrolls inside it.
        TelemetryAuditLog {
            Layout.fillWidth: true
            Layout.fillHeight: true
        }
    }
}
