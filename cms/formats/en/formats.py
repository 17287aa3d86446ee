# Day month year and a 24-hour clock: the times are Beijing time, as on the Chinese site.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
