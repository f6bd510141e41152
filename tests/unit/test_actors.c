/* test_actors.c - actor dictionaries, learned persons, pronouns. */
#include "../../src/dipline.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static dl_worker *w;

static dl_article *
run(const char *text)
{
	dl_article *a = ingest_article_new("test", text, strlen(text));
	a->id = "t";
	text_segment(a, w);
	actors_find(a, w);
	return a;
}

/* The actor id of the mention whose text is exactly s (the n-th such), or
 * "(none)". */
static const char *
actor_at(const dl_article *a, const char *s, int n)
{
	for (size_t i = 0; i < a->nmentions; i++) {
		const dl_mention *m = &a->mentions[i];
		size_t len = m->end - m->start;
		if (len == strlen(s) && strncmp(a->text + m->start, s, len) == 0 &&
		    n-- == 0)
			return a->actors[m->actor].id;
	}
	return "(none)";
}

static const dl_actor *
actor_by_id(const dl_article *a, const char *id)
{
	for (size_t i = 0; i < a->nactors; i++)
		if (strcmp(a->actors[i].id, id) == 0)
			return &a->actors[i];
	return NULL;
}

static int
has(char **arr, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(arr[i], s) == 0)
			return 1;
	return 0;
}

/* Found by fuzzing the CLI: an article of many sentences sorted every
 * mention once a sentence (quadratic: minutes for a 1 MB article).  The
 * alarm fails the test if that comes back. */
