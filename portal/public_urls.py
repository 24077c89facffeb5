"""Public site routes: home, agencies, lists, search. No login anywhere."""

from django.urls import path

from portal.views import directory, list_pages, search, site_pages

app_name = "portal"

list_prefix = "agencies/<slug:code>/<slug:list_type>/"

urlpatterns = [
    path("", directory.home, name="home"),
    path("agencies/", directory.agency_directory, name="agencies"),
    path("agencies/<slug:code>/", directory.agency_detail, name="agency"),
    path(list_prefix, list_pages.list_detail, name="list"),
    path(list_prefix + "history/", list_pages.list_history, name="history"),
    path(list_prefix + "print/", list_pages.list_print, name="print"),
    path(list_prefix + "download.xlsx", list_pages.download_xlsx, name="download_xlsx"),
    path(list_prefix + "download.csv", list_pages.download_csv, name="download_csv"),
    path("items/<uuid:key>/", list_pages.item_detail, name="item"),
    path("search/", search.search, name="search"),
    path("large-mode/", site_pages.display_mode, name="large_mode"),
    path("display-mode/", site_pages.display_mode, name="display_mode"),
    path("sitemap/", site_pages.sitemap, name="sitemap"),
    path("privacy/", site_pages.privacy, name="privacy"),
]
