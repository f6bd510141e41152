/*
 * prefilter.c - a Vectorscan prefilter in front of pcre2.
 *
 * A rule family (the temporal rules, the actor names, the event triggers)
 * is a list of pcre2 patterns, each searched for again and again over the
 * same span (the article, a sentence).  pcre2 alone tries a match at every
 * position of the span for every pattern.  Here one Vectorscan database
 * holds the whole family, compiled in prefilter mode (HS_FLAG_PREFILTER:
 * where a construct is beyond Vectorscan, a looser pattern stands for it, so
 * that it reports at least every end offset at which pcre2 could end a
 * match), and one scan of the span gives, for every pattern, the sorted end
 * offsets where a match may end.  pcre2 then confirms only there:
 *
 *   a pcre2 match [s, e) with s >= off ends at a reported end e >= the
 *   first reported end E past off; a match is at most W bytes long (W from
 *   hs_expression_info, "max_width"), so s >= E - W.  pcre2_match from
 *   max(off, E - W) with an offset limit of E (PCRE2_USE_OFFSET_LIMIT: no
 *   start after E) finds the leftmost match from off when one starts by E;
 *   when none does, no match starts in [off, E] and the next reported end
 *   is tried from E + 1.
 *
 * Every start position is so tried at most once per pattern and span, and
 * only near a reported end: a span with no end reported for a pattern costs
 * nothing for it.  The matches found are exactly those of pcre2 alone
 * (lookbehind and \b still see the text before the start, as pcre2_match
 * with a start offset does).  Where that cannot be promised, pcre2 alone
 * runs: a pattern Vectorscan cannot compile, one that can match empty text
 * or that is anchored, a search whose span is not the span scanned, and a
 * span with more reported ends than PF_MAXHITS_PER_BYTE a byte (memory stays
 * linear in the span).
 *
 * DIPLINE_PREFILTER=off (or 0) turns the prefilter off: pcre2 alone, the
 * same output.  DIPLINE_PREFILTER=check runs both and aborts on the first
 * search where they differ (tests and fuzzing use it).
 * DIPLINE_PREFILTER_DEBUG=1 says what each prefilter holds (=literals:
 * and every literal).
 *
 * Sources: Vectorscan (the portable fork of Intel Hyperscan), "Compiling
 * Patterns: Prefiltering Mode" and "hs_expression_info" in the Hyperscan
 * 5.4 Developer's Reference; pcre2api(3), pcre2_set_offset_limit.
 */
#include "dipline.h"

#include <hs.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#define PF_MAXHITS_PER_BYTE 4
#define PF_SLOTS            8   /* prefilters a worker keeps ends for */
#define PF_RUN              32  /* ends one pcre2 call covers, at most */

#define PF_LITMAX   8    /* bytes of a literal kept (a prefix is required
			       * too, and short literals compile faster) */
#define PF_BUCKET   128  /* literals a database takes, about */
#define PF_KEEP     32   /* unused databases the process keeps */

/* A compiled database, shared by the prefilters whose literals it holds;
 * the process keeps a few unused ones (the fuzzers reload the rules for
 * every user dictionary: only the part with its names is compiled). */
typedef struct pf_db {
	uint64_t       key[2];   /* of its literals and ids */
	hs_database_t *db;
	int            refs;
	unsigned long  used;     /* when last taken */
	struct pf_db  *next;
} pf_db;

static pf_db        *pf_dbs;
static unsigned long pf_clock;

struct dl_prefilter {
	pf_db        **db;       /* databases, scanned in turn */
	size_t         ndb;
	size_t         n;        /* patterns */
	unsigned      *width;    /* per pattern: most bytes of a match */
	unsigned char *always;   /* per pattern: 1 = pcre2 alone */
	const pcre2_code **re;   /* per pattern: its code */
	unsigned       serial;   /* tells workers' scratch and hits apart */
};

/* One prefilter's reported ends over the span a worker scanned last. */
struct dl_pfhits {
	unsigned  serial;        /* of the prefilter scanned; 0: none */
	const char *text;        /* the text scanned */
	unsigned  scratch;       /* the serial w->hs_scratch was sized for */
	int       valid;         /* the ends of the last scan are here */
	size_t    start, end;    /* the span scanned */
	int       overflow;      /* too many ends: pcre2 alone */
	uint32_t *pair;          /* while scanning: pattern, end, pattern... */
	size_t    npair, cappair;
	uint32_t *end_at;        /* ends, grouped by pattern, sorted */
	size_t   *first;         /* per pattern: its ends are
				  * end_at[first[i], first[i + 1]) */
	size_t    capend, capfirst;
	size_t    limit;         /* most ends kept for this span */
	unsigned  fold_id;       /* the id of pf_folds' literals */
};

static unsigned pf_serial;
static int      pf_mode = -1;   /* 0 off, 1 on, 2 check */

static int
pf_mode_get(void)
{
	if (pf_mode < 0) {
		const char *e = getenv("DIPLINE_PREFILTER");
		if (e && (strcmp(e, "off") == 0 || strcmp(e, "0") == 0))
			pf_mode = 0;
		else if (e && strcmp(e, "check") == 0)
			pf_mode = 2;
		else {
			pf_mode = 1;
			if (e && *e && strcmp(e, "on") != 0 && strcmp(e, "1") != 0)
				util_warn(NULL, 0, "DIPLINE_PREFILTER=%s: not off, on "
					  "or check: taken as on", e);
		}
	}
	return pf_mode;
}

