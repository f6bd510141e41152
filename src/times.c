/* times.c - temporal expressions (TIMEX3) resolved against the DCT. STUB */
#include "dipline.h"

int times_init(void) { return 0; }
void times_done(void) { }

void
times_resolve(dl_article *art, dl_worker *w)
{
	(void)art; (void)w;
}

const char *
times_type_name(dl_timex_type t)
{
	static const char *n[] = {"DATE", "TIME", "DURATION", "SET"};
	return n[t];
}
