/*
 * times.c - temporal expressions (TIMEX3) resolved against the DCT.
 *
 * The patterns live in rules/times.rules (see its header for the format):
 * word classes (LEX), sub-patterns (DEF), tense cues (CUE) and rules (RULE)
 * whose named groups fill "slots" an action turns into a TIMEX3 type, value
 * and mod plus an interval (earliest, latest, granularity).
 *
 * times_resolve(): every rule is run over the article text; overlapping
 * candidates are settled longest-extent-first; the survivors are resolved
 * in text order (so "the next day" can lean on an earlier explicit date).
 */
#include "dipline.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum {
	S_YEAR, S_MONTH, S_DAY, S_WD, S_NUM, S_UNIT, S_DIR, S_MOD, S_PART,
	S_SEASON, S_ORD, S_HOUR, S_MIN, S_AMPM, S_DECADE, S_CENTURY,
	S_HOLIDAY, S_AGO, S_SPAN, S_REL, S_RANGE, S_ART, S_YC, S_YN, S_HALF,
	NSLOT
};

static const char *const slot_names[NSLOT] = {
	"year", "month", "day", "wd", "num", "unit", "dir", "mod", "part",
	"season", "ord", "hour", "minute", "ampm", "decade", "century",
	"holiday", "ago", "span", "rel", "range", "art", "yc", "yn", "half"
};

/* the LEX class a slot is looked up in ("" = none) */
static const char *const slot_class[NSLOT] = {
	"", "month", "", "wd", "num", "unit", "dir", "mod", "part",
	"season", "ord", "clock", "", "ampm", "decade", "ord",
	"holiday", "ago", "", "reld", "", "", "ycent", "", ""
};

#define MAXGRP 6          /* group numbers one slot name may have */
#define NOPOS  ((size_t)-1)

typedef enum {
	A_DATE, A_REL, A_ANCHOR, A_AGO, A_DUR, A_REF, A_EARLIER, A_WEEKDAY,
	A_QUARTER, A_TOD, A_SET, A_SERIES
} tx_action;

static const char *const action_names[] = {
	"date", "rel", "anchor", "ago", "dur", "ref", "earlier", "weekday",
	"quarter", "tod", "set", "series"
};

typedef struct {
	char        *cls;
	char        *key;
	pcre2_code  *re;     /* ^(?:PATTERN)$ */
	pcre2_code  *ctx;    /* \G(?:PATTERN), matched in the article */
	char        *pat;
} tx_lex;

typedef struct {
	char        *name;
	dl_timex_type type;
	tx_action    act;
	char        *arg1, *arg2, *arg3;   /* action arguments or NULL */
	pcre2_code  *re;
	char        *src;    /* the pattern re was compiled from */
	int          grp[NSLOT][MAXGRP];
	int          ngrp[NSLOT];
} tx_rule;

typedef struct {
	int         future;
	pcre2_code *re;
} tx_cue;

static struct {
	dl_rule_file *file;
	tx_lex       *lex;   size_t nlex;
	tx_rule      *rules; size_t nrules;
	tx_cue       *cues;  size_t ncues;
	dl_prefilter *pf;    /* the rules, pattern i = rule i */
	int           ready;
} T;

/* ------------------------------------------------------------ rule loading */

static const char *
def_lookup(dl_rule_file *f, size_t upto, const char *name, size_t n)
{
	for (size_t i = 0; i < upto; i++) {
		dl_rule_line *l = &f->lines[i];
		if (l->nfields >= 3 && strcmp(l->fields[0], "DEF") == 0 &&
		    strlen(l->fields[1]) == n && memcmp(l->fields[1], name, n) == 0)
			return l->fields[2];
	}
	return NULL;
}

/* Expand {NAME} macros (LEX classes and earlier DEFs) into b. */
static int
times_expand(dl_rule_file *f, size_t upto, const char *pat, dl_buf *b,
	     int depth)
{
	if (depth > 8)
		return -1;
	for (const char *p = pat; *p; p++) {
		if (*p == '\\' && p[1]) {
			/* \p{Lu}, \x{2019}: braces that are not macros */
			if (strchr("pPxNgk", p[1]) && p[2] == '{') {
				const char *q = strchr(p + 2, '}');
				if (q) {
					buf_put(b, p, (size_t)(q - p) + 1);
					p = q;
					continue;
				}
			}
			buf_put(b, p, 2);
			p++;
			continue;
		}
		if (*p == '{' && isalpha((unsigned char)p[1])) {
			const char *q = p + 1;
			while (isalnum((unsigned char)*q) || *q == '_')
				q++;
			if (*q == '}') {
				size_t n = (size_t)(q - p - 1);
				int found = 0;
				buf_puts(b, "(?:");
				for (size_t i = 0; i < T.nlex; i++) {
					if (strlen(T.lex[i].cls) == n &&
					    memcmp(T.lex[i].cls, p + 1, n) == 0) {
						if (found)
							buf_puts(b, "|");
						buf_puts(b, T.lex[i].pat);
						found = 1;
					}
				}
				if (!found) {
					const char *d = def_lookup(f, upto, p + 1, n);
					if (d == NULL)
						return -1;
					if (times_expand(f, upto, d, b, depth + 1) != 0)
						return -1;
				}
				buf_puts(b, ")");
				p = q;
				continue;
			}
		}
		buf_put(b, p, 1);
	}
	return 0;
}

static int
times_slot(const char *name, size_t n)
{
	for (int i = 0; i < NSLOT; i++)
		if (strlen(slot_names[i]) == n && memcmp(slot_names[i], name, n) == 0)
			return i;
	return -1;
}

