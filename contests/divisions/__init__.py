"""The division manager's workspace (分赛区工作台, /division/): a city's teams, entries, eligibility
review, judges and export — its own division only (``contests.services.divisions``)."""
