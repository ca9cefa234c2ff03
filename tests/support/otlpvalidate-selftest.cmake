# SPDX-License-Identifier: MIT
#
# Self-test for otlp-validate (CTest: otlp_validate_selftest).
#
#   cmake -DVALIDATOR=<otlp-validate> -DPROTO_DIR=<proto root> -DSAMPLES_DIR=<samples>
#         -DWORK_DIR=<scratch dir> -P otlpvalidate-selftest.cmake
#
# Valid samples must pass with the expected item counts, every invalid sample
# must fail for the intended reason, usage errors must exit 2, and garbage,
# truncated and mutated input must never crash the tool (exit 0 or 1 only).

cmake_minimum_required(VERSION 3.21)

foreach(var IN ITEMS VALIDATOR PROTO_DIR SAMPLES_DIR WORK_DIR)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "otlpvalidate-selftest: -D${var}=... is required")
    endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set_property(GLOBAL PROPERTY selftest_failures 0)
set_property(GLOBAL PROPERTY selftest_checks 0)

# run_validator(<name> RC <expected rc> [STDOUT <regex>] [STDERR <substring>...]
#               [INPUT <file>] [NO_PROTO_DIR] ARGS <arguments...>)
function(run_validator name)
    cmake_parse_arguments(PARSE_ARGV 1 C "NO_PROTO_DIR;QUIET" "RC;STDOUT;INPUT" "STDERR;ARGS")
    set(cmd "${VALIDATOR}")
    if(NOT C_NO_PROTO_DIR)
        list(APPEND cmd --proto-dir "${PROTO_DIR}")
    endif()
    list(APPEND cmd ${C_ARGS})
    set(input)
    if(C_INPUT)
        set(input INPUT_FILE "${C_INPUT}")
    endif()
    execute_process(COMMAND ${cmd} ${input}
        WORKING_DIRECTORY "${SAMPLES_DIR}"
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)

    set(problems)
    if(C_RC STREQUAL "0|1")
        if(NOT rc MATCHES "^[01]$")
            list(APPEND problems "exit status '${rc}' (expected 0 or 1, never a crash)")
        endif()
    elseif(NOT "${rc}" STREQUAL "${C_RC}")
        list(APPEND problems "exit status '${rc}', expected ${C_RC}")
    endif()
    if(DEFINED C_STDOUT AND NOT out MATCHES "${C_STDOUT}")
        list(APPEND problems "stdout does not match '${C_STDOUT}'")
    endif()
    foreach(expected IN LISTS C_STDERR)
        string(FIND "${err}" "${expected}" pos)
        if(pos EQUAL -1)
            list(APPEND problems "stderr does not contain '${expected}'")
        endif()
    endforeach()

    get_property(checks GLOBAL PROPERTY selftest_checks)
    math(EXPR checks "${checks} + 1")
    set_property(GLOBAL PROPERTY selftest_checks ${checks})
    if(problems)
        get_property(failures GLOBAL PROPERTY selftest_failures)
        math(EXPR failures "${failures} + 1")
        set_property(GLOBAL PROPERTY selftest_failures ${failures})
        string(REPLACE ";" "\n    " problems "${problems}")
        message(STATUS "FAIL ${name}\n    ${problems}\n  command: ${cmd}\n  stdout:\n${out}\n  stderr:\n${err}")
    elseif(NOT C_QUIET)
        message(STATUS "PASS ${name}")
    endif()
endfunction()

# --- Valid documents ---------------------------------------------------------

run_validator("valid traces" RC 0 STDOUT "^OK traces 5\n$" ARGS traces valid-traces.json)
run_validator("valid metrics" RC 0 STDOUT "^OK metrics 9\n$" ARGS metrics valid-metrics.json)
run_validator("valid logs" RC 0 STDOUT "^OK logs 8\n$" ARGS logs valid-logs.json)
run_validator("valid NaN/Infinity strings in double fields" RC 0 STDOUT "^OK metrics 3\n$"
    ARGS metrics valid-metrics-special-doubles.json)
run_validator("valid traces from stdin" RC 0 STDOUT "^OK traces 5\n$"
    INPUT "${SAMPLES_DIR}/valid-traces.json" ARGS traces -)
