/* ingest.c - read .txt, .json, .jsonl files, folders and stdin into articles.
 *
 * Inputs are opened only when they are regular files (or "-", standard
 * input): FIFOs, sockets and devices are named and skipped, never opened,
 * so a batch cannot block on them.  Folders are walked once per real file
 * (device and inode), so symbolic links cannot make a cycle or read a file
 * twice.  Every read is bounded: a file is refused from its size before it
 * is read, a stream as soon as it passes the limit, and JSON Lines are
 * read one record at a time. */
#include "dipline.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Articles longer than this are rejected (a scraper dumping a whole page
 * or a binary blob), so one bad record cannot stall a batch. */
#define INGEST_MAX_TEXT (4u * 1024 * 1024)
/* A .txt file: one article and its header lines. */
#define INGEST_MAX_TXT_FILE (INGEST_MAX_TEXT + 64u * 1024)
/* One JSON Lines record: the text may grow six-fold when escaped. */
#define INGEST_MAX_LINE (32u * 1024 * 1024)
/* A .json document is parsed whole: larger batches belong in .jsonl. */
#define INGEST_MAX_JSON (256u * 1024 * 1024)

/* A real file already visited, and the name it was first seen under. */
typedef struct {
	dev_t dev;
	ino_t ino;
	char *path;
} ingest_seen;

struct ingest_batch {
	const char  *dct;
	ingest_cb    cb;
	void        *ud;
	int          rejected;
	ingest_seen *seen;   /* open-addressing set keyed by (dev, ino) */
	size_t       nseen, capseen;
	int          avoid;  /* skip the output file */
	int          met_avoided;
	long         files;        /* files tried (articles or not) */
	dev_t        avoid_dev;
	ino_t        avoid_ino;
	int          avoid_in;     /* ... or a new file the walk would read
				    * in this folder */
	dev_t        avoid_dir_dev;
	ino_t        avoid_dir_ino;
};
typedef struct ingest_batch ingest_ctx;

/* Where a JSON record sits, for messages: the line of its first byte,
 * and inside a .json array its index and id. */
typedef struct {
	const char *file;
	long        line;
	int         index;     /* 1-based; 0 when the record is the file */
	const char *id;
} ingest_where;

/* Old Macintosh files end lines with a lone CR: make it LF, which keeps
 * every byte offset; CRLF stays as it is. */
static void
normalise_cr(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'))
			s[i] = '\n';
}

