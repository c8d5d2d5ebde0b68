"""The KPIs of replicated runs: means of the KPI engine's figures and Student-t half-widths."""

from __future__ import annotations

import math

import polars as pl
import pytest
from scipy import stats

from tamas.kpi import KpiDefinitions, kpi_report
from tamas.sim import parse_scenario, replicate, replicated_kpis
from tests.sim.scenarios import TWO_QUEUES


@pytest.fixture(scope="module")
def runs() -> list[pl.DataFrame]:
    return replicate(parse_scenario(TWO_QUEUES), 4)


def test_point_figures_are_means_and_half_widths_student_t(runs: list[pl.DataFrame]) -> None:
    definitions = KpiDefinitions()
    summary = replicated_kpis(runs, definitions)
    single = [kpi_report(events, definitions).totals for events in runs]
    levels = [totals["service_level"] for totals in single]
    mean = sum(levels) / 4
    sd = math.sqrt(sum((x - mean) ** 2 for x in levels) / 3)
    assert summary["replications"] == 4
    assert summary["totals"]["service_level"] == pytest.approx(mean, abs=1e-4)
    assert summary["totals"]["half_width"]["service_level"] == pytest.approx(
        stats.t.ppf(0.975, 3) * sd / 2, abs=1e-4
    )
    assert summary["totals"]["offered"] == pytest.approx(sum(t["offered"] for t in single) / 4)
    assert "offered" not in summary["totals"]["half_width"]
    assert [row["queue"] for row in summary["by_queue"]] == ["sales", "support"]
    assert all("half_width" in row for row in summary["by_queue"])


def test_one_replication_has_no_half_width(runs: list[pl.DataFrame]) -> None:
    summary = replicated_kpis(runs[:1], KpiDefinitions())
    assert set(summary["totals"]["half_width"].values()) == {None}
    report = kpi_report(runs[0], KpiDefinitions()).as_dict()
    assert summary["totals"] | {"half_width": None} == report["totals"] | {"half_width": None}


def test_each_queue_may_keep_its_own_threshold(runs: list[pl.DataFrame]) -> None:
    own = replicated_kpis(runs, KpiDefinitions(), {"support": 20, "sales": 90})
    strict = replicated_kpis(runs, KpiDefinitions(sl_threshold_s=90))
    rows = {row["queue"]: row for row in own["by_queue"]}
    strict_rows = {row["queue"]: row for row in strict["by_queue"]}
    assert rows["sales"]["service_level"] == strict_rows["sales"]["service_level"]
    assert rows["support"]["service_level"] < strict_rows["support"]["service_level"]
    assert (rows["sales"]["sl_threshold_s"], rows["support"]["sl_threshold_s"]) == (90, 20)


def test_a_row_missing_from_a_replication_counts_zero(runs: list[pl.DataFrame]) -> None:
    quiet = runs[1].filter(pl.col("queue").ne("sales") | pl.col("queue").is_null())
    summary = replicated_kpis([runs[0], quiet], KpiDefinitions())
    sales = next(row for row in summary["by_queue"] if row["queue"] == "sales")
    alone = next(r for r in kpi_report(runs[0], KpiDefinitions()).by_queue if r["queue"] == "sales")
    assert sales["offered"] == alone["offered"] / 2
    assert sales["asa_s"] == pytest.approx(alone["asa_s"], abs=1e-4)
    assert sales["half_width"]["asa_s"] is None
