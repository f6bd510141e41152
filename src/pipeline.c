/* pipeline.c - run every analysis stage over one article. */
#include "dipline.h"

void
pipeline_article(dl_article *art, dl_worker *w)
{
	text_segment(art, w);
	times_resolve(art, w);
	actors_find(art, w);
	events_code(art, w);
}

void
pipeline_times(dl_article *art, dl_worker *w)
{
	text_segment(art, w);
	times_resolve(art, w);
}
