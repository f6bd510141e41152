/*
 * export_ics.c - the timeline as an iCalendar file (RFC 5545), built and
 * serialised with libical (CRLF line ends, lines folded at 75 octets).
 *
 * One VEVENT per event with a known date (of at most a year), as an
 * all-day event or span:
 * DTSTART;VALUE=DATE is the first day, DTEND;VALUE=DATE the day after the
 * last (exclusive).  UID is "<event id>@dipline", so re-importing tomorrow's
 * run updates events instead of duplicating them; DTSTAMP is the latest
 * publication date of the documents at 00:00:00Z, never the wall clock;
 * LAST-MODIFIED and SEQUENCE (days since 1970) come from the newest
 * publication among the event's own reports, so an event is revised exactly
 * when new evidence arrives.
 *
 * Text from the inputs is cleaned before libical sees it (libical passes
 * control characters through, and a CR LF in a URL would start a property
 * of its own): escape_text keeps TAB, which RFC 5545 TEXT allows, and line
 * breaks, which libical writes as \n; every other control character,
 * noncharacter or byte that is not UTF-8 becomes U+FFFD.  URL is written
 * only for http(s) URLs (escape_url_ok).
 *
 * Dates: libical (3.0) writes the years 0 to 3000 (icaltime_is_valid_time)
 * and anything else as 00000000T000000; it also writes 0001-01-01 without
 * its VALUE=DATE.  So the days written are 0001-01-02 .. 3000-12-31 (year
 * 0 is left out too: ISO 8601 allows it only by agreement, and readers such
 * as Python's datetime start at year 1).  An event whose days, or DTEND
 * (the day after the last), fall outside is left out with a warning naming
 * it, and the number left out is told; the rest of the calendar is
 * written.  DTSTAMP and LAST-MODIFIED use only publication dates in range.
 */
#ifdef HAVE_CONFIG_H
#endif
#include "dipline.h"

#include <libical/ical.h>
#include <string.h>

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

/* Longer spans ("in the 11th century", "in recent years") are no calendar
 * entries: they are left out like undated events. */
#define EXPORT_ICS_MAX_DAYS 366

/* The days written (see above), and those an event may cover. */
#define EXPORT_ICS_FIRST_DAY 1, 1, 2
#define EXPORT_ICS_LAST_DAY 3000, 12, 31
#define EXPORT_ICS_RANGE "0001-01-02 .. 3000-12-30"

/* Add a TEXT property made by make from s cleaned. */
static void
export_ics_text(icalcomponent *ev, icalproperty *(*make)(const char *),
		const char *s)
{
	dl_buf b = {0};
	escape_text(&b, s, ESCAPE_TAB | ESCAPE_LINES);
	icalcomponent_add_property(ev, make(b.p));
	buf_free(&b);
}

static void
export_ics_names(const dl_graph *g, const int *v, int n, dl_buf *b)
{
	for (int i = 0; i < n; i++) {
		const dl_actor *a = &g->actors[v[i]];
		buf_puts(b, i ? ", " : "");
		buf_puts(b, a->name ? a->name : a->id);
	}
}

static struct icaltimetype
export_ics_date(long days)
{
	dl_ymd d = date_from_days(days);
	struct icaltimetype t = icaltime_null_date();
	t.year = d.y;
	t.month = d.m;
	t.day = d.d;
	t.is_date = 1;
	return t;
}

/* 1 when libical writes the day correctly. */
static int
export_ics_writable(long days)
{
	return days >= date_to_days(EXPORT_ICS_FIRST_DAY) &&
		days <= date_to_days(EXPORT_ICS_LAST_DAY) &&
		icaltime_is_valid_time(export_ics_date(days));
}

/* The newest publication date among docs (all when v is NULL, else the
 * documents of v's n atoms) that libical can write; 0 when none. */
static long
export_ics_newest(const dl_graph *g, const int *v, size_t n)
{
	long newest = 0, pd;
	for (size_t i = 0; i < (v ? n : g->ndocs); i++) {
		const dl_gdoc *d = &g->docs[v ? (size_t)g->atoms[v[i]].doc : i];
		if (d->published[0] && date_parse_iso(d->published, &pd) == 0 &&
		    pd > newest && export_ics_writable(pd))
			newest = pd;
	}
	return newest;
}

