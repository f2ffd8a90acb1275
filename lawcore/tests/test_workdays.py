"""Working-day clocks across Vietnamese public holidays, lunar dates included."""

import datetime as dt

import pytest

from lawcore import lunar, workdays

# Tết Nguyên đán 2016-2035 as Viet Nam's published calendar gives it (lịch vạn niên; the
# Hà Nội meridian, UTC+7). 2030 differs from China's (03/02/2030); so does 1985 (20/02/1985).
TET = {
    1985: "1985-01-21",
    2016: "2016-02-08",
    2017: "2017-01-28",
    2018: "2018-02-16",
    2019: "2019-02-05",
    2020: "2020-01-25",
    2021: "2021-02-12",
    2022: "2022-02-01",
    2023: "2023-01-22",
    2024: "2024-02-10",
    2025: "2025-01-29",
    2026: "2026-02-17",
    2027: "2027-02-06",
    2028: "2028-01-26",
    2029: "2029-02-13",
    2030: "2030-02-02",
    2031: "2031-01-23",
    2032: "2032-02-11",
    2033: "2033-01-31",
    2034: "2034-02-19",
    2035: "2035-02-08",
}

# Giỗ Tổ Hùng Vương (10/3 lunar) in recent years, as announced for the public holiday.
HUNG_KINGS = {
    2019: "2019-04-14",
    2020: "2020-04-02",
    2021: "2021-04-21",
    2022: "2022-04-10",
    2023: "2023-04-29",
    2024: "2024-04-18",
    2025: "2025-04-07",
    2026: "2026-04-26",
}


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(("year", "expected"), TET.items())
def test_tet_falls_on_the_published_day(year, expected):
    assert lunar.tet(year) == d(expected)
    assert lunar.solar_to_lunar(d(expected)) == lunar.LunarDate(1, 1, year)


@pytest.mark.parametrize(("year", "expected"), HUNG_KINGS.items())
def test_hung_kings_day_is_the_tenth_of_the_third_lunar_month(year, expected):
    assert lunar.lunar_to_solar(10, 3, year) == d(expected)


def test_leap_months_are_placed_as_in_the_published_calendar():
    # Quý Mão 2023 had a leap 2nd month from 22/03/2023; Ất Tỵ 2025 a leap 6th from 25/07/2025.
    assert lunar.solar_to_lunar(d("2023-03-22")) == lunar.LunarDate(1, 2, 2023, leap=True)
    assert lunar.lunar_to_solar(1, 2, 2023, leap=True) == d("2023-03-22")
    assert lunar.solar_to_lunar(d("2025-07-25")) == lunar.LunarDate(1, 6, 2025, leap=True)
    with pytest.raises(ValueError):
        lunar.lunar_to_solar(1, 3, 2023, leap=True)


def test_the_27th_of_the_last_month_of_at_ty_is_14_february_2026():
    assert lunar.solar_to_lunar(d("2026-02-14")) == lunar.LunarDate(27, 12, 2025)


def test_lunar_round_trip_over_twenty_years():
    day = d("2016-01-01")
    while day < d("2036-01-01"):
        lunar_day = lunar.solar_to_lunar(day)
        back = lunar.lunar_to_solar(lunar_day.day, lunar_day.month, lunar_day.year, lunar_day.leap)
        assert back == day
        day += dt.timedelta(days=11)


def test_ten_working_days_from_the_week_before_tet_2026():
    """Schedule of 2026: off from Saturday 14/02 to Sunday 22/02 (Tết 17/02).

    From Monday 09/02: 10, 11, 12, 13/02 (4), then 23, 24, 25, 26, 27/02 (9), 02/03 (10).
    """
    assert workdays.add_working_days(d("2026-02-09"), 10) == d("2026-03-02")
    assert workdays.working_days_between(d("2026-02-09"), d("2026-03-02")) == 10
    for day in range(14, 23):
        assert not workdays.is_working_day(dt.date(2026, 2, day))
    assert workdays.is_working_day(d("2026-02-13")) and workdays.is_working_day(d("2026-02-23"))


