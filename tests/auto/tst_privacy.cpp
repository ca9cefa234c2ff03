// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
// Privacy: what the sanitizer removes (exact output for each category), what it must leave alone
// (ordinary telemetry), key rules, configuration, values of every type, and robustness against
// huge, deep and malformed input. The defects of the Python/TypeScript privacy module
// (REFERENCE.md section 7) each have a test that shows they are not ported.
#include <automagik/privacy.h>

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSize>
#include <QTest>
#include <QThread>
#include <QTime>
#include <QTimeZone>
#include <QUrl>
#include <QUuid>

#include <atomic>
#include <iterator>
#include <memory>
#include <random>
#include <vector>

using Automagik::Privacy;
using Automagik::PrivacyCategories;
using Automagik::PrivacyCategory;

namespace {

QString s(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

// Provider tokens are assembled at run time so that this file holds no string a secret
// scanner would flag; they are fake but well-formed.
QString token(const char *prefix, const char *rest)
{
    return QString::fromLatin1(prefix) + QString::fromLatin1(rest);
}

const char kJwt[] = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
                    "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
const char kHex64[] = "b53f16947ccf25ec84d8dbc74254770f58904dba41ecccc3fc1626e53a13043b";
const char kBase64[] = "PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA7";
const char kBase64Url[] = "2O76UMFxFkM_R5Kjp1vRt-1fjORS_6ilI8ihN5KXSc7";

QVariant nestedList(int depth, const QVariant &leaf)
{
    QVariant v = leaf;
    for (int i = 0; i < depth; ++i)
        v = QVariantList { v };
    return v;
}

QVariant nestedMap(int depth, const QVariant &leaf)
{
    QVariant v = leaf;
    for (int i = 0; i < depth; ++i)
        v = QVariantMap { { QStringLiteral("level"), v } };
    return v;
}

} // namespace

class tst_Privacy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hashMatchesTheOtherSdks();
    void defaultsEnableEverything();

    void scrubsEachCategory_data();
    void scrubsEachCategory();
    void scrubbingIsIdempotent_data();
    void scrubbingIsIdempotent();
    void leavesOrdinaryTelemetryAlone_data();
    void leavesOrdinaryTelemetryAlone();
    void doesNotPortReferenceDefects_data();
    void doesNotPortReferenceDefects();

    void disablingOneCategoryKeepsTheOthers_data();
    void disablingOneCategoryKeepsTheOthers();
    void disablingSecretKeyKeepsKeyedValues();

    void secretKeysAreMatchedByWords_data();
    void secretKeysAreMatchedByWords();
    void customSecretKeyNames();
    void valuesUnderSecretKeysAreRedactedWhole_data();
    void valuesUnderSecretKeysAreRedactedWhole();
    void keyNamesHintVersionsAndDigests_data();
    void keyNamesHintVersionsAndDigests();
    void allowedKeysPassUnchanged();

    void customPatterns();
    void invalidCustomPatternIsIgnored();

    void nestedListsAndMaps();
    void sanitizeAttributesKeepsUntouchedEntries();
    void nonStringTypesPassThrough_data();
    void nonStringTypesPassThrough();
    void byteArraysAreUtf8Text();
    void urlValues();
    void jsonValues();
    void stringLists();

    void megabyteStrings_data();
    void megabyteStrings();
    void randomInputIsHandled();
    void deepNestingIsCapped();
    void loneSurrogatesDoNotBreakDetection();
    void copiesAreIndependent();
    void concurrentUseGivesTheSameResults();

    // Categories and fixes of the held-out corpus report: each with look-alikes that must stay.
    void detectsIbans_data();
    void detectsIbans();
    void ibanLookAlikesStay_data();
    void ibanLookAlikesStay();
    void detectsSocialSecurityNumbers_data();
    void detectsSocialSecurityNumbers();
    void ssnLookAlikesStay_data();
    void ssnLookAlikesStay();
    void detectsCiscoMacAddresses_data();
    void detectsCiscoMacAddresses();
    void redactsWebhookSecrets_data();
    void redactsWebhookSecrets();
    void emailLocalPartsFollowRfc5322_data();
    void emailLocalPartsFollowRfc5322();
    void versionsNextToProductNames_data();
    void versionsNextToProductNames();
    void multilingualSecretKeys_data();
    void multilingualSecretKeys();
    void multilingualKeyLookAlikesStay_data();
    void multilingualKeyLookAlikesStay();
    void multilingualSecretKeysInText_data();
    void multilingualSecretKeysInText();
    void jsonInMessagesIsScrubbedLikeMaps_data();
    void jsonInMessagesIsScrubbedLikeMaps();
    void secretValuesEndWhereTheirSyntaxEnds_data();
    void secretValuesEndWhereTheirSyntaxEnds();
    void everyContextIsScrubbed_data();
    void everyContextIsScrubbed();
    void newCategoriesAreIdempotent();
};

void tst_Privacy::hashMatchesTheOtherSdks()
{
    // REFERENCE.md section 7.3
    QCOMPARE(Privacy::hash(QStringLiteral("user@example.com")), QStringLiteral("sha256:b4c9a289323b21a0"));
    QCOMPARE(Privacy::hash(QStringLiteral("a")), Privacy::hash(QStringLiteral("a")));
    QVERIFY(Privacy::hash(QStringLiteral("a")) != Privacy::hash(QStringLiteral("b")));
    QCOMPARE(Privacy::hash(QString()).size(), 7 + 16);
}

void tst_Privacy::defaultsEnableEverything()
{
    const Privacy privacy;
    QCOMPARE(privacy.enabledCategories(), PrivacyCategories(PrivacyCategory::AllCategories));
    QVERIFY(privacy.allowedKeys().isEmpty());
    QVERIFY(privacy.secretKeyNames().isEmpty());
    QCOMPARE(privacy.sanitizeString(QString()), QString());
}

void tst_Privacy::scrubsEachCategory_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    // e-mail
    QTest::newRow("email alone") << s("alice@example.com") << s("[EMAIL]");
    QTest::newRow("email in a sentence") << s("Contact alice@example.com for access.") << s("Contact [EMAIL] for access.");
    QTest::newRow("email with plus, dots and subdomains")
        << s("from bob.smith+tag@mail.example.co.uk") << s("from [EMAIL]");
    QTest::newRow("two emails") << s("a@example.com,b@example.org") << s("[EMAIL],[EMAIL]");
    QTest::newRow("email at start and end") << s("x@example.com wrote to y@example.net") << s("[EMAIL] wrote to [EMAIL]");
    QTest::newRow("email in angle brackets") << s("Alice <alice@example.com>") << s("Alice <[EMAIL]>");
    QTest::newRow("email with non-ASCII letters") << s("jörg@bücher.de") << s("[EMAIL]");
    QTest::newRow("mailto") << s("mailto:alice@example.com") << s("mailto:[EMAIL]");

    // phone numbers
    QTest::newRow("phone +49 30") << s("+49 30 1234567") << s("[PHONE]");
    QTest::newRow("phone +1 (415)") << s("+1 (415) 555-2671") << s("[PHONE]");
    QTest::newRow("phone +44 20") << s("+44 20 7946 0958") << s("[PHONE]");
    QTest::newRow("phone (415)") << s("(415) 555-2671") << s("[PHONE]");
    QTest::newRow("phone 415-555-2671") << s("415-555-2671") << s("[PHONE]");
    QTest::newRow("phone 415.555.2671") << s("415.555.2671") << s("[PHONE]");
    QTest::newRow("phone 1-800") << s("1-800-555-0199") << s("[PHONE]");
    QTest::newRow("phone 030 1234567") << s("030 1234567") << s("[PHONE]");
    QTest::newRow("phone 06 12 34 56 78") << s("06 12 34 56 78") << s("[PHONE]");
    QTest::newRow("phone E.164 without spaces") << s("+14155552671") << s("[PHONE]");
    QTest::newRow("phone +49 (0)30") << s("+49 (0)30 1234567") << s("[PHONE]");
    QTest::newRow("phone in a sentence") << s("Call +33 6 12 34 56 78 today.") << s("Call [PHONE] today.");
    QTest::newRow("phone after a label") << s("Tel:030 1234567") << s("Tel:[PHONE]");
    QTest::newRow("two phones") << s("415-555-2671 or (030) 1234567") << s("[PHONE] or [PHONE]");
    QTest::newRow("phone followed by a count") << s("030 1234567 2 times") << s("[PHONE] 2 times");

    // payment cards
    QTest::newRow("card spaced") << s("4111 1111 1111 1111") << s("[CARD]");
    QTest::newRow("card dashed") << s("4111-1111-1111-1111") << s("[CARD]");
    QTest::newRow("card plain") << s("4111111111111111") << s("[CARD]");
    QTest::newRow("card amex plain") << s("378282246310005") << s("[CARD]");
    QTest::newRow("card amex grouped") << s("3782 822463 10005") << s("[CARD]");
    QTest::newRow("card mastercard") << s("paid with 5500 0000 0000 0004.") << s("paid with [CARD].");
    QTest::newRow("card 14 digits") << s("30569309025904") << s("[CARD]");
    QTest::newRow("two cards in one run") << s("4111 1111 1111 1111 5555 5555 5555 4444") << s("[CARD] [CARD]");
    QTest::newRow("card followed by expiry") << s("4242 4242 4242 4242 12/29") << s("[CARD] 12/29");

    // secrets and tokens
    QTest::newRow("stripe live key") << token("sk_live_", "4eC39HqLyjWDarjtT1zdp7dc") << s("[SECRET]");
    QTest::newRow("stripe test key in text")
        << QString(s("key=") + token("rk_test_", "4eC39HqLyjWDarjtT1zdp7dc") + s(" used"))
        << s("key=[SECRET] used");
    QTest::newRow("github pat classic") << token("ghp_", "16C7e42F292c6912E7710c838347Ae178B4a") << s("[SECRET]");
    QTest::newRow("github fine-grained pat") << token("github_pat_", "11ABCDEFG0123456789_abcdefghijklmnop") << s("[SECRET]");
    QTest::newRow("github oauth token in a path") << QString(s("/auth/") + token("gho_", "16C7e42F292c6912E7710c838347Ae178B4a"))
                                                  << s("/auth/[SECRET]");
    QTest::newRow("slack bot token") << token("xoxb-", "2048-8192-AbCdEfGhIjKlMnOp") << s("[SECRET]");
    QTest::newRow("aws access key id") << s("id AKIAIOSFODNN7EXAMPLE ok") << s("id [SECRET] ok");
    QTest::newRow("google api key") << token("AIza", "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY") << s("[SECRET]");
    QTest::newRow("openai-style key") << token("sk-", "proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z") << s("[SECRET]");
    QTest::newRow("gitlab token") << token("glpat-", "xAbCdEfGh1234567890ij") << s("[SECRET]");
    QTest::newRow("npm token") << token("npm_", "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789") << s("[SECRET]");
    QTest::newRow("jwt") << QString(s("session ") + s(kJwt) + s(" expired")) << s("session [SECRET] expired");
    QTest::newRow("bearer token") << s("sent Bearer AbCdEf0123456789xyz to the API") << s("sent Bearer [SECRET] to the API");
    QTest::newRow("bearer jwt") << QString(s("Bearer ") + s(kJwt)) << s("Bearer [SECRET]");
    QTest::newRow("basic credentials") << s("Basic dXNlcjpwYXNzd29yZA==") << s("Basic [SECRET]");
    QTest::newRow("long hex (64)") << QString(s("key ") + s(kHex64)) << s("key [SECRET]");
    QTest::newRow("high-entropy base64") << QString(s("secret ") + s(kBase64) + s(" end")) << s("secret [SECRET] end");
    QTest::newRow("high-entropy base64url") << s(kBase64Url) << s("[SECRET]");
    QTest::newRow("pem private key")
        << s("key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\nnext")
        << s("key:\n[SECRET]\nnext");
    QTest::newRow("pem glued to other text")
        << s("id=1-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY----- done")
        << s("id=1[SECRET] done");

    // IP and MAC addresses
    QTest::newRow("ipv4 with port") << s("Connecting to 192.168.1.10:8080") << s("Connecting to [IP]:8080");
    QTest::newRow("two ipv4 in a sentence") << s("from 10.0.0.1, to 10.0.0.2.") << s("from [IP], to [IP].");
    QTest::newRow("ipv4 in a url") << s("http://203.0.113.7/api") << s("http://[IP]/api");
    QTest::newRow("ipv4 after a label") << s("host:10.0.0.1") << s("host:[IP]");
    QTest::newRow("ipv4 cidr") << s("10.0.0.0/8") << s("[IP]/8");
    QTest::newRow("ipv4 range") << s("10.0.0.1-10.0.0.9") << s("[IP]-[IP]");
    QTest::newRow("ipv6 full") << s("2001:0db8:85a3:0000:0000:8a2e:0370:7334") << s("[IP]");
    QTest::newRow("ipv6 compressed") << s("via 2001:db8::8a2e:370:7334 ok") << s("via [IP] ok");
    QTest::newRow("ipv6 loopback") << s("::1") << s("[IP]");
    QTest::newRow("ipv6 bracketed with port") << s("listen [::1]:8080") << s("listen [IP]:8080");
    QTest::newRow("ipv6 link-local with zone") << s("fe80::1%eth0 is up") << s("[IP] is up");
    QTest::newRow("ipv6 mapped ipv4") << s("::ffff:192.0.2.128") << s("[IP]");
    QTest::newRow("ipv6 ending a sentence") << s("addr fe80::1.") << s("addr [IP].");
    QTest::newRow("mac with colons") << s("mac 00:1A:2B:3C:4D:5E") << s("mac [MAC]");
    QTest::newRow("mac with dashes") << s("00-1a-2b-3c-4d-5e up") << s("[MAC] up");

    // home-directory paths
    QTest::newRow("linux home") << s("/home/alice/docs/a.txt") << s("/home/[USER]/docs/a.txt");
    QTest::newRow("linux home, name only") << s("cwd=/home/alice") << s("cwd=/home/[USER]");
    QTest::newRow("macos home") << s("/Users/alice/Library/Logs") << s("/Users/[USER]/Library/Logs");
    QTest::newRow("windows home") << s("C:\\Users\\Alice\\file.txt") << s("C:\\Users\\[USER]\\file.txt");
    QTest::newRow("windows home, forward slashes") << s("C:/Users/alice/AppData") << s("C:/Users/[USER]/AppData");
    QTest::newRow("windows home, escaped") << s("\"C:\\\\Users\\\\carol\\\\x\"") << s("\"C:\\\\Users\\\\[USER]\\\\x\"");
    QTest::newRow("windows long path prefix") << s("\\\\?\\C:\\Users\\bob\\x") << s("\\\\?\\C:\\Users\\[USER]\\x");
    QTest::newRow("windows name with a space") << s("C:\\Users\\John Smith\\Documents") << s("C:\\Users\\[USER]\\Documents");
    QTest::newRow("windows home ending a sentence") << s("file C:\\Users\\alice is missing") << s("file C:\\Users\\[USER] is missing");
    QTest::newRow("file url") << s("file:///home/alice/x") << s("file:///home/[USER]/x");
    QTest::newRow("tilde user") << s("~alice/docs") << s("~[USER]/docs");
    QTest::newRow("fedora atomic") << s("/var/home/alice/x") << s("/var/home/[USER]/x");
    QTest::newRow("wsl") << s("/mnt/c/Users/alice/x") << s("/mnt/c/Users/[USER]/x");
    QTest::newRow("two paths") << s("/home/a/x -> /home/b/y") << s("/home/[USER]/x -> /home/[USER]/y");

    // URLs
    QTest::newRow("url user and password") << s("https://bob:hunter2@example.com/x") << s("https://[REDACTED]@example.com/x");
    QTest::newRow("url user only") << s("ftp://bob@example.com/") << s("ftp://[REDACTED]@example.com/");
    QTest::newRow("url secret query parameter") << s("https://example.com/cb?token=abc&page=2")
                                                << s("https://example.com/cb?token=[REDACTED]&page=2");
    QTest::newRow("url several secret parameters")
        << s("https://s3.example.com/k?X-Amz-Credential=AK%2F1&X-Amz-Date=20260101&X-Amz-Signature=ab12")
        << s("https://s3.example.com/k?X-Amz-Credential=[REDACTED]&X-Amz-Date=20260101&X-Amz-Signature=[REDACTED]");
    QTest::newRow("url fragment token") << s("https://example.com/cb#access_token=abc&token_type=bearer")
                                        << s("https://example.com/cb#access_token=[REDACTED]&token_type=bearer");
    QTest::newRow("url credentials and query") << s("see https://u:p@example.com/a?api_key=k1 now")
                                               << s("see https://[REDACTED]@example.com/a?api_key=[REDACTED] now");

    // secret-named keys inside text
    QTest::newRow("key=value") << s("password=hunter2 user=bob") << s("password=[REDACTED] user=bob");
    QTest::newRow("key: value") << s("api_key: abc123 next") << s("api_key: [REDACTED] next");
    QTest::newRow("key = value") << s("apiKey = xyz") << s("apiKey = [REDACTED]");
    QTest::newRow("json in a message") << s("{\"password\":\"hun ter2\",\"user\":\"bob\"}")
                                       << s("{\"password\":\"[REDACTED]\",\"user\":\"bob\"}");
    QTest::newRow("authorization header") << s("Authorization: Bearer abc.def-ghi") << s("Authorization: [REDACTED]");
    QTest::newRow("cookie header") << s("Cookie: sessionid=abc; csrftoken=def") << s("Cookie: [REDACTED]");
    QTest::newRow("environment variable") << s("AWS_SECRET_ACCESS_KEY=abcd") << s("AWS_SECRET_ACCESS_KEY=[REDACTED]");
    QTest::newRow("dotted key") << s("db.password=s3cret") << s("db.password=[REDACTED]");

    // everything at once
    QTest::newRow("mixed")
        << s("user alice@example.com at 10.0.0.1 called +49 30 1234567 paid 4111 1111 1111 1111 from /home/alice/x")
        << s("user [EMAIL] at [IP] called [PHONE] paid [CARD] from /home/[USER]/x");
}

