/* test_export.c - every export format, from the fixture timelines in
 * tests/cases/graph/ (three.json: the merged Lavrov/Kerry/Zarif calls
 * written by test_graph --dump; odd.json: hand-written, with characters that
 * need escaping, month and week spans and an undated event). */
#define _POSIX_C_SOURCE 200809L   /* open_memstream */
#include "../../src/dipline.h"
#include "tap.h"

#include <jansson.h>
#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

static char *
case_path(const char *name)
{
	const char *top = getenv("top_srcdir");
	static char buf[4096];
	snprintf(buf, sizeof buf, "%s/tests/cases/graph/%s", top ? top : ".", name);
	return buf;
}

static char *
slurp(const char *name)
{
	size_t len;
	char *s = util_read_file(case_path(name), &len);
	if (s == NULL) {
		printf("Bail out! cannot read %s\n", case_path(name));
		exit(1);
	}
	return s;
}

static dl_graph *
load(const char *name)
{
	char *s = slurp(name);
	dl_graph *g = graph_new();
	if (graph_add_timeline(g, s, strlen(s), name) != 0) {
		printf("Bail out! %s is not a timeline\n", name);
		exit(1);
	}
	free(s);
	graph_finish(g);
	return g;
}

typedef int (*export_fn)(const dl_graph *, dl_buf *);

static char *
run(const dl_graph *g, export_fn f)
{
	dl_buf b = {0};
	if (f(g, &b) != 0)
		return NULL;
	buf_puts(&b, "");
	return b.p;
}

/* Physical lines end in CRLF, are at most 75 octets and valid UTF-8. */
static void
check_ics_lines(const char *s, const char *what)
{
	int crlf = 1, len75 = 1, utf8 = 1, nlines = 0;
	const char *p = s;
	while (*p) {
		const char *nl = strchr(p, '\n');
		if (nl == NULL) {
			crlf = 0;
			break;
		}
		if (nl == p || nl[-1] != '\r')
			crlf = 0;
		size_t n = (size_t)(nl - p) - (nl > p && nl[-1] == '\r');
		if (n > 75)
			len75 = 0;
		if (util_utf8_valid(p, n) != n)
			utf8 = 0;
		nlines++;
		p = nl + 1;
	}
	char name[200];
	snprintf(name, sizeof name, "%s: every line ends in CRLF", what);
	ok(crlf && nlines > 0, name);
	snprintf(name, sizeof name, "%s: lines folded at 75 octets", what);
	ok(len75, name);
	snprintf(name, sizeof name, "%s: folds never split a UTF-8 character", what);
	ok(utf8, name);
}

