"""Settings for Work Plan Tracker: one module, driven by the environment.

Development defaults are safe on loopback; production refuses to start
without a secret key. See README.md, "Configuration" and "Deploying".
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off the app refuses to start "
            "without it: set DJANGO_SECRET_KEY to a long random string "
            "(or DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "development-only-key-never-used-when-debug-is-off"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    # The admin asks staff for a second factor (config/secondfactor.py).
    "config.apps.SecretariatAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "meetings",
    "forums",
    "workplan",
    "sync",
    "django_tasks",
    "django_tasks_db",
    "webhooks",
    "restapi",
]

MIDDLEWARE = [
    # Outermost, so that it times the whole stack and logs the status the client gets.
    "config.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sync.cache.ResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # django-axes must come last so that it sees every failed login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# SQLite unless DATABASE_URL names another database (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work beside a writer; IMMEDIATE takes the write lock at
    # BEGIN, so concurrent writers queue up (within the timeout) instead of
    # failing with "database is locked" when a read transaction upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, so that threads and a live server share the test data;
    # one per process, so that test runs side by side do not collide.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f"test-db-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The API's rate limits count in Redis when it is set (restapi.throttling), for every
# machine; without it, in a small SQLite file that every process on this machine shares.
if REDIS_URL:
    CACHES["throttle"] = {**CACHES["default"], "KEY_PREFIX": "throttle"}
API_THROTTLE_FILE = env_str("API_THROTTLE_FILE", str(BASE_DIR / "throttle.sqlite3"))
# Rendered responses for anonymous readers (sync.cache), in each process's memory: they are
# keyed on the shared data version, so no worker can serve one made before the last write.
CACHES["responses"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "responses",
    "OPTIONS": {"MAX_ENTRIES": 500},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sign in with a password, then a code from an authenticator app (TOTP) or a
# one-time recovery code; the first sign-in enrols the app (config/secondfactor.py).
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
OTP_TOTP_ISSUER = "Work Plan Tracker"
# The admin keeps its own sign-in page for the password: no patch of AdminSite.login.
TWO_FACTOR_PATCH_ADMIN = False
# Only sessions of signed-in staff exist: they end after 30 idle minutes.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# The open-data bundle, built once per data version and kept here as a file (workplan.opendata).
OPEN_DATA_DIR = Path(env_str("DJANGO_OPEN_DATA_DIR", str(BASE_DIR / "var" / "open-data")))

# Security. Production (DEBUG off) is strict by default; each switch can be
# relaxed from the environment for a plain-HTTP loopback run.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# One proxy in front that overwrites X-Forwarded-Proto and appends to X-Forwarded-For;
# without such a proxy a client could claim HTTPS or another address: set it off.
BEHIND_TLS_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
# Load balancers probe over plain HTTP inside the network; a redirect would read as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Swagger UI's stylesheet draws its icons as data: images.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# The site's own address, for links in what the app sends out (webhook payloads).
SITE_URL = env_str("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background work (webhook deliveries): Django's Tasks API, stored in the database and run
# by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Allow webhook targets on private, loopback and link-local addresses, and plain http:
# for tests and intranets only.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", False)
# Successful webhook deliveries are kept in the log this many days.
WEBHOOK_RETENTION_DAYS = env_int("WEBHOOK_RETENTION_DAYS", 30)

# Login protection: a username is locked from a client after repeated failures.
AXES_FAILURE_LIMIT = env_int("DJANGO_AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# Axes logs each failure and lockout; name the client by a pseudonym, not its username and address.
AXES_CLIENT_STR_CALLABLE = "config.logs.axes_client_str"
AXES_CLIENT_IP_CALLABLE = "config.clients.client_ip"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "restapi.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        # Exact across workers and machines: restapi/throttling.py.
        "restapi.throttling.AnonymousRateThrottle",
        "restapi.throttling.TokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_THROTTLE_ANON", "3000/hour"),
        "user": env_rate("API_THROTTLE_USER", "20000/hour"),
    },
}
# The validators of the API's conditional GETs (restapi.viewsets) follow the data version.
API_DATA_VERSION = "sync.versions.current"
# Throttle anonymous clients by the address the proxy saw, as login lockouts do
# (config/clients.py); DRF would otherwise trust the whole, forgeable X-Forwarded-For.
REST_FRAMEWORK["NUM_PROXIES"] = 1 if BEHIND_TLS_PROXY else 0

SPECTACULAR_SETTINGS = {
    "TITLE": "Work Plan Tracker API",
    "DESCRIPTION": (
        "Read the Bali Process Working Group on Trafficking in Persons' work plan, "
        "meetings and forums; the secretariat updates priorities."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "workplan.models.Status",
        "MemberKindEnum": "meetings.models.Member.Kind",
        "OrganisationKindEnum": "meetings.models.Organisation.Kind",
        "EventKindEnum": "meetings.models.EventKind",
        "PresentationKindEnum": "forums.models.Presentation.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "restapi.schema.document_errors",
    ],
}

# JSON lines on stdout (see config/logs.py): requests, errors with their trace, lockouts.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers would print a second, unstructured copy of each error.
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        # The request line is ours (config.logs.RequestLogMiddleware); Django's would repeat it.
        "django.server": {"handlers": [], "propagate": False},
        # Failed logins and lockouts are warnings; axes' start-up and reset notices are noise.
        "axes": {"level": "WARNING"},
    },
}
