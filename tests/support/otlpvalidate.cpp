// SPDX-License-Identifier: MIT
//
// otlp-validate: a strict validator for OTLP/HTTP JSON request bodies.
//
// The project's tests use it to prove that every body the library sends would be
// accepted by a strict OTLP receiver.  The OTLP schema is read at run time from
// the .proto files next to this file (no generated code, no protoc step at build
// time) and every document is checked twice:
//
//  1. A schema-aware walk over the JSON text (our own strict RFC 8259 parser)
//     enforces the OTLP JSON rules that protobuf's JSON parser does not check:
//     hex trace/span ids, integer enums, 64-bit integers as decimal strings,
//     lowerCamelCase keys, unique non-empty attribute keys, span time ordering,
//     and a few OTLP data-model MUSTs (aggregation temporality, histogram
//     buckets, required timestamps).
//  2. The document (with the hex ids rewritten to the base64 form protobuf
//     expects for bytes fields) is parsed by
//     google::protobuf::util::JsonStringToMessage into the matching
//     Export*ServiceRequest with unknown fields treated as errors.
//
// Exit status: 0 all documents valid, 1 at least one document invalid,
// 2 usage error or the input/schema could not be read.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#if defined(__has_include)
#if __has_include(<google/protobuf/compiler/importer.h>) && !defined(OTLP_VALIDATE_BUILTIN_PROTO_PARSER)
#include <google/protobuf/compiler/importer.h>
#define OTLP_VALIDATE_HAVE_IMPORTER 1
#endif
#endif
#ifndef OTLP_VALIDATE_HAVE_IMPORTER
#define OTLP_VALIDATE_HAVE_IMPORTER 0
#endif

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace pb = google::protobuf;

namespace {

// ---------------------------------------------------------------------------
// Small string helpers
// ---------------------------------------------------------------------------

// Quotes a value for a diagnostic: control bytes are escaped and long values
// are shortened, so garbage input cannot flood or corrupt the terminal.
std::string quote(const std::string &s, std::size_t maxLen = 80)
{
    std::string out = "\"";
    std::size_t n = 0;
    for (unsigned char c : s) {
        if (n++ == maxLen) {
            out += "...";
            break;
        }
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
    return out;
}

// Escapes control characters in a diagnostic line before printing it.
std::string printable(const std::string &s)
{
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

// Prints a possibly multi-line diagnostic: the first line after `prefix`,
// further lines indented, each made printable.
void printDiagnostic(const std::string &prefix, const std::string &message)
{
    std::string text = message;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    std::size_t start = 0;
    bool first = true;
    do {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        std::cerr << (first ? printable(prefix) : std::string("    ")) << printable(text.substr(start, end - start)) << "\n";
        first = false;
        start = end + 1;
    } while (start < text.size());
}

bool endsWith(const std::string &s, const std::string &suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Parses an unsigned decimal string made only of digits.  Returns false on an
// empty string, any other character or overflow.
bool parseU64(const std::string &s, std::uint64_t &out)
{
    if (s.empty())
        return false;
    std::uint64_t v = 0;
    for (char c : s) {
        if (!isDigit(c))
            return false;
        const auto d = static_cast<std::uint64_t>(c - '0');
        if (v > (std::numeric_limits<std::uint64_t>::max() - d) / 10)
            return false;
        v = v * 10 + d;
    }
    out = v;
    return true;
}

// Parses an optionally negative decimal string into an int64.
bool parseI64(const std::string &s, std::int64_t &out)
{
    if (s.empty())
        return false;
    const bool negative = s[0] == '-';
    std::uint64_t magnitude = 0;
    if (!parseU64(negative ? s.substr(1) : s, magnitude))
        return false;
    const std::uint64_t limit = negative ? static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1
                                         : static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (magnitude > limit)
        return false;
    if (negative)
        out = magnitude == limit ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(magnitude);
    else
        out = static_cast<std::int64_t>(magnitude);
    return true;
}

std::string base64Encode(const std::string &bytes)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8)
            | static_cast<unsigned char>(bytes[i + 2]);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (i + 1 == bytes.size()) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

bool readWholeFile(const std::string &path, std::string &out, std::string &error)
{
    if (path == "-") {
        std::ostringstream ss;
        ss << std::cin.rdbuf();
        if (std::cin.bad()) {
            error = "cannot read standard input";
            return false;
        }
        out = ss.str();
        return true;
    }
    std::ifstream in(path, std::ios::in | std::ios::binary);
    if (!in) {
        error = "cannot open " + quote(path, 400) + ": " + std::strerror(errno);
        return false;
    }
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) {
        error = "cannot read " + quote(path, 400);
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------
// Strict RFC 8259 JSON parser
// ---------------------------------------------------------------------------

struct Json
{
    enum class Type { Null, Bool, Number, String, Array, Object };

    Type type = Type::Null;
    bool boolean = false;
    std::string text;            // the number token as written, or the decoded string
    std::vector<Json> elements;  // array items, or object member values
    std::vector<std::string> keys;  // object member names, parallel to elements

    const Json *member(const std::string &key) const
    {
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (keys[i] == key)
                return &elements[i];
        }
        return nullptr;
    }
};

const char *typeName(Json::Type t)
{
    switch (t) {
    case Json::Type::Null: return "null";
    case Json::Type::Bool: return "a boolean";
    case Json::Type::Number: return "a number";
    case Json::Type::String: return "a string";
    case Json::Type::Array: return "an array";
    case Json::Type::Object: return "an object";
    }
    return "?";
}

struct JsonSyntaxError
{
    std::string message;
    std::size_t offset;
};

class JsonParser
{
public:
    static constexpr int kMaxDepth = 200;

    explicit JsonParser(const std::string &text) : s_(text) {}

    // Parses the whole text as one JSON value.  On failure returns false and
    // sets error() to "line L column C: message".
    bool parse(Json &out)
    {
        try {
            if (s_.size() >= 3 && s_.compare(0, 3, "\xEF\xBB\xBF") == 0)
                fail("byte order mark at the start of the document (RFC 8259 forbids it)");
            skipWhitespace();
            parseValue(out, 0);
            skipWhitespace();
            if (pos_ != s_.size())
                fail("unexpected data after the top-level JSON value");
            return true;
        } catch (const JsonSyntaxError &e) {
            std::size_t line = 1;
            std::size_t lineStart = 0;
            const std::size_t end = std::min(e.offset, s_.size());
            for (std::size_t i = 0; i < end; ++i) {
                if (s_[i] == '\n') {
                    ++line;
                    lineStart = i + 1;
                }
            }
            error_ = "line " + std::to_string(line) + " column " + std::to_string(end - lineStart + 1) + ": "
                + e.message;
            return false;
        }
    }

    const std::string &error() const { return error_; }

private:
    [[noreturn]] void fail(const std::string &message) const { throw JsonSyntaxError{message, pos_}; }

    void skipWhitespace()
    {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
            ++pos_;
    }

    bool lookingAt(const char *word) const
    {
        const std::size_t n = std::strlen(word);
        return s_.size() - pos_ >= n && s_.compare(pos_, n, word) == 0;
    }

    void parseValue(Json &out, int depth)
    {
        if (depth > kMaxDepth)
            fail("JSON nesting deeper than " + std::to_string(kMaxDepth) + " levels");
        if (pos_ >= s_.size())
            fail("unexpected end of input, expected a JSON value");
        const char c = s_[pos_];
        switch (c) {
        case '{':
            parseObject(out, depth);
            return;
        case '[':
            parseArray(out, depth);
            return;
        case '"':
            out.type = Json::Type::String;
            parseString(out.text);
            return;
        case 't':
        case 'f':
        case 'n':
            parseLiteral(out);
            return;
        default:
            break;
        }
        if (c == '-' || isDigit(c)) {
            parseNumber(out);
            return;
        }
        if (lookingAt("NaN"))
            fail("bare NaN is not valid JSON (proto3 JSON writes the string \"NaN\")");
        if (lookingAt("Infinity"))
            fail("bare Infinity is not valid JSON (proto3 JSON writes the string \"Infinity\")");
        const auto uc = static_cast<unsigned char>(c);
        if (uc >= 0x21 && uc < 0x7f)
            fail(std::string("unexpected character '") + c + "', expected a JSON value");
        char buf[8];
        std::snprintf(buf, sizeof buf, "0x%02x", uc);
        fail(std::string("unexpected byte ") + buf + ", expected a JSON value");
    }

    void parseLiteral(Json &out)
    {
        const char *word = nullptr;
        if (lookingAt("true")) {
            out.type = Json::Type::Bool;
            out.boolean = true;
            word = "true";
        } else if (lookingAt("false")) {
            out.type = Json::Type::Bool;
            out.boolean = false;
            word = "false";
        } else if (lookingAt("null")) {
            out.type = Json::Type::Null;
            word = "null";
        } else {
            fail("invalid literal (expected true, false or null)");
        }
        pos_ += std::strlen(word);
        if (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
            fail("invalid literal (expected true, false or null)");
    }

    void parseNumber(Json &out)
    {
        const std::size_t start = pos_;
        if (s_[pos_] == '-') {
            ++pos_;
            if (lookingAt("Infinity"))
                fail("bare -Infinity is not valid JSON (proto3 JSON writes the string \"-Infinity\")");
        }
        if (pos_ >= s_.size() || !isDigit(s_[pos_]))
            fail("invalid number: expected a digit");
        if (s_[pos_] == '0') {
            ++pos_;
            if (pos_ < s_.size() && isDigit(s_[pos_]))
                fail("invalid number: leading zeros are not allowed");
        } else {
            while (pos_ < s_.size() && isDigit(s_[pos_]))
                ++pos_;
        }
        if (pos_ < s_.size() && s_[pos_] == '.') {
            ++pos_;
            if (pos_ >= s_.size() || !isDigit(s_[pos_]))
                fail("invalid number: expected a digit after the decimal point");
            while (pos_ < s_.size() && isDigit(s_[pos_]))
                ++pos_;
        }
        if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
            ++pos_;
            if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-'))
                ++pos_;
            if (pos_ >= s_.size() || !isDigit(s_[pos_]))
                fail("invalid number: expected a digit in the exponent");
            while (pos_ < s_.size() && isDigit(s_[pos_]))
                ++pos_;
        }
        out.type = Json::Type::Number;
        out.text = s_.substr(start, pos_ - start);
    }

    unsigned parseHex4()
    {
        if (s_.size() - pos_ < 4)
            fail("truncated \\u escape");
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hexValue(s_[pos_]);
            if (h < 0)
                fail("invalid hex digit in \\u escape");
            v = (v << 4) | static_cast<unsigned>(h);
            ++pos_;
        }
        return v;
    }

    static void appendUtf8(std::string &out, unsigned cp)
    {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    // Copies one UTF-8 encoded character, rejecting malformed, overlong,
    // surrogate and out-of-range sequences.
    void copyUtf8Sequence(std::string &out)
    {
        const auto lead = static_cast<unsigned char>(s_[pos_]);
        std::size_t len = 0;
        unsigned cp = 0;
        unsigned min = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            len = 2;
            cp = lead & 0x1F;
            min = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            len = 3;
            cp = lead & 0x0F;
            min = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            len = 4;
            cp = lead & 0x07;
            min = 0x10000;
        } else {
            fail("invalid UTF-8 in string");
        }
        if (s_.size() - pos_ < len)
            fail("truncated UTF-8 sequence in string");
        for (std::size_t i = 1; i < len; ++i) {
            const auto c = static_cast<unsigned char>(s_[pos_ + i]);
            if ((c & 0xC0) != 0x80)
                fail("invalid UTF-8 in string");
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            fail("invalid UTF-8 in string (overlong, surrogate or out of range)");
        out.append(s_, pos_, len);
        pos_ += len;
    }

    void parseString(std::string &out)
    {
        ++pos_;  // opening quote
        out.clear();
        for (;;) {
            if (pos_ >= s_.size())
                fail("unterminated string");
            const auto c = static_cast<unsigned char>(s_[pos_]);
            if (c == '"') {
                ++pos_;
                return;
            }
            if (c == '\\') {
                ++pos_;
                if (pos_ >= s_.size())
                    fail("unterminated string");
                const char e = s_[pos_++];
                switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    unsigned cp = parseHex4();
                    if (cp >= 0xDC00 && cp <= 0xDFFF)
                        fail("unpaired low surrogate in \\u escape");
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (!lookingAt("\\u"))
                            fail("unpaired high surrogate in \\u escape");
                        pos_ += 2;
                        const unsigned low = parseHex4();
                        if (low < 0xDC00 || low > 0xDFFF)
                            fail("high surrogate not followed by a low surrogate");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    appendUtf8(out, cp);
                    break;
                }
                default:
                    --pos_;
                    fail("invalid escape sequence in string");
                }
                continue;
            }
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "0x%02x", c);
                fail(std::string("unescaped control character ") + buf + " in string");
            }
            if (c < 0x80) {
                out += static_cast<char>(c);
                ++pos_;
            } else {
                copyUtf8Sequence(out);
            }
        }
    }

    void parseArray(Json &out, int depth)
    {
        out.type = Json::Type::Array;
        ++pos_;
        skipWhitespace();
        if (pos_ < s_.size() && s_[pos_] == ']') {
            ++pos_;
            return;
        }
        for (;;) {
            out.elements.emplace_back();
            parseValue(out.elements.back(), depth + 1);
            skipWhitespace();
            if (pos_ >= s_.size())
                fail("unexpected end of input inside an array");
            if (s_[pos_] == ']') {
                ++pos_;
                return;
            }
            if (s_[pos_] != ',')
                fail("expected ',' or ']' in array");
            ++pos_;
            skipWhitespace();
            if (pos_ < s_.size() && s_[pos_] == ']')
                fail("trailing comma in array");
        }
    }

    void parseObject(Json &out, int depth)
    {
        out.type = Json::Type::Object;
        ++pos_;
        skipWhitespace();
        if (pos_ < s_.size() && s_[pos_] == '}') {
            ++pos_;
            return;
        }
        std::unordered_set<std::string> seen;
        for (;;) {
            if (pos_ >= s_.size())
                fail("unexpected end of input inside an object");
            if (s_[pos_] == '}')
                fail("trailing comma in object");
            if (s_[pos_] != '"')
                fail("expected a double-quoted member name");
            const std::size_t keyOffset = pos_;
            std::string key;
            parseString(key);
            if (!seen.insert(key).second) {
                pos_ = keyOffset;
                fail("duplicate member name " + quote(key));
            }
            skipWhitespace();
            if (pos_ >= s_.size() || s_[pos_] != ':')
                fail("expected ':' after member name");
            ++pos_;
            skipWhitespace();
            out.keys.push_back(std::move(key));
            out.elements.emplace_back();
            parseValue(out.elements.back(), depth + 1);
            skipWhitespace();
            if (pos_ >= s_.size())
                fail("unexpected end of input inside an object");
            if (s_[pos_] == '}') {
                ++pos_;
                return;
            }
            if (s_[pos_] != ',')
                fail("expected ',' or '}' in object");
            ++pos_;
            skipWhitespace();
        }
    }

    const std::string &s_;
    std::size_t pos_ = 0;
    std::string error_;
};

