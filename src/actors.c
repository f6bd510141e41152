/*
 * actors.c - actor mentions and the article's actor table.
 *
 * Dictionaries come from rules/actors.tsv (see its header): states with
 * their names, demonyms and metonyms ("the Kremlin"), places standing for
 * states, organisations, armed groups and well-known persons, person
 * titles, state sectors ("Israeli soldiers"), first-name aliases and
 * pronouns.  actors_init() compiles them into a few patterns:
 *
 *   dict_re     every name/demonym/metonym/place, longest first, each
 *               alternative tagged with (*MARK:kind:index)
 *   title_re    TITLE Name ("Foreign Minister Sergei Lavrov")
 *   sector_re   anchored after a state mention: "'s new government"
 *   bare_re     sector words alone ("police", "the rebels")
 *   pronoun_re  he/his/she/her
 *
 * actors_find() runs them over every sentence that is not boilerplate or a
 * credit: it learns persons from titles (with their country from a
 * preceding demonym, possessive or organisation, or a following "of
 * COUNTRY", else from the country the sentence or article is about), finds
 * later mentions of learned surnames, gives bare sector words the state in
 * focus, resolves he/his/she to a person of this or the previous sentence,
 * and fills art->actors (one entry per canonical actor, with roles and
 * spellings seen) and art->mentions (sorted by offset).
 *
 * A capital or city right after a locative preposition ("in Brussels", "at
 * the Kremlin") is a MENTION_PLACE: where, not who (events drop actors
 * named only so); so is a country there ("in Qatar"), the country of a
 * city so named ("in Doha, Qatar.") and a country coordinated with a place
 * ("in Kenya and Tanzania").  An office named without a name ("South
 * Africa's foreign minister", "the Israeli prime minister": sector rules
 * with "office") is the person of the article from that state holding
 * that role, else the state's government.  Sector words right after a
 * group ("Islamic State militants") are its members, no state's sector.  A plural definite reference ("the two ministers") is
 * two mentions of one span, the two persons mentioned last whose roles
 * hold the rule's role word.
 */
#include "dipline.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	dl_actor_type type;
	const char   *id, *country, *code, *name;
	int           gender;     /* 0 unknown, 1 male, 2 female */
} act_def;

typedef struct {
	const char   *role;
	int           gender;     /* 0 unknown, 1 male, 2 female */
} act_title;

typedef struct {
	const char   *suffix, *label;
	dl_actor_type type;
	int           office;     /* an office ("the Syrian president"): a
				   * person of the article holding it */
} act_sector;

typedef struct {
	const char   *canon, *variant;
} act_alias;

static dl_rule_file *act_file;
static dl_rule_file *act_local;      /* the user's actors.local.tsv, or NULL */
static act_def      *act_defs;
static size_t        act_ndefs;
static act_title    *act_titles;
static size_t        act_ntitles;
static act_sector   *act_sectors;
static size_t        act_nsectors;
static act_alias    *act_aliases;
static size_t        act_naliases;
static const char  **act_stop;       /* words that are not names */
static size_t        act_nstop;
static const act_def **act_states;  /* the state entries by id, then order */
static size_t         act_nstates;
static dl_prefilter *act_pf;   /* dict, title, bare, pronoun, plural */
static pcre2_code   *dict_re, *title_re, *sector_re, *pronoun_re, *titlemod_re,
		    *bare_re, *possessive_re, *eth_pre_re, *eth_post_re,
		    *locative_re, *plural_re;
static const char  **act_plural_role; /* per plural rule: role word or NULL */
static size_t        act_nplural;

/* ------------------------------------------------------------ init */

typedef struct {
	const char *frag;
	size_t      len;
	int         kind, index;
	int         local;       /* from the user's dictionary: wins ties */
} act_alt;

static int
alt_cmp(const void *a, const void *b)
{
	const act_alt *x = a, *y = b;
	if (x->len != y->len)
		return x->len < y->len ? 1 : -1;
	if (x->local != y->local)
		return y->local - x->local;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	return x->index - y->index;
}

/* Split "a|b|c" (top-level bars only) into alternatives appended to *alts. */
static void
split_alts(arena *a, const char *field, int kind, int index, act_alt **alts,
	   size_t *n, size_t *cap)
{
	if (strcmp(field, "-") == 0 || *field == '\0')
		return;
	const char *s = field;
	int depth = 0;
	for (const char *p = field;; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '(' || *p == '[')
			depth++;
		else if ((*p == ')' || *p == ']') && depth > 0)
			depth--;
		if ((*p == '|' && depth == 0) || *p == '\0') {
			if (p > s) {
				if (*n == *cap)
					*alts = arena_grow(a, *alts, sizeof **alts, cap);
				act_alt *x = &(*alts)[(*n)++];
				x->frag = arena_strndup(a, s, (size_t)(p - s));
				x->len = (size_t)(p - s);
				x->kind = kind;
				x->index = index;
			}
			if (*p == '\0')
				break;
			s = p + 1;
		}
	}
}

/* Join alternatives into one pattern, longest first, each tagged. */
static char *
join_alts(act_alt *alts, size_t n, const char *pre, const char *post)
{
	dl_buf b = {0};
	qsort(alts, n, sizeof *alts, alt_cmp);
	buf_puts(&b, pre);
	buf_puts(&b, "(?:");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_puts(&b, "|");
		buf_printf(&b, "(?:%s)(*MARK:%d:%d)", alts[i].frag, alts[i].kind,
			   alts[i].index);
	}
	buf_puts(&b, ")");
	buf_puts(&b, post);
	return b.p;
}

static dl_actor_type
type_of(const char *s)
{
	if (strcmp(s, "state") == 0)
		return ACT_STATE;
	if (strcmp(s, "org") == 0)
		return ACT_ORGANISATION;
	if (strcmp(s, "group") == 0)
		return ACT_GROUP;
	return ACT_PERSON;
}

static const char *
dash_null(const char *s)
{
	return strcmp(s, "-") == 0 ? "" : s;
}

static int
state_cmp(const void *a, const void *b)
{
	const act_def *x = *(const act_def *const *)a, *y = *(const act_def *const *)b;
	int r = strcmp(x->id, y->id);
	return r ? r : (x < y ? -1 : x > y);
}

/* The name of the state with this id (its last entry), else the id. */
static const char *
state_name(const char *id)
{
	size_t lo = 0, hi = act_nstates;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(act_states[mid]->id, id) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && strcmp(act_states[lo - 1]->id, id) == 0 ?
		act_states[lo - 1]->name : id;
}

/* The state entries sorted by id, for state_name(). */
static void
states_index(arena *a)
{
	act_states = arena_alloc(a, sizeof *act_states * (act_ndefs + 1));
	for (size_t d = 0; d < act_ndefs; d++)
		if (act_defs[d].type == ACT_STATE)
			act_states[act_nstates++] = &act_defs[d];
	qsort(act_states, act_nstates, sizeof *act_states, state_cmp);
}

#define GROW(arr, n, cap) do {                                               \
	if ((n) == (cap))                                                    \
		(arr) = arena_grow(act_file->arena, (arr), sizeof *(arr), &(cap)); \
} while (0)

/* Which fields of a dictionary line hold name patterns, by its kind
 * (fields counted from 0, the kind). */
static const struct {
	const char *kind;
	int         fields[3];
} act_pattern_fields[] = {
	{"state", {5, 6, 7}},  {"org", {5, 6, 7}},      {"group", {5, 6, 7}},
	{"person", {5, 7, 0}}, {"title", {1, 0, 0}},    {"sector", {1, 0, 0}},
	{"sectormod", {1, 0, 0}}, {"place", {2, 0, 0}}, {"ethnic", {1, 2, 0}},
	{"possessive", {1, 0, 0}}, {"locative", {1, 0, 0}},
	{"plural", {1, 0, 0}}, {"titlemod", {1, 0, 0}},
};

/* Does the pattern (a field: alternatives joined by '|') match empty
 * text?  An empty name would be a mention of no text, which later scans
 * could not move past. */
static int
matches_empty(const pcre2_code *re)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int               yes = pcre2_match(re, (PCRE2_SPTR)"", 0, 0, 0, md, NULL) >= 0;
	pcre2_match_data_free(md);
	return yes;
}

/* The user's dictionary is input: every name pattern in it must compile
 * alone (so that a fault is named at its line, not in the joined pattern)
 * and may not use pcre2's (*VERB) controls, which would take over the
 * marks the dictionary tags its alternatives with, nor match empty text.
 * 0, or -1 after naming the line. */
static int
check_user_patterns(const dl_rule_file *f)
{
	for (size_t i = 0; i < f->nlines; i++) {
		const dl_rule_line *l = &f->lines[i];
		for (size_t k = 0; k < sizeof act_pattern_fields / sizeof *act_pattern_fields; k++) {
			if (strcmp(l->fields[0], act_pattern_fields[k].kind) != 0)
				continue;
			for (int j = 0; j < 3; j++) {
				int fi = act_pattern_fields[k].fields[j];
				if (fi == 0 || fi >= l->nfields)
					continue;
				const char *pat = l->fields[fi];
				if (strstr(pat, "(*")) {
					util_warn(f->path, l->line, "field %d: a name pattern "
						  "may not use (*...) controls", fi + 1);
					return -1;
				}
				pcre2_code *re = rules_compile(pat, 0, f->path, l->line);
				if (re == NULL)
					return -1;
				int empty = matches_empty(re);
				pcre2_code_free(re);
				if (empty) {
					util_warn(f->path, l->line, "field %d: a name pattern "
						  "may not match empty text", fi + 1);
					return -1;
				}
			}
		}
	}
	return 0;
}

