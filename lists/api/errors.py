"""Errors of the open-data API, in one shape and both languages.

Every error body is `{"detail": "中文。English.", "code": "…"}`, like the read-only (405) and
throttling (429) answers; a bad query adds `"errors": {"parameter": ["中文。English."]}`.
Unknown filter values (`list_type=bogus`, `agency=nope`) are a 400 naming the parameter, not an
empty 200 that looks like "nothing published".
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils import translation
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

INVALID_QUERY = "查询参数有误。Invalid query parameters."
NOT_FOUND = "没有找到，请检查地址中的编号或代码。Not found: check the id or code in the URL."
FORBIDDEN = "无权访问。Forbidden."

_MESSAGES = {
    exceptions.NotFound: (NOT_FOUND, "not_found"),
    exceptions.PermissionDenied: (FORBIDDEN, "forbidden"),
    exceptions.NotAuthenticated: (FORBIDDEN, "forbidden"),
}


def bilingual(error: forms.ValidationError) -> str:
    """A form error in Chinese and English: Django's own messages are translated, ours are
    written in both languages already."""
    params = error.params or {}
    chinese = str(error.message) % params if params else str(error.message)
    with translation.override("en"):
        english = str(error.message) % params if params else str(error.message)
    return chinese if english == chinese else f"{chinese}{english}"


class BilingualFilterBackend(DjangoFilterBackend):
    """django-filter's backend, its 400 in the API's shape and both languages."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            errors = filterset.form.errors.as_data()
            raise exceptions.ValidationError(
                {name: [bilingual(error) for error in found] for name, found in errors.items()}
            )
        return filterset.qs


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"detail": INVALID_QUERY, "code": "invalid", "errors": errors}
        return response
    detail = str(getattr(exc, "detail", ""))
    code = getattr(exc, "default_code", "error")
    if type(exc) in _MESSAGES and detail == str(exc.default_detail):
        detail, code = _MESSAGES[type(exc)]  # DRF's English-only default, in both languages
    response.data = {"detail": detail, "code": code}
    return response


def not_found(request, *args, **kwargs) -> JsonResponse:
    """/api/v1/<anything unknown>: the API's 404, not the site's HTML page."""
    response = JsonResponse(
        {"detail": NOT_FOUND, "code": "not_found"},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
