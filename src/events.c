/*
 * events.c - trigger words to CAMEO-coded events.
 *
 * rules/triggers.rules (see its header) holds the trigger lexicon (verbs and
 * nouns, with inflections written "agree~"), the reporting verbs, the
 * status cues (will, could, not ...), the table turning a cooperative or
 * hostile action into an expressed intent or a threat when it is only
 * planned, and the table turning a state's "protest" into an official
 * complaint.  rules/cameo.tsv holds the CAMEO codes and their facts.
 *
 * For every body sentence (not boilerplate, not credits) events_code():
 *   1. finds reported speech: "according to X", a trailing ", X said
 *      Tuesday." (or '"...," X told reporters ...'), else a leading "X said
 *      (Tuesday) (that) ..."; the speaker is attributed_to and the
 *      reporting verb's timex is kept.  A leading adverbial before the
 *      speaker ("In his call with Lavrov on Tuesday, his third in 10 days,
 *      Kerry said") is coded as a clause of its own;
 *   2. splits the coded part into clauses (";", ", and", " after ", ...),
 *      only after a piece that holds a trigger;
 *   3. in each clause takes the first verb trigger (else the first noun
 *      trigger); the source is the clause's subject (its first mention, and
 *      those coordinated with it: "X and Y", "X, left, and Y, right"), or
 *      the speaker when the subject is a pronoun or missing in reported
 *      speech, or the previous clause's; the target is the first mention
 *      after the trigger's first word (and those coordinated with it);
 *      passives ("was attacked by X") swap them; "X said Y must" makes X
 *      the source and Y the target;
 *   4. status from the cues before the trigger (will -> planned, could ->
 *      hypothetical, would -> planned in reported speech or with a future
 *      time, not / denied -> negated) or from the trigger (offered ->
 *      proposed); a time after publication makes it planned; a planned
 *      cooperative action becomes an expressed intent (03x), a planned
 *      hostile one a threat (13x);
 *   5. time: a timex in the clause (or the previous clause's), else the
 *      reporting verb's, else the publication date (time.anchor says which);
 *   6. a series timex ("his third in 10 days": ordinal N, window P10D) adds
 *      N-1 implied events, same action and actors, each dated by the
 *      interval [day - window + 1, day - 1] before the event (a window of
 *      weeks is counted in days: "in a week" is P7D);
 *   7. a nominal event in a prepositional phrase of the clause ("proposed
 *      talks during a phone call with Y on Monday") is coded too: the
 *      phrase's trigger, between the clause's subject and Y, at the
 *      clause's time.
 * A headline's events are kept only when the body does not tell them (the
 * body reports the same events with better times).  A place ("met in Brussels", a
 * MENTION_PLACE) is never a subject nor a meeting's party, but may stand
 * for the target of other actions ("shelled positions in Aleppo"); actors
 * named only as places and in no event are dropped from the article.  In
 * a trailing "..., X said." the clause keeps its own subject: the speaker
 * is attributed, not made the source.  The target is looked for before a
 * coordinated new clause (", and said", ", who"), and not past a comma
 * right after a one-word trigger ("when X and Y cooperate, US officials").
 *
 * Nominal triggers: a possessor ("Russia's military buildup in Syria") or
 * an agent after "from"/"by" ("an offer from Russia", "an attack by X on
 * Y") is the source; a proposal so named is made to the clause's subject
 * ("the US weighs an offer from Russia"), another act aims at what follows,
 * else at the subject.  A possessed act has no time but its clause's (it
 * is named, not reported as happening that day).  A trigger after a verb
 * that only faces or weighs it, or a scene-setting preposition (rule
 * "objverb": "confronting the threat", "amid a buildup"), or a noun named
 * after a state ("the Iran nuclear deal"), is no event of the subject.  A
 * coordinated verb phrase with a clause of its own ("sought X and warned
 * that ...") is a clause.  In a trailing speech segment a nominal phrase
 * ('..., X told reporters at a news conference with Y.') is an event
 * between the speaker and Y at the reporting time.
 *
 * A noun trigger after a temporal preposition (rule "landmark": "talk
 * before a summit", "ahead of the talks") only dates another event, unless
 * a partner follows it ("after a meeting with X", "after meeting X").  A trigger in a generic
 * clause (rule "generic": "what can be achieved when X and Y cooperate")
 * is hypothetical, keeps its code and has no time; so has any hypothetical
 * act with no time in its clause ("X could hold talks").  "Would" right
 * before a stance verb (trigger flag "stance": "would welcome") is a
 * stance stated now, not a plan, dated when stated.  In reported speech, a verbal act in a conversation
 * naming no partner (rule "unnamedcall": "X said Y proposed it in a phone
 * call on Tuesday") is addressed to the speaker, and the call between Y
 * and X is coded too.  A consultation at a venue in no party's country
 * ("talk ... in Doha", rule "venue") is a meeting at a third location.
 * After the body, a verbal act with no time of its own that restates an
 * earlier dated one (same code, source and status; no "again", rule
 * "repeat") takes its time and target; and the headline is coded, keeping
 * only the events the body does not tell.
 */
#include "dipline.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ rules */

enum {
	TF_NOUN = 1 << 0,     /* noun trigger: used when a clause has no verb */
	TF_PASSIVE = 1 << 1,  /* "was attacked by X": source after "by" */
	TF_SPEAKER = 1 << 2,  /* "X said Y must ...": source = speaker, target = subject */
	TF_PROPOSED = 1 << 3, /* the trigger itself marks a proposal */
	TF_PLANNED = 1 << 4,  /* ... an intention */
	TF_NEGATED = 1 << 5,  /* ... a refusal coded as such */
	TF_NOINTENT = 1 << 6, /* keep the code even when planned */
	TF_TARGETFIRST = 1 << 7, /* the target precedes ("X's ... was condemned") */
	TF_STANCE = 1 << 8    /* "would welcome": a stance stated now */
};

typedef struct {
	char code[5];
	int  flags;
} ev_trigger;

typedef struct {
	char prefix[5];
	char code[5];
} ev_intent;

static dl_rule_file *ev_file, *cameo_file;
static dl_cameo     *ev_cameo;
static size_t        ev_ncameo;
static ev_trigger   *ev_triggers;
static size_t        ev_ntriggers;
static ev_intent    *ev_intents;
static size_t        ev_nintents;
static ev_intent    *ev_official;    /* code -> code when the source is official */
static size_t        ev_nofficial;
static ev_intent    *ev_venue;       /* code -> code at a third location */
/* word lists: coordination gaps ("and" first), determiners ("a "), agent
 * prepositions (" from ") with their spaces, NULL-terminated */
static const char  **ev_coordwords, **ev_determiners, **ev_agentpreps;
static size_t        ev_nvenue;
/* The trigger lexicon is too large for one pattern (pcre2's compiled size
 * limit): it is compiled in chunks, in file order. */
#define EV_MAXCHUNKS 64
#define EV_CHUNK_BYTES 8000
static pcre2_code   *trig_res[EV_MAXCHUNKS];
static size_t        ntrig_res;
static pcre2_code   *report_re, *according_re, *status_re,
		    *clause_re, *subjpron_re, *lead_re, *newclause_re, *nominal_re,
		    *objverb_re, *landmark_re, *generic_re, *unnamedcall_re,
		    *repeat_re;

/* "agree~" -> agre(?:e|es|ed|ing); "deny~" -> den(?:y|ies|ied|ying);
 * "sign~" -> sign(?:s|es|ed|ing)?; "expel~" -> expel(?:s|es|ed|ing|led|ling)? */
static void
expand(dl_buf *b, const char *pat)
{
	for (const char *p = pat; *p; p++) {
		if (*p == '\\' && p[1]) {
			buf_put(b, p, 2);
			p++;
			continue;
		}
		if (*p != '~') {
			buf_put(b, p, 1);
			continue;
		}
		/* find the word before the ~ in the output */
		size_t e = b->len, s = e;
		while (s > 0 && ((b->p[s - 1] >= 'a' && b->p[s - 1] <= 'z') ||
				 (b->p[s - 1] >= 'A' && b->p[s - 1] <= 'Z')))
			s--;
		if (e == s)
			continue;
		char last = b->p[e - 1];
		char prev = e - s >= 2 ? b->p[e - 2] : 'a';
		int  vowel = strchr("aeiou", prev) != NULL;
		if (last == 'e') {
			b->len--;
			buf_puts(b, "(?:e|es|ed|ing)");
		} else if (last == 'y' && !vowel) {
			b->len--;
			buf_puts(b, "(?:y|ies|ied|ying)");
		} else if (vowel && !strchr("aeiouwxy", last))
			/* "expel~": expelled, expelling */
			buf_printf(b, "(?:s|es|ed|ing|%ced|%cing)?", last, last);
		else
			buf_puts(b, "(?:s|es|ed|ing)?");
	}
}

static int
flags_of(const char *s)
{
	int f = 0;
	if (strstr(s, "noun"))
		f |= TF_NOUN;
	if (strstr(s, "passive"))
		f |= TF_PASSIVE;
	if (strstr(s, "speaker"))
		f |= TF_SPEAKER;
	if (strstr(s, "proposed"))
		f |= TF_PROPOSED;
	if (strstr(s, "planned"))
		f |= TF_PLANNED;
	if (strstr(s, "negated"))
		f |= TF_NEGATED;
	if (strstr(s, "nointent"))
		f |= TF_NOINTENT;
	if (strstr(s, "targetfirst"))
		f |= TF_TARGETFIRST;
	if (strstr(s, "stance"))
		f |= TF_STANCE;
	return f;
}

/* Every search of the events stage, for the prefilter (ev_pf, built at
 * the end of events_init): pattern i is ev_pfsrc[i] with ev_pfopts[i]. */
#define EV_MAXPF (EV_MAXCHUNKS + 16)
static dl_prefilter     *ev_pf;
static char             *ev_pfsrc[EV_MAXPF];
static uint32_t          ev_pfopts[EV_MAXPF];
static const pcre2_code *ev_pfre[EV_MAXPF];
static size_t            ev_npf;

static pcre2_code *
compile_one(const char *src, uint32_t extra, const char *path)
{
	pcre2_code *re = rules_compile(src, extra, path, 0);
	if (re && ev_npf < EV_MAXPF) {
		ev_pfsrc[ev_npf] = xstrdup(src);
		ev_pfopts[ev_npf] = extra;
		ev_pfre[ev_npf++] = re;
	}
	return re;
}

static pcre2_code *
compile_list(dl_buf *b, const char *path, uint32_t extra)
{
	if (b->len == 0)
		buf_puts(b, "(?!)");
	pcre2_code *re = compile_one(b->p, extra, path);
	buf_free(b);
	return re;
}

/* Compile the triggers gathered in b as one more chunk; b is emptied. */
static int
flush_chunk(dl_buf *b)
{
	if (ntrig_res == EV_MAXCHUNKS) {
		util_warn(ev_file->path, 0, "too many triggers");
		return -1;
	}
	buf_puts(b, ")(?![\\p{L}\\p{N}])");
	pcre2_code *re = compile_one(b->p, PCRE2_CASELESS, ev_file->path);
	buf_free(b);
	if (re == NULL)
		return -1;
	trig_res[ntrig_res++] = re;
	return 0;
}

static int
load_cameo(void)
{
	size_t cap = 0;
	cameo_file = rules_file_read("cameo.tsv");
	if (cameo_file == NULL)
		return -1;
	for (size_t i = 0; i < cameo_file->nlines; i++) {
		dl_rule_line *l = &cameo_file->lines[i];
		if (l->nfields < 4 || strlen(l->fields[0]) > 4) {
			util_warn(cameo_file->path, l->line, "expected CODE LABEL "
				  "GOLDSTEIN QUAD [PLOVER]");
			return -1;
		}
		if (ev_ncameo == cap)
			ev_cameo = arena_grow(cameo_file->arena, ev_cameo,
					      sizeof *ev_cameo, &cap);
		dl_cameo *c = &ev_cameo[ev_ncameo++];
		snprintf(c->code, sizeof c->code, "%s", l->fields[0]);
		c->label = l->fields[1];
		c->goldstein = strtod(l->fields[2], NULL);
		c->quad_class = atoi(l->fields[3]);
		c->plover = l->nfields > 4 ? l->fields[4] : "";
	}
	return 0;
}

/* A "KIND PREFIX CODE" rule line: append the pair to *arr; the code (and
 * with check_prefix the prefix too) must be a known CAMEO code. */
static int
add_code_pair(ev_intent **arr, size_t *n, size_t *cap, const dl_rule_line *l,
	      int check_prefix)
{
	if (*n == *cap)
		*arr = arena_grow(ev_file->arena, *arr, sizeof **arr, cap);
	ev_intent *x = &(*arr)[(*n)++];
	snprintf(x->prefix, sizeof x->prefix, "%s", l->fields[1]);
	snprintf(x->code, sizeof x->code, "%s", l->fields[2]);
	if (!events_cameo(x->code) || (check_prefix && !events_cameo(x->prefix))) {
		util_warn(ev_file->path, l->line, "unknown CAMEO code %s",
			  events_cameo(x->code) ? x->prefix : x->code);
		return -1;
	}
	return 0;
}