int
actors_init(void)
{
	size_t   cap_defs = 0, cap_titles = 0, cap_sectors = 0, cap_aliases = 0;
	size_t   cap_stop = 0;
	act_alt *dict = NULL, *titl = NULL, *sect = NULL, *pron = NULL, *bare = NULL;
	size_t   nd = 0, cd = 0, nt = 0, ct = 0, ns = 0, cs = 0, np = 0, cp = 0;
	size_t   nb = 0, cb = 0;
	const char *mods = NULL, *tmods = NULL, *poss = NULL;
	const char *eth_pre = NULL, *eth_post = NULL, *loc = NULL;
	act_alt *plur = NULL;
	size_t   npl = 0, cpl = 0, cap_plural = 0;

	act_file = rules_file_read("actors.tsv");
	if (act_file == NULL)
		return -1;
	/* a user dictionary in the same folder overrides: same ids replace
	 * the entries, its names win over equally long ones */
	{
		char lp[4096];
		snprintf(lp, sizeof lp, "%s/actors.local.tsv", rules_dir());
		if (access(lp, R_OK) == 0 &&
		    (act_local = rules_file_read("actors.local.tsv")) == NULL)
			goto fail;
	}
	if (act_local && check_user_patterns(act_local) != 0)
		goto fail;
	arena *a = act_file->arena;
	size_t nmain = act_file->nlines;
	size_t nlines = nmain + (act_local ? act_local->nlines : 0);
	for (size_t i = 0; i < nlines; i++) {
		int local = i >= nmain;
		dl_rule_line *l = local ? &act_local->lines[i - nmain] : &act_file->lines[i];
		const char *path = local ? act_local->path : act_file->path;
		const char *k = l->fields[0];
		size_t first_alt = nd;
		if (strcmp(k, "state") == 0 || strcmp(k, "org") == 0 ||
		    strcmp(k, "group") == 0 || strcmp(k, "person") == 0) {
			if (l->nfields < 8)
				goto bad;
			size_t di;
			for (di = 0; local && di < act_ndefs; di++)
				if (strcmp(act_defs[di].id, l->fields[1]) == 0)
					break;
			if (!local || di == act_ndefs) {
				GROW(act_defs, act_ndefs, cap_defs);
				di = act_ndefs++;
			}
			act_def *d = &act_defs[di];
			d->type = type_of(k);
			d->id = l->fields[1];
			d->country = dash_null(l->fields[2]);
			d->code = dash_null(l->fields[3]);
			d->name = l->fields[4];
			int idx = (int)di;
			split_alts(a, l->fields[5], MENTION_NAME, idx, &dict, &nd, &cd);
			if (d->type == ACT_PERSON) {
				d->gender = strcmp(l->fields[6], "male") == 0 ? 1 :
					    strcmp(l->fields[6], "female") == 0 ? 2 : 0;
			} else
				split_alts(a, l->fields[6], MENTION_DEMONYM, idx,
					   &dict, &nd, &cd);
			split_alts(a, l->fields[7], MENTION_METONYM, idx, &dict, &nd, &cd);
		} else if (strcmp(k, "title") == 0) {
			if (l->nfields < 3)
				goto bad;
			GROW(act_titles, act_ntitles, cap_titles);
			act_titles[act_ntitles].role = dash_null(l->fields[2]);
			act_titles[act_ntitles].gender = l->nfields < 4 ? 0 :
				strcmp(l->fields[3], "male") == 0 ? 1 :
				strcmp(l->fields[3], "female") == 0 ? 2 : 0;
			split_alts(a, l->fields[1], MENTION_TITLE, (int)act_ntitles++,
				   &titl, &nt, &ct);
		} else if (strcmp(k, "sector") == 0) {
			if (l->nfields < 5)
				goto bad;
			GROW(act_sectors, act_nsectors, cap_sectors);
			act_sector *s = &act_sectors[act_nsectors];
			s->suffix = l->fields[2];
			s->type = type_of(l->fields[3]);
			s->label = l->fields[4];
			s->office = l->nfields > 5 && strcmp(l->fields[5], "office") == 0;
			if (l->nfields > 5 && strcmp(l->fields[5], "bare") == 0)
				split_alts(a, l->fields[1], MENTION_SECTOR, (int)act_nsectors,
					   &bare, &nb, &cb);
			split_alts(a, l->fields[1], MENTION_SECTOR, (int)act_nsectors++,
				   &sect, &ns, &cs);
		} else if (strcmp(k, "sectormod") == 0) {
			if (l->nfields < 2)
				goto bad;
			mods = l->fields[1];
		} else if (strcmp(k, "place") == 0) {
			if (l->nfields < 3)
				goto bad;
			size_t d;
			for (d = 0; d < act_ndefs; d++)
				if (strcmp(act_defs[d].id, l->fields[1]) == 0)
					break;
			if (d == act_ndefs) {
				util_warn(path, l->line, "unknown state '%s'",
					  l->fields[1]);
				goto fail;
			}
			split_alts(a, l->fields[2], MENTION_METONYM, (int)d, &dict, &nd, &cd);
		} else if (strcmp(k, "ethnic") == 0) {
			if (l->nfields < 3)
				goto bad;
			eth_pre = l->fields[1];
			eth_post = l->fields[2];
		} else if (strcmp(k, "possessive") == 0) {
			if (l->nfields < 2)
				goto bad;
			poss = l->fields[1];
		} else if (strcmp(k, "locative") == 0) {
			if (l->nfields < 2)
				goto bad;
			loc = l->fields[1];
		} else if (strcmp(k, "plural") == 0) {
			if (l->nfields < 3)
				goto bad;
			GROW(act_plural_role, act_nplural, cap_plural);
			act_plural_role[act_nplural] = dash_null(l->fields[2]);
			split_alts(a, l->fields[1], MENTION_PRONOUN, (int)act_nplural++,
				   &plur, &npl, &cpl);
		} else if (strcmp(k, "titlemod") == 0) {
			if (l->nfields < 2)
				goto bad;
			tmods = l->fields[1];
		} else if (strcmp(k, "alias") == 0) {
			if (l->nfields < 3)
				goto bad;
			GROW(act_aliases, act_naliases, cap_aliases);
			act_aliases[act_naliases].canon = l->fields[1];
			act_aliases[act_naliases++].variant = l->fields[2];
		} else if (strcmp(k, "notname") == 0) {
			for (int f = 1; f < l->nfields; f++) {
				GROW(act_stop, act_nstop, cap_stop);
				act_stop[act_nstop++] = l->fields[f];
			}
		} else if (strcmp(k, "pronoun") == 0) {
			if (l->nfields < 3)
				goto bad;
			int g = strcmp(l->fields[2], "female") == 0 ? 2 : 1;
			split_alts(a, l->fields[1], MENTION_PRONOUN, g, &pron, &np, &cp);
		} else {
			util_warn(path, l->line, "unknown kind '%s'", k);
			goto fail;
		}
		if (local)
			for (size_t j = first_alt; j < nd; j++)
				dict[j].local = 1;
		continue;
bad:
		util_warn(path, l->line, "too few fields for '%s'", k);
		goto fail;
	}
	static const char wb[] = "(?<![\\p{L}\\p{N}])";
	static const char we[] = "(?![\\p{L}\\p{N}])";
	char *p;
	/* the sentence-wide searches, kept for the prefilter */
	char *pfsrc[5] = {NULL, NULL, NULL, NULL, NULL};
	p = join_alts(dict, nd, wb, we);
	dict_re = rules_compile(p, 0, act_file->path, 0);
	pfsrc[0] = p;
	/* TITLE Name Name ... (up to four name tokens; particles allowed) */
	p = join_alts(titl, nt, wb,
		      "\\s+((?:[A-Z][\\p{L}-]*(?:['’](?!s(?![\\p{L}]))[\\p{L}-]+)?\\.?)"
		      "(?:\\s+(?:(?:al|bin|ibn|de|van|von|da|del|el|la|le|du|dos)\\s+)?"
		      "(?:[A-Z][\\p{L}-]*(?:['’](?!s(?![\\p{L}]))[\\p{L}-]+)?|(?:al|el|ad|as|ash|at|az|ar|bin|ibn)-[A-Z][\\p{L}-]*|[A-Z]\\.)){0,3})"
		      "(?![\\p{L}\\p{N}])");
	title_re = rules_compile(p, 0, act_file->path, 0);
	pfsrc[1] = p;
	{
		dl_buf pre = {0};
		buf_puts(&pre, "(?:['’]s)?\\s+");
		if (mods)
			buf_printf(&pre, "(?:(?:%s)\\s+)?", mods);
		p = join_alts(sect, ns, pre.p, we);
		sector_re = rules_compile(p, PCRE2_ANCHORED, act_file->path, 0);
		free(p);
		buf_free(&pre);
	}
	{
		dl_buf t = {0};
		buf_printf(&t, "^(?:%s)$", tmods ? tmods : "(?!)");
		titlemod_re = rules_compile(t.p, 0, act_file->path, 0);
		buf_free(&t);
		buf_printf(&t, "^(?:%s)$", poss ? poss : "(?!)");
		possessive_re = rules_compile(t.p, 0, act_file->path, 0);
		buf_free(&t);
		buf_printf(&t, "(?<![\\p{L}])(?:%s)\\s+$", eth_pre ? eth_pre : "(?!)");
		eth_pre_re = rules_compile(t.p, 0, act_file->path, 0);
		buf_free(&t);
		buf_printf(&t, "\\s+(?:%s)\\s+(?:the\\s+)?", eth_post ? eth_post : "(?!)");
		eth_post_re = rules_compile(t.p, PCRE2_ANCHORED, act_file->path, 0);
		buf_free(&t);
		/* matched on the text up to a metonym: it must end there */
		buf_printf(&t, "(?<![\\p{L}\\p{N}])(?:%s)\\s+(?:the\\s+)?\\z", loc ? loc : "(?!)");
		locative_re = rules_compile(t.p, 0, act_file->path, 0);
		buf_free(&t);
	}
	p = join_alts(bare, nb, wb, we);
	bare_re = rules_compile(p, PCRE2_CASELESS, act_file->path, 0);
	pfsrc[2] = p;
	p = join_alts(pron, np, wb, we);
	pronoun_re = rules_compile(p, 0, act_file->path, 0);
	pfsrc[3] = p;
	p = join_alts(plur, npl, wb, we);
	plural_re = rules_compile(p, 0, act_file->path, 0);
	pfsrc[4] = p;
	{
		const uint32_t    opts[5] = {0, 0, PCRE2_CASELESS, 0, 0};
		const pcre2_code *res[5] = {dict_re, title_re, bare_re,
					    pronoun_re, plural_re};
		act_pf = prefilter_new((const char *const *)pfsrc, opts, res, 5);
		for (int i = 0; i < 5; i++)
			free(pfsrc[i]);
	}
	if (!dict_re || !title_re || !sector_re || !pronoun_re || !titlemod_re ||
	    !bare_re || !possessive_re || !eth_pre_re || !eth_post_re ||
	    !locative_re || !plural_re)
		goto fail;
	states_index(a);
	return 0;
fail:
	actors_done();
	return -1;
}

