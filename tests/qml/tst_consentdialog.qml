// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors

// ConsentDialog: opens when the answer is needed, stores Allow and Don't allow, leaves the
// answer open when closed, asks again for a new policy, shows the real example report, and
// works with the keyboard alone.
import QtQuick
import QtQuick.Controls
import QtTest
import Automagik.Telemetry

TelemetryTestCase {
    id: testCase
    name: "ConsentDialog"
    when: windowShown
    width: 800
    height: 700

    Component {
        id: dialogComponent
        ConsentDialog {
            privacyPolicyUrl: "https://example.org/privacy"
        }
    }

    SignalSpy {
        id: answeredSpy
        signalName: "answered"
    }

    property ConsentDialog dialog: null

    function init() {
        freshTelemetry()
    }

    function createDialog(properties) {
        dialog = createTemporaryObject(dialogComponent, testCase, properties || {})
        verify(dialog)
        answeredSpy.clear()
        answeredSpy.target = dialog
        return dialog
    }

    function openedDialog() {
        createDialog()
        tryCompare(dialog, "opened", true)
        waitForLayouts(dialog.contentItem)
        waitForLayouts(dialog.footer)
        return dialog
    }

    function button(name) {
        const item = findChild(dialog.footer, name)
        verify(item, name)
        return item
    }

    function contentChild(name) {
        const item = findChild(dialog.contentItem, name)
        verify(item, name)
        return item
    }

    function test_opensWhenConsentIsNeeded() {
        verify(Telemetry.needsConsent)
        openedDialog()
        verify(dialog.visible)
        compare(dialog.title, Telemetry.texts.title)
    }

    function test_staysClosedWhenAnswered() {
        Telemetry.setConsent(false)
        createDialog()
        // The dialog decides on the first turn of the event loop; let that turn run.
        wait(0)
        verify(!dialog.visible)
        verify(!dialog.opened)
    }

    function test_autoOpenOff() {
        createDialog({ autoOpen: false })
        wait(0)
        verify(!dialog.visible)
        dialog.open()
        tryCompare(dialog, "opened", true)
    }

    function test_allowGrantsAndPersists() {
        openedDialog()
        mouseClick(button("allowButton"))
        tryCompare(dialog, "visible", false)
        compare(Telemetry.consentState, Automagik.ConsentState.Granted)
        verify(Telemetry.enabled)
        compare(TestEnv.storedConsent(settingsFile), "granted")
        compare(answeredSpy.count, 1)
        compare(answeredSpy.signalArguments[0][0], true)
    }

    function test_denyDeniesAndPersists() {
        openedDialog()
        mouseClick(button("denyButton"))
        tryCompare(dialog, "visible", false)
        compare(Telemetry.consentState, Automagik.ConsentState.Denied)
        verify(!Telemetry.enabled)
        compare(TestEnv.storedConsent(settingsFile), "denied")
        compare(answeredSpy.count, 1)
        compare(answeredSpy.signalArguments[0][0], false)
    }

    function test_escapeLeavesUndecided() {
        openedDialog()
        keyClick(Qt.Key_Escape)
        tryCompare(dialog, "visible", false)
        compare(Telemetry.consentState, Automagik.ConsentState.Undecided)
        verify(Telemetry.needsConsent)
        compare(TestEnv.storedConsent(settingsFile), "")
        compare(answeredSpy.count, 0)
    }

    function test_closeLeavesUndecided() {
        openedDialog()
        dialog.close()
        tryCompare(dialog, "visible", false)
        compare(Telemetry.consentState, Automagik.ConsentState.Undecided)
        compare(TestEnv.storedConsent(settingsFile), "")
        compare(answeredSpy.count, 0)
    }

    function test_clickOutsideDoesNothing() {
        openedDialog()
        mouseClick(testCase, 2, 2)
        verify(dialog.visible)
        compare(Telemetry.consentState, Automagik.ConsentState.Undecided)
    }

    function test_newPolicyVersionAsksAgain() {
        openedDialog()
        mouseClick(button("allowButton"))
        tryCompare(dialog, "visible", false)
        compare(TestEnv.storedPolicyVersion(settingsFile), 1)

        Telemetry.config.consentPolicyVersion = 2
        tryCompare(dialog, "opened", true)
        verify(Telemetry.needsConsent)
        mouseClick(button("allowButton"))
        tryCompare(dialog, "visible", false)
        compare(TestEnv.storedPolicyVersion(settingsFile), 2)
    }

    function test_noChoiceWhenTheAnswerCannotCount() {
        TestEnv.setAdministratorLock(true)
        Telemetry.start()
        createDialog()
        wait(0) // the dialog decides on the first turn of the event loop
        verify(!dialog.visible, "nobody is asked a question whose answer cannot count")
        dialog.open()
        tryCompare(dialog, "opened", true)
        waitForLayouts(dialog.contentItem)
        waitForLayouts(dialog.footer)
        verify(dialog.locked)
        const reason = contentChild("reasonLabel")
        verify(reason.visible)
        compare(reason.text, Telemetry.texts.lockedByAdministrator)
        compare(reason.text, Telemetry.consentController.reason)
        verify(!button("allowButton").visible)
        verify(!button("denyButton").visible)
        const close = button("closeButton")
        verify(close.visible)
        compare(close.text, Telemetry.texts.close)
        compare(close.Accessible.name, Telemetry.texts.close)
        dialog.answer(true) // nothing to choose: only closes
        tryCompare(dialog, "visible", false)
        compare(answeredSpy.count, 0)
        compare(TestEnv.storedConsent(settingsFile), "")
        dialog.open()
        tryCompare(dialog, "opened", true)
        mouseClick(close)
        tryCompare(dialog, "visible", false)
        compare(answeredSpy.count, 0)
        compare(TestEnv.storedConsent(settingsFile), "")
        verify(!Telemetry.enabled)
    }

    function test_choiceWithoutARule() {
        openedDialog()
        verify(!dialog.locked)
        verify(!contentChild("reasonLabel").visible)
        verify(button("allowButton").visible)
        verify(button("denyButton").visible)
        verify(!button("closeButton").visible)
    }

    function test_answerElsewhereClosesIt() {
        openedDialog()
        Telemetry.setConsent(true) // for example from the settings switch
        tryCompare(dialog, "visible", false)
        compare(answeredSpy.count, 0)
    }

    function test_samplePayloadIsShownAndClean() {
        openedDialog()
        const view = contentChild("payloadView")
        verify(!view.visible)
        const toggle = contentChild("showPayloadButton")
        compare(toggle.text, Telemetry.texts.showPayload)
        const heightBefore = dialog.height
        mouseClick(toggle)
        tryCompare(view, "visible", true)
        // The dialog grows (and moves to stay centred) before anything else is clicked.
        tryVerify(() => dialog.height > heightBefore, 5000, "the dialog made room for the example")
        compare(toggle.text, Telemetry.texts.hidePayload)
        compare(view.payload, Telemetry.samplePayload)
        compare(view.explanation, Telemetry.texts.payloadExplanation)

        // The real thing: OTLP JSON of this client, and nothing personal in it.
        const payload = JSON.parse(view.payload)
        const resource = payload.resourceSpans[0].resource.attributes
        compare(attribute(resource, "service.name").stringValue, "qml-test")
        compare(attribute(resource, "service.version").stringValue, "1.0.0")
        verify(payload.resourceSpans[0].scopeSpans[0].spans.length === 1)
        compare(TestEnv.personalDataIn(view.payload), [])
        // Shown indented by two spaces, token for token the same JSON.
        compare(JSON.stringify(JSON.parse(view.displayedText)), JSON.stringify(payload))
        verify(view.displayedText.indexOf('\n  "resourceSpans": [') === 1, view.displayedText.substring(0, 40))

        mouseClick(toggle)
        tryCompare(view, "visible", false)
    }

    function test_texts() {
        openedDialog()
        const texts = Telemetry.texts
        const expected = [texts.introduction, texts.collectedHeading, texts.neverCollectedHeading, texts.changeLater]
                .concat(texts.collected).concat(texts.neverCollected)
        const shown = []
        collectTexts(dialog.contentItem, shown)
        for (let i = 0; i < expected.length; ++i)
            verify(shown.some(text => text.indexOf(expected[i]) >= 0), "shows: " + expected[i])
        compare(contentChild("privacyPolicyLink").text, texts.privacyPolicyLink)
        compare(button("allowButton").text, texts.allow)
        compare(button("denyButton").text, texts.deny)
    }

    function collectTexts(item, into) {
        if (item.text !== undefined && item.visible)
            into.push(String(item.text))
        const children = item.children || []
        for (let i = 0; i < children.length; ++i)
            collectTexts(children[i], into)
    }

    function test_privacyLinkHiddenWithoutUrl() {
        createDialog({ privacyPolicyUrl: "" })
        tryCompare(dialog, "opened", true)
        verify(!contentChild("privacyPolicyLink").visible)
    }

    function test_equalChoices() {
        openedDialog()
        const allow = button("allowButton")
        const deny = button("denyButton")
        compare(allow.width, deny.width)
        compare(allow.height, deny.height)
        compare(allow.highlighted, false)
        compare(deny.highlighted, false)
        compare(allow.flat, deny.flat)
        compare(allow.font.pointSize, deny.font.pointSize)
        compare(allow.font.pixelSize, deny.font.pixelSize)
        compare(allow.font.bold, deny.font.bold)
        compare(allow.palette.button, deny.palette.button)
        // Neither answer is focused (or default): Enter and Space pick nothing by themselves.
        verify(!allow.activeFocus)
        verify(!deny.activeFocus)
        keyClick(Qt.Key_Return)
        keyClick(Qt.Key_Space)
        verify(dialog.visible)
        compare(Telemetry.consentState, Automagik.ConsentState.Undecided)
    }

    function test_keyboardAllow() {
        openedDialog()
        const visited = tabTo(button("allowButton"))
        // The links come before the answers, in reading order.
        verify(visited.indexOf(contentChild("privacyPolicyLink")) >= 0, "Tab visits the privacy policy link")
        verify(visited.indexOf(contentChild("showPayloadButton")) >= 0, "Tab visits the example toggle")
        keyClick(Qt.Key_Space)
        tryCompare(dialog, "visible", false)
        compare(Telemetry.consentState, Automagik.ConsentState.Granted)
        compare(TestEnv.storedConsent(settingsFile), "granted")
    }

    function test_keyboardOrder() {
        openedDialog()
        const order = [contentChild("privacyPolicyLink"), contentChild("showPayloadButton"), button("allowButton"),
                       button("denyButton")]
        for (let round = 0; round < 2; ++round) {
            for (let i = 0; i < order.length; ++i) {
                keyClick(Qt.Key_Tab)
                verify(order[i].activeFocus, "Tab " + (round * order.length + i + 1) + " focuses " + order[i].objectName)
                compare(order[i].focusReason, Qt.TabFocusReason)
            }
        }
        for (let i = order.length - 2; i >= 0; --i) {
            keyClick(Qt.Key_Backtab)
            verify(order[i].activeFocus, "Shift+Tab focuses " + order[i].objectName)
        }
        verify(dialog.visible)
        compare(Telemetry.consentState, Automagik.ConsentState.Undecided)
    }

    function test_keyboardDenyWithEnter() {
        openedDialog()
        tabTo(button("denyButton"))
        keyClick(Qt.Key_Return)
        tryCompare(dialog, "visible", false)
        compare(Telemetry.consentState, Automagik.ConsentState.Denied)
        compare(TestEnv.storedConsent(settingsFile), "denied")
    }

    function test_keyboardShowPayload() {
        openedDialog()
        tabTo(contentChild("showPayloadButton"))
        keyClick(Qt.Key_Space)
        tryCompare(contentChild("payloadView"), "visible", true)
        keyClick(Qt.Key_Return)
        tryCompare(contentChild("payloadView"), "visible", false)
        compare(Telemetry.consentState, Automagik.ConsentState.Undecided)
    }

    function test_accessibleNames() {
        openedDialog()
        const controls = [button("allowButton"), button("denyButton"), contentChild("privacyPolicyLink"),
                          contentChild("showPayloadButton")]
        for (let i = 0; i < controls.length; ++i) {
            verify(controls[i].Accessible.name !== "", "accessible name of " + controls[i])
            compare(controls[i].Accessible.name, controls[i].text)
        }
        compare(dialog.header.Accessible.name, Telemetry.texts.title)
    }

    function test_rightToLeft() {
        createDialog({ mirrorLayout: true })
        tryCompare(dialog, "opened", true)
        compare(dialog.header.effectiveHorizontalAlignment, Text.AlignRight)
        compare(dialog.contentItem.LayoutMirroring.enabled, true)
        const allow = button("allowButton")
        const deny = button("denyButton")
        // In reading order Allow comes first: on the right.
        verify(allow.mapToItem(null, 0, 0).x > deny.mapToItem(null, 0, 0).x)

        dialog.mirrorLayout = false
        compare(dialog.header.effectiveHorizontalAlignment, Text.AlignLeft)
        tryVerify(() => allow.mapToItem(null, 0, 0).x < deny.mapToItem(null, 0, 0).x, 5000, "Allow on the left")
    }

    function cleanup() {
        TestEnv.resetApplicationPalette()
    }

    Label {
        id: windowLabel
        text: "a label of the window"
    }

    function test_followsTheApplicationPalette() {
        // A dark palette set by the application: the dialog looks like the rest of the window.
        TestEnv.setApplicationColors("#fedcba", "#123456")
        tryCompare(windowLabel.palette, "link", Qt.color("#123456"))
        openedDialog()
        const link = contentChild("privacyPolicyLink")
        compare(link.contentItem.color, Qt.color("#123456"))
        // Text looks like the window's text, whatever the style makes of the palette.
        compare(dialog.header.color, windowLabel.color)
        compare(button("allowButton").palette.buttonText, windowLabel.palette.buttonText)

        // Changed while the application runs: the next time the dialog opens, it has the new colours.
        dialog.close()
        tryCompare(dialog, "visible", false)
        TestEnv.setApplicationColors("#010203", "#0a0b0c")
        tryCompare(windowLabel.palette, "link", Qt.color("#0a0b0c"))
        dialog.open()
        tryCompare(dialog, "opened", true)
        compare(link.contentItem.color, Qt.color("#0a0b0c"))
        compare(dialog.header.color, windowLabel.color)

        // And while it is open.
        TestEnv.setApplicationColors("#111111", "#222222")
        tryCompare(link.contentItem, "color", Qt.color("#222222"))
        tryVerify(() => Qt.colorEqual(dialog.header.color, windowLabel.color), 5000, "text colour follows")
    }

    function test_scalesWithTheFont() {
        openedDialog()
        const allow = button("allowButton")
        const link = contentChild("privacyPolicyLink")
        const before = { button: allow.width, link: link.implicitHeight, dialog: dialog.preferredWidth,
                         title: dialog.header.implicitHeight }
        if (dialog.font.pointSize > 0)
            dialog.font.pointSize = dialog.font.pointSize * 2
        else
            dialog.font.pixelSize = dialog.font.pixelSize * 2
        tryVerify(() => allow.width > before.button, 5000, "the buttons grow")
        verify(link.implicitHeight > before.link, "the links grow")
        verify(dialog.preferredWidth > before.dialog, "the dialog grows")
        verify(dialog.header.implicitHeight > before.title, "the title grows")
    }
}
