import datetime

import pytest

from tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db

URL = "http://www.cwzg.cn/politics/201805/42635.html"


def test_without_a_recorded_copy_the_page_looks_one_up_near_the_publication_date(client):
    publication = PublicationFactory(url=URL, date=datetime.date(2018, 6, 4), date_precision="day")
    html = client.get(publication.get_absolute_url()).content.decode()
    assert f'href="https://web.archive.org/web/20180604/{URL}"' in html
    assert "None recorded" in html


def test_a_recorded_copy_is_linked_as_it_is(client):
    archived = "https://web.archive.org/web/20181001000000/" + URL
    publication = PublicationFactory(url=URL, archive_url=archived)
    html = client.get(publication.get_absolute_url()).content.decode()
    assert f'href="{archived}"' in html
    assert "None recorded" not in html


def test_an_undated_source_is_looked_up_across_all_copies(client):
    publication = PublicationFactory(url=URL, date=None, date_precision="unknown")
    html = client.get(publication.get_absolute_url()).content.decode()
    assert f'href="https://web.archive.org/web/*/{URL}"' in html
