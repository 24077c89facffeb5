"""Template context for the public site (no queries: it also runs on admin pages)."""

import re

from django.conf import settings
from django.http import HttpRequest

LARGE_COOKIE, CONTRAST_COOKIE = "large", "contrast"


def _footer() -> dict:
    footer = dict(settings.SITE_FOOTER)
    # 公安机关备案号 links to the registration record by its digits (www.beian.gov.cn).
    digits = re.sub(r"\D", "", footer.get("psb", ""))
    footer["psb_code"] = digits if len(digits) >= 10 and "示例" not in footer["psb"] else ""
    return footer


def public_site(request: HttpRequest) -> dict:
    return {
        "site_name": "减免责清单公示平台",
        "large_mode": request.COOKIES.get(LARGE_COOKIE) == "1",
        "contrast_mode": request.COOKIES.get(CONTRAST_COOKIE) == "1",
        "site_footer": _footer(),
    }
