/* text.c - sentences, paragraphs and paragraph roles.
 *
 * Paragraphs end at a blank line, or at a single newline after a line that
 * ends a sentence or is short (headlines, credits, captions).  Sentences end
 * at . ! ? (with closing quotes or brackets) followed by white space and a
 * capital, digit or opening quote, except after an abbreviation from
 * rules/text.rules.  Paragraph roles (boilerplate, credit, caption) come
 * from the patterns in the same file.
 */
#include "dipline.h"

#include <stdlib.h>
#include <string.h>

/* a line shorter than this without final punctuation is its own paragraph */
#define TEXT_SHORT_LINE 60
/* the first paragraph is a headline when shorter than this and unpunctuated */
#define TEXT_HEADLINE_MAX 200

typedef struct {
	pcre2_code *re;
	int         kind;
} text_pattern;

enum { PAT_TAIL, PAT_BOILERPLATE, PAT_CREDIT, PAT_CAPTION };

static dl_rule_file  *text_rules;
static const char   **abbrevs;      /* sorted */
static size_t         nabbrevs;
static text_pattern  *patterns;
static size_t         npatterns;

static int
cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
text_init(void)
{
	text_rules = rules_file_read("text.rules");
	if (text_rules == NULL)
		return -1;
	abbrevs = xcalloc(text_rules->nlines, sizeof *abbrevs);
	patterns = xcalloc(text_rules->nlines, sizeof *patterns);
	for (size_t i = 0; i < text_rules->nlines; i++) {
		dl_rule_line *l = &text_rules->lines[i];
		const char   *k = l->fields[0];
		int           kind;

		if (l->nfields != 2) {
			util_warn(text_rules->path, l->line,
				  "want KIND<TAB>VALUE, found %d field(s)", l->nfields);
			return -1;
		}
		if (strcmp(k, "abbrev") == 0) {
			abbrevs[nabbrevs++] = l->fields[1];
			continue;
		} else if (strcmp(k, "tail") == 0)
			kind = PAT_TAIL;
		else if (strcmp(k, "boilerplate") == 0)
			kind = PAT_BOILERPLATE;
		else if (strcmp(k, "credit") == 0)
			kind = PAT_CREDIT;
		else if (strcmp(k, "caption") == 0)
			kind = PAT_CAPTION;
		else {
			util_warn(text_rules->path, l->line, "unknown rule kind '%s'", k);
			return -1;
		}
		pcre2_code *re = rules_compile(l->fields[1], 0, text_rules->path, l->line);
		if (re == NULL)
			return -1;
		patterns[npatterns].re = re;
		patterns[npatterns].kind = kind;
		npatterns++;
	}
	qsort(abbrevs, nabbrevs, sizeof *abbrevs, cmp_cstr);
	return 0;
}

void
text_done(void)
{
	for (size_t i = 0; i < npatterns; i++)
		pcre2_code_free(patterns[i].re);
	free(patterns);
	free(abbrevs);
	rules_file_free(text_rules);
	patterns = NULL;
	abbrevs = NULL;
	text_rules = NULL;
	npatterns = nabbrevs = 0;
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v';
}

/* Length of a UTF-8 closing quote/bracket at s (0 if none). */
static size_t
closer_len(const char *s, const char *end)
{
	unsigned char c = (unsigned char)*s;
	if (c == '"' || c == '\'' || c == ')' || c == ']')
		return 1;
	/* ” ’ » */
	if (end - s >= 3 && (unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x9d || (unsigned char)s[2] == 0x99))
		return 3;
	if (end - s >= 2 && (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xbb)
		return 2;
	return 0;
}

/* Does the text at s start a new sentence? (capital, digit, opening quote) */
static int
starts_sentence(const char *s, const char *end)
{
	unsigned char c = (unsigned char)*s;
	if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '"' ||
	    c == '\'' || c == '(' || c == '[' || c == '`')
		return 1;
	if (c >= 0xc3 && c <= 0xdf)   /* Latin capitals and other letters: assume start */
		return 1;
	/* “ ‘ */
	if (end - s >= 3 && c == 0xe2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x9c || (unsigned char)s[2] == 0x98))
		return 1;
	return 0;
}

/* Is the word that ends just before the '.' at dot an abbreviation? */
static int
is_abbrev(const char *text, const char *dot)
{
	const char *b = dot;
	while (b > text && !is_space((unsigned char)b[-1]) && b[-1] != '(' &&
	       b[-1] != '"' && b[-1] != '\'')
		b--;
	size_t n = (size_t)(dot - b);
	if (n == 0 || n > 15)
		return 0;
	/* initials: a single capital letter ("John F. Kennedy") */
	if (n == 1 && b[0] >= 'A' && b[0] <= 'Z')
		return 1;
	char word[16];
	memcpy(word, b, n);
	word[n] = '\0';
	const char *key = word;
	return bsearch(&key, abbrevs, nabbrevs, sizeof *abbrevs, cmp_cstr) != NULL;
}