run_validator("several valid files" RC 0 STDOUT "^OK logs 8\nOK logs 8\n$" ARGS logs valid-logs.json valid-logs.json)
run_validator("default --proto-dir" RC 0 STDOUT "^OK traces 5\n$" NO_PROTO_DIR ARGS traces valid-traces.json)
run_validator("--proto-dir=DIR form" RC 0 STDOUT "^OK logs 8\n$" NO_PROTO_DIR
    ARGS "--proto-dir=${PROTO_DIR}" logs valid-logs.json)

# --- Invalid documents: each must fail, for the intended reason --------------

set(invalid_cases
    "traces|invalid-traceid-64hex.json|/spans/0/traceId: traceId must be exactly 32 hex characters"
    "traces|invalid-traceid-base64.json|traceId must be exactly 32 hex characters"
    "traces|invalid-spanid-zero.json|spanId must not be all zeros"
    "traces|invalid-enum-name.json|/spans/0/kind: enum field \"kind\" must be a JSON integer, not the string \"SPAN_KIND_SERVER\""
    "logs|invalid-severity-name.json|enum field \"severityNumber\" must be a JSON integer"
    "logs|invalid-severity-out-of-range.json|25 is not a defined value of opentelemetry.proto.logs.v1.SeverityNumber"
    "metrics|invalid-temporality-name.json|enum field \"aggregationTemporality\" must be a JSON integer"
    "logs|invalid-time-number.json|/logRecords/0/timeUnixNano: 64-bit integer field \"timeUnixNano\" must be a JSON string"
    "metrics|invalid-count-number.json|64-bit integer field \"count\" must be a JSON string"
    "metrics|invalid-asint-number.json|64-bit integer field \"asInt\" must be a JSON string"
    "traces|invalid-intvalue-number.json|64-bit integer field \"intValue\" must be a JSON string"
    "traces|invalid-unknown-field.json|/spans/0/resource: unknown field \"resource\" in opentelemetry.proto.trace.v1.Span"
    "metrics|invalid-bare-nan.json|bare NaN is not valid JSON"
    "metrics|invalid-null-double.json|/dataPoints/0/asDouble: null is not allowed for \"asDouble\""
    "traces|invalid-snake-case.json|/spans/0/start_time_unix_nano: field must be written in lowerCamelCase as \"startTimeUnixNano\""
    "traces|invalid-duplicate-attribute.json|/attributes/1/key: duplicate attribute key \"project.items\""
    "traces|invalid-empty-attribute-key.json|/attributes/0/key: attribute key must not be empty"
    "traces|invalid-end-before-start.json|endTimeUnixNano 1700000000000000000 is earlier than startTimeUnixNano"
    "traces|invalid-anyvalue-two-values.json|they belong to oneof \"value\""
    "traces|invalid-bytes-not-base64.json|protobuf JSON parser rejected the document"
    "traces|invalid-trailing-comma.json|trailing comma in object"
    "metrics|invalid-sum-no-temporality.json|aggregationTemporality must be set"
    "metrics|invalid-histogram-buckets.json|bucketCounts has 4 entries but explicitBounds has 4"
    "logs|invalid-utf8.json|invalid UTF-8 in string"
    "logs|invalid-lone-surrogate.json|unpaired high surrogate"
)
foreach(case IN LISTS invalid_cases)
    string(REPLACE "|" ";" parts "${case}")
    list(GET parts 0 signal)
    list(GET parts 1 file)
    list(GET parts 2 reason)
    run_validator("rejects ${file}" RC 1 STDOUT "^$" STDERR "${reason}" "INVALID ${signal} document"
        ARGS ${signal} ${file})
endforeach()

run_validator("rejects a traces body validated as metrics" RC 1
    STDERR "unknown field \"resourceSpans\" in opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest"
    ARGS metrics valid-traces.json)
run_validator("one invalid file among valid ones" RC 1 STDOUT "^OK traces 5\n$" STDERR "invalid-enum-name.json:"
    ARGS traces valid-traces.json invalid-enum-name.json)

# --- JSON lines written by the sink --------------------------------------------

run_validator("jsonl: non-2xx line with an invalid body fails without --only-ok" RC 1
    STDOUT "^OK traces 5\nOK metrics 9\nOK logs 8\n$"
    STDERR "sink-capture.jsonl:5: /body/resourceSpans/0/scopeSpans/0/spans/0/kind: enum field"
           "4 documents checked, 3 valid, 1 invalid, 0 skipped"
    ARGS --jsonl sink-capture.jsonl)
