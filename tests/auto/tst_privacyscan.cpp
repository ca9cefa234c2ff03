// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The privacy detectors from the inside: every detector's work is linear in its input, proven by
// counting the characters it reads (deterministic, no timing), on adversarial inputs for every
// detector; and the client's own scrubbing cuts over-long strings before it scans them, without
// letting a piece of something it cut through reach the output.
#include "privacy/detector.h"
#include "privacy/keynames.h"
#include "privacy/privacy_p.h"

#include "privacyadversarial.h"

#include <QtTest/QTest>

using namespace Automagik;
using namespace Automagik::Internal::Scrub;

namespace {

QString s(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

qint64 countReads(const Detector &detector, const QString &input)
{
    KeyClassifier keys;
    ScanContext context;
    context.keys = &keys;
    Edits edits;
    return detector.findCounting(Text(input), context, edits);
}

const Detector *detectorNamed(const QString &name)
{
    for (const Detector *d : detectors()) {
        if (QLatin1String(d->name()) == name)
            return d;
    }
    return nullptr;
}

// Units that are hard on several detectors at once, besides each detector's own.
const char *const kGenericUnits[] = {
    "a", "1", "1 ", "1.", "a@", "ab:", "a=", "password=", "/home/", "-----BEGIN PRIVATE KEY-----\n", "eyJabcdefghij.",
    "0123456789abcdef", "{\"password\": [", "\"a\":\"", "[", "Bearer ", "~a/", "::",
    "\xe5\xaf\x86\xe7\xa0\x81\xef\xbc\x9a", // 密码：
};

} // namespace

class tst_PrivacyScan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyDetectorHasAnAdversarialCase();
    void detectorsRunInTheDocumentedOrder();
    void everyDetectorIsLinear_data();
    void everyDetectorIsLinear();
    void theReportedQuadraticCaseIsLinear();
    void longStringsAreCutBeforeScanning();
    void nothingCutThroughLeaks_data();
    void nothingCutThroughLeaks();
    void shortStringsAreNotCut();
    void cutKeepsSurrogatePairsWhole();
};

void tst_PrivacyScan::everyDetectorHasAnAdversarialCase()
{
    for (const Detector *d : detectors()) {
        bool found = false;
        for (const PrivacyAdversarial::Case &c : PrivacyAdversarial::cases())
            found = found || qstrcmp(c.detector, d->name()) == 0;
        QVERIFY2(found, d->name());
    }
    QCOMPARE(PrivacyAdversarial::cases().size(), detectors().size());
}

void tst_PrivacyScan::detectorsRunInTheDocumentedOrder()
{
    QStringList names;
    for (const Detector *d : detectors())
        names.append(QLatin1String(d->name()));
    QCOMPARE(names, (QStringList { s("pem"), s("url-userinfo"), s("webhook"), s("key-value"), s("token"), s("email"),
                                   s("network"), s("iban"), s("card"), s("ssn"), s("phone"), s("home-path") }));
}

void tst_PrivacyScan::everyDetectorIsLinear_data()
{
    QTest::addColumn<QString>("detector");
    QTest::addColumn<QString>("unit");
    // Every detector against every adversarial unit: one detector's worst case is often
    // another's ordinary text.
    for (const Detector *d : detectors()) {
        for (const PrivacyAdversarial::Case &c : PrivacyAdversarial::cases())
            QTest::addRow("%s on %s", d->name(), c.detector) << QString::fromLatin1(d->name()) << s(c.unit);
        for (qsizetype k = 0; k < qsizetype(std::size(kGenericUnits)); ++k)
            QTest::addRow("%s on generic %d", d->name(), int(k))
                << QString::fromLatin1(d->name()) << s(kGenericUnits[k]);
    }
}

void tst_PrivacyScan::everyDetectorIsLinear()
{
    QFETCH(QString, detector);
    QFETCH(QString, unit);
    const Detector *d = detectorNamed(detector);
    QVERIFY(d);
    constexpr qsizetype small = 64 * 1024;
    constexpr qsizetype large = 4 * small;
    const qint64 readsSmall = countReads(*d, PrivacyAdversarial::repeated(unit.toUtf8().constData(), small));
    const qint64 readsLarge = countReads(*d, PrivacyAdversarial::repeated(unit.toUtf8().constData(), large));
    // Four times the input, at most about four times the work: a quadratic scan reads sixteen times
    // as much. And a bounded amount of work per character, whatever the input.
    QVERIFY2(readsLarge <= 4 * readsSmall + readsSmall / 10 + 4096,
             qPrintable(QStringLiteral("%1 reads for 64 KiB, %2 for 256 KiB").arg(readsSmall).arg(readsLarge)));
    QVERIFY2(readsLarge <= 64 * large,
             qPrintable(QStringLiteral("%1 reads per character").arg(double(readsLarge) / large)));
}

void tst_PrivacyScan::theReportedQuadraticCaseIsLinear()
{
    // Many "-----BEGIN " markers and no PRIVATE KEY: the old PEM search rescanned the line per marker.
    const QString oneMiB = PrivacyAdversarial::repeated("-----BEGIN CERTIFICATE ", 1 << 20);
    const qint64 reads = countReads(pemDetector(), oneMiB);
    QVERIFY2(reads < 8 * oneMiB.size(), qPrintable(QString::number(reads)));
    // and the whole sanitizer still leaves such a text alone
    QCOMPARE(Privacy().sanitizeString(oneMiB.left(4096)), oneMiB.left(4096));
}

