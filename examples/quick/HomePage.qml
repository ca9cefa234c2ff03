// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Automagik.Telemetry

ScrollView {
    id: page

    signal reviewConsent()

    property int clicks: 0

    // Records "automagik.page.view" each time the tab shows this page (StackLayout hides the others).
    TelemetryPage.name: "home"

    // The demo's own logging category: main.cpp has its warnings sent as logs (setQtMessageCategories()).
    readonly property LoggingCategory demoLog: LoggingCategory {
        name: "telemetry.quick.demo"
        defaultLogLevel: LoggingCategory.Warning
    }

    contentWidth: availableWidth

    ColumnLayout {
        width: page.availableWidth
        spacing: 12

        Label {
            Layout.fillWidth: true
            Layout.margins: 12
            wrapMode: Text.Wrap
            text: Telemetry.enabled
                  ? qsTr("Telemetry is on: each button below records something. %n record(s) waiting to be sent.", "",
                         Telemetry.queueSize)
                  : qsTr("Telemetry is off: the buttons below record nothing.")
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }

        GridLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 12
            Layout.rightMargin: 12
            columns: page.availableWidth > 420 ? 2 : 1
            columnSpacing: 8
            rowSpacing: 8

            Button {
                Layout.fillWidth: true
                text: qsTr("Open a document")
                Accessible.name: text
                // Objects become typed attributes: count is sent as an integer.
                onClicked: Telemetry.trackEvent("feature.used", { feature_name: "open", feature_category: "file",
                                                                  count: ++page.clicks })
            }
            Button {
                Layout.fillWidth: true
                text: qsTr("Export (timed)")
                Accessible.name: text
                onClicked: {
                    const started = Date.now()
                    Telemetry.trackEvent("feature.used", { feature_name: "export", formats: ["pdf", "png"] })
                    Telemetry.trackMetric("export.duration_ms", Date.now() - started + Math.random() * 250,
                                          Automagik.MetricType.Histogram, { format: "pdf" })
                }
            }
            Button {
                Layout.fillWidth: true
                text: qsTr("Count a click")
                Accessible.name: text
                onClicked: Telemetry.trackMetric("demo.clicks", 1, Automagik.MetricType.Counter)
            }
            Button {
                Layout.fillWidth: true
                text: qsTr("Log a warning")
                Accessible.name: text
                onClicked: Telemetry.trackLog("Cache almost full", Automagik.LogSeverity.Warn, { used_percent: 93 })
            }
            Button {
                Layout.fillWidth: true
                text: qsTr("Log a Qt warning")
                Accessible.name: text
                // An ordinary warning of the application; with consent it also arrives as a log record.
                onClicked: console.warn(page.demoLog, "Thumbnail cache almost full (93 %)")
            }
            Button {
                Layout.fillWidth: true
                text: qsTr("Report an error")
                Accessible.name: text
                onClicked: Telemetry.trackError("DemoError", "The demo failed on purpose", { step: "render" })
            }
            Button {
                Layout.fillWidth: true
                text: qsTr("Send now")
                Accessible.name: text
                enabled: Telemetry.enabled
                onClicked: Telemetry.flush()
            }
        }

        Button {
            Layout.margins: 12
            text: qsTr("Review the telemetry question")
            Accessible.name: text
            onClicked: page.reviewConsent()
        }
    }
}
