// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Automagik.Telemetry

ApplicationWindow {
    id: window

    property url privacyPolicyUrl
    property bool screenshotMode: false
    property bool showPayload: false
    property string startPage: "home"

    // Emitted once the window shows what --screenshot should save.
    signal screenshotReady()

    width: 480
    height: 720
    visible: true
    title: qsTr("Telemetry Quick Demo")

    LayoutMirroring.enabled: Qt.application.layoutDirection === Qt.RightToLeft
    LayoutMirroring.childrenInherit: true

    header: TabBar {
        id: tabs
        currentIndex: window.startPage === "settings" ? 1 : 0
        TabButton {
            text: qsTr("Home")
            Accessible.name: text
        }
        TabButton {
            text: qsTr("Settings")
            Accessible.name: text
        }
    }

    StackLayout {
        anchors.fill: parent
        currentIndex: tabs.currentIndex

        HomePage {
            onReviewConsent: consentDialog.open()
        }
        SettingsPage {}
    }

    // Asks on first run (and again when the consent policy version goes up).
    ConsentDialog {
        id: consentDialog
        privacyPolicyUrl: window.privacyPolicyUrl
        payloadVisible: window.showPayload
        // A screenshot of the settings page shows the page alone.
        autoOpen: !(window.screenshotMode && window.startPage === "settings")
        onOpened: {
            // Later, not now: with the answer known at once the dialog opens while the window is still
            // being created, before main() has connected screenshotReady.
            if (window.screenshotMode)
                Qt.callLater(window.screenshotReady)
        }
    }

    Component.onCompleted: {
        if (!screenshotMode)
            return
        if (startPage === "settings")
            Qt.callLater(window.screenshotReady)
        else if (!consentDialog.visible)
            Qt.callLater(consentDialog.open)
    }
}