void writeJsonString(const std::string &s, std::string &out)
{
    out += '"';
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

void writeJson(const Json &v, std::string &out)
{
    switch (v.type) {
    case Json::Type::Null: out += "null"; break;
    case Json::Type::Bool: out += v.boolean ? "true" : "false"; break;
    case Json::Type::Number: out += v.text; break;
    case Json::Type::String: writeJsonString(v.text, out); break;
    case Json::Type::Array:
        out += '[';
        for (std::size_t i = 0; i < v.elements.size(); ++i) {
            if (i)
                out += ',';
            writeJson(v.elements[i], out);
        }
        out += ']';
        break;
    case Json::Type::Object:
        out += '{';
        for (std::size_t i = 0; i < v.elements.size(); ++i) {
            if (i)
                out += ',';
            writeJsonString(v.keys[i], out);
            out += ':';
            writeJson(v.elements[i], out);
        }
        out += '}';
        break;
    }
}

// ---------------------------------------------------------------------------
// Schema loading
// ---------------------------------------------------------------------------

const char *const kServiceFiles[] = {
    "opentelemetry/proto/collector/trace/v1/trace_service.proto",
    "opentelemetry/proto/collector/metrics/v1/metrics_service.proto",
    "opentelemetry/proto/collector/logs/v1/logs_service.proto",
};

class PoolErrors : public pb::DescriptorPool::ErrorCollector
{
public:
    void AddError(const std::string &filename, const std::string &element, const pb::Message *, ErrorLocation,
                  const std::string &message) override
    {
        text += filename + ": " + element + ": " + message + "\n";
    }
    std::string text;
};

#if OTLP_VALIDATE_HAVE_IMPORTER

class ImportErrors : public pb::compiler::MultiFileErrorCollector
{
public:
    void AddError(const std::string &filename, int line, int column, const std::string &message) override
    {
        if (line < 0)
            text += filename + ": " + message + "\n";
        else
            text += filename + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " + message + "\n";
    }
    std::string text;
};

#else  // !OTLP_VALIDATE_HAVE_IMPORTER

// This protobuf installation has no <google/protobuf/compiler/importer.h>
// (Debian ships it in libprotoc-dev, not libprotobuf-dev).  The .proto files
// are then read by the small parser below, which understands the proto3 subset
// our schema files use, and turned into FileDescriptorProtos for a
// DescriptorPool; the pool resolves type names and checks the schema exactly as
// it does for protoc's output.  Options other than json_name, deprecated and
// packed (fields) and allow_alias (enums) do not affect the JSON mapping and are
// skipped.

struct ProtoSyntaxError
{
    std::string message;
};

struct ProtoToken
{
    enum Kind { End, Ident, Int, Float, String, Symbol };
    Kind kind = End;
    std::string text;
    int line = 0;
    int column = 0;
};

class ProtoParser
{
public:
    ProtoParser(std::string fileName, const std::string &source) : file_(std::move(fileName)) { tokenize(source); }

    void parse(pb::FileDescriptorProto &out)
    {
        out.set_name(file_);
        bool sawSyntax = false;
        while (peek().kind != ProtoToken::End) {
            if (acceptSymbol(';'))
                continue;
            if (acceptIdent("syntax")) {
                expectSymbol('=');
                const std::string syntax = expectString();
                if (syntax != "proto3")
                    fail("only proto3 files are supported, not " + quote(syntax));
                out.set_syntax(syntax);
                expectSymbol(';');
                sawSyntax = true;
            } else if (acceptIdent("package")) {
                out.set_package(fullIdent());
                expectSymbol(';');
            } else if (acceptIdent("import")) {
                bool isPublic = false;
                if (acceptIdent("public"))
                    isPublic = true;
                else if (acceptIdent("weak"))
                    fail("weak imports are not supported");
                out.add_dependency(expectString());
                if (isPublic)
                    out.add_public_dependency(out.dependency_size() - 1);
                expectSymbol(';');
            } else if (acceptIdent("option")) {
                skipOptionStatement();
            } else if (acceptIdent("message")) {
                parseMessage(*out.add_message_type());
            } else if (acceptIdent("enum")) {
                parseEnum(*out.add_enum_type());
            } else if (acceptIdent("service")) {
                parseService(*out.add_service());
            } else {
                fail("unexpected " + describe(peek()) + " at file level");
            }
        }
        if (!sawSyntax)
            fail("missing 'syntax = \"proto3\";'");
    }

private:
    [[noreturn]] void fail(const std::string &message) const
    {
        const ProtoToken &t = peek();
        throw ProtoSyntaxError{file_ + ":" + std::to_string(t.line) + ":" + std::to_string(t.column) + ": " + message};
    }

    static std::string describe(const ProtoToken &t)
    {
        switch (t.kind) {
        case ProtoToken::End: return "end of file";
        case ProtoToken::String: return "string " + quote(t.text);
        default: return "'" + t.text + "'";
        }
    }

    void tokenize(const std::string &src)
    {
        std::size_t i = 0;
        int line = 1;
        std::size_t lineStart = 0;
        auto error = [&](const std::string &message) {
            throw ProtoSyntaxError{file_ + ":" + std::to_string(line) + ":" + std::to_string(i - lineStart + 1) + ": "
                                   + message};
        };
        while (i < src.size()) {
            const char c = src[i];
            if (c == '\n') {
                ++i;
                ++line;
                lineStart = i;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
                ++i;
                continue;
            }
            if (c == '/' && i + 1 < src.size() && src[i + 1] == '/') {
                while (i < src.size() && src[i] != '\n')
                    ++i;
                continue;
            }
            if (c == '/' && i + 1 < src.size() && src[i + 1] == '*') {
                i += 2;
                for (;;) {
                    if (i + 1 >= src.size())
                        error("unterminated block comment");
                    if (src[i] == '*' && src[i + 1] == '/') {
                        i += 2;
                        break;
                    }
                    if (src[i] == '\n') {
                        ++line;
                        lineStart = i + 1;
                    }
                    ++i;
                }
                continue;
            }
            ProtoToken t;
            t.line = line;
            t.column = static_cast<int>(i - lineStart + 1);
            const auto uc = static_cast<unsigned char>(c);
            if (std::isalpha(uc) || c == '_') {
                const std::size_t start = i;
                while (i < src.size() && (std::isalnum(static_cast<unsigned char>(src[i])) || src[i] == '_'))
                    ++i;
                t.kind = ProtoToken::Ident;
                t.text = src.substr(start, i - start);
            } else if (isDigit(c)) {
                const std::size_t start = i;
                bool isFloat = false;
                while (i < src.size()
                       && (std::isalnum(static_cast<unsigned char>(src[i])) || src[i] == '.'
                           || ((src[i] == '+' || src[i] == '-') && (src[i - 1] == 'e' || src[i - 1] == 'E')
                               && !(src[start] == '0' && start + 1 < src.size()
                                    && (src[start + 1] == 'x' || src[start + 1] == 'X'))))) {
                    if (src[i] == '.')
                        isFloat = true;
                    ++i;
                }
                t.text = src.substr(start, i - start);
                const bool hex = t.text.size() > 1 && (t.text[1] == 'x' || t.text[1] == 'X');
                if (!hex && (t.text.find_first_of("eE") != std::string::npos))
                    isFloat = true;
                t.kind = isFloat ? ProtoToken::Float : ProtoToken::Int;
            } else if (c == '"' || c == '\'') {
                const char q = c;
                ++i;
                t.kind = ProtoToken::String;
                for (;;) {
                    if (i >= src.size() || src[i] == '\n')
                        error("unterminated string literal");
                    if (src[i] == q) {
                        ++i;
                        break;
                    }
                    if (src[i] == '\\') {
                        if (i + 1 >= src.size())
                            error("unterminated string literal");
                        const char e = src[i + 1];
                        switch (e) {
                        case 'n': t.text += '\n'; break;
                        case 't': t.text += '\t'; break;
                        case 'r': t.text += '\r'; break;
                        case '\\': t.text += '\\'; break;
                        case '\'': t.text += '\''; break;
                        case '"': t.text += '"'; break;
                        default: error("unsupported escape sequence in string literal");
                        }
                        i += 2;
                        continue;
                    }
                    t.text += src[i++];
                }
            } else if (std::strchr("{}[]()<>;=,.-+:", c) != nullptr && c != '\0') {
                t.kind = ProtoToken::Symbol;
                t.text = std::string(1, c);
                ++i;
            } else {
                error("unexpected character in .proto file");
            }
            tokens_.push_back(std::move(t));
        }
        ProtoToken end;
        end.line = line;
        end.column = static_cast<int>(i - lineStart + 1);
        tokens_.push_back(end);
    }

    const ProtoToken &peek(std::size_t ahead = 0) const
    {
        const std::size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
        return tokens_[i];
    }
    void advance()
    {
        if (pos_ + 1 < tokens_.size())
            ++pos_;
    }
    bool isSymbol(char c, std::size_t ahead = 0) const
    {
        const ProtoToken &t = peek(ahead);
        return t.kind == ProtoToken::Symbol && t.text[0] == c;
    }
    bool isIdent(const char *word, std::size_t ahead = 0) const
    {
        const ProtoToken &t = peek(ahead);
        return t.kind == ProtoToken::Ident && t.text == word;
    }
    bool acceptSymbol(char c)
    {
        if (!isSymbol(c))
            return false;
        advance();
        return true;
    }
    bool acceptIdent(const char *word)
    {
        if (!isIdent(word))
            return false;
        advance();
        return true;
    }
    void expectSymbol(char c)
    {
        if (!acceptSymbol(c))
            fail(std::string("expected '") + c + "', found " + describe(peek()));
    }
    std::string expectIdent()
    {
        if (peek().kind != ProtoToken::Ident)
            fail("expected an identifier, found " + describe(peek()));
        std::string s = peek().text;
        advance();
        return s;
    }
    std::string expectString()
    {
        if (peek().kind != ProtoToken::String)
            fail("expected a string literal, found " + describe(peek()));
        std::string s = peek().text;
        advance();
        // Adjacent string literals are concatenated, as in protoc.
        while (peek().kind == ProtoToken::String) {
            s += peek().text;
            advance();
        }
        return s;
    }
    std::string fullIdent()
    {
        std::string s;
        if (acceptSymbol('.'))
            s = ".";
        s += expectIdent();
        while (acceptSymbol('.'))
            s += "." + expectIdent();
        return s;
    }
    std::int64_t intLiteral(bool allowNegative)
    {
        bool negative = false;
        if (allowNegative && acceptSymbol('-'))
            negative = true;
        if (peek().kind != ProtoToken::Int)
            fail("expected an integer, found " + describe(peek()));
        const std::string &text = peek().text;
        errno = 0;
        char *end = nullptr;
        const unsigned long long v = std::strtoull(text.c_str(), &end, 0);
        if (errno != 0 || end == nullptr || *end != '\0' || v > 0xFFFFFFFFull)
            fail("invalid or out-of-range integer '" + text + "'");
        advance();
        const auto sv = static_cast<std::int64_t>(v);
        return negative ? -sv : sv;
    }

    // Parses an option value; returns its text (strings decoded).
    std::string constant(ProtoToken::Kind *kindOut = nullptr)
    {
        const ProtoToken &t = peek();
        if (kindOut)
            *kindOut = t.kind;
        if (t.kind == ProtoToken::String)
            return expectString();
        if (t.kind == ProtoToken::Ident)
            return fullIdent();
        if (isSymbol('-') || isSymbol('+')) {
            std::string sign = peek().text;
            advance();
            if (peek().kind != ProtoToken::Int && peek().kind != ProtoToken::Float && peek().kind != ProtoToken::Ident)
                fail("expected a number after sign");
            if (kindOut)
                *kindOut = peek().kind;
            std::string s = sign + peek().text;
            advance();
            return s;
        }
        if (t.kind == ProtoToken::Int || t.kind == ProtoToken::Float) {
            std::string s = t.text;
            advance();
            return s;
        }
        if (isSymbol('{'))
            fail("aggregate option values are not supported");
        fail("expected an option value, found " + describe(t));
    }

    std::string optionName()
    {
        std::string name;
        if (acceptSymbol('(')) {
            name = "(" + fullIdent() + ")";
            expectSymbol(')');
        } else {
            name = expectIdent();
        }
        while (acceptSymbol('.'))
            name += "." + expectIdent();
        return name;
    }

    static bool boolValue(const std::string &v, bool &out)
    {
        if (v == "true") {
            out = true;
            return true;
        }
        if (v == "false") {
            out = false;
            return true;
        }
        return false;
    }

    // "option name = value;" after the 'option' keyword; the value is ignored.
    void skipOptionStatement()
    {
        optionName();
        expectSymbol('=');
        constant();
        expectSymbol(';');
    }

    void parseFieldOptions(pb::FieldDescriptorProto &field)
    {
        do {
            const std::string name = optionName();
            expectSymbol('=');
            ProtoToken::Kind kind = ProtoToken::End;
            const std::string value = constant(&kind);
            bool flag = false;
            if (name == "json_name") {
                if (kind != ProtoToken::String)
                    fail("json_name must be a string");
                field.set_json_name(value);
            } else if (name == "deprecated" && boolValue(value, flag)) {
                field.mutable_options()->set_deprecated(flag);
            } else if (name == "packed" && boolValue(value, flag)) {
                field.mutable_options()->set_packed(flag);
            } else {
                fail("unsupported field option '" + name + "'");
            }
        } while (acceptSymbol(','));
        expectSymbol(']');
    }

    static bool scalarType(const std::string &name, pb::FieldDescriptorProto::Type &type)
    {
        static const std::map<std::string, pb::FieldDescriptorProto::Type> types = {
            {"double", pb::FieldDescriptorProto::TYPE_DOUBLE},     {"float", pb::FieldDescriptorProto::TYPE_FLOAT},
            {"int64", pb::FieldDescriptorProto::TYPE_INT64},       {"uint64", pb::FieldDescriptorProto::TYPE_UINT64},
            {"int32", pb::FieldDescriptorProto::TYPE_INT32},       {"fixed64", pb::FieldDescriptorProto::TYPE_FIXED64},
            {"fixed32", pb::FieldDescriptorProto::TYPE_FIXED32},   {"bool", pb::FieldDescriptorProto::TYPE_BOOL},
            {"string", pb::FieldDescriptorProto::TYPE_STRING},     {"bytes", pb::FieldDescriptorProto::TYPE_BYTES},
            {"uint32", pb::FieldDescriptorProto::TYPE_UINT32},     {"sfixed32", pb::FieldDescriptorProto::TYPE_SFIXED32},
            {"sfixed64", pb::FieldDescriptorProto::TYPE_SFIXED64}, {"sint32", pb::FieldDescriptorProto::TYPE_SINT32},
            {"sint64", pb::FieldDescriptorProto::TYPE_SINT64},
        };
        const auto it = types.find(name);
        if (it == types.end())
            return false;
        type = it->second;
        return true;
    }

    // Parses "[repeated|optional] type name = number [options];".  Fields of a
    // oneof pass the oneof's index and may not carry a label.
    void parseField(pb::DescriptorProto &message, int oneofIndex, std::vector<int> &proto3Optional)
    {
        auto label = pb::FieldDescriptorProto::LABEL_OPTIONAL;
        bool isProto3Optional = false;
        if (isIdent("repeated") || isIdent("optional") || isIdent("required")) {
            if (oneofIndex >= 0)
                fail("fields in a oneof must not have a label");
            if (isIdent("required"))
                fail("'required' is not allowed in proto3");
            if (isIdent("repeated"))
                label = pb::FieldDescriptorProto::LABEL_REPEATED;
            else
                isProto3Optional = true;
            advance();
        }
        if (isIdent("map") && isSymbol('<', 1))
            fail("map fields are not supported");
        if (isIdent("group"))
            fail("groups are not supported");
        const std::string typeName = fullIdent();
        pb::FieldDescriptorProto &field = *message.add_field();
        field.set_label(label);
        pb::FieldDescriptorProto::Type type;
        if (scalarType(typeName, type))
            field.set_type(type);
        else
            field.set_type_name(typeName);
        field.set_name(expectIdent());
        expectSymbol('=');
        const std::int64_t number = intLiteral(false);
        if (number < 1 || number > 536870911)
            fail("field number out of range");
        field.set_number(static_cast<int>(number));
        if (acceptSymbol('['))
            parseFieldOptions(field);
        expectSymbol(';');
        if (oneofIndex >= 0)
            field.set_oneof_index(oneofIndex);
        if (isProto3Optional) {
            field.set_proto3_optional(true);
            proto3Optional.push_back(message.field_size() - 1);
        }
    }

    void parseReserved(pb::DescriptorProto *message, pb::EnumDescriptorProto *enumType)
    {
        do {
            if (peek().kind == ProtoToken::String) {
                const std::string name = expectString();
                if (message)
                    message->add_reserved_name(name);
                else
                    enumType->add_reserved_name(name);
                continue;
            }
            const std::int64_t start = intLiteral(enumType != nullptr);
            std::int64_t end = start;
            if (acceptIdent("to")) {
                if (acceptIdent("max"))
                    end = message ? 536870911 : std::numeric_limits<std::int32_t>::max();
                else
                    end = intLiteral(enumType != nullptr);
            }
            if (message) {
                auto *range = message->add_reserved_range();
                range->set_start(static_cast<int>(start));
                range->set_end(static_cast<int>(end + 1));  // exclusive for messages
            } else {
                auto *range = enumType->add_reserved_range();
                range->set_start(static_cast<int>(start));
                range->set_end(static_cast<int>(end));  // inclusive for enums
            }
        } while (acceptSymbol(','));
        expectSymbol(';');
    }

    void parseMessage(pb::DescriptorProto &message)
    {
        if (++nesting_ > kMaxNesting)
            fail("messages nested too deeply");
        message.set_name(expectIdent());
        expectSymbol('{');
        std::vector<int> proto3Optional;
        while (!acceptSymbol('}')) {
            if (peek().kind == ProtoToken::End)
                fail("unexpected end of file in message " + message.name());
            if (acceptSymbol(';'))
                continue;
            if (isIdent("message") && peek(1).kind == ProtoToken::Ident && isSymbol('{', 2)) {
                advance();
                parseMessage(*message.add_nested_type());
            } else if (isIdent("enum") && peek(1).kind == ProtoToken::Ident && isSymbol('{', 2)) {
                advance();
                parseEnum(*message.add_enum_type());
            } else if (isIdent("oneof") && peek(1).kind == ProtoToken::Ident && isSymbol('{', 2)) {
                advance();
                const int index = message.oneof_decl_size();
                message.add_oneof_decl()->set_name(expectIdent());
                expectSymbol('{');
                while (!acceptSymbol('}')) {
                    if (peek().kind == ProtoToken::End)
                        fail("unexpected end of file in oneof");
                    if (acceptSymbol(';'))
                        continue;
                    if (acceptIdent("option")) {
                        skipOptionStatement();
                        continue;
                    }
                    parseField(message, index, proto3Optional);
                }
            } else if (isIdent("reserved") && !isSymbol('=', 2)) {
                advance();
                parseReserved(&message, nullptr);
            } else if (isIdent("option") && !isSymbol('=', 2)) {
                advance();
                skipOptionStatement();
            } else if (isIdent("extensions") || isIdent("extend")) {
                fail("extensions are not supported");
            } else {
                parseField(message, -1, proto3Optional);
            }
        }
        // Synthetic oneofs for proto3 'optional' fields come after all real ones.
        for (int fieldIndex : proto3Optional) {
            pb::FieldDescriptorProto *field = message.mutable_field(fieldIndex);
            field->set_oneof_index(message.oneof_decl_size());
            message.add_oneof_decl()->set_name("_" + field->name());
        }
        --nesting_;
    }

    void parseEnum(pb::EnumDescriptorProto &enumType)
    {
        enumType.set_name(expectIdent());
        expectSymbol('{');
        while (!acceptSymbol('}')) {
            if (peek().kind == ProtoToken::End)
                fail("unexpected end of file in enum " + enumType.name());
            if (acceptSymbol(';'))
                continue;
            if (isIdent("option") && !isSymbol('=', 1)) {
                advance();
                const std::string name = optionName();
                expectSymbol('=');
                const std::string value = constant();
                bool flag = false;
                if (name == "allow_alias" && boolValue(value, flag))
                    enumType.mutable_options()->set_allow_alias(flag);
                expectSymbol(';');
                continue;
            }
            if (isIdent("reserved") && !isSymbol('=', 1)) {
                advance();
                parseReserved(nullptr, &enumType);
                continue;
            }
            pb::EnumValueDescriptorProto &value = *enumType.add_value();
            value.set_name(expectIdent());
            expectSymbol('=');
            const std::int64_t number = intLiteral(true);
            if (number < std::numeric_limits<std::int32_t>::min() || number > std::numeric_limits<std::int32_t>::max())
                fail("enum value out of range");
            value.set_number(static_cast<int>(number));
            if (acceptSymbol('[')) {
                do {
                    const std::string name = optionName();
                    expectSymbol('=');
                    const std::string optionValue = constant();
                    bool flag = false;
                    if (name == "deprecated" && boolValue(optionValue, flag))
                        value.mutable_options()->set_deprecated(flag);
                    else
                        fail("unsupported enum value option '" + name + "'");
                } while (acceptSymbol(','));
                expectSymbol(']');
            }
            expectSymbol(';');
        }
    }

    void parseService(pb::ServiceDescriptorProto &service)
    {
        service.set_name(expectIdent());
        expectSymbol('{');
        while (!acceptSymbol('}')) {
            if (peek().kind == ProtoToken::End)
                fail("unexpected end of file in service " + service.name());
            if (acceptSymbol(';'))
                continue;
            if (acceptIdent("option")) {
                skipOptionStatement();
                continue;
            }
            if (!acceptIdent("rpc"))
                fail("expected 'rpc', found " + describe(peek()));
            pb::MethodDescriptorProto &method = *service.add_method();
            method.set_name(expectIdent());
            expectSymbol('(');
            if (isIdent("stream") && peek(1).kind == ProtoToken::Ident) {
                advance();
                method.set_client_streaming(true);
            }
            method.set_input_type(fullIdent());
            expectSymbol(')');
            if (!acceptIdent("returns"))
                fail("expected 'returns'");
            expectSymbol('(');
            if (isIdent("stream") && peek(1).kind == ProtoToken::Ident) {
                advance();
                method.set_server_streaming(true);
            }
            method.set_output_type(fullIdent());
            expectSymbol(')');
            if (acceptSymbol('{')) {
                method.mutable_options();  // protoc records an (empty) options block here
                while (!acceptSymbol('}')) {
                    if (peek().kind == ProtoToken::End)
                        fail("unexpected end of file in rpc");
                    if (acceptSymbol(';'))
                        continue;
                    if (!acceptIdent("option"))
                        fail("expected 'option' in rpc body");
                    skipOptionStatement();
                }
            } else {
                expectSymbol(';');
            }
        }
    }

    static constexpr int kMaxNesting = 64;

    std::string file_;
    std::vector<ProtoToken> tokens_;
    std::size_t pos_ = 0;
    int nesting_ = 0;
};

// Loads a .proto file and, first, everything it imports into the pool.
class BuiltinProtoLoader
{
public:
    BuiltinProtoLoader(std::string root, pb::DescriptorPool &pool) : root_(std::move(root)), pool_(pool) {}

    bool load(const std::string &name, std::string &error)
    {
        if (pool_.FindFileByName(name) != nullptr)
            return true;
        if (name.empty() || name[0] == '/' || name.find("..") != std::string::npos || name.find('\\') != std::string::npos) {
            error = "refusing to load import path " + quote(name);
            return false;
        }
        if (!loading_.insert(name).second) {
            error = name + ": import cycle";
            return false;
        }
        std::string source;
        if (!readWholeFile(root_ + "/" + name, source, error))
            return false;
        pb::FileDescriptorProto proto;
        try {
            ProtoParser(name, source).parse(proto);
        } catch (const ProtoSyntaxError &e) {
            error = e.message;
            return false;
        }
        for (const std::string &dependency : proto.dependency()) {
            if (!load(dependency, error)) {
                error = name + ": while importing " + dependency + ":\n" + error;
                return false;
            }
        }
        PoolErrors errors;
        if (pool_.BuildFileCollectingErrors(proto, &errors) == nullptr) {
            error = errors.text.empty() ? name + ": invalid schema" : errors.text;
            return false;
        }
        loading_.erase(name);
        return true;
    }

private:
    std::string root_;
    pb::DescriptorPool &pool_;
    std::set<std::string> loading_;
};

#endif  // OTLP_VALIDATE_HAVE_IMPORTER

class Schema
{
public:
    bool load(const std::string &dir, std::string &error)
    {
#if OTLP_VALIDATE_HAVE_IMPORTER
        tree_ = std::make_unique<pb::compiler::DiskSourceTree>();
        tree_->MapPath("", dir);
        importErrors_ = std::make_unique<ImportErrors>();
        importer_ = std::make_unique<pb::compiler::Importer>(tree_.get(), importErrors_.get());
        for (const char *file : kServiceFiles) {
            if (importer_->Import(file) == nullptr) {
                error = importErrors_->text.empty() ? std::string("cannot import ") + file : importErrors_->text;
                return false;
            }
        }
        pool_ = importer_->pool();
#else
        ownPool_ = std::make_unique<pb::DescriptorPool>();
        BuiltinProtoLoader loader(dir, *ownPool_);
        for (const char *file : kServiceFiles) {
            if (!loader.load(file, error))
                return false;
        }
        pool_ = ownPool_.get();
#endif
        factory_ = std::make_unique<pb::DynamicMessageFactory>(pool_);
        return true;
    }

    const pb::Descriptor *message(const std::string &fullName) const { return pool_->FindMessageTypeByName(fullName); }
    const pb::DescriptorPool *pool() const { return pool_; }
    pb::MessageFactory &factory() { return *factory_; }

    static const char *loaderName()
    {
#if OTLP_VALIDATE_HAVE_IMPORTER
        return "google::protobuf::compiler::Importer";
#else
        return "built-in .proto parser (protobuf compiler headers not available)";
#endif
    }

private:
#if OTLP_VALIDATE_HAVE_IMPORTER
    std::unique_ptr<pb::compiler::DiskSourceTree> tree_;
    std::unique_ptr<ImportErrors> importErrors_;
    std::unique_ptr<pb::compiler::Importer> importer_;
#else
    std::unique_ptr<pb::DescriptorPool> ownPool_;
#endif
    const pb::DescriptorPool *pool_ = nullptr;
    std::unique_ptr<pb::DynamicMessageFactory> factory_;
};

// ---------------------------------------------------------------------------
// OTLP checks
// ---------------------------------------------------------------------------

const std::string kKeyValue = "opentelemetry.proto.common.v1.KeyValue";
const std::string kSpan = "opentelemetry.proto.trace.v1.Span";
const std::string kLink = "opentelemetry.proto.trace.v1.Span.Link";
const std::string kLogRecord = "opentelemetry.proto.logs.v1.LogRecord";
const std::string kMetric = "opentelemetry.proto.metrics.v1.Metric";
const std::string kSum = "opentelemetry.proto.metrics.v1.Sum";
const std::string kHistogram = "opentelemetry.proto.metrics.v1.Histogram";
const std::string kExpHistogram = "opentelemetry.proto.metrics.v1.ExponentialHistogram";
const std::string kNumberPoint = "opentelemetry.proto.metrics.v1.NumberDataPoint";
const std::string kHistogramPoint = "opentelemetry.proto.metrics.v1.HistogramDataPoint";
const std::string kExpHistogramPoint = "opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint";
const std::string kSummaryPoint = "opentelemetry.proto.metrics.v1.SummaryDataPoint";

std::string pointerJoin(const std::string &base, const std::string &key)
{
    std::string out = base;
    out += '/';
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

std::string pointerJoin(const std::string &base, std::size_t index) { return base + "/" + std::to_string(index); }

bool isLowerCamelCase(const std::string &key)
{
    if (key.empty() || !(key[0] >= 'a' && key[0] <= 'z'))
        return false;
    return std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c);
    });
}

