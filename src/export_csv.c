/* export_csv.c - STUB */
#include "dipline.h"

int
export_csv(const dl_graph *g, dl_buf *out)
{
	(void)g; (void)out;
	return 0;
}