static icalcomponent *
find_vevent(icalcomponent *cal, const char *uid)
{
	for (icalcomponent *c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	     c; c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		if (strcmp(icalcomponent_get_uid(c), uid) == 0)
			return c;
	return NULL;
}

static void
check_vevent(icalcomponent *cal, const char *id, const char *start,
	     const char *end, icalproperty_status st, const char *summary)
{
	char uid[64], name[200];
	snprintf(uid, sizeof uid, "%s@dipline", id);
	icalcomponent *c = find_vevent(cal, uid);
	snprintf(name, sizeof name, "VEVENT %s present", uid);
	ok(c != NULL, name);
	if (c == NULL)
		return;
	struct icaltimetype s = icalcomponent_get_dtstart(c);
	struct icaltimetype e = icalcomponent_get_dtend(c);
	snprintf(name, sizeof name, "%s: DTSTART is a DATE", id);
	ok(s.is_date && e.is_date, name);
	snprintf(name, sizeof name, "%s: DTSTART", id);
	is_str(icaltime_as_ical_string(s), start, name);
	snprintf(name, sizeof name, "%s: DTEND (exclusive)", id);
	is_str(icaltime_as_ical_string(e), end, name);
	snprintf(name, sizeof name, "%s: STATUS", id);
	is_int(icalcomponent_get_status(c), st, name);
	snprintf(name, sizeof name, "%s: SUMMARY", id);
	is_str(icalcomponent_get_summary(c), summary, name);
	icalproperty *tr = icalcomponent_get_first_property(c, ICAL_TRANSP_PROPERTY);
	snprintf(name, sizeof name, "%s: TRANSP:TRANSPARENT", id);
	ok(tr && icalproperty_get_transp(tr) == ICAL_TRANSP_TRANSPARENT, name);
}

static void
test_ics(void)
{
	dl_graph *g = load("three.json");
	char *s = run(g, export_ics), *s2 = run(g, export_ics);
	is_str(s2, s, "ics: byte-identical on a second run");
	check_ics_lines(s, "three.ics");
	ok(strstr(s, "\r\nDTSTAMP:20150910T000000Z\r\n") != NULL,
	   "DTSTAMP is the latest publication date, not the clock");
	ok(strstr(s, "\r\nLAST-MODIFIED:20150910T000000Z\r\nSEQUENCE:16688\r\n") != NULL,
	   "the call with a report of 2015-09-10: LAST-MODIFIED and SEQUENCE from it");
	ok(strstr(s, "\r\nLAST-MODIFIED:20150909T000000Z\r\nSEQUENCE:16687\r\n") != NULL,
	   "the implied calls, reported 2015-09-09 only");
	ok(strncmp(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//dipline//dipline ", 57) == 0,
	   "VCALENDAR starts with VERSION and PRODID");
	ok(strstr(s, "\r\nCALSCALE:GREGORIAN\r\n") != NULL, "CALSCALE:GREGORIAN");

	icalcomponent *cal = icalparser_parse_string(s);
	ok(cal != NULL, "libical parses the calendar back");
	if (cal) {
		is_int(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 5,
		       "one VEVENT per dated event");
		/* the call reported by a1 and b1, merged: one day */
		const dl_gevent *call = NULL;
		for (size_t i = 0; i < g->nevents; i++)
			if (g->events[i].natoms == 2 && g->events[i].status == ST_OCCURRED)
				call = &g->events[i];
		ok(call != NULL, "the merged call is in the fixture");
		if (call) {
			check_vevent(cal, call->id, "20150908", "20150909",
				     ICAL_STATUS_CONFIRMED,
				     "Lavrov \xe2\x86\x92 Kerry: Discuss by telephone");
			icalcomponent *c = find_vevent(cal, "");
			ok(c == NULL, "no empty UID");
			char uid[64];
			snprintf(uid, sizeof uid, "%s@dipline", call->id);
			c = find_vevent(cal, uid);
			icalproperty *u = c ? icalcomponent_get_first_property(c, ICAL_URL_PROPERTY) : NULL;
			is_str(u ? icalproperty_get_url(u) : NULL, "https://news.example/a1",
			       "URL of the first article");
			const char *d = c ? icalcomponent_get_description(c) : "";
			ok(strstr(d, "- a1, sentence 0 (bytes 0-60)") &&
			   strstr(d, "- b1, sentence 2 (bytes 100-150)"),
			   "DESCRIPTION lists the evidence");
			ok(strstr(d, "Status: occurred") && strstr(d, "\"on Tuesday\"") &&
			   strstr(d, "anchor: clause"), "DESCRIPTION: status, time text, anchor");
			int ncat = 0, plover = 0, label = 0;
			for (icalproperty *p = c ? icalcomponent_get_first_property(c, ICAL_CATEGORIES_PROPERTY) : NULL;
			     p; p = icalcomponent_get_next_property(c, ICAL_CATEGORIES_PROPERTY)) {
				ncat++;
				plover |= strcmp(icalproperty_get_categories(p), "CONSULT") == 0;
				label |= strcmp(icalproperty_get_categories(p), "Discuss by telephone") == 0;
			}
			ok(ncat == 2 && plover && label, "CATEGORIES: PLOVER type and CAMEO label");
		}
		for (size_t i = 0; i < g->nevents; i++)
			if (g->events[i].status == ST_IMPLIED)
				check_vevent(cal, g->events[i].id, "20150829", "20150908",
					     ICAL_STATUS_TENTATIVE,
					     "Lavrov \xe2\x86\x92 Kerry: Discuss by telephone (implied)");
			else if (g->events[i].status == ST_PLANNED)
				check_vevent(cal, g->events[i].id, "20150915", "20150916",
					     ICAL_STATUS_TENTATIVE,
					     "Zarif \xe2\x86\x92 Kerry: Make a visit (sub) (planned)");
		icalcomponent_free(cal);
	}
	free(s);
	free(s2);
	graph_free(g);

	g = load("odd.json");
	s = run(g, export_ics);
	check_ics_lines(s, "odd.ics");
	cal = icalparser_parse_string(s);
	ok(cal != NULL, "odd.ics parses");
	if (cal) {
		is_int(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 2,
		       "the undated event and the century are left out");
		for (size_t i = 0; i < g->nevents; i++) {
			const dl_gevent *e = &g->events[i];
			if (strcmp(e->time.granularity, "month") == 0)
				check_vevent(cal, e->id, "20150901", "20151001",
					     ICAL_STATUS_TENTATIVE,
					     "\xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd1\x8f \xe2\x86\x92 "
					     "A & \"B\" <C>, Ltd.: Make statement, not specified below (planned)");
			else if (strcmp(e->time.granularity, "week") == 0)
				check_vevent(cal, e->id, "20150914", "20150921",
					     ICAL_STATUS_TENTATIVE,
					     "A & \"B\" <C>, Ltd. \xe2\x86\x92 "
					     "\xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd1\x8f: Make a visit (planned)");
		}
		icalcomponent_free(cal);
	}
	ok(strstr(s, "SUMMARY:\xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd1\x8f \xe2\x86\x92 A & \"B\" <C>\\, Ltd.") != NULL,
	   "commas in TEXT values are escaped");
	ok(strstr(s, "CATEGORIES:Make statement not specified below\r\n") != NULL,
	   "a comma in a category is dropped, not split");
	free(s);
	graph_free(g);

	/* an empty graph is still a valid calendar */
	g = graph_new();
	graph_finish(g);
	s = run(g, export_ics);
	cal = icalparser_parse_string(s);
	ok(cal && icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT) == 0,
	   "empty graph: a calendar without events");
	ok(strstr(s, "DTSTAMP") == NULL && strstr(s, "END:VCALENDAR\r\n"), "empty calendar ends");
	if (cal)
		icalcomponent_free(cal);
	free(s);
	graph_free(g);
}

static void
test_json(void)
{
	char *want = slurp("three.json");
	dl_graph *g = load("three.json");
	char *s = run(g, export_json);
	is_str(s, want, "json: a built timeline is a fixed point of merge");
	free(s);
	s = run(g, export_jsonl);
	int lines = 0, self = 1;
	for (char *p = s, *nl; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		json_t *o = json_loadb(p, (size_t)(nl - p), 0, NULL);
		lines++;
		if (!o || !json_is_string(json_object_get(o, "id")) ||
		    json_array_size(json_object_get(o, "actors")) < 2 ||
		    json_array_size(json_object_get(o, "documents")) < 1)
			self = 0;
		json_decref(o);
	}
	is_int(lines, 5, "jsonl: one line per event");
	ok(self, "jsonl: every line carries its actors and documents");
	free(s);
	free(want);
	graph_free(g);
}

static void
test_csv(void)
{
	dl_graph *g = load("three.json");
	char *s = run(g, export_csv), *want = slurp("three.csv");
	is_str(s, want, "csv: three.json as expected (tests/cases/graph/three.csv)");
	free(s);
	free(want);
	graph_free(g);

	g = load("odd.json");
	s = run(g, export_csv);
	ok(strstr(s, ",\"A & \"\"B\"\" <C>, Ltd.\",") != NULL, "csv: quotes doubled, field quoted");
	ok(strstr(s, ",\"d,1\",\"d,1:3\",") != NULL, "csv: a comma in an id is quoted");
	ok(strstr(s, "\r\n") != NULL && strstr(s, "\n") == strstr(s, "\r\n") + 1,
	   "csv: CRLF record ends");
	int rows = 0;
	for (char *p = s; (p = strstr(p, "\r\n")) != NULL; p += 2)
		rows++;
	is_int(rows, 5, "csv: header and four rows");
	free(s);
	graph_free(g);
}

static void
test_timelinejs_vis(void)
{
	dl_graph *g = load("odd.json");
	char *s = run(g, export_timelinejs);
	json_t *r = json_loads(s, 0, NULL);
	ok(r != NULL, "timelinejs: valid JSON");
	json_t *ev = json_object_get(r, "events");
	is_int(json_array_size(ev), 3, "timelinejs: dated events only");
	json_t *month = NULL, *week = NULL, *e;
	size_t i;
	json_array_foreach(ev, i, e) {
		json_t *sd = json_object_get(e, "start_date");
		if (json_object_get(sd, "month") == NULL)
			ok(json_object_get(json_object_get(e, "end_date"), "month") == NULL &&
			   strcmp(json_string_value(json_object_get(json_object_get(e, "end_date"), "year")),
				  "1099") == 0, "timelinejs: a century as years");
		else if (json_object_get(sd, "day") == NULL)
			month = e;
		else
			week = e;
	}
	ok(month && week, "timelinejs: a month has no day");
	if (month && week) {
		is_str(json_string_value(json_object_get(json_object_get(month, "start_date"), "month")),
		       "9", "timelinejs: month start");
		ok(json_object_get(month, "end_date") == NULL, "timelinejs: one month, no end_date");
		is_str(json_string_value(json_object_get(json_object_get(week, "end_date"), "day")),
		       "20", "timelinejs: week end day");
		is_str(json_string_value(json_object_get(json_object_get(week, "text"), "headline")),
		       "A &amp; &quot;B&quot; &lt;C&gt;, Ltd. \xe2\x86\x92 "
		       "\xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd1\x8f: Make a visit (planned)",
		       "timelinejs: headline HTML-escaped");
		ok(strncmp(json_string_value(json_object_get(week, "unique_id")), "ev-", 3) == 0,
		   "timelinejs: unique_id is the event id");
	}
	json_decref(r);
	free(s);

	s = run(g, export_vis);
	r = json_loads(s, 0, NULL);
	ok(r != NULL, "vis: valid JSON");
	is_int(json_array_size(json_object_get(r, "items")), 3, "vis: dated items");
	is_int(json_array_size(json_object_get(r, "groups")), 2, "vis: one group per actor (first source)");
	json_array_foreach(json_object_get(r, "items"), i, e) {
		const char *start = json_string_value(json_object_get(e, "start"));
		const char *end = json_string_value(json_object_get(e, "end"));
		if (strcmp(start, "2015-09-14") == 0) {
			is_str(end, "2015-09-21", "vis: week range ends the day after");
			is_str(json_string_value(json_object_get(e, "type")), "range", "vis: range");
			is_str(json_string_value(json_object_get(e, "group")), "org:a&b", "vis: group");
		}
	}
	json_decref(r);
	free(s);
	graph_free(g);

	g = load("three.json");
	s = run(g, export_vis);
	r = json_loads(s, 0, NULL);
	int points = 0;
	json_array_foreach(json_object_get(r, "items"), i, e)
		if (strcmp(json_string_value(json_object_get(e, "type")), "point") == 0 &&
		    json_is_null(json_object_get(e, "end")))
			points++;
	is_int(points, 3, "vis: day events are points");
	json_decref(r);
	free(s);
	graph_free(g);
}

/* Found by fuzzing: an event whose earliest date does not parse is left
 * out of TimelineJS (and the slide's date object is not leaked). */
static void
test_timelinejs_bad_date(void)
{
	static const char tl[] =
	    "{\"dipline\": \"1.0\", \"documents\": [{\"id\": \"d\"}],"
	    " \"actors\": [], \"events\": [{\"action\": {\"cameo\": \"042\"},"
	    " \"source\": [], \"target\": [], \"evidence\": [{\"document\": \"d\","
	    " \"sentence\": 1, \"start\": 0, \"end\": 9, \"status\": \"occurred\","
	    " \"cameo\": \"042\", \"time\": {\"earliest\": \"2015-]9-01\","
	    " \"latest\": \"2015-09-30\", \"granularity\": \"month\"}}]}]}";
	static const dl_cameo visit = {"042", "Make a visit", "CONSULT", 1, 1.9};
	dl_graph *g = graph_new();
	/* merge input with a malformed date is rejected (graph.c); an
	 * article can still bring one into the graph */
	is_int(graph_add_timeline(g, tl, strlen(tl), "bad-date.json"), -1,
	       "timelinejs: a timeline with a malformed date is rejected");
	dl_article *a = ingest_article_new("d", "A visit.", 8);
	a->events = arena_alloc(a->arena, sizeof *a->events);
	dl_event *ev = &a->events[a->nevents++];
	ev->cameo = &visit;
	ev->attributed_to = ev->series_of = -1;
	ev->end = 8;
	snprintf(ev->time.earliest, sizeof ev->time.earliest, "2015-]9-01");
	snprintf(ev->time.latest, sizeof ev->time.latest, "2015-09-30");
	snprintf(ev->time.granularity, sizeof ev->time.granularity, "month");
	graph_add_article(g, a);
	ingest_article_free(a);
	graph_finish(g);
	char *s = run(g, export_timelinejs);
	json_t *r = json_loads(s, 0, NULL);
	is_int(g->nevents, 1, "timelinejs: the graph has the event");
	is_int(json_array_size(json_object_get(r, "events")), 0,
	       "timelinejs: an event with a malformed date has no slide");
	json_decref(r);
	free(s);
	graph_free(g);
}

static void
test_dot_gexf(void)
{
	dl_graph *g = load("three.json");
	char *s = run(g, export_dot), *want = slurp("three.dot");
	is_str(s, want, "dot: three.json as expected (tests/cases/graph/three.dot)");
	free(s);
	free(want);
	s = run(g, export_gexf);
	int edges = 0, nodes = 0;
	for (char *p = s; (p = strstr(p, "<edge ")) != NULL; p++)
		edges++;
	for (char *p = s; (p = strstr(p, "<node ")) != NULL; p++)
		nodes++;
	is_int(nodes, 3, "gexf: a node per actor");
	is_int(edges, 5, "gexf: an edge per event");
	ok(strstr(s, "xmlns=\"http://gexf.net/1.3\"") && strstr(s, "version=\"1.3\""),
	   "gexf: version 1.3");
	free(s);
	graph_free(g);

	g = load("odd.json");
	s = run(g, export_gexf);
	ok(strstr(s, "<node id=\"org:a&amp;b\" label=\"A &amp; &quot;B&quot; &lt;C&gt;, Ltd.\">") != NULL,
	   "gexf: attributes XML-escaped");
	free(s);
	s = run(g, export_dot);
	ok(strstr(s, "\"org:a&b\" [label=\"A & \\\"B\\\" <C>, Ltd.\", shape=hexagon];") != NULL,
	   "dot: quotes escaped");
	free(s);
	graph_free(g);
}

/* The terminal summary of g as a string (caller frees). */
static char *
summary_of(const dl_graph *g)
{
	char  *s = NULL;
	size_t n = 0;
	FILE  *fp = open_memstream(&s, &n);
	export_summary(g, fp);
	fclose(fp);
	return s;
}

static void
test_summary(void)
{
	dl_graph *g = load("three.json");
	char *s = summary_of(g);
	is_str(s, "dipline: 3 documents, 3 actors, 5 events (2 occurred, 1 planned, "
	       "2 implied), 2 dyads\n"
	       "dipline: dates 2015-08-29 .. 2015-09-15\n"
	       "dipline: top dyads: John Kerry \xe2\x80\x93 Sergei Lavrov (3), "
	       "John Kerry \xe2\x80\x93 Mohammad Javad Zarif (2)\n", "summary");
	free(s);
	graph_free(g);
}

/* escape.c: what every export passes text from the inputs through. */
static void
test_escape(void)
{
	static const struct {
		const char *in;
		int flags;
		const char *want;
		const char *name;
	} tx[] = {
		{"plain \xd0\xa0\xd1\x83\xd1\x81\xd1\x8c \xf0\x9f\x98\x80", 0,
		 "plain \xd0\xa0\xd1\x83\xd1\x81\xd1\x8c \xf0\x9f\x98\x80",
		 "UTF-8 text passes unchanged"},
		{"a\ab\x1b[31mc\x7f", 0, "a\xef\xbf\xbd" "b\xef\xbf\xbd[31mc\xef\xbf\xbd",
		 "BEL, ESC and DEL become U+FFFD"},
		{"x\xc2\x9b" "31m\xc2\x80y", 0, "x\xef\xbf\xbd" "31m\xef\xbf\xbdy",
		 "C1 controls (CSI U+009B, U+0080) become U+FFFD"},
		{"\xef\xbf\xbe\xef\xbf\xbf\xef\xb7\x90\xf4\x8f\xbf\xbf\xef\xb7\xaf", 0,
		 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
		 "noncharacters U+FFFE U+FFFF U+FDD0 U+10FFFF U+FDEF become U+FFFD"},
		{"\xef\xbf\xbd\xef\xb7\xb0", 0, "\xef\xbf\xbd\xef\xb7\xb0",
		 "U+FFFD and U+FDF0 are characters"},
		{"a\xff" "b\xc0\xaf" "c\xed\xa0\x80" "d\xe2\x82", 0,
		 "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
		 "d\xef\xbf\xbd\xef\xbf\xbd",
		 "bytes that are not UTF-8 (overlong, surrogate, cut short) become U+FFFD each"},
		{"t\tl\nc\rcl\r\nn\xc2\x85" "e", 0, "t l c cl n e",
		 "TAB and line breaks become spaces"},
		{"t\tl\nc\rcl\r\nn\xc2\x85" "e", ESCAPE_TAB | ESCAPE_LINES,
		 "t\tl\nc\ncl\nn\ne", "kept: TAB, and line breaks as one LF each"},
		{"", 0, "", "empty"},
	};
	for (size_t i = 0; i < sizeof tx / sizeof *tx; i++) {
		dl_buf b = {0};
		escape_text(&b, tx[i].in, tx[i].flags);
		is_str(b.p, tx[i].want, tx[i].name);
		buf_free(&b);
	}
	dl_buf b = {0};
	escape_text(&b, NULL, 0);
	is_str(b.p, "", "escape_text(NULL): nothing");
	buf_free(&b);

	buf_xml(&b, "<a href=\"x\">'&'</a>\r\n\tz\a\xef\xbf\xbe\xc2\x85!");
	is_str(b.p, "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;&#10; z"
	       "\xef\xbf\xbd\xef\xbf\xbd&#10;!",
	       "buf_xml: markup escaped, no control character or noncharacter left");
	buf_free(&b);

	static const struct {
		const char *url;
		int ok;
	} ux[] = {
		{"https://news.example/a?b=1&c=2#d", 1}, {"HTTP://news.example/", 1},
		{"http://\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbc\xd0\xb5\xd1\x80.example/", 1},
		{"javascript:alert(1)", 0}, {" https://news.example/", 0},
		{"=cmd|' /C calc'!A0", 0}, {"data:text/html,<b>", 0},
		{"https://", 0}, {"https:///path", 0}, {"//news.example/", 0},
		{"https://news.example/a b", 0}, {"https://news.example/\"x", 0},
		{"https://news.example/<x>", 0}, {"https://news.example/\r\nX-EVIL:1", 0},
		{"https://news.example/\xc2\x85", 0}, {"https://news.example/\xff", 0},
		{NULL, 0}, {"", 0},
	};
	for (size_t i = 0; i < sizeof ux / sizeof *ux; i++) {
		char name[200];
		snprintf(name, sizeof name, "escape_url_ok(%s) is %d",
			 ux[i].url ? ux[i].url : "NULL", ux[i].ok);
		for (char *p = name; *p; p++)
			if ((unsigned char)*p < 0x20)
				*p = '?';
		is_int(escape_url_ok(ux[i].url), ux[i].ok, name);
	}
}

/* The text of cell col (0-based) of the CSV row at row, as written
 * (quotes included), into out; "" when there is none. */
static void
csv_raw_cell(const char *row, int col, char *out, size_t n)
{
	const char *p = row;
	out[0] = '\0';
	for (int c = 0; p && *p; c++) {
		const char *q = p;
		if (*q == '"') {
			for (q++; *q && !(*q == '"' && q[1] != '"'); q += *q == '"' ? 2 : 1)
				;
			if (*q)
				q++;
		} else
			q += strcspn(q, ",\r");
		if (c == col) {
			if ((size_t)(q - p) < n) {
				memcpy(out, p, (size_t)(q - p));
				out[q - p] = '\0';
			}
			return;
		}
		if (*q != ',')
			return;
		p = q + 1;
	}
}

/* CSV cells that a spreadsheet could take for a formula get a quote in
 * front (OWASP); numbers do not.  The trigger column carries each. */
static void
test_csv_formulas(void)
{
	static const struct {
		const char *trigger, *cell;
	} cx[] = {
		{"=1+2", "'=1+2"}, {"+1", "'+1"}, {"-1+1", "'-1+1"}, {"@SUM(A1)", "'@SUM(A1)"},
		{" =1", "' =1"}, {"\t1", "\"'\t1\""}, {"\r1", "\"'\n1\""}, {"\n=1", "\"'\n=1\""},
		{"-", "'-"}, {"-1", "-1"}, {"-1.5", "-1.5"}, {"12", "12"}, {"1-2", "1-2"},
		{"a=b", "a=b"}, {"'=x", "'=x"}, {"=a;b", "\"'=a;b\""},
		{"=\"x\",y", "\"'=\"\"x\"\",y\""}, {"\xef\xbc\x9d" "1", "\xef\xbc\x9d" "1"},
	};
	size_t n = sizeof cx / sizeof *cx;
	dl_buf t = {0};

	buf_puts(&t, "{\"dipline\": \"1.0\", \"documents\": [{\"id\": \"d\"}],"
		 " \"actors\": [], \"events\": [");
	for (size_t i = 0; i < n; i++) {
		json_t *tr = json_string(cx[i].trigger);
		char *js = json_dumps(tr, JSON_ENCODE_ANY);
		/* one day each, so that no two events merge */
		buf_printf(&t, "%s{\"action\": {\"cameo\": \"042\"}, \"source\": [],"
			   " \"target\": [], \"evidence\": [{\"document\": \"d\","
			   " \"sentence\": %zu, \"start\": 0, \"end\": 9, \"status\":"
			   " \"occurred\", \"cameo\": \"042\", \"trigger\": %s, \"time\":"
			   " {\"earliest\": \"2015-01-%02zu\", \"latest\": \"2015-01-%02zu\","
			   " \"granularity\": \"day\"}}]}", i ? "," : "", i, js, i + 1, i + 1);
		free(js);
		json_decref(tr);
	}
	buf_puts(&t, "]}");
	dl_graph *g = graph_new();
	is_int(graph_add_timeline(g, t.p, t.len, "formulas.json"), 0, "csv: formula timeline read");
	graph_finish(g);
	is_int(g->nevents, n, "csv: one event per trigger");
	char *s = run(g, export_csv);
	for (size_t i = 0; i < n; i++) {
		char key[64], got[64], name[100];
		snprintf(key, sizeof key, ",2015-01-%02zu,2015-01-%02zu,day,", i + 1, i + 1);
		const char *row = strstr(s, key);
		while (row && row > s && row[-1] != '\n')
			row--;
		csv_raw_cell(row, 22, got, sizeof got);   /* trigger */
		snprintf(name, sizeof name, "csv: trigger cell %zu", i);
		is_str(got, cx[i].cell, name);
	}
	free(s);
	graph_free(g);
	buf_free(&t);
}

/* tests/cases/export/hostile.json through the calendar: libical reads it
 * back, no control characters reach it, only http(s) URLs, and the days
 * it cannot write are left out. */
static void
test_ics_hostile(void)
{
	dl_graph *g = load("../export/hostile.json");
	char *s = run(g, export_ics);
	check_ics_lines(s, "hostile.ics");
	ok(strstr(s, "00000000") == NULL, "hostile.ics: no date written as zeros");
	ok(strstr(s, "\r\nDTSTAMP:20150909T000000Z\r\n") != NULL,
	   "hostile.ics: DTSTAMP from the latest publication date that can be written");
	icalcomponent *cal = icalparser_parse_string(s);
	ok(cal != NULL, "hostile.ics: libical parses it");
	if (cal) {
		int n = 0, clean = 1, urls = 0, httpsurls = 0;
		char starts[128] = "";
		for (icalcomponent *c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
		     c; c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
			n++;
			struct icaltimetype st = icalcomponent_get_dtstart(c);
			if (strlen(starts) < sizeof starts - 12)
				strcat(strcat(starts, " "), icaltime_as_ical_string(st));
			for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY);
			     p; p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY)) {
				const char *v = icalproperty_get_value_as_string(p);
				for (const unsigned char *q = (const unsigned char *)v; q && *q; q++)
					if ((*q < 0x20 && *q != '\t') || *q == 0x7f ||
					    (q[0] == 0xc2 && q[1] >= 0x80 && q[1] < 0xa0) ||
					    (q[0] == 0xef && q[1] == 0xbf && q[2] >= 0xbe))
						clean = 0;
				if (icalproperty_isa(p) == ICAL_URL_PROPERTY) {
					urls++;
					httpsurls += strncmp(icalproperty_get_url(p), "https://", 8) == 0;
				}
			}
		}
		is_int(n, 4, "hostile.ics: the four events with days in 0001-01-02 .. 3000-12-30");
		is_str(starts, " 00010102 20150901 20150908 30001230",
		       "hostile.ics: DTSTART of each, the first and last day that can be written");
		ok(clean, "hostile.ics: no control character (but TAB) or noncharacter in any value");
		ok(urls == 3 && httpsurls == 3,
		   "hostile.ics: URL only for the https document (not javascript:, not a formula)");
		icalcomponent_free(cal);
	}
	free(s);
	graph_free(g);

	/* what the range rests on: libical writes the first and last days of
	 * 0001-01-02 .. 3000-12-31 as DATE values */
	static const int days[][3] = {{1, 1, 2}, {1582, 10, 15}, {1969, 12, 31},
				      {2038, 1, 20}, {3000, 12, 31}};
	for (size_t i = 0; i < sizeof days / sizeof *days; i++) {
		struct icaltimetype t = icaltime_null_date();
		char want[64], name[100];
		t.year = days[i][0];
		t.month = days[i][1];
		t.day = days[i][2];
		t.is_date = 1;
		icalproperty *p = icalproperty_new_dtstart(t);
		char *got = icalproperty_as_ical_string_r(p);
		snprintf(want, sizeof want, "DTSTART;VALUE=DATE:%04d%02d%02d\r\n",
			 days[i][0], days[i][1], days[i][2]);
		snprintf(name, sizeof name, "libical writes %04d-%02d-%02d", days[i][0],
			 days[i][1], days[i][2]);
		is_str(got, want, name);
		icalmemory_free_buffer(got);
		icalproperty_free(p);
	}
}

