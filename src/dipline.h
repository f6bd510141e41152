/*
 * dipline.h - the one internal header of dipline.
 *
 * The pipeline is ingest -> text -> times -> actors -> events -> graph ->
 * export_*.  Each stage lives in the .c file of the same name and its
 * functions carry that prefix.  Everything that belongs to one article is
 * allocated from the article's arena (art->arena) and dies with
 * ingest_article_free(); the graph owns copies of what it keeps, allocated
 * from its own arena.  Compiled rules (dl_rules) are built once at start and
 * are shared read-only by worker threads; every thread has its own dl_worker
 * holding its pcre2 match data.
 */
#ifndef DIPLINE_H
#define DIPLINE_H

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#define DL_FORMAT_VERSION "1.0"

/* ------------------------------------------------------------------ util */

/* arena.c: bump allocator.  Memory lives until arena_free(). */
typedef struct arena arena;
arena *arena_new(void);                       /* NULL on OOM */
void  *arena_alloc(arena *a, size_t n);       /* zeroed, 16-aligned; aborts on OOM */
char  *arena_strndup(arena *a, const char *s, size_t n);
char  *arena_strdup(arena *a, const char *s); /* NULL in -> NULL out */
char  *arena_printf(arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Grow an array held in the arena: returns a new block of cap*2 (or 8)
 * elements with the old contents copied; *cap is updated. */
void  *arena_grow(arena *a, void *old, size_t elsize, size_t *cap);
void   arena_free(arena *a);

/* util.c */
void  *xmalloc(size_t n);                     /* aborts on OOM */
void  *xcalloc(size_t n, size_t m);
void  *xrealloc(void *p, size_t n);
char  *xstrdup(const char *s);
char  *xstrndup(const char *s, size_t n);
/* Largest file util_read_file reads (a built timeline given to merge). */
#define UTIL_MAX_FILE ((size_t)1 << 30)
struct stat;
/* Open an input for reading without ever blocking on it: "-" is standard
 * input (fd 0, not to be closed); anything else must be a regular file,
 * checked before and after opening, so FIFOs, sockets and devices are
 * never opened.  Returns the fd with *st filled, or -1 with *why set to a
 * reason for messages (a static string; errno EINVAL when the node is not
 * a regular file). */
int    util_open_input(const char *path, struct stat *st, const char **why);
/* Read fd to its end, at most limit bytes: a NUL-terminated heap buffer
 * the caller frees, or NULL with errno set (*over = 1 and errno EFBIG when
 * there was more than limit; reading then stops). */
char  *util_read_fd(int fd, size_t limit, size_t *len, int *over);
/* Wait until fd (non-blocking) has data or is at its end. */
void   util_wait_readable(int fd);
/* Read a whole input (util_open_input, at most UTIL_MAX_FILE bytes); caller
 * frees.  NULL and errno set on failure (EINVAL: not a regular file). */
char  *util_read_file(const char *path, size_t *len);
/* Write buf to path whole or not at all.  "-", or a path naming standard
 * output itself (/dev/stdout, or the file fd 1 has open), writes to
 * standard output.  An existing node that is not a regular file (FIFO,
 * terminal, /dev/null) is opened and written directly, never replaced.  A
 * symbolic link is followed and its target replaced, the link kept.  A
 * regular file is written to a temporary file made exclusively in the same
 * folder (mkstemp: a planted symbolic link is never followed), given the
 * mode of the file it replaces (new files: 0666 less the umask), synced,
 * then renamed over path; it is removed on failure and on SIGINT, SIGTERM
 * and SIGHUP (see util_signals_init).  0 on success, -1 with errno. */
int    util_write_atomic(const char *path, const char *buf, size_t len);
/* The file util_write_atomic(path) writes (malloc'd): path, or where the
 * symbolic link (chain) path leads, the file a dangling one names. */
char  *util_output_path(const char *path);
/* Install the handlers that remove util_write_atomic's temporary file on
 * SIGINT, SIGTERM and SIGHUP (then die of the signal), and ignore SIGPIPE
 * so a closed output is an EPIPE write error, not a silent death. */
void   util_signals_init(void);
/* Same node (device and inode) as path?  -1 when path does not exist. */
int    util_same_file(const char *path, const struct stat *st);
/* The UTF-8 character at s (n bytes available) into *cp: its length in
 * bytes, or 0 when s does not start a valid character (overlong forms,
 * surrogates and values over U+10FFFF are invalid; a NUL stops it). */
size_t util_utf8_char(const char *s, size_t n, long *cp);
/* Length of the valid UTF-8 prefix of s; == len when all valid. */
size_t util_utf8_valid(const char *s, size_t len);
/* FNV-1a 64-bit hash. */
uint64_t util_hash64(const void *p, size_t n, uint64_t seed);
/* Lowercase ASCII slug ("Sergei Lavrov" -> "sergei-lavrov") into the arena. */
char  *util_slug(arena *a, const char *s, size_t n);
/* Report a problem with an input: "dipline: FILE:LINE: REASON".  line 0
 * omits it.  Control characters (C0, DEL, C1, line separators, bidi
 * controls) and invalid UTF-8 in the message are written as \xNN or
 * \uNNNN, so that names and values read from input cannot drive or
 * disguise the terminal. */
void   util_warn(const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void   util_vwarn(const char *file, long line, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* growable byte buffer (heap); owner frees with buf_free */
typedef struct {
	char  *p;
	size_t len, cap;
} dl_buf;
void buf_put(dl_buf *b, const char *s, size_t n);
void buf_puts(dl_buf *b, const char *s);
void buf_printf(dl_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_free(dl_buf *b);

/* escape.c: text from the inputs made safe for the outputs. */
enum {
	ESCAPE_TAB   = 1,   /* keep TAB (else it becomes a space) */
	ESCAPE_LINES = 2    /* keep line breaks, as LF: LF, CR LF, CR, NEL
			     * (else each becomes a space) */
};
/* Append s cleaned: C0 controls other than those kept by flags, DEL, C1
 * controls, noncharacters (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF) and bytes
 * that are not UTF-8 each become U+FFFD.  NULL appends nothing. */
void escape_text(dl_buf *b, const char *s, int flags);
/* 1 for U+FDD0..U+FDEF and the last two code points of every plane. */
int  escape_noncharacter(long cp);
/* 1 when url may become a link: http or https with a host, no spaces,
 * controls or characters RFC 3986 excludes ("<>\^`{|}). */
int  escape_url_ok(const char *url);
/* Append s cleaned (escape_text, line breaks kept) and escaped for XML
 * 1.0 or HTML text and attribute values: & < > " ' escaped, LF as &#10;,
 * TAB as a space. */
void buf_xml(dl_buf *b, const char *s);

/* ------------------------------------------------------------------ dates */

/* date.c: proleptic Gregorian calendar arithmetic on day numbers. */
typedef struct {
	int y, m, d;
} dl_ymd;
long   date_to_days(int y, int m, int d);     /* days since 1970-01-01 */
dl_ymd date_from_days(long days);
int    date_weekday(long days);               /* 1=Monday .. 7=Sunday */
int    date_days_in_month(int y, int m);
/* ISO 8601 week: year and week number of a day. */
void   date_iso_week(long days, int *year, int *week);
long   date_iso_week_monday(int year, int week);
/* Parse "YYYY-MM-DD" (optionally followed by T...); 0 on success. */
int    date_parse_iso(const char *s, long *days);
/* Format days as "YYYY-MM-DD" into out (11 bytes). */
void   date_format(long days, char out[11]);

/* ------------------------------------------------------------------ rules */

/* rules.c: locate and read rule files, compile patterns.
 * A rule file is UTF-8 text; '#' starts a comment line; fields are separated
 * by TAB.  rules_dir() returns the directory rule files are read from:
 * $DIPLINE_RULES, else the source tree when running from the build tree,
 * else the installed package data directory. */
const char *rules_dir(void);

typedef struct {
	char  **fields;   /* nfields strings */
	int     nfields;
	int     line;     /* 1-based line in the file */
} dl_rule_line;

typedef struct {
	char         *path;
	dl_rule_line *lines;
	size_t        nlines;
	arena        *arena;
} dl_rule_file;

/* Read rules_dir()/name.  NULL and a message on stderr on failure.
 * Free with rules_file_free. */
dl_rule_file *rules_file_read(const char *name);
void          rules_file_free(dl_rule_file *f);

/* Compile one pattern with PCRE2_UTF|PCRE2_UCP|PCRE2_USE_OFFSET_LIMIT|extra
 * and JIT it.
 * On error prints "FILE:LINE: reason" and returns NULL. */
pcre2_code *rules_compile(const char *pattern, uint32_t extra,
			  const char *file, int line);

/* Match re against text (textlen bytes of valid UTF-8, as ingest leaves
 * every article) from off, with the subject ending at len (<= textlen):
 * pcre2_match without its UTF check, which would re-read the text at every
 * call.  An off or len inside a character gives PCRE2_ERROR_BADUTFOFFSET,
 * as the check would. */
int rules_match_text(const pcre2_code *re, const char *text, size_t textlen,
		     size_t len, size_t off, pcre2_match_data *md);

/* Every stage that has rules loads and compiles them once in its
 * STAGE_init() (static module state, read-only afterwards, shared by all
 * threads) and releases them in STAGE_done().  rules_init() calls them all;
 * 0 on success, else -1 after printing why. */
int  rules_init(void);
void rules_done(void);
int  text_init(void);    void text_done(void);
int  times_init(void);   void times_done(void);
int  actors_init(void);  void actors_done(void);
int  events_init(void);  void events_done(void);

/* Per-thread scratch: own pcre2 match data, match context and prefilter
 * state (prefilter.c). */
struct dl_pfhits;
typedef struct {
	pcre2_match_data    *md;    /* room for 64 capture pairs */
	pcre2_match_context *mctx;  /* the offset limit of prefilter_match */
	void                *hs_scratch;   /* Vectorscan's */
	struct dl_pfhits    *pf;    /* reported ends, per prefilter */
} dl_worker;
dl_worker *worker_new(void);
void       worker_free(dl_worker *w);

/* prefilter.c: one Vectorscan scan of a span for a whole rule family,
 * then pcre2 only near the ends it reports (see prefilter.c for why the
 * matches are exactly pcre2's).  DIPLINE_PREFILTER=off: pcre2 alone;
 * =check: both, abort where they differ.
 *
 * prefilter_new: n patterns, as given to rules_compile (pat[i] its source,
 * opts[i] its extra options, re[i] the compiled code, which must have
 * PCRE2_USE_OFFSET_LIMIT as rules_compile gives it).  Never NULL; a
 * pattern Vectorscan cannot take is searched by pcre2 alone.  Read-only
 * afterwards, shared by threads; the caller frees it with prefilter_free.
 * prefilter_scan: scan text[start, end) into the worker (the ends of the
 * last scan of each prefilter are kept, in memory the worker owns).
 * prefilter_match: as rules_match_text(re, text, textlen, end, off, w->md)
 * for pattern i; uses the scan when [off, end) lies in the span scanned
 * last (any end inside it: a literal is found whatever follows), else
 * pcre2 alone. */
typedef struct dl_prefilter dl_prefilter;
dl_prefilter *prefilter_new(const char *const *pat, const uint32_t *opts,
			    const pcre2_code *const *re, size_t n);
void prefilter_free(dl_prefilter *pf);
void prefilter_scan(const dl_prefilter *pf, dl_worker *w, const char *text,
		    size_t start, size_t end);
int  prefilter_match(const dl_prefilter *pf, size_t i, const pcre2_code *re,
		     dl_worker *w, const char *text, size_t textlen,
		     size_t end, size_t off);
/* The index of re among pf's patterns, SIZE_MAX when it is not one. */
size_t prefilter_find(const dl_prefilter *pf, const pcre2_code *re);
void prefilter_worker_free(dl_worker *w);
/* Free the databases the process keeps (rules_done calls it). */
void prefilter_done(void);

/* ------------------------------------------------------------------ model */

typedef enum {
	ROLE_BODY = 0,
	ROLE_HEADLINE,
	ROLE_CAPTION,      /* photo caption */
	ROLE_CREDIT,       /* photo credit / byline line */
	ROLE_BOILERPLATE   /* subscription appeals, site chrome */
} dl_role;

typedef struct {
	size_t  start, end;   /* byte offsets into art->text, end exclusive */
	int     paragraph;    /* 0-based paragraph index */
	dl_role role;
} dl_sentence;

typedef enum {
	TX_DATE = 0,
	TX_TIME,
	TX_DURATION,
	TX_SET
} dl_timex_type;

typedef struct {
	size_t        start, end;   /* byte offsets into art->text */
	int           sentence;     /* index into art->sents */
	dl_timex_type type;
	char          value[40];    /* TIMEX3 value: 2015-09-08, 2015-W38, P10D, PAST_REF, XXXX-XX-XX ... */
	char          mod[16];      /* "" or a TIMEX3 mod: APPROX, START, MID, END, LESS_THAN, EQUAL_OR_LESS ... */
	char          earliest[20]; /* inclusive ISO date or date-time; "" when unknown */
	char          latest[20];
	char          granularity[10]; /* time, day, week, month, quarter, year, decade, century, "" */
	/* series ("his third in 10 days"): ordinal > 0 when this is a series window */
	int           ordinal;
	/* how the value was found: "explicit", "dct", "tense", "narrative", "unresolved" */
	char          anchor[16];
} dl_timex;

typedef enum {
	ACT_PERSON = 0,
	ACT_STATE,
	ACT_ORGANISATION,
	ACT_GROUP
} dl_actor_type;

typedef struct {
	char          *id;       /* stable id: "RUS", "person:sergei-lavrov", "org:nato", "USA.gov" ... */
	char          *name;     /* display name */
	dl_actor_type  type;
	char           country[4];  /* ISO 3166-1 alpha-3 or "" */
	char         **roles;  size_t nroles;     /* "foreign minister", ... */
	char         **aliases; size_t naliases;  /* other spellings seen */
	char           code[16];  /* CAMEO actor code ("IGOUNO", "ISRMIL") or "" */
} dl_actor;

typedef struct {
	size_t start, end;  /* byte offsets */
	int    sentence;
	int    actor;       /* index into art->actors */
	int    kind;        /* MENTION_* */
} dl_mention;

enum { MENTION_NAME = 0, MENTION_TITLE, MENTION_PRONOUN, MENTION_METONYM, MENTION_DEMONYM,
       MENTION_SECTOR,     /* "Israeli soldiers" */
       MENTION_GENERIC,    /* "the police": a sector of the state in focus */
       MENTION_PLACE };    /* a capital or city after a locative preposition
			    * ("met in Brussels"): where, not who acts */

typedef enum {
	ST_OCCURRED = 0,
	ST_PLANNED,
	ST_PROPOSED,
	ST_HYPOTHETICAL,
	ST_NEGATED,
	ST_IMPLIED
} dl_status;

/* A CAMEO code with its facts (from rules/cameo.tsv). */
typedef struct {
	char        code[5];
	const char *label;
	const char *plover;   /* "" for 01x statements */
	int         quad_class;
	double      goldstein;
} dl_cameo;

typedef struct {
	char value[40];
	char type[10];        /* DATE, DURATION ... */
	char earliest[20], latest[20];
	char granularity[10];
	char mod[16];         /* room for every TIMEX3 mod (EQUAL_OR_LESS) */
	const char *text;     /* the temporal expression, or NULL */
	const char *anchor;   /* why this time: "clause", "reporting-verb", "publication", "series", "none" */
} dl_time;

typedef struct {
	const dl_cameo *cameo;
	const char *trigger;     /* trigger text as in the article */
	int   src[4];  int nsrc; /* indexes into art->actors */
	int   tgt[4];  int ntgt;
	dl_status status;
	int   attributed_to;     /* actor index or -1 */
	dl_time time;
	/* series: ordinal 0 = not in a series */
	int   series_ordinal;
	char  series_window[16]; /* "P10D" */
	int   series_of;         /* for implied events: index of the event they precede, else -1 */
	int   sentence;
	size_t start, end;       /* evidence span (the trigger's sentence) */
	size_t trigger_start;    /* byte offset of the trigger */
} dl_event;

typedef struct {
	char  *id, *title, *url, *source;
	char   published[11];   /* "YYYY-MM-DD" or "" */
	char  *origin;          /* "file" or "file:line" for messages */
	char  *text;            /* article text (NUL-terminated) */
	size_t len;
	arena *arena;           /* owns everything in this struct */

	dl_sentence *sents;    size_t nsents;
	dl_timex    *timexes;  size_t ntimexes;
	dl_actor    *actors;   size_t nactors;
	dl_mention  *mentions; size_t nmentions;
	dl_event    *events;   size_t nevents;
} dl_article;

/* ------------------------------------------------------------------ stages */

/* ingest.c: read inputs into articles.  Every article is handed to cb; the
 * callee takes ownership (free with ingest_article_free).  Problems are
 * reported with util_warn and counted; the path functions return the number
 * of rejected inputs/records.  dct ("" or NULL for none) fills records
 * without a date.  A batch reads each real file once (device and inode,
 * across all its paths and folders): a second name for a file or folder
 * already read is noted and skipped.  FIFOs, sockets and devices are named
 * and counted as rejected, never opened. */
typedef void (*ingest_cb)(dl_article *art, void *ud);
typedef struct ingest_batch ingest_batch;
ingest_batch *ingest_batch_new(const char *dct, ingest_cb cb, void *ud);
/* Never read the file st describes (the output file, inside a folder);
 * ingest_batch_met_avoided says whether the batch came upon it. */
void ingest_batch_avoid(ingest_batch *b, const struct stat *st);
/* ... and a file the walk would read that is not there yet, in the folder
 * dir (the output's folder): met when the walk reads that folder. */
void ingest_batch_avoid_in(ingest_batch *b, const struct stat *dir);
int  ingest_batch_met_avoided(const ingest_batch *b);
int  ingest_batch_path(ingest_batch *b, const char *path);
void ingest_batch_free(ingest_batch *b);
/* Would a folder walk read a file of this name (not hidden, an article's
 * extension)? */
int  ingest_walk_reads(const char *name);
/* One path as a batch of its own. */
int  ingest_path(const char *path, const char *dct, ingest_cb cb, void *ud);
/* Build an article from memory (used by ingest and tests). */
dl_article *ingest_article_new(const char *origin, const char *text, size_t len);
void ingest_article_free(dl_article *art);

/* text.c: sentences, paragraphs and roles (boilerplate). */
void text_segment(dl_article *art, dl_worker *w);

/* times.c: temporal expressions resolved against art->published. */
void times_resolve(dl_article *art, dl_worker *w);
/* A timex's value for the JSON "type" field. */
const char *times_type_name(dl_timex_type t);

/* actors.c: actor mentions and the article's actor table. */
void actors_find(dl_article *art, dl_worker *w);
const char *actors_type_name(dl_actor_type t);
/* Name of a MENTION_* kind ("name", "title", "pronoun", ...). */
const char *actors_mention_kind_name(int kind);

/* events.c: coded events. */
void events_code(dl_article *art, dl_worker *w);
const char *events_status_name(dl_status s);
/* Statuses that may describe the same event share a class: occurred and
 * implied 0, planned and proposed 1, hypothetical 2, negated 3. */
int events_status_class(dl_status s);
/* Look up a CAMEO code ("042"); NULL when unknown. */
const dl_cameo *events_cameo(const char *code);

/* pipeline.c: run all stages over one article. */
void pipeline_article(dl_article *art, dl_worker *w);
/* Only what `dipline times` writes: sentences and temporal expressions. */
void pipeline_times(dl_article *art, dl_worker *w);

/* ------------------------------------------------------------------ graph */

/*
 * The graph model.  Everything is allocated from g->arena, except the
 * atoms array (heap, owned by the graph).  Atoms share equal values: their
 * action, time, trigger, window and actor lists point to one interned copy
 * per distinct value (read-only; never modify through an atom).
 *
 * Building: graph_add_article / graph_add_timeline collect documents,
 * actors and evidence "atoms" (one atom = one event as one sentence of one
 * document reports it).  graph_finish then folds actors, clusters atoms into
 * events, and computes series, relations and timelines.  The result is a
 * function of the SET of atoms only (documents deduplicated by id and
 * text fingerprint, atoms by (document, key)), so merging is associative
 * and commutative.  After graph_finish every array below is sorted in its
 * output order and indexes refer to these sorted arrays.
 */
typedef struct {
	char *id, *title, *url, *source;  /* title/url/source may be NULL */
	char  published[11];              /* "YYYY-MM-DD" or "" */
	char  fingerprint[17];            /* 16 hex digits of a hash of the
					   * text, "" when unknown (timelines
					   * written before fingerprints) */
} dl_gdoc;

typedef struct {
	int         doc;          /* index into g->docs */
	int         sentence;
	size_t      start, end;   /* byte span in the document's text */
	const dl_cameo *action;   /* code and facts */
	const char *trigger;      /* may be NULL */
	int        *src; int nsrc;   /* actor indexes (sorted by id, unique) */
	int        *tgt; int ntgt;
	dl_status   status;
	int         attributed_to;   /* actor index or -1 */
	const dl_time *time;      /* the atom's own time as the article gave it */
	int         ordinal;      /* series ordinal, 0 = none */
	const char *window;       /* series window ("P10D", "2015-09") or NULL */
	const char *series_of;    /* implied atoms: key of their series' head
				   * atom in the same document, else NULL */
	const char *key;          /* "SENTENCE:START:CAMEO:ORDINAL[#N]" (unique
				   * within its document) */
	int         event;        /* index into g->events (after finish) */
	int        *pty; int npty;   /* symmetric actions (consult, phone,
				      * meet, negotiate): sources and targets
				      * together, for clustering; else NULL */
} dl_atom;

typedef struct {
	char       *id;       /* see graph.c: derived from action base, actors,
			       * status class, series ordinal and month */
	dl_cameo    action;
	const char *trigger;
	int        *src; int nsrc;
	int        *tgt; int ntgt;
	dl_status   status;
	dl_time     time;     /* narrowed: the intersection of the atoms' times */
	int         attributed_to;   /* actor index or -1 */
	int         series;   /* index into g->series or -1 */
	int         ordinal;
	int        *atoms; size_t natoms;  /* evidence, canonical order */
} dl_gevent;

typedef struct {
	char *id;
	char  window[16];
	int  *events; size_t nevents;      /* by ordinal, then time */
} dl_gseries;

typedef enum { REL_BEFORE = 0, REL_AFTER, REL_OVERLAP, REL_SAME_SERIES } dl_reltype;

typedef struct {
	dl_reltype type;
	int        from, to;  /* event indexes */
} dl_relation;

typedef struct {
	int    actor;         /* actor index, or -1 for a dyad */
	int    dyad[2];       /* actor indexes, dyad[0] < dyad[1] (by id) */
	int   *events; size_t nevents;     /* in time order */
} dl_timeline;

struct graph_index;           /* private to graph.c */

typedef struct dl_graph {
	arena       *arena;
	dl_gdoc     *docs;      size_t ndocs, capdocs;
	dl_actor    *actors;    size_t nactors, capactors;
	dl_atom     *atoms;     size_t natoms, capatoms;
	dl_gevent   *events;    size_t nevents;
	dl_gseries  *series;    size_t nseries;
	dl_relation *relations; size_t nrelations;
	dl_timeline *timelines; size_t ntimelines;
	char         stamp[11];   /* latest publication date, "" if none */
	int          finished;
	struct graph_index *idx;
} dl_graph;

dl_graph *graph_new(void);
void      graph_free(dl_graph *g);
/* Add an analysed article: copies documents, actors, events (the article
 * may be freed afterwards).  Not thread-safe: call from one thread. */
void      graph_add_article(dl_graph *g, const dl_article *art);
/* Add a built timeline (JSON text as written by export_json, or JSON Lines
 * as written by export_jsonl; empty text is an empty JSON Lines file).
 * Every value is checked first; a faulty timeline adds nothing.  Returns
 * 0 when all of it was added; -1 when nothing was (the reason printed,
 * naming origin, line and place); 1 when some JSON Lines records were
 * rejected (each named) and the others added. */
int       graph_add_timeline(dl_graph *g, const char *json, size_t len,
			     const char *origin);
/* Merge events, compute relations and timelines.  Call once, after adding. */
void      graph_finish(dl_graph *g);
/* One line for an event, for calendars and dashboards:
 * "Lavrov → Kerry: Discuss by telephone" (persons by surname), with
 * " (planned)" etc. when it did not simply occur.  Appends to b. */
void      graph_event_summary(const dl_graph *g, const dl_gevent *e, dl_buf *b);
/* Names for the JSON model. */
const char *graph_relation_name(dl_reltype t);
/* Compare two interval ends as the graph does ("" = unknown); an earliest
 * date means its first instant, a latest date its last. */
int       graph_time_cmp(const char *a, int a_is_latest,
			 const char *b, int b_is_latest);

/* ------------------------------------------------------------------ export */

typedef enum {
	FMT_JSON = 0, FMT_JSONL, FMT_ICS, FMT_TIMELINEJS, FMT_VIS, FMT_CSV,
	FMT_DOT, FMT_GEXF
} dl_format;

/* Each writes the whole document into out (appending). 0 on success. */
int export_json(const dl_graph *g, dl_buf *out);
int export_jsonl(const dl_graph *g, dl_buf *out);
int export_ics(const dl_graph *g, dl_buf *out);
int export_timelinejs(const dl_graph *g, dl_buf *out);
int export_vis(const dl_graph *g, dl_buf *out);
int export_csv(const dl_graph *g, dl_buf *out);
int export_dot(const dl_graph *g, dl_buf *out);
int export_gexf(const dl_graph *g, dl_buf *out);
/* `dipline events`: one line per (unmerged) event of one article, each
 * standing alone (actors as objects). */
int export_article_events(const dl_article *art, dl_buf *out);
/* `dipline times`: {"dct":..., "timexes":[...]} */
int export_article_times(const dl_article *art, dl_buf *out);

/* Dump a jansson value (the reference is consumed) into out with jansson
 * flags, followed by end (NULL for nothing).  0 on success. */
struct json_t;
int export_dump(struct json_t *root, dl_buf *out, size_t flags, const char *end);
/* Append s (n bytes) as a JSON string, as json_dumps writes it (no
 * JSON_ENSURE_ASCII or JSON_ESCAPE_SLASH); -1, nothing appended, when s is
 * NULL or not UTF-8 (what json_stringn refuses). */
int export_json_string(dl_buf *out, const char *s, size_t n);
/* Append x as json_dumps writes a real with JSON_REAL_PRECISION(10); -1,
 * nothing appended, when x is not finite (what json_real refuses). */
int export_json_real(dl_buf *out, double x);

/* A short human summary of a graph for the terminal. */
void export_summary(const dl_graph *g, FILE *fp);

#endif /* DIPLINE_H */
