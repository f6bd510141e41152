/*
 * export_json.c - the timeline as one JSON document (-f json) and as JSON
 * Lines, one self-contained event a line (-f jsonl).
 *
 * Keys come in a fixed order and arrays in the graph's canonical order, so
 * the same graph always gives the same bytes.  Every evidence entry carries
 * its own atom data (code, status, time, ordinal...) so that
 * graph_add_timeline can rebuild the atoms and `dipline merge` gives what
 * `dipline build` on all the articles would.
 *
 * The text is written straight into the output buffer as the graph is
 * walked (no tree of the document in memory: a batch of many thousand
 * events, or an event of a million reports, costs its output only), byte
 * for byte as jansson's json_dumps writes the same tree with
 * JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10) (json) or
 * JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10) (jsonl):
 * strings escaped as jansson escapes them (", \, C0 controls; "/", DEL,
 * U+2028 and U+2029 as they are), reals through jansson itself (cached:
 * a timeline holds few distinct ones), and a member or element whose
 * string jansson would refuse (not UTF-8) left out as json_object_set_new
 * leaves it out.  tests/unit/test_export.c holds both writers to jansson.
 */
#include "dipline.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define JW_REAL_FLAGS (JSON_ENCODE_ANY | JSON_REAL_PRECISION(10))

int
export_dump(json_t *root, dl_buf *out, size_t flags, const char *end)
{
	char *s = json_dumps(root, flags);
	json_decref(root);
	if (s == NULL)
		return -1;
	buf_puts(out, s);
	if (end)
		buf_puts(out, end);
	free(s);
	return 0;
}

/* s (n bytes of UTF-8) as a JSON string, escaped as jansson escapes it. */
/* The short escape of a C0 control, 0 when it has none. */
static char
export_short_escape(unsigned char c)
{
	switch (c) {
	case '\b': return 'b';
	case '\f': return 'f';
	case '\n': return 'n';
	case '\r': return 'r';
	case '\t': return 't';
	case '"':  return '"';
	case '\\': return '\\';
	}
	return 0;
}

/* Room for n more bytes (and the NUL) in b; where they go. */
static char *
export_room(dl_buf *b, size_t n)
{
	if (b->cap - b->len <= n) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap - b->len <= n)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	return b->p + b->len;
}

/* s (n bytes of UTF-8) as a JSON string, escaped as jansson escapes it:
 * ", \ and C0 controls only (each at most 6 bytes; room is taken for 16
 * KiB of s at a time). */
static void
export_escape(dl_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const size_t step = 16384;

	*export_room(out, 1) = '"';
	out->len++;
	for (size_t at = 0; at < n; at += step) {
		size_t m = n - at < step ? n - at : step;
		char *o = export_room(out, 6 * m + 1), *o0 = o;
		for (size_t i = at; i < at + m; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c >= 0x20 && c != '"' && c != '\\') {
				*o++ = (char)c;
				continue;
			}
			*o++ = '\\';
			if ((*o = export_short_escape(c)) != 0) {
				o++;
				continue;
			}
			memcpy(o, "u00", 3);
			o[3] = hex[c >> 4];
			o[4] = hex[c & 15];
			o += 5;
		}
		out->len += (size_t)(o - o0);
	}
	char *o = export_room(out, 1);
	o[0] = '"';
	o[1] = '\0';
	out->len++;
}

int
export_json_string(dl_buf *out, const char *s, size_t n)
{
	if (s == NULL || util_utf8_valid(s, n) != n)
		return -1;
	export_escape(out, s, n);
	return 0;
}

int
export_json_real(dl_buf *out, double x)
{
	json_t *v = json_real(x);   /* NULL when not finite */
	char *s = v ? json_dumps(v, JW_REAL_FLAGS) : NULL;

	json_decref(v);
	if (s == NULL)
		return -1;
	buf_puts(out, s);
	free(s);
	return 0;
}

/* ---- the writer */

#define JW_NREALS 16

typedef struct {
	dl_buf *out;
	int     compact;   /* jsonl: no spaces, no line breaks */
	int     depth;     /* open containers */
	int     first;     /* nothing yet in the innermost one */
	size_t  nreals;    /* the reals written so far, as text */
	struct {
		double x;
		char   s[40];
	} reals[JW_NREALS];
} jw;

/* Append n bytes (the buffer is NUL-terminated again at the end of the
 * document). */
static inline void
jw_put(jw *w, const char *s, size_t n)
{
	dl_buf *b = w->out;

	if (b->cap - b->len > n) {
		memcpy(b->p + b->len, s, n);
		b->len += n;
	} else
		buf_put(b, s, n);
}

/* A line break and the indentation of depth d (json only), after a comma
 * when comma is set. */