/* First and last day of an event; -1 when it has no date. */
static int
export_ics_span(const dl_gevent *e, long *first, long *last)
{
	const char *a = e->time.earliest[0] ? e->time.earliest : e->time.latest;
	const char *b = e->time.latest[0] ? e->time.latest : e->time.earliest;
	if (!a[0] || date_parse_iso(a, first) != 0 || date_parse_iso(b, last) != 0)
		return -1;
	if (*last < *first)
		*last = *first;
	return 0;
}

/* A category value: libical escapes neither commas nor semicolons in
 * CATEGORIES (it takes commas as list separators), so both are dropped. */
static void
export_ics_category(icalcomponent *ev, const char *s)
{
	dl_buf b = {0}, c = {0};
	if (s == NULL || *s == '\0')
		return;
	escape_text(&c, s, ESCAPE_TAB | ESCAPE_LINES);
	for (const char *p = c.p; *p; p++)
		if (*p != ',' && *p != ';')
			buf_put(&b, p, 1);
	icalcomponent_add_property(ev, icalproperty_new_categories(b.p));
	buf_free(&b);
	buf_free(&c);
}

static void
export_ics_description(const dl_graph *g, const dl_gevent *e, dl_buf *b)
{
	buf_puts(b, "Source: ");
	if (e->nsrc)
		export_ics_names(g, e->src, e->nsrc, b);
	else
		buf_puts(b, "unknown");
	buf_puts(b, "\nTarget: ");
	if (e->ntgt)
		export_ics_names(g, e->tgt, e->ntgt, b);
	else
		buf_puts(b, "none");
	buf_printf(b, "\nAction: %s %s", e->action.code,
		   e->action.label ? e->action.label : "");
	if (e->action.plover && *e->action.plover)
		buf_printf(b, " (%s)", e->action.plover);
	buf_printf(b, "\nStatus: %s", events_status_name(e->status));
	if (e->attributed_to >= 0)
		buf_printf(b, "\nAccording to: %s", g->actors[e->attributed_to].name);
	buf_printf(b, "\nTime: %s", e->time.value[0] ? e->time.value : "?");
	if (e->time.earliest[0] || e->time.latest[0])
		buf_printf(b, " (%s .. %s%s%s)", e->time.earliest, e->time.latest,
			   e->time.granularity[0] ? ", " : "", e->time.granularity);
	if (e->time.text)
		buf_printf(b, ", \"%s\"", e->time.text);
	if (e->time.anchor)
		buf_printf(b, ", anchor: %s", e->time.anchor);
	if (e->series >= 0)
		buf_printf(b, "\nSeries: number %d of %s%s%s", e->ordinal,
			   g->series[e->series].id,
			   g->series[e->series].window[0] ? ", window " : "",
			   g->series[e->series].window);
	buf_puts(b, "\nEvidence:");
	for (size_t i = 0; i < e->natoms; i++) {
		const dl_atom *at = &g->atoms[e->atoms[i]];
		const dl_gdoc *d = &g->docs[at->doc];
		buf_printf(b, "\n- %s, sentence %d (bytes %zu-%zu)", d->id,
			   at->sentence, at->start, at->end);
		if (d->title)
			buf_printf(b, ": %s", d->title);
		if (d->published[0])
			buf_printf(b, " (%s)", d->published);
	}
	buf_printf(b, "\nEvent id: %s", e->id);
}

static icalcomponent *
export_ics_event(const dl_graph *g, const dl_gevent *e, long first, long last,
		 struct icaltimetype stamp)
{
	dl_buf b = {0};

