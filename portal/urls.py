from django.contrib import admin
from django.urls import include, path

from lists.import_views import import_urlpatterns

admin.site.site_header = "减免责清单公示平台 · 管理后台"
admin.site.site_title = "清单管理后台"
admin.site.index_title = "工作台"

urlpatterns = [
    # The public site first: its pages are most of the traffic, and a URL is matched against
    # the patterns in order (none of the site's patterns overlaps another app's).
    path("", include("portal.public_urls")),
    path("admin/lists/import/", include(import_urlpatterns)),  # before admin/ so it wins
    path("admin/oversight/", include("oversight.admin_urls")),  # before admin/ too
    path("admin/", admin.site.urls),
    path("api/", include("lists.api_urls")),
    path("laws/", include("oversight.urls")),
    path("", include("follow.urls")),
    path("", include("corrections.urls")),
]
