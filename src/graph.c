/*
 * graph.c - merge the events of many articles into one graph.
 *
 * Adding (graph_add_article, graph_add_timeline) collects documents, actors
 * and evidence atoms.  graph_finish turns them into the final model:
 *
 *  0. documents: one per (id, fingerprint of the text and its publication
 *     date).  Two texts under one id
 *     (day1/report.txt and day2/report.txt, two records with one "id") stay
 *     two documents: the smallest fingerprint keeps the id, every other
 *     gets "ID~" and the first 8 hex digits of its fingerprint (more when
 *     that is taken), with a warning naming both places.  A renamed id read
 *     back with its fingerprint is known again by the part before "~".  A
 *     document without a fingerprint (timelines written before them) is the
 *     document that keeps its id.  Sorted by id.
 *  1. actors: one per id; names, roles, aliases united; a surname-only person
 *     ("Lavrov") matching exactly one full-name person with the same surname
 *     and country ("Sergei Lavrov"; "Assad" also matches "Bashar al-Assad")
 *     folds into it.  Sorted by id.
 *  2. events: the atoms are sorted canonically (action base, actors,
 *     status class, then the narrowest time first, then document, sentence,
 *     offset) and clustered greedily: an atom joins the first cluster with
 *     the same CAMEO base (first three digits), the same source and target
 *     sets (for symmetric actions -- consult, phone, meet, negotiate -- the
 *     same parties in either direction; the event takes the direction of
 *     its first atom), a compatible status (occurred~implied,
 *     planned~proposed, else equal), a compatible series ordinal (equal, or
 *     0 on either side) and an intersecting time interval (unknown ends
 *     intersect anything).  The event's time is the intersection; value and
 *     granularity come from the narrowest atom; its code is the most
 *     frequent one (then the longest).  "The first cluster" is found with a
 *     segment tree over the clusters of a group (one per ordinal), which
 *     skips every range whose intervals all end before the atom or all
 *     start after it: no scan of all clusters per atom.
 *  3. event ids: "ev-" and 16 hex digits of a 64-bit FNV-1a hash of
 *     "CAMEO-BASE|SOURCE-IDS|TARGET-IDS|STATUS-CLASS|ORDINAL|TIME-KEY" (for
 *     symmetric actions "PARTY-IDS|<->" instead of sources and targets).
 *     TIME-KEY is the day (YYYY-MM-DD) when the event is known to the day,
 *     else the month (YYYY-MM) of its latest date (else earliest), else
 *     "undated".  So the same event keeps its id (and ICS UID) across runs
 *     and bigger batches; it changes only when new evidence pins a vague
 *     event down to a day or moves it to another month.  Two calls of one
 *     pair on two days have two ids; events that still share an id get
 *     "-2", "-3"... in time order.
 *  4. series (implied events joined to the event they precede), relations
 *     (before/overlap between consecutive dated events of every actor and
 *     dyad timeline; same_series between consecutive events of a series) and
 *     timelines (per actor, per dyad; events by earliest, latest, id; undated
 *     events last).
 *
 * Every step depends only on the set of atoms, not on the order of adding,
 * so merge is associative and commutative: documents are deduplicated by
 * (id, fingerprint) (conflicting metadata: the smallest value wins), atoms
 * by (document, key) (a report seen twice with different content: the
 * smaller content wins), and every evidence entry of the JSON carries its
 * atom's own data.  Known limits: a surname-only actor folded in a partial
 * merge stays folded even if a later batch brings a second full name with
 * that surname; the evidence of a document read without a fingerprint goes
 * to the document that keeps its id; spelling variants of a person are
 * compared pairwise among the persons of one surname and country.
 *
 * Memory: atoms share their values (times, actions, actor lists, triggers
 * are interned), and timelines are read a piece at a time (see "timelines
 * in"), so a merge needs about 200 bytes an evidence entry besides its
 * input and output.
 */
#include "dipline.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* qsort, without the undefined behaviour of a NULL base for 0 elements */
static void
graph_sort(void *base, size_t n, size_t size,
	   int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* ------------------------------------------------------------ string map */

typedef struct {
	const char *key;
	int         val;
} gmap_ent;

typedef struct {
	gmap_ent *e;
	size_t    cap, n;
} gmap;

static uint64_t
graph_strhash(const char *s)
{
	return util_hash64(s, strlen(s), 0);
}

static int
gmap_get(const gmap *m, const char *key)
{
	if (m->cap == 0)
		return -1;
	size_t i = (size_t)graph_strhash(key) & (m->cap - 1);
	while (m->e[i].key) {
		if (strcmp(m->e[i].key, key) == 0)
			return m->e[i].val;
		i = (i + 1) & (m->cap - 1);
	}
	return -1;
}

static void gmap_put(gmap *m, const char *key, int val);

static void
gmap_grow(gmap *m)
{
	gmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->e = xcalloc(m->cap, sizeof *m->e);
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.e[i].key)
			gmap_put(m, old.e[i].key, old.e[i].val);
	free(old.e);
}

/* key must outlive the map (graph arena) */
static void
gmap_put(gmap *m, const char *key, int val)
{
	if ((m->n + 1) * 2 > m->cap)
		gmap_grow(m);
	size_t i = (size_t)graph_strhash(key) & (m->cap - 1);
	while (m->e[i].key) {
		if (strcmp(m->e[i].key, key) == 0) {
			m->e[i].val = val;
			return;
		}
		i = (i + 1) & (m->cap - 1);
	}
	m->e[i].key = key;
	m->e[i].val = val;
	m->n++;
}

/* Remove key (backward-shift deletion: later entries of its probe run move
 * back into the hole). */
static void
gmap_del(gmap *m, const char *key)
{
	if (m->cap == 0)
		return;
	size_t mask = m->cap - 1, i = (size_t)graph_strhash(key) & mask;
	while (m->e[i].key && strcmp(m->e[i].key, key) != 0)
		i = (i + 1) & mask;
	if (m->e[i].key == NULL)
		return;
	m->e[i].key = NULL;
	m->n--;
	for (size_t j = (i + 1) & mask; m->e[j].key; j = (j + 1) & mask) {
		size_t h = (size_t)graph_strhash(m->e[j].key) & mask;
		if (j > i ? h <= i || h > j : h <= i && h > j) {
			m->e[i] = m->e[j];
			m->e[j].key = NULL;
			i = j;
		}
	}
}

/* ------------------------------------------------------------ handle sets */

/* An open-addressing set of handles (indexes into an array the caller
 * owns): the caller hashes and compares what the handles stand for, so a
 * slot costs 4 bytes.  Used for atoms and for interned values. */
typedef struct {
	int    *slot;      /* -1 when empty */
	size_t  cap, n;
} gset;

typedef uint64_t (*gset_hash_fn)(const void *ctx, int h);
typedef int      (*gset_eq_fn)(const void *ctx, int h, const void *probe);

static int
gset_get(const gset *s, uint64_t hash, gset_eq_fn eq, const void *ctx,
	 const void *probe)
{
	if (s->cap == 0)
		return -1;
	for (size_t i = (size_t)hash & (s->cap - 1); s->slot[i] >= 0;
	     i = (i + 1) & (s->cap - 1))
		if (eq(ctx, s->slot[i], probe))
			return s->slot[i];
	return -1;
}

static void
gset_place(int *slot, size_t cap, uint64_t hash, int h)
{
	size_t i = (size_t)hash & (cap - 1);
	while (slot[i] >= 0)
		i = (i + 1) & (cap - 1);
	slot[i] = h;
}

/* Add handle h, which is not in the set yet. */
static void
gset_add(gset *s, int h, gset_hash_fn hash, const void *ctx)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		int *slot = xmalloc(cap * sizeof *slot);
		memset(slot, 0xff, cap * sizeof *slot);
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i] >= 0)
				gset_place(slot, cap, hash(ctx, s->slot[i]), s->slot[i]);
		free(s->slot);
		s->slot = slot;
		s->cap = cap;
	}
	gset_place(s->slot, s->cap, hash(ctx, h), h);
	s->n++;
}

/* Remove handle h (whose hash is hash). */
static void
gset_del(gset *s, int h, uint64_t hash, gset_hash_fn fn, const void *ctx)
{
	if (s->cap == 0)
		return;
	size_t mask = s->cap - 1, i = (size_t)hash & mask;
	while (s->slot[i] >= 0 && s->slot[i] != h)
		i = (i + 1) & mask;
	if (s->slot[i] < 0)
		return;
	s->slot[i] = -1;
	s->n--;
	for (size_t j = (i + 1) & mask; s->slot[j] >= 0; j = (j + 1) & mask) {
		size_t home = (size_t)fn(ctx, s->slot[j]) & mask;
		if (j > i ? home <= i || home > j : home <= i && home > j) {
			s->slot[i] = s->slot[j];
			s->slot[j] = -1;
			i = j;
		}
	}
}

static void
gset_clear(gset *s)
{
	free(s->slot);
	memset(s, 0, sizeof *s);
}

/* A set of nonzero 64-bit keys (roles and aliases of actors). */
typedef struct {
	uint64_t *k;
	size_t    cap, n;
} gkeys;

static uint64_t
gkeys_mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

/* 1 when key was added, 0 when it was there */
static int
gkeys_add(gkeys *s, uint64_t key)
{
	if ((s->n + 1) * 2 > s->cap) {
		gkeys old = *s;
		s->cap = old.cap ? old.cap * 2 : 64;
		s->k = xcalloc(s->cap, sizeof *s->k);
		s->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.k[i])
				gkeys_add(s, old.k[i]);
		free(old.k);
	}
	size_t i = (size_t)gkeys_mix(key) & (s->cap - 1);
	for (; s->k[i]; i = (i + 1) & (s->cap - 1))
		if (s->k[i] == key)
			return 0;
	s->k[i] = key;
	s->n++;
	return 1;
}

static void
gkeys_del(gkeys *s, uint64_t key)
{
	if (s->cap == 0)
		return;
	size_t mask = s->cap - 1, i = (size_t)gkeys_mix(key) & mask;
	while (s->k[i] && s->k[i] != key)
		i = (i + 1) & mask;
	if (s->k[i] == 0)
		return;
	s->k[i] = 0;
	s->n--;
	for (size_t j = (i + 1) & mask; s->k[j]; j = (j + 1) & mask) {
		size_t home = (size_t)gkeys_mix(s->k[j]) & mask;
		if (j > i ? home <= i || home > j : home <= i && home > j) {
			s->k[i] = s->k[j];
			s->k[j] = 0;
			i = j;
		}
	}
}

/* ------------------------------------------------------------ the index */

/* What the graph knows of a document besides dl_gdoc (parallel to
 * g->docs until graph_finish). */
typedef struct {
	const char *place;   /* where it was read ("file", "file:line
			      * (document 2)"): the smallest seen */
	const char *inid;    /* the smallest id it was read under other than
			      * its own (a renamed id), or NULL */
} graph_docx;

/* A growable array of pointers to interned values, and the set finding
 * them by content. */
typedef struct {
	const void **v;
	size_t       n, cap;
	gset         set;
} graph_pool;

/* While a timeline is added: what it changed of the graph, so that a
 * timeline found faulty halfway adds nothing (graph_rollback). */
typedef struct {
	int kind;          /* 0 document, 1 actor, 2 atom */
	int i;
	union {
		struct {
			dl_gdoc    d;
			graph_docx x;
		} doc;
		dl_actor actor;
		dl_atom  atom;
	} old;
} graph_undo_ent;

typedef struct {
	size_t          ndocs, nactors, natoms;   /* before */
	graph_undo_ent *v;
	size_t          n, cap;
} graph_undo;

struct graph_index {
	gmap docs;     /* "ID\037FINGERPRINT" -> document index */
	gmap actors;   /* actor id -> index */
	gset atoms;    /* atom index, by (document, key) */
	gmap strs;     /* interned strings -> index into strv */
	const char **strv;
	size_t nstrv, capstrv;
	graph_pool times;    /* dl_time */
	graph_pool cameos;   /* dl_cameo */
	graph_pool lists;    /* int lists: n at [-1], then n actor indexes */
	gkeys strsets;       /* (actor, roles/aliases, string) already added */
	graph_docx *docx;
	size_t capdocx;
	dl_buf scratch;
	graph_undo *undo;    /* recording, or NULL */
};

/* Record entry i (of kind) before a change, when it was there before the
 * timeline being added. */
static void
graph_undo_log(dl_graph *g, int kind, int i)
{
	graph_undo *u = g->idx->undo;
	if (u == NULL || (size_t)i >= (kind == 0 ? u->ndocs : kind == 1 ?
				       u->nactors : u->natoms))
		return;
	if (u->n == u->cap) {
		u->cap = u->cap ? u->cap * 2 : 64;
		u->v = xrealloc(u->v, u->cap * sizeof *u->v);
	}
	graph_undo_ent *e = &u->v[u->n++];
	e->kind = kind;
	e->i = i;
	if (kind == 0) {
		e->old.doc.d = g->docs[i];
		e->old.doc.x = g->idx->docx[i];
	} else if (kind == 1)
		e->old.actor = g->actors[i];
	else
		e->old.atom = g->atoms[i];
}

static void
graph_pool_add(graph_pool *p, const void *v, gset_hash_fn hash)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	p->v[p->n] = v;
	gset_add(&p->set, (int)p->n, hash, p);
	p->n++;
}

static void
graph_pool_free(graph_pool *p)
{
	free(p->v);
	gset_clear(&p->set);
}

/* An interned copy of s in the graph arena (labels, anchors, codes);
 * *ix (when not NULL) gets its number. */
static const char *
graph_intern_ix(dl_graph *g, const char *s, int *ix)
{
	if (s == NULL)
		return NULL;
	struct graph_index *x = g->idx;
	int i = gmap_get(&x->strs, s);
	if (i < 0) {
		if (x->nstrv == x->capstrv)
			x->strv = arena_grow(g->arena, x->strv, sizeof *x->strv,
					     &x->capstrv);
		char *c = arena_strdup(g->arena, s);
		i = (int)x->nstrv++;
		x->strv[i] = c;
		gmap_put(&x->strs, c, i);
	}
	if (ix)
		*ix = i;
	return x->strv[i];
}

static const char *
graph_intern(dl_graph *g, const char *s)
{
	return graph_intern_ix(g, s, NULL);
}

/* Times: the six fixed fields are zero-padded (so compared whole), text and
 * anchor interned (so compared as pointers). */
#define GRAPH_TIME_CHARS (offsetof(dl_time, mod) + sizeof(((dl_time *)0)->mod))

static uint64_t
graph_time_hash(const dl_time *t)
{
	uint64_t h = util_hash64(t, GRAPH_TIME_CHARS, 0);
	h = util_hash64(&t->text, sizeof t->text, h);
	return util_hash64(&t->anchor, sizeof t->anchor, h);
}

static uint64_t
graph_time_hash_h(const void *ctx, int h)
{
	return graph_time_hash(((const graph_pool *)ctx)->v[h]);
}

static int
graph_time_eq(const void *ctx, int h, const void *probe)
{
	const dl_time *a = ((const graph_pool *)ctx)->v[h], *b = probe;
	return memcmp(a, b, GRAPH_TIME_CHARS) == 0 &&
		a->text == b->text && a->anchor == b->anchor;
}

#define GRAPH_FIELD(d, s) \
	memcpy((d), (s), strnlen((s), sizeof(d) - 1))

/* The graph's one copy of time s. */
static const dl_time *
graph_time(dl_graph *g, const dl_time *s)
{
	dl_time t;
	memset(&t, 0, sizeof t);
	GRAPH_FIELD(t.value, s->value);
	GRAPH_FIELD(t.type, s->type);
	GRAPH_FIELD(t.earliest, s->earliest);
	GRAPH_FIELD(t.latest, s->latest);
	GRAPH_FIELD(t.granularity, s->granularity);
	GRAPH_FIELD(t.mod, s->mod);
	t.text = graph_intern(g, s->text);
	t.anchor = graph_intern(g, s->anchor);
	graph_pool *p = &g->idx->times;
	int h = gset_get(&p->set, graph_time_hash(&t), graph_time_eq, p, &t);
	if (h >= 0)
		return p->v[h];
	dl_time *c = arena_alloc(g->arena, sizeof *c);
	memcpy(c, &t, sizeof t);
	graph_pool_add(p, c, graph_time_hash_h);
	return c;
}

static uint64_t
graph_cameo_hash(const dl_cameo *c)
{
	uint64_t h = util_hash64(c->code, strlen(c->code), 0);
	h = util_hash64(&c->label, sizeof c->label, h);
	h = util_hash64(&c->plover, sizeof c->plover, h);
	h = util_hash64(&c->quad_class, sizeof c->quad_class, h);
	return util_hash64(&c->goldstein, sizeof c->goldstein, h);
}

static uint64_t
graph_cameo_hash_h(const void *ctx, int h)
{
	return graph_cameo_hash(((const graph_pool *)ctx)->v[h]);
}

static int
graph_cameo_eq(const void *ctx, int h, const void *probe)
{
	const dl_cameo *a = ((const graph_pool *)ctx)->v[h], *b = probe;
	return strcmp(a->code, b->code) == 0 && a->label == b->label &&
		a->plover == b->plover && a->quad_class == b->quad_class &&
		memcmp(&a->goldstein, &b->goldstein, sizeof a->goldstein) == 0;
}

/* The graph's one copy of CAMEO code and facts s (label and plover "" when
 * NULL). */
static const dl_cameo *
graph_cameo(dl_graph *g, const dl_cameo *s)
{
	dl_cameo c;
	memset(&c, 0, sizeof c);
	GRAPH_FIELD(c.code, s->code);
	c.label = graph_intern(g, s->label ? s->label : "");
	c.plover = graph_intern(g, s->plover ? s->plover : "");
	c.quad_class = s->quad_class;
	c.goldstein = s->goldstein;
	graph_pool *p = &g->idx->cameos;
	int h = gset_get(&p->set, graph_cameo_hash(&c), graph_cameo_eq, p, &c);
	if (h >= 0)
		return p->v[h];
	dl_cameo *n = arena_alloc(g->arena, sizeof *n);
	*n = c;
	graph_pool_add(p, n, graph_cameo_hash_h);
	return n;
}

/* Actor lists: v[-1] holds the length. */
typedef struct {
	const int *v;
	int        n;
} graph_listkey;

static uint64_t
graph_list_hash(const int *v, int n)
{
	return util_hash64(v, (size_t)n * sizeof *v, (uint64_t)n);
}

static uint64_t
graph_list_hash_h(const void *ctx, int h)
{
	const int *v = ((const graph_pool *)ctx)->v[h];
	return graph_list_hash(v, v[-1]);
}

static int
graph_list_eq(const void *ctx, int h, const void *probe)
{
	const int *v = ((const graph_pool *)ctx)->v[h];
	const graph_listkey *k = probe;
	return v[-1] == k->n &&
		memcmp(v, k->v, (size_t)k->n * sizeof *v) == 0;
}

/* The graph's one copy of the list v[0..n-1] (read-only: shared). */
static int *
graph_list(dl_graph *g, const int *v, int n)
{
	graph_pool *p = &g->idx->lists;
	graph_listkey k = {v, n};
	int h = gset_get(&p->set, graph_list_hash(v, n), graph_list_eq, p, &k);
	if (h >= 0)
		return (int *)p->v[h];
	int *c = arena_alloc(g->arena, ((size_t)n + 1) * sizeof *c);
	c[0] = n;
	if (n)
		memcpy(c + 1, v, (size_t)n * sizeof *v);
	graph_pool_add(p, c + 1, graph_list_hash_h);
	return c + 1;
}

/* Atoms by (document, key). */
static uint64_t
graph_atom_hash(int doc, const char *key)
{
	return util_hash64(key, strlen(key), (uint64_t)doc * 0x9e3779b97f4a7c15ULL);
}

static uint64_t
graph_atom_hash_h(const void *ctx, int h)
{
	const dl_atom *a = &((const dl_graph *)ctx)->atoms[h];
	return graph_atom_hash(a->doc, a->key);
}

typedef struct {
	int         doc;
	const char *key;
} graph_atomkey;

static int
graph_atom_eq(const void *ctx, int h, const void *probe)
{
	const dl_atom *a = &((const dl_graph *)ctx)->atoms[h];
	const graph_atomkey *k = probe;
	return a->doc == k->doc && strcmp(a->key, k->key) == 0;
}

static int
graph_atom_find(const dl_graph *g, int doc, const char *key)
{
	graph_atomkey k = {doc, key};
	return gset_get(&g->idx->atoms, graph_atom_hash(doc, key),
			graph_atom_eq, g, &k);
}

/* ------------------------------------------------------------ life */

dl_graph *
graph_new(void)
{
	dl_graph *g = xcalloc(1, sizeof *g);
	g->arena = arena_new();
	if (g->arena == NULL) {
		free(g);
		return NULL;
	}
	g->idx = xcalloc(1, sizeof *g->idx);
	return g;
}

static void
graph_index_free(struct graph_index *x)
{
	if (x == NULL)
		return;
	free(x->docs.e);
	free(x->actors.e);
	gset_clear(&x->atoms);
	free(x->strs.e);
	graph_pool_free(&x->times);
	graph_pool_free(&x->cameos);
	graph_pool_free(&x->lists);
	free(x->strsets.k);
	free(x->docx);
	buf_free(&x->scratch);
	free(x);
}

void
graph_free(dl_graph *g)
{
	if (g == NULL)
		return;
	graph_index_free(g->idx);
	free(g->atoms);
	arena_free(g->arena);
	free(g);
}

const char *
graph_relation_name(dl_reltype t)
{
	static const char *n[] = {"before", "after", "overlap", "same_series"};
	return n[t];
}

/* ------------------------------------------------------------ time */

/* Comparable form of an interval end: dates get "T" (earliest: before any
 * time of that day) or "T~" (latest: after any time of that day). */
static void
graph_time_norm(const char *s, int is_latest, char out[40])
{
	size_t n = strlen(s);
	if (n > 30)
		n = 30;
	memcpy(out, s, n);
	out[n] = '\0';
	if (n == 10)
		strcpy(out + n, is_latest ? "T~" : "T");
}

int
graph_time_cmp(const char *a, int a_is_latest, const char *b, int b_is_latest)
{
	char na[40], nb[40];
	graph_time_norm(a, a_is_latest, na);
	graph_time_norm(b, b_is_latest, nb);
	return strcmp(na, nb);
}

static int
graph_gran_rank(const char *g)
{
	static const char *order[] = {"time", "day", "week", "month", "quarter",
				      "year", "decade", "century"};
	for (size_t i = 0; i < sizeof order / sizeof *order; i++)
		if (strcmp(g, order[i]) == 0)
			return (int)i;
	return 100;
}

/* Width of an interval in days; a large number when open or unknown. */
static long
graph_time_width(const dl_time *t)
{
	long e, l;
	if (!t->earliest[0] || !t->latest[0] ||
	    date_parse_iso(t->earliest, &e) != 0 ||
	    date_parse_iso(t->latest, &l) != 0)
		return 1L << 40;
	return l - e;
}

