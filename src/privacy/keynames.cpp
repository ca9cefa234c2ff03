// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "privacy/keynames.h"

#include "privacy/detector.h"

#include <algorithm>
#include <bitset>
#include <initializer_list>

namespace Automagik::Internal::Scrub {

namespace {

enum class CharClass { Sep, Lower, Upper, Digit, Uncased, Mark };

CharClass classOf(char16_t c)
{
    if (c < 0x80) {
        if (isLower(c))
            return CharClass::Lower;
        if (isUpper(c))
            return CharClass::Upper;
        if (isDigit(c))
            return CharClass::Digit;
        return CharClass::Sep;
    }
    const QChar q(c);
    if (q.isMark())
        return CharClass::Mark;
    if (q.isUpper() || q.isTitleCase())
        return CharClass::Upper;
    if (q.isLower())
        return CharClass::Lower;
    if (q.isDigit())
        return CharClass::Digit;
    if (q.isLetterOrNumber())
        return CharClass::Uncased; // CJK, kana, Hangul, Arabic, Hebrew, ...
    return CharClass::Sep; // punctuation such as the katakana middle dot
}

bool isLatinLetter(char16_t c) { return (c >= 0xc0 && c <= 0x24f) || (c >= 0x1e00 && c <= 0x1eff); }

// Appends the folded form of \a c; accents off Latin letters, so "contraseña" and "contrasena",
// "Schlüssel" and "Schlussel" are one word, as ASCII-only identifiers write them.
template <typename Out>
void fold(char16_t c, Out &out)
{
    if (c < 0x80) {
        out.append(asciiLower(c));
        return;
    }
    if (c >= 0xff01 && c <= 0xff5e) { // full-width ASCII: ＡＰＩ
        out.append(asciiLower(char16_t(c - 0xfee0)));
        return;
    }
    switch (c) {
    case 0xdf: case 0x1e9e: out.append(u's'); out.append(u's'); return; // ß
    case 0xd8: case 0xf8: out.append(u'o'); return; // ø
    case 0x141: case 0x142: out.append(u'l'); return; // ł
    case 0x110: case 0x111: case 0xd0: case 0xf0: out.append(u'd'); return; // đ, ð
    case 0x131: out.append(u'i'); return; // dotless ı
    case 0xc6: case 0xe6: out.append(u'a'); out.append(u'e'); return; // æ
    case 0x152: case 0x153: out.append(u'o'); out.append(u'e'); return; // œ
    case 0x401: case 0x451: out.append(char16_t(0x435)); return; // ё → е
    case 0x640: return; // Arabic tatweel (stretching)
    default: break;
    }
    if (isLatinLetter(c)) {
        QChar q(c);
        for (int k = 0; k < 3 && q.decompositionTag() == QChar::Canonical; ++k)
            q = q.decomposition().at(0); // the base letter: é → e, İ → I, ǖ → ü → u
        out.append(q.toLower().unicode());
        return;
    }
    out.append(QChar(c).toLower().unicode());
}

// A combining mark stays with its letter, except the ones folding removes: Latin accents written
// decomposed (e + U+0301) and Arabic vowel signs.
bool dropsMark(char16_t c) { return (c >= 0x300 && c <= 0x36f) || (c >= 0x64b && c <= 0x65f) || c == 0x670; }

// A set of folded, joined words (each entry written naturally: "mot de passe", "clé secrète").
class WordSet
{
public:
    WordSet(std::initializer_list<const char16_t *> words)
    {
        for (const char16_t *w : words) {
            const KeyWords k{QStringView(w)};
            if (k.count() == 0)
                continue;
            m_words.push_back(k.span(0, k.count() - 1).toString());
            m_maxWords = std::max(m_maxWords, k.count());
        }
        std::sort(m_words.begin(), m_words.end());
        m_words.erase(std::unique(m_words.begin(), m_words.end()), m_words.end());
    }
    bool contains(QStringView word) const
    {
        const auto it = std::lower_bound(m_words.cbegin(), m_words.cend(), word,
                                         [](const QString &a, QStringView b) { return QStringView(a).compare(b) < 0; });
        return it != m_words.cend() && QStringView(*it) == word;
    }
    //! An entry that \a word ends with (the entry itself counts).
    bool containsSuffixOf(QStringView word) const
    {
        for (const QString &term : m_words) {
            if (term.size() <= word.size() && term.back() == word.back() && word.endsWith(term))
                return true;
        }
        return false;
    }
    const std::vector<QString> &words() const { return m_words; }
    qsizetype maxWords() const { return m_maxWords; }

private:
    std::vector<QString> m_words;
    qsizetype m_maxWords = 0;
};

// Names of secrets, whole (alone or joined from up to a few words: "api key", "mot de passe").
// "key" alone and its translations are not secrets (keyboard keys, map keys, primary keys); a
// secret, private, API or access key is. See docs/privacy.md for the languages.
const WordSet &secretNames()
{
    static const WordSet set {
        // English
        u"password", u"passwords", u"passwd", u"pwd", u"pass", u"passphrase", u"passcode", u"secret", u"secrets",
        u"token", u"auth", u"authorization", u"bearer", u"jwt", u"otp", u"totp", u"hotp", u"pin", u"pincode",
        u"cookie", u"cookies", u"session", u"sessionid", u"sessionkey", u"apikey", u"apikeys", u"accesskey",
        u"accountkey", u"sharedaccesskey", u"secretkey", u"privatekey", u"privkey", u"signingkey",
        u"encryptionkey", u"masterkey", u"credential", u"credentials", u"creds", u"connectionstring", u"dsn",
        u"signature", u"sig", u"ssn", u"cvv", u"cvc", u"creditcard", u"cardnumber", u"securitycode",
        u"mnemonic", u"recoverycode", u"recoverycodes", u"backupcode", u"backupcodes",
        // German
        u"Passwort", u"Passwörter", u"Kennwort", u"Kennwörter", u"Passwoerter", u"Kennwoerter", u"Geheimnis",
        u"geheim", u"Geheimzahl", u"Zugangsdaten", u"Anmeldedaten", u"Zugangscode", u"Geheimschlüssel",
        u"Geheimschluessel", u"privater Schlüssel", u"privater Schluessel", u"Privatschlüssel",
        u"Privatschluessel", u"API-Schlüssel", u"API-Schluessel", u"Zugriffsschlüssel", u"Zugriffsschluessel",
        u"Zugangsschlüssel", u"Zugangsschluessel", u"Sitzungsschlüssel", u"Sitzungsschluessel", u"Sitzungs-ID",
        // French "mdp", Spanish "clave": secrets alone or as the head, not in "mdp_steps" (a Markov
        // decision process) or "clave_primaria" (a primary key)
        u"mdp", u"clave",
        // Dutch
        u"wachtwoord", u"wachtwoorden", u"wachtzin", u"geheime sleutel", u"privésleutel", u"privé sleutel",
        u"API-sleutel", u"toegangssleutel", u"sessiesleutel", u"inloggegevens", u"toegangscode",
        // Japanese
        u"パスワード", u"暗証番号", u"シークレット", u"トークン", u"秘密鍵", u"秘密キー", u"APIキー",
        u"認証情報", u"パスフレーズ", u"合言葉", u"PINコード",
        // Chinese (simplified and traditional)
        u"密码", u"密碼", u"口令", u"密钥", u"密鑰", u"秘钥", u"秘鑰", u"私钥", u"私鑰", u"令牌", u"凭证",
        u"憑證", u"凭据", u"憑據", u"验证码", u"驗證碼", u"PIN码", u"PIN碼", u"个人识别码", u"個人識別碼",
        // Korean
        u"비밀번호", u"암호", u"패스워드", u"토큰", u"비밀키", u"개인키", u"비밀", u"시크릿", u"API키",
        u"인증정보", u"핀번호", u"PIN번호",
        // Turkish
        u"şifre", u"şifresi", u"şifreler", u"parola", u"parolası", u"gizli anahtar", u"özel anahtar",
        u"API anahtarı", u"erişim anahtarı", u"oturum anahtarı", u"belirteç", u"belirteci",
        u"erişim belirteci", u"kimlik bilgileri", u"PIN kodu",
    };
    return set;
}

// Names in languages that put the head first ("contraseña del usuario", "пароль пользователя",
// "كلمة مرور المستخدم"): they name a secret wherever they stand in the key.
const WordSet &headFirstNames()
{
    static const WordSet set {
        // French
        u"mot de passe", u"mots de passe", u"phrase de passe", u"phrase secrète", u"jeton",
        u"jeton d'accès", u"jeton accès", u"clé secrète", u"clé privée", u"clé API", u"API clé", u"clé d'accès",
        u"clé de session", u"identifiants de connexion", u"code PIN", u"code secret",
        // Spanish
        u"contraseña", u"contraseñas", u"clave API", u"clave secreta", u"clave privada",
        u"clave de acceso", u"secreto", u"credenciales", u"código PIN", u"ficha de acceso",
        // Portuguese
        u"senha", u"senhas", u"palavra-passe", u"palavras-passe", u"chave secreta", u"chave privada",
        u"chave API", u"chave de acesso", u"segredo", u"credenciais", u"frase secreta", u"frase-senha",
        // Italian
        u"parola d'ordine", u"chiave segreta", u"chiave privata", u"chiave API", u"chiave di accesso",
        u"segreto", u"credenziali", u"codice PIN", u"gettone di accesso",
        // Polish
        u"hasło", u"hasła", u"haseł", u"sekret", u"tajny klucz", u"klucz tajny", u"klucz prywatny",
        u"prywatny klucz", u"klucz API", u"poświadczenia", u"dane uwierzytelniające", u"kod PIN",
        // Russian
        u"пароль", u"пароли", u"пароля", u"секрет", u"токен", u"секретный ключ", u"закрытый ключ",
        u"приватный ключ", u"ключ API", u"API ключ", u"ключ доступа", u"токен доступа", u"учётные данные",
        u"пин", u"пин-код", u"ПИН-код", u"кодовая фраза", u"парольная фраза",
        // Arabic
        u"كلمة المرور", u"كلمة مرور", u"كلمات المرور", u"كلمة السر", u"الرقم السري", u"رقم سري", u"الرمز السري",
        u"رمز سري", u"المفتاح السري", u"مفتاح سري", u"المفتاح الخاص", u"مفتاح خاص", u"مفتاح API",
        u"الرمز المميز", u"رمز مميز", u"رمز الدخول", u"سر", u"بيانات الاعتماد",
        // English words in head-first keys
        u"token de acceso", u"token acceso", u"token d'accès", u"token di accesso", u"token de acesso",
    };
    return set;
}

// Distinctive secret terms that also count at the end of a longer word: compounds
// ("Benutzerpasswort", "userpassword") and scripts written without spaces ("ユーザーパスワード").
const WordSet &secretSuffixes()
{
    static const WordSet set {
        u"password", u"passwort", u"kennwort", u"passwd", u"passphrase", u"wachtwoord", u"contraseña", u"token",
        u"secret", u"apikey", u"secretkey", u"privatekey", u"пароль",
        u"パスワード", u"トークン", u"暗証番号", u"秘密鍵", u"秘密キー", u"シークレット", u"パスフレーズ", u"認証情報",
        u"密码", u"密碼", u"口令", u"密钥", u"密鑰", u"秘钥", u"秘鑰", u"私钥", u"私鑰", u"令牌", u"凭证", u"憑證",
        u"凭据", u"憑據", u"验证码", u"驗證碼",
        u"비밀번호", u"암호", u"패스워드", u"토큰", u"비밀키", u"개인키", u"인증정보", u"시크릿",
    };
    return set;
}

// Endings that qualify an uncased word ("パスワード確認": the password, confirmed).
const WordSet &uncasedQualifierSuffixes()
{
    static const WordSet set { u"確認", u"确认", u"確認用", u"再入力", u"ハッシュ", u"哈希", u"확인", u"해시" };
    return set;
}

// Words that qualify the word before them rather than name a thing of their own.
const WordSet &qualifierWords()
{
    static const WordSet set {
        u"b64", u"base64", u"clear", u"cleartext", u"confirm", u"confirmation", u"current", u"data", u"enc",
        u"encoded", u"encrypted", u"env", u"field", u"hash", u"hashed", u"header", u"hex", u"input", u"new",
        u"old", u"param", u"plain", u"plaintext", u"raw", u"repeat", u"str", u"string", u"text", u"val",
        u"value", u"var",
        u"neu", u"alt", u"Bestätigung", u"Wiederholung", u"nouveau", u"nouvelle", u"ancien", u"ancienne",
        u"hachage", u"nuevo", u"nueva", u"confirmación", u"repetir", u"novo", u"nova", u"confirmação",
        u"nuovo", u"nuova", u"conferma", u"nieuw", u"oud", u"bevestiging", u"nowe", u"nowy", u"potwierdzenie",
        u"новый", u"старый", u"подтверждение", u"хеш", u"хэш", u"yeni", u"eski", u"tekrar", u"onay",
    };
    return set;
}

// Values under these keys are versions: a dotted quad there is not an IP address.
const WordSet &versionWords()
{
    static const WordSet set { u"build", u"firmware", u"fw", u"release", u"rev", u"revision", u"ver",
                               u"version", u"v" };
    return set;
}

// Values under these keys are digests: long hex there is not a secret.
const WordSet &digestWords()
{
    static const WordSet set { u"checksum", u"commit", u"digest", u"etag", u"hash", u"md", u"rev", u"revision",
                               u"sha", u"sum" };
    return set;
}

// Header names whose whole line is the secret ("Cookie: a=1; b=2").
const WordSet &headerWords()
{
    static const WordSet set { u"authorization", u"cookie", u"cookies", u"proxy-authorization", u"set-cookie" };
    return set;
}

// For KeyClassifier::mayNameSecret(): the four-character starts of every ASCII secret name, and the
// three-character names themselves (pin, pwd, sig, ...).
class TrigramFilter
{
public:
    static int code(char16_t c)
    {
        if (isLower(c))
            return c - u'a';
        if (isUpper(c))
            return c - u'A';
        if (isDigit(c))
            return 26 + (c - u'0');
        return -1;
    }