static int
times_rule_groups(tx_rule *r, const char *file, int line)
{
	uint32_t count, size;
	PCRE2_SPTR table;
	pcre2_pattern_info(r->re, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(r->re, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(r->re, PCRE2_INFO_NAMETABLE, &table);
	for (uint32_t i = 0; i < count; i++) {
		PCRE2_SPTR e = table + (size_t)i * size;
		int num = (e[0] << 8) | e[1];
		const char *nm = (const char *)(e + 2);
		int s = times_slot(nm, strlen(nm));
		if (s < 0) {
			util_warn(file, line, "unknown slot name \"%s\"", nm);
			return -1;
		}
		if (r->ngrp[s] < MAXGRP)
			r->grp[s][r->ngrp[s]++] = num;
	}
	return 0;
}

/* One Vectorscan scan of the article finds where each rule may match. */
static void
times_prefilter(void)
{
	const char       **src = xcalloc(T.nrules + 1, sizeof *src);
	uint32_t          *opts = xcalloc(T.nrules + 1, sizeof *opts);
	const pcre2_code **re = xcalloc(T.nrules + 1, sizeof *re);
	for (size_t i = 0; i < T.nrules; i++) {
		src[i] = T.rules[i].src;
		opts[i] = PCRE2_CASELESS | PCRE2_DUPNAMES;
		re[i] = T.rules[i].re;
	}
	T.pf = prefilter_new(src, opts, re, T.nrules);
	free(src);
	free(opts);
	free(re);
}

int
times_init(void)
{
	dl_rule_file *f = rules_file_read("times.rules");
	if (f == NULL)
		return -1;
	T.file = f;
	size_t nl = 0, nr = 0, nc = 0;
	for (size_t i = 0; i < f->nlines; i++) {
		const char *k = f->lines[i].fields[0];
		nl += strcmp(k, "LEX") == 0;
		nr += strcmp(k, "RULE") == 0;
		nc += strcmp(k, "CUE") == 0;
	}
	T.lex = xcalloc(nl + 1, sizeof *T.lex);
	T.rules = xcalloc(nr + 1, sizeof *T.rules);
	T.cues = xcalloc(nc + 1, sizeof *T.cues);

	/* word classes first: rules may use any of them */
	for (size_t i = 0; i < f->nlines; i++) {
		dl_rule_line *l = &f->lines[i];
		if (strcmp(l->fields[0], "LEX") != 0)
			continue;
		if (l->nfields != 4) {
			util_warn(f->path, l->line, "LEX wants CLASS, KEY and PATTERN");
			goto fail;
		}
		tx_lex *x = &T.lex[T.nlex++];
		x->cls = l->fields[1];
		x->key = l->fields[2];
		x->pat = l->fields[3];
		char *p = arena_printf(f->arena, "^(?:%s)$", x->pat);
		x->re = rules_compile(p, PCRE2_CASELESS, f->path, l->line);
		if (x->re == NULL)
			goto fail;
		p = arena_printf(f->arena, "\\G(?:%s)", x->pat);
		x->ctx = rules_compile(p, PCRE2_CASELESS, f->path, l->line);
		if (x->ctx == NULL)
			goto fail;
	}
	for (size_t i = 0; i < f->nlines; i++) {
		dl_rule_line *l = &f->lines[i];
		const char *k = l->fields[0];
		dl_buf b = {0};
		if (strcmp(k, "DEF") == 0) {
			if (l->nfields != 3) {
				util_warn(f->path, l->line, "DEF wants NAME and PATTERN");
				goto fail;
			}
		} else if (strcmp(k, "CUE") == 0) {
			if (l->nfields != 3 || (strcmp(l->fields[1], "past") != 0 &&
						strcmp(l->fields[1], "future") != 0)) {
				util_warn(f->path, l->line, "CUE wants past|future and PATTERN");
				goto fail;
			}
			buf_puts(&b, "(?<![\\w'])(?:");
			if (times_expand(f, i, l->fields[2], &b, 0) != 0) {
				util_warn(f->path, l->line, "unknown {NAME} in pattern");
				buf_free(&b);
				goto fail;
			}
			buf_puts(&b, ")(?!\\w)");
			tx_cue *c = &T.cues[T.ncues++];
			c->future = strcmp(l->fields[1], "future") == 0;
			c->re = rules_compile(b.p, PCRE2_CASELESS, f->path, l->line);
			buf_free(&b);
			if (c->re == NULL)
				goto fail;
			/* cue_search() asks for hard partial matches */
			size_t jit = 0;
			if (pcre2_pattern_info(c->re, PCRE2_INFO_JITSIZE, &jit) == 0 && jit)
				pcre2_jit_compile(c->re, PCRE2_JIT_PARTIAL_HARD);
		} else if (strcmp(k, "RULE") == 0) {
			if (l->nfields != 5) {
				util_warn(f->path, l->line,
					  "RULE wants NAME, TYPE, ACTION and PATTERN");
				goto fail;
			}
			tx_rule *r = &T.rules[T.nrules++];
			r->name = l->fields[1];
			const char *ty = l->fields[2];
			if (strcmp(ty, "DATE") == 0) r->type = TX_DATE;
			else if (strcmp(ty, "TIME") == 0) r->type = TX_TIME;
			else if (strcmp(ty, "DURATION") == 0) r->type = TX_DURATION;
			else if (strcmp(ty, "SET") == 0) r->type = TX_SET;
			else {
				util_warn(f->path, l->line, "unknown type \"%s\"", ty);
				goto fail;
			}
			/* action: NAME [ARG1 [ARG2]] */
			char *act = arena_strdup(f->arena, l->fields[3]);
			char *tok[4] = {NULL, NULL, NULL, NULL};
			int   ntok = 0;
			for (char *q = act; *q && ntok < 4; ) {
				while (*q == ' ')
					*q++ = '\0';
				if (*q == '\0')
					break;
				tok[ntok++] = q;
				while (*q && *q != ' ')
					q++;
			}
			size_t a;
			for (a = 0; tok[0] && a < sizeof action_names / sizeof *action_names; a++)
				if (strcmp(tok[0], action_names[a]) == 0)
					break;
			if (tok[0] == NULL || a == sizeof action_names / sizeof *action_names) {
				util_warn(f->path, l->line, "unknown action \"%s\"",
					  l->fields[3]);
				goto fail;
			}
			r->act = (tx_action)a;
			r->arg1 = tok[1];
			r->arg2 = tok[2];
			r->arg3 = tok[3];
			buf_puts(&b, "(?<!\\w)(?:");
			if (times_expand(f, i, l->fields[4], &b, 0) != 0) {
				util_warn(f->path, l->line, "unknown {NAME} in pattern");
				buf_free(&b);
				goto fail;
			}
			buf_puts(&b, ")(?!\\w)");
			r->re = rules_compile(b.p, PCRE2_CASELESS | PCRE2_DUPNAMES,
					      f->path, l->line);
			r->src = arena_strdup(f->arena, b.p);
			buf_free(&b);
			if (r->re == NULL || times_rule_groups(r, f->path, l->line) != 0)
				goto fail;
		} else if (strcmp(k, "LEX") != 0) {
			util_warn(f->path, l->line, "unknown line kind \"%s\"", k);
			goto fail;
		}
	}
	times_prefilter();
	T.ready = 1;
	return 0;
fail:
	times_done();
	return -1;
}

void
times_done(void)
{
	for (size_t i = 0; i < T.nlex; i++) {
		pcre2_code_free(T.lex[i].re);
		pcre2_code_free(T.lex[i].ctx);
	}
	for (size_t i = 0; i < T.nrules; i++)
		pcre2_code_free(T.rules[i].re);
	for (size_t i = 0; i < T.ncues; i++)
		pcre2_code_free(T.cues[i].re);
	prefilter_free(T.pf);
	free(T.lex);
	free(T.rules);
	free(T.cues);
	rules_file_free(T.file);
	memset(&T, 0, sizeof T);
}

const char *
times_type_name(dl_timex_type t)
{
	static const char *n[] = {"DATE", "TIME", "DURATION", "SET"};
	return (unsigned)t < 4 ? n[t] : "DATE";
}

/* ------------------------------------------------------------ matching */

typedef struct {
	size_t ms, me;            /* whole match */
	size_t s, e;              /* reported extent */
	int    rule;
	size_t sl[NSLOT][2];
} tx_cand;

typedef struct {
	dl_article *art;
	dl_worker  *w;
	int         has_dct;
	long        dct;
	dl_ymd      d;
	/* last explicit day-granular date, for "the next day" */
	long        expl_day;
	int         expl_sent;
	int         expl_abs;      /* its year was written out */
	int         expl_year;     /* last explicit year (any granularity) */
	int         expl_year_sent;
	int         last_qy, last_q;   /* the last quarter named (0: none) */
	int         last_q_sent;
	long        sent_day;          /* last day-granular date resolved ... */
	int         sent_day_sent;     /* ... and its sentence */
	long        expl_mday;         /* last month-or-day date: its first day */
	int         expl_msent;
	int         dct_day_seen;  /* a same-day narrative: "today", "this morning" */
	struct tx_memo *memo;      /* per cue, for the sentence window and the
				    * wider one: see cue_search() */
} tx_ctx;

/* Look the slot's text up in LEX class cls; returns the key or NULL. */
static const char *
class_lookup(const tx_ctx *c, const tx_cand *k, int slot, const char *cls,
	     char *out, size_t outsz)
{
	size_t s = k->sl[slot][0], e = k->sl[slot][1];
	if (s == NOPOS || !cls[0])
		return NULL;
	for (size_t i = 0; i < T.nlex; i++) {
		if (strcmp(T.lex[i].cls, cls) != 0)
			continue;
		if (pcre2_match(T.lex[i].re, (PCRE2_SPTR)c->art->text + s, e - s,
				0, PCRE2_NO_UTF_CHECK, c->w->md, NULL) >= 0) {
			snprintf(out, outsz, "%s", T.lex[i].key);
			return out;
		}
		/* entries with lookaround ("Sep" before a day number) need
		 * the text around the slot */
		if (pcre2_match(T.lex[i].ctx, (PCRE2_SPTR)c->art->text, c->art->len,
				s, PCRE2_NO_UTF_CHECK, c->w->md, NULL) >= 0 &&
		    pcre2_get_ovector_pointer(c->w->md)[1] == e) {
			snprintf(out, outsz, "%s", T.lex[i].key);
			return out;
		}
	}
	return NULL;
}

/* Look the slot's text up in the slot's own LEX class. */
static const char *
cand_lookup(const tx_ctx *c, const tx_cand *k, int slot, char *out, size_t outsz)
{
	return class_lookup(c, k, slot, slot_class[slot], out, outsz);
}

static int
has(const tx_cand *k, int slot)
{
	return k->sl[slot][0] != NOPOS;
}

/* The number a word or two names ("ninety-six", "seven"), via the num class. */
static long
words_num(const tx_ctx *c, const char *p, size_t n)
{
	long total = 0;
	size_t i = 0;
	while (i < n) {
		while (i < n && (p[i] == ' ' || p[i] == '-' || p[i] == '\t' || p[i] == '\n'))
			i++;
		size_t j = i;
		while (j < n && p[j] != ' ' && p[j] != '-' && p[j] != '\t' && p[j] != '\n')
			j++;
		if (j == i)
			break;
		long v = -1;
		for (size_t x = 0; x < T.nlex && v < 0; x++)
			if (strcmp(T.lex[x].cls, "num") == 0 &&
			    pcre2_match(T.lex[x].re, (PCRE2_SPTR)p + i, j - i, 0,
					PCRE2_NO_UTF_CHECK, c->w->md, NULL) >= 0)
				v = strtol(T.lex[x].key, NULL, 10);
		if (v <= 0)
			return -1;
		total += v;
		i = j;
	}
	return total;
}

/* Integer of a slot: digits, or a LEX key; -1 unknown/absent, -2 "X". */
static long
slot_int(const tx_ctx *c, const tx_cand *k, int slot)
{
	if (!has(k, slot))
		return -1;
	const char *p = c->art->text + k->sl[slot][0];
	size_t n = k->sl[slot][1] - k->sl[slot][0];
	if (n && isdigit((unsigned char)p[0])) {
		long v = 0;
		for (size_t i = 0; i < n && isdigit((unsigned char)p[i]); i++)
			v = v * 10 + (p[i] - '0');
		return v;
	}
	char key[32];
	if (slot == S_YEAR) {
		/* a year in words: the ycent class gives the century, the
		 * number words after it the rest ("nineteen ninety-six") */
		if (!cand_lookup(c, k, S_YC, key, sizeof key))
			return -1;
		long y = strtol(key, NULL, 10) * 100;
		if (has(k, S_YN)) {
			long r = words_num(c, c->art->text + k->sl[S_YN][0],
					   k->sl[S_YN][1] - k->sl[S_YN][0]);
			if (r < 0 || r > 99)
				return -1;
			y += r;
		}
		return y;
	}
	if (cand_lookup(c, k, slot, key, sizeof key)) {
		if (key[0] == 'X')
			return -2;
		return strtol(key, NULL, 10);
	}
	/* compound number word: "twenty-five" */
	const char *dash = memchr(p, '-', n);
	if (dash == NULL)
		dash = memchr(p, ' ', n);
	if (dash && slot == S_NUM) {
		tx_cand t = *k;
		t.sl[slot][1] = (size_t)(dash - c->art->text);
		long a = slot_int(c, &t, slot);
		t.sl[slot][0] = t.sl[slot][1] + 1;
		t.sl[slot][1] = k->sl[slot][1];
		long b = slot_int(c, &t, slot);
		if (a > 0 && b > 0)
			return a + b;
		if (a == -2 || b == -2)
			return -2;
	}
	return -1;
}

static const char *
slot_key(const tx_ctx *c, const tx_cand *k, int slot, char *out, size_t n)
{
	return cand_lookup(c, k, slot, out, n);
}

/* The dir slot: -1 last/past, 1 next/coming, 0 this or absent/unknown. */
static long
slot_dir(const tx_ctx *c, const tx_cand *k)
{
	char key[8];
	if (!slot_key(c, k, S_DIR, key, sizeof key))
		return 0;
	long n = strtol(key, NULL, 10);
	return n < -1 || n > 1 ? 0 : n;
}

/* ------------------------------------------------------------ calendar values */

enum { G_NONE, G_TIME, G_DAY, G_WEEK, G_WEEKEND, G_MONTH, G_SEASON, G_QUARTER,
       G_YEAR, G_DECADE, G_CENTURY };

typedef struct {
	int  g;
	int  y, m, d;       /* y/m/d -1 when unknown */
	int  wy, w;         /* ISO week */
	int  q;
	char season[3];
	char part[3];       /* MO AF EV NI DT */
	int  hh, mi;        /* -1 when no clock time */
} tx_cal;

static void
put_str(char *dst, size_t n, const char *s)
{
	size_t l = strlen(s);
	if (l >= n)
		l = n - 1;
	memcpy(dst, s, l);
	dst[l] = '\0';
}

static void
fmt_day(char *out, size_t n, long days)
{
	char b[11];
	/* outside 0000-01-01 .. 9999-12-31: unknown, not clamped */
	if (days < date_to_days(0, 1, 1) || days > date_to_days(9999, 12, 31))
		b[0] = '\0';
	else
		date_format(days, b);
	size_t len = strlen(b);
	if (len >= n)
		len = n ? n - 1 : 0;
	if (n) {
		memcpy(out, b, len);
		out[len] = '\0';
	}
}

static void
cal_interval(dl_timex *t, long a, long b, const char *gran)
{
	fmt_day(t->earliest, sizeof t->earliest, a);
	fmt_day(t->latest, sizeof t->latest, b);
	put_str(t->granularity, sizeof t->granularity, gran);
}

/* Write value, earliest, latest, granularity from a calendar value. */
static void
cal_finish(dl_timex *t, const tx_cal *v)
{
	char y[8];
	tx_cal big;
	if (v->y > 9999) {   /* past four digits: an unknown year */
		big = *v;
		big.y = -1;
		v = &big;
	}
	if (v->y >= 0)
		snprintf(y, sizeof y, "%04u", (unsigned)v->y % 10000u);
	else
		put_str(y, sizeof y, "XXXX");
	t->earliest[0] = t->latest[0] = '\0';
	switch (v->g) {
	case G_TIME:
	case G_DAY: {
		if (v->y >= 0 && v->m > 0 && v->d > 0) {
			long days = date_to_days(v->y, v->m, v->d);
			char ds[11];
			date_format(days, ds);
			cal_interval(t, days, days, "day");
			if (v->g == G_TIME || v->part[0] || v->hh >= 0) {
				put_str(t->granularity, sizeof t->granularity, "time");
				if (v->hh >= 0) {
					snprintf(t->value, sizeof t->value, "%sT%02u:%02u",
						 ds, (unsigned)v->hh % 100u, v->mi < 0 ? 0u : (unsigned)v->mi % 100u);
					snprintf(t->earliest, sizeof t->earliest, "%sT%02u:%02u",
						 ds, (unsigned)v->hh % 100u, v->mi < 0 ? 0u : (unsigned)v->mi % 100u);
					snprintf(t->latest, sizeof t->latest, "%sT%02u:%02u",
						 ds, (unsigned)v->hh % 100u, v->mi < 0 ? 0u : (unsigned)v->mi % 100u);
				} else if (v->part[0]) {
					static const struct { const char *p, *a, *b; } pr[] = {
						{"MO", "06:00", "11:59"}, {"AF", "12:00", "17:59"},
						{"EV", "18:00", "21:59"}, {"NI", "20:00", "23:59"},
						{"DT", "08:00", "17:59"},
					};
					snprintf(t->value, sizeof t->value, "%sT%s", ds, v->part);
					for (size_t i = 0; i < sizeof pr / sizeof *pr; i++)
						if (strcmp(pr[i].p, v->part) == 0) {
							snprintf(t->earliest, sizeof t->earliest,
								 "%sT%s", ds, pr[i].a);
							snprintf(t->latest, sizeof t->latest,
								 "%sT%s", ds, pr[i].b);
						}
				} else
					snprintf(t->value, sizeof t->value, "%s", ds);
			} else
				snprintf(t->value, sizeof t->value, "%s", ds);
		} else {
			char m[4] = "XX", d[4] = "XX";
			if (v->m > 0)
				snprintf(m, sizeof m, "%02u", (unsigned)v->m % 100u);
			if (v->d > 0)
				snprintf(d, sizeof d, "%02u", (unsigned)v->d % 100u);
			snprintf(t->value, sizeof t->value, "%s-%s-%s", y, m, d);
			if (v->part[0]) {
				size_t l = strlen(t->value);
				snprintf(t->value + l, sizeof t->value - l, "T%s", v->part);
			} else if (v->hh >= 0) {
				size_t l = strlen(t->value);
				snprintf(t->value + l, sizeof t->value - l, "T%02u:%02u",
					 (unsigned)v->hh % 100u, v->mi < 0 ? 0u : (unsigned)v->mi % 100u);
			}
			put_str(t->granularity, sizeof t->granularity,
				v->g == G_TIME || v->part[0] || v->hh >= 0 ? "time" : "day");
		}
		break;
	}
	case G_WEEK:
	case G_WEEKEND:
		if (v->wy >= 0) {
			snprintf(t->value, sizeof t->value, "%04d-W%02d%s", v->wy, v->w,
				 v->g == G_WEEKEND ? "-WE" : "");
			long mon = date_iso_week_monday(v->wy, v->w);
			if (v->g == G_WEEKEND)
				cal_interval(t, mon + 5, mon + 6, "week");
			else
				cal_interval(t, mon, mon + 6, "week");
		} else {
			snprintf(t->value, sizeof t->value, "XXXX-WXX%s",
				 v->g == G_WEEKEND ? "-WE" : "");
			put_str(t->granularity, sizeof t->granularity, "week");
		}
		break;
	case G_MONTH:
		if (v->y >= 0 && v->m > 0) {
			snprintf(t->value, sizeof t->value, "%s-%02d", y, v->m);
			cal_interval(t, date_to_days(v->y, v->m, 1),
				     date_to_days(v->y, v->m,
						  date_days_in_month(v->y, v->m)), "month");
		} else {
			if (v->m > 0)
				snprintf(t->value, sizeof t->value, "XXXX-%02d", v->m);
			else
				put_str(t->value, sizeof t->value, "XXXX-XX");
			put_str(t->granularity, sizeof t->granularity, "month");
		}
		break;
	case G_SEASON:
		snprintf(t->value, sizeof t->value, "%s-%s", y, v->season);
		put_str(t->granularity, sizeof t->granularity, "month");
		if (v->y >= 0) {
			/* meteorological seasons; winter runs into the next year */
			int m0 = strcmp(v->season, "SP") == 0 ? 3 :
				 strcmp(v->season, "SU") == 0 ? 6 :
				 strcmp(v->season, "FA") == 0 ? 9 : 12;
			long a = date_to_days(v->y, m0, 1);
			int ey = m0 == 12 ? v->y + 1 : v->y;
			int em = m0 == 12 ? 2 : m0 + 2;
			cal_interval(t, a, date_to_days(ey, em, date_days_in_month(ey, em)),
				     "month");
		}
		break;
	case G_QUARTER:
		if (v->q > 0)
			snprintf(t->value, sizeof t->value, "%s-Q%d", y, v->q);
		else
			snprintf(t->value, sizeof t->value, "%s-QX", y);
		put_str(t->granularity, sizeof t->granularity, "quarter");
		if (v->y >= 0 && v->q > 0) {
			int m0 = (v->q - 1) * 3 + 1;
			cal_interval(t, date_to_days(v->y, m0, 1),
				     date_to_days(v->y, m0 + 2,
						  date_days_in_month(v->y, m0 + 2)), "quarter");
		}
		break;
	case G_YEAR:
		snprintf(t->value, sizeof t->value, "%s", y);
		if (v->y >= 0)
			cal_interval(t, date_to_days(v->y, 1, 1),
				     date_to_days(v->y, 12, 31), "year");
		else
			put_str(t->granularity, sizeof t->granularity, "year");
		break;
	case G_DECADE:
		if (v->y >= 0) {
			int d0 = v->y / 10 * 10;
			snprintf(t->value, sizeof t->value, "%03d", d0 / 10);
			cal_interval(t, date_to_days(d0, 1, 1),
				     date_to_days(d0 + 9, 12, 31), "decade");
		} else {
			put_str(t->value, sizeof t->value, "XXX");
			put_str(t->granularity, sizeof t->granularity, "decade");
		}
		break;
	case G_CENTURY:
		if (v->y >= 0) {
			int c0 = v->y / 100 * 100;
			snprintf(t->value, sizeof t->value, "%02d", c0 / 100);
			cal_interval(t, date_to_days(c0, 1, 1),
				     date_to_days(c0 + 99, 12, 31), "century");
		} else {
			put_str(t->value, sizeof t->value, "XX");
			put_str(t->granularity, sizeof t->granularity, "century");
		}
		break;
	default:
		break;
	}
}

static tx_cal
cal_new(int g)
{
	tx_cal v;
	memset(&v, 0, sizeof v);
	v.g = g;
	v.y = v.m = v.d = v.wy = -1;
	v.hh = v.mi = -1;
	return v;
}

static tx_cal
cal_day(int g, long days)
{
	tx_cal v = cal_new(g);
	dl_ymd r = date_from_days(days);
	v.y = r.y; v.m = r.m; v.d = r.d;
	return v;
}

/* Add n months to (y, m). */
static void
month_add(int *y, int *m, long n)
{
	long t = (long)*y * 12 + (*m - 1) + n;
	long q = t >= 0 ? t / 12 : -((-t + 11) / 12);
	*y = (int)q;
	*m = (int)(t - q * 12) + 1;
}

/* The calendar unit containing `days`, shifted by n units. */
static tx_cal
cal_unit(const char *unit, long days, long n)
{
	dl_ymd r = date_from_days(days);
	tx_cal v;
	if (strcmp(unit, "D") == 0)
		return cal_day(G_DAY, days + n);
	if (strcmp(unit, "W") == 0 || strcmp(unit, "WE") == 0) {
		v = cal_new(strcmp(unit, "W") == 0 ? G_WEEK : G_WEEKEND);
		date_iso_week(days + 7 * n, &v.wy, &v.w);
		return v;
	}
	if (strcmp(unit, "M") == 0) {
		v = cal_new(G_MONTH);
		v.y = r.y; v.m = r.m;
		month_add(&v.y, &v.m, n);
		return v;
	}
	if (strcmp(unit, "Q") == 0) {
		v = cal_new(G_QUARTER);
		long q = (long)r.y * 4 + (r.m - 1) / 3 + n;
		v.y = (int)(q / 4);
		v.q = (int)(q % 4) + 1;
		return v;
	}
	if (strcmp(unit, "DE") == 0) {
		v = cal_new(G_DECADE);
		v.y = r.y + (int)n * 10;
		return v;
	}
	if (strcmp(unit, "CE") == 0) {
		v = cal_new(G_CENTURY);
		v.y = r.y + (int)n * 100;
		return v;
	}
	v = cal_new(G_YEAR);
	v.y = r.y + (int)n;
	return v;
}

/* Unresolved calendar value of a unit (no DCT). */
static tx_cal
cal_unknown(const char *unit)
{
	int g = G_YEAR;
	if (strcmp(unit, "D") == 0) g = G_DAY;
	else if (strcmp(unit, "W") == 0) g = G_WEEK;
	else if (strcmp(unit, "WE") == 0) g = G_WEEKEND;
	else if (strcmp(unit, "M") == 0) g = G_MONTH;
	else if (strcmp(unit, "Q") == 0) g = G_QUARTER;
	else if (strcmp(unit, "DE") == 0) g = G_DECADE;
	else if (strcmp(unit, "CE") == 0) g = G_CENTURY;
	return cal_new(g);
}

/* Shift a day by n units (D W M Y ...) keeping day granularity. */
static long
days_shift(long days, const char *unit, long n)
{
	if (strcmp(unit, "D") == 0)
		return days + n;
	if (strcmp(unit, "W") == 0 || strcmp(unit, "WE") == 0)
		return days + 7 * n;
	dl_ymd r = date_from_days(days);
	long months = strcmp(unit, "M") == 0 ? n : strcmp(unit, "Q") == 0 ? 3 * n :
		      strcmp(unit, "DE") == 0 ? 120 * n : strcmp(unit, "CE") == 0 ? 1200 * n :
		      12 * n;
	month_add(&r.y, &r.m, months);
	int dim = date_days_in_month(r.y, r.m);
	return date_to_days(r.y, r.m, r.d > dim ? dim : r.d);
}

static void
set_mod(const tx_ctx *c, const tx_cand *k, dl_timex *t)
{
	char key[16];
	/* "about", "early" ...; else "earlier"/"later" this year (relmod) */
	if (slot_key(c, k, S_MOD, key, sizeof key) ||
	    class_lookup(c, k, S_MOD, "relmod", key, sizeof key))
		put_str(t->mod, sizeof t->mod, key);
}

/* Narrow the interval to the part of it a START/MID/END mod names. */
static void
apply_mod_interval(dl_timex *t)
{
	long a, b;
	if (!t->mod[0] || date_parse_iso(t->earliest, &a) != 0 ||
	    date_parse_iso(t->latest, &b) != 0 || b - a < 2 ||
	    strchr(t->earliest, 'T'))
		return;
	long len = b - a + 1, third = len / 3;
	if (strcmp(t->mod, "START") == 0)
		b = a + third - 1;
	else if (strcmp(t->mod, "MID") == 0) {
		a = a + third;
		b = a + third - 1;
	} else if (strcmp(t->mod, "END") == 0)
		a = b - third + 1;
	else
		return;
	fmt_day(t->earliest, sizeof t->earliest, a);
	fmt_day(t->latest, sizeof t->latest, b);
}

/* ------------------------------------------------------------ tense */

/* times_tense_in() searches every cue in a window of text around each
 * timex; in an article dense with dates the windows overlap, and each
 * byte was searched some thirty times.  A search's answer is remembered
 * with the length of text it was made on: it holds for any longer text
 * when no attempt reached the end (pcre2's hard partial matching tells),
 * and so does "no match starts before d".  The windows of one kind grow
 * as the timexes move on, so each search is made about once. */
typedef struct {
	size_t key;        /* search start + 1; 0: free */
	size_t a, b;       /* a match [a, b); else none starts in [start, a) */
	size_t len;        /* the answer holds for texts this long or longer */
	int    match;
} tx_memo_ent;

typedef struct tx_memo {
	tx_memo_ent *v;
	size_t       n, cap;     /* cap: a power of two */
	tx_memo_ent  first;      /* the last window's first search */
} tx_memo;

static tx_memo_ent *
memo_slot(tx_memo *m, size_t p)
{
	size_t h = (p * 0x9E3779B97F4A7C15ull >> 17) & (m->cap - 1);
	while (m->v[h].key && m->v[h].key != p + 1)
		h = (h + 1) & (m->cap - 1);
	return &m->v[h];
}

static void
memo_put(tx_memo *m, const tx_memo_ent *e)
{
	if (2 * (m->n + 1) > m->cap) {
		tx_memo old = *m;
		m->cap = m->cap ? 2 * m->cap : 256;
		m->v = xcalloc(m->cap, sizeof *m->v);
		m->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.v[i].key)
				memo_put(m, &old.v[i]);
		free(old.v);
	}
	tx_memo_ent *x = memo_slot(m, e->key - 1);
	m->n += x->key == 0;
	*x = *e;
}

static int
mid_char(const dl_article *art, size_t p)
{
	return p < art->len && ((unsigned char)art->text[p] & 0xC0) == 0x80;
}

/* The first match of cue re in the text cut at len, searched from p (as
 * pcre2_match(re, text, len, p) finds it): 1 and [*a, *b), else 0.
 * first: p starts a window (the last window's first search may answer). */
static int
cue_search(const tx_ctx *c, tx_memo *m, const pcre2_code *re, size_t p, size_t len,
	   int first, size_t *a, size_t *b)
{
	const dl_article *art = c->art;
	pcre2_match_data *md = c->w->md;
	tx_memo_ent e = {0}, *x = m->cap ? memo_slot(m, p) : NULL;
	size_t from = p;
	if (x && x->key == 0)
		x = NULL;
	/* a later start of a window, not past the last one's first match */
	if (!x && first && !mid_char(art, p) && m->first.key &&
	    m->first.key - 1 <= p && (m->first.match ? p <= m->first.a : p < m->first.a))
		x = &m->first;
	if (x && x->len <= len) {
		if (x->match) {
			*a = x->a;
			*b = x->b;
			return 1;
		}
		from = x->a;
	}
	e.key = p + 1;
	e.len = len;
	int rc = from < len ? pcre2_match(re, (PCRE2_SPTR)art->text, len, from,
					  PCRE2_NO_UTF_CHECK | PCRE2_PARTIAL_HARD, md, NULL) :
		PCRE2_ERROR_NOMATCH;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	if (rc >= 0) {
		e.match = 1;
		e.a = *a = ov[0];
		e.b = *b = ov[1];
	} else if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL) {
		/* none starts before the partial one (or the end: back to a
		 * character's start) */
		size_t q = rc == PCRE2_ERROR_PARTIAL ? ov[0] : len;
		if (q < from)
			q = from;
		while (q > from && mid_char(art, q))
			q--;
		e.a = q;
		rc = rc == PCRE2_ERROR_PARTIAL ?
			pcre2_match(re, (PCRE2_SPTR)art->text, len, q,
				    PCRE2_NO_UTF_CHECK, md, NULL) : -1;
		if (rc >= 0) {
			*a = ov[0];
			*b = ov[1];
		}
	} else {
		/* a limit: as pcre2 would answer without the memo */
		rc = pcre2_match(re, (PCRE2_SPTR)art->text, len, p, PCRE2_NO_UTF_CHECK,
				 md, NULL);
		if (rc >= 0) {
			*a = ov[0];
			*b = ov[1];
		}
		return rc >= 0;
	}
	memo_put(m, &e);
	if (first && !mid_char(art, p))
		m->first = e;
	return rc >= 0;
}

