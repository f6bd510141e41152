/*
 * export_events.c - `dipline events`: one JSON object a line per event of
 * one article, before merging.  Every line stands alone: actors are
 * written as objects.  Keys, in this order (schemas/event.schema.json):
 *
 *   document, id, action {cameo, label, plover, quad_class, goldstein,
 *   trigger}, source [actor], target [actor], status, time {value, type,
 *   earliest, latest, granularity, mod, text, anchor}, series null |
 *   {ordinal, window}, attributed_to null | actor, evidence [{document,
 *   sentence, start, end}]
 *
 *   actor = {id, name, type, country, code}  (country/code null when none)
 *
 * The id is "ev-" + 16 hex digits of a hash of the document id, sentence,
 * trigger offset, CAMEO code and series ordinal: deterministic.
 */
#include "dipline.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *
str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *
actor_json(const dl_article *art, int i)
{
	if (i < 0 || (size_t)i >= art->nactors)
		return json_null();
	const dl_actor *a = &art->actors[i];
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(a->id));
	json_object_set_new(o, "name", json_string(a->name));
	json_object_set_new(o, "type", json_string(actors_type_name(a->type)));
	json_object_set_new(o, "country", str_or_null(a->country));
	json_object_set_new(o, "code", str_or_null(a->code));
	return o;
}

static json_t *
actors_json(const dl_article *art, const int *idx, int n)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, actor_json(art, idx[i]));
	return arr;
}

static void
event_id(const dl_article *art, const dl_event *e, char out[20])
{
	dl_buf b = {0};
	buf_printf(&b, "%s\x1f%d\x1f%zu\x1f%s\x1f%d", art->id ? art->id : "",
		   e->sentence, e->trigger_start, e->cameo ? e->cameo->code : "",
		   e->status == ST_IMPLIED ? e->series_ordinal : 0);
	uint64_t h = util_hash64(b.p, b.len, 0);
	buf_free(&b);
	snprintf(out, 20, "ev-%016llx", (unsigned long long)h);
}

int
export_article_events(const dl_article *art, dl_buf *out)
{
	for (size_t i = 0; i < art->nevents; i++) {
		const dl_event *e = &art->events[i];
		const dl_cameo *k = e->cameo;
		char id[20];
		json_t *o = json_object();

		event_id(art, e, id);
		json_object_set_new(o, "document", str_or_null(art->id));
		json_object_set_new(o, "id", json_string(id));
		json_t *a = json_object();
		json_object_set_new(a, "cameo", json_string(k ? k->code : ""));
		json_object_set_new(a, "label", k ? json_string(k->label) : json_null());
		json_object_set_new(a, "plover", k ? str_or_null(k->plover) : json_null());
		json_object_set_new(a, "quad_class", k ? json_integer(k->quad_class) :
				    json_null());
		json_object_set_new(a, "goldstein", k ? json_real(k->goldstein) :
				    json_null());
		json_object_set_new(a, "trigger", str_or_null(e->trigger));
		json_object_set_new(o, "action", a);
		json_object_set_new(o, "source", actors_json(art, e->src, e->nsrc));
		json_object_set_new(o, "target", actors_json(art, e->tgt, e->ntgt));
		json_object_set_new(o, "status", json_string(events_status_name(e->status)));
		json_t *t = json_object();
		json_object_set_new(t, "value", str_or_null(e->time.value));
		json_object_set_new(t, "type", str_or_null(e->time.type));
		json_object_set_new(t, "earliest", str_or_null(e->time.earliest));
		json_object_set_new(t, "latest", str_or_null(e->time.latest));
		json_object_set_new(t, "granularity", str_or_null(e->time.granularity));
		json_object_set_new(t, "mod", str_or_null(e->time.mod));
		json_object_set_new(t, "text", str_or_null(e->time.text));
		json_object_set_new(t, "anchor", json_string(e->time.anchor ?
							     e->time.anchor : "none"));
		json_object_set_new(o, "time", t);
		if (e->series_ordinal > 0) {
			json_t *s = json_object();
			json_object_set_new(s, "ordinal", json_integer(e->series_ordinal));
			json_object_set_new(s, "window", str_or_null(e->series_window));
			if (e->series_of >= 0) {
				char of[20];
				event_id(art, &art->events[e->series_of], of);
				json_object_set_new(s, "of", json_string(of));
			} else
				json_object_set_new(s, "of", json_null());
			json_object_set_new(o, "series", s);
		} else
			json_object_set_new(o, "series", json_null());
		json_object_set_new(o, "attributed_to", actor_json(art, e->attributed_to));
		json_t *ev = json_array(), *x = json_object();
		json_object_set_new(x, "document", str_or_null(art->id));
		json_object_set_new(x, "sentence", json_integer(e->sentence));
		json_object_set_new(x, "start", json_integer((json_int_t)e->start));
		json_object_set_new(x, "end", json_integer((json_int_t)e->end));
		json_array_append_new(ev, x);
		json_object_set_new(o, "evidence", ev);
		if (export_dump(o, out, JSON_PRESERVE_ORDER | JSON_COMPACT |
				JSON_ENSURE_ASCII | JSON_REAL_PRECISION(4), "\n") != 0)
			return -1;
	}
	return 0;
}
