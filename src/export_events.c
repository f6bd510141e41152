/* export_events.c - `dipline events`: one JSON line per event. STUB */
#include "dipline.h"

int
export_article_events(const dl_article *art, dl_buf *out)
{
	(void)art; (void)out;
	return 0;
}
