/* fuzz.h - what the libFuzzer harnesses share: the entry points and the
 * one-time set-up (rules from FUZZ_RULES_DIR unless DIPLINE_RULES is set). */
#ifndef FUZZ_H
#define FUZZ_H

#include "../../src/dipline.h"

#include <stdint.h>
#include <stdlib.h>

#ifndef FUZZ_RULES_DIR
#define FUZZ_RULES_DIR "src/rules"	/* run from the source tree */
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Load and compile the rules once; abort when they cannot be read. */
static inline void
fuzz_rules_init(void)
{
	if (getenv("DIPLINE_RULES") == NULL)
		setenv("DIPLINE_RULES", FUZZ_RULES_DIR, 1);
	if (rules_init() != 0)
		abort();
}

#endif