int
events_init(void)
{
	dl_buf trig = {0}, rep = {0}, acc = {0}, st = {0}, cl = {0}, sp = {0},
	       ld = {0}, nc = {0}, nm = {0}, ov = {0}, lm = {0}, gn = {0},
	       uc = {0}, rp = {0};
	size_t cap_t = 0, cap_i = 0, cap_o = 0, cap_v = 0;
	size_t cap_cw = 0, cap_dt = 0, cap_ap = 0, n_cw = 0, n_dt = 0, n_ap = 0;
	int    rc = -1;

	if (load_cameo() != 0)
		goto fail;
	ev_file = rules_file_read("triggers.rules");
	if (ev_file == NULL)
		goto fail;
	static const char wb[] = "(?<![\\p{L}\\p{N}])";
	static const char we[] = "(?![\\p{L}\\p{N}])";
	for (size_t i = 0; i < ev_file->nlines; i++) {
		dl_rule_line *l = &ev_file->lines[i];
		const char *k = l->fields[0];
		if (strcmp(k, "trigger") == 0 && l->nfields >= 3) {
			if (!events_cameo(l->fields[1])) {
				util_warn(ev_file->path, l->line, "unknown CAMEO code %s",
					  l->fields[1]);
				goto fail;
			}
			if (ev_ntriggers == cap_t)
				ev_triggers = arena_grow(ev_file->arena, ev_triggers,
							 sizeof *ev_triggers, &cap_t);
			ev_trigger *t = &ev_triggers[ev_ntriggers];
			snprintf(t->code, sizeof t->code, "%s", l->fields[1]);
			t->flags = l->nfields > 3 ? flags_of(l->fields[3]) : 0;
			if (trig.len > EV_CHUNK_BYTES && flush_chunk(&trig) != 0)
				goto fail;
			buf_puts(&trig, trig.len ? "|" : "(?<![\\p{L}\\p{N}])(?:");
			buf_puts(&trig, "(?:");
			expand(&trig, l->fields[2]);
			buf_printf(&trig, ")(*MARK:%zu)", ev_ntriggers);
			ev_ntriggers++;
		} else if (strcmp(k, "report") == 0 && l->nfields >= 2) {
			buf_puts(&rep, rep.len ? "|" : "");
			expand(&rep, l->fields[1]);
		} else if (strcmp(k, "according") == 0 && l->nfields >= 2) {
			buf_puts(&acc, acc.len ? "|" : "");
			expand(&acc, l->fields[1]);
		} else if (strcmp(k, "status") == 0 && l->nfields >= 3) {
			buf_puts(&st, st.len ? "|" : "");
			buf_puts(&st, "(?:");
			expand(&st, l->fields[2]);
			buf_printf(&st, ")(*MARK:%s)", l->fields[1]);
		} else if (strcmp(k, "clause") == 0 && l->nfields >= 2) {
			buf_puts(&cl, cl.len ? "|" : "");
			buf_puts(&cl, l->fields[1]);
		} else if (strcmp(k, "subjpronoun") == 0 && l->nfields >= 2) {
			buf_puts(&sp, sp.len ? "|" : "");
			buf_puts(&sp, l->fields[1]);
		} else if (strcmp(k, "nominal") == 0 && l->nfields >= 2) {
			buf_puts(&nm, nm.len ? "|" : "");
			buf_puts(&nm, l->fields[1]);
		} else if (strcmp(k, "newclause") == 0 && l->nfields >= 2) {
			buf_puts(&nc, nc.len ? "|" : "");
			buf_puts(&nc, l->fields[1]);
		} else if (strcmp(k, "objverb") == 0 && l->nfields >= 2) {
			buf_puts(&ov, ov.len ? "|" : "");
			expand(&ov, l->fields[1]);
		} else if (strcmp(k, "landmark") == 0 && l->nfields >= 2) {
			buf_puts(&lm, lm.len ? "|" : "");
			expand(&lm, l->fields[1]);
		} else if (strcmp(k, "generic") == 0 && l->nfields >= 2) {
			buf_puts(&gn, gn.len ? "|" : "");
			buf_puts(&gn, l->fields[1]);
		} else if (strcmp(k, "repeat") == 0 && l->nfields >= 2) {
			buf_puts(&rp, rp.len ? "|" : "");
			buf_puts(&rp, l->fields[1]);
		} else if (strcmp(k, "unnamedcall") == 0 && l->nfields >= 2) {
			buf_puts(&uc, uc.len ? "|" : "");
			buf_puts(&uc, l->fields[1]);
		} else if (strcmp(k, "lead") == 0 && l->nfields >= 2) {
			buf_puts(&ld, ld.len ? "|" : "");
			buf_puts(&ld, l->fields[1]);
		} else if (strcmp(k, "venue") == 0 && l->nfields >= 3) {
			if (add_code_pair(&ev_venue, &ev_nvenue, &cap_v, l, 1) != 0)
				goto fail;
		} else if (strcmp(k, "official") == 0 && l->nfields >= 3) {
			if (add_code_pair(&ev_official, &ev_nofficial, &cap_o, l, 1) != 0)
				goto fail;
		} else if ((strcmp(k, "coordword") == 0 || strcmp(k, "determiner") == 0 ||
			    strcmp(k, "agentprep") == 0) && l->nfields >= 2) {
			const char ***v = k[0] == 'c' ? &ev_coordwords :
				k[0] == 'd' ? &ev_determiners : &ev_agentpreps;
			size_t *cap = k[0] == 'c' ? &cap_cw : k[0] == 'd' ? &cap_dt : &cap_ap;
			size_t *nv = k[0] == 'c' ? &n_cw : k[0] == 'd' ? &n_dt : &n_ap;
			if (*nv + 1 >= *cap)
				*v = arena_grow(ev_file->arena, *v, sizeof **v, cap);
			(*v)[(*nv)++] = k[0] == 'c' ? l->fields[1] :
				k[0] == 'd' ? arena_printf(ev_file->arena, "%s ", l->fields[1]) :
				arena_printf(ev_file->arena, " %s ", l->fields[1]);
			(*v)[*nv] = NULL;
		} else if (strcmp(k, "intent") == 0 && l->nfields >= 3) {
			if (add_code_pair(&ev_intents, &ev_nintents, &cap_i, l, 0) != 0)
				goto fail;
		} else {
			util_warn(ev_file->path, l->line, "bad rule '%s'", k);
			goto fail;
		}
	}
	if (trig.len && flush_chunk(&trig) != 0)
		goto fail;
	/* reporting verbs and cues, as whole words */
	{
		dl_buf t = {0};
		buf_printf(&t, "%s(?:%s)%s", wb, rep.len ? rep.p : "(?!)", we);
		report_re = compile_list(&t, ev_file->path, 0);
		buf_printf(&t, "%s(?:%s)%s", wb, acc.len ? acc.p : "(?!)", we);
		according_re = compile_list(&t, ev_file->path, PCRE2_CASELESS);
		buf_printf(&t, "%s(?:%s)%s", wb, st.len ? st.p : "(?!)", we);
		status_re = compile_list(&t, ev_file->path, PCRE2_CASELESS);
		buf_printf(&t, "(?:%s)", cl.len ? cl.p : "(?!)");
		clause_re = compile_list(&t, ev_file->path, 0);
		buf_printf(&t, "%s(?:%s)%s", wb, sp.len ? sp.p : "(?!)", we);
		subjpron_re = compile_list(&t, ev_file->path, 0);
		buf_printf(&t, "(?:%s)", ld.len ? ld.p : "(?!)");
		lead_re = compile_list(&t, ev_file->path, PCRE2_ANCHORED);
		buf_printf(&t, "(?:%s)", nc.len ? nc.p : "(?!)");
		newclause_re = compile_list(&t, ev_file->path, 0);
		buf_printf(&t, "%s(?:%s)", wb, nm.len ? nm.p : "(?!)");
		nominal_re = compile_list(&t, ev_file->path, PCRE2_CASELESS);
		/* matched on the text up to a trigger: it must end there */
		buf_printf(&t, "%s(?:%s)\\z", wb, ov.len ? ov.p : "(?!)");
		objverb_re = compile_list(&t, ev_file->path, PCRE2_CASELESS);
		buf_printf(&t, "%s(?:%s)\\z", wb, lm.len ? lm.p : "(?!)");
		landmark_re = compile_list(&t, ev_file->path, PCRE2_CASELESS);
		buf_printf(&t, "%s(?:%s)", wb, gn.len ? gn.p : "(?!)");
		generic_re = compile_list(&t, ev_file->path, PCRE2_CASELESS);
		buf_printf(&t, "%s(?:%s)%s", wb, uc.len ? uc.p : "(?!)", we);
		unnamedcall_re = compile_list(&t, ev_file->path, PCRE2_CASELESS);
		buf_printf(&t, "%s(?:%s)%s", wb, rp.len ? rp.p : "(?!)", we);
		repeat_re = compile_list(&t, ev_file->path, PCRE2_CASELESS);
	}
	if (ntrig_res > 0 && n_cw && n_dt && n_ap && report_re && according_re && status_re && clause_re &&
	    subjpron_re && lead_re && newclause_re && nominal_re && objverb_re &&
	    landmark_re && generic_re && unnamedcall_re && repeat_re) {
		ev_pf = prefilter_new((const char *const *)ev_pfsrc, ev_pfopts,
				      ev_pfre, ev_npf);
		rc = 0;
	}
fail:
	buf_free(&trig);
	buf_free(&rep);
	buf_free(&acc);
	buf_free(&st);
	buf_free(&cl);
	buf_free(&sp);
	buf_free(&ld);
	buf_free(&nc);
	buf_free(&nm);
	buf_free(&ov);
	buf_free(&lm);
	buf_free(&gn);
	buf_free(&uc);
	buf_free(&rp);
	if (rc != 0)
		events_done();
	return rc;
}

void
events_done(void)
{
	prefilter_free(ev_pf);
	ev_pf = NULL;
	for (size_t i = 0; i < ev_npf; i++)
		free(ev_pfsrc[i]);
	ev_npf = 0;
	for (size_t i = 0; i < ntrig_res; i++)
		pcre2_code_free(trig_res[i]);
	ntrig_res = 0;
	pcre2_code_free(report_re);
	pcre2_code_free(according_re);
	pcre2_code_free(status_re);
	pcre2_code_free(clause_re);
	pcre2_code_free(subjpron_re);
	pcre2_code_free(lead_re);
	pcre2_code_free(newclause_re);
	pcre2_code_free(nominal_re);
	pcre2_code_free(objverb_re);
	pcre2_code_free(landmark_re);
	pcre2_code_free(generic_re);
	pcre2_code_free(unnamedcall_re);
	pcre2_code_free(repeat_re);
	repeat_re = NULL;
	newclause_re = nominal_re = objverb_re = NULL;
	landmark_re = generic_re = unnamedcall_re = NULL;
	report_re = according_re = status_re = clause_re = NULL;
	subjpron_re = lead_re = NULL;
	ev_coordwords = ev_determiners = ev_agentpreps = NULL;
	rules_file_free(ev_file);
	rules_file_free(cameo_file);
	ev_file = cameo_file = NULL;
	ev_cameo = NULL;
	ev_triggers = NULL;
	ev_intents = NULL;
	ev_official = NULL;
	ev_venue = NULL;
	ev_ncameo = ev_ntriggers = ev_nintents = ev_nofficial = ev_nvenue = 0;
}

const dl_cameo *
events_cameo(const char *code)
{
	if (code == NULL)
		return NULL;
	for (size_t i = 0; i < ev_ncameo; i++)
		if (strcmp(ev_cameo[i].code, code) == 0)
			return &ev_cameo[i];
	return NULL;
}

const char *
events_status_name(dl_status s)
{
	static const char *n[] = {"occurred", "planned", "proposed",
				  "hypothetical", "negated", "implied"};
	return n[s];
}

/* ------------------------------------------------------------ coding */

typedef struct {
	size_t start, end;
	int    rule;
} ev_hit;

#define EV_MAXHITS 512

static int
hit_cmp(const void *a, const void *b)
{
	const ev_hit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->rule - y->rule;
}

/* The first match of a pattern from some start up to some end: asked
 * again from a later start that is not past that match, it is the answer
 * (the scans from the separators of a clause region move forward). */
typedef struct {
	const pcre2_code *re;
	size_t            from, to, ms, me;
	int               found;
} ev_memo;

typedef struct {
	dl_article *art;
	dl_worker  *w;
	size_t      cap;
	ev_memo     memo_report, memo_subj;   /* for clause_starts() */
	/* of sentence aux_si, made when first asked for (sentence_aux) */
	int         aux_si;
	size_t     *seps, nseps;      /* offsets of ',' and ';' */
	size_t     *places, nplaces;  /* indexes of place mentions */
	size_t     *withs, nwiths;    /* indexes of mentions after "with ",
				       * "with the " or "between " */
	size_t      capseps, capplaces, capwiths;
	struct ev_idref *by_id;       /* the actors sorted by id, or NULL */
	int         si;
	size_t      m0, m1;          /* mentions of the sentence: [m0, m1) */
	ev_hit      hits[64];
	int         nhits;
	int         speaker;         /* actor index or -1 */
	int         rep_timex;       /* timex of the reporting verb or -1 */
	size_t      comp_start;      /* start of a reported complement, or -1 */
	int         trailing;        /* the speaker follows: "..., X said." */
	int         clause_tx;       /* timex of the previous clause, or -1 */
	int         generic;         /* the trigger is generic ("can ... when") */
	int         prev_src[4], nprev_src;
	int         last_src[4], nlast_src;   /* of the previous sentences */
} ev_ctx;

