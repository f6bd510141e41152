/*
 * escape.c - making text from the inputs safe for each output format.
 *
 * Names, titles, URLs and the like come from articles and from timelines
 * written by anyone; every export that is not built by jansson passes them
 * through here.  escape_text() is the common first step: it removes what no
 * output should carry (control characters, bidirectional controls, Unicode
 * noncharacters, bytes that are not UTF-8), each replaced by U+FFFD so that
 * the loss stays visible.  Format-specific escaping (XML/HTML here, CSV and DOT in their
 * export files) is applied to its result.
 */
#include "dipline.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ESCAPE_REPLACEMENT "\xef\xbf\xbd"   /* U+FFFD */

/* The UTF-8 character at p (NUL-terminated) into *cp: its length, or 0
 * when p does not start a valid character. */
static size_t
escape_decode(const unsigned char *p, long *cp)
{
	return util_utf8_char((const char *)p, 4, cp);
}

int
escape_noncharacter(long cp)
{
	return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
}

/* The bidirectional controls (marks, embeddings, overrides, isolates:
 * Unicode's Bidi_Control property but ALM): text written with them can be
 * shown in another order than it is read ("Trojan Source", CVE-2021-42574). */
static int
escape_bidi(long cp)
{
	return cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Append the clean form of one character that is not plainly safe. */
static void
escape_special(dl_buf *b, long cp, int flags)
{
	if (cp == '\t')
		buf_puts(b, flags & ESCAPE_TAB ? "\t" : " ");
	else if (cp == '\n' || cp == '\r' || cp == 0x85)   /* 0x85: NEL */
		buf_puts(b, flags & ESCAPE_LINES ? "\n" : " ");
	else
		buf_puts(b, ESCAPE_REPLACEMENT);
}

void
escape_text(dl_buf *b, const char *s, int flags)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *run = p;

	buf_put(b, "", 0);
	while (*p) {
		long   cp;
		size_t n = escape_decode(p, &cp);

		if (n != 0 && cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) &&
		    !escape_noncharacter(cp) && !escape_bidi(cp)) {
			p += n;
			continue;
		}
		buf_put(b, (const char *)run, (size_t)(p - run));
		if (n == 0) {
			buf_puts(b, ESCAPE_REPLACEMENT);
			p++;
		} else if (cp == '\r' && p[1] == '\n')
			p++;   /* CR LF: one line break, written for the LF */
		else {
			escape_special(b, cp, flags);
			p += n;
		}
		run = p;
	}
	buf_put(b, (const char *)run, (size_t)(p - run));
}

int
escape_url_ok(const char *url)
{
	const char *rest;

	if (url == NULL)
		return 0;
	if (strncasecmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		rest = url + 7;
	else
		return 0;
	if (*rest == '\0' || *rest == '/')
		return 0;   /* no host */
	for (const unsigned char *p = (const unsigned char *)url; *p; ) {
		long   cp;
		size_t n = escape_decode(p, &cp);
		/* RFC 3986 excludes these; controls and spaces end a URL */
		if (n == 0 || cp <= 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    escape_noncharacter(cp) || escape_bidi(cp) ||
		    (cp < 0x80 && strchr("\"<>\\^`{|}", (int)cp)))
			return 0;
		p += n;
	}
	return 1;
}

void
buf_xml(dl_buf *b, const char *s)
{
	dl_buf t = {0};

	escape_text(&t, s, ESCAPE_LINES);
	buf_put(b, "", 0);
	for (const char *p = t.p, *run = t.p; ; p++) {
		const char *rep;
		switch (*p) {
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '&': rep = "&amp;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&apos;"; break;
		case '\n': rep = "&#10;"; break;   /* kept through attribute normalisation */
		case '\0': rep = ""; break;
		default: continue;
		}
		buf_put(b, run, (size_t)(p - run));
		buf_puts(b, rep);
		if (*p == '\0')
			break;
		run = p + 1;
	}
	buf_free(&t);
}