static void
jw_indent(jw *w, int d, int comma)
{
	static const char sp[] = ",\n                                ";
	size_t n = 2 * (size_t)d;

	if (w->compact) {
		if (comma)
			jw_put(w, ",", 1);
		return;
	}
	if (n <= sizeof sp - 3) {
		jw_put(w, sp + !comma, n + 1 + !!comma);
		return;
	}
	jw_put(w, sp + !comma, 1 + !!comma);
	for (; n > sizeof sp - 3; n -= sizeof sp - 3)
		jw_put(w, sp + 2, sizeof sp - 3);
	jw_put(w, sp + 2, n);
}

/* Before a value in an array, or a member in an object. */
static void
jw_sep(jw *w)
{
	if (w->depth == 0)
		return;
	jw_indent(w, w->depth, !w->first);
	w->first = 0;
}

static void
jw_open(jw *w, char c)
{
	jw_put(w, &c, 1);
	w->depth++;
	w->first = 1;
}

static void
jw_close(jw *w, char c)
{
	w->depth--;
	if (!w->first)
		jw_indent(w, w->depth, 0);
	jw_put(w, &c, 1);
	w->first = 0;
}

/* The key of a member (keys are ours: ASCII, nothing to escape, short). */
static void
jw_key(jw *w, const char *k)
{
	char t[64];
	size_t n = strlen(k);

	jw_sep(w);
	if (n + 4 > sizeof t) {
		jw_put(w, "\"", 1);
		jw_put(w, k, n);
		jw_put(w, w->compact ? "\":" : "\": ", w->compact ? 2 : 3);
		return;
	}
	t[0] = '"';
	memcpy(t + 1, k, n);
	memcpy(t + 1 + n, "\": ", 3);
	jw_put(w, t, n + (w->compact ? 3 : 4));
}

/* Member k holding s; left out when jansson would refuse s (NULL, or not
 * UTF-8), as json_object_set_new(o, k, json_string(s)) does. */
static void
jw_str(jw *w, const char *k, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (s == NULL || util_utf8_valid(s, n) != n)
		return;
	jw_key(w, k);
	export_escape(w->out, s, n);
}

/* Member k holding s, null when s is NULL or "" (export_str). */
static void
jw_str_null(jw *w, const char *k, const char *s)
{
	if (s && *s)
		jw_str(w, k, s);
	else {
		jw_key(w, k);
		jw_put(w, "null", 4);
	}
}

/* Element s of an array; left out as jw_str leaves it out. */
static void
jw_elem_str(jw *w, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (s == NULL || util_utf8_valid(s, n) != n)
		return;
	jw_sep(w);
	export_escape(w->out, s, n);
}

static void
jw_null(jw *w, const char *k)
{
	jw_key(w, k);
	jw_put(w, "null", 4);
}

static void
jw_int(jw *w, const char *k, long long v)
{
	char s[32];
	int n = snprintf(s, sizeof s, "%lld", v);

	jw_key(w, k);
	jw_put(w, s, (size_t)n);
}

/* Member k holding the real x as jansson writes it (left out when it is
 * not finite, as json_real refuses it). */
static void
jw_real(jw *w, const char *k, double x)
{
	size_t i;

	for (i = 0; i < w->nreals && i < JW_NREALS; i++)
		if (memcmp(&w->reals[i].x, &x, sizeof x) == 0)
			break;
	if (i == w->nreals || i == JW_NREALS) {
		dl_buf t = {0};
		if (export_json_real(&t, x) != 0)
			return;
		if (t.len < sizeof w->reals[0].s && w->nreals < JW_NREALS) {
			i = w->nreals++;
			w->reals[i].x = x;
			memcpy(w->reals[i].s, t.p, t.len + 1);
		} else {
			jw_key(w, k);
			jw_put(w, t.p, t.len);
			buf_free(&t);
			return;
		}
		buf_free(&t);
	}
	jw_key(w, k);
	jw_put(w, w->reals[i].s, strlen(w->reals[i].s));
}

/* ---- the model */

static void
export_time(jw *w, const char *k, const dl_time *t)
{
	jw_key(w, k);
	jw_open(w, '{');
	jw_str_null(w, "value", t->value);
	jw_str_null(w, "type", t->type);
	jw_str_null(w, "earliest", t->earliest);
	jw_str_null(w, "latest", t->latest);
	jw_str_null(w, "granularity", t->granularity);
	jw_str_null(w, "mod", t->mod);
	jw_str_null(w, "text", t->text);
	jw_str_null(w, "anchor", t->anchor);
	jw_close(w, '}');
}

static void
export_actor_ids(jw *w, const char *k, const dl_graph *g, const int *v, int n)
{
	jw_key(w, k);
	jw_open(w, '[');
	for (int i = 0; i < n; i++)
		jw_elem_str(w, g->actors[v[i]].id);
	jw_close(w, ']');
}