/* ------------------------------------------------ required literals
 *
 * What Vectorscan scans for is not the pcre2 pattern itself (with
 * Unicode classes, caseless matching and bounded repeats some of ours take
 * seconds to compile) but, for each pattern, a set of literals every match
 * contains (the "required factors" of RE2's and Google Code Search's
 * prefilters): "the\s+(?:previous|prior)\s+day|the\s+day\s+before" gives
 * {previous, prior, before}.  A reported end is then the end of such a
 * literal inside a match; the argument of the head comment holds with
 * "a match [s, e) holding a literal that ends at E has s < E and s >= E - W".
 *
 * The analysis reads the pcre2 syntax the rule files use; a construct it
 * does not know leaves the pattern to pcre2 alone.  Letters are compared
 * caselessly, with the non-ASCII letters pcre2's caseless matching takes
 * for an ASCII one (KELVIN SIGN for k, LONG S for s, dotted and dotless I
 * for i); a non-ASCII character or a Unicode class is never part of a
 * literal. */

#define PF_INF     UINT_MAX
#define PF_MAXSET  64        /* strings in a set made by a product */
#define PF_MAXALT  65536     /* strings in a set made by alternatives */
#define PF_MAXLEN  32        /* bytes in a string */

typedef struct {
	char  **s;
	size_t  n;
	int     ok;          /* s is the set (else unknown / too big) */
} pf_strs;

typedef struct {
	pf_strs  exact;      /* every match is one of these */
	pf_strs  req;        /* every match holds one of these */
	unsigned minw, maxw; /* bytes */
} pf_info;

typedef struct {
	arena      *a;
	const char *p;       /* next pattern character */
	int         bad;     /* a construct the analysis does not know */
} pf_parse;

static unsigned
pf_add(unsigned x, unsigned y)
{
	return x == PF_INF || y == PF_INF || x > PF_INF - y ? PF_INF : x + y;
}

static unsigned
pf_mul(unsigned x, unsigned k)
{
	if (k == PF_INF)
		return x ? PF_INF : 0;
	return x == PF_INF || (k && x > PF_INF / k) ? PF_INF : x * k;
}

static pf_strs
pf_one(arena *a, const char *str)
{
	pf_strs r = {arena_alloc(a, sizeof(char *)), 1, 1};
	r.s[0] = arena_strdup(a, str);
	return r;
}

static pf_info
pf_empty(arena *a)
{
	pf_info i = {pf_one(a, ""), {NULL, 0, 0}, 0, 0};
	return i;
}

/* One character or class: exact is the character (lower case) when it is
 * one ASCII letter, digit or punctuation, else unknown. */
static pf_info
pf_char(arena *a, int ch, unsigned width)
{
	pf_info i = {{NULL, 0, 0}, {NULL, 0, 0}, 1, width};
	if (ch > 0 && ch < 0x80 && ch != '\n') {
		char t[2] = {(char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch), 0};
		i.exact = pf_one(a, t);
		i.minw = 1;
	}
	return i;
}

static int
pf_has(const pf_strs *x, const char *str)
{
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->s[i], str) == 0)
			return 1;
	return 0;
}

static pf_strs
pf_union(arena *a, pf_strs x, pf_strs y)
{
	pf_strs r = {NULL, 0, 0};
	if (!x.ok || !y.ok || x.n + y.n > PF_MAXSET)
		return r;
	r.s = arena_alloc(a, sizeof(char *) * (x.n + y.n + 1));
	r.ok = 1;
	for (size_t i = 0; i < x.n; i++)
		r.s[r.n++] = x.s[i];
	for (size_t i = 0; i < y.n; i++)
		if (!pf_has(&r, y.s[i]))
			r.s[r.n++] = y.s[i];
	return r;
}

static pf_strs
pf_product(arena *a, pf_strs x, pf_strs y)
{
	pf_strs r = {NULL, 0, 0};
	if (!x.ok || !y.ok || x.n * y.n > PF_MAXSET)
		return r;
	r.s = arena_alloc(a, sizeof(char *) * (x.n * y.n + 1));
	for (size_t i = 0; i < x.n; i++)
		for (size_t j = 0; j < y.n; j++) {
			if (strlen(x.s[i]) + strlen(y.s[j]) > PF_MAXLEN)
				return r;
			char *t = arena_printf(a, "%s%s", x.s[i], y.s[j]);
			if (!pf_has(&r, t))
				r.s[r.n++] = t;
		}
	r.ok = 1;
	return r;
}

/* How selective a set is when every match must hold one of its strings:
 * its shortest string, 0 when it cannot serve (unknown, or "" in it). */
static size_t
pf_quality(const pf_strs *x)
{
	if (!x->ok || x->n == 0)
		return 0;
	size_t q = SIZE_MAX;
	for (size_t i = 0; i < x->n; i++)
		if (strlen(x->s[i]) < q)
			q = strlen(x->s[i]);
	return q;
}

static pf_strs
pf_better(pf_strs x, pf_strs y)
{
	size_t qx = pf_quality(&x), qy = pf_quality(&y);
	if (qx != qy)
		return qx > qy ? x : y;
	return qx && y.n < x.n ? y : x;
}

/* What every match requires: its exact set when that can serve, else req. */
static pf_strs
pf_required(const pf_info *i)
{
	return pf_better(i->req, i->exact);
}

static pf_info pf_alt(pf_parse *P);

/* A group after its "(": what it holds, or an assertion / option. */
static pf_info
pf_group(pf_parse *P)
{
	const char *p = P->p;
	int look = 0;
	if (p[0] == '*') {           /* (*MARK:NAME) names, the rest acts */
		const char *close = strchr(p, ')');
		if (strncmp(p, "*MARK:", 6) != 0 || close == NULL)
			P->bad = 1;
		P->p = close ? close + 1 : p + strlen(p);
		return pf_empty(P->a);
	}
	if (p[0] == '?') {
		p++;
		if (*p == ':' || *p == '>' || *p == '|')
			p++;                /* (?| resets numbers only */
		else if (*p == '=' || *p == '!')
			look = 1, p++;
		else if (p[0] == '<' && (p[1] == '=' || p[1] == '!'))
			look = 1, p += 2;
		else if (*p == '<' || *p == '\'' || (p[0] == 'P' && p[1] == '<')) {
			p += *p == 'P' ? 2 : 1;
			while (*p && *p != '>' && *p != '\'')
				p++;
			if (*p)
				p++;
		} else {                    /* options: (?i) (?-i:...) */
			while (*p == '-' || *p == 'i' || *p == 'm' || *p == 's' ||
			       *p == 'n' || *p == 'U' || *p == 'J')
				p++;
			if (*p == ')') {
				P->p = p + 1;
				return pf_empty(P->a);
			}
			if (*p != ':')
				P->bad = 1;
			else
				p++;
		}
	}
	P->p = p;
	pf_info in = pf_alt(P);
	if (*P->p != ')')
		P->bad = 1;
	else
		P->p++;
	return look ? pf_empty(P->a) : in;
}

