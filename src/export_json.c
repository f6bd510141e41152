/*
 * export_json.c - the timeline as one JSON document (-f json) and as JSON
 * Lines, one self-contained event a line (-f jsonl).
 *
 * Keys come in a fixed order and arrays in the graph's canonical order, so
 * the same graph always gives the same bytes.  Every evidence entry carries
 * its own atom data (code, status, time, ordinal...) so that
 * graph_add_timeline can rebuild the atoms and `dipline merge` gives what
 * `dipline build` on all the articles would.
 */
#include "dipline.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | \
			   JSON_REAL_PRECISION(10))

static json_t *
export_str(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *
export_time(const dl_time *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "value", export_str(t->value));
	json_object_set_new(o, "type", export_str(t->type));
	json_object_set_new(o, "earliest", export_str(t->earliest));
	json_object_set_new(o, "latest", export_str(t->latest));
	json_object_set_new(o, "granularity", export_str(t->granularity));
	json_object_set_new(o, "mod", export_str(t->mod));
	json_object_set_new(o, "text", export_str(t->text));
	json_object_set_new(o, "anchor", export_str(t->anchor));
	return o;
}

static json_t *
export_actor_ids(const dl_graph *g, const int *v, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(g->actors[v[i]].id));
	return a;
}

static json_t *
export_strv(char **v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *
export_document(const dl_gdoc *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(d->id));
	json_object_set_new(o, "title", export_str(d->title));
	json_object_set_new(o, "url", export_str(d->url));
	json_object_set_new(o, "source", export_str(d->source));
	json_object_set_new(o, "published", export_str(d->published));
	json_object_set_new(o, "fingerprint", export_str(d->fingerprint));
	return o;
}

static json_t *
export_actor(const dl_actor *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(a->id));
	json_object_set_new(o, "name", json_string(a->name ? a->name : a->id));
	json_object_set_new(o, "type", json_string(actors_type_name(a->type)));
	json_object_set_new(o, "country", export_str(a->country));
	json_object_set_new(o, "roles", export_strv(a->roles, a->nroles));
	json_object_set_new(o, "aliases", export_strv(a->aliases, a->naliases));
	return o;
}

/* An evidence entry; the CAMEO facts are repeated only when its code is
 * not the event's (so that a merge can rebuild the atom whole). */
static json_t *
export_evidence(const dl_graph *g, const dl_gevent *e, const dl_atom *at)
{
	json_t *o = json_object();
	json_object_set_new(o, "document", json_string(g->docs[at->doc].id));
	json_object_set_new(o, "sentence", json_integer(at->sentence));
	json_object_set_new(o, "start", json_integer((json_int_t)at->start));
	json_object_set_new(o, "end", json_integer((json_int_t)at->end));
	json_object_set_new(o, "atom", json_string(at->key));
	json_object_set_new(o, "cameo", json_string(at->action->code));
	if (strcmp(at->action->code, e->action.code) != 0) {
		json_object_set_new(o, "label", export_str(at->action->label));
		json_object_set_new(o, "plover", export_str(at->action->plover));
		json_object_set_new(o, "quad_class", json_integer(at->action->quad_class));
		json_object_set_new(o, "goldstein", json_real(at->action->goldstein));
	}
	json_object_set_new(o, "trigger", export_str(at->trigger));
	/* the direction this report gave, when the event took another one
	 * (symmetric actions) */
	if (at->nsrc != e->nsrc || at->ntgt != e->ntgt ||
	    memcmp(at->src, e->src, (size_t)at->nsrc * sizeof(int)) != 0 ||
	    memcmp(at->tgt, e->tgt, (size_t)at->ntgt * sizeof(int)) != 0) {
		json_object_set_new(o, "source", export_actor_ids(g, at->src, at->nsrc));
		json_object_set_new(o, "target", export_actor_ids(g, at->tgt, at->ntgt));
	}
	json_object_set_new(o, "status", json_string(events_status_name(at->status)));
	json_object_set_new(o, "time", export_time(at->time));
	json_object_set_new(o, "attributed_to", at->attributed_to >= 0 ?
			    json_string(g->actors[at->attributed_to].id) :
			    json_null());
	json_object_set_new(o, "ordinal", json_integer(at->ordinal));
	json_object_set_new(o, "window", export_str(at->window));
	json_object_set_new(o, "series_of", export_str(at->series_of));
	return o;
}

