/* export_times.c - `dipline times`: the temporal expressions of one article. */
#include "dipline.h"

#include <jansson.h>
#include <stdlib.h>

static json_t *
str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

int
export_article_times(const dl_article *art, dl_buf *out)
{
	json_t *root = json_object();
	json_t *arr = json_array();

	json_object_set_new(root, "dct", str_or_null(art->published));
	for (size_t i = 0; i < art->ntimexes; i++) {
		const dl_timex *t = &art->timexes[i];
		json_t *o = json_object();
		json_object_set_new(o, "start", json_integer((json_int_t)t->start));
		json_object_set_new(o, "end", json_integer((json_int_t)t->end));
		json_object_set_new(o, "text",
				    json_stringn(art->text + t->start, t->end - t->start));
		json_object_set_new(o, "type", json_string(times_type_name(t->type)));
		json_object_set_new(o, "value", json_string(t->value));
		json_object_set_new(o, "mod", str_or_null(t->mod));
		json_object_set_new(o, "earliest", str_or_null(t->earliest));
		json_object_set_new(o, "latest", str_or_null(t->latest));
		json_object_set_new(o, "granularity", str_or_null(t->granularity));
		if (t->ordinal > 0)
			json_object_set_new(o, "ordinal", json_integer(t->ordinal));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "timexes", arr);
	return export_dump(root, out, JSON_COMPACT | JSON_PRESERVE_ORDER, "\n");
}
