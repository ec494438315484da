"""A page that is not there answers 404 with the site's own page, in the reader's language."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("lang, says", [("en", "Not found"), ("nb", "Ikke funnet")])
def test_a_missing_page_is_the_site_s_own_404_in_the_reader_s_language(client, db, lang, says):
    client.cookies["django_language"] = lang
    r = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE=lang)
    assert r.status_code == 404
    html = r.content.decode()
    assert says in html and f'<html lang="{lang}"' in html


def test_the_500_page_stands_alone_in_both_languages():
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert "Server error" in html and 'lang="nb"' in html and "Serverfeil" in html
