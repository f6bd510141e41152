/* test_core.c - arena, buffers, UTF-8, dates, rule files, ingest. */
#include "../../src/dipline.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int   narts;
static char  got_ids[8][64];
static char  got_dates[8][11];

static void
collect(dl_article *art, void *ud)
{
	(void)ud;
	if (narts < 8) {
		snprintf(got_ids[narts], sizeof got_ids[narts], "%s", art->id);
		memcpy(got_dates[narts], art->published, 11);
	}
	narts++;
	ingest_article_free(art);
}

static char *
write_tmp(const char *name, const char *content, size_t len)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/dipline-core-%ld-%s",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid(), name);
	FILE *fp = fopen(path, "wb");
	fwrite(content, 1, len, fp);
	fclose(fp);
	return path;
}

int
main(void)
{
	/* arena */
	arena *a = arena_new();
	char  *s = arena_strdup(a, "hello");
	is_str(s, "hello", "arena_strdup copies");
	is_str(arena_printf(a, "%d-%s", 42, "x"), "42-x", "arena_printf formats");
	void *big = arena_alloc(a, 200000);
	ok(big != NULL && ((uintptr_t)big % 16) == 0, "large allocation aligned");
	size_t cap = 0;
	int   *arr = NULL;
	for (int i = 0; i < 100; i++) {
		if ((size_t)i == cap)
			arr = arena_grow(a, arr, sizeof *arr, &cap);
		arr[i] = i;
	}
	ok(arr[0] == 0 && arr[99] == 99 && cap == 128, "arena_grow keeps contents");
	is_str(util_slug(a, "Sergei  Lavrov", 14), "sergei-lavrov", "slug");
	is_str(util_slug(a, "the Islamic State group", 23), "the-islamic-state-group",
	       "slug of several words");
	arena_free(a);

	/* buffers */
	dl_buf b = {0};
	buf_puts(&b, "ab");
	buf_printf(&b, "%05d", 7);
	is_str(b.p, "ab00007", "buf_printf appends");
	is_int(b.len, 7, "buf length");
	buf_free(&b);

	/* UTF-8 */
	is_int(util_utf8_valid("caf\xc3\xa9", 5), 5, "valid two-byte sequence");
	is_int(util_utf8_valid("ab\xc3", 3), 2, "truncated sequence stops");
	is_int(util_utf8_valid("a\xff" "b", 3), 1, "0xff is invalid");
	is_int(util_utf8_valid("\xc0\xaf", 2), 0, "overlong encoding is invalid");
	is_int(util_utf8_valid("\xed\xa0\x80", 3), 0, "surrogates are invalid");
	is_int(util_utf8_valid("\xf0\x9f\x98\x80", 4), 4, "four-byte emoji valid");

	/* dates */
	long d;
	char out[11];
	ok(date_parse_iso("2015-09-09", &d) == 0, "parse ISO date");
	is_int(date_weekday(d), 3, "2015-09-09 is a Wednesday");
	date_format(d - 1, out);
	is_str(out, "2015-09-08", "day before");
	int y, wk;
	date_iso_week(d, &y, &wk);
	ok(y == 2015 && wk == 37, "2015-09-09 is in ISO week 2015-W37");
	date_format(date_iso_week_monday(2015, 38), out);
	is_str(out, "2015-09-14", "Monday of 2015-W38");
	date_iso_week(date_to_days(2021, 1, 1), &y, &wk);
	ok(y == 2020 && wk == 53, "2021-01-01 belongs to 2020-W53");
	is_int(date_days_in_month(2024, 2), 29, "leap February");
	is_int(date_days_in_month(1900, 2), 28, "1900 is not a leap year");
	ok(date_parse_iso("2015-02-30", &d) != 0, "February 30 rejected");
	ok(date_parse_iso("2015-9-9", &d) != 0, "non-padded date rejected");

	/* ingest: .txt with headers */
	const char *txt = "Title: A title\nPublished: September 9, 2015\n"
			  "URL: https://example.org/a\n\nBody text here.\n";
	char *p = write_tmp("a.txt", txt, strlen(txt));
	narts = 0;
	is_int(ingest_path(p, NULL, collect, NULL), 0, "txt with headers accepted");
	is_int(narts, 1, "one article");
	is_str(got_dates[0], "2015-09-09", "Published: header parsed");
	unlink(p);

	/* ingest: jsonl with a bad line among good ones */
	const char *jl = "{\"id\":\"a1\",\"published\":\"2015-09-09T10:00:00Z\",\"text\":\"One.\"}\n"
			 "{not json}\n"
			 "\n"
			 "{\"id\":\"a2\",\"published\":\"Wed, 09 Sep 2015 10:00:00 GMT\",\"text\":\"Two.\"}\n"
			 "{\"id\":\"a3\",\"text\":\"No date.\"}\n";
	p = write_tmp("b.jsonl", jl, strlen(jl));
	narts = 0;
	is_int(ingest_path(p, "2015-01-02", collect, NULL), 1, "one bad record rejected");
	is_int(narts, 3, "good records still read");
	is_str(got_ids[1], "a2", "record id kept");
	is_str(got_dates[1], "2015-09-09", "RFC 822 date parsed");
	is_str(got_dates[2], "2015-01-02", "--dct fills a record without a date");
	unlink(p);

	/* ingest: invalid UTF-8, binary, empty */
	p = write_tmp("c.txt", "ok\nbad \xff here\n", 14);
	narts = 0;
	is_int(ingest_path(p, NULL, collect, NULL), 1, "invalid UTF-8 rejected");
	is_int(narts, 0, "no article from invalid UTF-8");
	unlink(p);
	p = write_tmp("d.txt", "ab\0cd", 5);
	is_int(ingest_path(p, NULL, collect, NULL), 1, "binary file rejected");
	unlink(p);
	p = write_tmp("e.txt", "", 0);
	is_int(ingest_path(p, NULL, collect, NULL), 1, "empty file rejected");
	unlink(p);
	is_int(ingest_path("/nonexistent/dipline", NULL, collect, NULL), 1,
	       "missing file rejected");

	return done_testing();
}
