"""The public vote (人气奖): setting it up and publishing its rules (``setup``), casting a vote
(``casting``, with the arithmetic challenge of ``challenge``), the anomaly report (``anomalies``),
voiding votes (``moderation``) and the tallies of the public notice (``tallies``)."""
