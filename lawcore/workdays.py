"""Working days and legal clocks in Viet Nam: public holidays, weekends, time limits.

Public API (pure, ``datetime.date`` in and out), for the opinion clocks of the evaluation app:

- ``is_working_day(day: date) -> bool``
- ``add_working_days(start: date, n: int) -> date``: the n-th working day after ``start``
- ``working_days_between(start: date, end: date) -> int``: working days in (start, end]
- ``deadline(start: date, n: int, unit: str) -> date``: the last day of a legal time limit of
  ``n`` :data:`DAYS` or :data:`WORKING_DAYS` counted from ``start`` (the day the complete dossier
  was received)
- ``is_overdue(start, n, unit, today) -> bool``
- ``holidays(year: int) -> list[Holiday]``: the days off of a year beyond the weekly ones

The rules:

- Weekly days off of State bodies: Saturday and Sunday (Decision 188/1999/QĐ-TTg, the 40-hour
  week of cán bộ, công chức).
- Public holidays: Labour Code No. 45/2019/QH14, art. 112(1): Tết Dương lịch (01/01), Tết Âm lịch
  (5 days), Victory Day (30/4), International Labour Day (01/5), National Day (02/9 and one
  adjacent day), Hùng Kings' Commemoration (10/3 lunar). Lunar dates from :mod:`lawcore.lunar`.
- A holiday on a weekly day off gives a compensatory day off on the next working day
  (art. 111(3); the brief that asked for this module cited art. 112(3), which is instead the
  Prime Minister's power to fix the Tết and National Day days).
- The Prime Minister fixes each year which days Tết and the adjacent National Day are (art.
  112(3)) and often swaps a working day for a Saturday: :data:`SCHEDULES` holds the years whose
  decision we read, with its source. Other years use :func:`default_tet_days` and
  :func:`default_national_day_extra`, marked ``is_default`` on the holidays they produce.
- Counting: a time limit in days starts on the day after the event (Civil Code No. 91/2015/QH13,
  art. 147(2)-(3)) and, if its last day is a weekly day off or a holiday, ends at the end of the
  next working day (art. 148(5)). A limit in working days counts working days only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from lawcore import lunar

DAYS = "days"
WORKING_DAYS = "working_days"
UNITS = (DAYS, WORKING_DAYS)

_SATURDAY, _SUNDAY = 5, 6
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Holiday:
    """A day off beyond the weekly ones; ``name`` is a stable code, ``name_vi`` for display."""

    on: dt.date
    name: str  # new_year, tet, hung_kings, victory, labour, national_day, compensatory, swap
    name_vi: str
    source: str
    is_default: bool = False  # True where no Prime Minister's schedule for the year was read


@dataclass(frozen=True)
class YearSchedule:
    """The Prime Minister's decision for one year (Labour Code 45/2019/QH14, art. 112(3)).

    ``tet`` and ``national_day_extra`` replace the defaults when given; ``days_off`` are working
    days swapped into days off and ``make_up_days`` the weekend days worked in exchange.
    """

    source: str
    tet: tuple[dt.date, ...] = ()
    national_day_extra: dt.date | None = None
    days_off: tuple[dt.date, ...] = ()
    make_up_days: tuple[dt.date, ...] = ()


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


SCHEDULES: dict[int, YearSchedule] = {
    2026: YearSchedule(
        source=(
            "Văn bản 12729/VPCP-KGVX ngày 25/12/2025 (Tết Dương lịch: nghỉ 01–04/01/2026, làm bù "
            "thứ Bảy 10/01/2026); phương án nghỉ Tết Âm lịch Bính Ngọ của Bộ Nội vụ được Thủ "
            "tướng đồng ý: nghỉ từ thứ Bảy 14/02/2026 (27 tháng Chạp) đến hết Chủ nhật 22/02/2026 "
            "(mùng 6 tháng Giêng), as reported by congan.com.vn (id 388656) and baomoi.net.vn"
        ),
        tet=tuple(_d(f"2026-02-{day}") for day in (16, 17, 18, 19, 20)),
        days_off=(_d("2026-01-02"),),
        make_up_days=(_d("2026-01-10"),),
    ),
}
"""Years whose Prime Minister's holiday schedule is known, with its source (extend each year)."""


def default_tet_days(year: int) -> tuple[dt.date, ...]:
    """Five Tết days when no schedule is known: the last day of the old year and days 1–4.

    An assumption, not a rule of law: the Labour Code fixes the number (5) and leaves the days to
    the Prime Minister; recent schedules kept one day before Tết and four after, or the reverse.
    """
    first = lunar.tet(year)
    return tuple(first + dt.timedelta(days=offset) for offset in range(-1, 4))


