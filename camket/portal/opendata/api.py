"""The open data API, ``/api/v1/`` (django-ninja): public commitments, anonymous, read-only.

``GET /api/v1/commitments`` (filters, pages, ETag) and ``GET /api/v1/commitments/{code}``;
the OpenAPI document is ``/api/v1/openapi.json``. Every answer is built by ``records`` through
``camket.portal.visibility``; requests are limited per client address
(``CAMKET_API_RATE_LIMIT`` a minute: 429 with Retry-After beyond). Decision 0018.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from typing import Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import Throttled, ValidationError
from ninja.throttling import BaseThrottle

from camket.portal import visibility
from camket.portal.opendata import cache, records
from camket.portal.opendata.ratelimit import over_limit
from camket.querystring import MAX_PAGE
from camket.registry.models import Commitment
from camket.search import search
from camket.security import client_ip

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


def _enum_help(name: str, values) -> str:
    table = records.Labels.of(name)
    return "; ".join(f"{v} = {' / '.join(table.get(v, (v, v)))}" for v in values)


KINDS = tuple(Commitment.Kind.values)
STATUSES = tuple(sorted(visibility.PUBLIC_STATUSES))
Kind = Literal[KINDS]  # type: ignore[valid-type]
StatusValue = Literal[STATUSES]  # type: ignore[valid-type]


class AddressThrottle(BaseThrottle):
    """``CAMKET_API_RATE_LIMIT`` requests a minute per client address (``ratelimit``)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        limit = settings.CAMKET_API_RATE_LIMIT
        self._local.wait = over_limit("api", client_ip(request), limit, 60)
        return self._local.wait is None

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


api = NinjaAPI(
    title="CamKet — Dữ liệu mở / Open data",
    version="1.0",
    description=(
        "Các cam kết quốc tế đã công bố của Việt Nam (điều ước quốc tế, thỏa thuận quốc tế, "
        "tuyên bố của lãnh đạo cấp cao): chỉ đọc, không cần đăng nhập, giới hạn số yêu cầu "
        "mỗi phút cho mỗi địa chỉ. / Viet Nam's published international commitments "
        "(treaties, international agreements, leaders' statements): read-only, anonymous, "
        "a limited number of requests a minute per address. Each stored value comes with its "
        "Vietnamese and English label (`value`, `label_vi`, `label_en`)."
    ),
    urls_namespace="opendata:api-1",
    docs_url=None,
    throttle=AddressThrottle(),
)


