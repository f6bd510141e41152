/* test_graph.c - graph merging: actors, events, series, relations,
 * timelines, and merge invariance through the JSON round trip. */
#include "../../src/dipline.h"
#include "tap.h"

#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const dl_cameo call = {"041", "Discuss by telephone", "CONSULT", 1, 1.0};
static const dl_cameo visit = {"042", "Make a visit", "CONSULT", 1, 1.9};
static const dl_cameo visit_sub = {"0421", "Make a visit (sub)", "CONSULT", 1, 1.9};

static dl_article *
mkart(const char *id, const char *published, const char *title)
{
	const char *text = "Lavrov called Kerry on Tuesday, his third call in "
			   "10 days. Kerry also phoned Zarif.";
	dl_article *a = ingest_article_new(id, text, strlen(text));
	a->id = arena_strdup(a->arena, id);
	a->title = arena_strdup(a->arena, title);
	a->url = arena_printf(a->arena, "https://news.example/%s", id);
	a->source = arena_strdup(a->arena, "Example News");
	snprintf(a->published, sizeof a->published, "%s", published);
	a->actors = arena_alloc(a->arena, 8 * sizeof *a->actors);
	a->events = arena_alloc(a->arena, 8 * sizeof *a->events);
	return a;
}

static int
mkactor(dl_article *a, const char *id, const char *name, dl_actor_type t,
	const char *country, const char *role)
{
	dl_actor *x = &a->actors[a->nactors];
	x->id = arena_strdup(a->arena, id);
	x->name = arena_strdup(a->arena, name);
	x->type = t;
	snprintf(x->country, sizeof x->country, "%s", country);
	if (role) {
		x->roles = arena_alloc(a->arena, sizeof *x->roles);
		x->roles[0] = arena_strdup(a->arena, role);
		x->nroles = 1;
	}
	return (int)a->nactors++;
}

static dl_event *
mkevent(dl_article *a, const dl_cameo *c, int src, int tgt, dl_status st,
	const char *value, const char *earliest, const char *latest,
	const char *gran, int sentence, size_t start, size_t end)
{
	dl_event *e = &a->events[a->nevents++];
	e->cameo = c;
	e->trigger = "called";
	e->src[0] = src;
	e->nsrc = 1;
	e->tgt[0] = tgt;
	e->ntgt = 1;
	e->status = st;
	e->attributed_to = -1;
	snprintf(e->time.value, sizeof e->time.value, "%s", value);
	snprintf(e->time.type, sizeof e->time.type, "DATE");
	snprintf(e->time.earliest, sizeof e->time.earliest, "%s", earliest);
	snprintf(e->time.latest, sizeof e->time.latest, "%s", latest);
	snprintf(e->time.granularity, sizeof e->time.granularity, "%s", gran);
	e->time.anchor = "clause";
	e->series_of = -1;
	e->sentence = sentence;
	e->start = start;
	e->end = end;
	return e;
}

/* a1 (2015-09-09): Lavrov -> Kerry call on 2015-09-08, his third in 10
 * days, with the two earlier calls implied. */
static dl_article *
art_a(void)
{
	dl_article *a = mkart("a1", "2015-09-09", "Lavrov calls Kerry");
	int lav = mkactor(a, "person:sergei-lavrov", "Sergei Lavrov", ACT_PERSON,
			  "RUS", "foreign minister");
	int ker = mkactor(a, "person:john-kerry", "John Kerry", ACT_PERSON, "USA",
			  "secretary of state");
	dl_event *e = mkevent(a, &call, lav, ker, ST_OCCURRED, "2015-09-08",
			      "2015-09-08", "2015-09-08", "day", 0, 0, 60);
	e->series_ordinal = 3;
	snprintf(e->series_window, sizeof e->series_window, "P10D");
	e->time.text = "on Tuesday";
	for (int k = 1; k <= 2; k++) {
		e = mkevent(a, &call, lav, ker, ST_IMPLIED, "2015-W36",
			    "2015-08-29", "2015-09-07", "day", 0, 0, 60);
		e->series_ordinal = k;
		e->series_of = 0;
		snprintf(e->series_window, sizeof e->series_window, "P10D");
	}
	return a;
}

/* b1 (2015-09-10): "Lavrov" (surname only) called Kerry in recent days. */
static dl_article *
art_b(void)
{
	dl_article *a = mkart("b1", "2015-09-10", "Moscow and Washington talk");
	int lav = mkactor(a, "person:lavrov", "Lavrov", ACT_PERSON, "RUS", NULL);
	int ker = mkactor(a, "person:john-kerry", "Kerry", ACT_PERSON, "USA", NULL);
	mkevent(a, &call, lav, ker, ST_OCCURRED, "PAST_REF", "2015-09-05",
		"2015-09-10", "day", 2, 100, 150);
	return a;
}

/* c1 (2015-09-10): Kerry phoned Zarif on 2015-09-09 (another call), and a
 * visit coded at two depths from two sentences. */
static dl_article *
art_c(void)
{
	dl_article *a = mkart("c1", "2015-09-10", "Kerry and Zarif");
	int ker = mkactor(a, "person:john-kerry", "John Kerry", ACT_PERSON, "USA", NULL);
	int zar = mkactor(a, "person:mohammad-javad-zarif", "Mohammad Javad Zarif",
			  ACT_PERSON, "IRN", "foreign minister");
	mkevent(a, &call, ker, zar, ST_OCCURRED, "2015-09-09", "2015-09-09",
		"2015-09-09", "day", 1, 61, 90);
	mkevent(a, &visit, zar, ker, ST_PLANNED, "2015-W38", "2015-09-14",
		"2015-09-20", "week", 1, 61, 90);
	mkevent(a, &visit_sub, zar, ker, ST_PROPOSED, "2015-09-15", "2015-09-15",
		"2015-09-15", "day", 2, 91, 99);
	return a;
}

/* d1: the visit again, coded 042: the event's code becomes 042 and the
 * 0421 evidence must keep its own facts through a merge. */
static dl_article *
art_d(void)
{
	dl_article *a = mkart("d1", "2015-09-12", "Zarif to visit");
	int zar = mkactor(a, "person:mohammad-javad-zarif", "Mohammad Javad Zarif",
			  ACT_PERSON, "IRN", NULL);
	int ker = mkactor(a, "person:john-kerry", "John Kerry", ACT_PERSON, "USA", NULL);
	mkevent(a, &visit, zar, ker, ST_PLANNED, "2015-09-15", "2015-09-15",
		"2015-09-15", "day", 0, 0, 40);
	return a;
}

/* a1 again, as a later run coded it (another time for the same report):
 * duplicates by (document, key) must resolve the same in any order. */