void tst_PrivacyScan::longStringsAreCutBeforeScanning()
{
    const Privacy privacy;
    constexpr qsizetype keep = 500;
    // A 4 MiB message: only the start is scanned and kept; what lies past the cut is never seen.
    QString text = s("mail alice.smith@example.com ");
    text += PrivacyAdversarial::repeated("lorem ipsum ", 4 << 20);
    text += s(" tail bob@example.org");
    const QString out = PrivacyAccess::sanitizeString(privacy, text, keep);
    QVERIFY(out.startsWith(s("mail [EMAIL] lorem")));
    QVERIFY(out.endsWith(QChar(0x2026)));
    QVERIFY(out.size() > keep); // the encoder still gets all it keeps
    QVERIFY(out.size() <= keep + PrivacyAccess::CutGuard + 1);
    QVERIFY(!out.contains(s("bob")));

    // The same cut inside attributes, nested ones and byte arrays included.
    const QVariantMap attributes {
        { s("note"), text },
        { s("nested"), QVariantMap { { s("list"), QVariantList { text, QByteArray(text.toUtf8()) } } } },
        { s("short"), s("carol@example.net") },
    };
    const QVariantMap scrubbed = PrivacyAccess::sanitizeAttributes(privacy, attributes, keep);
    QCOMPARE(scrubbed.value(s("note")).toString(), out);
    const QVariantList list = scrubbed.value(s("nested")).toMap().value(s("list")).toList();
    QCOMPARE(list.value(0).toString(), out);
    QCOMPARE(list.value(1).metaType(), QMetaType::fromType<QByteArray>());
    QCOMPARE(QString::fromUtf8(list.value(1).toByteArray()), out);
    QCOMPARE(scrubbed.value(s("short")).toString(), s("[EMAIL]"));

    // The public API does not cut.
    const QString whole = privacy.sanitizeString(text);
    QVERIFY(whole.size() > 4 << 20);
    QVERIFY(whole.startsWith(s("mail [EMAIL] lorem")));
    QVERIFY(whole.endsWith(s(" tail [EMAIL]")));
}

void tst_PrivacyScan::nothingCutThroughLeaks_data()
{
    QTest::addColumn<QString>("before"); // what precedes the item in the window
    QTest::addColumn<QString>("item");
    // What comes first is either kept as it is or shortened a lot by the scrubbing, so that a piece
    // of the item cut at the window's end would move into what the encoder keeps.
    QString pem = s("-----BEGIN PRIVATE KEY-----\n");
    pem += PrivacyAdversarial::repeated("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n", 20 * 33);
    pem += s("-----END PRIVATE KEY-----\n");
    const QString secretKey = s("password=") + PrivacyAdversarial::repeated("hunter2", 700) + s(" ");
    const QString filler = PrivacyAdversarial::repeated("x ", 700);
    for (const auto &[name, before] :
         { std::pair { "filler", filler }, std::pair { "pem", pem }, std::pair { "secret key", secretKey } }) {
        QTest::addRow("e-mail after %s", name) << before << s("jonathan.appleseed@example.com");
        QTest::addRow("card after %s", name) << before << s("4111 1111 1111 1111");
        QTest::addRow("phone after %s", name) << before << s("+49 30 1234567");
        QTest::addRow("url credentials after %s", name) << before << s("https://bob:hunter2@example.com/");
        QTest::addRow("iban after %s", name) << before << s("GB82 WEST 1234 5698 7654 32");
        QTest::addRow("ssn after %s", name) << before << s("219-09-9999");
    }
}

void tst_PrivacyScan::nothingCutThroughLeaks()
{
    QFETCH(QString, before);
    QFETCH(QString, item);
    const Privacy privacy;
    constexpr qsizetype keep = 500;
    const qsizetype window = keep + 2 * PrivacyAccess::CutGuard;
    QVERIFY(before.size() + item.size() < window);
    // The window ends inside the item, at every position: what survives of a cut item is its start.
    for (qsizetype shift = 1; shift < item.size(); ++shift) {
        QString text = before;
        text += QString(window - shift - before.size(), QLatin1Char(' '));
        text += item;
        text += PrivacyAdversarial::repeated(" y", 2000);
        const QString out = PrivacyAccess::sanitizeString(privacy, text, keep);
        QVERIFY2(!out.contains(item.left(4)), qPrintable(QStringLiteral("shift %1: %2").arg(shift).arg(out.right(60))));
    }
}

void tst_PrivacyScan::shortStringsAreNotCut()
{
    const Privacy privacy;
    const QString text = PrivacyAdversarial::repeated("ab ", 1000) + s("alice@example.com");
    QCOMPARE(PrivacyAccess::sanitizeString(privacy, text, 1000), privacy.sanitizeString(text));
    QCOMPARE(PrivacyAccess::sanitizeString(privacy, text, -1), privacy.sanitizeString(text));
    QCOMPARE(PrivacyAccess::sanitizeString(privacy, s("plain"), 0), s("plain"));
}

void tst_PrivacyScan::cutKeepsSurrogatePairsWhole()
{
    const QString emoji = QString::fromUtf8("\xf0\x9f\x98\x80");
    const QString text = PrivacyAdversarial::repeated("\xf0\x9f\x98\x80", 20000);
    for (const qsizetype keep : { qsizetype(500), qsizetype(501) }) {
        const QString out = PrivacyAccess::sanitizeString(Privacy(), text, keep);
        QVERIFY(!out.contains(QChar(QChar::ReplacementCharacter)));
        QVERIFY(out.chopped(1).endsWith(emoji));
    }
}

QTEST_GUILESS_MAIN(tst_PrivacyScan)
#include "tst_privacyscan.moc"
