/*
 * graph.c - merge the events of many articles into one graph.
 *
 * Adding (graph_add_article, graph_add_timeline) collects documents, actors
 * and evidence atoms.  graph_finish turns them into the final model:
 *
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
 *     frequent one (then the longest).
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
 * so merge is associative and commutative: documents are deduplicated by id
 * (conflicting metadata: the smallest value wins), atoms by (document, key)
 * (a report seen twice with different content: the smaller content wins),
 * and every evidence entry of the JSON carries its atom's own data.  One
 * known limit: a surname-only actor folded in a partial merge stays folded
 * even if a later batch brings a second full name with that surname.
 */
#include "dipline.h"

#include <jansson.h>
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

struct graph_index {
	gmap docs;     /* document id -> index */
	gmap actors;   /* actor id -> index */
	gmap atoms;    /* "DOCID\037KEY" -> atom index */
	gmap strs;     /* interned strings -> index into strv */
	const char **strv;
	size_t nstrv, capstrv;
};

/* An interned copy of s in the graph arena (labels, anchors, codes). */
static const char *
graph_intern(dl_graph *g, const char *s)
{
	if (s == NULL)
		return NULL;
	struct graph_index *x = g->idx;
	int i = gmap_get(&x->strs, s);
	if (i >= 0)
		return x->strv[i];
	if (x->nstrv == x->capstrv)
		x->strv = arena_grow(g->arena, x->strv, sizeof *x->strv, &x->capstrv);
	char *c = arena_strdup(g->arena, s);
	x->strv[x->nstrv] = c;
	gmap_put(&x->strs, c, (int)x->nstrv);
	x->nstrv++;
	return c;
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
	free(x->atoms.e);
	free(x->strs.e);
	free(x);
}

