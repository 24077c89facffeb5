from django.urls import path

from corrections import views

app_name = "corrections"

urlpatterns = [
    path("feedback/", views.help_page, name="help"),
    path("items/<uuid:key>/correction/", views.report, name="report"),
    path("items/<uuid:key>/correction/sent/", views.sent, name="sent"),
]
