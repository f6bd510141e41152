/* cli.c - command line: build, events, times, merge. */
#include "dipline.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

/* Articles are analysed in batches of this many, in parallel, then handed
 * on in input order: memory stays bounded and output deterministic. */
#define CLI_BATCH 256

static const char usage_text[] =
"Usage: dipline COMMAND [OPTIONS] INPUT...\n"
"\n"
"Turn news articles into timelines of diplomatic events.\n"
"\n"
"Commands:\n"
"  build  [--dct DATE] [-f FORMAT] [-o FILE] [-j N] INPUT...\n"
"         Analyse every article and write one merged timeline.\n"
"  events [--dct DATE] [-j N] INPUT...\n"
"         Print the coded events of each article, one JSON object a line,\n"
"         before merging (each event stands alone).\n"
"  times  [--dct DATE] FILE|-\n"
"         Print the temporal expressions of an article with their TIMEX3\n"
"         type and value and their interval (earliest, latest).\n"
"  merge  [-f FORMAT] [-o FILE] TIMELINE...\n"
"         Merge timelines written by 'build' as json or jsonl ('-' reads\n"
"         standard input): the reduce step.  Merging json parts in any\n"
"         order or grouping gives the same timeline as one build of all\n"
"         inputs (jsonl parts keep only documents and actors with events).\n"
"\n"
"Inputs: .txt files (optional 'Title:', 'Date:'/'Published:', 'URL:',\n"
"'Source:' header lines, then a blank line, then the text), .json files\n"
"(one record or an array), .jsonl files (one record a line:\n"
"{\"id\",\"title\",\"url\",\"source\",\"published\",\"text\"}), folders (read\n"
"recursively, in name order, each real file once) and '-' for standard\n"
"input (JSON Lines, one JSON document or one article, told by its start).\n"
"FIFOs, sockets and devices are skipped, never opened.  Limits: 4 MiB of\n"
"text per article, 256 MiB per .json file (use .jsonl beyond).\n"
"\n"
"Options:\n"
"  --dct DATE     publication date (YYYY-MM-DD) for articles that have none;\n"
"                 without one, relative dates ('Tuesday') stay unresolved\n"
"  -f, --format F json (default), jsonl, ics, timelinejs, vis, csv, dot, gexf;\n"
"                 by default taken from the -o file's extension (.json,\n"
"                 .jsonl or .ndjson, .ics, .csv, .dot, .gexf), else json\n"
"  -o, --output F write to F instead of standard output: whole or not at all\n"
"                 (a temporary file beside F, then renamed); a FIFO or device\n"
"                 is written into; F may not be one of the inputs\n"
"  -j, --jobs N   analyse with N threads (default: 1)\n"
"  -q, --quiet    no summary on standard error\n"
"  -h, --help     this help\n"
"  -V, --version  version\n"
"\n"
"Exit status: 0 every input used; 1 some inputs rejected (each named on\n"
"standard error with file, line and reason; the rest still processed and\n"
"written; when all are rejected nothing is written), or the output could\n"
"not be written (a closed pipe included); 2 usage error.\n"
"\n"
"Examples:\n"
"  dipline build -o timeline.json samples/\n"
"  dipline build -f ics -o crisis.ics --dct 2015-09-09 article.txt\n"
"  dipline times --dct 2015-09-09 article.txt\n"
"  dipline merge -o all.json monday.json tuesday.json\n"
"\n"
"Rule files are read from $DIPLINE_RULES if set, else from the installed\n"
"data folder (" PKGDATADIR "/rules).\n";

typedef struct {
	const char *dct;
	const char *format;
	const char *output;
	char       *target;   /* the file -o writes: output, or where its
			       * link (chain) leads; NULL for stdout */
	int         jobs;
	int         quiet;
} cli_opts;

static int usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	util_vwarn(NULL, 0, fmt, ap);   /* control characters made visible */
	va_end(ap);
	fputs("Try 'dipline --help'.\n", stderr);
	return 2;
}
static const struct {
	const char *name;
	dl_format   fmt;
	const char *ext;
} formats[] = {
	{"json", FMT_JSON, ".json"},      {"jsonl", FMT_JSONL, ".jsonl"},
	{"ics", FMT_ICS, ".ics"},         {"timelinejs", FMT_TIMELINEJS, NULL},
	{"vis", FMT_VIS, NULL},           {"csv", FMT_CSV, ".csv"},
	{"dot", FMT_DOT, ".dot"},         {"gexf", FMT_GEXF, ".gexf"},
	{"jsonl", FMT_JSONL, ".ndjson"},  /* read as JSON Lines too */
};

