"""Dates: find temporal expressions and resolve them against the publication date.

News writing anchors time to the day of publication: in an article of Friday 2022-04-22,
"this Wednesday" is 2022-04-20, "yesterday" 2022-04-21, "last week" 2022-04-11/2022-04-17.
That relative logic is ours (dateparser reads "this Wednesday" as the coming one); dateparser
is only a cached fallback for spaCy DATE entities our grammar does not cover.

Values: a day is "YYYY-MM-DD"; anything wider is the range "start/end" of days (ISO 8601
interval), so a consumer can always parse both ends; `precision` says what the writer meant
(day | week | month | year). Weeks are ISO weeks, Monday to Sunday.

Candidates come from one precompiled regular expression over the text (it sees "This
Thursday", "two days ago", "from 3 to 5 April", which spaCy's NER cuts or misses) plus spaCy
DATE/TIME entities it did not cover. Durations ("two weeks") and vague spans ("the coming
days") are not points in time and are skipped; without a publication date only absolute
expressions are kept, since a relative one cannot be given a value.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from wartrace.analysis.registry import AnalysisContext, component
from wartrace.config import load_yaml
from wartrace.model import DateMention

# ---------------------------------------------------------------------------- vocabulary
# month and day names, number words, seasons and parts of a month or year, each list with its source
# (data/dates/english_words.yaml); dicts keep the file's order, which the expressions below are built in
_WORDS = {name: entry["values"] for name, entry in load_yaml("dates/english_words.yaml").items()}
MONTHS: dict[str, int] = dict(_WORDS["months"])
WEEKDAYS: dict[str, int] = dict(_WORDS["weekdays"])
NUMBER_WORDS: dict[str, int] = dict(_WORDS["number_words"])
# (first month, number of months)
SEASONS: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in _WORDS["seasons"].items()}
# "early/mid/late March" narrows a month to thirds (days); "early 2022" a year to thirds (months)
PART_DAYS: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in _WORDS["part_days"].items()}
PART_MONTHS: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in _WORDS["part_months"].items()}
# "Posted: May 24, 2005", "Last Updated: Jul 07, 2012": a page's own stamp, never an event's date
_STAMP = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(
    _WORDS["publication_stamps"], key=len, reverse=True)) + r")(?:\s+on)?\s*:?\s*$", re.I)

# Prepositions that introduce a date but are not part of it ("on Wednesday", "in March").
LEADING_PREPOSITIONS = re.compile(
    r"^(?:on|in|at|during|since|from|until|till|by|before|after|of|through|throughout|over|as of)\s+", re.I)


def is_stamp(text: str, start: int) -> bool:
    """Whether the date mention starting at `start` is a page's publication or edit stamp
    ("Posted: May 24, 2005"; data/dates/english_words.yaml publication_stamps)."""
    return bool(_STAMP.search(text[max(0, start - 40):start]))


# ---------------------------------------------------------------------------- intervals
@dataclass(frozen=True)
class Interval:
    start: date
    end: date
    precision: str

    def value(self) -> str:
        return self.start.isoformat() if self.start == self.end else f"{self.start.isoformat()}/{self.end.isoformat()}"


def _day(d: date) -> Interval:
    return Interval(d, d, "day")


def _month(y: int, m: int, part: str | None = None) -> Interval:
    last = calendar.monthrange(y, m)[1]
    lo, hi = PART_DAYS.get(part, (1, last)) if part else (1, last)
    return Interval(date(y, m, lo), date(y, m, min(hi, last)), "month")


def _year(y: int, part: str | None = None) -> Interval:
    lo, hi = PART_MONTHS.get(part, (1, 12)) if part else (1, 12)
    return Interval(date(y, lo, 1), date(y, hi, calendar.monthrange(y, hi)[1]), "year")


def _week(d: date) -> Interval:
    monday = d - timedelta(days=d.weekday())
    return Interval(monday, monday + timedelta(days=6), "week")


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _pick(candidates: list[Interval], pub: date, tense: str | None) -> Interval | None:
    """Choose among readings that differ by year (or week): news reports the past unless the
    verb says otherwise; with no tense cue, the reading nearest the publication date wins."""
    # Tolerances: a past-tense report may be dated a little after publication (time zones,
    # late filing); a future-tense line about a date just gone is rhetoric or a misparse
    # more often than a reference to next year.
    if tense == "past":
        past = [c for c in candidates if c.start <= pub + timedelta(days=7)]
        return max(past, key=lambda c: c.start) if past else None
    if tense == "future":
        future = [c for c in candidates if c.end >= pub - timedelta(days=30)]
        return min(future, key=lambda c: c.start) if future else None

    def distance(c: Interval) -> tuple[int, int]:
        gap = 0 if c.start <= pub <= c.end else min(abs((c.start - pub).days), abs((c.end - pub).days))
        return gap, 0 if c.start <= pub else 1  # ties go to the past

    return min(candidates, key=distance) if candidates else None


def bounds(value: str) -> tuple[date, date]:
    """(first day, last day) of a DateMention value."""
    a, _, b = value.partition("/")
    return date.fromisoformat(a), date.fromisoformat(b or a)


# ---------------------------------------------------------------------------- grammar
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WD = r"(?P<wd>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEARX = r"(?P<year>1[89]\d\d|20\d\d|last year|this year|next year|previous year)"
_NUM = r"(?P<num>\d+|" + "|".join(NUMBER_WORDS) + r")"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_PART = r"(?:(?:the\s+)?(?P<part>early|mid|late|earlier|later|beginning|start|middle|end)(?:\s+of)?[\s-]+)"

_SINGLE = [
    ("iso", r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)"),
    ("numeric", r"(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})[./](?P<y>\d{4})"),
    ("dmy", rf"(?:{_WD},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEARX})?"),
    ("mdy", rf"(?:{_WD},?\s+)?{_MON}\s+(?:the\s+)?{_DAY}(?:,?\s+{_YEARX})?"),
    ("month", rf"{_PART}?(?:(?P<rel>this past|this|last|next|past)\s+)?{_MON}(?:,?\s+(?:of\s+)?{_YEARX})?"),
    ("year", rf"{_PART}?(?P<y>1[89]\d\d|20\d\d)"),
    ("yearspan", r"(?P<y>1[89]\d\d|20\d\d)\s*[-–/]\s*(?P<y2>\d\d)"),
    ("century", r"(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]+)?(?P<n>1[0-9]|2[01])(?:st|nd|rd|th)[\s-]+century"),
    ("yearpart", r"(?:the\s+)?(?P<part>beginning|start|middle|end)\s+of\s+(?:the|this)\s+(?P<unit>year|month)"),
    ("decade", r"(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]+)?(?P<y>1[89]\d|20\d)0'?s"),
    ("dayword", r"(?P<w>the day before yesterday|the day after tomorrow|(?:earlier |later )?today|tonight"
                r"|yesterday|tomorrow|last night|overnight|this (?:morning|afternoon|evening))"
                r"(?:\s+(?:morning|afternoon|evening|night))?"),
    ("ago", rf"{_NUM}\s+{_UNIT}\s+(?:ago|earlier)"),
    ("pastn", rf"(?:the\s+)?(?:past|last|previous)\s+{_NUM}\s+{_UNIT}"),
    ("period", r"(?:(?P<part>earlier|later|early|late)\s+)?(?:in\s+)?(?:the\s+)?"
               r"(?P<rel>this past|this|last|next|past|previous|coming|current)\s+(?P<unit>week|month|year|weekend)"),
    ("weekend", r"(?:the\s+)?weekend"),
    ("season", r"(?:the\s+)?(?:(?P<rel>this past|this|last|next|past)\s+)?(?:(?P<part>early|late)\s+)?"
               r"(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<y>1[89]\d\d|20\d\d))?"),
    ("weekday", rf"(?:(?P<rel>this past|this|last|next|past|previous)\s+)?{_WD}"
                r"(?:\s+(?P<tod>morning|afternoon|evening|night))?"),
]
_SINGLE_RE = [(name, re.compile(pat + r"$", re.I)) for name, pat in _SINGLE]
_RANGE_INTRO = re.compile(r"^(?:(?P<intro>from|between)\s+)?(?P<rest>.+)$", re.I)
_RANGE_SEP = re.compile(r"\s*(?:-|–|—|\bto\b|\buntil\b|\btill\b|\bthrough\b|\band\b)\s*", re.I)


def _normalise(text: str) -> str:
    s = re.sub(r"\s+", " ", text.strip().lower().replace("’", "'"))
    s = s.strip(" ,.;:()\"'")
    s = LEADING_PREPOSITIONS.sub("", s)
    return s.replace("this past ", "past ")  # "this past Sunday": the one just gone


def _year_of(g: str | None, pub: date | None) -> int | None:
    if g is None:
        return None
    if g.isdigit():
        return int(g)
    if pub is None:
        return None
    return pub.year + {"last": -1, "previous": -1, "this": 0, "next": 1}[g.split()[0]]


def _parse_single(s: str, pub: date | None, tense: str | None) -> Interval | None:
    for name, rx in _SINGLE_RE:
        m = rx.match(s)
        if m:
            return _RULES[name](m.groupdict(), pub, tense)
    return None


def _r_iso(g, pub, tense):
    return _day(date(int(g["y"]), int(g["m"]), int(g["d"])))


def _r_numeric(g, pub, tense):
    a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
    # Dotted dates are European day.month; slashed ones are US month/day unless that cannot be.
    d, m = (a, b) if g["sep"] == "." or a > 12 else (b, a)
    return _day(date(y, m, d))


def _day_month(g, pub, tense):
    m, d = MONTHS[g["mon"].lower()], int(g["day"])
    y = _year_of(g.get("year"), pub)
    if y is not None:
        return _day(date(y, m, d))
    if pub is None:
        return None
    options = [_day(date(yy, m, d)) for yy in (pub.year - 1, pub.year, pub.year + 1)
               if d <= calendar.monthrange(yy, m)[1]]
    return _pick(options, pub, tense)


def _r_month(g, pub, tense):
    m, part = MONTHS[g["mon"].lower()], g.get("part")
    y = _year_of(g.get("year"), pub)
    if y is not None:
        return _month(y, m, part)
    if pub is None:
        return None
    rel = g.get("rel")
    if rel == "this":
        return _month(pub.year, m, part)
    options = [_month(yy, m, part) for yy in (pub.year - 1, pub.year, pub.year + 1)]
    if rel in ("last", "past"):
        return _pick([o for o in options if o.end < date(pub.year, pub.month, 1)], pub, "past")
    if rel == "next":
        return _pick([o for o in options if o.start > pub], pub, "future")
    return _pick(options, pub, tense)


def _r_year(g, pub, tense):
    return _year(int(g["y"]), g.get("part"))


def _r_yearspan(g, pub, tense):
    start = int(g["y"])
    end = start - start % 100 + int(g["y2"])
    return Interval(date(start, 1, 1), date(end, 12, 31), "year") if end > start else None


def _r_century(g, pub, tense):
    first = (int(g["n"]) - 1) * 100 + 1  # the 20th century: 1901-2000
    lo, hi = {"early": (0, 32), "mid": (33, 66), "late": (67, 99)}.get(g.get("part") or "", (0, 99))
    return Interval(date(first + lo, 1, 1), date(first + hi, 12, 31), "year")


def _r_yearpart(g, pub, tense):
    if pub is None:
        return None
    if g["unit"] == "year":
        return _year(pub.year, g["part"])
    return _month(pub.year, pub.month, g["part"])


def _r_decade(g, pub, tense):
    start = int(g["y"]) * 10
    lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(g.get("part") or "", (0, 9))
    return Interval(date(start + lo, 1, 1), date(start + hi, 12, 31), "year")


def _r_dayword(g, pub, tense):
    if pub is None:
        return None
    w = g["w"]
    if w == "overnight":  # the night before a morning report: both calendar days it spans
        return Interval(pub - timedelta(days=1), pub, "day")
    offset = (-2 if "before yesterday" in w else 2 if "after tomorrow" in w else
              -1 if w in ("yesterday", "last night") else 1 if w == "tomorrow" else 0)
    return _day(pub + timedelta(days=offset))


def _count(g) -> int:
    n = g["num"]
    return int(n) if n.isdigit() else NUMBER_WORDS[n]


def _shift(pub: date, unit: str, k: int) -> Interval:
    if unit == "day":
        return _day(pub + timedelta(days=k))
    if unit == "week":
        return _week(pub + timedelta(weeks=k))
    if unit == "month":
        return _month(*_add_months(pub.year, pub.month, k))
    return _year(pub.year + k)


def _r_ago(g, pub, tense):
    return None if pub is None else _shift(pub, g["unit"].lower(), -_count(g))


def _r_pastn(g, pub, tense):
    if pub is None:
        return None
    n, unit = _count(g), g["unit"].lower()  # "the past two weeks": the days up to publication
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
    return Interval(pub - timedelta(days=days), pub, unit)


def _weekend(pub: date, week_offset: int) -> Interval:
    saturday = pub - timedelta(days=pub.weekday()) + timedelta(days=5 + 7 * week_offset)
    return Interval(saturday, saturday + timedelta(days=1), "day")


def _r_period(g, pub, tense):
    if pub is None:
        return None
    rel, unit, part = g["rel"], g["unit"].lower(), g.get("part")
    if rel == "past" and unit in ("week", "month", "year"):  # "the past week": the days up to publication
        back = {"week": timedelta(days=6), "month": timedelta(days=30), "year": timedelta(days=365)}[unit]
        return Interval(pub - back, pub, unit)
    k = {"this": 0, "current": 0, "coming": 1, "next": 1, "last": -1, "previous": -1, "past": -1}[rel]
    if unit == "weekend":
        if rel == "this" and pub.weekday() == 6:
            k = 0
        return _weekend(pub, k)
    iv = _shift(pub, unit, k)
    if part in ("earlier", "later") and k == 0:  # "earlier this week": from its start to the day before
        return (Interval(iv.start, max(iv.start, pub - timedelta(days=1)), unit) if part == "earlier"
                else Interval(min(iv.end, pub + timedelta(days=1)), iv.end, unit))
    if part in ("early", "late", "earlier", "later"):
        if unit == "month":
            return _month(iv.start.year, iv.start.month, "early" if part in ("early", "earlier") else "late")
        if unit == "year":
            return _year(iv.start.year, "early" if part in ("early", "earlier") else "late")
    return iv


def _r_weekend(g, pub, tense):
    if pub is None:
        return None
    options = [_weekend(pub, k) for k in (-1, 0, 1)]
    if tense != "future":  # news default: the weekend just gone (or under way)
        return max((o for o in options if o.start <= pub), key=lambda o: o.start)
    return min((o for o in options if o.end >= pub), key=lambda o: o.start)


def _season(y: int, name: str, part: str | None) -> Interval:
    first, n = SEASONS[name]
    months = [_add_months(y, first, i) for i in range(n)]
    if part == "early":
        months = months[:1]
    elif part == "late":
        months = months[-1:]
    (y0, m0), (y1, m1) = months[0], months[-1]
    return Interval(date(y0, m0, 1), date(y1, m1, calendar.monthrange(y1, m1)[1]), "month")


def _r_season(g, pub, tense):
    name, part, rel = g["season"].lower(), g.get("part"), g.get("rel")
    if g.get("y"):
        return _season(int(g["y"]), name, part)
    if pub is None or rel is None:
        return None  # a bare "winter" names no particular one
    options = [_season(y, name, part) for y in range(pub.year - 2, pub.year + 2)]
    if rel == "this":
        current = [o for o in options if o.start <= pub <= o.end]
        return current[0] if current else _pick(options, pub, tense)
    if rel in ("last", "past"):
        return max((o for o in options if o.end < pub), key=lambda o: o.start)
    return min((o for o in options if o.start > pub), key=lambda o: o.start)


def _r_weekday(g, pub, tense):
    if pub is None:
        return None
    wd, rel = WEEKDAYS[g["wd"].lower()], g.get("rel")
    delta = wd - pub.weekday()
    if rel == "this":  # the named day of the publication's own week
        return _day(pub + timedelta(days=delta))
    if rel in ("last", "past", "previous"):
        return _day(pub - timedelta(days=(pub.weekday() - wd) % 7 or 7))
    if rel == "next":
        return _day(pub + timedelta(days=delta % 7 or 7))
    ahead, back = delta % 7, (pub.weekday() - wd) % 7
    if tense == "future" or (tense == "near" and 0 < ahead < back):
        return _day(pub + timedelta(days=ahead))
    return _day(pub - timedelta(days=back))  # news convention: the latest such day


_RULES = {
    "iso": _r_iso, "numeric": _r_numeric, "dmy": _day_month, "mdy": _day_month, "month": _r_month,
    "year": _r_year, "yearspan": _r_yearspan, "century": _r_century, "yearpart": _r_yearpart,
    "decade": _r_decade, "dayword": _r_dayword, "ago": _r_ago, "pastn": _r_pastn,
    "period": _r_period, "weekend": _r_weekend, "season": _r_season, "weekday": _r_weekday,
}


def _parse_range(s: str, pub: date | None, tense: str | None) -> Interval | None:
    intro, rest = _RANGE_INTRO.match(s).group("intro", "rest")
    for sep in _RANGE_SEP.finditer(rest):  # try every split: "mid-April to May" splits at "to"
        if sep.start() == 0 or sep.end() == len(rest):
            continue
        if sep.group().strip().lower() == "and" and intro != "between":
            continue  # "Monday and Tuesday" names two days, not a span
        iv = _split_range(rest[:sep.start()], rest[sep.end():], pub, tense)
        if iv is not None:
            return iv
    return None


def _split_range(left: str, right: str, pub: date | None, tense: str | None) -> Interval | None:
    r = _parse_single(right, pub, tense)
    if r is None:
        # "April 3-5": the right side is a bare day that takes the left side's month
        lm = re.match(rf"^(?P<prefix>.*?{_MON}\s+)(?:the\s+)?{_DAY}$", left, re.I)
        dm = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?", right)
        if not (lm and dm):
            return None
        r = _parse_single(f"{lm['prefix']}{dm[1]} {dm[2] or ''}".strip(), pub, tense)
        if r is None:
            return None
    # Give the left side what it leaves out: "3 to 5 April", "March to May 2021".
    tail = ""
    if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", left):
        tail = f" {calendar.month_name[r.start.month]} {r.start.year}"
    elif re.search(r"\b(?:1[89]|20)\d\d\b", left) is None and re.search(r"\b(?:1[89]|20)\d\d\b", right):
        tail = f" {r.start.year}"
    lv = _parse_single(left + tail, pub, tense)
    if lv is not None and lv.start > r.start and tail == f" {r.start.year}":  # "December to February 2022"
        lv = _parse_single(f"{left} {r.start.year - 1}", pub, tense)
    if lv is None or lv.start > r.end:
        return None
    order = ["day", "week", "month", "year"]
    precision = order[max(order.index(lv.precision), order.index(r.precision))]
    return Interval(lv.start, r.end, precision)


def _resolve(text: str, pub: date | None, tense: str | None = None) -> Interval | None:
    s = _normalise(text)
    if not s:
        return None
    try:
        return _parse_single(s, pub, tense) or _parse_range(s, pub, tense)
    except ValueError:  # an impossible date such as "31 April"
        return None


def as_date(published) -> date | None:
    """A publication date or ISO value ("2022-04-22", "2022-04-22T10:00Z", a date) as its day; None when
    there is none or it is no date."""
    if published is None or isinstance(published, date):
        return published
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def resolve_date(text: str, published=None, tense: str | None = None) -> tuple[str, str] | None:
    """Resolve one temporal expression to (value, precision), or None when it names no time.

    `published` is the anchor (ISO string or date); `tense` ("past" | "future" | "near" | None) is the
    tense of the clause, used where a reading is ambiguous ("on Friday", "in May").
    """
    pub = as_date(published)
    iv = _resolve(text, pub, tense) or _dateparser_fallback(text, pub)
    return (iv.value(), iv.precision) if iv else None


# ---------------------------------------------------------------------------- dateparser fallback
_HAS_NAME = re.compile(r"\b(?:" + "|".join(list(MONTHS) + list(WEEKDAYS)) + r")\b", re.I)


def _dateparser_fallback(text: str, pub: date | None) -> Interval | None:
    # Only for expressions naming a month or a weekday, with an anchor: dateparser reads vague
    # phrases ("the coming days") as today, numbers as dates ("the 67th day"; "2019-20" as
    # 20 March 2019), and without an anchor it anchors on the clock.
    if pub is None or not _HAS_NAME.search(text):
        return None
    return _dateparser_cached(_normalise(text), pub)


@lru_cache(maxsize=4096)
def _dateparser_cached(text: str, pub: date | None) -> Interval | None:
    from datetime import datetime

    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return _year(d.year)
    if period == "month":
        return _month(d.year, d.month)
    if period == "week":
        return _week(d)
    return _day(d)


# ---------------------------------------------------------------------------- finding spans
def _finder() -> re.Pattern:
    """One regular expression for the expressions spaCy misses or cuts short. Month names
    must be capitalised here ("may", "march" are also verbs); a month standing alone needs
    an introducing word; a bare number is a year only after one."""
    mon = r"(?-i:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?" \
          r"|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)(?![\w])"
    wd = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w])"
    year = r"(?:1[89]\d\d|20\d\d)(?!\d)"
    yearx = rf"(?:{year}|(?:last|this|next) year)"
    num = r"(?:\d+|" + "|".join(NUMBER_WORDS) + r")"
    part = r"(?:(?:the\s+)?(?:early|mid|late|beginning|start|middle|end)(?:\s+of)?[\s-]+)"
    dmy = rf"(?:{wd},?\s+)?(?:the\s+)?{day}\s+(?:of\s+)?{mon}(?:,?\s+{yearx})?"
    mdy = rf"(?:{wd},?\s+)?{mon}\s+(?:the\s+)?{day}(?:,?\s+{yearx})?"
    month_year = rf"{part}?{mon},?\s+(?:of\s+)?{yearx}"
    month_ctx = (rf"(?:(?:in|since|until|till|by|during|before|after|through|throughout|from|of|this past|this|last|next)"
                 rf"\s+{part}?|{part}){mon}(?!\s+\d{{1,2}}(?!\d))(?:,?\s+(?:of\s+)?{yearx})?")
    weekday = rf"(?:(?:this past|this|last|next|past|previous)\s+)?{wd}(?:\s+(?:morning|afternoon|evening|night))?"
    point = rf"(?:{dmy}|{mdy}|{month_year}|{mon}|{year}|{weekday})"
    alternatives = [
        rf"(?:from|between)\s+{point}\s*(?:to|until|till|through|and|-|–)\s*{point}",
        rf"(?:from\s+|between\s+)?{day}\s*(?:-|–|to|until|till|through|and)\s*{day}\s+(?:of\s+)?{mon}(?:,?\s+{yearx})?",
        rf"(?:from\s+|between\s+)?{mon}\s+{day}\s*(?:-|–|to|until|through)\s*{day}(?:,?\s+{yearx})?",
        rf"(?:{dmy}|{mdy}|{month_year}|{mon})\s*(?:-|–|\bto\b|\buntil\b|\bthrough\b)\s*(?:{dmy}|{mdy}|{month_year}|{mon})",
        r"\d{4}-\d\d-\d\d(?!\d)",
        r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{4}(?!\d)",
        dmy, mdy, month_year, month_ctx,
        rf"(?:in|since|until|by|during|before|after|from|of)\s+{part}?{year}",
        rf"{part}{year}",
        r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:1[89]|20)\d0'?s\b",
        r"(?:1[89]\d\d|20\d\d)\s*[-–/]\s*(?:1[89]|20)?\d\d(?!\d)",
        r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:1[0-9]|2[01])(?:st|nd|rd|th)[\s-]+century",
        r"(?:the\s+)?(?:beginning|start|middle|end)\s+of\s+(?:the|this)\s+(?:year|month)",
        r"the day before yesterday|the day after tomorrow",
        r"(?:earlier |later )?today|tonight|yesterday(?:\s+(?:morning|afternoon|evening))?"
        r"|tomorrow(?:\s+(?:morning|afternoon|evening|night))?|last night|overnight|this (?:morning|afternoon|evening)",
        rf"{num}\s+(?:day|week|month|year)s?\s+ago",
        rf"(?:the\s+)?(?:past|last|previous)\s+{num}\s+(?:day|week|month|year)s",
        r"(?:(?:earlier|later|early|late)\s+)?(?:in\s+)?(?:the\s+)?(?:this past|this|last|next|past|previous|coming|current)"
        r"\s+(?:week|month|year|weekend)",
        r"(?:over|this past|this|last|next)\s+(?:the\s+)?weekend",
        rf"(?:(?:this past|this|last|next|past)\s+)(?:(?:early|late)\s+)?(?:spring|summer|autumn|fall|winter)"
        rf"|(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?{year}",
        weekday,
    ]
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{a})" for a in alternatives) + r")(?![\w-])", re.I)


_FINDER_RE: re.Pattern | None = None


def finder() -> re.Pattern:
    global _FINDER_RE
    if _FINDER_RE is None:
        _FINDER_RE = _finder()
    return _FINDER_RE


_FUTURE_HEADS = {"plan", "expect", "schedule", "intend", "due", "set", "hope", "aim", "prepare", "want", "go"}


def clause_tense(doc, start: int, end: int) -> str | None:
    """Tense of the clause a date span sits in: "future" (will, plans to, is scheduled),
    "near" (would: future seen from a past speech act; the nearer reading wins), "past"
    (past-tense or perfect verb), or None."""
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    for t in (tok, tok.head):
        for c in t.children:
            if c.lower_ in ("will", "shall", "'ll", "wo") or (c.dep_ == "aux" and c.lower_ == "going"):
                return "future"
            if c.lower_ in ("would", "'d") and c.dep_ == "aux":
                return "near"  # future in the past ("said it would respond on Friday"): the nearer reading
        if t is not tok and t.lemma_ in _FUTURE_HEADS and tok.dep_ == "xcomp":
            return "future"
    if tok.lemma_ in _FUTURE_HEADS and any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "be" for c in tok.children) \
            and tok.tag_ == "VBN":
        return "future"
    if tok.tag_ == "VBD" or any(c.tag_ == "VBD" and c.dep_ in ("aux", "auxpass") for c in tok.children):
        return "past"
    if tok.tag_ == "VBN" and any(c.lemma_ == "have" for c in tok.children):
        return "past"
    return None


_TENSE_SENSITIVE = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + "|" + "|".join(MONTHS) + r"|weekend)\b", re.I)


_RANGE_PHRASE = re.compile(r"(?:from|between)\s.*?(?:\b(?:to|until|till|through|and)\b|[-–])", re.I)


def find_dates(text: str, published=None, doc=None) -> list[DateMention]:
    """Every resolvable temporal expression in `text`, as exact spans, in text order."""
    pub = as_date(published)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        raw = text[start:end]
        m = LEADING_PREPOSITIONS.match(raw)
        if m and not _RANGE_PHRASE.match(raw):  # "from 3 to 5 April" keeps its "from"
            start += m.end()
        while end > start and text[end - 1] in " ,.;:":
            end -= 1
        if any(s < end and start < e for s, e in taken):
            return
        phrase = text[start:end]
        tense = clause_tense(doc, start, end) if _TENSE_SENSITIVE.search(phrase) else None
        iv = _resolve(phrase, pub, tense)
        if iv is None and doc is not None:
            iv = _dateparser_fallback(phrase, pub)
        if iv is None:
            return
        taken.append((start, end))
        found.append(DateMention(text=phrase, start=start, end=end, value=iv.value(), precision=iv.precision))

    for m in finder().finditer(text):
        add(m.start(), m.end())
    if doc is not None:
        for ent in doc.ents:
            if ent.label_ in ("DATE", "TIME"):
                add(ent.start_char, ent.end_char)
    found.sort(key=lambda d: d.start)
    return found


@component("dates", assigns=("dates",))
def dates_component(resources, config):
    finder()  # compile once per process, before the first document

    def run(ctx: AnalysisContext) -> None:
        ctx.analysis.dates = find_dates(ctx.document.text, ctx.document.published, ctx.doc)

    return run
