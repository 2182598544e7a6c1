"""Every debate page renders for the whole shipped dataset (fixtures/), not just factories."""

import pytest

from apps.debate.models import Position, PositionHolder, Theme

pytestmark = pytest.mark.django_db


def test_every_debate_page_renders_for_the_shipped_dataset(client, shipped_dataset):
    urls = ["/viewpoints/", "/themes/", "/glossary/", "/compare/"]
    urls += [theme.get_absolute_url() for theme in Theme.objects.all()]
    urls += [position.get_absolute_url() for position in Position.objects.all()]
    experts = list(
        PositionHolder.objects.filter(expert__isnull=False)
        .values_list("expert__slug", flat=True)
        .distinct()[:3]
    )
    if len(experts) >= 2:
        urls.append(f"/compare/?experts={','.join(experts)}")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url