/* Match the article text (validated by ingest) in [off, len), through
 * the prefilter. */
static int
text_match(const pcre2_code *re, const ev_ctx *c, size_t len, size_t off)
{
	return prefilter_match(ev_pf, prefilter_find(ev_pf, re), re, c->w,
			       c->art->text, c->art->len, len, off);
}

static int
match_at(pcre2_code *re, ev_ctx *c, size_t from, size_t to, size_t *s, size_t *e)
{
	if (from >= to)
		return 0;
	int rc = text_match(re, c, to, from);
	if (rc <= 0)
		return 0;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->w->md);
	*s = ov[0];
	*e = ov[1];
	return 1;
}

/* match_at() through a memo m (only for [*s, *e): not the marks). */
static int
match_memo(pcre2_code *re, ev_ctx *c, ev_memo *m, size_t from, size_t to,
	   size_t *s, size_t *e)
{
	if (m->re == re && m->to == to && m->from <= from &&
	    (!m->found || from <= m->ms)) {
		*s = m->ms;
		*e = m->me;
		return m->found && from < to;
	}
	int r = match_at(re, c, from, to, s, e);
	/* a start inside a character fails, and says nothing of later ones */
	if (from < to && ((unsigned char)c->art->text[from] & 0xC0) == 0x80)
		return r;
	m->re = re;
	m->from = from;
	m->to = to;
	m->found = r;
	m->ms = r ? *s : 0;
	m->me = r ? *e : 0;
	return r;
}

/* The first mention of the sentence starting at or after s (m1 when
 * none): the mentions are sorted by start, a binary search finds it (a
 * scan from the sentence's first mention would be quadratic in sentences
 * of many mentions). */
