// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// A small stand-in for ClickHouse's HTTP interface (port 8123), backed by the real ClickHouse
// engine that the npm package "chdb" embeds (libchdb.so). Test use only: it listens on loopback,
// runs one query at a time in one chDB session and answers as clickhouse-server does for what
// the telemetry library and its tests use:
//
//   GET  /ping, GET / without a query      "Ok.\n"
//   GET  /?query=SELECT ...                read-only queries (like the server's GET readonly mode)
//   POST /?query=INSERT ... FORMAT X       the body is the data; query and body are joined with "\n"
//   POST / with the query in the body      any query
//   Content-Encoding: gzip | deflate       request bodies are decompressed
//   X-ClickHouse-User / X-ClickHouse-Key,  credentials, checked against --user/--password; a wrong
//   Basic auth, user/password parameters   one gets 403 and "Code: 516. DB::Exception: ..." (as the server)
//   errors                                 "Code: N. DB::Exception: ... (NAME)" with the server's HTTP
//                                          status for that code and X-ClickHouse-Exception-Code
//   default_format                         result format when the query has no FORMAT clause
//
// Multi-statement queries and unknown URL parameters (ClickHouse settings) are refused, as a strict
// test double should. Unknown JSON fields are an error too (input_format_skip_unknown_fields=0),
// so a misspelt column fails loudly instead of being dropped.
//
// GET /_front/requests returns what arrived so far as JSON (method, URL, encoding, user, whether a
// key was sent, status, sizes; never a password), so tests can check what the client sent.
//
// Usage: node chdb-front.mjs --modules DIR [--port 0] [--data DIR] [--user U] [--password P] [--log]
//                            [--exit-with-stdin]
//   DIR is where "npm install" put node_modules (the directory holding node_modules/chdb).
//   The first line on stdout is the port; the process ends on SIGTERM/SIGINT, and with
//   --exit-with-stdin also when its standard input closes (the parent test exited or crashed).

import { createRequire } from 'node:module';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

function parseArgs(argv) {
    const options = { port: 0, user: 'default', password: '', data: '', modules: '', log: false, exitWithStdin: false };
    for (let i = 0; i < argv.length; ++i) {
        const arg = argv[i];
        const value = () => {
            if (i + 1 >= argv.length)
                fail(`${arg} needs a value`);
            return argv[++i];
        };
        switch (arg) {
        case '--port': options.port = Number(value()); break;
        case '--user': options.user = value(); break;
        case '--password': options.password = value(); break;
        case '--data': options.data = value(); break;
        case '--modules': options.modules = value(); break;
        case '--log': options.log = true; break;
        case '--exit-with-stdin': options.exitWithStdin = true; break;
        default: fail(`unknown argument ${arg}`);
        }
    }
    return options;
}

function fail(message) {
    process.stderr.write(`chdb-front: ${message}\n`);
    process.exit(2);
}

const options = parseArgs(process.argv.slice(2));
const modulesDir = options.modules || process.env.AUTOMAGIK_CHDB_DIR || '';
if (!modulesDir)
    fail('--modules DIR (or AUTOMAGIK_CHDB_DIR) is required');

let chdb;
try {
    chdb = createRequire(path.join(path.resolve(modulesDir), 'package.json'))('chdb');
} catch (e) {
    fail(`cannot load the chdb package from ${modulesDir}: ${e.message}`);
}

const dataDir = options.data || fs.mkdtempSync(path.join(os.tmpdir(), 'chdb-front-'));
const session = new chdb.Session(dataDir);
// Strict input: a column name the table lacks is an error, not silently dropped.
session.query('SET input_format_skip_unknown_fields = 0', 'TabSeparated');
const version = session.query('SELECT version()', 'TabSeparated').trim();

// ClickHouse error code -> name, for the "(NAME)" suffix of errors this front raises itself.
const codeNames = {
    62: 'SYNTAX_ERROR', 115: 'UNKNOWN_SETTING', 164: 'READONLY', 194: 'REQUIRED_PASSWORD',
    516: 'AUTHENTICATION_FAILED', 1000: 'POCO_EXCEPTION', 1001: 'STD_EXCEPTION',
};

