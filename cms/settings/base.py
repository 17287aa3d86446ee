"""Settings shared by every environment. Values that differ between machines come from the
environment through ``cms.env``; dev.py, test.py and production.py only adjust these."""

from pathlib import Path

from cms.embeds.providers import embed_finders
from cms.env import env_bool, env_database, env_int, env_list, env_redis_url, env_site_url, env_str
from cms.storage import storages_from_env

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "scenes",
    "contests",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.middleware.RejectNullCharactersMiddleware",
    "cms.middleware.DevelopmentOriginMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it sees the final response of a failed login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite by default so that a fresh machine needs no services; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": env_database(
        default={
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        }
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "cms.User"
AUTHENTICATION_BACKENDS = [
    # axes first: it refuses a locked-out account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-in with a verified mobile number and a code sent to it (/accounts/login/sms/).
    "contests.accounts.backends.SmsCodeBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# URL names, so that a redirect keeps the visitor's language (/en/accounts/login/ in English).
LOGIN_URL = "contests:login"
LOGIN_REDIRECT_URL = "contests:dashboard"
LOGOUT_REDIRECT_URL = "/"

# Failed-login throttling (contests/services/login_lockout.py): five failures lock an account for
# one client address only, so nobody can lock the owner out from elsewhere; slower ceilings per
# account (from all addresses) and per address (over all accounts) within the cool-off. Reset on success.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "contests.services.login_lockout.CeilingAxesHandler"
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 50)
LOGIN_FAILURES_PER_CLIENT = env_int("LOGIN_FAILURES_PER_CLIENT", 100)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Case-insensitive e-mail: one failure count per address however it is capitalised.
AXES_USERNAME_CALLABLE = "contests.services.accounts.axes_username"

# Actions that send e-mail (cms/throttle.py): kind -> (how many, per seconds). Per e-mail address the
# limit on sign-up and reset is silent (no mail, the same page: it must not tell whether the address
# has an account); per client address, team leader or organiser the action is refused with a message.
THROTTLES = {
    "signup_mail": (3, 3600),  # verification mails or "someone tried to sign up" notices, per address
    "reset_mail": (3, 3600),  # password-reset mails, per address
    "team_invitation_mail": (3, 3600),  # team invitations, per invited address
    "judge_invitation_mail": (3, 3600),  # judge invitations, per invited address
    "signup_client": (20, 3600),  # sign-ups and verification re-sends, per client address
    "reset_client": (20, 3600),  # password-reset requests, per client address
    "verify_password": (10, 3600),  # password tries on one sign-up's verification page
    "team_inviter": (20, 3600),  # team invitations, per team leader
    "judge_inviter": (60, 3600),  # judge invitations, per organiser
    "need_comment": (5, 600),  # comments on needs, per person
    "need_follow": (30, 3600),  # follow/unfollow toggles on needs, per person
    "open_data_request": (10, 3600),  # 数据开放申请, per signed-in person
    "certificate_verify": (30, 600),  # certificate numbers looked up on /verify/, per client address
    "sms_number": (1, 60),  # SMS codes per number: a burst guard in front of SMS_NUMBER_LIMITS
    "phone_password": (10, 3600),  # password tries on /accounts/phone/, per person
    "vote_client": (10, 60),  # public votes (人气奖) per client address
    "vote_network": (60, 60),  # public votes per network (/24 IPv4, /48 IPv6): a campus or a NAT shares one
}

# Award certificate PDFs are signed (pyHanko) with the organising committee's certificate and key from
# this PKCS#12 file when it is set, and left unsigned when it is not (contests/services/pdf_signing.py).
CERTIFICATE_SIGNING_PKCS12 = env_str("CERTIFICATE_SIGNING_PKCS12", "")
CERTIFICATE_SIGNING_PASSPHRASE = env_str("CERTIFICATE_SIGNING_PASSPHRASE", "")

# Items per sitemap file: every item is listed in Chinese and in English, so 25,000 items stay
# within the protocol's 50,000 URLs per file (cms/views/sitemap.py).
SITEMAP_ITEMS_PER_FILE = 25_000

# Internationalisation: Simplified Chinese first, English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Our catalogues first; locale/wagtail holds Chinese for the Wagtail admin strings Wagtail leaves in English.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]
FORMAT_MODULE_PATH = ["cms.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
# Slugs are ASCII: the pinyin of the title (cms/slugs.py). Wagtail's own JavaScript then never
# suggests raw Chinese; cms/static/js/readable-slug.js fills in the server's pinyin suggestion.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Contest uploads live outside MEDIA_ROOT: they are served only through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# S3_BUCKET moves "default" and "private" to S3-compatible object storage (cms/storage.py), so that
# web and worker hosts share no disk; without it nothing changes.
STORAGES = storages_from_env(STORAGES)
# Documents stream through Wagtail's permission-checking view wherever they are stored (on S3,
# Wagtail's default would redirect to the object's public URL).
WAGTAILDOCS_SERVE_METHOD = "serve_view"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Bodies larger than this stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Cache, sessions and Celery: local and in-process unless REDIS_URL is set.
REDIS_URL = env_redis_url()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "shuyong"),
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shuyong"}}
# Whole catalogue pages (/scenes/, /solutions/ and landings) stored for anonymous visitors and
# refreshed on publish (scenes/caching.py). Off in development so edits show at once; on in production.
SHOWCASE_CACHE_LISTINGS = env_bool("SHOWCASE_CACHE_LISTINGS", False)

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
# Without a broker, tasks run in the calling process so a fresh machine needs no services.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 15 * 60)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 20 * 60)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 3600
# No task's return value is read (export jobs and e-mails record their outcome in the database), and
# sending a task that keeps one first subscribes to its result in Redis, which blocks a page for ~20 s
# when Redis is down (tests/integration/test_faults.py). A task whose result is read says so itself.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Sending a task retries for about 5 s, which covers a Redis restart; beyond that the page answers
# anyway and the task waits in the outbox (cms/celery.py, cms/outbox.py). Celery's default gives up
# after ~0.8 s.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 6, "interval_start": 0.2, "interval_step": 0.4, "interval_max": 1}
# With acks_late, a task that outlives the visibility timeout is redelivered; keep it above the hard limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 600}
CELERY_BEAT_SCHEDULE = {}  # apps add their periodic tasks in their AppConfig.ready()
# The outbox: tasks the broker refused after a commit are sent again every 30 s (cms/outbox.py).
CELERY_BEAT_SCHEDULE["cms-flush-pending-tasks"] = {"task": "cms.flush_pending_tasks", "schedule": 30}
# contests: deadline reminders (3 days and 1 day before). Hourly; the task itself decides what is due
# and records each reminder once per team, so a late or repeated run sends nothing twice.
CELERY_BEAT_SCHEDULE["contests-deadline-reminders"] = {"task": "contests.send_deadline_reminders", "schedule": 3600}
# contests exports: every minute, re-queue (or fail) export jobs whose
# worker died mid-export (stale heartbeat); hourly, delete export files past their expiry (7 days).
CELERY_BEAT_SCHEDULE["contests-recover-stale-exports"] = {"task": "contests.recover_stale_exports", "schedule": 60}
CELERY_BEAT_SCHEDULE["contests-expire-exports"] = {"task": "contests.expire_exports", "schedule": 3600}
# contests: reminders to judges with unfinished assignments in an open round. Hourly; the task sends
# at most one per judge per day (JudgeReminder is unique per judge and date).
CELERY_BEAT_SCHEDULE["contests-judge-reminders"] = {"task": "contests.send_judge_reminders", "schedule": 3600}
# contests data desk: hourly, remind a unit of requests due within a working day and escalate overdue
# ones to the organisers (each once per request: reminded_at, escalated_at), and close expired access.
CELERY_BEAT_SCHEDULE["contests-data-desk-sweep"] = {"task": "contests.sweep_data_desk", "schedule": 3600}
# contests tracking surveys: hourly, e-mail the winners of an open survey who have not answered, once when
# it opens and once 7 days before it closes (SurveyReminder is unique per entry and kind).
CELERY_BEAT_SCHEDULE["contests-survey-reminders"] = {"task": "contests.send_survey_reminders", "schedule": 3600}
# contests finalists: every 15 minutes, lapse confirmations past their deadline and send the 24 h reminders
# (each once: reminded_at), so a late or repeated run sends nothing twice.
CELERY_BEAT_SCHEDULE["contests-finalists-sweep"] = {"task": "contests.sweep_finalists", "schedule": 900}
# contests real names (实名): daily, delete the proof documents of contests whose results became final more
# than identity_retention_days ago (00:00 Beijing); each person's deletion is logged once (IdentityPurge).
CELERY_BEAT_SCHEDULE["contests-purge-identity-documents"] = {
    "task": "contests.purge_identity_documents",
    "schedule": 86400,
}

# The data desk (数据申请): a unit answers a team's request within this many working days
# (cms/workdays.py: Chinese public holidays and 调休 from the 节假日安排 calendar); a download link is
# valid this many seconds after the page that shows it was rendered.
DATA_DESK_SLA_WORKING_DAYS = env_int("DATA_DESK_SLA_WORKING_DAYS", 5)
DATA_DESK_LINK_MAX_AGE = env_int("DATA_DESK_LINK_MAX_AGE", 600)

# Wagtail's own background work (search index updates, renditions) through django-tasks.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "数用 <noreply@shuyong.example>")
# E-mail tasks retry when the mail server is unreachable: first after about this
# many seconds, doubling each time up to the maximum.
EMAIL_RETRY_BACKOFF = env_int("EMAIL_RETRY_BACKOFF", 60)
EMAIL_RETRY_BACKOFF_MAX = env_int("EMAIL_RETRY_BACKOFF_MAX", 3600)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Text messages (短信: sign-in and phone verification codes), docs/sms.md. A short name (console,
# locmem, disabled, aliyun, tencent) or a dotted path; development writes messages to the console.
SMS_BACKEND = env_str("SMS_BACKEND", "console")
SMS_TIMEOUT = env_int("SMS_TIMEOUT", 10)
SMS_ALIYUN_ACCESS_KEY_ID = env_str("SMS_ALIYUN_ACCESS_KEY_ID", "")
SMS_ALIYUN_ACCESS_KEY_SECRET = env_str("SMS_ALIYUN_ACCESS_KEY_SECRET", "")
SMS_ALIYUN_SIGN_NAME = env_str("SMS_ALIYUN_SIGN_NAME", "")
SMS_ALIYUN_TEMPLATE_CODE = env_str("SMS_ALIYUN_TEMPLATE_CODE", "")
SMS_ALIYUN_TEMPLATE_PARAMS = env_list("SMS_ALIYUN_TEMPLATE_PARAMS", ["code"])
SMS_ALIYUN_ENDPOINT = env_str("SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com/")
SMS_TENCENT_SECRET_ID = env_str("SMS_TENCENT_SECRET_ID", "")
SMS_TENCENT_SECRET_KEY = env_str("SMS_TENCENT_SECRET_KEY", "")
SMS_TENCENT_SDK_APP_ID = env_str("SMS_TENCENT_SDK_APP_ID", "")
SMS_TENCENT_SIGN_NAME = env_str("SMS_TENCENT_SIGN_NAME", "")
SMS_TENCENT_TEMPLATE_ID = env_str("SMS_TENCENT_TEMPLATE_ID", "")
SMS_TENCENT_TEMPLATE_PARAMS = env_list("SMS_TENCENT_TEMPLATE_PARAMS", ["code"])
SMS_TENCENT_REGION = env_str("SMS_TENCENT_REGION", "ap-guangzhou")
SMS_TENCENT_HOST = env_str("SMS_TENCENT_HOST", "sms.tencentcloudapi.com")
# Codes sent per mobile number (any purpose) and per client address: (count, seconds) windows,
# counted from the SmsCode rows so that they hold across processes (contests/services/sms_codes.py).
SMS_NUMBER_LIMITS = [(1, 60), (5, 3600), (10, 86400)]
SMS_CLIENT_LIMITS = [(20, 3600)]

# The public address every absolute link starts with (cms/links.py: e-mails, API, exports, canonical
# links, sitemaps). Unset in development: links name the host and port that served the request.
SITE_URL = env_site_url("SITE_URL")

# Wagtail
WAGTAIL_SITE_NAME = "数用"
# Wagtail's own links (its admin e-mails), and ours outside development when SITE_URL is unset.
WAGTAILADMIN_BASE_URL = SITE_URL or env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search.backend"}}  # Chinese segmentation: cms/search/README.md
# Whose titles the search boxes suggest as you type and in “你是不是要找…” (cms/search/suggest.py).
SEARCH_SUGGEST_PAGE_TYPES = ["scenes.ScenePage", "scenes.SolutionPage"]
# Only the allow-listed video providers (cms/embeds/providers.py, which also builds the CSP's frame-src);
# their players scale with the text column (.responsive-object in site.css).
WAGTAILEMBEDS_FINDERS = embed_finders()
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp"}
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.image_forms.ImageForm"  # the 描述 (alt text) is required
# The API's own links are built by cms/api.py through cms/links.py; this covers what Wagtail builds itself.
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAIL_USER_CUSTOM_FIELDS = ["real_name"]
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
# No requests from the admin to third parties (gravatar.com, the release check): the CSP refuses
# them, and they are unreachable from mainland China.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}, "django_tasks": {"level": "WARNING"}},
}
