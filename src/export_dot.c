/*
 * export_dot.c - the actor network: Graphviz DOT (-f dot) and GEXF 1.3 for
 * Gephi (-f gexf).  Nodes are actors; every event gives one directed edge
 * per (source, target) pair, labelled with its date and action.  Events
 * without a target have no edge.  Text from the inputs is escaped for each
 * (export_dot_str; buf_xml for GEXF, which also keeps every character XML
 * 1.0 forbids, such as controls and U+FFFE, out of the file).
 */
#ifdef HAVE_CONFIG_H
#endif
#include "dipline.h"

#include <string.h>

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

/* A DOT double-quoted string (IDs and labels alike): the text cleaned
 * (escape_text: controls, noncharacters and bytes that are not UTF-8
 * become U+FFFD, TAB a space), '"' and '\\' escaped with a backslash, line
 * breaks written as \n, so a string never ends early nor spans lines. */
static void
export_dot_str(dl_buf *b, const char *s)
{
	dl_buf t = {0};

	escape_text(&t, s, ESCAPE_LINES);
	buf_puts(b, "\"");
	for (const char *p = t.p; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_puts(b, "\\");
		if (*p == '\n')
			buf_puts(b, "\\n");
		else
			buf_put(b, p, 1);
	}
	buf_puts(b, "\"");
	buf_free(&t);
}

static const char *
export_dot_color(int quad)
{
	switch (quad) {
	case 1: return "forestgreen";   /* verbal cooperation */
	case 2: return "darkgreen";     /* material cooperation */
	case 3: return "darkorange";    /* verbal conflict */
	case 4: return "firebrick";     /* material conflict */
	}
	return "gray40";
}

static const char *
export_dot_shape(dl_actor_type t)
{
	switch (t) {
	case ACT_PERSON: return "ellipse";
	case ACT_STATE: return "box";
	case ACT_ORGANISATION: return "hexagon";
	case ACT_GROUP: return "octagon";
	}
	return "box";
}

static const char *
export_dot_date(const dl_gevent *e)
{
	return e->time.value[0] ? e->time.value :
		e->time.earliest[0] ? e->time.earliest : "undated";
}

int
export_dot(const dl_graph *g, dl_buf *out)
{
	buf_puts(out, "digraph dipline {\n\trankdir=LR;\n"
		 "\tnode [fontname=\"Helvetica\"];\n"
		 "\tedge [fontname=\"Helvetica\", fontsize=10];\n");
	for (size_t i = 0; i < g->nactors; i++) {
		const dl_actor *a = &g->actors[i];
		buf_puts(out, "\t");
		export_dot_str(out, a->id);
		buf_puts(out, " [label=");
		export_dot_str(out, a->name);
		buf_printf(out, ", shape=%s];\n", export_dot_shape(a->type));
	}
	for (size_t i = 0; i < g->nevents; i++) {
		const dl_gevent *e = &g->events[i];
		int k = 0, many = e->nsrc * e->ntgt > 1;
		for (int s = 0; s < e->nsrc; s++)
			for (int t = 0; t < e->ntgt; t++, k++) {
				dl_buf l = {0}, id = {0};
				buf_puts(&id, e->id);
				if (many)
					buf_printf(&id, "/%d", k + 1);
				buf_printf(&l, "%s %s", export_dot_date(e),
					   e->action.label ? e->action.label : e->action.code);
				if (e->status != ST_OCCURRED)
					buf_printf(&l, " (%s)", events_status_name(e->status));
				buf_puts(out, "\t");
				export_dot_str(out, g->actors[e->src[s]].id);
				buf_puts(out, " -> ");
				export_dot_str(out, g->actors[e->tgt[t]].id);
				buf_puts(out, " [label=");
				export_dot_str(out, l.p);
				buf_puts(out, ", id=");
				export_dot_str(out, id.p);
				buf_printf(out, ", color=%s%s];\n",
					   export_dot_color(e->action.quad_class),
					   e->status == ST_OCCURRED ? "" : ", style=dashed");
				buf_free(&l);
				buf_free(&id);
			}
	}
	buf_puts(out, "}\n");
	return 0;
}

static void
export_gexf_att(dl_buf *b, const char *id, const char *v)
{
	buf_printf(b, "          <attvalue for=\"%s\" value=\"", id);
	buf_xml(b, v ? v : "");
	buf_puts(b, "\"/>\n");
}

