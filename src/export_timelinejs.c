/* export_timelinejs.c - STUB */
#include "dipline.h"

int
export_timelinejs(const dl_graph *g, dl_buf *out)
{
	(void)g; (void)out;
	return 0;
}
