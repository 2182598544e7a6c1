import re

import pytest

pytestmark = pytest.mark.django_db


def test_pages_declare_an_icon_the_csp_allows_so_browsers_do_not_ask_for_favicon_ico(client):
    response = client.get("/")
    icon = re.search(r'<link rel="icon" href="([^"]+)">', response.content.decode())
    assert icon and icon.group(1).startswith("data:image/svg+xml,")
    assert "img-src 'self' data:" in response["Content-Security-Policy"]
