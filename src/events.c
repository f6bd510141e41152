/* events.c - trigger words to CAMEO-coded events. STUB */
#include "dipline.h"

int events_init(void) { return 0; }
void events_done(void) { }

void
events_code(dl_article *art, dl_worker *w)
{
	(void)art; (void)w;
}

const char *
events_status_name(dl_status s)
{
	static const char *n[] = {"occurred", "planned", "proposed",
				  "hypothetical", "negated", "implied"};
	return n[s];
}

const dl_cameo *
events_cameo(const char *code)
{
	(void)code;
	return NULL;
}
