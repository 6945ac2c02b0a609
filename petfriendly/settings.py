"""Settings for Pet-Friendly.

The database defaults to a SQLite file under ``var/``; ``DATABASE_URL`` points it anywhere
else (``postgres://user@127.0.0.1:5432/petfriendly``).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PETFRIENDLY_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret-change-me")
# Off unless asked for: with DEBUG on, Django keeps the text of every query, which a
# 100,000-row import turns into tens of MB and a measurable slowdown.
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "accounts",
    "clinic",
    "migration",
    "console",
    "django_tasks",
    "console.apps.BackgroundTasksConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "petfriendly.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.clinic",
            ],
        },
    },
]

WSGI_APPLICATION = "petfriendly.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Python's sqlite3 keeps the last 128 compiled statements; an import's lookups
    # (``IN`` lists of up to a few thousand keys) compile to large programs, and a cache of
    # 128 of them grows the process by tens of MB. Recompiling an insert once per chunk is cheap.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("cached_statements", 4)
    # Write-ahead log: an import's open transaction does not keep readers (verify, compare,
    # the admin) out. Measured while importing 20,000 owners and their history: in the
    # default rollback journal 3 reads in 210 failed with "database is locked" after 5 s; in
    # WAL none did, the slowest took 0.02 s, and the import took as long.
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL")

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True
# Numbers and dates as Colombia writes them (2.000 filas, 18,8 kg, 02/12/2026): an id put in
# a URL, a form value or a script must be ``|unlocalize``d or built with ``{% url %}``.
FORMAT_MODULE_PATH = ["petfriendly.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("PETFRIENDLY_MEDIA_ROOT", VAR_DIR / "media"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The migration's defaults; each is also a command-line option.
OKVET_TIME_ZONE = os.environ.get("OKVET_TIME_ZONE", "America/Bogota")
OKVET_DEFAULT_REGION = os.environ.get("OKVET_DEFAULT_REGION", "CO")

# A second process for the import's conversion and the read-back: auto (for large work on two
# cores or more), always or never (migration/services/cores.py).
MIGRATION_WORKER = os.environ.get("MIGRATION_WORKER", "auto")

# What a source may unpack to before it is refused (README, "What the importer refuses to read").
MIGRATION_MAX_ZIP_MEMBERS = int(os.environ.get("MIGRATION_MAX_ZIP_MEMBERS", 100_000))
MIGRATION_MAX_MEMBER_BYTES = int(os.environ.get("MIGRATION_MAX_MEMBER_BYTES", 2 << 30))
MIGRATION_MAX_UNPACKED_BYTES = int(os.environ.get("MIGRATION_MAX_UNPACKED_BYTES", 8 << 30))
MIGRATION_MAX_ZIP_RATIO = int(os.environ.get("MIGRATION_MAX_ZIP_RATIO", 200))
MIGRATION_MAX_SHEET_CELLS = int(os.environ.get("MIGRATION_MAX_SHEET_CELLS", 25_000_000))

# Background work (the console's trial, real run and syncs): Django's Tasks framework. The
# database backend needs no extra server; ``manage.py db_worker`` runs the tasks.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("PETFRIENDLY_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# The Redis backend instead (PETFRIENDLY_TASKS_BACKEND=django_tasks_rq.RQBackend): its worker is
# ``manage.py rqworker --job-class django_tasks_rq.Job default``; the server at REDIS_URL.
RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS["default"]["QUEUES"] = ["default"]

# The console's uploads: each in a folder of its own under MIGRATION_UPLOAD_DIR, refused past
# these (and past the importer's MIGRATION_MAX_* caps above) with a sentence. Django's own cap
# on a request's files is kept above the console's, so that the console's message is the one
# shown (one part for the attachments, one spare).
MIGRATION_UPLOAD_DIR = Path(os.environ.get("MIGRATION_UPLOAD_DIR", VAR_DIR / "uploads"))
MIGRATION_UPLOAD_MAX_BYTES = int(os.environ.get("MIGRATION_UPLOAD_MAX_BYTES", 2 << 30))
MIGRATION_UPLOAD_MAX_FILES = int(os.environ.get("MIGRATION_UPLOAD_MAX_FILES", 200))
DATA_UPLOAD_MAX_NUMBER_FILES = MIGRATION_UPLOAD_MAX_FILES + 2

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# Owners sign in with their email or document number; the generated username still works.
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailOrDocumentBackend"]
# Failed sign-ins: at most LOGIN_FAILURE_LIMIT per name and address and
# LOGIN_FAILURE_ADDRESS_LIMIT per address within LOGIN_FAILURE_WINDOW seconds (counted in the
# default cache, which must be shared when several server processes run).
LOGIN_FAILURE_LIMIT = int(os.environ.get("PETFRIENDLY_LOGIN_FAILURE_LIMIT", 5))
LOGIN_FAILURE_ADDRESS_LIMIT = int(os.environ.get("PETFRIENDLY_LOGIN_FAILURE_ADDRESS_LIMIT", 20))
LOGIN_FAILURE_WINDOW = int(os.environ.get("PETFRIENDLY_LOGIN_FAILURE_WINDOW", 15 * 60))

# The name every page and email carries.
CLINIC_NAME = os.environ.get("PETFRIENDLY_CLINIC_NAME", "Pet-Friendly")

# Email (invitations, forgotten passwords): written as files under var/mail/ unless told
# otherwise; EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST, … for SMTP.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 30))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{CLINIC_NAME} <no-reply@localhost>")
# How long an invitation's or a reset's link works (Django's default is 3 days).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", 7 * 24 * 3600))