/* A class after its "[": a few ASCII characters give their set. */
static pf_info
pf_class(pf_parse *P)
{
	const char *p = P->p;
	pf_info i = {{NULL, 0, 1}, {NULL, 0, 0}, 1, 4};
	i.exact.s = arena_alloc(P->a, sizeof(char *) * (PF_MAXSET + 1));
	int neg = *p == '^';
	if (neg)
		p++;
	int first = 1;
	while (*p && (*p != ']' || first)) {
		first = 0;
		int ch = (unsigned char)*p;
		if (ch == '[' && p[1] == ':') {     /* [:alpha:] */
			const char *e = strstr(p, ":]");
			p = e ? e + 2 : p + strlen(p);
			i.exact.ok = 0;
			continue;
		}
		if (ch == '\\' && p[1]) {
			p++;
			ch = strchr("^$.[]|()?*+{}\\/-'\"", *p) ? (unsigned char)*p : -1;
			if (*p == 'p' || *p == 'P' || *p == 'x')
				P->bad |= strchr(p, '}') == NULL && *p != 'x';
		}
		int hi = ch;
		if (p[1] == '-' && p[2] && p[2] != ']') {   /* a range */
			p += 2;
			hi = *p == '\\' ? -1 : (unsigned char)*p;
			if (*p == '\\' && p[1])
				p++;
		}
		if (ch >= 0x80 || ch < 0 || hi >= 0x80 || hi < ch ||
		    i.exact.n + (size_t)(hi - ch) >= PF_MAXSET)
			i.exact.ok = 0;
		else
			for (int c = ch; c <= hi; c++) {
				char t[2] = {(char)(c >= 'A' && c <= 'Z' ? c + 32 : c), 0};
				if (!pf_has(&i.exact, t))
					i.exact.s[i.exact.n++] = arena_strdup(P->a, t);
			}
		p++;
	}
	if (*p != ']')
		P->bad = 1;
	P->p = *p ? p + 1 : p;
	if (neg || i.exact.n == 0)
		i.exact.ok = 0;
	i.minw = 1;
	return i;
}

/* An escape after its "\". */
static pf_info
pf_escape(pf_parse *P)
{
	int c = (unsigned char)*P->p++;
	if (c == '\0' || strchr("QEKgkcNR", c) || (c >= '0' && c <= '9')) {
		P->bad = 1;                 /* quoting, \K, backreferences... */
		return pf_empty(P->a);
	}
	if (strchr("bBAzZG", c))
		return pf_empty(P->a);     /* assertions */
	if (c == 'p' || c == 'P') {
		const char *e = *P->p == '{' ? strchr(P->p, '}') : P->p;
		if (e == NULL)
			P->bad = 1;
		P->p = e ? e + 1 : P->p;
		return pf_char(P->a, -1, 4);
	}
	if (c == 'x') {
		long v;
		char *e;
		if (*P->p == '{') {
			v = strtol(P->p + 1, &e, 16);
			P->p = *e == '}' ? e + 1 : e;
		} else {
			char h[3] = {P->p[0], P->p[0] ? P->p[1] : 0, 0};
			v = strtol(h, &e, 16);
			P->p += e - h;
		}
		return pf_char(P->a, v > 0 && v < 0x80 ? (int)v : -1, 4);
	}
	if (strchr("dDwWsShHvVX", c))
		return pf_char(P->a, -1, c == 'X' ? PF_INF : 4);
	const char *ctl = strchr("tnrfae", c);
	if (ctl)
		return pf_char(P->a, "\t\n\r\f\a\033"[ctl - "tnrfae"], 1);
	if (isalnum(c))
		P->bad = 1;
	return pf_char(P->a, c, 1);
}

static pf_info
pf_atom(pf_parse *P)
{
	int c = (unsigned char)*P->p++;
	switch (c) {
	case '(':  return pf_group(P);
	case '[':  return pf_class(P);
	case '\\': return pf_escape(P);
	case '.':  return pf_char(P->a, -1, 4);
	case '^': case '$':
		return pf_empty(P->a);
	default:
		break;
	}
	if (c >= 0x80) {           /* a non-ASCII character: never literal */
		while (((unsigned char)*P->p & 0xC0) == 0x80)
			P->p++;
		return pf_char(P->a, -1, 4);
	}
	return pf_char(P->a, c, (c|32) == 'k' ? 3 : ((c|32) == 's' || (c|32) == 'i') ? 2 : 1);
}

/* A quantifier after an atom, if any: {m,n} into *m, *n (n PF_INF). */
static int
pf_quant(pf_parse *P, unsigned *m, unsigned *n)
{
	const char *p = P->p;
	if (*p == '?' || *p == '*' || *p == '+') {
		*m = *p == '+';
		*n = *p == '?' ? 1 : PF_INF;
		p++;
	} else if (*p == '{' && isdigit((unsigned char)p[1])) {
		char *e;
		*m = (unsigned)strtoul(p + 1, &e, 10);
		*n = *m;
		if (*e == ',') {
			*n = isdigit((unsigned char)e[1]) ?
				(unsigned)strtoul(e + 1, &e, 10) : (e++, PF_INF);
		}
		if (*e != '}')
			return 0;           /* a literal "{" */
		p = e + 1;
	} else
		return 0;
	if (*p == '?' || *p == '+')
		p++;                        /* lazy, possessive */
	P->p = p;
	return 1;
}

