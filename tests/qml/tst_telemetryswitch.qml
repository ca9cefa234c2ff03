// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors

// TelemetrySwitch: shows and changes the consent, says which rule decides when one does (an
// administrator's lock, DO_NOT_TRACK, ...) and is disabled while an answer cannot count, and shows
// the example report.
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
        compare(control.controller, Telemetry.consentController)
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
        // The user's own no (echoed in the shared opt-out file) is no "setting on this computer".
        compare(Telemetry.consentController.decidedBy, ConsentController.DecidedBy.User)
        compare(findChild(control, "telemetrySwitchDescription").text, Telemetry.texts.switchDescription)
        verify(toggle.enabled)

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

    function test_turnedOffBySetting() {
        Telemetry.setConsent(true)
        TestEnv.setEnvironment("DO_NOT_TRACK", "1")
        Telemetry.start() // a new client reads the environment
        createSwitch()
        compare(Telemetry.consentController.decidedBy, ConsentController.DecidedBy.DoNotTrack)
        verify(!toggle.checked, "shows what is in force, not the stored yes")
        verify(!toggle.enabled, "an answer here could not count")
        const description = findChild(control, "telemetrySwitchDescription")
        compare(description.text, Telemetry.consentController.reason)
        verify(description.text.indexOf("DO_NOT_TRACK") >= 0, description.text)
        mouseClick(toggle)
        verify(!Telemetry.enabled)
        compare(TestEnv.storedConsent(settingsFile), "granted")

        // The rule goes away: the switch follows.
        TestEnv.setEnvironment("DO_NOT_TRACK", "")
        Telemetry.consentController.reload()
        tryCompare(toggle, "checked", true)
        verify(toggle.enabled)
        compare(description.text, Telemetry.texts.switchDescription)
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