static size_t
mention_from(const ev_ctx *c, size_t s)
{
	size_t lo = c->m0, hi = c->m1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->art->mentions[mid].start < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
push_offset(size_t **v, size_t *n, size_t *cap, size_t x)
{
	if (*n == *cap)
		*v = xrealloc(*v, sizeof **v * (*cap = *cap ? 2 * *cap : 16));
	(*v)[(*n)++] = x;
}

/* The separators, places and partners ("with X") of the sentence: made
 * once per sentence, so that the look-ups of every trigger are binary
 * searches, not scans of the sentence.  The buffers are the context's,
 * freed at the end of events_code(). */
static void
sentence_aux(ev_ctx *c)
{
	const dl_article *art = c->art;
	const char *t = art->text;
	if (c->aux_si == c->si)
		return;
	c->aux_si = c->si;
	c->nseps = c->nplaces = c->nwiths = 0;
	for (size_t p = art->sents[c->si].start; p < art->sents[c->si].end; p++)
		if (t[p] == ',' || t[p] == ';')
			push_offset(&c->seps, &c->nseps, &c->capseps, p);
	for (size_t i = c->m0; i < c->m1; i++) {
		size_t st = art->mentions[i].start;
		if (art->mentions[i].kind == MENTION_PLACE)
			push_offset(&c->places, &c->nplaces, &c->capplaces, i);
		if ((st >= 5 && strncmp(t + st - 5, "with ", 5) == 0) ||
		    (st >= 9 && strncmp(t + st - 9, "with the ", 9) == 0) ||
		    (st >= 8 && strncmp(t + st - 8, "between ", 8) == 0))
			push_offset(&c->withs, &c->nwiths, &c->capwiths, i);
	}
}

typedef struct ev_idref {
	const char *id;
	int         i;
} ev_idref;

static int
idref_cmp(const void *a, const void *b)
{
	const ev_idref *x = a, *y = b;
	int r = strcmp(x->id, y->id);
	return r ? r : x->i - y->i;
}

/* The (last) actor of the article whose id is id, or -1: a binary search
 * in the actors sorted by id, sorted when first asked. */
static int
actor_by_id(ev_ctx *c, const char *id)
{
	const dl_article *art = c->art;
	if (art->nactors == 0)
		return -1;
	if (c->by_id == NULL) {
		c->by_id = xcalloc(art->nactors, sizeof *c->by_id);
		for (size_t i = 0; i < art->nactors; i++) {
			c->by_id[i].id = art->actors[i].id;
			c->by_id[i].i = (int)i;
		}
		qsort(c->by_id, art->nactors, sizeof *c->by_id, idref_cmp);
	}
	size_t lo = 0, hi = art->nactors;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(c->by_id[mid].id, id) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && strcmp(c->by_id[lo - 1].id, id) == 0 ? c->by_id[lo - 1].i : -1;
}

/* The first of the n sorted values v at or after x (n when none); with
 * mentions, v holds mention indexes compared by their start. */
static size_t
lower_bound(const ev_ctx *c, const size_t *v, size_t n, size_t x, int mentions)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t val = mentions ? c->art->mentions[v[mid]].start : v[mid];
		if (val < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The mention index of the first mention within [s, e), else -1. */
static int
first_mention(ev_ctx *c, size_t s, size_t e)
{
	for (size_t i = mention_from(c, s); i < c->m1 && c->art->mentions[i].start <= e; i++)
		if (c->art->mentions[i].end <= e)
			return (int)i;
	return -1;
}

static int
add_actor(int *arr, int *n, int actor)
{
	for (int i = 0; i < *n; i++)
		if (arr[i] == actor)
			return 0;
	if (*n < 4)
		arr[(*n)++] = actor;
	return 1;
}

/* The text between two coordinated mentions: commas, "and", a
 * determiner, a photo position ("X, left, and Y, right"). */
static int
coord_gap(const char *p, const char *e)
{
	const char **words = ev_coordwords;
	int sep = 0;
	while (p < e) {
		if (*p == ' ') {
			p++;
			continue;
		}
		if (*p == ',') {
			sep = 1;
			p++;
			continue;
		}
		const char *w = p;
		while (p < e && *p != ' ' && *p != ',')
			p++;
		int k;
		for (k = 0; words[k]; k++)
			if (strlen(words[k]) == (size_t)(p - w) &&
			    strncmp(words[k], w, (size_t)(p - w)) == 0)
				break;
		if (!words[k])
			return 0;
		if (k == 0)
			sep = 1;
	}
	return sep;
}

/* Mention mi and those coordinated with it ("X and Y", "X, Y and Z",
 * "X and the Y") up to limit. */
static void
coordinated(ev_ctx *c, int mi, size_t limit, int *arr, int *n)
{
	const dl_article *art = c->art;
	add_actor(arr, n, art->mentions[mi].actor);
	for (size_t j = (size_t)mi + 1; j < c->m1; j++) {
		const dl_mention *a = &art->mentions[j - 1], *b = &art->mentions[j];
		if (b->end > limit)
			break;
		/* one span, several actors: a plural reference ("the two
		 * ministers") */
		if (b->start == a->start && b->end == a->end) {
			add_actor(arr, n, b->actor);
			continue;
		}
		const char *g = art->text + a->end, *ge = art->text + b->start;
		/* "an Israeli peace movement and the PLO": the demonym's
		 * head nouns first */
		if (a->kind == MENTION_DEMONYM)
			for (int w = 0; w < 2 && g < ge && g[0] == ' ' &&
			     g[1] >= 'a' && g[1] <= 'z' && strncmp(g + 1, "and ", 4) != 0; w++) {
				g++;
				while (g < ge && *g != ' ' && *g != ',')
					g++;
			}
		if (coord_gap(g, ge))
			add_actor(arr, n, b->actor);
		else
			break;
	}
}

/* The first timex starting at or after s (timexes are sorted by start):
 * scans from there stay linear in long articles. */
static size_t
timex_from(const ev_ctx *c, size_t s)
{
	size_t lo = 0, hi = c->art->ntimexes;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->art->timexes[mid].start < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
timex_in(ev_ctx *c, size_t s, size_t e, size_t near, int series)
{
	int best = -1;
	size_t bd = (size_t)-1;
	for (size_t i = timex_from(c, s); i < c->art->ntimexes; i++) {
		const dl_timex *t = &c->art->timexes[i];
		if (t->start > e)
			break;
		if (t->start < s || t->end > e)
			continue;
		if (series ? t->ordinal <= 0 : t->ordinal > 0)
			continue;
		if (!series && (t->type == TX_DURATION || t->type == TX_SET))
			continue;
		size_t d = t->start > near ? t->start - near : near - t->start;
		if (d < bd) {
			bd = d;
			best = (int)i;
		}
	}
	return best;
}

static void
time_from_timex(dl_time *t, const dl_timex *x, const char *text, arena *a,
		const char *anchor)
{
	memcpy(t->value, x->value, sizeof t->value);
	t->value[sizeof t->value - 1] = '\0';
	snprintf(t->type, sizeof t->type, "%s", times_type_name(x->type));
	snprintf(t->earliest, sizeof t->earliest, "%s", x->earliest);
	snprintf(t->latest, sizeof t->latest, "%s", x->latest);
	snprintf(t->granularity, sizeof t->granularity, "%s", x->granularity);
	snprintf(t->mod, sizeof t->mod, "%s", x->mod);
	t->text = arena_strndup(a, text + x->start, x->end - x->start);
	t->anchor = anchor;
}

static dl_event *
event_new(ev_ctx *c)
{
	dl_article *art = c->art;
	if (art->nevents == c->cap)
		art->events = arena_grow(art->arena, art->events, sizeof *art->events,
					 &c->cap);
	dl_event *e = &art->events[art->nevents++];
	memset(e, 0, sizeof *e);
	e->attributed_to = -1;
	e->series_of = -1;
	return e;
}

/* Window "P10D", "P2W", "P1M", "P1Y" -> earliest day of the window that
 * ends on day (inclusive).  -1 when not understood. */
static int
window_start(const char *w, long day, long *out)
{
	char *end;
	if (w[0] != 'P')
		return -1;
	long n = strtol(w + 1, &end, 10);
	if (n <= 0 || end[1] != '\0')
		return -1;
	dl_ymd d = date_from_days(day);
	switch (*end) {
	case 'D': *out = day - n + 1; return 0;
	case 'W': *out = day - 7 * n + 1; return 0;
	case 'M': {
		int m = d.m - (int)n, y = d.y;
		while (m < 1) {
			m += 12;
			y--;
		}
		int dd = d.d > date_days_in_month(y, m) ? date_days_in_month(y, m) : d.d;
		*out = date_to_days(y, m, dd) + 1;
		return 0;
	}
	case 'Y': *out = date_to_days(d.y - (int)n, d.m,
				      d.m == 2 && d.d == 29 ? 28 : d.d) + 1;
		return 0;
	}
	return -1;
}

static void
add_implied(ev_ctx *c, int main_i)
{
	dl_event *m = &c->art->events[main_i];
	long day, first;
	int  known = m->time.earliest[0] &&
		strcmp(m->time.earliest, m->time.latest) == 0 &&
		date_parse_iso(m->time.earliest, &day) == 0 &&
		window_start(m->series_window, day, &first) == 0;
	for (int k = 1; k < m->series_ordinal && k < 32; k++) {
		dl_event *e = event_new(c);
		m = &c->art->events[main_i];   /* the array may have moved */
		*e = *m;
		e->status = ST_IMPLIED;
		e->series_ordinal = k;
		e->series_of = main_i;
		e->attributed_to = m->attributed_to;
		memset(&e->time, 0, sizeof e->time);
		e->time.anchor = "series";
		e->time.text = m->time.text;
		if (known) {
			char a[11], b[11];
			date_format(first, a);
			date_format(day - 1, b);
			snprintf(e->time.type, sizeof e->time.type, "DATE");
			snprintf(e->time.earliest, sizeof e->time.earliest, "%s", a);
			snprintf(e->time.latest, sizeof e->time.latest, "%s", b);
			snprintf(e->time.granularity, sizeof e->time.granularity, "day");
		} else
			e->time.anchor = "none";
	}
}

/* A planned cooperative action is an expressed intent (03x), a planned
 * hostile one a threat (13x): the longest matching prefix in the table. */
static const dl_cameo *
intent_of(const dl_cameo *k)
{
	const ev_intent *best = NULL;
	size_t bl = 0;
	for (size_t i = 0; i < ev_nintents; i++) {
		size_t l = strlen(ev_intents[i].prefix);
		if (l > bl && strncmp(k->code, ev_intents[i].prefix, l) == 0) {
			best = &ev_intents[i];
			bl = l;
		}
	}
	return best ? events_cameo(best->code) : k;
}

/* The number of words in [s, e). */
static int
words_between(ev_ctx *c, size_t s, size_t e)
{
	int n = 0, in = 0;
	for (size_t p = s; p < e; p++) {
		int sp = c->art->text[p] == ' ';
		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

/* "was attacked", "have been killed", "is being investigated" */
static int
is_passive(ev_ctx *c, size_t cs, size_t trig)
{
	static const char *aux[] = {"was", "were", "been", "being", "is", "are",
				    "be", "got", NULL};
	const char *t = c->art->text;
	size_t e = trig;
	while (e > cs && t[e - 1] == ' ')
		e--;
	size_t s = e;
	while (s > cs && t[s - 1] != ' ')
		s--;
	/* one adverb in between: "was reportedly killed" */
	if (e - s > 2 && strncmp(t + e - 2, "ly", 2) == 0) {
		e = s;
		while (e > cs && t[e - 1] == ' ')
			e--;
		s = e;
		while (s > cs && t[s - 1] != ' ')
			s--;
	}
	/* the trigger must start with a past participle: "is providing"
	 * is progressive, "be ready to" no passive */
	size_t w = trig;
	while (t[w] && t[w] != ' ')
		w++;
	static const char *pp[] = {"ed", "en", "wn", "ot", "ught", "eld", "ung",
				   "hit", "put", "cut", "set", "hurt", "id", NULL};
	int part = 0;
	for (int i = 0; pp[i]; i++) {
		size_t l = strlen(pp[i]);
		if (w - trig > l && strncmp(t + w - l, pp[i], l) == 0)
			part = 1;
	}
	if (!part)
		return 0;
	for (int i = 0; aux[i]; i++)
		if (strlen(aux[i]) == e - s && strncmp(t + s, aux[i], e - s) == 0)
			return 1;
	return 0;
}

/* Skip a leading adverbial ("In a letter to X on Monday, ") of a clause. */
static size_t
skip_lead(ev_ctx *c, size_t s, size_t e, size_t trig)
{
	size_t ms, me;
	if (!match_at(lead_re, c, s, e, &ms, &me) || ms != s)
		return s;
	for (size_t p = me; p < trig; p++)
		if (c->art->text[p] == ',')
			return p + 1;
	return s;
}

/* A nominal event in a prepositional phrase of the clause ("X proposed
 * talks during a phone call with Y on Monday"): the call itself, between
 * the clause's subject and Y, at the clause's time. */
static void
code_nominal(ev_ctx *c, int main_i, size_t cs, size_t ce, const ev_hit *h)
{
	dl_article *art = c->art;
	size_t off = cs, ms, me;
	while (match_at(nominal_re, c, off, ce, &ms, &me)) {
		off = me > ms ? me : ms + 1;
		/* the clause's own trigger is the phrase's noun: coded */
		if (h->start >= ms && h->start < me)
			continue;
		const ev_hit *nh = NULL;
		for (int i = 0; i < c->nhits && !nh; i++)
			if (c->hits[i].start >= ms && c->hits[i].start < me)
				nh = &c->hits[i];
		if (nh == NULL)
			continue;
		const dl_cameo *k = events_cameo(ev_triggers[nh->rule].code);
		int om = first_mention(c, me, ce);
		if (k == NULL || om < 0 || art->mentions[om].start > me + 80)
			continue;
		const dl_event *m = &art->events[main_i];
		int tgt[4] = {0}, ntgt = 0;
		coordinated(c, om, ce, tgt, &ntgt);
		for (int i = 0; i < ntgt; i++)
			for (int j = 0; j < m->nsrc; j++)
				if (tgt[i] == m->src[j]) {
					memmove(&tgt[i], &tgt[i + 1],
						sizeof *tgt * (size_t)(ntgt - i - 1));
					ntgt--;
					i--;
					break;
				}
		if (ntgt == 0)
			continue;
		dl_event *e = event_new(c);
		m = &art->events[main_i];   /* the array may have moved */
		*e = *m;
		e->cameo = k;
		e->trigger = arena_strndup(art->arena, art->text + nh->start,
					   nh->end - nh->start);
		memcpy(e->tgt, tgt, sizeof tgt);
		e->ntgt = ntgt;
		e->trigger_start = nh->start;
		e->series_ordinal = 0;
		e->series_window[0] = '\0';
		e->series_of = -1;
		/* it happened, unless the clause is to come ("will raise it
		 * during a visit to Y next week") */
		if (m->status != ST_PLANNED && m->status != ST_HYPOTHETICAL)
			e->status = ST_OCCURRED;
		if (e->status == ST_OCCURRED && art->published[0] &&
		    e->time.earliest[0] && strcmp(e->time.earliest, art->published) > 0)
			e->status = ST_PLANNED;
	}
}

/* The conversation of an unnamed-partner phrase ("Y proposed it in a
 * phone call on Monday", reported by X): between the clause's subject
 * and the speaker, at the clause's time. */
static void
code_unnamed_call(ev_ctx *c, int main_i, size_t s, size_t e)
{
	dl_article *art = c->art;
	const ev_hit *nh = NULL;
	for (int i = 0; i < c->nhits && !nh; i++)
		if (c->hits[i].start >= s && c->hits[i].end <= e)
			nh = &c->hits[i];
	if (nh == NULL)
		return;
	const dl_cameo *k = events_cameo(ev_triggers[nh->rule].code);
	if (k == NULL || strncmp(k->code, "04", 2) != 0)
		return;
	dl_event *ev = event_new(c);
	const dl_event *m = &art->events[main_i];   /* the array may have moved */
	*ev = *m;
	ev->cameo = k;
	ev->trigger = arena_strndup(art->arena, art->text + nh->start,
				    nh->end - nh->start);
	ev->trigger_start = nh->start;
	ev->series_ordinal = 0;
	ev->series_window[0] = '\0';
	ev->series_of = -1;
	/* the conversation took place, unless the clause is to come */
	if (m->status != ST_PLANNED && m->status != ST_HYPOTHETICAL &&
	    m->status != ST_NEGATED)
		ev->status = ST_OCCURRED;
	if (ev->status == ST_OCCURRED && art->published[0] &&
	    ev->time.earliest[0] && strcmp(ev->time.earliest, art->published) > 0)
		ev->status = ST_PLANNED;
}

/* Is the place actor pl in a country none of the parties belongs to
 * (every one of them of a known country)? */
static int
third_place(const dl_article *art, int pl, const int *src, int nsrc,
	    const int *tgt, int ntgt)
{
	const char *pc = art->actors[pl].country;
	if (pc[0] == '\0')
		return 0;
	for (int i = 0; i < nsrc + ntgt; i++) {
		int a = i < nsrc ? src[i] : tgt[i - nsrc];
		const char *ac = art->actors[a].country;
		if (ac[0] == '\0' || strcmp(ac, pc) == 0)
			return 0;
	}
	return 1;
}

static int trigger_idle(ev_ctx *c, size_t cs, const ev_hit *h);

/* Does a partner follow trigger h in its phrase (up to a comma): "a
 * meeting at his home with X", "talks between X and Y", "meeting X"?
 * Such a meeting is an event of its own, not only a time landmark. */
static int
partner_named(ev_ctx *c, const ev_hit *h)
{
	const dl_article *art = c->art;
	size_t lim = art->sents[c->si].end;
	sentence_aux(c);
	size_t k = lower_bound(c, c->seps, c->nseps, h->end, 0);
	if (k < c->nseps)
		lim = c->seps[k];
	/* right after the trigger ... */
	for (size_t i = mention_from(c, h->end + 1);
	     i < c->m1 && art->mentions[i].start == h->end + 1; i++)
		if (art->mentions[i].end <= lim)
			return 1;
	/* ... or after "with", "between" */
	for (k = lower_bound(c, c->withs, c->nwiths, h->end + 5, 1); k < c->nwiths; k++) {
		const dl_mention *m = &art->mentions[c->withs[k]];
		if (m->start >= lim)
			break;
		const char *q = art->text + m->start;
		if (m->end <= lim &&
		    ((m->start >= h->end + 5 && strncmp(q - 5, "with ", 5) == 0) ||
		     (m->start >= h->end + 9 && strncmp(q - 9, "with the ", 9) == 0) ||
		     (m->start >= h->end + 8 && strncmp(q - 8, "between ", 8) == 0)))
			return 1;
	}
	return 0;
}

/* The venue of the event of trigger h: the first place after "in" later
 * in the sentence, with no other event's trigger between ("talk before a
 * summit, in Doha": the summit only dates it); the mention, or -1. */
static int
venue_after(ev_ctx *c, size_t cs, const ev_hit *h)
{
	const dl_article *art = c->art;
	sentence_aux(c);
	size_t k = lower_bound(c, c->places, c->nplaces, h->end, 1);
	if (k < c->nplaces) {
		size_t i = c->places[k];
		const dl_mention *m = &art->mentions[i];
		if (m->start < h->end + 3 || strncmp(art->text + m->start - 3, "in ", 3) != 0)
			return -1;
		for (int j = 0; j < c->nhits; j++)
			if (c->hits[j].start >= h->end && c->hits[j].end <= m->start &&
			    !trigger_idle(c, cs, &c->hits[j]))
				return -1;
		return (int)i;
	}
	return -1;
}

/* A trigger that names no event of the clause's subject: after a verb
 * that only faces or weighs it ("confronting the threat posed by X"), or
 * a preposition setting the scene ("amid a military build-up"); or a
 * thing named after a state, with no verb of its own ("in the wake of
 * the Iran nuclear deal"). */
static int
trigger_idle(ev_ctx *c, size_t cs, const ev_hit *h)
{
	const dl_article *art = c->art;
	size_t from = h->start > cs + 80 ? h->start - 80 : cs;
	while (from > cs && ((unsigned char)art->text[from] & 0xC0) == 0x80)
		from--;
	if (text_match(objverb_re, c, h->start, from) > 0)
		return 1;
	if (!(ev_triggers[h->rule].flags & TF_NOUN))
		return 0;
	/* a time landmark ("talked before a summit"): the preposition may
	 * have opened the clause, so look back into the sentence */
	{
		size_t ss = art->sents[c->si].start;
		size_t lf = h->start > ss + 80 ? h->start - 80 : ss;
		while (lf > ss && ((unsigned char)art->text[lf] & 0xC0) == 0x80)
			lf--;
		if (text_match(landmark_re, c, h->start, lf) > 0 && !partner_named(c, h))
			return 1;
	}
	/* "the STATE (one or two lowercase words) NOUN" */
	int last = -1;
	for (size_t i = mention_from(c, h->start + 1), i0 = mention_from(c, cs); i-- > i0;)
		if (art->mentions[i].end <= h->start) {
			last = (int)i;
			break;
		}
	if (last < 0)
		return 0;
	const dl_mention *m = &art->mentions[last];
	if (m->kind != MENTION_NAME || art->actors[m->actor].type != ACT_STATE ||
	    m->start < cs + 4 || strncmp(art->text + m->start - 4, "the ", 4) != 0)
		return 0;
	const char *p = art->text + m->end, *e = art->text + h->start;
	int words = 0;
	if (p >= e || *p != ' ')
		return 0;
	while (p < e) {
		if (*p == ' ') {
			p++;
			continue;
		}
		if (!(*p >= 'a' && *p <= 'z'))
			return 0;
		while (p < e && ((*p >= 'a' && *p <= 'z') || *p == '-'))
			p++;
		if (++words > 2)
			return 0;
	}
	return 1;
}

/* The possessor of a trigger ("Russia's military buildup", "Iran's
 * decision to attack"): the mention before it, followed by 's and at most
 * two lowercase words; a state sector whose word starts the trigger
 * ("Russia's military" + "military buildup") gives its state.  The
 * mention index, or -1; *actor the actor. */
static int
possessor(ev_ctx *c, size_t cs, const ev_hit *h, int *actor)
{
	const dl_article *art = c->art;
	size_t i0 = mention_from(c, cs), i1 = mention_from(c, h->start);
	int last = i1 > i0 ? (int)i1 - 1 : -1;
	if (last < 0)
		return -1;
	const dl_mention *m = &art->mentions[last];
	const char *t = art->text;
	size_t q = m->start;
	/* the 's: after the mention, or inside a sector mention */
	size_t ps = (size_t)-1;
	for (size_t k = q; k + 2 <= h->start && k < m->end + 1; k++)
		if ((t[k] == '\'' && t[k + 1] == 's' && t[k + 2] == ' ') ||
		    (strncmp(t + k, "\xe2\x80\x99s ", 5) == 0 && k + 4 <= h->start)) {
			ps = k;
			break;
		}
	if (ps == (size_t)-1)
		return -1;
	*actor = m->actor;
	if (m->end > h->start) {
		/* the sector's word is the trigger's: the state itself */
		int st = actor_by_id(c, art->actors[m->actor].country);
		if (st >= 0)
			*actor = st;
		return last;
	}
	if (ps != m->end)
		return -1;
	const char *p = t + ps + (t[ps] == '\'' ? 2 : 4), *e = t + h->start;
	int words = 0;
	while (p < e) {
		if (*p == ' ') {
			p++;
			continue;
		}
		if (!(*p >= 'a' && *p <= 'z'))
			return -1;
		while (p < e && ((*p >= 'a' && *p <= 'z') || *p == '-'))
			p++;
		if (++words > 2)
			return -1;
	}
	return last;
}

/* "an offer from Russia", "the proposal by X": a noun trigger (after a
 * determiner) whose agent follows "from" or "by"; the mention, or -1. */
static int
agent_after(ev_ctx *c, size_t cs, const ev_hit *h, size_t limit)
{
	const char **det = ev_determiners, **prep = ev_agentpreps;
	const char *t = c->art->text;
	int ok = 0;
	for (int i = 0; det[i] && !ok; i++) {
		size_t l = strlen(det[i]);
		if (h->start >= cs + l && strncmp(t + h->start - l, det[i], l) == 0 &&
		    (h->start == cs + l || t[h->start - l - 1] == ' '))
			ok = 1;
	}
	if (!ok)
		return -1;
	for (int i = 0; prep[i]; i++) {
		size_t l = strlen(prep[i]);
		if (h->end + l < limit && strncmp(t + h->end, prep[i], l) == 0) {
			int m = first_mention(c, h->end + l, limit);
			if (m >= 0 && c->art->mentions[m].start == h->end + l)
				return m;
		}
	}
	return -1;
}

/* The nominal phrases ("at a news conference with") of a sentence, as
 * the reporting-verb scan walks them: from a verb's end, the first phrase,
 * then the first after its end, and so on; which hits do they hold?  Each
 * phrase is matched once and remembers the hits it and the phrases after
 * it in that walk hold: walking again from every verb was quadratic. */
typedef struct {
	size_t   s, e;
	int      next;       /* the walk's next phrase; -1 none */
	int      done;       /* next and cover are known */
	uint64_t cover;      /* hits (bit i: c->hits[i]) in it or after it */
} ev_nom;

typedef struct {
	ev_nom *v;
	size_t  n, cap;
	int    *at;          /* per byte from base: 1 + the phrase starting there */
	size_t  base, to;
	int    *stack;       /* scratch: the phrases a walk has to fill in */
	size_t  scap;
	size_t  qfrom;       /* the last search from a verb: the first phrase */
	int     qfirst;      /* from qfrom was qfirst (-1 none) */
} ev_noms;

/* The first phrase starting at or after p (-1 none). */
static int
nom_first(ev_ctx *c, ev_noms *N, size_t p)
{
	size_t ms, me;
	if (!match_at(nominal_re, c, p, N->to, &ms, &me))
		return -1;
	if (N->at == NULL)
		N->at = xcalloc(N->to - N->base, sizeof *N->at);
	if (N->at[ms - N->base])
		return N->at[ms - N->base] - 1;
	if (N->n == N->cap)
		N->v = xrealloc(N->v, sizeof *N->v * (N->cap = N->cap ? 2 * N->cap : 16));
	ev_nom *x = &N->v[N->n];
	memset(x, 0, sizeof *x);
	x->s = ms;
	x->e = me;
	for (int i = 0; i < c->nhits && i < 64; i++)
		if (c->hits[i].start >= ms && c->hits[i].start < me)
			x->cover |= (uint64_t)1 << i;
	N->at[ms - N->base] = (int)++N->n;
	return (int)N->n - 1;
}

/* The hits held by the phrases of the walk from p. */
static uint64_t
nom_cover(ev_ctx *c, ev_noms *N, size_t p)
{
	int x;
	if (N->qfirst != -2 && N->qfrom <= p &&
	    (N->qfirst < 0 || p <= N->v[N->qfirst].s))
		x = N->qfirst;
	else {
		/* a start inside a character fails (as in match_at): no
		 * answer for the later starts */
		x = nom_first(c, N, p);
		if (p >= N->to || ((unsigned char)c->art->text[p] & 0xC0) != 0x80) {
			N->qfrom = p;
			N->qfirst = x;
		}
	}
	/* walk to a phrase already known, then fill in backwards */
	size_t undone = 0;
	for (int y = x; y >= 0 && !N->v[y].done; y = N->v[y].next) {
		if (undone == N->scap)
			N->stack = xrealloc(N->stack, sizeof *N->stack *
					    (N->scap = N->scap ? 2 * N->scap : 16));
		N->stack[undone++] = y;
		int nx = nom_first(c, N, N->v[y].e > N->v[y].s ? N->v[y].e :
				   N->v[y].s + 1);
		N->v[y].next = nx;
	}
	while (undone > 0) {
		ev_nom *v = &N->v[N->stack[--undone]];
		if (v->next >= 0)
			v->cover |= N->v[v->next].cover;
		v->done = 1;
	}
	return x >= 0 ? N->v[x].cover : 0;
}

/* The event of a nominal phrase in a trailing speech segment ('..., X
 * told reporters at a joint news conference with Y.'): between the
 * speaker and Y, at the reporting time. */
static void
code_speech_nominal(ev_ctx *c, size_t from, size_t to)
{
	dl_article *art = c->art;
	size_t ms, me;
	if (c->speaker < 0 || !match_at(nominal_re, c, from, to, &ms, &me))
		return;
	const ev_hit *nh = NULL;
	for (int i = 0; i < c->nhits && !nh; i++)
		if (c->hits[i].start >= ms && c->hits[i].start < me)
			nh = &c->hits[i];
	int om = first_mention(c, me, to);
	if (nh == NULL || om < 0 || art->mentions[om].start > me + 80)
		return;
	int tgt[4] = {0}, ntgt = 0;
	coordinated(c, om, to, tgt, &ntgt);
	for (int i = 0; i < ntgt; i++)
		if (tgt[i] == c->speaker) {
			memmove(&tgt[i], &tgt[i + 1], sizeof *tgt * (size_t)(ntgt - i - 1));
			ntgt--;
			i--;
		}
	if (ntgt == 0)
		return;
	dl_event *e = event_new(c);
	e->cameo = events_cameo(ev_triggers[nh->rule].code);
	e->trigger = arena_strndup(art->arena, art->text + nh->start,
				   nh->end - nh->start);
	e->src[0] = c->speaker;
	e->nsrc = 1;
	memcpy(e->tgt, tgt, sizeof tgt);
	e->ntgt = ntgt;
	e->status = ST_OCCURRED;
	e->attributed_to = c->speaker;
	e->sentence = c->si;
	e->start = art->sents[c->si].start;
	e->end = art->sents[c->si].end;
	e->trigger_start = nh->start;
	if (c->rep_timex >= 0)
		time_from_timex(&e->time, &art->timexes[c->rep_timex], art->text,
				art->arena, "reporting-verb");
	else if (art->published[0]) {
		snprintf(e->time.value, sizeof e->time.value, "%s", art->published);
		snprintf(e->time.type, sizeof e->time.type, "DATE");
		snprintf(e->time.earliest, sizeof e->time.earliest, "%s", art->published);
		snprintf(e->time.latest, sizeof e->time.latest, "%s", art->published);
		snprintf(e->time.granularity, sizeof e->time.granularity, "day");
		e->time.anchor = "publication";
	} else
		e->time.anchor = "none";
}

/* The agent of a passive trigger h in a clause ending at ce: the first
 * mention (within the clause) at least 3 bytes after the first "by " that
 * follows h; the mention index or -1. */
static int
passive_agent(ev_ctx *c, const ev_hit *h, size_t ce)
{
	const dl_article *art = c->art;
	for (size_t q = h->end; q + 3 <= ce; q++) {
		if (strncmp(art->text + q, " by ", 4) != 0 &&
		    strncmp(art->text + q, "by ", 3) != 0)
			continue;
		for (size_t i = mention_from(c, q + 3);
		     i < c->m1 && art->mentions[i].start <= ce; i++)
			if (art->mentions[i].end <= ce)
				return (int)i;
		return -1;
	}
	return -1;
}

static void
code_clause(ev_ctx *c, size_t cs, size_t ce, int reported, int sub)
{
	dl_article *art = c->art;
	int pick = -1;
	for (int pass = 0; pass < 2 && pick < 0; pass++)
		for (int i = 0; i < c->nhits; i++) {
			if (c->hits[i].start < cs || c->hits[i].end > ce)
				continue;
			int noun = (ev_triggers[c->hits[i].rule].flags & TF_NOUN) != 0;
			if (noun == (pass == 1) && !trigger_idle(c, cs, &c->hits[i])) {
				pick = i;
				break;
			}
		}
	if (pick < 0)
		return;
	const ev_hit *h = &c->hits[pick];
	const ev_trigger *t = &ev_triggers[h->rule];
	const dl_cameo *k = events_cameo(t->code);
	int src[4] = {0}, nsrc = 0, tgt[4] = {0}, ntgt = 0;
	/* "what can be achieved when X and Y cooperate": generic, no
	 * occurrence (the "when" may have opened the clause) */
	{
		size_t sst = art->sents[c->si].start, gs, ge;
		size_t lf = h->start > sst + 200 ? h->start - 200 : sst;
		while (lf > sst && ((unsigned char)art->text[lf] & 0xC0) == 0x80)
			lf--;
		c->generic = match_at(generic_re, c, lf, h->start, &gs, &ge);
	}

	/* subject: the first mention of the clause before the trigger */
	size_t ss = skip_lead(c, cs, h->start, h->start);
	int sm = first_mention(c, ss, h->start);
	/* a place ("In Brussels, the ministers ...") is not the subject */
	while (sm >= 0 && art->mentions[sm].kind == MENTION_PLACE)
		sm = first_mention(c, art->mentions[sm].end, h->start);
	int subj_pron = 0;
	{
		size_t ps, pe;
		if (match_at(subjpron_re, c, ss, h->start, &ps, &pe) &&
		    (sm < 0 || ps < art->mentions[sm].start))
			subj_pron = 1;
	}
	if (sm >= 0 && !subj_pron)
		coordinated(c, sm, h->start, src, &nsrc);
	else if (sm >= 0 && art->mentions[sm].kind == MENTION_PRONOUN)
		coordinated(c, sm, h->start, src, &nsrc);
	/* object: the first mention after the trigger */
	/* the object may sit inside a long trigger ("agreed to US
	 * mediation"): look from the end of the trigger's first word */
	size_t fw = h->start;
	while (fw < h->end && art->text[fw] != ' ')
		fw++;
	/* ... before a coordinated new clause ("welcomed the talks and said
	 * the EU was ready", "..., who said") */
	size_t te = ce;
	{
		size_t ns, ne;
		if (match_at(newclause_re, c, fw, ce, &ns, &ne))
			te = ns;
	}
	/* a one-word trigger right before a comma has no object ("when X
	 * and Y cooperate, US officials hoped") */
	if (fw == h->end && h->end < te && art->text[h->end] == ',')
		te = h->end;
	int om = first_mention(c, fw, te);
	/* meetings: the partner is "with X", not the topic ("talks on
	 * Syria with Russia"), when it follows closely (mediators: "between") */
	if (om >= 0 && (strncmp(k->code, "04", 2) == 0 || strncmp(k->code, "036", 3) == 0) &&
	    strcmp(k->code, "045") != 0)
		for (size_t i = (size_t)om; i < c->m1 && art->mentions[i].end <= te &&
		     art->mentions[i].start < h->end + 60; i++) {
			size_t st = art->mentions[i].start;
			const char *p = art->text + st;
			if (st >= fw + 5 && (strncmp(p - 5, "with ", 5) == 0 ||
			    (st >= fw + 9 && strncmp(p - 9, "with the ", 9) == 0))) {
				om = (int)i;
				break;
			}
		}
	/* the venue of a meeting is no party to it ("will meet in
	 * Brussels"); the place of an attack stands for its target, the
	 * place of a visit is the visited ("arrived in Damascus") */
	if ((strncmp(k->code, "04", 2) == 0 && strncmp(k->code, "042", 3) != 0 &&
	     strncmp(k->code, "043", 3) != 0) || strncmp(k->code, "036", 3) == 0)
		while (om >= 0 && art->mentions[om].kind == MENTION_PLACE)
			om = first_mention(c, art->mentions[om].end, te);
	/* but not a generic word inside the trigger ("sent tanks") */
	while (om >= 0 && art->mentions[om].kind == MENTION_GENERIC &&
	       art->mentions[om].start < h->end)
		om = om + 1 < (int)c->m1 && art->mentions[om + 1].end <= te ? om + 1 : -1;
	int passive = (t->flags & TF_PASSIVE) || is_passive(c, cs, h->start);
	if (passive) {
		/* "was attacked by X": X after "by" is the source */
		int bm = passive_agent(c, h, ce);
		int nt2 = 0, t2[4] = {0};
		memcpy(t2, src, sizeof src);
		nt2 = nsrc;
		nsrc = 0;
		if (bm < 0 && (strncmp(k->code, "09", 2) == 0 ||
			       strncmp(k->code, "11", 2) == 0 ||
			       strncmp(k->code, "17", 2) == 0))
			/* no agent of a legal act: the authorities of the
			 * place ("was put under investigation in Italy") */
			for (size_t i = mention_from(c, h->end + 3);
			     i < c->m1 && art->mentions[i].start <= ce; i++) {
				const dl_mention *m = &art->mentions[i];
				if (m->start >= h->end + 3 && m->end <= ce &&
				    strncmp(art->text + m->start - 3, "in ", 3) == 0 &&
				    art->actors[m->actor].type == ACT_STATE &&
				    !strchr(art->actors[m->actor].id, '.')) {
					bm = (int)i;
					break;
				}
			}
		if (bm >= 0)
			coordinated(c, bm, ce, src, &nsrc);
		memcpy(tgt, t2, sizeof t2);
		ntgt = nt2;
	} else if (t->flags & TF_SPEAKER) {
		/* "X said Y must ...": Y right before "must" */
		if (c->speaker < 0 || nsrc == 0)
			return;
		size_t last = 0;
		for (size_t i = mention_from(c, cs);
		     i < c->m1 && art->mentions[i].start <= h->start; i++)
			if (art->mentions[i].end <= h->start &&
			    art->mentions[i].start >= cs)
				last = art->mentions[i].end;
		/* only the rest of a name between ("Rwandan Patriotic Front
		 * must"), not a verb ("who the US believes must") */
		int words = 0, lower = 0;
		for (size_t p = last; p < h->start; p++)
			if (art->text[p] == ' ' && p + 1 < h->start) {
				words++;
				if (art->text[p + 1] >= 'a' && art->text[p + 1] <= 'z')
					lower = 1;
			}
		if (last == 0 || words > 3 || lower)
			return;
		memcpy(tgt, src, sizeof src);
		ntgt = nsrc;
		nsrc = 0;
		add_actor(src, &nsrc, c->speaker);
	} else if (om >= 0)
		coordinated(c, om, te, tgt, &ntgt);
	/* the possessor or the agent of a nominal trigger is its source
	 * ("Russia's military buildup in Syria", "an offer from Russia"); a
	 * proposal so named is made to the clause's subject ("the US weighs
	 * an offer from Russia"), another act aims at what follows ("an
	 * attack by X on Y") */
	int owned = 0;   /* "Russia's buildup": dated only by its clause */
	if (!passive && !(t->flags & TF_SPEAKER)) {
		int pa = -1, pm = possessor(c, cs, h, &pa);
		owned = pm >= 0;
		int am = pm < 0 ? agent_after(c, cs, h, te) : -1;
		if (pm >= 0 || am >= 0) {
			int subj[4], nsubj = nsrc;
			memcpy(subj, src, sizeof subj);
			nsrc = 0;
			if (pm >= 0)
				add_actor(src, &nsrc, pa);
			else
				coordinated(c, am, te, src, &nsrc);
			int proposal = (t->flags & TF_PROPOSED) ||
				strncmp(k->code, "03", 2) == 0;
			if (proposal && pm != sm) {
				ntgt = 0;
				for (int i = 0; i < nsubj; i++)
					add_actor(tgt, &ntgt, subj[i]);
			} else if (am >= 0) {
				ntgt = 0;
				om = -1;
				for (size_t i = (size_t)am + 1; i < c->m1 && om < 0 &&
				     art->mentions[i].start <= te; i++) {
					const dl_mention *x = &art->mentions[i];
					int mine = 0;
					for (int j = 0; j < nsrc; j++)
						if (src[j] == x->actor)
							mine = 1;
					if (x->start >= art->mentions[am].end && x->end <= te &&
					    !mine)
						om = (int)i;
				}
				if (om >= 0)
					coordinated(c, om, te, tgt, &ntgt);
				else
					/* "Syria received a visit from X":
					 * the subject undergoes it */
					for (int i = 0; i < nsubj; i++)
						add_actor(tgt, &ntgt, subj[i]);
			}
		}
	}
	if (sub && first_mention(c, cs, ce) < 0)
		return;
	/* joint actors, persons, organisations and groups are not their own
	 * target ("X and Y held talks in Y's capital", "the UN condemned
	 * the attack on UN peacekeepers in Mali": Mali); a single state may
	 * be (domestic events: "Iraqi Kurds demanded independence from
	 * Iraq") */
	if (!passive && !(t->flags & TF_SPEAKER) && om >= 0 && nsrc > 0) {
		int tries = 0;
		while (ntgt > 0 && tries++ < 8) {
			int self = 0;
			for (int i = 0; i < ntgt; i++)
				for (int j = 0; j < nsrc; j++)
					if (tgt[i] == src[j] && (nsrc > 1 ||
					    art->actors[tgt[i]].type != ACT_STATE))
						self = 1;
			if (!self || ntgt != 1)
				break;
			/* the next mention after the self-mention */
			int nx = -1;
			for (size_t i = (size_t)om + 1;
			     i < c->m1 && art->mentions[i].start <= te; i++)
				if (art->mentions[i].start >= art->mentions[om].end &&
				    art->mentions[i].end <= te) {
					nx = (int)i;
					break;
				}
			ntgt = 0;
			if (nx < 0)
				break;
			om = nx;
			coordinated(c, om, te, tgt, &ntgt);
		}
	}
	for (int i = 0; i < ntgt; i++)
		for (int j = 0; j < nsrc; j++)
			if (tgt[i] == src[j] && (nsrc > 1 ||
			    art->actors[tgt[i]].type != ACT_STATE)) {
				memmove(&tgt[i], &tgt[i + 1],
					sizeof *tgt * (size_t)(ntgt - i - 1));
				ntgt--;
				i--;
				break;
			}
	if (nsrc == 0 && !passive) {
		/* "X said (that) will ...": the speaker; not in "The talks
		 * will resume, X said", whose subject is its own (the speaker
		 * is who reports it) */
		if (reported && c->speaker >= 0 && (!c->trailing || subj_pron))
			add_actor(src, &nsrc, c->speaker);
		else if (c->nprev_src && (subj_pron || sm < 0))
			for (int i = 0; i < c->nprev_src; i++)
				add_actor(src, &nsrc, c->prev_src[i]);
		else if (subj_pron && c->nlast_src)
			/* "Russia sent tanks. It also ..." */
			for (int i = 0; i < c->nlast_src; i++)
				add_actor(src, &nsrc, c->last_src[i]);
	}
	/* "X said Y proposed it in a phone call": a verbal act in a
	 * conversation naming no partner was addressed to the speaker, who
	 * took part in the conversation */
	int call_s = -1, call_e = -1;
	if (reported && c->speaker >= 0 && !passive && !(t->flags & TF_SPEAKER) &&
	    ntgt == 0 && nsrc > 0 && (k->quad_class == 1 || k->quad_class == 3)) {
		int mine = 0;
		for (int i = 0; i < nsrc; i++)
			if (src[i] == c->speaker)
				mine = 1;
		size_t us, ue;
		if (!mine && match_at(unnamedcall_re, c, h->end, ce, &us, &ue)) {
			add_actor(tgt, &ntgt, c->speaker);
			call_s = (int)us;
			call_e = (int)ue;
		}
	}
	if (nsrc == 0 && ntgt == 0)
		return;

	/* status */
	dl_status st = ST_OCCURRED;
	int would = 0, hyp_cue = 0;   /* "would" / a real condition */
	int stance = 0;               /* "would welcome": stated now */
	if (t->flags & TF_PROPOSED)
		st = ST_PROPOSED;
	else if (t->flags & TF_PLANNED)
		st = ST_PLANNED;
	{
		size_t from = sm >= 0 ? art->mentions[sm].end : cs, off = cs;
		(void)from;
		size_t ms, me;
		int    hyp = 0, plan = 0, neg = 0;
		while (match_at(status_re, c, off, h->start, &ms, &me)) {
			PCRE2_SPTR mk = pcre2_get_mark(c->w->md);
			if (mk && strcmp((const char *)mk, "hypothetical") == 0)
				hyp = 1;
			else if (mk && strcmp((const char *)mk, "planned") == 0)
				plan = 1;
			else if (mk && strcmp((const char *)mk, "would") == 0 &&
				 (t->flags & TF_STANCE) && words_between(c, me, h->start) <= 1)
				/* "would welcome": a stance stated now */
				stance = 1;
			else if (mk && strcmp((const char *)mk, "would") == 0) {
				/* future in the past in reported speech ("said
				 * he would visit"), else a condition */
				if (reported)
					plan = 1;
				else
					would = 1;
			}
			else if (mk && strcmp((const char *)mk, "negated") == 0)
				neg = 1;
			else if (mk && strcmp((const char *)mk, "proposed") == 0 &&
				 st == ST_OCCURRED)
				st = ST_PROPOSED;
			off = me > ms ? me : ms + 1;
		}
		/* "what can be achieved when X and Y cooperate": generic */
		if (c->generic)
			hyp = 1;
		hyp_cue = hyp;
		if (neg && !(t->flags & TF_NEGATED))
			st = ST_NEGATED;
		else if (hyp || (would && !plan))
			st = ST_HYPOTHETICAL;
		else if (plan && st == ST_OCCURRED)
			st = ST_PLANNED;
	}
	/* "X and Y will meet": a meeting both sides arranged, not one side's
	 * intent -- a planned consultation keeps its code */
	int joint = st == ST_PLANNED && nsrc >= 2 && ntgt == 0 &&
		strncmp(k->code, "04", 2) == 0;
	if ((st == ST_PLANNED || st == ST_PROPOSED || st == ST_HYPOTHETICAL) &&
	    !(t->flags & TF_NOINTENT) && !joint && !c->generic)
		k = intent_of(k);
	/* a state, its government, an organisation or an office holder
	 * "protesting" complains officially */
	if (nsrc > 0 && sm >= 0 && art->mentions[sm].actor == src[0]) {
		/* "Beijing", "the Chinese government", "the UN", "the
		 * minister": yes; "Chinese students" (a demonym): no */
		const dl_mention *m = &art->mentions[sm];
		const dl_actor *x = &art->actors[src[0]];
		const char *dot = strchr(x->id, '.');
		int official =
			(x->type == ACT_STATE && !dot && (m->kind == MENTION_NAME ||
			 m->kind == MENTION_METONYM)) ||
			(x->type == ACT_STATE && dot && (strcmp(dot, ".gov") == 0 ||
			 strcmp(dot, ".leg") == 0)) ||
			x->type == ACT_ORGANISATION ||
			(x->type == ACT_PERSON && x->nroles > 0);
		for (size_t i = 0; official && i < ev_nofficial; i++)
			if (strcmp(ev_official[i].prefix, k->code) == 0) {
				k = events_cameo(ev_official[i].code);
				break;
			}
	}
	/* a consultation held where no party is at home ("X and Y talk in
	 * Z's capital"): a meeting at a third location */
	for (size_t i = 0; i < ev_nvenue && nsrc + ntgt >= 2; i++)
		if (strcmp(ev_venue[i].prefix, k->code) == 0) {
			int vm = venue_after(c, cs, h);
			if (vm >= 0 && third_place(art, art->mentions[vm].actor, src, nsrc,
						   tgt, ntgt))
				k = events_cameo(ev_venue[i].code);
			break;
		}

	dl_event *e = event_new(c);
	e->cameo = k;
	e->trigger = arena_strndup(art->arena, art->text + h->start,
				   h->end - h->start);
	memcpy(e->src, src, sizeof src);
	e->nsrc = nsrc;
	memcpy(e->tgt, tgt, sizeof tgt);
	e->ntgt = ntgt;
	e->status = st;
	e->attributed_to = c->speaker;
	e->sentence = c->si;
	e->start = art->sents[c->si].start;
	e->end = art->sents[c->si].end;
	e->trigger_start = h->start;
	int tx = timex_in(c, cs, ce, h->start, 0);
	/* a stance is dated when stated: a time after it is its object's
	 * ("would welcome a visit next year") */
	if (stance && tx >= 0 && art->timexes[tx].start >= h->end)
		tx = -1;
	if (tx < 0 && c->clause_tx >= 0 && (size_t)c->clause_tx < art->ntimexes)
		tx = c->clause_tx;   /* "met on Monday before a summit" */
	else
		c->clause_tx = tx;
	if (tx >= 0) {
		time_from_timex(&e->time, &art->timexes[tx], art->text, art->arena,
				"clause");
		/* a time after publication: planned ("would visit next
		 * week" too) */
		if ((st == ST_OCCURRED || (st == ST_HYPOTHETICAL && would && !hyp_cue)) &&
		    art->published[0] && art->timexes[tx].earliest[0] &&
		    strcmp(art->timexes[tx].earliest, art->published) > 0)
			e->status = ST_PLANNED;
	} else if (owned || c->generic || e->status == ST_HYPOTHETICAL)
		/* a possessed act ("Russia's military buildup") is named,
		 * not reported as happening when the report is made; a
		 * generic ("what can be done when X and Y cooperate") or
		 * merely possible one ("X could hold talks") has no time */
		e->time.anchor = "none";
	else if (c->rep_timex >= 0)
		time_from_timex(&e->time, &art->timexes[c->rep_timex], art->text,
				art->arena, "reporting-verb");
	else if (art->published[0]) {
		snprintf(e->time.value, sizeof e->time.value, "%s", art->published);
		snprintf(e->time.type, sizeof e->time.type, "DATE");
		snprintf(e->time.earliest, sizeof e->time.earliest, "%s", art->published);
		snprintf(e->time.latest, sizeof e->time.latest, "%s", art->published);
		snprintf(e->time.granularity, sizeof e->time.granularity, "day");
		e->time.anchor = "publication";
	} else
		e->time.anchor = "none";
	int sx = timex_in(c, cs, ce, h->start, 1);
	int main_i = (int)art->nevents - 1;
	if (sx >= 0) {
		e->series_ordinal = art->timexes[sx].ordinal;
		snprintf(e->series_window, sizeof e->series_window, "%.15s",
			 art->timexes[sx].value);
		/* a window of weeks is counted in days ("his second call in a
		 * week": P7D, like "his third in 10 days") */
		char *end;
		long nw = strtol(e->series_window + 1, &end, 10);
		if (e->series_window[0] == 'P' && nw > 0 && nw < 1000 &&
		    end[0] == 'W' && end[1] == '\0')
			snprintf(e->series_window, sizeof e->series_window, "P%ldD",
				 nw * 7);
		add_implied(c, main_i);
	}
	c->nprev_src = nsrc;
	memcpy(c->prev_src, src, sizeof src);
	if (nsrc) {
		c->nlast_src = nsrc;
		memcpy(c->last_src, src, sizeof src);
	}
	if (nsrc > 0 && !passive)
		code_nominal(c, main_i, cs, ce, h);
	if (call_s >= 0)
		code_unnamed_call(c, main_i, (size_t)call_s, (size_t)call_e);
}

/* Does a new clause start at p: within its first three words a subject
 * (a mention, a pronoun), a trigger or a reporting verb?  ("..., and Syria
 * sent", "..., and said", not "artillery, mortar, and rocket fire") */
static int
clause_starts(ev_ctx *c, size_t p, size_t e)
{
	const char *t = c->art->text;
	size_t q = p, ms, me;
	for (int w = 0; w < 3 && q < e; w++) {
		while (q < e && t[q] != ' ')
			q++;
		while (q < e && t[q] == ' ')
			q++;
	}
	for (int i = 0; i < c->nhits; i++)
		if (c->hits[i].start >= p && c->hits[i].start < q)
			return 1;
	size_t mi = mention_from(c, p);
	if (mi < c->m1 && c->art->mentions[mi].start < q)
		return 1;
	if (match_memo(report_re, c, &c->memo_report, p, e, &ms, &me) && ms < q)
		return 1;
	if (match_memo(subjpron_re, c, &c->memo_subj, p, e, &ms, &me) && ms < q)
		return 1;
	return 0;
}

/* Does w start somewhere in the n bytes at p (it may end after them)? */
static int
starts_within(const char *p, size_t n, const char *w)
{
	size_t wl = strlen(w);
	for (size_t k = 0; k < n; k++)
		if (strncmp(p + k, w, wl) == 0)
			return 1;
	return 0;
}

static void
code_region(ev_ctx *c, size_t s, size_t e, int reported)
{
	size_t cs = s, ms, me;
	size_t off = s;
	int    sub = 0, hp = 0;   /* hp: the first hit from cs */
	c->clause_tx = -1;
	while (match_at(clause_re, c, off, e, &ms, &me)) {
		off = me > ms ? me : ms + 1;
		/* split only after a piece that holds a trigger: "X, left,
		 * and Y, right, talk" is one clause (the hits are sorted and
		 * apart: the first one from cs ends first) */
		while (hp < c->nhits && c->hits[hp].start < cs)
			hp++;
		int has = hp < c->nhits && c->hits[hp].end <= ms;
		if (!has || !clause_starts(c, me, e))
			continue;
		code_clause(c, cs, ms, reported, sub);
		/* coordinated clauses (", and", "; ", "but") inherit the
		 * subject; subordinate ones need an actor of their own */
		const char *sep = c->art->text + ms;
		size_t sl = me - ms;
		sub = !(memchr(sep, ';', sl) || (sl >= 4 && starts_within(sep, sl, "and")) ||
			starts_within(sep, sl, "but"));
		cs = me;
	}
	code_clause(c, cs, e, reported, sub);
}

static int
speaker_in(ev_ctx *c, size_t s, size_t e)
{
	int m = first_mention(c, s, e);
	return m >= 0 ? c->art->mentions[m].actor : -1;
}

static int
timex_between(ev_ctx *c, size_t s, size_t e)
{
	for (size_t i = timex_from(c, s); i < c->art->ntimexes; i++) {
		const dl_timex *t = &c->art->timexes[i];
		if (t->start > e)
			break;
		if (t->start >= s && t->end <= e && t->ordinal <= 0 &&
		    t->type != TX_DURATION && t->type != TX_SET)
			return (int)i;
	}
	return -1;
}

/* The reporting verbs of the sentence: a trailing ", X said Tuesday."
 * segment (the last verb, after the last comma, with a few words after
 * it) is coded here: returns 1.  Else the first verb that is not inside an
 * actor's name nor a trigger is [*rs, *re) (*found).  What each verb looks
 * at (the comma before it, commas and words after it, the mentions it
 * may be inside) moves forward with the verbs: linear in the sentence. */
static int
report_scan(ev_ctx *c, int *found, size_t *rs, size_t *re_)
{
	const dl_article *art = c->art;
	const char *t = art->text;
	size_t ss = art->sents[c->si].start, se = art->sents[c->si].end;
	size_t off = ss, ms, me, none = (size_t)-1;
	size_t mi = c->m0, maxend = 0;    /* mentions starting by ms: max end */
	size_t cp = ss, comma = none;     /* the last comma before cp */
	size_t wp = ss, spaces = 0;       /* spaces before wp */
	size_t total = 0, lastc = none;   /* of the sentence */
	ev_noms noms = {.base = ss, .to = se, .qfirst = -2};
	int done = 0;

	for (size_t p = ss; p < se; p++)
		if (t[p] == ' ')
			total++;
		else if (t[p] == ',')
			lastc = p;
	while (!done && match_at(report_re, c, off, se, &ms, &me)) {
		off = me;
		/* not inside an actor's name ("the United States") */
		for (; mi < c->m1 && art->mentions[mi].start <= ms; mi++)
			if (art->mentions[mi].end > maxend)
				maxend = art->mentions[mi].end;
		int inside = maxend > ms;
		/* nor the start of a trigger ("declared a ceasefire") */
		for (int i = 0; i < c->nhits; i++)
			if (c->hits[i].start == ms)
				inside = 1;
		if (inside)
			continue;
		/* a trailing segment: a comma before, none after */
		for (; cp < ms; cp++)
			if (t[cp] == ',')
				comma = cp;
		int later_comma = lastc != none && lastc >= me;
		/* what follows the verb: a few words ("on Tuesday", "in a
		 * statement") */
		for (; wp < me; wp++)
			if (t[wp] == ' ')
				spaces++;
		size_t words = total - spaces;
		/* '"...," Kerry told reporters at a news conference.' */
		if (comma != none && comma + 1 < se &&
		    (t[comma + 1] == '"' || strncmp(t + comma + 1, "\xe2\x80\x9d", 3) == 0))
			words = 0;
		if (comma != none && !later_comma && words <= 6) {
			/* no trigger between the comma and the verb */
			int trig = 0;
			for (int i = 0; i < c->nhits; i++)
				if (c->hits[i].start > comma && c->hits[i].end <= ms)
					trig = 1;
			/* "..., X said he asked Y": a trigger after the verb,
			 * but in a nominal phrase ("at a news conference with") */
			uint64_t cover = trig ? 0 : nom_cover(c, &noms, me);
			for (int i = 0; i < c->nhits && !trig; i++)
				if (c->hits[i].start >= me && !(cover >> i & 1))
					trig = 1;
			if (!trig) {
				c->speaker = speaker_in(c, comma, se);
				c->rep_timex = timex_between(c, comma, se);
				c->trailing = 1;
				code_region(c, ss, comma, 1);
				c->trailing = 0;
				code_speech_nominal(c, me, se);
				done = 1;
				break;
			}
		}
		if (!*found) {
			*found = 1;
			*rs = ms;
			*re_ = me;
		}
	}
	free(noms.v);
	free(noms.at);
	free(noms.stack);
	return done;
}

static void
code_sentence(ev_ctx *c)
{
	dl_article *art = c->art;
	const dl_sentence *s = &art->sents[c->si];
	size_t ss = s->start, se = s->end, ms, me;

	/* mentions of the sentence: sorted by offset, so by sentence */
	size_t lo = 0, hi = art->nmentions;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (art->mentions[mid].sentence < c->si)
			lo = mid + 1;
		else
			hi = mid;
	}
	c->m0 = c->m1 = lo;
	while (c->m1 < art->nmentions && art->mentions[c->m1].sentence == c->si)
		c->m1++;
	/* triggers: every chunk's matches, then left to right, the earlier
	 * rule first at one position, no overlaps (as one pattern would) */
	ev_hit all[EV_MAXHITS];
	size_t nall = 0, off;
	for (size_t k = 0; k < ntrig_res; k++) {
		off = ss;
		while (nall < EV_MAXHITS &&
		       text_match(trig_res[k], c, se, off) > 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->w->md);
			PCRE2_SPTR mk = pcre2_get_mark(c->w->md);
			off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
			if (mk == NULL)
				continue;
			all[nall].start = ov[0];
			all[nall].end = ov[1];
			all[nall].rule = atoi((const char *)mk);
			nall++;
		}
	}
	if (nall > 1)
		qsort(all, nall, sizeof *all, hit_cmp);
	c->nhits = 0;
	size_t last_end = 0;
	for (size_t i = 0; i < nall && c->nhits < 64; i++) {
		if (c->nhits && all[i].start < last_end)
			continue;
		c->hits[c->nhits++] = all[i];
		last_end = all[i].end;
	}
	c->speaker = -1;
	c->rep_timex = -1;
	c->clause_tx = -1;
	c->nprev_src = 0;

	/* "according to X" */
	if (match_at(according_re, c, ss, se, &ms, &me)) {
		c->speaker = speaker_in(c, me, se);
		size_t cut = ms;
		while (cut > ss && (art->text[cut - 1] == ' ' || art->text[cut - 1] == ','))
			cut--;
		if (cut > ss) {
			code_region(c, ss, cut, 0);
			return;
		}
		/* "According to X, ...": the event follows the comma */
		size_t from = me;
		for (size_t p = me; p < se; p++)
			if (art->text[p] == ',') {
				from = p + 1;
				break;
			}
		code_region(c, from, se, 0);
		return;
	}
	/* reporting verbs: the last one in a trailing ", X said Tuesday."
	 * segment, else the first one as "X said (that) ..." */
	size_t rs = 0, re_ = 0;
	int    found = 0;
	if (report_scan(c, &found, &rs, &re_))
		return;
	if (found) {
		/* "X said (on Tuesday) (that) ...": the speaker precedes; a
		 * leading adverbial ("In his call with Lavrov on Tuesday, his
		 * third in 10 days, Kerry said") ends at the last comma */
		size_t lead = skip_lead(c, ss, rs, rs);
		if (lead > ss)
			for (size_t p = rs; p > lead; p--)
				if (art->text[p - 1] == ',') {
					lead = p;
					break;
				}
		int sm = first_mention(c, lead, rs);
		/* no trigger may stand between the subject and the verb */
		int trig = 0;
		for (int i = 0; i < c->nhits; i++)
			if (c->hits[i].start >= lead && c->hits[i].start < rs &&
			    !(ev_triggers[c->hits[i].rule].flags & TF_NOUN))
				trig = 1;
		if (!trig) {
			if (sm >= 0)
				c->speaker = art->mentions[sm].actor;
			/* the adverbial's time is the reporting verb's too */
			c->rep_timex = timex_between(c, ss, rs);
			if (lead > ss) {
				/* a nominal event in the adverbial ("his call
				 * with Lavrov"), its subject the speaker's */
				c->nprev_src = 0;
				if (c->speaker >= 0)
					c->prev_src[c->nprev_src++] = c->speaker;
				code_clause(c, ss, lead - 1, 0, 0);
			}
			size_t cs = re_;
			/* the verb's own timex: "said Wednesday that" */
			for (size_t i = timex_from(c, re_); i < art->ntimexes &&
			     art->timexes[i].start <= re_ + 4; i++) {
				const dl_timex *t = &art->timexes[i];
				if (t->start >= re_ && t->start <= re_ + 4 &&
				    t->type != TX_DURATION && t->ordinal <= 0) {
					c->rep_timex = (int)i;
					cs = t->end;
				}
			}
			c->comp_start = cs;
			code_region(c, cs, se, 1);
			return;
		}
	}
	code_region(c, ss, se, 0);
}

int
events_status_class(dl_status s)
{
	switch (s) {
	case ST_OCCURRED:
	case ST_IMPLIED:
		return 0;
	case ST_PLANNED:
	case ST_PROPOSED:
		return 1;
	case ST_HYPOTHETICAL:
		return 2;
	case ST_NEGATED:
		return 3;
	}
	return 4;
}

/* The parties of an event as countries (an actor of no country as
 * itself): n keys in keys[8]. */
static int
party_keys(const dl_article *art, const dl_event *e, const char **keys)
{
	int n = 0;
	for (int i = 0; i < e->nsrc + e->ntgt; i++) {
		const dl_actor *a = &art->actors[i < e->nsrc ? e->src[i] :
						 e->tgt[i - e->nsrc]];
		const char *k = a->country[0] ? a->country : a->id;
		int dup = 0;
		for (int j = 0; j < n; j++)
			if (strcmp(keys[j], k) == 0)
				dup = 1;
		if (!dup)
			keys[n++] = k;
	}
	return n;
}

/* Drop the headline's events (from index n0 on) that the body tells too:
 * the same PLOVER type (CAMEO root for statements), status class, and
 * parties counted by country all among the body event's ("Norway and
 * Iceland talk" over "the Norwegian minister met the Icelandic
 * minister").  A headline series is dropped too. */
static void
headline_unique(dl_article *art, size_t n0)
{
	size_t k = n0;
	for (size_t i = n0; i < art->nevents; i++) {
		const dl_event *h = &art->events[i];
		const char *hk[8], *bk[8];
		int nh = party_keys(art, h, hk), dup = 0;
		for (size_t j = 0; j < n0 && !dup; j++) {
			const dl_event *b = &art->events[j];
			if (events_status_class(b->status) !=
			    events_status_class(h->status))
				continue;
			if (h->cameo->plover[0] ? strcmp(b->cameo->plover, h->cameo->plover) != 0 :
			    strncmp(b->cameo->code, h->cameo->code, 2) != 0)
				continue;
			/* the headline may name fewer parties ("Turkey
			 * proposes talks" over "the Turkish minister proposed
			 * talks to the Greek minister") */
			int nb = party_keys(art, b, bk), same = nh > 0;
			for (int x = 0; x < nh && same; x++) {
				int found = 0;
				for (int y = 0; y < nb; y++)
					if (strcmp(hk[x], bk[y]) == 0)
						found = 1;
				same = found;
			}
			dup = same;
		}
		/* not a series (its implied events would lose their main) */
		if (!dup && h->series_ordinal == 0 && h->status != ST_IMPLIED)
			art->events[k++] = *h;
	}
	art->nevents = k;
}

/* ------------------------------------------------------------ restatements */

/* corefer_restated() looks for the first event (in article order) of the
 * same action, status and sources (and targets, when the restatement names
 * some) that has a clause time and an earlier sentence.  The events are
 * grouped by that key once; in a group, the candidates before the event
 * asking are a list growing in article order (with the running minimum of
 * their sentences: the first one of an earlier sentence is a binary search
 * away), those after it never change (a segment tree of their sentences).
 * Linear in the events but for a logarithm, where trying every earlier
 * event was quadratic in long articles. */

/* Sources and targets hold no actor twice (add_actor), so two sets are
 * the same when their sorted arrays are.  ntgt -1: targets not part of
 * the key. */
typedef struct {
	int cameo, status, nsrc, src[4], ntgt, tgt[4];
} ev_key;

typedef struct {
	ev_key k;
	int    i;
} ev_keyed;

typedef struct {
	int   *idx, *pmin;   /* event indexes, running minimum of sentences */
	size_t n, cap;
} ev_past;

typedef struct {
	int     *grp;        /* per event: its group as a candidate */
	size_t  *sfirst;     /* per group: first slot; ngroups + 1 entries */
	int     *slot;       /* slots: the events that are candidates from the
			      * start, by group, then in article order */
	int     *tree;       /* min of the slots' sentences; leaves from size */
	size_t   size, ngroups;
	ev_past *past;       /* per group */
} ev_index;

static void
sort_ids(int *a, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && a[j - 1] > a[j]; j--) {
			int t = a[j];
			a[j] = a[j - 1];
			a[j - 1] = t;
		}
}

static void
key_of(const dl_event *e, int with_tgt, ev_key *k)
{
	memset(k, 0, sizeof *k);
	k->cameo = e->cameo ? (int)(e->cameo - ev_cameo) : -1;
	k->status = (int)e->status;
	k->nsrc = e->nsrc;
	memcpy(k->src, e->src, sizeof *e->src * (size_t)e->nsrc);
	sort_ids(k->src, k->nsrc);
	k->ntgt = -1;
	if (with_tgt) {
		k->ntgt = e->ntgt;
		memcpy(k->tgt, e->tgt, sizeof *e->tgt * (size_t)e->ntgt);
		sort_ids(k->tgt, k->ntgt);
	}
}

static int
keyed_cmp(const void *a, const void *b)
{
	const ev_keyed *x = a, *y = b;
	int c = memcmp(&x->k, &y->k, sizeof x->k);
	return c ? c : x->i - y->i;
}

/* Has event o a clause time (a restatement's candidate from the start)? */
static int
clause_timed(const dl_event *o)
{
	return o->time.anchor != NULL && strcmp(o->time.anchor, "clause") == 0;
}

/* Group the events by key (with or without targets); caller frees with
 * index_free. */
static void
index_build(const dl_article *art, int with_tgt, ev_index *x)
{
	size_t n = art->nevents, ns = 0;
	ev_keyed *kd = xcalloc(n, sizeof *kd);
	for (size_t i = 0; i < n; i++) {
		key_of(&art->events[i], with_tgt, &kd[i].k);
		kd[i].i = (int)i;
	}
	qsort(kd, n, sizeof *kd, keyed_cmp);
	x->grp = xcalloc(n, sizeof *x->grp);
	x->sfirst = xcalloc(n + 1, sizeof *x->sfirst);
	x->slot = xcalloc(n, sizeof *x->slot);
	x->ngroups = 0;
	for (size_t j = 0; j < n; j++) {
		if (j == 0 || memcmp(&kd[j].k, &kd[j - 1].k, sizeof kd[j].k) != 0)
			x->sfirst[x->ngroups++] = ns;
		x->grp[kd[j].i] = (int)x->ngroups - 1;
		if (clause_timed(&art->events[kd[j].i]))
			x->slot[ns++] = kd[j].i;
	}
	x->sfirst[x->ngroups] = ns;
	free(kd);
	for (x->size = 1; x->size < ns; x->size *= 2)
		;
	x->tree = xcalloc(2 * x->size, sizeof *x->tree);
	for (size_t j = 0; j < x->size; j++)
		x->tree[x->size + j] = j < ns ? art->events[x->slot[j]].sentence : INT_MAX;
	for (size_t j = x->size; j-- > 1;)
		x->tree[j] = x->tree[2 * j] < x->tree[2 * j + 1] ? x->tree[2 * j] :
			     x->tree[2 * j + 1];
	x->past = xcalloc(x->ngroups ? x->ngroups : 1, sizeof *x->past);
}

static void
index_free(ev_index *x)
{
	for (size_t g = 0; g < x->ngroups; g++) {
		free(x->past[g].idx);
		free(x->past[g].pmin);
	}
	free(x->past);
	free(x->tree);
	free(x->slot);
	free(x->sfirst);
	free(x->grp);
}

/* Event i (of sentence sent) is a candidate from now on, in group g. */
static void
index_add(ev_index *x, int g, int i, int sent)
{
	ev_past *p = &x->past[g];
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 8;
		p->idx = xrealloc(p->idx, sizeof *p->idx * p->cap);
		p->pmin = xrealloc(p->pmin, sizeof *p->pmin * p->cap);
	}
	p->idx[p->n] = i;
	p->pmin[p->n] = p->n && p->pmin[p->n - 1] < sent ? p->pmin[p->n - 1] : sent;
	p->n++;
}

/* The leftmost slot in [lo, hi) of a sentence before sent, or -1. */
static long
tree_find(const ev_index *x, size_t node, size_t nl, size_t nr, size_t lo,
	  size_t hi, int sent)
{
	if (nr <= lo || hi <= nl || x->tree[node] >= sent)
		return -1;
	if (nr - nl == 1)
		return (long)nl;
	size_t mid = nl + (nr - nl) / 2;
	long r = tree_find(x, 2 * node, nl, mid, lo, hi, sent);
	return r >= 0 ? r : tree_find(x, 2 * node + 1, mid, nr, lo, hi, sent);
}

/* The first candidate (in article order) of group g for event i of
 * sentence sent: before i, those added so far; after it, the slots. */
static int
index_find(const ev_index *x, int g, int i, int sent)
{
	const ev_past *p = &x->past[g];
	if (p->n && p->pmin[p->n - 1] < sent) {
		size_t lo = 0, hi = p->n - 1;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (p->pmin[mid] < sent)
				hi = mid;
			else
				lo = mid + 1;
		}
		return p->idx[lo];
	}
	size_t lo = x->sfirst[g], hi = x->sfirst[g + 1];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->slot[mid] <= i)
			lo = mid + 1;
		else
			hi = mid;
	}
	long r = tree_find(x, 1, 0, x->size, lo, x->sfirst[g + 1], sent);
	return r >= 0 ? x->slot[r] : -1;
}

