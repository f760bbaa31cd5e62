/* noisy_start.c: an LD_PRELOAD library that makes every process it is
 * loaded into (the driver, the workers, each fresh case process) write
 * bytes no report may carry raw to stderr before main: with NOISE_NUL a
 * NUL byte, otherwise invalid UTF-8 (0xFF). report_bytes.sh runs the suite
 * under it: a Python under test that prints such bytes. */
#include <unistd.h>

__attribute__((constructor)) static void write_noise(void)
{
#ifdef NOISE_NUL
    static const char noise[] = "nul:\0:\n";
#else
    static const char noise[] = "byte \xff, cut \xe2\x82\n";
#endif
    if (write(2, noise, sizeof noise - 1) < 0)
        return;
}
