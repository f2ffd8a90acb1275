"""The Vietnamese lunisolar calendar (âm lịch), computed for the meridian of UTC+7.

Public API (pure functions over ``datetime.date``):

- :func:`solar_to_lunar` (``date -> LunarDate``) and :func:`lunar_to_solar`
  (``day, month, year, leap=False -> date``);
- :func:`tet` (``year -> date``): the first day of the lunar year that starts in ``year``.

Viet Nam's calendar follows the same rules as the Chinese one but on the meridian of Hà Nội
(UTC+7) since 01/01/1968, which is why Tết 1985 fell on 21/01/1985 in Viet Nam and on 20/02/1985
in China. Rules: a month starts on the day (UTC+7) of a new moon; the month holding the winter
solstice (sun at longitude 270°) is month 11; a year with 13 months between two months 11 has a
leap month, the first month holding no major solar term (sun at a multiple of 30°).

Astronomy: the mean new moon with the main periodic terms and the sun's apparent longitude
follow Jean Meeus, *Astronomical Algorithms* (2nd ed., 1998), ch. 25 and 49 (truncated series,
accurate to about a minute over 1900–2100, enough for day boundaries except in rare near-midnight
cases, which the tests pin for 2016–2035 against the published calendar).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

TIME_ZONE_HOURS = 7.0
_SYNODIC_MONTH = 29.530588853
_NEW_MOON_1900 = 2415021.076998695  # Julian day of the new moon of 1900-01-01 (k = 0)
_JDN_OFFSET = 1721425  # date.toordinal() + this = Julian day number
_RAD = math.pi / 180


@dataclass(frozen=True)
class LunarDate:
    day: int
    month: int
    year: int
    leap: bool = False


def _jdn(day: dt.date) -> int:
    return day.toordinal() + _JDN_OFFSET


def _date(jdn: int) -> dt.date:
    return dt.date.fromordinal(jdn - _JDN_OFFSET)


def _new_moon(k: int) -> float:
    """Julian day (UT) of the k-th new moon after that of 1900-01-01 (Meeus ch. 49, truncated)."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * _RAD)
    sun = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * _RAD
    moon = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * _RAD
    node = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * _RAD
    terms = (
        (0.1734 - 0.000393 * t) * math.sin(sun)
        + 0.0021 * math.sin(2 * sun)
        - 0.4068 * math.sin(moon)
        + 0.0161 * math.sin(2 * moon)
        - 0.0004 * math.sin(3 * moon)
        + 0.0104 * math.sin(2 * node)
        - 0.0051 * math.sin(sun + moon)
        - 0.0074 * math.sin(sun - moon)
        + 0.0004 * math.sin(2 * node + sun)
        - 0.0004 * math.sin(2 * node - sun)
        - 0.0006 * math.sin(2 * node + moon)
        + 0.0010 * math.sin(2 * node - moon)
        + 0.0005 * math.sin(2 * moon + sun)
    )
    # Dynamical time minus universal time, in days (polynomial fits either side of 1620).
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd + terms - delta_t


@lru_cache(maxsize=4096)
def _new_moon_day(k: int) -> int:
    """Julian day number of the local (UTC+7) day holding the k-th new moon."""
    return math.floor(_new_moon(k) + 0.5 + TIME_ZONE_HOURS / 24)


@lru_cache(maxsize=4096)
def _sun_sector(jdn: int) -> int:
    """Which 30° sector (0–11) the sun's apparent longitude is in at local midnight of ``jdn``."""
    t = (jdn - 2451545.5 - TIME_ZONE_HOURS / 24) / 36525
    t2 = t * t
    mean_anomaly = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * _RAD
    mean_longitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    centre = (
        (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(mean_anomaly)
        + (0.019993 - 0.000101 * t) * math.sin(2 * mean_anomaly)
        + 0.000290 * math.sin(3 * mean_anomaly)
    )
    longitude = (mean_longitude + centre) % 360
    return int(longitude // 30)


@lru_cache(maxsize=512)
def _month_11(year: int) -> int:
    """Julian day number of the first day of lunar month 11 ending in Gregorian ``year``."""
    k = math.floor((_jdn(dt.date(year, 12, 31)) - 2415021) / _SYNODIC_MONTH)
    start = _new_moon_day(k)
    if _sun_sector(start) >= 9:  # the solstice (270°) is already past: the month began earlier
        start = _new_moon_day(k - 1)
    return start


def _leap_offset(month_11: int) -> int:
    """Months after ``month_11`` to the first month without a major term (the leap month)."""
    k = math.floor((month_11 - _NEW_MOON_1900) / _SYNODIC_MONTH + 0.5)
    i = 1
    sector = _sun_sector(_new_moon_day(k + i))
    while True:
        last = sector
        i += 1
        sector = _sun_sector(_new_moon_day(k + i))
        if sector == last or i >= 14:
            return i - 1


def solar_to_lunar(day: dt.date) -> LunarDate:
    """The lunar date (UTC+7) of a Gregorian ``day``: ``solar_to_lunar(date(2026, 2, 17))`` is
    day 1 of month 1 of the lunar year 2026 (Tết Bính Ngọ)."""
    number = _jdn(day)
    k = math.floor((number - _NEW_MOON_1900) / _SYNODIC_MONTH)
    month_start = _new_moon_day(k + 1)
    if month_start > number:
        month_start = _new_moon_day(k)
    a11 = _month_11(day.year)
    b11 = a11
    if a11 >= month_start:
        lunar_year = day.year
        a11 = _month_11(day.year - 1)
    else:
        lunar_year = day.year + 1
        b11 = _month_11(day.year + 1)
    lunar_day = number - month_start + 1
    diff = (month_start - a11) // 29
    leap = False
    month = diff + 11
    if b11 - a11 > 365:
        leap_diff = _leap_offset(a11)
        if diff >= leap_diff:
            month = diff + 10
            leap = diff == leap_diff
    if month > 12:
        month -= 12
    if month >= 11 and diff < 4:
        lunar_year -= 1
    return LunarDate(lunar_day, month, lunar_year, leap)


def lunar_to_solar(day: int, month: int, year: int, leap: bool = False) -> dt.date:
    """The Gregorian date of a lunar date; ValueError for a leap month the year does not have."""
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError(f"no lunar date {day}/{month}/{year}")
    if month < 11:
        a11, b11 = _month_11(year - 1), _month_11(year)
    else:
        a11, b11 = _month_11(year), _month_11(year + 1)
    k = math.floor(0.5 + (a11 - _NEW_MOON_1900) / _SYNODIC_MONTH)
    offset = (month - 11) % 12
    if b11 - a11 > 365:
        leap_offset = _leap_offset(a11)
        leap_month = (leap_offset - 2) % 12
        if leap and month != leap_month:
            raise ValueError(f"lunar year {year} has no leap month {month}")
        if leap or offset >= leap_offset:
            offset += 1
    elif leap:
        raise ValueError(f"lunar year {year} has no leap month")
    start = _new_moon_day(k + offset)
    result = _date(start + day - 1)
    if day > 29 and solar_to_lunar(result).day != day:
        raise ValueError(f"lunar month {month}/{year} has 29 days")
    return result


def tet(year: int) -> dt.date:
    """Tết Nguyên đán: the first day of the first lunar month of the year starting in ``year``."""
    return lunar_to_solar(1, 1, year)


def last_day_of_lunar_year(year: int) -> dt.date:
    """The last day of the lunar year ending just before :func:`tet` of ``year`` (29 or 30 Chạp)."""
    return tet(year) - dt.timedelta(days=1)
