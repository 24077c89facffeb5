"""Open-data API routes: /api/v1/… (read-only, published data only), /api/schema/, /api/docs/."""

from django.urls import include, path, re_path
from django.utils.cache import patch_vary_headers
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import APIRootView, DefaultRouter

from lists.api import errors, views
from lists.api.base import OpenDataMixin

app_name = "api"


class RootView(OpenDataMixin, APIRootView):
    """开放数据接口目录。"""


class Router(DefaultRouter):
    APIRootView = RootView
    include_format_suffixes = False


router = Router(trailing_slash="/")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("list-types", views.ListTypeViewSet, basename="list-type")
router.register("lists", views.EnforcementListViewSet, basename="list")
router.register("versions", views.VersionViewSet, basename="version")
router.register("items", views.ItemViewSet, basename="item")
router.register("changes", views.ChangeViewSet, basename="change")


class SchemaView(OpenDataMixin, SpectacularAPIView):
    renderer_classes = SpectacularAPIView.renderer_classes

    def finalize_response(self, request, response, *args, **kwargs):
        # YAML or JSON by Accept header: a shared cache must keep them apart.
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])
        return response


urlpatterns = [
    path("v1/", include(router.urls)),
    re_path(
        rf"^v1/versions/(?P<pk>{views.ID})/items\.csv$",
        views.VersionCsvView.as_view(),
        name="version-items-csv",
    ),
    re_path(
        rf"^v1/versions/(?P<pk>{views.ID})/items\.xlsx$",
        views.VersionXlsxView.as_view(),
        name="version-items-xlsx",
    ),
    path("schema/", SchemaView.as_view(), name="schema"),
    re_path(r"^v1/", errors.not_found),  # anything else under v1/: the API's own 404
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
