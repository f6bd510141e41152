/* fuzz_ingest.c - libFuzzer harness: bytes as an input file (.jsonl when
 * the first byte is even, else .txt; .json when it is a multiple of 3)
 * through ingest_path, every article through the pipeline and the graph.
 * See tests/fuzz/README.md. */
#include "fuzz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static dl_worker *fuzz_w;
static char       fuzz_dir[] = "/tmp/dipline-fuzz-XXXXXX";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_rules_init();
	if (mkdtemp(fuzz_dir) == NULL)
		abort();
	fuzz_w = worker_new();
	return 0;
}

static void
fuzz_on_article(dl_article *art, void *ud)
{
	dl_graph *g = ud;
	pipeline_article(art, fuzz_w);
	graph_add_article(g, art);
	ingest_article_free(art);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *ext = ".txt";
	if (size > 0 && data[0] % 3 == 0)
		ext = ".json";
	else if (size > 0 && data[0] % 2 == 0)
		ext = ".jsonl";
	char path[64];
	snprintf(path, sizeof path, "%s/in%s", fuzz_dir, ext);
	FILE *fp = fopen(path, "wb");
	if (fp == NULL)
		abort();
	if (size > 1)
		fwrite(data + 1, 1, size - 1, fp);
	fclose(fp);

	dl_graph *g = graph_new();
	ingest_path(path, size > 1 && data[1] & 1 ? "2015-09-09" : NULL,
		    fuzz_on_article, g);
	unlink(path);
	graph_finish(g);
	dl_buf b = {0};
	export_json(g, &b);
	buf_free(&b);
	graph_free(g);
	return 0;
}