void
actors_done(void)
{
	prefilter_free(act_pf);
	act_pf = NULL;
	pcre2_code_free(dict_re);
	pcre2_code_free(title_re);
	pcre2_code_free(sector_re);
	pcre2_code_free(pronoun_re);
	pcre2_code_free(titlemod_re);
	pcre2_code_free(bare_re);
	pcre2_code_free(possessive_re);
	pcre2_code_free(eth_pre_re);
	pcre2_code_free(eth_post_re);
	pcre2_code_free(locative_re);
	pcre2_code_free(plural_re);
	eth_pre_re = eth_post_re = locative_re = plural_re = NULL;
	act_plural_role = NULL;
	act_nplural = 0;
	dict_re = title_re = sector_re = pronoun_re = titlemod_re = bare_re = NULL;
	possessive_re = NULL;
	rules_file_free(act_file);
	rules_file_free(act_local);
	act_file = act_local = NULL;
	act_defs = NULL;
	act_titles = NULL;
	act_sectors = NULL;
	act_aliases = NULL;
	act_stop = NULL;
	act_states = NULL;
	act_nstates = 0;
	act_ndefs = act_ntitles = act_nsectors = act_naliases = act_nstop = 0;
}

/* ------------------------------------------------------------ finding */

typedef struct {
	dl_article *art;
	dl_worker  *w;
	size_t      cap_actors, cap_mentions;
	int        *gender;      /* per actor: 0 unknown, 1 male, 2 female */
	int        *learned;     /* per actor: 1 when learned from a title */
	int        *ids;         /* hash of the actors' ids: 1 + index, 0 empty */
	size_t      nids;        /* slots, a power of two (0: none yet) */
	/* for office_holder(): the persons, and every actor's last mention
	 * (in the order of art->mentions) while the sentences are read */
	int        *persons;
	size_t      npersons;
	dl_mention *last;        /* per actor; .end 0: none yet */
	size_t      nlast;
} act_ctx;

/* Match the article text (validated by ingest) in [off, len): through
 * the prefilter for the searches it holds. */
static int
text_match(const pcre2_code *re, const act_ctx *c, size_t len, size_t off)
{
	return prefilter_match(act_pf, prefilter_find(act_pf, re), re, c->w,
			       c->art->text, c->art->len, len, off);
}

static int
mark_of(dl_worker *w, int *kind)
{
	PCRE2_SPTR m = pcre2_get_mark(w->md);
	if (m == NULL)
		return -1;
	char *end;
	*kind = (int)strtol((const char *)m, &end, 10);
	return (int)strtol(end + 1, NULL, 10);
}

static void
add_string(arena *a, char ***arr, size_t *n, const char *s, size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen((*arr)[i]) == len && strncmp((*arr)[i], s, len) == 0)
			return;
	char **na = arena_alloc(a, sizeof *na * (*n + 1));
	if (*n)
		memcpy(na, *arr, sizeof *na * *n);
	na[(*n)++] = arena_strndup(a, s, len);
	*arr = na;
}

/* The slot of id in the hash of actor ids: its actor's, or the empty one
 * where it would go. */
static size_t
id_slot(const act_ctx *c, const char *id)
{
	size_t mask = c->nids - 1;
	size_t h = (size_t)util_hash64(id, strlen(id), 0) & mask;
	while (c->ids[h] && strcmp(c->art->actors[c->ids[h] - 1].id, id) != 0)
		h = (h + 1) & mask;
	return h;
}

/* Room for one more actor in the hash (at most half full). */
static void
ids_reserve(act_ctx *c)
{
	if (2 * (c->art->nactors + 1) <= c->nids)
		return;
	free(c->ids);
	c->nids = c->nids ? 2 * c->nids : 64;
	c->ids = xcalloc(c->nids, sizeof *c->ids);
	for (size_t i = 0; i < c->art->nactors; i++)
		c->ids[id_slot(c, c->art->actors[i].id)] = (int)i + 1;
}

/* Find or create the actor with this id; returns its index.  Ids are
 * looked up in a hash (trying every actor was quadratic in their number). */
static int
actor_get(act_ctx *c, const char *id, const char *name, dl_actor_type type,
	  const char *country, const char *code, int gender)
{
	dl_article *art = c->art;
	ids_reserve(c);
	size_t slot = id_slot(c, id);
	if (c->ids[slot])
		return c->ids[slot] - 1;
	if (art->nactors == c->cap_actors) {
		size_t c1 = c->cap_actors, c2 = c->cap_actors;
		art->actors = arena_grow(art->arena, art->actors, sizeof *art->actors,
					 &c->cap_actors);
		c->gender = arena_grow(art->arena, c->gender, sizeof *c->gender, &c1);
		c->learned = arena_grow(art->arena, c->learned, sizeof *c->learned,
					&c2);
	}
	int i = (int)art->nactors++;
	dl_actor *x = &art->actors[i];
	memset(x, 0, sizeof *x);
	x->id = arena_strdup(art->arena, id);
	x->name = arena_strdup(art->arena, name);
	x->type = type;
	snprintf(x->country, sizeof x->country, "%s", country ? country : "");
	snprintf(x->code, sizeof x->code, "%s", code ? code : "");
	c->gender[i] = gender;
	c->learned[i] = 0;
	c->ids[slot] = i + 1;
	if (type == ACT_PERSON) {
		if ((c->npersons & (c->npersons - 1)) == 0)   /* 0, 1, 2, 4 ...: full */
			c->persons = xrealloc(c->persons, sizeof *c->persons *
					      (c->npersons ? 2 * c->npersons : 1));
		c->persons[c->npersons++] = i;
	}
	return i;
}

static int mention_cmp(const void *a, const void *b);
static void sort_mentions(dl_article *art);

/* Mention m is now the last of its actor (office_holder). */
static void
note_last(act_ctx *c, const dl_mention *m)
{
	if ((size_t)m->actor >= c->nlast) {
		size_t n = c->nlast ? 2 * c->nlast : 64;
		while (n <= (size_t)m->actor)
			n *= 2;
		c->last = xrealloc(c->last, sizeof *c->last * n);
		memset(c->last + c->nlast, 0, sizeof *c->last * (n - c->nlast));
		c->nlast = n;
	}
	c->last[m->actor] = *m;
}

static int
actor_of_def(act_ctx *c, int d)
{
	const act_def *def = &act_defs[d];
	return actor_get(c, def->id, def->name, def->type, def->country, def->code,
			 def->gender);
}

static dl_mention *
mention_add(act_ctx *c, size_t start, size_t end, int sent, int actor, int kind)
{
	dl_article *art = c->art;
	if (art->nmentions == c->cap_mentions)
		art->mentions = arena_grow(art->arena, art->mentions,
					   sizeof *art->mentions, &c->cap_mentions);
	dl_mention *m = &art->mentions[art->nmentions++];
	m->start = start;
	m->end = end;
	m->sentence = sent;
	m->actor = actor;
	m->kind = kind;
	return m;
}

