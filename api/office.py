"""Endpoints that need a token (`Authorization: Bearer <token>`): what a token is, and the
office's own data."""

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api import schemas
from api.auth import TokenAuth
from api.responses import json_answer

router = Router(tags=["office"], auth=TokenAuth())

AUTH_PROBLEMS = {401: schemas.Problem, 403: schemas.Problem}


@router.get("/token", response={200: schemas.TokenOut, **AUTH_PROBLEMS})
def token_detail(request: HttpRequest) -> HttpResponse:
    """The token this request carries: its name, office (null for headquarters), scopes."""
    token = request.auth
    answer = schemas.TokenOut(
        name=token.name,
        office=token.office.slug if token.office_id else None,
        scopes=token.scopes,
        expires_at=token.expires_at,
        read_only=token.is_headquarters,
    )
    return json_answer(request, answer, language="en")