/* Is time a narrower (better) than b? */
static int
graph_time_narrower(const dl_time *a, const dl_time *b)
{
	long wa = graph_time_width(a), wb = graph_time_width(b);
	if (wa != wb)
		return wa < wb;
	int ra = graph_gran_rank(a->granularity);
	int rb = graph_gran_rank(b->granularity);
	if (ra != rb)
		return ra < rb;
	return (a->earliest[0] != 0) > (b->earliest[0] != 0);
}

/* ------------------------------------------------------------ adding */

/* The document (id, fp) ("" fp: unknown), created when new.  place names
 * where it was read (for messages); inid is the id it was read under when
 * that was a renamed one ("report~1a2b3c4d"), else NULL. */
static int
graph_doc(dl_graph *g, const char *id, const char *fp, const char *title,
	  const char *url, const char *source, const char *published,
	  const char *place, const char *inid)
{
	struct graph_index *x = g->idx;
	dl_buf *k = &x->scratch;
	dl_gdoc *d;

	k->len = 0;
	buf_printf(k, "%s\037%s", id, fp ? fp : "");
	int i = gmap_get(&x->docs, k->p);
	if (i < 0) {
		if (g->ndocs == g->capdocs)
			g->docs = arena_grow(g->arena, g->docs, sizeof *g->docs,
					     &g->capdocs);
		if (g->ndocs == x->capdocx) {
			x->capdocx = x->capdocx ? x->capdocx * 2 : 64;
			x->docx = xrealloc(x->docx, x->capdocx * sizeof *x->docx);
		}
		i = (int)g->ndocs++;
		d = &g->docs[i];
		memset(d, 0, sizeof *d);
		memset(&x->docx[i], 0, sizeof x->docx[i]);
		d->id = arena_strdup(g->arena, id);
		snprintf(d->fingerprint, sizeof d->fingerprint, "%s", fp ? fp : "");
		gmap_put(&x->docs, arena_strdup(g->arena, k->p), i);
	}
	graph_undo_log(g, 0, i);
	d = &g->docs[i];
	/* Conflicting metadata: keep the smallest non-empty value, so the
	 * result does not depend on the order of adding. */
#define GRAPH_PICK(field, v) \
	if ((v) && *(v) && (d->field == NULL || strcmp((v), d->field) < 0)) \
		d->field = arena_strdup(g->arena, (v));
	GRAPH_PICK(title, title)
	GRAPH_PICK(url, url)
	GRAPH_PICK(source, source)
#undef GRAPH_PICK
	if (published && strlen(published) == 10 &&
	    (d->published[0] == '\0' || strcmp(published, d->published) < 0))
		memcpy(d->published, published, 11);
	graph_docx *dx = &x->docx[i];
	if (place && (dx->place == NULL || strcmp(place, dx->place) < 0))
		dx->place = arena_strdup(g->arena, place);
	if (inid && (dx->inid == NULL || strcmp(inid, dx->inid) < 0))
		dx->inid = arena_strdup(g->arena, inid);
	return i;
}

static uint64_t
graph_strset_key(int ai, int kind, int si)
{
	return ((uint64_t)ai << 33) | ((uint64_t)si << 1) | (uint64_t)kind |
		(1ULL << 63);
}

/* Add s to the roles (kind 0) or aliases (kind 1) of actor ai, unless
 * there; the array grows by doubling (its capacity is the next power of
 * two of its length). */
static void
graph_strset_add(dl_graph *g, int ai, int kind, const char *s)
{
	dl_actor *a = &g->actors[ai];
	char ***v = kind ? &a->aliases : &a->roles;
	size_t *n = kind ? &a->naliases : &a->nroles;
	int si;

	if (s == NULL || *s == '\0')
		return;
	s = graph_intern_ix(g, s, &si);
	if (!gkeys_add(&g->idx->strsets, graph_strset_key(ai, kind, si)))
		return;
	if (*n >= 4 && (*n & (*n - 1)) == 0) {
		char **nv = arena_alloc(g->arena, *n * 2 * sizeof *nv);
		memcpy(nv, *v, *n * sizeof *nv);
		*v = nv;
	} else if (*n == 0)
		*v = arena_alloc(g->arena, 4 * sizeof **v);
	(*v)[(*n)++] = (char *)s;
}

/* Is name a better display name than cur?  Longest, then smallest. */
static int
graph_better_name(const char *name, const char *cur)
{
	size_t a = strlen(name), b = strlen(cur);
	if (a != b)
		return a > b;
	return strcmp(name, cur) < 0;
}

static int
graph_actor(dl_graph *g, const char *id, const char *name, dl_actor_type type,
	    const char *country, char **roles, size_t nroles,
	    char **aliases, size_t naliases)
{
	int i = gmap_get(&g->idx->actors, id);
	dl_actor *a;

	if (name == NULL || *name == '\0')
		name = id;
	if (i < 0) {
		if (g->nactors == g->capactors)
			g->actors = arena_grow(g->arena, g->actors,
					       sizeof *g->actors, &g->capactors);
		i = (int)g->nactors++;
		a = &g->actors[i];
		memset(a, 0, sizeof *a);
		a->id = arena_strdup(g->arena, id);
		a->name = (char *)graph_intern(g, name);
		a->type = type;
		gmap_put(&g->idx->actors, a->id, i);
	}
	graph_undo_log(g, 1, i);
	a = &g->actors[i];
	if (graph_better_name(name, a->name))
		a->name = (char *)graph_intern(g, name);
	/* every name seen is an alias; the display name is removed at finish */
	graph_strset_add(g, i, 1, name);
	if (type < a->type)
		a->type = type;
	if (country && strlen(country) == 3 && (a->country[0] == '\0' ||
						strcmp(country, a->country) < 0))
		memcpy(a->country, country, 4);
	for (size_t k = 0; k < nroles; k++)
		graph_strset_add(g, i, 0, roles[k]);
	for (size_t k = 0; k < naliases; k++)
		graph_strset_add(g, i, 1, aliases[k]);
	return i;
}

static int
graph_int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Sort and deduplicate an int list in place; returns the new length. */
static int
graph_int_uniq(int *v, int n)
{
	int j = 0;
	graph_sort(v, (size_t)n, sizeof *v, graph_int_cmp);
	for (int i = 0; i < n; i++)
		if (j == 0 || v[j - 1] != v[i])
			v[j++] = v[i];
	return j;
}

static int
graph_nstrcmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int
graph_ids_cmp(const dl_graph *g, const int *a, int na, const int *b, int nb)
{
	int c;
	for (int i = 0; i < na && i < nb; i++)
		if ((c = strcmp(g->actors[a[i]].id, g->actors[b[i]].id)) != 0)
			return c;
	return (na > nb) - (na < nb);
}

static int
graph_time_content_cmp(const dl_time *a, const dl_time *b)
{
	int c;
	if (a == b)
		return 0;
	if ((c = strcmp(a->earliest, b->earliest)) != 0 ||
	    (c = strcmp(a->latest, b->latest)) != 0 ||
	    (c = strcmp(a->value, b->value)) != 0 ||
	    (c = strcmp(a->type, b->type)) != 0 ||
	    (c = strcmp(a->granularity, b->granularity)) != 0 ||
	    (c = strcmp(a->mod, b->mod)) != 0 ||
	    (c = graph_nstrcmp(a->text, b->text)) != 0)
		return c;
	return graph_nstrcmp(a->anchor, b->anchor);
}

/* Total order on everything an atom says (for duplicates). */
static int
graph_atom_content_cmp(const dl_graph *g, const dl_atom *a, const dl_atom *b)
{
	int c;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	if (a->status != b->status)
		return a->status < b->status ? -1 : 1;
	if ((c = graph_ids_cmp(g, a->src, a->nsrc, b->src, b->nsrc)) != 0 ||
	    (c = graph_ids_cmp(g, a->tgt, a->ntgt, b->tgt, b->ntgt)) != 0)
		return c;
	if (a->attributed_to != b->attributed_to) {
		if (a->attributed_to < 0 || b->attributed_to < 0)
			return a->attributed_to < 0 ? -1 : 1;
		if ((c = strcmp(g->actors[a->attributed_to].id,
				g->actors[b->attributed_to].id)) != 0)
			return c;
	}
	if ((c = graph_time_content_cmp(a->time, b->time)) != 0 ||
	    (c = graph_nstrcmp(a->trigger, b->trigger)) != 0 ||
	    (c = graph_nstrcmp(a->window, b->window)) != 0 ||
	    (c = graph_nstrcmp(a->series_of, b->series_of)) != 0 ||
	    (c = strcmp(a->action->code, b->action->code)) != 0 ||
	    (c = graph_nstrcmp(a->action->label, b->action->label)) != 0 ||
	    (c = graph_nstrcmp(a->action->plover, b->action->plover)) != 0)
		return c;
	if (a->action->quad_class != b->action->quad_class)
		return a->action->quad_class < b->action->quad_class ? -1 : 1;
	if (a->action->goldstein != b->action->goldstein)
		return a->action->goldstein < b->action->goldstein ? -1 : 1;
	/* the key names these for reports of dipline's own making; a
	 * hand-made "atom" might not */
	if (a->sentence != b->sentence)
		return a->sentence < b->sentence ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->ordinal > b->ordinal) - (a->ordinal < b->ordinal);
}

/* Add an atom unless one with the same document and key exists.  The
 * atom's strings must already belong to the graph. */
static void
graph_atom(dl_graph *g, const dl_atom *at)
{
	int old = graph_atom_find(g, at->doc, at->key);
	if (old >= 0) {
		/* the same report seen twice: keep the smaller content, so
		 * that which one stays does not depend on the order of adding */
		if (graph_atom_content_cmp(g, at, &g->atoms[old]) < 0) {
			graph_undo_log(g, 2, old);
			g->atoms[old] = *at;
			g->atoms[old].event = -1;
		}
		return;
	}
	if (g->natoms == g->capatoms) {
		g->capatoms = g->capatoms ? g->capatoms * 2 : 64;
		g->atoms = xrealloc(g->atoms, g->capatoms * sizeof *g->atoms);
	}
	int i = (int)g->natoms++;
	g->atoms[i] = *at;
	g->atoms[i].event = -1;
	gset_add(&g->idx->atoms, i, graph_atom_hash_h, g);
}

/* Start recording what adding changes (see graph_undo). */
static void
graph_undo_begin(dl_graph *g, graph_undo *u)
{
	memset(u, 0, sizeof *u);
	u->ndocs = g->ndocs;
	u->nactors = g->nactors;
	u->natoms = g->natoms;
	g->idx->undo = u;
}

/* Forget the roles (kind 0) or aliases of actor ai from index from on. */
static void
graph_strset_forget(dl_graph *g, int ai, int kind, size_t from)
{
	const dl_actor *a = &g->actors[ai];
	char **v = kind ? a->aliases : a->roles;
	size_t n = kind ? a->naliases : a->nroles;
	for (size_t k = from; k < n; k++) {
		int si = gmap_get(&g->idx->strs, v[k]);
		gkeys_del(&g->idx->strsets, graph_strset_key(ai, kind, si));
	}
}

/* Stop recording; with rollback, put the graph back as it was (in time
 * proportional to what was added). */
static void
graph_undo_end(dl_graph *g, graph_undo *u, int rollback)
{
	struct graph_index *x = g->idx;
	dl_buf *k = &x->scratch;

	x->undo = NULL;
	if (rollback) {
		for (size_t i = u->natoms; i < g->natoms; i++)
			gset_del(&x->atoms, (int)i, graph_atom_hash_h(g, (int)i),
				 graph_atom_hash_h, g);
		for (size_t i = u->nactors; i < g->nactors; i++) {
			graph_strset_forget(g, (int)i, 0, 0);
			graph_strset_forget(g, (int)i, 1, 0);
			gmap_del(&x->actors, g->actors[i].id);
		}
		for (size_t i = u->ndocs; i < g->ndocs; i++) {
			k->len = 0;
			buf_printf(k, "%s\037%s", g->docs[i].id, g->docs[i].fingerprint);
			gmap_del(&x->docs, k->p);
		}
		for (size_t j = u->n; j-- > 0;) {
			const graph_undo_ent *e = &u->v[j];
			if (e->kind == 0) {
				g->docs[e->i] = e->old.doc.d;
				x->docx[e->i] = e->old.doc.x;
			} else if (e->kind == 1) {
				graph_strset_forget(g, e->i, 0, e->old.actor.nroles);
				graph_strset_forget(g, e->i, 1, e->old.actor.naliases);
				g->actors[e->i] = e->old.actor;
			} else
				g->atoms[e->i] = e->old.atom;
		}
		g->ndocs = u->ndocs;
		g->nactors = u->nactors;
		g->natoms = u->natoms;
	}
	free(u->v);
}

/* The atoms' keys, "SENTENCE:START:CODE:ORDINAL": events reported by the
 * same trigger with the same code and ordinal (e.g. two targets coded
 * apart) are told apart by their order in the article ("...#2").  One
 * pass with a map, so long articles stay linear.  NULL for uncoded
 * events. */
static const char **
graph_atom_keys(dl_graph *g, const dl_article *art)
{
	const char **keys = arena_alloc(g->arena,
	    (art->nevents + 1) * sizeof *keys);
	arena *tmp = arena_new();
	gmap seen = {0};
	if (tmp == NULL)
		abort();
	for (size_t i = 0; i < art->nevents; i++) {
		const dl_event *e = &art->events[i];
		if (e->cameo == NULL)
			continue;
		char *base = arena_printf(tmp, "%d:%zu:%s:%d", e->sentence,
					  e->start, e->cameo->code,
					  e->series_ordinal);
		int n = gmap_get(&seen, base);
		n = n < 0 ? 0 : n;
		keys[i] = n ? arena_printf(g->arena, "%s#%d", base, n + 1) :
			arena_strdup(g->arena, base);
		gmap_put(&seen, base, n + 1);
	}
	free(seen.e);
	arena_free(tmp);
	return keys;
}

/* The graph's list of the actors v[0..n-1] of an article (at most 4,
 * out-of-range indexes dropped), through amap. */
static int *
graph_art_list(dl_graph *g, const dl_article *art, const int *amap,
	       const int *v, int n, int *out_n)
{
	int m[4], k = 0;
	for (int i = 0; i < n && i < 4; i++)
		if (v[i] >= 0 && (size_t)v[i] < art->nactors)
			m[k++] = amap[v[i]];
	*out_n = k;
	return graph_list(g, m, k);
}

void
graph_add_article(dl_graph *g, const dl_article *art)
{
	const char *docid = art->id && *art->id ? art->id :
		(art->origin ? art->origin : "");
	/* the fingerprint: of the text and the publication date it was read
	 * with (one text under two dates is two readings: its relative dates
	 * resolve differently) */
	char     fp[17];
	uint64_t h = util_hash64(art->text ? art->text : "",
				 art->text ? art->len : 0, 0);
	if (art->published[0])
		h = util_hash64(art->published, strlen(art->published), h);
	snprintf(fp, sizeof fp, "%016llx", (unsigned long long)h);
	int doc = graph_doc(g, docid, fp, art->title, art->url, art->source,
			    art->published, art->origin ? art->origin : docid,
			    NULL);
	int *amap = arena_alloc(g->arena, (art->nactors + 1) * sizeof *amap);
	const char **keys = graph_atom_keys(g, art);

	for (size_t i = 0; i < art->nactors; i++) {
		const dl_actor *a = &art->actors[i];
		amap[i] = graph_actor(g, a->id, a->name, a->type, a->country,
				      a->roles, a->nroles, a->aliases,
				      a->naliases);
	}
	for (size_t i = 0; i < art->nevents; i++) {
		const dl_event *e = &art->events[i];
		dl_atom at;

		if (e->cameo == NULL)
			continue;
		memset(&at, 0, sizeof at);
		at.doc = doc;
		at.sentence = e->sentence;
		at.start = e->start;
		at.end = e->end;
		at.action = graph_cameo(g, e->cameo);
		at.trigger = graph_intern(g, e->trigger);
		at.src = graph_art_list(g, art, amap, e->src, e->nsrc, &at.nsrc);
		at.tgt = graph_art_list(g, art, amap, e->tgt, e->ntgt, &at.ntgt);
		at.status = e->status;
		at.attributed_to = e->attributed_to >= 0 &&
			(size_t)e->attributed_to < art->nactors ?
			amap[e->attributed_to] : -1;
		at.time = graph_time(g, &e->time);
		at.ordinal = e->series_ordinal;
		if (e->series_window[0]) {
			char w[16] = "";
			GRAPH_FIELD(w, e->series_window);
			at.window = graph_intern(g, w);
		}
		if (e->series_of >= 0 && (size_t)e->series_of < art->nevents &&
		    (size_t)e->series_of != i &&
		    art->events[e->series_of].cameo != NULL)
			at.series_of = keys[e->series_of];
		at.key = keys[i];
		graph_atom(g, &at);
	}
}

/* ------------------------------------------------------------ timelines in */

/*
 * A timeline is read a piece at a time: a small scanner checks the JSON
 * syntax and walks the containers (the top-level object, its arrays, every
 * event object and its evidence array), and every document, actor, event
 * (its header alone when it is big) and evidence entry of a big event
 * becomes a light tree of its own (gj_dom: nodes pointing into the text,
 * strings decoded when asked), read field by field.  So memory follows
 * what the graph keeps, never the size of a JSON tree (one event may have
 * a million evidence entries), and no piece costs a jansson tree.  jansson
 * still has the last word on what is JSON: the scanner marks a piece
 * "odd" when jansson might refuse it (a duplicate or escaped key, an
 * object of many members, \u0000 or a lone surrogate, an integer or real
 * out of range, deep nesting), and such a piece goes through json_loadb
 * first, so that its fault is named as before.  Every piece is checked
 * against its form (what fits the fixed fields of the model, integers in
 * the ranges of the schema) before it is added; at the first fault, named
 * with its place (file, line, "events[3].evidence[0]", field), the walk
 * stops and what the timeline had added is taken back (graph_undo), so a
 * faulty timeline adds nothing.  An event's values are either used by its
 * evidence (the action's facts, source, target) or derived from it
 * (cameo, status, time, series, attributed_to): see gj_event_derived.
 * The documents are walked twice (first to learn the fingerprint of every
 * id).  JSON Lines: the same, line by line;
 * a bad line is named and skipped.
 *
 * What is read but not used is named, not dropped silently: a key the
 * format does not define, an evidence entry whose document is missing
 * from "documents" (the document is added with its id only), and an actor
 * id missing from "actors" (likewise).  Each is said once per file (by key
 * name and kind of object, by document or actor id), at
 * the line where it was first met, with the count of further times; past
 * GJ_NAMED names of a kind only a count is given.  A timeline (or JSON
 * Lines record) that is refused says nothing of these: it adds nothing.
 * Of JSON Lines, the first GJ_NAMED bad lines of a file are named, the
 * others counted.
 */

#define GJ_MAX_DEPTH 2048
#if JSON_INTEGER_IS_LONG_LONG
#define GJ_INT_MAX ((json_int_t)LLONG_MAX)
#else
#define GJ_INT_MAX ((json_int_t)LONG_MAX)
#endif

/* A node of a piece's light tree: a value of its text. */
enum { GJ_OBJ = 1, GJ_ARR, GJ_STR, GJ_INT, GJ_REAL, GJ_BOOL, GJ_NULL };

typedef struct {
	const char *v, *ve;     /* the value's text */
	const char *k, *ke;     /* a member's key, quotes included (else NULL) */
	int         type;
	int         kid, last;  /* first and last child, -1 for none */
	int         hint;       /* the member gj_get found last, -1 */
	int         next;       /* next sibling, -1 for none */
	int         n;          /* children */
	int         esc;        /* 1: the string holds an escape; 2: the key */
	json_int_t  i;          /* GJ_INT */
	double      d;          /* GJ_INT and GJ_REAL */
	const char *s;          /* the string decoded, once asked */
	size_t      slen;
	const char *key;        /* an escaped key decoded, once asked */
} gj_node;

/* The light tree of a piece (or of the members of a big event): nodes, and
 * room for its strings decoded (at most as long as its text: room is
 * taken at the first decoding, so nothing is parsed into a tree after
 * that, until gj_dom_reset). */
typedef struct {
	gj_node *n;
	size_t   len, cap;
	char    *str;
	size_t   used, room, need;
	int      odd;           /* jansson might refuse the text */
	int      cut;           /* gj_parse stopped at its bound */
} gj_dom;

/* What a walk has to say (see above). */
enum { GJ_NOTE_KEY = 0, GJ_NOTE_DOC, GJ_NOTE_ACTOR, GJ_NOTE_KINDS };
#define GJ_NAMED 20

typedef struct {
	char  *id;      /* the map's key: kind of note and object, name */
	char  *msg;     /* where, and what */
	long   line;
	size_t more;    /* further times */
} gj_note;

typedef struct {
	arena   *a;
	gj_note *v;
	size_t   n, cap;
	gmap     map;
	size_t   named[GJ_NOTE_KINDS], unnamed[GJ_NOTE_KINDS];
} gj_notes;

typedef struct {
	const char *fp;     /* the fingerprint this timeline gives the id, "" */
	int         first;  /* index of its first entry in "documents" */
	int         gdoc;   /* the graph's document, once added */
} gj_doc;

typedef struct {
	dl_graph   *g;
	const char *origin;
	const char *s, *end;    /* the text walked: the file, or one line */
	long        line0;      /* the line of s */
	int         docpass;    /* documents: 0 learn the ids, 1 add */
	int         jsonl;
	int         mute;       /* gj_run names no fault (past GJ_NAMED lines) */
	int         failed;     /* the first fault: where (NULL: the whole
				 * text), and why */
	const char *errpos;
	char        why[640];
	const char *lpos;       /* line counting: lline is the line of lpos */
	long        lline;
	gmap        docs;       /* this timeline's (or line's) document ids */
	gmap        acts;       /* ... and actor ids */
	gj_doc     *dv;
	size_t      ndv, capdv;
	arena      *tmp;
	dl_buf      key;        /* the member key just read, decoded */
	gj_dom      hd;         /* the event being read (its header when big) */
	gj_dom      dom;        /* a document, an actor, an evidence entry */
	gj_notes    run, file;  /* what to say: of this walk, of the file */
	dl_buf      nb;         /* scratch for notes */
} gjctx;

