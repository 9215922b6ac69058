import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield
