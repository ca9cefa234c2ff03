// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors

// The Telemetry singleton: configuration from QML (Telemetry.config), consent and its controller,
// typed attributes on the wire, the audit log, the enums, and a client handed over from C++.
import QtQuick
import QtTest
import Automagik.Telemetry

TelemetryTestCase {
    id: testCase
    name: "TelemetrySingleton"
    when: windowShown

    SignalSpy {
        id: batchSpy
        target: Telemetry
        signalName: "batchSent"
    }
    SignalSpy {
        id: auditSpy
        target: Telemetry
        signalName: "auditLogChanged"
    }
    SignalSpy {
        id: flushSpy
        target: Telemetry
        signalName: "flushFinished"
    }

    function init() {
        freshTelemetry()
        batchSpy.clear()
        auditSpy.clear()
        flushSpy.clear()
    }

    function test_enums() {
        compare(Automagik.ConsentState.Undecided, 0)
        compare(Automagik.ConsentState.Granted, 1)
        compare(Automagik.ConsentState.Denied, 2)
        compare(Automagik.MetricType.Counter, 1)
        compare(Automagik.MetricType.Histogram, 2)
        compare(Automagik.LogSeverity.Warn, 13)
        compare(Automagik.TelemetrySignal.Logs, 2)
        compare(Automagik.ConsentCategories.AllCategories, 7)
        compare(Automagik.PrivacyCategories.AllCategories, 0x1ff)
        compare(ConsentController.DecidedBy.Nobody, 0)
        compare(ConsentController.DecidedBy.User, 1)
        compare(ConsentController.DecidedBy.Administrator, 2)
        compare(ConsentController.DecidedBy.EnabledVariable, 3)
        compare(ConsentController.DecidedBy.DoNotTrack, 4)
        compare(ConsentController.DecidedBy.OptOutFile, 5)
        compare(ConsentController.DecidedBy.PreferenceFile, 6)
        compare(ConsentController.DecidedBy.ContinuousIntegration, 7)
        compare(ConsentController.DecidedBy.DevelopmentEnvironment, 8)
        compare(ConsentController.User, undefined) // one name: the scoped one
    }

    SignalSpy {
        id: configSpy
        target: Telemetry
        signalName: "configChanged"
    }

    // The configuration is TelemetryConfig itself, every option by its own name, declared once.
    function test_configIsTelemetryConfig() {
        compare(Telemetry.config.projectName, "qml-test")
        compare(Telemetry.config.version, "1.0.0")
        compare(Telemetry.config.batchSize, 1)
        compare(Telemetry.config.flushInterval, 50)
        compare(Telemetry.config.settingsFile, settingsFile)
        compare(String(Telemetry.config.endpoint), String(TestEnv.receiverUrl))
        // Options the singleton never declared one by one are there too.
        compare(Telemetry.config.maxRetries, 3)
        compare(Telemetry.config.backend, Automagik.Backend.Otlp)
        // No second name for the same thing.
        compare(Telemetry.projectName, undefined)
        compare(Telemetry.batchSize, undefined)

        configSpy.clear()
        Telemetry.config.maxRetries = 5
        compare(configSpy.count, 1)
        compare(Telemetry.config.maxRetries, 5)
        Telemetry.config.maxRetries = 5 // the same value: no change
        compare(configSpy.count, 1)
        // A change replaces the client (at the next turn of the event loop) with the new configuration.
        Telemetry.config.batchSize = 9
        compare(configSpy.count, 2)
        tryVerify(() => Telemetry.status.batch_size === 9, 5000, "a client with the new batch size")
        // A URL option takes a string, as any url property does.
        Telemetry.config.logsEndpoint = "http://127.0.0.1:9/custom/logs"
        compare(configSpy.count, 3)
        compare(String(Telemetry.config.logsEndpoint), "http://127.0.0.1:9/custom/logs")
        tryVerify(() => Telemetry.status.logs_endpoint === "http://127.0.0.1:9/custom/logs", 5000,
                  "a client with the new logs endpoint: " + Telemetry.status.logs_endpoint)
    }

    SignalSpy {
        id: consentSpy
        target: Telemetry
        signalName: "consentChanged"
    }
    SignalSpy {
        id: enabledSpy
        target: Telemetry
        signalName: "enabledChanged"
    }

    // The change signals are Telemetry's: consentChanged once per change (state and needsConsent together).
    function test_changeSignalsAreTelemetrys() {
        consentSpy.clear()
        enabledSpy.clear()
        Telemetry.setConsent(true)
        compare(consentSpy.count, 1)
        compare(enabledSpy.count, 1)
        Telemetry.setConsent(true)
        compare(consentSpy.count, 1)
        Telemetry.setConsent(false)
        compare(consentSpy.count, 2)
        compare(enabledSpy.count, 2)
        // The old names are gone.
        compare(Telemetry.consentStateChanged, undefined)
        compare(Telemetry.needsConsentChanged, undefined)
    }

    function test_consentController() {
        const controller = Telemetry.consentController
        verify(controller)
        compare(controller.decidedBy, ConsentController.DecidedBy.Nobody)
        verify(controller.canChange)
        verify(controller.needsConsent)
        verify(!controller.enabled)
        compare(controller.reason, "")
        controller.grant()
        compare(controller.decidedBy, ConsentController.DecidedBy.User)
        verify(controller.enabled)
        verify(Telemetry.enabled)
        compare(Telemetry.consentState, Automagik.ConsentState.Granted)
        compare(TestEnv.storedConsent(settingsFile), "granted")
        controller.deny()
        compare(controller.decidedBy, ConsentController.DecidedBy.User)
        verify(!Telemetry.enabled)
        compare(TestEnv.storedConsent(settingsFile), "denied")

        // The same object follows the next client.
        TestEnv.setEnvironment("DO_NOT_TRACK", "1")
        Telemetry.start()
        compare(Telemetry.consentController, controller)
        compare(controller.decidedBy, ConsentController.DecidedBy.DoNotTrack)
        verify(!controller.canChange)
        verify(controller.reason.indexOf("DO_NOT_TRACK") >= 0, controller.reason)
        controller.grant() // an answer that cannot count is not taken
        verify(!Telemetry.enabled)
        compare(TestEnv.storedConsent(settingsFile), "denied")
    }

    function test_freshClientNeedsConsent() {
        verify(Telemetry.needsConsent)
        compare(Telemetry.consentState, Automagik.ConsentState.Undecided)
        verify(!Telemetry.enabled)
        verify(!Telemetry.lockedByAdministrator)
        compare(Telemetry.userId, "")
        verify(Telemetry.sessionId !== "")
        compare(Telemetry.queueSize, 0)
        compare(Telemetry.status.project_name, "qml-test")
        compare(Telemetry.status.decided_by, "default")
        verify(Telemetry.samplePayload.length > 0)
        compare(TestEnv.storedConsent(settingsFile), "")
    }

    function test_texts() {
        compare(Telemetry.texts.applicationName, "QML Test")
        verify(Telemetry.texts.title.indexOf("QML Test") >= 0)
        verify(Telemetry.texts.collected.length > 0)
        verify(Telemetry.texts.neverCollected.length > 0)
        verify(Telemetry.texts.allow !== "")
        verify(Telemetry.texts.deny !== "")
        const summary = Telemetry.auditEntrySummary(3, "traces", "http://127.0.0.1:4318/v1/traces")
        verify(summary.indexOf("http://127.0.0.1:4318/v1/traces") >= 0, summary)
    }

    SignalSpy {
        id: textsSpy
        target: Telemetry
        signalName: "textsChanged"
    }

    function test_languageChange() {
        const english = Telemetry.texts.allow
        textsSpy.clear()
        if (!TestEnv.installTranslator("de"))
            skip("the library was built without translations (qt6-tools-dev missing)")
        tryVerify(() => textsSpy.count >= 1, 5000, "textsChanged follows the language")
        verify(Telemetry.texts.allow !== english, "translated: " + Telemetry.texts.allow)
        TestEnv.installTranslator("en")
        tryCompare(Telemetry.texts, "allow", english)
    }

    function test_grantPersists() {
        Telemetry.setConsent(true)
        compare(Telemetry.consentState, Automagik.ConsentState.Granted)
        verify(Telemetry.enabled)
        verify(!Telemetry.needsConsent)
        verify(Telemetry.userId !== "")
        compare(TestEnv.storedConsent(settingsFile), "granted")
        compare(TestEnv.storedPolicyVersion(settingsFile), 1)

        // A new client on the same settings finds the answer.
        Telemetry.start()
        compare(Telemetry.consentState, Automagik.ConsentState.Granted)
        verify(Telemetry.enabled)
    }

    function test_denyPersists() {
        Telemetry.setConsent(false)
        compare(Telemetry.consentState, Automagik.ConsentState.Denied)
        verify(!Telemetry.enabled)
        verify(!Telemetry.needsConsent)
        compare(Telemetry.userId, "")
        compare(TestEnv.storedConsent(settingsFile), "denied")
    }

    function test_enableDisable() {
        Telemetry.enable()
        verify(Telemetry.enabled)
        Telemetry.disable()
        verify(!Telemetry.enabled)
        compare(TestEnv.storedConsent(settingsFile), "denied")
    }

    function test_policyVersionAsksAgain() {
        Telemetry.setConsent(true)
        verify(!Telemetry.needsConsent)
        // A configuration change replaces the client at the next turn of the event loop.
        Telemetry.config.consentPolicyVersion = 2
        tryCompare(Telemetry, "needsConsent", true)
        compare(Telemetry.consentState, Automagik.ConsentState.Undecided)
        verify(!Telemetry.enabled)
        compare(TestEnv.storedPolicyVersion(settingsFile), 1)
    }

    SignalSpy {
        id: readySpy
        target: Telemetry
        signalName: "readyChanged"
    }
    function test_propertiesSetTogetherMakeOneClient() {
        readySpy.clear()
        consentSpy.clear()
        Telemetry.config.settingsFile = TestEnv.newSettingsFile()
        Telemetry.config.consentPolicyVersion = 3
        Telemetry.config.batchSize = 5
        // Nothing happens until the event loop runs, then one client with all three.
        compare(Telemetry.status.batch_size, 1)
        tryVerify(() => Telemetry.status.batch_size === 5, 5000, "one client with the new batch size")
        compare(Telemetry.status.consent_policy_version, 3)
        // The switch from the old client to the new one does not pass through "no client".
        verify(Telemetry.ready)
        compare(readySpy.count, 0)
        compare(consentSpy.count, 0)
        verify(Telemetry.needsConsent)
    }

    function test_attributesAreTyped() {
        if (!TestEnv.hasReceiver)
            skip("the loopback receiver is not built (AUTOMAGIK_TELEMETRY_BUILD_TOOLS=OFF)")
        Telemetry.setConsent(true)
        Telemetry.trackEvent("qml.test", {
            count: 3,
            ratio: 0.5,
            negative: -7,
            huge: Math.pow(2, 53) + 2,
            name: "alpha",
            flag: true,
            nested: { depth: 1 },
            list: [1, 2.5, "three"]
        })
        Telemetry.flush()
        tryVerify(() => TestEnv.receivedRequests().length >= 1, 10000, "the event arrived")
        const request = TestEnv.receivedRequests()[0]
        compare(request.signal, "traces")
        const span = request.body.resourceSpans[0].scopeSpans[0].spans[0]
        compare(span.name, "qml.test")
        const attributes = span.attributes
        compare(attribute(attributes, "count").intValue, "3")
        compare(attribute(attributes, "negative").intValue, "-7")
        compare(attribute(attributes, "ratio").doubleValue, 0.5)
        compare(attribute(attributes, "huge").doubleValue, Math.pow(2, 53) + 2)
        compare(attribute(attributes, "name").stringValue, "alpha")
        compare(attribute(attributes, "flag").boolValue, true)
        const nested = attribute(attributes, "nested").kvlistValue.values
        compare(nested[0].key, "depth")
        compare(nested[0].value.intValue, "1")
        const list = attribute(attributes, "list").arrayValue.values
        compare(list[0].intValue, "1")
        compare(list[1].doubleValue, 2.5)
        compare(list[2].stringValue, "three")
    }

    function test_metricsLogsErrors() {
        if (!TestEnv.hasReceiver)
            skip("the loopback receiver is not built (AUTOMAGIK_TELEMETRY_BUILD_TOOLS=OFF)")
        Telemetry.setConsent(true)
        Telemetry.trackMetric("qml.counter", 2, Automagik.MetricType.Counter, { unit: "files" })
        Telemetry.trackMetric("qml.histogram", 12.5, "histogram")
        Telemetry.trackMetric("qml.gauge", 4, { where: "attributes in the type's place" })
        Telemetry.trackLog("qml warning", Automagik.LogSeverity.Warn, { code: 42 })
        Telemetry.trackLog("qml info", { where: "attributes in the severity's place" })
        Telemetry.trackError("QmlError", "something failed", { retry: 1 })
        Telemetry.flush()
        tryVerify(() => {
            const requests = TestEnv.receivedRequests()
            let items = 0
            for (let i = 0; i < requests.length; ++i)
                items += requests[i].items
            return items >= 6
        }, 10000, "every record arrived")

        const metrics = {}
        const logs = {}
        let errorSpan = null
        const requests = TestEnv.receivedRequests()
        for (let i = 0; i < requests.length; ++i) {
            const body = requests[i].body
            if (requests[i].signal === "metrics") {
                const m = body.resourceMetrics[0].scopeMetrics[0].metrics
                for (let j = 0; j < m.length; ++j)
                    metrics[m[j].name] = m[j]
            } else if (requests[i].signal === "logs") {
                const l = body.resourceLogs[0].scopeLogs[0].logRecords
                for (let j = 0; j < l.length; ++j)
                    logs[l[j].body.stringValue] = l[j]
            } else {
                errorSpan = body.resourceSpans[0].scopeSpans[0].spans[0]
            }
        }
        verify(metrics["qml.counter"].sum !== undefined, "a counter is a sum")
        compare(attribute(metrics["qml.counter"].sum.dataPoints[0].attributes, "unit").stringValue, "files")
        verify(metrics["qml.histogram"].histogram !== undefined, "by name")
        verify(metrics["qml.gauge"].gauge !== undefined)
        compare(attribute(metrics["qml.gauge"].gauge.dataPoints[0].attributes, "where").stringValue,
                "attributes in the type's place")
        compare(logs["qml warning"].severityNumber, 13)
        compare(attribute(logs["qml warning"].attributes, "code").intValue, "42")
        compare(logs["qml info"].severityNumber, 9)
        compare(attribute(logs["qml info"].attributes, "where").stringValue, "attributes in the severity's place")
        verify(errorSpan !== null)
        compare(errorSpan.status.code, 2)
    }

    function test_nothingRecordedWithoutConsent() {
        Telemetry.trackEvent("qml.ignored", { count: 1 })
        compare(Telemetry.queueSize, 0)
        Telemetry.flush()
        tryCompare(flushSpy, "count", 1)
        compare(TestEnv.receivedRequests().length, 0)
    }

    SignalSpy {
        id: sendFailedSpy
        target: Telemetry
        signalName: "sendFailed"
    }
    SignalSpy {
        id: deliveryFailedSpy
        target: Telemetry
        signalName: "deliveryFailed"
    }

    // deliveryFailed is sendFailed with the kind of failure; both are emitted for every failure.
    function test_deliveryFailedTellsTheError() {
        Telemetry.config.endpoint = "ftp://127.0.0.1:9" // not http(s): every batch fails, unsent
        ignoreWarning(/invalid configuration, nothing will be sent: endpoint must be an http or https URL/)
        ignoreWarning(/not sending telemetry: endpoint must be an http or https URL/)
        Telemetry.start()
        Telemetry.setConsent(true)
        sendFailedSpy.clear()
        deliveryFailedSpy.clear()
        Telemetry.trackEvent("qml.failing", { count: 1 })
        Telemetry.flush()
        tryVerify(() => deliveryFailedSpy.count >= 1, 10000, "the failure was reported")
        tryCompare(sendFailedSpy, "count", deliveryFailedSpy.count)
        const failure = deliveryFailedSpy.signalArguments[0]
        compare(failure[0], Automagik.TelemetrySignal.Traces)
        compare(failure[1], 1)
        compare(failure[2], Automagik.DeliveryError.InvalidEndpoint)
        verify(failure[3].indexOf("http") >= 0, failure[3])
        compare(sendFailedSpy.signalArguments[0][2], failure[3], "the same reason")
    }

    function test_auditLogFollowsDeliveries() {
        if (!TestEnv.hasReceiver)
            skip("the loopback receiver is not built (AUTOMAGIK_TELEMETRY_BUILD_TOOLS=OFF)")
        compare(Telemetry.auditEntries().length, 0)
        Telemetry.setConsent(true)
        Telemetry.trackEvent("qml.audited", { count: 1 })
        Telemetry.flush()
        tryVerify(() => batchSpy.count >= 1, 10000, "the batch was delivered")
        verify(auditSpy.count >= 1)
        const entries = Telemetry.auditEntries()
        compare(entries.length, 1)
        const entry = entries[0]
        compare(entry.signal, "traces")
        compare(entry.items, 1)
        verify(entry.bytes > 0)
        verify(entry.size !== "")
        verify(entry.destination.indexOf(TestEnv.receiverUrl.toString()) === 0, entry.destination)
        verify(entry.body.indexOf("qml.audited") >= 0)
        verify(entry.time instanceof Date)
        verify(Math.abs(entry.time.getTime() - Date.now()) < 60000)
        verify(entry.summary.indexOf(entry.destination) >= 0, entry.summary)

        auditSpy.clear()
        verify(Telemetry.clearAuditLog())
        compare(auditSpy.count, 1)
        compare(Telemetry.auditEntries().length, 0)
        verify(!TestEnv.fileExists(auditLogFile))
    }

    function test_administratorLock() {
        TestEnv.setAdministratorLock(true)
        Telemetry.start()
        verify(Telemetry.lockedByAdministrator)
        verify(!Telemetry.needsConsent)
        verify(!Telemetry.enabled)
        compare(Telemetry.consentController.decidedBy, ConsentController.DecidedBy.Administrator)
        verify(!Telemetry.consentController.canChange)
        compare(Telemetry.consentController.reason, Telemetry.texts.lockedByAdministrator)
        Telemetry.setConsent(true)
        verify(!Telemetry.enabled, "the lock wins over the answer")
        TestEnv.setAdministratorLock(false)
    }

    function test_clientFromCpp() {
        const cppSettings = TestEnv.newSettingsFile()
        TestEnv.useCppClient("cpp-client", cppSettings, TestEnv.newAuditLogFile())
        compare(Telemetry.status.project_name, "cpp-client")
        compare(Telemetry.status.project_version, "2.0.0")
        verify(Telemetry.needsConsent)
        verify(Telemetry.consentController.needsConsent) // the controller follows the application's client
        // Configuration from QML does not replace the application's client.
        Telemetry.config.batchSize = 7
        Telemetry.setConsent(true)
        compare(Telemetry.status.project_name, "cpp-client")
        compare(TestEnv.cppClientConsentState(), Automagik.ConsentState.Granted)
        compare(TestEnv.storedConsent(cppSettings), "granted")
        verify(Telemetry.enabled)

        // Without the application's client, the singleton goes back to its own configuration.
        TestEnv.destroyCppClient()
        tryVerify(() => Telemetry.status.project_name === "qml-test", 5000, "back to the QML configuration")
        compare(Telemetry.status.batch_size, 7)
        verify(Telemetry.needsConsent)
    }
}