static pf_info
pf_repeat(pf_parse *P, pf_info x, unsigned m, unsigned n)
{
	pf_info r = {{NULL, 0, 0}, {NULL, 0, 0}, pf_mul(x.minw, m), pf_mul(x.maxw, n)};
	if (m == 0 && n == 1)
		r.exact = pf_union(P->a, x.exact, pf_one(P->a, ""));
	else if (m == n && m <= 4) {
		r.exact = pf_one(P->a, "");
		for (unsigned k = 0; k < m; k++)
			r.exact = pf_product(P->a, r.exact, x.exact);
	}
	if (m > 0)
		r.req = pf_required(&x);
	return r;
}

/* Atoms in a row, up to "|" or ")". */
static pf_info
pf_concat(pf_parse *P)
{
	pf_info r = pf_empty(P->a);
	pf_strs run = pf_one(P->a, "");    /* the exact run going on */
	while (*P->p && *P->p != '|' && *P->p != ')' && !P->bad) {
		pf_info x = pf_atom(P);
		unsigned m, n;
		while (pf_quant(P, &m, &n))
			x = pf_repeat(P, x, m, n);
		r.minw = pf_add(r.minw, x.minw);
		r.maxw = pf_add(r.maxw, x.maxw);
		r.req = pf_better(r.req, x.req);
		pf_strs next = pf_product(P->a, run, x.exact);
		if (!next.ok) {
			r.req = pf_better(r.req, run);
			next = x.exact.ok ? x.exact : pf_one(P->a, "");
			r.exact.ok = 0;
		}
		run = next;
	}
	r.req = pf_better(r.req, run);
	if (r.exact.ok)
		r.exact = run;
	return r;
}

/* Append y to the set *x grows (capacity *cap), as one alternative more. */
static void
pf_append(arena *a, pf_strs *x, size_t *cap, pf_strs y)
{
	if (!x->ok || !y.ok || x->n + y.n > PF_MAXALT) {
		x->ok = 0;
		return;
	}
	for (size_t i = 0; i < y.n; i++) {
		if (x->n <= PF_MAXSET && pf_has(x, y.s[i]))
			continue;           /* a long set keeps repeats */
		if (x->n == *cap) {
			char **t = arena_alloc(a, sizeof *t * (*cap = 2 * *cap + 8));
			if (x->n)
				memcpy(t, x->s, sizeof *t * x->n);
			x->s = t;
		}
		x->s[x->n++] = y.s[i];
	}
}

/* Alternatives: the union of what each requires, and of their exact sets. */
static pf_info
pf_alt(pf_parse *P)
{
	pf_info r = pf_concat(P);
	if (*P->p != '|')
		return r;
	pf_strs req = {NULL, 0, 1}, exact = {NULL, 0, 1};
	size_t  capr = 0, cape = 0;
	pf_append(P->a, &req, &capr, pf_required(&r));
	pf_append(P->a, &exact, &cape, r.exact);
	while (*P->p == '|' && !P->bad) {
		P->p++;
		pf_info x = pf_concat(P);
		pf_append(P->a, &req, &capr, pf_required(&x));
		pf_append(P->a, &exact, &cape, x.exact);
		r.minw = r.minw < x.minw ? r.minw : x.minw;
		r.maxw = r.maxw > x.maxw ? r.maxw : x.maxw;
	}
	if (pf_quality(&req) == 0)
		req.ok = 0;
	if (exact.n > PF_MAXSET)
		exact.ok = 0;
	r.req = req;
	r.exact = exact;
	return r;
}

/* The required literals of pattern pat (lower case, from a), or a set
 * that is not ok when there are none or pat is beyond the analysis.
 * *width: the most bytes a match takes (PF_INF: no bound). */
static pf_strs
pf_literals(arena *a, const char *pat, unsigned *width)
{
	pf_parse P = {a, pat, 0};
	pf_info  i = pf_alt(&P);
	pf_strs  req = pf_required(&i);
	if (P.bad || *P.p != '\0' || pf_quality(&req) == 0)
		req.ok = 0;
	*width = i.maxw;
	return req;
}

/* Can pattern i go to Vectorscan: its literals, else a set not ok. */
static pf_strs
pf_take(dl_prefilter *pf, arena *a, size_t i, const char *pat, uint32_t opts,
	const pcre2_code *re)
{
	uint32_t minlen = 0, args = 0;
	pf_strs  none = {NULL, 0, 0};
	if ((opts & (PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_EXTENDED |
		     PCRE2_EXTENDED_MORE | PCRE2_LITERAL)) != 0 || re == NULL ||
	    pcre2_pattern_info(re, PCRE2_INFO_MINLENGTH, &minlen) != 0 ||
	    minlen == 0 ||
	    pcre2_pattern_info(re, PCRE2_INFO_ARGOPTIONS, &args) != 0 ||
	    (args & PCRE2_USE_OFFSET_LIMIT) == 0)
		return none;
	return pf_literals(a, pat, &pf->width[i]);
}

/* The characters whose other case in pcre2 is an ASCII letter (U+0130,
 * U+0131, U+017F, U+212A: pcre2's caseless "i", "s", "k" match them): a
 * span holding one is left to pcre2 alone, so that the literals can be
 * ASCII compared caselessly. */
static const char *const pf_folds[] = {
	"\xC4\xB0", "\xC4\xB1", "\xC5\xBF", "\xE2\x84\xAA"
};
#define PF_NFOLDS (sizeof pf_folds / sizeof *pf_folds)

/* A literal and the pattern it stands for. */
typedef struct {
	const char *lit;
	unsigned    id;
	unsigned    bucket;
} pf_lit;