/* The terminal summary of hostile.json: no ESC, BEL, OSC or CSI. */
static void
test_summary_hostile(void)
{
	dl_graph *g = load("../export/hostile.json");
	char *s = summary_of(g);
	int clean = 1;
	for (const unsigned char *q = (const unsigned char *)s; *q; q++)
		if ((*q < 0x20 && *q != '\n') || *q == 0x7f ||
		    (q[0] == 0xc2 && q[1] >= 0x80 && q[1] < 0xa0))
			clean = 0;
	ok(clean, "summary: no control character from names or dates");
	ok(strstr(s, "Bel\xef\xbf\xbd Esc\xef\xbf\xbd[2J Fffe\xef\xbf\xbd Nel  Csi\xef\xbf\xbd"
		  "31m Del\xef\xbf\xbd") != NULL, "summary: a name with BEL, ESC, U+FFFE, NEL, CSI, DEL");
	free(s);
	graph_free(g);

	/* merge input with an OSC sequence in a date is rejected (graph.c);
	 * an article can still bring one into the graph */
	static const dl_cameo praise = {"051", "Praise or endorse", "COOPERATE", 1, 3.4};
	dl_article *a = ingest_article_new("d", "Praise.", 7);
	a->events = arena_alloc(a->arena, sizeof *a->events);
	dl_event *ev = &a->events[a->nevents++];
	ev->cameo = &praise;
	ev->attributed_to = ev->series_of = -1;
	ev->end = 7;
	snprintf(ev->time.earliest, sizeof ev->time.earliest, "0000-12-31");
	snprintf(ev->time.latest, sizeof ev->time.latest, "9\x1b]0;pwned\x07");
	g = graph_new();
	graph_add_article(g, a);
	ingest_article_free(a);
	graph_finish(g);
	s = summary_of(g);
	ok(strstr(s, "dipline: dates 0000-12-31 .. 9\xef\xbf\xbd]0;pwned\xef\xbf\xbd\n") != NULL,
	   "summary: an OSC sequence in a date is defused");
	free(s);
	graph_free(g);
}