/* Can event e be a restatement (a verbal act dated only by the reporting
 * verb or the publication)? */
static int
restatable(const dl_event *e)
{
	return !(e->time.anchor == NULL || e->status == ST_IMPLIED ||
		 e->status == ST_HYPOTHETICAL || e->status == ST_NEGATED ||
		 e->series_ordinal > 0 || e->nsrc == 0 || e->cameo == NULL ||
		 (e->cameo->quad_class != 1 && e->cameo->quad_class != 3) ||
		 (strcmp(e->time.anchor, "publication") != 0 &&
		  strcmp(e->time.anchor, "reporting-verb") != 0));
}

/* A restatement: a verbal act with no time of its own in its clause
 * (dated by the reporting verb or the publication) whose action, source
 * and status are those of an event earlier in the article that has a
 * clause time is that event told again ("Y proposed talks in a call on
 * Monday" ... 'Y proposed "a military dialogue," X said'): it takes that
 * time, and that target when it names none.  Not an act its sentence
 * says is done once more ("proposed it again", rule "repeat"). */
static void
corefer_restated(dl_article *art, dl_worker *w)
{
	ev_index any, tgt;     /* keys without, with the targets */
	size_t   rs = 1, re = 0;   /* the last sentence span tried for "again" */
	int      again = 0;

	if (art->nevents == 0)
		return;
	index_build(art, 0, &any);
	index_build(art, 1, &tgt);
	for (size_t i = 0; i < art->nevents; i++) {
		dl_event *e = &art->events[i];
		if (clause_timed(e)) {
			index_add(&any, any.grp[i], (int)i, e->sentence);
			index_add(&tgt, tgt.grp[i], (int)i, e->sentence);
			continue;
		}
		if (!restatable(e))
			continue;
		/* the events of a sentence share its span */
		if (e->start != rs || e->end != re) {
			rs = e->start;
			re = e->end;
			again = pcre2_match(repeat_re, (PCRE2_SPTR)art->text, e->end,
					    e->start, PCRE2_NO_UTF_CHECK, w->md, NULL) > 0;
		}
		if (again)
			continue;
		int j = e->ntgt > 0 ? index_find(&tgt, tgt.grp[i], (int)i, e->sentence) :
			index_find(&any, any.grp[i], (int)i, e->sentence);
		if (j < 0)
			continue;
		const dl_event *o = &art->events[j];
		e->time = o->time;
		if (e->ntgt == 0) {
			memcpy(e->tgt, o->tgt, sizeof e->tgt);
			e->ntgt = o->ntgt;
		}
		/* told again, it is a candidate too (its targets are o's) */
		index_add(&any, any.grp[i], (int)i, e->sentence);
		tgt.grp[i] = tgt.grp[j];
		index_add(&tgt, tgt.grp[i], (int)i, e->sentence);
	}
	index_free(&any);
	index_free(&tgt);
}