/* Record the first fault; -1. */
static int
gj_fail(gjctx *c, const char *pos, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
gj_fail(gjctx *c, const char *pos, const char *where, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (c->failed)
		return -1;
	c->failed = 1;
	c->errpos = pos;
	if (where && *where)
		n = snprintf(c->why, sizeof c->why, "%s: ", where);
	if (n < 0 || (size_t)n >= sizeof c->why)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(c->why + n, sizeof c->why - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* The line of pos (counted from the last position asked, or afresh). */
static long
gj_line(gjctx *c, const char *pos)
{
	if (c->lpos == NULL || pos < c->lpos) {
		c->lpos = c->s;
		c->lline = c->line0;
	}
	const char *p = c->lpos;
	while (p < pos && (p = memchr(p, '\n', (size_t)(pos - p))) != NULL) {
		c->lline++;
		p++;
	}
	c->lpos = pos;
	return c->lline;
}

/* v as JSON text (ASCII only, so it can be cut anywhere), cut to about 60
 * characters, for messages. */
static const char *
gj_show(const json_t *v, char out[80])
{
	char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_ENSURE_ASCII);
	if (s == NULL)
		snprintf(out, 80, "?");
	else if (strlen(s) > 64)
		snprintf(out, 80, "%.60s...", s);
	else
		snprintf(out, 80, "%s", s);
	free(s);
	return out;
}

/* ---- syntax */

static const char *
gj_ws(const gjctx *c, const char *p)
{
	while (p < c->end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static const char *
gj_syntax(gjctx *c, const char *p, const char *what)
{
	gj_fail(c, p, NULL, "invalid JSON: %s", what);
	return NULL;
}

static int
gj_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int
gj_hex(int ch)
{
	return gj_digit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

/* Past the bytes from p on that need no look in a string: 8 at a time
 * while none of them is '"', '\\' or a C0 control (a word is tested as a
 * whole; a hit may be a false one, then the caller looks byte by byte). */
static const char *
gj_plain(const char *p, const char *e)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;

	while (e - p >= 8) {
		uint64_t w, q, b;
		memcpy(&w, p, 8);
		q = w ^ (ones * '"');
		b = w ^ (ones * '\\');
		if ((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((b - ones) & ~b)) &
		    highs)
			break;
		p += 8;
	}
	return p;
}

/* The end of the string whose '"' is at p. */
static const char *
gj_string(gjctx *c, const char *p)
{
	const char *e = c->end;
	for (p++; p < e; p++) {
		p = gj_plain(p, e);
		if (p >= e)
			break;
		unsigned char ch = (unsigned char)*p;
		if (ch == '"')
			return p + 1;
		if (ch < 0x20)
			return gj_syntax(c, p, "control character in a string");
		if (ch != '\\')
			continue;
		if (++p >= e)
			break;
		if (*p == 'u') {
			for (int k = 1; k <= 4; k++)
				if (p + k >= e || !gj_hex(p[k]))
					return gj_syntax(c, p, "invalid \\u escape");
			p += 4;
		} else if (*p == '\0' || strchr("\"\\/bfnrt", *p) == NULL)
			return gj_syntax(c, p, "invalid escape in a string");
	}
	return gj_syntax(c, p, "unterminated string");
}

static const char *
gj_digits(const gjctx *c, const char *q)
{
	while (q < c->end && gj_digit(*q))
		q++;
	return q;
}

/* The end of the number, true, false or null at p. */
static const char *
gj_scalar(gjctx *c, const char *p)
{
	size_t left = (size_t)(c->end - p);
	const char *q = p;

	if (*p == '"')
		return gj_string(c, p);
	if (left >= 4 && (memcmp(p, "true", 4) == 0 || memcmp(p, "null", 4) == 0))
		return p + 4;
	if (left >= 5 && memcmp(p, "false", 5) == 0)
		return p + 5;
	if (*q == '-')
		q++;
	if (q < c->end && *q == '0')
		q++;
	else if (q < c->end && gj_digit(*q))
		q = gj_digits(c, q);
	else
		return gj_syntax(c, p, "a value expected");
	if (q < c->end && *q == '.') {
		if (q + 1 >= c->end || !gj_digit(q[1]))
			return gj_syntax(c, q, "invalid number");
		q = gj_digits(c, q + 1);
	}
	if (q < c->end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < c->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= c->end || !gj_digit(*q))
			return gj_syntax(c, q, "invalid number");
		q = gj_digits(c, q);
	}
	return q;
}

/* After whitespace, a key and its ':'; returns what follows (and, when ke
 * is not NULL, the end of the key in *ke). */
static const char *
gj_key(gjctx *c, const char *p, const char **ke)
{
	p = gj_ws(c, p);
	if (p >= c->end || *p != '"')
		return gj_syntax(c, p, "a string key expected");
	if ((p = gj_string(c, p)) == NULL)
		return NULL;
	if (ke)
		*ke = p;
	p = gj_ws(c, p);
	if (p >= c->end || *p != ':')
		return gj_syntax(c, p, "':' expected");
	return p + 1;
}

/* Check the JSON value at p (after whitespace); returns its end. */
static const char *
gj_skip(gjctx *c, const char *p)
{
	char stack[GJ_MAX_DEPTH];   /* closing brackets of the open containers */
	int depth = 0;

	for (;;) {
		p = gj_ws(c, p);
		if (p >= c->end)
			return gj_syntax(c, p, "unexpected end of input");
		if (*p == '{' || *p == '[') {
			char close = *p == '{' ? '}' : ']';
			if (depth == GJ_MAX_DEPTH)
				return gj_syntax(c, p, "nested too deeply");
			stack[depth++] = close;
			p = gj_ws(c, p + 1);
			if (p < c->end && *p == close) {
				p++;
				depth--;
			} else {
				if (close == '}' && (p = gj_key(c, p, NULL)) == NULL)
					return NULL;
				continue;
			}
		} else if ((p = gj_scalar(c, p)) == NULL)
			return NULL;
		/* after a value: close containers, or go on after a ',' */
		for (;;) {
			if (depth == 0)
				return p;
			p = gj_ws(c, p);
			if (p >= c->end)
				return gj_syntax(c, p, "unexpected end of input");
			if (*p == stack[depth - 1]) {
				p++;
				depth--;
				continue;
			}
			if (*p != ',')
				return gj_syntax(c, p, stack[depth - 1] == '}' ?
						 "',' or '}' expected" :
						 "',' or ']' expected");
			p++;
			if (stack[depth - 1] == '}' && (p = gj_key(c, p, NULL)) == NULL)
				return NULL;
			break;
		}
	}
}

/* ---- walking containers */

typedef struct {
	const char *p;
	const char *k, *ke; /* the key of the member gj_next gave, quotes
			     * included */
	int         obj, n;
} gj_it;

/* Start walking the object (obj) or array at v; -1 when it is not one. */
static int
gj_open(gjctx *c, gj_it *it, const char *v, int obj)
{
	v = gj_ws(c, v);
	if (v >= c->end || *v != (obj ? '{' : '['))
		return -1;
	it->p = v + 1;
	it->obj = obj;
	it->n = 0;
	return 0;
}

/* The key [k, e) of a member (quotes included), decoded into c->key. */
static int
gj_key_decode(gjctx *c, const char *k, const char *e)
{
	c->key.len = 0;
	if (memchr(k, '\\', (size_t)(e - k)) == NULL) {
		buf_put(&c->key, k + 1, (size_t)(e - k) - 2);
		return 0;
	}
	json_error_t err;
	json_t *s = json_loadb(k, (size_t)(e - k), JSON_DECODE_ANY, &err);
	if (s == NULL)
		return gj_fail(c, k, NULL, "invalid JSON: %s", err.text);
	buf_put(&c->key, json_string_value(s), json_string_length(s));
	json_decref(s);
	if (strlen(c->key.p) != c->key.len)
		return gj_fail(c, k, NULL, "invalid JSON: a key with a NUL");
	return 0;
}

/* The next member or element: 1 with its value at [*v, *ve) (and the key
 * in c->key), 0 at the end, -1 on a fault. */
static int
gj_next(gjctx *c, gj_it *it, const char **v, const char **ve)
{
	const char *p = gj_ws(c, it->p);
	char close = it->obj ? '}' : ']';

	if (p >= c->end) {
		gj_syntax(c, p, "unexpected end of input");
		return -1;
	}
	if (*p == close) {
		it->p = p + 1;
		return 0;
	}
	if (it->n > 0) {
		if (*p != ',') {
			gj_syntax(c, p, it->obj ? "',' or '}' expected" :
				  "',' or ']' expected");
			return -1;
		}
		p = gj_ws(c, p + 1);
	}
	if (it->obj) {
		it->k = p;
		if ((p = gj_key(c, p, &it->ke)) == NULL ||
		    gj_key_decode(c, it->k, it->ke) != 0)
			return -1;
	}
	*v = gj_ws(c, p);
	if ((*ve = gj_skip(c, *v)) == NULL)
		return -1;
	it->p = *ve;
	it->n++;
	return 1;
}

/* The next element of an array whose text gj_skip checked (the caller
 * sets it->p to the end of each element): 1 with *x at it, 0 at the end,
 * -1 on a fault. */
static int
gj_next_at(gjctx *c, gj_it *it, const char **x)
{
	const char *p = gj_ws(c, it->p);

	if (p >= c->end) {
		gj_syntax(c, p, "unexpected end of input");
		return -1;
	}
	if (*p == ']') {
		it->p = p + 1;
		return 0;
	}
	if (it->n > 0) {
		if (*p != ',') {
			gj_syntax(c, p, "',' or ']' expected");
			return -1;
		}
		p = gj_ws(c, p + 1);
	}
	*x = p;
	it->n++;
	return 1;
}

/* One piece through jansson. */
static json_t *
gj_load(gjctx *c, const char *v, const char *ve, const char *where)
{
	json_error_t err;
	json_t *x = json_loadb(v, (size_t)(ve - v),
			       JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &err);
	if (x == NULL) {
		size_t off = err.position > 0 ? (size_t)err.position : 0;
		if (off > (size_t)(ve - v))
			off = (size_t)(ve - v);
		gj_fail(c, v + off, where, "invalid JSON: %s", err.text);
	}
	return x;
}

/* ---- light trees */

static void
gj_dom_reset(gj_dom *d)
{
	d->len = 0;
	d->used = d->need = 0;
	d->odd = d->cut = 0;
}

static void
gj_dom_free(gj_dom *d)
{
	free(d->n);
	free(d->str);
	memset(d, 0, sizeof *d);
}

/* A new node for the value at v, the last child of parent (-1: none). */
static int
gj_node_new(gj_dom *d, int parent, const char *v, const char *k, const char *ke)
{
	if (d->len == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->n = xrealloc(d->n, d->cap * sizeof *d->n);
	}
	int x = (int)d->len++;
	gj_node *m = &d->n[x];
	memset(m, 0, sizeof *m);
	m->v = m->ve = v;
	m->k = k;
	m->ke = ke;
	m->kid = m->last = m->next = m->hint = -1;
	if (k && memchr(k, '\\', (size_t)(ke - k)) != NULL)
		m->esc = 2;
	if (parent >= 0) {
		gj_node *p = &d->n[parent];
		if (p->last >= 0)
			d->n[p->last].next = x;
		else
			p->kid = x;
		p->last = x;
		p->n++;
	}
	return x;
}

static int
gj_hexval(const char *p)
{
	int v = 0;
	for (int k = 0; k < 4; k++)
		v = v * 16 + (gj_digit(p[k]) ? p[k] - '0' : (p[k] | 0x20) - 'a' + 10);
	return v;
}

/* Would jansson refuse the escapes of the string [q, qe) (inside the
 * quotes, checked by gj_string): \u0000, or a surrogate not in a pair? */
static int
gj_odd_escapes(const char *q, const char *qe)
{
	while ((q = memchr(q, '\\', (size_t)(qe - q))) != NULL) {
		if (q[1] != 'u') {
			q += 2;
			continue;
		}
		int u = gj_hexval(q + 2);
		q += 6;
		if (u == 0 || (u >= 0xdc00 && u <= 0xdfff))
			return 1;
		if (u >= 0xd800 && u <= 0xdbff) {
			if (qe - q < 6 || q[0] != '\\' || q[1] != 'u')
				return 1;
			int l = gj_hexval(q + 2);
			if (l < 0xdc00 || l > 0xdfff)
				return 1;
			q += 6;
		}
	}
	return 0;
}

/* The scalar at p into node x; its end. */
static const char *
gj_parse_scalar(gjctx *c, gj_dom *d, int x, const char *p)
{
	gj_node *m = &d->n[x];
	const char *e = gj_scalar(c, p);

	if (e == NULL)
		return NULL;
	m->ve = e;
	if (*p == '"') {
		m->type = GJ_STR;
		if (memchr(p + 1, '\\', (size_t)(e - p) - 2) != NULL) {
			m->esc |= 1;
			d->odd |= gj_odd_escapes(p + 1, e - 1);
		}
	} else if (*p == 't' || *p == 'f')
		m->type = GJ_BOOL;
	else if (*p == 'n')
		m->type = GJ_NULL;
	else if (memchr(p, '.', (size_t)(e - p)) || memchr(p, 'e', (size_t)(e - p)) ||
		 memchr(p, 'E', (size_t)(e - p))) {
		/* as jansson reads a real: strtod, refused when it overflows */
		m->type = GJ_REAL;
		errno = 0;
		m->d = strtod(p, NULL);
		if ((m->d == HUGE_VAL || m->d == -HUGE_VAL) && errno == ERANGE)
			d->odd = 1;
	} else {
		m->type = GJ_INT;
		if (e - p <= 18) {
			json_int_t v = 0;
			for (const char *q = p + (*p == '-'); q < e; q++)
				v = v * 10 + (*q - '0');
			m->i = *p == '-' ? -v : v;
		} else {
			/* as jansson reads an integer: refused out of range */
			errno = 0;
			m->i = (json_int_t)strtoll(p, NULL, 10);
			if (errno == ERANGE)
				d->odd = 1;
		}
		m->d = (double)m->i;
	}
	return e;
}

/* An object is odd when jansson might find a duplicate key in it: two
 * equal keys, an escaped key, or too many keys to compare. */
static void
gj_check_keys(gj_dom *d, int o)
{
	const gj_node *n = d->n;

	if (n[o].n > 32) {
		d->odd = 1;
		return;
	}
	for (int x = n[o].kid; x >= 0; x = n[x].next) {
		if (n[x].esc & 2) {
			d->odd = 1;
			return;
		}
		for (int y = n[o].kid; y != x; y = n[y].next)
			if (n[y].ke - n[y].k == n[x].ke - n[x].k &&
			    memcmp(n[y].k, n[x].k, (size_t)(n[x].ke - n[x].k)) == 0) {
				d->odd = 1;
				return;
			}
	}
}

/* Close the innermost container at p (its closing bracket). */
static int
gj_parse_close(gj_dom *d, int *stack, int *depth, const char *p)
{
	int x = stack[--*depth];
	d->n[x].ve = p + 1;
	if (d->n[x].type == GJ_OBJ)
		gj_check_keys(d, x);
	return x;
}

/* Read no further than bound: -1, and d->cut set when bound is before the
 * end of the text (the value is longer), else a syntax fault. */
static int
gj_parse_end(gjctx *c, gj_dom *d, const char *p, const char *bound)
{
	if (bound < c->end)
		d->cut = 1;
	else
		gj_syntax(c, p, "unexpected end of input");
	return -1;
}

static int
gj_parse_bad(gjctx *c, const char *p, const char *what)
{
	gj_syntax(c, p, what);
	return -1;
}

/* The value at v (its text checked by gj_skip) into d, the last child of
 * parent (-1: a root), as member k..ke (NULL: an element), read up to
 * bound at most (see gj_parse_end); its node, or -1.  The value's end is
 * its node's ve. */
static int
gj_parse(gjctx *c, gj_dom *d, const char *v, const char *bound, const char *k,
	 const char *ke, int parent)
{
	int stack[GJ_MAX_DEPTH + 1];
	const char *p = v;
	int depth = 0, top = parent, root = -1;

	for (;;) {
		p = gj_ws(c, p);
		if (p >= bound)
			return gj_parse_end(c, d, p, bound);
		int x = gj_node_new(d, top, p, k, ke);
		if (root < 0)
			root = x;
		if (depth + 1 > GJ_MAX_DEPTH)
			d->odd = 1;   /* deeper than jansson reads */
		if (*p == '{' || *p == '[') {
			d->n[x].type = *p == '{' ? GJ_OBJ : GJ_ARR;
			if (depth == GJ_MAX_DEPTH)
				return gj_parse_bad(c, p, "nested too deeply");
			stack[depth++] = top = x;
			p = gj_ws(c, p + 1);
			k = NULL;
			if (p < bound && *p == (d->n[x].type == GJ_OBJ ? '}' : ']')) {
				gj_parse_close(d, stack, &depth, p++);
				top = depth ? stack[depth - 1] : parent;
			} else {
				if (d->n[x].type == GJ_OBJ) {
					k = p;
					if ((p = gj_key(c, p, &ke)) == NULL)
						return -1;
				}
				continue;
			}
		} else if ((p = gj_parse_scalar(c, d, x, p)) == NULL)
			return -1;
		/* after a value: close containers, or go on after a ',' */
		for (k = NULL;; p++) {
			if (depth == 0) {
				d->need += (size_t)(p - v) + 1;
				return root;
			}
			p = gj_ws(c, p);
			if (p >= bound)
				return gj_parse_end(c, d, p, bound);
			if (*p != ',') {
				if (*p != (d->n[top].type == GJ_OBJ ? '}' : ']'))
					return gj_parse_bad(c, p, "',' or a closing "
							    "bracket expected");
				gj_parse_close(d, stack, &depth, p);
				top = depth ? stack[depth - 1] : parent;
				continue;
			}
			p++;
			if (d->n[top].type == GJ_OBJ) {
				k = gj_ws(c, p);
				if ((p = gj_key(c, k, &ke)) == NULL)
					return -1;
			}
			break;
		}
	}
}

/* The piece at v (checked by gj_skip) as a tree of its own in d (reset),
 * read up to bound at most: its root, or -1 (d->cut: longer than that;
 * else after naming the fault jansson finds in an odd piece). */
static int
gj_piece(gjctx *c, gj_dom *d, const char *v, const char *bound, const char *where)
{
	gj_dom_reset(d);
	int x = gj_parse(c, d, v, bound, NULL, NULL, -1);
	if (x < 0 || !d->odd)
		return x;
	json_t *j = gj_load(c, v, d->n[x].ve, where);
	json_decref(j);
	return j ? x : -1;
}

/* Decode the JSON string text [q, qe) (inside the quotes) into out. */
static size_t
gj_unescape(const char *q, const char *qe, char *out)
{
	char *o = out;

	while (q < qe) {
		const char *b = memchr(q, '\\', (size_t)(qe - q));
		size_t run = (size_t)((b ? b : qe) - q);
		memcpy(o, q, run);
		o += run;
		q += run;
		if (b == NULL)
			break;
		char ch = q[1];
		q += 2;
		if (ch != 'u') {
			*o++ = ch == 'b' ? '\b' : ch == 'f' ? '\f' : ch == 'n' ? '\n' :
				ch == 'r' ? '\r' : ch == 't' ? '\t' : ch;
			continue;
		}
		long u = gj_hexval(q);
		q += 4;
		if (u >= 0xd800 && u <= 0xdbff && qe - q >= 6 && q[0] == '\\' &&
		    q[1] == 'u') {
			long l = gj_hexval(q + 2);
			if (l >= 0xdc00 && l <= 0xdfff) {
				u = ((u - 0xd800) << 10) + (l - 0xdc00) + 0x10000;
				q += 6;
			}
		}
		if (u < 0x80)
			*o++ = (char)u;
		else if (u < 0x800) {
			*o++ = (char)(0xc0 | (u >> 6));
			*o++ = (char)(0x80 | (u & 0x3f));
		} else if (u < 0x10000) {
			*o++ = (char)(0xe0 | (u >> 12));
			*o++ = (char)(0x80 | ((u >> 6) & 0x3f));
			*o++ = (char)(0x80 | (u & 0x3f));
		} else {
			*o++ = (char)(0xf0 | (u >> 18));
			*o++ = (char)(0x80 | ((u >> 12) & 0x3f));
			*o++ = (char)(0x80 | ((u >> 6) & 0x3f));
			*o++ = (char)(0x80 | (u & 0x3f));
		}
	}
	*o = '\0';
	return (size_t)(o - out);
}

/* The text [q, qe) of a string (quotes included) decoded, NUL-terminated,
 * in d's room for strings. */
static const char *
gj_decode(gj_dom *d, const char *q, const char *qe, size_t *len)
{
	if (d->used == 0 && d->room < d->need) {
		free(d->str);
		d->room = d->need;
		d->str = xmalloc(d->room);
	}
	/* every string is decoded once, into at most its length: room is
	 * enough unless a tree grew after its first decoding (a bug) */
	if (d->used + (size_t)(qe - q) > d->room)
		abort();
	char *o = d->str + d->used;
	*len = gj_unescape(q + 1, qe - 1, o);
	d->used += *len + 1;
	return o;
}

/* The string of node x (GJ_STR), decoded. */
static const char *
gj_strval(gj_dom *d, int x, size_t *len)
{
	gj_node *m = &d->n[x];
	if (m->s == NULL)
		m->s = gj_decode(d, m->v, m->ve, &m->slen);
	*len = m->slen;
	return m->s;
}

/* Is the key of member x k (n bytes)? */
static int
gj_key_is(gj_dom *d, int x, const char *k, size_t n)
{
	gj_node *m = &d->n[x];
	size_t len;

	if (m->esc & 2) {
		if (m->key == NULL)
			m->key = gj_decode(d, m->k, m->ke, &len);
		return strcmp(m->key, k) == 0;
	}
	return (size_t)(m->ke - m->k) == n + 2 && memcmp(m->k + 1, k, n) == 0;
}

/* The member k of object o (node), or -1.  The search starts after the
 * member found last (o's hint): members are mostly asked for in the order
 * they are written in. */
static int
gj_get(gj_dom *d, int o, const char *k)
{
	size_t n = strlen(k);

	if (o < 0 || d->n[o].type != GJ_OBJ)
		return -1;
	int from = d->n[o].hint >= 0 ? d->n[d->n[o].hint].next : -1;
	for (int x = from; x >= 0; x = d->n[x].next)
		if (gj_key_is(d, x, k, n))
			return d->n[o].hint = x;
	for (int x = d->n[o].kid; x >= 0 && x != from; x = d->n[x].next)
		if (gj_key_is(d, x, k, n))
			return d->n[o].hint = x;
	return -1;
}

/* The key of member x, decoded. */
static const char *
gj_keyval(gj_dom *d, int x)
{
	gj_node *m = &d->n[x];
	size_t len;

	if (m->key == NULL)
		m->key = gj_decode(d, m->k, m->ke, &len);
	return m->key;
}

/* Node x as JSON text for messages (gj_show). */
static const char *
gj_shown(gj_dom *d, int x, char out[80])
{
	json_t *v = json_loadb(d->n[x].v, (size_t)(d->n[x].ve - d->n[x].v),
			       JSON_DECODE_ANY, NULL);
	if (v == NULL)
		snprintf(out, 80, "?");
	else
		gj_show(v, out);
	json_decref(v);
	return out;
}

/* ---- values and their forms */

#define GJ_REQ      1   /* must be there, not null */
#define GJ_NONEMPTY 2   /* a string of at least one character */

/* String member k of o: 0 with *s (NULL when absent or null; "" counts as
 * null unless GJ_NONEMPTY), -1 after a message. */
static int
gj_str(gjctx *c, gj_dom *d, int o, const char *k, int flags, const char *where,
       const char *pos, const char **s)
{
	int v = gj_get(d, o, k);
	size_t len;
	char show[80];

	*s = NULL;
	if (v < 0 || d->n[v].type == GJ_NULL) {
		if (flags & GJ_REQ)
			return gj_fail(c, pos, where, "\"%s\" is missing", k);
		return 0;
	}
	if (d->n[v].type != GJ_STR)
		return gj_fail(c, pos, where, "\"%s\" must be a %sstring%s, not %s", k,
			       flags & GJ_NONEMPTY ? "non-empty " : "",
			       flags & GJ_REQ ? "" : " or null", gj_shown(d, v, show));
	*s = gj_strval(d, v, &len);
	if (strlen(*s) != len)
		return gj_fail(c, pos, where, "\"%s\" must not hold a NUL character", k);
	if (**s == '\0') {
		*s = NULL;
		if (flags & GJ_NONEMPTY)
			return gj_fail(c, pos, where, "\"%s\" must not be empty", k);
	}
	return 0;
}

/* The string s of member k must fit a form (described by what). */
static int
gj_form(gjctx *c, gj_dom *d, int o, const char *k, const char *s,
	int (*fits)(const char *), const char *what, const char *where,
	const char *pos)
{
	char show[80];
	if (s == NULL || fits(s))
		return 0;
	return gj_fail(c, pos, where, "\"%s\" must be %s, not %s", k, what,
		       gj_shown(d, gj_get(d, o, k), show));
}

/* Integer member k of o in [lo, hi]; dflt when absent (unless required). */
static int
gj_int(gjctx *c, gj_dom *d, int o, const char *k, json_int_t lo, json_int_t hi,
       int req, const char *where, const char *pos, json_int_t *out)
{
	int v = gj_get(d, o, k);
	char show[80];

	*out = lo > 0 ? lo : 0;
	if (v < 0 && !req)
		return 0;
	if (v < 0)
		return gj_fail(c, pos, where, "\"%s\" is missing", k);
	if (d->n[v].type != GJ_INT || d->n[v].i < lo || d->n[v].i > hi) {
		if (hi == GJ_INT_MAX)
			return gj_fail(c, pos, where, "\"%s\" must be an integer from "
				       "%" JSON_INTEGER_FORMAT " up, not %s", k, lo,
				       gj_shown(d, v, show));
		return gj_fail(c, pos, where, "\"%s\" must be an integer from %"
			       JSON_INTEGER_FORMAT " to %" JSON_INTEGER_FORMAT
			       ", not %s", k, lo, hi, gj_shown(d, v, show));
	}
	*out = d->n[v].i;
	return 0;
}

/* Number member k of o in [lo, hi], 0 when absent. */
static int
gj_num(gjctx *c, gj_dom *d, int o, const char *k, double lo, double hi,
       const char *where, const char *pos, double *out)
{
	int v = gj_get(d, o, k);
	char show[80];

	*out = 0;
	if (v < 0)
		return 0;
	if ((d->n[v].type != GJ_INT && d->n[v].type != GJ_REAL) ||
	    !(d->n[v].d >= lo) || !(d->n[v].d <= hi))
		return gj_fail(c, pos, where, "\"%s\" must be a number from %g to %g, "
			       "not %s", k, lo, hi, gj_shown(d, v, show));
	*out = d->n[v].d;
	return 0;
}

/* The ids of array member k (-1 when absent or null, unless required):
 * every one a non-empty string. */
static int
gj_ids(gjctx *c, gj_dom *d, int o, const char *k, int req, const char *what,
       const char *where, const char *pos, int *out)
{
	int v = gj_get(d, o, k);
	size_t len;
	char show[80];

	*out = -1;
	if (v < 0 || d->n[v].type == GJ_NULL) {
		if (req)
			return gj_fail(c, pos, where, "\"%s\" is missing", k);
		return 0;
	}
	if (d->n[v].type != GJ_ARR)
		return gj_fail(c, pos, where, "\"%s\" must be an array, not %s", k,
			       gj_shown(d, v, show));
	for (int x = d->n[v].kid; x >= 0; x = d->n[x].next)
		if (d->n[x].type != GJ_STR || *gj_strval(d, x, &len) == '\0' ||
		    strlen(gj_strval(d, x, &len)) != len)
			return gj_fail(c, pos, where, "\"%s\" must hold %s, not %s", k,
				       what, gj_shown(d, x, show));
	*out = v;
	return 0;
}

static int
gj_fits_cameo(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (!gj_digit(s[i]))
			return 0;
	return n >= 2 && n <= 4;
}

/* A code with no facts of its own (no "label") must be one of the CAMEO
 * table (rules/cameo.tsv), or (evidence) the event's, which has its facts.
 * Not checked when no table is loaded (a library user without rules_init:
 * its root codes, such as "01", are then unknown too). */
static int
gj_cameo_known(gjctx *c, gj_dom *d, int o, const char *code, const char *label,
	       const char *evcode, const char *where, const char *pos)
{
	char show[80];

	if (code == NULL || label != NULL || events_cameo(code) != NULL ||
	    (evcode && strcmp(code, evcode) == 0) || events_cameo("01") == NULL)
		return 0;
	return gj_fail(c, pos, where, "\"cameo\" must be a code of dipline's CAMEO "
		       "table or come with its \"label\", not %s",
		       gj_shown(d, gj_get(d, o, "cameo"), show));
}

/* YYYY-MM-DD, a day of the calendar */
static int
gj_fits_date(const char *s)
{
	if (strlen(s) < 10)
		return 0;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !gj_digit(s[i]))
			return 0;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	return s[10] == '\0' && m >= 1 && m <= 12 && d >= 1 &&
		d <= date_days_in_month(y, m);
}

/* an interval end: a date, or a date and THH, THH:MM or THH:MM:SS */
static int
gj_fits_end(const char *s)
{
	char day[11];
	size_t n = strlen(s);
	static const char form[] = "T00:00:00";

	if (n < 10 || (n != 10 && n != 13 && n != 16 && n != 19))
		return 0;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!gj_fits_date(day))
		return 0;
	for (size_t i = 10; i < n; i++)
		if (form[i - 10] == '0' ? !gj_digit(s[i]) : s[i] != form[i - 10])
			return 0;
	return 1;
}

static int
gj_fits_timex(const char *s, size_t max)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (!gj_digit(s[i]) && !(s[i] >= 'A' && s[i] <= 'Z') &&
		    !(s[i] >= 'a' && s[i] <= 'z') && strchr("-:._+", s[i]) == NULL)
			return 0;
	return n >= 1 && n <= max;
}

