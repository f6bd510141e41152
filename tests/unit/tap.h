/* tap.h - a small TAP producer for the unit tests.
 * ok(cond, name), is_int(got, want, name), is_str(got, want, name);
 * done_testing() prints the plan and returns the exit status. */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int
tap_ok(int cond, const char *name, const char *file, int line)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	return cond;
}

#define ok(c, name) tap_ok(!!(c), name, __FILE__, __LINE__)

#define is_int(got, want, name)                                                \
	do {                                                                   \
		long long g_ = (long long)(got), w_ = (long long)(want);       \
		if (!tap_ok(g_ == w_, name, __FILE__, __LINE__))               \
			printf("#   got %lld, want %lld\n", g_, w_);           \
	} while (0)

#define is_str(got, want, name)                                                \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		int ok_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_;         \
		if (!tap_ok(ok_, name, __FILE__, __LINE__))                    \
			printf("#   got \"%s\", want \"%s\"\n",                \
			       g_ ? g_ : "(null)", w_ ? w_ : "(null)");        \
	} while (0)

static inline int
done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
