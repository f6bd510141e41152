/* text.c - sentences, paragraphs and paragraph roles. STUB */
#include "dipline.h"

int text_init(void) { return 0; }
void text_done(void) { }

void
text_segment(dl_article *art, dl_worker *w)
{
	(void)w;
	art->sents = arena_alloc(art->arena, sizeof *art->sents);
	art->sents[0].start = 0;
	art->sents[0].end = art->len;
	art->nsents = 1;
}
