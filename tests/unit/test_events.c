/* test_events.c - event coding: codes, actors, status, attribution, time,
 * series.  Timexes are built by hand here (the times stage is tested on
 * its own), so these tests pin down the events stage alone. */
#include "../../src/dipline.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static dl_worker *w;

static dl_article *
prepare(const char *text, const char *dct)
{
	dl_article *a = ingest_article_new("test", text, strlen(text));
	a->id = "t";
	if (dct)
		snprintf(a->published, sizeof a->published, "%s", dct);
	text_segment(a, w);
	actors_find(a, w);
	return a;
}

/* Add a timex over the first occurrence of s. */
static void
timex(dl_article *a, const char *s, dl_timex_type type, const char *value,
      const char *earliest, const char *latest, const char *gran, int ordinal)
{
	const char *p = strstr(a->text, s);
	if (p == NULL)
		return;
	dl_timex *n = arena_alloc(a->arena, sizeof *n * (a->ntimexes + 1));
	if (a->ntimexes)
		memcpy(n, a->timexes, sizeof *n * a->ntimexes);
	dl_timex *t = &n[a->ntimexes++];
	t->start = (size_t)(p - a->text);
	t->end = t->start + strlen(s);
	for (size_t i = 0; i < a->nsents; i++)
		if (a->sents[i].start <= t->start && t->start < a->sents[i].end)
			t->sentence = (int)i;
	t->type = type;
	snprintf(t->value, sizeof t->value, "%s", value);
	snprintf(t->earliest, sizeof t->earliest, "%s", earliest);
	snprintf(t->latest, sizeof t->latest, "%s", latest);
	snprintf(t->granularity, sizeof t->granularity, "%s", gran);
	t->ordinal = ordinal;
	snprintf(t->anchor, sizeof t->anchor, "dct");
	a->timexes = n;
}

static dl_article *
code(const char *text, const char *dct)
{
	dl_article *a = prepare(text, dct);
	events_code(a, w);
	return a;
}

/* Event i, or an empty one (so that a missing event fails the checks
 * instead of crashing the test). */
static dl_event *
ev(dl_article *a, size_t i)
{
	static dl_event none;
	static dl_cameo nocode = {"", "", "", 0, 0};
	if (i < a->nevents)
		return &a->events[i];
	memset(&none, 0, sizeof none);
	none.cameo = &nocode;
	none.attributed_to = -1;
	none.status = (dl_status)-1;
	none.time.anchor = "";
	return &none;
}

static const char *
src(const dl_article *a, const dl_event *e, int i)
{
	return i < e->nsrc ? a->actors[e->src[i]].id : "(none)";
}

static const char *
tgt(const dl_article *a, const dl_event *e, int i)
{
	return i < e->ntgt ? a->actors[e->tgt[i]].id : "(none)";
}

static const char *
attr(const dl_article *a, const dl_event *e)
{
	return e->attributed_to >= 0 ? a->actors[e->attributed_to].id : "(none)";
}