// The HTTP status clickhouse-server gives an exception code (src/Server/HTTP/exceptionCodeToHTTPStatus.cpp);
// everything else is 500. Note that a wrong password (AUTHENTICATION_FAILED) is 403, not 401.
const statusGroups = [
    [401, [194]], // REQUIRED_PASSWORD
    [403, [192, 193, 516, 512, 497]], // UNKNOWN_USER, WRONG_PASSWORD, AUTHENTICATION_FAILED, SET_NON_GRANTED_ROLE, ACCESS_DENIED
    // BAD_ARGUMENTS, CANNOT_COMPILE_REGEXP, CANNOT_PARSE_*, DUPLICATE_COLUMN, ILLEGAL_COLUMN, UNKNOWN_ELEMENT_IN_AST,
    // UNKNOWN_TYPE_OF_AST_NODE, THERE_IS_NO_COLUMN, TOO_DEEP_AST, TOO_BIG_AST, UNEXPECTED_AST_STRUCTURE,
    // SYNTAX_ERROR, INCORRECT_DATA, TYPE_MISMATCH, VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
    [400, [36, 427, 6, 25, 26, 38, 41, 72, 441, 27, 376, 15, 44, 37, 123, 8, 167, 168, 223, 62, 117, 53, 321]],
    // UNKNOWN_TABLE, _FUNCTION, _IDENTIFIER, _TYPE, _STORAGE, _DATABASE, _SETTING, _DIRECTION_OF_SORTING,
    // _AGGREGATE_FUNCTION, _FORMAT, _DATABASE_ENGINE, _TYPE_OF_QUERY, _ROLE
    [404, [60, 46, 47, 50, 56, 81, 115, 152, 63, 73, 336, 78, 511]],
    [413, [229]], // QUERY_IS_TOO_LARGE
    [501, [48]], // NOT_IMPLEMENTED
    [503, [209, 76, 439]], // SOCKET_TIMEOUT, CANNOT_OPEN_FILE, CANNOT_SCHEDULE_TASK
    [411, [381]], // HTTP_LENGTH_REQUIRED
    [408, [159]], // TIMEOUT_EXCEEDED
];

function httpStatus(code) {
    for (const [status, members] of statusGroups) {
        if (members.includes(code))
            return status;
    }
    return 500;
}

class ClickHouseError extends Error {
    constructor(code, message, status = 0) {
        super(message);
        this.code = code;
        this.status = status; // when the server's answer is not the code's usual status
    }
}

function errorBody(code, message) {
    const name = codeNames[code] || 'UNKNOWN_EXCEPTION';
    return `Code: ${code}. DB::Exception: ${message}. (${name}) (version ${version})\n`;
}

// chDB reports "Query failed: Code: 60. DB::Exception: ... (UNKNOWN_TABLE)": keep ClickHouse's text.
function engineError(e) {
    const text = String(e && e.message ? e.message : e).replace(/^Query failed:\s*/, '');
    const m = /^Code: (\d+)\. /.exec(text);
    const code = m ? Number(m[1]) : 1001;
    const body = m ? `${text.trimEnd()} (version ${version})\n` : errorBody(code, text);
    return { code, body };
}

