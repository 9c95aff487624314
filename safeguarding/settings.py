"""Settings for the Safeguarding Partnership Platform.

Everything that differs between a laptop, CI and production comes from the environment;
the defaults are safe for production except where DEBUG says otherwise.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAFEGUARDING_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no setting; anything but 1/true/yes/on is no."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# The demonstration partnership's accounts, whose password is printed for anyone to use,
# sign in only while this is on. It is its own switch, not DEBUG, so the demo runs as
# production does: real error pages, no technical page listing every address.
DEMO_MODE = env_bool("DEMO_MODE", False)

# Owner-only: the database, the keys and every uploaded file live under it.
VAR_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)


def read_or_create_secret_key(path: Path) -> str:
    """Keep a random key beside the database when the environment gives none.

    A key written into the code would let anyone who reads it forge sessions.
    """
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or read_or_create_secret_key(VAR_DIR / "secret_key")


def read_encryption_keys() -> list[str]:
    """Fernet keys for data at rest (safeguarding/core/encryption.py): from the
    environment, from a file it names, or made once beside the database."""
    if os.environ.get("DATA_ENCRYPTION_KEYS"):
        return env_list("DATA_ENCRYPTION_KEYS", "")
    path = Path(os.environ.get("DATA_ENCRYPTION_KEYS_FILE", VAR_DIR / "data_encryption_key"))
    if not path.exists():
        from cryptography.fernet import Fernet

        path.touch(mode=0o600)
        path.write_text(Fernet.generate_key().decode())
    return [key.strip() for key in path.read_text().replace(",", "\n").split() if key.strip()]


DATA_ENCRYPTION_KEYS = read_encryption_keys()

# Load balancers and reverse proxies (addresses or networks) whose X-Forwarded-For header
# names the client; see safeguarding/core/addresses.py.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")

# The names the platform answers to. In production they must be given: the default
# outside DEBUG is none at all, never a development name.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_ratelimit",
    # Each app registers its rules from its permissions.py when it is ready.
    "rules",
    "safeguarding.core",
    "safeguarding.accounts",
    "safeguarding.governance",
    "safeguarding.returns",
    "safeguarding.insight",
    "safeguarding.assist",
    "safeguarding.demo",
    "django_tasks_db",
    # Serves the API documentation's scripts from here rather than from a CDN.
    "ninja",
]

MIDDLEWARE = [
    # Before anything reads a request's body: refuses one over its URL's limit.
    "safeguarding.core.request_limits.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "safeguarding.core.middleware.AuditContextMiddleware",
    "safeguarding.core.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "safeguarding.accounts.middleware.SessionLifetimeMiddleware",
    "safeguarding.accounts.middleware.TwoFactorRequiredMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last so that it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safeguarding.urls"
WSGI_APPLICATION = "safeguarding.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "safeguarding" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "safeguarding.core.context_processors.partnership",
            ],
        },
    },
]

# GOV.UK Frontend markup for every form field Django renders.
FORM_RENDERER = "safeguarding.core.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'safeguarding.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and immediate transactions let the web process and a task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
else:
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME")}

# The cache holds rate-limit counters (and nothing that must survive): a table in the
# database by default, so no extra server is needed, or Redis where REDIS_URL names one.
CACHES: dict[str, dict[str, object]]
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "safeguarding.core.cache.CountingDatabaseCache",
            "LOCATION": "cache_entries",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

# Rate limits, per client address (behind TRUSTED_PROXIES) or per person. A limit
# reached answers 429 with a page that says when to try again (core.views.rate_limited).
RATELIMIT_USE_CACHE = "default"
# django-ratelimit warns of caches it does not know; ours counts atomically (see
# safeguarding/core/cache.py), which is what the warning is about.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
RATELIMIT_IP_META_KEY = "safeguarding.core.addresses.client_address"
RATELIMIT_VIEW = "safeguarding.core.views.rate_limited"
RATE_LIMITS = {
    # Every sign-in form sent from one address, whatever its outcome.
    "sign_in": os.environ.get("RATE_LIMIT_SIGN_IN", "60/m"),
    # Failed sign-ins from one address across every account (password spraying).
    "sign_in_failures_by_address": os.environ.get("RATE_LIMIT_SIGN_IN_FAILURES", "30/15m"),
    "password_reset_by_address": os.environ.get("RATE_LIMIT_PASSWORD_RESET", "10/h"),
    "password_reset_by_account": os.environ.get("RATE_LIMIT_PASSWORD_RESET_ACCOUNT", "3/h"),
    "public_download": os.environ.get("RATE_LIMIT_PUBLIC_DOWNLOAD", "30/m"),
    "staff_download": os.environ.get("RATE_LIMIT_STAFF_DOWNLOAD", "120/m"),
    "two_factor": os.environ.get("RATE_LIMIT_TWO_FACTOR", "10/5m"),
}
# After this many failed sign-ins to one account (from any address), each further attempt
# waits twice as long as the one before, up to the longest wait; a device that has signed
# in to the account before is not held back, so an attacker cannot keep its owner out.
SIGN_IN_FREE_FAILURES = int(os.environ.get("SIGN_IN_FREE_FAILURES", "10"))
SIGN_IN_LONGEST_WAIT_SECONDS = int(os.environ.get("SIGN_IN_LONGEST_WAIT_SECONDS", "900"))
# Password checks (Argon2 takes about 100 MiB each) run at most this many at once per
# process, so a flood of sign-ins cannot exhaust the server's memory.
PASSWORD_CHECKS_AT_ONCE = int(os.environ.get("PASSWORD_CHECKS_AT_ONCE", "2"))

# Background work (chasing overdue items) goes through Django's tasks framework, queued in
# the database so that no extra server is needed: `safeguarding db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so that a locked-out person is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "safeguarding.accounts.backends.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name", "job_title")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "safeguarding.accounts.passwords.BreachedPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:staff-home"
LOGOUT_REDIRECT_URL = "core:home"

# Sessions end after a period without activity: every request pushes the expiry forward.
# However active, a session also ends this many hours after signing in.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_ABSOLUTE_HOURS = float(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lock-out after repeated failed sign-ins, per email address and network address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "safeguarding.accounts.views.locked_out"
# The client's address, read behind the proxies named in TRUSTED_PROXIES only.
AXES_CLIENT_IP_CALLABLE = "safeguarding.core.addresses.client_address"
AXES_VERBOSE = False

# The name authenticator apps show beside the code. Which roles must use one is
# TWO_FACTOR_ROLES in safeguarding/core/roles.py.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Safeguarding Partnership")

# Security headers. HSTS and secure cookies are on wherever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features no page of the platform uses, refused to every page and anything in it
# (core.middleware.PrivatePagesMiddleware sends it).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Outside DEBUG, plain HTTP is redirected to HTTPS, so no password crosses the network in
# the clear. Behind a proxy that ends TLS, set SECURE_PROXY_SSL too.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Cookies go only over HTTPS outside DEBUG. A demo served on this machine over plain HTTP
# (`make run`) turns this off with SECURE_COOKIES=0.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True

# Django's own Content Security Policy: no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded evidence lives outside the web root and is served only through permission checks,
# in owner-only files and folders.
MEDIA_ROOT = VAR_DIR / "files"
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Every accepted data return is kept here for ever, as Parquet named by its content hash.
RECORDS_ROOT = Path(os.environ.get("RECORDS_ROOT", VAR_DIR / "records"))

# Email goes through the SMTP server named by SMTP_HOST; without one, to the console in
# DEBUG or DEMO_MODE and to a mail server on this machine (port 25) otherwise.
MAILERS: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
if os.environ.get("SMTP_HOST") or not (DEBUG or DEMO_MODE):
    MAILERS["default"] = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("SMTP_HOST", "localhost"),
            "port": int(
                os.environ.get("SMTP_PORT", "587" if os.environ.get("SMTP_HOST") else "25")
            ),
            "username": os.environ.get("SMTP_USERNAME", ""),
            "password": os.environ.get("SMTP_PASSWORD", ""),
            "use_tls": env_bool("SMTP_USE_TLS", bool(os.environ.get("SMTP_HOST"))),
        },
    }
# The address people use to reach the platform. Every link in an email is built from it,
# never from the Host a request came with (which an attacker chooses).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@safeguarding.invalid")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
