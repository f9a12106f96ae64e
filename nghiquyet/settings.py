"""nghiquyet settings: one module, configured only by environment variables.

The defaults give the local demo: a SQLite file under var/, plain HTTP on this machine (DEBUG=1),
Vietnamese UI, and never a technical page (DEBUG_PAGES=1 asks for them).
"""

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NGHIQUYET_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting; anything but 1/true/yes/on or 0/false/no/off stops the start (as healthchecks
    does): SECURE_COOKIES=ture must not quietly mean "insecure cookies"."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    word = value.strip().lower()
    if word not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(f"{name}={value!r}: expected one of 1, true, yes, on, 0, false, no, off.")
    return word in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number.") from None


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# DEBUG=1 (the default) is this machine's demo and development: plain HTTP, static files read from the
# apps. DEBUG=0 is real use (docs/deploy.md): HTTPS, cookies over HTTPS only, collected static files.
LOCAL = env_bool("DEBUG", True)
# Django's technical pages (tracebacks, the URL patterns on a 404, in English) only when a developer asks
# for them: a user always sees the application's own Vietnamese 400/403/404/500 pages.
DEBUG = LOCAL and env_bool("DEBUG_PAGES", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "nghiquyet.web.errors.csrf_failure"

INSTALLED_APPS = [
    # First, so that its pages win over the admin's: the password pages in the application's layout (#16).
    "nghiquyet.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    # Listed so that /api/docs serves its Swagger UI from our static files, not from a CDN.
    "ninja",
    "nghiquyet.orgs",
    "nghiquyet.documents",
    "nghiquyet.notify",
    "nghiquyet.meetings",
    "nghiquyet.api",
    "nghiquyet.resolutions",
    "huey.contrib.djhuey",
    "nghiquyet.oversight",
    "nghiquyet.quality",
    # The demo data (`manage.py seed_demo`), on top of the domain.
    "nghiquyet.demo",
]

MIDDLEWARE = [
    # Pages compressed on the way out (R43: a member's page under 150 KB on a phone's first visit), with
    # Django's GZipMiddleware (padded against BREACH); downloads and precompressed static files pass as they are.
    "nghiquyet.web.middleware.CompressTextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the application server, compressed and cached forever when hashed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nghiquyet.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.reader: what the user may see, for the pages of documents (which import nothing of orgs).
    "nghiquyet.orgs.middleware.ReaderMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # request.htmx: the request comes from htmx (nghiquyet/lib/htmx.py).
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "nghiquyet.urls"
WSGI_APPLICATION = "nghiquyet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # top_bar: the name and inbox count in the top bar (R44), read only where it is shown.
                "nghiquyet.web.context_processors.top_bar",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'nghiquyet.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of failing.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # Tests use a file too: an in-memory database shares one cache across threads, with table locks that
    # ignore the busy timeout, so concurrent writers would fail instead of queueing as they do in use.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-nghiquyet-{os.getpid()}.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_POOL", True):
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env_int("DB_POOL_MAX", 10),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
# Per user name and address: an office behind one NAT address is not locked out by one person.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Internationalisation: Vietnamese by default, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "nghiquyet" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Whitenoise reads the app directories locally (the demo and the tests: no collectstatic).
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = LOCAL
if not LOCAL:
    # Hashed names need `collectstatic` (make serve runs it).
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "nghiquyet.web.staticstorage.StaticFilesStorage"},
    }
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail: printed to the console unless an SMTP host is given.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "nghiquyet@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# Cache: Redis when REDIS_URL is set (shared by every worker process), else each process's memory.
# It holds the rendered quality panels of settled resolutions and meetings (a few KB each): room for a
# few thousand per process instead of Django's default 300.
if REDIS_URL := os.environ.get("REDIS_URL", ""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
        }
    }

# How long the bloc dashboard's figures are reused for the same selection (sorting, paging, the export,
# another look): a city's year takes about a second to compute. 0 computes them on every request.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 300)
# A period that has ended (last year, a past quarter) changes only when its records are corrected: its
# figures are kept longer (never less than the above), so a city's past year is not computed again every
# five minutes on a busy server; "Recompute now" on the page still recomputes them.
DASHBOARD_CLOSED_CACHE_SECONDS = env_int("DASHBOARD_CLOSED_CACHE_SECONDS", 3600)