static int
gj_fits_value(const char *s)
{
	return gj_fits_timex(s, sizeof(((dl_time *)0)->value) - 1);
}

static int
gj_fits_window(const char *s)
{
	return gj_fits_timex(s, 15);
}

static int
gj_fits_hex16(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (!gj_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			return 0;
	return n == 16;
}

static int
gj_fits_country(const char *s)
{
	return strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' &&
		s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z';
}

static int
gj_in(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

static int
gj_fits_type(const char *s)
{
	static const char *const v[] = {"DATE", "TIME", "DURATION", "SET", NULL};
	return gj_in(s, v);
}

static int
gj_fits_gran(const char *s)
{
	static const char *const v[] = {"time", "day", "week", "month", "quarter",
					"year", "decade", "century", NULL};
	return gj_in(s, v);
}

static int
gj_fits_mod(const char *s)
{
	static const char *const v[] = {"BEFORE", "AFTER", "ON_OR_BEFORE",
		"ON_OR_AFTER", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS",
		"EQUAL_OR_MORE", "START", "MID", "END", "APPROX", NULL};
	return gj_in(s, v);
}

static int
graph_status_parse(const char *s, dl_status *st)
{
	for (int i = ST_OCCURRED; i <= ST_IMPLIED; i++)
		if (s && strcmp(s, events_status_name((dl_status)i)) == 0) {
			*st = (dl_status)i;
			return 0;
		}
	return -1;
}

static int
graph_type_parse(const char *s, dl_actor_type *t)
{
	for (int i = ACT_PERSON; i <= ACT_GROUP; i++)
		if (s && strcmp(s, actors_type_name((dl_actor_type)i)) == 0) {
			*t = (dl_actor_type)i;
			return 0;
		}
	return -1;
}

/* ---- what to say */

static void
gj_notes_clear(gj_notes *t)
{
	arena_free(t->a);   /* the notes and their strings */
	free(t->map.e);
	memset(t, 0, sizeof *t);
}

/* Count a note in t: a new one (id) with its message and line, or one
 * more time of a note t holds.  more: further times it had elsewhere. */
static void
gj_notes_add(gj_notes *t, int kind, const char *id, const char *msg, long line,
	     size_t more)
{
	int i = gmap_get(&t->map, id);

	if (i >= 0) {
		t->v[i].more += 1 + more;
		return;
	}
	if (t->named[kind] == GJ_NAMED) {
		t->unnamed[kind] += 1 + more;
		return;
	}
	if (t->a == NULL && (t->a = arena_new()) == NULL)
		abort();
	if (t->n == t->cap)
		t->v = arena_grow(t->a, t->v, sizeof *t->v, &t->cap);
	gj_note *n = &t->v[t->n];
	n->id = arena_strdup(t->a, id);
	n->msg = arena_strdup(t->a, msg);
	n->line = line;
	n->more = more;
	gmap_put(&t->map, n->id, (int)t->n++);
	t->named[kind]++;
}

/* Notice something read and not used: what (the kind of note and object) and
 * name make it one; the message says where (at pos) and what. */
static void
gj_notice(gjctx *c, int kind, const char *what, const char *name, const char *pos,
	const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void
gj_notice(gjctx *c, int kind, const char *what, const char *name, const char *pos,
	const char *fmt, ...)
{
	gj_notes *t = &c->run;
	va_list ap;

	c->nb.len = 0;
	buf_printf(&c->nb, "%d\037%s\037%s", kind, what, name);
	if (gmap_get(&t->map, c->nb.p) >= 0 || t->named[kind] == GJ_NAMED) {
		gj_notes_add(t, kind, c->nb.p, NULL, 0, 0);
		return;
	}
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	gj_notes_add(t, kind, c->nb.p, msg, gj_line(c, pos), 0);
	free(msg);
}

/* A walk that added: what it has to say becomes the file's. */
static void
gj_notes_keep(gjctx *c)
{
	gj_notes *r = &c->run, *f = &c->file;

	for (size_t i = 0; i < r->n; i++) {
		int kind = r->v[i].id[0] - '0';
		gj_notes_add(f, kind, r->v[i].id, r->v[i].msg, r->v[i].line,
			     r->v[i].more);
	}
	for (int k = 0; k < GJ_NOTE_KINDS; k++)
		f->unnamed[k] += r->unnamed[k];
}

static int
gj_note_cmp(const void *a, const void *b)
{
	const gj_note *x = *(const gj_note *const *)a, *y = *(const gj_note *const *)b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x > y) - (x < y);   /* then in the order met */
}

/* Say what the file had to say, in the order of its lines. */
static void
gj_notes_say(gjctx *c)
{
	const gj_notes *f = &c->file;
	const gj_note **v = xmalloc((f->n + 1) * sizeof *v);

	for (size_t i = 0; i < f->n; i++)
		v[i] = &f->v[i];
	graph_sort(v, f->n, sizeof *v, gj_note_cmp);
	for (size_t i = 0; i < f->n; i++) {
		if (v[i]->more)
			util_warn(c->origin, v[i]->line, "%s (and %zu more time%s)",
				  v[i]->msg, v[i]->more, v[i]->more > 1 ? "s" : "");
		else
			util_warn(c->origin, v[i]->line, "%s", v[i]->msg);
	}
	free(v);
	if (f->unnamed[GJ_NOTE_KEY])
		util_warn(c->origin, 0, "%zu more unknown keys ignored (past %d names, "
			  "not named)", f->unnamed[GJ_NOTE_KEY], GJ_NAMED);
	if (f->unnamed[GJ_NOTE_DOC])
		util_warn(c->origin, 0, "%zu more evidence entries name a document "
			  "missing from \"documents\" (past %d documents, not named)",
			  f->unnamed[GJ_NOTE_DOC], GJ_NAMED);
	if (f->unnamed[GJ_NOTE_ACTOR])
		util_warn(c->origin, 0, "%zu more references name an actor missing "
			  "from \"actors\" (past %d actors, not named)",
			  f->unnamed[GJ_NOTE_ACTOR], GJ_NAMED);
}

/* s shown in a message: its first 60 bytes or so (whole characters). */
static const char *
gj_cut(const char *s, char out[80])
{
	size_t n = strlen(s), k = 0, m;
	long cp;

	if (n <= 64)
		return s;
	while (k < 60 && (m = util_utf8_char(s + k, n - k, &cp)) > 0)
		k += m;
	snprintf(out, 80, "%.*s...", (int)k, s);
	return out;
}

/* The place of a member for messages: where (cut to cut bytes), a "." when
 * where is not empty, name, and "[k]" unless k is GJ_NOINDEX; into w. */
#define GJ_NOINDEX ((size_t)-1)

static const char *
gj_where(char *w, size_t size, const char *where, size_t cut, const char *name,
	 size_t k)
{
	size_t n = strnlen(where, cut), m = strlen(name), len = 0;
	char num[24], *e = num + sizeof num;

	if (k != GJ_NOINDEX) {
		*--e = ']';
		do
			*--e = (char)('0' + k % 10);
		while ((k /= 10) > 0);
		*--e = '[';
	}
	size_t nn = (size_t)(num + sizeof num - e);
	if (n + 1 + m + nn >= size) {   /* never with the model's names */
		snprintf(w, size, "%.*s%s%s%.*s", (int)n, where, n ? "." : "", name,
			 (int)nn, e);
		return w;
	}
	memcpy(w, where, n);
	len = n;
	if (n)
		w[len++] = '.';
	memcpy(w + len, name, m);
	memcpy(w + len + m, e, nn);
	w[len + m + nn] = '\0';
	return w;
}

/* Is the key of member x one of keys (NULL-terminated)? */
static int
gj_key_in(gj_dom *d, int x, const char *const *keys)
{
	const gj_node *m = &d->n[x];
	size_t n = (size_t)(m->ke - m->k) - 2;

	if (m->esc & 2)
		return gj_in(gj_keyval(d, x), keys);
	for (; *keys; keys++)
		if ((*keys)[0] == m->k[1] && strncmp(*keys, m->k + 1, n) == 0 &&
		    (*keys)[n] == '\0')
			return 1;
	return 0;
}

/* The members of object o that the format does not define for what (a
 * NULL-terminated list of keys), noted. */
static void
gj_known(gjctx *c, gj_dom *d, int o, const char *what, const char *const *keys,
	 const char *where)
{
	char cut[80];

	for (int x = d->n[o].kid; x >= 0; x = d->n[x].next) {
		if (gj_key_in(d, x, keys))
			continue;
		const char *k = gj_keyval(d, x);
		gj_notice(c, GJ_NOTE_KEY, what, k, d->n[x].k, "%s%sunknown key \"%s\" "
			"ignored", where, *where ? ": " : "", gj_cut(k, cut));
	}
}

/* ---- documents, actors, events */

/* The keys the format defines, for each kind of object. */
static const char *const gj_top_keys[] = {"dipline", "documents", "actors",
	"events", "relations", "timelines", NULL};
static const char *const gj_doc_keys[] = {"id", "title", "url", "source",
	"published", "fingerprint", NULL};
static const char *const gj_actor_keys[] = {"id", "name", "type", "country",
	"roles", "aliases", NULL};
static const char *const gj_event_keys[] = {"id", "action", "source", "target",
	"status", "time", "series", "attributed_to", "evidence", NULL};
static const char *const gj_line_keys[] = {"id", "action", "source", "target",
	"status", "time", "series", "attributed_to", "evidence", "actors",
	"documents", NULL};
static const char *const gj_action_keys[] = {"cameo", "label", "plover",
	"quad_class", "goldstein", "trigger", NULL};
static const char *const gj_time_keys[] = {"value", "type", "earliest",
	"latest", "granularity", "mod", "text", "anchor", NULL};
static const char *const gj_series_keys[] = {"id", "ordinal", "window", NULL};
static const char *const gj_evidence_keys[] = {"document", "sentence", "start",
	"end", "atom", "cameo", "label", "plover", "quad_class", "goldstein",
	"trigger", "source", "target", "status", "time", "attributed_to",
	"ordinal", "window", "series_of", NULL};

/* Where a piece of the timeline is, for the graph's document places. */
static const char *
gj_place(gjctx *c, const char *pos, const char *what, size_t k)
{
	return arena_printf(c->tmp, "%s:%ld (%s %zu)", c->origin,
			    gj_line(c, pos), what, k);
}

/* id without the "~" and 8 to 16 hex digits of fp a rename gave it */
static const char *
gj_base_id(gjctx *c, const char *id, const char *fp)
{
	const char *t = strrchr(id, '~');
	if (!fp[0] || t == NULL || t == id)
		return id;
	size_t n = strlen(t + 1);
	if (n < 8 || n > 16 || strncmp(t + 1, fp, n) != 0)
		return id;
	return arena_strndup(c->tmp, id, (size_t)(t - id));
}

static int
gj_document(gjctx *c, gj_dom *d, int o, const char *where, const char *pos,
	    size_t k)
{
	const char *id, *title, *url, *source, *pub, *fp;

	if (d->n[o].type != GJ_OBJ)
		return gj_fail(c, pos, where, "not an object");
	if (gj_str(c, d, o, "id", GJ_REQ | GJ_NONEMPTY, where, pos, &id) ||
	    gj_str(c, d, o, "title", 0, where, pos, &title) ||
	    gj_str(c, d, o, "url", 0, where, pos, &url) ||
	    gj_str(c, d, o, "source", 0, where, pos, &source) ||
	    gj_str(c, d, o, "published", 0, where, pos, &pub) ||
	    gj_form(c, d, o, "published", pub, gj_fits_date,
		    "a date (YYYY-MM-DD) or null", where, pos) ||
	    gj_str(c, d, o, "fingerprint", 0, where, pos, &fp) ||
	    gj_form(c, d, o, "fingerprint", fp, gj_fits_hex16,
		    "16 hex digits (0-9, a-f) or null", where, pos))
		return -1;
	int i = gmap_get(&c->docs, id);
	if (c->docpass == 0) {
		gj_known(c, d, o, "document", gj_doc_keys, where);
		/* one id, one text: entries may repeat an id, or leave out
		 * the fingerprint, but not give it two */
		if (i < 0) {
			if (c->ndv == c->capdv)
				c->dv = arena_grow(c->tmp, c->dv, sizeof *c->dv,
						   &c->capdv);
			i = (int)c->ndv++;
			c->dv[i] = (gj_doc){"", (int)k, -1};
			gmap_put(&c->docs, arena_strdup(c->tmp, id), i);
		}
		if (fp && c->dv[i].fp[0] && strcmp(fp, c->dv[i].fp) != 0)
			return gj_fail(c, pos, where, "document id is also the "
				       "id of documents[%d], with another fingerprint",
				       c->dv[i].first);
		if (fp)
			c->dv[i].fp = arena_strdup(c->tmp, fp);
		return 0;
	}
	if (i < 0)
		return gj_fail(c, pos, where, "internal error: document not seen");
	const char *base = gj_base_id(c, id, c->dv[i].fp);
	c->dv[i].gdoc = graph_doc(c->g, base, c->dv[i].fp, title, url, source,
				  pub, gj_place(c, pos, "document", k),
				  base != id ? id : NULL);
	return 0;
}

/* The strings of array member k of actor a (roles, aliases) into *v (heap,
 * the caller frees): their number, or -1 after a message. */
static long
gj_actor_strv(gjctx *c, gj_dom *d, int a, const char *k, const char *where,
	      const char *pos, char ***v)
{
	int l = gj_get(d, a, k);
	size_t len, i = 0;
	char show[80];

	*v = NULL;
	if (l < 0 || d->n[l].type == GJ_NULL)
		return 0;
	if (d->n[l].type != GJ_ARR)
		return gj_fail(c, pos, where, "\"%s\" must be an array, not %s",
			       k, gj_shown(d, l, show));
	for (int x = d->n[l].kid; x >= 0; x = d->n[x].next)
		if (d->n[x].type != GJ_STR ||
		    strlen(gj_strval(d, x, &len)) != len)
			return gj_fail(c, pos, where, "\"%s\" must hold strings, "
				       "not %s", k, gj_shown(d, x, show));
	*v = xmalloc(((size_t)d->n[l].n + 1) * sizeof **v);
	for (int x = d->n[l].kid; x >= 0; x = d->n[x].next)
		(*v)[i++] = (char *)gj_strval(d, x, &len);
	return (long)i;
}

static int
gj_actor(gjctx *c, gj_dom *d, int a, const char *where, const char *pos)
{
	const char *id, *name, *type, *country;
	dl_actor_type t;
	char show[80], **v[2] = {NULL, NULL};
	long n[2] = {0, 0};

	if (d->n[a].type != GJ_OBJ)
		return gj_fail(c, pos, where, "not an object");
	if (gj_str(c, d, a, "id", GJ_REQ | GJ_NONEMPTY, where, pos, &id) ||
	    gj_str(c, d, a, "name", 0, where, pos, &name) ||
	    gj_str(c, d, a, "type", GJ_REQ, where, pos, &type) ||
	    gj_str(c, d, a, "country", 0, where, pos, &country) ||
	    gj_form(c, d, a, "country", country, gj_fits_country,
		    "three capital letters (ISO 3166-1 alpha-3) or null", where, pos))
		return -1;
	if (graph_type_parse(type, &t) != 0)
		return gj_fail(c, pos, where, "\"type\" must be person, state, "
			       "organisation or group, not %s",
			       gj_shown(d, gj_get(d, a, "type"), show));
	if ((n[0] = gj_actor_strv(c, d, a, "roles", where, pos, &v[0])) < 0 ||
	    (n[1] = gj_actor_strv(c, d, a, "aliases", where, pos, &v[1])) < 0) {
		free(v[0]);
		return -1;
	}
	gj_known(c, d, a, "actor", gj_actor_keys, where);
	if (gmap_get(&c->acts, id) < 0)
		gmap_put(&c->acts, arena_strdup(c->tmp, id), 1);
	graph_actor(c->g, id, name, t, country, v[0], (size_t)n[0], v[1],
		    (size_t)n[1]);
	free(v[0]);
	free(v[1]);
	return 0;
}

static int
graph_jactor(dl_graph *g, const char *id)
{
	int i = gmap_get(&g->idx->actors, id);
	if (i >= 0)
		return i;
	/* an id the timeline did not describe: keep it, named by its id */
	dl_actor_type t = strncmp(id, "person:", 7) == 0 ? ACT_PERSON :
		strncmp(id, "org:", 4) == 0 ? ACT_ORGANISATION :
		strncmp(id, "group:", 6) == 0 ? ACT_GROUP : ACT_STATE;
	return graph_actor(g, id, id, t, NULL, NULL, 0, NULL, 0);
}

/* Is id one of the timeline's "actors"?  Else noted (at pos, in where). */
static void
gj_actor_known(gjctx *c, const char *id, const char *pos, const char *where)
{
	char cut[80];

	if (gmap_get(&c->acts, id) < 0)
		gj_notice(c, GJ_NOTE_ACTOR, "actor", id, pos, "%s%sactor \"%s\" is "
			"not in \"actors\": added with its id only", where,
			*where ? ": " : "", gj_cut(id, cut));
}

/* The graph's list of the actors named in the array a (node of d), each
 * one of the timeline's "actors" or noted (in where). */
static int *
gj_actor_list(gjctx *c, gj_dom *d, int a, int *n, const char *where)
{
	dl_graph *g = c->g;
	size_t m = (size_t)d->n[a].n, i = 0, len;
	int small[8] = {0}, *v = m <= 8 ? small : xmalloc(m * sizeof *v);

	for (int x = d->n[a].kid; x >= 0; x = d->n[x].next) {
		const char *id = gj_strval(d, x, &len);
		gj_actor_known(c, id, d->n[x].v, where);
		v[i++] = graph_jactor(g, id);
	}
	*n = (int)m;
	int *l = graph_list(g, v, (int)m);
	if (v != small)
		free(v);
	return l;
}

/* A count of strings (codes, actor ids) that outlive the event. */
typedef struct {
	gmap         map;     /* string -> index */
	const char **v;
	size_t      *n;
	size_t       len, cap, capn;
} gj_tally;

/* What the evidence of an event gives, gathered entry by entry (the
 * pointers are the graph's: they outlive the pieces). */
typedef struct {
	size_t         n;
	gj_tally       codes, atts;
	unsigned       statuses;        /* a bit per dl_status */
	char           earliest[20], latest[20];
	const dl_time *narrow;          /* the first narrowest time */
	const dl_time *like;            /* the narrowest like the event's */
	int            ordinal;         /* the highest */
	int            facts, trig, dir;  /* an entry has the event's ... */
} gj_sum;

/* What an event gives its evidence. */
typedef struct {
	gj_dom         *d;        /* the event's tree */
	int             hdr;      /* the event, its node */
	int             src, tgt;
	dl_cameo        action;   /* strings point into d */
	const dl_cameo *gaction;  /* the graph's copy */
	const char     *trigger;
	int            *gsrc, *gtgt;   /* the graph's lists of src, tgt */
	int             ngsrc, ngtgt;
	const char     *gtrigger;      /* the graph's copy */
	/* what the event says its evidence gives (gj_event_given) */
	const char     *status;        /* NULL: not said */
	int             has_time, series, att;  /* -1: not said */
	dl_time         time;
	json_int_t      sord;
	const char     *attid;
	gj_sum          sum;           /* what its evidence gives */
} gj_ev;

/* Note the keys of member k of the event when it is an object. */
static void
gj_known_in(gjctx *c, gj_dom *d, int o, const char *k, const char *what,
	    const char *const *keys, const char *where)
{
	int x = gj_get(d, o, k);
	char w[128];

	if (x < 0 || d->n[x].type != GJ_OBJ)
		return;
	gj_where(w, sizeof w, where, 96, k, GJ_NOINDEX);
	gj_known(c, d, x, what, keys, w);
}

static int
gj_event_head(gjctx *c, gj_ev *ev, const char *where, const char *pos)
{
	gj_dom *d = ev->d;
	int act = gj_get(d, ev->hdr, "action");
	const char *code;
	json_int_t quad;
	char w[128];

	if (act < 0 || d->n[act].type != GJ_OBJ)
		return gj_fail(c, pos, where, "\"action\" must be an object with "
			       "a \"cameo\"");
	gj_where(w, sizeof w, where, 96, "action", GJ_NOINDEX);
	memset(&ev->action, 0, sizeof ev->action);
	if (gj_str(c, d, act, "cameo", GJ_REQ, w, pos, &code) ||
	    gj_form(c, d, act, "cameo", code, gj_fits_cameo, "2 to 4 digits", w, pos) ||
	    gj_str(c, d, act, "label", 0, w, pos, &ev->action.label) ||
	    gj_cameo_known(c, d, act, code, ev->action.label, NULL, w, pos) ||
	    gj_str(c, d, act, "plover", 0, w, pos, &ev->action.plover) ||
	    gj_int(c, d, act, "quad_class", 0, 4, 0, w, pos, &quad) ||
	    gj_num(c, d, act, "goldstein", -10, 10, w, pos, &ev->action.goldstein) ||
	    gj_str(c, d, act, "trigger", 0, w, pos, &ev->trigger) ||
	    gj_ids(c, d, ev->hdr, "source", 1, "actor ids", where, pos, &ev->src) ||
	    gj_ids(c, d, ev->hdr, "target", 1, "actor ids", where, pos, &ev->tgt))
		return -1;
	snprintf(ev->action.code, sizeof ev->action.code, "%s", code);
	ev->action.quad_class = (int)quad;
	ev->gaction = graph_cameo(c->g, &ev->action);
	ev->gsrc = gj_actor_list(c, d, ev->src, &ev->ngsrc, where);
	ev->gtgt = gj_actor_list(c, d, ev->tgt, &ev->ngtgt, where);
	gj_known(c, d, ev->hdr, "event", c->jsonl ? gj_line_keys : gj_event_keys,
		 where);
	gj_known(c, d, act, "action", gj_action_keys, w);
	gj_known_in(c, d, ev->hdr, "series", "series", gj_series_keys, where);
	return 0;
}

/* An evidence entry, checked. */
typedef struct {
	const char *document, *atom, *code, *trigger, *attributed_to;
	const char *window, *series_of;
	const char *docpos;     /* where "document" is */
	const char *attpos;     /* where "attributed_to" is */
	json_int_t  sentence, start, end, ordinal;
	dl_cameo    facts;      /* when the entry gives a "label" */
	int         has_facts;
	int         src, tgt;   /* its own direction, or -1 */
	dl_status   status;
	dl_time     time;
} gj_entry;

static int
gj_time(gjctx *c, gj_dom *d, int x, dl_time *dt, const char *where,
	const char *pos)
{
	int t = gj_get(d, x, "time");
	const char *s[6];
	static const char *const k[6] = {"value", "type", "earliest", "latest",
					 "granularity", "mod"};
	static const char *const what[6] = {
		"a TIMEX3 value (up to 39 letters, digits and -:._+) or null",
		"DATE, TIME, DURATION, SET or null",
		"a date or date-time (YYYY-MM-DD[THH[:MM[:SS]]]) or null",
		"a date or date-time (YYYY-MM-DD[THH[:MM[:SS]]]) or null",
		"time, day, week, month, quarter, year, decade, century or null",
		"a TIMEX3 mod (BEFORE, AFTER, ON_OR_BEFORE, ON_OR_AFTER, LESS_THAN, "
		"MORE_THAN, EQUAL_OR_LESS, EQUAL_OR_MORE, START, MID, END, APPROX) "
		"or null"};
	int (*const fits[6])(const char *) = {gj_fits_value, gj_fits_type,
		gj_fits_end, gj_fits_end, gj_fits_gran, gj_fits_mod};
	char w[128], show[80];

	memset(dt, 0, sizeof *dt);
	if (t < 0 || d->n[t].type == GJ_NULL)
		return 0;
	if (d->n[t].type != GJ_OBJ)
		return gj_fail(c, pos, where, "\"time\" must be an object or null, "
			       "not %s", gj_shown(d, t, show));
	gj_where(w, sizeof w, where, 96, "time", GJ_NOINDEX);
	for (int i = 0; i < 6; i++)
		if (gj_str(c, d, t, k[i], 0, w, pos, &s[i]) ||
		    gj_form(c, d, t, k[i], s[i], fits[i], what[i], w, pos))
			return -1;
	if (s[2] && s[3] && graph_time_cmp(s[2], 0, s[3], 1) > 0)
		return gj_fail(c, pos, w, "\"earliest\" (\"%s\") must not be after "
			       "\"latest\" (\"%s\")", s[2], s[3]);
	if (gj_str(c, d, t, "text", 0, w, pos, &dt->text) ||
	    gj_str(c, d, t, "anchor", 0, w, pos, &dt->anchor))
		return -1;
	gj_known(c, d, t, "time", gj_time_keys, w);
	/* every form fits its field */
	snprintf(dt->value, sizeof dt->value, "%s", s[0] ? s[0] : "");
	snprintf(dt->type, sizeof dt->type, "%s", s[1] ? s[1] : "");
	snprintf(dt->earliest, sizeof dt->earliest, "%s", s[2] ? s[2] : "");
	snprintf(dt->latest, sizeof dt->latest, "%s", s[3] ? s[3] : "");
	snprintf(dt->granularity, sizeof dt->granularity, "%s", s[4] ? s[4] : "");
	snprintf(dt->mod, sizeof dt->mod, "%s", s[5] ? s[5] : "");
	return 0;
}

static int
gj_evidence_check(gjctx *c, gj_dom *d, int x, gj_entry *in, const char *evcode,
		  const char *where, const char *pos)
{
	const char *status;
	json_int_t quad;
	char show[80];

	memset(in, 0, sizeof *in);
	in->src = in->tgt = -1;
	if (d->n[x].type != GJ_OBJ)
		return gj_fail(c, pos, where, "not an object");
	if (gj_str(c, d, x, "document", GJ_REQ | GJ_NONEMPTY, where, pos, &in->document) ||
	    gj_int(c, d, x, "sentence", 0, INT_MAX, 1, where, pos, &in->sentence) ||
	    gj_int(c, d, x, "start", 0, GJ_INT_MAX, 1, where, pos, &in->start) ||
	    gj_int(c, d, x, "end", 0, GJ_INT_MAX, 1, where, pos, &in->end) ||
	    gj_str(c, d, x, "atom", 0, where, pos, &in->atom) ||
	    gj_str(c, d, x, "cameo", 0, where, pos, &in->code) ||
	    gj_form(c, d, x, "cameo", in->code, gj_fits_cameo, "2 to 4 digits",
		    where, pos) ||
	    gj_str(c, d, x, "label", 0, where, pos, &in->facts.label) ||
	    gj_cameo_known(c, d, x, in->code, in->facts.label, evcode, where, pos) ||
	    gj_str(c, d, x, "plover", 0, where, pos, &in->facts.plover) ||
	    gj_int(c, d, x, "quad_class", 0, 4, 0, where, pos, &quad) ||
	    gj_num(c, d, x, "goldstein", -10, 10, where, pos, &in->facts.goldstein) ||
	    gj_str(c, d, x, "trigger", 0, where, pos, &in->trigger) ||
	    gj_ids(c, d, x, "source", 0, "actor ids", where, pos, &in->src) ||
	    gj_ids(c, d, x, "target", 0, "actor ids", where, pos, &in->tgt) ||
	    gj_str(c, d, x, "status", GJ_REQ, where, pos, &status) ||
	    gj_time(c, d, x, &in->time, where, pos) ||
	    gj_str(c, d, x, "attributed_to", 0, where, pos, &in->attributed_to) ||
	    gj_int(c, d, x, "ordinal", 0, INT_MAX, 0, where, pos, &in->ordinal) ||
	    gj_str(c, d, x, "window", 0, where, pos, &in->window) ||
	    gj_form(c, d, x, "window", in->window, gj_fits_window, "a TIMEX3 "
		    "duration or period (up to 15 letters, digits and -:._+, "
		    "such as P10D or 2015-09) or null", where, pos) ||
	    gj_str(c, d, x, "series_of", 0, where, pos, &in->series_of))
		return -1;
	if (in->end < in->start)
		return gj_fail(c, pos, where, "\"end\" (%" JSON_INTEGER_FORMAT
			       ") must not be before \"start\" (%"
			       JSON_INTEGER_FORMAT ")", in->end, in->start);
	if (graph_status_parse(status, &in->status) != 0)
		return gj_fail(c, pos, where, "\"status\" must be occurred, planned, "
			       "proposed, hypothetical, negated or implied, not %s",
			       gj_shown(d, gj_get(d, x, "status"), show));
	in->has_facts = gj_get(d, x, "label") >= 0 && in->code != NULL;
	in->facts.quad_class = (int)quad;
	in->docpos = d->n[gj_get(d, x, "document")].v;
	if (in->attributed_to)
		in->attpos = d->n[gj_get(d, x, "attributed_to")].v;
	gj_known(c, d, x, "evidence", gj_evidence_keys, where);
	return 0;
}

/* ---- what an event derives from its evidence
 *
 * An event's "action" facts (label, plover, quad_class, goldstein, trigger),
 * "source" and "target" are what its evidence entries take when they give
 * none of their own.  Its "action.cameo", "status", "time", "series" and
 * "attributed_to" are derived from its evidence (graph_make_event,
 * graph_series): when given (not absent; the trigger and the facts,
 * said by "label": not null), each is
 * checked against its form, and must be what the evidence gives (or,
 * where the derivation depends on the order of the reports, one it may
 * give); "id" and the series' "id" and "window" are made anew.  An event
 * with no evidence is refused. */

static void
gj_tally_add(gjctx *c, gj_tally *t, const char *key)
{
	int i = gmap_get(&t->map, key);

	if (i < 0) {
		if (t->len == t->cap)
			t->v = arena_grow(c->tmp, t->v, sizeof *t->v, &t->cap);
		if (t->len == t->capn)
			t->n = arena_grow(c->tmp, t->n, sizeof *t->n, &t->capn);
		i = (int)t->len++;
		t->v[i] = key;
		t->n[i] = 0;
		gmap_put(&t->map, key, i);
	}
	t->n[i]++;
}

/* The most frequent key of t (ties: longest if bylen, then smallest), or
 * NULL; *most its count. */
static const char *
gj_tally_best(const gj_tally *t, int bylen, size_t *most)
{
	const char *b = NULL;
	size_t bn = 0;

	for (size_t i = 0; i < t->len; i++) {
		const char *k = t->v[i];
		int cmp = b == NULL ? 1 : t->n[i] != bn ? (t->n[i] > bn ? 1 : -1) :
			bylen && strlen(k) != strlen(b) ? (strlen(k) > strlen(b) ? 1 : -1) :
			-strcmp(k, b);
		if (cmp > 0) {
			b = k;
			bn = t->n[i];
		}
	}
	*most = bn;
	return b;
}

static int
gj_time_like(const dl_time *a, const dl_time *b)
{
	return strcmp(a->value, b->value) == 0 && strcmp(a->type, b->type) == 0 &&
		strcmp(a->granularity, b->granularity) == 0 &&
		strcmp(a->mod, b->mod) == 0 && graph_nstrcmp(a->text, b->text) == 0 &&
		graph_nstrcmp(a->anchor, b->anchor) == 0;
}

/* What the atom at gives its event. */
static void
gj_sum_add(gjctx *c, gj_ev *ev, const dl_atom *at)
{
	gj_sum *m = &ev->sum;
	const dl_time *t = at->time;

	m->n++;
	gj_tally_add(c, &m->codes, at->action->code);
	m->statuses |= 1u << at->status;
	if (t->earliest[0] && (!m->earliest[0] ||
	    graph_time_cmp(t->earliest, 0, m->earliest, 0) > 0))
		memcpy(m->earliest, t->earliest, sizeof m->earliest);
	if (t->latest[0] && (!m->latest[0] ||
	    graph_time_cmp(t->latest, 1, m->latest, 1) < 0))
		memcpy(m->latest, t->latest, sizeof m->latest);
	if (m->narrow == NULL || graph_time_narrower(t, m->narrow))
		m->narrow = t;
	if (gj_time_like(t, &ev->time) &&
	    (m->like == NULL || graph_time_narrower(t, m->like)))
		m->like = t;
	if (at->ordinal > m->ordinal)
		m->ordinal = at->ordinal;
	m->facts |= at->action == ev->gaction;
	m->trig |= at->trigger == ev->gtrigger &&
		strcmp(at->action->code, ev->action.code) == 0;
	m->dir |= at->src == ev->gsrc && at->tgt == ev->gtgt;
	if (at->attributed_to >= 0)
		gj_tally_add(c, &m->atts, c->g->actors[at->attributed_to].id);
}

static void
gj_sum_free(gj_sum *m)
{
	free(m->codes.map.e);
	free(m->atts.map.e);
	memset(m, 0, sizeof *m);
}

/* s as JSON text for messages: "null" when NULL. */
static const char *
gj_qs(const char *s, char out[80])
{
	json_t *v = s ? json_string(s) : json_null();
	if (v == NULL)
		snprintf(out, 80, "?");
	else
		gj_show(v, out);
	json_decref(v);
	return out;
}

/* The values of the event that its evidence gives, when it says them:
 * checked against their form. */
static int
gj_event_given(gjctx *c, gj_ev *ev, const char *where, const char *pos)
{
	gj_dom *d = ev->d;
	const char *id, *sid, *win;
	char show[80], w[128];

	ev->series = gj_get(d, ev->hdr, "series");
	ev->att = gj_get(d, ev->hdr, "attributed_to");
	ev->has_time = gj_get(d, ev->hdr, "time") >= 0 &&
		d->n[gj_get(d, ev->hdr, "time")].type != GJ_NULL;
	if (gj_str(c, d, ev->hdr, "id", 0, where, pos, &id) ||
	    gj_str(c, d, ev->hdr, "status", 0, where, pos, &ev->status) ||
	    gj_time(c, d, ev->hdr, &ev->time, where, pos) ||
	    gj_str(c, d, ev->hdr, "attributed_to", 0, where, pos, &ev->attid))
		return -1;
	dl_status st;
	if (ev->status && graph_status_parse(ev->status, &st) != 0)
		return gj_fail(c, pos, where, "\"status\" must be occurred, planned, "
			       "proposed, hypothetical, negated or implied, not %s",
			       gj_shown(d, gj_get(d, ev->hdr, "status"), show));
	if (ev->attid)
		gj_actor_known(c, ev->attid, d->n[ev->att].v, where);
	if (ev->series >= 0 && d->n[ev->series].type != GJ_NULL) {
		int x = ev->series;
		if (d->n[x].type != GJ_OBJ)
			return gj_fail(c, pos, where, "\"series\" must be an object or "
				       "null, not %s", gj_shown(d, x, show));
		gj_where(w, sizeof w, where, 96, "series", GJ_NOINDEX);
		if (gj_str(c, d, x, "id", 0, w, pos, &sid) ||
		    gj_int(c, d, x, "ordinal", 0, INT_MAX, 1, w, pos, &ev->sord) ||
		    gj_str(c, d, x, "window", 0, w, pos, &win) ||
		    gj_form(c, d, x, "window", win, gj_fits_window, "a TIMEX3 "
			    "duration or period (up to 15 letters, digits and -:._+, "
			    "such as P10D or 2015-09) or null", w, pos))
			return -1;
	}
	ev->gtrigger = graph_intern(c->g, ev->trigger);
	return 0;
}

/* The atom of a checked evidence entry (of tree d). */
static void
gj_evidence_add(gjctx *c, gj_ev *ev, gj_dom *d, gj_entry *in,
		const char *pos, const char *where)
{
	dl_graph *g = c->g;
	dl_atom at;
	char cut[80];

	memset(&at, 0, sizeof at);
	int i = gmap_get(&c->docs, in->document);
	if (i >= 0 && c->dv[i].gdoc >= 0)
		at.doc = c->dv[i].gdoc;
	else {   /* a document the timeline does not describe */
		gj_notice(c, GJ_NOTE_DOC, "document", in->document, in->docpos,
			"%s%sdocument \"%s\" is not in \"documents\": added with "
			"its id only", where, *where ? ": " : "",
			gj_cut(in->document, cut));
		at.doc = graph_doc(g, in->document, "", NULL, NULL, NULL, NULL,
				   arena_printf(c->tmp, "%s:%ld", c->origin,
						gj_line(c, pos)), NULL);
	}
	at.sentence = (int)in->sentence;
	at.start = (size_t)in->start;
	at.end = (size_t)in->end;
	if (in->has_facts) {
		snprintf(in->facts.code, sizeof in->facts.code, "%s", in->code);
		at.action = graph_cameo(g, &in->facts);
	} else if (in->code == NULL || strcmp(in->code, ev->action.code) == 0)
		at.action = ev->gaction;
	else if (events_cameo(in->code) != NULL)   /* gj_cameo_known */
		at.action = graph_cameo(g, events_cameo(in->code));
	else {   /* no table loaded */
		dl_cameo k = {{0}, "", "", ev->action.quad_class, 0};
		snprintf(k.code, sizeof k.code, "%s", in->code);
		at.action = graph_cameo(g, &k);
	}
	at.trigger = graph_intern(g, in->trigger ? in->trigger : ev->trigger);
	if (in->src >= 0 && in->tgt >= 0) {
		at.src = gj_actor_list(c, d, in->src, &at.nsrc, where);
		at.tgt = gj_actor_list(c, d, in->tgt, &at.ntgt, where);
	} else {
		at.src = ev->gsrc;
		at.nsrc = ev->ngsrc;
		at.tgt = ev->gtgt;
		at.ntgt = ev->ngtgt;
	}
	at.status = in->status;
	at.attributed_to = -1;
	if (in->attributed_to) {
		gj_actor_known(c, in->attributed_to, in->attpos, where);
		at.attributed_to = graph_jactor(g, in->attributed_to);
	}
	at.time = graph_time(g, &in->time);
	at.ordinal = (int)in->ordinal;
	at.window = graph_intern(g, in->window);
	at.series_of = graph_intern(g, in->series_of);
	if (in->atom)
		at.key = arena_strdup(g->arena, in->atom);
	else
		at.key = arena_printf(g->arena, "%d:%zu:%s:%d", at.sentence,
				      at.start, at.action->code, at.ordinal);
	gj_sum_add(c, ev, &at);
	graph_atom(g, &at);
}

/* The event's action and direction: what its evidence gives. */
static int
gj_derived_action(gjctx *c, gj_ev *ev, const char *where, const char *pos)
{
	gj_sum *m = &ev->sum;
	size_t most;
	char w[128], show[80];

	gj_where(w, sizeof w, where, 96, "action", GJ_NOINDEX);
	const char *code = gj_tally_best(&m->codes, 1, &most);
	if (strcmp(code, ev->action.code) != 0)
		return gj_fail(c, pos, w, "\"cameo\" must be what its evidence gives "
			       "(\"%s\"), not \"%s\"", code, ev->action.code);
	if (ev->action.label && !m->facts)
		return gj_fail(c, pos, w, "the facts of \"%s\" (label, plover, "
			       "quad_class, goldstein) must be those of one of its "
			       "evidence entries", code);
	if (ev->trigger && !m->trig)
		return gj_fail(c, pos, w, "\"trigger\" must be one its evidence gives "
			       "with \"%s\", not %s", code, gj_qs(ev->trigger, show));
	if (!m->dir)
		return gj_fail(c, pos, where, "\"source\" and \"target\" must be those "
			       "of one of its evidence entries");
	return 0;
}

/* The event's time: the intersection of its evidence's, the rest of it
 * that of the narrowest. */
static int
gj_derived_time(gjctx *c, gj_ev *ev, const char *where, const char *pos)
{
	gj_sum *m = &ev->sum;
	const dl_time *t = &ev->time, *n = m->narrow;
	char w[128], s1[80], s2[80];
	const char *k = NULL, *a = NULL, *b = NULL;

	if (!ev->has_time)
		return 0;
	if (strcmp(t->earliest, m->earliest) != 0)
		k = "earliest", a = m->earliest, b = t->earliest;
	else if (strcmp(t->latest, m->latest) != 0)
		k = "latest", a = m->latest, b = t->latest;
	else if (m->like == NULL || graph_time_narrower(n, m->like)) {
		const char *f[6][3] = {{"value", n->value, t->value},
			{"type", n->type, t->type}, {"granularity", n->granularity,
			t->granularity}, {"mod", n->mod, t->mod},
			{"text", n->text, t->text}, {"anchor", n->anchor, t->anchor}};
		for (int i = 0; i < 6 && k == NULL; i++)
			if (graph_nstrcmp(f[i][1] && *f[i][1] ? f[i][1] : NULL,
					  f[i][2] && *f[i][2] ? f[i][2] : NULL) != 0)
				k = f[i][0], a = f[i][1], b = f[i][2];
	}
	if (k == NULL)
		return 0;
	gj_where(w, sizeof w, where, 96, "time", GJ_NOINDEX);
	return gj_fail(c, pos, w, "\"%s\" must be what its evidence gives (%s), "
		       "not %s", k, gj_qs(a && *a ? a : NULL, s1),
		       gj_qs(b && *b ? b : NULL, s2));
}

/* The event's status, series and attribution: what its evidence gives. */
static int
gj_derived_rest(gjctx *c, gj_ev *ev, const char *where, const char *pos)
{
	gj_sum *m = &ev->sum;
	unsigned ok = m->statuses;
	dl_status st;
	size_t most;
	char w[128], s1[80], s2[80], list[128] = "";

	/* the strongest of the class (graph_make_event) */
	if (ok & 1u << ST_OCCURRED)
		ok = 1u << ST_OCCURRED;
	else if (ok & 1u << ST_PLANNED)
		ok &= ~(1u << ST_PROPOSED);
	if (ev->status && graph_status_parse(ev->status, &st) == 0 &&
	    !(ok & 1u << st)) {
		for (int i = ST_OCCURRED; i <= ST_IMPLIED; i++)
			if (ok & 1u << i)
				snprintf(list + strlen(list), sizeof list - strlen(list),
					 "%s%s", list[0] ? " or " : "",
					 events_status_name((dl_status)i));
		return gj_fail(c, pos, where, "\"status\" must be what its evidence "
			       "gives (%s), not \"%s\"", list, ev->status);
	}
	if (gj_derived_time(c, ev, where, pos) != 0)
		return -1;
	if (ev->series >= 0 && ev->d->n[ev->series].type == GJ_NULL &&
	    m->ordinal > 0)
		return gj_fail(c, pos, where, "\"series\" must not be null: its "
			       "evidence gives ordinal %d", m->ordinal);
	if (ev->series >= 0 && ev->d->n[ev->series].type != GJ_NULL &&
	    ev->sord != m->ordinal) {
		gj_where(w, sizeof w, where, 96, "series", GJ_NOINDEX);
		return gj_fail(c, pos, w, "\"ordinal\" must be what its evidence "
			       "gives (%d), not %" JSON_INTEGER_FORMAT, m->ordinal,
			       ev->sord);
	}
	/* the most frequent (ties: any of them) */
	const char *att = gj_tally_best(&m->atts, 0, &most);
	int i = ev->attid ? gmap_get(&m->atts.map, ev->attid) : -1;
	if (ev->att >= 0 && (ev->attid ? i < 0 || m->atts.n[i] != most : att != NULL))
		return gj_fail(c, pos, where, "\"attributed_to\" must be what its "
			       "evidence gives (%s), not %s", gj_qs(att, s1),
			       gj_qs(ev->attid, s2));
	return 0;
}

/* The values of the event that its evidence gives, checked; its sum freed. */
static int
gj_event_derived(gjctx *c, gj_ev *ev, const char *where, const char *pos)
{
	int r = ev->sum.n == 0 ?
		gj_fail(c, pos, where, "\"evidence\" must not be empty") :
		gj_derived_action(c, ev, where, pos) != 0 ||
		gj_derived_rest(c, ev, where, pos) != 0 ? -1 : 0;
	gj_sum_free(&ev->sum);
	return r;
}

/* Every element of the array at v (named name, checked by gj_skip) as a
 * tree of its own, through fn. */
static int
gj_each(gjctx *c, const char *v, const char *name, const char *prefix,
	int (*fn)(gjctx *, gj_dom *, int, const char *, const char *, size_t))
{
	gj_it it;
	const char *x;
	char where[96];
	int r;

	if (v == NULL || gj_open(c, &it, v, 0) != 0)
		return gj_fail(c, v, prefix, "no \"%s\" array", name);
	for (size_t k = 0; (r = gj_next_at(c, &it, &x)) == 1; k++) {
		gj_where(where, sizeof where, prefix, sizeof where, name, k);
		int o = gj_piece(c, &c->dom, x, c->end, where);
		if (o < 0 || fn(c, &c->dom, o, where, x, k) != 0)
			return -1;
		it.p = c->dom.n[o].ve;
	}
	return r;
}

/* The "documents" array at v: once to learn every id's fingerprint, once
 * to add. */
static int
gj_documents(gjctx *c, const char *v)
{
	for (c->docpass = 0; c->docpass < 2; c->docpass++)
		if (gj_each(c, v, "documents", "", gj_document) != 0)
			return -1;
	return 0;
}

static int
gj_actor_fn(gjctx *c, gj_dom *d, int o, const char *where, const char *pos,
	    size_t k)
{
	(void)k;
	return gj_actor(c, d, o, where, pos);
}

/* One evidence entry (node x of d) of an event: checked, then added. */
static int
gj_evidence(gjctx *c, gj_ev *ev, gj_dom *d, int x, const char *where,
	    size_t k, const char *pos)
{
	gj_entry in;
	char w[128];

	gj_where(w, sizeof w, where, 64, "evidence", k);
	if (gj_evidence_check(c, d, x, &in, ev->action.code, w, pos) != 0)
		return -1;
	gj_evidence_add(c, ev, d, &in, pos, w);
	return 0;
}

/* An event of up to this many bytes is one tree (with its evidence); a
 * bigger one is read a member at a time, and every evidence entry alone. */
#define GJ_WHOLE (256 * 1024)

/* The event at v as one tree, read up to bound: 1 (*end after it), 0
 * when it is longer, -1 on a fault. */
static int
gj_event_whole(gjctx *c, const char *v, const char *bound, const char *where,
	       const char **end)
{
	gj_ev ev;
	gj_dom *d = &c->hd;
	size_t k = 0;
	int a;

	memset(&ev, 0, sizeof ev);
	ev.d = d;
	if ((ev.hdr = gj_piece(c, d, v, bound, where)) < 0)
		return d->cut ? 0 : -1;
	*end = d->n[ev.hdr].ve;
	if (d->n[ev.hdr].type != GJ_OBJ)
		return gj_fail(c, v, where, "not an object");
	if (gj_event_head(c, &ev, where, v) != 0 ||
	    gj_event_given(c, &ev, where, v) != 0)
		return -1;
	if ((a = gj_get(d, ev.hdr, "evidence")) < 0 || d->n[a].type != GJ_ARR)
		return gj_fail(c, v, where, "no \"evidence\" array");
	for (int x = d->n[a].kid; x >= 0; x = d->n[x].next)
		if (gj_evidence(c, &ev, d, x, where, k++, v) != 0) {
			gj_sum_free(&ev.sum);
			return -1;
		}
	return gj_event_derived(c, &ev, where, v) != 0 ? -1 : 1;
}

/* The members of the big event at v but "evidence" (and, on a JSON Lines
 * record, "actors" and "documents") into c->hd, each checked by jansson
 * when odd; *evid: where its "evidence" is, *end: the event's end. */
static int
gj_event_members(gjctx *c, const char *v, const char *where, const char **evid,
		 const char **end)
{
	gj_dom *d = &c->hd;
	gj_it it;
	gmap seen = {0};
	const char *x, *xe;
	int r, o;

	*evid = NULL;
	gj_dom_reset(d);
	if (gj_open(c, &it, v, 1) != 0)
		return gj_fail(c, v, where, "not an object");
	o = gj_node_new(d, -1, gj_ws(c, v), NULL, NULL);
	d->n[o].type = GJ_OBJ;
	while ((r = gj_next(c, &it, &x, &xe)) == 1) {
		const char *k = c->key.p;
		int skip = c->jsonl && (strcmp(k, "actors") == 0 ||
					strcmp(k, "documents") == 0);
		if ((strcmp(k, "evidence") == 0 && *evid) || gmap_get(&seen, k) >= 0) {
			r = gj_fail(c, x, where, "invalid JSON: duplicate object key");
			break;
		}
		if (strcmp(k, "evidence") == 0)
			*evid = x;
		else if (!skip) {
			gmap_put(&seen, arena_strdup(c->tmp, k), 1);
			d->odd = 0;
			if (gj_parse(c, d, x, xe, it.k, it.ke, o) < 0) {
				r = -1;
				break;
			}
			json_t *m = d->odd ? gj_load(c, x, xe, where) : NULL;
			json_decref(m);
			if (d->odd && m == NULL) {
				r = -1;
				break;
			}
		}
	}
	free(seen.e);
	*end = it.p;
	return r < 0 ? -1 : o;
}

/* The event at v (checked by gj_skip; ve its end, or NULL when not known
 * yet): up to GJ_WHOLE bytes, one tree; bigger, its members but
 * "evidence" as one tree, then every evidence entry alone.  Its end, or
 * NULL on a fault. */
static const char *
gj_event(gjctx *c, const char *v, const char *ve, const char *where)
{
	gj_ev ev;
	gj_it ei;
	const char *x, *evid, *end = NULL;
	int r = 0;

	if (ve == NULL || ve - v <= GJ_WHOLE) {
		const char *bound = ve ? ve : (size_t)(c->end - v) > GJ_WHOLE ?
			v + GJ_WHOLE : c->end;
		if ((r = gj_event_whole(c, v, bound, where, &end)) != 0)
			return r > 0 ? end : NULL;
	}
	memset(&ev, 0, sizeof ev);
	ev.d = &c->hd;
	if ((ev.hdr = gj_event_members(c, v, where, &evid, &end)) < 0 ||
	    gj_event_head(c, &ev, where, v) != 0 ||
	    gj_event_given(c, &ev, where, v) != 0)
		return NULL;
	if (evid == NULL || gj_open(c, &ei, evid, 0) != 0) {
		gj_fail(c, v, where, "no \"evidence\" array");
		return NULL;
	}
	for (size_t k = 0; r == 0 && (r = gj_next_at(c, &ei, &x)) == 1; k++) {
		int o = gj_piece(c, &c->dom, x, c->end, where);
		r = o < 0 ? -1 : gj_evidence(c, &ev, &c->dom, o, where, k, x);
		if (o >= 0)
			ei.p = c->dom.n[o].ve;
	}
	if (r != 0) {
		gj_sum_free(&ev.sum);
		return NULL;
	}
	return gj_event_derived(c, &ev, where, v) == 0 ? end : NULL;
}

/* Nothing but whitespace from p on? */
static int
gj_at_end(gjctx *c, const char *p)
{
	p = gj_ws(c, p);
	if (p < c->end) {
		gj_syntax(c, p, "end of input expected");
		return 0;
	}
	return 1;
}

/* The walk of a timeline (the JSON form): "dipline", then "documents",
 * "actors" and "events", wherever they stand. */
static int
gj_timeline(gjctx *c)
{
	gj_it it;
	const char *x, *xe, *ver = NULL, *vere = NULL, *docs = NULL,
		   *acts = NULL, *evs = NULL;
	char where[64], cut[80];
	int r, text = 0;

	const char *p = gj_ws(c, c->s);
	if (gj_open(c, &it, p, 1) != 0) {
		const char *e = gj_skip(c, p);
		if (e != NULL && gj_at_end(c, e))
			gj_fail(c, NULL, NULL, "the top level is not an object");
		return -1;
	}
	while ((r = gj_next(c, &it, &x, &xe)) == 1) {
		const char *k = c->key.p, **slot =
			strcmp(k, "dipline") == 0 ? &ver :
			strcmp(k, "documents") == 0 ? &docs :
			strcmp(k, "actors") == 0 ? &acts :
			strcmp(k, "events") == 0 ? &evs : NULL;
		text |= strcmp(k, "text") == 0;
		if (slot == NULL) {
			/* relations, timelines: derived */
			if (!gj_in(k, gj_top_keys))
				gj_notice(c, GJ_NOTE_KEY, "timeline", k, it.k,
					"unknown key \"%s\" ignored", gj_cut(k, cut));
			continue;
		}
		if (*slot)
			return gj_fail(c, x, NULL, "\"%s\" given twice", k);
		*slot = x;
		if (slot == &ver)
			vere = xe;
	}
	if (r < 0 || !gj_at_end(c, it.p))
		return -1;
	if (ver == NULL && text)
		return gj_fail(c, NULL, NULL, "no \"dipline\" format version (an "
			       "article? merge takes what `dipline build` writes)");
	json_t *v = ver ? gj_load(c, ver, vere, NULL) : NULL;
	if (ver && v == NULL)
		return -1;
	r = !json_is_string(v) ?
		gj_fail(c, NULL, NULL, "no \"dipline\" format version") :
		strncmp(json_string_value(v), "1.", 2) != 0 ?
		gj_fail(c, NULL, NULL, "unsupported format version (want 1.x)") : 0;
	json_decref(v);
	if (r != 0 || gj_documents(c, docs) != 0 ||
	    gj_each(c, acts, "actors", "", gj_actor_fn) != 0)
		return -1;
	if (evs == NULL || gj_open(c, &it, evs, 0) != 0)
		return gj_fail(c, NULL, NULL, "no \"events\" array");
	for (size_t k = 0; (r = gj_next_at(c, &it, &x)) == 1; k++) {
		gj_where(where, sizeof where, "", 0, "events", k);
		if ((it.p = gj_event(c, x, NULL, where)) == NULL)
			return -1;
	}
	return r;
}

/* The walk of one JSON Lines record: an event with the documents and
 * actors it names (those first). */
static int
gj_record(gjctx *c)
{
	gj_it it;
	const char *x, *xe, *docs = NULL, *acts = NULL;
	int r, doc = 0;

	const char *p = gj_ws(c, c->s);
	if (gj_open(c, &it, p, 1) != 0) {
		const char *e = gj_skip(c, p);
		if (e != NULL && gj_at_end(c, e))
			gj_fail(c, NULL, NULL, "not an object");
		return -1;
	}
	while ((r = gj_next(c, &it, &x, &xe)) == 1) {
		const char *k = c->key.p, **slot =
			strcmp(k, "documents") == 0 ? &docs :
			strcmp(k, "actors") == 0 ? &acts : NULL;
		if (slot && *slot)
			return gj_fail(c, x, NULL, "\"%s\" given twice", k);
		if (slot)
			*slot = x;
		doc |= strcmp(k, "document") == 0;
	}
	if (r == 0 && docs == NULL && doc && gj_at_end(c, it.p))
		return gj_fail(c, NULL, NULL, "no \"documents\" array (a line of "
			       "`dipline events`? merge takes what `dipline build` "
			       "writes)");
	if (r < 0 || !gj_at_end(c, it.p) || gj_documents(c, docs) != 0 ||
	    gj_each(c, acts, "actors", "", gj_actor_fn) != 0)
		return -1;
	return gj_event(c, p, it.p, "") != NULL ? 0 : -1;
}

/* Walk (checking and adding); on a fault, take back what was added and
 * name the fault; else what the walk has to say becomes the file's. */
static int
gj_run(gjctx *c, int (*walk)(gjctx *), const char *what)
{
	size_t n = (size_t)(c->end - c->s), ok = util_utf8_valid(c->s, n);
	graph_undo u;

	c->failed = 0;
	c->lpos = NULL;
	free(c->docs.e);
	memset(&c->docs, 0, sizeof c->docs);
	c->ndv = 0;
	free(c->acts.e);
	memset(&c->acts, 0, sizeof c->acts);
	gj_notes_clear(&c->run);
	if (ok != n)
		gj_fail(c, c->s + ok, NULL, "invalid JSON: invalid UTF-8");
	graph_undo_begin(c->g, &u);
	if (!c->failed && walk(c) != 0 && !c->failed)
		gj_fail(c, NULL, NULL, "internal error");
	graph_undo_end(c->g, &u, c->failed);
	if (!c->failed) {
		gj_notes_keep(c);
		gj_notes_clear(&c->run);
		return 0;
	}
	gj_notes_clear(&c->run);
	if (c->mute)
		return -1;
	util_warn(c->origin, c->errpos ? gj_line(c, c->errpos) :
		  c->jsonl ? c->line0 : 0, "%s: %s", what, c->why);
	return -1;
}

/* Is the text JSON Lines: does it start with an event rather than a
 * timeline? */
static int
gj_is_lines(gjctx *c)
{
	gj_it it;
	const char *x, *xe;
	int r, evidence = 0;

	if (gj_open(c, &it, c->s, 1) != 0)
		return 0;
	while ((r = gj_next(c, &it, &x, &xe)) == 1) {
		if (strcmp(c->key.p, "dipline") == 0)
			break;
		if (strcmp(c->key.p, "evidence") == 0)
			evidence = 1;
	}
	c->failed = 0;
	return r == 0 && evidence;
}

/* JSON Lines as written by -f jsonl: every line an event with the actors
 * and documents it names.  Bad lines are named and skipped: 1 when some
 * were and others added, -1 when none was added. */
static int
gj_lines(gjctx *c)
{
	const char *s = c->s, *end = c->end;
	long line = 0, bad = 0, good = 0;

	c->jsonl = 1;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		line++;
		while (le > s && (le[-1] == '\r' || le[-1] == ' ' || le[-1] == '\t'))
			le--;
		if (le > s) {
			c->s = s;
			c->end = le;
			c->line0 = line;
			c->mute = bad >= GJ_NAMED;
			if (gj_run(c, gj_record, "not a dipline event line") != 0)
				bad++;
			else
				good++;
		}
		s = nl ? nl + 1 : end;
	}
	if (bad > GJ_NAMED)
		util_warn(c->origin, 0, "%ld more lines rejected (past %d lines, not "
			  "named)", bad - GJ_NAMED, GJ_NAMED);
	return bad ? (good ? 1 : -1) : 0;
}

int
graph_add_timeline(dl_graph *g, const char *json, size_t len, const char *origin)
{
	gjctx c;
	size_t sp = 0;
	int rc;

	/* nothing at all: JSON Lines without a line (-f jsonl of no events) */
	while (sp < len && (json[sp] == ' ' || json[sp] == '\n' ||
			    json[sp] == '\r' || json[sp] == '\t'))
		sp++;
	if (sp == len)
		return 0;
	memset(&c, 0, sizeof c);
	c.g = g;
	c.origin = origin;
	c.s = json + sp;
	c.end = json + len;
	c.line0 = 1;
	c.tmp = arena_new();
	if (c.tmp == NULL)
		abort();
	/* line numbers count from the start of the text */
	for (const char *p = json; p < c.s; p++)
		c.line0 += *p == '\n';
	if (gj_is_lines(&c)) {
		c.s = json;
		rc = gj_lines(&c);
	} else
		rc = gj_run(&c, gj_timeline, "not a dipline timeline");
	gj_notes_say(&c);
	gj_notes_clear(&c.file);
	gj_notes_clear(&c.run);
	gj_dom_free(&c.hd);
	gj_dom_free(&c.dom);
	free(c.docs.e);
	free(c.acts.e);
	buf_free(&c.key);
	buf_free(&c.nb);
	arena_free(c.tmp);
	return rc;
}


/* ------------------------------------------------------------ finish: documents */

typedef struct {
	const char *id;
	int         i;
} graph_idpair;

static int
graph_idpair_cmp(const void *a, const void *b)
{
	return strcmp(((const graph_idpair *)a)->id, ((const graph_idpair *)b)->id);
}

/* qsort has no context argument; the graph is finished on one thread. */
static const dl_graph *graph_sorting;

/* documents by id, then fingerprint (unknown first) */
static int
graph_doc_key_cmp(const void *pa, const void *pb)
{
	const dl_gdoc *a = &graph_sorting->docs[*(const int *)pa];
	const dl_gdoc *b = &graph_sorting->docs[*(const int *)pb];
	int c = strcmp(a->id, b->id);
	return c ? c : strcmp(a->fingerprint, b->fingerprint);
}

/* s as a JSON string (ASCII), cut to about 200 characters, for messages;
 * the caller frees. */
static char *
graph_quote(const char *s)
{
	json_t *j = json_string(s);
	char *q = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
	json_decref(j);
	if (q == NULL)
		return xstrdup("\"?\"");
	if (strlen(q) > 200)
		strcpy(q + 196, "...");
	return q;
}

static void
graph_doc_warn(const dl_graph *g, int d, int keeper, const char *id)
{
	const graph_docx *dx = g->idx->docx;
	char *a = graph_quote(g->docs[d].id), *b = graph_quote(id);
	util_warn(dx[d].place ? dx[d].place : g->docs[d].id, 0,
		  "document id %s is also used by %s for another text or date; kept "
		  "apart as %s", a, dx[keeper].place ? dx[keeper].place :
		  g->docs[keeper].id, b);
	free(a);
	free(b);
}

/* The final id of every document (fin), in ord ((id, fingerprint)
 * order): per id, the smallest fingerprint keeps it (with the document
 * of no fingerprint folded in: fold), every other becomes ID~FP8 (or
 * ID~FP16, or ID~FP16-N when taken). */
static void
graph_doc_ids(dl_graph *g, const int *ord, int *fold, const char **fin)
{
	size_t n = g->ndocs;
	int *keeper = xmalloc((n + 1) * sizeof *keeper);
	gmap taken = {0};

	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && strcmp(g->docs[ord[j]].id, g->docs[ord[i]].id) == 0)
			j++;
		int unk = g->docs[ord[i]].fingerprint[0] ? -1 : ord[i];
		int k = unk >= 0 && i + 1 < j ? ord[i + 1] : ord[i];
		for (size_t q = i; q < j; q++)
			keeper[ord[q]] = k;
		fin[k] = g->docs[k].id;
		gmap_put(&taken, fin[k], k);
		if (unk >= 0 && k != unk) {
			dl_gdoc *u = &g->docs[unk];
			fold[unk] = k;
			graph_doc(g, g->docs[k].id, g->docs[k].fingerprint, u->title,
				  u->url, u->source, u->published,
				  g->idx->docx[unk].place, g->idx->docx[unk].inid);
		}
		i = j;
	}
	for (size_t i = 0; i < n; i++) {
		int d = ord[i];
		const dl_gdoc *doc = &g->docs[d];
		if (fold[d] != d || fin[d] != NULL)
			continue;
		char *id = arena_printf(g->arena, "%s~%.8s", doc->id, doc->fingerprint);
		if (gmap_get(&taken, id) >= 0)
			id = arena_printf(g->arena, "%s~%s", doc->id, doc->fingerprint);
		for (int k = 2; gmap_get(&taken, id) >= 0; k++)
			id = arena_printf(g->arena, "%s~%s-%d", doc->id,
					  doc->fingerprint, k);
		fin[d] = id;
		gmap_put(&taken, id, d);
		/* read back under that id: warned when it was given */
		const char *inid = g->idx->docx[d].inid;
		if (inid == NULL || strcmp(inid, id) != 0)
			graph_doc_warn(g, d, keeper[d], id);
	}
	free(taken.e);
	free(keeper);
}

