/* ingest.c - read .txt, .json, .jsonl files, folders and stdin into articles. */
#include "dipline.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Articles longer than this are rejected (a scraper dumping a whole page
 * or a binary blob), so one bad record cannot stall a batch. */
#define INGEST_MAX_TEXT (4u * 1024 * 1024)

typedef struct {
	const char *dct;
	ingest_cb   cb;
	void       *ud;
	int         rejected;
} ingest_ctx;

dl_article *
ingest_article_new(const char *origin, const char *text, size_t len)
{
	dl_article *art = xcalloc(1, sizeof *art);
	art->arena = arena_new();
	art->origin = arena_strdup(art->arena, origin);
	art->text = arena_strndup(art->arena, text, len);
	art->len = len;
	return art;
}

void
ingest_article_free(dl_article *art)
{
	if (art == NULL)
		return;
	arena_free(art->arena);
	free(art);
}

static long
line_of(const char *s, size_t off)
{
	long line = 1;
	for (size_t i = 0; i < off; i++)
		line += s[i] == '\n';
	return line;
}

static int
month_of(const char *s, size_t n)
{
	static const char *names[] = {"jan", "feb", "mar", "apr", "may", "jun",
				      "jul", "aug", "sep", "oct", "nov", "dec"};
	if (n < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (strncasecmp(s, names[i], 3) == 0)
			return i + 1;
	return 0;
}

/* Parse a publication date in the forms feeds use: 2015-09-09,
 * 2015-09-09T12:00:00Z, 20150909, September 9, 2015, 9 Sep 2015,
 * Wed, 09 Sep 2015 10:00:00 GMT.  Writes YYYY-MM-DD; 0 on success. */
static int
parse_published(const char *s, char out[11])
{
	long days;
	int  y = 0, m = 0, d = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (date_parse_iso(s, &days) == 0) {
		date_format(days, out);
		return 0;
	}
	if (strlen(s) >= 8 && sscanf(s, "%4d%2d%2d", &y, &m, &d) == 3 &&
	    isdigit((unsigned char)s[7]) && (s[8] == '\0' || s[8] == 'T')) {
		if (m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m))
			goto ok;
	}
	/* word forms: collect a month name, a day and a four-digit year */
	y = m = d = 0;
	for (const char *p = s; *p;) {
		if (isalpha((unsigned char)*p)) {
			const char *q = p;
			while (isalpha((unsigned char)*q))
				q++;
			if (!m)
				m = month_of(p, (size_t)(q - p));
			p = q;
		} else if (isdigit((unsigned char)*p)) {
			char *q;
			long  v = strtol(p, &q, 10);
			if (*q == ':')  /* a clock time: stop */
				break;
			if (q - p == 4 && !y)
				y = (int)v;
			else if (q - p <= 2 && !d)
				d = (int)v;
			p = q;
		} else
			p++;
	}
	if (y && m && d && d <= date_days_in_month(y, m))
		goto ok;
	return -1;
ok:
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 0;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static char *
stem(arena *a, const char *path)
{
	const char *b = base_name(path);
	const char *dot = strrchr(b, '.');
	return arena_strndup(a, b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

/* Checks shared by every format; 0 when the text may be analysed. */
static int
check_text(const char *file, long line0, const char *text, size_t len,
	   const char *what)
{
	if (len == 0) {
		util_warn(file, line0, "%s has no text", what);
		return -1;
	}
	if (memchr(text, '\0', len)) {
		util_warn(file, line0, "%s looks binary "
			  "(NUL byte at offset %zu)", what,
			  (size_t)((const char *)memchr(text, '\0', len) - text));
		return -1;
	}
	size_t ok = util_utf8_valid(text, len);
	if (ok != len) {
		util_warn(file, (line0 ? line0 : 1) + line_of(text, ok) - 1,
			  "%s is not valid UTF-8 (bad byte 0x%02x at offset %zu)",
			  what, (unsigned char)text[ok], ok);
		return -1;
	}
	if (len > INGEST_MAX_TEXT) {
		util_warn(file, line0, "%s is %zu bytes, over the %u-byte limit "
			  "for one article", what, len, INGEST_MAX_TEXT);
		return -1;
	}
	return 0;
}

static void
set_date(ingest_ctx *c, dl_article *art, const char *date, const char *file,
	 long line)
{
	if (date && *date) {
		if (parse_published(date, art->published) == 0)
			return;
		util_warn(file, line, "unrecognised publication date \"%s\"%s",
			  date, c->dct && *c->dct ? "; using --dct" : "");
	}
	if (c->dct && *c->dct) {
		memcpy(art->published, c->dct, 10);
		art->published[10] = '\0';
		return;
	}
	util_warn(file, line, "article \"%s\" has no publication date: relative "
		  "expressions stay unresolved (give one with --dct)", art->id);
}

static void
ingest_txt(ingest_ctx *c, const char *file, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	const char *title = NULL, *url = NULL, *source = NULL, *date = NULL;
	size_t      tl = 0, ul = 0, sl = 0, dl = 0;
	const char *body = data;

	/* header lines at the very top, ended by a blank line */
	int headers = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t      n = eol ? (size_t)(eol - p) : (size_t)(end - p);
		size_t      vn;
		const char *colon = memchr(p, ':', n);
		if (n == 0 || (n == 1 && p[0] == '\r')) {
			if (headers)
				body = eol ? eol + 1 : end;
			break;
		}
		if (colon == NULL)
			break;
		size_t      kl = (size_t)(colon - p);
		const char *v = colon + 1;
		while (v < p + n && (*v == ' ' || *v == '\t'))
			v++;
		vn = (size_t)(p + n - v);
		if (vn && v[vn - 1] == '\r')
			vn--;
		if (kl == 5 && strncasecmp(p, "Title", 5) == 0)
			title = v, tl = vn;
		else if ((kl == 4 && strncasecmp(p, "Date", 4) == 0) ||
			 (kl == 9 && strncasecmp(p, "Published", 9) == 0))
			date = v, dl = vn;
		else if (kl == 3 && strncasecmp(p, "URL", 3) == 0)
			url = v, ul = vn;
		else if (kl == 6 && strncasecmp(p, "Source", 6) == 0)
			source = v, sl = vn;
		else
			break;
		headers++;
		if (!eol || eol + 1 == end) {
			body = end;   /* nothing but header lines */
			break;
		}
		p = eol + 1;
	}
	if (!headers)
		body = data;
	size_t blen = (size_t)(end - body);
	long   line0 = line_of(data, (size_t)(body - data));
	if (check_text(file, line0 > 1 ? line0 : 0, body, blen, "article") != 0) {
		c->rejected++;
		return;
	}
	dl_article *art = ingest_article_new(file, body, blen);
	art->id = stem(art->arena, file);
	if (title)
		art->title = arena_strndup(art->arena, title, tl);
	if (url)
		art->url = arena_strndup(art->arena, url, ul);
	if (source)
		art->source = arena_strndup(art->arena, source, sl);
	char *ds = date ? arena_strndup(art->arena, date, dl) : NULL;
	set_date(c, art, ds, file, 0);
	c->cb(art, c->ud);
}

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* One JSON record; line is its line in the file (0 for a .json file). */
static void
ingest_record(ingest_ctx *c, const char *file, long line, json_t *o, int index)
{
	const char *where = file;
	if (!json_is_object(o)) {
		util_warn(file, line, "record is not a JSON object");
		c->rejected++;
		return;
	}
	json_t *tv = json_object_get(o, "text");
	if (!json_is_string(tv)) {
		util_warn(where, line, "record has no \"text\" string");
		c->rejected++;
		return;
	}
	const char *text = json_string_value(tv);
	size_t      len = json_string_length(tv);
	if (check_text(file, line, text, len, "record text") != 0) {
		c->rejected++;
		return;
	}
	char origin[4096];
	if (line)
		snprintf(origin, sizeof origin, "%s:%ld", file, line);
	else
		snprintf(origin, sizeof origin, "%s", file);
	dl_article *art = ingest_article_new(origin, text, len);
	json_t *idv = json_object_get(o, "id");
	if (json_is_string(idv))
		art->id = arena_strdup(art->arena, json_string_value(idv));
	else if (json_is_integer(idv))
		art->id = arena_printf(art->arena, "%" JSON_INTEGER_FORMAT,
				       json_integer_value(idv));
	else
		art->id = arena_printf(art->arena, "%s-%d", stem(art->arena, file),
				       index);
	art->title = arena_strdup(art->arena, jstr(o, "title"));
	art->url = arena_strdup(art->arena, jstr(o, "url"));
	art->source = arena_strdup(art->arena, jstr(o, "source"));
	const char *date = jstr(o, "published");
	if (!date)
		date = jstr(o, "date");
	set_date(c, art, date, file, line);
	c->cb(art, c->ud);
}

static void
ingest_jsonl(ingest_ctx *c, const char *file, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	long        line = 0;
	int         index = 0, any = 0;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t      n = eol ? (size_t)(eol - p) : (size_t)(end - p);
		line++;
		const char *q = p;
		while (q < p + n && isspace((unsigned char)*q))
			q++;
		if (q < p + n) {
			json_error_t err;
			json_t *o = json_loadb(p, n, 0, &err);
			index++;
			any = 1;
			if (o == NULL) {
				util_warn(file, line, "malformed JSON record: %s "
					  "(column %d)", err.text, err.column);
				c->rejected++;
			} else {
				ingest_record(c, file, line, o, index);
				json_decref(o);
			}
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	if (!any) {
		util_warn(file, 0, "no records in file");
		c->rejected++;
	}
}

static void
ingest_json(ingest_ctx *c, const char *file, const char *data, size_t len)
{
	json_error_t err;
	json_t *root = json_loadb(data, len, 0, &err);
	if (root == NULL) {
		util_warn(file, err.line, "malformed JSON: %s", err.text);
		c->rejected++;
		return;
	}
	if (json_is_array(root)) {
		size_t  i;
		json_t *o;
		if (json_array_size(root) == 0) {
			util_warn(file, 0, "no records in file");
			c->rejected++;
		}
		json_array_foreach(root, i, o)
			ingest_record(c, file, 0, o, (int)i + 1);
	} else
		ingest_record(c, file, 0, root, 1);
	json_decref(root);
}

static int
has_ext(const char *path, const char *ext)
{
	size_t pl = strlen(path), el = strlen(ext);
	return pl > el && strcasecmp(path + pl - el, ext) == 0;
}

static void ingest_one(ingest_ctx *c, const char *path, int explicit_path);

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
ingest_dir(ingest_ctx *c, const char *path)
{
	DIR *d = opendir(path);
	if (d == NULL) {
		util_warn(path, 0, "cannot read folder: %s", strerror(errno));
		c->rejected++;
		return;
	}
	char  **names = NULL;
	size_t  n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xrealloc(names, cap * sizeof *names);
		}
		size_t l = strlen(path) + strlen(e->d_name) + 2;
		names[n] = xmalloc(l);
		snprintf(names[n], l, "%s%s%s", path,
			 path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);  /* deterministic order */
	for (size_t i = 0; i < n; i++) {
		ingest_one(c, names[i], 0);
		free(names[i]);
	}
	free(names);
}

static void
ingest_one(ingest_ctx *c, const char *path, int explicit_path)
{
	struct stat st;
	int is_stdin = strcmp(path, "-") == 0;

	if (!is_stdin) {
		if (stat(path, &st) != 0) {
			util_warn(path, 0, "cannot open: %s", strerror(errno));
			c->rejected++;
			return;
		}
		if (S_ISDIR(st.st_mode)) {
			ingest_dir(c, path);
			return;
		}
		/* inside folders, only files that look like articles */
		if (!explicit_path && !has_ext(path, ".txt") &&
		    !has_ext(path, ".json") && !has_ext(path, ".jsonl") &&
		    !has_ext(path, ".ndjson"))
			return;
	}
	size_t len;
	char  *data = util_read_file(path, &len);
	const char *name = is_stdin ? "<stdin>" : path;
	if (data == NULL) {
		util_warn(name, 0, "cannot read: %s", strerror(errno));
		c->rejected++;
		return;
	}
	if (len == 0) {
		util_warn(name, 0, "empty file");
		c->rejected++;
	} else if (has_ext(path, ".jsonl") || has_ext(path, ".ndjson"))
		ingest_jsonl(c, name, data, len);
	else if (has_ext(path, ".json"))
		ingest_json(c, name, data, len);
	else if (is_stdin) {
		const char *q = data;
		while (q < data + len && isspace((unsigned char)*q))
			q++;
		if (q < data + len && *q == '{')
			ingest_jsonl(c, name, data, len);
		else if (q < data + len && *q == '[')
			ingest_json(c, name, data, len);
		else
			ingest_txt(c, name, data, len);
	} else
		ingest_txt(c, name, data, len);
	free(data);
}

int
ingest_path(const char *path, const char *dct, ingest_cb cb, void *ud)
{
	ingest_ctx c = {dct, cb, ud, 0};
	ingest_one(&c, path, 1);
	return c.rejected;
}