static dl_article *
art_a_rerun(void)
{
	dl_article *a = art_a();
	snprintf(a->events[0].time.value, sizeof a->events[0].time.value, "2015-09-07");
	snprintf(a->events[0].time.earliest, sizeof a->events[0].time.earliest, "2015-09-07");
	snprintf(a->events[0].time.latest, sizeof a->events[0].time.latest, "2015-09-07");
	return a;
}

/* e1: the Tuesday call the other way round ("Kerry called Lavrov"). */
static dl_article *
art_e(void)
{
	dl_article *a = mkart("e1", "2015-09-09", "Kerry calls Lavrov");
	int ker = mkactor(a, "person:john-kerry", "John Kerry", ACT_PERSON, "USA", NULL);
	int lav = mkactor(a, "person:sergei-lavrov", "Sergei Lavrov", ACT_PERSON, "RUS", NULL);
	mkevent(a, &call, ker, lav, ST_OCCURRED, "2015-09-08", "2015-09-08",
		"2015-09-08", "day", 0, 0, 30);
	/* a visit is directed: Kerry visiting Lavrov is not Lavrov visiting Kerry */
	mkevent(a, &visit, ker, lav, ST_PLANNED, "2015-09-20", "2015-09-20",
		"2015-09-20", "day", 1, 31, 60);
	mkevent(a, &visit, lav, ker, ST_PLANNED, "2015-09-20", "2015-09-20",
		"2015-09-20", "day", 2, 61, 90);
	return a;
}

typedef dl_article *(*mkfn)(void);

static char *
build_json(const mkfn *fns, int n)
{
	dl_graph *g = graph_new();
	dl_buf b = {0};
	for (int i = 0; i < n; i++) {
		dl_article *a = fns[i]();
		graph_add_article(g, a);
		ingest_article_free(a);
	}
	graph_finish(g);
	export_json(g, &b);
	graph_free(g);
	return b.p;
}

static char *
merge_json(char **docs, int n)
{
	dl_graph *g = graph_new();
	dl_buf b = {0};
	for (int i = 0; i < n; i++)
		if (graph_add_timeline(g, docs[i], strlen(docs[i]), "test") != 0)
			return NULL;
	graph_finish(g);
	export_json(g, &b);
	graph_free(g);
	return b.p;
}

static const dl_gevent *
find_event(const dl_graph *g, const char *code, const char *src, dl_status st,
	   int ordinal)
{
	for (size_t i = 0; i < g->nevents; i++) {
		const dl_gevent *e = &g->events[i];
		if (strcmp(e->action.code, code) == 0 && e->status == st &&
		    e->ordinal == ordinal && e->nsrc == 1 &&
		    strcmp(g->actors[e->src[0]].id, src) == 0)
			return e;
	}
	return NULL;
}

static int
has_relation(const dl_graph *g, dl_reltype t, const dl_gevent *a,
	     const dl_gevent *b)
{
	for (size_t i = 0; i < g->nrelations; i++)
		if (g->relations[i].type == t &&
		    &g->events[g->relations[i].from] == a &&
		    &g->events[g->relations[i].to] == b)
			return 1;
	return 0;
}

static void
test_merge(void)
{
	dl_graph *g = graph_new();
	dl_article *arts[3] = {art_a(), art_b(), art_c()};
	for (int i = 0; i < 3; i++) {
		graph_add_article(g, arts[i]);
		ingest_article_free(arts[i]);
	}
	graph_finish(g);

	is_int(g->ndocs, 3, "three documents");
	is_str(g->docs[0].id, "a1", "documents sorted by id");
	is_str(g->stamp, "2015-09-10", "stamp is the latest publication");
	is_int(g->nactors, 3, "surname-only Lavrov folded: three actors");
	is_str(g->actors[0].id, "person:john-kerry", "actors sorted by id");
	is_str(g->actors[0].name, "John Kerry", "longest name is the display name");
	is_int(g->actors[0].naliases, 1, "Kerry: one alias");
	is_str(g->actors[0].aliases[0], "Kerry", "Kerry alias kept");
	is_str(g->actors[2].id, "person:sergei-lavrov", "Lavrov canonical id");
	is_int(g->actors[2].naliases, 1, "Lavrov: one alias");
	is_str(g->actors[2].aliases[0], "Lavrov", "surname becomes an alias");
	is_int(g->actors[2].nroles, 1, "Lavrov: roles kept");

	const dl_gevent *callev = find_event(g, "041", "person:sergei-lavrov",
					     ST_OCCURRED, 3);
	ok(callev != NULL, "the Tuesday call is one event");
	if (callev == NULL)
		return;
	is_int(callev->natoms, 2, "two pieces of evidence (a1, b1)");
	is_str(g->docs[g->atoms[callev->atoms[0]].doc].id, "a1", "evidence 1: a1");
	is_str(g->docs[g->atoms[callev->atoms[1]].doc].id, "b1", "evidence 2: b1");
	is_int(g->atoms[callev->atoms[1]].start, 100, "evidence keeps its span");
	is_str(callev->time.earliest, "2015-09-08", "narrowed earliest");
	is_str(callev->time.latest, "2015-09-08", "narrowed latest");
	is_str(callev->time.value, "2015-09-08", "value from the narrowest");
	is_str(callev->time.text, "on Tuesday", "text from the narrowest");
	ok(strncmp(callev->id, "ev-", 3) == 0 && strlen(callev->id) == 19,
	   "event id is ev- and 16 hex digits");

	const dl_gevent *i1 = find_event(g, "041", "person:sergei-lavrov", ST_IMPLIED, 1);
	const dl_gevent *i2 = find_event(g, "041", "person:sergei-lavrov", ST_IMPLIED, 2);
	const dl_gevent *zar = find_event(g, "041", "person:john-kerry", ST_OCCURRED, 0);
	const dl_gevent *vis = find_event(g, "0421", "person:mohammad-javad-zarif",
					  ST_PLANNED, 0);
	ok(i1 && i2 && zar, "implied calls and the Zarif call are events");
	ok(vis != NULL, "planned and proposed visit (042/0421) merge; planned wins");
	is_int(g->nevents, 5, "five events in all");
	if (!i1 || !i2 || !zar || !vis)
		return;
	is_str(vis->time.earliest, "2015-09-15", "visit narrowed to the day");
	is_str(vis->time.granularity, "day", "visit granularity from the narrowest");
	is_int(vis->natoms, 2, "visit has two evidences");

	ok(callev->series >= 0 && callev->series == i1->series &&
	   i1->series == i2->series, "the three calls form one series");
	is_int(g->nseries, 1, "one series");
	is_int(g->series[0].nevents, 3, "series of three");
	is_str(g->series[0].window, "P10D", "series window");
	ok(strcmp(g->series[0].id + 2, callev->id + 3) == 0,
	   "series id derived from its head event");
	ok(&g->events[g->series[0].events[2]] == callev, "head last by ordinal");
	ok(has_relation(g, REL_SAME_SERIES,
			i1 < i2 ? i1 : i2, i1 < i2 ? i2 : i1), "same_series 1-2");
	ok(has_relation(g, REL_BEFORE, i2 < i1 ? i1 : i2, callev),
	   "implied calls before the Tuesday call");
	ok(has_relation(g, REL_BEFORE, callev, zar), "Tuesday call before the Zarif call");
	ok(has_relation(g, REL_BEFORE, zar, vis), "Zarif call before the visit");
	ok(has_relation(g, REL_OVERLAP, i1 < i2 ? i1 : i2, i1 < i2 ? i2 : i1),
	   "the implied calls overlap");

	/* timelines: 3 actors + 2 dyads */
	is_int(g->ntimelines, 5, "five timelines");
	const dl_timeline *tk = &g->timelines[0];
	is_str(g->actors[tk->actor].id, "person:john-kerry", "first timeline: Kerry");
	is_int(tk->nevents, 5, "Kerry is in all five events");
	ok(&g->events[tk->events[2]] == callev && &g->events[tk->events[3]] == zar &&
	   &g->events[tk->events[4]] == vis, "Kerry timeline in time order");
	const dl_timeline *td = &g->timelines[3];
	ok(td->actor == -1, "dyads after actors");
	is_str(g->actors[td->dyad[0]].id, "person:john-kerry", "dyad a");
	is_str(g->actors[td->dyad[1]].id, "person:mohammad-javad-zarif", "dyad b");
	is_int(td->nevents, 2, "Kerry-Zarif: call and visit");
	is_int(g->timelines[4].nevents, 3, "Kerry-Lavrov: three calls");
	for (size_t i = 1; i < g->nevents; i++)
		ok(strcmp(g->events[i - 1].time.earliest, g->events[i].time.earliest) <= 0,
		   "events sorted by earliest");
	graph_free(g);
}