bool isIntegerToken(const std::string &number)
{
    return number.find_first_of(".eE") == std::string::npos;
}

struct Problem
{
    std::string pointer;
    std::string message;
};

class OtlpChecker
{
public:
    explicit OtlpChecker(std::vector<Problem> &problems) : problems_(problems) {}

    // Checks a JSON value that must encode message type `type`.  Hex ids are
    // rewritten in place to base64 so that protobuf sees the right bytes.
    void checkMessage(Json &value, const pb::Descriptor *type, const std::string &pointer)
    {
        if (value.type != Json::Type::Object) {
            report(pointer, "expected a JSON object (" + type->full_name() + "), found " + typeName(value.type));
            return;
        }
        std::map<const pb::OneofDescriptor *, std::string> oneofSeen;
        for (std::size_t i = 0; i < value.keys.size(); ++i) {
            const std::string &key = value.keys[i];
            const std::string where = pointerJoin(pointer, key);
            const pb::FieldDescriptor *field = fieldByJsonName(type, key);
            if (field == nullptr) {
                field = type->FindFieldByName(key);
                if (field != nullptr) {
                    report(where, "field must be written in lowerCamelCase as " + quote(field->json_name()) + ", not "
                                      + quote(key));
                } else if (!isLowerCamelCase(key)) {
                    report(where, "key " + quote(key) + " is not lowerCamelCase and is not a field of " + type->full_name());
                    continue;
                } else {
                    report(where, "unknown field " + quote(key) + " in " + type->full_name());
                    continue;
                }
            }
            Json &fieldValue = value.elements[i];
            if (fieldValue.type == Json::Type::Null) {
                // proto3 JSON reads null as "not set", but an OTLP exporter
                // omits unset fields; null usually means NaN/Infinity or an
                // undefined value was serialized by mistake.
                report(where, "null is not allowed for " + quote(field->json_name())
                                  + "; omit the field instead (null usually comes from serializing NaN, Infinity "
                                    "or an undefined value)");
                continue;
            }
            if (const pb::OneofDescriptor *oneof = field->real_containing_oneof()) {
                const auto seen = oneofSeen.find(oneof);
                if (seen != oneofSeen.end()) {
                    report(where, "fields " + quote(seen->second) + " and " + quote(key) + " both set; they belong to oneof "
                                      + quote(oneof->name()) + " of " + type->full_name());
                } else {
                    oneofSeen.emplace(oneof, key);
                }
            }
            if (field->is_map()) {
                if (fieldValue.type != Json::Type::Object)
                    report(where, "map field must be a JSON object, found " + std::string(typeName(fieldValue.type)));
            } else if (field->is_repeated()) {
                if (fieldValue.type != Json::Type::Array) {
                    report(where, "repeated field must be a JSON array, found " + std::string(typeName(fieldValue.type)));
                    continue;
                }
                for (std::size_t j = 0; j < fieldValue.elements.size(); ++j) {
                    Json &element = fieldValue.elements[j];
                    if (element.type == Json::Type::Null)
                        report(pointerJoin(where, j), "null is not allowed as an element of a repeated field");
                    else
                        checkValue(element, field, pointerJoin(where, j));
                }
                if (field->message_type() != nullptr && field->message_type()->full_name() == kKeyValue)
                    checkKeyValueList(fieldValue, field->message_type(), where);
            } else {
                checkValue(fieldValue, field, where);
            }
        }
        checkSemantics(value, type, pointer);
    }

