// The fuzz targets as plain programs, for any compiler: each file of the folders (or each file)
// given is handed once to LLVMFuzzerTestOneInput, in name order. CTest runs them on the seed
// corpora (tests/fuzz-corpus/<name>/), so every build's test suite, the sanitizer build's
// included, checks the inputs that once broke a parser. Finding new inputs is libFuzzer's work
// (scripts/fuzz.sh, clang).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

std::vector<std::filesystem::path> inputsOf(const std::filesystem::path &path)
{
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(path)) {
        for (const auto &entry : std::filesystem::recursive_directory_iterator(path))
            if (entry.is_regular_file())
                files.push_back(entry.path());
        std::sort(files.begin(), files.end());
    } else {
        files.push_back(path);
    }
    return files;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FOLDER|FILE...\n", argv[0]);
        return 2;
    }
    // The targets write scratch files under TMPDIR: a folder of this run's own, removed at the end.
    std::error_code ec;
    const auto scratch = std::filesystem::temp_directory_path(ec) /
                         ("mapline-replay-" + std::to_string(static_cast<long>(::getpid())));
    std::filesystem::create_directories(scratch, ec);
    if (!ec)
        ::setenv("TMPDIR", scratch.c_str(), 1);
    long count = 0;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path root(argv[i]);
        if (!std::filesystem::exists(root)) {
            std::fprintf(stderr, "%s: no such file or folder\n", argv[i]);
            return 2;
        }
        for (const auto &file : inputsOf(root)) {
            std::ifstream in(file, std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            if (!in.good() && !in.eof()) {
                std::fprintf(stderr, "%s: cannot be read\n", file.c_str());
                return 2;
            }
            // A crash or a failed invariant aborts here, naming the input first.
            std::fprintf(stderr, "%s\n", file.c_str());
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
            ++count;
        }
    }
    std::filesystem::remove_all(scratch, ec);
    std::printf("%ld inputs, none failed\n", count);
    return count > 0 ? 0 : 1;
}
