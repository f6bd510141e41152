/* export_json.c - STUB */
#include "dipline.h"

int
export_json(const dl_graph *g, dl_buf *out)
{
	(void)g; (void)out;
	return 0;
}

int
export_jsonl(const dl_graph *g, dl_buf *out)
{
	(void)g; (void)out;
	return 0;
}