/* The event without its evidence (written one entry at a time: an event
 * may have a million). */
static json_t *
export_event(const dl_graph *g, const dl_gevent *e)
{
	json_t *o = json_object(), *act = json_object();

	json_object_set_new(o, "id", json_string(e->id));
	json_object_set_new(act, "cameo", json_string(e->action.code));
	json_object_set_new(act, "label", export_str(e->action.label));
	json_object_set_new(act, "plover", export_str(e->action.plover));
	json_object_set_new(act, "quad_class", json_integer(e->action.quad_class));
	json_object_set_new(act, "goldstein", json_real(e->action.goldstein));
	json_object_set_new(act, "trigger", export_str(e->trigger));
	json_object_set_new(o, "action", act);
	json_object_set_new(o, "source", export_actor_ids(g, e->src, e->nsrc));
	json_object_set_new(o, "target", export_actor_ids(g, e->tgt, e->ntgt));
	json_object_set_new(o, "status", json_string(events_status_name(e->status)));
	json_object_set_new(o, "time", export_time(&e->time));
	if (e->series >= 0) {
		const dl_gseries *s = &g->series[e->series];
		json_t *so = json_object();
		json_object_set_new(so, "id", json_string(s->id));
		json_object_set_new(so, "ordinal", json_integer(e->ordinal));
		json_object_set_new(so, "window", export_str(s->window));
		json_object_set_new(o, "series", so);
	} else
		json_object_set_new(o, "series", json_null());
	json_object_set_new(o, "attributed_to", e->attributed_to >= 0 ?
			    json_string(g->actors[e->attributed_to].id) :
			    json_null());
	return o;
}

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

/* Append one array element, dumped alone and indented by depth spaces to
 * its place (the document is written piece by piece: a batch of many
 * thousand events, or an event of a million reports, never becomes one
 * tree in memory). */
static int
export_element_at(json_t *o, int first, int depth, dl_buf *out)
{
	static const char sp[] = "        ";   /* depth <= 8 */
	char *s = json_dumps(o, EXPORT_JSON_FLAGS);

	json_decref(o);
	if (s == NULL)
		return -1;
	buf_puts(out, first ? "\n" : ",\n");
	buf_put(out, sp, (size_t)depth);
	for (const char *p = s, *nl; *p; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL) {
			buf_puts(out, p);
			break;
		}
		buf_put(out, p, (size_t)(nl - p) + 1);
		buf_put(out, sp, (size_t)depth);
	}
	free(s);
	return 0;
}

static int
export_element(json_t *o, int first, dl_buf *out)
{
	return export_element_at(o, first, 4, out);
}

/* An event as an element of "events": its members, then its evidence
 * entries one at a time (as jansson would indent them). */
static int
export_event_element(const dl_graph *g, const dl_gevent *e, int first,
		     dl_buf *out)
{
	json_t *o = export_event(g, e);
	json_object_set_new(o, "evidence", json_array());
	if (export_element(o, first, out) != 0)
		return -1;
	/* the element ends with "\"evidence\": []\n    }" */
	if (out->len < 8 || memcmp(out->p + out->len - 8, "[]\n    }", 8) != 0)
		return -1;
	out->len -= 7;
	for (size_t i = 0; i < e->natoms; i++)
		if (export_element_at(export_evidence(g, e, &g->atoms[e->atoms[i]]),
				      i == 0, 8, out) != 0)
			return -1;
	buf_puts(out, e->natoms ? "\n      ]\n    }" : "]\n    }");
	return 0;
}

static void
export_section(dl_buf *out, const char *key)
{
	buf_printf(out, "  \"%s\": [", key);
}

static void
export_section_end(dl_buf *out, size_t n, int last)
{
	buf_puts(out, n ? "\n  ]" : "]");
	buf_puts(out, last ? "\n" : ",\n");
}