static void
test_ids_stable(void)
{
	/* the call's id is the same with and without the other articles */
	mkfn one[1] = {art_a}, all[3] = {art_c, art_b, art_a};
	char *j1 = build_json(one, 1), *j3 = build_json(all, 3);
	json_t *r1 = json_loads(j1, 0, NULL), *r3 = json_loads(j3, 0, NULL);
	const char *id1 = NULL, *id3 = NULL;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(r1, "events"), i, e)
		if (strcmp(json_string_value(json_object_get(e, "status")), "occurred") == 0)
			id1 = json_string_value(json_object_get(e, "id"));
	json_array_foreach(json_object_get(r3, "events"), i, e)
		if (json_array_size(json_object_get(e, "evidence")) == 2 &&
		    strcmp(json_string_value(json_object_get(e, "status")), "occurred") == 0)
			id3 = json_string_value(json_object_get(e, "id"));
	ok(id1 && id3 && strcmp(id1, id3) == 0, "event id survives a bigger batch");
	json_decref(r1);
	json_decref(r3);
	free(j1);
	free(j3);
}

static void
test_invariance(void)
{
	mkfn fa[1] = {art_a}, fb[1] = {art_b}, fc[1] = {art_c};
	mkfn all[3] = {art_a, art_b, art_c}, rev[3] = {art_c, art_b, art_a};
	char *a = build_json(fa, 1), *b = build_json(fb, 1), *c = build_json(fc, 1);
	char *built = build_json(all, 3), *built_rev = build_json(rev, 3);

	is_str(built_rev, built, "build is independent of input order");
	char *perm[6][3] = {{a, b, c}, {a, c, b}, {b, a, c}, {b, c, a}, {c, a, b}, {c, b, a}};
	for (int p = 0; p < 6; p++) {
		char *m = merge_json(perm[p], 3);
		is_str(m, built, "merge of a permutation == build of all");
		free(m);
	}
	char *ab[2] = {a, b}, *bc[2] = {b, c};
	char *mab = merge_json(ab, 2), *mbc = merge_json(bc, 2);
	char *l[2] = {mab, c}, *r[2] = {a, mbc};
	char *ml = merge_json(l, 2), *mr = merge_json(r, 2);
	is_str(ml, built, "merge(merge(a,b),c) == build");
	is_str(mr, built, "merge(a,merge(b,c)) == build");
	char *dup[3] = {built, a, built};
	char *md = merge_json(dup, 3);
	is_str(md, built, "merging duplicates changes nothing (idempotent)");
	char *self[1] = {built};
	char *ms = merge_json(self, 1);
	is_str(ms, built, "merge of one timeline is a fixed point");
	free(mab); free(mbc); free(ml); free(mr); free(md); free(ms);
	free(a); free(b); free(c); free(built); free(built_rev);
}

static void
test_facts_and_duplicates(void)
{
	mkfn fc[1] = {art_c}, fd[1] = {art_d}, cd[2] = {art_c, art_d};
	char *c = build_json(fc, 1), *d = build_json(fd, 1), *both = build_json(cd, 2);
	char *in[2] = {c, d};
	char *m = merge_json(in, 2);
	is_str(m, both, "merge keeps the facts of evidence coded apart");
	ok(strstr(m, "\"cameo\": \"042\",\n        \"label\": \"Make a visit\"") != NULL,
	   "the visit event is 042 (two of three reports) with its label");
	ok(strstr(m, "\"cameo\": \"0421\",\n          \"label\": \"Make a visit (sub)\"") != NULL,
	   "the 0421 evidence carries its own label");
	free(c); free(d); free(both); free(m);

	mkfn x[2] = {art_a, art_a_rerun}, y[2] = {art_a_rerun, art_a};
	char *bx = build_json(x, 2), *by = build_json(y, 2);
	is_str(bx, by, "a report seen twice with different content: order does not matter");
	mkfn fa[1] = {art_a}, fr[1] = {art_a_rerun};
	char *ja = build_json(fa, 1), *jr = build_json(fr, 1);
	char *p1[2] = {ja, jr}, *p2[2] = {jr, ja};
	char *m1 = merge_json(p1, 2), *m2 = merge_json(p2, 2);
	is_str(m1, bx, "... and merge(a, a') == build(a, a')");
	is_str(m2, bx, "... and merge(a', a) == build(a, a')");
	free(bx); free(by); free(ja); free(jr); free(m1); free(m2);
}

