"""The footer's site facts come from FAZHI_SITE_* settings: the host defaults to the city's
Justice Bureau, and production shows no demo contact unless one is configured."""

import ast
import secrets

from fazhi.core.tests.test_settings import run_manage

PRINT = ("from django.conf import settings as s; "
         "print(repr((s.FAZHI_SITE_OWNER, s.FAZHI_SITE_ADDRESS, s.FAZHI_SITE_PHONE, "
         "s.FAZHI_SITE_EMAIL, s.FAZHI_SITE_RECORD, s.FAZHI_SITE_CODE)))")


def site_settings(**env: str) -> tuple:
    result = run_manage("shell", "-c", PRINT, **env)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def test_site_host_follows_the_city_and_production_has_no_demo_contact():
    owner, address, *_ = site_settings(FAZHI_CITY_NAME="泉州市")
    assert owner == "泉州市司法局" and address  # development: the demo's contact
    production = site_settings(FAZHI_ENV="production", FAZHI_SECRET_KEY=secrets.token_urlsafe(50),
                               FAZHI_LOTTERY_PERSON_KEY_SECRET=secrets.token_urlsafe(50))
    assert production == ("厦门市司法局", "", "", "", "", "")
    configured = site_settings(FAZHI_SITE_OWNER="厦门市人民政府办公厅", FAZHI_SITE_RECORD="闽ICP备1号",
                               FAZHI_SITE_CODE="3502000001")
    assert configured[0] == "厦门市人民政府办公厅" and configured[4:] == ("闽ICP备1号", "3502000001")
