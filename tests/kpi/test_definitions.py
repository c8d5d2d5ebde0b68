import pytest

from tamas.kpi import KpiDefinitions


def test_defaults_are_the_issue_s() -> None:
    assert KpiDefinitions().as_dict() == {
        "sl_threshold_s": 20,
        "short_abandon_s": 5,
        "fcr_window_s": 86400,
        "interval_min": 30,
        "tz": "Asia/Tehran",
    }


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"sl_threshold_s": 0}, "sl_threshold_s: expected a positive whole number, got 0"),
        ({"short_abandon_s": -5}, "short_abandon_s: expected a positive whole number"),
        ({"fcr_window_s": 1.5}, "fcr_window_s: expected a positive whole number"),
        ({"interval_min": True}, "interval_min: expected a positive whole number"),
        ({"interval_min": 7}, "interval_min: expected a number of minutes that divides a day"),
        ({"tz": "Asia/Tehrann"}, "tz: expected an IANA time zone such as Asia/Tehran"),
        ({"tz": "../etc"}, "tz: expected an IANA time zone"),
    ],
)
def test_bad_settings_are_refused_with_their_name(settings: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        KpiDefinitions(**settings)


@pytest.mark.parametrize("minutes", [1, 5, 10, 15, 20, 30, 60, 120, 1440])
def test_intervals_that_divide_a_day_are_accepted(minutes: int) -> None:
    assert KpiDefinitions(interval_min=minutes).interval_min == minutes
