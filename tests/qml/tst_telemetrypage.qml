// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors

// TelemetryPage: page views recorded by attached properties, checked on the wire (the loopback
// receiver): StackView, Loader, SwipeView, hiding and showing, opting out, extra attributes, consent.
import QtQuick
import QtQuick.Controls
import QtTest
import Automagik.Telemetry

TelemetryTestCase {
    id: testCase
    name: "TelemetryPage"
    when: windowShown

    SignalSpy {
        id: flushSpy
        target: Telemetry
        signalName: "flushFinished"
    }

    Component {
        id: homePage
        Item { TelemetryPage.name: "home" }
    }
    Component {
        id: settingsPage
        Item { TelemetryPage.name: "settings" }
    }
    Component {
        id: stackView
        StackView {
            width: 200
            height: 200
        }
    }
    Component {
        id: loader
        Loader {
            width: 200
            height: 200
        }
    }
    Component {
        id: nestedPage
        Item {
            property alias page: inner
            width: 100
            height: 100
            Item {
                id: inner
                anchors.fill: parent
                TelemetryPage.name: "toggled"
            }
        }
    }
    Component {
        id: optedOutPage
        Item {
            // A binding: read after the item's creation, never the default for a moment.
            property bool optOut: true
            width: 100
            height: 100
            TelemetryPage.name: "secret"
            TelemetryPage.enabled: !optOut
        }
    }
    Component {
        id: pageWithAttributes
        Item {
            width: 100
            height: 100
            TelemetryPage.name: "account"
            TelemetryPage.attributes: ({ section: "network", depth: 2, contact: "someone@example.com",
                                         "page.name": "not this one" })
        }
    }
    Component {
        id: swipeView
        SwipeView {
            width: 200
            height: 200
            Item {
                TelemetryPage.name: "swipe-first"
                TelemetryPage.current: SwipeView.isCurrentItem
            }
            Item {
                TelemetryPage.name: "swipe-second"
                TelemetryPage.current: SwipeView.isCurrentItem
            }
        }
    }

    function init() {
        if (!TestEnv.hasReceiver)
            skip("the loopback receiver is not built (AUTOMAGIK_TELEMETRY_BUILD_TOOLS=OFF)")
        freshTelemetry()
        Telemetry.setConsent(true)
        flushSpy.clear()
    }

    // The page views the receiver got, oldest first: {name, previous, duration (a number or undefined), attributes}.
    function pageViews() {
        const spans = []
        const requests = TestEnv.receivedRequests()
        for (let i = 0; i < requests.length; ++i) {
            if (requests[i].signal !== "traces")
                continue
            const resourceSpans = requests[i].body.resourceSpans
            for (let r = 0; r < resourceSpans.length; ++r) {
                const scopeSpans = resourceSpans[r].scopeSpans
                for (let s = 0; s < scopeSpans.length; ++s) {
                    const list = scopeSpans[s].spans
                    for (let k = 0; k < list.length; ++k) {
                        if (list[k].name === "automagik.page.view")
                            spans.push(list[k])
                    }
                }
            }
        }
        // Nanoseconds as decimal strings: longer is later, else the text orders them.
        spans.sort((a, b) => a.startTimeUnixNano.length - b.startTimeUnixNano.length
                   || (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : 0))
        return spans.map(span => {
            const previous = attribute(span.attributes, "page.previous")
            const duration = attribute(span.attributes, "page.previous_duration_ms")
            return {
                name: attribute(span.attributes, "page.name").stringValue,
                previous: previous ? previous.stringValue : undefined,
                duration: duration ? Number(duration.intValue) : undefined,
                attributes: span.attributes
            }
        })
    }

    function viewNames() {
        return pageViews().map(view => view.name)
    }

    function waitForViews(count) {
        tryVerify(() => viewNames().length >= count, 10000, count + " page view(s) arrived")
    }

    // Waits until the views recorded so far (and every queued check before this call) reached the receiver.
    function settle() {
        const before = flushSpy.count
        Telemetry.flush()
        tryVerify(() => flushSpy.count > before, 10000, "the flush finished")
    }

    function test_stackViewPushPop() {
        const stack = createTemporaryObject(stackView, testCase, { initialItem: homePage })
        verify(stack)
        waitForViews(1)
        compare(viewNames(), ["home"])
        stack.push(settingsPage)
        waitForViews(2)
        tryCompare(stack, "busy", false)
        stack.pop()
        waitForViews(3)
        tryCompare(stack, "busy", false)
        settle()

        const views = pageViews()
        compare(views.map(view => view.name), ["home", "settings", "home"], "one view per showing, in order")
        compare(views[1].previous, "home")
        compare(views[2].previous, "settings")
        verify(views[1].duration >= 0, "time on home: " + views[1].duration)
        verify(views[2].duration >= 0, "time on settings: " + views[2].duration)
    }

    function test_loaderSwitchingSources() {
        const pages = createTemporaryObject(loader, testCase, { sourceComponent: homePage })
        verify(pages)
        waitForViews(1)
        compare(viewNames(), ["home"])
        pages.sourceComponent = settingsPage
        waitForViews(2)
        pages.sourceComponent = homePage
        waitForViews(3)
        settle()

        const views = pageViews()
        compare(views.map(view => view.name), ["home", "settings", "home"])
        compare(views[1].previous, "home")
        compare(views[2].previous, "settings")
        verify(views[1].duration >= 0)
        verify(views[2].duration >= 0)
    }

    function test_hiddenThenShownCountsAgain() {
        const holder = createTemporaryObject(nestedPage, testCase)
        verify(holder)
        waitForViews(1)
        compare(viewNames(), ["toggled"])

        // Hidden and shown again before the event loop runs: still the same showing.
        holder.page.visible = false
        holder.page.visible = true
        settle()
        compare(viewNames(), ["toggled"])

        // Hidden for a while (the flush turns the event loop), then shown: a second view.
        holder.page.visible = false
        settle()
        holder.page.visible = true
        waitForViews(2)
        compare(viewNames(), ["toggled", "toggled"])

        // Hiding an ancestor hides the page too.
        holder.visible = false
        settle()
        holder.visible = true
        waitForViews(3)
        compare(viewNames(), ["toggled", "toggled", "toggled"])
        const views = pageViews()
        compare(views[2].previous, "toggled")
        verify(views[2].duration >= 0)

        // Visible, but not in a window: not shown.
        holder.parent = null
        settle()
        holder.parent = testCase
        waitForViews(4)
        compare(viewNames(), ["toggled", "toggled", "toggled", "toggled"])
        settle()
        compare(viewNames().length, 4, "never twice for one showing")
    }

    function test_optedOutPageIsNeverRecorded() {
        const before = createTemporaryObject(homePage, testCase)
        waitForViews(1)
        compare(viewNames(), ["home"])
        const secret = createTemporaryObject(optedOutPage, testCase)
        verify(secret)
        compare(secret.TelemetryPage.enabled, false)
        secret.visible = false
        settle()
        secret.visible = true
        settle()
        compare(viewNames(), ["home"])

        // It is not even the next page's previous one.
        before.visible = false
        settle()
        createTemporaryObject(settingsPage, testCase)
        waitForViews(2)
        compare(viewNames(), ["home", "settings"])
        compare(pageViews()[1].previous, "home")
        verify(pageViews()[1].duration >= 0)
    }

    function test_attributes() {
        createTemporaryObject(pageWithAttributes, testCase)
        waitForViews(1)
        compare(viewNames(), ["account"])
        const attributes = pageViews()[0].attributes
        compare(attribute(attributes, "section").stringValue, "network")
        compare(attribute(attributes, "depth").intValue, "2")
        compare(attribute(attributes, "page.name").stringValue, "account", "the page's name wins")
        const contact = attribute(attributes, "contact").stringValue
        verify(contact.indexOf("someone@example.com") < 0, "scrubbed like any attribute: " + contact)
    }

    function test_swipeViewCurrentPage() {
        const view = createTemporaryObject(swipeView, testCase)
        verify(view)
        waitForViews(1)
        compare(viewNames(), ["swipe-first"])
        view.currentIndex = 1
        waitForViews(2)
        compare(viewNames(), ["swipe-first", "swipe-second"])
        compare(pageViews()[1].previous, "swipe-first")
        settle()
        compare(viewNames().length, 2, "the page that is not current is not viewed, though visible")
    }

    // Without a client nothing is recorded, and the warning comes once, not at every page.
    function test_noClientWarnsOnce() {
        Telemetry.config = TestEnv.defaultConfig() // no project name: no client
        tryCompare(Telemetry, "ready", false)
        ignoreWarning(/TelemetryPage: there is no client yet/)
        createTemporaryObject(homePage, testCase)
        settle()
        failOnWarning(/TelemetryPage/)
        const settings = createTemporaryObject(settingsPage, testCase)
        settle()
        settings.visible = false
        settle()
        settings.visible = true
        settle()
        compare(viewNames(), [])
    }

    function test_nothingSentWithoutConsent() {
        freshTelemetry() // undecided
        verify(!Telemetry.enabled)
        createTemporaryObject(homePage, testCase)
        const settings = createTemporaryObject(settingsPage, testCase)
        settings.visible = false
        settle()
        settings.visible = true
        settle()
        compare(Telemetry.queueSize, 0)
        compare(viewNames(), [])

        Telemetry.setConsent(false)
        settings.visible = false
        settle()
        settings.visible = true
        settle()
        compare(viewNames(), [])

        // The same page is recorded once there is consent.
        Telemetry.setConsent(true)
        settings.visible = false
        settle()
        settings.visible = true
        waitForViews(1)
        compare(viewNames(), ["settings"])
    }
}