dl_article *
ingest_article_new(const char *origin, const char *text, size_t len)
{
	dl_article *art = xcalloc(1, sizeof *art);
	art->arena = arena_new();
	art->origin = arena_strdup(art->arena, origin);
	art->text = arena_strndup(art->arena, text, len);
	art->len = len;
	normalise_cr(art->text, len);
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

/* Length of a UTF-8 byte order mark at s, else 0. */
static size_t
bom_len(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
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

/* A file's name without folder and extension, as a document id.  Names
 * are bytes, ids UTF-8 text: a byte that is not part of a valid UTF-8
 * character becomes U+FFFD (two such names then share an id, which the
 * graph keeps apart by text). */
static char *
stem(arena *a, const char *path)
{
	const char *b = base_name(path);
	const char *dot = strrchr(b, '.');
	size_t      n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
	char       *out = arena_alloc(a, 3 * n + 1), *o = out;

	for (size_t i = 0; i < n;) {
		long   cp;
		size_t k = util_utf8_char(b + i, n - i, &cp);
		if (k == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else {
			memcpy(o, b + i, k);
			o += k;
			i += k;
		}
	}
	*o = '\0';
	return out;
}

/* The length of the white space character at s (ASCII or Unicode: NBSP,
 * the U+2000 spaces, line and paragraph separators, ideographic space, a
 * BOM), else 0. */
static size_t
space_len(const char *s, size_t n)
{
	long   cp;
	size_t k;

	if (isspace((unsigned char)*s))
		return 1;
	if ((unsigned char)*s < 0x80 || (k = util_utf8_char(s, n, &cp)) == 0)
		return 0;
	if (cp == 0x85 || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200b) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000 || cp == 0xfeff)
		return k;
	return 0;
}

/* A file that starts with a UTF-16 or UTF-32 byte order mark is named as
 * such (its NUL bytes would call it binary, which does not say what to
 * do): 1 after the message, else 0. */
static int
wide_bom(const char *file, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	const char *what = NULL;
	if (n >= 4 && ((u[0] == 0xff && u[1] == 0xfe && !u[2] && !u[3]) ||
		       (!u[0] && !u[1] && u[2] == 0xfe && u[3] == 0xff)))
		what = "UTF-32";
	else if (n >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
			    (u[0] == 0xfe && u[1] == 0xff)))
		what = "UTF-16";
	if (what == NULL)
		return 0;
	util_warn(file, 1, "is %s (it starts with a %s byte order mark): dipline "
		  "reads UTF-8; convert it first (iconv -f %s -t UTF-8)", what,
		  what, what);
	return 1;
}

/* Checks shared by every format; 0 when the text may be analysed.  line0
 * is the line of the text's first byte (0: unknown); a text from a JSON
 * string (in_string) has no lines of its own: every message gives line0,
 * the record's.  prefix names a record inside an array ("" otherwise). */
static int
check_text(const char *file, long line0, int in_string, const char *text,
	   size_t len, const char *what, const char *prefix)
{
	const char *nul;
	size_t      sp = 0, k;

	while (sp < len && (k = space_len(text + sp, len - sp)) > 0)
		sp += k;
	if (sp == len) {
		util_warn(file, line0, "%s%s has no text", prefix, what);
		return -1;
	}
	if (len > INGEST_MAX_TEXT) {
		util_warn(file, line0, "%s%s is %zu bytes, over the %u-byte limit "
			  "for one article", prefix, what, len, INGEST_MAX_TEXT);
		return -1;
	}
	if ((nul = memchr(text, '\0', len)) != NULL) {
		size_t off = (size_t)(nul - text);
		util_warn(file, line0 && !in_string ? line0 + line_of(text, off) - 1
						    : line0,
			  "%s%s looks binary (NUL byte at offset %zu)", prefix,
			  what, off);
		return -1;
	}
	size_t ok = util_utf8_valid(text, len);
	if (ok != len) {
		util_warn(file, in_string ? line0
				    : (line0 ? line0 : 1) + line_of(text, ok) - 1,
			  "%s%s is not valid UTF-8 (bad byte 0x%02x at offset %zu)",
			  prefix, what, (unsigned char)text[ok], ok);
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

/* data is the caller's and may be modified (line ends). */
static void
ingest_txt(ingest_ctx *c, const char *file, char *data, size_t len)
{
	size_t bom = bom_len(data, len);
	data += bom;
	len -= bom;
	normalise_cr(data, len);

	const char *p = data, *end = data + len;
	const char *title = NULL, *url = NULL, *source = NULL, *date = NULL;
	size_t      tl = 0, ul = 0, sl = 0, dl = 0;
	long        dline = 0;
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
			date = v, dl = vn, dline = headers + 1;
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
	if (check_text(file, line0, 0, body, blen, "article", "") != 0) {
		c->rejected++;
		return;
	}
	/* the header values were not checked with the body */
	if (util_utf8_valid(data, (size_t)(body - data)) != (size_t)(body - data) ||
	    memchr(data, '\0', (size_t)(body - data))) {
		size_t ok = util_utf8_valid(data, (size_t)(body - data));
		util_warn(file, line_of(data, ok), "header line is not valid UTF-8 "
			  "text");
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
	set_date(c, art, ds, file, dline);
	c->cb(art, c->ud);
}

/* A JSON string holding U+0000 ("\u0000") cannot be a C string. */
static int
has_nul(const json_t *v)
{
	return strlen(json_string_value(v)) != json_string_length(v);
}

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) && !has_nul(v) ? json_string_value(v) : NULL;
}

/* "record 3 (id "x"): " for a record inside a .json array, else "". */
static const char *
rec_prefix(const ingest_where *w, char *buf, size_t n)
{
	if (w->index == 0)
		return "";
	if (w->id)
		snprintf(buf, n, "record %d (id \"%.80s\"): ", w->index, w->id);
	else
		snprintf(buf, n, "record %d: ", w->index);
	return buf;
}

static const char *
json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:  return "an object";
	case JSON_ARRAY:   return "an array";
	case JSON_STRING:  return "a string";
	case JSON_INTEGER:
	case JSON_REAL:    return "a number";
	case JSON_TRUE:
	case JSON_FALSE:   return "a boolean";
	default:           return "null";
	}
}