/* Actors named only as places ("in Brussels") that no event involves are
 * no actors of the article: drop them, renumbering the others. */
static void
prune_places(dl_article *art)
{
	if (art->nactors == 0)
		return;
	int *map = arena_alloc(art->arena, sizeof *map * art->nactors);
	for (size_t i = 0; i < art->nactors; i++)
		map[i] = 0;     /* 0 unknown, 1 keep, 2 place only */
	for (size_t i = 0; i < art->nmentions; i++) {
		const dl_mention *m = &art->mentions[i];
		if (m->actor < 0 || (size_t)m->actor >= art->nactors)
			continue;
		if (m->kind != MENTION_PLACE)
			map[m->actor] = 1;
		else if (map[m->actor] == 0)
			map[m->actor] = 2;
	}
	for (size_t i = 0; i < art->nevents; i++) {
		const dl_event *e = &art->events[i];
		for (int k = 0; k < e->nsrc; k++)
			map[e->src[k]] = 1;
		for (int k = 0; k < e->ntgt; k++)
			map[e->tgt[k]] = 1;
		if (e->attributed_to >= 0)
			map[e->attributed_to] = 1;
	}
	size_t n = 0;
	for (size_t i = 0; i < art->nactors; i++) {
		if (map[i] == 2) {
			map[i] = -1;
			continue;
		}
		if (n != i)
			art->actors[n] = art->actors[i];
		map[i] = (int)n++;
	}
	if (n == art->nactors)
		return;
	art->nactors = n;
	size_t j = 0;
	for (size_t i = 0; i < art->nmentions; i++) {
		dl_mention m = art->mentions[i];
		if (m.actor >= 0 && map[m.actor] < 0)
			continue;
		if (m.actor >= 0)
			m.actor = map[m.actor];
		art->mentions[j++] = m;
	}
	art->nmentions = j;
	for (size_t i = 0; i < art->nevents; i++) {
		dl_event *e = &art->events[i];
		for (int k = 0; k < e->nsrc; k++)
			e->src[k] = map[e->src[k]];
		for (int k = 0; k < e->ntgt; k++)
			e->tgt[k] = map[e->tgt[k]];
		if (e->attributed_to >= 0)
			e->attributed_to = map[e->attributed_to];
	}
}

