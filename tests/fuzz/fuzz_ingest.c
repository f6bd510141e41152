/* fuzz_ingest.c - libFuzzer harness: bytes as an input file through
 * ingest_path, every article through the pipeline, the graph and every
 * exporter.  The first byte picks the file's name (extension, none, or
 * standard input) and whether ingest has a --dct: see fuzz_ext in fuzz.h
 * and tests/fuzz/README.md.  The rest is the file, written to a private
 * temporary folder, removed after each input; the folder goes at exit. */
#include "fuzz.h"

static dl_worker *fuzz_w;
static char       fuzz_dir[4096];

static void
fuzz_atexit(void)
{
	rmdir(fuzz_dir);
	worker_free(fuzz_w);
	rules_done();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_rules_init();
	fuzz_mkdtemp(fuzz_dir, sizeof fuzz_dir);
	fuzz_w = worker_new();
	atexit(fuzz_atexit);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dl_graph *g = graph_new();
	/* no byte at all: an empty .txt file */
	fuzz_ingest(fuzz_dir, size ? data[0] : 0, data + (size > 0),
		    size ? size - 1 : 0, fuzz_w, g);
	graph_finish(g);
	fuzz_export(g);
	graph_free(g);
	return 0;
}