/* A field the record has with the wrong type is named, then ignored. */
static void
rec_check_types(const ingest_where *w, json_t *o, const char *pre)
{
	static const char *const strings[] = {"title", "url", "source",
					      "published", "date"};
	for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) {
		json_t *v = json_object_get(o, strings[i]);
		if (v && !json_is_string(v) && !json_is_null(v))
			util_warn(w->file, w->line, "%s\"%s\" is %s, not a string: "
				  "ignored", pre, strings[i], json_kind(v));
		else if (json_is_string(v) && has_nul(v))
			util_warn(w->file, w->line, "%s\"%s\" holds a NUL character "
				  "(\\u0000): ignored", pre, strings[i]);
	}
	json_t *id = json_object_get(o, "id");
	if (json_is_string(id) && has_nul(id))
		util_warn(w->file, w->line, "%s\"id\" holds a NUL character "
			  "(\\u0000): ignored", pre);
	if (id && !json_is_string(id) && !json_is_integer(id) && !json_is_null(id))
		util_warn(w->file, w->line, "%s\"id\" is %s, not a string or an "
			  "integer: ignored", pre, json_kind(id));
}

/* The record's id: its "id" (string or integer), else FILE-INDEX. */
static char *
rec_id(arena *a, json_t *o, const char *file, int index)
{
	json_t *idv = json_object_get(o, "id");
	if (json_is_string(idv) && !has_nul(idv))
		return arena_strdup(a, json_string_value(idv));
	if (json_is_integer(idv))
		return arena_printf(a, "%" JSON_INTEGER_FORMAT,
				    json_integer_value(idv));
	return arena_printf(a, "%s-%d", stem(a, file), index);
}

/* One JSON record; w says where it is. */
static void
ingest_record(ingest_ctx *c, ingest_where *w, json_t *o, int index)
{
	char pre[128];

	if (!json_is_object(o)) {
		util_warn(w->file, w->line, "%srecord is not a JSON object",
			  rec_prefix(w, pre, sizeof pre));
		c->rejected++;
		return;
	}
	w->id = jstr(o, "id");
	rec_prefix(w, pre, sizeof pre);
	json_t *tv = json_object_get(o, "text");
	if (!json_is_string(tv)) {
		util_warn(w->file, w->line, "%srecord has no \"text\" string",
			  w->index ? pre : "");
		c->rejected++;
		return;
	}
	const char *text = json_string_value(tv);
	size_t      len = json_string_length(tv);
	rec_check_types(w, o, w->index ? pre : "");
	if (check_text(w->file, w->line, 1, text, len, "record's \"text\"",
		       w->index ? pre : "") != 0) {
		c->rejected++;
		return;
	}
	arena      *tmp = arena_new();
	const char *origin = w->line ? arena_printf(tmp, "%s:%ld", w->file, w->line)
				     : w->file;
	dl_article *art = ingest_article_new(origin, text, len);
	arena_free(tmp);
	art->id = rec_id(art->arena, o, w->file, index);
	art->title = arena_strdup(art->arena, jstr(o, "title"));
	art->url = arena_strdup(art->arena, jstr(o, "url"));
	art->source = arena_strdup(art->arena, jstr(o, "source"));
	const char *date = jstr(o, "published");
	if (!date)
		date = jstr(o, "date");
	set_date(c, art, date, w->file, w->line);
	c->cb(art, c->ud);
}

/* ------------------------------------------------------------ streams */

/* A buffered reader over a file descriptor, for JSON Lines read one
 * record at a time and for sniffing standard input.  buf is allocated
 * (INGEST_READ_CHUNK bytes at first) before the first read. */
#define INGEST_READ_CHUNK 131072u
typedef struct {
	int    fd;
	char  *buf;
	size_t pos, len, cap;  /* unread bytes are buf[pos..len) */
	int    eof, err;
	int    nul;            /* a NUL byte ended the last line: binary */
	long   line;           /* lines handed out so far */
} ingest_reader;

/* Read more bytes; 0 at end of input or on error (r->err). */
static int
reader_fill(ingest_reader *r)
{
	ssize_t k;

	if (r->eof || r->err)
		return 0;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	if (r->cap - r->len < INGEST_READ_CHUNK / 2) {
		r->cap *= 2;
		r->buf = xrealloc(r->buf, r->cap);
	}
	for (;;) {
		k = read(r->fd, r->buf + r->len, r->cap - r->len - 1);
		if (k >= 0 || errno != EINTR)
			break;
	}
	if (k < 0 && errno == EAGAIN) {
		/* standard input left non-blocking by the caller: wait */
		util_wait_readable(r->fd);
		return 1;
	}
	if (k < 0) {
		r->err = errno;
		return 0;
	}
	if (k == 0) {
		r->eof = 1;
		return 0;
	}
	r->len += (size_t)k;
	return 1;
}

