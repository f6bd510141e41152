/* export_dot.c - STUB */
#include "dipline.h"

int
export_dot(const dl_graph *g, dl_buf *out)
{
	(void)g; (void)out;
	return 0;
}

int
export_gexf(const dl_graph *g, dl_buf *out)
{
	(void)g; (void)out;
	return 0;
}
