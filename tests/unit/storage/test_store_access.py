"""Every write path of the store, by role × action × agency (issue 12): allowed, or refused with
AccessDenied and nothing changed (the data version, the history and every table as they were)."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ita.core.access import AccessDenied, Account
from ita.core.model import Dataset
from ita.services.data_entry import restore
from ita.services.plan_writes import record_progress
from ita.storage.store import Store
from tests.unit.storage import sql

A = "องค์การบริหารส่วนตำบลป่าตึง"  # granted below
B = "อบต.สุขใจ (ข้อมูลสมมุติ)"  # never granted
ROOT = Account("root", "ผู้ดูแลระบบ", "admin")
# A year added to the framework from the app (shared by every agency: an admin's write).
FRAMEWORK_YEAR = {"year": 2571, "weights": {"IIT": 0.3, "EIT": 0.3, "OIT": 0.4}, "level_scheme": "pass",
                  "weights_source": "ยกมาจากปี 2570", "carried_from": 2570}

ACCOUNTS = {
    "admin": ROOT,
    "planner": Account("plan", "ผู้วางแผน ก", "planner", agencies=frozenset({A})),
    "unit": Account("head", "หัวหน้ากองคลัง", "unit", units=frozenset({(A, "กองคลัง")})),
    "viewer": Account("exec", "นายก", "viewer", agencies=frozenset({A})),
    "overseer": Account("prov", "จังหวัด", "viewer", areas=frozenset({("province", "เชียงราย")})),
    "disabled": Account("old", "เก่า", "admin", active=False),
    "signed out": None,
}


def _prepare(target: str, bundled: Dataset) -> dict[str, Any]:
    """Seeds the store at `target` with, per agency, a progress entry and a saved scenario (made by an admin);
    returns the ids the cases write to."""
    store = Store(target)
    store.seed(bundled)
    framework_year = store.add_framework_year(2572, {**FRAMEWORK_YEAR, "year": 2572}, ROOT)
    ids: dict[str, Any] = {}
    for agency in (A, B):
        measures = store.measures(agency, 2568)
        finance = measures[measures["units"].str.contains("กองคลัง")].iloc[0]
        office = measures[~measures["units"].str.contains("กองคลัง")].iloc[0]
        entry = store.add_progress(int(finance["id"]), "2025-01-15", "ความก้าวหน้า", "", ROOT)
        scenario = store.save_scenario(agency, 2568, "ลองดู", '{"10": 95}', ROOT)
        insert = store.history("measures", int(office["id"]))
        plan = store.measures(agency, 2569)
        ids[agency] = {
            "unfinished": int(plan[plan["status"] != "แล้วเสร็จ"]["id"].iloc[0]),
            "finance": int(finance["id"]), "office": int(office["id"]), "progress": entry, "scenario": scenario,
            "measures": [int(i) for i in measures["id"]], "restore": int(insert["id"].iloc[-1]),
            "framework_year": framework_year,
        }
    store.close()
    return ids


# One prepared store per engine and session (a file, or a PostgreSQL template database); each case copies it.
_TEMPLATES: dict[str, tuple[str, dict[str, Any]]] = {}
PG_TEMPLATE = "ita_test_access_template"


@pytest.fixture
def fresh(engine: str, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, bundled: Dataset,
          request: pytest.FixtureRequest) -> Iterator[tuple[Store, dict[str, Any]]]:
    server = request.getfixturevalue("pg_server") if engine == "postgresql" else None
    if engine not in _TEMPLATES:
        if server is None:
            path = str(tmp_path_factory.mktemp("access") / "template.db")
            _TEMPLATES[engine] = (path, _prepare(path, bundled))
        else:
            server.drop_database(PG_TEMPLATE)
            server.create_database(PG_TEMPLATE)
            _TEMPLATES[engine] = (PG_TEMPLATE, _prepare(server.url_for(PG_TEMPLATE), bundled))
    source, ids = _TEMPLATES[engine]
    if server is None:
        copy = tmp_path / "store.db"
        shutil.copy(source, copy)
        target = str(copy)
    else:
        name = f"ita_test_{uuid.uuid4().hex[:12]}"
        server.create_database(name, template=source)
        request.addfinalizer(lambda: server.drop_database(name))
        target = server.url_for(name)
    store = Store(target)
    yield store, ids
    store.close()


def version(store: Store, table: str, row_id: int) -> int:
    return int(sql.scalar(store, f"SELECT version FROM {table} WHERE id = :id", id=row_id))


def deleted_first(store: Store, table: str, row_id: int) -> None:
    """Deletes the row as the admin, so that the case can bring it back."""
    if table == "measures":
        store.delete_measure(row_id, version(store, table, row_id), ROOT)
    else:
        store.delete_progress(row_id, version(store, table, row_id), ROOT)


# Each write path: (name, the action it is, the unit the case touches or None, the write).
Write = Callable[[Store, str, dict[str, Any], Account | None], Any]
PATHS: list[tuple[str, str, str | None, Write]] = [
    ("import", "import", None, lambda s, a, i, who: s.import_dataset(
        Dataset.from_records({"results": [{"agency": a, "year": 2566, "total": 80.0}]}), who)),
    ("save_year", "scores", None, lambda s, a, i, who: s.save_year(a, 2566, {"1": 90.0}, {}, who, "ทดสอบ")),
    ("add_measure", "measures", None, lambda s, a, i, who: s.add_measure(
        {"agency": a, "year": 2569, "number": "99", "title": "มาตรการทดสอบ", "units": "กองคลัง"}, who)),
    ("update_measure", "measures", None, lambda s, a, i, who: s.update_measure(
        i["office"], {"title": "แก้ชื่อ"}, version(s, "measures", i["office"]), who)),
    ("delete_measure", "measures", None, lambda s, a, i, who: s.delete_measure(
        i["office"], version(s, "measures", i["office"]), who)),
    ("undelete_measure", "measures", None, lambda s, a, i, who: s.undelete_measure(i["office"], who)),
    ("reorder_measures", "measures", None, lambda s, a, i, who: s.reorder_measures(i["measures"][::-1], who)),
    ("carry_forward", "measures", None, lambda s, a, i, who: s.carry_forward([i["unfinished"]], 2570, who)),
    ("restore_version", "measures", None, lambda s, a, i, who: restore(s, i["restore"], who)),
    ("add_progress own unit", "progress", "กองคลัง", lambda s, a, i, who: s.add_progress(
        i["finance"], "2025-02-01", "ทำแล้ว", "", who)),
    ("add_progress other unit", "progress", "other", lambda s, a, i, who: s.add_progress(
        i["office"], "2025-02-01", "ทำแล้ว", "", who)),
    ("record_progress", "progress", "กองคลัง", lambda s, a, i, who: record_progress(
        s, i["finance"], "1", date(2025, 2, 1), "ทำแล้ว", "", status="", new_status="", read_version=0,
        actor=who)),
    ("update_progress", "progress", "กองคลัง", lambda s, a, i, who: s.update_progress(
        i["progress"], {"text": "แก้ข้อความ"}, version(s, "progress", i["progress"]), who)),
    ("delete_progress", "progress", "กองคลัง", lambda s, a, i, who: s.delete_progress(
        i["progress"], version(s, "progress", i["progress"]), who)),
    ("undelete_progress", "progress", "กองคลัง", lambda s, a, i, who: s.undelete_progress(i["progress"], who)),
    ("save_measure_report own unit", "progress", "กองคลัง", lambda s, a, i, who: s.save_measure_report(
        i["finance"], "ปัญหา", "ข้อเสนอแนะ", version(s, "measures", i["finance"]), who)),
    ("save_measure_report other unit", "progress", "other", lambda s, a, i, who: s.save_measure_report(
        i["office"], "ปัญหา", "ข้อเสนอแนะ", version(s, "measures", i["office"]), who)),
    ("save_year_report", "measures", None, lambda s, a, i, who: s.save_year_report(
        a, 2568, "ปัญหา", "ข้อเสนอแนะ", 0, who)),
    ("save_scenario", "scenarios", None, lambda s, a, i, who: s.save_scenario(a, 2568, "ใหม่", '{"9": 90}', who)),
    ("delete_scenario", "scenarios", None, lambda s, a, i, who: s.delete_scenario(
        i["scenario"], version(s, "scenarios", i["scenario"]), who)),
    ("add_framework_year", "framework", None, lambda s, a, i, who: s.add_framework_year(2571, FRAMEWORK_YEAR, who)),
    ("delete_framework_year", "framework", None, lambda s, a, i, who: s.delete_framework_year(
        i["framework_year"], version(s, "framework_years", i["framework_year"]), who)),
]
SETUP = {"undelete_measure": ("measures", "office"), "undelete_progress": ("progress", "progress")}


def expected(role: str, action: str, unit: str | None, agency: str) -> bool:
    """The rule the table states: an admin writes everything; a planner everything of their agency; a
    unit head progress entries on their unit's measures of their agency; nobody else anything. The framework's
    years are every agency's: an admin's alone."""
    if role == "admin":
        return True
    if action == "framework":
        return False
    if role == "planner":
        return agency == A
    if role == "unit":
        return action == "progress" and unit == "กองคลัง" and agency == A
    return False


def snapshot(store: Store) -> tuple[Any, ...]:
    return sql.dump(store)


@pytest.mark.parametrize("agency", [A, B], ids=["granted", "not granted"])
@pytest.mark.parametrize("role", list(ACCOUNTS))
@pytest.mark.parametrize(("name", "action", "unit", "write"), PATHS, ids=[p[0] for p in PATHS])
def test_every_write_path_by_role_and_agency(fresh, role, agency, name, action, unit, write):
    store, ids = fresh
    if name in SETUP:
        table, key = SETUP[name]
        deleted_first(store, table, ids[agency][key])
    who = ACCOUNTS[role]
    before, data_version = snapshot(store), store.data_version()
    if expected(role, action, unit, agency):
        write(store, agency, ids[agency], who)
        assert store.data_version() > data_version
        assert who.label in set(store.history()["author"])
    else:
        with pytest.raises(AccessDenied):
            write(store, agency, ids[agency], who)
        assert store.data_version() == data_version
        assert snapshot(store) == before


def test_national_figures_are_an_admins_even_in_a_planners_file(fresh):
    store, _ = fresh
    planner = ACCOUNTS["planner"]
    national = Dataset.from_records({
        "results": [{"agency": A, "year": 2566, "total": 80.0}],
        "national": [{"year": 2566, "mean": 50.0, "confidence": "U"}],
    })
    before = snapshot(store)
    with pytest.raises(AccessDenied):
        store.import_dataset(national, planner)
    assert snapshot(store) == before
    store.import_dataset(national, ROOT)
    # The same national figures, unchanged, do not stop the planner's own rows.
    again = Dataset.from_records({
        "results": [{"agency": A, "year": 2566, "total": 81.0}],
        "national": [{"year": 2566, "mean": 50.0, "confidence": "U"}],
    })
    store.import_dataset(again, planner)
    assert store.year_values(A, 2566)["total"] == 81.0


def test_the_history_names_the_account_not_a_typed_name(fresh):
    store, ids = fresh
    planner = ACCOUNTS["planner"]
    store.update_measure(ids[A]["office"], {"title": "ชื่อใหม่"}, version(store, "measures", ids[A]["office"]), planner)
    assert store.history("measures", ids[A]["office"])["author"].iloc[0] == "ผู้วางแผน ก (plan)"
    pid = store.add_progress(ids[A]["finance"], "2025-03-01", "รายงาน", "", ACCOUNTS["unit"])
    assert sql.scalar(store, "SELECT author FROM progress WHERE id = :id", id=pid) == "หัวหน้ากองคลัง (head)"


def test_a_unit_head_reports_progress_but_does_not_set_the_status(fresh):
    store, ids = fresh
    measure = store.measure(ids[A]["finance"])
    kind, message = record_progress(
        store, ids[A]["finance"], "1", date(2025, 2, 1), "ทำแล้ว", "", status=measure["status"],
        new_status="เริ่มแล้ว" if measure["status"] != "เริ่มแล้ว" else "แล้วเสร็จ",
        read_version=measure["version"], actor=ACCOUNTS["unit"])
    assert kind == "warn" and "ยังไม่เปลี่ยนสถานะ" in message and "ไม่มีสิทธิ์" in message
    assert store.measure(ids[A]["finance"])["status"] == measure["status"]
    assert list(store.progress(ids[A]["finance"])["text"]).count("ทำแล้ว") == 1
