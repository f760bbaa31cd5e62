/* text.h: bytes from outside the suite (a case's output, a check's
 * message, a --filter, an expectations reason) made into text that every
 * report can carry: valid UTF-8 without NUL bytes. */
#ifndef CTS_TEXT_H
#define CTS_TEXT_H

#include <stddef.h>

/* A malloc'd copy of len bytes in which every NUL byte and every byte that
 * is not part of a valid UTF-8 sequence is U+FFFD. Exits on out of memory. */
char *cts_text_from_bytes(const char *data, size_t len);

/* The same for a C string; NULL stays NULL. */
char *cts_text_from_string(const char *s);

/* The length of the valid UTF-8 sequence at p (1 to 4), or 0 when the byte
 * at p is NUL or starts no valid sequence within the len bytes left. */
size_t cts_utf8_sequence(const unsigned char *p, size_t len);

#endif
