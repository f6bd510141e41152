/* rules.c - find, read and compile the rule files under rules/. */
#include "dipline.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/dipline"
#endif

static char rules_path[PATH_MAX];

static int
is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *
rules_dir(void)
{
	if (rules_path[0])
		return rules_path;
	const char *env = getenv("DIPLINE_RULES");
	if (env && *env) {
		snprintf(rules_path, sizeof rules_path, "%s", env);
		return rules_path;
	}
#if defined(ABS_BUILDDIR) && defined(ABS_SRCDIR)
	/* Running from the build tree (src/dipline or a test): use the
	 * source tree's rules, so an older installed copy never wins. */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		char real[PATH_MAX];
		if (realpath(ABS_BUILDDIR, real) &&
		    (strcmp(exe, real) == 0 ||
		     (strncmp(exe, real, strlen(real)) == 0 &&
		      exe[strlen(real)] == '/')) &&
		    is_dir(ABS_SRCDIR "/rules")) {
			snprintf(rules_path, sizeof rules_path, "%s",
				 ABS_SRCDIR "/rules");
			return rules_path;
		}
	}
#endif
	snprintf(rules_path, sizeof rules_path, "%s", PKGDATADIR "/rules");
	return rules_path;
}

dl_rule_file *
rules_file_read(const char *name)
{
	char   path[PATH_MAX];
	size_t len;

	snprintf(path, sizeof path, "%s/%s", rules_dir(), name);
	char *data = util_read_file(path, &len);
	if (data == NULL) {
		util_warn(path, 0, "cannot read rule file: %s (set DIPLINE_RULES "
			  "to the folder holding the rule files)", strerror(errno));
		return NULL;
	}
	size_t ok = util_utf8_valid(data, len);
	const char *nul = memchr(data, '\0', len);
	if (ok != len || nul) {
		size_t at = nul && (size_t)(nul - data) < ok ? (size_t)(nul - data) : ok;
		long   line = 1;
		for (size_t i = 0; i < at; i++)
			line += data[i] == '\n';
		util_warn(path, line, "rule file %s", nul && data + at == nul ?
			  "holds a NUL byte" : "is not valid UTF-8");
		free(data);
		return NULL;
	}
	dl_rule_file *f = xcalloc(1, sizeof *f);
	f->arena = arena_new();
	f->path = arena_strdup(f->arena, path);
	size_t cap = 0;
	int    lineno = 0;
	char  *p = data;
	while (*p) {
		char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		lineno++;
		if (n && p[n - 1] == '\r')
			n--;
		if (n > 0 && p[0] != '#') {
			int blank = 1;
			for (size_t i = 0; i < n; i++)
				if (p[i] != ' ' && p[i] != '\t')
					blank = 0;
			if (!blank) {
				if (f->nlines == cap)
					f->lines = arena_grow(f->arena, f->lines,
							      sizeof *f->lines, &cap);
				dl_rule_line *l = &f->lines[f->nlines++];
				l->line = lineno;
				int nf = 1;
				for (size_t i = 0; i < n; i++)
					nf += p[i] == '\t';
				l->fields = arena_alloc(f->arena, sizeof(char *) * (size_t)nf);
				size_t s = 0;
				for (size_t i = 0; i <= n; i++) {
					if (i == n || p[i] == '\t') {
						l->fields[l->nfields++] =
							arena_strndup(f->arena, p + s, i - s);
						s = i + 1;
					}
				}
			}
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	free(data);
	return f;
}

void
rules_file_free(dl_rule_file *f)
{
	if (f == NULL)
		return;
	arena_free(f->arena);
	free(f);
}

pcre2_code *
rules_compile(const char *pattern, uint32_t extra, const char *file, int line)
{
	int         err;
	PCRE2_SIZE  off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
				       PCRE2_UTF | PCRE2_UCP | PCRE2_USE_OFFSET_LIMIT | extra, &err, &off, NULL);
	if (re == NULL) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(err, msg, sizeof msg);
		util_warn(file, line, "bad pattern at offset %zu: %s",
			  (size_t)off, (char *)msg);
		return NULL;
	}
	/* JIT where it works (the interpreter otherwise).  DIPLINE_NO_JIT=1
	 * turns it off: valgrind cannot follow JIT code and reports noise. */
	const char *nojit = getenv("DIPLINE_NO_JIT");
	if (nojit == NULL || *nojit == '\0' || *nojit == '0')
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

int
rules_init(void)
{
	if (text_init() != 0 || times_init() != 0 || actors_init() != 0 ||
	    events_init() != 0) {
		rules_done();
		return -1;
	}
	return 0;
}

void
rules_done(void)
{
	events_done();
	actors_done();
	times_done();
	text_done();
	prefilter_done();
}

dl_worker *
worker_new(void)
{
	dl_worker *w = xcalloc(1, sizeof *w);
	w->md = pcre2_match_data_create(64, NULL);
	w->mctx = pcre2_match_context_create(NULL);
	if (w->md == NULL || w->mctx == NULL) {
		fputs("dipline: out of memory\n", stderr);
		abort();
	}
	return w;
}

void
worker_free(dl_worker *w)
{
	if (w == NULL)
		return;
	pcre2_match_data_free(w->md);
	prefilter_worker_free(w);
	free(w);
}

int
rules_match_text(const pcre2_code *re, const char *text, size_t textlen,
		 size_t len, size_t off, pcre2_match_data *md)
{
	const unsigned char *t = (const unsigned char *)text;

	/* without the UTF check pcre2 trusts the offsets: refuse one inside
	 * a character as the check would */
	if ((off < len && (t[off] & 0xC0) == 0x80) ||
	    (len < textlen && (t[len] & 0xC0) == 0x80))
		return PCRE2_ERROR_BADUTFOFFSET;
	return pcre2_match(re, t, len, off, PCRE2_NO_UTF_CHECK, md, NULL);
}