static void
test_symmetric(void)
{
	dl_graph *g = graph_new();
	mkfn fs[3] = {art_a, art_b, art_e};
	for (int i = 0; i < 3; i++) {
		dl_article *a = fs[i]();
		graph_add_article(g, a);
		ingest_article_free(a);
	}
	graph_finish(g);
	const dl_gevent *c = find_event(g, "041", "person:sergei-lavrov", ST_OCCURRED, 3);
	ok(c != NULL, "a phone call is symmetric: both directions make one event");
	if (c) {
		is_int(c->natoms, 3, "the call has evidence from a1, b1 and e1");
		is_str(g->actors[c->tgt[0]].id, "person:john-kerry",
		       "direction of the first report (narrowest, then document)");
	}
	is_int(g->nevents, 5, "two visits stay apart (directed action)");
	graph_free(g);

	mkfn fa[1] = {art_a}, fb[1] = {art_b}, fe[1] = {art_e};
	mkfn all[3] = {art_e, art_b, art_a};
	char *a = build_json(fa, 1), *b = build_json(fb, 1), *e = build_json(fe, 1);
	char *built = build_json(all, 3);
	char *p1[3] = {e, a, b}, *p2[3] = {b, e, a};
	char *m1 = merge_json(p1, 3), *m2 = merge_json(p2, 3);
	is_str(m1, built, "symmetric call: merge == build (1)");
	is_str(m2, built, "symmetric call: merge == build (2)");
	char *ea[2] = {e, a};
	char *mea = merge_json(ea, 2);
	char *l[2] = {mea, b};
	char *ml = merge_json(l, 2);
	is_str(ml, built, "symmetric call: merge(merge(e,a),b) == build");
	ok(strstr(built, "\"source\": [\n            \"person:john-kerry\"") != NULL,
	   "evidence keeps the direction it reported when the event took the other");
	free(a); free(b); free(e); free(built); free(m1); free(m2); free(mea); free(ml);
}

static void
test_surnames(void)
{
	dl_graph *g = graph_new();
	dl_article *a = mkart("s1", "2015-09-09", "Surnames");
	int as = mkactor(a, "person:assad", "Assad", ACT_PERSON, "SYR", NULL);
	mkactor(a, "person:bashar-al-assad", "Bashar al-Assad", ACT_PERSON, "SYR", "president");
	int ke = mkactor(a, "person:kerry", "Kerry", ACT_PERSON, "USA", NULL);
	mkactor(a, "person:john-kerry", "John Kerry", ACT_PERSON, "USA", NULL);
	mkactor(a, "person:teresa-heinz-kerry", "Teresa Kerry", ACT_PERSON, "USA", NULL);
	int sm = mkactor(a, "person:smith", "Smith", ACT_PERSON, "GBR", NULL);
	mkactor(a, "person:john-smith", "John Smith", ACT_PERSON, "USA", NULL);
	mkevent(a, &call, as, ke, ST_OCCURRED, "2015-09-08", "2015-09-08",
		"2015-09-08", "day", 0, 0, 10);
	mkevent(a, &visit, sm, ke, ST_OCCURRED, "2015-09-08", "2015-09-08",
		"2015-09-08", "day", 1, 11, 20);
	graph_add_article(g, a);
	ingest_article_free(a);
	graph_finish(g);
	is_int(g->nactors, 6, "Assad folded; ambiguous Kerry and other-country Smith kept");
	const dl_gevent *e = find_event(g, "041", "person:bashar-al-assad", ST_OCCURRED, 0);
	ok(e != NULL, "Assad -> Bashar al-Assad (particle al-)");
	if (e)
		is_str(g->actors[e->tgt[0]].id, "person:kerry",
		       "Kerry stays apart: two full-name Kerrys");
	ok(find_event(g, "042", "person:smith", ST_OCCURRED, 0) != NULL,
	   "Smith (GBR) does not fold into John Smith (USA)");
	graph_free(g);

	/* spelling variants of one person across articles */
	g = graph_new();
	a = mkart("v1", "2024-03-12", "Variants");
	int yp = mkactor(a, "person:yannis-petrou", "Yannis Petrou", ACT_PERSON, "GRC",
			 "foreign minister");
	int ma = mkactor(a, "person:mehmet-arslan", "Mehmet Arslan", ACT_PERSON, "TUR",
			 "foreign minister");
	mkevent(a, &call, yp, ma, ST_OCCURRED, "2024-03-11", "2024-03-11",
		"2024-03-11", "day", 0, 0, 10);
	graph_add_article(g, a);
	ingest_article_free(a);
	a = mkart("v2", "2024-03-13", "Variants");
	int gp = mkactor(a, "person:giannis-petrou", "Giannis Petrou", ACT_PERSON, "GRC",
			 "foreign minister");
	int pe = mkactor(a, "person:petrou", "Petrou", ACT_PERSON, "GRC", NULL);
	ma = mkactor(a, "person:mehmet-arslan", "Mehmet Arslan", ACT_PERSON, "TUR", NULL);
	int m1 = mkactor(a, "person:maria-lopez", "Maria Lopez", ACT_PERSON, "ESP", "minister");
	int m2 = mkactor(a, "person:mario-lopez", "Mario Lopez", ACT_PERSON, "ESP", "mayor");
	mkevent(a, &call, ma, gp, ST_OCCURRED, "2024-03-11", "2024-03-11",
		"2024-03-11", "day", 0, 0, 10);
	mkevent(a, &visit, pe, ma, ST_PLANNED, "2024-03-20", "2024-03-20",
		"2024-03-20", "day", 1, 11, 20);
	mkevent(a, &visit, m1, m2, ST_PLANNED, "2024-03-20", "2024-03-20",
		"2024-03-20", "day", 2, 21, 30);
	graph_add_article(g, a);
	ingest_article_free(a);
	graph_finish(g);
	is_int(g->nactors, 4, "Giannis/Yannis/Petrou one person; Maria and Mario Lopez two");
	e = NULL;
	for (size_t i = 0; i < g->nevents; i++)
		if (strcmp(g->events[i].action.code, "041") == 0)
			e = &g->events[i];
	ok(e && e->natoms == 2, "the call from both articles is one event");
	if (e)
		is_str(g->actors[e->src[0]].id, "person:giannis-petrou",
		       "the smallest id stands for the spelling variants (v1's direction)");
	ok(find_event(g, "042", "person:giannis-petrou", ST_PLANNED, 0) != NULL,
	   "surname-only Petrou folds into the merged person");
	for (size_t i = 0; i < g->nactors; i++)
		if (strcmp(g->actors[i].id, "person:giannis-petrou") == 0) {
			is_int(g->actors[i].naliases, 2, "aliases: Petrou, Yannis Petrou");
			is_str(g->actors[i].aliases[1], "Yannis Petrou", "variant kept as alias");
		}
	graph_free(g);
}