static void
test_many_sentences(void)
{
	static const char s[] = "Russia and the United States held talks. ";
	const size_t n = 30000;
	char *text = malloc(n * (sizeof s - 1) + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(text + i * (sizeof s - 1), s, sizeof s - 1);
	text[n * (sizeof s - 1)] = '\0';
	alarm(60);
	dl_article *a = run(text);
	alarm(0);
	is_int((int)a->nsents, (int)n, "many sentences: one per sentence");
	is_int((int)a->nmentions, (int)(2 * n), "many sentences: two mentions each");
	is_int((int)a->nactors, 2, "many sentences: two actors");
	int sorted = 1;
	for (size_t i = 1; i < a->nmentions; i++)
		if (a->mentions[i].start <= a->mentions[i - 1].start)
			sorted = 0;
	ok(sorted, "many sentences: mentions in text order");
	ingest_article_free(a);
	free(text);
}

int
main(void)
{
	if (rules_init() != 0)
		return 1;
	w = worker_new();

	/* states: names, demonyms, metonyms */
	dl_article *a = run("Moscow and the Kremlin rejected what Washington, the "
			    "White House and the Pentagon said. Russian and "
			    "American officials met in Geneva. The U.S. and the "
			    "US agreed.");
	is_str(actor_at(a, "Moscow", 0), "RUS", "capital as metonym");
	is_str(actor_at(a, "Kremlin", 0), "RUS", "the Kremlin is Russia");
	is_str(actor_at(a, "Washington", 0), "USA", "Washington is the USA");
	is_str(actor_at(a, "White House", 0), "USA", "the White House is the USA");
	is_str(actor_at(a, "Pentagon", 0), "USA", "the Pentagon is the USA");
	is_str(actor_at(a, "Russian", 0), "RUS", "demonym Russian");
	is_str(actor_at(a, "American officials", 0), "USA.gov",
	       "demonym + sector word makes a state sector");
	is_str(actor_at(a, "U.S.", 0), "USA", "U.S. with dots");
	is_str(actor_at(a, "US", 0), "USA", "US without dots");
	const dl_actor *x = actor_by_id(a, "USA.gov");
	ok(x && strcmp(x->country, "USA") == 0 && strcmp(x->code, "USAGOV") == 0,
	   "sector actor keeps the country and gets a CAMEO code");
	x = actor_by_id(a, "RUS");
	ok(x && x->type == ACT_STATE && strcmp(x->country, "RUS") == 0,
	   "state actor typed state with its ISO3 country");
	int n = 0;
	for (size_t i = 0; i < a->nactors; i++)
		n += strcmp(a->actors[i].id, "USA") == 0;
	is_int(n, 1, "one actor table entry per canonical actor");
	ingest_article_free(a);

	/* organisations and armed groups: aliases merge */
	a = run("NATO and the UN met. The Islamic State group, also known as "
		"ISIL, ISIS or Daesh, attacked Hezbollah.");
	is_str(actor_at(a, "NATO", 0), "org:nato", "NATO");
	is_str(actor_at(a, "UN", 0), "org:un", "UN");
	is_str(actor_at(a, "Islamic State group", 0), "group:islamic-state",
	       "the Islamic State group");
	is_str(actor_at(a, "ISIL", 0), "group:islamic-state", "ISIL is the same group");
	is_str(actor_at(a, "ISIS", 0), "group:islamic-state", "ISIS is the same group");
	is_str(actor_at(a, "Daesh", 0), "group:islamic-state", "Daesh is the same group");
	x = actor_by_id(a, "group:hezbollah");
	ok(x && strcmp(x->country, "LBN") == 0 && x->type == ACT_GROUP,
	   "Hezbollah is a group with country LBN");
	x = actor_by_id(a, "org:un");
	ok(x && x->country[0] == '\0' && strcmp(x->code, "IGOUNO") == 0,
	   "the UN has no country but an IGO code");
	ingest_article_free(a);

	/* persons by title, with country, later by surname and pronoun */
	a = run("Chilean Foreign Minister Marta Olivares met Peruvian "
		"Defence Minister Tomas Quispe on Monday. Quispe said he "
		"would return. Olivares thanked him.");
	is_str(actor_at(a, "Chilean Foreign Minister Marta Olivares", 0),
	       "person:marta-olivares", "demonym + title + name makes a person");
	x = actor_by_id(a, "person:marta-olivares");
	ok(x && strcmp(x->country, "CHL") == 0, "person's country from the demonym");
	ok(x && has(x->roles, x->nroles, "foreign minister"), "role recorded");
	is_str(actor_at(a, "Quispe", 0), "person:tomas-quispe",
	       "later mention by surname alone");
	is_str(actor_at(a, "he", 0), "person:tomas-quispe",
	       "he -> the subject person of the sentence");
	is_str(actor_at(a, "Olivares", 0), "person:marta-olivares", "surname");
	is_str(actor_at(a, "Chilean", 0), "(none)",
	       "the demonym is absorbed into the person mention");
	ingest_article_free(a);

	/* alias table: Sergey = Sergei, known persons and metonyms */
	a = run("Russian Foreign Minister Sergey Lavrov spoke to US Secretary of "
		"State John Kerry. White House spokesman Josh Earnest said "
		"Lavrov called. He declined to comment.");
	is_str(actor_at(a, "Russian Foreign Minister Sergey Lavrov", 0),
	       "person:sergei-lavrov", "Sergey is Sergei (alias table)");
	is_str(actor_at(a, "Lavrov", 0), "person:sergei-lavrov", "Lavrov alone");
	is_str(actor_at(a, "White House spokesman Josh Earnest", 0),
	       "person:josh-earnest", "metonym + title + name");
	x = actor_by_id(a, "person:josh-earnest");
	ok(x && strcmp(x->country, "USA") == 0, "spokesman's country from the White House");
	x = actor_by_id(a, "person:sergei-lavrov");
	ok(x && strcmp(x->name, "Sergei Lavrov") == 0, "canonical name is Sergei Lavrov");
	ok(x && has(x->aliases, x->naliases, "Sergey Lavrov"),
	   "the spelling seen is kept as an alias");
	is_str(actor_at(a, "He", 0), "person:josh-earnest",
	       "He -> the subject of the previous sentence");
	ingest_article_free(a);

	/* "X said he": the nearest person of the sentence; cataphora */
	a = run("Lavrov met Kerry on Monday. Kerry said he would call again. "
		"In his call with Lavrov, Kerry raised Syria.");
	is_str(actor_at(a, "he", 0), "person:john-kerry", "Kerry said he -> Kerry");
	is_str(actor_at(a, "his", 0), "person:john-kerry",
	       "his before any person of its sentence -> the person after it");
	ingest_article_free(a);

	/* she does not resolve to a man; possessive country; "of COUNTRY" */
	a = run("Lebanon's new President Elias Karam met Queen Rania of Jordan. "
		"She praised him.");
	x = actor_by_id(a, "person:elias-karam");
	ok(x && strcmp(x->country, "LBN") == 0, "possessive country before a title");
	x = actor_by_id(a, "person:rania");
	ok(x && strcmp(x->country, "JOR") == 0, "title + name + of COUNTRY");
	is_str(actor_at(a, "She", 0), "person:rania", "she -> the female person");
	is_str(actor_at(a, "him", 0), "person:elias-karam", "him -> the male person");
	ingest_article_free(a);

	/* boilerplate sentences are ignored */
	a = ingest_article_new("test", "Israel protested. Subscribe now.", 32);
	a->sents = arena_alloc(a->arena, 2 * sizeof *a->sents);
	a->sents[0].start = 0;
	a->sents[0].end = 17;
	a->sents[1].start = 18;
	a->sents[1].end = 32;
	a->sents[0].role = ROLE_BOILERPLATE;
	a->nsents = 2;
	actors_find(a, w);
	is_int(a->nmentions, 0, "no actors from a boilerplate sentence");
	ingest_article_free(a);

	/* generic sector words: the state in focus, not after "its" */
	a = run("Police in Caracas arrested the protesters. Venezuela withdrew "
		"its troops.");
	is_str(actor_at(a, "Police", 0), "VEN.cop", "bare 'police': the state in focus");
	is_str(actor_at(a, "protesters", 0), "VEN.cvl", "bare 'protesters'");
	is_str(actor_at(a, "troops", 0), "(none)", "'its troops' is no actor of its own");
	ingest_article_free(a);

	/* minorities belong to the state they live in; a location is not a
	 * residence */
	a = run("Ethnic Turks protested in Sweden. The Albanians of southern "
		"Serbia voted. Mexican officials in Washington met.");
	is_str(actor_at(a, "Turks", 0), "SWE.eth", "ethnic Turks in Sweden: Sweden");
	is_str(actor_at(a, "Albanians", 0), "SRB.eth", "the Albanians of Serbia: Serbia");
	is_str(actor_at(a, "Mexican officials", 0), "MEX.gov",
	       "Mexican officials in Washington stay Mexican");
	ingest_article_free(a);

	/* a capital after a locative preposition is a place */
	a = run("Ministers met in Madrid on Monday. Madrid said the talks went well. "
		"Officials will visit Madrid. Talks at the Kremlin ended.");
	{
		int kinds[4] = {-1, -1, -1, -1}, k = 0;
		for (size_t i = 0; i < a->nmentions && k < 4; i++)
			if (strcmp(a->actors[a->mentions[i].actor].id, "ESP") == 0 ||
			    strcmp(a->actors[a->mentions[i].actor].id, "RUS") == 0)
				kinds[k++] = a->mentions[i].kind;
		is_int(kinds[0], MENTION_PLACE, "'in Madrid' is a place");
		is_int(kinds[1], MENTION_METONYM, "'Madrid said' is the state");
		is_int(kinds[2], MENTION_METONYM, "'visit Madrid': the visited state");
		is_int(kinds[3], MENTION_PLACE, "'at the Kremlin' is a place");
	}
	ingest_article_free(a);

	/* a country after a locative, or naming where a place lies, is a
	 * place too; elsewhere it stays the state */
	a = run("The envoys met in Nairobi, Kenya, on Monday. Talks in Uganda ended. "
		"Kenya said the talks went well.");
	{
		int kinds[4] = {-1, -1, -1, -1}, k = 0;
		for (size_t i = 0; i < a->nmentions && k < 4; i++)
			if (strcmp(a->actors[a->mentions[i].actor].id, "KEN") == 0 ||
			    strcmp(a->actors[a->mentions[i].actor].id, "UGA") == 0)
				kinds[k++] = a->mentions[i].kind;
		is_int(kinds[0], MENTION_PLACE, "'in Nairobi' is a place");
		is_int(kinds[1], MENTION_PLACE, "'Nairobi, Kenya': Kenya is a place");
		is_int(kinds[2], MENTION_PLACE, "'in Uganda' is a place");
		is_int(kinds[3], MENTION_NAME, "'Kenya said' is the state");
	}
	ingest_article_free(a);
	a = run("Aid arrived in Kenya and Uganda. Kenya and Uganda met.");
	{
		int kinds[4] = {-1, -1, -1, -1}, k = 0;
		for (size_t i = 0; i < a->nmentions && k < 4; i++)
			kinds[k++] = a->mentions[i].kind;
		is_int(kinds[1], MENTION_PLACE, "'in Kenya and Uganda': both places");
		is_int(kinds[3], MENTION_NAME, "'Kenya and Uganda met': states");
	}
	ingest_article_free(a);
	a = run("In Nairobi, Kenya said the talks had failed.");
	{
		int kind = -1;
		for (size_t i = 0; i < a->nmentions; i++)
			if (a->mentions[i].start > 0 &&
			    strcmp(a->actors[a->mentions[i].actor].id, "KEN") == 0)
				kind = a->mentions[i].kind;
		is_int(kind, MENTION_NAME, "'In Nairobi, Kenya said': Kenya speaks");
	}
	ingest_article_free(a);

	/* an office holder named by office only stands for the government;
	 * with a name after it, the title makes a person */
	a = run("Brazil's foreign minister met the Chilean prime minister. "
		"Peru's president, who spoke first, agreed. "
		"Argentine President Julio Paz and Bolivia's foreign minister, "
		"Rosa Ayala, left.");
	is_str(actor_at(a, "Brazil's foreign minister", 0), "BRA.gov",
	       "Brazil's foreign minister: Brazil's government");
	is_str(actor_at(a, "Chilean prime minister", 0), "CHL.gov",
	       "the Chilean prime minister: Chile's government");
	is_str(actor_at(a, "Peru's president", 0), "PER.gov",
	       "Peru's president: Peru's government");
	is_str(actor_at(a, "Argentine President Julio Paz", 0), "person:julio-paz",
	       "a named president is a person");
	is_str(actor_at(a, "Bolivia's foreign minister", 0), "(none)",
	       "no government mention before an apposed name");
	ingest_article_free(a);

	/* an office named after its holder was: that person */
	a = run("Chilean President Ana Rojas arrived. The Chilean president spoke. "
		"The Peruvian president stayed.");
	is_str(actor_at(a, "Chilean president", 0), "person:ana-rojas",
	       "the Chilean president: the president named before");
	is_str(actor_at(a, "Peruvian president", 0), "PER.gov",
	       "no Peruvian president named: Peru's government");
	ok(actor_by_id(a, "CHL.gov") == NULL, "no Chilean government actor");
	ingest_article_free(a);

	/* sector words right after a group are its members */
	a = run("Hamas militants fired rockets. Egyptian police said so.");
	is_str(actor_at(a, "militants", 0), "(none)", "Hamas militants: no state's rebels");
	is_str(actor_at(a, "Egyptian police", 0), "EGY.cop", "a state's sector stays");
	ingest_article_free(a);

	/* plural references: the two persons mentioned last (with the role) */
	a = run("Foreign Minister Ana Silva of Portugal phoned Foreign Minister Jan Novak "
		"of Slovakia. President Petr Dvorak of Czechia said nothing. "
		"The two ministers will meet in May. The two leaders spoke.");
	{
		const char *who[4] = {"(none)", "(none)", "(none)", "(none)"};
		int k = 0;
		for (size_t i = 0; i < a->nmentions && k < 4; i++)
			if (a->mentions[i].kind == MENTION_PRONOUN)
				who[k++] = a->actors[a->mentions[i].actor].id;
		is_int(k, 4, "two plural references, two persons each");
		ok((strcmp(who[0], "person:ana-silva") == 0 &&
		    strcmp(who[1], "person:jan-novak") == 0) ||
		   (strcmp(who[1], "person:ana-silva") == 0 &&
		    strcmp(who[0], "person:jan-novak") == 0),
		   "the two ministers: Silva and Novak, not the president");
		ok((strcmp(who[2], "person:ana-silva") == 0 &&
		    strcmp(who[3], "person:jan-novak") == 0) ||
		   (strcmp(who[3], "person:ana-silva") == 0 &&
		    strcmp(who[2], "person:jan-novak") == 0),
		   "the two leaders: the persons referred to last");
	}
	ingest_article_free(a);
	a = run("Foreign Minister Ana Silva of Portugal phoned Foreign Minister Jan Novak "
		"of Slovakia. The ministers of Chile and Peru met.");
	{
		int k = 0;
		for (size_t i = 0; i < a->nmentions; i++)
			if (a->mentions[i].kind == MENTION_PRONOUN)
				k++;
		is_int(k, 0, "'the ministers of X and Y' name their own persons");
	}
	ingest_article_free(a);
	a = run("The two ministers met.");
	is_int((int)a->nmentions, 0, "no persons before: no plural reference");
	ingest_article_free(a);

	is_str(actors_mention_kind_name(MENTION_PLACE), "place", "place kind name");
	is_str(actors_mention_kind_name(MENTION_METONYM), "metonym", "mention kind name");
	is_str(actors_type_name(ACT_ORGANISATION), "organisation", "actor type name");

	test_many_sentences();

	worker_free(w);
	rules_done();
	return done_testing();
}
