/* fuzz.h - what the libFuzzer harnesses share: the entry points, the
 * one-time set-up (rules from FUZZ_RULES_DIR unless DIPLINE_RULES is set),
 * a private temporary folder, article text through the pipeline, every
 * exporter, and an input file through ingest_path.  Each harness includes
 * it once; the helpers are static inline so an unused one costs nothing. */
#ifndef FUZZ_H
#define FUZZ_H

#include "../../src/dipline.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_RULES_DIR
#define FUZZ_RULES_DIR "src/rules"	/* run from the source tree */
#endif

#define FUZZ_MAX_ARTICLES 4
#define FUZZ_DCT "2015-09-09"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Load and compile the rules once; abort when they cannot be read.  The
 * prefilter runs in its check mode (every search also by pcre2 alone, an
 * abort where they differ: a finding), without the disk cache. */
static inline void
fuzz_rules_init(void)
{
	if (getenv("DIPLINE_RULES") == NULL)
		setenv("DIPLINE_RULES", FUZZ_RULES_DIR, 1);
	if (getenv("DIPLINE_PREFILTER") == NULL)
		setenv("DIPLINE_PREFILTER", "check", 1);
	setenv("DIPLINE_CACHE", "off", 1);
	if (rules_init() != 0)
		abort();
}

/* Make a private folder "$TMPDIR/dipline-fuzz-XXXXXX" (TMPDIR else /tmp)
 * into dir (dirsz bytes); abort on failure.  The caller removes it. */
static inline void
fuzz_mkdtemp(char *dir, size_t dirsz)
{
	const char *t = getenv("TMPDIR");
	if (t == NULL || *t == '\0')
		t = "/tmp";
	if ((size_t)snprintf(dir, dirsz, "%s/dipline-fuzz-XXXXXX", t) >= dirsz ||
	    mkdtemp(dir) == NULL) {
		perror("fuzz: mkdtemp");
		abort();
	}
}

/* Write size bytes to path (created or truncated); abort on failure. */
static inline void
fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	FILE *fp = fopen(path, "wb");
	if (fp == NULL || (size > 0 && fwrite(data, 1, size, fp) != size) ||
	    fclose(fp) != 0) {
		perror(path);
		abort();
	}
}

/* Make s valid UTF-8 without NULs, in place (as ingest's check_text
 * would reject them): NULs become spaces and bytes that do not start a
 * valid UTF-8 sequence become '?'. */
static inline void
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

/* Every graph exporter, output thrown away. */
static inline void
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

/* One article through every stage, the article exporters and into g;
 * frees art. */
static inline void
fuzz_analyse(dl_article *art, dl_worker *w, dl_graph *g)
{
	pipeline_article(art, w);
	dl_buf b = {0};
	export_article_events(art, &b);
	export_article_times(art, &b);
	buf_free(&b);
	graph_add_article(g, art);
	ingest_article_free(art);
}

/* Bytes as article text into g: split on form feeds into up to
 * FUZZ_MAX_ARTICLES articles, cleaned with fuzz_clean, dated FUZZ_DCT when
 * dated is set. */
static inline void
fuzz_articles(const uint8_t *data, size_t size, int dated, dl_worker *w,
	      dl_graph *g)
{
	char *copy = xmalloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	fuzz_clean(copy, size);

	char *p = copy, *end = copy + size;
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
			if (dated)
				memcpy(art->published, FUZZ_DCT, 11);
			fuzz_analyse(art, w, g);
		}
		if (ff == NULL)
			break;
		p = ff + 1;
	}
	free(copy);
}

/*
 * Input files for ingest_path.  The low three bits of a selector byte pick
 * how the bytes reach ingest (in the ASCII seeds, '0' to '7'); bit 3 gives
 * ingest a --dct ('8' to '?': the same with FUZZ_DCT):
 *   0 in.txt    1 in.json   2 in.jsonl   3 in.ndjson
 *   4 in        (no extension: what the content looks like decides)
 *   5 in.dat    (an explicit file with another extension)
 *   6 standard input ("-": the content decides), read from the file in
 *   7 in.TXT    (extensions are case-insensitive)
 */
static const char *const fuzz_ext[8] = {
	".txt", ".json", ".jsonl", ".ndjson", "", ".dat", NULL, ".TXT"
};

typedef struct {
	dl_worker *w;
	dl_graph  *g;
} fuzz_ctx;

/* ingest_cb: the article through fuzz_analyse into the context's graph. */
static inline void
fuzz_on_article(dl_article *art, void *ud)
{
	fuzz_ctx *c = ud;
	fuzz_analyse(art, c->w, c->g);
}

/* ingest_path("-") with standard input read from path. */
static inline void
fuzz_ingest_stdin(const char *path, const char *dct, fuzz_ctx *c)
{
	int saved = fcntl(0, F_DUPFD_CLOEXEC, 3);	/* -1: 0 was closed */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || dup2(fd, 0) < 0) {
		perror(path);
		abort();
	}
	close(fd);
	clearerr(stdin);
	ingest_path("-", dct, fuzz_on_article, c);
	if (saved >= 0) {
		dup2(saved, 0);
		close(saved);
	} else
		close(0);
	clearerr(stdin);
}

/* Bytes as an input file in dir, as sel picks (see fuzz_ext), through
 * ingest_path; every article through fuzz_analyse with w into g.  The
 * file is removed after. */
static inline void
fuzz_ingest(const char *dir, unsigned sel, const uint8_t *data, size_t size,
	    dl_worker *w, dl_graph *g)
{
	const char *ext = fuzz_ext[sel & 7];
	const char *dct = sel & 8 ? FUZZ_DCT : NULL;
	fuzz_ctx    c = {w, g};
	char        path[4096];

	snprintf(path, sizeof path, "%s/in%s", dir, ext ? ext : "");
	fuzz_write(path, data, size);
	if (ext == NULL)
		fuzz_ingest_stdin(path, dct, &c);
	else
		ingest_path(path, dct, fuzz_on_article, &c);
	unlink(path);
}

#endif