/* In [lo, hi): the first mention whose end is after x (hi if none). */
static size_t
end_after(const dl_article *art, size_t lo, size_t hi, size_t x)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (art->mentions[mid].end <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* In [lo, hi): the first mention starting at or after x (hi if none). */
static size_t
start_from(const dl_article *art, size_t lo, size_t hi, size_t x)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (art->mentions[mid].start < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
is_stop(const char *s, size_t n)
{
	for (size_t i = 0; i < act_nstop; i++)
		if (strlen(act_stop[i]) == n && strncmp(act_stop[i], s, n) == 0)
			return 1;
	return 0;
}

/* Does the text before p (in the sentence from s) end with a locative
 * preposition ("in", "at", "outside" ...)? */
static int
after_locative(act_ctx *c, size_t s, size_t p)
{
	size_t from = p > s + 24 ? p - 24 : s;
	/* a character boundary */
	while (from > s && ((unsigned char)c->art->text[from] & 0xC0) == 0x80)
		from--;
	return text_match(locative_re, c, p, from) > 0;
}

/* The person of the article last mentioned before `end` whose country
 * is `country` and whose role ends the office words in [s, e) ("the Syrian
 * president" after "Syrian President Bashar Assad"), or -1. */
static int
office_holder(act_ctx *c, const char *country, size_t s, size_t e)
{
	const dl_article *art = c->art;
	char words[64];
	size_t n = 0;
	for (size_t p = s; p < e && n + 1 < sizeof words; p++) {
		char ch = art->text[p];
		words[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
	}
	words[n] = '\0';
	/* the person of that country and role mentioned last: the mentions
	 * so far end before s, so that is the one whose last mention comes
	 * last (trying the persons, not every mention back to the start) */
	int best = -1, scan = 0;
	for (size_t k = 0; k < c->npersons; k++) {
		int a = c->persons[k];
		const dl_actor *x = &art->actors[a];
		if ((size_t)a >= c->nlast || c->last[a].end == 0 ||
		    strcmp(x->country, country) != 0)
			continue;
		int fits = 0;
		for (size_t r = 0; r < x->nroles && !fits; r++) {
			size_t rl = strlen(x->roles[r]);
			fits = rl <= n && strcmp(words + n - rl, x->roles[r]) == 0 &&
			       (rl == n || words[n - rl - 1] == ' ');
		}
		if (!fits)
			continue;
		const dl_mention *m = &c->last[a], *b = best >= 0 ? &c->last[best] : NULL;
		if (m->end > s)
			scan = 1;
		if (b == NULL || mention_cmp(m, b) > 0)
			best = a;
	}
	if (!scan)
		return best;
	for (size_t i = art->nmentions; i-- > 0;) {
		const dl_mention *m = &art->mentions[i];
		const dl_actor *x = &art->actors[m->actor];
		if (m->end > s || x->type != ACT_PERSON || strcmp(x->country, country) != 0)
			continue;
		for (size_t r = 0; r < x->nroles; r++) {
			size_t rl = strlen(x->roles[r]);
			if (rl <= n && strcmp(words + n - rl, x->roles[r]) == 0 &&
			    (rl == n || words[n - rl - 1] == ' '))
				return m->actor;
		}
	}
	return -1;
}

/* Dictionary mentions, sectors of states. */
static void
find_dict(act_ctx *c, int si)
{
	dl_article *art = c->art;
	const dl_sentence *s = &art->sents[si];
	size_t off = s->start, place_end = 0;
	int    place_def = -1;
	while (off < s->end &&
	       text_match(dict_re, c, s->end, off) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->w->md);
		size_t ms = ov[0], me = ov[1];
		int kind, d = mark_of(c->w, &kind);
		off = me > ms ? me : ms + 1;
		if (d < 0)
			continue;
		/* a capital or city after a locative preposition is where
		 * something happens ("met in Brussels"), not who acts: a
		 * place mention (events may still take it for the target
		 * of an attack; an actor only named so and in no event is
		 * dropped by events_code) */
		if (kind == MENTION_METONYM && after_locative(c, s->start, ms))
			kind = MENTION_PLACE;
		/* so is a country there ("met in Qatar"), and the country
		 * of a city just named as a place ("in Doha, Qatar."; not
		 * "in Doha, Qatar said") */
		if (kind == MENTION_NAME && act_defs[d].type == ACT_STATE &&
		    (after_locative(c, s->start, ms) ||
		     (place_end > 0 && ms == place_end + 2 &&
		      art->text[place_end] == ',' && place_def == d &&
		      (me >= s->end || strchr(",.;:)", art->text[me])))))
			kind = MENTION_PLACE;
		/* and a country coordinated with a place ("in Kenya and
		 * Tanzania", "in Canada and the United States") */
		if (kind == MENTION_NAME && act_defs[d].type == ACT_STATE && place_end > 0 &&
		    ((ms == place_end + 5 && strncmp(art->text + place_end, " and ", 5) == 0) ||
		     (ms == place_end + 9 &&
		      strncmp(art->text + place_end, " and the ", 9) == 0)))
			kind = MENTION_PLACE;
		int actor = actor_of_def(c, d);
		if (act_defs[d].type == ACT_STATE &&
		    text_match(sector_re, c, s->end, me) > 0) {
			PCRE2_SIZE *ov2 = pcre2_get_ovector_pointer(c->w->md);
			int k2, x = mark_of(c->w, &k2);
			if (x >= 0) {
				const act_sector *sec = &act_sectors[x];
				char id[32], code[16], name[96];
				snprintf(id, sizeof id, "%s.%s", act_defs[d].id, sec->suffix);
				snprintf(code, sizeof code, "%s", act_defs[d].id);
				for (const char *q = sec->suffix; *q && strlen(code) < 15; q++) {
					size_t L = strlen(code);
					code[L] = (char)(*q >= 'a' && *q <= 'z' ? *q - 32 : *q);
					code[L + 1] = '\0';
				}
				snprintf(name, sizeof name, "%s %s", act_defs[d].name,
					 sec->label);
				int holder = sec->office ?
					office_holder(c, act_defs[d].country, ms, ov2[1]) : -1;
				actor = holder >= 0 ? holder :
					actor_get(c, id, name, sec->type, act_defs[d].country,
						  code, 0);
				me = ov2[1];
				off = me;
				kind = holder >= 0 ? MENTION_TITLE : MENTION_SECTOR;
			}
		}
		note_last(c, mention_add(c, ms, me, si, actor, kind));
		place_end = kind == MENTION_PLACE ? me : 0;
		place_def = d;
	}
}

static int skip_sentence(const dl_sentence *s);

/* The mentions [0, n) as sorted at some point, with the running maximum
 * of their ends: whether a span overlaps one of them is a binary search
 * (not a scan of every mention). */
typedef struct {
	size_t  n;
	size_t *pmax;
} act_spans;

/* The caller frees v->pmax. */
static void
spans_build(const dl_article *art, act_spans *v)
{
	v->n = art->nmentions;
	v->pmax = xcalloc(v->n + 1, sizeof *v->pmax);
	for (size_t i = 0; i < v->n; i++)
		v->pmax[i] = i && v->pmax[i - 1] > art->mentions[i].end ?
			v->pmax[i - 1] : art->mentions[i].end;
}

/* Does [s, e) overlap one of the spans' mentions, or one of those added
 * since (which are in text order and apart, the last one ending last)? */
static int
spans_overlap(const dl_article *art, const act_spans *v, size_t s, size_t e)
{
	size_t k = start_from(art, 0, v->n, e);
	if (k > 0 && v->pmax[k - 1] > s)
		return 1;
	const dl_mention *l = art->nmentions > v->n ? &art->mentions[art->nmentions - 1] : NULL;
	return l && l->start < e && s < l->end;
}

/* find_bare()'s view of the mentions: the sorted ones (spans), and of the
 * sentence being read, its mentions [lo, hi) with, for each, the last
 * mention of a state (or a sector of one) up to it, and their ends. */
typedef struct {
	act_spans sp;
	long      s_first, a_first;   /* first mention of a state: sorted, added */
	int       si;
	size_t    lo, hi;
	long      first;              /* the sentence's first of a state */
	long     *prev;               /* per mention from lo: last of a state */
	size_t   *ends;               /* (end, index) of each, by end */
	size_t    cap;
} bare_view;

static int
of_state(const act_ctx *c, size_t i)
{
	const dl_actor *y = &c->art->actors[c->art->mentions[i].actor];
	return y->country[0] && y->type != ACT_PERSON;
}

static int
pair_cmp(const void *a, const void *b)
{
	const size_t *x = a, *y = b;
	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

static void
bare_sentence(const act_ctx *c, bare_view *B, int si)
{
	const dl_article *art = c->art;
	B->si = si;
	B->lo = B->hi = 0;
	size_t lo = 0, hi = B->sp.n;
	while (lo < hi) {   /* sorted by start, so by sentence */
		size_t mid = lo + (hi - lo) / 2;
		if (art->mentions[mid].sentence < si)
			lo = mid + 1;
		else
			hi = mid;
	}
	B->lo = B->hi = lo;
	while (B->hi < B->sp.n && art->mentions[B->hi].sentence == si)
		B->hi++;
	size_t n = B->hi - B->lo;
	if (n > B->cap) {
		B->cap = n;
		B->prev = xrealloc(B->prev, sizeof *B->prev * n);
		B->ends = xrealloc(B->ends, 2 * sizeof *B->ends * n);
	}
	B->first = -1;
	for (size_t k = 0; k < n; k++) {
		long last = k ? B->prev[k - 1] : -1;
		B->prev[k] = of_state(c, B->lo + k) ? (long)(B->lo + k) : last;
		if (B->first < 0)
			B->first = B->prev[k];
		B->ends[2 * k] = art->mentions[B->lo + k].end;
		B->ends[2 * k + 1] = B->lo + k;
	}
	if (n > 1)
		qsort(B->ends, n, 2 * sizeof *B->ends, pair_cmp);
}

/* A group or organisation mention of the sentence ending one space before
 * ms ("Islamic State militants")? */
static int
bare_member(const act_ctx *c, const bare_view *B, size_t ms)
{
	const dl_article *art = c->art;
	size_t lo = 0, hi = B->hi - B->lo;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (B->ends[2 * mid] + 1 < ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < B->hi - B->lo && B->ends[2 * lo] + 1 == ms; lo++) {
		const dl_mention *m = &art->mentions[B->ends[2 * lo + 1]];
		dl_actor_type ty = art->actors[m->actor].type;
		if (art->text[m->end] == ' ' && (ty == ACT_GROUP || ty == ACT_ORGANISATION))
			return 1;
	}
	return 0;
}

/* Bare sector words ("police", "the government", "rebels") belong to the
 * state the sentence is about: the nearest state mention before, else
 * after, in the sentence, else the first of the article. */
static void
find_bare(act_ctx *c, int si, bare_view *B)
{
	dl_article *art = c->art;
	const dl_sentence *s = &art->sents[si];
	PCRE2_SPTR subj = (PCRE2_SPTR)art->text;
	size_t off = s->start;
	while (off < s->end &&
	       text_match(bare_re, c, s->end, off) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->w->md);
		size_t ms = ov[0], me = ov[1];
		int kind, x = mark_of(c->w, &kind);
		off = me > ms ? me : ms + 1;
		if (x < 0 || spans_overlap(art, &B->sp, ms, me))
			continue;
		/* "its troops", "their government": the subject's own */
		size_t b = ms;
		while (b > s->start && art->text[b - 1] == ' ')
			b--;
		size_t wb = b;
		while (wb > s->start && art->text[wb - 1] != ' ')
			wb--;
		if (pcre2_match(possessive_re, subj + wb, b - wb, 0, PCRE2_NO_UTF_CHECK,
				c->w->md, NULL) > 0)
			continue;
		if (B->si != si)
			bare_sentence(c, B, si);
		/* "Islamic State militants", "NATO forces": the members of
		 * the group or organisation named right before */
		if (bare_member(c, B, ms))
			continue;
		/* the nearest before (no mention overlaps the word: those
		 * starting before it end before it) */
		size_t k = start_from(art, B->lo, B->hi, ms);
		long sti = k > B->lo ? B->prev[k - 1 - B->lo] : -1;
		if (sti < 0)
			sti = B->first;
		if (sti < 0)
			sti = B->s_first >= 0 ? B->s_first : B->a_first;
		if (sti < 0)
			continue;
		const dl_actor *st = &art->actors[art->mentions[sti].actor];
		const act_sector *sec = &act_sectors[x];
		char id[32], code[16], name[96], country[4];
		memcpy(country, st->country, sizeof country);
		snprintf(id, sizeof id, "%s.%s", country, sec->suffix);
		snprintf(code, sizeof code, "%s", country);
		for (const char *q = sec->suffix; *q && strlen(code) < 15; q++) {
			size_t L = strlen(code);
			code[L] = (char)(*q >= 'a' && *q <= 'z' ? *q - 32 : *q);
			code[L + 1] = '\0';
		}
		snprintf(name, sizeof name, "%s %s", state_name(country), sec->label);
		int a = actor_get(c, id, name, sec->type, country, code, 0);
		mention_add(c, ms, me, si, a, MENTION_GENERIC);
		if (B->a_first < 0 && of_state(c, art->nmentions - 1))
			B->a_first = (long)art->nmentions - 1;
	}
}

/* Bare sector words of every sentence read. */
static void
find_bares(act_ctx *c)
{
	dl_article *art = c->art;
	bare_view B = {.s_first = -1, .a_first = -1, .si = -1};
	spans_build(art, &B.sp);
	for (size_t i = 0; i < B.sp.n && B.s_first < 0; i++)
		if (of_state(c, i))
			B.s_first = (long)i;
	for (size_t si = 0; si < art->nsents; si++)
		if (!skip_sentence(&art->sents[si]))
			find_bare(c, (int)si, &B);
	free(B.sp.pmax);
	free(B.prev);
	free(B.ends);
}

/* Give mention mi (a demonym or a state sector) to the state `country`:
 * "ethnic Albanian guerrillas in Macedonia" are MKD.reb. */
static void
rehome(act_ctx *c, size_t mi, const char *country)
{
	dl_article *art = c->art;
	dl_mention *m = &art->mentions[mi];
	const dl_actor *old = &art->actors[m->actor];
	const char *dot = strchr(old->id, '.');
	const char *suffix = dot ? dot + 1 : "eth";
	char id[32], code[16], name[96];
	const char *cname = state_name(country);
	snprintf(id, sizeof id, "%s.%s", country, suffix);
	snprintf(code, sizeof code, "%s", country);
	for (const char *q = suffix; *q && strlen(code) < 15; q++) {
		size_t L = strlen(code);
		code[L] = (char)(*q >= 'a' && *q <= 'z' ? *q - 32 : *q);
		code[L + 1] = '\0';
	}
	const char *label = "ethnic group";
	for (size_t i = 0; i < act_nsectors; i++)
		if (dot && strcmp(act_sectors[i].suffix, suffix) == 0)
			label = act_sectors[i].label;
	snprintf(name, sizeof name, "%s %s", cname, label);
	m->actor = actor_get(c, id, name, ACT_GROUP, country, code, 0);
}

/* For find_ethnic(): the mentions of a state or a sector of one (of a
 * country, no person), first and last, as the scan over the mentions
 * passes them.  b is the first (last) of another country than a's: the
 * first (last) of a country other than C is a or b. */
typedef struct {
	int fa, fb, la, lb;
} eth_seen;

static const char *
eth_country(const act_ctx *c, int j)
{
	const dl_actor *y = &c->art->actors[c->art->mentions[j].actor];
	return y->country[0] && y->type != ACT_PERSON ? y->country : NULL;
}

static void
eth_see(const act_ctx *c, eth_seen *v, int j)
{
	const char *cj = eth_country(c, j);
	if (cj == NULL)
		return;
	if (v->fa < 0)
		v->fa = j;
	else if (v->fb < 0 && strcmp(cj, eth_country(c, v->fa)) != 0)
		v->fb = j;
	if (v->la >= 0 && strcmp(cj, eth_country(c, v->la)) != 0)
		v->lb = v->la;
	v->la = j;
}

/* The first (last) mention seen of a country other than own, or -1. */
static int
eth_other(const act_ctx *c, const eth_seen *v, int last, const char *own)
{
	int a = last ? v->la : v->fa, b = last ? v->lb : v->fb;
	if (a < 0)
		return -1;
	return strcmp(eth_country(c, a), own) != 0 ? a : b;
}

/* nx[2j], nx[2j+1]: from mention j on (as the mentions were before the
 * scan), the first of a country (a) and the first of another country
 * than a's.  The caller frees nx. */
static int *
eth_next(const act_ctx *c)
{
	size_t n = c->art->nmentions;
	int *nx = xcalloc(2 * n + 2, sizeof *nx);
	nx[2 * n] = nx[2 * n + 1] = -1;
	for (size_t j = n; j-- > 0;) {
		const char *cj = eth_country(c, (int)j), *ca;
		int a = nx[2 * j + 2], b = nx[2 * j + 3];
		if (cj == NULL) {
			nx[2 * j] = a;
			nx[2 * j + 1] = b;
			continue;
		}
		ca = a >= 0 ? eth_country(c, a) : NULL;
		nx[2 * j] = (int)j;
		nx[2 * j + 1] = ca && strcmp(ca, cj) != 0 ? a : ca ? b : -1;
	}
	return nx;
}

/* The home of mention i, named "ethnic X": the nearest other state before
 * it in its sentence, else after it there, else the article's first other
 * one; NULL if none.  seen: the mentions before i (sent: of its
 * sentence); nx: eth_next(). */
static const char *
eth_home(const act_ctx *c, size_t i, const eth_seen *seen, const eth_seen *sent,
	 const int *nx)
{
	const dl_article *art = c->art;
	const dl_mention *m = &art->mentions[i];
	const char *own = art->actors[m->actor].country;
	int j = eth_other(c, sent, 1, own);
	if (j >= 0 && art->mentions[j].end > m->start) {
		/* it overlaps i: the one before it that does not */
		while (j >= 0 && art->mentions[j].sentence == m->sentence &&
		       (!eth_country(c, j) || strcmp(eth_country(c, j), own) == 0 ||
			art->mentions[j].end > m->start))
			j--;
		if (j >= 0 && art->mentions[j].sentence != m->sentence)
			j = -1;
	}
	if (j < 0)
		j = eth_other(c, sent, 0, own);
	for (int pass = 0; pass < 2 && j < 0; pass++) {
		if (pass == 1 && (j = eth_other(c, seen, 0, own)) >= 0)
			break;
		int a = nx[2 * i + 2], b = nx[2 * i + 3];
		if (a >= 0 && strcmp(eth_country(c, a), own) == 0)
			a = b;
		if (a >= 0 && (pass == 1 || art->mentions[a].sentence == m->sentence))
			j = a;
	}
	return j >= 0 ? eth_country(c, j) : NULL;
}

/* Minorities belong to the state they live in: "ethnic Turks" (the other
 * state of the sentence, else of the article), "the Albanians of southern
 * Serbia" (the state named).  One pass over the mentions, keeping the
 * states seen (trying every mention for every minority was quadratic). */
static void
find_ethnic(act_ctx *c)
{
	dl_article *art = c->art;
	eth_seen seen = {-1, -1, -1, -1}, sent = {-1, -1, -1, -1};
	int *nx = NULL;
	for (size_t i = 0; i < art->nmentions; i++) {
		dl_mention *m = &art->mentions[i];
		if (i > 0 && art->mentions[i - 1].sentence != m->sentence)
			sent = (eth_seen){-1, -1, -1, -1};
		if (m->kind != MENTION_DEMONYM && m->kind != MENTION_SECTOR)
			goto next;
		const char *own = art->actors[m->actor].country;
		size_t from = m->start > 16 ? m->start - 16 : 0;
		if (from < art->sents[m->sentence].start)
			from = art->sents[m->sentence].start;
		const char *home = NULL;
		/* "the Albanians of Serbia", not "Mexican officials in
		 * Washington" */
		if (m->kind == MENTION_DEMONYM &&
		    text_match(eth_post_re, c, art->len, m->end) > 0) {
			size_t e = pcre2_get_ovector_pointer(c->w->md)[1];
			for (size_t j = start_from(art, i + 1, art->nmentions, e);
			     j < art->nmentions && art->mentions[j].start == e; j++)
				if (art->actors[art->mentions[j].actor].type == ACT_STATE &&
				    strcmp(art->actors[art->mentions[j].actor].country, own) != 0)
					home = art->actors[art->mentions[j].actor].country;
		}
		if (!home && text_match(eth_pre_re, c, m->start, from) > 0) {
			if (nx == NULL)
				nx = eth_next(c);
			home = eth_home(c, i, &seen, &sent, nx);
		}
		if (home) {
			char h[4];
			memcpy(h, home, sizeof h);   /* actor_get may move the table */
			rehome(c, i, h);
		}
next:
		eth_see(c, &seen, (int)i);
		eth_see(c, &sent, (int)i);
	}
	free(nx);
}

static void
canonical_name(const char *s, size_t n, char *out, size_t outsz)
{
	size_t fl = 0;
	while (fl < n && s[fl] != ' ')
		fl++;
	for (size_t i = 0; i < act_naliases; i++)
		if (strlen(act_aliases[i].variant) == fl &&
		    strncmp(act_aliases[i].variant, s, fl) == 0) {
			snprintf(out, outsz, "%s%.*s", act_aliases[i].canon,
				 (int)(n - fl), s + fl);
			return;
		}
	snprintf(out, outsz, "%.*s", (int)n, s);
}

/* Gap between a modifier mention and a title: "'s", spaces and at most
 * two lowercase words ("Lebanon's new President"). */
static int
gap_ok(pcre2_match_data *md, const char *p, const char *e)
{
	int words = 0;
	if (e - p >= 2 && p[0] == '\'' && p[1] == 's')
		p += 2;
	else if (e - p >= 4 && strncmp(p, "’s", 4) == 0)
		p += 4;
	while (p < e) {
		if (*p == ' ')
			p++;
		else if (*p >= 'a' && *p <= 'z') {
			const char *q = p;
			if (++words > 2)
				return 0;
			while (p < e && ((*p >= 'a' && *p <= 'z') || *p == '-'))
				p++;
			/* only modifiers: "new", "ousted", "senior" */
			if (pcre2_match(titlemod_re, (PCRE2_SPTR)q, (size_t)(p - q), 0,
					PCRE2_NO_UTF_CHECK, md, NULL) <= 0)
				return 0;
		} else
			return 0;
	}
	return 1;
}

/* ---- the mentions of a sentence while find_titles works on them ----
 *
 * mentions[first, nd) are the dictionary's, in text order and apart (as
 * find_dict left them: by start and by end alike), mentions[nd, n) the
 * titles', appended in text order; a dropped mention is marked dead and
 * removed at the end, so the live ones keep the order the scans saw.  The
 * look-ups are binary searches and short walks; should a change break the
 * order they rely on (a rule file making a title overlap a name), they
 * turn into the scans they replace (slow), which are quadratic. */
#define DEAD (-1)   /* the kind of a dropped mention */

typedef struct {
	size_t first, nd;
	int    slow;
} ttl_set;

/* The first live mention overlapping [s, e), or -1. */
static int
ttl_overlap(const act_ctx *c, const ttl_set *T, size_t s, size_t e)
{
	const dl_article *art = c->art;
	size_t part[3] = {T->first, T->nd, art->nmentions};
	for (int k = 0; k < 2; k++) {
		size_t i = T->slow ? part[k] : end_after(art, part[k], part[k + 1], s);
		for (; i < part[k + 1]; i++) {
			const dl_mention *m = &art->mentions[i];
			if (!T->slow && m->start >= e)
				break;
			if (m->kind != DEAD && m->start < e && s < m->end)
				return (int)i;
		}
	}
	return -1;
}

/* The live mention before i, or -1. */
static int
ttl_prev(const act_ctx *c, const ttl_set *T, size_t i)
{
	while (i-- > T->first)
		if (c->art->mentions[i].kind != DEAD)
			return (int)i;
	return -1;
}

/* Mention i now starts at x (x not after its start): still in order? */
static void
ttl_restart(const act_ctx *c, ttl_set *T, size_t i, size_t x)
{
	c->art->mentions[i].start = x;
	if (i > T->first && i != T->nd && c->art->mentions[i - 1].start > x)
		T->slow = 1;
}

/* A new title mention: in order, and a person's? */
static void
ttl_added(const act_ctx *c, ttl_set *T)
{
	const dl_article *art = c->art;
	const dl_mention *m = &art->mentions[art->nmentions - 1];
	if (art->actors[m->actor].type != ACT_PERSON ||
	    (art->nmentions - 1 > T->nd &&
	     (m[-1].start > m->start || m[-1].end > m->end)))
		T->slow = 1;
}

/* The last live mention before ts that is no person's, with only "'s",
 * spaces and two modifiers between (gap_ok): the modifier of a title
 * ("Russian Foreign Minister", "Lebanon's new President"), or -1.  Fast:
 * the titles' mentions are persons'; a gap holds no byte but these, so
 * the dictionary mentions to try end after the last other byte. */
static int
ttl_modifier(act_ctx *c, const ttl_set *T, size_t ts)
{
	const dl_article *art = c->art;
	const unsigned char *t = (const unsigned char *)art->text;
	int mod = -1;
	if (T->slow) {
		for (size_t i = T->first; i < art->nmentions; i++) {
			dl_mention *m = &art->mentions[i];
			if (m->kind != DEAD && m->end <= ts &&
			    gap_ok(c->w->md, art->text + m->end, art->text + ts) &&
			    art->actors[m->actor].type != ACT_PERSON)
				mod = (int)i;
		}
		return mod;
	}
	/* [p, ts): bytes a gap may hold */
	size_t p = ts;
	while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == '-' || t[p - 1] == '\'' ||
			 (t[p - 1] >= 'a' && t[p - 1] <= 'z') || t[p - 1] == 0xE2 ||
			 t[p - 1] == 0x80 || t[p - 1] == 0x99))
		p--;
	for (size_t i = end_after(art, T->first, T->nd, ts); i-- > T->first;) {
		const dl_mention *m = &art->mentions[i];
		if (m->end < p)
			break;
		if (m->kind != DEAD && art->actors[m->actor].type != ACT_PERSON &&
		    gap_ok(c->w->md, art->text + m->end, art->text + ts))
			return (int)i;
	}
	return -1;
}