def test_ten_working_days_from_the_week_before_tet_2027_use_the_default_rule():
    """No schedule for 2027 is known: Tết (Saturday 06/02) takes 05-09/02; Saturday 06 and
    Sunday 07 are made up on Wednesday 10 and Thursday 11 (Labour Code art. 111(3)).

    From Monday 01/02: 02, 03, 04/02 (3), 12/02 (4), 15-19/02 (9), 22/02 (10).
    """
    assert workdays.add_working_days(d("2027-02-01"), 10) == d("2027-02-22")
    tet_days = [h for h in workdays.holidays(2027) if h.name == "tet"]
    assert [h.on for h in tet_days] == [d(f"2027-02-0{n}") for n in range(5, 10)]
    assert all(h.is_default for h in tet_days)
    compensatory = [h.on for h in workdays.holidays(2027) if h.name == "compensatory"]
    assert d("2027-02-10") in compensatory and d("2027-02-11") in compensatory
    assert workdays.is_working_day(d("2027-02-12"))


def test_a_holiday_on_a_sunday_gives_the_next_monday_off():
    # Giỗ Tổ 2026 is Sunday 26/04: Monday 27/04 is off; 30/04 and 01/05 are Thursday, Friday.
    assert not workdays.is_working_day(d("2026-04-27"))
    # From Friday 24/04: 28 (1), 29 (2), then 30/04, 01/05 and the weekend off: 04/05 (3).
    assert workdays.add_working_days(d("2026-04-24"), 3) == d("2026-05-04")


def test_two_weekend_holidays_in_a_row_give_two_days_off():
    # 30/04/2022 Saturday and 01/05/2022 Sunday: Monday 02 and Tuesday 03/05 off.
    assert not workdays.is_working_day(d("2022-05-02"))
    assert not workdays.is_working_day(d("2022-05-03"))
    assert workdays.is_working_day(d("2022-05-04"))


def test_a_swapped_saturday_is_a_working_day_and_the_friday_is_off():
    # New Year 2026: Friday 02/01 off, Saturday 10/01 worked (VPCP 12729/VPCP-KGVX).
    assert not workdays.is_working_day(d("2026-01-02"))
    assert workdays.is_working_day(d("2026-01-10"))
    assert workdays.add_working_days(d("2025-12-31"), 1) == d("2026-01-05")


def test_national_day_and_its_adjacent_day_are_off():
    assert not workdays.is_working_day(d("2026-09-02"))
    extra = [h for h in workdays.holidays(2026) if h.name == "national_day"]
    assert len(extra) == 2
    assert workdays.default_national_day_extra(2025) == d("2025-09-01")  # Tuesday: Monday
    assert workdays.default_national_day_extra(2024) == d("2024-09-03")  # Monday: Tuesday


def test_every_year_has_the_eleven_statutory_days_of_article_112():
    for year in range(2016, 2036):
        statutory = [h for h in workdays.holidays(year) if h.name not in {"compensatory", "swap"}]
        assert len(statutory) == 11, year


def test_a_limit_in_days_ending_on_a_day_off_moves_to_the_next_working_day():
    """Civil Code 91/2015/QH13 art. 147-148: the clock starts the next day; a last day off moves."""
    # 10 days from 09/02/2026 end on 19/02, in Tết: the limit runs to Monday 23/02.
    assert workdays.deadline(d("2026-02-09"), 10, workdays.DAYS) == d("2026-02-23")
    assert workdays.deadline(d("2026-03-02"), 10, workdays.DAYS) == d("2026-03-12")
    assert workdays.deadline(d("2026-03-02"), 7, workdays.WORKING_DAYS) == d("2026-03-11")


def test_overdue_only_after_the_last_day():
    start = d("2026-03-02")
    assert not workdays.is_overdue(start, 10, workdays.DAYS, d("2026-03-12"))
    assert workdays.is_overdue(start, 10, workdays.DAYS, d("2026-03-13"))


def test_working_days_between_is_signed_and_zero_for_the_same_day():
    assert workdays.working_days_between(d("2026-03-02"), d("2026-03-02")) == 0
    assert workdays.working_days_between(d("2026-03-09"), d("2026-03-02")) == -5
    assert workdays.add_working_days(d("2026-03-02"), 0) == d("2026-03-02")
    with pytest.raises(ValueError):
        workdays.add_working_days(d("2026-03-02"), -1)
    with pytest.raises(ValueError):
        workdays.deadline(d("2026-03-02"), 1, "weeks")