/* The first line end (LF, CR) or NUL byte in s[0..n), else NULL. */
static char *
find_eol(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r' || s[i] == '\0')
			return s + i;
	return NULL;
}

/* Find the end of the line that starts at r->pos, reading as needed:
 * the offset of its LF, CR or NUL from r->pos (r->len - r->pos at the
 * end of the input).  Bytes past limit are dropped as they are scanned
 * (*dropped counts them), so memory stays bounded. */
static size_t
reader_eol(ingest_reader *r, size_t limit, size_t *dropped)
{
	size_t scanned = 0;

	*dropped = 0;
	for (;;) {
		char *s = r->buf + r->pos;
		char *eol = find_eol(s + scanned, r->len - r->pos - scanned);
		/* a CR at the end of what was read may be half of a CR LF */
		if (eol && *eol == '\r' && eol + 1 == r->buf + r->len &&
		    !r->eof && !r->err) {
			scanned = (size_t)(eol - s);
			reader_fill(r);
			continue;
		}
		if (eol)
			return (size_t)(eol - s);
		scanned = r->len - r->pos;
		if (scanned > limit) {
			*dropped += scanned;
			r->pos = r->len;
			scanned = 0;
		}
		if (!reader_fill(r))
			return r->len - r->pos;
	}
}

/* The next line (without its line end: LF, CR LF or a lone CR) in *line,
 * *n: 1, or 0 at the end.  A line longer than limit is skipped to its end
 * without being kept: *over is set and *n is its length.  A NUL byte ends
 * the line and sets r->nul (the input is not text). */
static int
reader_line(ingest_reader *r, size_t limit, const char **line, size_t *n,
	    int *over)
{
	size_t dropped;

	if (r->pos == r->len && !reader_fill(r))
		return 0;
	size_t k = reader_eol(r, limit, &dropped);
	char  *s = r->buf + r->pos;
	*line = s;
	*n = k + dropped;
	*over = *n > limit;
	r->nul = r->pos + k < r->len && s[k] == '\0';
	r->pos += k;
	if (r->pos < r->len && !r->nul)
		r->pos += s[k] == '\r' && r->pos + 1 < r->len && s[k + 1] == '\n' ? 2 : 1;
	r->line++;
	return 1;
}

/* The rest of the input, at most limit bytes: NULL with *over set when
 * there is more (then nothing more is read).  Caller frees. */
static char *
reader_rest(ingest_reader *r, size_t limit, size_t *len, int *over)
{
	*over = 0;
	while (r->len - r->pos <= limit && reader_fill(r))
		;
	if (r->len - r->pos > limit) {
		*over = 1;
		return NULL;
	}
	if (r->err)
		return NULL;
	*len = r->len - r->pos;
	char *p = xmalloc(*len + 1);
	memcpy(p, r->buf + r->pos, *len);
	p[*len] = '\0';
	r->pos = r->len;
	return p;
}

static int
blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)p[i]))
			return 0;
	return 1;
}

/* One line of a JSON Lines file. */
static void
ingest_line(ingest_ctx *c, const char *file, long line, const char *p,
	    size_t n, int index)
{
	json_error_t err;
	json_t      *o = json_loadb(p, n, JSON_ALLOW_NUL, &err);
	if (o == NULL) {
		util_warn(file, line, "malformed JSON record: %s (column %d)",
			  err.text, err.column);
		c->rejected++;
		return;
	}
	ingest_where w = {file, line, 0, NULL};
	ingest_record(c, &w, o, index);
	json_decref(o);
}

/* JSON Lines, one record at a time. */
static void
ingest_jsonl(ingest_ctx *c, const char *file, ingest_reader *r)
{
	const char *p;
	size_t      n;
	int         over, index = 0;

	while (reader_line(r, INGEST_MAX_LINE, &p, &n, &over)) {
		if (r->line == 1 && !over) {
			size_t b = bom_len(p, n);
			p += b;
			n -= b;
		}
		if (r->nul) {
			util_warn(file, r->line, "looks binary (NUL byte in line "
				  "%ld); the rest of the file is not read", r->line);
			c->rejected++;
			return;
		} else if (over) {
			index++;
			util_warn(file, r->line, "record is %zu bytes or more, over "
				  "the %u-byte limit for one line", n, INGEST_MAX_LINE);
			c->rejected++;
		} else if (!blank(p, n))
			ingest_line(c, file, r->line, p, n, ++index);
	}
	if (r->err) {
		util_warn(file, r->line + 1, "cannot read: %s", strerror(r->err));
		c->rejected++;
	} else if (index == 0) {
		util_warn(file, 0, "no records in file");
		c->rejected++;
	}
}