static int
pf_lit_cmp(const void *a, const void *b)
{
	const pf_lit *x = a, *y = b;
	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	int c = strcmp(x->lit, y->lit);
	if (c)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The key of a bucket's literals (two 64-bit hashes of them, with
 * Vectorscan's version). */
static void
pf_key(const pf_lit *l, size_t n, uint64_t key[2])
{
	const char *v = hs_version();
	key[0] = util_hash64(v, strlen(v), 1);
	key[1] = util_hash64(v, strlen(v), 2);
	for (size_t i = 0; i < n; i++) {
		key[0] = util_hash64(l[i].lit, strlen(l[i].lit) + 1, key[0]);
		key[1] = util_hash64(l[i].lit, strlen(l[i].lit) + 1, key[1]);
		key[0] = util_hash64(&l[i].id, sizeof l[i].id, key[0]);
		key[1] = util_hash64(&l[i].id, sizeof l[i].id, key[1]);
	}
}

/* Forget the least recently used databases no prefilter holds, beyond
 * PF_KEEP of them. */
static void
pf_evict(void)
{
	for (;;) {
		size_t idle = 0;
		pf_db **old = NULL;
		for (pf_db **d = &pf_dbs; *d; d = &(*d)->next)
			if ((*d)->refs == 0) {
				idle++;
				if (old == NULL || (*d)->used < (*old)->used)
					old = d;
			}
		if (idle <= PF_KEEP)
			return;
		pf_db *x = *old;
		*old = x->next;
		hs_free_database(x->db);
		free(x);
	}
}

/* ------------------------------------------------------ disk cache
 *
 * Compiling a thousand literals takes Vectorscan about a quarter of a
 * second, more than dipline takes for most batches; a compiled database is
 * kept on disk (hs_serialize_database) under DIPLINE_CACHE, else
 * $XDG_CACHE_HOME/dipline, else ~/.cache/dipline, one file per database
 * named by the key of its literals.  DIPLINE_CACHE=off: no disk cache.  A
 * file that is missing, unreadable, not the database of its key (its
 * header names the key and a hash of the rest) or refused by
 * hs_deserialize_database
 * (another Vectorscan, another CPU) is compiled again and replaced; a
 * cache that cannot be written only costs time. */

#define PF_CACHE_MAX   (64u << 20)
/* A cache file: PF_CACHE_MAGIC, the key (two uint64_t), a hash of the
 * serialized database (one uint64_t), then the database. */
#define PF_CACHE_MAGIC "DLHSDB1\n"
#define PF_CACHE_HEAD  32
#define PF_CACHE_FILES 256   /* databases kept; the least recently used
			      * go first */

static int
pf_cache_dir(char *dir, size_t size)
{
	const char *e = getenv("DIPLINE_CACHE");
	if (e && (*e == '\0' || strcmp(e, "off") == 0 || strcmp(e, "0") == 0))
		return -1;
	int n;
	if (e)
		n = snprintf(dir, size, "%s", e);
	else if (getenv("XDG_CACHE_HOME") && getenv("XDG_CACHE_HOME")[0] == '/')
		n = snprintf(dir, size, "%s/dipline", getenv("XDG_CACHE_HOME"));
	else if (getenv("HOME") && getenv("HOME")[0] == '/')
		n = snprintf(dir, size, "%s/.cache/dipline", getenv("HOME"));
	else
		return -1;
	return n > 0 && (size_t)n < size ? 0 : -1;
}

static int
pf_cache_path(const uint64_t key[2], char *path, size_t size)
{
	char dir[PATH_MAX];
	if (pf_cache_dir(dir, sizeof dir) != 0)
		return -1;
	int n = snprintf(path, size, "%s/%016llx%016llx.hsdb", dir,
			 (unsigned long long)key[0], (unsigned long long)key[1]);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

static hs_database_t *
pf_cache_load(const uint64_t key[2])
{
	char path[PATH_MAX];
	if (pf_cache_path(key, path, sizeof path) != 0)
		return NULL;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	size_t      len = 0;
	int         over = 0;
	char       *buf = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size < PF_CACHE_MAX)
		buf = util_read_fd(fd, PF_CACHE_MAX, &len, &over);
	close(fd);
	hs_database_t *db = NULL;
	uint64_t       head[3];
	if (buf && !over && len > PF_CACHE_HEAD &&
	    memcmp(buf, PF_CACHE_MAGIC, 8) == 0) {
		memcpy(head, buf + 8, sizeof head);
		/* the file must be the database of these literals, whole */
		if (head[0] == key[0] && head[1] == key[1] &&
		    head[2] == util_hash64(buf + PF_CACHE_HEAD, len - PF_CACHE_HEAD, 0) &&
		    hs_deserialize_database(buf + PF_CACHE_HEAD, len - PF_CACHE_HEAD,
					    &db) != HS_SUCCESS)
			db = NULL;
	}
	free(buf);
	if (db)
		utimensat(AT_FDCWD, path, NULL, 0);   /* used now: kept longer */
	return db;
}

/* mkdir -p of the cache folder, private to the user. */
static int
pf_cache_mkdir(const char *path)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return -1;
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST)
				return -1;
			*p = c;
			if (c == '\0')
				return 0;
		}
	}
}

typedef struct {
	char  *name;
	time_t when;
} pf_cfile;