	icalcomponent *ev = icalcomponent_new_vevent();
	buf_printf(&b, "%s@dipline", e->id);
	export_ics_text(ev, icalproperty_new_uid, b.p);
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
	/* revision: the newest publication among the event's own reports,
	 * so re-imports replace an event exactly when it got new evidence */
	long newest = export_ics_newest(g, e->atoms, e->natoms);
	if (newest > 0) {
		struct icaltimetype lm = icaltime_null_time();
		dl_ymd ymd = date_from_days(newest);
		lm.year = ymd.y;
		lm.month = ymd.m;
		lm.day = ymd.d;
		lm.zone = icaltimezone_get_utc_timezone();
		icalcomponent_add_property(ev, icalproperty_new_lastmodified(lm));
		icalcomponent_add_property(ev, icalproperty_new_sequence((int)newest));
	}
	icalcomponent_add_property(ev, icalproperty_new_dtstart(export_ics_date(first)));
	icalcomponent_add_property(ev, icalproperty_new_dtend(export_ics_date(last + 1)));

	b.len = 0;
	graph_event_summary(g, e, &b);
	export_ics_text(ev, icalproperty_new_summary, b.p);
	b.len = 0;
	export_ics_description(g, e, &b);
	export_ics_text(ev, icalproperty_new_description, b.p);
	buf_free(&b);

	export_ics_category(ev, e->action.plover);
	export_ics_category(ev, e->action.label);
	for (size_t i = 0; i < e->natoms; i++) {
		const dl_gdoc *d = &g->docs[g->atoms[e->atoms[i]].doc];
		if (escape_url_ok(d->url)) {
			icalcomponent_add_property(ev, icalproperty_new_url(d->url));
			break;
		}
	}
	switch (e->status) {
	case ST_OCCURRED:
		icalcomponent_add_property(ev, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
		break;
	case ST_NEGATED:
		icalcomponent_add_property(ev, icalproperty_new_status(ICAL_STATUS_CANCELLED));
		break;
	default:   /* planned, proposed, hypothetical, implied */
		icalcomponent_add_property(ev, icalproperty_new_status(ICAL_STATUS_TENTATIVE));
		break;
	}
	icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	return ev;
}

/* Tell that e is left out: its days first .. last (DTEND the day after)
 * cannot all be written. */
static void
export_ics_warn(const dl_graph *g, const dl_gevent *e, long first, long last)
{
	dl_buf s = {0}, c = {0};
	dl_ymd a = date_from_days(first), z = date_from_days(last);

	graph_event_summary(g, e, &s);
	escape_text(&c, s.p, 0);
	util_warn(NULL, 0, "event %s (%s): %04d-%02d-%02d .. %04d-%02d-%02d is "
		  "outside " EXPORT_ICS_RANGE ", the days an iCalendar file can "
		  "hold; left out of the calendar", e->id, c.p, a.y, a.m, a.d,
		  z.y, z.m, z.d);
	buf_free(&s);
	buf_free(&c);
}

int
export_ics(const dl_graph *g, dl_buf *out)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	struct icaltimetype stamp = icaltime_null_time();
	size_t left_out = 0;

	if (cal == NULL)
		return -1;
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid(
		"-//dipline//dipline " PACKAGE_VERSION "//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	/* the latest publication date that can be written, else 1970-01-01 */
	dl_ymd d = date_from_days(export_ics_newest(g, NULL, 0));
	stamp.year = d.y;
	stamp.month = d.m;
	stamp.day = d.d;
	stamp.zone = icaltimezone_get_utc_timezone();

	for (size_t i = 0; i < g->nevents; i++) {
		const dl_gevent *e = &g->events[i];
		long first, last;
		if (export_ics_span(e, &first, &last) != 0 ||
		    last - first >= EXPORT_ICS_MAX_DAYS)
			continue;
		if (!export_ics_writable(first) || !export_ics_writable(last + 1)) {
			export_ics_warn(g, e, first, last);
			left_out++;
			continue;
		}
		icalcomponent_add_component(cal, export_ics_event(g, e, first, last, stamp));
	}
	if (left_out)
		util_warn(NULL, 0, "%zu event%s left out of the calendar: dates "
			  "outside " EXPORT_ICS_RANGE, left_out,
			  left_out == 1 ? "" : "s");
	char *s = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (s == NULL)
		return -1;
	buf_puts(out, s);
	icalmemory_free_buffer(s);
	return 0;
}