/* The end of the JSON value at data[at] found by its brackets and quotes
 * alone (what jansson refuses inside it, such as bad UTF-8, a lone
 * surrogate or a number out of range, is not looked at), or SIZE_MAX when
 * that cannot tell: an unclosed string or bracket, a raw line end in a
 * string, brackets that do not pair. */
static size_t
json_value_end(const char *data, size_t len, size_t at)
{
	char   stack[64];
	size_t depth = 0;
	for (size_t i = at; i < len; i++) {
		char ch = data[i];
		if (ch == '"') {
			for (i++; i < len && data[i] != '"'; i++) {
				if (data[i] == '\\')
					i++;
				else if (data[i] == '\n' || data[i] == '\r')
					return SIZE_MAX;
			}
			if (i >= len)
				return SIZE_MAX;
		} else if (ch == '{' || ch == '[') {
			if (depth == sizeof stack)
				return SIZE_MAX;
			stack[depth++] = ch == '{' ? '}' : ']';
		} else if (ch == '}' || ch == ']') {
			if (depth == 0 || stack[--depth] != ch)
				return SIZE_MAX;
		} else if (depth == 0 && (ch == ',' || isspace((unsigned char)ch)))
			return i;
		if (depth == 0 && (ch == '"' || ch == '}' || ch == ']'))
			return i + 1;
	}
	return depth == 0 ? len : SIZE_MAX;
}

/* The elements of a JSON array, parsed one at a time so that each record
 * is named with its line and a malformed one is skipped when its end can
 * be told (else it loses what follows it). */
static void
ingest_json_array(ingest_ctx *c, const char *file, const char *data, size_t len,
		  size_t at)
{
	long   line = line_of(data, at);
	size_t lined = at;   /* line counts bytes [0, lined) */
	int    index = 0;

	at++;   /* '[' */
	for (;;) {
		while (at < len && isspace((unsigned char)data[at]))
			at++;
		if (at < len && data[at] == ']' && index == 0)
			break;
		line += line_of(data + lined, at - lined) - 1;
		lined = at;
		json_error_t err;
		json_t *o = json_loadb(data + at, len - at,
				       JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK |
				       JSON_ALLOW_NUL, &err);
		index++;
		size_t end = o ? at + (size_t)err.position :
			json_value_end(data, len, at);
		if (o == NULL) {
			size_t next = end;
			while (next < len && isspace((unsigned char)data[next]))
				next++;
			int skip = end != SIZE_MAX && next < len &&
				   (data[next] == ',' || data[next] == ']');
			util_warn(file, line + err.line - 1, "record %d: malformed "
				  "JSON: %s; %s", index, err.text, skip ?
				  "the record is skipped" :
				  "the rest of the file is not read");
			c->rejected++;
			if (!skip)
				return;
		} else {
			ingest_where w = {file, line, index, NULL};
			ingest_record(c, &w, o, index);
			json_decref(o);
		}
		at = end;
		while (at < len && isspace((unsigned char)data[at]))
			at++;
		if (at < len && data[at] == ',') {
			at++;
			continue;
		}
		if (at < len && data[at] == ']')
			break;
		util_warn(file, line_of(data, at), "malformed JSON after record %d: "
			  "expected ',' or ']'; the rest of the file is not read",
			  index);
		c->rejected++;
		return;
	}
	at++;
	while (at < len && isspace((unsigned char)data[at]))
		at++;
	if (index == 0) {
		util_warn(file, 0, "no records in file");
		c->rejected++;
	} else if (at < len) {
		util_warn(file, line_of(data, at), "text after the end of the JSON "
			  "array is ignored");
		c->rejected++;
	}
}