int
main(void)
{
	if (rules_init() != 0)
		return 1;
	w = worker_new();

	/* the CAMEO table */
	const dl_cameo *k = events_cameo("042");
	ok(k != NULL, "CAMEO 042 is known");
	is_str(k ? k->label : NULL, "Make a visit", "042 label");
	is_str(k ? k->plover : NULL, "CONSULT", "042 PLOVER type");
	is_int(k ? k->quad_class : 0, 1, "042 quad class");
	k = events_cameo("010");
	is_str(k ? k->plover : NULL, "", "statements have no PLOVER type");
	ok(events_cameo("999") == NULL, "unknown code");
	is_str(events_status_name(ST_IMPLIED), "implied", "status name");

	/* a plain accusation */
	dl_article *a = code("Paraguay accused Bolivia of aggression.", "2016-03-01");
	is_int(a->nevents, 1, "one event");
	dl_event *e = ev(a, 0);
	is_str(e->cameo->code, "1123", "accuse of aggression: 1123");
	is_str(src(a, e, 0), "PRY", "source Paraguay");
	is_str(tgt(a, e, 0), "BOL", "target Bolivia");
	is_int(e->status, ST_OCCURRED, "occurred");
	is_str(attr(a, e), "(none)", "not reported speech");
	is_str(e->time.anchor, "publication", "no timex: publication date");
	is_str(e->time.value, "2016-03-01", "publication date as the value");
	is_int(e->start, 0, "evidence is the sentence");
	is_int(e->end, strlen(a->text), "evidence end");
	ingest_article_free(a);

	/* reported speech: the speaker is attributed, not the source; the
	 * reporting verb's time is the event's time */
	a = prepare("Kerry said Wednesday that Russia had sent tanks to Syria.",
		    "2015-09-10");
	timex(a, "Wednesday", TX_DATE, "2015-09-09", "2015-09-09", "2015-09-09",
	      "day", 0);
	events_code(a, w);
	is_int(a->nevents, 1, "one event in reported speech");
	e = ev(a, 0);
	is_str(e->cameo->code, "154", "sent tanks: mobilize armed forces (154)");
	is_str(src(a, e, 0), "RUS", "source is the clause's subject");
	is_str(tgt(a, e, 0), "SYR", "target Syria");
	is_str(attr(a, e), "person:john-kerry", "attributed to Kerry");
	is_str(e->time.anchor, "reporting-verb", "time of the reporting verb");
	is_str(e->time.value, "2015-09-09", "Wednesday");
	ingest_article_free(a);

	/* a trailing attribution and a timex in the clause */
	a = prepare("Israeli troops raided Jenin on Monday, Palestinian officials said "
		    "on Tuesday.", "2015-09-10");
	timex(a, "Monday", TX_DATE, "2015-09-07", "2015-09-07", "2015-09-07", "day", 0);
	timex(a, "Tuesday", TX_DATE, "2015-09-08", "2015-09-08", "2015-09-08", "day", 0);
	events_code(a, w);
	is_int(a->nevents, 1, "one event");
	e = ev(a, 0);
	is_str(e->cameo->code, "190", "raided: 190");
	is_str(src(a, e, 0), "ISR.mil", "Israeli troops: the Israeli military");
	is_str(attr(a, e), "PSE.gov", "attributed to the Palestinian officials");
	is_str(e->time.anchor, "clause", "the clause's own timex wins");
	is_str(e->time.value, "2015-09-07", "Monday, not Tuesday");
	is_str(e->time.text, "Monday", "time text");
	ingest_article_free(a);

	/* "according to" */
	a = code("According to Iranian officials, Iraq shelled Kuwait.", "2015-01-01");
	e = ev(a, 0);
	is_str(e->cameo->code, "194", "shelled: 194");
	is_str(src(a, e, 0), "IRQ", "source after the attribution");
	is_str(tgt(a, e, 0), "KWT", "target Kuwait");
	is_str(attr(a, e), "IRN.gov", "according to Iranian officials");
	ingest_article_free(a);

	/* status */
	a = prepare("Russia will send troops to Syria next week.", "2015-09-09");
	timex(a, "next week", TX_DATE, "2015-W38", "2015-09-14", "2015-09-20", "week", 0);
	events_code(a, w);
	e = ev(a, 0);
	is_int(e->status, ST_PLANNED, "will: planned");
	is_str(e->time.earliest, "2015-09-14", "planned for next week: earliest");
	is_str(e->time.latest, "2015-09-20", "latest");
	is_str(e->time.granularity, "week", "granularity");
	ingest_article_free(a);

	a = code("Iran could attack Israel.", "2015-01-01");
	e = ev(a, 0);
	is_int(e->status, ST_HYPOTHETICAL, "could: hypothetical");
	is_str(e->cameo->code, "138", "a possible attack is a threat of force (138)");
	ingest_article_free(a);

	a = code("Egypt did not condemn Israel.", "2015-01-01");
	e = ev(a, 0);
	is_int(e->status, ST_NEGATED, "did not: negated");
	is_str(e->cameo->code, "111", "condemn: 111");
	ingest_article_free(a);

	a = code("Turkey refused to withdraw its troops from Iraq.", "2015-01-01");
	e = ev(a, 0);
	is_str(e->cameo->code, "1246", "refuse to withdraw: 1246");
	is_int(e->status, ST_OCCURRED, "a refusal is itself an event, not negated");
	is_str(tgt(a, e, 0), "IRQ", "target Iraq");
	ingest_article_free(a);

	a = code("Japan offered to hold talks with China.", "2015-01-01");
	e = ev(a, 0);
	is_str(e->cameo->code, "036", "offer to hold talks: intent to meet (036)");
	is_int(e->status, ST_PROPOSED, "offered: proposed");
	ingest_article_free(a);

	a = code("Greece will impose sanctions on Albania.", "2015-01-01");
	e = ev(a, 0);
	is_str(e->cameo->code, "1312", "planned sanctions are a threat (1312)");
	ingest_article_free(a);

	/* compound subject, passive */
	a = code("Ghana and Togo signed a trade agreement.", "2015-01-01");
	e = ev(a, 0);
	is_str(e->cameo->code, "057", "sign an agreement: 057");
	is_int(e->nsrc, 2, "X and Y: two sources");
	is_str(src(a, e, 0), "GHA", "first source");
	is_str(src(a, e, 1), "TGO", "second source");
	ingest_article_free(a);

	a = code("A convoy of Kenyan soldiers was attacked by Somali militants.",
		 "2015-01-01");
	e = ev(a, 0);
	is_str(src(a, e, 0), "SOM.reb", "passive: the source follows 'by'");
	is_str(tgt(a, e, 0), "KEN.mil", "passive: the subject is the target");
	ingest_article_free(a);

	/* pronoun subject in a later sentence */
	a = code("Iraqi Prime Minister Ali Hassan urged Iran to halt the fighting. "
		 "He later met Turkish President Ahmet Demir in Ankara.", "2015-01-01");
	is_int(a->nevents, 2, "two sentences, two events");
	e = ev(a, 1);
	is_str(e->cameo->code, "044", "met: 044");
	is_str(src(a, e, 0), "person:ali-hassan", "He -> Ali Hassan");
	is_str(tgt(a, e, 0), "person:ahmet-demir", "target the Turkish president");
	is_int(e->sentence, 1, "second sentence");
	ingest_article_free(a);

	/* series: "his third in 10 days" adds two implied visits */
	a = prepare("Lavrov arrived in Damascus on Tuesday, his third visit in 10 days.",
		    "2015-09-09");
	timex(a, "Tuesday", TX_DATE, "2015-09-08", "2015-09-08", "2015-09-08", "day", 0);
	timex(a, "his third visit in 10 days", TX_DURATION, "P10D", "", "", "day", 3);
	events_code(a, w);
	is_int(a->nevents, 3, "the visit and two implied earlier ones");
	e = ev(a, 0);
	is_str(e->cameo->code, "042", "a visit");
	is_str(tgt(a, e, 0), "SYR", "Damascus is Syria");
	is_int(e->series_ordinal, 3, "third of the series");
	is_str(e->series_window, "P10D", "window");
	is_str(e->time.value, "2015-09-08", "the visit's own day");
	for (int i = 1; i <= 2; i++) {
		dl_event *m = ev(a, (size_t)i);
		is_int(m->status, ST_IMPLIED, "implied status");
		is_int(m->series_of, 0, "series_of the main event");
		is_int(m->series_ordinal, i, "ordinal of the implied event");
		is_str(m->cameo->code, "042", "same action");
		is_str(src(a, m, 0), "person:sergei-lavrov", "same source");
		is_str(tgt(a, m, 0), "SYR", "same target");
		is_str(m->time.earliest, "2015-08-30", "earliest: day - window + 1");
		is_str(m->time.latest, "2015-09-07", "latest: the day before");
		is_str(m->time.anchor, "series", "anchored on the series");
	}
	ingest_article_free(a);

	/* "would" in reported speech is planned; outside it, a condition */
	a = code("Peru said it would send troops to Bolivia.", "2015-01-01");
	e = ev(a, 0);
	is_int(e->status, ST_PLANNED, "said it would: planned");
	is_str(src(a, e, 0), "PER", "it -> the speaker");
	ingest_article_free(a);
	a = code("Peru would send troops to Bolivia.", "2015-01-01");
	is_int(a->nevents ? (int)a->events[0].status : -1, ST_HYPOTHETICAL,
	       "would outside reported speech: hypothetical");
	ingest_article_free(a);

	/* a nominal event in a leading adverbial, with the series there */
	a = prepare("In his call with Turkish Foreign Minister Ahmet Demir on Tuesday, his second in a week, "
		    "Egyptian Foreign Minister Omar Nabil said he asked Turkey for help.",
		    "2015-09-09");
	timex(a, "Tuesday", TX_DATE, "2015-09-08", "2015-09-08", "2015-09-08", "day", 0);
	timex(a, "his second in a week", TX_DURATION, "P1W", "", "", "day", 2);
	events_code(a, w);
	is_int(a->nevents, 3, "the call, one implied call, the request");
	e = ev(a, 0);
	is_str(e->cameo->code, "041", "call with: 041");
	is_str(src(a, e, 0), "person:omar-nabil", "his -> the speaker after the comma");
	is_str(tgt(a, e, 0), "person:ahmet-demir", "the call with Demir");
	is_str(e->time.value, "2015-09-08", "the call on Tuesday");
	is_int(e->series_ordinal, 2, "second of a series");
	is_int(ev(a, 1)->status, ST_IMPLIED, "one implied call");
	is_str(ev(a, 1)->time.earliest, "2015-09-02", "inside the week before");
	is_str(ev(a, 1)->time.latest, "2015-09-07", "up to the day before");
	e = ev(a, 2);
	is_str(e->cameo->code, "023", "asked for help: appeal for aid");
	is_str(src(a, e, 0), "person:omar-nabil", "he -> the minister");
	is_str(tgt(a, e, 0), "TUR", "Turkey");
	is_str(e->time.anchor, "reporting-verb", "the adverbial's time is the verb's");
	is_str(e->time.value, "2015-09-08", "Tuesday");
	ingest_article_free(a);

	/* one clause across "X, left, and Y, right," */
	a = code("Lavrov, left, and Kerry, right, talk before a meeting in Doha.",
		 "2015-01-01");
	ok(a->nevents >= 1 && a->events[0].nsrc == 2, "both are sources");
	ingest_article_free(a);

	/* boilerplate sentences are skipped */
	a = ingest_article_new("test", "Israel attacked Gaza. Israel attacked Gaza.", 43);
	a->sents = arena_alloc(a->arena, 2 * sizeof *a->sents);
	a->sents[0].start = 0;
	a->sents[0].end = 21;
	a->sents[0].role = ROLE_BOILERPLATE;
	a->sents[1].start = 22;
	a->sents[1].end = 43;
	a->nsents = 2;
	actors_find(a, w);
	events_code(a, w);
	is_int(a->nevents, 1, "boilerplate sentence skipped");
	is_int(a->nevents ? a->events[0].sentence : -1, 1, "the body sentence's event");
	ingest_article_free(a);

	/* a venue is no party; an actor named only as a place and in no
	 * event is dropped from the article's actors */
	a = code("Chilean President Rosa Vidal and Argentine President Luis Ortega "
		 "will meet in Madrid.", "2016-01-01");
	e = ev(a, 0);
	is_int(a->nevents, 1, "one planned meeting");
	is_str(e->cameo->code, "044", "a joint planned meeting stays a consultation");
	is_int(e->status, ST_PLANNED, "planned");
	is_int(e->nsrc, 2, "both are sources");
	is_int(e->ntgt, 0, "Madrid is no target");
	{
		int esp = 0;
		for (size_t i = 0; i < a->nactors; i++)
			if (strcmp(a->actors[i].id, "ESP") == 0)
				esp = 1;
		is_int(esp, 0, "no Spain actor for the venue");
		int bad = 0;
		for (size_t i = 0; i < a->nmentions; i++)
			if (a->mentions[i].actor < 0 ||
			    (size_t)a->mentions[i].actor >= a->nactors)
				bad = 1;
		is_int(bad, 0, "mentions renumbered");
	}
	ingest_article_free(a);
	/* one side's plan stays an expressed intent */
	a = code("Chilean President Rosa Vidal will meet Argentine President Luis Ortega.",
		 "2016-01-01");
	is_str(ev(a, 0)->cameo->code, "036", "X will meet Y: intent to meet");
	ingest_article_free(a);
	/* the place of an attack still stands for the target */
	a = code("Rebels fired rockets in Damascus.", "2016-01-01");
	is_str(tgt(a, ev(a, 0), 0), "SYR", "shelling in Damascus: Syria");
	ingest_article_free(a);

	/* a nominal event inside the clause: the call too */
	a = prepare("Danish Foreign Minister Lars Holm proposed new talks during a phone "
		    "call with Swedish Foreign Minister Eva Berg on Monday.", "2016-01-06");
	timex(a, "Monday", TX_DATE, "2016-01-04", "2016-01-04", "2016-01-04", "day", 0);
	events_code(a, w);
	is_int(a->nevents, 2, "the proposal and the call");
	e = ev(a, 1);
	is_str(e->cameo->code, "041", "the call: 041");
	is_str(src(a, e, 0), "person:lars-holm", "the clause's subject");
	is_str(tgt(a, e, 0), "person:eva-berg", "the partner after 'with'");
	is_int(e->status, ST_OCCURRED, "the call occurred");
	is_str(e->time.value, "2016-01-04", "at the clause's time");
	ingest_article_free(a);
	a = code("Holm took part in the talks with Berg.", "2016-01-06");
	is_int(a->nevents, 0, "'in the talks with' is a process, not an event");
	ingest_article_free(a);

	/* series window of weeks counted in days */
	a = prepare("Danish Foreign Minister Lars Holm phoned Swedish Foreign Minister "
		    "Eva Berg on Monday, his second call with her in a week.",
		    "2016-01-06");
	timex(a, "Monday", TX_DATE, "2016-01-04", "2016-01-04", "2016-01-04", "day", 0);
	timex(a, "a week", TX_DURATION, "P1W", "2015-12-29", "2016-01-04", "week", 2);
	events_code(a, w);
	is_int(a->nevents, 2, "the call and an implied earlier one");
	is_str(ev(a, 0)->series_window, "P7D", "a week: P7D");
	is_str(ev(a, 1)->time.earliest, "2015-12-29", "implied call from a week before");
	is_str(ev(a, 1)->time.latest, "2016-01-03", "to the day before");
	ingest_article_free(a);

	/* headlines: coded only when there is no body */
	a = code("Denmark and Sweden talk\n\nDanish Foreign Minister Lars Holm met "
		 "Swedish Foreign Minister Eva Berg.\n", "2016-01-06");
	is_int(a->nevents, 1, "the headline is not coded next to the body");
	is_int(ev(a, 0)->sentence, 1, "the body's event");
	ingest_article_free(a);
	a = code("Denmark and Sweden talk\n", "2016-01-06");
	is_int(a->nevents, 1, "a headline alone is coded");
	ingest_article_free(a);

	/* trailing reported speech: attributed, the source is the clause's */
	a = code("The two ministers will meet again, Holm said.", "2016-01-06");
	is_int(a->nevents, 0, "no subject, no speaker as the source");
	ingest_article_free(a);
	a = code("Danish Foreign Minister Lars Holm phoned Swedish Foreign Minister Eva Berg. "
		 "The two ministers will meet again, Holm said.", "2016-01-06");
	e = ev(a, 1);
	is_int(e->nsrc, 2, "the two ministers");
	is_int(e->attributed_to >= 0 ? 1 : 0, 1, "attributed");
	is_str(e->attributed_to >= 0 ? a->actors[e->attributed_to].id : "", "person:lars-holm",
	       "to the speaker");
	ingest_article_free(a);

	/* the target search stops at a coordinated new clause */
	a = code("Danish Foreign Minister Lars Holm welcomed the offer and said Norway "
		 "was ready to help.", "2016-01-06");
	is_str(ev(a, 0)->cameo->code, "051", "welcomed: 051");
	is_int(ev(a, 0)->ntgt, 0, "Norway belongs to the new clause");
	ingest_article_free(a);

	/* the possessor of a nominal trigger is its source; the act is
	 * named, not reported as happening on the publication day */
	a = code("His remarks follow Egypt's military buildup in Libya.", "2016-05-10");
	is_int(a->nevents, 1, "one event for a possessed buildup");
	e = ev(a, 0);
	is_str(e->cameo->code, "154", "military buildup: 154");
	is_str(src(a, e, 0), "EGY", "the possessor is the source");
	is_str(tgt(a, e, 0), "LBY", "the place of the buildup is the target");
	is_str(e->time.anchor, "none", "no clause time: undated");
	ingest_article_free(a);

	/* an offer or proposal from / by X: X proposes to the subject */
	a = code("Kenya is studying an offer from Ethiopia to hold border patrols.",
		 "2016-05-10");
	e = ev(a, 0);
	is_str(e->cameo->code, "030", "offer: 030");
	is_str(src(a, e, 0), "ETH", "offer from Ethiopia: Ethiopia offers");
	is_str(tgt(a, e, 0), "KEN", "to the clause's subject");
	is_int(e->status, ST_PROPOSED, "proposed");
	ingest_article_free(a);
	a = code("Uruguay is weighing a proposal by Brazil.", "2016-05-10");
	e = ev(a, 0);
	is_str(src(a, e, 0), "BRA", "a proposal by Brazil: Brazil proposes");
	is_str(tgt(a, e, 0), "URY", "to Uruguay");
	ingest_article_free(a);
	a = code("Malta is weighing Italy's offer.", "2016-05-10");
	e = ev(a, 0);
	is_str(src(a, e, 0), "ITA", "Italy's offer: Italy offers");
	is_str(tgt(a, e, 0), "MLT", "to Malta, who weighs it");
	is_int(e->status, ST_PROPOSED, "a proposal");
	ingest_article_free(a);
	/* another act by X aims at what follows it */
	a = code("Greece reported an attack by Turkey on Cyprus.", "2016-05-10");
	e = ev(a, 0);
	is_str(e->cameo->code, "190", "attack: 190");
	is_str(src(a, e, 0), "TUR", "an attack by Turkey: Turkey attacks");
	is_str(tgt(a, e, 0), "CYP", "on Cyprus");
	is_str(attr(a, e), "GRC", "reported by Greece");
	ingest_article_free(a);

	a = code("Cyprus suffered an attack by Turkey.", "2016-05-10");
	e = ev(a, 0);
	is_str(src(a, e, 0), "TUR", "an attack by Turkey");
	is_str(tgt(a, e, 0), "CYP", "nothing after: the subject undergoes it");
	ingest_article_free(a);

	/* a noun trigger that is no act of the subject */
	a = code("Jordan is ready to confront the threat posed by Syria.", "2016-05-10");
	is_int(a->nevents, 0, "confronting a threat is no threat");
	ingest_article_free(a);
	a = code("Since the Iran nuclear deal, oil exports have grown.", "2016-05-10");
	is_int(a->nevents, 0, "a deal named after a state is no new agreement");
	ingest_article_free(a);
	a = code("Egypt said talks went on amid a military buildup.", "2016-05-10");
	is_int(a->nevents, 1, "the buildup setting the scene is skipped");
	is_str(ev(a, 0)->cameo->code, "046", "the talks are coded");
	ingest_article_free(a);

	/* coordinated verb phrases with a clause each: both coded, at the
	 * time of the leading adverbial */
	a = prepare("In his call with Mexico on Tuesday, the Guatemalan president said "
		    "he sought details about the plan and warned that Honduran "
		    "pressure risks a new crisis.", "2016-05-11");
	timex(a, "Tuesday", TX_DATE, "2016-05-10", "2016-05-10", "2016-05-10", "day", 0);
	events_code(a, w);
	is_int(a->nevents, 3, "the call, the request, the warning");
	e = ev(a, 1);
	is_str(e->cameo->code, "020", "sought: 020");
	is_str(src(a, e, 0), "GTM.gov", "the president: his government");
	is_str(e->time.value, "2016-05-10", "the request on Tuesday");
	e = ev(a, 2);
	is_str(e->cameo->code, "130", "warned: 130");
	is_str(src(a, e, 0), "GTM.gov", "the same speaker warns");
	is_str(tgt(a, e, 0), "HND", "the demonym in the warning is the target");
	is_str(e->time.value, "2016-05-10", "the warning on Tuesday too");
	ingest_article_free(a);

	/* a one-word trigger before a comma has no object; a longer one
	 * holds its own and keeps its target */
	a = code("When Chile and Peru cooperate, Bolivian officials worry.", "2016-05-10");
	e = ev(a, 0);
	is_str(e->cameo->code, "060", "cooperate: 060");
	is_int(e->nsrc, 2, "Chile and Peru");
	is_int(e->ntgt, 0, "the next clause's subject is no target");
	ingest_article_free(a);
	a = code("Russia sent tanks, guns and advisers to Syria.", "2016-05-10");
	is_str(tgt(a, ev(a, 0), 0), "SYR", "a list after the trigger keeps the target");
	ingest_article_free(a);

	/* a trailing speech segment at a news conference with Y: the speaker
	 * consults Y */
	a = code("Norwegian Foreign Minister Erik Dahl arrived in Oslo. \"Quotas remain "
		 "open,\" Dahl told reporters at a joint news conference with "
		 "Iceland's foreign minister.", "2016-05-10");
	e = ev(a, 1);
	is_str(e->cameo->code, "040", "a joint news conference: 040");
	is_str(src(a, e, 0), "person:erik-dahl", "the speaker");
	is_str(tgt(a, e, 0), "ISL.gov", "the unnamed minister: Iceland's government");
	is_int(e->status, ST_OCCURRED, "occurred");
	is_str(e->time.value, "2016-05-10", "the reporting day");
	ingest_article_free(a);

	/* a noun trigger after a temporal preposition only dates the event
	 * ("talked ahead of a summit"): one event */
	a = code("Chile and Peru held talks on Friday ahead of a regional summit in Lima.",
		 "2016-05-10");
	is_int(a->nevents, 1, "the summit is a time landmark, no event");
	is_str(ev(a, 0)->cameo->code, "046", "held talks: 046");
	ingest_article_free(a);
	a = code("Ghana and Togo talked before the G20 summit.", "2016-05-10");
	is_int(a->nevents, 1, "a name with digits before the landmark noun");
	ingest_article_free(a);
	a = code("Ghana and Togo signed a pact after talks in Accra.", "2016-05-10");
	is_int(a->nevents, 1, "after talks (no determiner): a landmark");
	ingest_article_free(a);
	a = code("Ghana and Togo talked after the meeting.", "2016-05-10");
	is_int(a->nevents, 1, "after the meeting: one event");
	ingest_article_free(a);
	a = code("After a long meeting at his home with Ghanaian President Kofi Mensah, "
		 "Togolese President Edem Agbo said the border would stay open to "
		 "traders and farmers from both countries.",
		 "2016-05-10");
	is_int(a->nevents, 1, "a meeting with a named partner is an event of its own");
	is_str(ev(a, 0)->cameo->code, "044", "the meeting: 044");
	is_str(src(a, ev(a, 0), 0), "person:edem-agbo", "by the speaker");
	is_str(tgt(a, ev(a, 0), 0), "person:kofi-mensah", "with its partner");
	ingest_article_free(a);

	/* a generic "when" clause after a modal is no occurrence */
	a = code("Brazil praised the accord as proof of what can be done when "
		 "Argentina and Uruguay cooperate.", "2016-05-10");
	is_int(a->nevents, 2, "the praise and the generic cooperation");
	e = ev(a, 1);
	is_str(e->cameo->code, "060", "cooperate keeps its code (no intent)");
	is_int(e->status, ST_HYPOTHETICAL, "generic: hypothetical");
	is_str(e->time.anchor, "none", "generic: no time");
	is_int(ev(a, 0)->status, ST_OCCURRED, "the praise occurred");
	ingest_article_free(a);
	a = code("This is what can happen when Argentina and Uruguay cooperate.",
		 "2016-05-10");
	is_int(ev(a, 0)->status, ST_HYPOTHETICAL, "generic when-clause, not split off");
	ingest_article_free(a);
	a = code("Argentina and Uruguay signed a pact when they met.", "2016-05-10");
	is_int(ev(a, 0)->status, ST_OCCURRED, "a plain when-clause is no generic one");
	ingest_article_free(a);

	/* a merely possible act has no time of its own */
	a = code("Pakistan could close its border with Afghanistan.", "2016-05-10");
	is_int(ev(a, 0)->status, ST_HYPOTHETICAL, "could close: hypothetical");
	is_str(ev(a, 0)->time.anchor, "none", "hypothetical: no publication date");
	ingest_article_free(a);
	a = prepare("Pakistan could close its border with Afghanistan on Friday.", "2016-05-10");
	timex(a, "Friday", TX_DATE, "2016-05-13", "2016-05-13", "2016-05-13", "day", 0);
	events_code(a, w);
	is_str(ev(a, 0)->time.value, "2016-05-13", "hypothetical with a time keeps it");
	ingest_article_free(a);

	/* "would welcome" in reported speech: a stance stated now */
	a = code("A Danish spokesman said Copenhagen would welcome Swedish support for "
		 "the plan.", "2016-05-10");
	e = ev(a, 0);
	is_str(e->cameo->code, "051", "would welcome: 051, not an intent");
	is_int(e->status, ST_OCCURRED, "would welcome: occurred");
	ingest_article_free(a);
	a = prepare("A Danish spokesman said Copenhagen would welcome a visit by the "
		    "Swedish king next year.", "2016-05-10");
	timex(a, "next year", TX_DATE, "2017", "2017-01-01", "2017-12-31", "year", 0);
	events_code(a, w);
	e = ev(a, 0);
	is_int(e->status, ST_OCCURRED, "a stance about next year: stated now");
	is_str(e->time.value, "2016-05-10", "the object's time is not the stance's");
	ingest_article_free(a);
	a = code("The minister said Denmark would visit Sweden.", "2016-05-10");
	is_int(ev(a, 0)->status, ST_PLANNED, "would visit: still planned");
	ingest_article_free(a);

	/* "X said Y proposed it in a phone call on Monday": made to X, and
	 * the call between Y and X, that Monday */
	a = prepare("Turkish Foreign Minister Mehmet Aydin said Greek Foreign Minister "
		 "Nikos Pappas had proposed the plan in a telephone call on Monday and "
		 "that the Cypriot government was studying it.",
		    "2016-05-11");
	timex(a, "Monday", TX_DATE, "2016-05-09", "2016-05-09", "2016-05-09", "day", 0);
	events_code(a, w);
	is_int(a->nevents, 2, "the proposal and the call");
	e = ev(a, 0);
	is_str(e->cameo->code, "030", "proposed: 030");
	is_str(src(a, e, 0), "person:nikos-pappas", "the proposer");
	is_str(tgt(a, e, 0), "person:mehmet-aydin", "made to the speaker");
	is_int(e->ntgt, 1, "not to the government named later");
	e = ev(a, 1);
	is_str(e->cameo->code, "041", "the telephone call: 041");
	is_str(src(a, e, 0), "person:nikos-pappas", "call: the proposer");
	is_str(tgt(a, e, 0), "person:mehmet-aydin", "call: the speaker");
	is_int(e->status, ST_OCCURRED, "the call occurred");
	is_str(e->time.value, "2016-05-09", "the call on Monday");
	ingest_article_free(a);
	a = code("Turkish Foreign Minister Mehmet Aydin said Greek Foreign Minister "
		 "Nikos Pappas proposed the plan in a call with Bulgaria.", "2016-05-11");
	is_int(a->nevents, 2, "a named partner: the usual nominal event");
	is_str(tgt(a, ev(a, 1), 0), "BGR", "the named partner");
	ingest_article_free(a);

	a = prepare("Polish Foreign Minister Jan Nowak said Czech Foreign Minister Petr "
		    "Novak offered a joint inquiry by phone on Monday.", "2016-05-11");
	timex(a, "Monday", TX_DATE, "2016-05-09", "2016-05-09", "2016-05-09", "day", 0);
	events_code(a, w);
	is_int(a->nevents, 2, "by phone: the offer and the call");
	is_str(tgt(a, ev(a, 0), 0), "person:jan-nowak", "by phone: offered to the speaker");
	is_str(ev(a, 1)->cameo->code, "041", "by phone: 041");
	ingest_article_free(a);
	a = code("Polish Foreign Minister Jan Nowak said Czech Foreign Minister Petr "
		 "Novak offered a joint inquiry in a meeting.", "2016-05-11");
	is_int(a->nevents, 1, "a meeting may have more parties: no call coded");
	is_int(ev(a, 0)->ntgt, 0, "... and no target guessed");
	ingest_article_free(a);

	/* a proposal told again with no time of its own takes the earlier
	 * one's time and target */
	a = prepare("Ankara said Athens proposed joint patrols to Turkey on Monday. "
		    "Athens proposed \"a patrol of the shared waters,\" Turkish "
		    "officials told reporters.", "2016-05-11");
	timex(a, "Monday", TX_DATE, "2016-05-09", "2016-05-09", "2016-05-09", "day", 0);
	events_code(a, w);
	is_int(a->nevents, 2, "two mentions of the proposal");
	e = ev(a, 1);
	is_str(e->cameo->code, "030", "restated proposal: 030");
	is_str(e->time.value, "2016-05-09", "restated: the earlier time");
	is_str(e->time.anchor, "clause", "restated: the earlier clause's anchor");
	is_str(tgt(a, e, 0), "TUR", "restated: the earlier target");
	ingest_article_free(a);
	a = prepare("Athens proposed talks to Turkey on Monday. Cyprus proposed talks.",
		    "2016-05-11");
	timex(a, "Monday", TX_DATE, "2016-05-09", "2016-05-09", "2016-05-09", "day", 0);
	events_code(a, w);
	is_str(ev(a, 1)->time.value, "2016-05-11", "another source: no inheritance");
	ingest_article_free(a);
	a = prepare("Athens proposed talks to Turkey on Monday. Athens again proposed talks.",
		    "2016-05-11");
	timex(a, "Monday", TX_DATE, "2016-05-09", "2016-05-09", "2016-05-09", "day", 0);
	events_code(a, w);
	is_str(ev(a, 1)->time.value, "2016-05-11", "proposed again: a new proposal");
	ingest_article_free(a);
	a = prepare("Greece attacked Turkish boats on Monday. Greece attacked Turkish boats.",
		    "2016-05-11");
	timex(a, "Monday", TX_DATE, "2016-05-09", "2016-05-09", "2016-05-09", "day", 0);
	events_code(a, w);
	is_str(ev(a, 1)->time.value, "2016-05-11", "a material act: no inheritance");
	ingest_article_free(a);

	/* no DCT: the time stays unknown */
	a = code("Chile praised Peru.", NULL);
	e = ev(a, 0);
	is_str(e->cameo->code, "051", "praise: 051");
	is_str(e->time.anchor, "none", "no DCT, no time");
	is_str(e->time.value, "", "no value");
	ingest_article_free(a);

	worker_free(w);
	rules_done();
	return done_testing();
}
