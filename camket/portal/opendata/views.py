"""Public pages of open data: downloads, data dictionary, DCAT catalogue, subscriptions.

No login anywhere; every commitment read goes through ``camket.portal.visibility`` (through
``records``, ``forms`` and ``subscriptions``).
"""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from camket.portal.opendata import exports, records, subscriptions
from camket.portal.opendata.forms import SubscribeForm
from camket.portal.opendata.ratelimit import limited
from camket.querystring import reads_query, text_param

BULK_TYPES = {
    exports.CSV_NAME: "text/csv; charset=utf-8",
    exports.JSON_NAME: "application/json; charset=utf-8",
}


def _api_limited(request):
    return limited(request, "api", settings.CAMKET_API_RATE_LIMIT, 60)


def data_index(request):
    """What the public can download and how: files, API, feeds, dictionary, catalogue."""
    found = exports.ensure_bulk_files()
    files = [
        {
            "name": name,
            "url": reverse("opendata:bulk", args=[name]),
            "bytes": info["bytes"],
            "sha256": info["sha256"],
        }
        for name, info in found.get("files", {}).items()
    ]
    context = {
        "files": files,
        "rows": found.get("rows", 0),
        "generated_at": _parsed(found.get("generated_at")),
        "columns": records.COLUMNS,
    }
    return render(request, "opendata/data_index.html", context)


def _parsed(stamp: str | None):
    return dt.datetime.fromisoformat(stamp) if stamp else None


def bulk_download(request, name: str):
    """``commitments.csv`` or ``commitments.json`` as last written by the daily job."""
    if name not in BULK_TYPES:
        raise Http404(name)
    refused = _api_limited(request)
    if refused:
        return refused
    path = exports.folder() / name
    try:
        exports.ensure_bulk_files()
        handle = path.open("rb")
    except FileNotFoundError:  # dropped in between by a commitment leaving the public
        exports.write_bulk_files()
        handle = path.open("rb")
    response = FileResponse(handle, content_type=BULK_TYPES[name])
    response["Content-Disposition"] = f'attachment; filename="cam-ket-quoc-te-{name}"'
    return response


def data_dictionary(request):
    """The CSV's columns as a Frictionless Table Schema (JSON), Vietnamese descriptions."""
    types = {"string": "string", "list": "string", "date": "date", "datetime": "datetime"}
    fields = [
        {
            "name": c.name,
            "type": types[c.type],
            "description": str(c.description),
            **({"format": "list", "separator": records.LIST_SEPARATOR} if c.type == "list" else {}),
        }
        for c in records.COLUMNS
    ]
    schema = {"fields": fields, "primaryKey": "code", "missingValues": [""]}
    return JsonResponse(schema, json_dumps_params={"ensure_ascii": False, "indent": 2})


