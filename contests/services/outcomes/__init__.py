"""Outcomes of a contest: what organisers do with a round's ranking (issue #6).

* ``advancement`` — preview the cut (ties at the boundary, the tie-break chain) and confirm it into an
  immutable ``AdvancementDecision``; advanced entries move to the next round.
* ``awards`` / ``certificates`` — propose awards from the ranking within quotas, grant and revoke
  them with reasons; certificate PDFs.
* ``publication`` / ``appeals`` / ``feedback`` — provisional results with a notice window, one appeal
  per team and round with its review, final results; each team's own score breakdown.
* ``due_diligence`` — winners hand in listed documents before the results are final; a fail revokes
  the award and offers it to the next-ranked eligible entry (``due_diligence_cases`` opens a case
  for an award granted while the request is open).
* ``promotion`` — a winning entry becomes a draft ``SolutionPage`` in the showcase (以赛促用).
* ``dashboard`` / ``judge_reminders`` — the organiser's progress view and daily judge reminders.

Every decision is written to the audit trail (``contests.services.audit.record``).
"""
