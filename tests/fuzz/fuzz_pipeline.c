/* fuzz_pipeline.c - libFuzzer harness: article text through every stage,
 * the graph and every exporter.  See tests/fuzz/README.md.
 *
 * The input is split on form feeds ('\f') into up to four articles (so
 * the graph merges events across documents).  Like ingest's check_text,
 * the pipeline expects valid UTF-8 without NUL bytes: NULs become spaces
 * and bytes that do not start a valid UTF-8 sequence become '?'.  When
 * the input's size is a multiple of four the articles have no publication
 * date.  It creates no file. */
#include "fuzz.h"

static dl_worker *fuzz_w;

static void
fuzz_atexit(void)
{
	worker_free(fuzz_w);
	rules_done();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_rules_init();
	fuzz_w = worker_new();
	atexit(fuzz_atexit);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dl_graph *g = graph_new();
	fuzz_articles(data, size, size % 4 != 0, fuzz_w, g);
	graph_finish(g);
	fuzz_export(g);
	graph_free(g);
	return 0;
}
