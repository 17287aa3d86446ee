"""The judge portal under /judging/: blind lists, the no-conflict declaration, scoring, recusal.

Every view reaches an entry only through the judge's own active assignment, addressed by its
opaque ``code``; anything else — unassigned, recused, removed, another judge's, their own team's —
is a 404, so a judge cannot even learn that an entry exists. Any other conflict that appears after
assignment does not hide the entry: opening the list or the entry flags it to the organiser (who
decides), and the judge is never shown the flag. Pages show the entry's content and
blind code, never the team, its members, organisation, contact or the uploaded file names.
"""
