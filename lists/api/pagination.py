"""Pagination that stays correct while agencies publish.

Items are paged by keyset on (list, item key), never by offset. Both survive a new version: the
list is the same row and an item keeps its key across versions. So a client walking the pages
while a list is republished sees every item that is in force before and after exactly once,
with no duplicates and no gaps; only items added or removed by that publication may or may not
appear. Offsets would shift every later page by the number of rows added or removed.
"""

import base64
import binascii
import uuid

from django.db.models import Q
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination, CursorPagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from portal.params import parse_int

INVALID_CURSOR = "分页游标无效。Invalid cursor."


class ItemKeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    page_size = 50
    max_page_size = 200
    ordering = ("version__list_id", "key")

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self._page_size(request)
        after = self._decode(request.query_params.get(self.cursor_query_param))
        if after is not None:
            list_id, key = after
            queryset = queryset.filter(
                Q(version__list_id__gt=list_id) | Q(version__list_id=list_id, key__gt=key)
            )
        rows = list(queryset.order_by(*self.ordering)[: size + 1])
        self.has_next = len(rows) > size
        page = rows[:size]
        self.last = page[-1] if page else None
        return page

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        cursor = self._encode(self.last.version.list_id, self.last.key)
        return replace_query_param(url, self.cursor_query_param, cursor)

    def _page_size(self, request) -> int:
        size = parse_int(request.query_params.get(self.page_size_query_param), self.page_size)
        return max(1, min(size, self.max_page_size))

    @staticmethod
    def _encode(list_id: int, key: uuid.UUID) -> str:
        return base64.urlsafe_b64encode(f"{list_id}:{key}".encode()).decode().rstrip("=")

    @staticmethod
    def _decode(cursor: str | None):
        if not cursor:
            return None
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            list_id, key = raw.split(":", 1)
            list_id = int(list_id)
            if not 0 <= list_id < 2**63:
                raise ValueError
            return list_id, uuid.UUID(key)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise NotFound(INVALID_CURSOR) from None

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "分页游标：取上一页返回的 next 链接即可",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"每页条数，默认 {self.page_size}，最多 {self.max_page_size}",
                "schema": {"type": "integer"},
            },
        ]


class SearchPagination(ItemKeysetPagination):
    """Items found by `q`: ranked like the search page (lists.search.search, with the same
    filters as ItemFilter's), paged by position in that order. At most lists.search.COUNT_CAP
    results: a search answers with its best matches; a complete listing is the same request
    without q (keyset pages, above). 20 a page unless page_size says otherwise, as the page."""

    page_size = 20

    def paginate_queryset(self, queryset, request, view=None):
        from lists import search

        self.request = request
        size = self._page_size(request)
        self.offset = self._decode_offset(request.query_params.get(self.cursor_query_param))
        limit = max(0, min(size, search.COUNT_CAP - self.offset))
        params = request.query_params
        filters = {name: params.get(name) or None for name in ("list_type", "agency", "field")}
        found = search.search(
            params.get("q"),
            offset=self.offset,
            limit=limit + 1,
            law=params.get("law") or None,
            beyond=False,
            **filters,
        )
        self.has_next = len(found.items) > limit and self.offset + limit < search.COUNT_CAP
        return found.items[:limit]

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        offset = self.offset + self._page_size(self.request)
        cursor = base64.urlsafe_b64encode(f"rank:{offset}".encode()).decode().rstrip("=")
        return replace_query_param(url, self.cursor_query_param, cursor)

    @staticmethod
    def _decode_offset(cursor: str | None) -> int:
        if not cursor:
            return 0
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            kind, offset = raw.split(":", 1)
            offset = int(offset)
            if kind != "rank" or not 0 <= offset < 10**6:
                raise ValueError
            return offset
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise NotFound(INVALID_CURSOR) from None


class ListPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class ChangePagination(CursorPagination):
    ordering = ("-at", "-pk")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request):
        # DRF checks the cursor's offset but not its position, which goes into the query as a
        # date: a forged cursor holding "not-a-date" would be a 500.
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            try:
                valid = parse_datetime(cursor.position) is not None
            except ValueError:
                valid = False
            if not valid:
                raise NotFound(INVALID_CURSOR)
        return cursor