void tst_Privacy::scrubsEachCategory()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const Privacy privacy;
    QCOMPARE(privacy.sanitizeString(input), expected);
    QCOMPARE(privacy.sanitizeValue(input).toString(), expected);
}

void tst_Privacy::scrubbingIsIdempotent_data()
{
    scrubsEachCategory_data();
}

void tst_Privacy::scrubbingIsIdempotent()
{
    QFETCH(QString, expected);
    const Privacy privacy;
    QCOMPARE(privacy.sanitizeString(expected), expected);
}

void tst_Privacy::leavesOrdinaryTelemetryAlone_data()
{
    QTest::addColumn<QString>("input");
    const char *const rows[] = {
        // versions
        "1.2.3", "v2.10.0-beta.1", "6.4.2", "Qt 6.4.2", "10.0.19045", "10.0.19045.2965", "version 1.2.3.4", "Version: 1.2.3.4",
        "ver 1.2.3.4", "v1.2.3.4", "appVersion=1.2.3.4", "1.2.3.4.5", "1.2.3.4-beta", "Firefox/115.0.2.1",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0.6099.129 Safari/537.36", "build 20261120.1",
        // durations and times
        "1500ms", "2.5s", "00:01:30", "12:30:45", "12:30:45.123", "~1500ms", "took 123456789 ns", "uptime 3600s",
        // counts and numbers
        "42", "1000000", "1234567890", "1700000000", "1,234,567", "1 234 567", "12,345.67", "-273.15", "3.14159",
        "pid 12345 tid 67890", "port 8080", "error code 0x80070005", "0xDEADBEEF", "ratio 16:9", "1:2:3",
        // card-like numbers that are not cards
        "4111111111111112", "4111 1111 1111 1112", "1234567890123452", "12345678901234567890123",
        // dates
        "2026-11-20", "2026-11-20T22:15:00Z", "2026-11-20T22:15:00.123+01:00", "20261120", "2026.11.20", "20.11.2026",
        "01.02.2026", "01-02-2026 10:30", "11/20/2026",
        // identifiers
        "123e4567-e89b-12d3-a456-426614174000", "{123e4567-e89b-12d3-a456-426614174000}", "#ff8800", "#FF8800CC",
        "a1b2c3d", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12", "d41d8cd98f00b204e9800998ecf8427e",
        "4bf92f3577b34da6a3ce929d0e0e4736", "automagik.feature.used", "export-pdf", "dark_mode", "pt_BR", "en-US",
        "1920x1080", "ISBN 978-3-16-148410-0", "ExportPdfReportFinalVersion2026Draft", "QtWebEngineProcess2026Crashed3Times",
        "MainWindow_ExportDialog_PdfButton_Clicked2", "HTTPRequestFailedWithStatus503ServiceUnavailable",
        "sha256:b53f16947ccf25ec84d8dbc74254770f58904dba41ecccc3fc1626e53a13043b",
        // files and paths
        ".txt", "report.pdf", "/usr/lib/x86_64-linux-gnu/libQt6Core.so.6", "/home", "/home/", "/Users/Shared/file",
        "/Users/Guest", "C:\\Users\\Public\\Desktop", "C:\\Program Files\\App\\app.exe", "~/docs/file.txt",
        "/srv/data/home/alice", "src/core/privacy.cpp", "Documents/ProjectPlanning2026/Final/Report2026Q3",
        "https://github.com/automagik-dev/automagik-telemetry/blob/main/src/Privacy2026Module",
        // URLs without credentials
        "https://example.com/docs?page=2", "https://example.com/search?q=tokens&sort=desc#top", "http://localhost:4318/v1/traces",
        // keys that are not secrets, in text
        "tokens_used=5", "max_tokens: 100", "token_count=3", "auth_method=password", "passwordPolicy=strict",
        "sessions: 4", "if (token == null)", "keyboard_layout=de",
        // e-mail look-alikes
        "user@localhost", "@scope/pkg", "image@sha256:abc", "a@b", "foo@bar.c",
        // code
        "std::vector<int>", "Qt::AlignLeft", "QObject::connect",
        // prose
        "Basic authentication failed", "Bearer token expired", "The quick brown fox jumps over the lazy dog.",
    };
    for (const char *row : rows)
        QTest::newRow(row) << s(row);
}

void tst_Privacy::leavesOrdinaryTelemetryAlone()
{
    QFETCH(QString, input);
    const Privacy privacy;
    QCOMPARE(privacy.sanitizeString(input), input);
}

void tst_Privacy::doesNotPortReferenceDefects_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    // The reference checked the phone pattern before the card pattern, so card digits leaked.
    QTest::newRow("card digits do not leak (dashes)") << s("4111-1111-1111-1111") << s("[CARD]");
    QTest::newRow("card digits do not leak (plain)") << s("4111111111111111") << s("[CARD]");
    // The reference treated any run of 10 or more digits as a phone number.
    QTest::newRow("unix timestamp is no phone") << s("ts 1700000000") << s("ts 1700000000");
    QTest::newRow("long count is no phone") << s("bytes 123456789012") << s("bytes 123456789012");
    // The reference treated version strings as IPv4 addresses.
    QTest::newRow("version is no ip") << s("version 1.2.3.4") << s("version 1.2.3.4");
    // The reference rewrote Windows paths with a '/' prefix.
    QTest::newRow("windows path keeps its form") << s("C:\\Users\\John\\file.txt") << s("C:\\Users\\[USER]\\file.txt");
}

void tst_Privacy::doesNotPortReferenceDefects()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Privacy().sanitizeString(input), expected);
}