static int
pf_cfile_cmp(const void *a, const void *b)
{
	const pf_cfile *x = a, *y = b;
	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Keep at most PF_CACHE_FILES databases in dir: the least recently used
 * (by modification time, renewed when one is read) are removed. */
static void
pf_cache_prune(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	pf_cfile      *f = NULL;
	size_t         n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		struct stat st;
		if (l != 37 || strcmp(e->d_name + 32, ".hsdb") != 0 ||
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (n == cap)
			f = xrealloc(f, sizeof *f * (cap = cap ? 2 * cap : 64));
		f[n++] = (pf_cfile){xstrdup(e->d_name), st.st_mtime};
	}
	if (n > PF_CACHE_FILES) {
		qsort(f, n, sizeof *f, pf_cfile_cmp);
		for (size_t i = 0; i < n - PF_CACHE_FILES; i++)
			unlinkat(dirfd(d), f[i].name, 0);
	}
	for (size_t i = 0; i < n; i++)
		free(f[i].name);
	free(f);
	closedir(d);
}

static void
pf_cache_store(const uint64_t key[2], const hs_database_t *db)
{
	char   path[PATH_MAX], tmp[PATH_MAX + 16];
	char  *bytes = NULL;
	size_t len = 0;
	if (pf_cache_path(key, path, sizeof path) != 0 ||
	    pf_cache_mkdir(path) != 0 ||
	    hs_serialize_database(db, &bytes, &len) != HS_SUCCESS)
		return;
	char *file = xmalloc(len + PF_CACHE_HEAD);
	uint64_t head[3] = {key[0], key[1], util_hash64(bytes, len, 0)};
	memcpy(file, PF_CACHE_MAGIC, 8);
	memcpy(file + 8, head, sizeof head);
	memcpy(file + PF_CACHE_HEAD, bytes, len);
	free(bytes);
	bytes = file;
	len += PF_CACHE_HEAD;
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd >= 0) {
		size_t off = 0;
		while (off < len) {
			ssize_t w = write(fd, bytes + off, len - off);
			if (w <= 0 && errno != EINTR)
				break;
			off += w > 0 ? (size_t)w : 0;
		}
		if (close(fd) != 0 || off != len || rename(tmp, path) != 0)
			unlink(tmp);
	}
	free(bytes);
	char *slash = strrchr(path, '/');
	if (slash) {
		*slash = '\0';
		pf_cache_prune(path);
	}
}

/* The database of n literals: the process's, the disk cache's, or
 * compiled (and then kept in both).  NULL when Vectorscan fails. */
static pf_db *
pf_db_get(const pf_lit *l, size_t n)
{
	uint64_t key[2];
	pf_key(l, n, key);
	for (pf_db *d = pf_dbs; d; d = d->next)
		if (d->key[0] == key[0] && d->key[1] == key[1]) {
			d->refs++;
			d->used = ++pf_clock;
			return d;
		}
	hs_database_t *db = pf_cache_load(key);
	if (db == NULL) {
		const char **lit = xcalloc(n + 1, sizeof *lit);
		unsigned    *flags = xcalloc(n + 1, sizeof *flags);
		unsigned    *ids = xcalloc(n + 1, sizeof *ids);
		size_t      *lens = xcalloc(n + 1, sizeof *lens);
		for (size_t j = 0; j < n; j++) {
			lit[j] = l[j].lit;
			flags[j] = HS_FLAG_CASELESS;
			ids[j] = l[j].id;
			lens[j] = strlen(l[j].lit);
		}
		hs_compile_error_t *err = NULL;
		if (hs_compile_lit_multi(lit, flags, ids, lens, (unsigned)n,
					 HS_MODE_BLOCK, NULL, &db, &err) != HS_SUCCESS) {
			hs_free_compile_error(err);
			db = NULL;
		}
		free(lit);
		free(flags);
		free(ids);
		free(lens);
		if (db == NULL)
			return NULL;
		pf_cache_store(key, db);
	}
	pf_db *d = xcalloc(1, sizeof *d);
	d->key[0] = key[0];
	d->key[1] = key[1];
	d->db = db;
	d->refs = 1;
	d->used = ++pf_clock;
	d->next = pf_dbs;
	pf_dbs = d;
	pf_evict();
	return d;
}

/* The literals of every pattern (cut to PF_LITMAX bytes, without
 * repeats), in buckets by hash: *nb buckets.  Marks the patterns left to
 * pcre2 alone.  Allocated from a. */
static pf_lit *
pf_collect(dl_prefilter *pf, arena *a, const char *const *pat,
	   const uint32_t *opts, const pcre2_code *const *re, size_t *nlit,
	   size_t *nb)
{
	size_t  cap = 64, k = 0;
	pf_lit *l = arena_alloc(a, sizeof *l * cap);
	for (size_t i = 0; i <= pf->n; i++) {
		pf_strs set = {(char **)(uintptr_t)pf_folds, PF_NFOLDS, 1};
		if (i < pf->n)
			set = pf_take(pf, a, i, pat[i], opts[i], re[i]);
		if (!set.ok) {
			pf->always[i] = 1;
			continue;
		}
		for (size_t j = 0; j < set.n; j++) {
			if (k == cap)
				l = arena_grow(a, l, sizeof *l, &cap);
			char *t = set.s[j];
			if (strlen(t) > PF_LITMAX)
				t = arena_strndup(a, t, PF_LITMAX);
			l[k++] = (pf_lit){t, (unsigned)i, 0};
		}
	}
	*nb = k > 2 * PF_BUCKET ? (k + PF_BUCKET - 1) / PF_BUCKET : 1;
	if (*nb > 64)
		*nb = 64;
	for (size_t j = 0; j < k; j++)
		l[j].bucket = *nb > 1 ? (unsigned)(util_hash64(l[j].lit,
				strlen(l[j].lit), 0) % *nb) : 0;
	qsort(l, k, sizeof *l, pf_lit_cmp);
	size_t u = 0;
	for (size_t j = 0; j < k; j++)
		if (u == 0 || pf_lit_cmp(&l[u - 1], &l[j]) != 0)
			l[u++] = l[j];
	*nlit = u;
	return l;
}