static int sentence_of(const dl_article *art, size_t off);

/* +1 future, -1 past, 0 no cue, from the cues nearest the span in its sentence. */
static int times_tense_in(const tx_ctx *c, size_t s, size_t e, size_t ss, size_t se,
			  int wide);

static int
times_tense(const tx_ctx *c, size_t s, size_t e)
{
	const dl_article *art = c->art;
	size_t ss = 0, se = art->len;
	int si = sentence_of(art, s);
	if ((size_t)si < art->nsents) {
		ss = art->sents[si].start;
		se = art->sents[si].end;
	}
	/* a clause window, whatever the sentence splitter says */
	if (s > ss + 200)
		ss = s - 200;
	if (se > e + 120)
		se = e + 120;
	int tense = times_tense_in(c, s, e, ss, se, 0);
	if (tense == 0) {
		/* no verb cue in the sentence: the neighbouring text (unless
		 * that is the same window: a long sentence) */
		size_t ns = s > 200 ? s - 200 : 0;
		size_t ne = e + 120 < art->len ? e + 120 : art->len;
		if (ns != ss || ne != se)
			tense = times_tense_in(c, s, e, ns, ne, 1);
	}
	return tense;
}

static int
times_tense_in(const tx_ctx *c, size_t s, size_t e, size_t ss, size_t se, int wide)
{
	const dl_article *art = c->art;
	long best = -1;
	size_t best_len = 0;
	int  tense = 0;
	for (size_t i = 0; i < T.ncues; i++) {
		size_t off = ss;
		while (off < se) {
			size_t ov[2] = {0, 0};
			if (!cue_search(c, &c->memo[2 * i + (size_t)wide], T.cues[i].re, off,
					se, off == ss, &ov[0], &ov[1]))
				break;
			long dist;
			if (ov[1] <= s)
				dist = (long)(s - ov[1]);
			else if (ov[0] >= e)
				dist = (long)(ov[0] - e) + 30;
			else
				dist = -1;
			/* the nearest cue wins; at the same distance the longer
			 * ("had been scheduled to leave" over "scheduled to leave") */
			if (dist >= 0 && (best < 0 || dist < best ||
					  (dist == best && ov[1] - ov[0] > best_len))) {
				best = dist;
				best_len = ov[1] - ov[0];
				tense = T.cues[i].future ? 1 : -1;
			}
			/* the later cues are farther: done */
			if (ov[0] >= e)
				break;
			off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
			while (off < se && ((unsigned char)art->text[off] & 0xC0) == 0x80)
				off++;
			if (best >= 0 && off >= e && (long)(off - e) + 30 > best)
				break;
		}
	}
	return tense;
}

