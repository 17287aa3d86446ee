"""The Celery worker of the load run (bench/load.py ``--celery``): the settings of the server it
works for (``LOAD_SERVER_SETTINGS``), with e-mails written to files in ``LOAD_MAIL_DIR`` so that
the run can check that every receipt was sent, once to each member."""

import importlib
import os

globals().update(
    {
        name: value
        for name, value in vars(importlib.import_module(os.environ["LOAD_SERVER_SETTINGS"])).items()
        if name.isupper()
    }
)
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["LOAD_MAIL_DIR"]
