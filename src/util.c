/* util.c - memory, files, UTF-8, hashing, messages. */
#include "dipline.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
oom(void)
{
	fputs("dipline: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
util_read_file(const char *path, size_t *len)
{
	FILE  *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	dl_buf b = {0};
	char   tmp[65536];
	size_t n;

	if (fp == NULL)
		return NULL;
	while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0)
		buf_put(&b, tmp, n);
	if (ferror(fp)) {
		int e = errno ? errno : EIO;
		if (fp != stdin)
			fclose(fp);
		buf_free(&b);
		errno = e;
		return NULL;
	}
	if (fp != stdin)
		fclose(fp);
	buf_put(&b, "", 0);
	*len = b.len;
	return b.p;
}

int
util_write_atomic(const char *path, const char *buf, size_t len)
{
	if (strcmp(path, "-") == 0) {
		if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0)
			return -1;
		return 0;
	}
	size_t plen = strlen(path);
	char  *tmp = xmalloc(plen + 32);
	snprintf(tmp, plen + 32, "%s.tmp.%ld", path, (long)getpid());
	FILE *fp = fopen(tmp, "wb");
	if (fp == NULL) {
		free(tmp);
		return -1;
	}
	if (fwrite(buf, 1, len, fp) != len || fflush(fp) != 0 ||
	    fsync(fileno(fp)) != 0) {
		int e = errno;
		fclose(fp);
		unlink(tmp);
		free(tmp);
		errno = e;
		return -1;
	}
	if (fclose(fp) != 0 || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		free(tmp);
		errno = e;
		return -1;
	}
	free(tmp);
	return 0;
}

size_t
util_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i];
		size_t   n;
		unsigned min;

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1; min = 0x80; c &= 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2; min = 0x800; c &= 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3; min = 0x10000; c &= 0x07;
		} else
			return i;
		if (len - i <= n)
			return i;
		for (size_t k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return i;
			c = (c << 6) | (p[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return i;
		i += n + 1;
	}
	return i;
}

uint64_t
util_hash64(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

char *
util_slug(arena *a, const char *s, size_t n)
{
	char  *out = arena_alloc(a, n + 1);
	size_t j = 0;
	int    dash = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
			if (dash && j)
				out[j++] = '-';
			out[j++] = (char)c;
			dash = 0;
		} else if (c >= 'A' && c <= 'Z') {
			if (dash && j)
				out[j++] = '-';
			out[j++] = (char)(c - 'A' + 'a');
			dash = 0;
		} else if (c == '\'' || c == 0xe2)
			continue;
		else
			dash = 1;
	}
	out[j] = '\0';
	return out;
}

void
util_warn(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	if (line > 0)
		fprintf(stderr, "dipline: %s:%ld: ", file, line);
	else if (file)
		fprintf(stderr, "dipline: %s: ", file);
	else
		fputs("dipline: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
buf_put(dl_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_puts(dl_buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_printf(dl_buf *b, const char *fmt, ...)
{
	va_list ap;
	int     n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_put(b, "", 0);
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap;
		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_free(dl_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
