"""Every page's <title> is plain text: no markup leaks into it from a template block."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search/",
        "/map/",
        "/treaty/",
        "/list/",
        "/requests/",
        "/sessions/",
        "/monitoring/",
        "/conditions/",
        "/login/",
    ],
)
def test_titles_are_plain_text(users, path):
    client = Client()
    client.force_login(users["secretariat"])
    body = client.get(path).content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert "<" not in title and "Heritage Shield" in title, title