/* Index the atoms again after their documents changed; two atoms now
 * under one (document, key) (a document without a fingerprint folded
 * into its namesake) keep the smaller content. */
static void
graph_atoms_reindex(dl_graph *g)
{
	size_t j = 0;

	gset_clear(&g->idx->atoms);
	for (size_t i = 0; i < g->natoms; i++) {
		const dl_atom *a = &g->atoms[i];
		int old = graph_atom_find(g, a->doc, a->key);
		if (old >= 0) {
			if (graph_atom_content_cmp(g, a, &g->atoms[old]) < 0)
				g->atoms[old] = *a;
			continue;
		}
		if (j != i)
			g->atoms[j] = *a;
		gset_add(&g->idx->atoms, (int)j, graph_atom_hash_h, g);
		j++;
	}
	g->natoms = j;
}

/* Documents: final ids (see 0. above), sorted by id; every reference
 * remapped. */
static void
graph_finish_docs(dl_graph *g)
{
	size_t n = g->ndocs, m = 0;
	int *ord = xmalloc((n + 1) * sizeof *ord);
	int *fold = xmalloc((n + 1) * sizeof *fold);
	int *newdoc = xmalloc((n + 1) * sizeof *newdoc);
	const char **fin = xcalloc(n + 1, sizeof *fin);
	graph_idpair *p = xmalloc((n + 1) * sizeof *p);

	for (size_t i = 0; i < n; i++)
		ord[i] = fold[i] = (int)i;
	graph_sorting = g;
	graph_sort(ord, n, sizeof *ord, graph_doc_key_cmp);
	graph_doc_ids(g, ord, fold, fin);
	for (size_t i = 0; i < n; i++)
		if (fold[i] == (int)i) {
			p[m].id = fin[i];
			p[m++].i = (int)i;
		}
	graph_sort(p, m, sizeof *p, graph_idpair_cmp);
	dl_gdoc *nd = arena_alloc(g->arena, (m + 1) * sizeof *nd);
	for (size_t k = 0; k < m; k++) {
		nd[k] = g->docs[p[k].i];
		nd[k].id = (char *)p[k].id;
		newdoc[p[k].i] = (int)k;
		if (strcmp(nd[k].published, g->stamp) > 0)
			memcpy(g->stamp, nd[k].published, sizeof g->stamp);
	}
	for (size_t i = 0; i < n; i++)
		if (fold[i] != (int)i)
			newdoc[i] = newdoc[fold[i]];
	g->docs = nd;
	g->ndocs = g->capdocs = m;
	for (size_t i = 0; i < g->natoms; i++)
		g->atoms[i].doc = newdoc[g->atoms[i].doc];
	graph_atoms_reindex(g);
	free(p);
	free(fin);
	free(newdoc);
	free(fold);
	free(ord);
}

