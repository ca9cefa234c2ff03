// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors

// A TestCase whose every test starts with a fresh Telemetry singleton: new settings and audit
// files, no shared opt-out file or DO_NOT_TRACK, the loopback receiver as endpoint, nothing received yet.
import QtQuick
import QtTest
import Automagik.Telemetry

TestCase {
    id: testCase

    // TestCase hides itself by default; the controls under test must be on screen.
    visible: true

    property string settingsFile
    property string auditLogFile

    function freshTelemetry(policyVersion) {
        TestEnv.destroyCppClient()
        TestEnv.setAdministratorLock(false)
        TestEnv.setEnvironment("DO_NOT_TRACK", "")
        TestEnv.resetSharedFiles()
        settingsFile = TestEnv.newSettingsFile()
        auditLogFile = TestEnv.newAuditLogFile()
        Telemetry.config = TestEnv.defaultConfig() // nothing an earlier test set stays
        Telemetry.config.projectName = "qml-test"
        Telemetry.config.version = "1.0.0"
        Telemetry.applicationName = "QML Test"
        Telemetry.config.endpoint = TestEnv.receiverUrl
        Telemetry.config.batchSize = 1
        Telemetry.config.flushInterval = 50
        Telemetry.config.shutdownTimeout = 1000
        Telemetry.config.consentPolicyVersion = policyVersion === undefined ? 1 : policyVersion
        Telemetry.config.settingsFile = settingsFile
        Telemetry.config.auditLogFile = auditLogFile
        Telemetry.start()
        TestEnv.clearReceived()
        verify(Telemetry.ready, "the singleton made a client")
    }

    // Waits until the layouts in item (and the item) are placed, so clicks land where they should.
    function waitForLayouts(item) {
        waitForItemPolished(item)
        const layouts = []
        collectLayouts(item, layouts)
        for (let i = 0; i < layouts.length; ++i)
            waitForItemPolished(layouts[i])
    }
    function collectLayouts(item, into) {
        if (!item)
            return
        if (item.objectName === "consentBody" || item.objectName === "consentButtons"
                || String(item).indexOf("Layout") >= 0)
            into.push(item)
        for (let i = 0; i < item.children.length; ++i)
            collectLayouts(item.children[i], into)
    }

    // The first value of the attribute named key in an OTLP attributes array.
    function attribute(attributes, key) {
        for (let i = 0; i < attributes.length; ++i) {
            if (attributes[i].key === key)
                return attributes[i].value
        }
        return undefined
    }

    // Presses Tab until item has the active focus; returns the items that had it on the way.
    function tabTo(item, maximum) {
        const visited = []
        for (let i = 0; i < (maximum || 20) && !item.activeFocus; ++i) {
            keyClick(Qt.Key_Tab)
            if (testCase.Window.activeFocusItem)
                visited.push(testCase.Window.activeFocusItem)
        }
        verify(item.activeFocus, "Tab reaches " + item)
        return visited
    }
}