/* "King Hassan of Morocco": the last live state mention starting at x,
 * or -1. */
static int
ttl_of(const act_ctx *c, const ttl_set *T, size_t x)
{
	const dl_article *art = c->art;
	int mod = -1;
	if (T->slow) {
		for (size_t i = T->first; i < art->nmentions; i++) {
			const dl_mention *m = &art->mentions[i];
			if (m->kind != DEAD && m->start == x &&
			    art->actors[m->actor].type == ACT_STATE)
				mod = (int)i;
		}
		return mod;
	}
	/* the titles' mentions are persons' */
	for (size_t i = start_from(art, T->first, T->nd, x);
	     i < T->nd && art->mentions[i].start == x; i++)
		if (art->mentions[i].kind != DEAD &&
		    art->actors[art->mentions[i].actor].type == ACT_STATE)
			mod = (int)i;
	return mod;
}

/* TITLE Name: learn persons. */
static void
find_titles(act_ctx *c, int si, size_t first)
{
	dl_article *art = c->art;
	const dl_sentence *s = &art->sents[si];
	size_t off = s->start;
	ttl_set T = {.first = first, .nd = art->nmentions};
	while (off < s->end &&
	       text_match(title_re, c, s->end, off) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->w->md);
		size_t ts = ov[0], ns = ov[2], ne = ov[3];
		int kind, ti = mark_of(c->w, &kind);
		off = ov[1];
		/* trim stop words ("Tuesday", "On") from both ends */
		for (;;) {
			size_t k = ns;
			while (k < ne && art->text[k] != ' ')
				k++;
			if (k < ne && is_stop(art->text + ns, k - ns)) {
				while (k < ne && art->text[k] == ' ')
					k++;
				ns = k;
			} else
				break;
		}
		for (;;) {
			size_t k = ne;
			while (k > ns && art->text[k - 1] != ' ')
				k--;
			if (is_stop(art->text + k, ne - k)) {
				while (k > ns && art->text[k - 1] == ' ')
					k--;
				ne = k;
			} else
				break;
		}
		if (ne <= ns || ti < 0 || is_stop(art->text + ns, ne - ns))
			continue;
		if (ns != ov[2])   /* a stop word right after the title */
			continue;
		const act_title *t = &act_titles[ti];
		int ov_i = ttl_overlap(c, &T, ns, ne);
		if (ov_i >= 0) {
			/* the name is a known actor: add the role to it */
			dl_mention *m = &art->mentions[ov_i];
			if (art->actors[m->actor].type == ACT_PERSON && t->role[0])
				add_string(art->arena, &art->actors[m->actor].roles,
					   &art->actors[m->actor].nroles, t->role,
					   strlen(t->role));
			if (art->actors[m->actor].type == ACT_PERSON && m->start > ts) {
				dl_actor *pa = &art->actors[m->actor];
				size_t nl = m->end - m->start;
				if (strlen(pa->name) != nl ||
				    strncmp(pa->name, art->text + m->start, nl) != 0)
					add_string(art->arena, &pa->aliases, &pa->naliases,
						   art->text + m->start, nl);
				ttl_restart(c, &T, (size_t)ov_i, ts);
				m->kind = MENTION_TITLE;
				/* and the "Russian" of "Russian Foreign Minister" */
				int i = ttl_prev(c, &T, (size_t)ov_i);
				dl_mention *d = i >= 0 ? &art->mentions[i] : NULL;
				if (d && d->end <= ts && art->actors[d->actor].type != ACT_PERSON &&
				    gap_ok(c->w->md, art->text + d->end, art->text + ts)) {
					ttl_restart(c, &T, (size_t)ov_i, d->start);
					d->kind = DEAD;
				}
			}
			continue;
		}
		/* the country or organisation the person belongs to */
		const char *country = "", *code = "";
		size_t pstart = ts, pend = ne;
		int mod = ttl_modifier(c, &T, ts);
		if (mod < 0) {
			/* "King Hassan of Morocco" */
			const char *q = art->text + ne;
			size_t skip = 0;
			if (strncmp(q, " of the ", 8) == 0)
				skip = 8;
			else if (strncmp(q, " of ", 4) == 0)
				skip = 4;
			if (skip && (mod = ttl_of(c, &T, ne + skip)) >= 0)
				pend = art->mentions[mod].end;
		} else
			pstart = art->mentions[mod].start;
		if (mod >= 0) {
			const dl_actor *ma = &art->actors[art->mentions[mod].actor];
			country = ma->country;
			code = ma->code[0] ? ma->code : ma->country;
		}
		char cname[160], id[200];
		canonical_name(art->text + ns, ne - ns, cname, sizeof cname);
		char *slug = util_slug(art->arena, cname, strlen(cname));
		snprintf(id, sizeof id, "person:%s", slug);
		int a = actor_get(c, id, cname, ACT_PERSON, country, code,
				  t->gender);
		c->learned[a] = 1;
		dl_actor *x = &art->actors[a];
		if (!x->country[0] && country[0])
			snprintf(x->country, sizeof x->country, "%s", country);
		if (!x->code[0] && code[0])
			snprintf(x->code, sizeof x->code, "%s", code);
		if (t->role[0])
			add_string(art->arena, &x->roles, &x->nroles, t->role,
				   strlen(t->role));
		if (strncmp(cname, art->text + ns, ne - ns) != 0 ||
		    strlen(cname) != ne - ns)
			add_string(art->arena, &x->aliases, &x->naliases,
				   art->text + ns, ne - ns);
		if (mod >= 0)
			art->mentions[mod].kind = DEAD;
		mention_add(c, pstart, pend, si, a, MENTION_TITLE);
		ttl_added(c, &T);
	}
	/* the dropped ones out, the others in order */
	size_t k = first;
	for (size_t i = first; i < art->nmentions; i++)
		if (art->mentions[i].kind != DEAD)
			art->mentions[k++] = art->mentions[i];
	art->nmentions = k;
}

