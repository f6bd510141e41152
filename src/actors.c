/* actors.c - actor mentions and the article's actor table. STUB */
#include "dipline.h"

int actors_init(void) { return 0; }
void actors_done(void) { }

void
actors_find(dl_article *art, dl_worker *w)
{
	(void)art; (void)w;
}

const char *
actors_type_name(dl_actor_type t)
{
	static const char *n[] = {"person", "state", "organisation", "group"};
	return n[t];
}