static int
pick_format(const cli_opts *o, dl_format *fmt)
{
	*fmt = FMT_JSON;
	if (o->format) {
		for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
			if (strcmp(o->format, formats[i].name) == 0) {
				*fmt = formats[i].fmt;
				return 0;
			}
		return -1;
	}
	if (o->output) {
		size_t ol = strlen(o->output);
		for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
			const char *e = formats[i].ext;
			if (e && ol > strlen(e) &&
			    strcasecmp(o->output + ol - strlen(e), e) == 0)
				*fmt = formats[i].fmt;
		}
	}
	return 0;
}

/* ---------------------------------------------------------- batches */

typedef enum { MODE_GRAPH, MODE_EVENTS, MODE_TIMES } cli_mode;

typedef struct {
	dl_article *arts[CLI_BATCH];
	size_t      n;
	size_t      next;          /* next article to analyse (under lock) */
	pthread_mutex_t lock;
	cli_mode    mode;
	dl_graph   *graph;
	dl_buf     *out;
	long        done;
	int         jobs;
	int         output_is_input;   /* -o met inside an input folder */
} cli_batch;

static void *
batch_worker(void *arg)
{
	cli_batch *b = arg;
	dl_worker *w = worker_new();
	for (;;) {
		pthread_mutex_lock(&b->lock);
		size_t i = b->next++;
		pthread_mutex_unlock(&b->lock);
		if (i >= b->n)
			break;
		if (b->mode == MODE_TIMES)
			pipeline_times(b->arts[i], w);
		else
			pipeline_article(b->arts[i], w);
	}
	worker_free(w);
	return NULL;
}

static void
batch_flush(cli_batch *b)
{
	if (b->n == 0)
		return;
	b->next = 0;
	int nt = b->jobs < 1 ? 1 : b->jobs;
	if ((size_t)nt > b->n)
		nt = (int)b->n;
	if (nt == 1)
		batch_worker(b);
	else {
		pthread_t *t = xcalloc((size_t)nt, sizeof *t);
		int started = 0;
		for (int i = 0; i < nt; i++)
			if (pthread_create(&t[i], NULL, batch_worker, b) == 0)
				started++;
			else
				break;
		if (started == 0)
			batch_worker(b);
		for (int i = 0; i < started; i++)
			pthread_join(t[i], NULL);
		free(t);
	}
	for (size_t i = 0; i < b->n; i++) {
		dl_article *a = b->arts[i];
		if (b->mode == MODE_GRAPH)
			graph_add_article(b->graph, a);
		else if (b->mode == MODE_EVENTS)
			export_article_events(a, b->out);
		else
			export_article_times(a, b->out);
		ingest_article_free(a);
	}
	b->done += (long)b->n;
	if (b->mode == MODE_GRAPH && isatty(2) && b->done >= 1000)
		fprintf(stderr, "\rdipline: %ld articles analysed", b->done);
	b->n = 0;
}

static void
on_article(dl_article *art, void *ud)
{
	cli_batch *b = ud;
	b->arts[b->n++] = art;
	if (b->n == CLI_BATCH)
		batch_flush(b);
}

/* The folder the output file is (or would be) in (malloc'd). */
static char *
output_dir(const char *output)
{
	const char *slash = strrchr(output, '/');
	return slash ? xstrndup(output, (size_t)(slash - output + 1)) : xstrdup(".");
}

/* stat of the folder the output file is (or would be) in. */
static int
output_dir_stat(const char *output, struct stat *st)
{
	char *dir = output_dir(output);
	int   rc = stat(dir, st) == 0 && S_ISDIR(st->st_mode) ? 0 : -1;
	free(dir);
	return rc;
}