void tst_Privacy::disablingOneCategoryKeepsTheOthers_data()
{
    QTest::addColumn<int>("category");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    const QString ghp = token("ghp_", "16C7e42F292c6912E7710c838347Ae178B4a");
    QTest::newRow("Email off") << int(PrivacyCategory::Email) << s("mail alice@example.com from 192.168.1.10")
                               << s("mail alice@example.com from [IP]");
    QTest::newRow("Phone off") << int(PrivacyCategory::Phone) << s("call +49 30 1234567, mail a@example.com")
                               << s("call +49 30 1234567, mail [EMAIL]");
    QTest::newRow("PaymentCard off") << int(PrivacyCategory::PaymentCard) << s("card 4111 1111 1111 1111 for a@example.com")
                                     << s("card 4111 1111 1111 1111 for [EMAIL]");
    QTest::newRow("PaymentCard off, plain") << int(PrivacyCategory::PaymentCard) << s("4111111111111111 at 10.0.0.1")
                                            << s("4111111111111111 at [IP]");
    QTest::newRow("Secret off") << int(PrivacyCategory::Secret) << QString(s("key ") + ghp + s(" at 10.0.0.1"))
                                << QString(s("key ") + ghp + s(" at [IP]"));
    QTest::newRow("Secret off, jwt") << int(PrivacyCategory::Secret) << QString(s(kJwt) + s(" a@example.com"))
                                     << QString(s(kJwt) + s(" [EMAIL]"));
    QTest::newRow("IpAddress off") << int(PrivacyCategory::IpAddress) << s("10.0.0.1 and fe80::1 and 00:1A:2B:3C:4D:5E by a@example.com")
                                   << s("10.0.0.1 and fe80::1 and 00:1A:2B:3C:4D:5E by [EMAIL]");
    QTest::newRow("HomePath off") << int(PrivacyCategory::HomePath) << s("/home/alice/x by a@example.com")
                                  << s("/home/alice/x by [EMAIL]");
    QTest::newRow("SecretKey off") << int(PrivacyCategory::SecretKey) << s("password=hunter2 a@example.com")
                                   << s("password=hunter2 [EMAIL]");
    QTest::newRow("UrlCredentials off") << int(PrivacyCategory::UrlCredentials)
                                        << s("https://bob:hunter2@example.com/x?token=abc from 10.0.0.1")
                                        << s("https://bob:hunter2@example.com/x?token=abc from [IP]");
    QTest::newRow("CustomPattern off") << int(PrivacyCategory::CustomPattern) << s("ticket ACME-1234 by a@example.com")
                                       << s("ticket ACME-1234 by [EMAIL]");
    QTest::newRow("CustomPattern on (control)") << 0 << s("ticket ACME-1234 by a@example.com") << s("ticket [TICKET] by [EMAIL]");
}

void tst_Privacy::disablingOneCategoryKeepsTheOthers()
{
    QFETCH(int, category);
    QFETCH(QString, input);
    QFETCH(QString, expected);
    Privacy privacy;
    privacy.addPattern(QRegularExpression(QStringLiteral("ACME-\\d+")), QStringLiteral("[TICKET]"));
    privacy.setEnabledCategories(PrivacyCategories(PrivacyCategory::AllCategories) & ~PrivacyCategories(PrivacyCategory(category)));
    QCOMPARE(privacy.sanitizeString(input), expected);
}

void tst_Privacy::disablingSecretKeyKeepsKeyedValues()
{
    Privacy privacy;
    privacy.setEnabledCategories(PrivacyCategories(PrivacyCategory::AllCategories) & ~PrivacyCategories(PrivacyCategory::SecretKey));
    QCOMPARE(privacy.sanitizeValue(QStringLiteral("hunter2"), QStringLiteral("password")), QVariant(QStringLiteral("hunter2")));
    // the value is still checked for everything else
    QCOMPARE(privacy.sanitizeValue(QStringLiteral("a@example.com"), QStringLiteral("password")), QVariant(QStringLiteral("[EMAIL]")));
    QVERIFY(privacy.isSecretKey(QStringLiteral("password"))); // the classification does not depend on the categories

    privacy.setEnabledCategories({});
    QCOMPARE(privacy.sanitizeString(QStringLiteral("a@example.com 10.0.0.1")), QStringLiteral("a@example.com 10.0.0.1"));
}

void tst_Privacy::secretKeysAreMatchedByWords_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("secret");
    const char *const secrets[] = {
        "password", "passwd", "pwd", "secret", "client_secret", "token", "access_token", "refresh_token", "id_token",
        "api_key", "apikey", "x-api-key", "authorization", "auth", "cookie", "set-cookie", "session", "session_key",
        "sessionid", "session_id", "private_key", "privatekey", "credential", "credentials", "passphrase", "apiKey",
        "API-KEY", "Api_Key", "APIKey", "APIKEY", "sessionToken", "user_password", "newPassword", "password2",
        "password_hash", "password_confirmation", "db.password", "AWS_SECRET_ACCESS_KEY", "Proxy-Authorization",
        "X-Amz-Signature", "csrf_token", "bearerToken", "jwt", "ssn", "cvv", "credit_card", "card_number",
        "oauth2_token", "auth.token.value",
    };
    for (const char *key : secrets)
        QTest::newRow(key) << s(key) << true;
    const char *const ordinary[] = {
        "tokens_used", "max_tokens", "token_count", "token_type", "tokenizer", "author", "authored_by", "auth_method",
        "keyboard_layout", "monkey", "passenger", "compass", "bypass", "key", "keys", "hash", "secretary",
        "password_policy", "passwordEnabled", "pwd_length", "session_count", "session_duration", "sessions",
        "api_key_id", "client_id", "user_id", "feature", "duration_ms", "", "_", "123",
    };
    for (const char *key : ordinary)
        QTest::newRow(*key ? key : "(empty)") << s(key) << false;
}

void tst_Privacy::secretKeysAreMatchedByWords()
{
    QFETCH(QString, key);
    QFETCH(bool, secret);
    const Privacy privacy;
    QCOMPARE(privacy.isSecretKey(key), secret);
    if (!key.isEmpty()) {
        const QVariant out = privacy.sanitizeValue(QStringLiteral("plain"), key);
        QCOMPARE(out.toString(), secret ? QStringLiteral("[REDACTED]") : QStringLiteral("plain"));
    }
}

void tst_Privacy::customSecretKeyNames()
{
    Privacy privacy;
    privacy.setSecretKeyNames({ QStringLiteral("license_key"), QStringLiteral("Pin"), QStringLiteral("x-tenant-secret-id") });
    QCOMPARE(privacy.secretKeyNames().size(), 3);
    QVERIFY(privacy.isSecretKey(QStringLiteral("licenseKey")));
    QVERIFY(privacy.isSecretKey(QStringLiteral("LICENSE-KEY")));
    QVERIFY(privacy.isSecretKey(QStringLiteral("user_license_key")));
    QVERIFY(privacy.isSecretKey(QStringLiteral("pin")));
    QVERIFY(privacy.isSecretKey(QStringLiteral("card_pin")));
    QVERIFY(privacy.isSecretKey(QStringLiteral("X_Tenant_Secret_Id")));
    QVERIFY(!privacy.isSecretKey(QStringLiteral("pinned")));
    QVERIFY(!privacy.isSecretKey(QStringLiteral("license_type")));
    QVERIFY(privacy.isSecretKey(QStringLiteral("password"))); // the built-in names stay
    QCOMPARE(privacy.sanitizeString(QStringLiteral("license_key=ABC-123 ok")), QStringLiteral("license_key=[REDACTED] ok"));

    privacy.setSecretKeyNames({});
    QVERIFY(!privacy.isSecretKey(QStringLiteral("license_key")));
}

void tst_Privacy::valuesUnderSecretKeysAreRedactedWhole_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected");
    const QVariant redacted = QStringLiteral("[REDACTED]");
    QTest::newRow("string") << QVariant(QStringLiteral("hunter2")) << redacted;
    QTest::newRow("empty string") << QVariant(QString()) << redacted;
    QTest::newRow("int") << QVariant(1234) << redacted;
    QTest::newRow("bool") << QVariant(true) << redacted;
    QTest::newRow("bytes") << QVariant(QByteArray("hunter2")) << redacted;
    QTest::newRow("list") << QVariant(QVariantList { QStringLiteral("a"), 2 }) << redacted;
    QTest::newRow("map") << QVariant(QVariantMap { { QStringLiteral("user"), QStringLiteral("bob") } }) << redacted;
    QTest::newRow("null stays null") << QVariant() << QVariant();
}

void tst_Privacy::valuesUnderSecretKeysAreRedactedWhole()
{
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    const Privacy privacy;
    QCOMPARE(privacy.sanitizeValue(value, QStringLiteral("password")), expected);
    QCOMPARE(privacy.sanitizeValue(value, QStringLiteral("X-API-Key")), expected);
}

void tst_Privacy::keyNamesHintVersionsAndDigests_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("dotted quad under a version key") << s("app_version") << s("1.2.3.4") << s("1.2.3.4");
    QTest::newRow("dotted quad under firmwareVersion") << s("firmwareVersion") << s("1.2.3.4") << s("1.2.3.4");
    QTest::newRow("dotted quad under another key") << s("server") << s("1.2.3.4") << s("[IP]");
    QTest::newRow("long hex under a hash key") << s("build_hash") << s(kHex64) << s(kHex64);
    QTest::newRow("long hex under sha256") << s("sha256") << s(kHex64) << s(kHex64);
    QTest::newRow("long hex under checksum") << s("checksum") << s(kHex64) << s(kHex64);
    QTest::newRow("long hex under another key") << s("payload") << s(kHex64) << s("[SECRET]");
    QTest::newRow("40-hex git sha under any key") << s("payload") << s("2fd4e1c67a2d28fced849ee1bb76e7391b93eb12")
                                                  << s("2fd4e1c67a2d28fced849ee1bb76e7391b93eb12");
    QTest::newRow("a version key still scrubs e-mail") << s("version") << s("1.0 by a@example.com") << s("1.0 by [EMAIL]");
}

void tst_Privacy::keyNamesHintVersionsAndDigests()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    QCOMPARE(Privacy().sanitizeValue(value, key).toString(), expected);
}

void tst_Privacy::allowedKeysPassUnchanged()
{
    Privacy privacy;
    privacy.setAllowedKeys({ QStringLiteral("build_hash"), QStringLiteral("Support_Email"), QStringLiteral("debug") });
    QCOMPARE(privacy.allowedKeys().size(), 3);
    const QVariantMap in {
        { QStringLiteral("BUILD_HASH"), QString::fromLatin1(kHex64) },
        { QStringLiteral("support_email"), QStringLiteral("help@example.com") },
        { QStringLiteral("debug"), QVariantMap { { QStringLiteral("password"), QStringLiteral("x") } } },
        { QStringLiteral("contact"), QStringLiteral("help@example.com") },
        { QStringLiteral("nested"), QVariantMap { { QStringLiteral("support_email"), QStringLiteral("help@example.com") } } },
    };
    const QVariantMap out = privacy.sanitizeAttributes(in);
    QCOMPARE(out.value(QStringLiteral("BUILD_HASH")), in.value(QStringLiteral("BUILD_HASH")));
    QCOMPARE(out.value(QStringLiteral("support_email")), in.value(QStringLiteral("support_email")));
    QCOMPARE(out.value(QStringLiteral("debug")), in.value(QStringLiteral("debug"))); // the whole value, nested keys too
    QCOMPARE(out.value(QStringLiteral("contact")).toString(), QStringLiteral("[EMAIL]"));
    QCOMPARE(out.value(QStringLiteral("nested")).toMap().value(QStringLiteral("support_email")), in.value(QStringLiteral("contact")));
    // an allowed key is also left alone in key=value text
    QCOMPARE(privacy.sanitizeString(QStringLiteral("debug=1 password=x")), QStringLiteral("debug=1 password=[REDACTED]"));
    Privacy tokens;
    tokens.setAllowedKeys({ QStringLiteral("csrf_token") });
    QCOMPARE(tokens.sanitizeString(QStringLiteral("csrf_token=abc token=def")), QStringLiteral("csrf_token=abc token=[REDACTED]"));
    QVERIFY(tokens.isSecretKey(QStringLiteral("csrf_token"))); // still named like a secret, just allowed
}