    std::size_t items() const { return items_; }

private:
    void report(const std::string &pointer, const std::string &message) { problems_.push_back({pointer, message}); }

    static const pb::FieldDescriptor *fieldByJsonName(const pb::Descriptor *type, const std::string &key)
    {
        for (int i = 0; i < type->field_count(); ++i) {
            if (type->field(i)->json_name() == key)
                return type->field(i);
        }
        return nullptr;
    }

    // The JSON member holding proto field `name`, accepting the (reported)
    // proto spelling too so that one mistake does not cause follow-up errors.
    static const Json *member(const Json &object, const pb::Descriptor *type, const char *name, std::string *key = nullptr)
    {
        const pb::FieldDescriptor *field = type->FindFieldByName(name);
        if (field == nullptr || object.type != Json::Type::Object)
            return nullptr;
        for (std::size_t i = 0; i < object.keys.size(); ++i) {
            if (object.keys[i] == field->json_name() || object.keys[i] == field->name()) {
                if (object.elements[i].type == Json::Type::Null)
                    return nullptr;
                if (key)
                    *key = object.keys[i];
                return &object.elements[i];
            }
        }
        if (key)
            *key = field->json_name();
        return nullptr;
    }

    static bool u64Member(const Json &object, const pb::Descriptor *type, const char *name, std::uint64_t &out)
    {
        const Json *v = member(object, type, name);
        if (v == nullptr) {
            out = 0;
            return true;  // absent: proto3 default
        }
        return v->type == Json::Type::String && parseU64(v->text, out);
    }

