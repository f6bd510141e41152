/* util.c - memory, files (inputs that never block, outputs written whole),
 * UTF-8, hashing, messages. */
#include "dipline.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
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

/* ------------------------------------------------------------ inputs */

/* What kind of node st is, for messages. */
static const char *
node_kind(const struct stat *st)
{
	if (S_ISFIFO(st->st_mode))
		return "a FIFO";
	if (S_ISSOCK(st->st_mode))
		return "a socket";
	if (S_ISCHR(st->st_mode))
		return "a character device";
	if (S_ISBLK(st->st_mode))
		return "a block device";
	if (S_ISDIR(st->st_mode))
		return "a folder";
	return "not a regular file";
}

int
util_open_input(const char *path, struct stat *st, const char **why)
{
	static __thread char reason[64];
	int fd;

	*why = NULL;
	if (strcmp(path, "-") == 0) {
		if (fstat(0, st) != 0) {
			*why = strerror(errno);
			return -1;
		}
		return 0;
	}
	/* stat first so that a FIFO or a device is never opened (opening a
	 * FIFO blocks until a writer comes); then open without blocking and
	 * check again what was opened, in case the node changed between. */
	if (stat(path, st) != 0) {
		*why = strerror(errno);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		snprintf(reason, sizeof reason, "not a regular file (%s)",
			 node_kind(st));
		*why = reason;
		errno = EINVAL;
		return -1;
	}
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*why = strerror(errno);
		return -1;
	}
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		snprintf(reason, sizeof reason, "not a regular file (%s)",
			 node_kind(st));
		*why = reason;
		errno = EINVAL;
		return -1;
	}
	return fd;
}

char *
util_read_fd(int fd, size_t limit, size_t *len, int *over)
{
	dl_buf  b = {0};
	char    tmp[65536];
	ssize_t n;

	*over = 0;
	for (;;) {
		size_t want = sizeof tmp;
		if (b.len + want > limit + 1)
			want = limit + 1 - b.len;
		n = read(fd, tmp, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			/* a non-blocking stdin: wait for data */
			util_wait_readable(fd);
			continue;
		}
		if (n < 0) {
			int e = errno;
			buf_free(&b);
			errno = e;
			return NULL;
		}
		if (n == 0)
			break;
		buf_put(&b, tmp, (size_t)n);
		if (b.len > limit) {
			buf_free(&b);
			*over = 1;
			errno = EFBIG;
			return NULL;
		}
	}
	buf_put(&b, "", 0);
	*len = b.len;
	return b.p;
}

char *
util_read_file(const char *path, size_t *len)
{
	struct stat st;
	const char *why;
	int         over, fd = util_open_input(path, &st, &why);
	char       *p;

	if (fd < 0)
		return NULL;
	p = util_read_fd(fd, UTIL_MAX_FILE, len, &over);
	if (fd != 0) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return p;
}

int
util_same_file(const char *path, const struct stat *st)
{
	struct stat o;
	if (stat(path, &o) != 0)
		return -1;
	return o.st_dev == st->st_dev && o.st_ino == st->st_ino;
}

void
util_wait_readable(int fd)
{
	struct pollfd p = {fd, POLLIN, 0};
	while (poll(&p, 1, -1) < 0 && errno == EINTR)
		;
}

/* ------------------------------------------------------------ outputs */

/* The temporary file being written, removed if a signal ends the run. */
static char                  tmp_path[4096];
static volatile sig_atomic_t tmp_live;

static void
on_fatal_signal(int sig)
{
	if (tmp_live)
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

void
util_signals_init(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* past the file-size limit (ulimit -f) a write fails with EFBIG, said
	 * and cleaned up like any failed write, instead of a silent kill that
	 * left the temporary file */
	signal(SIGXFSZ, SIG_IGN);
}

static int
write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd p = {fd, POLLOUT, 0};
			(void)poll(&p, 1, -1);
			continue;
		}
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write into an existing node directly (standard output, a FIFO, a
 * device): there is nothing to replace it with atomically. */
static int
write_direct(const char *path, const char *buf, size_t len)
{
	int fd = path ? open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC) : 1;
	if (fd < 0)
		return -1;
	int rc = write_all(fd, buf, len);
	if (path) {
		int e = errno;
		if (close(fd) != 0 && rc == 0)
			rc = -1;
		else
			errno = e;
	}
	return rc;
}