void tst_Privacy::customPatterns()
{
    Privacy privacy;
    privacy.addPattern(QRegularExpression(QStringLiteral("\\bACME-(\\d+)\\b")), QStringLiteral("ACME-#"));
    privacy.addPattern(QRegularExpression(QStringLiteral("order (\\d+)")), QStringLiteral("order \\1-x"));
    privacy.addPattern(QRegularExpression(QStringLiteral("employee-\\w+"))); // default replacement
    QCOMPARE(privacy.sanitizeString(QStringLiteral("ticket ACME-1234 and ACME-99")), QStringLiteral("ticket ACME-# and ACME-#"));
    QCOMPARE(privacy.sanitizeString(QStringLiteral("order 42")), QStringLiteral("order 42-x")); // back-references work
    QCOMPARE(privacy.sanitizeString(QStringLiteral("by employee-jdoe")), QStringLiteral("by [REDACTED]"));
    // patterns run after the built-in detectors, so they see the markers
    Privacy markers;
    markers.addPattern(QRegularExpression(QStringLiteral("\\[EMAIL\\]")), QStringLiteral("[MAIL]"));
    QCOMPARE(markers.sanitizeString(QStringLiteral("to a@example.com")), QStringLiteral("to [MAIL]"));
    // inside values too
    QCOMPARE(privacy.sanitizeValue(QVariantList { QStringLiteral("ACME-7") }).toList().value(0).toString(), QStringLiteral("ACME-#"));
}

void tst_Privacy::invalidCustomPatternIsIgnored()
{
    Privacy privacy;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("invalid pattern")));
    privacy.addPattern(QRegularExpression(QStringLiteral("(unclosed")));
    QCOMPARE(privacy.sanitizeString(QStringLiteral("(unclosed a@example.com")), QStringLiteral("(unclosed [EMAIL]"));
}

void tst_Privacy::nestedListsAndMaps()
{
    const Privacy privacy;
    // The reference example: its defects were tokens_used redacted and list[0].password kept.
    const QVariantMap in {
        { QStringLiteral("user"),
          QVariantMap { { QStringLiteral("email"), QStringLiteral("a@b.com") }, { QStringLiteral("password"), QStringLiteral("x") } } },
        { QStringLiteral("tokens_used"), 5 },
        { QStringLiteral("list"), QVariantList { QVariantMap { { QStringLiteral("password"), QStringLiteral("y") } } } },
        { QStringLiteral("hosts"), QVariantList { QStringLiteral("10.0.0.1"), QStringLiteral("example.com"), 3 } },
        { QStringLiteral("hash"),
          QVariantHash { { QStringLiteral("apiKey"), QStringLiteral("k") }, { QStringLiteral("ok"), QStringLiteral("fine") } } },
    };
    const QVariantMap out = privacy.sanitizeAttributes(in);
    const QVariantMap user = out.value(QStringLiteral("user")).toMap();
    QCOMPARE(user.value(QStringLiteral("email")).toString(), QStringLiteral("[EMAIL]"));
    QCOMPARE(user.value(QStringLiteral("password")).toString(), QStringLiteral("[REDACTED]"));
    QCOMPARE(out.value(QStringLiteral("tokens_used")), QVariant(5));
    const QVariantList list = out.value(QStringLiteral("list")).toList();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.at(0).toMap().value(QStringLiteral("password")).toString(), QStringLiteral("[REDACTED]"));
    QCOMPARE(out.value(QStringLiteral("hosts")),
             QVariant(QVariantList { QStringLiteral("[IP]"), QStringLiteral("example.com"), 3 }));
    const QVariant hash = out.value(QStringLiteral("hash"));
    QCOMPARE(hash.metaType(), QMetaType::fromType<QVariantHash>()); // container types are kept
    QCOMPARE(hash.toHash().value(QStringLiteral("apiKey")).toString(), QStringLiteral("[REDACTED]"));
    QCOMPARE(hash.toHash().value(QStringLiteral("ok")).toString(), QStringLiteral("fine"));
    // the input is not modified
    QCOMPARE(in.value(QStringLiteral("user")).toMap().value(QStringLiteral("password")).toString(), QStringLiteral("x"));
}

void tst_Privacy::sanitizeAttributesKeepsUntouchedEntries()
{
    const Privacy privacy;
    const QVariantMap clean { { QStringLiteral("feature"), QStringLiteral("export-pdf") },
                              { QStringLiteral("duration_ms"), 1500 },
                              { QStringLiteral("app_version"), QStringLiteral("2.10.0") } };
    QCOMPARE(privacy.sanitizeAttributes(clean), clean);
    QVERIFY(privacy.sanitizeAttributes({}).isEmpty());
    QVariantMap dirty = clean;
    dirty.insert(QStringLiteral("mail"), QStringLiteral("a@example.com"));
    QVariantMap expected = clean;
    expected.insert(QStringLiteral("mail"), QStringLiteral("[EMAIL]"));
    QCOMPARE(privacy.sanitizeAttributes(dirty), expected);
}

void tst_Privacy::nonStringTypesPassThrough_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::newRow("int") << QVariant(42);
    QTest::newRow("int64 that looks like a card") << QVariant(qint64(4111111111111111LL));
    QTest::newRow("uint64") << QVariant(quint64(18446744073709551615ULL));
    QTest::newRow("double") << QVariant(3.14);
    QTest::newRow("bool") << QVariant(false);
    QTest::newRow("datetime") << QVariant(QDateTime(QDate(2026, 11, 20), QTime(22, 15), QTimeZone::utc()));
    QTest::newRow("date") << QVariant(QDate(2026, 11, 20));
    QTest::newRow("time") << QVariant(QTime(22, 15));
    QTest::newRow("uuid") << QVariant(QUuid::createUuid());
    QTest::newRow("char") << QVariant(QChar(u'@'));
    QTest::newRow("size") << QVariant(QSize(1920, 1080));
    QTest::newRow("invalid") << QVariant();
    QTest::newRow("nullptr") << QVariant::fromValue(nullptr);
    QTest::newRow("url without credentials") << QVariant(QUrl(QStringLiteral("https://example.com/docs?page=2")));
}

void tst_Privacy::nonStringTypesPassThrough()
{
    QFETCH(QVariant, value);
    const Privacy privacy;
    const QVariant out = privacy.sanitizeValue(value, QStringLiteral("attribute"));
    QCOMPARE(out.metaType(), value.metaType());
    QCOMPARE(out, value);
}

void tst_Privacy::byteArraysAreUtf8Text()
{
    const Privacy privacy;
    const QVariant out = privacy.sanitizeValue(QByteArray("mail j\xc3\xb6rg@example.com from /home/j\xc3\xb6rg/x"));
    QCOMPARE(out.metaType(), QMetaType::fromType<QByteArray>());
    QCOMPARE(out.toByteArray(), QByteArray("mail [EMAIL] from /home/[USER]/x"));
    const QVariant clean = QByteArray("export-pdf");
    QCOMPARE(privacy.sanitizeValue(clean), clean);
    const QVariant list = QVariant::fromValue(QByteArrayList { QByteArray("a@example.com"), QByteArray("ok") });
    const QVariant scrubbed = privacy.sanitizeValue(list);
    QCOMPARE(scrubbed.metaType(), QMetaType::fromType<QByteArrayList>());
    QCOMPARE(scrubbed.value<QByteArrayList>(), (QByteArrayList { QByteArray("[EMAIL]"), QByteArray("ok") }));
}

void tst_Privacy::urlValues()
{
    const Privacy privacy;
    // A URL that needed scrubbing becomes text: "[REDACTED]@host" is no valid URL.
    const QVariant out = privacy.sanitizeValue(QUrl(QStringLiteral("https://bob:hunter2@example.com/x?token=t1&page=2")));
    QCOMPARE(out.metaType(), QMetaType::fromType<QString>());
    QCOMPARE(out.toString(), QStringLiteral("https://[REDACTED]@example.com/x?token=[REDACTED]&page=2"));
}

void tst_Privacy::jsonValues()
{
    const Privacy privacy;
    const QJsonObject object { { QStringLiteral("apiKey"), QStringLiteral("k") },
                               { QStringLiteral("ip"), QStringLiteral("10.0.0.1") },
                               { QStringLiteral("n"), 1 } };
    const QVariant out = privacy.sanitizeValue(QVariant::fromValue(object));
    QCOMPARE(out.metaType(), QMetaType::fromType<QJsonObject>());
    const QJsonObject scrubbed = out.toJsonObject();
    QCOMPARE(scrubbed.value(QStringLiteral("apiKey")).toString(), QStringLiteral("[REDACTED]"));
    QCOMPARE(scrubbed.value(QStringLiteral("ip")).toString(), QStringLiteral("[IP]"));
    QCOMPARE(scrubbed.value(QStringLiteral("n")).toInt(), 1);

    const QJsonArray array { QStringLiteral("a@example.com"), 2 };
    const QVariant arrayOut = privacy.sanitizeValue(QVariant::fromValue(array));
    QCOMPARE(arrayOut.metaType(), QMetaType::fromType<QJsonArray>());
    QCOMPARE(arrayOut.toJsonArray(), (QJsonArray { QStringLiteral("[EMAIL]"), 2 }));

    const QJsonObject clean { { QStringLiteral("feature"), QStringLiteral("export-pdf") } };
    QCOMPARE(privacy.sanitizeValue(QVariant::fromValue(clean)), QVariant::fromValue(clean));
}

void tst_Privacy::stringLists()
{
    const Privacy privacy;
    const QStringList in { QStringLiteral("a@example.com"), QStringLiteral("1.2.3.4"), QStringLiteral("plain") };
    const QVariant out = privacy.sanitizeValue(in, QStringLiteral("versions"));
    QCOMPARE(out.metaType(), QMetaType::fromType<QStringList>());
    // list elements inherit the key's hints: "versions" is not a version key ("version" is)
    QCOMPARE(out.toStringList(), (QStringList { QStringLiteral("[EMAIL]"), QStringLiteral("[IP]"), QStringLiteral("plain") }));
    QCOMPARE(privacy.sanitizeValue(in, QStringLiteral("version")).toStringList().value(1), QStringLiteral("1.2.3.4"));
}

void tst_Privacy::megabyteStrings_data()
{
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QString>("marker"); // must appear in the output; empty: output equals input
    QTest::addColumn<QString>("gone"); // must not appear in the output
    QTest::newRow("mixed sentences") << s("user alice@example.com at 10.0.0.1 called +49 30 1234567 card 4111 1111 1111 1111; ")
                                     << s("[CARD]") << s("alice@");
    QTest::newRow("digits") << s("1234567890") << QString() << QString();
    QTest::newRow("at signs") << s("a@") << QString() << QString();
    QTest::newRow("colons") << s("ab:") << QString() << QString();
    QTest::newRow("dotted digits") << s("1.") << QString() << QString();
    QTest::newRow("spaced digits") << s("1 ") << QString() << QString();
    QTest::newRow("parenthesised digits") << s("(1) ") << QString() << QString();
    QTest::newRow("equals") << s("a=") << QString() << QString();
    QTest::newRow("secret keys") << s("password=") << s("[REDACTED]") << QString();
    QTest::newRow("home roots") << s("/home/") << QString() << QString();
    QTest::newRow("pem without end") << s("-----BEGIN PRIVATE KEY-----\n") << s("[SECRET]") << s("BEGIN");
    QTest::newRow("jwt-like") << s("eyJabcdefghij.") << s("[SECRET]") << QString();
    QTest::newRow("schemes") << s("a://b@") << s("[REDACTED]") << QString();
    QTest::newRow("hex") << s("0123456789abcdef") << s("[SECRET]") << s("0123");
}

void tst_Privacy::megabyteStrings()
{
    QFETCH(QString, unit);
    QFETCH(QString, marker);
    QFETCH(QString, gone);
    QString input;
    input.reserve(1 << 20);
    while (input.size() < (1 << 20))
        input += unit;
    input.truncate(1 << 20);
    // No timing assertion: every detector is a linear scan, and the test's timeout catches a
    // quadratic one (a backtracking regular expression would take hours here).
    const QString out = Privacy().sanitizeString(input);
    if (marker.isEmpty())
        QCOMPARE(out, input);
    else
        QVERIFY(out.contains(marker));
    if (!gone.isEmpty())
        QVERIFY(!out.contains(gone));
}

