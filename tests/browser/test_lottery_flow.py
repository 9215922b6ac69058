"""A notarised lottery end to end in the browser: the organiser announces, citizens
register and get a code, the organiser freezes the pool (commitment published), the
notary commits c_N, enters the sources with evidence and reveals r_N, the draw runs and
is published (a takeover of an entry by someone knowing the ID number is held); a citizen checks inclusion in the browser; anyone downloads the artefacts
and the stand-alone verifier, and the verifier re-runs the draw. Every page visited is
screenshotted and checked with axe-core."""

import hashlib
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from conftest import make_staff
from fazhi.law import draws
from fazhi.law.redaction import mask_name
from fazhi.lottery import artefacts, notary_steps, registration
from fazhi.lottery.eligibility import id_check_digit
from fazhi.lottery.models import Lottery, Registration, Selection
from tests.browser import signin

pytestmark = pytest.mark.django_db(transaction=True)

REPO = Path(__file__).resolve().parents[2]
R_N = bytes.fromhex("5a" * 16 + "c3" * 16)  # the notary's secret, fixed so the test can commit
KL8 = "3 7 12 18 22 25 31 36 40 44 47 51 55 58 61 66 70 73 77 80"
SCREENSHOT = {"name": "kl8.png", "mimeType": "image/png",
              "buffer": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64}
BUNDLE = ("spec.json", "commitment.json", "pool.csv", "sources.json", "reveal.txt",
          "result.json")


def make_id(n: int, born: str = "19880512", prefix: str = "350203") -> str:
    """A Xiamen resident ID number with a valid GB 11643 check digit."""
    first17 = f"{prefix}{born}{n % 1000:03d}"
    return first17 + id_check_digit(first17)


def sign_in(page, username: str) -> None:
    signin.sign_in(page, username, then="/lottery/staff/")


def act(page, action: str) -> None:
    """Press the submit button of a staff action form and wait for the reloaded page."""
    page.locator(f"form[action$='/act/{action}/'] button[type=submit]").click()
    page.wait_for_load_state()


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M")


def register(page, lot_pk: int, name: str, id_number: str, phone: str) -> str:
    page.goto(f"/lottery/{lot_pk}/register/")
    page.fill("[name=name]", name)
    page.fill("[name=id_number]", id_number)
    page.fill("[name=phone]", phone)
    page.select_option("[name=pool]", "individual")
    page.check("[name=agree]")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    code = page.locator(".receipt-code").first.inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{12}", code)
    assert id_number not in page.content()  # only the last four are shown
    return code