/* Create the temporary file beside target, exclusively; fd or -1. */
static int
make_temp(const char *target)
{
	const char *slash = strrchr(target, '/');
	int         dirlen = slash ? (int)(slash - target + 1) : 0;
	sigset_t    block, old;
	int         fd;

	if (snprintf(tmp_path, sizeof tmp_path, "%.*s.%s.XXXXXX", dirlen, target,
		     slash ? slash + 1 : target) >= (int)sizeof tmp_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	fd = mkstemp(tmp_path);
	if (fd >= 0) {
		tmp_live = 1;
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return fd;
}

static void
drop_temp(void)
{
	int e = errno;
	unlink(tmp_path);
	tmp_live = 0;
	errno = e;
}

/* Write through a temporary file, then rename it to target. */
static int
write_replace(const char *target, const char *buf, size_t len)
{
	struct stat st;
	mode_t      mode;
	int         fd = make_temp(target);

	if (fd < 0)
		return -1;
	if (stat(target, &st) == 0)
		mode = st.st_mode & 07777;
	else {
		mode_t um = umask(0);
		umask(um);
		mode = 0666 & ~um;
	}
	if (fchmod(fd, mode) != 0 || write_all(fd, buf, len) != 0 ||
	    fsync(fd) != 0) {
		close(fd);
		drop_temp();
		return -1;
	}
	if (close(fd) != 0 || rename(tmp_path, target) != 0) {
		drop_temp();
		return -1;
	}
	tmp_live = 0;
	return 0;
}

/* One link: where path leads, its target resolved, or for a dangling link
 * the path it names, relative to the link's folder.  NULL with errno. */
static char *
link_step(const char *path)
{
	char *real = realpath(path, NULL);
	if (real || errno != ENOENT)
		return real;
	char    to[4096];
	ssize_t n = readlink(path, to, sizeof to - 1);
	if (n < 0 || (size_t)n >= sizeof to - 1) {
		errno = n < 0 ? errno : ENAMETOOLONG;
		return NULL;
	}
	to[n] = '\0';
	const char *slash = strrchr(path, '/');
	if (to[0] == '/' || slash == NULL)
		return xstrdup(to);
	size_t dl = (size_t)(slash - path + 1);
	char  *out = xmalloc(dl + (size_t)n + 1);
	memcpy(out, path, dl);
	memcpy(out + dl, to, (size_t)n + 1);
	return out;
}

/* Where the symbolic link path leads (malloc'd): its resolved target, or
 * for a dangling link, through a chain of them, the file the last one
 * names (created by the write).  NULL with errno set (ELOOP past 40). */
static char *
link_target(const char *path)
{
	char *p = link_step(path);
	for (int i = 0; p; i++) {
		struct stat st;
		if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode))
			return p;
		if (i == 40) {
			free(p);
			errno = ELOOP;
			return NULL;
		}
		char *q = link_step(p);
		free(p);
		p = q;
	}
	return NULL;
}

char *
util_output_path(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		char *t = link_target(path);
		if (t)
			return t;
	}
	return xstrdup(path);
}

int
util_write_atomic(const char *path, const char *buf, size_t len)
{
	struct stat st, out;

	if (strcmp(path, "-") == 0)
		return write_direct(NULL, buf, len);
	if (stat(path, &st) == 0) {
		if (fstat(1, &out) == 0 && out.st_dev == st.st_dev &&
		    out.st_ino == st.st_ino)
			return write_direct(NULL, buf, len);  /* /dev/stdout */
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			return -1;
		}
		if (!S_ISREG(st.st_mode))
			return write_direct(path, buf, len);
	}
	/* a symbolic link: replace its target, keep the link */
	struct stat lst;
	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
		char *real = link_target(path);
		if (real == NULL)
			return -1;
		int rc = write_replace(real, buf, len);
		int e = errno;
		free(real);
		errno = e;
		return rc;
	}
	return write_replace(path, buf, len);
}

size_t
util_utf8_char(const char *s, size_t n, long *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c, min;
	size_t   k, len;

	if (n == 0)
		return 0;
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 1; min = 0x80; c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		len = 2; min = 0x800; c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		len = 3; min = 0x10000; c &= 0x07;
	} else
		return 0;
	if (n <= len)
		return 0;
	for (k = 1; k <= len; k++) {
		if ((p[k] & 0xc0) != 0x80)   /* also stops at a NUL */
			return 0;
		c = (c << 6) | (p[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = (long)c;
	return len + 1;
}

size_t
util_utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;
	long   cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = util_utf8_char(s + i, len - i, &cp)) == 0)
			return i;
		i += n;
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

/* Append s to b with control characters and invalid UTF-8 made visible:
 * C0 and DEL as \xNN, C1 (U+0080..U+009F) as \u00NN; TAB kept. */
static void
warn_clean(dl_buf *b, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		long          cp;
		size_t        len;
		if (c >= 0x80 && (len = util_utf8_char(s + i, n - i, &cp)) > 0) {
			/* one valid multibyte character */
			if (cp < 0xa0 || cp == 0x2028 || cp == 0x2029 ||
			    (cp >= 0x200e && cp <= 0x200f) ||
			    (cp >= 0x202a && cp <= 0x202e) ||
			    (cp >= 0x2066 && cp <= 0x2069))
				buf_printf(b, "\\u%04lx", cp);   /* C1, separators, bidi */
			else
				buf_put(b, s + i, len);
			i += len;
		} else if (c >= 0x80 || c < 0x20 || c == 0x7f) {
			buf_printf(b, "\\x%02x", c);
			i++;
		} else {
			buf_put(b, s + i, 1);
			i++;
		}
	}
}

void
util_vwarn(const char *file, long line, const char *fmt, va_list ap)
{
	dl_buf  raw = {0}, out = {0};
	va_list aq;

	if (line > 0)
		buf_printf(&raw, "%s:%ld: ", file, line);
	else if (file)
		buf_printf(&raw, "%s: ", file);
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n > 0) {
		char *tmp = xmalloc((size_t)n + 1);
		vsnprintf(tmp, (size_t)n + 1, fmt, ap);
		buf_put(&raw, tmp, (size_t)n);
		free(tmp);
	}
	buf_puts(&out, "dipline: ");
	warn_clean(&out, raw.p ? raw.p : "", raw.len);
	buf_put(&out, "\n", 1);
	fwrite(out.p, 1, out.len, stderr);
	buf_free(&raw);
	buf_free(&out);
}

void
util_warn(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	util_vwarn(file, line, fmt, ap);
	va_end(ap);
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
