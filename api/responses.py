"""The shared shape of the API's successful answers: the language they are written in (the
`lang` parameter, else the language the public pages would choose), an ETag over the body, and
304 when the client already holds that body."""

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_vary_headers
from pydantic import BaseModel

Lang = StrEnum("Lang", {code.replace("-", "_"): code for code, _name in settings.LANGUAGES})


@contextmanager
def answer_language(lang: Lang | None) -> Iterator[str]:
    """Labels (statuses, formats, country names) are written in `lang` when given, else in the
    language LocaleMiddleware chose for the request, as on the public pages."""
    code = lang.value if lang is not None else translation.get_language()
    with translation.override(code):
        yield translation.get_language()


def _matches(if_none_match: str, etag: str) -> bool:
    if if_none_match.strip() == "*":
        return True
    candidates = [part.strip().removeprefix("W/") for part in if_none_match.split(",")]
    return etag in candidates


def json_answer(
    request: HttpRequest, model: BaseModel, *, language: str, status: int = 200
) -> HttpResponse:
    """The model as JSON, with Content-Language, an ETag, and 304 for a matching If-None-Match.
    The model was built from the data by its schema, so the body always fits the schema the
    OpenAPI description publishes."""
    body = json.dumps(
        model.model_dump(mode="json"), cls=DjangoJSONEncoder, ensure_ascii=False
    ).encode()
    etag = '"' + hashlib.sha256(language.encode() + b"\n" + body).hexdigest()[:32] + '"'
    if status == 200 and _matches(request.headers.get("If-None-Match", ""), etag):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, status=status, content_type="application/json")
    response["ETag"] = etag
    response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