static void
test_id_collisions(void)
{
	dl_graph *g = graph_new();
	dl_article *a = mkart("k1", "2015-09-30", "Calls");
	int lav = mkactor(a, "person:sergei-lavrov", "Sergei Lavrov", ACT_PERSON, "RUS", NULL);
	int ker = mkactor(a, "person:john-kerry", "John Kerry", ACT_PERSON, "USA", NULL);
	/* two calls on two days; two vague ones in the same month */
	mkevent(a, &call, lav, ker, ST_OCCURRED, "2015-09-02", "2015-09-02",
		"2015-09-02", "day", 0, 0, 10);
	mkevent(a, &call, lav, ker, ST_OCCURRED, "2015-09-20", "2015-09-20",
		"2015-09-20", "day", 1, 11, 20);
	mkevent(a, &call, lav, ker, ST_OCCURRED, "2015-W36", "2015-08-31",
		"2015-09-06", "week", 2, 21, 30);
	mkevent(a, &call, lav, ker, ST_OCCURRED, "2015-W38", "2015-09-14",
		"2015-09-18", "week", 3, 31, 40);
	graph_add_article(g, a);
	ingest_article_free(a);
	graph_finish(g);
	/* the W36 call meets the 2 September one: they merge */
	is_int(g->nevents, 3, "three calls (W36 merged into 2 September)");
	if (g->nevents == 3) {
		ok(strlen(g->events[0].id) == 19 && strlen(g->events[2].id) == 19 &&
		   strcmp(g->events[0].id, g->events[2].id) != 0,
		   "calls on two days of a month: two plain ids");
		is_int(strlen(g->events[1].id), 19, "the W38 call: month key, first of its id");
	}
	graph_free(g);

	g = graph_new();
	a = mkart("k2", "2015-09-30", "Calls");
	lav = mkactor(a, "person:sergei-lavrov", "Sergei Lavrov", ACT_PERSON, "RUS", NULL);
	ker = mkactor(a, "person:john-kerry", "John Kerry", ACT_PERSON, "USA", NULL);
	mkevent(a, &call, lav, ker, ST_OCCURRED, "2015-W36", "2015-08-31",
		"2015-09-06", "week", 0, 0, 10);
	mkevent(a, &call, lav, ker, ST_OCCURRED, "2015-W38", "2015-09-14",
		"2015-09-18", "week", 1, 11, 20);
	graph_add_article(g, a);
	ingest_article_free(a);
	graph_finish(g);
	is_int(g->nevents, 2, "two vague calls in one month");
	if (g->nevents == 2) {
		char want[40];
		snprintf(want, sizeof want, "%s-2", g->events[0].id);
		is_str(g->events[1].id, want, "the same id twice: the later gets -2");
	}
	graph_free(g);
}

static void
test_jsonl(void)
{
	mkfn all[3] = {art_a, art_b, art_c};
	char *built = build_json(all, 3);
	dl_graph *g = graph_new();
	dl_buf b = {0};
	graph_add_timeline(g, built, strlen(built), "built.json");
	graph_finish(g);
	export_jsonl(g, &b);
	graph_free(g);
	char *in[1] = {b.p};
	char *m = merge_json(in, 1);
	is_str(m, built, "JSON Lines merge back to the same timeline");
	free(m);

	/* lines split across two inputs, one line broken */
	char *nl = strchr(b.p, '\n');
	char *first = xstrndup(b.p, (size_t)(nl - b.p) + 1);
	dl_buf rest = {0};
	buf_puts(&rest, "{\"evidence\": 1}\n");
	buf_puts(&rest, nl + 1);
	g = graph_new();
	is_int(graph_add_timeline(g, rest.p, rest.len, "rest.jsonl"), 1,
	       "a bad line makes the input count as partly rejected");
	is_int(graph_add_timeline(g, first, strlen(first), "first.jsonl"), 0,
	       "one good line");
	is_int(graph_add_timeline(g, "", 0, "empty.jsonl"), 0,
	       "an empty input is an empty JSON Lines file");
	graph_finish(g);
	dl_buf out = {0};
	export_json(g, &out);
	is_str(out.p, built, "... and the good lines still merge to the same timeline");
	graph_free(g);
	buf_free(&out);
	buf_free(&rest);
	free(first);
	buf_free(&b);
	free(built);
}

static void
test_reject(void)
{
	dl_graph *g = graph_new();
	const char *bad[] = {
		"not json at all",
		"[1,2]",
		"{\"documents\":[]}",
		"{\"dipline\":\"1.0\",\"documents\":[],\"actors\":[],\"events\":[{\"id\":\"x\"}]}",
		"{\"dipline\":\"1.0\",\"documents\":[],\"actors\":[{\"id\":\"a\",\"type\":\"alien\"}],\"events\":[]}",
		"{\"dipline\":\"9.0\",\"documents\":[],\"actors\":[],\"events\":[]}",
		"{\"dipline\":\"1.0\",\"documents\":[],\"actors\":[],\"events\":[{\"action\":{\"cameo\":\"041\"},"
		"\"source\":[],\"target\":[],\"evidence\":[{\"document\":\"d\",\"sentence\":-1,\"start\":0,"
		"\"end\":1,\"status\":\"occurred\"}]}]}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		is_int(graph_add_timeline(g, bad[i], strlen(bad[i]), "bad.json"), -1,
		       "a non-timeline is rejected");
	const char *empty = "{\"dipline\":\"1.0\",\"documents\":[],\"actors\":[],"
			    "\"events\":[],\"relations\":[],\"timelines\":[]}";
	is_int(graph_add_timeline(g, empty, strlen(empty), "empty.json"), 0,
	       "an empty timeline is accepted");
	graph_finish(g);
	is_int(g->ndocs + g->nactors + g->nevents, 0, "nothing added by rejected inputs");
	dl_buf b = {0};
	export_json(g, &b);
	is_str(b.p, "{\n  \"dipline\": \"" DL_FORMAT_VERSION "\",\n  \"documents\": [],\n"
	       "  \"actors\": [],\n  \"events\": [],\n  \"relations\": [],\n"
	       "  \"timelines\": []\n}\n", "empty graph JSON");
	buf_free(&b);
	graph_free(g);
}

/* Atoms reported by one trigger with one code (two targets coded apart)
 * are told apart by their order: "...#2" (keys now made in one pass, so a
 * long article stays linear); an implied atom points at its head's key. */
