// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors

// TelemetryAuditLog: lists what was sent (newest first), follows new deliveries, shows a
// request's body, and clears the history.
import QtQuick
import QtQuick.Controls
import QtTest
import Automagik.Telemetry

TelemetryTestCase {
    id: testCase
    name: "TelemetryAuditLog"
    when: windowShown
    width: 700
    height: 600

    Component {
        id: auditComponent
        TelemetryAuditLog {
            width: testCase.width
            height: testCase.height
        }
    }

    property TelemetryAuditLog view: null

    function init() {
        freshTelemetry()
    }

    function createView() {
        view = createTemporaryObject(auditComponent, testCase)
        verify(view)
        // The rows are placed when the layout polishes: click only after that.
        waitForLayouts(view)
        return view
    }

    function test_emptyHistory() {
        createView()
        compare(view.count, 0)
        const empty = findChild(view, "auditEmptyLabel")
        verify(empty.visible)
        compare(empty.text, Telemetry.texts.auditEmpty)
        verify(!findChild(view, "auditClearButton").enabled)
    }

    function test_listsEntriesNewestFirst() {
        verify(TestEnv.appendAuditEntry(auditLogFile, "traces", 3, 1500, "http://127.0.0.1:4318/v1/traces",
                                        "{\"older\":true}", 120))
        verify(TestEnv.appendAuditEntry(auditLogFile, "metrics", 5, 900, "http://127.0.0.1:4318/v1/metrics",
                                        "{\"newer\":true}", 10))
        createView()
        compare(view.count, 2)
        compare(view.entries[0].signal, "metrics")
        compare(view.entries[0].items, 5)
        compare(view.entries[1].signal, "traces")
        verify(view.entries[0].time > view.entries[1].time)
        verify(!findChild(view, "auditEmptyLabel").visible)

        const list = findChild(view, "auditList")
        tryVerify(() => list.count === 2 && list.itemAtIndex(0) !== null)
        const summary = findChild(list.itemAtIndex(0), "auditEntrySummary")
        verify(summary.text.indexOf("http://127.0.0.1:4318/v1/metrics") >= 0, summary.text)
        verify(summary.text.indexOf(view.entries[0].size) >= 0, summary.text)
    }

    function test_showsTheBody() {
        verify(TestEnv.appendAuditEntry(auditLogFile, "logs", 1, 42, "http://127.0.0.1:4318/v1/logs",
                                        "{\"resourceLogs\":[]}", 5))
        createView()
        const list = findChild(view, "auditList")
        tryVerify(() => list.itemAtIndex(0) !== null)
        const row = list.itemAtIndex(0)
        waitForLayouts(row)
        const link = findChild(row, "auditShowBody")
        compare(link.text, Telemetry.texts.showPayload)
        mouseClick(link)
        tryVerify(() => findChild(row, "payloadView") !== null, 5000, "the body is shown")
        compare(findChild(row, "payloadView").payload, "{\"resourceLogs\":[]}")
        compare(findChild(row, "payloadView").displayedText, "{\n  \"resourceLogs\": []\n}")
        compare(link.text, Telemetry.texts.hidePayload)
    }

    function test_clear() {
        verify(TestEnv.appendAuditEntry(auditLogFile, "traces", 1, 100, "http://127.0.0.1:4318/v1/traces", "{}", 5))
        createView()
        compare(view.count, 1)
        const clear = findChild(view, "auditClearButton")
        verify(clear.enabled)
        compare(clear.text, Telemetry.texts.auditClear)
        compare(clear.Accessible.name, Telemetry.texts.auditClear)
        mouseClick(clear)
        tryCompare(view, "count", 0)
        verify(findChild(view, "auditEmptyLabel").visible)
        verify(!TestEnv.fileExists(auditLogFile))
        verify(!clear.enabled)
    }

    function test_followsDeliveries() {
        if (!TestEnv.hasReceiver)
            skip("the loopback receiver is not built (AUTOMAGIK_TELEMETRY_BUILD_TOOLS=OFF)")
        createView()
        compare(view.count, 0)
        Telemetry.setConsent(true)
        Telemetry.trackEvent("qml.audit.view", { count: 2 })
        Telemetry.flush()
        tryCompare(view, "count", 1, 10000)
        compare(view.entries[0].signal, "traces")
        verify(view.entries[0].body.indexOf("qml.audit.view") >= 0)
        verify(view.entries[0].destination.indexOf(TestEnv.receiverUrl.toString()) === 0)
    }

    function test_texts() {
        createView()
        const texts = []
        collect(view, texts)
        verify(texts.indexOf(Telemetry.texts.auditTitle) >= 0)
        verify(texts.indexOf(Telemetry.texts.auditRetention) >= 0)
    }

    function collect(item, into) {
        if (item.text !== undefined && item.visible)
            into.push(String(item.text))
        for (let i = 0; i < item.children.length; ++i)
            collect(item.children[i], into)
    }
}
