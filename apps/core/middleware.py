"""Middleware of the whole site: static files, and browsers' caches on signing in and out."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """Files under a content hash (collectstatic's manifest, in production) never change at
    their URL: browsers and caches keep them a year (``immutable``), whitenoise's default
    ten years being longer than any release lives. Other files get WHITENOISE_MAX_AGE."""

    FOREVER = 365 * 24 * 60 * 60


@receiver([user_logged_in, user_logged_out], dispatch_uid="core_sign_in_or_out")
def _note_sign_in_or_out(sender, request: HttpRequest | None = None, **kwargs) -> None:
    if request is not None:
        request.signed_in_or_out = True


class ClearCacheOnSignInMiddleware:
    """A browser may hold public pages it fetched as a visitor (``Cache-Control: public``,
    apps/core/http_cache.py). Signing in or out tells it to drop them (``Clear-Site-Data``),
    so that a researcher sees their own saves on the public pages at once, and after signing
    out no page drawn for them is shown again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "signed_in_or_out", False):
            response["Clear-Site-Data"] = '"cache"'
        return response
