from .holidays import CalendarDay
from .outbox import PendingTask
from .pages import HomePage, StandardPage
from .site_settings import SiteSettings
from .users import User

__all__ = ["CalendarDay", "HomePage", "PendingTask", "SiteSettings", "StandardPage", "User"]
