/* mode.c: linked into a fuzz binary built for one PYTHONMALLOC mode
 * (compiled with -DCTS_FUZZ_MODE="<mode>"): fuzz_boot sets that mode, so
 * the binary needs no environment (OSS-Fuzz's runners set none of ours). */
const char *const cts_fuzz_mode = CTS_FUZZ_MODE;