static void
test_atom_keys(void)
{
	dl_article *a = mkart("k1", "2015-09-09", "Kerry calls");
	int ker = mkactor(a, "person:john-kerry", "John Kerry", ACT_PERSON, "USA", NULL);
	int lav = mkactor(a, "person:sergei-lavrov", "Sergei Lavrov", ACT_PERSON, "RUS", NULL);
	int zar = mkactor(a, "person:mohammad-javad-zarif", "Mohammad Javad Zarif",
			  ACT_PERSON, "IRN", NULL);
	mkevent(a, &call, ker, lav, ST_OCCURRED, "2015-09-08", "2015-09-08",
		"2015-09-08", "day", 1, 40, 90);
	mkevent(a, &visit, ker, lav, ST_OCCURRED, "2015-09-08", "2015-09-08",
		"2015-09-08", "day", 1, 40, 90);
	mkevent(a, &call, ker, zar, ST_OCCURRED, "2015-09-08", "2015-09-08",
		"2015-09-08", "day", 1, 40, 90);
	dl_event *e = mkevent(a, &call, ker, zar, ST_IMPLIED, "2015-W36",
			      "2015-08-29", "2015-09-07", "day", 1, 40, 90);
	e->series_ordinal = 1;
	e->series_of = 2;
	a->events[a->nevents++].cameo = NULL;   /* uncoded: no atom */
	dl_graph *g = graph_new();
	graph_add_article(g, a);
	ingest_article_free(a);
	is_int((int)g->natoms, 4, "atom keys: one atom per coded event");
	if (g->natoms == 4) {
		is_str(g->atoms[0].key, "1:40:041:0", "atom keys: first call");
		is_str(g->atoms[1].key, "1:40:042:0", "atom keys: other code, no suffix");
		is_str(g->atoms[2].key, "1:40:041:0#2", "atom keys: second call of the trigger");
		is_str(g->atoms[3].key, "1:40:041:1", "atom keys: implied call");
		is_str(g->atoms[3].series_of, "1:40:041:0#2",
		       "atom keys: the implied call points at the second call");
	}
	graph_free(g);
}

/* ---------------------------------------------------------------- issue 5 */

/* One report of a call on 2015-09-0DAY, under id (origin: where it was
 * read), with a text of its own. */
static dl_article *
mkreport(const char *id, const char *origin, const char *text, int day)
{
	dl_article *a = ingest_article_new(origin, text, strlen(text));
	char date[11];
	snprintf(date, sizeof date, "2015-09-%02d", day);
	a->id = arena_strdup(a->arena, id);
	a->title = arena_printf(a->arena, "Report of day %d", day);
	snprintf(a->published, sizeof a->published, "%s", date);
	a->actors = arena_alloc(a->arena, 2 * sizeof *a->actors);
	a->events = arena_alloc(a->arena, 2 * sizeof *a->events);
	int lav = mkactor(a, "person:sergei-lavrov", "Sergei Lavrov", ACT_PERSON, "RUS", NULL);
	int ker = mkactor(a, "person:john-kerry", "John Kerry", ACT_PERSON, "USA", NULL);
	mkevent(a, &call, lav, ker, ST_OCCURRED, date, date, date, "day", 0, 0, 40);
	return a;
}

static dl_article *day1(void) { return mkreport("report", "day1/report.txt", "Lavrov called Kerry on Tuesday.", 1); }
static dl_article *day2(void) { return mkreport("report", "day2/report.txt", "Kerry took a call from Lavrov.", 2); }
static dl_article *day2b(void) { return mkreport("report", "copy/report.txt", "Kerry took a call from Lavrov.", 2); }

