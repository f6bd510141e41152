/* export_summary.c - a short human summary of a graph on the terminal.
 * Names and dates come from the inputs: they are cleaned (escape_text) so
 * that no control character (ESC, BEL, CSI as U+009B ...) reaches the
 * terminal; each becomes U+FFFD. */
#include "dipline.h"

#include <stdlib.h>
#include <string.h>

#define SUMMARY_TOP 5

/* Write s to fp cleaned for the terminal. */
static void
summary_put(FILE *fp, const char *s)
{
	dl_buf b = {0};
	escape_text(&b, s, 0);
	fputs(b.p, fp);
	buf_free(&b);
}

static int
summary_cmp(const void *a, const void *b)
{
	const dl_timeline *x = *(const dl_timeline *const *)a;
	const dl_timeline *y = *(const dl_timeline *const *)b;
	if (x->nevents != y->nevents)
		return x->nevents > y->nevents ? -1 : 1;
	return x < y ? -1 : x > y;   /* graph order: by actor ids */
}

void
export_summary(const dl_graph *g, FILE *fp)
{
	size_t bystatus[ST_IMPLIED + 1] = {0}, ndyads = 0, k = 0;
	const char *first = NULL, *last = NULL;

	for (size_t i = 0; i < g->nevents; i++) {
		const dl_gevent *e = &g->events[i];
		bystatus[e->status]++;
		if (e->time.earliest[0] && (!first ||
		    graph_time_cmp(e->time.earliest, 0, first, 0) < 0))
			first = e->time.earliest;
		if (e->time.latest[0] && (!last ||
		    graph_time_cmp(e->time.latest, 1, last, 1) > 0))
			last = e->time.latest;
	}
	fprintf(fp, "dipline: %zu document%s, %zu actor%s, %zu event%s",
		g->ndocs, g->ndocs == 1 ? "" : "s", g->nactors,
		g->nactors == 1 ? "" : "s", g->nevents, g->nevents == 1 ? "" : "s");
	for (int s = ST_OCCURRED, n = 0; s <= ST_IMPLIED; s++)
		if (bystatus[s])
			fprintf(fp, "%s%zu %s", n++ ? ", " : " (", bystatus[s],
				events_status_name((dl_status)s));
	if (g->nevents)
		fputs(")", fp);
	for (size_t i = 0; i < g->ntimelines; i++)
		if (g->timelines[i].actor < 0)
			ndyads++;
	fprintf(fp, ", %zu dyad%s\n", ndyads, ndyads == 1 ? "" : "s");
	if (first || last) {
		fputs("dipline: dates ", fp);
		summary_put(fp, first ? first : "?");
		fputs(" .. ", fp);
		summary_put(fp, last ? last : "?");
		fputs("\n", fp);
	}
	if (ndyads == 0)
		return;
	const dl_timeline **d = xmalloc(ndyads * sizeof *d);
	for (size_t i = 0; i < g->ntimelines; i++)
		if (g->timelines[i].actor < 0)
			d[k++] = &g->timelines[i];
	if (ndyads > 1)
		qsort(d, ndyads, sizeof *d, summary_cmp);
	fputs("dipline: top dyads:", fp);
	for (size_t i = 0; i < ndyads && i < SUMMARY_TOP; i++) {
		fputs(i ? ", " : " ", fp);
		summary_put(fp, g->actors[d[i]->dyad[0]].name);
		fputs(" \xe2\x80\x93 ", fp);
		summary_put(fp, g->actors[d[i]->dyad[1]].name);
		fprintf(fp, " (%zu)", d[i]->nevents);
	}
	fputs("\n", fp);
	free(d);
}
