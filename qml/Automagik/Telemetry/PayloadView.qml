// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors

// A request body as it is sent: an optional sentence, then the JSON in a framed,
// selectable, left-to-right block that wraps at any width.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Control {
    id: control

    property string explanation
    //! The request body, as sent. JSON is shown indented by two spaces; only whitespace changes.
    property string payload
    readonly property string displayedText: reindent(payload)

    // Re-indents JSON without parsing it: every token stays exactly as it was sent (a parse
    // and stringify could rewrite numbers), and text that is not JSON stays readable.
    function reindent(text) {
        if (text.length > 262144)
            return text
        const isSpace = c => c === " " || c === "\n" || c === "\r" || c === "\t"
        const newline = depth => "\n" + "  ".repeat(Math.max(0, depth))
        let out = ""
        let depth = 0
        let inString = false
        let escaped = false
        for (let i = 0; i < text.length; ++i) {
            const c = text[i]
            if (inString) {
                out += c
                if (escaped)
                    escaped = false
                else if (c === "\\")
                    escaped = true
                else if (c === "\"")
                    inString = false
                continue
            }
            if (isSpace(c))
                continue
            if (c === "\"") {
                inString = true
                out += c
            } else if (c === "{" || c === "[") {
                let j = i + 1
                while (j < text.length && isSpace(text[j]))
                    ++j
                if (text[j] === (c === "{" ? "}" : "]")) { // an empty object or array stays on its line
                    out += c + text[j]
                    i = j
                } else {
                    out += c + newline(++depth)
                }
            } else if (c === "}" || c === "]") {
                out += newline(--depth) + c
            } else if (c === ",") {
                out += "," + newline(depth)
            } else if (c === ":") {
                out += ": "
            } else {
                out += c
            }
        }
        return out
    }

    readonly property real unit: Math.max(1, Math.round(metrics.height / 4))

    Accessible.role: Accessible.Grouping
    Accessible.name: explanation !== "" ? explanation : payload

    FontMetrics {
        id: metrics
        font: control.font
    }

    contentItem: ColumnLayout {
        spacing: control.unit

        Label {
            Layout.fillWidth: true
            visible: control.explanation !== ""
            text: control.explanation
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignLeft
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: body.implicitHeight + 2 * control.unit
            color: control.palette.base
            border.color: control.palette.mid
            border.width: 1
            radius: control.unit / 2

            TextEdit {
                id: body
                // JSON reads left to right in every language.
                LayoutMirroring.enabled: false
                anchors.fill: parent
                anchors.margins: control.unit
                text: control.displayedText
                readOnly: true
                selectByMouse: true
                activeFocusOnTab: false
                textFormat: TextEdit.PlainText
                wrapMode: TextEdit.WrapAtWordBoundaryOrAnywhere
                horizontalAlignment: TextEdit.AlignLeft
                color: control.palette.text
                selectionColor: control.palette.highlight
                selectedTextColor: control.palette.highlightedText
                // The control's size (a point or a pixel size, whichever the application set), fixed pitch.
                font: control.font.pointSize > 0
                      ? Qt.font({ family: "monospace", pointSize: control.font.pointSize * 0.9 })
                      : Qt.font({ family: "monospace", pixelSize: Math.max(1, Math.round(control.font.pixelSize * 0.9)) })
                Accessible.role: Accessible.EditableText
                Accessible.name: control.explanation !== "" ? control.explanation : control.payload
                Accessible.description: control.payload
                Accessible.readOnly: true
            }
        }
    }
}