/* A JSON document: one record or an array of records. */
static void
ingest_json(ingest_ctx *c, const char *file, const char *data, size_t len)
{
	const char *nul = memchr(data, '\0', len);
	if (nul) {   /* JSON text holds no NUL byte: not JSON at all */
		util_warn(file, line_of(data, (size_t)(nul - data)), "looks binary "
			  "(NUL byte at offset %zu)", (size_t)(nul - data));
		c->rejected++;
		return;
	}
	size_t at = bom_len(data, len);
	while (at < len && isspace((unsigned char)data[at]))
		at++;
	if (at < len && data[at] == '[') {
		ingest_json_array(c, file, data, len, at);
		return;
	}
	json_error_t err;
	json_t *root = json_loadb(data + at, len - at, JSON_ALLOW_NUL, &err);
	if (root == NULL) {
		util_warn(file, line_of(data, at) + err.line - 1,
			  "malformed JSON: %s", err.text);
		c->rejected++;
		return;
	}
	ingest_where w = {file, 0, 0, NULL};   /* the record is the file */
	ingest_record(c, &w, root, 1);
	json_decref(root);
}

static int
has_ext(const char *path, const char *ext)
{
	size_t pl = strlen(path), el = strlen(ext);
	return pl > el && strcasecmp(path + pl - el, ext) == 0;
}

/* What the start of an input without a known extension says it is. */
typedef enum { SNIFF_LINES, SNIFF_DOCUMENT, SNIFF_TEXT, SNIFF_BINARY } ingest_kind;

/* Make at least n bytes wait in r: 0 when the input ends before. */
static int
reader_want(ingest_reader *r, size_t n)
{
	while (r->len - r->pos < n)
		if (!reader_fill(r))
			return 0;
	return 1;
}

/* Look at the start of the input waiting in r (reading ahead, consuming
 * nothing): its first character other than a BOM or white space says text
 * (anything but '{' and '['), a JSON document ('['), or, for '{', JSON Lines
 * when the first line is a JSON object alone; a NUL byte says binary. */
static ingest_kind
sniff_kind(ingest_reader *r, size_t *nul_at)
{
	size_t at = reader_want(r, 3) && bom_len(r->buf + r->pos, 3) ? 3 : 0;

	for (;; at++) {
		if (at > INGEST_MAX_LINE || !reader_want(r, at + 1))
			return SNIFF_TEXT;   /* nothing but white space */
		unsigned char ch = (unsigned char)r->buf[r->pos + at];
		if (ch == '\0') {
			*nul_at = at;
			return SNIFF_BINARY;
		}
		if (!isspace(ch))
			break;
	}
	if (r->buf[r->pos + at] == '[')
		return SNIFF_DOCUMENT;
	if (r->buf[r->pos + at] != '{')
		return SNIFF_TEXT;
	size_t scanned = at;
	char  *eol;
	while ((eol = find_eol(r->buf + r->pos + scanned, r->len - r->pos - scanned)) == NULL) {
		scanned = r->len - r->pos;
		if (scanned > INGEST_MAX_LINE || !reader_fill(r))
			break;
	}
	size_t n = eol ? (size_t)(eol - (r->buf + r->pos)) : r->len - r->pos;
	if (eol && *eol == '\0') {
		*nul_at = n;
		return SNIFF_BINARY;
	}
	if (n > INGEST_MAX_LINE)
		return SNIFF_DOCUMENT;
	json_t *o = json_loadb(r->buf + r->pos + at, n - at, JSON_ALLOW_NUL, NULL);
	ingest_kind k = json_is_object(o) ? SNIFF_LINES : SNIFF_DOCUMENT;
	json_decref(o);
	return k;
}

/* An input without a known extension (standard input, say): JSON Lines
 * when its first line is a JSON object, a JSON document when the whole
 * is one (an array of records, or one pretty-printed record), else an
 * article. */
