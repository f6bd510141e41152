/*
 * export_csv.c - one event a row, RFC 4180: CRLF line ends, a header row,
 * fields quoted when they hold a comma, a double quote, CR or LF (quotes
 * doubled), and also a semicolon or TAB, the separators spreadsheets use in
 * other locales, so that no part of a field becomes a cell of its own.
 * Lists (actors, documents) are joined with ';'.
 *
 * Text from the inputs is cleaned (escape_text: controls other than TAB and
 * line breaks become U+FFFD) and neutralised against formula injection as
 * OWASP's "CSV Injection" page recommends: a field that starts with TAB or
 * a line break, or whose first character after white space is = + - or @, is
 * prefixed with a single quote, so spreadsheets read it as text.  Plain
 * decimal numbers ("-10.0") are left alone.
 */
#include "dipline.h"

#include <string.h>

static const char *const export_csv_cols[] = {
	"id", "date", "earliest", "latest", "granularity", "cameo", "plover",
	"label", "quad_class", "goldstein", "source", "target", "status",
	"documents", "sentences", "evidence", "url", "attributed_to", "series",
	"ordinal", "source_names", "target_names", "trigger", "time_text"};
#define CSV_NCOLS (sizeof export_csv_cols / sizeof *export_csv_cols)

/* "-10", "2.5": a number, which no spreadsheet takes for a formula. */
static int
export_csv_number(const char *s)
{
	size_t i = *s == '-', digits = strspn(s + i, "0123456789");

	if (digits == 0)
		return 0;
	i += digits;
	if (s[i] == '.') {
		digits = strspn(s + i + 1, "0123456789");
		if (digits == 0)
			return 0;
		i += 1 + digits;
	}
	return s[i] == '\0';
}

/* 1 when a spreadsheet could take the field for a formula. */
static int
export_csv_formula(const char *s)
{
	if (*s == '\t' || *s == '\r' || *s == '\n')   /* CR is LF once cleaned */
		return 1;
	const char *p = s + strspn(s, " \t\r\n");
	return *p != '\0' && strchr("=+-@", *p) != NULL && !export_csv_number(s);
}

static void
export_csv_field(dl_buf *out, const char *s, int last)
{
	dl_buf t = {0}, c = {0};

	escape_text(&c, s, ESCAPE_TAB | ESCAPE_LINES);
	if (export_csv_formula(c.p))
		buf_puts(&t, "'");
	buf_puts(&t, c.p);
	buf_free(&c);
	if (strpbrk(t.p, ",\"\r\n;\t") != NULL) {
		buf_puts(out, "\"");
		for (const char *p = t.p; *p; p++) {
			if (*p == '"')
				buf_puts(out, "\"");
			buf_put(out, p, 1);
		}
		buf_puts(out, "\"");
	} else
		buf_puts(out, t.p);
	buf_free(&t);
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
