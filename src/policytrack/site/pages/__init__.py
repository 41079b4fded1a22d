"""One module per kind of page; each makes its pages with a :class:`policytrack.site.parts.Context`.

A page-kind module imports only the kit, the shared parts and the site's helper modules, never another
page-kind module."""
