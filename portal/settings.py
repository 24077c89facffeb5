"""Settings, read from the environment so one codebase serves the laptop and production.

DEBUG is off unless DEBUG=1 is set (`make run` and the test settings set it), so a server
started without configuration never shows tracebacks. Production sets SECRET_KEY, ALLOWED_HOSTS
and DATABASE_URL (postgres://…).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "django-insecure-dev-only-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "csp",
    "axes",
    "agencies",
    "lists",
    "oversight",
    "portal",
    "follow",
    "corrections",
    "security",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.NotModifiedMiddleware",
    "portal.middleware.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "security.middleware.AuditMiddleware",
    "security.middleware.SessionPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.public_site",
            ],
        },
    },
]


def database(url: str) -> dict:
    # Persistent connections, checked before each request reuses them: after a PostgreSQL
    # restart the first query of a worker reconnects instead of failing (CONN_HEALTH_CHECKS).
    return dj_database_url.parse(
        url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")), conn_health_checks=True
    )


DATABASES = {
    "default": database(os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}
# Read replicas (portal/db_router.py): public pages and the API read from them; the admin, the
# workflow and anyone who has just written (REPLICA_PIN_SECONDS) read from the primary.
DATABASE_REPLICAS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS", ""), start=1):
    DATABASES[f"replica_{number}"] = database(url)
    DATABASES[f"replica_{number}"]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(f"replica_{number}")
DATABASE_ROUTERS = ["portal.db_router.ReplicaRouter"]
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "30"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The row editor (lists/editor) posts about 13 fields per row: a page of EDITOR_PAGE_SIZE rows
# plus rows pasted into it. Longer versions open in pages, so this bound holds.
EDITOR_PAGE_SIZE = int(os.environ.get("EDITOR_PAGE_SIZE", "300"))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20 * EDITOR_PAGE_SIZE + 2000

# --- Identity and sessions (等保 2.0 身份鉴别; security/ app, README "等保测评对照") ---------
# Lockout (django-axes): N failures per account and, separately, per client address lock it
# for M minutes; the 安全管理员 may change both in the admin (security.SecurityPolicy) and
# unlock early. Addresses come from portal.network, like throttling and the audit trail.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
SECURITY_FAILURE_LIMIT = int(os.environ.get("SECURITY_FAILURE_LIMIT", "5"))
SECURITY_LOCKOUT_MINUTES = int(os.environ.get("SECURITY_LOCKOUT_MINUTES", "30"))
AXES_FAILURE_LIMIT = "security.policy.failure_limit"
AXES_COOLOFF_TIME = "security.policy.cool_off"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "security.policy.client_address"
AXES_LOCKOUT_CALLABLE = "security.views.locked_out"
AXES_ENABLE_ADMIN = False  # security/admin registers its own, for the 安全管理员 only
AXES_DISABLE_ACCESS_LOG = True  # logins are in the security audit trail
AXES_VERBOSE = False
# Passwords: >= 8 characters, three of four character classes, not the username, not common.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "security.passwords.PasswordPolicyValidator", "OPTIONS": {"classes": 3}},
]
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", "90"))
# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after login
# (security.middleware), and when the browser closes.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "8"))
SESSION_COOKIE_AGE = 24 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Audit trail: kept at least 180 days (a lower value is raised to 180); `manage.py prune_audit`.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "180"))
# Large uploads spool here, in a directory created 0700 (security.uploads), not in /tmp.
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR", str(BASE_DIR / "var" / "uploads"))
# --- end identity and sessions ----------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
# One language for everyone, whatever the browser asks for: no LocaleMiddleware.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Cache shared by every worker and app server: Redis in production (REDIS_URL, e.g.
# redis://127.0.0.1:6379/0, through Django's own RedisCache), local memory otherwise. It is an
# optimisation only: pages are built from the database when it fails (lists/public_cache.py).
# Each worker keeps the publication generation for PUBLIC_GENERATION_LOCAL_SECONDS without
# asking Redis (lists/generation.py): another worker shows a publication within that time.
PUBLIC_GENERATION_LOCAL_SECONDS = float(os.environ.get("PUBLIC_GENERATION_LOCAL_SECONDS", "1"))
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "portal.redis_cache.SharedClientRedisCache",  # Django's RedisCache, see there
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "qingdan"),
        "TIMEOUT": 24 * 3600,
        # A Redis that hangs must not hang the site: give up after a fifth of a second.
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "qingdan"}
}

MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Downloads of published versions, built once (lists/export_files.py). Several app servers
    # need one shared location (a network folder, or a django-storages backend).
    "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("EXPORTS_ROOT", str(BASE_DIR / "media" / "exports"))
        },
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail: console in development; SMTP when EMAIL_HOST is set.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "清单公示平台 <noreply@example.gov.cn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute base of links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Outbox (follow.outbox): send queued mail right after the commit that queued it. Production may
# turn this off and run `manage.py send_outbox` from a timer instead (README: 订阅与邮件提醒).
OUTBOX_INLINE = env_bool("OUTBOX_INLINE", True)
OUTBOX_INLINE_LIMIT = int(os.environ.get("OUTBOX_INLINE_LIMIT", "50"))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# Sign-ups and 纠错 reports accepted per client address and hour.
SUBSCRIBE_RATE_PER_HOUR = int(os.environ.get("SUBSCRIBE_RATE_PER_HOUR", "5"))
CORRECTION_RATE_PER_HOUR = int(os.environ.get("CORRECTION_RATE_PER_HOUR", "5"))

# What every Chinese government website carries in its footer (《政府网站发展指引》): who runs
# the site, how to reach them, and its registration numbers. Set per deployment; a blank value
# is left out of the footer. The demo (DEBUG) shows sample values marked 示例.
_SAMPLE = DEBUG and not env_bool("SITE_NO_SAMPLES", False)
SITE_FOOTER = {
    "owner": os.environ.get("SITE_OWNER", "示例市司法局" if _SAMPLE else ""),  # 主办单位
    "operator": os.environ.get(
        "SITE_OPERATOR", "示例市司法局行政执法协调监督科" if _SAMPLE else ""
    ),
    "address": os.environ.get("SITE_ADDRESS", "示例市人民路1号（示例）" if _SAMPLE else ""),
    "phone": os.environ.get("SITE_PHONE", "0000-12345678（示例）" if _SAMPLE else ""),
    "email": os.environ.get("SITE_EMAIL", ""),
    "site_code": os.environ.get("SITE_ID_CODE", ""),  # 网站标识码, 10 characters
    "icp": os.environ.get("SITE_ICP", "示ICP备00000000号（示例）" if _SAMPLE else ""),
    "psb": os.environ.get("SITE_PSB", "示公网安备00000000000000号（示例）" if _SAMPLE else ""),
}

# Security headers; the HTTPS-only ones follow DEBUG so development works over plain HTTP.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of the site append to X-Forwarded-For. 0 (the default):
# the header is ignored and the client address is the TCP peer; N: the N-th address from the
# right of X-Forwarded-For is the client (portal/network.py, used by throttling and logs).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Content-Security-Policy (django-csp): scripts and styles from our own static files only, no
# inline code of any kind; nothing may frame the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Features no page of the portal uses, switched off for every page (and anything injected).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# django-import-export: no import or export without the model's add/view permission, in one
# transaction (its defaults let any admin user import).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Its own formula guard too (it only drops a leading "="); AgencyResource already passes every
# cell through lists.cells.safe_cell, this is the second belt.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# Importing tables: caps on the work one upload may cause, counted while the file streams.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))  # the upload
IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(100 * 2**20))
)
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "50000"))  # rows that become items
IMPORT_MAX_ROWS_READ = int(os.environ.get("IMPORT_MAX_ROWS_READ", "100000"))  # every row read
IMPORT_MAX_CELLS = int(os.environ.get("IMPORT_MAX_CELLS", "1000000"))  # non-empty cells read
IMPORT_MAX_SECONDS = int(os.environ.get("IMPORT_MAX_SECONDS", "25"))  # one parse; < worker timeout
IMPORT_MAX_PDF_PAGES = int(os.environ.get("IMPORT_MAX_PDF_PAGES", "300"))
# LibreOffice (.doc/.wps/.rtf/.odt/.ods): path to soffice (default: found on PATH), time limit
# of one conversion, and the address space of a converter or PDF worker process.
IMPORT_SOFFICE = os.environ.get("IMPORT_SOFFICE", "")
IMPORT_CONVERT_SECONDS = int(os.environ.get("IMPORT_CONVERT_SECONDS", "60"))
IMPORT_CONVERT_MEMORY_BYTES = int(os.environ.get("IMPORT_CONVERT_MEMORY_BYTES", str(3 * 2**30)))

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # One error shape in Chinese and English (lists/api/errors.py).
    "EXCEPTION_HANDLER": "lists.api.errors.exception_handler",
    # Open-data API: anonymous requests per client address (cache: Django's default, LocMem).
    # API_THROTTLE_RATE= (empty) turns it off (bench/scale_bench.py: one client, many requests).
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_THROTTLE_RATE", "120/min") or None},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "减免责清单公示平台 开放数据接口",
    "DESCRIPTION": "已公布的减免责清单（不予处罚、从轻处罚、减轻处罚、免予行政强制），只读、免登录。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI and ReDoc served from our own static files: no CDN, works on an intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Django's own "django" logger prints to its console handler and then propagated to ours:
    # every line twice under runserver. One handler, no propagation.
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
            "propagate": False,
        }
    },
}