run_validator("jsonl: --only-ok skips the non-2xx line" RC 0 STDOUT "^OK traces 5\nOK metrics 9\nOK logs 8\n$"
    STDERR "sink-capture.jsonl:5: skipped (status 503)" "3 documents checked, 3 valid, 0 invalid, 1 skipped"
    ARGS --only-ok --jsonl sink-capture.jsonl)
run_validator("jsonl: --min-docs" RC 1 STDERR "expected at least 4 documents, found 3"
    ARGS --only-ok --min-docs 4 --jsonl sink-capture.jsonl)
run_validator("jsonl: stdin" RC 0 STDOUT "^OK traces 5\nOK metrics 9\nOK logs 8\n$"
    INPUT "${SAMPLES_DIR}/sink-capture.jsonl" ARGS --only-ok --jsonl -)

file(WRITE "${WORK_DIR}/bad-path.jsonl" "{\"path\":\"/v1/spans\",\"status\":200,\"body\":{}}\n")
run_validator("jsonl: unknown path" RC 1 STDERR "does not end with /v1/traces, /v1/metrics or /v1/logs"
    ARGS --jsonl "${WORK_DIR}/bad-path.jsonl")
file(WRITE "${WORK_DIR}/bad-line.jsonl" "{\"path\":\"/v1/logs\",\"status\":200,\"body\":{\"resourceLogs\":[]}}\nnot json\n")
run_validator("jsonl: line that is not JSON" RC 1 STDOUT "^OK logs 0\n$" STDERR "bad-line.jsonl:2: invalid JSON line"
    ARGS --jsonl "${WORK_DIR}/bad-line.jsonl")
file(WRITE "${WORK_DIR}/bad-body.jsonl" "{\"path\":\"/v1/logs\",\"body\":[1]}\n{\"path\":\"/v1/logs\"}\n")
run_validator("jsonl: body not an object / missing" RC 1
    STDERR "\"body\" must be the decoded JSON request object" "bad-body.jsonl:2: line has no \"body\""
    ARGS --jsonl "${WORK_DIR}/bad-body.jsonl")
file(WRITE "${WORK_DIR}/string-body.jsonl"
    "{\"path\":\"http://127.0.0.1:4318/v1/traces?x=1\",\"status\":\"200\",\"body\":\"{\\\"resourceSpans\\\":[]}\"}\n")
run_validator("jsonl: body kept as JSON text, full URL path" RC 0 STDOUT "^OK traces 0\n$"
    ARGS --jsonl "${WORK_DIR}/string-body.jsonl")

# --- Usage errors ------------------------------------------------------------

run_validator("usage: no arguments" RC 2 STDERR "usage:")
run_validator("usage: unknown signal" RC 2 STDERR "unknown signal" ARGS spans valid-traces.json)
run_validator("usage: missing file argument" RC 2 STDERR "expected a signal" ARGS traces)
run_validator("usage: unknown option" RC 2 STDERR "unknown option" ARGS --strict traces valid-traces.json)
run_validator("usage: --only-ok without --jsonl" RC 2 STDERR "need --jsonl" ARGS --only-ok traces valid-traces.json)
run_validator("usage: --jsonl with positional arguments" RC 2 ARGS --jsonl sink-capture.jsonl traces)
run_validator("unreadable input file" RC 2 STDERR "cannot open" ARGS traces does-not-exist.json)
run_validator("unusable --proto-dir" RC 2 STDERR "cannot load the OTLP schema" NO_PROTO_DIR
    ARGS --proto-dir "${WORK_DIR}" traces valid-traces.json)
run_validator("--help" RC 0 STDOUT "usage: otlp-validate" NO_PROTO_DIR ARGS --help)

# --- Garbage must be rejected cleanly ----------------------------------------

function(reject_garbage name content)
    file(WRITE "${WORK_DIR}/garbage-${name}.json" "${content}")
    run_validator("garbage: ${name}" RC 1 STDOUT "^$" ARGS traces "${WORK_DIR}/garbage-${name}.json")
endfunction()