static json_t *
export_relation(const dl_graph *g, const dl_relation *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "type", json_string(graph_relation_name(r->type)));
	json_object_set_new(o, "from", json_string(g->events[r->from].id));
	json_object_set_new(o, "to", json_string(g->events[r->to].id));
	return o;
}

static json_t *
export_timeline(const dl_graph *g, const dl_timeline *t)
{
	json_t *o = json_object(), *ev = json_array();
	if (t->actor >= 0)
		json_object_set_new(o, "actor", json_string(g->actors[t->actor].id));
	else
		json_object_set_new(o, "dyad", export_actor_ids(g, t->dyad, 2));
	for (size_t k = 0; k < t->nevents; k++)
		json_array_append_new(ev, json_string(g->events[t->events[k]].id));
	json_object_set_new(o, "events", ev);
	return o;
}

int
export_json(const dl_graph *g, dl_buf *out)
{
	int rc = 0;

	buf_puts(out, "{\n  \"dipline\": \"" DL_FORMAT_VERSION "\",\n");
	export_section(out, "documents");
	for (size_t i = 0; i < g->ndocs && rc == 0; i++)
		rc = export_element(export_document(&g->docs[i]), i == 0, out);
	export_section_end(out, g->ndocs, 0);
	export_section(out, "actors");
	for (size_t i = 0; i < g->nactors && rc == 0; i++)
		rc = export_element(export_actor(&g->actors[i]), i == 0, out);
	export_section_end(out, g->nactors, 0);
	export_section(out, "events");
	for (size_t i = 0; i < g->nevents && rc == 0; i++)
		rc = export_event_element(g, &g->events[i], i == 0, out);
	export_section_end(out, g->nevents, 0);
	export_section(out, "relations");
	for (size_t i = 0; i < g->nrelations && rc == 0; i++)
		rc = export_element(export_relation(g, &g->relations[i]), i == 0, out);
	export_section_end(out, g->nrelations, 0);
	export_section(out, "timelines");
	for (size_t i = 0; i < g->ntimelines && rc == 0; i++)
		rc = export_element(export_timeline(g, &g->timelines[i]), i == 0, out);
	export_section_end(out, g->ntimelines, 1);
	buf_puts(out, "}\n");
	return rc;
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

#define EXPORT_JSONL_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | \
			    JSON_REAL_PRECISION(10))

/* One event a line; each line carries the actors and documents it names.
 * The evidence entries are written one at a time. */
int
export_jsonl(const dl_graph *g, dl_buf *out)
{
	int rc = 0;

	for (size_t i = 0; i < g->nevents && rc == 0; i++) {
		const dl_gevent *e = &g->events[i];
		json_t *acts = json_array(), *docs = json_array();
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
		for (size_t k = 0; k < na; k++)
			json_array_append_new(acts, export_actor(&g->actors[va[k]]));
		for (size_t k = 0; k < nd; k++)
			json_array_append_new(docs, export_document(&g->docs[vd[k]]));
		free(va);
		free(vd);
		/* the event's members, then "evidence", "actors", "documents" */
		rc = export_dump(export_event(g, e), out, EXPORT_JSONL_FLAGS, NULL);
		if (rc == 0 && out->len && out->p[out->len - 1] == '}')
			out->len--;
		buf_puts(out, ",\"evidence\":[");
		for (size_t k = 0; k < e->natoms && rc == 0; k++)
			rc = export_dump(export_evidence(g, e, &g->atoms[e->atoms[k]]),
					 out, EXPORT_JSONL_FLAGS, k + 1 < e->natoms ?
					 "," : NULL);
		buf_puts(out, "],\"actors\":");
		if (rc == 0)
			rc = export_dump(acts, out, EXPORT_JSONL_FLAGS, ",\"documents\":");
		else
			json_decref(acts);
		if (rc == 0)
			rc = export_dump(docs, out, EXPORT_JSONL_FLAGS, "}\n");
		else
			json_decref(docs);
	}
	return rc;
}