/* ------------------------------------------------------------ finish: actors */

static int
graph_is_surname_only(const dl_actor *a)
{
	return a->type == ACT_PERSON && a->name && strchr(a->name, ' ') == NULL;
}

static const char *
graph_surname(const char *name)
{
	const char *sp = strrchr(name, ' ');
	return sp ? sp + 1 : NULL;
}

static int
graph_str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Remap every actor list through newidx (n actors), sorted and unique
 * (each shared list once; its length at [-1]), and index them again by
 * content.  A list naming an actor a rejected timeline had added (and
 * took back) is no atom's: it is left out. */
static void
graph_remap_lists(dl_graph *g, const int *newidx, size_t n)
{
	graph_pool *p = &g->idx->lists;
	gset_clear(&p->set);
	for (size_t h = 0; h < p->n; h++) {
		int *v = (int *)p->v[h], k;
		for (k = 0; k < v[-1] && v[k] >= 0 && (size_t)v[k] < n; k++)
			;
		if (k < v[-1])
			continue;
		for (k = 0; k < v[-1]; k++)
			v[k] = newidx[v[k]];
		v[-1] = graph_int_uniq(v, v[-1]);
		graph_listkey key = {v, v[-1]};
		if (gset_get(&p->set, graph_list_hash(v, v[-1]), graph_list_eq, p,
			     &key) < 0)
			gset_add(&p->set, (int)h, graph_list_hash_h, p);
	}
}

