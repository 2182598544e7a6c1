"""gunicorn's settings for this app (gunicorn reads ./gunicorn.conf.py by default).

The app is loaded once in the master (``preload_app``), and the facet index of every position
(apps/debate/facetindex/) is read there before the workers fork: each worker starts with it,
mapped from the file every process of the host shares (FACET_INDEX_DIR), instead of reading
it whole (~0.5 s at 200,000 positions) on its first page that is not in the cache. The
Python objects loaded by then are frozen out of the garbage collector, whose passes would
otherwise touch them and copy each page into every worker.
"""

import contextlib
import ctypes
import gc

from django.db import DatabaseError, connections

preload_app = True

# glibc raises its mmap threshold as large blocks are freed, and then serves arrays of a few
# MB from the heap, which fragments: patching the facet index after each write grew a worker
# to 2.8 GB after 100 writes at 200k positions. A fixed threshold keeps blocks of 1 MB and
# more in mappings of their own, returned to the system when freed (229 MB after 100 writes).
M_MMAP_THRESHOLD = -3
try:
    LIBC = ctypes.CDLL("libc.so.6")
    LIBC.mallopt(M_MMAP_THRESHOLD, 1 << 20)
except OSError:  # not glibc: nothing to set
    LIBC = None


def when_ready(server):
    """Runs in the master once the app is loaded, before the first worker forks."""
    from apps.core.cache import data_version
    from apps.debate import facetindex

    _load_what_requests_load()
    try:
        version = data_version()
        facetindex.current(version)
        # Its file is written in a thread: wait for it (no thread may run across a fork), and
        # hold the mapped file, whose pages every process of the host shares.
        facetindex.settled()
        index = facetindex.current(version)
        server.log.info("Facet index read before forking: %d positions.", index.count(None))
    except DatabaseError as error:  # e.g. not migrated yet: each worker reads it when needed
        server.log.warning("Facet index not read before forking: %s", error)
    finally:
        connections.close_all()  # workers must not share the master's database connection
        gc.freeze()


def _load_what_requests_load() -> None:
    """Import every view and compile every template in the master, so the workers share
    them instead of each loading its own on its first requests."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().resolve("/")  # imports every URLconf, and so every view
    import django.core.cache.backends.redis  # noqa: F401  (the cache itself connects later)
    from django.conf import settings

    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(folder.rglob("*.html")):
            with contextlib.suppress(TemplateDoesNotExist, TemplateSyntaxError):
                get_template(str(path.relative_to(folder)))


def post_request(worker, req, environ, resp):
    """Give the heap's free pages back after each request: a first visitor's page frees
    what it computed, which the allocator would otherwise keep in every worker."""
    if LIBC is not None:
        LIBC.malloc_trim(0)