@api.exception_handler(Throttled)
def too_many(request, exc: Throttled) -> HttpResponse:
    seconds = int(exc.wait or 60)
    message = _("Too many requests from your address. Try again in %(seconds)s seconds.") % {
        "seconds": seconds
    }
    response = api.create_response(request, {"detail": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response


@api.exception_handler(ValidationError)
def refused(request, exc: ValidationError) -> HttpResponse:
    """422 naming each parameter that is wrong, in the reader's language."""
    details = []
    for error in exc.errors:
        name = str(error.get("loc", ["", "?"])[-1])
        message = _("Parameter “%(name)s” has a value this API does not accept.") % {"name": name}
        details.append({"parameter": name, "message": message})
    return api.create_response(request, {"detail": details}, status=422)


########## Schemas ##########


class Label(Schema):
    value: str = Field(description="Giá trị lưu trữ / Stored value")
    label_vi: str = Field(description="Nhãn tiếng Việt / Vietnamese label")
    label_en: str = Field(description="Nhãn tiếng Anh / English label")


class PartnerOut(Schema):
    code: str = Field(
        description="Mã ISO 3166-1 alpha-3 hoặc mã tổ chức / ISO code or organisation"
    )
    name_vi: str = Field(description="Tên tiếng Việt / Vietnamese name")
    name_en: str = Field(description="Tên tiếng Anh / English name")
    kind: Label = Field(description="Quốc gia hay tổ chức quốc tế / Country or organisation")


class SectorOut(Schema):
    code: str = Field(description="Mã lĩnh vực / Sector code")
    name_vi: str = Field(description="Tên tiếng Việt / Vietnamese name")
    name_en: str = Field(description="Tên tiếng Anh / English name")


class AgencyOut(Schema):
    name_vi: str = Field(description="Tên cơ quan chủ trì / Lead agency, Vietnamese")
    name_en: str = Field(description="Tên tiếng Anh / Lead agency, English")


class SourceOut(Schema):
    url: str = Field(description="Địa chỉ (http/https) / Address (http/https)")
    title: str = Field(description="Tên nguồn, có thể trống / Title of the source, may be empty")


class CommitmentOut(Schema):
    code: str = Field(description="Mã ổn định của cam kết / Stable code of the commitment")
    url: str = Field(description="Trang công khai / Public page")
    kind: Label = Field(description="Loại cam kết / Kind: " + _enum_help("kind", KINDS))
    level: Label = Field(description="Ký kết nhân danh / Concluded in the name of")
    scope: Label = Field(description="Song phương, khu vực, đa phương / Scope")
    status: Label = Field(description="Tình trạng / Status: " + _enum_help("status", STATUSES))
    title_vi: str = Field(description="Tên tiếng Việt / Vietnamese title")
    title_en: str = Field(description="Tên tiếng Anh / English title")
    short_name: str = Field(description="Tên viết tắt / Short name")
    summary_vi: str = Field(description="Tóm tắt dễ hiểu, tiếng Việt / Plain summary, Vietnamese")
    summary_en: str = Field(description="Tóm tắt dễ hiểu, tiếng Anh / Plain summary, English")
    affected_groups: list[Label] = Field(description="Đối tượng chịu tác động / Affected groups")
    partners: list[PartnerOut] = Field(description="Đối tác / Partners")
    sectors: list[SectorOut] = Field(description="Lĩnh vực / Sectors")
    lead_agency: AgencyOut = Field(description="Cơ quan chủ trì / Lead agency")
    signed_on: dt.date | None = Field(description="Ngày ký / Date of signature")
    in_force_on: dt.date | None = Field(description="Ngày có hiệu lực / Entry into force")
    source_links: list[SourceOut] = Field(description="Nguồn công khai / Public sources")
    updated_at: dt.datetime = Field(description="Thay đổi gần nhất / Last change")


class CommitmentPage(Schema):
    count: int = Field(description="Tổng số kết quả / Number of results")
    page: int = Field(description="Trang hiện tại / This page")
    page_size: int = Field(description="Số mục mỗi trang / Items per page")
    pages: int = Field(description="Tổng số trang / Number of pages")
    results: list[CommitmentOut]


class EventOut(Schema):
    kind: Label = Field(description="Sự kiện / Event")
    on: dt.date = Field(description="Ngày / Date")
    place: str = Field(description="Địa điểm / Place")
    instrument: str = Field(description="Văn kiện / Instrument")


class RelationOut(Schema):
    relation_vi: str = Field(description="Quan hệ, tiếng Việt / Relation, Vietnamese")
    relation_en: str = Field(description="Quan hệ, tiếng Anh / Relation, English")
    direction: Literal["outgoing", "incoming"] = Field(
        description="outgoing = cam kết này <quan hệ> cam kết kia / this <relation> other; "
        "incoming = cam kết kia <quan hệ> cam kết này / other <relation> this"
    )
    code: str = Field(description="Mã cam kết liên quan / Code of the other commitment")
    title_vi: str
    title_en: str
    url: str


class ProvisionOut(Schema):
    level: Label = Field(description="Cấp (chương, điều, khoản…) / Level")
    number: str
    heading: str
    text: str
    language: str = Field(description="Ngôn ngữ của văn bản / Language of the text")


class ObligationOut(Schema):
    text: str = Field(description="Nghĩa vụ liên quan đến doanh nghiệp / Obligation for businesses")
    provision: str = Field(description="Điều khoản / Provision")
    modality: Label = Field(description="Tính chất nghĩa vụ / Modality")
    due_on: dt.date | None = Field(description="Thời hạn / Due date")
    due_text: str = Field(description="Thời hạn như văn bản ghi / Time limit as written")
    sectors: list[SectorOut]


class LawOut(Schema):
    number: str = Field(description="Số, ký hiệu / Number, e.g. 45/2019/QH14")
    type: Label = Field(description="Loại văn bản / Type of document")
    title: str
    issuer: str
    issued_on: dt.date | None
    effective_on: dt.date | None


class CommitmentDetailOut(CommitmentOut):
    events: list[EventOut] = Field(description="Các mốc / Dated events")
    relations: list[RelationOut] = Field(description="Cam kết công khai liên quan / Relations")
    provisions: list[ProvisionOut] = Field(description="Điều khoản / Provisions")
    obligations: list[ObligationOut] = Field(
        description="Nghĩa vụ liên quan đến doanh nghiệp / Obligations that concern businesses"
    )
    implementing_laws: list[LawOut] = Field(
        description="Văn bản pháp luật trong nước thực hiện / Implementing domestic law"
    )


class Message(Schema):
    detail: str


class ParameterError(Schema):
    parameter: str = Field(description="Tham số sai / The parameter that is wrong")
    message: str = Field(description="Giải thích / Explanation")


class Refused(Schema):
    detail: list[ParameterError]


class Filters(Schema):
    kind: Kind | None = Field(None, description="Loại / Kind: " + _enum_help("kind", KINDS))
    status: StatusValue | None = Field(
        None, description="Tình trạng / Status: " + _enum_help("status", STATUSES)
    )
    partner: str | None = Field(
        None, max_length=40, description="Mã đối tác, ví dụ / Partner code, e.g. KOR, EU"
    )
    sector: str | None = Field(None, max_length=40, description="Mã lĩnh vực / Sector code")
    year: int | None = Field(None, ge=1, le=9999, description="Năm ký / Year of signature")
    q: str | None = Field(
        None,
        max_length=200,
        description="Tìm kiếm, có hoặc không dấu / Search, with or without diacritics",
    )
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Trang / Page")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Số mục mỗi trang / Page size"
    )


########## Operations ##########


def filtered(f: Filters):
    rows = records.listed()
    if f.kind:
        rows = rows.filter(kind=f.kind)
    if f.status:
        rows = rows.filter(status=f.status)
    if f.partner:
        rows = visibility.with_partner(rows, f.partner)
    if f.sector:
        rows = visibility.in_sector(rows, f.sector)
    if f.year:
        rows = rows.filter(signed_on__year=f.year)
    query = (f.q or "").replace("\x00", "").strip()
    return search(rows, query) if query else rows.order_by("-signed_on", "code")


def _with_etag(request: HttpRequest, body: bytes) -> HttpResponse:
    """The JSON answer with a strong ETag of its bytes; 304 when the client holds it already."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    held = {t.strip() for t in request.headers.get("If-None-Match", "").split(",")}
    if etag in held or "*" in held:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=60"
    response["Vary"] = "Accept-Encoding"
    return response


@api.get(
    "/commitments",
    response={200: CommitmentPage, 304: None, 422: Refused, 429: Message},
    url_name="commitment-list",
    summary="Danh sách cam kết công khai / Published commitments",
    description=(
        "Lọc theo loại, tình trạng, đối tác, lĩnh vực, năm ký và từ khóa; phân trang; ETag "
        "(gửi If-None-Match để nhận 304). / Filter by kind, status, partner, sector, year of "
        "signature and words; pages; ETag (send If-None-Match for a 304)."
    ),
)
def commitment_list(request, filters: Query[Filters]):
    token = cache.version()  # before the rows: what is built is never older than the token
    rows = filtered(filters)
    count = rows.count()
    pages = max(1, -(-count // filters.page_size))
    start = (filters.page - 1) * filters.page_size
    pks = list(rows.values_list("pk", flat=True)[start : start + filters.page_size])
    # ``records`` builds exactly the documented shape (schemathesis checks every answer against
    # it), once per version of the public data (``cache``); the page only joins them.
    built = cache.built("summary", pks, token, records.summaries_json)
    head = {"count": count, "page": filters.page, "page_size": filters.page_size, "pages": pages}
    body = json.dumps(head, ensure_ascii=False).encode()[:-1] + b', "results": ['
    body += b", ".join(built[pk] for pk in pks if pk in built) + b"]}"
    return _with_etag(request, body)


@api.get(
    "/commitments/{path:code}",
    response={200: CommitmentDetailOut, 304: None, 404: Message, 422: Refused, 429: Message},
    url_name="commitment-detail",
    summary="Một cam kết công khai / One published commitment",
    description=(
        "Kèm các mốc, quan hệ với cam kết công khai khác, điều khoản, nghĩa vụ liên quan đến "
        "doanh nghiệp và văn bản pháp luật trong nước thực hiện. / With its events, relations "
        "to other public commitments, provisions, obligations that concern businesses and "
        "implementing domestic legal documents."
    ),
)
def commitment_detail(request, code: str):
    """Any code: an unknown, private or malformed one is the same JSON 404."""
    token = cache.version()
    found = visibility.public_commitments().filter(code=code).values_list("pk", flat=True)
    pk = found.first()
    body = cache.built("detail", [pk], token, records.details_json).get(pk) if pk else None
    if body is None:
        return Status(404, {"detail": _("No published commitment has this code.")})
    return _with_etag(request, body)


def not_found(request, rest: str = "") -> HttpResponse:
    """Any other address under /api/v1/ (a code Django's converters refuse, e.g. with a line
    break): the API's JSON 404, not the site's HTML page."""
    body = json.dumps({"detail": _("No published commitment has this code.")}, ensure_ascii=False)
    return HttpResponse(body, status=404, content_type="application/json; charset=utf-8")