    TrigramFilter()
    {
        for (const WordSet *set : { &secretNames(), &headFirstNames(), &secretSuffixes() }) {
            for (const QString &w : set->words()) {
                if (w.size() < 3 || code(w.at(0).unicode()) < 0 || code(w.at(1).unicode()) < 0
                    || code(w.at(2).unicode()) < 0)
                    continue; // not ASCII: judged by the full classification
                const std::size_t tri = index3(w.at(0).unicode(), w.at(1).unicode(), w.at(2).unicode());
                if (w.size() == 3)
                    m_whole3[tri] = true;
                else if (code(w.at(3).unicode()) >= 0)
                    m_start4[tri * 36 + std::size_t(code(w.at(3).unicode()))] = true;
                else
                    m_whole3[tri] = true; // an ASCII start, then another script: the three count
            }
        }
    }
    //! Whether the lower-case ASCII letters and digits \a s (n of them) contain a secret name's start.
    bool any(const char16_t *s, int n) const
    {
        for (int i = 0; i + 2 < n; ++i) {
            const std::size_t tri = index3(s[i], s[i + 1], s[i + 2]);
            if (m_whole3[tri] || (i + 3 < n && m_start4[tri * 36 + std::size_t(code(s[i + 3]))]))
                return true;
        }
        return false;
    }

private:
    static std::size_t index3(char16_t a, char16_t b, char16_t c)
    {
        return (std::size_t(code(a)) * 36 + std::size_t(code(b))) * 36 + std::size_t(code(c));
    }
    std::bitset<36 * 36 * 36> m_whole3;
    std::bitset<36 * 36 * 36 * 36> m_start4;
};

const TrigramFilter &trigrams()
{
    static const TrigramFilter filter;
    return filter;
}

qsizetype builtInWindow()
{
    static const qsizetype window = std::max({ qsizetype(3), secretNames().maxWords(), headFirstNames().maxWords() });
    return window;
}

} // namespace

KeyWords::KeyWords(QStringView key)
{
    if (key.size() > 128)
        key = key.last(128); // the head of a key is at its end
    CharClass prev = CharClass::Sep;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const char16_t c = key.at(i).unicode();
        const CharClass cls = classOf(c);
        if (cls == CharClass::Sep) {
            prev = CharClass::Sep;
            continue;
        }
        if (cls == CharClass::Mark) {
            if (prev != CharClass::Sep && !dropsMark(c))
                m_chars.append(c); // stays with its letter
            continue;
        }
        bool boundary = prev == CharClass::Sep;
        if (!boundary) {
            CharClass next = CharClass::Sep;
            for (qsizetype k = i + 1; k < key.size(); ++k) {
                if ((next = classOf(key.at(k).unicode())) != CharClass::Mark)
                    break;
            }
            boundary = (prev == CharClass::Lower && cls == CharClass::Upper)
                || (prev == CharClass::Upper && cls == CharClass::Upper && next == CharClass::Lower)
                || ((prev == CharClass::Digit) != (cls == CharClass::Digit))
                || ((prev == CharClass::Uncased) != (cls == CharClass::Uncased));
        }
        if (boundary)
            m_starts.append(m_chars.size());
        fold(c, m_chars);
        prev = cls;
    }
    m_starts.append(m_chars.size());
}