# Background tasks (huey): a SQLite file under var/ by default, Redis when REDIS_URL is set. Tests run
# tasks inline. utc=False: crontabs in local time, so reminders go out at 7:00 Hanoi time.
HUEY = {
    "name": "nghiquyet",
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "immediate": env_bool("HUEY_IMMEDIATE", "pytest" in sys.modules),
    "utc": False,
    "consumer": {"workers": env_int("HUEY_WORKERS", 2), "worker_type": "thread"},
    **({"url": REDIS_URL} if REDIS_URL else {"filename": str(VAR_DIR / "huey.sqlite3")}),
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not LOCAL)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS only in real use (DEBUG=0); each variable can turn its part off, e.g. SECURE_SSL_REDIRECT=0
# when the proxy in front already redirects.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not LOCAL)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if LOCAL else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not LOCAL)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not LOCAL)
if env_bool("BEHIND_PROXY", False):
    # Only behind a proxy that sets this header itself: otherwise any client could claim HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Bulk member lists: page sizes for lists.
PAGE_SIZE = 50

# Digital signatures of issued documents (R42, docs/signing.md). The key is on a PKCS#11 token (module,
# token label or slot, key label, PIN) or, for a small office, in a PKCS#12 file; the PIN or passphrase
# may be left out here and typed by the signer instead.
SIGNING_PKCS11_MODULE = os.environ.get("SIGNING_PKCS11_MODULE", "")
SIGNING_PKCS11_TOKEN_LABEL = os.environ.get("SIGNING_PKCS11_TOKEN_LABEL", "")
SIGNING_PKCS11_SLOT = os.environ.get("SIGNING_PKCS11_SLOT", "")
SIGNING_PKCS11_KEY_LABEL = os.environ.get("SIGNING_PKCS11_KEY_LABEL", "")
SIGNING_PKCS11_PIN = os.environ.get("SIGNING_PKCS11_PIN", "")
SIGNING_PKCS12_FILE = os.environ.get("SIGNING_PKCS12_FILE", "")
SIGNING_PKCS12_PASSPHRASE = os.environ.get("SIGNING_PKCS12_PASSPHRASE", "")
# An RFC 3161 time-stamping service: with one, signatures are PAdES B-LT (timestamp and revocation data
# embedded); without, PAdES B-B.
SIGNING_TIMESTAMP_URL = os.environ.get("SIGNING_TIMESTAMP_URL", "")
# PEM files of the root certificates a signature is verified against (the Government Cipher Committee's).
SIGNING_TRUST_ROOTS = env_list("SIGNING_TRUST_ROOTS", "")
# The font of the visible signature: Liberation Serif 2 (as the documents' PDF), else DejaVu Serif; the
# first Liberation (fonts-liberation 1.x) lacks letters of Vietnamese such as "ở" and "ễ".
SIGNING_FONT = os.environ.get("SIGNING_FONT") or next(
    (
        f
        for f in (
            "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
            "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
        )
        if Path(f).exists()
    ),
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
)
# A system reachable from the Internet never signs nor sends classified (MẬT, TỐI MẬT) documents
# (Quy định 337-QĐ/TW, 2025; docs/signing.md).
INTERNET_FACING = env_bool("INTERNET_FACING", False)

# Official documents (documents.rendering, documents.party; docs/documents.md).
# The types the office numbers when issued; the others print no number line.
DOCUMENTS_NUMBERED_TYPES = [
    t
    for t in os.environ.get(
        "DOCUMENTS_NUMBERED_TYPES", "resolution,inspection_conclusion,periodic_report"
    ).split(",")
    if t
]
# The body above the highest organization held here, printed over its issuer, and its recipient of reports.
DOCUMENTS_UPPER_BODY = os.environ.get("DOCUMENTS_UPPER_BODY", "Đảng bộ Thành phố Hà Nội")
DOCUMENTS_UPPER_RECIPIENT = os.environ.get("DOCUMENTS_UPPER_RECIPIENT", "Ban Thường vụ Thành ủy Hà Nội")
# Directories of the deployment's own licensed fonts (e.g. Times New Roman), ":"-separated; without
# them the PDF embeds Liberation Serif, metric-compatible with Times New Roman.
DOCUMENTS_FONT_DIRS = [d for d in os.environ.get("DOCUMENTS_FONT_DIRS", "").split(":") if d]
