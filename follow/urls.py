"""Feeds (fixed URLs) and e-mail subscriptions."""

from django.urls import path

from follow import feed_views, views

app_name = "follow"

urlpatterns = [
    path("feeds/all.atom", feed_views.all_feed, name="feed_all"),
    path("feeds/agencies/<slug:code>.atom", feed_views.agency_feed, name="feed_agency"),
    path("feeds/list-types/<slug:code>.atom", feed_views.list_type_feed, name="feed_list_type"),
    path("agencies/<slug:code>/<slug:list_type>/feed.atom", feed_views.list_feed, name="feed_list"),
    path("follow/", views.follow_page, name="follow"),
    path("follow/sent/", views.sent, name="sent"),
    path("follow/confirm/<str:token>/", views.confirm, name="confirm"),
    path("follow/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
