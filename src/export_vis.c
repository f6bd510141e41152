/* export_vis.c - STUB */
#include "dipline.h"

int
export_vis(const dl_graph *g, dl_buf *out)
{
	(void)g; (void)out;
	return 0;
}
