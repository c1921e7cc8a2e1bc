"""The access rules (ita.core.access): role × action × agency, allowed or refused."""

import pytest

from ita.core.access import AccessDenied, Account, allows, idle_minutes, may_read, read_mode, require, require_all

A, B = "อบต.ก", "อบต.ข"
ADMIN = Account("root", "ผู้ดูแล", "admin")
PLANNER = Account("plan", "นักวางแผน", "planner", agencies=frozenset({A}))
UNIT = Account("head", "หัวหน้า", "unit", units=frozenset({(A, "กองคลัง")}))
VIEWER = Account("exec", "ผู้บริหาร", "viewer", agencies=frozenset({A}))
OVERSEER = Account("prov", "สำนักงานจังหวัด", "viewer",
                   areas=frozenset({("province", "ตราด"), ("district", "เชียงราย/แม่จัน")}))
DISABLED_ADMIN = Account("old", "เก่า", "admin", active=False)

WRITES = ("import", "scores", "measures", "progress", "scenarios")
ADMIN_ONLY = ("accounts", "framework")  # an admin's alone, whatever the agency

# (account, action, agency, unit) -> allowed
CASES = (
    [(ADMIN, act, ag, u, True) for act in (*WRITES, *ADMIN_ONLY) for ag in (A, B) for u in (None, "กองคลัง")]
    + [(PLANNER, act, A, None, True) for act in WRITES]
    + [(PLANNER, act, B, None, False) for act in WRITES]
    + [(PLANNER, act, ag, None, False) for act in ADMIN_ONLY for ag in (A, B, None)]
    + [(UNIT, "progress", A, "กองคลัง", True), (UNIT, "progress", A, "สำนักปลัด", False),
       (UNIT, "progress", B, "กองคลัง", False), (UNIT, "progress", A, None, False)]
    + [(UNIT, act, A, "กองคลัง", False) for act in ("import", "scores", "measures", "scenarios", *ADMIN_ONLY)]
    + [(who, act, ag, u, False) for who in (VIEWER, OVERSEER, DISABLED_ADMIN, None)
       for act in (*WRITES, *ADMIN_ONLY) for ag in (A, B) for u in (None, "กองคลัง")]
)


@pytest.mark.parametrize(("account", "action", "agency", "unit", "allowed"), CASES)
def test_role_action_agency_table(account, action, agency, unit, allowed):
    assert allows(account, action, agency, unit) is allowed
    if allowed:
        require(account, action, agency, unit)
    else:
        with pytest.raises(AccessDenied) as refused:
            require(account, action, agency, unit)
        assert "ยังไม่มีการเปลี่ยนแปลงข้อมูลใด ๆ" in refused.value.message_th
        assert "nothing was changed" in refused.value.message_en


def test_refusals_say_who_and_what_in_thai():
    with pytest.raises(AccessDenied) as e:
        require(PLANNER, "measures", B)
    assert e.value.message_th.startswith("บัญชี plan (ผู้วางแผน) ไม่มีสิทธิ์บันทึกมาตรการ ของ อบต.ข")
    with pytest.raises(AccessDenied) as e:
        require(None, "progress", A)
    assert "ต้องลงชื่อเข้าใช้ก่อน" in e.value.message_th
    with pytest.raises(AccessDenied) as e:
        require(DISABLED_ADMIN, "scores", A)
    assert "ถูกระงับ" in e.value.message_th


def test_an_import_needs_every_agency_it_touches():
    require_all(PLANNER, "import", [A, A])
    with pytest.raises(AccessDenied):
        require_all(PLANNER, "import", [A, B])
    with pytest.raises(AccessDenied):
        require_all(None, "import", [])  # an empty file is still a write the anonymous may not do
    require_all(ADMIN, "import", [A, B])


def test_reading_public_and_signed_in():
    for who in (None, VIEWER, UNIT):
        assert may_read(who, B, mode="public")
    assert not may_read(None, A, mode="signed-in")
    assert may_read(ADMIN, B, mode="signed-in")
    assert may_read(PLANNER, A, mode="signed-in") and not may_read(PLANNER, B, mode="signed-in")
    assert may_read(UNIT, A, mode="signed-in") and not may_read(UNIT, B, mode="signed-in")
    assert may_read(VIEWER, A, mode="signed-in") and not may_read(VIEWER, B, mode="signed-in")
    assert may_read(OVERSEER, B, ("ตราด", "เมือง"), mode="signed-in")
    assert may_read(OVERSEER, B, ("เชียงราย", "แม่จัน"), mode="signed-in")
    assert not may_read(OVERSEER, B, ("เชียงราย", "เมือง"), mode="signed-in")
    assert not may_read(OVERSEER, B, ("", ""), mode="signed-in")
    assert not may_read(DISABLED_ADMIN, A, mode="signed-in")


def test_read_mode_setting_defaults_to_public_and_a_typo_closes():
    assert read_mode({}) == "public"
    assert read_mode({"ITA_READ": " Signed-In "}) == "signed-in"
    assert read_mode({"ITA_READ": "publik"}) == "signed-in"


def test_idle_minutes_default_to_30_and_a_bad_value_falls_back():
    assert idle_minutes({}) == 30
    assert idle_minutes({"ITA_IDLE_MINUTES": " 15 "}) == 15
    assert idle_minutes({"ITA_IDLE_MINUTES": "0.5"}) == 0.5
    for bad in ("", "สามสิบ", "0", "-5", "nan", "inf", "100000"):
        assert idle_minutes({"ITA_IDLE_MINUTES": bad}) == 30, bad


def test_the_history_label_names_the_person_and_the_account():
    assert PLANNER.label == "นักวางแผน (plan)"
    assert Account("x", "x", "viewer").label == "x"


def test_the_framework_is_an_admins_and_says_so_in_thai():
    require(ADMIN, "framework")
    with pytest.raises(AccessDenied) as e:
        require(PLANNER, "framework")
    assert e.value.message_th.startswith("บัญชี plan (ผู้วางแผน) ไม่มีสิทธิ์แก้ไขกรอบการประเมินรายปี")
    assert "may not framework" in e.value.message_en