static void
ingest_sniff(ingest_ctx *c, const char *name, ingest_reader *r)
{
	size_t      len, nul_at = 0;
	int         over;
	ingest_kind k = sniff_kind(r, &nul_at);

	if (k == SNIFF_LINES) {
		ingest_jsonl(c, name, r);
		return;
	}
	if (k == SNIFF_BINARY) {
		util_warn(name, 1, "looks binary (NUL byte at offset %zu)", nul_at);
		c->rejected++;
		return;
	}
	size_t limit = k == SNIFF_TEXT ? INGEST_MAX_TXT_FILE : INGEST_MAX_JSON;
	char  *all = reader_rest(r, limit, &len, &over);
	if (all == NULL) {
		if (over && k == SNIFF_TEXT)
			util_warn(name, 0, "article is over the %u-byte limit for "
				  "one article", INGEST_MAX_TEXT);
		else if (over)
			util_warn(name, 0, "input is over the %u-byte limit for one "
				  "JSON document (give larger batches as JSON Lines)",
				  INGEST_MAX_JSON);
		else
			util_warn(name, 0, "cannot read: %s", strerror(r->err));
		c->rejected++;
		return;
	}
	const char *s = all + bom_len(all, len), *e = all + len;
	while (s < e && isspace((unsigned char)*s))
		s++;
	/* "[Reuters] ..." is an article; "[{" or "[]" an array of records */
	const char *q = s + 1;
	while (q < e && isspace((unsigned char)*q))
		q++;
	if (len == 0) {
		util_warn(name, 0, "empty file");
		c->rejected++;
	} else if (s < e && (*s == '{' || (*s == '[' && q < e && (*q == '{' || *q == ']'))))
		ingest_json(c, name, all, len);
	else if (len > INGEST_MAX_TXT_FILE) {
		util_warn(name, 0, "article is %zu bytes, over the %u-byte limit "
			  "for one article", len, INGEST_MAX_TEXT);
		c->rejected++;
	} else
		ingest_txt(c, name, all, len);
	free(all);
}

/* Read one opened input according to its name. */
static void
ingest_fd(ingest_ctx *c, const char *name, int fd, const struct stat *st,
	  int sniff)
{
	int is_lines = has_ext(name, ".jsonl") || has_ext(name, ".ndjson");
	int is_json = has_ext(name, ".json");
	size_t limit = is_json ? INGEST_MAX_JSON : INGEST_MAX_TXT_FILE;
	ingest_reader r = {.fd = fd, .buf = xmalloc(INGEST_READ_CHUNK),
			   .cap = INGEST_READ_CHUNK};

	/* every format: a UTF-16/32 file is said so before anything else */
	if ((reader_want(&r, 4) || r.len - r.pos >= 2) &&
	    wide_bom(name, r.buf + r.pos, r.len - r.pos))
		c->rejected++;
	else if (is_lines)
		ingest_jsonl(c, name, &r);
	else if (sniff)
		ingest_sniff(c, name, &r);
	else if (S_ISREG(st->st_mode) && (uintmax_t)st->st_size > limit) {
		if (is_json)
			util_warn(name, 0, "file is %jd bytes, over the %u-byte limit "
				  "for one JSON document (give larger batches as "
				  "JSON Lines)", (intmax_t)st->st_size, INGEST_MAX_JSON);
		else
			util_warn(name, 0, "article is %jd bytes, over the %u-byte "
				  "limit for one article", (intmax_t)st->st_size,
				  INGEST_MAX_TEXT);
		c->rejected++;
	} else {
		size_t len;
		int    over;
		char  *data = reader_rest(&r, limit, &len, &over);
		if (data == NULL) {
			if (over)
				util_warn(name, 0, "file is over the %zu-byte limit",
					  limit);
			else
				util_warn(name, 0, "cannot read: %s", strerror(r.err));
			c->rejected++;
		} else if (len == 0) {
			util_warn(name, 0, "empty file");
			c->rejected++;
		} else if (is_json)
			ingest_json(c, name, data, len);
		else
			ingest_txt(c, name, data, len);
		free(data);
	}
	free(r.buf);
}

/* ------------------------------------------------------------ folders */

static size_t
seen_slot(const ingest_ctx *c, dev_t dev, ino_t ino)
{
	uint64_t k[2] = {(uint64_t)dev, (uint64_t)ino};
	size_t   i = (size_t)util_hash64(k, sizeof k, 0) & (c->capseen - 1);
	while (c->seen[i].path &&
	       (c->seen[i].dev != dev || c->seen[i].ino != ino))
		i = (i + 1) & (c->capseen - 1);
	return i;
}

/* Record a real file or folder; the name it was first seen under when it
 * was seen before, else NULL. */
