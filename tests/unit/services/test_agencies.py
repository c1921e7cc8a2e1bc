"""The agency index the sidebar chooses from (ita.services.agencies): the same agencies, years and fictional
marks as asking the Dataset agency by agency, and the search and cap over it."""

from __future__ import annotations

from ita.core.model import Dataset
from ita.services.agencies import SHOWN_AT_MOST, agency_index, choices, filter_values, matching, normalised
from ita.storage.bundled import load_bundled


def many(n: int) -> Dataset:
    """`n` agencies with totals in 2567-2568, the tenth a fictional one, every agency in one of two provinces."""
    names = [f"อบต.บ้านทดสอบ {i:04d}" for i in range(n)]
    return Dataset.from_records({
        "agencies": [{"agency": a, "province": "เชียงราย" if i % 2 else "ตราด", "fictional": "ใช่" if i == 9 else "ไม่"}
                     for i, a in enumerate(names)],
        "results": [{"agency": a, "year": y, "total": 90.0} for a in names for y in (2568, 2567)],
    })


def test_the_bundled_index_is_what_the_dataset_says_agency_by_agency():
    ds, _ = load_bundled()
    index = agency_index(ds)
    assert list(index.names) == [a for a in ds.agencies() if ds.years(a)]
    assert {a: list(y) for a, y in index.years.items()} == {a: ds.years(a) for a in index.names}
    assert index.fictional == {a for a in index.names if ds.is_fictional(a)}
    assert all(index.area(a) == ds.area(a) for a in index.names)


def test_agencies_without_a_year_are_left_out_and_years_ascend():
    ds = Dataset.from_records({
        "agencies": [{"agency": "ก"}, {"agency": "ข"}],
        "indicator_scores": [{"agency": "ข", "year": 2568, "indicator": "1", "score": 80.0},
                             {"agency": "ข", "year": 2566, "indicator": "1", "score": 70.0}],
        "results": [{"agency": "ข", "year": 2567, "total": 90.0}],
    })
    index = agency_index(ds)
    assert index.names == ("ข",)
    assert index.years["ข"] == (2566, 2567, 2568)


def test_search_ignores_case_spaces_and_the_unicode_form():
    ds = Dataset.from_records({"results": [{"agency": a, "year": 2568, "total": 90.0} for a in
                                           ("องค์การบริหารส่วนตำบลป่าตึง", "Test Agency", "จังหวัดตราด")]})
    index = agency_index(ds)
    assert matching(index, " ป่า ตึง ") == ["องค์การบริหารส่วนตำบลป่าตึง"]
    assert matching(index, "TEST  agency") == ["Test Agency"]
    assert matching(index, "") == list(index.names)
    assert matching(index, "ไม่มีชื่อนี้") == []
    # a zero width space inside a name, as Thai text often carries, is ignored
    assert normalised("ป่า\u200bตึง") == normalised("ป่าตึง")


def test_filters_keep_the_agencies_with_that_attribute():
    index = agency_index(many(6))
    assert matching(index, "", {"province": "ตราด"}) == [f"อบต.บ้านทดสอบ {i:04d}" for i in (0, 2, 4)]
    assert matching(index, "0003", {"province": "ตราด"}) == []
    assert matching(index, "", {"province": ""}) == list(index.names)  # an empty filter filters nothing
    assert matching(index, "", {"type": "อบต."}) == []  # a column the index does not hold matches nothing


def test_the_list_is_cut_at_the_bound_and_says_how_many_matched():
    index = agency_index(many(SHOWN_AT_MOST + 50))
    found = choices(index, None, "บ้านทดสอบ")
    assert found.cut and found.matched == SHOWN_AT_MOST + 50
    assert found.options == list(index.names[:SHOWN_AT_MOST])
    narrow = choices(index, None, "บ้านทดสอบ 001")
    assert not narrow.cut and narrow.matched == 10 and len(narrow.options) == 10


def test_the_chosen_agency_stays_in_the_list_when_the_search_leaves_it_out():
    index = agency_index(many(300))
    chosen = "อบต.บ้านทดสอบ 0299"
    found = choices(index, chosen, "0001")
    assert found.options[0] == chosen and found.matched == 1 and len(found.options) == 2
    # but never one the account may not read
    assert chosen not in choices(index, chosen, "0001", among=index.names[:10]).options


def test_labels_mark_the_fictional_agency():
    index = agency_index(many(12))
    assert index.label("อบต.บ้านทดสอบ 0009") == "อบต.บ้านทดสอบ 0009 ⚠ ข้อมูลสมมุติ"
    assert index.label("อบต.บ้านทดสอบ 0008") == "อบต.บ้านทดสอบ 0008"


def test_the_filter_values_made_once_are_those_of_the_agencies_with_a_year():
    ds = many(6)
    # an agency with attributes but no year is in no filter's list: the sidebar never offers it
    ds = Dataset.from_records({"agencies": [*ds["agencies"].to_dict("records"), {"agency": "ไม่มีผล", "province": "น่าน"}],
                               "results": ds["results"].to_dict("records")})
    index = agency_index(ds)
    assert index.values["province"] == ("ตราด", "เชียงราย")  # sorted, each once
    assert filter_values(index, "province") == ["ตราด", "เชียงราย"]
    # among the agencies an account may read, they are worked out from those agencies
    assert filter_values(index, "province", [a for a in index.names if index.area(a)[0] == "เชียงราย"]) == ["เชียงราย"]
    assert filter_values(index, "kind") == [] and filter_values(index, "size") == []  # blank, or not held


def test_no_search_and_no_filter_give_every_agency_in_order():
    index = agency_index(many(SHOWN_AT_MOST + 50))
    assert matching(index) == list(index.names) == matching(index, "", {"province": ""}, among=list(index.names))
    everyone = choices(index, index.names[-1])
    # the chosen agency, beyond the bound, stays first; the list is cut at the bound
    assert everyone.options == [index.names[-1], *index.names[:SHOWN_AT_MOST]]
    assert everyone.cut and everyone.matched == SHOWN_AT_MOST + 50
