"""The lists app in /admin/: one module per page family, registered by importing them.

- enforcement_lists: 清单 (an agency's lists; 新建清单)
- versions: 清单版本 (a version's page, its audit trail and review comments)
- items: the row editor, the inline of a version's items
- workflow_pages: the workflow's URLs and buttons on a version's page (views: lists.admin_views,
  lists.review_views, lists.review_queue_views)
- reference: 清单类型说明 and 节假日安排; synonyms: 检索同义词
- common: has_scope and the status badge every page shares
"""

from lists.admin import enforcement_lists, reference, synonyms, versions  # noqa: F401