void tst_Privacy::randomInputIsHandled()
{
    // Fragments of everything the detectors look for, glued together with the characters they
    // look at: no crash, no endless loop, and nothing grows without bound.
    const char *const pieces[] = { "alice@example.com", "10.0.0.1", "fe80::1", "+49 30 1234567", "4111 1111 1111 1111",
                                   "/home/bob/", "C:\\Users\\x\\", "password=", "https://u:p@h.example/?token=",
                                   "Bearer ", "eyJabcdefghijk.", "-----BEGIN PRIVATE KEY-----", "00:1A:2B:3C:4D:5E",
                                   "~a/", "1.2.3.4", "\"secret\": \"" };
    const char16_t chars[] = u"aZ09@.:-_/\\~ +()[]=&?#%\"'\n";
    std::mt19937 random(20261120);
    const Privacy privacy;
    for (int i = 0; i < 20000; ++i) {
        QString input;
        const int length = int(random() % 80);
        for (int k = 0; k < length; ++k) {
            const auto dice = random() % 40;
            if (dice < 5)
                input += QString::fromLatin1(pieces[random() % std::size(pieces)]);
            else if (dice == 5)
                input += QChar(char16_t(0xd800 + random() % 0x800)); // a lone surrogate, high or low
            else
                input += QChar(chars[random() % (std::size(chars) - 1)]);
        }
        const QString once = privacy.sanitizeString(input);
        QVERIFY2(once.size() <= 10 * input.size(), qPrintable(input)); // at most a marker per character
        QVERIFY(privacy.sanitizeString(once).size() <= 10 * once.size());
    }
}

void tst_Privacy::deepNestingIsCapped()
{
    const Privacy privacy;
    for (const bool maps : { false, true }) {
        const QVariant leaf = QStringLiteral("a@example.com");
        const QVariant deep = maps ? nestedMap(100, leaf) : nestedList(100, leaf);
        QVariant v = privacy.sanitizeValue(deep);
        int levels = 0;
        while (v.metaType() == QMetaType::fromType<QVariantList>() || v.metaType() == QMetaType::fromType<QVariantMap>()) {
            v = maps ? v.toMap().value(QStringLiteral("level")) : v.toList().value(0);
            ++levels;
        }
        QCOMPARE(levels, 32);
        QCOMPARE(v, QVariant(QStringLiteral("[nested too deep]")));

        // within the cap the leaf is scrubbed
        QVariant shallow = privacy.sanitizeValue(maps ? nestedMap(20, leaf) : nestedList(20, leaf));
        for (int i = 0; i < 20; ++i)
            shallow = maps ? shallow.toMap().value(QStringLiteral("level")) : shallow.toList().value(0);
        QCOMPARE(shallow, QVariant(QStringLiteral("[EMAIL]")));
    }
}

void tst_Privacy::loneSurrogatesDoNotBreakDetection()
{
    Privacy privacy;
    privacy.addPattern(QRegularExpression(QStringLiteral("ACME-\\d+")), QStringLiteral("[TICKET]"));
    const QString high = QString(QChar(0xd800));
    const QString low = QString(QChar(0xdc00));
    const QString replacement = QString(QChar(QChar::ReplacementCharacter));
    QCOMPARE(privacy.sanitizeString(low + QStringLiteral("mail alice@example.com ACME-12 ") + high),
             QString(replacement + QStringLiteral("mail [EMAIL] [TICKET] ") + replacement));
    QCOMPARE(privacy.sanitizeString(high), replacement);
    // a valid pair stays
    const QString emoji = QString::fromUtf8("\xf0\x9f\x98\x80");
    QCOMPARE(privacy.sanitizeString(emoji + QStringLiteral(" alice@example.com")), QString(emoji + QStringLiteral(" [EMAIL]")));
    QCOMPARE(privacy.sanitizeString(emoji), emoji);
}

void tst_Privacy::copiesAreIndependent()
{
    Privacy a;
    Privacy b = a;
    b.setEnabledCategories(PrivacyCategory::Email | PrivacyCategory::CustomPattern);
    b.addPattern(QRegularExpression(QStringLiteral("x+")), QStringLiteral("y"));
    b.setAllowedKeys({ QStringLiteral("k") });
    QCOMPARE(a.enabledCategories(), PrivacyCategories(PrivacyCategory::AllCategories));
    QVERIFY(a.allowedKeys().isEmpty());
    QCOMPARE(a.sanitizeString(QStringLiteral("xx 10.0.0.1")), QStringLiteral("xx [IP]"));
    QCOMPARE(b.sanitizeString(QStringLiteral("xx 10.0.0.1")), QStringLiteral("y 10.0.0.1"));

    Privacy moved = std::move(b);
    QCOMPARE(moved.sanitizeString(QStringLiteral("a@example.com")), QStringLiteral("[EMAIL]"));
    Privacy assigned;
    assigned = moved;
    QCOMPARE(assigned.enabledCategories(), PrivacyCategory::Email | PrivacyCategory::CustomPattern);
}

void tst_Privacy::concurrentUseGivesTheSameResults()
{
    Privacy privacy;
    privacy.addPattern(QRegularExpression(QStringLiteral("ACME-\\d+")), QStringLiteral("[TICKET]"));
    const QStringList inputs {
        QStringLiteral("user alice@example.com at 10.0.0.1 called +49 30 1234567"),
        QStringLiteral("https://bob:hunter2@example.com/x?token=abc&page=2 ACME-12"),
        QStringLiteral("/home/alice/x C:\\Users\\Bob\\y 4111 1111 1111 1111"),
        QStringLiteral("password=hunter2 version 1.2.3.4 fe80::1%eth0"),
        QStringLiteral("export-pdf"),
    };
    QStringList expected;
    for (const QString &in : inputs)
        expected.append(privacy.sanitizeString(in));
    const QVariantMap attributes { { QStringLiteral("password"), QStringLiteral("x") },
                                   { QStringLiteral("mail"), QStringLiteral("a@example.com") } };
    const QVariantMap expectedAttributes = privacy.sanitizeAttributes(attributes);

    std::atomic<int> mismatches { 0 };
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back(QThread::create([&] {
            for (int i = 0; i < 2000; ++i) {
                const qsizetype k = i % inputs.size();
                if (privacy.sanitizeString(inputs.at(k)) != expected.at(k))
                    ++mismatches;
                if (privacy.sanitizeAttributes(attributes) != expectedAttributes)
                    ++mismatches;
            }
        }));
        threads.back()->start();
    }
    for (const auto &thread : threads)
        QVERIFY(thread->wait(60000));
    QCOMPARE(mismatches.load(), 0);
}

// ---------------------------------------------------------------------------------------------
// IBANs. The values were generated for this test (random account parts, check digits computed);
// grouped() gives the printed form.

namespace {

const char *const kIbans[] = {
    "AD0915881399869879730911", "AT174170753645568151", "BE61884472940557", "BR4861698716897684697880932BX",
    "CH7619672UE7TUYGZPJZW", "DE23766344002978753477", "ES4487680457178472671475", "FR051362701079Y5CF72YHM9059",
    "GB72SYPW28379298416229", "IT03J866283601643MM11WUKJSK", "LC16DPOSA9XDRLTE4ZP2CB2Y3SCU18XD",
    "MT33ZQEF26468Q5OJBMBGTVQITBKXUS", "NL10DQZQ4133017568", "NO6620525898319", "PL32489394948214162105218549",
    "RU9214524410646001304118955799065", "SA9593976158464506045414", "TR026590853801291102859406",
    "UA739256663632280886423004876", "SE5645291280845850037038", "DK9126538453557787", "FI1594326270586021",
    "IE97JLRX42108394906688", "PT61281126584409324484526", "GR6630976582802582201805154",
    "CZ8038299321571164941577", "HU27188357951117443256885576", "RO52KFGZTEMMQOD9S8RHL7KH", "HR3074284352814497660",
    "SI59856517883655062", "LU900484259967750031", "LT544503784951838012", "LV45KHOGAJ5QXZ861HQ2B",
    "EE118837555597475407", "IS062075473548643906188479", "IL661889575552182488619", "AE303073368828347285568",
    "QA35TXRG9Z99832HJB8HYM8TAB3B9", "KW74NUTPY1JEWNY5TQ9K9W2U036MGL", "JO06YAFQ3166CAFEVDNAYRRTNDJSZU",
    "EG831331159212363608244560787", "MU23ILPE1283576990854177588QDI", "SC92JBCS01879169797802520161FRI",
    "CR33001981524735736385", "DO65607392731979678073608724", "GT87385469059828195391827611",
    "MA84660330428451420381780578", "DZ670370412143049074182889", "SN86837085386713006681792232",
    "IR528385642710512983725278",
};

QString grouped(const QString &compact, QChar separator)
{
    QString out;
    for (qsizetype i = 0; i < compact.size(); i += 4) {
        if (i)
            out += separator;
        out += compact.mid(i, 4);
    }
    return out;
}

// The same IBAN with other check digits (never valid: mod 97 changes).
QString withCheckDigits(const QString &iban, int check)
{
    return iban.left(2) + QStringLiteral("%1").arg(check, 2, 10, QLatin1Char('0')) + iban.mid(4);
}

} // namespace

void tst_Privacy::detectsIbans_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    for (const char *iban : kIbans) {
        const QString v = s(iban);
        QTest::addRow("%s", iban) << v << s("[IBAN]");
        QTest::addRow("%s grouped", iban) << grouped(v, u' ') << s("[IBAN]");
        QTest::addRow("%s in a sentence", iban) << QString(s("Please refund to ") + grouped(v, u' ') + s(", thanks."))
                                                << s("Please refund to [IBAN], thanks.");
        QTest::addRow("%s after a label", iban) << QString(s("iban:") + v + s(";")) << s("iban:[IBAN];");
    }
    QTest::newRow("grouped with dashes") << grouped(s(kIbans[5]), u'-') << s("[IBAN]");
    QTest::newRow("lower case") << s(kIbans[12]).toLower() << s("[IBAN]");
    QTest::newRow("two in one line") << QString(s(kIbans[0]) + s(" and ") + grouped(s(kIbans[1]), u' '))
                                     << s("[IBAN] and [IBAN]");
    QTest::newRow("in parentheses") << QString(s("(") + s(kIbans[6]) + s(")")) << s("([IBAN])");
    QTest::newRow("followed by a number") << QString(grouped(s(kIbans[5]), u' ') + s(" 42 EUR")) << s("[IBAN] 42 EUR");
}

void tst_Privacy::detectsIbans()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const Privacy privacy;
    QCOMPARE(privacy.sanitizeString(input), expected);
}

void tst_Privacy::ibanLookAlikesStay_data()
{
    QTest::addColumn<QString>("input");
    for (const char *iban : kIbans) {
        const QString v = s(iban);
        const int check = v.mid(2, 2).toInt();
        QTest::addRow("%s check digits off by one", iban) << withCheckDigits(v, check == 98 ? 97 : check + 1);
        QTest::addRow("%s one character short", iban) << v.chopped(1);
        QTest::addRow("%s one character more", iban) << QString(v + s("7"));
    }
    const char *const rows[] = {
        "XY12 3456 7890 1234 5678 90", // no such country
        "ZZ" "23766344002978753477",
        "DE12345", "AB12-CD34", "GB2024 release notes", "FR75 Paris", "NL2026 conference", "SKU IT60X12",
        "DE00 1234 5678 9012 3456 78", // check digits 00 are never issued
        "build DE89A", "CVE-2024-12345", "ISO 13616", "RFC 5322", "HTTP 418", "PT25M", "AT20 is a length",
    };
    for (const char *row : rows)
        QTest::newRow(row) << s(row);
}

void tst_Privacy::ibanLookAlikesStay()
{
    QFETCH(QString, input);
    QCOMPARE(Privacy().sanitizeString(input), input);
}

// ---------------------------------------------------------------------------------------------
// US social security numbers

