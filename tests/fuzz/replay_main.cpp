// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// A stand-in for libFuzzer's main() that runs a fuzz target once on each given input, with any
// compiler and no fuzzing engine: a seed corpus becomes a regression test, and a crash file
// found by a real fuzzer can be replayed under a debugger or a sanitizer build.
//
//   <target>_replay FILE_OR_DIRECTORY...
//
// Directories are read one level deep, as libFuzzer reads corpus directories, in name order.
// Arguments that start with '-' (libFuzzer options) are ignored. Fails when there was nothing
// to replay, so a lost corpus cannot pass as a green test.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace fs = std::filesystem;

namespace {

bool replay(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", file.string().c_str());
        return false;
    }
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::fprintf(stderr, "replaying %s (%zu bytes)\n", file.string().c_str(), bytes.size());
    // A heap copy of exactly the input's size (never null, even when empty), as libFuzzer passes
    // it, so AddressSanitizer sees any read past its end.
    const std::unique_ptr<uint8_t[]> data(new uint8_t[bytes.size()]);
    std::copy(bytes.begin(), bytes.end(), data.get());
    LLVMFuzzerTestOneInput(data.get(), bytes.size());
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.empty() || arg[0] == '-')
            continue;
        std::error_code ec;
        if (fs::is_directory(arg, ec)) {
            std::vector<fs::path> inDirectory;
            for (const fs::directory_entry &entry : fs::directory_iterator(arg, ec)) {
                if (entry.is_regular_file(ec))
                    inDirectory.push_back(entry.path());
            }
            std::sort(inDirectory.begin(), inDirectory.end());
            files.insert(files.end(), inDirectory.begin(), inDirectory.end());
        } else if (fs::is_regular_file(arg, ec)) {
            files.emplace_back(arg);
        } else {
            std::fprintf(stderr, "no such file or directory: %s\n", arg.c_str());
            return 1;
        }
    }
    if (files.empty()) {
        std::fprintf(stderr, "usage: %s FILE_OR_DIRECTORY...  (nothing to replay)\n", argc ? argv[0] : "replay");
        return 1;
    }
    int failures = 0;
    for (const fs::path &file : files)
        failures += replay(file) ? 0 : 1;
    std::fprintf(stderr, "replayed %zu input(s), %d unreadable\n", files.size() - size_t(failures), failures);
    return failures ? 1 : 0;
}
