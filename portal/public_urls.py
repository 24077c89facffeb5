"""Public site routes: home, agencies, lists, search."""

urlpatterns = []