dl_prefilter *
prefilter_new(const char *const *pat, const uint32_t *opts,
	      const pcre2_code *const *re, size_t n)
{
	dl_prefilter *pf = xcalloc(1, sizeof *pf);
	pf->n = n;
	pf->width = xcalloc(n + 1, sizeof *pf->width);
	pf->always = xcalloc(n + 1, 1);
	pf->re = xcalloc(n + 1, sizeof *pf->re);
	memcpy(pf->re, re, sizeof *re * n);
	pf->serial = ++pf_serial;
	if (pf_mode_get() == 0 || n == 0) {
		memset(pf->always, 1, n);
		return pf;
	}
	arena  *a = arena_new();
	size_t  k, nb;
	pf_lit *l = pf_collect(pf, a, pat, opts, re, &k, &nb);
	pf->db = xcalloc(nb, sizeof *pf->db);
	for (size_t j = 0, b = 0; b < nb; b++) {
		size_t j0 = j;
		while (j < k && l[j].bucket == b)
			j++;
		if (j == j0)
			continue;
		pf_db *d = pf_db_get(l + j0, j - j0);
		if (d == NULL) {            /* pcre2 alone is still right */
			memset(pf->always, 1, n);
			break;
		}
		pf->db[pf->ndb++] = d;
	}
	const char *dbg = getenv("DIPLINE_PREFILTER_DEBUG");
	if (dbg) {
		size_t alone = 0;
		for (size_t i = 0; i < n; i++)
			alone += pf->always[i];
		fprintf(stderr, "dipline: prefilter %u: %zu patterns, %zu to pcre2 "
			"alone, %zu literals in %zu databases\n", pf->serial, n,
			alone, k, pf->ndb);
	}
	if (dbg && strcmp(dbg, "literals") == 0)
		for (size_t j = 0; j < k; j++)
			fprintf(stderr, "pf %u pattern %u literal \"%s\" width %u "
				"bucket %u\n", pf->serial, l[j].id, l[j].lit,
				l[j].id < n ? pf->width[l[j].id] : 0, l[j].bucket);
	arena_free(a);
	return pf;
}

void
prefilter_free(dl_prefilter *pf)
{
	if (pf == NULL)
		return;
	for (size_t i = 0; i < pf->ndb; i++)
		pf->db[i]->refs--;
	free(pf->db);
	free(pf->width);
	free(pf->always);
	free(pf->re);
	free(pf);
	pf_evict();
}

void
prefilter_done(void)
{
	while (pf_dbs) {
		pf_db *x = pf_dbs;
		pf_dbs = x->next;
		hs_free_database(x->db);
		free(x);
	}
}

static int
pf_on_hit(unsigned id, unsigned long long from, unsigned long long to,
	  unsigned flags, void *ctx)
{
	struct dl_pfhits *h = ctx;
	(void)from;
	(void)flags;
	/* id > fold_id: not a pattern of this prefilter (a database that is
	 * not what it should be): pcre2 alone, as for too many ends */
	if (id >= h->fold_id || h->npair / 2 >= h->limit) {
		h->overflow = 1;
		return 1;   /* stop the scan */
	}
	if (h->npair + 2 > h->cappair) {
		h->cappair = h->cappair ? 2 * h->cappair : 256;
		h->pair = xrealloc(h->pair, sizeof *h->pair * h->cappair);
	}
	h->pair[h->npair++] = id;
	h->pair[h->npair++] = (uint32_t)(h->start + to);
	return 0;
}

static void pf_merge_runs(uint32_t *v, size_t m, uint32_t *tmp);

/* The pairs grouped by pattern (a counting sort), each group sorted. */
static void
pf_sort_hits(const dl_prefilter *pf, struct dl_pfhits *h)
{
	size_t nend = h->npair / 2;
	if (pf->n + 1 > h->capfirst) {
		h->capfirst = pf->n + 1;
		h->first = xrealloc(h->first, sizeof *h->first * h->capfirst);
	}
	if (nend > h->capend) {
		h->capend = nend;
		h->end_at = xrealloc(h->end_at, sizeof *h->end_at * h->capend);
	}
	memset(h->first, 0, sizeof *h->first * (pf->n + 1));
	for (size_t j = 0; j < h->npair; j += 2)
		h->first[h->pair[j] + 1]++;
	for (size_t i = 0; i < pf->n; i++)
		h->first[i + 1] += h->first[i];
	for (size_t j = 0; j < h->npair; j += 2)
		h->end_at[h->first[h->pair[j]]++] = h->pair[j + 1];
	for (size_t i = pf->n; i > 0; i--)
		h->first[i] = h->first[i - 1];
	h->first[0] = 0;
	for (size_t i = 0; i < pf->n && nend > 0; i++)
		pf_merge_runs(h->end_at + h->first[i], h->first[i + 1] - h->first[i],
			      (uint32_t *)h->pair);
}

/* Sort v[0, m): runs already sorted (one a database) merged pairwise, with
 * tmp (room for m) as scratch. */
static void
pf_merge_runs(uint32_t *v, size_t m, uint32_t *tmp)
{
	for (;;) {
		size_t runs = 0, out = 0;
		for (size_t a = 0; a < m; ) {
			size_t b = a + 1;
			while (b < m && v[b - 1] <= v[b])
				b++;
			size_t c = b;
			if (b < m)
				for (c = b + 1; c < m && v[c - 1] <= v[c]; c++)
					;
			size_t x = a, y = b;
			while (x < b || y < c)
				tmp[out++] = y >= c || (x < b && v[x] <= v[y]) ?
					v[x++] : v[y++];
			runs++;
			a = c;
		}
		memcpy(v, tmp, sizeof *v * m);
		if (runs <= 1)
			return;
	}
}

/* The worker's slot for pf: its own, else the oldest one (a worker keeps
 * the ends of PF_SLOTS prefilters; more are never alive at once). */
static struct dl_pfhits *
pf_slot(const dl_prefilter *pf, dl_worker *w, int take)
{
	if (w->pf == NULL) {
		if (!take)
			return NULL;
		w->pf = xcalloc(PF_SLOTS, sizeof *w->pf);
	}
	struct dl_pfhits *old = &w->pf[0];
	for (size_t i = 0; i < PF_SLOTS; i++) {
		if (w->pf[i].serial == pf->serial)
			return &w->pf[i];
		if (w->pf[i].serial < old->serial)
			old = &w->pf[i];
	}
	if (!take)
		return NULL;
	old->serial = pf->serial;
	old->scratch = 0;
	old->valid = 0;
	return old;
}

