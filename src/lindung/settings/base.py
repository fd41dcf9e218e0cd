"""Core Django settings, read from the environment through django-environ."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from lindung.settings.env import BASE_DIR, PROJECT_ROOT, env

DEBUG = env.bool("DEBUG", default=False)
VAR_DIR = Path(env.str("LINDUNG_VAR_DIR", default=str(PROJECT_ROOT / "var")))

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "ninja",
    "lindung.core",
    "lindung.regions",
    "lindung.accounts",
    "lindung.jobs",
    "lindung.regulations",
    "lindung.projects",
    "lindung.linkage",
    "lindung.workers",
    "lindung.imports",
    "lindung.notifications",
    "lindung.participants",
    "lindung.outreach",
    "lindung.claims",
    "lindung.reports",
    "lindung.coverage",
    "lindung.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lindung.core.middleware.IgnoreBrowserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lindung.core.middleware.RequestContextMiddleware",
    "lindung.core.middleware.LindungErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lindung.urls"
WSGI_APPLICATION = "lindung.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lindung.accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'lindung.sqlite3'}",
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server use the file at the same time.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep connections between requests (a new PostgreSQL connection per request caps the read
# API at a few hundred requests a second); health checks drop broken ones.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "coverage:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="id")
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# The default finders, plus plotly.js (that one file) from the installed plotly package.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "lindung.coverage.staticfiles.PlotlyFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# Uploads: anything larger is refused as a whole with a clear message.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LINDUNG_MAX_UPLOAD_BYTES = env.int("LINDUNG_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)
# BPJS participant extracts run to millions of rows; they get their own, larger limit.
LINDUNG_MAX_EXTRACT_BYTES = env.int("LINDUNG_MAX_EXTRACT_BYTES", default=2 * 1024**3)
# An extract with more rejected rows than this share is refused whole (likely a wrong file).
LINDUNG_EXTRACT_MAX_REJECTED_SHARE = env.float("LINDUNG_EXTRACT_MAX_REJECTED_SHARE", default=0.2)
# Reconciliation: match probabilities at or above ACCEPT link; between REVIEW and ACCEPT go to
# the review queue. A run still unfinished after STALE_HOURS no longer blocks a new one.
LINDUNG_RECONCILE_ACCEPT = env.float("LINDUNG_RECONCILE_ACCEPT", default=0.9)
LINDUNG_RECONCILE_REVIEW = env.float("LINDUNG_RECONCILE_REVIEW", default=0.5)
LINDUNG_RECONCILE_STALE_HOURS = env.float("LINDUNG_RECONCILE_STALE_HOURS", default=6)
# The public self-check: lookups allowed per IP and per NIK within the window.
LINDUNG_SELF_CHECK_PER_IP = env.int("LINDUNG_SELF_CHECK_PER_IP", default=20)
LINDUNG_SELF_CHECK_PER_NIK = env.int("LINDUNG_SELF_CHECK_PER_NIK", default=5)
LINDUNG_SELF_CHECK_WINDOW_SECONDS = env.int("LINDUNG_SELF_CHECK_WINDOW_SECONDS", default=3600)
# Names of lapsed participants a cadre may reveal per day on their follow-up list.
LINDUNG_FOLLOWUP_REVEALS_PER_DAY = env.int("LINDUNG_FOLLOWUP_REVEALS_PER_DAY", default=30)
# Outreach photos: largest file and pixel count accepted (larger images are refused).
LINDUNG_MAX_PHOTO_BYTES = env.int("LINDUNG_MAX_PHOTO_BYTES", default=5 * 1024 * 1024)
LINDUNG_MAX_PHOTO_PIXELS = env.int("LINDUNG_MAX_PHOTO_PIXELS", default=40_000_000)

# Email (Django 6.1 mailers): console by default; SMTP by setting MAILER_BACKEND and options.
MAILERS = {
    "default": {
        "BACKEND": env.str(
            "MAILER_BACKEND", default="django.core.mail.backends.console.EmailBackend"
        ),
        "OPTIONS": env.json("MAILER_OPTIONS", default={}),
    },
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="lindung@localhost")
# Links in emails are absolute: the address users reach Lindung at.
LINDUNG_BASE_URL = env.str("LINDUNG_BASE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # PDF and chart rendering log every step at INFO; keep their warnings only.
    "loggers": {
        n: {"level": "WARNING"} for n in ("weasyprint", "fontTools", "kaleido", "choreographer")
    },
}

# Masking: how many leading and trailing characters of a NIK stay visible.
LINDUNG_MASK_KEEP_START = 4
LINDUNG_MASK_KEEP_END = 4

# Rate limits (self-check, public rules API) must hold across gunicorn workers: a file cache
# in var/ by default, any Django cache URL (e.g. redis://, dbcache://) via CACHE_URL.
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