/* ------------------------------------------------------------ actions */

static int
unit_code(const tx_ctx *c, const tx_cand *k, char *out, size_t n)
{
	if (slot_key(c, k, S_UNIT, out, n))
		return 0;
	return -1;
}

static const char *
dur_unit_letter(const char *u, int *timepart, long *mult)
{
	*timepart = 0;
	*mult = 1;
	if (strcmp(u, "S") == 0) { *timepart = 1; return "S"; }
	if (strcmp(u, "TM") == 0) { *timepart = 1; return "M"; }
	if (strcmp(u, "H") == 0) { *timepart = 1; return "H"; }
	if (strcmp(u, "WE") == 0) { *mult = 2; return "D"; }
	if (strcmp(u, "DE") == 0) { *mult = 10; return "Y"; }
	if (strcmp(u, "CE") == 0) { *mult = 100; return "Y"; }
	if (strcmp(u, "Q") == 0) return "Q";
	return u;
}

/* num text as written for a duration: "10", "1.5", "X" */
static void
dur_value(const tx_ctx *c, const tx_cand *k, const char *unit, char *out, size_t n,
	  long *count, long dflt)
{
	int  tp;
	long mult;
	const char *L = dur_unit_letter(unit, &tp, &mult);
	long v = has(k, S_NUM) ? slot_int(c, k, S_NUM) : dflt;
	*count = v;
	const char *np = has(k, S_NUM) ? c->art->text + k->sl[S_NUM][0] : "";
	size_t nn = has(k, S_NUM) ? k->sl[S_NUM][1] - k->sl[S_NUM][0] : 0;
	int half = has(k, S_HALF);   /* "5 1/2 hours", "a year and a half" */
	if (has(k, S_RANGE)) {
		/* "two to three weeks": the first count; "a year or so" too */
		if (k->sl[S_RANGE][0] < k->sl[S_NUM][0]) {
			tx_cand r2 = *k;
			r2.sl[S_NUM][0] = k->sl[S_RANGE][0];
			r2.sl[S_NUM][1] = k->sl[S_RANGE][1];
			v = slot_int(c, &r2, S_NUM);
		}
		*count = v;
	}
	if (half && has(k, S_NUM) && v > 0) {
		static const struct { const char *u, *big, *small; int k; } hv[] = {
			{"H", "H", "M", 30}, {"TM", "M", "S", 30}, {"D", "D", "H", 12},
			{"Y", "Y", "M", 6}, {"M", "M", "D", 15}, {"W", "W", "D", 3},
		};
		for (size_t i = 0; i < sizeof hv / sizeof *hv; i++)
			if (strcmp(hv[i].u, unit) == 0) {
				int intime = strcmp(unit, "H") == 0 || strcmp(unit, "TM") == 0;
				if (strcmp(unit, "D") == 0)
					snprintf(out, n, "P%ldDT12H", v);
				else
					snprintf(out, n, "P%s%ld%s%d%s", intime ? "T" : "", v,
						 hv[i].big, hv[i].k, hv[i].small);
				return;
			}
	}
	if (nn && memchr(np, '.', nn) && isdigit((unsigned char)np[0]) && mult == 1)
		snprintf(out, n, "P%s%.*s%s", tp ? "T" : "", (int)nn, np, L);
	else if (half && !has(k, S_NUM)) {
		/* half an hour, half a year */
		if (strcmp(unit, "H") == 0)
			snprintf(out, n, "PT30M");
		else if (strcmp(unit, "Y") == 0)
			snprintf(out, n, "P6M");
		else if (strcmp(unit, "D") == 0)
			snprintf(out, n, "PT12H");
		else
			snprintf(out, n, "P0.5%s", L);
		*count = -1;
	} else if (v < 0)
		snprintf(out, n, "P%sX%s", tp ? "T" : "", L);
	else
		snprintf(out, n, "P%s%ld%s", tp ? "T" : "", v * mult, L);
}

