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

/* A category value: libical does not escape commas in CATEGORIES (it
 * takes them as list separators), so they are dropped. */
static void
export_ics_category(icalcomponent *ev, const char *s)
{
	dl_buf b = {0};
	if (s == NULL || *s == '\0')
		return;
	for (const char *p = s; *p; p++)
		if (*p != ',')
			buf_put(&b, p, 1);
	icalcomponent_add_property(ev, icalproperty_new_categories(b.p));
	buf_free(&b);
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
export_ics_event(const dl_graph *g, const dl_gevent *e, struct icaltimetype stamp)
{
	long first, last;
	dl_buf b = {0};

	if (export_ics_span(e, &first, &last) != 0 ||
	    last - first >= EXPORT_ICS_MAX_DAYS)
		return NULL;
	icalcomponent *ev = icalcomponent_new_vevent();
	char *uid = xmalloc(strlen(e->id) + 16);
	strcpy(uid, e->id);
	strcat(uid, "@dipline");
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	free(uid);
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
	/* revision: the newest publication among the event's own reports,
	 * so re-imports replace an event exactly when it got new evidence */
	long newest = 0, pd;
	for (size_t i = 0; i < e->natoms; i++) {
		const dl_gdoc *doc = &g->docs[g->atoms[e->atoms[i]].doc];
		if (doc->published[0] && date_parse_iso(doc->published, &pd) == 0 &&
		    pd > newest)
			newest = pd;
	}
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

	graph_event_summary(g, e, &b);
	icalcomponent_add_property(ev, icalproperty_new_summary(b.p));
	b.len = 0;
	export_ics_description(g, e, &b);
	icalcomponent_add_property(ev, icalproperty_new_description(b.p));
	buf_free(&b);

	export_ics_category(ev, e->action.plover);
	export_ics_category(ev, e->action.label);
	for (size_t i = 0; i < e->natoms; i++) {
		const dl_gdoc *d = &g->docs[g->atoms[e->atoms[i]].doc];
		if (d->url && *d->url) {
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

int
export_ics(const dl_graph *g, dl_buf *out)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	struct icaltimetype stamp = icaltime_null_time();
	long days;

	if (cal == NULL)
		return -1;
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid(
		"-//dipline//dipline " PACKAGE_VERSION "//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	if (g->stamp[0] == '\0' || date_parse_iso(g->stamp, &days) != 0)
		days = 0;
	dl_ymd d = date_from_days(days);
	stamp.year = d.y;
	stamp.month = d.m;
	stamp.day = d.d;
	stamp.zone = icaltimezone_get_utc_timezone();

	for (size_t i = 0; i < g->nevents; i++) {
		icalcomponent *ev = export_ics_event(g, &g->events[i], stamp);
		if (ev)
			icalcomponent_add_component(cal, ev);
	}
	char *s = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (s == NULL)
		return -1;
	buf_puts(out, s);
	icalmemory_free_buffer(s);
	return 0;
}
