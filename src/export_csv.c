/*
 * export_csv.c - one event a row, RFC 4180: CRLF line ends, a header row,
 * fields quoted when they hold a comma, a double quote, CR or LF (quotes
 * doubled).  Lists (actors, documents) are joined with ';'.
 */
#include "dipline.h"

#include <string.h>

static const char export_csv_header[] =
	"id,date,earliest,latest,granularity,cameo,plover,label,quad_class,"
	"goldstein,source,target,source_names,target_names,status,"
	"attributed_to,series,ordinal,documents,sentences,evidence,url,trigger,"
	"time_text\r\n";

static void
export_csv_field(dl_buf *out, const char *s, int last)
{
	if (s == NULL)
		s = "";
	if (strpbrk(s, ",\"\r\n") != NULL) {
		buf_puts(out, "\"");
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				buf_puts(out, "\"");
			buf_put(out, p, 1);
		}
		buf_puts(out, "\"");
	} else
		buf_puts(out, s);
	buf_puts(out, last ? "\r\n" : ",");
}

static void
export_csv_actors(const dl_graph *g, const int *v, int n, int names, dl_buf *b)
{
	for (int i = 0; i < n; i++) {
		const dl_actor *a = &g->actors[v[i]];
		buf_puts(b, i ? ";" : "");
		buf_puts(b, names ? a->name : a->id);
	}
}

int
export_csv(const dl_graph *g, dl_buf *out)
{
	dl_buf f = {0};

	buf_puts(out, export_csv_header);
	for (size_t i = 0; i < g->nevents; i++) {
		const dl_gevent *e = &g->events[i];
		const char *url = NULL;
#define CSV_BUF(stmt) do { f.len = 0; buf_puts(&f, ""); stmt; } while (0)
		export_csv_field(out, e->id, 0);
		export_csv_field(out, e->time.value, 0);
		export_csv_field(out, e->time.earliest, 0);
		export_csv_field(out, e->time.latest, 0);
		export_csv_field(out, e->time.granularity, 0);
		export_csv_field(out, e->action.code, 0);
		export_csv_field(out, e->action.plover, 0);
		export_csv_field(out, e->action.label, 0);
		CSV_BUF(buf_printf(&f, "%d", e->action.quad_class));
		export_csv_field(out, f.p, 0);
		CSV_BUF(buf_printf(&f, "%.1f", e->action.goldstein));
		export_csv_field(out, f.p, 0);
		CSV_BUF(export_csv_actors(g, e->src, e->nsrc, 0, &f));
		export_csv_field(out, f.p, 0);
		CSV_BUF(export_csv_actors(g, e->tgt, e->ntgt, 0, &f));
		export_csv_field(out, f.p, 0);
		CSV_BUF(export_csv_actors(g, e->src, e->nsrc, 1, &f));
		export_csv_field(out, f.p, 0);
		CSV_BUF(export_csv_actors(g, e->tgt, e->ntgt, 1, &f));
		export_csv_field(out, f.p, 0);
		export_csv_field(out, events_status_name(e->status), 0);
		export_csv_field(out, e->attributed_to >= 0 ?
				 g->actors[e->attributed_to].id : "", 0);
		export_csv_field(out, e->series >= 0 ? g->series[e->series].id : "", 0);
		CSV_BUF(if (e->ordinal) buf_printf(&f, "%d", e->ordinal));
		export_csv_field(out, f.p, 0);
		/* documents: each once, in evidence order */
		CSV_BUF(for (size_t k = 0; k < e->natoms; k++) {
			const dl_atom *at = &g->atoms[e->atoms[k]];
			if (k && g->atoms[e->atoms[k - 1]].doc == at->doc)
				continue;
			buf_printf(&f, "%s%s", k ? ";" : "", g->docs[at->doc].id);
			if (url == NULL && g->docs[at->doc].url)
				url = g->docs[at->doc].url;
		});
		export_csv_field(out, f.p, 0);
		CSV_BUF(for (size_t k = 0; k < e->natoms; k++) {
			const dl_atom *at = &g->atoms[e->atoms[k]];
			buf_printf(&f, "%s%s:%d", k ? ";" : "", g->docs[at->doc].id,
				   at->sentence);
		});
		export_csv_field(out, f.p, 0);
		CSV_BUF(buf_printf(&f, "%zu", e->natoms));
		export_csv_field(out, f.p, 0);
		export_csv_field(out, url, 0);
		export_csv_field(out, e->trigger, 0);
		export_csv_field(out, e->time.text, 1);
#undef CSV_BUF
	}
	buf_free(&f);
	return 0;
}
