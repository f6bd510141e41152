/* test_text.c - sentences, paragraphs and roles. */
#include "../../src/dipline.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static dl_worker *w;

static dl_article *
seg(const char *text)
{
	dl_article *a = ingest_article_new("test", text, strlen(text));
	text_segment(a, w);
	return a;
}

/* The text of sentence i, in a static buffer. */
static const char *
sent(const dl_article *a, size_t i)
{
	static char buf[512];
	if (i >= a->nsents)
		return "(none)";
	size_t n = a->sents[i].end - a->sents[i].start;
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, a->text + a->sents[i].start, n);
	buf[n] = '\0';
	return buf;
}

int
main(void)
{
	if (rules_init() != 0)
		return 1;
	w = worker_new();

	dl_article *a = seg("The U.S. envoy met Mr. Ortega on Sept. 4 in the capital. "
			    "They spoke for an hour! Did it help? Nobody knows.");
	is_int(a->nsents, 4, "abbreviations U.S., Mr., Sept. do not end sentences");
	is_str(sent(a, 0), "The U.S. envoy met Mr. Ortega on Sept. 4 in the capital.",
	       "first sentence whole");
	is_str(sent(a, 1), "They spoke for an hour!", "exclamation ends a sentence");
	is_str(sent(a, 2), "Did it help?", "question ends a sentence");
	is_int(a->sents[3].start, strlen(a->text) - strlen("Nobody knows."),
	       "byte offset of the last sentence");
	ingest_article_free(a);

	a = seg("\"We will not wait,\" she said. \"The talks end today.\" "
		"Gen. Haddad agreed.");
	is_int(a->nsents, 3, "closing quote after the period ends the sentence");
	is_str(sent(a, 1), "\"The talks end today.\"", "quoted sentence kept with quotes");
	is_str(sent(a, 2), "Gen. Haddad agreed.", "Gen. is a title");
	ingest_article_free(a);

	a = seg("Envoy J. R. Smith arrived at 9 a.m. on Friday. He left at 3.30 p.m.");
	is_int(a->nsents, 2, "initials, a.m. and decimals do not split");
	ingest_article_free(a);

	a = seg("Ministers meet in Geneva\n\n"
		"Jane Roe/Reuters/File\n"
		"In this file photo, two ministers shake hands in Geneva.\n\n"
		"The foreign ministers met on Monday. They agreed to talk again.\n\n"
		"Tuesday's talks were brief.\n\n"
		"You've read 3 of 5 free articles. Subscribe to continue.\n"
		"Support our journalism today.\n\n"
		"The editor writes about the newspaper founded in 1908.");
	is_int(a->nsents, 10, "sentences over all paragraphs");
	is_int(a->sents[0].role, ROLE_HEADLINE, "unpunctuated first line is the headline");
	is_int(a->sents[1].role, ROLE_CREDIT, "photo credit line");
	is_str(sent(a, 1), "Jane Roe/Reuters/File", "credit is its own paragraph");
	is_int(a->sents[2].role, ROLE_CAPTION, "photo caption");
	is_int(a->sents[3].role, ROLE_BODY, "body sentence");
	is_int(a->sents[3].paragraph, 3, "paragraph index of the body");
	is_int(a->sents[4].paragraph, 3, "second sentence in the same paragraph");
	is_int(a->sents[5].role, ROLE_BODY, "body before the paywall");
	is_int(a->sents[6].role, ROLE_BOILERPLATE, "paywall notice is boilerplate");
	is_int(a->sents[7].role, ROLE_BOILERPLATE, "paywall notice continues");
	is_int(a->sents[8].role, ROLE_BOILERPLATE, "appeal after the paywall is boilerplate");
	is_int(a->sents[9].role, ROLE_BOILERPLATE, "everything after the paywall is boilerplate");
	ingest_article_free(a);

	a = seg("A long paragraph that a scraper wrapped at a fixed width of eighty-odd\n"
		"characters continues on the next line and ends here.\n\n"
		"Next paragraph.");
	is_int(a->nsents, 2, "hard-wrapped lines join into one sentence");
	is_int(a->sents[1].paragraph, 1, "blank line starts a paragraph");
	ingest_article_free(a);

	/* a run of stops that ends no sentence, then one that does (the
	 * splitter passes over the rest of a run at once) */
	a = seg("Really?!...x and \"yes.\") no. Then?! \"Go.\" Now... yes. End");
	is_int(a->nsents, 5, "runs of stops and closers");
	is_str(sent(a, 0), "Really?!...x and \"yes.\") no.",
	       "a run before a letter or a lowercase word ends nothing");
	is_str(sent(a, 1), "Then?!", "a run before a capital ends a sentence");
	is_str(sent(a, 2), "\"Go.\"", "a run with a closing quote");
	is_str(sent(a, 3), "Now... yes.", "an ellipsis before a lowercase word");
	is_str(sent(a, 4), "End", "the rest");
	ingest_article_free(a);

	a = seg("");
	is_int(a->nsents, 0, "empty text has no sentences");
	ingest_article_free(a);

	a = seg("   \n\n  ");
	is_int(a->nsents, 0, "blank text has no sentences");
	ingest_article_free(a);

	worker_free(w);
	rules_done();
	return done_testing();
}
