"""Public site routes: home, agencies, lists, search. No login anywhere."""

from django.urls import path

from portal import site_pages, views

app_name = "portal"

list_prefix = "agencies/<slug:code>/<slug:list_type>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/", views.agency_directory, name="agencies"),
    path("agencies/<slug:code>/", views.agency_detail, name="agency"),
    path(list_prefix, views.list_detail, name="list"),
    path(list_prefix + "history/", views.list_history, name="history"),
    path(list_prefix + "print/", views.list_print, name="print"),
    path(list_prefix + "download.xlsx", views.download_xlsx, name="download_xlsx"),
    path(list_prefix + "download.csv", views.download_csv, name="download_csv"),
    path("items/<uuid:key>/", views.item_detail, name="item"),
    path("search/", views.search, name="search"),
    path("large-mode/", site_pages.display_mode, name="large_mode"),
    path("display-mode/", site_pages.display_mode, name="display_mode"),
    path("sitemap/", site_pages.sitemap, name="sitemap"),
    path("privacy/", site_pages.privacy, name="privacy"),
]