/* A document's fingerprint: of its text, then its publication date. */
static void
fingerprint(const char *text, const char *date, char out[17])
{
	uint64_t h = util_hash64(text, strlen(text), 0);
	h = util_hash64(date, strlen(date), h);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* The timeline without fingerprints (as written before them). */
static char *
strip_fingerprints(const char *j)
{
	json_t *r = json_loads(j, 0, NULL), *d;
	size_t i;
	json_array_foreach(json_object_get(r, "documents"), i, d)
		json_object_del(d, "fingerprint");
	char *s = json_dumps(r, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(r);
	return s;
}

static dl_article *day2early(void) { return mkreport("report", "early/report.txt", "Kerry took a call from Lavrov.", 1); }

/* One id, one text, two publication dates: two readings, two documents
 * (the trial's two records {"id":"t"} of one text under 09-09 and 09-16
 * were one, and the second date's events were lost). */
static void
test_same_text_two_dates(void)
{
	dl_graph *g = graph_new();
	dl_article *a = day2(), *b = day2early(), *c = day2b();
	graph_add_article(g, a);
	graph_add_article(g, b);
	graph_add_article(g, c);   /* the same text and date again: the same */
	ingest_article_free(a);
	ingest_article_free(b);
	ingest_article_free(c);
	graph_finish(g);
	is_int(g->ndocs, 2, "one id, one text, two dates: two documents");
	if (g->ndocs == 2)
		is_str(g->docs[0].published[0] && g->docs[1].published[0] &&
		       strcmp(g->docs[0].published, g->docs[1].published) != 0 ?
		       "apart" : "fused", "apart", "... each with its own date");
	graph_free(g);
}

static void
test_same_id(void)
{
	char f1[17], f2[17], want[40];
	fingerprint("Lavrov called Kerry on Tuesday.", "2015-09-01", f1);
	fingerprint("Kerry took a call from Lavrov.", "2015-09-02", f2);
	int one_keeps = strcmp(f1, f2) < 0;

	dl_graph *g = graph_new();
	dl_article *a = day1(), *b = day2();
	graph_add_article(g, a);
	graph_add_article(g, b);
	ingest_article_free(a);
	ingest_article_free(b);
	graph_finish(g);
	is_int(g->ndocs, 2, "one id, two texts: two documents");
	snprintf(want, sizeof want, "report~%.8s", one_keeps ? f2 : f1);
	if (g->ndocs == 2) {
		is_str(g->docs[0].id, "report", "the smallest fingerprint keeps the id");
		is_str(g->docs[0].fingerprint, one_keeps ? f1 : f2, "... its fingerprint");
		is_str(g->docs[1].id, want, "the other: id~ and 8 hex digits of its fingerprint");
		is_str(g->docs[1].title, one_keeps ? "Report of day 2" : "Report of day 1",
		       "... with its own title (nothing fused)");
	}
	is_int(g->nevents, 2, "the calls of both days are two events");
	is_int(g->natoms, 2, "nothing dropped: two reports");
	graph_free(g);

	mkfn ab[2] = {day1, day2}, ba[2] = {day2, day1}, fa[1] = {day1}, fb[1] = {day2};
	mkfn abb[3] = {day1, day2, day2b};
	char *built = build_json(ab, 2), *rev = build_json(ba, 2);
	char *ja = build_json(fa, 1), *jb = build_json(fb, 1), *jabb = build_json(abb, 3);
	is_str(rev, built, "same id: build is independent of input order");
	is_str(jabb, built, "the same text again under its id is the same document");
	char *p1[2] = {ja, jb}, *p2[2] = {jb, ja}, *self[1] = {built};
	char *twice[2] = {built, built}, *plus[2] = {built, jb};
	char *m1 = merge_json(p1, 2), *m2 = merge_json(p2, 2), *m3 = merge_json(self, 1);
	char *m4 = merge_json(twice, 2), *m5 = merge_json(plus, 2);
	is_str(m1, built, "same id: merge of the two halves == build");
	is_str(m2, built, "same id: merge of the two halves, other order == build");
	is_str(m3, built, "same id: merge of the build is a fixed point");
	is_str(m4, built, "same id: merging the build with itself changes nothing");
	is_str(m5, built, "same id: the renamed document is known again (merge(build, half))");

	/* a timeline written before fingerprints: same id = same document,
	 * the one that keeps the id */
	char *old = strip_fingerprints(ja);
	char *q[3][3] = {{old, ja, jb}, {jb, old, ja}, {ja, jb, old}};
	char *first = merge_json(q[0], 3);
	ok(first != NULL && strstr(first, "\"report~") != NULL &&
	   strstr(first, "\"fingerprint\": null") == NULL,
	   "a document without fingerprint joins the one keeping its id");
	for (int k = 1; k < 3; k++) {
		char *m = merge_json(q[k], 3);
		is_str(m, first, "... in any order");
		free(m);
	}
	char *oo[1] = {old};
	char *mo = merge_json(oo, 1);
	ok(mo && strstr(mo, "\"fingerprint\": null") != NULL,
	   "an old timeline alone keeps its document, fingerprint null");
	free(mo);
	free(first);
	free(old);
	free(m1); free(m2); free(m3); free(m4); free(m5);
	free(built); free(rev); free(ja); free(jb); free(jabb);
}

/* A renamed id that an id of another text already has: 16 digits. */
static char taken_id[40];
static dl_article *taken(void) { return mkreport(taken_id, "taken.txt", "A third text.", 3); }

static void
test_same_id_taken(void)
{
	char f1[17], f2[17], want[40];
	fingerprint("Lavrov called Kerry on Tuesday.", "2015-09-01", f1);
	fingerprint("Kerry took a call from Lavrov.", "2015-09-02", f2);
	const char *renamed = strcmp(f1, f2) < 0 ? f2 : f1;
	snprintf(taken_id, sizeof taken_id, "report~%.8s", renamed);
	snprintf(want, sizeof want, "report~%s", renamed);
	mkfn all[3] = {taken, day1, day2}, rev[3] = {day2, day1, taken};
	char *j = build_json(all, 3), *r = build_json(rev, 3);
	json_t *root = json_loads(j, 0, NULL);
	json_t *docs = json_object_get(root, "documents");
	is_int(json_array_size(docs), 3, "three texts, three documents");
	is_str(json_string_value(json_object_get(json_array_get(docs, 2), "id")), want,
	       "a renamed id already taken: all 16 digits");
	is_str(json_string_value(json_object_get(json_array_get(docs, 1), "id")), taken_id,
	       "... and the document that had that id keeps it");
	is_str(r, j, "... in any order");
	mkfn fa[1] = {day1}, fb[1] = {day2}, ft[1] = {taken};
	char *ja = build_json(fa, 1), *jb = build_json(fb, 1), *jt = build_json(ft, 1);
	char *in[3] = {jb, jt, ja}, *again[2] = {j, jb};
	char *m = merge_json(in, 3), *m2 = merge_json(again, 2);
	is_str(m, j, "... and merge == build");
	is_str(m2, j, "... and a 16-digit id is known again");
	json_decref(root);
	free(j); free(r); free(ja); free(jb); free(jt); free(m); free(m2);
}

/* A timeline found faulty halfway adds nothing, even what it changed of
 * documents, actors and reports already there. */
static void
test_rollback(void)
{
	mkfn all[3] = {art_a, art_b, art_c}, fd[1] = {art_d};
	char *built = build_json(all, 3), *jd = build_json(fd, 1);
	json_t *r = json_loads(built, 0, NULL), *e, *x;
	size_t i, k;
	/* a smaller title, a new alias, a smaller version of a report, new
	 * documents, actors and reports ... */
	json_object_set_new(json_array_get(json_object_get(r, "documents"), 0), "title",
			    json_string("A"));
	json_array_append_new(json_object_get(json_array_get(json_object_get(r, "actors"), 0),
					      "aliases"), json_string("Johnny"));
	json_array_append_new(json_object_get(r, "documents"),
			      json_pack("{s:s}", "id", "zz-new"));
	json_array_append_new(json_object_get(r, "actors"),
			      json_pack("{s:s,s:s}", "id", "org:new", "type", "organisation"));
	json_array_foreach(json_object_get(r, "events"), i, e)
		json_array_foreach(json_object_get(e, "evidence"), k, x) {
			json_object_set_new(x, "end", json_integer(json_integer_value(
				json_object_get(x, "start"))));
			json_object_set_new(x, "document", json_string(i % 2 ? "zz-new" :
				json_string_value(json_object_get(x, "document"))));
		}
	char *good = json_dumps(r, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	/* ... and, in the last report, a code that is not one */
	e = json_array_get(json_object_get(r, "events"), json_array_size(json_object_get(r, "events")) - 1);
	json_object_set_new(json_array_get(json_object_get(e, "evidence"), 0), "cameo",
			    json_string("04\xc3\xa9"));
	char *bad = json_dumps(r, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(r);

	dl_graph *g = graph_new();
	is_int(graph_add_timeline(g, built, strlen(built), "built.json"), 0, "rollback: the build");
	is_int(graph_add_timeline(g, bad, strlen(bad), "bad.json"), -1,
	       "rollback: a timeline with a bad last report is rejected");
	is_int(graph_add_timeline(g, jd, strlen(jd), "d.json"), 0,
	       "rollback: the graph takes more afterwards");
	graph_finish(g);
	dl_buf out = {0};
	export_json(g, &out);
	graph_free(g);
	char *in[2] = {built, jd}, *want = merge_json(in, 2);
	is_str(out.p, want, "rollback: nothing of the faulty timeline is left");
	char *in2[2] = {built, good}, *changed = merge_json(in2, 2);
	ok(changed && strcmp(changed, want) != 0 && strstr(changed, "zz-new") &&
	   strstr(changed, "Johnny"), "rollback: (the same timeline without the fault "
	   "changes the graph)");

	/* alone: the lists of actors it made stay out of the finish (ASan) */
	g = graph_new();
	is_int(graph_add_timeline(g, bad, strlen(bad), "bad.json"), -1,
	       "rollback: the faulty timeline alone is rejected");
	graph_finish(g);
	is_int(g->ndocs + g->nactors + g->natoms + g->nevents, 0,
	       "rollback: ... and leaves an empty graph");
	graph_free(g);

	/* JSON Lines: the bad line alone is skipped */
	g = graph_new();
	dl_buf lines = {0};
	graph_add_timeline(g, good, strlen(good), "good.json");
	graph_finish(g);
	export_jsonl(g, &lines);
	graph_free(g);
	char *nl = strchr(lines.p, '\n');
	dl_buf mixed = {0};
	buf_put(&mixed, lines.p, (size_t)(nl - lines.p) + 1);
	buf_puts(&mixed, "{\"evidence\": [{\"document\": \"zz-more\", \"sentence\": 1, "
		 "\"start\": 0, \"end\": 1, \"status\": \"occurred\"}, {\"document\": "
		 "\"zz-more\", \"sentence\": -1, \"start\": 0, \"end\": 1, \"status\": "
		 "\"occurred\"}], \"action\": {\"cameo\": \"04\"}, \"source\": [\"org:x\"], "
		 "\"target\": [], \"documents\": [{\"id\": \"zz-more\"}], \"actors\": "
		 "[{\"id\": \"org:y\", \"type\": \"group\"}]}\n");
	g = graph_new();
	is_int(graph_add_timeline(g, mixed.p, mixed.len, "mixed.jsonl"), 1,
	       "rollback: a good line and a bad one: partly rejected");
	graph_finish(g);
	is_int(g->nevents, 1, "... the good line's event");
	is_int(g->ndocs, 1, "... and nothing of the bad line (its document, its actors)");
	int orgs = 0;
	for (size_t q = 0; q < g->nactors; q++)
		orgs += strncmp(g->actors[q].id, "org:", 4) == 0;
	ok(g->nactors > 0 && orgs == 0, "... (org:x, org:y taken back)");
	graph_free(g);
	buf_free(&mixed);
	buf_free(&lines);
	buf_free(&out);
	free(want); free(changed); free(built); free(jd); free(good); free(bad);
}

/* Clustering in n log n: one dyad's calls on 100 000 different days (a
 * scan of all clusters per report took minutes), and pairs of reports of
 * one call. */
static void
test_cluster_scale(void)
{
	const int n = 200000;
	const char *text = "Calls.";
	dl_article *a = ingest_article_new("many", text, strlen(text));
	a->id = arena_strdup(a->arena, "many");
	a->actors = arena_alloc(a->arena, 2 * sizeof *a->actors);
	a->events = arena_alloc(a->arena, (size_t)n * sizeof *a->events);
	int lav = mkactor(a, "person:sergei-lavrov", "Sergei Lavrov", ACT_PERSON, "RUS", NULL);
	int ker = mkactor(a, "person:john-kerry", "John Kerry", ACT_PERSON, "USA", NULL);
	for (int i = 0; i < n; i++) {
		char d[11], e[20], l[20];
		date_format(date_to_days(1800, 1, 1) + i / 2, d);
		/* two reports a day: the day, and an hour of it */
		snprintf(e, sizeof e, "%s%s", d, i % 2 ? "T10:00" : "");
		snprintf(l, sizeof l, "%s%s", d, i % 2 ? "T11:00" : "");
		mkevent(a, &call, lav, ker, ST_OCCURRED, d, e, l, "day", i, (size_t)i, (size_t)i + 1);
	}
	dl_graph *g = graph_new();
	graph_add_article(g, a);
	ingest_article_free(a);
	alarm(60);       /* was quadratic: minutes */
	graph_finish(g);
	alarm(0);
	is_int(g->natoms, n, "scale: 200 000 reports");
	is_int(g->nevents, n / 2, "scale: 100 000 calls (the hour joins its day)");
	int two = 0;
	for (size_t i = 0; i < g->nevents; i++)
		two += g->events[i].natoms == 2 &&
			strlen(g->events[i].time.earliest) == 16;
	is_int(two, n / 2, "scale: every call has its two reports and is known to the hour");
	graph_free(g);
}

/* Strings of a merge input are read as jansson reads them: every code
 * point below U+0800, the special ones and astral ones, written with
 * escapes only (\uXXXX, surrogate pairs, \/, \n ...) or as they are. */
static void
test_read_strings(void)
{
	static const long picks[] = {0x2028, 0x2029, 0xfeff, 0xfffd, 0xffff,
		0x10000, 0x1f600, 0x10ffff};
	json_t *docs = json_array();
	size_t n = 0;

	for (long cp = 1; cp < 0x800 + (long)(sizeof picks / sizeof *picks); cp++) {
		long u = cp < 0x800 ? cp : picks[cp - 0x800];
		char t[16], id[32];
		size_t k = 0;
		if (u < 0x80)
			t[k++] = (char)u;
		else if (u < 0x800) {
			t[k++] = (char)(0xc0 | (u >> 6));
			t[k++] = (char)(0x80 | (u & 0x3f));
		} else if (u < 0x10000) {
			t[k++] = (char)(0xe0 | (u >> 12));
			t[k++] = (char)(0x80 | ((u >> 6) & 0x3f));
			t[k++] = (char)(0x80 | (u & 0x3f));
		} else {
			t[k++] = (char)(0xf0 | (u >> 18));
			t[k++] = (char)(0x80 | ((u >> 12) & 0x3f));
			t[k++] = (char)(0x80 | ((u >> 6) & 0x3f));
			t[k++] = (char)(0x80 | (u & 0x3f));
		}
		memcpy(t + k, "x/y", 4);
		snprintf(id, sizeof id, "d%05ld", cp);
		json_array_append_new(docs, json_pack("{s:s,s:s,s:s}", "id", id,
						      "title", t, "source", t));
		n++;
	}
	json_t *r = json_pack("{s:s,s:o,s:[],s:[]}", "dipline", "1.0", "documents",
			      docs, "actors", "events");
	for (int ascii = 0; ascii < 2; ascii++) {
		char *s = json_dumps(r, JSON_INDENT(1) | JSON_PRESERVE_ORDER |
				     (ascii ? JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH : 0));
		dl_graph *g = graph_new();
		size_t same = 0, i;
		json_t *d;
		is_int(graph_add_timeline(g, s, strlen(s), "strings.json"), 0,
		       ascii ? "read strings: escaped, read" : "read strings: as they are, read");
		json_array_foreach(docs, i, d)
			same += i < g->ndocs && g->docs[i].title && g->docs[i].source &&
				strcmp(g->docs[i].title, json_string_value(json_object_get(d, "title"))) == 0 &&
				strcmp(g->docs[i].source, g->docs[i].title) == 0;
		is_int(same, n, ascii ? "read strings: every escaped title and source "
		       "decoded as jansson decodes it" : "read strings: every title "
		       "and source whole");
		if (ascii)
			ok(strstr(s, "\\uD83D\\uDE00") != NULL && strstr(s, "\\/") != NULL,
			   "read strings: (astral characters as surrogate pairs in the "
			   "text, \"/\" as \\/)");
		graph_free(g);
		free(s);
	}
	json_decref(r);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--dump") == 0) {
		/* regenerate tests/cases/graph/three.json */
		mkfn all[3] = {art_a, art_b, art_c};
		char *j = build_json(all, 3);
		fputs(j, stdout);
		free(j);
		return 0;
	}
	test_merge();
	test_ids_stable();
	test_invariance();
	test_facts_and_duplicates();
	test_surnames();
	test_symmetric();
	test_jsonl();
	test_id_collisions();
	test_reject();
	test_atom_keys();
	test_same_id();
	test_same_text_two_dates();
	test_same_id_taken();
	test_rollback();
	test_read_strings();
	test_cluster_scale();
	return done_testing();
}
