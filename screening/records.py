"""Records that are screened: payments and exports, and the parties they name."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

from screening.countries import to_alpha2
from screening.limits import MAX_FIELD_CHARS


class RecordKind(StrEnum):
    payment = "payment"
    export = "export"


class Role(StrEnum):
    """The part a party plays in a record; rules select on it."""

    originator = "originator"
    beneficiary = "beneficiary"
    originator_bank = "originator_bank"
    beneficiary_bank = "beneficiary_bank"
    intermediary = "intermediary"
    exporter = "exporter"
    consignee = "consignee"
    end_user = "end_user"


class Party(BaseModel):
    """One party of a record: a name and/or a BIC, in a role, read from a record field."""

    model_config = ConfigDict(frozen=True)

    role: Role
    field: str
    name: str | None = None
    bic: str | None = None
    country: str | None = None


def _country(v: str | None) -> str | None:
    """A country field as its ISO 3166 alpha-2 code ("Russia", "RUS", "Россия" -> "RU"); a
    value that is not a known country is a validation error naming the field (fail closed)."""
    return None if v is None else to_alpha2(v)


CountryField = Annotated[str | None, AfterValidator(_country)]
"""A record's country field: read as a code or name, stored as the alpha-2 code."""

COUNTRY_FIELDS = frozenset({"originator_country", "beneficiary_country", "consignee_country",
                            "destination_country"})


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    id: str
    date: dt.date

    @model_validator(mode="before")
    @classmethod
    def _blanks(cls, data: Any) -> Any:
        """Strip every string value and make blank ones None, before any field is validated
        (so a blank required field fails naming that field, and a blank optional one is None).
        One call per record instead of one per field; input with nothing to strip (what
        `mapping.build_record` gives) is passed on as it is."""
        if not isinstance(data, dict):
            return data
        for k, v in data.items():
            if isinstance(v, str) and len(v) > MAX_FIELD_CHARS:  # bounded work per field
                raise ValueError(f"{k}: {len(v):,} characters long; the limit is "
                                 f"{MAX_FIELD_CHARS:,}")
        for v in data.values():
            if isinstance(v, str) and (not v or v[0].isspace() or v[-1].isspace()):
                return {k: (x.strip() or None) if isinstance(x, str) else x
                        for k, x in data.items()}
        return data


class PaymentRecord(_Record):
    """A payment. Required: id, date, and at least one party name or BIC."""

    kind: RecordKind = RecordKind.payment
    amount: Decimal | None = None
    currency: str | None = None
    originator_name: str | None = None
    originator_country: CountryField = None
    originator_bic: str | None = None
    beneficiary_name: str | None = None
    beneficiary_country: CountryField = None
    beneficiary_bic: str | None = None
    intermediary_bic: str | None = None
    purpose: str | None = None

    @model_validator(mode="after")
    def _has_party(self) -> PaymentRecord:
        if not self.parties():  # nothing to screen must never read as CLEAR
            raise ValueError("no party to screen: originator/beneficiary names and all BICs "
                             "are empty")
        return self

    def parties(self) -> list[Party]:
        out: list[Party] = []
        if self.originator_name:
            out.append(Party(role=Role.originator, field="originator_name",
                             name=self.originator_name, country=self.originator_country))
        if self.beneficiary_name:
            out.append(Party(role=Role.beneficiary, field="beneficiary_name",
                             name=self.beneficiary_name, country=self.beneficiary_country))
        for role, field in ((Role.originator_bank, "originator_bic"),
                            (Role.beneficiary_bank, "beneficiary_bic"),
                            (Role.intermediary, "intermediary_bic")):
            bic = getattr(self, field)
            if bic:
                out.append(Party(role=role, field=field, bic=bic.replace(" ", "").upper()))
        return out


class ExportRecord(_Record):
    """An export shipment. Required: id, date."""

    kind: RecordKind = RecordKind.export
    exporter_name: str | None = None
    consignee_name: str | None = None
    consignee_country: CountryField = None
    end_user_name: str | None = None
    destination_country: CountryField = None
    hs_code: str | None = None
    goods_description: str | None = None
    value: Decimal | None = None
    currency: str | None = None

    def parties(self) -> list[Party]:
        out: list[Party] = []
        for role, field, country in (
            (Role.exporter, "exporter_name", None),
            (Role.consignee, "consignee_name", self.consignee_country),
            (Role.end_user, "end_user_name", self.destination_country),
        ):
            name = getattr(self, field)
            if name:
                out.append(Party(role=role, field=field, name=name, country=country))
        return out


Record = PaymentRecord | ExportRecord

RECORD_MODELS: dict[RecordKind, type[PaymentRecord] | type[ExportRecord]] = {
    RecordKind.payment: PaymentRecord,
    RecordKind.export: ExportRecord,
}
