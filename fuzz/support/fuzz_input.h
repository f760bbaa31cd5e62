/* fuzz_input.h: the one reader every fuzz target decodes its input with, a
 * small C cousin of LLVM's FuzzedDataProvider. Values are taken from the
 * front; an exhausted input reads as zeros, so every byte string is a valid
 * program and the fuzzer never wastes inputs on parse errors. */
#ifndef CTS_FUZZ_INPUT_H
#define CTS_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

/* The op trace: with PYMEM_CTS_FUZZ_TRACE=1 in the environment (replay -v
 * sets it) each target prints one line on stderr per op it decodes,
 * "trace: <op> <operands>", so that the log of a crash holds the sequence
 * of ops that led to it. fuzz_boot reads the switch. */
extern int fuzz_tracing;
void fuzz_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define FUZZ_TRACE(...) ((void)(fuzz_tracing && (fuzz_trace(__VA_ARGS__), 1)))

typedef struct fuzz_input {
    const uint8_t *data;
    size_t left;
} fuzz_input;

static inline fuzz_input fuzz_input_of(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    return in;
}

static inline int fuzz_input_done(const fuzz_input *in)
{
    return in->left == 0;
}

static inline uint8_t fuzz_byte(fuzz_input *in)
{
    if (in->left == 0)
        return 0;
    in->left--;
    return *in->data++;
}

/* A value in [lo, hi], reading only as many bytes as the range needs. */
static inline size_t fuzz_range(fuzz_input *in, size_t lo, size_t hi)
{
    size_t span = hi - lo, v = 0;
    for (size_t bits = 0; bits < 8 * sizeof(size_t) && span >> bits; bits += 8)
        v = v << 8 | fuzz_byte(in);
    return span == SIZE_MAX ? v : lo + v % (span + 1);
}

/* An allocation size: the first byte picks a class, so that zero, pymalloc's
 * small-block limit (512) and blocks far above it are all a byte away. */
static inline size_t fuzz_size(fuzz_input *in)
{
    uint8_t b = fuzz_byte(in);
    switch (b >> 6) {
    case 0: return b & 63;                         /* 0..63 */
    case 1: return 448 + (size_t)(b & 63) * 2;     /* 448..574, across 512 */
    case 2: return fuzz_range(in, 64, 4096);       /* pool-sized and page-sized */
    default: return fuzz_range(in, 4097, 1 << 14); /* large: never pymalloc */
    }
}

#endif
