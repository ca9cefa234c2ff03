// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Whether this test program was built with AddressSanitizer or ThreadSanitizer (GCC defines the
// first two macros, Clang has __has_feature). Their shadow memory and quarantine count in a
// process's RSS, so a memory bound measures the sanitizer there: such tests report the peak and
// skip only that assertion (scripts/sanitizers.sh).
#pragma once

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define AUTOMAGIK_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define AUTOMAGIK_TEST_SANITIZED 1
#endif
#endif

namespace TestSupport {
#ifdef AUTOMAGIK_TEST_SANITIZED
constexpr bool SanitizerBuild = true;
#else
constexpr bool SanitizerBuild = false;
#endif
} // namespace TestSupport
