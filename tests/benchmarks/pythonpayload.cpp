// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "pythonpayload.h"

#include <QtCore/QFile>
#include <QtCore/QList>
#include <QtCore/QLocale>
#include <QtCore/QPair>
#include <QtCore/QSysInfo>
#include <QtCore/QUuid>

#include <chrono>
#include <cstdio>

namespace {

// json.dumps(ensure_ascii=True) string escaping.
void pyString(QByteArray &out, QStringView text)
{
    out += '"';
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        switch (u) {
        case u'"': out += "\\\""; break;
        case u'\\': out += "\\\\"; break;
        case u'\n': out += "\\n"; break;
        case u'\r': out += "\\r"; break;
        case u'\t': out += "\\t"; break;
        case u'\b': out += "\\b"; break;
        case u'\f': out += "\\f"; break;
        default:
            if (u < 0x20 || u > 0x7e) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(u));
                out += buf;
            } else {
                out += char(u);
            }
        }
    }
    out += '"';
}

// Python's float repr: shortest round trip, always with a fraction or exponent (42.0, 12.5, 1e+16).
QByteArray pyFloat(double v)
{
    QByteArray s = QByteArray::number(v, 'g', QLocale::FloatingPointShortest);
    if (!s.contains('.') && !s.contains('e') && !s.contains("inf") && !s.contains("nan"))
        s += ".0";
    return s;
}

// {"key": K, "value": {"stringValue": V}}
void pyStringAttribute(QByteArray &out, const QString &key, const QString &value)
{
    out += "{\"key\": ";
    pyString(out, key);
    out += ", \"value\": {\"stringValue\": ";
    pyString(out, value);
    out += "}}";
}

// §4.7: bool before numbers; every number is a double; anything else its str().
void pyUserAttribute(QByteArray &out, const QString &key, const QVariant &value)
{
    out += "{\"key\": ";
    pyString(out, key);
    out += ", \"value\": {";
    switch (value.metaType().id()) {
    case QMetaType::Bool:
        out += "\"boolValue\": ";
        out += value.toBool() ? "true" : "false";
        break;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::Float:
        out += "\"doubleValue\": ";
        out += pyFloat(value.toDouble());
        break;
    default:
        out += "\"stringValue\": ";
        pyString(out, value.toString().left(500));
    }
    out += "}}";
}

QString uuidHex()
{
    return QUuid::createUuid().toString(QUuid::Id128); // uuid4().hex: 32 lowercase hex digits
}

// int(time.time() * 1e9): a double of seconds (microsecond clock), scaled, truncated.
qint64 pythonTimeNs()
{
    using namespace std::chrono;
    const double seconds = double(duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()) / 1e6;
    return qint64(seconds * 1e9);
}

} // namespace

QByteArray pythonSdkTracesBody(const PythonPayloadInput &in)
{
    // §3.3, in order. The Python package version is not in REFERENCE; one of the same length as TS's 0.1.4.
    const QList<QPair<QString, QString>> resource{
        {QStringLiteral("service.name"), in.projectName},
        {QStringLiteral("service.version"), in.version},
        {QStringLiteral("project.name"), in.projectName},
        {QStringLiteral("project.version"), in.version},
        {QStringLiteral("service.organization"), in.organization},
        {QStringLiteral("user.id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
        {QStringLiteral("session.id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
        {QStringLiteral("telemetry.sdk.name"), QStringLiteral("automagik-telemetry")},
        {QStringLiteral("telemetry.sdk.version"), QStringLiteral("0.1.4")},
    };
    QByteArray resourceJson = "{\"attributes\": [";
    for (qsizetype i = 0; i < resource.size(); ++i) {
        if (i)
            resourceJson += ", ";
        pyStringAttribute(resourceJson, resource.at(i).first, resource.at(i).second);
    }
    resourceJson += "]}";

    // §3.4, Python's values on this machine (platform.system() is capitalised; python 3.11 is Debian 12's).
    QByteArray systemJson;
    const auto sys = [&systemJson](const char *key, const QString &value) {
        pyStringAttribute(systemJson, QString::fromLatin1(key), value);
        systemJson += ", ";
    };
    sys("system.os", QStringLiteral("Linux"));
    sys("system.os_version", QSysInfo::kernelVersion());
    sys("system.python_version", QStringLiteral("3.11.2"));
    sys("system.architecture", QSysInfo::currentCpuArchitecture());
    systemJson += "{\"key\": \"system.is_docker\", \"value\": {\"boolValue\": ";
    systemJson += QFile::exists(QStringLiteral("/.dockerenv")) ? "true" : "false";
    systemJson += "}}, ";
    sys("system.project_name", in.projectName);
    sys("system.project_version", in.version);
    sys("system.organization", in.organization);

    QByteArray out;
    out += "{\"resourceSpans\": [{\"resource\": ";
    out += resourceJson;
    out += ", \"scopeSpans\": [{\"scope\": {\"name\": ";
    pyString(out, QString(in.projectName + QStringLiteral(".telemetry")));
    out += ", \"version\": ";
    pyString(out, in.version);
    out += "}, \"spans\": [";
    for (int e = 0; e < in.events; ++e) {
        if (e)
            out += ", ";
        out += "{\"traceId\": \"";
        out += (uuidHex() + uuidHex()).toLatin1(); // §4.3: 64 hex digits
        out += "\", \"spanId\": \"";
        out += uuidHex().left(16).toLatin1();
        out += "\", \"name\": ";
        pyString(out, in.eventName);
        out += ", \"kind\": \"SPAN_KIND_INTERNAL\", \"startTimeUnixNano\": ";
        out += QByteArray::number(pythonTimeNs());
        out += ", \"endTimeUnixNano\": ";
        out += QByteArray::number(pythonTimeNs()); // a second clock read, as Python does
        out += ", \"attributes\": [";
        out += systemJson; // system attributes first, then the user's (already ends in ", ")
        bool first = true;
        for (auto it = in.attributes.cbegin(); it != in.attributes.cend(); ++it) {
            if (!first)
                out += ", ";
            first = false;
            pyUserAttribute(out, it.key(), it.value());
        }
        if (first)
            out.chop(2);
        out += "], \"status\": {\"code\": 1}, \"resource\": ";
        out += resourceJson; // §4.8 D4: the resource again inside every span
        out += '}';
    }
    out += "]}]}]}";
    return out;
}
