// cxx_engine.cc: a fuzzing engine written in C++, as the drivers of AFL++
// and honggfuzz are: main() calls LLVMFuzzerInitialize, then runs each file
// named on the command line through LLVMFuzzerTestOneInput. The OSS-Fuzz
// rehearsal links the targets with it as $LIB_FUZZING_ENGINE: a target
// linked by the C compiler then fails (no C++ runtime), as on OSS-Fuzz.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    std::vector<std::string> files(argv + 1, argv + argc);
    size_t runs = 0;
    for (const std::string &name : files) {
        std::ifstream in(name, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "cxx engine: cannot read %s\n", name.c_str());
            return 2;
        }
        std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
        LLVMFuzzerTestOneInput(data.data(), data.size());
        runs++;
    }
    std::fprintf(stderr, "cxx engine: %zu inputs\n", runs);
    return 0;
}
