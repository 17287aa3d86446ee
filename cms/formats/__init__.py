"""Date formats per language (settings.FORMAT_MODULE_PATH), over Django's own: templates write
``|date:"DATE_FORMAT"`` and get 2026年3月5日 on the Chinese site, 5 March 2026 on the English one."""