static void
export_strv(jw *w, const char *k, char **v, size_t n)
{
	jw_key(w, k);
	jw_open(w, '[');
	for (size_t i = 0; i < n; i++)
		jw_elem_str(w, v[i]);
	jw_close(w, ']');
}

static void
export_document(jw *w, const dl_gdoc *d)
{
	jw_sep(w);
	jw_open(w, '{');
	jw_str(w, "id", d->id);
	jw_str_null(w, "title", d->title);
	jw_str_null(w, "url", d->url);
	jw_str_null(w, "source", d->source);
	jw_str_null(w, "published", d->published);
	jw_str_null(w, "fingerprint", d->fingerprint);
	jw_close(w, '}');
}

static void
export_actor(jw *w, const dl_actor *a)
{
	jw_sep(w);
	jw_open(w, '{');
	jw_str(w, "id", a->id);
	jw_str(w, "name", a->name ? a->name : a->id);
	jw_str(w, "type", actors_type_name(a->type));
	jw_str_null(w, "country", a->country);
	export_strv(w, "roles", a->roles, a->nroles);
	export_strv(w, "aliases", a->aliases, a->naliases);
	jw_close(w, '}');
}

static void
export_actor_ref(jw *w, const char *k, const dl_graph *g, int i)
{
	if (i >= 0)
		jw_str(w, k, g->actors[i].id);
	else
		jw_null(w, k);
}

/* An evidence entry; the CAMEO facts are repeated only when its code is
 * not the event's (so that a merge can rebuild the atom whole). */
static void
export_evidence(jw *w, const dl_graph *g, const dl_gevent *e, const dl_atom *at)
{
	jw_sep(w);
	jw_open(w, '{');
	jw_str(w, "document", g->docs[at->doc].id);
	jw_int(w, "sentence", at->sentence);
	jw_int(w, "start", (long long)at->start);
	jw_int(w, "end", (long long)at->end);
	jw_str(w, "atom", at->key);
	jw_str(w, "cameo", at->action->code);
	if (strcmp(at->action->code, e->action.code) != 0) {
		jw_str_null(w, "label", at->action->label);
		jw_str_null(w, "plover", at->action->plover);
		jw_int(w, "quad_class", at->action->quad_class);
		jw_real(w, "goldstein", at->action->goldstein);
	}
	jw_str_null(w, "trigger", at->trigger);
	/* the direction this report gave, when the event took another one
	 * (symmetric actions) */
	if (at->nsrc != e->nsrc || at->ntgt != e->ntgt ||
	    memcmp(at->src, e->src, (size_t)at->nsrc * sizeof(int)) != 0 ||
	    memcmp(at->tgt, e->tgt, (size_t)at->ntgt * sizeof(int)) != 0) {
		export_actor_ids(w, "source", g, at->src, at->nsrc);
		export_actor_ids(w, "target", g, at->tgt, at->ntgt);
	}
	jw_str(w, "status", events_status_name(at->status));
	export_time(w, "time", at->time);
	export_actor_ref(w, "attributed_to", g, at->attributed_to);
	jw_int(w, "ordinal", at->ordinal);
	jw_str_null(w, "window", at->window);
	jw_str_null(w, "series_of", at->series_of);
	jw_close(w, '}');
}

/* The members of an event, then its evidence entries. */
static void
export_event_members(jw *w, const dl_graph *g, const dl_gevent *e)
{
	jw_str(w, "id", e->id);
	jw_key(w, "action");
	jw_open(w, '{');
	jw_str(w, "cameo", e->action.code);
	jw_str_null(w, "label", e->action.label);
	jw_str_null(w, "plover", e->action.plover);
	jw_int(w, "quad_class", e->action.quad_class);
	jw_real(w, "goldstein", e->action.goldstein);
	jw_str_null(w, "trigger", e->trigger);
	jw_close(w, '}');
	export_actor_ids(w, "source", g, e->src, e->nsrc);
	export_actor_ids(w, "target", g, e->tgt, e->ntgt);
	jw_str(w, "status", events_status_name(e->status));
	export_time(w, "time", &e->time);
	if (e->series >= 0) {
		const dl_gseries *s = &g->series[e->series];
		jw_key(w, "series");
		jw_open(w, '{');
		jw_str(w, "id", s->id);
		jw_int(w, "ordinal", e->ordinal);
		jw_str_null(w, "window", s->window);
		jw_close(w, '}');
	} else
		jw_null(w, "series");
	export_actor_ref(w, "attributed_to", g, e->attributed_to);
	jw_key(w, "evidence");
	jw_open(w, '[');
	for (size_t i = 0; i < e->natoms; i++)
		export_evidence(w, g, e, &g->atoms[e->atoms[i]]);
	jw_close(w, ']');
}

