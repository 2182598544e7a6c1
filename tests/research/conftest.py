import pytest
from django.contrib.auth.models import Group, User

from apps.research.roles import RESEARCHERS


@pytest.fixture
def researcher(db):
    user = User.objects.create_user("rita", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=RESEARCHERS))
    return user


@pytest.fixture
def researcher_client(client, researcher):
    client.force_login(researcher)
    return client