    void checkValue(Json &value, const pb::FieldDescriptor *field, const std::string &pointer)
    {
        const std::string name = quote(field->json_name());
        switch (field->type()) {
        case pb::FieldDescriptor::TYPE_MESSAGE:
        case pb::FieldDescriptor::TYPE_GROUP:
            checkMessage(value, field->message_type(), pointer);
            return;
        case pb::FieldDescriptor::TYPE_ENUM: {
            if (value.type == Json::Type::String) {
                std::string hint;
                if (const pb::EnumValueDescriptor *ev = field->enum_type()->FindValueByName(value.text))
                    hint = " (write " + std::to_string(ev->number()) + ")";
                report(pointer, "enum field " + name + " must be a JSON integer, not the string " + quote(value.text) + hint);
                return;
            }
            std::int64_t n = 0;
            if (value.type != Json::Type::Number || !isIntegerToken(value.text) || !parseI64(value.text, n)
                || n < std::numeric_limits<std::int32_t>::min() || n > std::numeric_limits<std::int32_t>::max()) {
                report(pointer, "enum field " + name + " must be a JSON integer, found "
                                    + (value.type == Json::Type::Number ? value.text : std::string(typeName(value.type))));
                return;
            }
            if (field->enum_type()->FindValueByNumber(static_cast<int>(n)) == nullptr)
                report(pointer, std::to_string(n) + " is not a defined value of " + field->enum_type()->full_name());
            return;
        }
        case pb::FieldDescriptor::TYPE_INT64:
        case pb::FieldDescriptor::TYPE_SINT64:
        case pb::FieldDescriptor::TYPE_SFIXED64:
        case pb::FieldDescriptor::TYPE_UINT64:
        case pb::FieldDescriptor::TYPE_FIXED64: {
            const bool isSigned = field->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT64;
            if (value.type != Json::Type::String) {
                report(pointer, "64-bit integer field " + name + " must be a JSON string of decimal digits (e.g. \"123\"), found "
                                    + (value.type == Json::Type::Number ? "the number " + value.text
                                                                        : std::string(typeName(value.type))));
                return;
            }
            std::int64_t s = 0;
            std::uint64_t u = 0;
            const bool ok = isSigned ? parseI64(value.text, s) : parseU64(value.text, u);
            if (!ok) {
                report(pointer, "64-bit integer field " + name + " must be a string of decimal digits"
                                    + (isSigned ? " with an optional leading '-'" : "") + " within range, found "
                                    + quote(value.text));
            }
            return;
        }
        case pb::FieldDescriptor::TYPE_INT32:
        case pb::FieldDescriptor::TYPE_SINT32:
        case pb::FieldDescriptor::TYPE_SFIXED32:
        case pb::FieldDescriptor::TYPE_UINT32:
        case pb::FieldDescriptor::TYPE_FIXED32: {
            const bool isSigned = field->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT32;
            std::int64_t n = 0;
            const bool ok = value.type == Json::Type::Number && isIntegerToken(value.text) && parseI64(value.text, n)
                && (isSigned ? (n >= std::numeric_limits<std::int32_t>::min() && n <= std::numeric_limits<std::int32_t>::max())
                             : (n >= 0 && n <= static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max())));
            if (!ok) {
                report(pointer, std::string(isSigned ? "32-bit integer" : "unsigned 32-bit integer") + " field " + name
                                    + " must be a JSON integer number within range, found "
                                    + (value.type == Json::Type::Number ? value.text
                                                                        : value.type == Json::Type::String
                                                                            ? "the string " + quote(value.text)
                                                                            : std::string(typeName(value.type))));
            }
            return;
        }
        case pb::FieldDescriptor::TYPE_DOUBLE:
        case pb::FieldDescriptor::TYPE_FLOAT:
            if (value.type == Json::Type::Number)
                return;
            if (value.type == Json::Type::String
                && (value.text == "NaN" || value.text == "Infinity" || value.text == "-Infinity"))
                return;
            report(pointer, "floating-point field " + name
                                + " must be a JSON number or one of the strings \"NaN\", \"Infinity\", \"-Infinity\", found "
                                + (value.type == Json::Type::String ? "the string " + quote(value.text)
                                                                    : std::string(typeName(value.type))));
            return;
        case pb::FieldDescriptor::TYPE_BOOL:
            if (value.type != Json::Type::Bool)
                report(pointer, "bool field " + name + " must be true or false, found " + typeName(value.type));
            return;
        case pb::FieldDescriptor::TYPE_STRING:
            if (value.type != Json::Type::String)
                report(pointer, "string field " + name + " must be a JSON string, found " + typeName(value.type));
            return;
        case pb::FieldDescriptor::TYPE_BYTES:
            if (value.type != Json::Type::String) {
                report(pointer, "bytes field " + name + " must be a JSON string, found " + typeName(value.type));
                return;
            }
            if (field->name() == "trace_id" || field->name() == "span_id" || field->name() == "parent_span_id")
                checkAndRewriteId(value, field, pointer);
            return;
        }
    }

    // OTLP/HTTP JSON encodes trace and span ids as hex, not base64.
    void checkAndRewriteId(Json &value, const pb::FieldDescriptor *field, const std::string &pointer)
    {
        const bool isTrace = field->name() == "trace_id";
        const std::size_t hexLength = isTrace ? 32 : 16;
        const std::string &hex = value.text;
        const std::string name = field->json_name();
        if (hex.empty()) {
            const bool emptyAllowed = field->name() == "parent_span_id" || field->containing_type()->full_name() == kLogRecord;
            if (!emptyAllowed)
                report(pointer, name + " must not be empty");
            return;
        }
        if (hex.size() != hexLength) {
            report(pointer, name + " must be exactly " + std::to_string(hexLength) + " hex characters ("
                                + std::to_string(hexLength / 2) + " bytes), found " + std::to_string(hex.size())
                                + " characters: " + quote(hex, 70));
            return;
        }
        std::string bytes;
        bool allZero = true;
        for (std::size_t i = 0; i < hex.size(); i += 2) {
            const int hi = hexValue(hex[i]);
            const int lo = hexValue(hex[i + 1]);
            if (hi < 0 || lo < 0) {
                report(pointer, name + " must contain only hex digits [0-9a-fA-F], found " + quote(hex));
                return;
            }
            const auto byte = static_cast<char>((hi << 4) | lo);
            if (byte != 0)
                allZero = false;
            bytes += byte;
        }
        if (allZero) {
            report(pointer, name + " must not be all zeros (an all-zero id is invalid)");
            return;
        }
        value.text = base64Encode(bytes);
    }

    void checkKeyValueList(const Json &array, const pb::Descriptor *keyValue, const std::string &pointer)
    {
        std::map<std::string, std::size_t> firstIndex;
        for (std::size_t i = 0; i < array.elements.size(); ++i) {
            const Json &element = array.elements[i];
            if (element.type != Json::Type::Object)
                continue;  // already reported
            std::string keyName;
            const Json *key = member(element, keyValue, "key", &keyName);
            const std::string where = pointerJoin(pointerJoin(pointer, i), keyName);
            if (key == nullptr || (key->type == Json::Type::String && key->text.empty())) {
                report(where, "attribute key must not be empty");
                continue;
            }
            if (key->type != Json::Type::String)
                continue;  // already reported
            const auto inserted = firstIndex.emplace(key->text, i);
            if (!inserted.second) {
                report(where, "duplicate attribute key " + quote(key->text) + " (first used at index "
                                  + std::to_string(inserted.first->second) + ")");
            }
        }
    }

    void requirePresent(const Json &object, const pb::Descriptor *type, const char *name, const std::string &pointer)
    {
        std::string key;
        if (member(object, type, name, &key) == nullptr)
            report(pointerJoin(pointer, key), "required field " + quote(key) + " is missing");
    }

    // timeUnixNano must be set (non-zero); startTimeUnixNano, when set, must
    // not be later than it.
    void checkPointTimes(const Json &object, const pb::Descriptor *type, const std::string &pointer)
    {
        std::uint64_t start = 0;
        std::uint64_t time = 0;
        if (!u64Member(object, type, "time_unix_nano", time) || !u64Member(object, type, "start_time_unix_nano", start))
            return;  // already reported
        if (time == 0)
            report(pointerJoin(pointer, "timeUnixNano"), "data point timeUnixNano is required and must not be 0");
        else if (start > time)
            report(pointerJoin(pointer, "startTimeUnixNano"), "startTimeUnixNano " + std::to_string(start)
                                                                  + " is later than timeUnixNano " + std::to_string(time));
    }

    // Sum of a repeated u64-as-string field; false if any item is not valid.
    static bool sumCounts(const Json *array, std::uint64_t &sum, std::size_t &count, bool &overflow)
    {
        sum = 0;
        count = 0;
        overflow = false;
        if (array == nullptr)
            return true;
        if (array->type != Json::Type::Array)
            return false;
        for (const Json &item : array->elements) {
            std::uint64_t v = 0;
            if (item.type != Json::Type::String || !parseU64(item.text, v))
                return false;
            if (sum > std::numeric_limits<std::uint64_t>::max() - v)
                overflow = true;
            sum += v;
            ++count;
        }
        return true;
    }

    void checkSemantics(const Json &object, const pb::Descriptor *type, const std::string &pointer)
    {
        const std::string &name = type->full_name();
        if (name == kSpan) {
            ++items_;
            requirePresent(object, type, "trace_id", pointer);
            requirePresent(object, type, "span_id", pointer);
            std::uint64_t start = 0;
            std::uint64_t end = 0;
            if (u64Member(object, type, "start_time_unix_nano", start) && u64Member(object, type, "end_time_unix_nano", end)) {
                if (start == 0)
                    report(pointerJoin(pointer, "startTimeUnixNano"), "span startTimeUnixNano is required and must not be 0");
                if (end == 0)
                    report(pointerJoin(pointer, "endTimeUnixNano"), "span endTimeUnixNano is required and must not be 0");
                if (end < start)
                    report(pointerJoin(pointer, "endTimeUnixNano"), "endTimeUnixNano " + std::to_string(end)
                                                                        + " is earlier than startTimeUnixNano "
                                                                        + std::to_string(start));
            }
        } else if (name == kLink) {
            requirePresent(object, type, "trace_id", pointer);
            requirePresent(object, type, "span_id", pointer);
        } else if (name == kLogRecord) {
            ++items_;
        } else if (name == kMetric) {
            const Json *metricName = member(object, type, "name");
            if (metricName == nullptr || (metricName->type == Json::Type::String && metricName->text.empty()))
                report(pointerJoin(pointer, "name"), "metric name must not be empty");
            const pb::OneofDescriptor *data = type->FindOneofByName("data");
            bool hasData = false;
            for (int i = 0; data != nullptr && i < data->field_count(); ++i) {
                if (member(object, type, data->field(i)->name().c_str()) != nullptr)
                    hasData = true;
            }
            if (!hasData)
                report(pointer, "metric has no data (one of gauge, sum, histogram, exponentialHistogram, summary)");
        } else if (name == kSum || name == kHistogram || name == kExpHistogram) {
            const Json *temporality = member(object, type, "aggregation_temporality");
            if (temporality == nullptr || (temporality->type == Json::Type::Number && temporality->text == "0"))
                report(pointerJoin(pointer, "aggregationTemporality"),
                       "aggregationTemporality must be set to 1 (DELTA) or 2 (CUMULATIVE); UNSPECIFIED must not be used");
        } else if (name == kNumberPoint) {
            ++items_;
            checkPointTimes(object, type, pointer);
            std::int64_t flags = 0;
            const Json *flagsValue = member(object, type, "flags");
            if (flagsValue != nullptr && flagsValue->type == Json::Type::Number)
                parseI64(flagsValue->text, flags);
            const bool noRecordedValue = (flags & 1) != 0;
            if (!noRecordedValue && member(object, type, "as_double") == nullptr && member(object, type, "as_int") == nullptr)
                report(pointer, "number data point has no value (asDouble or asInt)");
        } else if (name == kHistogramPoint) {
            ++items_;
            checkPointTimes(object, type, pointer);
            std::uint64_t count = 0;
            std::uint64_t bucketSum = 0;
            std::size_t bucketCount = 0;
            bool overflow = false;
            const Json *bounds = member(object, type, "explicit_bounds");
            const std::size_t boundCount = bounds != nullptr && bounds->type == Json::Type::Array ? bounds->elements.size() : 0;
            if (sumCounts(member(object, type, "bucket_counts"), bucketSum, bucketCount, overflow)
                && u64Member(object, type, "count", count)) {
                if (bucketCount != 0 && bucketCount != boundCount + 1)
                    report(pointerJoin(pointer, "bucketCounts"), "bucketCounts has " + std::to_string(bucketCount)
                                                                     + " entries but explicitBounds has "
                                                                     + std::to_string(boundCount) + " (must be one more)");
                if (bucketCount == 0 && boundCount != 0)
                    report(pointerJoin(pointer, "explicitBounds"), "explicitBounds must be empty when bucketCounts is empty");
                if (bucketCount != 0 && (overflow || bucketSum != count))
                    report(pointerJoin(pointer, "count"), "count " + std::to_string(count)
                                                              + " is not the sum of bucketCounts ("
                                                              + (overflow ? std::string("overflow") : std::to_string(bucketSum))
                                                              + ")");
            }
            if (bounds != nullptr && bounds->type == Json::Type::Array) {
                for (std::size_t i = 1; i < bounds->elements.size(); ++i) {
                    const Json &a = bounds->elements[i - 1];
                    const Json &b = bounds->elements[i];
                    if (a.type == Json::Type::Number && b.type == Json::Type::Number
                        && !(std::strtod(a.text.c_str(), nullptr) < std::strtod(b.text.c_str(), nullptr)))
                        report(pointerJoin(pointerJoin(pointer, "explicitBounds"), i),
                               "explicitBounds must be strictly increasing");
                }
            }
        } else if (name == kExpHistogramPoint) {
            ++items_;
            checkPointTimes(object, type, pointer);
            std::uint64_t count = 0;
            std::uint64_t zeroCount = 0;
            std::uint64_t total = 0;
            bool valid = u64Member(object, type, "count", count) && u64Member(object, type, "zero_count", zeroCount);
            bool overflow = false;
            total = zeroCount;
            for (const char *side : {"positive", "negative"}) {
                const Json *buckets = member(object, type, side);
                const pb::FieldDescriptor *sideField = type->FindFieldByName(side);
                if (buckets == nullptr || sideField == nullptr || buckets->type != Json::Type::Object)
                    continue;
                std::uint64_t sum = 0;
                std::size_t n = 0;
                bool sideOverflow = false;
                if (!sumCounts(member(*buckets, sideField->message_type(), "bucket_counts"), sum, n, sideOverflow))
                    valid = false;
                if (sideOverflow || total > std::numeric_limits<std::uint64_t>::max() - sum)
                    overflow = true;
                total += sum;
            }
            if (valid && (overflow || total != count))
                report(pointerJoin(pointer, "count"), "count " + std::to_string(count)
                                                          + " is not zeroCount plus the positive and negative bucket counts");
        } else if (name == kSummaryPoint) {
            ++items_;
            checkPointTimes(object, type, pointer);
        }
    }

    std::vector<Problem> &problems_;
    std::size_t items_ = 0;
};