void
graph_free(dl_graph *g)
{
	if (g == NULL)
		return;
	graph_index_free(g->idx);
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

/* Does [ae, al] intersect [be, bl]?  "" ends are unknown (open). */
static int
graph_time_meets(const char *ae, const char *al, const char *be, const char *bl)
{
	if (ae[0] && bl[0] && graph_time_cmp(ae, 0, bl, 1) > 0)
		return 0;
	if (be[0] && al[0] && graph_time_cmp(be, 0, al, 1) > 0)
		return 0;
	return 1;
}

static void
graph_copy_time(dl_graph *g, dl_time *d, const dl_time *s)
{
	*d = *s;
	d->value[sizeof d->value - 1] = '\0';
	d->type[sizeof d->type - 1] = '\0';
	d->earliest[sizeof d->earliest - 1] = '\0';
	d->latest[sizeof d->latest - 1] = '\0';
	d->granularity[sizeof d->granularity - 1] = '\0';
	d->mod[sizeof d->mod - 1] = '\0';
	d->text = s->text ? arena_strdup(g->arena, s->text) : NULL;
	d->anchor = graph_intern(g, s->anchor);
}

/* ------------------------------------------------------------ adding */

static int
graph_doc(dl_graph *g, const char *id, const char *title, const char *url,
	  const char *source, const char *published)
{
	int i = gmap_get(&g->idx->docs, id);
	dl_gdoc *d;

	if (i < 0) {
		if (g->ndocs == g->capdocs)
			g->docs = arena_grow(g->arena, g->docs, sizeof *g->docs,
					     &g->capdocs);
		i = (int)g->ndocs++;
		d = &g->docs[i];
		memset(d, 0, sizeof *d);
		d->id = arena_strdup(g->arena, id);
		gmap_put(&g->idx->docs, d->id, i);
	}
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
	return i;
}

static void
graph_strset_add(dl_graph *g, char ***v, size_t *n, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return;
	char **nv = arena_alloc(g->arena, (*n + 1) * sizeof *nv);
	if (*n)
		memcpy(nv, *v, *n * sizeof *nv);
	nv[*n] = (char *)graph_intern(g, s);
	*v = nv;
	(*n)++;
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
	a = &g->actors[i];
	if (graph_better_name(name, a->name))
		a->name = (char *)graph_intern(g, name);
	/* every name seen is an alias; the display name is removed at finish */
	graph_strset_add(g, &a->aliases, &a->naliases, name);
	if (type < a->type)
		a->type = type;
	if (country && *country && (a->country[0] == '\0' ||
				    strcmp(country, a->country) < 0))
		snprintf(a->country, sizeof a->country, "%s", country);
	for (size_t k = 0; k < nroles; k++)
		graph_strset_add(g, &a->roles, &a->nroles, roles[k]);
	for (size_t k = 0; k < naliases; k++)
		graph_strset_add(g, &a->aliases, &a->naliases, aliases[k]);
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
	if ((c = strcmp(a->time.earliest, b->time.earliest)) != 0 ||
	    (c = strcmp(a->time.latest, b->time.latest)) != 0 ||
	    (c = strcmp(a->time.value, b->time.value)) != 0 ||
	    (c = strcmp(a->time.type, b->time.type)) != 0 ||
	    (c = strcmp(a->time.granularity, b->time.granularity)) != 0 ||
	    (c = strcmp(a->time.mod, b->time.mod)) != 0 ||
	    (c = graph_nstrcmp(a->time.text, b->time.text)) != 0 ||
	    (c = graph_nstrcmp(a->time.anchor, b->time.anchor)) != 0 ||
	    (c = graph_nstrcmp(a->trigger, b->trigger)) != 0 ||
	    (c = strcmp(a->window, b->window)) != 0 ||
	    (c = graph_nstrcmp(a->series_of, b->series_of)) != 0 ||
	    (c = graph_nstrcmp(a->action.label, b->action.label)) != 0 ||
	    (c = graph_nstrcmp(a->action.plover, b->action.plover)) != 0)
		return c;
	if (a->action.quad_class != b->action.quad_class)
		return a->action.quad_class < b->action.quad_class ? -1 : 1;
	if (a->action.goldstein != b->action.goldstein)
		return a->action.goldstein < b->action.goldstein ? -1 : 1;
	return 0;
}

/* Add an atom unless one with the same document and key exists.  The
 * atom's strings must already belong to the graph. */
static void
graph_atom(dl_graph *g, const dl_atom *at)
{
	const char *docid = g->docs[at->doc].id;
	char *k = arena_printf(g->arena, "%s\037%s", docid, at->key);
	int old = gmap_get(&g->idx->atoms, k);
	if (old >= 0) {
		/* the same report seen twice: keep the smaller content, so
		 * that which one stays does not depend on the order of adding */
		if (graph_atom_content_cmp(g, at, &g->atoms[old]) < 0) {
			g->atoms[old] = *at;
			g->atoms[old].event = -1;
		}
		return;
	}
	if (g->natoms == g->capatoms)
		g->atoms = arena_grow(g->arena, g->atoms, sizeof *g->atoms,
				      &g->capatoms);
	int i = (int)g->natoms++;
	g->atoms[i] = *at;
	g->atoms[i].event = -1;
	gmap_put(&g->idx->atoms, k, i);
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

static void
graph_copy_cameo(dl_graph *g, dl_cameo *d, const dl_cameo *s)
{
	memset(d, 0, sizeof *d);
	snprintf(d->code, sizeof d->code, "%s", s->code);
	d->label = graph_intern(g, s->label ? s->label : "");
	d->plover = graph_intern(g, s->plover ? s->plover : "");
	d->quad_class = s->quad_class;
	d->goldstein = s->goldstein;
}

void
graph_add_article(dl_graph *g, const dl_article *art)
{
	const char *docid = art->id && *art->id ? art->id :
		(art->origin ? art->origin : "");
	int doc = graph_doc(g, docid, art->title, art->url, art->source,
			    art->published);
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
		graph_copy_cameo(g, &at.action, e->cameo);
		at.trigger = e->trigger ? arena_strdup(g->arena, e->trigger) : NULL;
		at.src = arena_alloc(g->arena, (size_t)(e->nsrc + 1) * sizeof(int));
		at.tgt = arena_alloc(g->arena, (size_t)(e->ntgt + 1) * sizeof(int));
		for (int k = 0; k < e->nsrc && k < 4; k++)
			if (e->src[k] >= 0 && (size_t)e->src[k] < art->nactors)
				at.src[at.nsrc++] = amap[e->src[k]];
		for (int k = 0; k < e->ntgt && k < 4; k++)
			if (e->tgt[k] >= 0 && (size_t)e->tgt[k] < art->nactors)
				at.tgt[at.ntgt++] = amap[e->tgt[k]];
		at.status = e->status;
		at.attributed_to = e->attributed_to >= 0 &&
			(size_t)e->attributed_to < art->nactors ?
			amap[e->attributed_to] : -1;
		graph_copy_time(g, &at.time, &e->time);
		at.ordinal = e->series_ordinal;
		snprintf(at.window, sizeof at.window, "%s", e->series_window);
		if (e->series_of >= 0 && (size_t)e->series_of < art->nevents &&
		    (size_t)e->series_of != i &&
		    art->events[e->series_of].cameo != NULL)
			at.series_of = keys[e->series_of];
		at.key = keys[i];
		graph_atom(g, &at);
	}
}

/* ------------------------------------------------------------ timelines in */

static const char *
graph_jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
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

static void
graph_jtime(dl_graph *g, json_t *t, dl_time *d)
{
	const char *s;
	memset(d, 0, sizeof *d);
	if (!json_is_object(t))
		return;
#define GRAPH_JF(field) \
	if ((s = graph_jstr(t, #field)) != NULL) \
		snprintf(d->field, sizeof d->field, "%s", s);
	GRAPH_JF(value)
	GRAPH_JF(type)
	GRAPH_JF(earliest)
	GRAPH_JF(latest)
	GRAPH_JF(granularity)
	GRAPH_JF(mod)
#undef GRAPH_JF
	if ((s = graph_jstr(t, "text")) != NULL)
		d->text = arena_strdup(g->arena, s);
	d->anchor = graph_intern(g, graph_jstr(t, "anchor"));
}

static char **
graph_jstrv(dl_graph *g, json_t *a, size_t *n)
{
	size_t i, m = json_array_size(a);
	char **v = arena_alloc(g->arena, (m + 1) * sizeof *v);
	json_t *x;
	*n = 0;
	json_array_foreach(a, i, x)
		if (json_is_string(x))
			v[(*n)++] = (char *)json_string_value(x);
	return v;
}

/* Check the shape of a timeline before adding anything from it. */
static const char *
graph_jcheck(json_t *root)
{
	json_t *v, *e, *x;
	size_t i, k;

	if (!json_is_object(root))
		return "the top level is not an object";
	if (!json_is_string(json_object_get(root, "dipline")))
		return "no \"dipline\" format version";
	if (strncmp(json_string_value(json_object_get(root, "dipline")), "1.", 2) != 0)
		return "unsupported format version (want 1.x)";
	if (!json_is_array(v = json_object_get(root, "documents")))
		return "no \"documents\" array";
	json_array_foreach(v, i, e)
		if (!json_is_object(e) || !graph_jstr(e, "id"))
			return "a document without an \"id\"";
	if (!json_is_array(v = json_object_get(root, "actors")))
		return "no \"actors\" array";
	json_array_foreach(v, i, e) {
		dl_actor_type t;
		if (!json_is_object(e) || !graph_jstr(e, "id"))
			return "an actor without an \"id\"";
		if (graph_type_parse(graph_jstr(e, "type"), &t) != 0)
			return "an actor with an unknown \"type\"";
	}
	if (!json_is_array(v = json_object_get(root, "events")))
		return "no \"events\" array";
	json_array_foreach(v, i, e) {
		json_t *act = json_object_get(e, "action");
		if (!json_is_object(e) || !json_is_object(act) ||
		    !graph_jstr(act, "cameo"))
			return "an event without an action code";
		if (!json_is_array(json_object_get(e, "source")) ||
		    !json_is_array(json_object_get(e, "target")))
			return "an event without source and target arrays";
		if (!json_is_array(json_object_get(e, "evidence")))
			return "an event without an \"evidence\" array";
		json_array_foreach(json_object_get(e, "evidence"), k, x) {
			dl_status st;
			if (!json_is_object(x) || !graph_jstr(x, "document") ||
			    !json_is_integer(json_object_get(x, "sentence")) ||
			    !json_is_integer(json_object_get(x, "start")) ||
			    !json_is_integer(json_object_get(x, "end")))
				return "evidence without document, sentence, start and end";
			if (json_integer_value(json_object_get(x, "sentence")) < 0 ||
			    json_integer_value(json_object_get(x, "start")) < 0 ||
			    json_integer_value(json_object_get(x, "end")) <
			    json_integer_value(json_object_get(x, "start")))
				return "evidence with a negative or reversed span";
			if (graph_status_parse(graph_jstr(x, "status"), &st) != 0)
				return "evidence with an unknown \"status\"";
		}
	}
	return NULL;
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

/* Add a checked timeline (graph_jcheck passed). */
static void
graph_add_root(dl_graph *g, json_t *root)
{
	json_t *v, *e, *x;
	size_t i, k;

	json_array_foreach(json_object_get(root, "documents"), i, e)
		graph_doc(g, graph_jstr(e, "id"), graph_jstr(e, "title"),
			  graph_jstr(e, "url"), graph_jstr(e, "source"),
			  graph_jstr(e, "published"));
	json_array_foreach(json_object_get(root, "actors"), i, e) {
		dl_actor_type t = ACT_STATE;
		size_t nr, na;
		char **roles = graph_jstrv(g, json_object_get(e, "roles"), &nr);
		char **al = graph_jstrv(g, json_object_get(e, "aliases"), &na);
		graph_type_parse(graph_jstr(e, "type"), &t);
		graph_actor(g, graph_jstr(e, "id"), graph_jstr(e, "name"), t,
			    graph_jstr(e, "country"), roles, nr, al, na);
	}
	v = json_object_get(root, "events");
	json_array_foreach(v, i, e) {
		json_t *act = json_object_get(e, "action");
		json_t *src = json_object_get(e, "source");
		json_t *tgt = json_object_get(e, "target");
		dl_cameo ev_action;
		json_t *y;
		size_t m;

		memset(&ev_action, 0, sizeof ev_action);
		snprintf(ev_action.code, sizeof ev_action.code, "%s",
			 graph_jstr(act, "cameo"));
		ev_action.label = graph_jstr(act, "label");
		ev_action.plover = graph_jstr(act, "plover");
		ev_action.quad_class = (int)json_integer_value(
			json_object_get(act, "quad_class"));
		ev_action.goldstein = json_number_value(
			json_object_get(act, "goldstein"));

		json_array_foreach(json_object_get(e, "evidence"), k, x) {
			dl_atom at;
			const char *code = graph_jstr(x, "cameo");
			const char *s;

			memset(&at, 0, sizeof at);
			at.doc = gmap_get(&g->idx->docs, graph_jstr(x, "document"));
			if (at.doc < 0)
				at.doc = graph_doc(g, graph_jstr(x, "document"),
						   NULL, NULL, NULL, NULL);
			at.sentence = (int)json_integer_value(json_object_get(x, "sentence"));
			at.start = (size_t)json_integer_value(json_object_get(x, "start"));
			at.end = (size_t)json_integer_value(json_object_get(x, "end"));
			if (json_object_get(x, "label") != NULL && code != NULL) {
				dl_cameo c;
				memset(&c, 0, sizeof c);
				snprintf(c.code, sizeof c.code, "%s", code);
				c.label = graph_jstr(x, "label");
				c.plover = graph_jstr(x, "plover");
				c.quad_class = (int)json_integer_value(
					json_object_get(x, "quad_class"));
				c.goldstein = json_number_value(
					json_object_get(x, "goldstein"));
				graph_copy_cameo(g, &at.action, &c);
			} else if (code == NULL || strcmp(code, ev_action.code) == 0)
				graph_copy_cameo(g, &at.action, &ev_action);
			else if (events_cameo(code) != NULL)
				graph_copy_cameo(g, &at.action, events_cameo(code));
			else {
				dl_cameo c = {{0}, "", "", ev_action.quad_class, 0};
				snprintf(c.code, sizeof c.code, "%s", code);
				graph_copy_cameo(g, &at.action, &c);
			}
			if ((s = graph_jstr(x, "trigger")) != NULL)
				at.trigger = arena_strdup(g->arena, s);
			else if ((s = graph_jstr(act, "trigger")) != NULL)
				at.trigger = arena_strdup(g->arena, s);
			json_t *asrc = src, *atgt = tgt;
			if (json_is_array(json_object_get(x, "source")) &&
			    json_is_array(json_object_get(x, "target"))) {
				asrc = json_object_get(x, "source");
				atgt = json_object_get(x, "target");
			}
			at.src = arena_alloc(g->arena, (json_array_size(asrc) + 1) * sizeof(int));
			at.tgt = arena_alloc(g->arena, (json_array_size(atgt) + 1) * sizeof(int));
			json_array_foreach(asrc, m, y)
				if (json_is_string(y))
					at.src[at.nsrc++] = graph_jactor(g, json_string_value(y));
			json_array_foreach(atgt, m, y)
				if (json_is_string(y))
					at.tgt[at.ntgt++] = graph_jactor(g, json_string_value(y));
			graph_status_parse(graph_jstr(x, "status"), &at.status);
			at.attributed_to = (s = graph_jstr(x, "attributed_to")) ?
				graph_jactor(g, s) : -1;
			graph_jtime(g, json_object_get(x, "time"), &at.time);
			at.ordinal = (int)json_integer_value(json_object_get(x, "ordinal"));
			if ((s = graph_jstr(x, "window")) != NULL)
				snprintf(at.window, sizeof at.window, "%s", s);
			if ((s = graph_jstr(x, "series_of")) != NULL)
				at.series_of = arena_strdup(g->arena, s);
			if ((s = graph_jstr(x, "atom")) != NULL)
				at.key = arena_strdup(g->arena, s);
			else
				at.key = arena_printf(g->arena, "%d:%zu:%s:%d",
						      at.sentence, at.start,
						      at.action.code, at.ordinal);
			graph_atom(g, &at);
		}
	}
}

/* JSON Lines as written by -f jsonl: every line an event with the actors
 * and documents it names.  Bad lines are named and skipped. */
static int
graph_add_lines(dl_graph *g, const char *json, size_t len, const char *origin)
{
	int bad = 0;
	long line = 0;

	for (size_t p = 0; p < len;) {
		const char *s = json + p, *nl = memchr(s, '\n', len - p);
		size_t n = nl ? (size_t)(nl - s) : len - p;
		json_error_t err;
		json_t *o, *root;
		const char *why = NULL;

		p += n + 1;
		line++;
		while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n == 0)
			continue;
		if ((o = json_loadb(s, n, 0, &err)) == NULL) {
			util_warn(origin, line, "not a dipline event line: invalid JSON: %s",
				  err.text);
			bad++;
			continue;
		}
		root = json_object();
		json_object_set_new(root, "dipline", json_string(DL_FORMAT_VERSION));
		json_object_set(root, "documents", json_object_get(o, "documents"));
		json_object_set(root, "actors", json_object_get(o, "actors"));
		json_object_set_new(root, "events", json_array());
		if (!json_is_object(o))
			why = "not an object";
		else {
			json_array_append(json_object_get(root, "events"), o);
			why = graph_jcheck(root);
		}
		if (why) {
			util_warn(origin, line, "not a dipline event line: %s", why);
			bad++;
		} else
			graph_add_root(g, root);
		json_decref(root);
		json_decref(o);
	}
	return bad ? -1 : 0;
}

int
graph_add_timeline(dl_graph *g, const char *json, size_t len, const char *origin)
{
	json_error_t err;
	json_t *root;
	const char *why;
	size_t sp = 0;

	/* nothing at all: JSON Lines without a line (-f jsonl of no events) */
	while (sp < len && (json[sp] == ' ' || json[sp] == '\n' ||
			    json[sp] == '\r' || json[sp] == '\t'))
		sp++;
	if (sp == len)
		return 0;
	root = json_loadb(json, len, JSON_DISABLE_EOF_CHECK, &err);

	/* a first value that is an event, not a timeline: JSON Lines */
	if (root && json_is_object(root) && !json_object_get(root, "dipline") &&
	    json_object_get(root, "evidence")) {
		json_decref(root);
		return graph_add_lines(g, json, len, origin);
	}
	json_decref(root);
	if ((root = json_loadb(json, len, 0, &err)) == NULL) {
		util_warn(origin, err.line > 0 ? err.line : 0,
			  "not a dipline timeline: invalid JSON: %s", err.text);
		return -1;
	}
	if ((why = graph_jcheck(root)) != NULL) {
		util_warn(origin, 0, "not a dipline timeline: %s", why);
		json_decref(root);
		return -1;
	}
	graph_add_root(g, root);
	json_decref(root);
	return 0;
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

typedef struct {
	const char *id;
	int         i;
} graph_idpair;

static int
graph_idpair_cmp(const void *a, const void *b)
{
	return strcmp(((const graph_idpair *)a)->id, ((const graph_idpair *)b)->id);
}

static int
graph_str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Remap an actor list through newidx, sorted and unique. */
static void
graph_remap_list(int *v, int *n, const int *newidx)
{
	for (int k = 0; k < *n; k++)
		v[k] = newidx[v[k]];
	*n = graph_int_uniq(v, *n);
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
		dl_actor *a = &g->actors[i], *b = &g->actors[fold[i]];
		for (size_t k = 0; k < a->nroles; k++)
			graph_strset_add(g, &b->roles, &b->nroles, a->roles[k]);
		for (size_t k = 0; k < a->naliases; k++)
			graph_strset_add(g, &b->aliases, &b->naliases, a->aliases[k]);
		graph_strset_add(g, &b->aliases, &b->naliases, a->name);
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
	for (size_t i = 0; i < g->natoms; i++) {
		dl_atom *at = &g->atoms[i];
		graph_remap_list(at->src, &at->nsrc, newidx);
		graph_remap_list(at->tgt, &at->ntgt, newidx);
		if (at->attributed_to >= 0)
			at->attributed_to = newidx[at->attributed_to];
	}
	free(p);
	free(fold);
	free(newidx);
}

/* ------------------------------------------------------------ finish: events */

/* qsort has no context argument; the graph is finished on one thread. */
static const dl_graph *graph_sorting;

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
	at->pty = NULL;
	at->npty = 0;
	if (!graph_symmetric(at->action.code))
		return;
	at->pty = arena_alloc(g->arena, (size_t)(at->nsrc + at->ntgt + 1) * sizeof(int));
	for (int k = 0; k < at->nsrc; k++)
		at->pty[at->npty++] = at->src[k];
	for (int k = 0; k < at->ntgt; k++)
		at->pty[at->npty++] = at->tgt[k];
	at->npty = graph_int_uniq(at->pty, at->npty);
}

static int
graph_atom_group_cmp(const dl_atom *a, const dl_atom *b)
{
	int c;
	if ((c = graph_base_cmp(a->action.code, b->action.code)) != 0)
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
	if ((c = strcmp(a->action.code, b->action.code)) != 0)
		return c;
	if (a->ordinal != b->ordinal)
		return a->ordinal < b->ordinal ? -1 : 1;
	return strcmp(a->key, b->key);
}

static int
graph_atom_canon_cmp(const void *pa, const void *pb)
{
	const dl_atom *a = &graph_sorting->atoms[*(const int *)pa];
	const dl_atom *b = &graph_sorting->atoms[*(const int *)pb];
	int c;
	if ((c = graph_atom_group_cmp(a, b)) != 0)
		return c;
	/* narrow times first: they seed the clusters vaguer ones join */
	long wa = graph_time_width(&a->time), wb = graph_time_width(&b->time);
	if (wa != wb)
		return wa < wb ? -1 : 1;
	if ((c = graph_end_cmp(a->time.earliest, b->time.earliest, 0)) != 0)
		return c;
	if ((c = graph_end_cmp(a->time.latest, b->time.latest, 1)) != 0)
		return c;
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
	long wa = graph_time_width(&a->time), wb = graph_time_width(&b->time);
	if (wa != wb)
		return wa < wb;
	int ra = graph_gran_rank(a->time.granularity);
	int rb = graph_gran_rank(b->time.granularity);
	if (ra != rb)
		return ra < rb;
	return (a->time.earliest[0] != 0) > (b->time.earliest[0] != 0);
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
			if (strcmp(codes[k].a->action.code, a->action.code) == 0)
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
		    (cnt == bestn && (strlen(a->action.code) > strlen(best->action.code) ||
				      (strlen(a->action.code) == strlen(best->action.code) &&
				       strcmp(a->action.code, best->action.code) < 0)))) {
			best = a;
			bestn = cnt;
		}
	}
	free(codes);
	e->action = best->action;
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
		if (a->time.earliest[0] && (!earliest[0] ||
		    graph_time_cmp(a->time.earliest, 0, earliest, 0) > 0))
			memcpy(earliest, a->time.earliest, sizeof earliest);
		if (a->time.latest[0] && (!latest[0] ||
		    graph_time_cmp(a->time.latest, 1, latest, 1) < 0))
			memcpy(latest, a->time.latest, sizeof latest);
		if (graph_narrower(a, narrow))
			narrow = a;
		if (a->ordinal > e->ordinal)
			e->ordinal = a->ordinal;
	}
	e->time = narrow->time;
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

static void
graph_cluster(dl_graph *g)
{
	size_t n = g->natoms, nc = 0, group = 0;
	int *ord = xmalloc((n + 1) * sizeof *ord);
	int *cl = xmalloc((n + 1) * sizeof *cl);
	struct gcl {
		char earliest[20], latest[20];
		int  ordinal;
		size_t n;
	} *c = xcalloc(n + 1, sizeof *c);

	for (size_t i = 0; i < n; i++) {
		ord[i] = (int)i;
		graph_parties(g, &g->atoms[i]);
	}
	graph_sorting = g;
	graph_sort(ord, n, sizeof *ord, graph_atom_canon_cmp);
	for (size_t i = 0; i < n; i++) {
		const dl_atom *a = &g->atoms[ord[i]];
		size_t k;
		if (i > 0 && graph_atom_group_cmp(a, &g->atoms[ord[i - 1]]) != 0)
			group = nc;   /* clusters of this group start here */
		for (k = group; k < nc; k++) {
			if (a->ordinal && c[k].ordinal && a->ordinal != c[k].ordinal)
				continue;
			if (graph_time_meets(a->time.earliest, a->time.latest,
					     c[k].earliest, c[k].latest))
				break;
		}
		if (k == nc) {
			nc++;
			memset(&c[k], 0, sizeof c[k]);
		}
		if (a->time.earliest[0] && (!c[k].earliest[0] ||
		    graph_time_cmp(a->time.earliest, 0, c[k].earliest, 0) > 0))
			memcpy(c[k].earliest, a->time.earliest, 20);
		if (a->time.latest[0] && (!c[k].latest[0] ||
		    graph_time_cmp(a->time.latest, 1, c[k].latest, 1) < 0))
			memcpy(c[k].latest, a->time.latest, 20);
		if (a->ordinal)
			c[k].ordinal = a->ordinal;
		c[k].n++;
		cl[i] = (int)k;
	}
	g->nevents = nc;
	g->events = arena_alloc(g->arena, (nc + 1) * sizeof *g->events);
	for (size_t k = 0; k < nc; k++)
		g->events[k].atoms = arena_alloc(g->arena, c[k].n * sizeof(int));
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
			int cnt = gmap_get(&seen, base[k]);
			cnt = cnt < 0 ? 1 : cnt + 1;
			gmap_put(&seen, base[k], cnt);
			if (cnt > 1)
				g->events[k].id = arena_printf(g->arena, "%s-%d",
							       base[k], cnt);
		}
		free(seen.e);
		free(base);
	}
	for (size_t k = 0; k < nc; k++)
		for (size_t j = 0; j < g->events[k].natoms; j++)
			g->atoms[g->events[k].atoms[j]].event = (int)k;
	free(c);
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
		char *k = arena_printf(g->arena, "%s\037%s", g->docs[a->doc].id,
				       a->series_of);
		int h = gmap_get(&g->idx->atoms, k);
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
			memcpy(se->window, g->atoms[h->atoms[j]].window,
			       sizeof se->window);
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

	/* documents by id */
	graph_idpair *p = xmalloc((g->ndocs + 1) * sizeof *p);
	int *newdoc = xmalloc((g->ndocs + 1) * sizeof *newdoc);
	for (size_t i = 0; i < g->ndocs; i++) {
		p[i].id = g->docs[i].id;
		p[i].i = (int)i;
	}
	graph_sort(p, g->ndocs, sizeof *p, graph_idpair_cmp);
	dl_gdoc *nd = arena_alloc(g->arena, (g->ndocs + 1) * sizeof *nd);
	for (size_t i = 0; i < g->ndocs; i++) {
		nd[i] = g->docs[p[i].i];
		newdoc[p[i].i] = (int)i;
		if (strcmp(nd[i].published, g->stamp) > 0)
			memcpy(g->stamp, nd[i].published, sizeof g->stamp);
	}
	g->docs = nd;
	g->capdocs = g->ndocs;
	for (size_t i = 0; i < g->natoms; i++)
		g->atoms[i].doc = newdoc[g->atoms[i].doc];
	free(p);
	free(newdoc);

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