/* Edit distance of two short ASCII-lowercased strings (bytes); stops at
 * limit + 1. */
static int
graph_distance(const char *a, const char *b, int limit)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[64], prev[64];
	if (la > 62 || lb > 62)
		return limit + 1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int best = row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			char x = (char)((a[i - 1] >= 'A' && a[i - 1] <= 'Z') ? a[i - 1] + 32 : a[i - 1]);
			char y = (char)((b[j - 1] >= 'A' && b[j - 1] <= 'Z') ? b[j - 1] + 32 : b[j - 1]);
			int v = prev[j - 1] + (x != y);
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best > limit)
			return limit + 1;
		memcpy(prev, row, (lb + 1) * sizeof *row);
	}
	return prev[lb];
}

static int
graph_share_role(const dl_actor *a, const dl_actor *b)
{
	for (size_t i = 0; i < a->nroles; i++)
		for (size_t j = 0; j < b->nroles; j++)
			if (strcasecmp(a->roles[i], b->roles[j]) == 0)
				return 1;
	return 0;
}

/* Are a and b one person spelt two ways ("Sergei"/"Sergey Lavrov",
 * "Giannis"/"Yannis Petrou")?  Same surname and country, a role in common,
 * and first names at most two edits apart (and a third of their length). */
static int
graph_variants(const dl_actor *a, const dl_actor *b)
{
	const char *sa = graph_surname(a->name), *sb = graph_surname(b->name);
	if (!sa || !sb || strcasecmp(sa, sb) != 0 || !a->country[0] ||
	    strcmp(a->country, b->country) != 0 || !graph_share_role(a, b))
		return 0;
	char fa[64], fb[64];
	snprintf(fa, sizeof fa, "%.*s", (int)(sa - 1 - a->name), a->name);
	snprintf(fb, sizeof fb, "%.*s", (int)(sb - 1 - b->name), b->name);
	size_t shorter = strlen(fa) < strlen(fb) ? strlen(fa) : strlen(fb);
	int limit = (int)(shorter / 3) < 2 ? (int)(shorter / 3) : 2;
	return graph_distance(fa, fb, limit) <= limit;
}

static int
graph_root(int *fold, int x)
{
	while (fold[x] != x)
		x = fold[x] = fold[fold[x]];
	return x;
}