void tst_Privacy::detectsSocialSecurityNumbers_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    // Valid numbers spread over the issued ranges: areas 001-665 and 667-899, groups 01-99, serials 0001-9999.
    for (int k = 0; k < 40; ++k) {
        int area = 1 + (k * 37 + 11) % 899;
        if (area == 666)
            area = 667;
        const int group = 1 + (k * 13 + 5) % 99;
        const int serial = 1 + (k * 997 + 123) % 9999;
        const QString ssn = QStringLiteral("%1-%2-%3").arg(area, 3, 10, QLatin1Char('0')).arg(group, 2, 10, QLatin1Char('0'))
                                .arg(serial, 4, 10, QLatin1Char('0'));
        QTest::addRow("%s", qPrintable(ssn)) << ssn << s("[SSN]");
        QTest::addRow("%s in a sentence", qPrintable(ssn)) << QString(s("applicant ") + ssn + s(" on file."))
                                                            << s("applicant [SSN] on file.");
    }
    QTest::newRow("edge of the issued areas") << s("899-99-9999") << s("[SSN]");
    QTest::newRow("area 665") << s("665-01-0001") << s("[SSN]");
    QTest::newRow("area 667") << s("667-10-2030") << s("[SSN]");
    QTest::newRow("in quotes") << s("\"512-34-7890\"") << s("\"[SSN]\"");
    QTest::newRow("after a label") << s("applicant SSN 318-62-4471") << s("applicant SSN [SSN]");
    QTest::newRow("under a secret-named key") << s("SSN: 318-62-4471") << s("SSN: [REDACTED]");
    QTest::newRow("prefixed with a dash-separated word") << s("ssn-318-62-4471") << s("ssn-[SSN]");
    QTest::newRow("two") << s("318-62-4471, 207-15-3309") << s("[SSN], [SSN]");
}

void tst_Privacy::detectsSocialSecurityNumbers()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Privacy().sanitizeString(input), expected);
}

void tst_Privacy::ssnLookAlikesStay_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    const char *const unchanged[] = {
        // never issued
        "666-12-3456", "900-12-3456", "958-41-2290", "999-99-9999", "123-00-4567", "123-45-0000",
        // other shapes
        "12-345-6789", "123-456-789", "1234-56-789", "123-45-67890", "123-45-6789-1",
        "99-123-45-6789", "123 45 6789", "123.45.6789", "123/45/6789", "v123-45-6789",
        // dates and times
        "2026-11-20", "20-11-2026", "2026-11-20T10:30:00Z", "1999-12-31 23:59",
        // identifiers
        "ISBN 978-3-16-148410-0", "ticket 123-45", "part 12-34-56-78",
    };
    for (const char *row : unchanged)
        QTest::newRow(row) << s(row) << s(row);
    // Phone numbers are phone numbers, not SSNs.
    QTest::newRow("phone 3-3-4") << s("415-555-2671") << s("[PHONE]");
    QTest::newRow("phone 1-3-3-4") << s("1-800-555-0199") << s("[PHONE]");
    QTest::newRow("phone with country code") << s("+1 202-555-0143") << s("[PHONE]");
    // A leading 0 is a national trunk prefix: such numbers are phone numbers (area 000 is never an SSN).
    QTest::newRow("national phone 3-2-4") << s("000-12-3456") << s("[PHONE]");
    QTest::newRow("national phone 4-2-4") << s("0123-45-6789") << s("[PHONE]");
}

void tst_Privacy::ssnLookAlikesStay()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Privacy().sanitizeString(input), expected);
}

// ---------------------------------------------------------------------------------------------
// MAC addresses in Cisco's dotted form

void tst_Privacy::detectsCiscoMacAddresses_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    const char *const macs[] = { "0050.56c0.0008", "001a.2b3c.4d5e", "AABB.CCDD.EEFF", "0000.0c07.ac01",
                                 "f4cf.e2a1.9b30", "3c22.fb10.77d4", "00e0.4c68.0001", "B827.EB12.3456",
                                 "0050.5600.0008" /* digits only, with leading zeros */ };
    for (const char *mac : macs) {
        QTest::addRow("%s", mac) << s(mac) << s("[MAC]");
        QTest::addRow("%s in a log line", mac) << QString(s("Gi0/1 learned ") + s(mac) + s(" on vlan 20."))
                                               << s("Gi0/1 learned [MAC] on vlan 20.");
    }
    QTest::newRow("in parentheses") << s("(001b.54c2.7a10)") << s("([MAC])");
    QTest::newRow("after a label") << s("mac=0023.ebf1.8c42") << s("mac=[MAC]");
    // look-alikes
    const char *const unchanged[] = { "2024.1120.1530", "1234.5678.9012", "0050.56c0", "0050.56c0.0008.0001",
                                      "abcd.efgh.ijkl", "00505.6c0.0008", "version 0100.0002.0003",
                                      "build 0001.0002.0003", "1.2.3", "6.4.2" };
    for (const char *row : unchanged)
        QTest::newRow(row) << s(row) << s(row);
}

void tst_Privacy::detectsCiscoMacAddresses()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Privacy().sanitizeString(input), expected);
}

// ---------------------------------------------------------------------------------------------
// Webhook URLs with the secret in the path

void tst_Privacy::redactsWebhookSecrets_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("slack services")
        << s("https://hooks.slack.com/services/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")
        << s("https://hooks.slack.com/services/[SECRET]");
    QTest::newRow("slack workflows")
        << s("https://hooks.slack.com/workflows/T01ZX9Y8W7V/A0123QWERTY/498712345678901234/Zx8Yw7Vu6Ts5Rq4Po3Nm2Lk1")
        << s("https://hooks.slack.com/workflows/[SECRET]");
    QTest::newRow("slack triggers") << s("https://hooks.slack.com/triggers/T5X1/6634/f3a9c0d2b7e1")
                                    << s("https://hooks.slack.com/triggers/[SECRET]");
    QTest::newRow("slack without a scheme") << s("posting to hooks.slack.com/services/T9/B8/q7w6e5r4t3y2 failed")
                                            << s("posting to hooks.slack.com/services/[SECRET] failed");
    QTest::newRow("slack with a query") << s("https://hooks.slack.com/services/T1A/B2B/c3c3c3?retry=1")
                                        << s("https://hooks.slack.com/services/[SECRET]?retry=1");
    QTest::newRow("slack ending a sentence") << s("Sent via https://hooks.slack.com/services/T0/B0/abc123def456.")
                                             << s("Sent via https://hooks.slack.com/services/[SECRET].");
    QTest::newRow("discord") << s("https://discord.com/api/webhooks/1187364519283746501/pQ7-xY2_zW9vU4tS1rR8qP5oN2mL7kJ3")
                             << s("https://discord.com/api/webhooks/[SECRET]");
    QTest::newRow("discordapp") << s("https://discordapp.com/api/webhooks/998877665544332211/Tk9_aB3cD4eF5gH6iJ7k")
                                << s("https://discordapp.com/api/webhooks/[SECRET]");
    QTest::newRow("discord api version and ptb") << s("https://ptb.discord.com/api/v10/webhooks/4455/zzYYxx11")
                                                 << s("https://ptb.discord.com/api/v10/webhooks/[SECRET]");
    QTest::newRow("discord canary") << s("https://canary.discord.com/api/webhooks/77/secretpart")
                                    << s("https://canary.discord.com/api/webhooks/[SECRET]");
    QTest::newRow("teams")
        << s("https://contoso.webhook.office.com/webhookb2/7f3c2a1e-5b6d-4e8f-9a0b-1c2d3e4f5a6b@0a1b2c3d-4e5f-6a7b-8c9d-"
             "0e1f2a3b4c5d/IncomingWebhook/3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c/6a5b4c3d-2e1f-0a9b-8c7d-6e5f4a3b2c1d")
        << s("https://contoso.webhook.office.com/webhookb2/[SECRET]");
    QTest::newRow("teams legacy")
        << s("https://outlook.office.com/webhook/0b1c2d3e-aaaa-bbbb-cccc-111122223333@44445555-6666-7777-8888-"
             "999900001111/IncomingWebhook/abcdef0123456789/12341234-5678-5678-9abc-9abc9abc9abc")
        << s("https://outlook.office.com/webhook/[SECRET]");
    QTest::newRow("zapier") << s("https://hooks.zapier.com/hooks/catch/4821937/b2x9kq1/")
                            << s("https://hooks.zapier.com/hooks/[SECRET]");
    QTest::newRow("mattermost") << s("https://chat.example.org/hooks/3xk9m2p7q4r8s1t6u5v0w3y2z")
                                << s("https://chat.example.org/hooks/[SECRET]");
    QTest::newRow("rocket.chat") << s("https://rc.example.net/hooks/6a1f2b3c/Kq8Zr2Xm4Wn6Vb0Tc9Ys")
                                 << s("https://rc.example.net/hooks/[SECRET]");
    QTest::newRow("ifttt") << s("https://maker.ifttt.com/trigger/door_open/with/key/dK3m9Xq2Lp7Rt4Vw8Yz1Bc")
                           << s("https://maker.ifttt.com/trigger/door_open/with/key/[SECRET]");
    QTest::newRow("in json") << s("{\"url\":\"https://hooks.slack.com/services/T1/B2/x9y8z7\"}")
                             << s("{\"url\":\"https://hooks.slack.com/services/[SECRET]\"}");
    QTest::newRow("upper-case host") << s("https://HOOKS.SLACK.COM/services/T1/B2/x9y8z7")
                                     << s("https://HOOKS.SLACK.COM/services/[SECRET]");
    // look-alikes: documentation, API resources, ids that are no secrets
    const char *const unchanged[] = {
        "https://api.slack.com/messaging/webhooks",
        "https://discord.com/developers/docs/resources/webhook",
        "https://docs.github.com/en/webhooks/about-webhooks",
        "https://api.github.com/repos/acme/app/hooks/48213",
        "https://gitlab.example.com/api/v4/projects/12/hooks/3",
        "https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/what-are-webhooks",
        "https://example.com/webhooks/settings/notifications",
        "https://hooks.slack.com",
        "https://hooks.slack.com/",
        "https://discord.com/channels/1234/5678",
        "https://outlook.office.com/mail/inbox",
        "hooks.slack.com",
    };
    for (const char *row : unchanged)
        QTest::newRow(row) << s(row) << s(row);
}

void tst_Privacy::redactsWebhookSecrets()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const Privacy privacy;
    QCOMPARE(privacy.sanitizeString(input), expected);
    QCOMPARE(privacy.sanitizeString(expected), expected);
}

// ---------------------------------------------------------------------------------------------
// E-mail local parts

void tst_Privacy::emailLocalPartsFollowRfc5322_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    const char *const whole[] = {
        "o'connor@example.ie", "d'angelo.maria@posta.example.it", "jean-luc.o'neill+news@example.fr",
        "r&d-team@example.com", "#ops!alerts@example.net", "customer$care@example.com", "x*y@example.org",
        "a^b@example.org", "tilde~user@example.org", "100%real@example.org", "first_last@example.co.uk",
        "sam.o'brien-smith@mail.example.com", "\"john q. public\"@example.com", "\"very.unusual\"@example.org",
        "anne-marie.d'arcy@example.fr", "o'hara+work@example.com",
    };
    for (const char *row : whole) {
        QTest::addRow("%s", row) << s(row) << s("[EMAIL]");
        QTest::addRow("%s in a sentence", row) << QString(s("reply from ") + s(row) + s(" today")) << s("reply from [EMAIL] today");
    }
    QTest::newRow("in single quotes") << s("'mary.o'keefe@example.com'") << s("'[EMAIL]'");
    QTest::newRow("after a key") << s("user=ann.o'hara@example.com") << s("user=[EMAIL]");
    QTest::newRow("in a path") << s("/u/kim@example.com") << s("/u/[EMAIL]");
    QTest::newRow("in a query") << s("?to=lee@example.com&x=1") << s("?to=[EMAIL]&x=1");
    QTest::newRow("followed by a colon and text") << s("Reply to carol@example.com: thanks") << s("Reply to [EMAIL]: thanks");
    QTest::newRow("followed by a port") << s("dave@example.com:8080") << s("[EMAIL]:8080");
    // SSH remotes in scp syntax are no e-mail; a personal login becomes [USER]
    const char *const remotes[] = {
        "git@github.com:acme/widgets.git", "git@gitlab.com:group/sub/project.git",
        "git clone git@bitbucket.org:team/repo.git", "org-48213@github.com:acme/tools.git",
        "git@ssh.dev.azure.com:v3/acme/proj/repo", "hg@hg.example.org:projects/core",
        "remote: git@codeberg.org:me/dotfiles.git (fetch)", "ssh://git@github.com/acme/widgets.git",
        "git@github.com", "Permission denied for git@gitlab.example.com",
    };
    for (const char *row : remotes)
        QTest::newRow(row) << s(row) << s(row);
    QTest::newRow("personal ssh login") << s("alice@build.example.com:deploy/app.git")
                                        << s("[USER]@build.example.com:deploy/app.git");
    QTest::newRow("personal ssh login, home path") << s("scp x bob@files.example.net:~/incoming")
                                                   << s("scp x [USER]@files.example.net:~/incoming");
    QTest::newRow("personal ssh url") << s("ssh://alice@build.example.com/app.git")
                                      << s("ssh://[REDACTED]@build.example.com/app.git");
}

