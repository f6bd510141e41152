/* fuzz_timeline.c - libFuzzer harness: bytes as a built timeline (JSON or
 * JSON Lines, the `dipline merge` input) through graph_add_timeline,
 * graph_finish and every exporter.  See tests/fuzz/README.md.  It creates
 * no file. */
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_rules_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a private copy, so reads past the end are caught */
	char *copy = xmalloc(size ? size : 1);
	memcpy(copy, data, size);

	dl_graph *g = graph_new();
	/* Add the input twice when its first byte is odd: merging a
	 * timeline with itself exercises the duplicate paths. */
	int times = size > 0 && (copy[0] & 1) ? 2 : 1;
	for (int i = 0; i < times; i++)
		if (graph_add_timeline(g, copy, size, "fuzz.json") != 0)
			break;
	graph_finish(g);
	fuzz_export(g);
	graph_free(g);
	free(copy);
	return 0;
}