/* The sentence holding byte offset p, or -1. */
static int
sentence_of(const dl_article *art, size_t p)
{
	size_t lo = 0, hi = art->nsents;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (art->sents[mid].end <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < art->nsents && art->sents[lo].start <= p ? (int)lo : -1;
}


/* A surname of a learned person, and an occurrence of one. */
typedef struct {
	const char *s;
	size_t      len;
	int         actor;
} act_sur;

typedef struct {
	size_t p, len;
	int    actor, si;
} act_hit;

static int
sur_cmp(const void *a, const void *b)
{
	const act_sur *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r = memcmp(x->s, y->s, n);
	if (r == 0 && x->len != y->len)
		r = x->len < y->len ? -1 : 1;
	return r ? r : x->actor - y->actor;
}

static int
hit_cmp(const void *a, const void *b)
{
	const act_hit *x = a, *y = b;
	if (x->actor != y->actor)
		return x->actor - y->actor;
	return x->p < y->p ? -1 : x->p > y->p;
}

/* Is an occurrence of a surname at [p, p + L) one to add: a word of a
 * sentence that is read, clashing with no mention before n0? */
static int
surname_fits(const act_ctx *c, size_t n0, size_t p, size_t L, int *sent)
{
	const dl_article *art = c->art;
	const char *t = art->text;
	unsigned char e = p + L < art->len ? (unsigned char)t[p + L] : ' ';
	if (e >= 0x80 || (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z'))
		return 0;
	int si = sentence_of(art, p);
	if (si < 0 || skip_sentence(&art->sents[si]) || p + L > art->sents[si].end)
		return 0;
	/* the mentions before n0 are sorted: binary search */
	size_t lo = 0, hi = n0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (art->mentions[mid].end <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < n0 && art->mentions[i].start < p + L; i++)
		if (art->mentions[i].end > p)
			return 0;
	*sent = si;
	return 1;
}

/* Later mentions of a learned person by surname ("Lavrov").  One pass
 * over the text finds where any surname starts a word (the surnames
 * sorted: a walk down them); then the persons in order take theirs, in
 * text order, where no one took the place before (as trying each
 * person's surname over the whole text did, which was quadratic in the
 * persons). */
static void
find_surnames(act_ctx *c)
{
	dl_article *art = c->art;
	const unsigned char *t = (const unsigned char *)art->text;
	size_t na = art->nactors, n0 = art->nmentions, ns = 0, nh = 0, caph = 0;
	act_sur *sur = xcalloc(na ? na : 1, sizeof *sur);
	act_hit *hit = NULL;
	unsigned char first[256] = {0};

	for (size_t a = 0; a < na; a++) {
		if (!c->learned[a])
			continue;
		const char *nm = art->actors[a].name;
		const char *sp = strrchr(nm, ' ');
		sur[ns].s = sp ? sp + 1 : nm;
		sur[ns].len = strlen(sur[ns].s);
		sur[ns].actor = (int)a;
		if (sur[ns].len >= 3)
			first[(unsigned char)sur[ns++].s[0]] = 1;
	}
	/* one per surname: the first person's (the later ones lose to it) */
	qsort(sur, ns, sizeof *sur, sur_cmp);
	size_t k = 0;
	for (size_t i = 0; i < ns; i++)
		if (k == 0 || sur[k - 1].len != sur[i].len ||
		    memcmp(sur[k - 1].s, sur[i].s, sur[i].len) != 0)
			sur[k++] = sur[i];
	ns = k;
	for (size_t p = 0; ns && p < art->len; p++) {
		unsigned char b = p > 0 ? t[p - 1] : ' ';
		if ((b >= 'A' && b <= 'z') || b >= 0x80 || !first[t[p]])
			continue;
		/* [lo, hi): the surnames starting with t[p, p + d) */
		size_t lo = 0, hi = ns;
		for (size_t d = 0; lo < hi; d++) {
			int si;
			if (sur[lo].len == d) {
				if (surname_fits(c, n0, p, d, &si)) {
					if (nh == caph)
						hit = xrealloc(hit, sizeof *hit *
							       (caph = caph ? 2 * caph : 64));
					hit[nh++] = (act_hit){p, d, sur[lo].actor, si};
				}
				lo++;
			}
			if (p + d >= art->len)
				break;
			size_t l2 = lo, h2 = hi;
			while (l2 < h2) {
				size_t mid = l2 + (h2 - l2) / 2;
				if ((unsigned char)sur[mid].s[d] < t[p + d])
					l2 = mid + 1;
				else
					h2 = mid;
			}
			lo = l2;
			h2 = hi;
			while (l2 < h2) {
				size_t mid = l2 + (h2 - l2) / 2;
				if ((unsigned char)sur[mid].s[d] <= t[p + d])
					l2 = mid + 1;
				else
					h2 = mid;
			}
			hi = l2;
		}
	}
	/* person by person, in text order; a byte taken is taken */
	if (nh > 1)
		qsort(hit, nh, sizeof *hit, hit_cmp);
	unsigned char *taken = nh ? xcalloc(art->len, 1) : NULL;
	for (size_t i = 0; i < nh; i++) {
		if (memchr(taken + hit[i].p, 1, hit[i].len))
			continue;
		memset(taken + hit[i].p, 1, hit[i].len);
		mention_add(c, hit[i].p, hit[i].p + hit[i].len, hit[i].si,
			    hit[i].actor, MENTION_NAME);
	}
	free(taken);
	free(hit);
	free(sur);
}

/* find_pronouns()'s view of the sorted mentions (those before the
 * pronouns are added): of the sentence being read, the persons' mentions
 * ending before the pronoun, as the pronouns move forward; of the sentence
 * before, its whole; the best of each by gender (0 unknown, 1, 2). */
typedef struct {
	int    ok;
	size_t start, i;
} prn_best;

typedef struct {
	size_t   n;             /* the sorted mentions */
	int      si;
	size_t   hi, next;      /* the sentence's mentions end at hi; next one */
	prn_best cur[3], prev[3];
	long     subj;          /* the first mention of the sentence before */
	size_t  *pend, npend, cappend;  /* taken, but ending after the pronoun */
	size_t  *cata[3], ncata[3], capcata[3];  /* after ", ", by gender */
} prn_view;

/* The later one (the first at the same start) is the best so far. */
static void
prn_offer(prn_best *b, const dl_mention *m, size_t i)
{
	if (!b->ok || m->start > b->start || (m->start == b->start && i < b->i)) {
		b->ok = 1;
		b->start = m->start;
		b->i = i;
	}
}

/* The person's mention i, of gender 0, 1 or 2: else -1. */
static int
prn_gender(const act_ctx *c, size_t i)
{
	const dl_mention *m = &c->art->mentions[i];
	if (m->kind == MENTION_PRONOUN || c->art->actors[m->actor].type != ACT_PERSON)
		return -1;
	return c->gender[m->actor] >= 0 && c->gender[m->actor] <= 2 ?
		c->gender[m->actor] : -1;
}

/* The sorted mentions of sentence si: [*lo, *hi). */
static void
sentence_range(const act_ctx *c, size_t n, int si, size_t *lo, size_t *hi)
{
	const dl_article *art = c->art;
	size_t l = 0, h = n;
	while (l < h) {
		size_t mid = l + (h - l) / 2;
		if (art->mentions[mid].sentence < si)
			l = mid + 1;
		else
			h = mid;
	}
	*lo = *hi = l;
	while (*hi < n && art->mentions[*hi].sentence == si)
		(*hi)++;
}

static void
prn_sentence(const act_ctx *c, prn_view *P, int si)
{
	const dl_article *art = c->art;
	size_t lo, hi;
	P->si = si;
	memset(P->cur, 0, sizeof P->cur);
	memset(P->prev, 0, sizeof P->prev);
	P->npend = 0;
	P->subj = -1;
	sentence_range(c, P->n, si - 1, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		int g = prn_gender(c, i);
		if (g >= 0)
			prn_offer(&P->prev[g], &art->mentions[i], i);
		if (i == lo && g >= 0)
			P->subj = (long)i;
	}
	sentence_range(c, P->n, si, &lo, &hi);
	P->next = lo;
	P->hi = hi;
	for (int g = 0; g < 3; g++)
		P->ncata[g] = 0;
	for (size_t i = lo; i < hi; i++) {
		const dl_mention *m = &art->mentions[i];
		int g = prn_gender(c, i);
		if (g < 0 || m->start < 2 || art->text[m->start - 2] != ',')
			continue;
		if (P->ncata[g] == P->capcata[g])
			P->cata[g] = xrealloc(P->cata[g], sizeof *P->cata[g] *
					      (P->capcata[g] = P->capcata[g] ? 2 * P->capcata[g] : 16));
		P->cata[g][P->ncata[g]++] = i;
	}
}

/* The person a pronoun at [ps, pe) of gender g stands for: in its
 * sentence the most recent ("Kerry said he"); else in the previous one its
 * subject (its first mention), else the most recent (scored as the scan
 * of every mention did: the best score, then the latest start, then the
 * first); a mention index or -1. */
static int
prn_resolve(const act_ctx *c, prn_view *P, size_t ps, int g)
{
	const dl_article *art = c->art;
	for (; P->next < P->hi && art->mentions[P->next].start < ps; P->next++) {
		if (prn_gender(c, P->next) < 0)
			continue;
		if (P->npend == P->cappend)
			P->pend = xrealloc(P->pend, sizeof *P->pend *
					   (P->cappend = P->cappend ? 2 * P->cappend : 16));
		P->pend[P->npend++] = P->next;
	}
	size_t k = 0;
	for (size_t j = 0; j < P->npend; j++) {
		const dl_mention *m = &art->mentions[P->pend[j]];
		if (m->end <= ps)
			prn_offer(&P->cur[prn_gender(c, P->pend[j])], m, P->pend[j]);
		else
			P->pend[k++] = P->pend[j];
	}
	P->npend = k;
	int best = -1, bscore = -1;
	for (int pass = 0; pass < 7; pass++) {
		/* 0-2: this sentence, by gender; 3-5: the one before; 6: its subject */
		int ag = pass % 3;
		const prn_best *b = pass < 3 ? &P->cur[ag] : pass < 6 ? &P->prev[ag] : NULL;
		size_t i;
		if (b ? !b->ok : P->subj < 0)
			continue;
		i = b ? b->i : (size_t)P->subj;
		ag = prn_gender(c, i);
		if (ag && ag != g)
			continue;
		int score = (g == 2 && ag == 2) * 8 + (pass < 3) * 4 +
			(pass >= 3 && (long)i == P->subj) * 2 + (ag == g);
		const dl_mention *m = &art->mentions[i];
		if (best < 0 || score > bscore ||
		    (score == bscore && (m->start > art->mentions[best].start ||
		     (m->start == art->mentions[best].start && (int)i < best)))) {
			bscore = score;
			best = (int)i;
		}
	}
	return best;
}

static void
find_pronouns(act_ctx *c, int si, prn_view *P)
{
	dl_article *art = c->art;
	const dl_sentence *s = &art->sents[si];
	size_t off = s->start;
	while (off < s->end &&
	       text_match(pronoun_re, c, s->end, off) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->w->md);
		size_t ps = ov[0], pe = ov[1];
		int kind, g = mark_of(c->w, &kind);
		off = pe;
		if (P->si != si)
			prn_sentence(c, P, si);
		/* a person before the pronoun, of a compatible gender; "she"
		 * prefers a woman known as such: most persons' gender is
		 * unknown, and they are mostly men. */
		int best = prn_resolve(c, P, ps, g);
		/* cataphora: "In his call with Lavrov, Kerry said ...": the
		 * first person after a comma */
		if (best < 0 && (art->text[ps] == 'h' || art->text[ps] == 'H') &&
		    pe - ps == 3 && (art->text[ps + 1] == 'i' || art->text[ps + 1] == 'e'))
			for (int ag = 0; ag < 3; ag++) {
				if (ag && ag != g)
					continue;
				size_t lo = 0, hi = P->ncata[ag];
				while (lo < hi) {
					size_t mid = lo + (hi - lo) / 2;
					if (art->mentions[P->cata[ag][mid]].start < pe + 2)
						lo = mid + 1;
					else
						hi = mid;
				}
				if (lo < P->ncata[ag] && (best < 0 || (int)P->cata[ag][lo] < best))
					best = (int)P->cata[ag][lo];
			}
		if (best >= 0)
			mention_add(c, ps, pe, si, art->mentions[best].actor,
				    MENTION_PRONOUN);
	}
}

/* Pronouns of every sentence read. */
static void
find_all_pronouns(act_ctx *c)
{
	prn_view P = {.n = c->art->nmentions, .si = -1};
	for (size_t si = 0; si < c->art->nsents; si++)
		if (!skip_sentence(&c->art->sents[si]))
			find_pronouns(c, (int)si, &P);
	free(P.pend);
	for (int g = 0; g < 3; g++)
		free(P.cata[g]);
}

/* find_plurals()'s view of the mentions: those sorted before (S) and the
 * pairs added since (P, in text order; this sentence's from cur0), and
 * for each plural rule the mentions of persons it fits, each knowing the
 * last one before it of another person (diff). */
typedef struct {
	size_t *v;
	long   *diff;
	size_t  n, cap;
} plu_list;

typedef struct {
	act_spans      sp;
	plu_list      *s, *p;     /* per rule: of S, of P */
	size_t        *cur0;      /* per rule */
	unsigned char *fit;       /* per rule and actor: 0 unknown, 1 no, 2 yes */
	int            si;
} plu_view;

static int
plu_fits(const act_ctx *c, plu_view *V, size_t r, size_t i)
{
	const dl_article *art = c->art;
	int a = art->mentions[i].actor;
	const dl_actor *x = &art->actors[a];
	if (x->type != ACT_PERSON)
		return 0;
	unsigned char *f = &V->fit[r * art->nactors + (size_t)a];
	if (*f == 0) {
		const char *role = act_plural_role[r];
		int fits = role == NULL;
		for (size_t k = 0; !fits && k < x->nroles; k++)
			fits = strstr(x->roles[k], role) != NULL;
		*f = fits ? 2 : 1;
	}
	return *f == 2;
}

static void
plu_push(const act_ctx *c, plu_list *l, size_t i)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xrealloc(l->v, sizeof *l->v * l->cap);
		l->diff = xrealloc(l->diff, sizeof *l->diff * l->cap);
	}
	long d = -1;
	if (l->n) {
		size_t last = l->v[l->n - 1];
		d = c->art->mentions[last].actor != c->art->mentions[i].actor ?
			(long)l->n - 1 : l->diff[l->n - 1];
	}
	l->v[l->n] = i;
	l->diff[l->n++] = d;
}