def default_national_day_extra(year: int) -> dt.date:
    """The day adjacent to 02/09 when no schedule is known (an assumption, flagged ``is_default``).

    The day before when 02/09 is a Tuesday, Friday or Saturday (it joins the weekend), else the
    day after (Monday, Wednesday, Thursday, Sunday).
    """
    national_day = dt.date(year, 9, 2)
    before = national_day.weekday() in {1, 4, _SATURDAY}
    return national_day - _ONE_DAY if before else national_day + _ONE_DAY


_LABOUR_CODE = "Bộ luật Lao động 45/2019/QH14, Điều 112 khoản 1"
_COMPENSATION = "Bộ luật Lao động 45/2019/QH14, Điều 111 khoản 3 (nghỉ bù)"


def _statutory(year: int) -> list[Holiday]:
    schedule = SCHEDULES.get(year)
    tet_days = schedule.tet if schedule and schedule.tet else default_tet_days(year)
    tet_default = not (schedule and schedule.tet)
    extra = schedule.national_day_extra if schedule else None
    days = [
        Holiday(dt.date(year, 1, 1), "new_year", "Tết Dương lịch", _LABOUR_CODE),
        *(Holiday(day, "tet", "Tết Âm lịch", _LABOUR_CODE, tet_default) for day in tet_days),
        Holiday(lunar.lunar_to_solar(10, 3, year), "hung_kings", "Giỗ Tổ Hùng Vương", _LABOUR_CODE),
        Holiday(dt.date(year, 4, 30), "victory", "Ngày Chiến thắng", _LABOUR_CODE),
        Holiday(dt.date(year, 5, 1), "labour", "Ngày Quốc tế lao động", _LABOUR_CODE),
        Holiday(dt.date(year, 9, 2), "national_day", "Quốc khánh", _LABOUR_CODE),
        Holiday(
            extra or default_national_day_extra(year),
            "national_day",
            "Quốc khánh",
            _LABOUR_CODE,
            extra is None,
        ),
    ]
    return sorted(days, key=lambda h: h.on)


@lru_cache(maxsize=256)
def _year(year: int) -> tuple[tuple[Holiday, ...], frozenset[dt.date]]:
    statutory = _statutory(year)
    taken = {h.on for h in statutory}
    schedule = SCHEDULES.get(year)
    compensatory: list[Holiday] = []
    for holiday in statutory:
        if holiday.on.weekday() < _SATURDAY:
            continue
        if holiday.name == "tet" and not holiday.is_default:
            continue  # the Prime Minister's Tết days are working days already chosen
        day = holiday.on + _ONE_DAY
        while day.weekday() >= _SATURDAY or day in taken:
            day += _ONE_DAY
        taken.add(day)
        compensatory.append(
            Holiday(day, "compensatory", f"Nghỉ bù {holiday.name_vi}", _COMPENSATION)
        )
    swaps = [
        Holiday(day, "swap", "Nghỉ hoán đổi", schedule.source)
        for day in (schedule.days_off if schedule else ())
    ]
    make_up = frozenset(schedule.make_up_days) if schedule else frozenset()
    days = sorted([*statutory, *compensatory, *swaps], key=lambda h: h.on)
    return tuple(days), make_up


def holidays(year: int) -> list[Holiday]:
    """Days off in ``year`` beyond Saturdays and Sundays (holidays on a weekend included)."""
    return list(_year(year)[0])


def is_working_day(day: dt.date) -> bool:
    """Whether State bodies work on ``day`` (Monday–Friday, no holiday, or a make-up Saturday)."""
    days, make_up = _year(day.year)
    if day in make_up:
        return True
    if day.weekday() >= _SATURDAY:
        return False
    return all(h.on != day for h in days)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (``start`` itself is not counted); n ≥ 0.

    ``add_working_days(date(2026, 2, 9), 10)`` is 02/03/2026: four working days before Tết
    (10–13/02), none from 14 to 22/02, six after.
    """
    if n < 0:
        raise ValueError("n must be 0 or more")
    day = start
    while n:
        day += _ONE_DAY
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative if ``end`` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += _ONE_DAY
        count += is_working_day(day)
    return count


def deadline(start: dt.date, n: int, unit: str) -> dt.date:
    """Last day of a time limit of ``n`` days or working days counted from ``start``.

    Days: ``start + n``, moved to the next working day when it is a day off (Civil Code,
    art. 147–148). Working days: :func:`add_working_days`.
    """
    if unit == WORKING_DAYS:
        return add_working_days(start, n)
    if unit != DAYS:
        raise ValueError(f"unknown unit {unit!r}")
    day = start + dt.timedelta(days=n)
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def is_overdue(start: dt.date, n: int, unit: str, today: dt.date) -> bool:
    """Whether a limit counted from ``start`` has run out on ``today`` (the last day is in time)."""
    return today > deadline(start, n, unit)
