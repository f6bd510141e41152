/* fuzz_dictionary.c - libFuzzer harness: a user actor dictionary
 * (actors.local.tsv) and an article.  See tests/fuzz/README.md.
 *
 * The input is SEL DICTIONARY '\f' ARTICLE.  At start the harness makes a
 * private temporary folder holding rules/, with a symbolic link to every
 * rule file of the real rules folder ($DIPLINE_RULES, else FUZZ_RULES_DIR),
 * and points DIPLINE_RULES at it.  Per input it writes DICTIONARY as
 * rules/actors.local.tsv (none when DICTIONARY is empty), reloads the
 * actors stage alone (actors_done, actors_init: the other stages keep no
 * pointer into its tables, articles and the graph copy what they take) and
 * removes the file; when DICTIONARY is the one loaded last it keeps the
 * stage as it is (a reload costs most of the time of an input).  A
 * dictionary actors_init rejects ends the input (it must have said why).  Then ARTICLE goes through the pipeline, the graph
 * and every exporter: as article text split on form feeds (fuzz_articles)
 * when SEL has bit 6 set ('@' to 'O'; dated when bit 3 is set), else as an
 * input file through ingest_path as fuzz_ingest does ('0' to '?', see
 * fuzz_ext in fuzz.h).  Everything the harness made goes at exit.
 */
#include "fuzz.h"

#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>

static dl_worker *fuzz_w;
static char       fuzz_dir[4096];     /* the private folder */
static char       fuzz_rules[4200];   /* fuzz_dir/rules */
static char       fuzz_local[4300];   /* fuzz_rules/actors.local.tsv */
static uint8_t   *fuzz_last;          /* the dictionary loaded last (heap) */
static size_t     fuzz_last_len;
static int        fuzz_loaded = 1;    /* actors_init accepted it */

/* Remove fuzz_rules (links and any dictionary left) and fuzz_dir. */
static void
fuzz_remove(void)
{
	DIR *d = opendir(fuzz_rules);
	if (d != NULL) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			char p[4500];
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof p, "%s/%s", fuzz_rules, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(fuzz_rules);
	rmdir(fuzz_dir);
}

static void
fuzz_atexit(void)
{
	rules_done();
	worker_free(fuzz_w);
	free(fuzz_last);
	fuzz_remove();
}

/* Link every file of the real rules folder but a user dictionary. */
static void
fuzz_link_rules(void)
{
	const char *src = getenv("DIPLINE_RULES");
	char        real[PATH_MAX];
	if (src == NULL || *src == '\0')
		src = FUZZ_RULES_DIR;
	DIR *d = realpath(src, real) ? opendir(real) : NULL;
	if (d == NULL) {
		perror(src);
		abort();
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char from[PATH_MAX + 256], to[4500];
		struct stat st;
		snprintf(from, sizeof from, "%s/%s", real, e->d_name);
		if (stat(from, &st) != 0 || !S_ISREG(st.st_mode) ||
		    strcmp(e->d_name, "actors.local.tsv") == 0)
			continue;
		snprintf(to, sizeof to, "%s/%s", fuzz_rules, e->d_name);
		if (symlink(from, to) != 0) {
			perror(to);
			abort();
		}
	}
	closedir(d);
}

/* Reload the actors stage with dict as the user dictionary (none when
 * empty); remember it. */
static void
fuzz_load(const uint8_t *dict, size_t dlen)
{
	if (dlen > 0)
		fuzz_write(fuzz_local, dict, dlen);
	actors_done();
	fuzz_loaded = actors_init() == 0;
	unlink(fuzz_local);
	free(fuzz_last);
	fuzz_last = xmalloc(dlen ? dlen : 1);
	memcpy(fuzz_last, dict, dlen);
	fuzz_last_len = dlen;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_mkdtemp(fuzz_dir, sizeof fuzz_dir);
	snprintf(fuzz_rules, sizeof fuzz_rules, "%s/rules", fuzz_dir);
	snprintf(fuzz_local, sizeof fuzz_local, "%s/actors.local.tsv", fuzz_rules);
	atexit(fuzz_atexit);
	if (mkdir(fuzz_rules, 0700) != 0) {
		perror(fuzz_rules);
		abort();
	}
	fuzz_link_rules();
	/* before the first rules_dir(), which keeps what it found */
	setenv("DIPLINE_RULES", fuzz_rules, 1);
	fuzz_rules_init();
	fuzz_w = worker_new();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned       sel = size ? data[0] : 0;
	const uint8_t *dict = data + (size > 0), *end = data + size;
	const uint8_t *ff = memchr(dict, '\f', (size_t)(end - dict));
	const uint8_t *text = ff ? ff + 1 : end;
	size_t         dlen = (size_t)((ff ? ff : end) - dict);

	if (dlen != fuzz_last_len ||
	    (dlen > 0 && memcmp(dict, fuzz_last, dlen) != 0))
		fuzz_load(dict, dlen);
	if (!fuzz_loaded)
		return 0;

	dl_graph *g = graph_new();
	if (sel & 0x40)
		fuzz_articles(text, (size_t)(end - text), sel & 8, fuzz_w, g);
	else
		fuzz_ingest(fuzz_dir, sel, text, (size_t)(end - text), fuzz_w, g);
	graph_finish(g);
	fuzz_export(g);
	graph_free(g);
	return 0;
}