// ---------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------

struct Signal
{
    const char *name;         // traces | metrics | logs
    const char *requestType;  // full name of the Export*ServiceRequest
    const char *pathSuffix;   // OTLP/HTTP path
};

const Signal kSignals[] = {
    {"traces", "opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest", "/v1/traces"},
    {"metrics", "opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest", "/v1/metrics"},
    {"logs", "opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest", "/v1/logs"},
};

const Signal *signalByName(const std::string &name)
{
    for (const Signal &s : kSignals) {
        if (name == s.name)
            return &s;
    }
    return nullptr;
}

constexpr std::size_t kMaxProblemsShown = 50;

class Validator
{
public:
    explicit Validator(Schema &schema) : schema_(schema) {}

    // Validates one parsed document.  `where` names it in diagnostics and
    // `pointerPrefix` is the location of the document inside its container.
    bool validate(Json &document, const Signal &signal, const std::string &where, const std::string &pointerPrefix = "")
    {
        const pb::Descriptor *request = schema_.message(signal.requestType);
        if (request == nullptr) {
            std::cerr << printable(where) << ": schema has no message " << signal.requestType << "\n";
            return false;
        }
        std::vector<Problem> problems;
        OtlpChecker checker(problems);
        checker.checkMessage(document, request, "");

        // protobuf's own proto3 JSON parser must accept the document too.
        std::string json;
        writeJson(document, json);
        std::unique_ptr<pb::Message> message(schema_.factory().GetPrototype(request)->New());
        pb::util::JsonParseOptions options;
        options.ignore_unknown_fields = false;
        options.case_insensitive_enum_parsing = false;
        const auto status = pb::util::JsonStringToMessage(json, message.get(), options);
        if (!status.ok()) {
            const auto text = status.message();
            problems.push_back({"", "protobuf JSON parser rejected the document: " + std::string(text.data(), text.size())});
        }

        if (problems.empty()) {
            std::cout << "OK " << signal.name << " " << checker.items() << std::endl;
            return true;
        }
        std::size_t shown = 0;
        for (const Problem &p : problems) {
            if (shown++ == kMaxProblemsShown) {
                std::cerr << printable(where) << ": ... and " << (problems.size() - kMaxProblemsShown)
                          << " more problems\n";
                break;
            }
            const std::string pointer = pointerPrefix + p.pointer;
            printDiagnostic(where + ": " + (pointer.empty() ? "(document)" : pointer) + ": ", p.message);
        }
        std::cerr << printable(where) << ": INVALID " << signal.name << " document (" << problems.size()
                  << (problems.size() == 1 ? " problem" : " problems") << ")\n";
        return false;
    }

