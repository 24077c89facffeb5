"""Public law pages: /laws/ and /laws/<slug>/."""

from django.urls import path

from oversight import views

app_name = "laws"

urlpatterns = [
    path("", views.law_index, name="index"),
    path("<slug:slug>/", views.law_detail, name="detail"),
]
