/*
 * export_timelinejs.c - TimelineJS 3 JSON: {"title": slide, "events":
 * [slides]}.  A slide has start_date/end_date ({year, month, day} as
 * strings, as precise as the event's granularity), text {headline, text},
 * group (the dyad or actor) and unique_id (the event id).  Events without
 * a date are left out.
 *
 * TimelineJS3 sets text.headline, text.text and the group label with
 * innerHTML (Text.js, TimeMarker.js, TimeGroup.js), so all three are HTML:
 * every piece of text from the inputs in them is escaped (buf_xml), and a
 * document becomes a link only when its URL is http(s) (escape_url_ok).
 * unique_id is only ever used as an element id (a DOM property, not HTML)
 * and is dipline's own "ev-" + hex.
 */
#include "dipline.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *
export_tl_date(const char *iso, const char *gran)
{
	long days;
	char v[16];
	if (date_parse_iso(iso, &days) != 0)
		return NULL;
	json_t *o = json_object();
	dl_ymd d = date_from_days(days);
	snprintf(v, sizeof v, "%d", d.y);
	json_object_set_new(o, "year", json_string(v));
	if (strcmp(gran, "year") && strcmp(gran, "decade") && strcmp(gran, "century")) {
		snprintf(v, sizeof v, "%d", d.m);
		json_object_set_new(o, "month", json_string(v));
		if (strcmp(gran, "month") && strcmp(gran, "quarter")) {
			snprintf(v, sizeof v, "%d", d.d);
			json_object_set_new(o, "day", json_string(v));
		}
	}
	return o;
}

static void
export_tl_group(const dl_graph *g, const dl_gevent *e, dl_buf *b)
{
	if (e->nsrc && e->ntgt) {
		const char *a = g->actors[e->src[0]].name, *c = g->actors[e->tgt[0]].name;
		if (strcmp(g->actors[e->src[0]].id, g->actors[e->tgt[0]].id) > 0) {
			const char *t = a;
			a = c;
			c = t;
		}
		buf_xml(b, a);
		buf_puts(b, " \xe2\x80\x93 ");
		buf_xml(b, c);
	} else if (e->nsrc)
		buf_xml(b, g->actors[e->src[0]].name);
	else if (e->ntgt)
		buf_xml(b, g->actors[e->tgt[0]].name);
	else
		buf_puts(b, "");
}

/* One evidence line: the document (a link when its URL is http(s)), its
 * date and the sentence. */
static void
export_tl_evidence(const dl_gdoc *d, int sentence, dl_buf *b)
{
	int link = escape_url_ok(d->url);

	buf_puts(b, "<li>");
	if (link) {
		buf_puts(b, "<a href=\"");
		buf_xml(b, d->url);
		buf_puts(b, "\">");
	}
	buf_xml(b, d->title ? d->title : d->id);
	if (link)
		buf_puts(b, "</a>");
	if (d->published[0]) {
		buf_puts(b, " (");
		buf_xml(b, d->published);
		buf_puts(b, ")");
	}
	buf_printf(b, ", sentence %d</li>", sentence);
}

int
export_timelinejs(const dl_graph *g, dl_buf *out)
{
	json_t *root = json_object(), *title = json_object(), *tt = json_object();
	json_t *evs = json_array();
	dl_buf b = {0};

	json_object_set_new(tt, "headline", json_string("Diplomatic timeline"));
	buf_printf(&b, "%zu events from %zu documents", g->nevents, g->ndocs);
	json_object_set_new(tt, "text", json_string(b.p));
	json_object_set_new(title, "text", tt);
	json_object_set_new(root, "title", title);
	for (size_t i = 0; i < g->nevents; i++) {
		const dl_gevent *e = &g->events[i];
		const char *first = e->time.earliest[0] ? e->time.earliest : e->time.latest;
		const char *last = e->time.latest[0] ? e->time.latest : e->time.earliest;
		const char *gran = e->time.granularity;
		json_t *s, *sd, *ed, *txt;

		if (!first[0] || (sd = export_tl_date(first, gran)) == NULL)
			continue;
		s = json_object();
		json_object_set_new(s, "start_date", sd);
		if (strcmp(first, last) != 0 &&
		    (ed = export_tl_date(last, gran)) != NULL) {
			if (json_equal(ed, sd))
				json_decref(ed);
			else
				json_object_set_new(s, "end_date", ed);
		}
		txt = json_object();
		b.len = 0;
		buf_puts(&b, "");
		{
			dl_buf h = {0};
			graph_event_summary(g, e, &h);
			buf_xml(&b, h.p);
			buf_free(&h);
		}
		json_object_set_new(txt, "headline", json_string(b.p));
		b.len = 0;
		buf_puts(&b, "<p>");
		buf_xml(&b, e->action.code);
		buf_puts(&b, " ");
		buf_xml(&b, e->action.label);
		buf_printf(&b, " &middot; %s", events_status_name(e->status));
		if (e->time.text) {
			buf_puts(&b, " &middot; &ldquo;");
			buf_xml(&b, e->time.text);
			buf_puts(&b, "&rdquo;");
		}
		buf_puts(&b, "</p><ul>");
		for (size_t k = 0; k < e->natoms; k++) {
			const dl_atom *at = &g->atoms[e->atoms[k]];
			export_tl_evidence(&g->docs[at->doc], at->sentence, &b);
		}
		buf_puts(&b, "</ul>");
		json_object_set_new(txt, "text", json_string(b.p));
		json_object_set_new(s, "text", txt);
		b.len = 0;
		buf_puts(&b, "");
		export_tl_group(g, e, &b);
		json_object_set_new(s, "group", json_string(b.p));
		json_object_set_new(s, "unique_id", json_string(e->id));
		json_array_append_new(evs, s);
	}
	json_object_set_new(root, "events", evs);
	buf_free(&b);
	return export_dump(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER, "\n");
}
