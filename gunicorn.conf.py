"""gunicorn's settings for this app (gunicorn reads ./gunicorn.conf.py by default).

The app is loaded once in the master (``preload_app``), and the facet index of every position
(apps/debate/facetindex.py) is read there before the workers fork. Each worker starts with it,
shared copy-on-write until a write makes each patch its own, instead of reading it whole
(~0.5 s and ~50 MB at 200,000 positions) on its first page that is not in the cache.
"""

from django.db import DatabaseError, connections

preload_app = True


def when_ready(server):
    """Runs in the master once the app is loaded, before the first worker forks."""
    from apps.core.cache import data_version
    from apps.debate import facetindex

    try:
        index = facetindex.current(data_version())
        index.order("newest")  # the default sort of /viewpoints/ and the record pages
        server.log.info("Facet index read before forking: %d positions.", index.count(None))
    except DatabaseError as error:  # e.g. not migrated yet: each worker reads it when needed
        server.log.warning("Facet index not read before forking: %s", error)
    finally:
        connections.close_all()  # workers must not share the master's database connection
