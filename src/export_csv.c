/*
 * export_csv.c - one event a row, RFC 4180: CRLF line ends, a header row,
 * fields quoted when they hold a comma, a double quote, CR or LF (quotes
 * doubled).  Lists (actors, documents) are joined with ';'.
 */
#include "dipline.h"

#include <string.h>

static const char *const export_csv_cols[] = {
	"id", "date", "earliest", "latest", "granularity", "cameo", "plover",
	"label", "quad_class", "goldstein", "source", "target", "status",
	"documents", "sentences", "evidence", "url", "attributed_to", "series",
	"ordinal", "source_names", "target_names", "trigger", "time_text"};
#define CSV_NCOLS (sizeof export_csv_cols / sizeof *export_csv_cols)

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
	dl_buf f[CSV_NCOLS];
	const char *v[CSV_NCOLS];

	memset(f, 0, sizeof f);
	for (size_t c = 0; c < CSV_NCOLS; c++)
		export_csv_field(out, export_csv_cols[c], c + 1 == CSV_NCOLS);
	for (size_t i = 0; i < g->nevents; i++) {
		const dl_gevent *e = &g->events[i];
		const char *url = NULL;

		for (size_t c = 0; c < CSV_NCOLS; c++) {
			f[c].len = 0;
			buf_puts(&f[c], "");
			v[c] = NULL;
		}
		v[0] = e->id;
		v[1] = e->time.value;
		v[2] = e->time.earliest;
		v[3] = e->time.latest;
		v[4] = e->time.granularity;
		v[5] = e->action.code;
		v[6] = e->action.plover;
		v[7] = e->action.label;
		buf_printf(&f[8], "%d", e->action.quad_class);
		buf_printf(&f[9], "%.1f", e->action.goldstein);
		export_csv_actors(g, e->src, e->nsrc, 0, &f[10]);
		export_csv_actors(g, e->tgt, e->ntgt, 0, &f[11]);
		v[12] = events_status_name(e->status);
		for (size_t k = 0; k < e->natoms; k++) {
			const dl_atom *at = &g->atoms[e->atoms[k]];
			const dl_gdoc *d = &g->docs[at->doc];
			/* documents each once, in evidence order */
			if (k == 0 || g->atoms[e->atoms[k - 1]].doc != at->doc)
				buf_printf(&f[13], "%s%s", k ? ";" : "", d->id);
			buf_printf(&f[14], "%s%s:%d", k ? ";" : "", d->id, at->sentence);
			if (url == NULL && d->url)
				url = d->url;
		}
		buf_printf(&f[15], "%zu", e->natoms);
		v[16] = url;
		v[17] = e->attributed_to >= 0 ? g->actors[e->attributed_to].id : NULL;
		v[18] = e->series >= 0 ? g->series[e->series].id : NULL;
		if (e->ordinal)
			buf_printf(&f[19], "%d", e->ordinal);
		export_csv_actors(g, e->src, e->nsrc, 1, &f[20]);
		export_csv_actors(g, e->tgt, e->ntgt, 1, &f[21]);
		v[22] = e->trigger;
		v[23] = e->time.text;
		for (size_t c = 0; c < CSV_NCOLS; c++)
			export_csv_field(out, v[c] ? v[c] : f[c].p, c + 1 == CSV_NCOLS);
	}
	for (size_t c = 0; c < CSV_NCOLS; c++)
		buf_free(&f[c]);
	return 0;
}