int
export_gexf(const dl_graph *g, dl_buf *out)
{
	char num[32];

	buf_puts(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<gexf xmlns=\"http://gexf.net/1.3\" "
		"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
		"xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" "
		"version=\"1.3\">\n"
		"  <meta>\n"
		"    <creator>dipline " PACKAGE_VERSION "</creator>\n"
		"    <description>Diplomatic events: actors and the events between them</description>\n"
		"  </meta>\n"
		"  <graph defaultedgetype=\"directed\" mode=\"static\">\n"
		"    <attributes class=\"node\">\n"
		"      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n"
		"      <attribute id=\"country\" title=\"country\" type=\"string\"/>\n"
		"      <attribute id=\"roles\" title=\"roles\" type=\"string\"/>\n"
		"    </attributes>\n"
		"    <attributes class=\"edge\">\n"
		"      <attribute id=\"event\" title=\"event\" type=\"string\"/>\n"
		"      <attribute id=\"cameo\" title=\"cameo\" type=\"string\"/>\n"
		"      <attribute id=\"label\" title=\"label\" type=\"string\"/>\n"
		"      <attribute id=\"plover\" title=\"plover\" type=\"string\"/>\n"
		"      <attribute id=\"quad_class\" title=\"quad_class\" type=\"integer\"/>\n"
		"      <attribute id=\"goldstein\" title=\"goldstein\" type=\"double\"/>\n"
		"      <attribute id=\"status\" title=\"status\" type=\"string\"/>\n"
		"      <attribute id=\"date\" title=\"date\" type=\"string\"/>\n"
		"      <attribute id=\"earliest\" title=\"earliest\" type=\"string\"/>\n"
		"      <attribute id=\"latest\" title=\"latest\" type=\"string\"/>\n"
		"      <attribute id=\"evidence\" title=\"evidence\" type=\"integer\"/>\n"
		"    </attributes>\n"
		"    <nodes>\n");
	for (size_t i = 0; i < g->nactors; i++) {
		const dl_actor *a = &g->actors[i];
		dl_buf r = {0};
		buf_puts(out, "      <node id=\"");
		buf_xml(out, a->id);
		buf_puts(out, "\" label=\"");
		buf_xml(out, a->name);
		buf_puts(out, "\">\n        <attvalues>\n");
		export_gexf_att(out, "type", actors_type_name(a->type));
		export_gexf_att(out, "country", a->country);
		for (size_t k = 0; k < a->nroles; k++)
			buf_printf(&r, "%s%s", k ? "; " : "", a->roles[k]);
		export_gexf_att(out, "roles", r.p);
		buf_free(&r);
		buf_puts(out, "        </attvalues>\n      </node>\n");
	}
	buf_puts(out, "    </nodes>\n    <edges>\n");
	for (size_t i = 0; i < g->nevents; i++) {
		const dl_gevent *e = &g->events[i];
		int k = 0, many = e->nsrc * e->ntgt > 1;
		for (int s = 0; s < e->nsrc; s++)
			for (int t = 0; t < e->ntgt; t++, k++) {
				dl_buf l = {0};
				buf_puts(out, "      <edge id=\"");
				buf_xml(out, e->id);
				if (many)
					buf_printf(out, "/%d", k + 1);
				buf_puts(out, "\" source=\"");
				buf_xml(out, g->actors[e->src[s]].id);
				buf_puts(out, "\" target=\"");
				buf_xml(out, g->actors[e->tgt[t]].id);
				buf_puts(out, "\" label=\"");
				buf_printf(&l, "%s %s", export_dot_date(e),
					   e->action.label ? e->action.label : e->action.code);
				buf_xml(out, l.p);
				buf_free(&l);
				buf_puts(out, "\">\n        <attvalues>\n");
				export_gexf_att(out, "event", e->id);
				export_gexf_att(out, "cameo", e->action.code);
				export_gexf_att(out, "label", e->action.label);
				export_gexf_att(out, "plover", e->action.plover);
				snprintf(num, sizeof num, "%d", e->action.quad_class);
				export_gexf_att(out, "quad_class", num);
				snprintf(num, sizeof num, "%.1f", e->action.goldstein);
				export_gexf_att(out, "goldstein", num);
				export_gexf_att(out, "status", events_status_name(e->status));
				export_gexf_att(out, "date", e->time.value);
				export_gexf_att(out, "earliest", e->time.earliest);
				export_gexf_att(out, "latest", e->time.latest);
				snprintf(num, sizeof num, "%zu", e->natoms);
				export_gexf_att(out, "evidence", num);
				buf_puts(out, "        </attvalues>\n      </edge>\n");
			}
	}
	buf_puts(out, "    </edges>\n  </graph>\n</gexf>\n");
	return 0;
}
