"""Every public page, one module per section of the site; the URLs are in apps/portal/urls/.

Views are thin: each validates its parameters, asks the domain apps' ``filters`` and page
modules for the data and renders one template (or, to htmx, one of its named partials).
"""