static void
times_act(tx_ctx *c, const tx_rule *r, const tx_cand *k, dl_timex *t)
{
	char   key[32], unit[8];
	tx_cal v;
	dl_article *art = c->art;

	t->type = r->type;
	put_str(t->anchor, sizeof t->anchor, "dct");
	set_mod(c, k, t);

	switch (r->act) {
	case A_DATE: {
		v = cal_new(G_DAY);
		long y = slot_int(c, k, S_YEAR);
		long m = slot_int(c, k, S_MONTH);
		long d = slot_int(c, k, S_DAY);
		put_str(t->anchor, sizeof t->anchor, "explicit");
		if (y >= 0 && y < 100 && has(k, S_YEAR))
			y += y < 50 ? 2000 : 1900;
		const char *hol = NULL;
		if (has(k, S_HOLIDAY) && slot_key(c, k, S_HOLIDAY, key, sizeof key)) {
			hol = key;
			m = strtol(key, NULL, 10);
			d = strtol(key + 3, NULL, 10);
		}
		if (r->arg1 && strcmp(r->arg1, "yrel") == 0) {
			/* "June last year" */
			if (c->has_dct)
				y = c->d.y + slot_dir(c, k);
			else
				put_str(t->anchor, sizeof t->anchor, "unresolved");
		}
		if (has(k, S_CENTURY)) {
			long n = slot_int(c, k, S_CENTURY);
			v = cal_new(G_CENTURY);
			v.y = (int)(n - 1) * 100;
			cal_finish(t, &v);
			break;
		}
		if (has(k, S_DECADE)) {
			long dv = slot_int(c, k, S_DECADE);
			if (dv < 100)
				dv += 1900;
			v = cal_new(G_DECADE);
			v.y = (int)dv;
			cal_finish(t, &v);
			break;
		}
		if (has(k, S_SEASON)) {
			v = cal_new(G_SEASON);
			slot_key(c, k, S_SEASON, v.season, sizeof v.season);
			long dir = slot_dir(c, k);
			if (y >= 0)
				v.y = (int)y;
			else if (c->has_dct) {
				v.y = c->d.y;
				put_str(t->anchor, sizeof t->anchor, "dct");
				/* last winter in spring is the winter just gone */
				int cur = c->d.m >= 3 && c->d.m <= 5 ? 0 :
					  c->d.m >= 6 && c->d.m <= 8 ? 1 :
					  c->d.m >= 9 && c->d.m <= 11 ? 2 : 3;
				int want = strcmp(v.season, "SP") == 0 ? 0 :
					   strcmp(v.season, "SU") == 0 ? 1 :
					   strcmp(v.season, "FA") == 0 ? 2 : 3;
				if (c->d.m <= 2)
					v.y--;  /* Dec..Feb belongs to last year's winter */
				if (dir < 0 && want >= cur)
					v.y--;
				else if (dir > 0 && want <= cur)
					v.y++;
			} else
				put_str(t->anchor, sizeof t->anchor, "unresolved");
			cal_finish(t, &v);
			apply_mod_interval(t);
			break;
		}
		if ((m != -1 && (m < 1 || m > 12)) || (m < 0 && d >= 0) ||
		    (y < 0 && m < 0)) {
			t->value[0] = '\0';   /* not a date after all */
			break;
		}
		if (m < 0 && y >= 0) {
			v = cal_new(G_YEAR);
			v.y = (int)y;
			cal_finish(t, &v);
			apply_mod_interval(t);
			break;
		}
		if (y < 0 && m > 0) {
			if (c->has_dct) {
				y = c->d.y;
				put_str(t->anchor, sizeof t->anchor, "dct");
				long dir = slot_dir(c, k);
				int  dm = c->d.m, dd = c->d.d;
				int  dd2 = d > 0 ? (int)d : 15;
				int  after = m > dm || (m == dm && d > 0 && dd2 > dd);
				int  before = m < dm || (m == dm && d > 0 && dd2 < dd);
				if (has(k, S_DIR)) {
					if (dir < 0 && (m > dm || (m == dm && !before)))
						y--;
					else if (dir > 0 && (m < dm || (m == dm && !after)))
						y++;
				} else {
					/* by the tense of the governing verb */
					int tense = times_tense(c, k->s, k->e);
					put_str(t->anchor, sizeof t->anchor, "tense");
					if (tense < 0 && after && m - dm >= 3)
						y--;
					else if (tense > 0 && before && dm - m >= 2)
						y++;
					else if (tense == 0 && m - dm >= 6)
						y--;
					else if (tense == 0 && dm - m > 8)
						y++;
					else
						put_str(t->anchor, sizeof t->anchor, "dct");
				}
			} else
				put_str(t->anchor, sizeof t->anchor, "unresolved");
		}
		if (hol && strlen(hol) > 5 && y >= 0) {
			/* MM-N-W[+K]: the Nth weekday W of the month */
			char *e1;
			long nth = strtol(hol + 3, &e1, 10);
			long wd = *e1 == '-' ? strtol(e1 + 1, &e1, 10) : 1;
			long plus = *e1 == '+' ? strtol(e1 + 1, NULL, 10) : 0;
			long day;
			if (nth > 0) {
				long first = date_to_days((int)y, (int)m, 1);
				day = first + (wd - date_weekday(first) + 7) % 7 + 7 * (nth - 1);
			} else {
				long last = date_to_days((int)y, (int)m,
							 date_days_in_month((int)y, (int)m));
				day = last - (date_weekday(last) - wd + 7) % 7;
			}
			day += plus;
			d = date_from_days(day).d;
		} else if (hol && strlen(hol) > 5) {
			d = -1;
		}
		if (d < 0 || d > 31) {
			v = cal_new(G_MONTH);
			v.y = (int)y;
			v.m = (int)m;
			cal_finish(t, &v);
			apply_mod_interval(t);
			if (y >= 0 && m > 0) {
				c->expl_mday = date_to_days((int)y, (int)m, 1);
				c->expl_msent = t->sentence;
			}
			break;
		}
		v.y = (int)y;
		v.m = (int)m;
		v.d = (int)d;
		if (y >= 0 && d > date_days_in_month((int)y, (int)m)) {
			t->value[0] = '\0';
			break;
		}
		cal_finish(t, &v);
		if (y >= 0) {
			c->expl_abs = strcmp(t->anchor, "explicit") == 0;
			c->expl_mday = date_to_days((int)y, (int)m, (int)d);
			c->expl_msent = t->sentence;
			c->expl_day = date_to_days((int)y, (int)m, (int)d);
			c->expl_sent = t->sentence;
		}
		break;
	}
	case A_REL: {
		long n = r->arg2 ? strtol(r->arg2, NULL, 10) : 0;
		const char *u = r->arg1;
		if (u == NULL) {
			if (unit_code(c, k, unit, sizeof unit) != 0)
				return;
			u = unit;
			n = slot_dir(c, k);
		}
		if (has(k, S_PART)) {
			t->type = TX_TIME;
		}
		if (!c->has_dct) {
			v = cal_unknown(u);
			put_str(t->anchor, sizeof t->anchor, "unresolved");
		} else if (r->arg3 && strcmp(r->arg3, "q") == 0 && c->last_q > 0 &&
			   t->sentence - c->last_q_sent <= 5) {
			/* "year-earlier" in a quarterly report: that quarter */
			v = cal_new(G_QUARTER);
			v.y = c->last_qy + (int)n;
			v.q = c->last_q;
			put_str(t->anchor, sizeof t->anchor, "narrative");
		} else if (r->arg3 && strcmp(r->arg3, "tense") == 0) {
			/* "the weekend": the one just past unless spoken of as to come */
			int wd = date_weekday(c->dct);
			long shift = 0;
			if (wd <= 5 && times_tense(c, k->s, k->e) <= 0)
				shift = -1;
			v = cal_unit(u, c->dct, shift);
		} else
			v = cal_unit(u, c->dct, n);
		if (has(k, S_PART))
			slot_key(c, k, S_PART, v.part, sizeof v.part);
		else if (t->type == TX_TIME) {
			/* tonight, overnight */
			put_str(v.part, sizeof v.part, "NI");
		}
		cal_finish(t, &v);
		apply_mod_interval(t);
		if (strcmp(u, "D") == 0 && n == 0)
			c->dct_day_seen = 1;
		break;
	}
	case A_ANCHOR: {
		long n = r->arg2 ? strtol(r->arg2, NULL, 10) : 0;
		const char *au = r->arg1;
		if (au == NULL) {
			/* "the following month": unit and direction from the slots */
			if (unit_code(c, k, unit, sizeof unit) != 0)
				return;
			au = unit;
			n = slot_dir(c, k);
		}
		long base;
		if (strcmp(au, "Y") == 0 && c->expl_year_sent >= 0 &&
		    t->sentence - c->expl_year_sent <= 4) {
			base = date_to_days(c->expl_year, 7, 1);
			put_str(t->anchor, sizeof t->anchor, "narrative");
		} else if (strcmp(au, "M") == 0 && c->expl_msent >= 0 &&
			   t->sentence - c->expl_msent <= 2) {
			base = c->expl_mday;
			put_str(t->anchor, sizeof t->anchor, "narrative");
		} else if (c->expl_sent >= 0 && t->sentence - c->expl_sent <= 1) {
			base = c->expl_day;
			put_str(t->anchor, sizeof t->anchor, "narrative");
		} else if (c->has_dct)
			base = c->dct;
		else {
			v = cal_unknown(au);
			cal_finish(t, &v);
			put_str(t->anchor, sizeof t->anchor, "unresolved");
			break;
		}
		v = cal_unit(au, base, n);
		cal_finish(t, &v);
		apply_mod_interval(t);
		break;
	}
	case A_AGO: {
		if (unit_code(c, k, unit, sizeof unit) != 0)
			return;
		long n = has(k, S_NUM) ? slot_int(c, k, S_NUM) : -2;
		const char *ago = slot_key(c, k, S_AGO, key, sizeof key);
		if (ago == NULL)
			return;
		int sign = strcmp(ago, "ago") == 0 || strcmp(ago, "earlier") == 0 ? -1 : 1;
		int anch = strcmp(ago, "earlier") == 0 || strcmp(ago, "later") == 0;
		int tp; long mult;
		dur_unit_letter(unit, &tp, &mult);
		/* "two hours later", "a month later": TE3 has the duration; the
		 * interval still says when */
		int asdur = tp || strcmp(ago, "later") == 0;
		if (asdur) {
			long cnt;
			dur_value(c, k, unit, t->value, sizeof t->value, &cnt, r->arg1 && r->act == A_DUR ? strtol(r->arg1, NULL, 10) : -2);
			t->type = TX_DURATION;
		}
		if (n == -2 || n < 0) {
			if (!asdur)
				put_str(t->value, sizeof t->value,
					sign < 0 ? "PAST_REF" : "FUTURE_REF");
			if (c->has_dct && !anch) {
				if (sign < 0)
					fmt_day(t->latest, sizeof t->latest, c->dct);
				else
					fmt_day(t->earliest, sizeof t->earliest, c->dct);
			}
			put_str(t->granularity, sizeof t->granularity, "day");
			break;
		}
		long base;
		if (anch && c->expl_sent >= 0 && t->sentence - c->expl_sent <= 1) {
			base = c->expl_day;
			put_str(t->anchor, sizeof t->anchor, "narrative");
		} else if (c->has_dct)
			base = c->dct;
		else {
			v = cal_unknown(tp ? "D" : unit);
			if (asdur)
				put_str(t->granularity, sizeof t->granularity, "day");
			else
				cal_finish(t, &v);
			put_str(t->anchor, sizeof t->anchor, "unresolved");
			break;
		}
		if (tp) {
			/* 48 hours later: whole days */
			long days = strcmp(unit, "H") == 0 ? n / 24 :
				    strcmp(unit, "TM") == 0 ? n / 1440 : 0;
			v = cal_day(G_DAY, base + sign * days);
		} else {
			long day = days_shift(base, unit, sign * n);
			/* the granularity of the unit: 3 days ago a day, a year ago a year */
			if (strcmp(unit, "D") == 0)
				v = cal_day(G_DAY, day);
			else if (strcmp(unit, "DE") == 0 || strcmp(unit, "CE") == 0)
				v = cal_unit("Y", day, 0);
			else if (strcmp(unit, "Y") == 0 && c->last_q > 0 &&
				 t->sentence - c->last_q_sent <= 5 && !asdur) {
				/* "up from a year ago" beside "the third quarter" */
				v = cal_new(G_QUARTER);
				v.y = c->last_qy + (int)(sign * n);
				v.q = c->last_q;
			}
			else
				v = cal_unit(unit, day, 0);
		}
		if (asdur) {
			dl_timex tmp;
			memset(&tmp, 0, sizeof tmp);
			cal_finish(&tmp, &v);
			put_str(t->earliest, sizeof t->earliest, tmp.earliest);
			put_str(t->latest, sizeof t->latest, tmp.latest);
			put_str(t->granularity, sizeof t->granularity, tmp.granularity);
		} else
			cal_finish(t, &v);
		break;
	}
	case A_DUR: {
		long cnt;
		if (unit_code(c, k, unit, sizeof unit) != 0)
			return;
		dur_value(c, k, unit, t->value, sizeof t->value, &cnt, r->arg1 && r->act == A_DUR ? strtol(r->arg1, NULL, 10) : -2);
		t->type = TX_DURATION;
		int tp; long mult;
		dur_unit_letter(unit, &tp, &mult);
		put_str(t->granularity, sizeof t->granularity,
			tp ? "time" : strcmp(unit, "D") == 0 ? "day" :
			strcmp(unit, "W") == 0 || strcmp(unit, "WE") == 0 ? "week" :
			strcmp(unit, "M") == 0 ? "month" : strcmp(unit, "Q") == 0 ? "quarter" :
			strcmp(unit, "DE") == 0 ? "decade" : strcmp(unit, "CE") == 0 ? "century" :
			"year");
		/* the past N units: the interval up to the DCT; the next N after */
		if (has(k, S_DIR) && c->has_dct && cnt > 0 && !tp) {
			long sd = slot_dir(c, k);
			int past = sd < 0, next = sd > 0;
			if (past)
				cal_interval(t, days_shift(c->dct, unit, -cnt) + 1,
					     c->dct, t->granularity);
			else if (next)
				cal_interval(t, c->dct, days_shift(c->dct, unit, cnt) - 1,
					     t->granularity);
		}
		break;
	}
	case A_REF:
		put_str(t->value, sizeof t->value, r->arg1 ? r->arg1 : "PRESENT_REF");
		put_str(t->granularity, sizeof t->granularity, "day");
		if (!c->has_dct) {
			put_str(t->anchor, sizeof t->anchor, "unresolved");
			break;
		}
		if (strcmp(t->value, "PRESENT_REF") == 0) {
			fmt_day(t->earliest, sizeof t->earliest, c->dct);
			fmt_day(t->latest, sizeof t->latest, c->dct);
		} else if (strcmp(t->value, "PAST_REF") == 0) {
			fmt_day(t->latest, sizeof t->latest, c->dct);
			if (r->arg2 && r->arg2[0] == 'P') {
				long n = strtol(r->arg2 + 1, NULL, 10);
				const char *u = r->arg2 + 1 + strspn(r->arg2 + 1, "0123456789");
				fmt_day(t->earliest, sizeof t->earliest,
					days_shift(c->dct, u, -n) + 1);
			}
		} else if (strcmp(t->value, "FUTURE_REF") == 0)
			fmt_day(t->earliest, sizeof t->earliest, c->dct);
		break;
	case A_EARLIER:
		if (c->dct_day_seen && c->has_dct) {
			v = cal_day(G_DAY, c->dct);
			cal_finish(t, &v);
			put_str(t->anchor, sizeof t->anchor, "narrative");
		} else {
			put_str(t->value, sizeof t->value, "PAST_REF");
			put_str(t->granularity, sizeof t->granularity, "day");
			if (c->has_dct)
				fmt_day(t->latest, sizeof t->latest, c->dct);
			else
				put_str(t->anchor, sizeof t->anchor, "unresolved");
		}
		break;
	case A_WEEKDAY: {
		long wd = slot_int(c, k, S_WD);
		if (wd < 1 || wd > 7)
			return;
		/* "Friday night" keeps the rule's type: TempEval-3 annotates
		 * it as a DATE (with the part of day in the value) */
		if (!c->has_dct) {
			snprintf(t->value, sizeof t->value, "XXXX-WXX-%ld", wd);
			if (has(k, S_PART)) {
				char p[4] = "";
				slot_key(c, k, S_PART, p, sizeof p);
				size_t l = strlen(t->value);
				snprintf(t->value + l, sizeof t->value - l, "T%s", p);
			}
			put_str(t->granularity, sizeof t->granularity,
				has(k, S_PART) ? "time" : "day");
			put_str(t->anchor, sizeof t->anchor, "unresolved");
			break;
		}
		int dir = 0;
		if (has(k, S_DIR)) {
			/* last Tuesday: strictly before; next Tuesday: strictly
			 * after; this Tuesday: the coming one */
			long sd = slot_dir(c, k);
			dir = sd < 0 ? -1 : sd > 0 ? 2 : 1;
		} else {
			dir = times_tense(c, k->s, k->e);
			put_str(t->anchor, sizeof t->anchor, "tense");
			/* an explicit date nearby: the weekday of that week */
		}
		if (!has(k, S_DIR) && c->expl_abs && c->expl_sent == t->sentence &&
		    labs(c->expl_day - c->dct) > 14) {
			/* a narrative about another time: the weekday nearest
			 * the date the sentence names */
			long ew = date_weekday(c->expl_day);
			long fwd = (wd - ew + 7) % 7;
			long day = fwd <= 3 ? c->expl_day + fwd : c->expl_day + fwd - 7;
			put_str(t->anchor, sizeof t->anchor, "narrative");
			v = cal_day(has(k, S_PART) ? G_TIME : G_DAY, day);
			if (has(k, S_PART))
				slot_key(c, k, S_PART, v.part, sizeof v.part);
			cal_finish(t, &v);
			break;
		}
		long cw = date_weekday(c->dct);
		long day;
		if (dir > 0) {
			long diff = (wd - cw + 7) % 7;
			day = c->dct + diff;
			if (dir == 2 && diff == 0)
				day += 7;
		} else {
			long diff = (cw - wd + 7) % 7;
			if (dir < 0 && has(k, S_DIR) && diff == 0)
				diff = 7;
			day = c->dct - diff;
		}
		if (!has(k, S_DIR) && dir == 0)
			put_str(t->anchor, sizeof t->anchor, "dct");
		v = cal_day(has(k, S_PART) ? G_TIME : G_DAY, day);
		if (has(k, S_PART))
			slot_key(c, k, S_PART, v.part, sizeof v.part);
		cal_finish(t, &v);
		if (day == c->dct)
			c->dct_day_seen = 1;
		break;
	}
	case A_QUARTER: {
		v = cal_new(G_QUARTER);
		long y = slot_int(c, k, S_YEAR);
		if (r->arg1 && strcmp(r->arg1, "year") == 0) {
			/* "the 1988 quarter": the quarter being reported, that year */
			v.y = (int)y;
			v.q = c->last_q;
			put_str(t->anchor, sizeof t->anchor, "explicit");
			cal_finish(t, &v);
			break;
		}
		if (r->arg1) {
			long n = strtol(r->arg1, NULL, 10);
			if (c->last_q > 0 && (n == -1 || n == -4) &&
			    !(r->arg2 && strcmp(r->arg2, "dct") == 0)) {
				/* "the quarter", "the year-ago quarter": the one the
				 * article is reporting on */
				long qq = (long)c->last_qy * 4 + c->last_q - 1 + (n == -4 ? -4 : 0);
				v.y = (int)(qq / 4);
				v.q = (int)(qq % 4) + 1;
				put_str(t->anchor, sizeof t->anchor, "narrative");
				cal_finish(t, &v);
				break;
			}
			if (!c->has_dct) {
				put_str(t->anchor, sizeof t->anchor, "unresolved");
				cal_finish(t, &v);
				break;
			}
			v = cal_unit("Q", c->dct, n == -4 ? -5 : n);
			cal_finish(t, &v);
			c->last_qy = v.y;
			c->last_q = v.q;
			c->last_q_sent = t->sentence;
			break;
		}
		v.q = (int)slot_int(c, k, S_ORD);
		if (v.q < 1 || v.q > 4)
			return;
		if (y >= 0) {
			v.y = (int)y;
			put_str(t->anchor, sizeof t->anchor, "explicit");
		} else if (c->has_dct) {
			v.y = c->d.y;
			if (has(k, S_AGO))
				v.y--;  /* the year-ago third quarter */
			else if (has(k, S_DIR))
				v.y += (int)slot_dir(c, k);   /* last year's */
			else if (v.q > (c->d.m - 1) / 3 + 1 &&
				 times_tense(c, k->s, k->e) <= 0)
				v.y--;  /* a quarter still to come, spoken of as past */
		} else
			put_str(t->anchor, sizeof t->anchor, "unresolved");
		cal_finish(t, &v);
		if (v.y >= 0 && v.q > 0) {
			c->last_qy = v.y;
			c->last_q = v.q;
			c->last_q_sent = t->sentence;
		}
		break;
	}
	case A_TOD: {
		long h = -1, mi = slot_int(c, k, S_MIN);
		char ap[4] = "";
		v = cal_new(G_TIME);
		if (has(k, S_HOUR)) {
			/* digits, or a word from the clock class (noon = 12,
			 * midnight = 24) that names the minute too */
			h = slot_int(c, k, S_HOUR);
			if (!isdigit((unsigned char)art->text[k->sl[S_HOUR][0]]))
				mi = h == 24 ? -1 : 0;
		}
		slot_key(c, k, S_AMPM, ap, sizeof ap);
		if (has(k, S_PART)) {
			char p[4] = "";
			slot_key(c, k, S_PART, p, sizeof p);
			if (strcmp(p, "AF") == 0 || strcmp(p, "EV") == 0 || strcmp(p, "NI") == 0)
				put_str(ap, sizeof ap, "pm");
			else
				put_str(ap, sizeof ap, "am");
		}
		if (strcmp(ap, "pm") == 0 && h < 12)
			h += 12;
		else if (strcmp(ap, "am") == 0 && h == 12)
			h = 0;
		/* the day: a weekday or today/yesterday in the match, else the
		 * sentence's explicit date, else the DCT */
		long day;
		int  known = 1;
		if (has(k, S_WD) && c->has_dct) {
			long wd = slot_int(c, k, S_WD);
			long cw = date_weekday(c->dct);
			int  dir = times_tense(c, k->s, k->e);
			if (dir > 0)
				day = c->dct + (wd - cw + 7) % 7;
			else
				day = c->dct - (cw - wd + 7) % 7;
			put_str(t->anchor, sizeof t->anchor, "tense");
		} else if (has(k, S_MONTH) && has(k, S_DAY) && c->has_dct &&
			   slot_int(c, k, S_MONTH) > 0) {
			long mm = slot_int(c, k, S_MONTH), dd = slot_int(c, k, S_DAY);
			if (dd < 1 || dd > date_days_in_month(c->d.y, (int)mm))
				return;
			day = date_to_days(c->d.y, (int)mm, (int)dd);
		} else if (has(k, S_REL) && c->has_dct) {
			long rd = slot_int(c, k, S_REL);   /* the reld class */
			day = c->dct + (rd >= -1 && rd <= 1 ? rd : 0);
		} else if (c->expl_sent >= 0 && c->expl_sent == t->sentence) {
			day = c->expl_day;
			put_str(t->anchor, sizeof t->anchor, "narrative");
		} else if (c->has_dct)
			day = c->dct;
		else {
			known = 0;
			day = 0;
			put_str(t->anchor, sizeof t->anchor, "unresolved");
		}
		if (known)
			v = cal_day(G_TIME, day);
		v.hh = (int)h;
		v.mi = (int)(mi < 0 ? -1 : mi);
		if (h == 24) {
			/* midnight: T24:00 of the day */
			v.mi = 0;
		}
		if (v.hh < 0 && !v.part[0])
			return;
		cal_finish(t, &v);
		if (h == 24 && known) {
			char ds[11];
			date_format(day, ds);
			snprintf(t->value, sizeof t->value, "%sT24:00", ds);
			snprintf(t->earliest, sizeof t->earliest, "%sT23:59", ds);
			snprintf(t->latest, sizeof t->latest, "%sT23:59", ds);
		}
		break;
	}
	case A_SET: {
		put_str(t->anchor, sizeof t->anchor, "explicit");
		const char *a = r->arg1 ? r->arg1 : "P1D";
		if (strcmp(a, "unit") == 0) {
			long cnt;
			if (unit_code(c, k, unit, sizeof unit) != 0)
				return;
			dur_value(c, k, unit, t->value, sizeof t->value, &cnt, r->arg1 && r->act == A_DUR ? strtol(r->arg1, NULL, 10) : -2);
		} else if (strcmp(a, "month") == 0) {
			long m = slot_int(c, k, S_MONTH);
			if (m < 1 || m > 12)
				return;
			snprintf(t->value, sizeof t->value, "XXXX-%02ld", m);
		} else if (strcmp(a, "wd") == 0) {
			long wd = slot_int(c, k, S_WD);
			if (wd < 1 || wd > 7)
				return;
			snprintf(t->value, sizeof t->value, "XXXX-WXX-%ld", wd);
		} else
			put_str(t->value, sizeof t->value, a);
		t->type = TX_SET;
		put_str(t->granularity, sizeof t->granularity, "");
		break;
	}
	case A_SERIES: {
		const char *kind = r->arg1 ? r->arg1 : "dur";
		t->ordinal = (int)slot_int(c, k, S_ORD);
		if (t->ordinal <= 0)
			return;
		put_str(t->anchor, sizeof t->anchor, "dct");
		if (unit_code(c, k, unit, sizeof unit) != 0)
			return;
		if (strcmp(kind, "rel") == 0) {
			long n = slot_dir(c, k);
			t->type = TX_DATE;
			if (!c->has_dct) {
				v = cal_unknown(unit);
				put_str(t->anchor, sizeof t->anchor, "unresolved");
			} else
				v = cal_unit(unit, c->dct, n < -1 || n > 1 ? 0 : n);
			cal_finish(t, &v);
			break;
		}
		long cnt;
		t->type = TX_DURATION;
		if (strcmp(kind, "run") == 0) {
			int tp; long mult;
			const char *L = dur_unit_letter(unit, &tp, &mult);
			cnt = t->ordinal;
			snprintf(t->value, sizeof t->value, "P%ld%s", cnt * mult, L);
		} else
			dur_value(c, k, unit, t->value, sizeof t->value, &cnt, r->arg1 && r->act == A_DUR ? strtol(r->arg1, NULL, 10) : -2);
		put_str(t->granularity, sizeof t->granularity,
			strcmp(unit, "D") == 0 ? "day" : strcmp(unit, "W") == 0 ? "week" :
			strcmp(unit, "M") == 0 ? "month" : "year");
		if (c->has_dct && cnt > 0) {
			/* the window ends at the event: the day named in the
			 * sentence ("on Tuesday, his third in 10 days"), else the DCT */
			long end = c->dct;
			if (c->sent_day_sent == t->sentence && c->sent_day <= c->dct) {
				end = c->sent_day;
				put_str(t->anchor, sizeof t->anchor, "narrative");
			}
			if (strcmp(unit, "D") == 0)
				cal_interval(t, end - cnt + 1, end, "day");
			else
				cal_interval(t, days_shift(end, unit, -cnt) + 1, end,
					     t->granularity);
		} else if (!c->has_dct)
			put_str(t->anchor, sizeof t->anchor, "unresolved");
		break;
	}
	}
}

