"""Sign-in limits on the admin (django-axes, configured in settings): whose address a try
comes from, the page a locked-out pair of username and address gets, and the log of every
failed or refused sign-in.

A pause is lifted by ``manage.py axes_reset_username NAME`` or ``axes_reset_ip ADDRESS``, or
by deleting the pair's row under Axes → Access attempts in the admin.
"""

import logging

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

logger = logging.getLogger(__name__)


def client_ip_address(request: HttpRequest) -> str:
    """The address a sign-in comes from: the proxy's header when one is named, else the
    socket's peer."""
    header = settings.LOGIN_CLIENT_IP_HEADER
    forwarded = request.headers.get(header, "").strip() if header else ""
    return forwarded or request.META.get("REMOTE_ADDR", "")


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """429 with the admin's look, saying until when the pair is refused."""
    username = get_client_username(request, credentials) or ""
    cool_off = get_cool_off(request)
    last_try = AccessAttempt.objects.filter(
        username=username, ip_address=request.axes_ip_address
    ).aggregate(last=Max("attempt_time"))["last"]
    context = {
        **admin.site.each_context(request),
        "username": username,
        "failure_limit": get_failure_limit(request, credentials),
        "lockout_minutes": int(cool_off.total_seconds() // 60),
        "try_again_at": (last_try or timezone.now()) + cool_off,
    }
    return TemplateResponse(request, "admin/login_locked.html", context, status=429).render()


@receiver(user_login_failed, dispatch_uid="research_log_failed_sign_in")
def _log_failed_sign_in(sender, credentials: dict, request: HttpRequest | None = None, **kwargs):
    address = client_ip_address(request) if request is not None else "an unknown address"
    logger.warning("Failed sign-in for %r from %s", credentials.get("username", ""), address)


@receiver(user_locked_out, dispatch_uid="research_log_lockout")
def _log_lockout(sender, request: HttpRequest, username: str, ip_address: str, **kwargs):
    logger.warning(
        "Sign-in for %r from %s refused for %s minutes after %s failures",
        username,
        ip_address,
        int(get_cool_off(request).total_seconds() // 60),
        settings.AXES_FAILURE_LIMIT,
    )