static const char *
seen_before(ingest_ctx *c, const struct stat *st, const char *path)
{
	if (c->nseen * 2 >= c->capseen) {
		ingest_seen *old = c->seen;
		size_t       oldcap = c->capseen;
		c->capseen = oldcap ? oldcap * 2 : 64;
		c->seen = xcalloc(c->capseen, sizeof *c->seen);
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].path)
				c->seen[seen_slot(c, old[i].dev, old[i].ino)] = old[i];
		free(old);
	}
	size_t i = seen_slot(c, st->st_dev, st->st_ino);
	if (c->seen[i].path)
		return c->seen[i].path;
	c->seen[i].dev = st->st_dev;
	c->seen[i].ino = st->st_ino;
	c->seen[i].path = xstrdup(path);
	c->nseen++;
	return NULL;
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
	struct stat dst;
	if (c->avoid_in && fstat(dirfd(d), &dst) == 0 &&
	    dst.st_dev == c->avoid_dir_dev && dst.st_ino == c->avoid_dir_ino)
		c->met_avoided = 1;   /* the output would be written here */
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
	if (n > 1)   /* names is NULL in an empty folder */
		qsort(names, n, sizeof *names, cmp_str);  /* deterministic order */
	else if (n == 0)
		util_warn(path, 0, "empty folder: nothing to read");
	for (size_t i = 0; i < n; i++) {
		ingest_one(c, names[i], 0);
		free(names[i]);
	}
	free(names);
}

static int
article_ext(const char *path)
{
	return has_ext(path, ".txt") || has_ext(path, ".json") ||
	       has_ext(path, ".jsonl") || has_ext(path, ".ndjson");
}

int
ingest_walk_reads(const char *name)
{
	const char *b = base_name(name);
	return b[0] != '.' && article_ext(b);
}

static void
ingest_one(ingest_ctx *c, const char *path, int explicit_path)
{
	struct stat st;
	const char *why, *before;
	int         is_stdin = strcmp(path, "-") == 0;

	if (!is_stdin && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		long files = c->files;
		if ((before = seen_before(c, &st, path)) != NULL)
			util_warn(path, 0, "same folder as %s: read once", before);
		else
			ingest_dir(c, path);
		/* a folder named on the command line with no article in it is
		 * an input that gave nothing (a mistyped folder must not
		 * replace a good timeline with an empty one) */
		if (explicit_path && before == NULL && c->files == files) {
			util_warn(path, 0, "no article files (.txt, .json, .jsonl, "
				  ".ndjson) in this folder or below it: nothing read");
			c->rejected++;
		}
		return;
	}
	/* inside folders, only files that look like articles */
	if (!explicit_path && !article_ext(path) && stat(path, &st) == 0 &&
	    S_ISREG(st.st_mode))
		return;
	c->files++;
	int fd = util_open_input(path, &st, &why);
	const char *name = is_stdin ? "<stdin>" : path;
	if (fd < 0) {
		util_warn(name, 0, "%s%s", errno == EINVAL ? "skipped: " : "cannot open: ",
			  why);
		c->rejected++;
		return;
	}
	if (!is_stdin && c->avoid && st.st_dev == c->avoid_dev &&
	    st.st_ino == c->avoid_ino) {
		util_warn(name, 0, "not read: this is the output file");
		c->met_avoided = 1;
	} else if (!is_stdin && (before = seen_before(c, &st, path)) != NULL) {
		util_warn(name, 0, "same file as %s: read once", before);
	} else
		ingest_fd(c, name, fd, &st,
			  is_stdin || (explicit_path && !article_ext(path)));
	if (!is_stdin)
		close(fd);
}

/* ------------------------------------------------------------ batches */

ingest_batch *
ingest_batch_new(const char *dct, ingest_cb cb, void *ud)
{
	ingest_batch *b = xcalloc(1, sizeof *b);
	b->dct = dct;
	b->cb = cb;
	b->ud = ud;
	return b;
}

void
ingest_batch_avoid(ingest_batch *b, const struct stat *st)
{
	b->avoid = 1;
	b->avoid_dev = st->st_dev;
	b->avoid_ino = st->st_ino;
}

void
ingest_batch_avoid_in(ingest_batch *b, const struct stat *dir)
{
	b->avoid_in = 1;
	b->avoid_dir_dev = dir->st_dev;
	b->avoid_dir_ino = dir->st_ino;
}

int
ingest_batch_met_avoided(const ingest_batch *b)
{
	return b->met_avoided;
}

int
ingest_batch_path(ingest_batch *b, const char *path)
{
	int before = b->rejected;
	ingest_one(b, path, 1);
	return b->rejected - before;
}

void
ingest_batch_free(ingest_batch *b)
{
	if (b == NULL)
		return;
	for (size_t i = 0; i < b->capseen; i++)
		free(b->seen[i].path);
	free(b->seen);
	free(b);
}

int
ingest_path(const char *path, const char *dct, ingest_cb cb, void *ud)
{
	ingest_batch *b = ingest_batch_new(dct, cb, ud);
	int           n = ingest_batch_path(b, path);
	ingest_batch_free(b);
	return n;
}
