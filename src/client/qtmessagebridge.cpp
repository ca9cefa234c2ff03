// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "client/qtmessagebridge.h"

#include <automagik/telemetry.h>

#include <QtCore/QVariantMap>

#include <cstring>
#include <mutex>
#include <utility>

namespace Automagik {

namespace {

struct Registry
{
    std::mutex mutex;
    QList<QtMessageBridge *> bridges; // attached, under mutex
    bool installed = false; // under mutex
    // Read without the lock: a message while this thread records one calls it directly.
    std::atomic<QtMessageHandler> previous{nullptr};
};

Registry &registry()
{
    // Never destroyed: a message at exit, after static destruction began, still finds it.
    static Registry *const instance = new Registry;
    return *instance;
}

// Set while this thread offers a message to the bridges: what recording it logs is not offered again.
thread_local bool offering = false;

// Only warnings and worse, in order: QtMsgType's values are not (QtInfoMsg comes last).
int rank(QtMsgType type)
{
    switch (type) {
    case QtWarningMsg:
        return 1;
    case QtCriticalMsg:
        return 2;
    case QtFatalMsg:
        return 3;
    case QtDebugMsg:
    case QtInfoMsg:
        break;
    }
    return 0;
}

int rank(LogSeverity minimum)
{
    return minimum <= LogSeverity::Warn ? 1 : minimum <= LogSeverity::Error ? 2 : 3;
}

QString typeName(QtMsgType type)
{
    switch (type) {
    case QtWarningMsg:
        return QStringLiteral("warning");
    case QtCriticalMsg:
        return QStringLiteral("critical");
    case QtFatalMsg:
        return QStringLiteral("fatal");
    case QtDebugMsg:
        return QStringLiteral("debug");
    case QtInfoMsg:
        break;
    }
    return QStringLiteral("info");
}

LogSeverity severityOf(QtMsgType type)
{
    return type == QtFatalMsg ? LogSeverity::Fatal : type == QtCriticalMsg ? LogSeverity::Error : LogSeverity::Warn;
}

bool isOwnCategory(const char *category)
{
    static const char own[] = "automagik.telemetry";
    return std::strncmp(category, own, sizeof(own) - 1) == 0;
}

} // namespace

QtMessageBridge::QtMessageBridge(Telemetry *telemetry, const QStringList &categories, LogSeverity minimum,
                                 int perMinute, QObject *parent)
    : QObject(parent)
    , m_telemetry(telemetry)
    , m_minimumRank(rank(minimum))
    , m_bucket(perMinute)
{
    for (const QString &category : categories) {
        const QByteArray text = category.trimmed().toUtf8();
        if (text.isEmpty())
            continue;
        if (text == "*")
            m_patterns.append(Pattern{Pattern::All, QByteArray()});
        else if (text.endsWith('*'))
            m_patterns.append(Pattern{Pattern::Prefix, text.chopped(1)});
        else if (text.startsWith('*'))
            m_patterns.append(Pattern{Pattern::Suffix, text.mid(1)});
        else
            m_patterns.append(Pattern{Pattern::Exact, text});
    }
}

QtMessageBridge::~QtMessageBridge()
{
    detach();
}

bool QtMessageBridge::wants(const char *category) const
{
    if (!category)
        category = "default"; // what Qt calls the category of a plain qWarning()
    if (isOwnCategory(category))
        return false; // the library's own warnings never feed the library
    const QByteArrayView name(category);
    for (const Pattern &pattern : m_patterns) {
        switch (pattern.kind) {
        case Pattern::All:
            return true;
        case Pattern::Exact:
            if (name == pattern.text)
                return true;
            break;
        case Pattern::Prefix:
            if (name.startsWith(pattern.text))
                return true;
            break;
        case Pattern::Suffix:
            if (name.endsWith(pattern.text))
                return true;
            break;
        }
    }
    return false;
}

void QtMessageBridge::attach()
{
    Registry &r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    if (m_attached)
        return;
    m_attached = true;
    r.bridges.append(this);
    if (!r.installed) {
        r.installed = true;
        // Returns Qt's default handler when none was installed: it is called like any other.
        r.previous.store(qInstallMessageHandler(&QtMessageBridge::handle), std::memory_order_release);
    }
}

void QtMessageBridge::detach()
{
    Registry &r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    if (!m_attached)
        return;
    m_attached = false;
    r.bridges.removeOne(this);
    if (!r.bridges.isEmpty() || !r.installed)
        return;
    const QtMessageHandler previous = r.previous.load(std::memory_order_acquire);
    const QtMessageHandler current = qInstallMessageHandler(previous);
    if (current == &QtMessageBridge::handle) {
        r.installed = false;
        r.previous.store(nullptr, std::memory_order_release);
    } else {
        // Someone installed a handler over ours and calls ours in turn: taking ours out would cut their
        // chain. Theirs goes back; ours stays, passing every message on, until a bridge attaches again.
        qInstallMessageHandler(current);
    }
}

void QtMessageBridge::handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    Registry &r = registry();
    if (!offering && rank(type) > 0) {
        std::lock_guard<std::mutex> lock(r.mutex);
        offering = true;
        for (QtMessageBridge *bridge : std::as_const(r.bridges))
            bridge->offer(type, context, message);
        offering = false;
    }
    // Recorded first: for qFatal, Qt aborts once the handlers return, and a handler before ours may too.
    const QtMessageHandler previous = r.previous.load(std::memory_order_acquire);
    if (previous)
        previous(type, context, message);
}

void QtMessageBridge::offer(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (rank(type) < m_minimumRank || !wants(context.category))
        return;
    if (!m_bucket.take(TokenBucket::steadyMsecs())) {
        m_rateLimited.fetch_add(1, std::memory_order_release);
        return;
    }
    QVariantMap attributes{{QStringLiteral("qt.category"),
                            context.category ? QString::fromUtf8(context.category) : QStringLiteral("default")},
                           {QStringLiteral("qt.message_type"), typeName(type)}};
    // Where it was logged, when the build keeps it (debug builds, QT_MESSAGELOGCONTEXT): the file's name
    // only, never the directory it was built in.
    if (context.file) {
        const QString file = QString::fromUtf8(context.file);
        attributes.insert(QStringLiteral("code.filepath"), file.mid(qMax(file.lastIndexOf(u'/'), file.lastIndexOf(u'\\')) + 1));
        attributes.insert(QStringLiteral("code.lineno"), context.line);
    }
    if (context.function)
        attributes.insert(QStringLiteral("code.function"), QString::fromUtf8(context.function));
    if (const qint64 dropped = m_bucket.takeDropped())
        attributes.insert(QStringLiteral("rate_limit.dropped"), dropped);
    m_telemetry->trackLog(message, severityOf(type), attributes);
    m_forwarded.fetch_add(1, std::memory_order_release);
}

} // namespace Automagik