def test_lottery_from_announcement_to_independent_verification(page, shots, agency, city,
                                                               tmp_path):
    from fazhi.org.models import Agency

    cache.clear()  # throttle counters live in the cache
    make_staff(agency, "lotadmin", ["admin"], "陈管理")
    office = Agency.objects.create(code="XMLJGZC", name="厦门市鹭江公证处", short_name="鹭江公证处",
                                   region=city, kind="other")
    make_staff(office, "notary", ["notary"], "林公证")
    now = timezone.now()

    # 1. The organiser announces the lottery; registration opens at once.
    sign_in(page, "lotadmin")
    shots("staff-list")
    page.click("main a[href$='/lottery/staff/new/']")
    page.wait_for_url(re.compile(r"/lottery/staff/new/"))
    page.fill("#id_title", "厦门市口罩预约摇号")
    page.fill("#id_rules", "每人限登记一次，以最后一次登记为准；由公证处监督摇号。")
    page.fill("#id_eligibility_text", "厦门市户籍或在厦门缴纳社保的居民，年满 18 周岁。")
    page.fill("#id_min_age", "18")
    page.fill("#id_id_prefixes", "3502")
    page.fill("#id_pools", "individual,个人,2,2")
    page.select_option("#id_unused_quota", "error")
    page.select_option("#id_weight_rule", "equal")
    page.fill("#id_sources", "kl8-{date}|kl8-{date}-b|福彩快乐8 {date} 开奖号码\n"
                             "sse-{date}||上证综指 {date} 收盘")
    page.fill("#id_registration_opens_at", local(now - timedelta(hours=1)))
    page.fill("#id_freeze_at", local(now + timedelta(days=1)))
    page.fill("#id_draw_at", local(now + timedelta(days=2)))
    page.select_option("#id_recurrence", "none")
    page.select_option("#id_notary_agency", str(office.pk))
    shots("announce-filled")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/lottery/staff/\d+/$"))
    lot_pk = int(re.search(r"/lottery/staff/(\d+)/", page.url).group(1))
    assert "登记中" in page.content() or Lottery.objects.get(pk=lot_pk).state == Lottery.OPEN
    shots("staff-open")
    page.context.clear_cookies()

    # 2. A citizen finds it, first mistypes the ID check digit, then registers.
    page.goto("/lottery/")
    shots("public-list")
    page.click(f"main a[href$='/lottery/{lot_pk}/']")
    page.wait_for_url(re.compile(rf"/lottery/{lot_pk}/$"))
    shots("announcement-open")
    page.click(f"main a.button[href$='/lottery/{lot_pk}/register/']")
    zhang_id = make_id(11)
    bad_id = zhang_id[:-1] + ("1" if zhang_id[-1] != "1" else "2")
    page.fill("[name=name]", "张晓明")
    page.fill("[name=id_number]", bad_id)
    page.fill("[name=phone]", "13912345678")
    page.click("form.stack button[type=submit]")  # and the pledge left unticked
    page.wait_for_load_state()
    assert "本人承诺" in page.locator("[role=alert]").inner_text()
    assert page.get_attribute("#id_agree", "aria-invalid") == "true"
    assert page.input_value("[name=id_number]") == bad_id  # what was typed is kept
    shots("register-error-pledge")
    page.check("[name=agree]")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    assert "校验码不正确" in page.locator("[role=alert]").inner_text()
    shots("register-error-id")
    zhang_code = register(page, lot_pk, "张晓明", zhang_id, "13912345678")
    assert "139****5678" in page.content()
    shots("registered")

    # A second citizen, and six more entries through the service for a meaningful pool.
    li_id = make_id(22)
    li_code = register(page, lot_pk, "李春燕", li_id, "13800001111")
    # Someone who knows her ID number re-registers with their own phone: the change is held
    # for the one-time code sent to her phone (shown masked), and her code never appears.
    page.context.clear_cookies()
    page.goto(f"/lottery/{lot_pk}/register/")
    page.fill("[name=name]", "冒名人")
    page.fill("[name=id_number]", li_id)
    page.fill("[name=phone]", "13700009999")
    page.select_option("[name=pool]", "individual")
    page.check("[name=agree]")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    assert "138****1111" in page.content() and li_code not in page.content()
    page.fill("[name=otp]", "000000")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    assert "验证码不正确" in page.locator("[role=alert]").inner_text()
    shots("register-held")
    assert Registration.objects.get(code=li_code).phone == "13800001111"
    for i in range(6):
        registration.register(lot_pk, name=f"王{'一二三四五六'[i]}平", id_number=make_id(100 + i),
                          phone=f"1370000{i:04d}", pool="individual")
    assert Registration.objects.filter(lottery_id=lot_pk).count() == 8

    # 3. The organiser freezes the pool; the commitment appears on the public page.
    sign_in(page, "lotadmin")
    page.click(f"main a[href$='/lottery/staff/{lot_pk}/']")
    act(page, "freeze")
    lot = Lottery.objects.get(pk=lot_pk)
    assert lot.state == Lottery.FROZEN and re.fullmatch(r"[0-9a-f]{64}", lot.merkle_root)
    shots("staff-frozen")
    page.context.clear_cookies()
    page.goto(f"/lottery/{lot_pk}/")
    body = page.content()
    assert lot.file_hash in body and lot.merkle_root in body and "（待公证员提交）" in body
    shots("announcement-frozen")
    page.goto(f"/lottery/{lot_pk}/register/")
    assert "已截止登记" in page.locator("[role=alert]").inner_text()
    shots("register-closed")

    # 4. The notary commits c_N, enters the sources with evidence and reveals r_N.
    sign_in(page, "notary")
    page.click(f"main a[href$='/lottery/staff/{lot_pk}/']")
    shots("notary-frozen")
    c_n = draws.notary_commitment(lot.draw_id, R_N).hex()
    page.fill("#commitment", c_n)
    act(page, "commit")
    assert Lottery.objects.get(pk=lot_pk).notary_commitment == c_n
    shots("notary-committed")
    kl8, kl8_b, sse = notary_steps.source_ids(lot)
    form = page.locator("form[action$='/act/enter_source/']")
    # The main lottery source was not published on time: recorded as missing, fallback used.
    form.locator("[name=source_id]").select_option(kl8)
    form.locator("[name=evidence_text]").fill("当日开奖推迟，官网未公布")
    act(page, "enter_source")
    form.locator("[name=source_id]").select_option(kl8_b)
    form.locator("[name=value]").fill(KL8)
    form.locator("[name=evidence_url]").fill("https://www.cwl.gov.cn/")
    form.locator("[name=screenshot]").set_input_files(files=[SCREENSHOT])
    act(page, "enter_source")
    form.locator("[name=source_id]").select_option(sse)
    form.locator("[name=value]").fill("3361.98")
    form.locator("[name=evidence_text]").fill("上海证券交易所收盘公告")
    act(page, "enter_source")
    sources_table = page.locator("table", has=page.locator("th", has_text="证据")).inner_text()
    assert "未公布，使用备用源" in sources_table and "3361.98" in sources_table
    shots("notary-sources")
    page.fill("#reveal", R_N.hex())
    act(page, "reveal")
    assert "r_N 已公开并与承诺相符" in page.content()
    shots("notary-revealed")
    act(page, "draw")
    assert Lottery.objects.get(pk=lot_pk).state == Lottery.DRAWN
    shots("notary-drawn")
    # Until publication the public sees neither the result nor the values that derive it.
    page.context.clear_cookies()
    page.goto(f"/lottery/{lot_pk}/verify/")
    downloads = page.locator("main ul").first.inner_text()
    assert "pool.csv" in downloads and "result.json" not in downloads
    seed = artefacts.draws_result(Lottery.objects.get(pk=lot_pk))["seed"]
    assert R_N.hex() not in page.content() and seed not in page.content()
    page.goto(f"/lottery/{lot_pk}/results/")
    assert "结果尚未公布" in page.content()
    shots("results-pending")

    # 5. The organiser publishes the result.
    sign_in(page, "lotadmin")
    page.click(f"main a[href$='/lottery/staff/{lot_pk}/']")
    act(page, "publish")
    assert Lottery.objects.get(pk=lot_pk).state == Lottery.PUBLISHED
    shots("staff-published")
    page.context.clear_cookies()

    # 6. The first citizen opens "my registration" and checks inclusion in the browser.
    page.goto(f"/lottery/{lot_pk}/mine/")
    shots("mine-lookup")
    page.fill("[name=code]", zhang_code.lower())  # codes are read out; case does not matter
    page.fill("[name=id_number]", zhang_id)
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".receipt-code").inner_text().strip() == zhang_code
    assert "通过：路径通向公布的默克尔根" in page.content()
    page.click("#check-receipt")
    result = page.locator("#receipt-result")
    result.filter(has_text="核验").wait_for()
    assert result.inner_text().startswith("核验通过"), result.inner_text()
    selection = Selection.objects.filter(lottery_id=lot_pk, code=zhang_code).first()
    outcome = page.locator("h2:has-text('摇号结果') + p").inner_text()
    assert ("未中签" in outcome) if selection is None else ("中签" in outcome or "候补" in outcome)
    shots("mine-checked")
    # The wrong ID number with a right code reveals nothing.
    page.goto(f"/lottery/{lot_pk}/mine/")
    page.fill("[name=code]", li_code)
    page.fill("[name=id_number]", zhang_id)
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    assert "不匹配" in page.locator("[role=alert]").inner_text()
    assert "李春燕" not in page.content()
    shots("mine-mismatch")

    # 7. The public results list winners and alternates by code with masked names.
    page.goto(f"/lottery/{lot_pk}/results/")
    selections = list(Selection.objects.filter(lottery_id=lot_pk))
    assert [s.kind for s in selections].count("winner") == 2
    assert [s.kind for s in selections].count("alternate") == 2
    body = page.content()
    names = dict(Registration.objects.filter(lottery_id=lot_pk).values_list("code", "name"))
    for s in selections:
        row = page.locator("tr", has=page.locator(f"code:text-is('{s.code}')"))
        assert mask_name(names[s.code]) in row.inner_text()
    assert not any(name in body for name in names.values())
    shots("results")

    # 8. The verification page: download the verifier and every artefact, then verify.
    page.goto("/lottery/verifier/")
    shots("verifier")
    page.goto(f"/lottery/{lot_pk}/verify/")
    used = page.locator("table", has=page.locator("th", has_text="未公布而跳过"))
    fallback_row = used.locator("tr", has=page.locator(f"code:text-is('{kl8_b}')")).inner_text()
    assert KL8 in fallback_row and kl8 in fallback_row and "官网未公布" in fallback_row
    assert "https://www.cwl.gov.cn/" in fallback_row and "截图" in fallback_row
    assert "3361.98" in used.inner_text()
    shots("verify")
    shown = page.locator("main p", has_text="SHA-256").locator("code").inner_text().strip()
    verifier = REPO / "verifier" / "fazhi_verify.py"
    assert shown == hashlib.sha256(verifier.read_bytes()).hexdigest()
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    with page.expect_download() as info:
        page.locator("main a[href$='/verifier/fazhi_verify.py']").first.click()
    program = tmp_path / info.value.suggested_filename
    info.value.save_as(program)
    assert hashlib.sha256(program.read_bytes()).hexdigest() == shown
    for name in BUNDLE:
        with page.expect_download() as info:
            page.locator(f"main a[href$='/artefacts/{name}']").click()
        assert info.value.suggested_filename == name  # the verifier's name: no renaming
        info.value.save_as(bundle / info.value.suggested_filename)
    run = subprocess.run([sys.executable, "-I", str(program), "verify-draw",
                          "--bundle", str(bundle)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ALL CHECKS PASSED" in run.stdout
    assert lot.merkle_root in run.stdout or lot.file_hash in run.stdout
