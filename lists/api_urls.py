"""Open-data API routes (read-only, published data only)."""

urlpatterns = []
