"""The site's URLs plus a hello-world view: the baseline the search bench divides by."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as site


def hello(request):
    return HttpResponse("hello")


urlpatterns = [path("bench-hello/", hello), *site]
