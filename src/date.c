/* date.c - Gregorian calendar arithmetic on day numbers (1970-01-01 = 0). */
#include "dipline.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

/* Howard Hinnant's days_from_civil / civil_from_days. */
long
date_to_days(int y, int m, int d)
{
	y -= m <= 2;
	long     era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

dl_ymd
date_from_days(long z)
{
	dl_ymd r;
	z += 719468;
	long     era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400) + (r.m <= 2);
	return r;
}

int
date_weekday(long days)
{
	/* 1970-01-01 was a Thursday (4). */
	long w = (days + 3) % 7;
	if (w < 0)
		w += 7;
	return (int)w + 1;
}

int
date_days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[(m - 1) % 12];
}

long
date_iso_week_monday(int year, int week)
{
	long jan4 = date_to_days(year, 1, 4);
	long mon1 = jan4 - (date_weekday(jan4) - 1);
	return mon1 + (long)(week - 1) * 7;
}

void
date_iso_week(long days, int *year, int *week)
{
	long   thu = days - date_weekday(days) + 4;  /* Thursday of this week */
	dl_ymd t = date_from_days(thu);
	long   jan1 = date_to_days(t.y, 1, 1);
	*year = t.y;
	*week = (int)((thu - jan1) / 7) + 1;
}

int
date_parse_iso(const char *s, long *days)
{
	/* YYYY-MM-DD, digits only (by hand: sscanf was a tenth of a merge) */
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return -1;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
		(s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
		return -1;
	if (s[10] != '\0' && s[10] != 'T' && s[10] != ' ')
		return -1;
	*days = date_to_days(y, m, d);
	return 0;
}

void
date_format(long days, char out[11])
{
	dl_ymd   r = date_from_days(days);
	unsigned y = r.y < 0 ? 0 : r.y > 9999 ? 9999 : (unsigned)r.y;
	unsigned m = (unsigned)r.m & 15u, d = (unsigned)r.d & 31u;
	/* "%04u-%02u-%02u" by hand: one date a timex, often the hot path */
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}
