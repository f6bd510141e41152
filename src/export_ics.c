/* export_ics.c - STUB */
#include "dipline.h"

int
export_ics(const dl_graph *g, dl_buf *out)
{
	(void)g; (void)out;
	return 0;
}