void tst_Privacy::emailLocalPartsFollowRfc5322()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Privacy().sanitizeString(input), expected);
}

// ---------------------------------------------------------------------------------------------
// Dotted quads next to a product name are versions

void tst_Privacy::versionsNextToProductNames_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    const char *const versions[] = {
        "libfoo 2.4.1.0", "libwidget-core 1.0.3.2", "libgcc 12.2.0.1", "MyApp 1.2.3.4", "OpenSSL 3.0.11.1",
        "GIMP 2.10.34.1", "gtk+ 3.24.38.1", "ImageMagick 7.1.1.15", "PostgreSQL 15.4.0.1", "SQLite 3.42.0.0",
        "KDE 5.27.5.0", "loaded libzstd 1.5.4.0 from the bundle", "crash in QtWebEngine 6.4.2.1",
    };
    for (const char *row : versions)
        QTest::newRow(row) << s(row) << s(row);
    // ... while addresses after ordinary words, host names and network words stay addresses
    QTest::newRow("after server") << s("server 10.0.0.1") << s("server [IP]");
    QTest::newRow("after a plain word") << s("nginx 10.20.30.40") << s("nginx [IP]");
    QTest::newRow("after a host name") << s("host web-01 10.1.2.3") << s("host web-01 [IP]");
    QTest::newRow("after a dotted host name") << s("db2.example.com 10.0.0.7") << s("db2.example.com [IP]");
    QTest::newRow("after DNS") << s("DNS 8.8.4.4") << s("DNS [IP]");
    QTest::newRow("after a capitalised word") << s("Router 192.168.0.254") << s("Router [IP]");
    QTest::newRow("after via") << s("via 172.16.5.4") << s("via [IP]");
    QTest::newRow("after IP") << s("IP 203.0.113.9") << s("IP [IP]");
}

void tst_Privacy::versionsNextToProductNames()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Privacy().sanitizeString(input), expected);
}

// ---------------------------------------------------------------------------------------------
// Secret key names in many languages

void tst_Privacy::multilingualSecretKeys_data()
{
    QTest::addColumn<QString>("key");
    const char *const keys[] = {
        // German
        "Passwort", "passwort", "PASSWORT", "benutzer_passwort", "BenutzerPasswort", "Benutzerpasswort", "Kennwort",
        "kennwort_neu", "api_schlüssel", "apiSchluessel", "privater-schlüssel", "Zugangsdaten", "Geheimnis",
        "Geheimzahl", "zugriffs_token", "Zugriffstoken", "Passwörter", "PIN",
        // French
        "mot_de_passe", "motDePasse", "mot-de-passe", "Mot de passe", "mdp", "nouveau_mot_de_passe",
        "mot_de_passe_utilisateur", "jeton", "jeton_d_accès", "clé_secrète", "cle_secrete", "clé_api", "code_pin",
        // Spanish
        "contraseña", "Contraseña", "contrasena", "CONTRASEÑA", "contraseña_usuario", "nueva_contraseña", "clave",
        "clave_secreta", "clave_privada", "claveApi", "token_de_acceso", "credenciales",
        // Portuguese
        "senha", "Senha", "senha_do_usuario", "nova_senha", "palavra-passe", "chave_secreta", "chaveDeAcesso",
        "segredo", "credenciais",
        // Italian
        "parola_d_ordine", "chiave_segreta", "chiave_privata", "chiaveApi", "segreto", "credenziali", "codice_pin",
        // Dutch
        "wachtwoord", "Wachtwoord", "gebruiker_wachtwoord", "gebruikerswachtwoord", "wachtzin", "geheime_sleutel",
        "api_sleutel", "inloggegevens",
        // Polish
        "hasło", "haslo", "Hasło", "hasło_użytkownika", "haslo_uzytkownika", "tajny_klucz", "klucz_prywatny",
        "poświadczenia",
        // Russian
        "пароль", "Пароль", "ПАРОЛЬ", "пароль_пользователя", "новый_пароль", "секретный_ключ", "токен",
        "токен_доступа", "учётные_данные", "учетные_данные", "пин_код",
        // Japanese
        "パスワード", "ユーザーパスワード", "パスワード確認", "暗証番号", "トークン", "アクセストークン",
        "アクセス・トークン", "秘密鍵", "APIキー", "ＡＰＩキー", "認証情報",
        // Chinese
        "密码", "用户密码", "登录密码", "密碼", "密钥", "私钥", "访问令牌", "令牌", "凭证", "PIN码", "支付密码",
        // Korean
        "비밀번호", "사용자비밀번호", "사용자 비밀번호", "비밀번호확인", "암호", "토큰", "액세스토큰", "비밀키",
        "API키",
        // Arabic
        "كلمة المرور", "كلمة_المرور", "كلمة_مرور_المستخدم", "كلمة السر", "الرقم السري", "المفتاح_السري",
        "رمز_سري", "بيانات الاعتماد",
        // Turkish
        "şifre", "sifre", "Şifre", "ŞİFRE", "kullanıcı_şifresi", "kullanici_sifresi", "parola", "gizli_anahtar",
        "api_anahtarı", "erişim_belirteci",
        // English terms that were missing
        "pin", "card_pin", "pin_code", "pincode", "pass", "passcode", "userpassword", "dbPassword", "mnemonic",
    };
    for (const char *key : keys)
        QTest::newRow(key) << s(key);
}

void tst_Privacy::multilingualSecretKeys()
{
    QFETCH(QString, key);
    const Privacy privacy;
    QVERIFY(privacy.isSecretKey(key));
    QCOMPARE(privacy.sanitizeValue(QStringLiteral("plain value"), key).toString(), QStringLiteral("[REDACTED]"));
    // at any depth and inside lists
    const QVariantMap nested { { s("outer"), QVariantList { QVariantMap { { key, 1234 } } } } };
    const QVariantMap out = privacy.sanitizeAttributes(nested);
    QCOMPARE(out.value(s("outer")).toList().value(0).toMap().value(key).toString(), QStringLiteral("[REDACTED]"));
}

void tst_Privacy::multilingualKeyLookAlikesStay_data()
{
    QTest::addColumn<QString>("key");
    const char *const keys[] = {
        "Schlüssel", "schluessel", "Schlüsselbund", "Passwortrichtlinie", "passwortLaenge", "Sitzungsdauer",
        "Tastatur", "clé", "nombre_de_jetons", "passe_partout", "motif", "clave_primaria", "llave", "fichas",
        "chave", "chave_estrangeira", "senhor", "chiave", "parola_chiave", "sleutel", "wachtwoordbeleid", "klucz",
        "klucz_główny", "ключ", "токены", "ключевые_слова", "キー", "パスワードポリシー", "パスワード長", "钥匙", "密码长度",
        "密码策略", "키", "비밀번호변경일", "암호화", "مفتاح", "سرعة", "anahtar", "şifreleme", "sifreleme_turu",
        "mdp_steps", "spin", "pinned", "pinyin", "passage", "tokens_used", "password_policy", "keyboard",
    };
    for (const char *key : keys)
        QTest::newRow(key) << s(key);
}

void tst_Privacy::multilingualKeyLookAlikesStay()
{
    QFETCH(QString, key);
    const Privacy privacy;
    QVERIFY(!privacy.isSecretKey(key));
    QCOMPARE(privacy.sanitizeValue(QStringLiteral("plain value"), key).toString(), QStringLiteral("plain value"));
}

void tst_Privacy::multilingualSecretKeysInText_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("de") << s("Passwort=geheim123 Benutzer=amy") << s("Passwort=[REDACTED] Benutzer=amy");
    QTest::newRow("de colon") << s("Kennwort: Sommer2026!") << s("Kennwort: [REDACTED]");
    QTest::newRow("fr, space before the colon") << s("mot de passe : azerty99 ok") << s("mot de passe : [REDACTED] ok");
    QTest::newRow("fr snake") << s("mot_de_passe=azerty99") << s("mot_de_passe=[REDACTED]");
    QTest::newRow("es") << s("contraseña: Gato#Negro7") << s("contraseña: [REDACTED]");
    QTest::newRow("es head first") << s("contraseña_usuario=Gato#Negro7") << s("contraseña_usuario=[REDACTED]");
    QTest::newRow("pt") << s("senha=Pao-de-Queijo9") << s("senha=[REDACTED]");
    QTest::newRow("it") << s("chiave segreta = qwe!rty") << s("chiave segreta = [REDACTED]");
    QTest::newRow("nl") << s("wachtwoord: fiets2026") << s("wachtwoord: [REDACTED]");
    QTest::newRow("pl") << s("hasło=Zażółć1") << s("hasło=[REDACTED]");
    QTest::newRow("ru") << s("пароль: медведь42") << s("пароль: [REDACTED]");
    QTest::newRow("ja, full-width colon") << s("パスワード：sakura2026") << s("パスワード：[REDACTED]");
    QTest::newRow("ja, in a sentence") << s("ログイン失敗 パスワード=sakura2026 ユーザー=amy")
                                       << s("ログイン失敗 パスワード=[REDACTED] ユーザー=amy");
    QTest::newRow("zh") << s("登录密码：mima8899") << s("登录密码：[REDACTED]");
    QTest::newRow("zh, full-width equals") << s("密码＝mima8899") << s("密码＝[REDACTED]");
    QTest::newRow("ko") << s("비밀번호: hangul77") << s("비밀번호: [REDACTED]");
    QTest::newRow("ar") << s("كلمة المرور: sirr123") << s("كلمة المرور: [REDACTED]");
    QTest::newRow("tr") << s("şifre=Lale2026") << s("şifre=[REDACTED]");
    QTest::newRow("json, es") << s("{\"contraseña\": \"Gato#Negro7\", \"usuario\": \"amy\"}")
                              << s("{\"contraseña\": \"[REDACTED]\", \"usuario\": \"amy\"}");
    QTest::newRow("json, ja") << s("{\"パスワード\":\"sakura\"}") << s("{\"パスワード\":\"[REDACTED]\"}");
    QTest::newRow("json, de, list") << s("{\"Passwörter\": [\"eins\", \"zwei\"]}") << s("{\"Passwörter\": \"[REDACTED]\"}");
    QTest::newRow("pin") << s("pin=4821 ok") << s("pin=[REDACTED] ok");
    // look-alike names in text stay
    QTest::newRow("de look-alike") << s("Passwortrichtlinie=streng") << s("Passwortrichtlinie=streng");
    QTest::newRow("es look-alike") << s("clave_primaria=id") << s("clave_primaria=id");
    QTest::newRow("ja look-alike") << s("パスワードポリシー：strict") << s("パスワードポリシー：strict");
}

void tst_Privacy::multilingualSecretKeysInText()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Privacy().sanitizeString(input), expected);
}

// ---------------------------------------------------------------------------------------------
// JSON written into messages

