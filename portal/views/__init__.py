"""The public site: find, read, search, print and download published lists. No login.

Every query goes through lists.selectors / lists.search, which start from published() only, so
drafts and versions under review cannot appear here. Each view runs a fixed number of queries.

- directory: the home page, the agency directory, an agency's page
- list_pages: one list (page, print, downloads, history) and an item's page
- search: the search page
- site_pages: 网站地图, 隐私声明 and the display-mode switch
"""