void
prefilter_scan(const dl_prefilter *pf, dl_worker *w, const char *text,
	       size_t start, size_t end)
{
	if (pf == NULL || pf->ndb == 0)
		return;
	struct dl_pfhits *h = pf_slot(pf, w, 1);
	h->valid = 0;
	if (end <= start || end - start > UINT32_MAX / 2)
		return;
	if (h->scratch != pf->serial) {
		for (size_t i = 0; i < pf->ndb; i++)
			if (hs_alloc_scratch(pf->db[i]->db,
					     (hs_scratch_t **)&w->hs_scratch) != HS_SUCCESS)
				return;
		h->scratch = pf->serial;
	}
	h->text = text;
	h->start = start;
	h->end = end;
	h->overflow = 0;
	h->npair = 0;
	h->limit = PF_MAXHITS_PER_BYTE * (end - start) + 64;
	h->fold_id = (unsigned)pf->n;
	for (size_t i = 0; i < pf->ndb && !h->overflow; i++) {
		hs_error_t rc = hs_scan(pf->db[i]->db, text + start,
					(unsigned)(end - start), 0, w->hs_scratch,
					pf_on_hit, h);
		if (rc != HS_SUCCESS && !(rc == HS_SCAN_TERMINATED && h->overflow))
			return;
	}
	if (!h->overflow)
		pf_sort_hits(pf, h);
	h->valid = 1;
}

/* The first end of pattern i's greater than off (binary search). */
static size_t
pf_first_after(const struct dl_pfhits *h, size_t i, size_t off)
{
	size_t lo = h->first[i], hi = h->first[i + 1];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->end_at[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t
pf_char_up(const char *text, size_t p, size_t end)
{
	while (p < end && ((unsigned char)text[p] & 0xC0) == 0x80)
		p++;
	return p;
}

/* Where a match holding a literal that ends at e may start, from lo on:
 * [pf_from(), e - 1]. */
static size_t
pf_from(const dl_prefilter *pf, size_t i, const char *text, size_t end,
	size_t lo, size_t e)
{
	if (pf->width[i] == PF_INF || e <= lo + pf->width[i])
		return lo;
	return pf_char_up(text, e - pf->width[i], end);
}

/* pcre2 near the reported ends of pattern i past off: a match starting at
 * s >= lo holds a literal ending at some reported E > lo, with
 * E - W <= s < E.  The windows of ends close together make one run, one
 * pcre2 call (a call per end costs more than pcre2's own scan where ends
 * are dense; at most PF_RUN ends a run, so that a search that stops at
 * its first match does not walk all the ends after it); each start
 * position is tried at most once. */
static int
pf_confirm(const dl_prefilter *pf, size_t i, const pcre2_code *re,
	   dl_worker *w, const struct dl_pfhits *h, const char *text,
	   size_t end, size_t off)
{
	size_t lo = off, k = pf_first_after(h, i, off), kend = h->first[i + 1];
	while (k < kend && h->end_at[k] <= end) {
		size_t e = h->end_at[k++];
		if (e <= lo)
			continue;
		size_t a = pf_from(pf, i, text, end, lo, e);
		for (int run = 1; run < PF_RUN && k < kend &&
		     h->end_at[k] <= end &&
		     pf_from(pf, i, text, end, lo, h->end_at[k]) <= e; run++)
			e = h->end_at[k++];
		pcre2_set_offset_limit(w->mctx, e - 1);
		int rc = pcre2_match(re, (PCRE2_SPTR)text, end, a,
				     PCRE2_NO_UTF_CHECK, w->md, w->mctx);
		if (rc != PCRE2_ERROR_NOMATCH)
			return rc;
		lo = pf_char_up(text, e, end);
	}
	return PCRE2_ERROR_NOMATCH;
}

int
prefilter_match(const dl_prefilter *pf, size_t i, const pcre2_code *re,
		dl_worker *w, const char *text, size_t textlen, size_t end,
		size_t off)
{
	const struct dl_pfhits *h = pf ? pf_slot(pf, w, 0) : NULL;
	if (h == NULL || !h->valid || h->overflow || h->text != text ||
	    i >= pf->n || pf->always[i] || end > h->end || off < h->start ||
	    off >= end || ((unsigned char)text[off] & 0xC0) == 0x80)
		return rules_match_text(re, text, textlen, end, off, w->md);
	int rc = pf_confirm(pf, i, re, w, h, text, end, off);
	if (pf_mode == 2) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(w->md);
		size_t s = rc >= 0 ? ov[0] : 0, e = rc >= 0 ? ov[1] : 0;
		int rc2 = rules_match_text(re, text, textlen, end, off, w->md);
		if ((rc >= 0) != (rc2 >= 0) ||
		    (rc >= 0 && (ov[0] != s || ov[1] != e))) {
			fprintf(stderr, "dipline: prefilter check: pattern %zu "
				"from %zu to %zu: prefilter %d [%zu, %zu), "
				"pcre2 %d [%zu, %zu)\n", i, off, end, rc, s, e,
				rc2, rc2 >= 0 ? (size_t)ov[0] : 0,
				rc2 >= 0 ? (size_t)ov[1] : 0);
			abort();
		}
		rc = rc2;
	}
	return rc;
}

size_t
prefilter_find(const dl_prefilter *pf, const pcre2_code *re)
{
	for (size_t i = 0; pf && i < pf->n; i++)
		if (pf->re[i] == re)
			return i;
	return SIZE_MAX;
}

void
prefilter_worker_free(dl_worker *w)
{
	for (size_t i = 0; w->pf && i < PF_SLOTS; i++) {
		free(w->pf[i].pair);
		free(w->pf[i].end_at);
		free(w->pf[i].first);
	}
	free(w->pf);
	hs_free_scratch(w->hs_scratch);
	pcre2_match_context_free(w->mctx);
}