/* ------------------------------------------------------------ driver */

/* A candidate before the overlaps are settled: its spans only.  The
 * slots of the kept ones are matched again (every candidate's slots took
 * some 450 bytes each: a gigabyte for a long article full of dates). */
typedef struct {
	size_t ms, me, s, e;
	int    rule;
} tx_span;

/* Candidate k of rule ri from the match in md. */
static void
cand_fill(int ri, pcre2_match_data *md, tx_cand *k)
{
	const tx_rule *r = &T.rules[ri];
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	uint32_t    npairs = pcre2_get_ovector_count(md);
	k->ms = ov[0];
	k->me = ov[1];
	k->rule = ri;
	for (int s = 0; s < NSLOT; s++) {
		k->sl[s][0] = k->sl[s][1] = NOPOS;
		for (int g = 0; g < r->ngrp[s]; g++) {
			uint32_t gi = (uint32_t)r->grp[s][g];
			if (gi < npairs && ov[2 * gi] != PCRE2_UNSET) {
				k->sl[s][0] = ov[2 * gi];
				k->sl[s][1] = ov[2 * gi + 1];
				break;
			}
		}
	}
	k->s = k->ms;
	k->e = k->me;
	if (k->sl[S_SPAN][0] != NOPOS) {
		k->s = k->sl[S_SPAN][0];
		k->e = k->sl[S_SPAN][1];
	}
}