    bool validateText(const std::string &text, const Signal &signal, const std::string &where)
    {
        Json document;
        JsonParser parser(text);
        if (!parser.parse(document)) {
            std::cerr << printable(where) << ": invalid JSON: " << printable(parser.error()) << "\n";
            std::cerr << printable(where) << ": INVALID " << signal.name << " document (not RFC 8259 JSON)\n";
            return false;
        }
        return validate(document, signal, where);
    }

private:
    Schema &schema_;
};

struct JsonlStats
{
    std::size_t checked = 0;
    std::size_t valid = 0;
    std::size_t skipped = 0;
};

// One sink line: {"path": ".../v1/<signal>", "body": {...}, "status": 200, ...}
bool validateJsonlLine(Validator &validator, const std::string &line, const std::string &where, bool onlyOk,
                       JsonlStats &stats)
{
    Json record;
    JsonParser parser(line);
    if (!parser.parse(record)) {
        ++stats.checked;
        std::cerr << printable(where) << ": invalid JSON line: " << printable(parser.error()) << "\n";
        return false;
    }
    auto bad = [&](const std::string &message) {
        ++stats.checked;
        std::cerr << printable(where) << ": " << printable(message) << "\n";
        return false;
    };
    if (record.type != Json::Type::Object)
        return bad("line is not a JSON object");

    if (const Json *status = record.member("status")) {
        std::int64_t code = -1;
        if ((status->type == Json::Type::Number && isIntegerToken(status->text)) || status->type == Json::Type::String)
            parseI64(status->text, code);
        else if (status->type != Json::Type::Null)
            return bad("\"status\" must be an HTTP status code");
        if (onlyOk && status->type != Json::Type::Null && (code < 200 || code > 299)) {
            ++stats.skipped;
            std::cerr << printable(where) << ": skipped (status " << printable(status->text) << ")\n";
            return true;
        }
    }
    const Json *path = record.member("path");
    if (path == nullptr || path->type != Json::Type::String)
        return bad("line has no string \"path\"");
    std::string cleanPath = path->text.substr(0, path->text.find_first_of("?#"));
    const Signal *signal = nullptr;
    for (const Signal &s : kSignals) {
        if (endsWith(cleanPath, s.pathSuffix))
            signal = &s;
    }
    if (signal == nullptr)
        return bad("path " + quote(path->text) + " does not end with /v1/traces, /v1/metrics or /v1/logs");

    Json *body = nullptr;
    for (std::size_t i = 0; i < record.keys.size(); ++i) {
        if (record.keys[i] == "body")
            body = &record.elements[i];
    }
    if (body == nullptr)
        return bad("line has no \"body\"");
    ++stats.checked;
    bool ok = false;
    if (body->type == Json::Type::Object) {
        ok = validator.validate(*body, *signal, where, "/body");
    } else if (body->type == Json::Type::String) {
        // A sink may keep the raw request text instead of the decoded object.
        ok = validator.validateText(body->text, *signal, where + " /body (string)");
    } else {
        std::cerr << printable(where) << ": \"body\" must be the decoded JSON request object, found "
                  << typeName(body->type) << "\n";
    }
    if (ok)
        ++stats.valid;
    return ok;
}