/* ---- the JSON writer, held to jansson */

/* s (n bytes) written by export_json_string and by json_dumps: the same
 * bytes, or both refused.  Counts a mismatch in *bad (and says the first). */
static void
string_vs_jansson(const char *s, size_t n, int *bad)
{
	dl_buf b = {0};
	json_t *j = json_stringn(s, n);
	char *want = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	int r = export_json_string(&b, s, n);

	json_decref(j);
	if ((want == NULL) != (r != 0) ||
	    (want && (b.len != strlen(want) || memcmp(b.p, want, b.len) != 0))) {
		if ((*bad)++ == 0) {
			printf("#   string of %zu bytes:", n);
			for (size_t i = 0; i < n && i < 16; i++)
				printf(" %02x", (unsigned char)s[i]);
			printf("\n#   got %s, want %s\n", r ? "(refused)" : b.p,
			       want ? want : "(refused)");
		}
	}
	free(want);
	buf_free(&b);
}

/* The UTF-8 of cp into out (4 bytes at most); its length. */
static size_t
utf8_of(long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static uint32_t rng = 12345;

static uint32_t
next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

static void
test_json_strings(void)
{
	static const char *const refused[] = {"\xff", "\x80", "a\xc0\x80", "\xc1\xbf",
		"\xed\xa0\x80", "\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
		"\xe2\x82", "\xe2\x28\xa1", "ok\xf0\x9f\x98"};
	/* what escapes or not depends on: C0, '"', '\\', '/', DEL, C1, the
	 * line separators, the BMP's last code points, astral planes */
	static const long picks[] = {0x7f, 0x80, 0x85, 0x9f, 0xa0, 0xad, 0x2028,
		0x2029, 0x202e, 0x2066, 0xd7ff, 0xe000, 0xfdd0, 0xfeff, 0xfffd,
		0xfffe, 0xffff, 0x10000, 0x1f600, 0x10fffe, 0x10ffff};
	char s[256];
	int bad = 0;

	for (long cp = 0; cp < 0x800; cp++) {   /* each alone, and inside */
		size_t k = utf8_of(cp, s);
		string_vs_jansson(s, k, &bad);
		s[0] = 'a';
		k = 1 + utf8_of(cp, s + 1);
		s[k++] = '/';
		string_vs_jansson(s, k, &bad);
	}
	for (size_t i = 0; i < sizeof picks / sizeof *picks; i++)
		string_vs_jansson(s, utf8_of(picks[i], s), &bad);
	for (int t = 0; t < 20000; t++) {   /* mixtures */
		size_t k = 0, len = next_rand() % 40;
		while (k < len) {
			uint32_t r = next_rand();
			long cp = r % 4 == 0 ? (long)(r >> 2) % 0x20 :
				r % 4 == 1 ? "\"\\/ a\x7f"[(r >> 2) % 6] :
				r % 4 == 2 ? picks[(r >> 2) % (sizeof picks / sizeof *picks)] :
				(long)(r >> 2) % 0x3000;
			if (cp >= 0xd800 && cp <= 0xdfff)
				continue;
			k += utf8_of(cp, s + k);
		}
		string_vs_jansson(s, k, &bad);
	}
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
		string_vs_jansson(refused[i], strlen(refused[i]), &bad);
	string_vs_jansson("a\0b", 3, &bad);   /* a NUL, when given a length */
	string_vs_jansson("", 0, &bad);
	is_int(bad, 0, "json writer: strings escaped as json_dumps escapes them "
	       "(every code point below U+0800, the special ones, 20 000 mixtures, "
	       "and what jansson refuses)");

	dl_buf b = {0};
	ok(export_json_string(&b, "\x01/\xe2\x80\xa8\"\\", 7) == 0 &&
	   strcmp(b.p, "\"\\u0001/\xe2\x80\xa8\\\"\\\\\"") == 0,
	   "json writer: C0 as \\u00XX, \"/\" and U+2028 as they are, quote and "
	   "backslash escaped");
	buf_free(&b);
}

/* The reals of the model (goldstein) as jansson writes them with
 * JSON_REAL_PRECISION(10). */
static const double reals[] = {1.0, -10.0, 3.4, 0.1, 1e-5, 0.30000000000000004,
	2.5e-7, -0.0, 9.999999999999, 1.0 / 3, 0.0, 10.0, -2.2, 7.000000001,
	1e-300, 5e-324, -9.87654321012, 1.5, 2.25, 0.001, 0.0001, 0.00001234,
	6.02214076, -1e-10, 4.4, 8.8, -7.2, 3.0, -0.5, 0.25, 1.9, -4.0,
	2.8, -6.5, 5.2, 0.123456789012, -8.000000000001, 9.5};
#define NREALS (sizeof reals / sizeof *reals)

static void
test_json_reals(void)
{
	int bad = 0;
	dl_buf b = {0};

	for (size_t i = 0; i < NREALS; i++) {
		json_t *j = json_real(reals[i]);
		char *want = json_dumps(j, JSON_ENCODE_ANY | JSON_REAL_PRECISION(10));
		b.len = 0;
		if (export_json_real(&b, reals[i]) != 0 || strcmp(b.p, want) != 0)
			bad++;
		free(want);
		json_decref(j);
	}
	is_int(bad, 0, "json writer: reals as json_dumps writes them");
	b.len = 0;
	export_json_real(&b, 1.0);
	export_json_real(&b, -10.0);
	export_json_real(&b, 0.1);
	export_json_real(&b, 1e-5);
	is_str(b.p, "1.0-10.00.11e-5", "json writer: 1.0, -10.0, 0.1, 1e-5");
	ok(export_json_real(&b, 1.0 / 0.0) == -1 && export_json_real(&b, 0.0 / 0.0) == -1,
	   "json writer: no infinity, no NaN (jansson refuses them)");
	buf_free(&b);
}

/* A timeline of NREALS events, each reported twice: once with the event's
 * code (0421) and goldstein reals[i], once with 042 and reals[NREALS-1-i];
 * strings with what needs escaping. */
static char *
reals_timeline(void)
{
	json_t *docs = json_array(), *evs = json_array();
	static const char *const odd[] = {"q\"b\\s/", "\x01\x1f\x7f\t\n", "\xe2\x80\xa8\xe2\x80\xa9",
		"\xf0\x9f\x98\x80 \xc3\xa9", "</script>", ""};

	for (size_t i = 0; i < NREALS; i++) {
		char id[16], day[11];
		snprintf(id, sizeof id, "d%zu", i);
		date_format(date_to_days(2015, 1, 1) + (long)i, day);
		json_array_append_new(docs, json_pack("{s:s,s:s,s:s}", "id", id, "title",
						      odd[i % 6], "published", day));
		json_t *t = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "value", day, "type",
				      "DATE", "earliest", day, "latest", day, "granularity",
				      "day", "text", odd[(i + 1) % 6]);
		json_t *ev = json_pack("{s:{s:s},s:[s],s:[s],s:s,s:[{s:s,s:i,s:i,s:i,s:s,s:s,"
				       "s:f,s:s,s:O},{s:s,s:i,s:i,s:i,s:s,s:s,s:f,s:s,s:O}]}",
				       "action", "cameo", "0421", "source", "person:a",
				       "target", "org:b", "status", "occurred", "evidence",
				       "document", id, "sentence", 0, "start", 0, "end", 5,
				       "cameo", "0421", "label", "Sub", "goldstein", reals[i],
				       "status", "occurred", "time", t,
				       "document", id, "sentence", 1, "start", 6, "end", 9,
				       "cameo", "042", "label", odd[i % 6],
				       "goldstein", reals[NREALS - 1 - i],
				       "status", "occurred", "time", t);
		json_decref(t);
		json_array_append_new(evs, ev);
	}
	json_t *r = json_pack("{s:s,s:o,s:[{s:s,s:s,s:s,s:[s,s],s:[s]},{s:s,s:s}],s:o}",
			      "dipline", "1.0", "documents", docs, "actors",
			      "id", "person:a", "name", odd[0], "type", "person",
			      "roles", odd[1], odd[2], "aliases", odd[3],
			      "id", "org:b", "type", "organisation", "events", evs);
	char *s = json_dumps(r, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(r);
	return s;
}

/* s is what json_dumps writes, with flags, for the tree it reads from s
 * (plus the end of line after it). */
static int
same_as_jansson(const char *s, size_t len, size_t flags)
{
	json_t *j = json_loadb(s, len, 0, NULL);
	char *d = j ? json_dumps(j, flags) : NULL;
	int same = d && strlen(d) + 1 == len && memcmp(d, s, len - 1) == 0 &&
		s[len - 1] == '\n';
	free(d);
	json_decref(j);
	return same;
}

/* Every line of s (JSON Lines) as json_dumps writes it. */
static int
lines_as_jansson(const char *s, int *nlines)
{
	int same = 1;
	*nlines = 0;
	for (const char *p = s, *nl; *p; p = nl + 1, ++*nlines) {
		if ((nl = strchr(p, '\n')) == NULL)
			return 0;
		same &= same_as_jansson(p, (size_t)(nl - p) + 1, JSON_COMPACT |
					JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	}
	return same;
}

static void
test_json_writer(void)
{
	static const char *const fixtures[] = {"three.json", "odd.json",
		"../export/hostile.json"};
	const size_t fj = JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10);
	char name[128];
	int n;

	for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
		dl_graph *g = load(fixtures[i]);
		char *s = run(g, export_json), *l = run(g, export_jsonl);
		snprintf(name, sizeof name, "json writer: %s -f json, byte for byte "
			 "what json_dumps writes", fixtures[i]);
		ok(same_as_jansson(s, strlen(s), fj), name);
		snprintf(name, sizeof name, "json writer: %s -f jsonl, every line "
			 "what json_dumps writes", fixtures[i]);
		ok(lines_as_jansson(l, &n) && n == (int)g->nevents, name);
		free(s);
		free(l);
		graph_free(g);
	}

	/* more distinct reals than the writer keeps written */
	char *t = reals_timeline();
	dl_graph *g = graph_new();
	is_int(graph_add_timeline(g, t, strlen(t), "reals.json"), 0,
	       "json writer: the timeline of reals is read");
	graph_finish(g);
	char *s = run(g, export_json), *l = run(g, export_jsonl);
	ok(same_as_jansson(s, strlen(s), fj), "json writer: reals and odd strings, "
	   "-f json as json_dumps writes them");
	ok(lines_as_jansson(l, &n) && n == (int)NREALS, "json writer: ... -f jsonl too");
	/* and each real is the one of its event (in time order) */
	json_t *j = json_loads(s, 0, NULL), *e;
	size_t i, right = 0;
	json_array_foreach(json_object_get(j, "events"), i, e) {
		json_t *x = json_array_get(json_object_get(e, "evidence"), 1);
		double a = json_real_value(json_object_get(json_object_get(e, "action"),
							   "goldstein"));
		double b = json_real_value(json_object_get(x, "goldstein"));
		char want[2][40], got[2][40];
		snprintf(want[0], 40, "%.10g", reals[i]);
		snprintf(want[1], 40, "%.10g", reals[NREALS - 1 - i]);
		snprintf(got[0], 40, "%.10g", a);
		snprintf(got[1], 40, "%.10g", b);
		right += i < NREALS && strcmp(want[0], got[0]) == 0 &&
			strcmp(want[1], got[1]) == 0;
	}
	is_int(right, NREALS, "json writer: every event and report with its own real");
	json_decref(j);
	free(s);
	free(l);
	free(t);
	graph_free(g);

	/* a string jansson refuses (not UTF-8) is left out, as json_object_set_new
	 * leaves it out */
	dl_article *a = ingest_article_new("bad.txt", "Text.", 5);
	a->id = arena_strdup(a->arena, "bad");
	a->title = arena_strdup(a->arena, "T\xff");
	a->source = arena_strdup(a->arena, "S");
	g = graph_new();
	graph_add_article(g, a);
	ingest_article_free(a);
	graph_finish(g);
	s = run(g, export_json);
	ok(strstr(s, "\"id\": \"bad\",\n      \"url\": null,\n      \"source\": \"S\",") != NULL,
	   "json writer: a title that is not UTF-8 is left out (as jansson did)");
	free(s);
	graph_free(g);
}

int
main(void)
{
	test_json();
	test_json_strings();
	test_json_reals();
	test_json_writer();
	test_ics();
	test_csv();
	test_timelinejs_vis();
	test_timelinejs_bad_date();
	test_dot_gexf();
	test_summary();
	test_escape();
	test_csv_formulas();
	test_ics_hostile();
	test_summary_hostile();
	return done_testing();
}