def catalogue(request):
    """DCAT-AP 2 catalogue (JSON-LD) of the data set, its two files and the API."""
    found = exports.ensure_bulk_files()
    base = request.build_absolute_uri("/").rstrip("/")

    def url(name: str, *args) -> str:
        return base + reverse(name, args=args)

    distributions = [
        {
            "@id": url("opendata:bulk", name) + "#distribution",
            "@type": "dcat:Distribution",
            "dct:title": name,
            "dcat:downloadURL": {"@id": url("opendata:bulk", name)},
            "dcat:accessURL": {"@id": url("opendata:bulk", name)},
            "dcat:mediaType": {
                "@id": "https://www.iana.org/assignments/media-types/"
                + BULK_TYPES[name].split(";")[0]
            },
            "dcat:byteSize": info["bytes"],
            "spdx:checksum": {
                "@type": "spdx:Checksum",
                "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                "spdx:checksumValue": info["sha256"],
            },
            "dct:modified": found.get("generated_at"),
            "dct:conformsTo": {"@id": url("opendata:dictionary")},
        }
        for name, info in found.get("files", {}).items()
    ]
    api_service = {
        "@id": url("opendata:api-1:openapi-json") + "#service",
        "@type": "dcat:DataService",
        "dct:title": "CamKet API v1",
        "dcat:endpointURL": {"@id": base + "/api/v1/"},
        "dcat:endpointDescription": {"@id": url("opendata:api-1:openapi-json")},
    }
    dataset = {
        "@id": url("opendata:data-index") + "#dataset",
        "@type": "dcat:Dataset",
        "dct:title": [
            {"@language": "vi", "@value": "Cam kết quốc tế của Việt Nam đã công bố"},
            {"@language": "en", "@value": "Published international commitments of Viet Nam"},
        ],
        "dct:description": [
            {
                "@language": "vi",
                "@value": "Điều ước quốc tế, thỏa thuận quốc tế và tuyên bố của lãnh đạo cấp "
                "cao đã công bố trong CamKet (Chỉ thị 56-CT/TW), cập nhật hằng ngày.",
            },
            {
                "@language": "en",
                "@value": "Treaties, international agreements and leaders' statements "
                "published in CamKet (Directive 56-CT/TW), updated daily.",
            },
        ],
        "dct:identifier": "camket-commitments",
        "dct:language": [
            {"@id": "http://publications.europa.eu/resource/authority/language/VIE"},
            {"@id": "http://publications.europa.eu/resource/authority/language/ENG"},
        ],
        "dct:spatial": {"@id": "http://publications.europa.eu/resource/authority/country/VNM"},
        "dct:accrualPeriodicity": {
            "@id": "http://publications.europa.eu/resource/authority/frequency/DAILY"
        },
        "dct:modified": found.get("generated_at"),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "CamKet"},
        "dcat:keyword": ["điều ước quốc tế", "thỏa thuận quốc tế", "treaties"],
        "dcat:distribution": distributions,
    }
    api_service["dcat:servesDataset"] = {"@id": dataset["@id"]}
    document = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "spdx": "http://spdx.org/rdf/terms#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": url("opendata:catalogue"),
        "@type": "dcat:Catalog",
        "dct:title": [
            {"@language": "vi", "@value": "Dữ liệu mở CamKet"},
            {"@language": "en", "@value": "CamKet open data"},
        ],
        "dct:description": [
            {"@language": "vi", "@value": "Danh mục dữ liệu mở của CamKet."},
            {"@language": "en", "@value": "Catalogue of CamKet's open data."},
        ],
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "CamKet"},
        "dcat:dataset": [dataset],
        "dcat:service": [api_service],
    }
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


########## Subscriptions ##########


@reads_query("commitment")
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The subscribe form; ``?commitment=<code>`` follows one public commitment."""
    if request.method == "POST":
        refused = limited(request, "subscribe", settings.CAMKET_SUBSCRIBE_RATE_LIMIT, 3600)
        if refused:
            return refused
        form = SubscribeForm(request.POST)
        if form.is_valid():
            data = subscriptions.SubscriptionData(
                email=form.cleaned_data["email"],
                frequency=form.cleaned_data["frequency"],
                language=form.cleaned_data["language"],
                sectors=form.cleaned_data["sectors"],
                partners=form.cleaned_data["partners"],
                commitments=form.cleaned_data["commitments"],
                event_kinds=form.cleaned_data["event_kinds"],
            )
            try:
                subscriptions.subscribe(data)  # links from CAMKET_PUBLIC_URL, never the Host header
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("opendata:subscription-sent")
    else:
        code = text_param(request.GET, "commitment")
        language = "en" if request.LANGUAGE_CODE == "en" else "vi"
        form = SubscribeForm(initial={"commitments": [code] if code else [], "language": language})
    return render(request, "opendata/subscribe.html", {"form": form, "followed": form.followed})


def subscription_sent(request):
    return render(request, "opendata/subscription_sent.html")


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows a button (mail scanners that open links confirm nothing); POST confirms."""
    if request.method == "POST":
        subscription = subscriptions.confirm(token)
        state = "confirmed" if subscription else "invalid"
    else:
        state = "ask"
    return render(request, "opendata/subscription_confirm.html", {"state": state})


@csrf_exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET shows a button; POST (the page's or the mail client's one-click) unsubscribes."""
    if request.method == "POST":
        subscription = subscriptions.unsubscribe(token)
        state = "done" if subscription else "invalid"
    else:
        state = "ask" if subscriptions.subscription_for_unsubscribe(token) else "invalid"
    return render(request, "opendata/subscription_unsubscribe.html", {"state": state})