void printUsage(std::ostream &out)
{
    out << "usage: otlp-validate [--proto-dir DIR] traces|metrics|logs FILE|- [FILE...]\n"
           "       otlp-validate [--proto-dir DIR] [--only-ok] [--min-docs N] --jsonl FILE|-\n"
           "       otlp-validate [--proto-dir DIR] --dump-schema\n"
           "\n"
           "Strictly validates OTLP/HTTP JSON request bodies (ExportTraceServiceRequest,\n"
           "ExportMetricsServiceRequest, ExportLogsServiceRequest) against the OTLP .proto\n"
           "files in DIR (the directory holding opentelemetry/proto/...).\n"
           "\n"
           "  --proto-dir DIR  schema root";
#ifdef OTLP_VALIDATE_DEFAULT_PROTO_DIR
    out << " (default: " << OTLP_VALIDATE_DEFAULT_PROTO_DIR << ")";
#endif
    out << "\n"
           "  --jsonl FILE     validate each line {\"path\": \".../v1/<signal>\", \"body\": {...}}\n"
           "                   of a sink capture; blank lines are ignored\n"
           "  --only-ok        with --jsonl: skip lines whose \"status\" is not 2xx\n"
           "  --min-docs N     with --jsonl: fail unless at least N documents were checked\n"
           "  --dump-schema    print the loaded schema as FileDescriptorProto text and exit\n"
           "\n"
           "Prints \"OK <signal> <items>\" on stdout for every valid document (items:\n"
           "spans, metric data points or log records) and every problem with a JSON\n"
           "pointer on stderr.  Exit status: 0 all valid, 1 some invalid, 2 usage error\n"
           "or unreadable input/schema.\n"
           "Schema loader: "
        << Schema::loaderName() << "\n";
}

int usageError(const std::string &message)
{
    std::cerr << "otlp-validate: " << printable(message) << "\n"
              << "usage: otlp-validate [--proto-dir DIR] traces|metrics|logs FILE|- [FILE...]\n"
                 "       otlp-validate [--proto-dir DIR] [--only-ok] [--min-docs N] --jsonl FILE|-\n"
                 "Try 'otlp-validate --help' for more information.\n";
    return 2;
}

int run(int argc, char **argv)
{
    std::string protoDir;
#ifdef OTLP_VALIDATE_DEFAULT_PROTO_DIR
    protoDir = OTLP_VALIDATE_DEFAULT_PROTO_DIR;
#endif
    std::string jsonlFile;
    bool haveJsonl = false;
    bool onlyOk = false;
    bool dumpSchema = false;
    std::uint64_t minDocs = 0;
    std::vector<std::string> positional;

    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto optionValue = [&](const std::string &name, std::string &out) {
            if (arg == name) {
                if (i + 1 >= argc)
                    return false;
                out = argv[++i];
                return true;
            }
            out = arg.substr(name.size() + 1);
            return true;
        };
        auto matches = [&](const std::string &name) { return arg == name || arg.rfind(name + "=", 0) == 0; };
        if (arg == "-h" || arg == "--help") {
            printUsage(std::cout);
            return 0;
        } else if (arg == "--") {
            for (++i; i < argc; ++i)
                positional.emplace_back(argv[i]);
        } else if (matches("--proto-dir")) {
            if (!optionValue("--proto-dir", protoDir) || protoDir.empty())
                return usageError("--proto-dir needs a directory");
        } else if (matches("--jsonl")) {
            if (!optionValue("--jsonl", jsonlFile) || jsonlFile.empty())
                return usageError("--jsonl needs a file name (or - for standard input)");
            haveJsonl = true;
        } else if (matches("--min-docs")) {
            std::string value;
            if (!optionValue("--min-docs", value) || !parseU64(value, minDocs))
                return usageError("--min-docs needs a non-negative integer");
        } else if (arg == "--only-ok") {
            onlyOk = true;
        } else if (arg == "--dump-schema") {
            dumpSchema = true;
        } else if (arg.size() > 1 && arg[0] == '-') {
            return usageError("unknown option " + quote(arg));
        } else {
            positional.push_back(arg);
        }
    }

    if (protoDir.empty())
        return usageError("--proto-dir is required");
    const Signal *signal = nullptr;
    if (dumpSchema) {
        if (haveJsonl || !positional.empty())
            return usageError("--dump-schema takes no other arguments");
    } else if (haveJsonl) {
        if (!positional.empty())
            return usageError("--jsonl takes no signal or file arguments");
    } else {
        if (onlyOk || minDocs != 0)
            return usageError("--only-ok and --min-docs need --jsonl");
        if (positional.size() < 2)
            return usageError("expected a signal (traces, metrics or logs) and a file (or -)");
        signal = signalByName(positional[0]);
        if (signal == nullptr)
            return usageError("unknown signal " + quote(positional[0]) + " (expected traces, metrics or logs)");
    }

    Schema schema;
    std::string error;
    if (!schema.load(protoDir, error)) {
        std::cerr << "otlp-validate: cannot load the OTLP schema from " << printable(protoDir) << ":\n";
        printDiagnostic("", error);
        return 2;
    }
    if (dumpSchema) {
        // Print every file once, dependencies first.
        std::vector<const pb::FileDescriptor *> order;
        std::set<const pb::FileDescriptor *> seen;
        struct Visit
        {
            static void run(const pb::FileDescriptor *f, std::vector<const pb::FileDescriptor *> &order,
                            std::set<const pb::FileDescriptor *> &seen)
            {
                if (f == nullptr || !seen.insert(f).second)
                    return;
                for (int i = 0; i < f->dependency_count(); ++i)
                    run(f->dependency(i), order, seen);
                order.push_back(f);
            }
        };
        for (const char *file : kServiceFiles)
            Visit::run(schema.pool()->FindFileByName(file), order, seen);
        for (const pb::FileDescriptor *f : order) {
            pb::FileDescriptorProto proto;
            f->CopyTo(&proto);
            f->CopyJsonNameTo(&proto);
            std::cout << proto.DebugString();
        }
        return 0;
    }

    Validator validator(schema);
    bool allValid = true;

    if (!haveJsonl) {
        for (std::size_t i = 1; i < positional.size(); ++i) {
            const std::string &file = positional[i];
            std::string text;
            if (!readWholeFile(file, text, error)) {
                std::cerr << "otlp-validate: " << printable(error) << "\n";
                return 2;
            }
            if (!validator.validateText(text, *signal, file == "-" ? "<stdin>" : file))
                allValid = false;
        }
        return allValid ? 0 : 1;
    }

    std::string text;
    if (!readWholeFile(jsonlFile, text, error)) {
        std::cerr << "otlp-validate: " << printable(error) << "\n";
        return 2;
    }
    const std::string name = jsonlFile == "-" ? "<stdin>" : jsonlFile;
    JsonlStats stats;
    std::size_t lineNumber = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        ++lineNumber;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        if (!validateJsonlLine(validator, line, name + ":" + std::to_string(lineNumber), onlyOk, stats))
            allValid = false;
    }
    std::cerr << "otlp-validate: " << printable(name) << ": " << stats.checked << " documents checked, " << stats.valid
              << " valid, " << (stats.checked - stats.valid) << " invalid, " << stats.skipped << " skipped\n";
    if (stats.checked < minDocs) {
        std::cerr << "otlp-validate: " << printable(name) << ": expected at least " << minDocs << " documents, found "
                  << stats.checked << "\n";
        allValid = false;
    }
    return allValid ? 0 : 1;
}

}  // namespace

int main(int argc, char **argv)
{
    try {
        return run(argc, argv);
    } catch (const std::bad_alloc &) {
        std::cerr << "otlp-validate: out of memory\n";
        return 2;
    } catch (const std::exception &e) {
        std::cerr << "otlp-validate: internal error: " << printable(e.what()) << "\n";
        return 2;
    }
}