bool KeyWords::isNumber(qsizetype i) const
{
    const QStringView w = word(i);
    return !w.isEmpty() && QChar(w.front()).isDigit();
}

KeyClassifier::KeyClassifier()
    : m_window(builtInWindow())
{
}

void KeyClassifier::setExtraSecretNames(const QStringList &names)
{
    m_extra.clear();
    m_extraNeedsFullCheck = false;
    m_window = builtInWindow();
    for (const QString &name : names) {
        const KeyWords words(name);
        if (words.count() == 0)
            continue;
        const QString joined = words.span(0, words.count() - 1).toString();
        for (const QChar c : joined)
            m_extraNeedsFullCheck = m_extraNeedsFullCheck || TrigramFilter::code(c.unicode()) < 0;
        m_extraNeedsFullCheck = m_extraNeedsFullCheck || joined.size() < 3;
        m_extra.push_back(joined);
        m_window = std::max(m_window, words.count());
    }
    std::sort(m_extra.begin(), m_extra.end());
    m_extra.erase(std::unique(m_extra.begin(), m_extra.end()), m_extra.end());
}

void KeyClassifier::setAllowedKeys(const QStringList &keys)
{
    m_allowed = keys;
}

bool KeyClassifier::isAllowed(QStringView key) const
{
    for (const QString &allowed : m_allowed) {
        if (key.compare(allowed, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool KeyClassifier::mayNameSecret(QStringView key) const
{
    if (m_extraNeedsFullCheck)
        return true;
    if (key.size() > 128)
        key = key.last(128); // as KeyWords does
    // The key's letters and digits, lower case: every secret name (its words joined) is a run of them.
    char16_t alnum[128];
    int n = 0;
    for (const QChar q : key) {
        const char16_t c = q.unicode();
        if (c >= 0x80)
            return true; // folding and other scripts: the full classification decides
        if (isAlnum(c))
            alnum[n++] = asciiLower(c);
    }
    if (trigrams().any(alnum, n))
        return true;
    for (const QString &extra : m_extra) {
        if (QStringView(alnum, n).contains(extra))
            return true;
    }
    return false;
}

bool KeyClassifier::isSecretSpan(QStringView joined) const
{
    if (secretNames().contains(joined))
        return true;
    return std::binary_search(m_extra.cbegin(), m_extra.cend(), joined,
                              [](QStringView a, QStringView b) { return a.compare(b) < 0; });
}

bool KeyClassifier::isSecretHead(QStringView word) const
{
    if (secretSuffixes().containsSuffixOf(word))
        return true;
    if (word.isEmpty() || word.back().unicode() < 0x80)
        return false;
    // An uncased compound with a qualifier at its end: judge what comes before it.
    for (const QString &q : uncasedQualifierSuffixes().words()) {
        if (word.size() > q.size() && word.endsWith(q)) {
            const QStringView rest = word.chopped(q.size());
            return isSecretSpan(rest) || secretSuffixes().containsSuffixOf(rest);
        }
    }
    return false;
}

KeyInfo KeyClassifier::classify(QStringView key) const
{
    KeyInfo info;
    const KeyWords words(key);
    qsizetype last = words.count() - 1;
    while (last >= 0 && words.isNumber(last))
        --last; // "password2", "token_1"
    if (last < 0)
        return info;
    info.version = versionWords().contains(words.word(last));
    info.digest = digestWords().contains(words.word(last));
    info.header = headerWords().contains(words.span(0, words.count() - 1));

    qsizetype head = last;
    while (head >= 0 && (qualifierWords().contains(words.word(head)) || words.isNumber(head)))
        --head;
    for (const qsizetype end : { head, last }) {
        if (end < 0)
            continue;
        if (isSecretHead(words.word(end))) {
            info.secret = true;
            return info;
        }
        for (qsizetype k = 0; k < m_window && end - k >= 0; ++k) {
            if (isSecretSpan(words.span(end - k, end))) {
                info.secret = true;
                return info;
            }
        }
        if (head == last)
            break;
    }
    for (qsizetype end = 0; end < words.count(); ++end) {
        for (qsizetype k = 0; k < m_window && end - k >= 0; ++k) {
            if (headFirstNames().contains(words.span(end - k, end))) {
                info.secret = true;
                return info;
            }
        }
    }
    return info;
}

} // namespace Automagik::Internal::Scrub
