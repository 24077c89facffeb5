from django.apps import AppConfig
from django.conf import settings


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "安全管理"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from security import checks, receivers  # noqa: F401  (signal receivers, system checks)
        from security.uploads import ensure_private_dir

        if settings.FILE_UPLOAD_TEMP_DIR:
            ensure_private_dir(settings.FILE_UPLOAD_TEMP_DIR)
