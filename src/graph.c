/* graph.c - merge events of many articles into one graph. STUB */
#include "dipline.h"

#include <stdlib.h>

struct dl_graph {
	int dummy;
};

dl_graph *graph_new(void) { return xcalloc(1, sizeof(dl_graph)); }
void graph_free(dl_graph *g) { free(g); }
void graph_add_article(dl_graph *g, const dl_article *art) { (void)g; (void)art; }
int
graph_add_timeline(dl_graph *g, const char *json, size_t len, const char *origin)
{
	(void)g; (void)json; (void)len; (void)origin;
	return 0;
}
void graph_finish(dl_graph *g) { (void)g; }