/* Entry k of l, or the last one before it, of another actor than excl
 * (-1: any); -1 if none. */
static long
plu_other(const act_ctx *c, const plu_list *l, long k, int excl)
{
	if (k >= 0 && excl >= 0 && c->art->mentions[l->v[k]].actor == excl)
		k = l->diff[k];
	return k;
}

/* The actor of the last mention of S and of the earlier sentences' P
 * before ps, fitting rule r, not excl's (-1 any); -1 if none. */
static int
plu_sorted_last(const act_ctx *c, const plu_view *V, size_t r, size_t ps, int excl)
{
	const dl_article *art = c->art;
	const plu_list *S = &V->s[r], *P = &V->p[r];
	size_t lo = 0, hi = S->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (art->mentions[S->v[mid]].start < ps)
			lo = mid + 1;
		else
			hi = mid;
	}
	long ks = plu_other(c, S, (long)lo - 1, excl);
	long kp = plu_other(c, P, (long)V->cur0[r] - 1, excl);
	const dl_mention *ms = ks >= 0 ? &art->mentions[S->v[ks]] : NULL;
	const dl_mention *mp = kp >= 0 ? &art->mentions[P->v[kp]] : NULL;
	if (ms && (!mp || mention_cmp(ms, mp) > 0))
		return ms->actor;
	return mp ? mp->actor : -1;
}

