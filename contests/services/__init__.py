"""Business rules of the contest domain, as plain functions.

Views, Celery tasks, management commands and admin actions all call these; each raises
``ContestError`` (a translated, user-facing message) when a rule refuses the action.
"""


class ContestError(Exception):
    """A contest rule refused the action. ``str(error)`` is the translated message for the user."""

    def __init__(self, message, *, code=""):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)