static int
run_inputs(cli_batch *b, const cli_opts *o, char **inputs, int ninputs)
{
	int           rejected = 0;
	ingest_batch *in = ingest_batch_new(o->dct, on_article, b);
	struct stat   st;

	if (o->output && strcmp(o->output, "-") != 0 && stat(o->output, &st) == 0 &&
	    S_ISREG(st.st_mode))
		ingest_batch_avoid(in, &st);   /* an output inside an input folder */
	else if (o->output && strcmp(o->output, "-") != 0 &&
		 ingest_walk_reads(o->target) && output_dir_stat(o->target, &st) == 0)
		ingest_batch_avoid_in(in, &st);   /* one that would be made there */
	pthread_mutex_init(&b->lock, NULL);
	b->jobs = o->jobs;
	for (int i = 0; i < ninputs; i++)
		rejected += ingest_batch_path(in, inputs[i]);
	b->output_is_input = ingest_batch_met_avoided(in);
	ingest_batch_free(in);
	batch_flush(b);
	if (b->mode == MODE_GRAPH && isatty(2) && b->done >= 1000)
		fputc('\n', stderr);
	pthread_mutex_destroy(&b->lock);
	return rejected;
}

static int
write_output(const cli_opts *o, const dl_buf *out)
{
	const char *path = o->output ? o->output : "-";
	if (util_write_atomic(path, out->p ? out->p : "", out->len) != 0) {
		if (errno == EPIPE)
			util_warn(strcmp(path, "-") == 0 ? "standard output" : path, 0,
				  "the reader closed the output before all of it "
				  "was written (broken pipe)");
		else
			util_warn(strcmp(path, "-") == 0 ? "standard output" : path,
				  0, "cannot write output: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* The output file was found inside an input folder: writing it would
 * destroy an input.  Nothing is written; exit 2. */
static int
output_in_folder(const cli_opts *o)
{
	return usage_error("-o %s is also an input (inside an input folder): "
			   "nothing written; choose an output outside the inputs",
			   o->output);
}

/* Nothing to write when every input was rejected: an output from an
 * earlier run stays as it was. */
static int
nothing_read(const cli_opts *o, long used, int rejected)
{
	if (used > 0 || rejected == 0)
		return 0;
	struct stat st;
	int kept = o->output && strcmp(o->output, "-") != 0 &&
		   lstat(o->output, &st) == 0;
	util_warn(NULL, 0, "every input was rejected: nothing written%s%s%s",
		  kept ? " (" : "", kept ? o->output : "",
		  kept ? " left as it was)" : "");
	return 1;
}

/* Would the folder walk of an input read the output file (a name it reads,
 * in an input folder or below one)?  Compared as real paths. */
static int
output_in_input_folder(const char *output, char **inputs, int n)
{
	if (!ingest_walk_reads(output))
		return 0;
	char       *dir = output_dir(output);
	char       *odir = realpath(dir, NULL);
	int         yes = 0;

	free(dir);
	for (int i = 0; odir && !yes && i < n; i++) {
		struct stat st;
		if (strcmp(inputs[i], "-") == 0 || stat(inputs[i], &st) != 0 ||
		    !S_ISDIR(st.st_mode))
			continue;
		char *in = realpath(inputs[i], NULL);
		if (in) {
			size_t l = strlen(in);
			yes = strncmp(odir, in, l) == 0 &&
			      (odir[l] == '\0' || odir[l] == '/' || l == 1) &&
			      strstr(odir + l, "/.") == NULL;   /* hidden folders
								 * are not walked */
			free(in);
		}
	}
	free(odir);
	return yes;
}

/* An output that is also an input would be destroyed: refuse it (and an
 * output that cannot be a file at all).  1 after the message. */
static int
output_is_input(const cli_opts *o, char **inputs, int n)
{
	struct stat st;

	if (o->output && o->output[0] == '\0') {
		usage_error("-o wants a file name (or - for standard output)");
		return 1;
	}
	if (o->output && strcmp(o->output, "-") != 0 &&
	    stat(o->output, &st) == 0 && S_ISDIR(st.st_mode)) {
		usage_error("-o %s is a folder: name the file to write", o->output);
		return 1;
	}
	/* what cannot be written is said before the analysis, not after */
	if (o->output && strcmp(o->output, "-") != 0 &&
	    output_dir_stat(o->target, &st) != 0) {
		usage_error("-o %s: its folder does not exist (or is not a folder)",
			    o->output);
		return 1;
	}
	if (o->output && strcmp(o->output, "-") != 0 &&
	    stat(o->output, &st) != 0 && errno == ELOOP) {
		usage_error("-o %s: too many levels of symbolic links", o->output);
		return 1;
	}
	if (o->output && strcmp(o->output, "-") != 0 &&
	    output_in_input_folder(o->target, inputs, n)) {
		output_in_folder(o);
		return 1;
	}
	if (o->output == NULL || strcmp(o->output, "-") == 0 ||
	    stat(o->output, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	struct stat in0;
	for (int i = 0; i < n; i++)
		if (strcmp(inputs[i], "-") == 0 ?
		    fstat(0, &in0) == 0 && in0.st_dev == st.st_dev && in0.st_ino == st.st_ino :
		    util_same_file(inputs[i], &st) == 1) {
			usage_error("-o %s is also an input: choose another output file",
				    o->output);
			return 1;
		}
	return 0;
}

static int
export_graph(const dl_graph *g, dl_format fmt, dl_buf *out)
{
	switch (fmt) {
	case FMT_JSON:       return export_json(g, out);
	case FMT_JSONL:      return export_jsonl(g, out);
	case FMT_ICS:        return export_ics(g, out);
	case FMT_TIMELINEJS: return export_timelinejs(g, out);
	case FMT_VIS:        return export_vis(g, out);
	case FMT_CSV:        return export_csv(g, out);
	case FMT_DOT:        return export_dot(g, out);
	case FMT_GEXF:       return export_gexf(g, out);
	}
	return -1;
}

static int
finish_graph(dl_graph *g, const cli_opts *o, dl_format fmt, int rejected,
	     long used)
{
	dl_buf out = {0};
	int    rc = rejected ? 1 : 0;

	if (nothing_read(o, used, rejected))
		return 1;
	graph_finish(g);
	if (export_graph(g, fmt, &out) != 0) {
		util_warn(NULL, 0, "could not export the timeline");
		rc = 1;
	} else if (write_output(o, &out) != 0)
		rc = 1;
	else if (!o->quiet && o->output && strcmp(o->output, "-") != 0) {
		export_summary(g, stderr);
		util_warn(NULL, 0, "timeline written to %s", o->output);
	}
	buf_free(&out);
	return rc;
}

/* ---------------------------------------------------------- commands */

static int
cmd_build(const cli_opts *o, char **inputs, int n)
{
	dl_format fmt;
	if (pick_format(o, &fmt) != 0)
		return usage_error("unknown format '%s' (json, jsonl, ics, "
				   "timelinejs, vis, csv, dot, gexf)", o->format);
	if (n == 0)
		return usage_error("%s: no input given", "build");
	if (output_is_input(o, inputs, n))
		return 2;
	static cli_batch b;
	memset(&b, 0, sizeof b);
	b.mode = MODE_GRAPH;
	b.graph = graph_new();
	int rejected = run_inputs(&b, o, inputs, n);
	int rc = b.output_is_input ? output_in_folder(o)
				   : finish_graph(b.graph, o, fmt, rejected, b.done);
	graph_free(b.graph);
	return rc;
}

static int
cmd_stream(const cli_opts *o, char **inputs, int n, cli_mode mode)
{
	if (n == 0)
		return usage_error("%s: no input given",
				   mode == MODE_EVENTS ? "events" : "times");
	if (output_is_input(o, inputs, n))
		return 2;
	static cli_batch b;
	dl_buf out = {0};
	memset(&b, 0, sizeof b);
	b.mode = mode;
	b.out = &out;
	int rejected = run_inputs(&b, o, inputs, n);
	int rc = rejected ? 1 : 0;
	if (b.output_is_input)
		rc = output_in_folder(o);
	else if (nothing_read(o, b.done, rejected))
		rc = 1;
	else if (write_output(o, &out) != 0)
		rc = 1;
	buf_free(&out);
	return rc;
}

static int
cmd_merge(const cli_opts *o, char **inputs, int n)
{
	dl_format fmt;
	if (pick_format(o, &fmt) != 0)
		return usage_error("unknown format '%s'", o->format);
	if (n == 0)
		return usage_error("%s: no timeline given", "merge");
	if (output_is_input(o, inputs, n))
		return 2;
	dl_graph *g = graph_new();
	int  rejected = 0;
	long used = 0;
	for (int i = 0; i < n; i++) {
		size_t len;
		char  *data = util_read_file(inputs[i], &len);
		const char *name = strcmp(inputs[i], "-") == 0 ? "<stdin>" : inputs[i];
		if (data == NULL) {
			if (errno == EINVAL)
				util_warn(name, 0, "skipped: not a regular file");
			else if (errno == EFBIG)
				util_warn(name, 0, "over the %zu-byte limit for one "
					  "timeline", (size_t)UTIL_MAX_FILE);
			else
				util_warn(name, 0, "cannot read: %s", strerror(errno));
			rejected++;
			continue;
		}
		size_t sp = 0;
		while (sp < len && data[sp] && strchr(" \t\r\n", data[sp]))
			sp++;
		if (sp == len) {
			/* what a failed build leaves in a pipe: not a timeline */
			util_warn(name, 0, "%s: not a timeline",
				  len ? "only white space" : "empty file");
			rejected++;
			free(data);
			continue;
		}
		int r = graph_add_timeline(g, data, len, name);
		if (r != 0)
			rejected++;
		if (r >= 0)   /* 1: some JSON Lines records rejected, others used */
			used++;
		free(data);
	}
	int rc = finish_graph(g, o, fmt, rejected, used);
	graph_free(g);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"dct", required_argument, NULL, 'd'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"jobs", required_argument, NULL, 'j'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}};
	cli_opts o = {NULL, NULL, NULL, NULL, 1, 0};
	static char dct_day[11];
	const char *cmd = NULL;
	int c;

	if (argc > 1 && argv[1][0] != '-') {
		cmd = argv[1];
		argv++;
		argc--;
	}
	opterr = 0;   /* our own messages, with the option made printable */
	while ((c = getopt_long(argc, argv, ":d:f:o:j:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': {
			/* YYYY-MM-DD, optionally with a time of day (TimeML
			 * DCTs carry one): the day is what anchors. */
			long days;
			int  hh, mm, n = 0;
			if (date_parse_iso(optarg, &days) != 0 ||
			    (optarg[10] != '\0' &&
			     (sscanf(optarg + 11, "%2d:%2d%n", &hh, &mm, &n) != 2 ||
			      hh > 23 || mm > 59 ||
			      (optarg[11 + n] != '\0' && optarg[11 + n] != ':'))))
				return usage_error("--dct wants a date as YYYY-MM-DD "
						   "(optionally THH:MM[:SS]), not '%s'",
						   optarg);
			date_format(days, dct_day);
			o.dct = dct_day;
			break;
		}
		case 'f': o.format = optarg; break;
		case 'o': o.output = optarg; break;
		case 'j': {
			char *e;
			long  j = strtol(optarg, &e, 10);
			if (*e || j < 1 || j > 256)
				return usage_error("-j wants a number of threads "
						   "from 1 to 256, not '%s'", optarg);
			o.jobs = (int)j;
			break;
		}
		case 'q': o.quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return 0;
		case 'V': printf("dipline %s\n", PACKAGE_VERSION); return 0;
		case ':': return usage_error("option '%s' wants a value", argv[optind - 1]);
		default:
			if (optopt)
				return usage_error("unknown option '-%c'", optopt);
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (cmd == NULL) {
		if (optind < argc)
			cmd = argv[optind++];
		else {
			fputs(usage_text, stderr);
			return 2;
		}
	}
	int is_build = strcmp(cmd, "build") == 0, is_events = strcmp(cmd, "events") == 0;
	int is_times = strcmp(cmd, "times") == 0, is_merge = strcmp(cmd, "merge") == 0;
	if (!is_build && !is_events && !is_times && !is_merge)
		return usage_error("unknown command '%s' (build, events, times, "
				   "merge)", cmd);
	if (is_merge && o.dct)
		return usage_error("merge: --dct does not apply to merge");
	if (!is_build && !is_merge && o.format)
		return usage_error("-f applies to build and merge, not %s", cmd);
	util_signals_init();
	if (o.output && *o.output && strcmp(o.output, "-") != 0)
		o.target = util_output_path(o.output);
	if (rules_init() != 0) {
		free(o.target);
		return 2;
	}
	int rc;
	if (is_build)
		rc = cmd_build(&o, argv + optind, argc - optind);
	else if (is_merge)
		rc = cmd_merge(&o, argv + optind, argc - optind);
	else
		rc = cmd_stream(&o, argv + optind, argc - optind,
				is_events ? MODE_EVENTS : MODE_TIMES);
	rules_done();
	free(o.target);
	return rc;
}
