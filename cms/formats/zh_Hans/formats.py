# Django's zh_Hans pads the month of MONTH_DAY_FORMAT (09月5日); the site writes 9月5日.
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
MONTH_DAY_FORMAT = "n月j日"
