"""Sign-in limits on /admin/login/: five failures for one username from one address pause
that pair for fifteen minutes with a 429 page; success clears the count; the reset commands
and the admin lift a pause."""

import logging
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import F
from django.test import Client, override_settings
from django.urls import reverse

from apps.research.logins import client_ip_address

PASSWORD = "a-long-test-password"
LOGIN = "/admin/login/?next=/admin/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(researcher):
    return researcher  # "rita", PASSWORD, staff, in the researchers' group


def sign_in(client, username="rita", password="wrong-password", address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, times, **who):
    """``times`` wrong passwords; those before the limit get the form again with its error."""
    for number in range(1, times + 1):
        response = sign_in(client, **who)
        if number < settings.AXES_FAILURE_LIMIT:
            assert response.status_code == 200
            assert "Please enter the correct username and password" in response.content.decode()
    return response


def assert_signed_in(response):
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def assert_paused(response):
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in paused" in page
    assert (
        "Too many failed sign-ins for <strong>rita</strong> from this address: 5 in a row." in page
    )
    assert "Try again after <strong><time datetime=" in page
    assert "(15 minutes from your last try)" in page
    assert "chinadebate — research desk" in page  # the admin's header: the site's look
    assert "<script>" not in page and "style=" not in page  # nothing the CSP would refuse


def test_five_failures_pause_the_pair_even_for_the_right_password(client, rita):
    assert_paused(fail(client, 5))  # the fifth failure already says so
    response = sign_in(client, password=PASSWORD)
    assert_paused(response)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still not signed in


def test_the_page_says_until_when(client, rita):
    fail(client, 5)
    response = sign_in(client, password=PASSWORD)
    last_try = AccessAttempt.objects.get(username="rita").attempt_time
    until = response.context["try_again_at"]
    assert until == last_try + timedelta(minutes=15)
    assert f'datetime="{until.isoformat()}">{until:%H:%M} UTC</time>' in response.content.decode()


def test_four_failures_still_let_the_right_password_in(client, rita):
    fail(client, 4)
    assert_signed_in(sign_in(client, password=PASSWORD))


def test_another_username_from_the_same_address_is_not_paused(client, rita):
    User.objects.create_user("sam", password=PASSWORD, is_staff=True)
    fail(client, 5)
    assert_signed_in(sign_in(client, username="sam", password=PASSWORD))


def test_the_same_username_from_another_address_is_not_paused(client, rita):
    fail(client, 5)
    assert_signed_in(sign_in(client, password=PASSWORD, address="198.51.100.9"))


def test_a_success_before_the_limit_starts_the_count_again(client, rita):
    fail(client, 4)
    assert_signed_in(sign_in(client, password=PASSWORD))
    client.logout()
    fail(client, 4)
    assert_signed_in(sign_in(client, password=PASSWORD))


@pytest.mark.parametrize(
    ("command", "argument"),
    [("axes_reset_username", "rita"), ("axes_reset_ip", "203.0.113.7")],
)
def test_the_reset_commands_lift_a_pause(client, rita, command, argument):
    fail(client, 5)
    assert sign_in(client, password=PASSWORD).status_code == 429
    out = StringIO()
    call_command(command, argument, stdout=out)
    assert "1 attempts removed." in out.getvalue()
    assert_signed_in(sign_in(client, password=PASSWORD))


def test_deleting_the_access_attempt_in_the_admin_lifts_a_pause(client, rita):
    fail(client, 5)
    [attempt] = AccessAttempt.objects.all()
    admin_client = Client()
    admin_client.force_login(User.objects.create_superuser("ada", password=PASSWORD))
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "Locked Out" in admin_client.get(changelist).content.decode()
    response = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert_signed_in(sign_in(client, password=PASSWORD))


def test_after_the_pause_the_right_password_works_again(client, rita):
    fail(client, 5)
    assert sign_in(client, password=PASSWORD).status_code == 429
    # Fifteen minutes and a second pass since the last try.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=15, seconds=1))
    assert_signed_in(sign_in(client, password=PASSWORD))
    assert not AccessAttempt.objects.exists()  # the success cleared the count


def test_within_the_pause_a_try_starts_it_again(client, rita):
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    assert sign_in(client, password=PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    assert sign_in(client, password=PASSWORD).status_code == 429


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=timedelta(minutes=1))
def test_the_limit_and_the_pause_come_from_settings(client, rita):
    fail(client, 2)
    response = sign_in(client, password=PASSWORD)
    assert response.status_code == 429
    assert "(1 minute from your last try)" in response.content.decode()
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=1, seconds=1))
    assert_signed_in(sign_in(client, password=PASSWORD))


def test_failures_and_pauses_are_logged_with_username_and_address(client, rita, caplog):
    with caplog.at_level(logging.WARNING, logger="apps.research.logins"):
        fail(client, 5)
    lines = [r.getMessage() for r in caplog.records if r.name == "apps.research.logins"]
    assert lines == [
        *["Failed sign-in for 'rita' from 203.0.113.7"] * 4,
        # axes hears of the fifth failure first, and pauses the pair at once
        "Sign-in for 'rita' from 203.0.113.7 refused for 15 minutes after 5 failures",
        "Failed sign-in for 'rita' from 203.0.113.7",
    ]


@pytest.mark.parametrize(
    ("header", "headers", "address"),
    [
        ("", {"HTTP_X_REAL_IP": "192.0.2.1"}, "127.0.0.1"),  # not behind a proxy: not trusted
        ("X-Real-IP", {"HTTP_X_REAL_IP": "192.0.2.1"}, "192.0.2.1"),
        ("X-Real-IP", {}, "127.0.0.1"),
    ],
)
def test_the_address_is_the_proxys_header_only_when_one_is_named(rf, header, headers, address):
    with override_settings(LOGIN_CLIENT_IP_HEADER=header):
        assert client_ip_address(rf.get("/", **headers)) == address


def test_behind_the_proxy_the_pause_is_keyed_by_the_forwarded_address(client, rita):
    with override_settings(LOGIN_CLIENT_IP_HEADER="X-Real-IP"):
        for _ in range(5):
            client.post(
                LOGIN, {"username": "rita", "password": "wrong"}, HTTP_X_REAL_IP="192.0.2.1"
            )
        refused = client.post(
            LOGIN, {"username": "rita", "password": PASSWORD}, HTTP_X_REAL_IP="192.0.2.1"
        )
        other = client.post(
            LOGIN, {"username": "rita", "password": PASSWORD}, HTTP_X_REAL_IP="192.0.2.2"
        )
    assert refused.status_code == 429
    assert_signed_in(other)
    assert AccessAttempt.objects.get().ip_address == "192.0.2.1"