/* Every rule's matches over the article, in rule order; caller frees. */
static tx_span *
cand_collect(const dl_article *art, dl_worker *w, size_t *n)
{
	tx_span *cand = NULL;
	size_t   cap = 0;
	*n = 0;
	prefilter_scan(T.pf, w, art->text, 0, art->len);
	for (size_t ri = 0; ri < T.nrules; ri++) {
		const tx_rule *r = &T.rules[ri];
		size_t off = 0;
		while (off < art->len) {
			int rc = prefilter_match(T.pf, ri, r->re, w, art->text,
						 art->len, art->len, off);
			if (rc < 0)
				break;
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(w->md);
			if (ov[1] > ov[0]) {
				tx_cand k;
				cand_fill((int)ri, w->md, &k);
				if (*n == cap)
					cand = xrealloc(cand, sizeof *cand * (cap = cap ? 2 * cap : 64));
				cand[(*n)++] = (tx_span){k.ms, k.me, k.s, k.e, k.rule};
				off = ov[1];
			} else
				off = ov[0] + 1;
			while (off < art->len && ((unsigned char)art->text[off] & 0xC0) == 0x80)
				off++;
		}
	}
	return cand;
}

static int
cand_cmp_len(const void *a, const void *b)
{
	const tx_span *x = a, *y = b;
	size_t lx = x->e - x->s, ly = y->e - y->s;
	if (lx != ly)
		return lx > ly ? -1 : 1;
	size_t mx = x->me - x->ms, my = y->me - y->ms;
	if (mx != my)
		return mx > my ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return x->s < y->s ? -1 : x->s > y->s;
}

