"""Date formats per language (settings.FORMAT_MODULE_PATH), over Django's own: templates write
``|date:"DATE_FORMAT"`` and get 2026年3月5日 on the Chinese site, 5 March 2026 on the English one."""

from django.utils.formats import date_format


def datetime_with_seconds(moment):
    """``2026年8月2日 23:59:59`` or ``2 August 2026, 23:59:59``: the language's DATETIME_FORMAT (which
    ends in minutes) plus the seconds, of ``moment`` as given (convert it to local time first)."""
    return date_format(moment, "DATETIME_FORMAT") + date_format(moment, ":s")
