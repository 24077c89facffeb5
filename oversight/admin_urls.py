"""/admin/oversight/…: the bureau's board and report (mounted before admin/ in portal.urls)."""

from django.contrib import admin
from django.urls import path

from oversight import board_views

urlpatterns = [
    path("coverage/", admin.site.admin_view(board_views.coverage_board), name="oversight_coverage"),
    path("report/", admin.site.admin_view(board_views.report_page), name="oversight_report"),
]
