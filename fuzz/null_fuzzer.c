/* null_fuzzer.c: the yardstick. It boots Python like every target and reads
 * its input like every target, but calls no memory API, so its rate is the
 * ceiling the other targets' exec/s are compared with. Its planted bug
 * aborts on an input starting with "BUG". */
#include "runtime.h"

#include "fuzz_boot.h"
#include "fuzz_check.h"
#include "fuzz_input.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_boot("null_fuzzer");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_input_of(data, size);
    unsigned sum = 0;
    while (!fuzz_input_done(&in))
        sum = sum * 31 + fuzz_byte(&in);
    FUZZ_CHECK(!(fuzz_planted() && size >= 3 && data[0] == 'B' && data[1] == 'U' && data[2] == 'G'),
               "null_fuzzer: the planted bug (input starts with \"BUG\", checksum %u)", sum);
    return 0;
}