static int
cand_cmp_start(const void *a, const void *b)
{
	const tx_span *x = a, *y = b;
	return x->s < y->s ? -1 : x->s > y->s;
}

static int
sentence_of(const dl_article *art, size_t off)
{
	size_t lo = 0, hi = art->nsents;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (art->sents[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= art->nsents)
		return art->nsents ? (int)art->nsents - 1 : 0;
	return (int)lo;
}

void
times_resolve(dl_article *art, dl_worker *w)
{
	art->timexes = NULL;
	art->ntimexes = 0;
	if (!T.ready || art->text == NULL || art->len == 0)
		return;

	size_t   ncand;
	tx_span *cand = cand_collect(art, w, &ncand);
	if (ncand == 0) {
		free(cand);
		return;
	}

	/* longest extent wins; then the longer whole match; then rule order */
	qsort(cand, ncand, sizeof *cand, cand_cmp_len);
	size_t nkeep = 0;
	unsigned char *taken = xcalloc(art->len, 1);
	for (size_t i = 0; i < ncand; i++) {
		int clash = 0;
		for (size_t b = cand[i].s; b < cand[i].e && !clash; b++)
			clash = taken[b];
		if (clash)
			continue;
		memset(taken + cand[i].s, 1, cand[i].e - cand[i].s);
		cand[nkeep++] = cand[i];
	}
	free(taken);
	qsort(cand, nkeep, sizeof *cand, cand_cmp_start);

	tx_ctx c;
	memset(&c, 0, sizeof c);
	c.art = art;
	c.w = w;
	c.expl_sent = -1;
	c.expl_year_sent = -1;
	c.expl_msent = -1;
	c.sent_day_sent = -1;
	c.memo = xcalloc(2 * T.ncues + 1, sizeof *c.memo);
	if (art->published[0] && date_parse_iso(art->published, &c.dct) == 0) {
		c.has_dct = 1;
		c.d = date_from_days(c.dct);
	}

	art->timexes = arena_alloc(art->arena, sizeof *art->timexes * nkeep);
	for (size_t i = 0; i < nkeep; i++) {
		/* the same match again: searched from where it starts, the
		 * first attempt is the one that found it */
		tx_cand kc, *k = &kc;
		if (pcre2_match(T.rules[cand[i].rule].re, (PCRE2_SPTR)art->text, art->len,
				cand[i].ms, PCRE2_NO_UTF_CHECK, w->md, NULL) < 0 ||
		    pcre2_get_ovector_pointer(w->md)[0] != cand[i].ms ||
		    pcre2_get_ovector_pointer(w->md)[1] != cand[i].me)
			abort();   /* cannot be */
		cand_fill(cand[i].rule, w->md, k);
		dl_timex *t = &art->timexes[art->ntimexes];
		memset(t, 0, sizeof *t);
		t->start = k->s;
		t->end = k->e;
		t->sentence = sentence_of(art, k->s);
		times_act(&c, &T.rules[k->rule], k, t);
		if (t->value[0] == '\0')
			continue;
		long dd;
		if (t->type == TX_DATE && strcmp(t->granularity, "day") == 0 &&
		    strlen(t->value) == 10 && date_parse_iso(t->value, &dd) == 0) {
			c.sent_day = dd;
			c.sent_day_sent = t->sentence;
		}
		if (strcmp(t->anchor, "explicit") == 0 && t->type == TX_DATE &&
		    isdigit((unsigned char)t->value[0]) && strlen(t->value) >= 4 &&
		    isdigit((unsigned char)t->value[3])) {
			c.expl_year = atoi(t->value);
			c.expl_year_sent = t->sentence;
		}
		art->ntimexes++;
	}
	free(cand);
	for (size_t i = 0; i < 2 * T.ncues; i++)
		free(c.memo[i].v);
	free(c.memo);
	/* "6 a.m. on Sept. 12": a clock time takes the day that follows it */
	for (size_t i = 0; i + 1 < art->ntimexes; i++) {
		dl_timex *t = &art->timexes[i], *n = &art->timexes[i + 1];
		long nd;
		if (t->type != TX_TIME || t->sentence != n->sentence ||
		    n->start < t->end || n->start - t->end > 5 ||
		    strcmp(t->anchor, "dct") != 0 || n->type != TX_DATE ||
		    strcmp(n->granularity, "day") != 0 || strlen(n->value) != 10 ||
		    date_parse_iso(n->value, &nd) != 0 || strlen(t->value) < 11 ||
		    t->value[10] != 'T')
			continue;
		memcpy(t->value, n->value, 10);
		if (strlen(t->earliest) > 10)
			memcpy(t->earliest, n->value, 10);
		if (strlen(t->latest) > 10)
			memcpy(t->latest, n->value, 10);
		put_str(t->anchor, sizeof t->anchor, "narrative");
	}
}
