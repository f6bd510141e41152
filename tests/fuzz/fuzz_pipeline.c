/* fuzz_pipeline.c - libFuzzer harness: article text through every stage,
 * the graph and every exporter.  See tests/fuzz/README.md.
 *
 * The input is split on form feeds ('\f') into up to four articles (so
 * the graph merges events across documents).  Like ingest's check_text,
 * the pipeline expects valid UTF-8 without NUL bytes: NULs become spaces
 * and bytes that do not start a valid UTF-8 sequence become '?'.  When
 * the input's size is a multiple of four the articles have no publication
 * date. */
#include "fuzz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_ARTICLES 4

static dl_worker *fuzz_w;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_rules_init();
	fuzz_w = worker_new();
	return 0;
}

/* Make s valid UTF-8 without NULs, in place. */
static void
fuzz_clean(char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t ok = util_utf8_valid(s + i, len - i);
		i += ok;
		if (i < len)
			s[i++] = '?';
	}
	for (i = 0; i < len; i++)
		if (s[i] == '\0')
			s[i] = ' ';
}

static void
fuzz_export(const dl_graph *g)
{
	int (*fn[])(const dl_graph *, dl_buf *) = {
		export_json, export_jsonl, export_ics, export_timelinejs,
		export_vis, export_csv, export_dot, export_gexf,
	};
	for (size_t i = 0; i < sizeof fn / sizeof fn[0]; i++) {
		dl_buf b = {0};
		fn[i](g, &b);
		buf_free(&b);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = xmalloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	fuzz_clean(copy, size);

	dl_graph *g = graph_new();
	char     *p = copy, *end = copy + size;
	for (int n = 0; n < FUZZ_MAX_ARTICLES && p <= end; n++) {
		char  *ff = n + 1 < FUZZ_MAX_ARTICLES ?
		    memchr(p, '\f', (size_t)(end - p)) : NULL;
		size_t len = ff ? (size_t)(ff - p) : (size_t)(end - p);
		if (len > 0) {
			char origin[32];
			snprintf(origin, sizeof origin, "fuzz-%d.txt", n);
			dl_article *art = ingest_article_new(origin, p, len);
			art->id = arena_printf(art->arena, "fuzz-%d", n);
			art->title = arena_strdup(art->arena, "Fuzz");
			if (size % 4 != 0)
				memcpy(art->published, "2015-09-09", 11);
			pipeline_article(art, fuzz_w);
			dl_buf b = {0};
			export_article_events(art, &b);
			export_article_times(art, &b);
			buf_free(&b);
			graph_add_article(g, art);
			ingest_article_free(art);
		}
		if (ff == NULL)
			break;
		p = ff + 1;
	}
	graph_finish(g);
	fuzz_export(g);
	graph_free(g);
	free(copy);
	return 0;
}