// Strips string literals, quoted identifiers and comments, then looks for a second statement.
function isMultiStatement(query) {
    const bare = query
        .replace(/'(?:[^'\\]|\\.|'')*'/gs, "''")
        .replace(/"(?:[^"\\]|\\.)*"/gs, '""')
        .replace(/`(?:[^`\\]|\\.)*`/gs, '``')
        .replace(/--[^\n]*/g, '')
        .replace(/\/\*.*?\*\//gs, '');
    const at = bare.indexOf(';');
    return at >= 0 && bare.slice(at + 1).trim() !== '';
}

function isReadOnlyQuery(query) {
    return /^\s*(\(\s*)*(SELECT|WITH|SHOW|DESCRIBE|DESC|EXISTS|EXPLAIN)\b/i.test(query);
}

function credentials(req, url) {
    const headerUser = req.headers['x-clickhouse-user'];
    const headerKey = req.headers['x-clickhouse-key'];
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization || '');
    const paramUser = url.searchParams.get('user');
    const paramPassword = url.searchParams.get('password');
    const ways = [headerUser !== undefined, !!basic, paramUser !== null].filter(Boolean).length;
    if (ways > 1)
        throw new ClickHouseError(516, 'Authentication failed: several ways of authentication are used simultaneously');
    if (basic) {
        const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        return { user: colon < 0 ? decoded : decoded.slice(0, colon), password: colon < 0 ? '' : decoded.slice(colon + 1), via: 'basic' };
    }
    if (headerUser !== undefined)
        return { user: headerUser, password: headerKey ?? '', via: 'headers' };
    if (paramUser !== null)
        return { user: paramUser, password: paramPassword ?? '', via: 'url' };
    return { user: 'default', password: '', via: 'none' };
}

function decodeBody(buffer, encoding) {
    switch ((encoding || '').trim().toLowerCase()) {
    case '':
    case 'identity':
        return buffer;
    case 'gzip':
    case 'x-gzip':
        return zlib.gunzipSync(buffer);
    case 'deflate':
        return zlib.inflateSync(buffer);
    default:
        throw new ClickHouseError(1000, `Unknown HTTP compression method: ${encoding}`);
    }
}

const requests = []; // what arrived, for /_front/requests
const maxBodyBytes = 256 * 1024 * 1024;

function log(line) {
    if (options.log)
        process.stderr.write(`chdb-front: ${line}\n`);
}

function handle(req, res, raw) {
    const url = new URL(req.url, 'http://127.0.0.1');
    const entry = {
        method: req.method, url: req.url, contentEncoding: req.headers['content-encoding'] || '',
        contentType: req.headers['content-type'] || '', user: req.headers['x-clickhouse-user'] ?? null,
        keySent: req.headers['x-clickhouse-key'] !== undefined, authorization: req.headers.authorization !== undefined,
        bodyBytes: raw.length, decodedBytes: 0, status: 0, exceptionCode: 0, rows: 0,
    };
    const send = (status, body, headers = {}) => {
        entry.status = status;
        res.writeHead(status, { 'Content-Type': 'text/plain; charset=UTF-8', 'X-ClickHouse-Server-Display-Name': 'chdb-front', ...headers });
        res.end(body);
        log(`${req.method} ${url.pathname} ${status} in=${raw.length}B enc=${entry.contentEncoding || '-'} user=${entry.user ?? '-'}`);
    };
    const sendError = (code, body, status = 0) => {
        entry.exceptionCode = code;
        send(status || httpStatus(code), body, { 'X-ClickHouse-Exception-Code': String(code) });
    };

    if (url.pathname === '/_front/requests') {
        send(200, JSON.stringify(requests), { 'Content-Type': 'application/json' });
        return;
    }
    requests.push(entry);
    try {
        if (url.pathname === '/ping' || (req.method === 'GET' && url.pathname === '/' && !url.searchParams.has('query'))) {
            send(200, 'Ok.\n');
            return;
        }
        if (url.pathname !== '/' && url.pathname !== '')
            throw new ClickHouseError(1000, `There is no handle ${url.pathname}`, 404);
        if (req.method !== 'GET' && req.method !== 'POST')
            throw new ClickHouseError(1000, `Method ${req.method} is not allowed`, 405);

        const who = credentials(req, url);
        entry.user = who.user;
        if (who.user !== options.user || who.password !== options.password)
            throw new ClickHouseError(516, `${who.user}: Authentication failed: password is incorrect, or there is no user with such name`);

        for (const key of url.searchParams.keys()) {
            if (!['query', 'default_format', 'user', 'password'].includes(key))
                throw new ClickHouseError(115, `Setting ${key} is neither a builtin setting nor started with the prefix 'custom_' registered for user-defined settings (this test front accepts none)`);
        }

        const body = decodeBody(raw, req.headers['content-encoding']).toString('utf8');
        entry.decodedBytes = Buffer.byteLength(body);
        const param = url.searchParams.get('query');
        let query;
        if (param !== null) {
            if (isMultiStatement(param))
                throw new ClickHouseError(62, 'Syntax error (Multi-statements are not allowed)');
            query = body.length ? `${param}\n${body}` : param;
        } else {
            query = body;
            if (!/^\s*INSERT\b/i.test(query) && isMultiStatement(query))
                throw new ClickHouseError(62, 'Syntax error (Multi-statements are not allowed)');
        }
        if (!query.trim())
            throw new ClickHouseError(62, 'Empty query');
        if (req.method === 'GET' && !isReadOnlyQuery(query))
            throw new ClickHouseError(164, 'Cannot execute query in readonly mode. For queries over HTTP, method GET implies readonly. You should use method POST for modifying queries');

        const format = url.searchParams.get('default_format') || 'TabSeparated';
        let result;
        try {
            result = session.query(query, format);
        } catch (e) {
            const { code, body: text } = engineError(e);
            sendError(code, text);
            return;
        }
        if (/^\s*INSERT\b/i.test(query))
            entry.rows = param !== null && body.length ? body.split('\n').filter((l) => l.trim()).length : 0;
        send(200, result ?? '', { 'X-ClickHouse-Format': format });
    } catch (e) {
        if (e instanceof ClickHouseError) {
            sendError(e.code, errorBody(e.code, e.message), e.status);
        } else {
            sendError(1001, errorBody(1001, String(e && e.message ? e.message : e)));
        }
    }
}

const server = http.createServer((req, res) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
        size += chunk.length;
        if (size > maxBodyBytes)
            tooLarge = true;
        else
            chunks.push(chunk);
    });
    req.on('end', () => {
        if (tooLarge) {
            res.writeHead(413, { 'Content-Type': 'text/plain; charset=UTF-8' });
            res.end(errorBody(1000, 'Request body is too large'));
            return;
        }
        handle(req, res, Buffer.concat(chunks));
    });
});

function shutdown() {
    server.close();
    try {
        session.close();
    } catch {
        // already closed
    }
    if (!options.data)
        fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
if (options.exitWithStdin) {
    // The test owns this process: when its end of stdin closes (it exited or crashed), stop.
    process.stdin.on('end', shutdown);
    process.stdin.on('error', shutdown);
    process.stdin.resume();
}

server.listen(options.port, '127.0.0.1', () => {
    process.stdout.write(`${server.address().port}\n`);
    log(`ClickHouse ${version} (chDB) on 127.0.0.1:${server.address().port}, data in ${dataDir}`);
});