void tst_Privacy::jsonInMessagesIsScrubbedLikeMaps_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QStringList>("gone"); // none of these may remain
    const auto row = [](const char *name, const char *in, const char *out, QStringList gone = {}) {
        QTest::newRow(name) << s(in) << s(out) << gone;
    };
    row("pass", "{\"pass\": \"s3cr3t!\", \"user\": \"amy\"}", "{\"pass\": \"[REDACTED]\", \"user\": \"amy\"}", { s("s3cr3t") });
    row("array, every element", "{\"private_key\": [\"line one\", \"line two\", \"line three\"], \"id\": 4}",
        "{\"private_key\": \"[REDACTED]\", \"id\": 4}", { s("one"), s("two"), s("three") });
    row("array of numbers", "{\"pins\": [1234, 5678]}", "{\"pins\": [1234, 5678]}"); // "pins" names no secret
    row("array of numbers under a secret key", "{\"backup_codes\": [11223344, 55667788, 99001122]}",
        "{\"backup_codes\": \"[REDACTED]\"}", { s("11223344"), s("55667788"), s("99001122") });
    row("nested secrets under an ordinary key", "{\"tokens\": {\"access_token\": \"ab12\", \"refresh_token\": \"cd34\"}}",
        "{\"tokens\": {\"access_token\": \"[REDACTED]\", \"refresh_token\": \"[REDACTED]\"}}", { s("ab12"), s("cd34") });
    row("object under a secret key", "{\"credentials\": {\"user\": \"amy\", \"pw\": \"x1y2\"}, \"n\": 1}",
        "{\"credentials\": \"[REDACTED]\", \"n\": 1}", { s("x1y2"), s("amy") });
    row("number", "{\"pin\": 4821, \"ok\": true}", "{\"pin\": \"[REDACTED]\", \"ok\": true}", { s("4821") });
    row("boolean", "{\"secret\": false}", "{\"secret\": \"[REDACTED]\"}");
    row("null stays", "{\"password\": null}", "{\"password\": null}");
    row("empty array stays", "{\"password\": []}", "{\"password\": []}");
    row("arrays of arrays", "{\"api_keys\": [[\"k1a\", \"k1b\"], [\"k2a\"]]}", "{\"api_keys\": \"[REDACTED]\"}",
        { s("k1a"), s("k1b"), s("k2a") });
    row("brackets inside strings", "{\"secret\": [\"a]b\", \"c[d\", \"e}f\"], \"z\": 1}", "{\"secret\": \"[REDACTED]\", \"z\": 1}",
        { s("a]b"), s("c[d"), s("e}f") });
    row("array of objects", "[{\"token\": \"t-one\"}, {\"token\": \"t-two\"}, {\"token\": \"t-three\"}]",
        "[{\"token\": \"[REDACTED]\"}, {\"token\": \"[REDACTED]\"}, {\"token\": \"[REDACTED]\"}]",
        { s("t-one"), s("t-two"), s("t-three") });
    row("compact", "{\"pass\":\"x\",\"secret\":[\"a1\",\"b2\"],\"n\":2}", "{\"pass\":\"[REDACTED]\",\"secret\":\"[REDACTED]\",\"n\":2}",
        { s("a1"), s("b2") });
    row("pretty-printed", "{\n  \"client_secret\": [\n    \"p1q2\",\n    \"r3s4\"\n  ],\n  \"name\": \"app\"\n}",
        "{\n  \"client_secret\": \"[REDACTED]\",\n  \"name\": \"app\"\n}", { s("p1q2"), s("r3s4") });
    row("truncated string", "{\"password\": \"abc12", "{\"password\": \"[REDACTED]", { s("abc12") });
    row("truncated array", "{\"secrets\": [\"one1\", \"two2", "{\"secrets\": \"[REDACTED]\"", { s("one1"), s("two2") });
    row("truncated object", "{\"auth\": {\"user\": \"amy\", \"pw\": \"q9", "{\"auth\": \"[REDACTED]\"", { s("q9"), s("amy") });
    row("escaped json in json", "{\"msg\": \"{\\\"password\\\": \\\"x1y2z3\\\", \\\"n\\\": 2}\"}",
        "{\"msg\": \"{\\\"password\\\": \\\"[REDACTED]\\\", \\\"n\\\": 2}\"}", { s("x1y2z3") });
    row("escaped quote inside the value", "{\"password\": \"ab\\\"cd\", \"u\": 1}", "{\"password\": \"[REDACTED]\", \"u\": 1}",
        { s("cd") });
    row("python dict", "{'password': 'hunter22', 'user': 'amy'}", "{'password': '[REDACTED]', 'user': 'amy'}", { s("hunter22") });
    row("python list", "{'private_key': ['aa11', 'bb22']}", "{'private_key': '[REDACTED]'}", { s("aa11"), s("bb22") });
    row("python number", "{'pin': 2468}", "{'pin': '[REDACTED]'}", { s("2468") });
    row("json after text", "login failed: {\"user\":\"amy\",\"passwd\":\"s3\"}",
        "login failed: {\"user\":\"amy\",\"passwd\":\"[REDACTED]\"}", { s("\"s3\"") });
    row("multilingual, array", "{\"mot_de_passe\": [1, 2], \"senha\": \"x\"}", "{\"mot_de_passe\": \"[REDACTED]\", \"senha\": \"[REDACTED]\"}");
    row("non-secret structure stays", "{\"items\": [\"a\", \"b\"], \"tokens_used\": 5}", "{\"items\": [\"a\", \"b\"], \"tokens_used\": 5}");
}

void tst_Privacy::jsonInMessagesIsScrubbedLikeMaps()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QStringList, gone);
    const Privacy privacy;
    const QString out = privacy.sanitizeString(input);
    QCOMPARE(out, expected);
    for (const QString &g : gone)
        QVERIFY2(!out.contains(g), qPrintable(g));
    QCOMPARE(privacy.sanitizeString(out), out);
}

// ---------------------------------------------------------------------------------------------
// A secret's value ends where its syntax ends

void tst_Privacy::secretValuesEndWhereTheirSyntaxEnds_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ampersand inside") << s("password=Pl4in&Simple") << s("password=[REDACTED]");
    QTest::newRow("ampersand inside, then text") << s("login password=R0se&Thorn9 for amy") << s("login password=[REDACTED] for amy");
    QTest::newRow("ampersands inside") << s("secret=a&b&c end") << s("secret=[REDACTED] end");
    QTest::newRow("ampersand before a pair") << s("password=hunter2&page=2") << s("password=[REDACTED]&page=2");
    QTest::newRow("semicolons inside") << s("pwd=ab;cd;ef end") << s("pwd=[REDACTED] end");
    QTest::newRow("connection string") << s("Server=db1;Password=a;b;c;Database=main")
                                       << s("Server=db1;Password=[REDACTED];Database=main");
    QTest::newRow("comma inside") << s("token=abc,def end") << s("token=[REDACTED] end");
    QTest::newRow("comma before text") << s("token=abc, next=1") << s("token=[REDACTED], next=1");
    QTest::newRow("comma before a pair") << s("token=abc,next=1") << s("token=[REDACTED],next=1");
    QTest::newRow("brackets inside") << s("secret=(a)[b]{c} ok") << s("secret=[REDACTED] ok");
    QTest::newRow("closing an outer bracket") << s("(secret=abc)") << s("(secret=[REDACTED])");
    QTest::newRow("in square brackets") << s("[password=abc]") << s("[password=[REDACTED]]");
    QTest::newRow("dots and symbols inside") << s("passwd=x.y!z?w#1 next") << s("passwd=[REDACTED] next");
    QTest::newRow("apostrophe inside") << s("password=it's-mine ok") << s("password=[REDACTED] ok");
    QTest::newRow("single-quoted pair") << s("'password=abc' ok") << s("'password=[REDACTED]' ok");
    QTest::newRow("double-quoted pair") << s("\"password=a&b\"") << s("\"password=[REDACTED]\"");
    QTest::newRow("inside a JSON string") << s("{\"cmd\":\"login --password=S3cr&t\"}") << s("{\"cmd\":\"login --password=[REDACTED]\"}");
    QTest::newRow("closing xml tag") << s("<p>password=abc</p>") << s("<p>password=[REDACTED]</p>");
    QTest::newRow("url query keeps its syntax") << s("https://example.com/?password=ab&cd=1") << s("https://example.com/?password=[REDACTED]&cd=1");
    QTest::newRow("quoted value with spaces") << s("password=\"correct horse battery\" ok") << s("password=\"[REDACTED]\" ok");
}

void tst_Privacy::secretValuesEndWhereTheirSyntaxEnds()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const Privacy privacy;
    QCOMPARE(privacy.sanitizeString(input), expected);
    QCOMPARE(privacy.sanitizeString(expected), expected);
}

// ---------------------------------------------------------------------------------------------
// Each kind of value in every place a value can be

void tst_Privacy::everyContextIsScrubbed_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("leak"); // must not survive anywhere
    QTest::newRow("iban") << QString(s("pay ") + grouped(s(kIbans[9]), u' ')) << s(kIbans[9]).mid(4, 8);
    QTest::newRow("ssn") << s("ssn no 318-62-4471") << s("318-62");
    QTest::newRow("cisco mac") << s("seen 001a.2b3c.4d5e") << s("2b3c");
    QTest::newRow("webhook") << s("https://hooks.slack.com/services/T1/B2/k8Zq2mWx9LpR") << s("k8Zq2");
    QTest::newRow("apostrophe e-mail") << s("from o'reilly.sean@example.com") << s("reilly");
    QTest::newRow("secret json") << s("{\"private_key\": [\"aa11\", \"bb22\"]}") << s("bb22");
    QTest::newRow("german key") << s("Passwort=geheim42") << s("geheim42");
    QTest::newRow("ampersand password") << s("password=Bl00m&Grow") << s("Grow");
}

void tst_Privacy::everyContextIsScrubbed()
{
    QFETCH(QString, value);
    QFETCH(QString, leak);
    const Privacy privacy;
    // as an attribute value
    QVERIFY(!privacy.sanitizeValue(value, s("note")).toString().contains(leak));
    // inside nested maps and lists
    const QVariantMap attributes { { s("outer"), QVariantMap { { s("list"), QVariantList { 1, QVariantList { value } } } } },
                                   { s("strings"), QStringList { s("ok"), value } } };
    const QVariantMap out = privacy.sanitizeAttributes(attributes);
    const QVariant deep = out.value(s("outer")).toMap().value(s("list")).toList().value(1).toList().value(0);
    QVERIFY(!deep.toString().contains(leak));
    QVERIFY(!out.value(s("strings")).toStringList().join(u' ').contains(leak));
    // as JSON values and byte arrays
    const QJsonObject json { { s("detail"), value } };
    QVERIFY(!privacy.sanitizeValue(QVariant::fromValue(json)).toJsonObject().value(s("detail")).toString().contains(leak));
    QVERIFY(!privacy.sanitizeValue(value.toUtf8()).toByteArray().contains(leak.toUtf8()));
    if (value.startsWith(s("https://"))) // as a QUrl
        QVERIFY(!privacy.sanitizeValue(QUrl(value)).toString().contains(leak));
    // as a message (log and error messages, names)
    QVERIFY(!privacy.sanitizeString(value).contains(leak));
    QVERIFY(!privacy.sanitizeString(s("error: ") + value + s(" (retrying)")).contains(leak));
}

void tst_Privacy::newCategoriesAreIdempotent()
{
    const Privacy privacy;
    const QStringList inputs {
        s(kIbans[3]), grouped(s(kIbans[7]), u' '), s("318-62-4471"), s("0050.56c0.0008"),
        s("https://discord.com/api/webhooks/1187364519283746501/pQ7-xY2_zW9vU4tS1rR8"), s("o'connor@example.ie"),
        s("{\"pass\": [\"a\", \"b\"]}"), s("Passwort=geheim"), s("パスワード：abc"), s("alice@build.example.com:app.git"),
        s("password=Tr1cky&Value"),
    };
    for (const QString &in : inputs) {
        const QString once = privacy.sanitizeString(in);
        QVERIFY2(once != in, qPrintable(in));
        QCOMPARE(privacy.sanitizeString(once), once);
    }
}

QTEST_GUILESS_MAIN(tst_Privacy)
#include "tst_privacy.moc"
