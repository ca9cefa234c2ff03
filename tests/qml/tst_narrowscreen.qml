// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors

// The consent dialog and the settings controls on a 360 px wide window: everything fits,
// text wraps, the answers stay reachable, the content scrolls.
import QtQuick
import QtQuick.Controls
import QtTest
import Automagik.Telemetry

TelemetryTestCase {
    id: testCase
    name: "NarrowScreen"
    when: windowShown
    // A small phone: 360 px wide.
    width: 360
    height: 480

    Component {
        id: dialogComponent
        ConsentDialog {
            privacyPolicyUrl: "https://example.org/privacy"
        }
    }
    Component {
        id: switchComponent
        TelemetrySwitch {
            width: testCase.width
        }
    }
    Component {
        id: auditComponent
        TelemetryAuditLog {
            width: testCase.width
            height: testCase.height
        }
    }

    function init() {
        freshTelemetry()
    }

    function within(item, container) {
        const p = item.mapToItem(container, 0, 0)
        return p.x >= -0.5 && p.x + item.width <= container.width + 0.5
    }

    function test_dialogFits() {
        const dialog = createTemporaryObject(dialogComponent, testCase)
        tryCompare(dialog, "opened", true)
        waitForLayouts(dialog.contentItem)
        waitForLayouts(dialog.footer)
        verify(dialog.width <= testCase.width, "dialog width " + dialog.width)
        verify(dialog.height <= testCase.height, "dialog height " + dialog.height)
        verify(dialog.x >= 0 && dialog.x + dialog.width <= testCase.width)

        const allow = findChild(dialog.footer, "allowButton")
        const deny = findChild(dialog.footer, "denyButton")
        verify(within(allow, testCase), "Allow is inside the window")
        verify(within(deny, testCase), "Don't allow is inside the window")
        compare(allow.width, deny.width)
        compare(allow.height, deny.height)

        // With the example report open the content is taller than the window: it scrolls, and
        // the answers stay in place.
        const flick = dialog.contentItem
        const link = findChild(dialog.contentItem, "showPayloadButton")
        tabTo(link)
        keyClick(Qt.Key_Space)
        tryVerify(() => flick.contentHeight > flick.height, 5000,
                  "the content scrolls: " + flick.contentHeight + " in " + flick.height)
        verify(dialog.height <= testCase.height)
        tryVerify(() => {
            const p = link.mapToItem(flick, 0, 0)
            return p.y >= 0 && p.y + link.height <= flick.height
        }, 5000, "the toggle stays in view")
        verify(within(allow, testCase))
        verify(allow.mapToItem(testCase, 0, 0).y + allow.height <= testCase.height, "Allow is on screen")
        verify(deny.mapToItem(testCase, 0, 0).y + deny.height <= testCase.height, "Don't allow is on screen")

        // Tab goes on to the answers, which are outside the scrolled area.
        keyClick(Qt.Key_Tab)
        verify(allow.activeFocus)
    }

    function test_dialogWrapsText() {
        const dialog = createTemporaryObject(dialogComponent, testCase)
        tryCompare(dialog, "opened", true)
        waitForLayouts(dialog.contentItem)
        waitForLayouts(dialog.footer)
        const header = dialog.header
        verify(header.lineCount >= 1)
        verify(header.width <= dialog.width)
        verify(header.implicitWidth > header.width || header.lineCount === 1)
    }

    function test_dialogButtonsStackWhenNeeded() {
        const dialog = createTemporaryObject(dialogComponent, testCase)
        tryCompare(dialog, "opened", true)
        waitForLayouts(dialog.contentItem)
        waitForLayouts(dialog.footer)
        const allow = findChild(dialog.footer, "allowButton")
        const deny = findChild(dialog.footer, "denyButton")
        // Larger text: side by side no longer fits, so they stack, still equal.
        if (dialog.font.pointSize > 0)
            dialog.font.pointSize = dialog.font.pointSize * 3
        else
            dialog.font.pixelSize = dialog.font.pixelSize * 3
        tryVerify(() => Math.abs(allow.mapToItem(null, 0, 0).x - deny.mapToItem(null, 0, 0).x) < 1,
                  5000, "stacked")
        compare(allow.width, deny.width)
        verify(within(allow, testCase))
        verify(within(deny, testCase))
    }

    function test_switchFits() {
        const control = createTemporaryObject(switchComponent, testCase)
        waitForLayouts(control)
        const toggle = findChild(control, "telemetrySwitch")
        const description = findChild(control, "telemetrySwitchDescription")
        verify(within(toggle, testCase))
        verify(within(description, testCase))
        verify(description.lineCount >= 1)
    }

    function test_auditLogFits() {
        TestEnv.appendAuditEntry(auditLogFile, "traces", 12, 2048,
                                 "http://127.0.0.1:4318/v1/traces", "{\"resourceSpans\":[]}", 60)
        const view = createTemporaryObject(auditComponent, testCase)
        tryCompare(view, "count", 1)
        waitForLayouts(view)
        const summary = findChild(view, "auditEntrySummary")
        verify(summary)
        verify(within(summary, testCase))
        verify(summary.lineCount >= 1)
        verify(within(findChild(view, "auditClearButton"), testCase))
    }
}
