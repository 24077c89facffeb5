"""The bureau's synonym dictionary for public search (检索同义词), in the admin."""

from django.contrib import admin

from agencies.permissions import can_edit_synonyms
from lists.synonyms import SynonymGroup


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    list_display = ("words", "kind", "mutual", "active", "note", "updated_at")
    list_filter = ("kind", "mutual", "active")
    list_editable = ("active",)
    search_fields = ("words", "note")
    fields = ("words", "kind", "mutual", "active", "note")

    def has_module_permission(self, request):
        return _allowed(request)

    def has_view_permission(self, request, obj=None):
        return _allowed(request)

    def has_add_permission(self, request):
        return _allowed(request)

    def has_change_permission(self, request, obj=None):
        return _allowed(request)

    def has_delete_permission(self, request, obj=None):
        return _allowed(request)


def _allowed(request) -> bool:
    # Asked several times per admin page: one query per request.
    if not hasattr(request, "_can_edit_synonyms"):
        request._can_edit_synonyms = can_edit_synonyms(request.user)
    return request._can_edit_synonyms