string(REPEAT "[" 100000 deep_arrays)
string(REPEAT "{\"arrayValue\":{\"values\":[" 80 deep_open)
string(REPEAT "]}}" 80 deep_close)
string(REPEAT "{\"arrayValue\":{\"values\":[" 40 medium_open)
string(REPEAT "]}}" 40 medium_close)
set(span_prefix "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[")
set(span_suffix "]}]}]}")
reject_garbage(empty "")
reject_garbage(whitespace "   \n\t ")
reject_garbage(null "null")
reject_garbage(array "[]")
reject_garbage(string "\"resourceSpans\"")
reject_garbage(number "12")
reject_garbage(wrong-types "{\"resourceSpans\":{}}")
reject_garbage(null-elements "{\"resourceSpans\":[null,1,\"x\",[]]}")
reject_garbage(deep-arrays "${deep_arrays}")
reject_garbage(deep-anyvalue
    "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":${deep_open}${deep_close}}]}}]}")
reject_garbage(huge-number "${span_prefix}{\"flags\":1e999999}${span_suffix}")
reject_garbage(huge-int64 "${span_prefix}{\"startTimeUnixNano\":\"99999999999999999999999\"}${span_suffix}")
reject_garbage(negative-fixed64 "${span_prefix}{\"startTimeUnixNano\":\"-1\"}${span_suffix}")
reject_garbage(two-documents "{} {}")
reject_garbage(comment "{/* c */}")
reject_garbage(single-quotes "{'resourceSpans':[]}")
reject_garbage(control-char "{\"resourceSpans\":[{\"schemaUrl\":\"a\tb\"}]}")
reject_garbage(bad-escape "{\"resourceSpans\":[{\"schemaUrl\":\"\\q\"}]}")
reject_garbage(minus-infinity "{\"x\":-Infinity}")
string(ASCII 239 187 191 utf8_bom)
reject_garbage(bom "${utf8_bom}{}")
string(ASCII 255 254 1 byte_garbage)
reject_garbage(binary "${byte_garbage}")

# Nesting that our parser accepts but that may exceed protobuf's own limit:
# any answer is fine as long as the tool does not crash.
file(WRITE "${WORK_DIR}/nested-anyvalue.json"
    "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":${medium_open}${medium_close}}]}}]}")
run_validator("nested AnyValue (40 levels)" RC "0|1" ARGS traces "${WORK_DIR}/nested-anyvalue.json")

# Prefixes and single-character mutations of the valid samples (every ~56th
# offset) must be handled without crashing; every proper prefix is invalid.
set(mutation_chars "{}[]\":,0-e.\\n a")
string(LENGTH "${mutation_chars}" mutation_count)
set(robustness_runs 0)
foreach(sample IN ITEMS "traces|valid-traces.json" "metrics|valid-metrics.json" "logs|valid-logs.json")
    string(REPLACE "|" ";" parts "${sample}")
    list(GET parts 0 signal)
    list(GET parts 1 file)
    file(READ "${SAMPLES_DIR}/${file}" content)
    string(STRIP "${content}" content)
    string(LENGTH "${content}" length)
    set(offset 0)
    set(i 0)
    while(offset LESS length)
        string(SUBSTRING "${content}" 0 ${offset} prefix)
        file(WRITE "${WORK_DIR}/truncated.json" "${prefix}")
        run_validator("truncated ${file} at ${offset}" RC 1 QUIET ARGS ${signal} "${WORK_DIR}/truncated.json")

        math(EXPR pick "${i} % ${mutation_count}")
        string(SUBSTRING "${mutation_chars}" ${pick} 1 replacement)
        math(EXPR after "${offset} + 1")
        string(SUBSTRING "${content}" ${after} -1 suffix)
        file(WRITE "${WORK_DIR}/mutated.json" "${prefix}${replacement}${suffix}")
        run_validator("mutated ${file} at ${offset}" RC "0|1" QUIET ARGS ${signal} "${WORK_DIR}/mutated.json")

        math(EXPR robustness_runs "${robustness_runs} + 2")
        math(EXPR i "${i} + 1")
        math(EXPR offset "${offset} + 53 + (${i} % 7)")
    endwhile()
endforeach()
message(STATUS "PASS ${robustness_runs} truncated/mutated inputs handled without a crash")

get_property(failures GLOBAL PROPERTY selftest_failures)
get_property(checks GLOBAL PROPERTY selftest_checks)
if(failures GREATER 0)
    message(FATAL_ERROR "otlp-validate selftest: ${failures} of ${checks} checks failed")
endif()
message(STATUS "otlp-validate selftest: all ${checks} checks passed")
