"""Development: the default settings module (manage.py, make run)."""

from cms.env import env_bool

from .base import *

DEBUG = env_bool("DEBUG", True)
