"""Request and response bodies of the HTTP API (they make the OpenAPI schema)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from screening.mapping import parse_date
from screening.results import ScreeningResult


def _date(v: Any) -> Any:
    """Dates as the CLI reads them (yyyy-mm-dd, yyyy/mm/dd, dd.mm.yyyy, yyyymmdd); a number is
    not taken for a timestamp."""
    if v is None or isinstance(v, dt.date):
        return v
    if not isinstance(v, str):
        raise ValueError("must be a date string such as 2022-03-01")
    return parse_date(v)


DateText = Annotated[dt.date | None, BeforeValidator(_date)]

PAYMENT_EXAMPLE = {"id": "PAY-1", "date": "2022-03-10", "amount": "125000.00",
                   "currency": "USD", "originator_name": "Acme Trading GmbH",
                   "beneficiary_name": "VTB Bank", "beneficiary_bic": "VTBRRUMM",
                   "beneficiary_country": "RU"}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScreenRequest(Strict):
    records: list[dict[str, Any]] = Field(
        min_length=1,
        description="Payment or export records, with the fields of the CSV input (`id`, "
                    "`date`, `originator_name`, `beneficiary_bic`, ... or `exporter_name`, "
                    "`consignee_country`, `hs_code`, ...); `kind` (payment or export) is told "
                    "from the fields when absent. A record that does not validate gets an "
                    "ERROR result; the others are screened.",
        examples=[[PAYMENT_EXAMPLE]])
    as_of: DateText = Field(None, description="Screen every record as of this date instead "
                                              "of its own date.")


class ListVersionOut(BaseModel):
    id: str
    version: str


class ScreenResponse(BaseModel):
    request_id: str
    generation: int = Field(description="Which load of the lists answered (reloads count up).")
    lists: list[ListVersionOut]
    rules_version: str
    results: list[ScreeningResult]


class SearchHit(BaseModel):
    score: float
    review: bool = Field(description="At or above the review threshold of its list.")
    strong: bool = Field(description="At or above the block threshold, on a strong name.")
    list_id: str
    list_version: str
    entity_id: str
    entity_kind: str
    entity_name: str
    matched: str
    name_strength: str
    explanation: str


class SearchResponse(BaseModel):
    request_id: str
    query: str
    generation: int
    lists: list[ListVersionOut]
    results: list[SearchHit]


class ListOut(BaseModel):
    id: str
    authority: str
    title: str
    entries: int
    country_measures: int
    version: str
    published: dt.date | None
    content_hash: str
    source: str | None


class DecisionsOut(BaseModel):
    path: str = Field(description="The analysts' decisions store (`screen serve --decisions`).")
    recorded: int = Field(description="Decisions not revoked, as read at the last (re)load.")
    in_force: int = Field(description="Of those, the ones that can apply today: not expired, "
                                      "and approved by a second analyst if required.")
    require_approval: bool
    today: str = Field(description="The UTC date expiry is checked against.")


class ListsResponse(BaseModel):
    generation: int
    worker: int = Field(description="Process id of the worker that answered (`screen serve "
                                    "--workers N` runs N, each with its own generation count).")
    loaded_at: str
    load_seconds: float
    rules_version: str
    rules: int
    lists: list[ListOut]
    decisions: DecisionsOut | None = Field(None, description="Applied by /v1/screen only; "
                                                             "null without --decisions.")


class ReloadResponse(ListsResponse):
    reloaded: bool = True
    previous_generation: int


class ErrorResponse(BaseModel):
    detail: str
    errors: list[dict[str, str]] = []


class Status(BaseModel):
    status: str
    generation: int | None = None
    detail: str | None = None
    decisions: DecisionsOut | None = None


# -- yente-compatible /match -----------------------------------------------------------------

class EntityExample(Strict):
    id: str | None = None
    schema_: str = Field(alias="schema", examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(examples=[{"name": ["Vladimir Putin"],
                                                              "birthDate": ["1952-10-07"]}])

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class EntityMatchQuery(Strict):
    weights: dict[str, float] = Field({}, description="Accepted for yente compatibility; "
                                                      "ignored (this engine's score is used).")
    config: dict[str, Any] = Field({}, description="Accepted for yente compatibility; ignored.")
    queries: dict[str, EntityExample] = Field(min_length=1)


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class ScoredEntity(BaseModel):
    id: str
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str]
    referents: list[str]
    target: bool
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None
    score: float
    features: dict[str, float]
    match: bool
    explanations: list[str] = Field(description="Extension: why the entry scored.")
    list_version: str = Field(description="Extension: the version of the entry's list.")

    model_config = ConfigDict(populate_by_name=True)


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntity]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(BaseModel):
    description: str | None
    coefficient: float
    url: str


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int
    request_id: str = Field(description="Extension: the audit log's request id.")