void
events_code(dl_article *art, dl_worker *w)
{
	ev_ctx c = {.art = art, .w = w, .aux_si = -1};
	if (ntrig_res == 0)
		return;
	prefilter_scan(ev_pf, w, art->text, 0, art->len);
	/* a headline restates the body's events with a worse time (the
	 * body says "on Monday", the headline "talk"): coded only when the
	 * article has no body */
	int body = 0;
	for (size_t i = 0; i < art->nsents; i++)
		if (art->sents[i].role == ROLE_BODY)
			body = 1;
	for (size_t i = 0; i < art->nsents; i++) {
		dl_role r = art->sents[i].role;
		if (r == ROLE_BOILERPLATE || r == ROLE_CREDIT ||
		    (r == ROLE_HEADLINE && body))
			continue;
		c.si = (int)i;
		code_sentence(&c);
	}
	/* ... but what the body does not tell ("X could hold talks with Y,
	 * Z says" over a body about an offer) is kept from the headline */
	if (body) {
		size_t n0 = art->nevents;
		c.nlast_src = 0;
		for (size_t i = 0; i < art->nsents; i++)
			if (art->sents[i].role == ROLE_HEADLINE) {
				c.si = (int)i;
				code_sentence(&c);
			}
		headline_unique(art, n0);
	}
	free(c.seps);
	free(c.places);
	free(c.withs);
	free(c.by_id);
	corefer_restated(art, w);
	prune_places(art);
}
