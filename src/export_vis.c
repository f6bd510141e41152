/*
 * export_vis.c - vis-timeline data: {"groups": [{id, content}], "items":
 * [{id, group, content, start, end, type, title}]}.  A group is an actor
 * (the event's first source, else its first target); an item is an event
 * with a date: a "point" on its day, or a "range" from its first day to the
 * day after its last (end exclusive, as vis draws it).  vis-timeline sets
 * an item's content and title (its tooltip) and a group's content with
 * innerHTML (its xss filter can be turned off), so every piece of text from
 * the inputs in them is escaped (buf_xml).  ids are data keys, not HTML.
 * There are no links.
 */
#include "dipline.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int
export_vis_group(const dl_gevent *e)
{
	return e->nsrc ? e->src[0] : e->ntgt ? e->tgt[0] : -1;
}

int
export_vis(const dl_graph *g, dl_buf *out)
{
	json_t *root = json_object(), *groups = json_array(), *items = json_array();
	char *used = xcalloc(g->nactors + 1, 1);
	int nogroup = 0;
	dl_buf b = {0};

	for (size_t i = 0; i < g->nevents; i++) {
		const dl_gevent *e = &g->events[i];
		const char *first = e->time.earliest[0] ? e->time.earliest : e->time.latest;
		const char *last = e->time.latest[0] ? e->time.latest : e->time.earliest;
		long d0, d1;
		char s0[11], s1[11];

		if (!first[0] || date_parse_iso(first, &d0) != 0 ||
		    date_parse_iso(last, &d1) != 0)
			continue;
		if (d1 < d0)
			d1 = d0;
		date_format(d0, s0);
		date_format(d1 + 1, s1);
		int grp = export_vis_group(e);
		json_t *it = json_object();
		json_object_set_new(it, "id", json_string(e->id));
		if (grp >= 0) {
			used[grp] = 1;
			json_object_set_new(it, "group", json_string(g->actors[grp].id));
		} else {
			nogroup = 1;
			json_object_set_new(it, "group", json_string("-"));
		}
		dl_buf h = {0};
		graph_event_summary(g, e, &h);
		b.len = 0;
		buf_puts(&b, "");
		buf_xml(&b, h.p);
		json_object_set_new(it, "content", json_string(b.p));
		json_object_set_new(it, "start", json_string(s0));
		json_object_set_new(it, "end", d1 > d0 ? json_string(s1) : json_null());
		json_object_set_new(it, "type", json_string(d1 > d0 ? "range" : "point"));
		b.len = 0;
		buf_xml(&b, h.p);
		buf_free(&h);
		buf_puts(&b, " \xe2\x80\x94 ");
		buf_xml(&b, e->time.value[0] ? e->time.value : s0);
		buf_printf(&b, " (%zu source%s)", e->natoms, e->natoms == 1 ? "" : "s");
		json_object_set_new(it, "title", json_string(b.p));
		json_array_append_new(items, it);
	}
	for (size_t i = 0; i < g->nactors; i++) {
		if (!used[i])
			continue;
		json_t *gr = json_object();
		b.len = 0;
		buf_puts(&b, "");
		buf_xml(&b, g->actors[i].name);
		json_object_set_new(gr, "id", json_string(g->actors[i].id));
		json_object_set_new(gr, "content", json_string(b.p));
		json_array_append_new(groups, gr);
	}
	if (nogroup) {
		json_t *gr = json_object();
		json_object_set_new(gr, "id", json_string("-"));
		json_object_set_new(gr, "content", json_string("(no actor)"));
		json_array_append_new(groups, gr);
	}
	free(used);
	buf_free(&b);
	json_object_set_new(root, "groups", groups);
	json_object_set_new(root, "items", items);
	return export_dump(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER, "\n");
}