/* Plural definite references to people named before ("the two
 * ministers", "the leaders"): the two most recently mentioned persons
 * (with the rule's role word among their roles, when it has one), as two
 * mentions of the same span.  As the scan back from the end of the
 * mentions found them: this sentence's pairs first, latest first, then
 * the sorted mentions before the reference. */
static void
find_plurals(act_ctx *c, int si, plu_view *V)
{
	dl_article *art = c->art;
	const dl_sentence *s = &art->sents[si];
	size_t off = s->start;
	if (V->si != si) {
		V->si = si;
		for (size_t r = 0; r < act_nplural; r++)
			V->cur0[r] = V->p[r].n;
	}
	while (off < s->end &&
	       text_match(plural_re, c, s->end, off) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->w->md);
		size_t ps = ov[0], pe = ov[1];
		int kind, r = mark_of(c->w, &kind);
		off = pe > ps ? pe : ps + 1;
		if (r < 0 || spans_overlap(art, &V->sp, ps, pe))
			continue;
		const plu_list *P = &V->p[r];
		int who[2] = {-1, -1};
		if (P->n > V->cur0[r]) {
			who[0] = art->mentions[P->v[P->n - 1]].actor;
			long d = P->diff[P->n - 1];
			who[1] = d >= (long)V->cur0[r] ? art->mentions[P->v[d]].actor :
				plu_sorted_last(c, V, (size_t)r, ps, who[0]);
		} else if ((who[0] = plu_sorted_last(c, V, (size_t)r, ps, -1)) >= 0)
			who[1] = plu_sorted_last(c, V, (size_t)r, ps, who[0]);
		if (who[1] < 0)
			continue;
		if (who[0] > who[1]) {
			int t = who[0];
			who[0] = who[1];
			who[1] = t;
		}
		for (int k = 0; k < 2; k++) {
			mention_add(c, ps, pe, si, who[k], MENTION_PRONOUN);
			for (size_t q = 0; q < act_nplural; q++)
				if (plu_fits(c, V, q, art->nmentions - 1))
					plu_push(c, &V->p[q], art->nmentions - 1);
		}
	}
}

/* Plural references of every sentence read, in order: each sees the
 * mentions before it. */
static void
find_all_plurals(act_ctx *c)
{
	dl_article *art = c->art;
	size_t nr = act_nplural ? act_nplural : 1;
	plu_view V = {.si = -1};
	spans_build(art, &V.sp);
	V.s = xcalloc(nr, sizeof *V.s);
	V.p = xcalloc(nr, sizeof *V.p);
	V.cur0 = xcalloc(nr, sizeof *V.cur0);
	V.fit = xcalloc(nr * (art->nactors ? art->nactors : 1), 1);
	for (size_t r = 0; r < act_nplural; r++)
		for (size_t i = 0; i < V.sp.n; i++)
			if (plu_fits(c, &V, r, i))
				plu_push(c, &V.s[r], i);
	size_t n0 = art->nmentions;
	for (size_t si = 0; si < art->nsents; si++)
		if (!skip_sentence(&art->sents[si]))
			find_plurals(c, (int)si, &V);
	if (art->nmentions != n0)
		sort_mentions(art);
	for (size_t r = 0; r < nr; r++) {
		free(V.s[r].v);
		free(V.s[r].diff);
		free(V.p[r].v);
		free(V.p[r].diff);
	}
	free(V.s);
	free(V.p);
	free(V.cur0);
	free(V.fit);
	free(V.sp.pmax);
}

static int
mention_cmp(const void *a, const void *b)
{
	const dl_mention *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? 1 : -1;
	/* a plural reference: its persons in actor order */
	return x->actor - y->actor;
}

static void
sort_mentions(dl_article *art)
{
	if (art->nmentions > 1)
		qsort(art->mentions, art->nmentions, sizeof *art->mentions,
		      mention_cmp);
}

static int
skip_sentence(const dl_sentence *s)
{
	return s->role == ROLE_BOILERPLATE || s->role == ROLE_CREDIT;
}

void
actors_find(dl_article *art, dl_worker *w)
{
	act_ctx c = {.art = art, .w = w};

	if (dict_re == NULL)
		return;
	prefilter_scan(act_pf, w, art->text, 0, art->len);
	for (size_t si = 0; si < art->nsents; si++) {
		if (skip_sentence(&art->sents[si]))
			continue;
		size_t first = art->nmentions;
		find_dict(&c, (int)si);
		find_titles(&c, (int)si, first);
		if (art->nmentions - first > 1)
			qsort(art->mentions + first, art->nmentions - first,
			      sizeof *art->mentions, mention_cmp);
		for (size_t i = first; i < art->nmentions; i++)
			note_last(&c, &art->mentions[i]);
	}
	find_surnames(&c);
	sort_mentions(art);
	find_ethnic(&c);
	find_bares(&c);
	sort_mentions(art);
	find_all_pronouns(&c);
	sort_mentions(art);
	find_all_plurals(&c);
	/* A titled person of unknown country ("President Omar al-Bashir")
	 * is taken to belong to the country the sentence or the article is
	 * about: the nearest country before the person in its sentence, else
	 * the first of the article (its dateline, its subject).  Kept as the
	 * mentions go by (a mention's country is final once passed, and the
	 * article's first country never changes: who gets one gets it at
	 * his first mention, from a country before it or from that one). */
	long first = -1;
	for (size_t j = 0; j < art->nmentions && first < 0; j++)
		if (art->actors[art->mentions[j].actor].country[0])
			first = (long)j;
	char fc[4] = "";
	if (first >= 0)
		memcpy(fc, art->actors[art->mentions[first].actor].country, sizeof fc);
	const dl_actor *near = NULL;
	for (size_t i = 0; i < art->nmentions; i++) {
		dl_mention *m = &art->mentions[i];
		dl_actor *x = &art->actors[m->actor];
		if (i == 0 || art->mentions[i - 1].sentence != m->sentence)
			near = NULL;
		if (c.learned[m->actor] && !x->country[0] && !x->code[0] &&
		    (near || first >= 0)) {
			const char *best = near ? near->country : fc;
			memcpy(x->country, best, sizeof x->country);
			memcpy(x->code, best, sizeof x->country);
		}
		if (x->country[0])
			near = x;
	}
	/* record the spellings seen */
	for (size_t i = 0; i < art->nmentions; i++) {
		dl_mention *m = &art->mentions[i];
		dl_actor *x = &art->actors[m->actor];
		if (m->kind == MENTION_PRONOUN || m->kind == MENTION_TITLE ||
		    m->kind == MENTION_SECTOR || m->kind == MENTION_GENERIC ||
		    m->kind == MENTION_PLACE)
			continue;
		size_t n = m->end - m->start;
		if (strlen(x->name) != n || strncmp(x->name, art->text + m->start, n))
			add_string(art->arena, &x->aliases, &x->naliases,
				   art->text + m->start, n);
	}	free(c.ids);
	free(c.persons);
	free(c.last);
}

const char *
actors_type_name(dl_actor_type t)
{
	static const char *n[] = {"person", "state", "organisation", "group"};
	return n[t];
}

const char *
actors_mention_kind_name(int kind)
{
	static const char *n[] = {"name", "title", "pronoun", "metonym", "demonym",
				  "sector", "generic", "place"};
	return kind >= 0 && kind <= MENTION_PLACE ? n[kind] : "?";
}