/* Join spelling variants of one person; the smallest id stands for all. */
static void
graph_fold_variants(dl_graph *g, int *fold)
{
	size_t n = g->nactors, m = 0;
	graph_idpair *p = xmalloc((n + 1) * sizeof *p);

	for (size_t i = 0; i < n; i++) {
		const dl_actor *a = &g->actors[i];
		const char *sn;
		if (a->type != ACT_PERSON || !a->country[0] ||
		    (sn = graph_surname(a->name)) == NULL)
			continue;
		char *k = arena_printf(g->arena, "%s|%s", sn, a->country);
		for (char *c = k; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		p[m].id = k;
		p[m++].i = (int)i;
	}
	graph_sort(p, m, sizeof *p, graph_idpair_cmp);
	for (size_t i = 0; i < m; i++)
		for (size_t j = i + 1; j < m && strcmp(p[i].id, p[j].id) == 0; j++) {
			const dl_actor *a = &g->actors[p[i].i], *b = &g->actors[p[j].i];
			if (!graph_variants(a, b))
				continue;
			int x = graph_root(fold, p[i].i), y = graph_root(fold, p[j].i);
			if (x == y)
				continue;
			if (strcmp(g->actors[x].id, g->actors[y].id) < 0)
				fold[y] = x;
			else
				fold[x] = y;
		}
	for (size_t i = 0; i < n; i++)
		fold[i] = graph_root(fold, (int)i);
	free(p);
}

/* Fold spelling variants and surname-only persons; sort actors by id;
 * remap every reference. */
static void
graph_finish_actors(dl_graph *g)
{
	size_t n = g->nactors, m = 0;
	int *fold = xmalloc((n + 1) * sizeof *fold);
	int *newidx = xmalloc((n + 1) * sizeof *newidx);
	graph_idpair *p = xmalloc((n + 1) * sizeof *p);
	gmap surnames = {0};   /* surname|country -> full-name person, -2 if many */

	for (size_t i = 0; i < n; i++)
		fold[i] = (int)i;
	graph_fold_variants(g, fold);
	for (size_t j = 0; j < n; j++) {
		const dl_actor *b = &g->actors[j];
		const char *sn;
		if (b->type != ACT_PERSON || fold[j] != (int)j ||
		    (sn = graph_surname(b->name)) == NULL)
			continue;
		/* "al-Assad" is also known as "Assad" */
		const char *h = strchr(sn, '-');
		int particle = h && h > sn && h[1];
		for (const char *c = sn; particle && c < h; c++)
			if (*c < 'a' || *c > 'z')
				particle = 0;
		for (int v = 0; v <= particle; v++) {
			char *k = arena_printf(g->arena, "%s|%s", v ? h + 1 : sn,
					       b->country);
			for (char *c = k; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c - 'A' + 'a');
			int prev = gmap_get(&surnames, k);
			gmap_put(&surnames, k, prev == -1 || prev == (int)j ?
				 (int)j : -2);
		}
	}
	for (size_t i = 0; i < n; i++) {
		const dl_actor *a = &g->actors[i];
		if (!graph_is_surname_only(a) || fold[i] != (int)i)
			continue;
		char *k = arena_printf(g->arena, "%s|%s", a->name, a->country);
		for (char *c = k; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		int j = gmap_get(&surnames, k);
		if (j >= 0)
			fold[i] = j;
	}
	free(surnames.e);
	for (size_t i = 0; i < n; i++) {
		if (fold[i] == (int)i)
			continue;
		const dl_actor *a = &g->actors[i];
		for (size_t k = 0; k < a->nroles; k++)
			graph_strset_add(g, fold[i], 0, a->roles[k]);
		for (size_t k = 0; k < a->naliases; k++)
			graph_strset_add(g, fold[i], 1, a->aliases[k]);
		graph_strset_add(g, fold[i], 1, a->name);
	}
	for (size_t i = 0; i < n; i++)
		if (fold[i] == (int)i) {
			p[m].id = g->actors[i].id;
			p[m].i = (int)i;
			m++;
		}
	graph_sort(p, m, sizeof *p, graph_idpair_cmp);
	dl_actor *na = arena_alloc(g->arena, (m + 1) * sizeof *na);
	for (size_t k = 0; k < m; k++) {
		dl_actor *a = &na[k];
		*a = g->actors[p[k].i];
		newidx[p[k].i] = (int)k;
		/* the display name is not an alias of itself */
		size_t j = 0;
		for (size_t q = 0; q < a->naliases; q++)
			if (strcmp(a->aliases[q], a->name) != 0)
				a->aliases[j++] = a->aliases[q];
		a->naliases = j;
		graph_sort(a->aliases, a->naliases, sizeof *a->aliases, graph_str_cmp);
		graph_sort(a->roles, a->nroles, sizeof *a->roles, graph_str_cmp);
	}
	for (size_t i = 0; i < n; i++)
		if (fold[i] != (int)i)
			newidx[i] = newidx[fold[i]];
	g->actors = na;
	g->nactors = g->capactors = m;
	free(g->idx->actors.e);
	memset(&g->idx->actors, 0, sizeof g->idx->actors);
	for (size_t k = 0; k < m; k++)
		gmap_put(&g->idx->actors, na[k].id, (int)k);
	graph_remap_lists(g, newidx, n);
	for (size_t i = 0; i < g->natoms; i++) {
		dl_atom *at = &g->atoms[i];
		at->nsrc = at->src[-1];
		at->ntgt = at->tgt[-1];
		if (at->attributed_to >= 0)
			at->attributed_to = newidx[at->attributed_to];
	}
	free(p);
	free(fold);
	free(newidx);
}

/* ------------------------------------------------------------ finish: events */

static int
graph_list_cmp(const int *a, int na, const int *b, int nb)
{
	for (int i = 0; i < na && i < nb; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return (na > nb) - (na < nb);
}

/* Same CAMEO base (the first three digits). */
static int
graph_base_cmp(const char *a, const char *b)
{
	return strncmp(a, b, 3);
}

/* Actions whose direction the reports do not agree on ("Lavrov called
 * Kerry", "Kerry spoke with Lavrov"): consult, discuss by telephone, meet at
 * a third location, negotiate (CAMEO bases; facts of the codebook).  Their
 * atoms cluster by the set of parties, whatever the direction. */
static int
graph_symmetric(const char *code)
{
	static const char sym[][4] = {"040", "041", "044", "046"};
	for (size_t i = 0; i < sizeof sym / sizeof *sym; i++)
		if (strncmp(code, sym[i], 3) == 0 && strlen(code) >= 3)
			return 1;
	return 0;
}

static void
graph_parties(dl_graph *g, dl_atom *at)
{
	int small[16], *v, n = 0;

	at->pty = NULL;
	at->npty = 0;
	if (!graph_symmetric(at->action->code))
		return;
	v = at->nsrc + at->ntgt <= 16 ? small :
		xmalloc((size_t)(at->nsrc + at->ntgt) * sizeof *v);
	for (int k = 0; k < at->nsrc; k++)
		v[n++] = at->src[k];
	for (int k = 0; k < at->ntgt; k++)
		v[n++] = at->tgt[k];
	at->npty = graph_int_uniq(v, n);
	at->pty = graph_list(g, v, at->npty);
	if (v != small)
		free(v);
}

static int
graph_atom_group_cmp(const dl_atom *a, const dl_atom *b)
{
	int c;
	if ((c = graph_base_cmp(a->action->code, b->action->code)) != 0)
		return c;
	if (a->pty && b->pty) {
		if ((c = graph_list_cmp(a->pty, a->npty, b->pty, b->npty)) != 0)
			return c;
		return events_status_class(a->status) - events_status_class(b->status);
	}
	if ((c = graph_list_cmp(a->src, a->nsrc, b->src, b->nsrc)) != 0)
		return c;
	if ((c = graph_list_cmp(a->tgt, a->ntgt, b->tgt, b->ntgt)) != 0)
		return c;
	return events_status_class(a->status) - events_status_class(b->status);
}

/* Unknown ends first, then in time order. */
static int
graph_end_cmp(const char *a, const char *b, int is_latest)
{
	if (!a[0] || !b[0])
		return (a[0] != 0) - (b[0] != 0);
	return graph_time_cmp(a, is_latest, b, is_latest);
}

/* The identity of an atom: document id, sentence, start, code, ordinal, key. */
static int
graph_atom_id_cmp(const dl_atom *a, const dl_atom *b)
{
	const dl_graph *g = graph_sorting;
	int c;
	if ((c = strcmp(g->docs[a->doc].id, g->docs[b->doc].id)) != 0)
		return c;
	if (a->sentence != b->sentence)
		return a->sentence < b->sentence ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if ((c = strcmp(a->action->code, b->action->code)) != 0)
		return c;
	if (a->ordinal != b->ordinal)
		return a->ordinal < b->ordinal ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* What clustering compares of an atom's time, computed once: its width
 * and the ranks of its ends among all ends (graph_time_cmp order; -1 when
 * unknown). */
typedef struct {
	long width;
	int  e, l;
} graph_tkey;

static const graph_tkey *graph_tkeys;   /* per atom, for the comparator */

static int
graph_atom_canon_cmp(const void *pa, const void *pb)
{
	int ia = *(const int *)pa, ib = *(const int *)pb;
	const dl_atom *a = &graph_sorting->atoms[ia];
	const dl_atom *b = &graph_sorting->atoms[ib];
	const graph_tkey *ka = &graph_tkeys[ia], *kb = &graph_tkeys[ib];
	int c;
	if ((c = graph_atom_group_cmp(a, b)) != 0)
		return c;
	/* narrow times first: they seed the clusters vaguer ones join; then
	 * by earliest, by latest (unknown ends first) */
	if (ka->width != kb->width)
		return ka->width < kb->width ? -1 : 1;
	if (ka->e != kb->e)
		return ka->e < kb->e ? -1 : 1;
	if (ka->l != kb->l)
		return ka->l < kb->l ? -1 : 1;
	return graph_atom_id_cmp(a, b);
}

static int
graph_atom_evidence_cmp(const void *pa, const void *pb)
{
	return graph_atom_id_cmp(&graph_sorting->atoms[*(const int *)pa],
				 &graph_sorting->atoms[*(const int *)pb]);
}

/* Is atom a narrower (better) time than b? */
static int
graph_narrower(const dl_atom *a, const dl_atom *b)
{
	return graph_time_narrower(a->time, b->time);
}

/* Fill event e from its atoms (in canonical order). */
static void
graph_make_event(dl_graph *g, dl_gevent *e)
{
	const dl_atom *first = &g->atoms[e->atoms[0]];
	const dl_atom *best = NULL, *narrow = first;
	int bestn = 0;

	/* action: the most frequent code, then the longest, then smallest.
	 * The atoms share a CAMEO base, so there are few distinct codes. */
	struct { const dl_atom *a; int n; } *codes = xmalloc(e->natoms * sizeof *codes);
	size_t ncodes = 0;
	for (size_t i = 0; i < e->natoms; i++) {
		const dl_atom *a = &g->atoms[e->atoms[i]];
		size_t k;
		for (k = 0; k < ncodes; k++)
			if (strcmp(codes[k].a->action->code, a->action->code) == 0)
				break;
		if (k == ncodes) {
			codes[ncodes].a = a;
			codes[ncodes++].n = 0;
		}
		codes[k].n++;
	}
	for (size_t k = 0; k < ncodes; k++) {
		const dl_atom *a = codes[k].a;
		int cnt = codes[k].n;
		if (best == NULL || cnt > bestn ||
		    (cnt == bestn && (strlen(a->action->code) > strlen(best->action->code) ||
				      (strlen(a->action->code) == strlen(best->action->code) &&
				       strcmp(a->action->code, best->action->code) < 0)))) {
			best = a;
			bestn = cnt;
		}
	}
	free(codes);
	e->action = *best->action;
	e->trigger = best->trigger;
	e->src = first->src;
	e->nsrc = first->nsrc;
	e->tgt = first->tgt;
	e->ntgt = first->ntgt;

	/* status: the strongest of the class */
	e->status = first->status;
	for (size_t i = 0; i < e->natoms; i++) {
		dl_status s = g->atoms[e->atoms[i]].status;
		if (s == ST_OCCURRED || (s == ST_PLANNED && e->status == ST_PROPOSED))
			e->status = s;
	}

	/* time: intersection; value and granularity from the narrowest */
	char earliest[20] = "", latest[20] = "";
	e->ordinal = 0;
	for (size_t i = 0; i < e->natoms; i++) {
		const dl_atom *a = &g->atoms[e->atoms[i]];
		if (a->time->earliest[0] && (!earliest[0] ||
		    graph_time_cmp(a->time->earliest, 0, earliest, 0) > 0))
			memcpy(earliest, a->time->earliest, sizeof earliest);
		if (a->time->latest[0] && (!latest[0] ||
		    graph_time_cmp(a->time->latest, 1, latest, 1) < 0))
			memcpy(latest, a->time->latest, sizeof latest);
		if (graph_narrower(a, narrow))
			narrow = a;
		if (a->ordinal > e->ordinal)
			e->ordinal = a->ordinal;
	}
	e->time = *narrow->time;
	memcpy(e->time.earliest, earliest, sizeof earliest);
	memcpy(e->time.latest, latest, sizeof latest);

	/* attribution: the most frequent, then the smallest id */
	int *att = xmalloc((e->natoms + 1) * sizeof *att);
	size_t natt = 0;
	for (size_t i = 0; i < e->natoms; i++)
		if (g->atoms[e->atoms[i]].attributed_to >= 0)
			att[natt++] = g->atoms[e->atoms[i]].attributed_to;
	graph_sort(att, natt, sizeof *att, graph_int_cmp);
	e->attributed_to = -1;
	for (size_t i = 0, bestc = 0; i < natt;) {
		size_t j = i;
		while (j < natt && att[j] == att[i])
			j++;
		if (j - i > bestc) {   /* ties: the first, the smallest id */
			bestc = j - i;
			e->attributed_to = att[i];
		}
		i = j;
	}
	free(att);
	e->series = -1;
}

/* Coarse time key for the event id: the day when the event is known to the
 * day, else the month of its latest (or earliest) date, else "undated". */
static void
graph_time_key(const dl_gevent *e, char out[16])
{
	const char *d = e->time.latest[0] ? e->time.latest : e->time.earliest;
	if (strlen(e->time.earliest) >= 10 && strlen(e->time.latest) >= 10 &&
	    strncmp(e->time.earliest, e->time.latest, 10) == 0)
		snprintf(out, 16, "%.10s", e->time.earliest);
	else if (strlen(d) >= 7)
		snprintf(out, 16, "%.7s", d);
	else
		snprintf(out, 16, "undated");
}

static void
graph_event_id(dl_graph *g, dl_gevent *e)
{
	dl_buf b = {0};
	char tkey[16];

	const dl_atom *first = &g->atoms[e->atoms[0]];
	buf_printf(&b, "%.3s|", e->action.code);
	if (first->pty) {        /* symmetric: the parties, not the direction */
		for (int i = 0; i < first->npty; i++)
			buf_printf(&b, "%s%s", i ? "," : "", g->actors[first->pty[i]].id);
		buf_puts(&b, "|<->");
	} else {
		for (int i = 0; i < e->nsrc; i++)
			buf_printf(&b, "%s%s", i ? "," : "", g->actors[e->src[i]].id);
		buf_puts(&b, "|");
		for (int i = 0; i < e->ntgt; i++)
			buf_printf(&b, "%s%s", i ? "," : "", g->actors[e->tgt[i]].id);
	}
	graph_time_key(e, tkey);
	buf_printf(&b, "|%d|%d|%s", events_status_class(e->status), e->ordinal,
		   tkey);
	e->id = arena_printf(g->arena, "ev-%016llx",
			     (unsigned long long)util_hash64(b.p, b.len, 0));
	buf_free(&b);
}

/* Time order: earliest, latest (undated last), then id, then evidence. */
static int
graph_event_order(const dl_gevent *a, const dl_gevent *b)
{
	int c;
	int ua = !a->time.earliest[0] && !a->time.latest[0];
	int ub = !b->time.earliest[0] && !b->time.latest[0];
	if (ua != ub)
		return ua - ub;
	if ((c = graph_end_cmp(a->time.earliest, b->time.earliest, 0)) != 0)
		return c;
	if ((c = graph_end_cmp(a->time.latest, b->time.latest, 1)) != 0)
		return c;
	if ((c = strcmp(a->id, b->id)) != 0)
		return c;
	return graph_atom_evidence_cmp(&a->atoms[0], &b->atoms[0]);
}

static int
graph_event_cmp(const void *a, const void *b)
{
	return graph_event_order(a, b);
}

/* The ends of every distinct time, ranked in graph_time_cmp order (equal
 * ends share a rank); per atom its width and the ranks of its ends (-1
 * when unknown).  *nranks gets the number of ranks. */
typedef struct {
	const char *s;
	int         latest;
	int         u;
} graph_end;

static int
graph_end_sort(const void *pa, const void *pb)
{
	const graph_end *a = pa, *b = pb;
	return graph_time_cmp(a->s, a->latest, b->s, b->latest);
}

static int
graph_ptr_cmp(const void *pa, const void *pb)
{
	uintptr_t a = (uintptr_t)*(const void *const *)pa;
	uintptr_t b = (uintptr_t)*(const void *const *)pb;
	return (a > b) - (a < b);
}

static graph_tkey *
graph_time_keys(const dl_graph *g, int *nranks)
{
	size_t n = g->natoms, nu = 0, ne = 0;
	const dl_time **u = xmalloc((n + 1) * sizeof *u);
	graph_tkey *k = xmalloc((n + 1) * sizeof *k);

	for (size_t i = 0; i < n; i++)
		u[i] = g->atoms[i].time;
	graph_sort(u, n, sizeof *u, graph_ptr_cmp);
	for (size_t i = 0; i < n; i++)
		if (nu == 0 || u[nu - 1] != u[i])
			u[nu++] = u[i];
	graph_end *e = xmalloc((2 * nu + 1) * sizeof *e);
	graph_tkey *uk = xmalloc((nu + 1) * sizeof *uk);
	for (size_t i = 0; i < nu; i++) {
		uk[i] = (graph_tkey){graph_time_width(u[i]), -1, -1};
		if (u[i]->earliest[0])
			e[ne++] = (graph_end){u[i]->earliest, 0, (int)i};
		if (u[i]->latest[0])
			e[ne++] = (graph_end){u[i]->latest, 1, (int)i};
	}
	graph_sort(e, ne, sizeof *e, graph_end_sort);
	int r = -1;
	for (size_t j = 0; j < ne; j++) {
		if (j == 0 || graph_end_sort(&e[j - 1], &e[j]) != 0)
			r++;
		if (e[j].latest)
			uk[e[j].u].l = r;
		else
			uk[e[j].u].e = r;
	}
	*nranks = r + 1;
	for (size_t i = 0; i < n; i++) {
		const dl_time **f = bsearch(&g->atoms[i].time, u, nu, sizeof *u,
					    graph_ptr_cmp);
		k[i] = uk[f - u];
	}
	free(e);
	free(uk);
	free(u);
	return k;
}

/* First fit within a group of atoms: the first cluster (in order of
 * creation) whose ordinal is compatible and whose interval [ce, cl] meets
 * the atom's [ae, al] (ranks; unknown ends -1 and nranks).  A segment tree
 * over the cluster numbers keeps, for every range, the smallest ce and the
 * largest cl below it, so a range whose clusters all end before the atom
 * or all start after it is skipped whole.  Trees: 0 every cluster (atoms
 * without an ordinal fit any), 1 clusters without an ordinal, 2 + i the
 * clusters of the i-th ordinal of the group. */
typedef struct {
	int lo, hi;       /* smallest ce, largest cl below; node 0: empty */
	int kid[2];
} gseg;

typedef struct {
	gseg   *n;
	size_t  nn, cap;
	int     size;     /* leaves [0, size) */
	int    *ce, *cl, *tree;   /* per cluster of the group */
	int    *ords, *roots;     /* the group's ordinals, sorted; tree roots */
} gfit;

static int
gseg_set(gfit *f, int node, int l, int r, int pos, int lo, int hi)
{
	if (node == 0) {
		if (f->nn == f->cap) {
			f->cap = f->cap ? f->cap * 2 : 256;
			f->n = xrealloc(f->n, f->cap * sizeof *f->n);
		}
		node = (int)f->nn++;
		f->n[node] = (gseg){INT_MAX, INT_MIN, {0, 0}};
	}
	if (r - l == 1) {
		f->n[node].lo = lo;
		f->n[node].hi = hi;
		return node;
	}
	int mid = l + (r - l) / 2, side = pos >= mid;
	int kid = gseg_set(f, f->n[node].kid[side], side ? mid : l,
			   side ? r : mid, pos, lo, hi);
	gseg *s = &f->n[node];    /* (the pool may have moved) */
	s->kid[side] = kid;
	const gseg *a = &f->n[s->kid[0]], *b = &f->n[s->kid[1]];
	s->lo = a->lo < b->lo ? a->lo : b->lo;
	s->hi = a->hi > b->hi ? a->hi : b->hi;
	return node;
}

static int
gseg_first(const gfit *f, int node, int l, int r, int ae, int al)
{
	if (node == 0 || f->n[node].lo > al || f->n[node].hi < ae)
		return -1;
	if (r - l == 1)
		return l;
	int mid = l + (r - l) / 2;
	int k = gseg_first(f, f->n[node].kid[0], l, mid, ae, al);
	return k >= 0 ? k : gseg_first(f, f->n[node].kid[1], mid, r, ae, al);
}

/* The tree of ordinal x (1 for none). */
static int
gfit_tree(const gfit *f, size_t nords, int x)
{
	size_t lo = 0, hi = nords;
	if (x == 0)
		return 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (f->ords[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 2 + (int)lo;
}

/* Cluster the m atoms ids (one group, canonical order): out[k] gets the
 * cluster of ids[k], numbered from base.  Returns the number of clusters. */
static size_t
graph_fit_group(gfit *f, const dl_graph *g, const graph_tkey *tk, int nranks,
		const int *ids, size_t m, int *out, size_t base)
{
	size_t no = 0, nc = 0;

	for (size_t k = 0; k < m; k++)
		if (g->atoms[ids[k]].ordinal)
			f->ords[no++] = g->atoms[ids[k]].ordinal;
	no = (size_t)graph_int_uniq(f->ords, (int)no);
	memset(f->roots, 0, (no + 2) * sizeof *f->roots);
	if (f->cap == 0) {
		f->cap = 256;
		f->n = xmalloc(f->cap * sizeof *f->n);
	}
	f->n[0] = (gseg){INT_MAX, INT_MIN, {0, 0}};   /* "none" */
	f->nn = 1;
	for (f->size = 1; (size_t)f->size < m; f->size *= 2)
		;
	for (size_t k = 0; k < m; k++) {
		const dl_atom *a = &g->atoms[ids[k]];
		int ae = tk[ids[k]].e, al = tk[ids[k]].l < 0 ? nranks : tk[ids[k]].l;
		int t = gfit_tree(f, no, a->ordinal), c;
		c = gseg_first(f, f->roots[a->ordinal ? 1 : 0], 0, f->size, ae, al);
		if (a->ordinal) {
			int cx = gseg_first(f, f->roots[t], 0, f->size, ae, al);
			if (c < 0 || (cx >= 0 && cx < c))
				c = cx;
		}
		if (c < 0) {
			c = (int)nc++;
			f->ce[c] = -1;
			f->cl[c] = nranks;
			f->tree[c] = t;
		} else if (f->tree[c] == 1 && t != 1) {
			/* a cluster without an ordinal takes the atom's */
			f->roots[1] = gseg_set(f, f->roots[1], 0, f->size, c,
					       INT_MAX, INT_MIN);
			f->tree[c] = t;
		}
		if (ae > f->ce[c])
			f->ce[c] = ae;
		if (al < f->cl[c])
			f->cl[c] = al;
		f->roots[0] = gseg_set(f, f->roots[0], 0, f->size, c, f->ce[c], f->cl[c]);
		t = f->tree[c];
		f->roots[t] = gseg_set(f, f->roots[t], 0, f->size, c, f->ce[c], f->cl[c]);
		out[k] = (int)(base + (size_t)c);
	}
	return nc;
}

/* The events of the clusters: atom ord[i] (canonical order) is in
 * cluster cl[i]. */
static void
graph_events(dl_graph *g, const int *ord, const int *cl, size_t nc)
{
	size_t n = g->natoms;
	size_t *cnt = xcalloc(nc + 1, sizeof *cnt);

	for (size_t i = 0; i < n; i++)
		cnt[cl[i]]++;
	g->nevents = nc;
	g->events = arena_alloc(g->arena, (nc + 1) * sizeof *g->events);
	for (size_t k = 0; k < nc; k++)
		g->events[k].atoms = arena_alloc(g->arena, cnt[k] * sizeof(int));
	free(cnt);
	for (size_t i = 0; i < n; i++) {
		dl_gevent *e = &g->events[cl[i]];
		e->atoms[e->natoms++] = ord[i];
	}
	for (size_t k = 0; k < nc; k++) {
		graph_make_event(g, &g->events[k]);
		graph_sort(g->events[k].atoms, g->events[k].natoms, sizeof(int),
		      graph_atom_evidence_cmp);
		graph_event_id(g, &g->events[k]);
	}
	graph_sort(g->events, nc, sizeof *g->events, graph_event_cmp);
	/* equal ids: suffix -2, -3 ... in time order */
	{
		gmap seen = {0};
		char **base = xmalloc((nc + 1) * sizeof *base);
		for (size_t k = 0; k < nc; k++)
			base[k] = g->events[k].id;
		for (size_t k = 0; k < nc; k++) {
			int times = gmap_get(&seen, base[k]);
			times = times < 0 ? 1 : times + 1;
			gmap_put(&seen, base[k], times);
			if (times > 1)
				g->events[k].id = arena_printf(g->arena, "%s-%d",
							       base[k], times);
		}
		free(seen.e);
		free(base);
	}
	for (size_t k = 0; k < nc; k++)
		for (size_t j = 0; j < g->events[k].natoms; j++)
			g->atoms[g->events[k].atoms[j]].event = (int)k;
}

/* Cluster the atoms into events (see 2. above). */
static void
graph_cluster(dl_graph *g)
{
	size_t n = g->natoms, nc = 0;
	int *ord = xmalloc((n + 1) * sizeof *ord);
	int *cl = xmalloc((n + 1) * sizeof *cl);
	int nranks;
	gfit f;

	memset(&f, 0, sizeof f);
	for (size_t i = 0; i < n; i++) {
		ord[i] = (int)i;
		graph_parties(g, &g->atoms[i]);
	}
	graph_tkey *tk = graph_time_keys(g, &nranks);
	graph_sorting = g;
	graph_tkeys = tk;
	graph_sort(ord, n, sizeof *ord, graph_atom_canon_cmp);
	f.ce = xmalloc((n + 1) * sizeof *f.ce);
	f.cl = xmalloc((n + 1) * sizeof *f.cl);
	f.tree = xmalloc((n + 1) * sizeof *f.tree);
	f.ords = xmalloc((n + 1) * sizeof *f.ords);
	f.roots = xmalloc((n + 2) * sizeof *f.roots);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && graph_atom_group_cmp(&g->atoms[ord[j]],
						     &g->atoms[ord[j - 1]]) == 0)
			j++;
		nc += graph_fit_group(&f, g, tk, nranks, ord + i, j - i, cl + i, nc);
		i = j;
	}
	free(f.n);
	free(f.ce);
	free(f.tree);
	free(f.ords);
	free(f.roots);
	free(tk);
	graph_tkeys = NULL;
	free(f.cl);
	graph_events(g, ord, cl, nc);
	free(cl);
	free(ord);
}

/* ------------------------------------------------------------ finish: series */

static int
graph_uf_find(int *p, int x)
{
	while (p[x] != x) {
		p[x] = p[p[x]];
		x = p[x];
	}
	return x;
}

static int
graph_series_member_cmp(const void *pa, const void *pb)
{
	const dl_gevent *a = &graph_sorting->events[*(const int *)pa];
	const dl_gevent *b = &graph_sorting->events[*(const int *)pb];
	if (a->ordinal != b->ordinal)
		return a->ordinal < b->ordinal ? -1 : 1;
	return graph_int_cmp(pa, pb);   /* event index = time order */
}

static int
graph_series_cmp(const void *a, const void *b)
{
	return strcmp(((const dl_gseries *)a)->id, ((const dl_gseries *)b)->id);
}

static void
graph_series(dl_graph *g)
{
	size_t n = g->nevents;
	int *p = xmalloc((n + 1) * sizeof *p);
	int *head = xmalloc((n + 1) * sizeof *head);
	int *sidx = xmalloc((n + 1) * sizeof *sidx);

	for (size_t i = 0; i < n; i++)
		p[i] = (int)i;
	for (size_t i = 0; i < g->natoms; i++) {
		const dl_atom *a = &g->atoms[i];
		if (a->series_of == NULL)
			continue;
		int h = graph_atom_find(g, a->doc, a->series_of);
		if (h < 0 || g->atoms[h].event < 0)
			continue;
		int x = graph_uf_find(p, a->event), y = graph_uf_find(p, g->atoms[h].event);
		if (x != y)
			p[x < y ? y : x] = x < y ? x : y;
	}
	/* the head of a component: highest ordinal, not implied, smallest id */
	for (size_t i = 0; i < n; i++)
		head[i] = -1;
	for (size_t i = 0; i < n; i++) {
		const dl_gevent *e = &g->events[i];
		int r = graph_uf_find(p, (int)i);
		if (e->ordinal <= 0)
			continue;
		const dl_gevent *h = head[r] >= 0 ? &g->events[head[r]] : NULL;
		int ei = e->status != ST_IMPLIED, hi = h && h->status != ST_IMPLIED;
		if (h == NULL || ei > hi || (ei == hi && (e->ordinal > h->ordinal ||
		    (e->ordinal == h->ordinal && strcmp(e->id, h->id) < 0))))
			head[r] = (int)i;
	}
	g->nseries = 0;
	for (size_t i = 0; i < n; i++)
		if (head[i] >= 0 && graph_uf_find(p, (int)i) == (int)i)
			g->nseries++;
	g->series = arena_alloc(g->arena, (g->nseries + 1) * sizeof *g->series);
	size_t s = 0;
	for (size_t i = 0; i < n; i++) {
		sidx[i] = -1;
		if (head[i] < 0 || graph_uf_find(p, (int)i) != (int)i)
			continue;
		dl_gseries *se = &g->series[s];
		const dl_gevent *h = &g->events[head[i]];
		se->id = arena_printf(g->arena, "s-%s", h->id + 3);
		for (size_t j = 0; j < h->natoms && !se->window[0]; j++)
			if (g->atoms[h->atoms[j]].window)
				snprintf(se->window, sizeof se->window, "%s",
					 g->atoms[h->atoms[j]].window);
		sidx[i] = (int)s++;
	}
	for (size_t i = 0; i < n; i++) {       /* members: count, then fill */
		int r = graph_uf_find(p, (int)i);
		if (sidx[r] >= 0)
			g->series[sidx[r]].nevents++;
	}
	for (size_t k = 0; k < g->nseries; k++) {
		g->series[k].events = arena_alloc(g->arena,
			g->series[k].nevents * sizeof(int) + 1);
		g->series[k].nevents = 0;
	}
	for (size_t i = 0; i < n; i++) {
		int r = graph_uf_find(p, (int)i);
		if (sidx[r] < 0)
			continue;
		dl_gseries *se = &g->series[sidx[r]];
		se->events[se->nevents++] = (int)i;
	}
	graph_sorting = g;
	for (size_t k = 0; k < g->nseries; k++)
		graph_sort(g->series[k].events, g->series[k].nevents, sizeof(int),
		      graph_series_member_cmp);
	graph_sort(g->series, g->nseries, sizeof *g->series, graph_series_cmp);
	for (size_t k = 0; k < g->nseries; k++)
		for (size_t j = 0; j < g->series[k].nevents; j++)
			g->events[g->series[k].events[j]].series = (int)k;
	free(p);
	free(head);
	free(sidx);
}

/* ------------------------------------------------------------ finish: timelines */

typedef struct {
	int a, b, ev;
} graph_triple;

static int
graph_triple_cmp(const void *pa, const void *pb)
{
	const graph_triple *x = pa, *y = pb;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	return (x->ev > y->ev) - (x->ev < y->ev);
}

static size_t
graph_triple_uniq(graph_triple *t, size_t n)
{
	size_t j = 0;
	graph_sort(t, n, sizeof *t, graph_triple_cmp);
	for (size_t i = 0; i < n; i++)
		if (j == 0 || graph_triple_cmp(&t[j - 1], &t[i]) != 0)
			t[j++] = t[i];
	return j;
}

/* Timelines from (a, b, event) triples grouped by (a, b); b = -1 for actors. */
static void
graph_add_timelines(dl_graph *g, graph_triple *t, size_t n, size_t *out)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && t[j].a == t[i].a && t[j].b == t[i].b)
			j++;
		dl_timeline *tl = &g->timelines[(*out)++];
		tl->actor = t[i].b < 0 ? t[i].a : -1;
		tl->dyad[0] = t[i].b < 0 ? -1 : t[i].a;
		tl->dyad[1] = t[i].b;
		tl->nevents = j - i;
		tl->events = arena_alloc(g->arena, (j - i) * sizeof(int));
		for (size_t k = i; k < j; k++)
			tl->events[k - i] = t[k].ev;
		i = j;
	}
}

static int
graph_dated(const dl_gevent *e)
{
	return e->time.earliest[0] && e->time.latest[0];
}

static int
graph_relation_cmp(const void *pa, const void *pb)
{
	const dl_relation *a = pa, *b = pb;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->to != b->to)
		return a->to < b->to ? -1 : 1;
	return (a->type > b->type) - (a->type < b->type);
}

static void
graph_timelines(dl_graph *g)
{
	size_t na = 0, nd = 0, capa = 16, capd = 16;
	graph_triple *ta = xmalloc(capa * sizeof *ta);
	graph_triple *td = xmalloc(capd * sizeof *td);

	for (size_t i = 0; i < g->nevents; i++) {
		const dl_gevent *e = &g->events[i];
		for (int k = 0; k < e->nsrc + e->ntgt; k++) {
			int a = k < e->nsrc ? e->src[k] : e->tgt[k - e->nsrc];
			if (na == capa)
				ta = xrealloc(ta, (capa *= 2) * sizeof *ta);
			ta[na++] = (graph_triple){a, -1, (int)i};
		}
		for (int s = 0; s < e->nsrc; s++)
			for (int t = 0; t < e->ntgt; t++) {
				int x = e->src[s], y = e->tgt[t];
				if (x == y)
					continue;
				if (nd == capd)
					td = xrealloc(td, (capd *= 2) * sizeof *td);
				td[nd++] = (graph_triple){x < y ? x : y, x < y ? y : x,
							  (int)i};
			}
	}
	na = graph_triple_uniq(ta, na);
	nd = graph_triple_uniq(td, nd);
	size_t nt = 0;
	for (size_t i = 0; i < na; i++)
		if (i == 0 || ta[i].a != ta[i - 1].a)
			nt++;
	for (size_t i = 0; i < nd; i++)
		if (i == 0 || td[i].a != td[i - 1].a ||
		    td[i].b != td[i - 1].b)
			nt++;
	g->timelines = arena_alloc(g->arena, (nt + 1) * sizeof *g->timelines);
	g->ntimelines = 0;
	graph_add_timelines(g, ta, na, &g->ntimelines);
	graph_add_timelines(g, td, nd, &g->ntimelines);
	free(ta);
	free(td);

	/* relations: consecutive dated events of every timeline and series */
	size_t nr = 0, capr = 16;
	dl_relation *r = xmalloc(capr * sizeof *r);
	for (size_t t = 0; t < g->ntimelines + g->nseries; t++) {
		int *ev;
		size_t nev;
		if (t < g->ntimelines) {
			ev = g->timelines[t].events;
			nev = g->timelines[t].nevents;
		} else {
			ev = g->series[t - g->ntimelines].events;
			nev = g->series[t - g->ntimelines].nevents;
		}
		int prev = -1;
		for (size_t k = 0; k < nev; k++) {
			const dl_gevent *e = &g->events[ev[k]];
			if (t < g->ntimelines && !graph_dated(e))
				continue;
			if (prev >= 0) {
				dl_relation rel;
				const dl_gevent *p = &g->events[prev];
				if (t >= g->ntimelines)
					rel = (dl_relation){REL_SAME_SERIES,
						prev < ev[k] ? prev : ev[k],
						prev < ev[k] ? ev[k] : prev};
				else if (graph_time_cmp(p->time.latest, 1,
							e->time.earliest, 0) < 0)
					rel = (dl_relation){REL_BEFORE, prev, ev[k]};
				else
					rel = (dl_relation){REL_OVERLAP,
						prev < ev[k] ? prev : ev[k],
						prev < ev[k] ? ev[k] : prev};
				if (nr == capr)
					r = xrealloc(r, (capr *= 2) * sizeof *r);
				r[nr++] = rel;
			}
			prev = ev[k];
		}
	}
	graph_sort(r, nr, sizeof *r, graph_relation_cmp);
	g->relations = arena_alloc(g->arena, (nr + 1) * sizeof *r);
	g->nrelations = 0;
	for (size_t i = 0; i < nr; i++)
		if (i == 0 || graph_relation_cmp(&r[i - 1], &r[i]) != 0)
			g->relations[g->nrelations++] = r[i];
	free(r);
}

/* ------------------------------------------------------------ finish */

void
graph_finish(dl_graph *g)
{
	if (g->finished)
		return;
	g->finished = 1;
	graph_finish_docs(g);
	graph_finish_actors(g);
	graph_cluster(g);
	graph_series(g);
	graph_timelines(g);
}

/* ------------------------------------------------------------ summaries */

static const char *
graph_short_name(const dl_actor *a)
{
	const char *sp;
	if (a->type == ACT_PERSON && a->name && (sp = strrchr(a->name, ' ')) != NULL)
		return sp + 1;
	return a->name ? a->name : a->id;
}

void
graph_event_summary(const dl_graph *g, const dl_gevent *e, dl_buf *b)
{
	size_t len0 = b->len;
	for (int i = 0; i < e->nsrc; i++) {
		buf_puts(b, i ? ", " : "");
		buf_puts(b, graph_short_name(&g->actors[e->src[i]]));
	}
	if (e->ntgt) {
		buf_puts(b, e->nsrc ? " \xe2\x86\x92 " : "\xe2\x86\x92 ");
		for (int i = 0; i < e->ntgt; i++) {
			buf_puts(b, i ? ", " : "");
			buf_puts(b, graph_short_name(&g->actors[e->tgt[i]]));
		}
	}
	if (b->len > len0)
		buf_puts(b, ": ");
	buf_puts(b, e->action.label && *e->action.label ? e->action.label :
		 e->action.code);
	if (e->status != ST_OCCURRED)
		buf_printf(b, " (%s)", events_status_name(e->status));
}
