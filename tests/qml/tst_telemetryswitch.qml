// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors

// TelemetrySwitch: shows and changes the consent, says when an administrator locked it, and
// shows the example report.
import QtQuick
import QtQuick.Controls
import QtTest
import Automagik.Telemetry

TelemetryTestCase {
    id: testCase
    name: "TelemetrySwitch"
    when: windowShown
    width: 600
    height: 600

    Component {
        id: switchComponent
        TelemetrySwitch {
            width: testCase.width
        }
    }

    property TelemetrySwitch control: null
    property Switch toggle: null

    function init() {
        freshTelemetry()
    }

    function createSwitch() {
        control = createTemporaryObject(switchComponent, testCase)
        verify(control)
        toggle = findChild(control, "telemetrySwitch")
        verify(toggle)
        waitForLayouts(control)
        return control
    }

    function test_offUntilAllowed() {
        createSwitch()
        verify(!toggle.checked)
        verify(toggle.enabled)
        compare(toggle.text, Telemetry.texts.switchLabel)
        compare(findChild(control, "telemetrySwitchDescription").text, Telemetry.texts.switchDescription)
    }

    function test_clickGrantsAndDenies() {
        createSwitch()
        mouseClick(toggle)
        tryCompare(Telemetry, "enabled", true)
        verify(toggle.checked)
        compare(Telemetry.consentState, Automagik.ConsentState.Granted)
        compare(TestEnv.storedConsent(settingsFile), "granted")

        mouseClick(toggle)
        tryCompare(Telemetry, "enabled", false)
        verify(!toggle.checked)
        compare(Telemetry.consentState, Automagik.ConsentState.Denied)
        compare(TestEnv.storedConsent(settingsFile), "denied")

        // Still bound to the consent after being toggled by hand.
        Telemetry.setConsent(true)
        tryCompare(toggle, "checked", true)
    }

    function test_keyboard() {
        createSwitch()
        tabTo(toggle)
        keyClick(Qt.Key_Space)
        tryCompare(Telemetry, "enabled", true)
        compare(TestEnv.storedConsent(settingsFile), "granted")
    }

    function test_followsConsentChangedElsewhere() {
        createSwitch()
        Telemetry.setConsent(true)
        tryCompare(toggle, "checked", true)
        Telemetry.setConsent(false)
        tryCompare(toggle, "checked", false)
    }

    function test_lockedByAdministrator() {
        TestEnv.setAdministratorLock(true)
        Telemetry.start()
        verify(Telemetry.lockedByAdministrator)
        createSwitch()
        verify(!toggle.enabled)
        verify(!toggle.checked)
        compare(findChild(control, "telemetrySwitchDescription").text, Telemetry.texts.lockedByAdministrator)
        mouseClick(toggle)
        verify(!Telemetry.enabled)
        compare(TestEnv.storedConsent(settingsFile), "")
    }

    function test_showWhatIsSent() {
        createSwitch()
        const link = findChild(control, "showPayloadButton")
        const view = findChild(control, "payloadView")
        verify(link.visible)
        verify(!view.visible)
        compare(link.text, Telemetry.texts.showPayload)
        mouseClick(link)
        tryCompare(view, "visible", true)
        compare(view.payload, Telemetry.samplePayload)
        compare(link.text, Telemetry.texts.hidePayload)
        compare(TestEnv.personalDataIn(view.payload), [])
    }

    function test_accessibleNames() {
        createSwitch()
        compare(toggle.Accessible.name, Telemetry.texts.switchLabel)
        compare(findChild(control, "showPayloadButton").Accessible.name, Telemetry.texts.showPayload)
        compare(control.Accessible.name, Telemetry.texts.switchLabel)
    }

    function test_rightToLeft() {
        createSwitch()
        control.mirrorLayout = true
        const description = findChild(control, "telemetrySwitchDescription")
        compare(description.effectiveHorizontalAlignment, Text.AlignRight)
    }
}
