from django.apps import AppConfig
from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html

BOOLEAN_WORDS = {True: ("yes", "是"), False: ("no", "否"), None: ("unknown", "未知")}


def _chinese_boolean_icon(field_val):
    # Django's icon says alt="True"/"False": a screen reader reads English on every changelist.
    icon, word = BOOLEAN_WORDS[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), word)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "公示网站"

    def ready(self):
        # Every caller imports it from this module at call time (admin utils, helpers, lists).
        admin_list._boolean_icon = _chinese_boolean_icon