static void
export_relation(jw *w, const dl_graph *g, const dl_relation *r)
{
	jw_sep(w);
	jw_open(w, '{');
	jw_str(w, "type", graph_relation_name(r->type));
	jw_str(w, "from", g->events[r->from].id);
	jw_str(w, "to", g->events[r->to].id);
	jw_close(w, '}');
}

static void
export_timeline(jw *w, const dl_graph *g, const dl_timeline *t)
{
	jw_sep(w);
	jw_open(w, '{');
	if (t->actor >= 0)
		jw_str(w, "actor", g->actors[t->actor].id);
	else
		export_actor_ids(w, "dyad", g, t->dyad, 2);
	jw_key(w, "events");
	jw_open(w, '[');
	for (size_t k = 0; k < t->nevents; k++)
		jw_elem_str(w, g->events[t->events[k]].id);
	jw_close(w, ']');
	jw_close(w, '}');
}

int
export_json(const dl_graph *g, dl_buf *out)
{
	jw w = {0};

	w.out = out;
	jw_open(&w, '{');
	jw_str(&w, "dipline", DL_FORMAT_VERSION);
	jw_key(&w, "documents");
	jw_open(&w, '[');
	for (size_t i = 0; i < g->ndocs; i++)
		export_document(&w, &g->docs[i]);
	jw_close(&w, ']');
	jw_key(&w, "actors");
	jw_open(&w, '[');
	for (size_t i = 0; i < g->nactors; i++)
		export_actor(&w, &g->actors[i]);
	jw_close(&w, ']');
	jw_key(&w, "events");
	jw_open(&w, '[');
	for (size_t i = 0; i < g->nevents; i++) {
		jw_sep(&w);
		jw_open(&w, '{');
		export_event_members(&w, g, &g->events[i]);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_key(&w, "relations");
	jw_open(&w, '[');
	for (size_t i = 0; i < g->nrelations; i++)
		export_relation(&w, g, &g->relations[i]);
	jw_close(&w, ']');
	jw_key(&w, "timelines");
	jw_open(&w, '[');
	for (size_t i = 0; i < g->ntimelines; i++)
		export_timeline(&w, g, &g->timelines[i]);
	jw_close(&w, ']');
	jw_close(&w, '}');
	buf_put(out, "\n", 1);
	return 0;
}

static int
export_int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Sort and deduplicate; returns the new length. */
static size_t
export_uniq(int *v, size_t n)
{
	size_t j = 0;
	if (n > 1)
		qsort(v, n, sizeof *v, export_int_cmp);
	for (size_t i = 0; i < n; i++)
		if (j == 0 || v[j - 1] != v[i])
			v[j++] = v[i];
	return j;
}

/* One event a line; each line carries the actors and documents it names:
 * the event's members, "evidence", then "actors" and "documents". */
int
export_jsonl(const dl_graph *g, dl_buf *out)
{
	jw w = {0};

	w.out = out;
	w.compact = 1;
	for (size_t i = 0; i < g->nevents; i++) {
		const dl_gevent *e = &g->events[i];
		size_t na = 0, nd = 0;
		int *va = xmalloc(((size_t)e->nsrc + (size_t)e->ntgt + e->natoms + 1) * sizeof *va);
		int *vd = xmalloc((e->natoms + 1) * sizeof *vd);

		for (int k = 0; k < e->nsrc; k++)
			va[na++] = e->src[k];
		for (int k = 0; k < e->ntgt; k++)
			va[na++] = e->tgt[k];
		if (e->attributed_to >= 0)
			va[na++] = e->attributed_to;
		for (size_t k = 0; k < e->natoms; k++) {
			const dl_atom *at = &g->atoms[e->atoms[k]];
			vd[nd++] = at->doc;
			if (at->attributed_to >= 0 && at->attributed_to != e->attributed_to)
				va[na++] = at->attributed_to;
		}
		na = export_uniq(va, na);
		nd = export_uniq(vd, nd);
		jw_open(&w, '{');
		export_event_members(&w, g, e);
		jw_key(&w, "actors");
		jw_open(&w, '[');
		for (size_t k = 0; k < na; k++)
			export_actor(&w, &g->actors[va[k]]);
		jw_close(&w, ']');
		jw_key(&w, "documents");
		jw_open(&w, '[');
		for (size_t k = 0; k < nd; k++)
			export_document(&w, &g->docs[vd[k]]);
		jw_close(&w, ']');
		jw_close(&w, '}');
		jw_put(&w, "\n", 1);
		free(va);
		free(vd);
	}
	buf_put(out, "", 0);   /* NUL-terminated, as buf_put leaves it */
	return 0;
}