static void
add_sentence(dl_article *art, size_t *cap, size_t s, size_t e, int para)
{
	while (s < e && is_space((unsigned char)art->text[s]))
		s++;
	while (e > s && is_space((unsigned char)art->text[e - 1]))
		e--;
	if (e <= s)
		return;
	if (art->nsents == *cap)
		art->sents = arena_grow(art->arena, art->sents, sizeof *art->sents, cap);
	dl_sentence *st = &art->sents[art->nsents++];
	st->start = s;
	st->end = e;
	st->paragraph = para;
	st->role = ROLE_BODY;
}

/* Split one paragraph [ps, pe) into sentences. */
static void
split_paragraph(dl_article *art, size_t *cap, size_t ps, size_t pe, int para)
{
	const char *t = art->text;
	size_t      s = ps;

	for (size_t i = ps; i < pe; i++) {
		char c = t[i];
		if (c != '.' && c != '!' && c != '?')
			continue;
		size_t j = i + 1;
		/* runs of punctuation and closing quotes: "...", ?!, .” */
		for (;;) {
			if (j < pe && (t[j] == '.' || t[j] == '!' || t[j] == '?')) {
				j++;
				continue;
			}
			size_t cl = j < pe ? closer_len(t + j, t + pe) : 0;
			if (cl) {
				j += cl;
				continue;
			}
			break;
		}
		if (j >= pe)
			break;
		/* no end here: nor at the rest of the run, which ends at j
		 * too (looking at each was quadratic in a run of dots) */
		if (!is_space((unsigned char)t[j])) {
			i = j - 1;
			continue;
		}
		size_t k = j;
		while (k < pe && is_space((unsigned char)t[k]))
			k++;
		if (k >= pe || !starts_sentence(t + k, t + pe)) {
			i = j - 1;
			continue;
		}
		if (c == '.' && j == i + 1 && is_abbrev(t + ps, t + i))
			continue;
		add_sentence(art, cap, s, j, para);
		s = k;
		i = k - 1;
	}
	add_sentence(art, cap, s, pe, para);
}

static int
line_ends_sentence(const char *s, const char *e)
{
	while (e > s && is_space((unsigned char)e[-1]))
		e--;
	while (e > s && closer_len(e - 1, e + 0) == 1)
		e--;
	if (e - s >= 3 && closer_len(e - 3, e))
		e -= 3;
	return e > s && (e[-1] == '.' || e[-1] == '!' || e[-1] == '?' || e[-1] == ':');
}

static int
paragraph_role(const char *p, size_t n, dl_worker *w, int *tail)
{
	int role = ROLE_BODY;
	for (size_t i = 0; i < npatterns; i++) {
		int rc = pcre2_match(patterns[i].re, (PCRE2_SPTR)p, n, 0,
				     PCRE2_NO_UTF_CHECK, w->md, NULL);
		if (rc < 0)
			continue;
		switch (patterns[i].kind) {
		case PAT_TAIL:
			*tail = 1;
			return ROLE_BOILERPLATE;
		case PAT_BOILERPLATE:
			return ROLE_BOILERPLATE;
		case PAT_CREDIT:
			if (role == ROLE_BODY)
				role = ROLE_CREDIT;
			break;
		case PAT_CAPTION:
			role = ROLE_CAPTION;
			break;
		}
	}
	return role;
}

void
text_segment(dl_article *art, dl_worker *w)
{
	const char *t = art->text;
	size_t      len = art->len, cap = 0, pstart = 0, i = 0;
	int         para = 0, tail = 0;

	art->sents = NULL;
	art->nsents = 0;
	while (pstart < len) {
		/* skip leading blank space */
		while (pstart < len && is_space((unsigned char)t[pstart]))
			pstart++;
		if (pstart >= len)
			break;
		/* find the paragraph end */
		size_t pend = pstart;
		i = pstart;
		for (;;) {
			const char *nl = memchr(t + i, '\n', len - i);
			size_t      eol = nl ? (size_t)(nl - t) : len;
			size_t      next = nl ? eol + 1 : len;
			pend = eol;
			if (!nl)
				break;
			/* blank line next? */
			size_t k = next;
			while (k < len && (t[k] == ' ' || t[k] == '\t' || t[k] == '\r'))
				k++;
			if (k >= len || t[k] == '\n')
				break;
			if (line_ends_sentence(t + i, t + eol) ||
			    eol - i < TEXT_SHORT_LINE)
				break;
			i = next;
		}
		size_t first = art->nsents;
		int    role;
		if (tail)
			role = ROLE_BOILERPLATE;
		else
			role = paragraph_role(t + pstart, pend - pstart, w, &tail);
		if (para == 0 && role == ROLE_BODY &&
		    pend - pstart < TEXT_HEADLINE_MAX &&
		    !line_ends_sentence(t + pstart, t + pend) &&
		    memchr(t + pstart, '\n', pend - pstart) == NULL)
			role = ROLE_HEADLINE;
		split_paragraph(art, &cap, pstart, pend, para);
		for (size_t s = first; s < art->nsents; s++)
			art->sents[s].role = (dl_role)role;
		para++;
		pstart = pend;
	}
}
