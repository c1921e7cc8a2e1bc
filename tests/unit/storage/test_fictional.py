"""The fictional national data (ita.storage.fictional): one seed gives one file, it validates with no problem,
every agency is fictional, and the national figures look like DOMAIN.md §4's."""

import numpy as np
import pytest

from ita.core.framework import load_framework
from ita.core.scoring import evaluate_year
from ita.storage import fictional
from ita.storage.excel import read_workbook

FW = load_framework()


def test_the_same_seed_gives_the_same_bytes_and_another_seed_another_file():
    a = fictional.province_workbook(seed=5, agencies=40)
    assert a == fictional.province_workbook(seed=5, agencies=40)
    assert a != fictional.province_workbook(seed=6, agencies=40)


def test_the_small_variant_validates_with_no_problem_and_every_agency_is_fictional():
    res = read_workbook(fictional.province_workbook(seed=1))
    assert res.layout == "wide" and res.report.problems == []
    ds = res.dataset
    agencies = ds["agencies"]
    assert len(agencies) == fictional.PROVINCE_AGENCIES
    assert set(agencies["province"]) == {"เชียงราย"}
    assert all(ds.is_fictional(a) and "สมมุติ" in a for a in agencies["agency"])
    assert set(agencies.loc[agencies["kind"] == "อบต.", "size"]) <= {"L", "M", "S"}
    assert set(agencies.loc[agencies["kind"] != "อบต.", "size"]) == {""}
    assert len(ds["results"]) == fictional.PROVINCE_AGENCIES * 5
    assert len(ds["indicator_scores"]) == fictional.PROVINCE_AGENCIES * 5 * 10


def test_each_total_is_the_weighted_total_of_its_indicators():
    t = fictional.generate(2, 300)
    for i in range(0, len(t), 97):
        yr = evaluate_year(int(t.year[i]), dict(zip(t.codes, t.scores[i].tolist(), strict=True)), FW)
        assert t.total[i] == pytest.approx(yr.total_computed, abs=0.006)


def test_national_size_looks_like_the_published_figures():
    t = fictional.generate(1)
    assert len(set(t.agency.tolist())) == fictional.NATIONAL_AGENCIES
    means = {y: t.total[t.year == y].mean() for y in fictional.NATIONAL_MEANS}
    assert means[2568] == pytest.approx(93.82, abs=0.5)
    assert list(means.values()) == sorted(means.values())  # rising over the years
    assert np.mean(t.total[t.year == 2568] >= 85) == pytest.approx(0.9417, abs=0.02)
    ind = t.scores[t.year == 2568].mean(axis=0)
    assert ind.argmax() == t.codes.index("3")
    assert len(set(t.province.tolist())) == 77


def test_a_year_without_a_national_mean_is_refused():
    with pytest.raises(ValueError):
        fictional.generate(1, 10, years=(2563,))
