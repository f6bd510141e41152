/* export_times.c - `dipline times` output. STUB */
#include "dipline.h"

int
export_article_times(const dl_article *art, dl_buf *out)
{
	(void)art;
	buf_puts(out, "{\"dct\":null,\"timexes\":[]}\n");
	return 0;
}
