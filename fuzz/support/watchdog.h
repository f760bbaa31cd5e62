/* watchdog.h: a thread that ends a fuzz input that runs too long, the way
 * a deadlock shows: when one input has run PYMEM_CTS_FUZZ_WATCHDOG seconds
 * (default 10) it calls the target's report, which names what is stuck and
 * aborts through FUZZ_CHECK, so a hang is a crash with a reproducer. */
#ifndef CTS_WATCHDOG_H
#define CTS_WATCHDOG_H

/* Starts the watchdog thread; report(seconds) is called on its thread when
 * an input overruns, and must not return. */
void watchdog_start(void (*report)(int seconds));

/* Brackets each input: 1 as it starts, 0 when it is done. */
void watchdog_input(int starts);

#endif
