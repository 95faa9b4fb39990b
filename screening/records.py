"""Records that are screened: payments and exports, and the parties they name."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator, model_validator

from screening.bic import normalise_bic
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

BicField = Annotated[str | None, AfterValidator(lambda v: None if v is None else normalise_bic(v))]
"""A record's BIC field: read in its standard form ("vtbr-ru-mm", full-width or look-alike
letters -> "VTBRRUMM"); a value that is not a BIC is a validation error naming the field."""

BIC_FIELDS = ("originator_bic", "beneficiary_bic", "intermediary_bic")

COUNTRY_FIELDS = frozenset({"originator_country", "beneficiary_country", "consignee_country",
                            "destination_country"})


class _Record(BaseModel):
    # an unknown key is an error, never dropped: a misspelt party field must not read as CLEAR
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    id: str
    date: dt.date

    @field_validator("id", mode="before")
    @classmethod
    def _int_id(cls, v: Any) -> Any:
        """An integer id (from JSON or a database) is read as its decimal string."""
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

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
    originator_bic: BicField = None
    beneficiary_name: str | None = None
    beneficiary_country: CountryField = None
    beneficiary_bic: BicField = None
    intermediary_bic: BicField = None
    purpose: str | None = None

    @model_validator(mode="after")
    def _has_party(self) -> PaymentRecord:
        if not (self.originator_name or self.beneficiary_name or self.originator_bic
                or self.beneficiary_bic or self.intermediary_bic):
            # nothing to screen must never read as CLEAR (what `parties` reads, without
            # making its models)
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
                out.append(Party(role=role, field=field, bic=bic))
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


def unknown_keys(data: Mapping[str, Any], model: type[PaymentRecord] | type[ExportRecord]
                 ) -> None:
    """Raise ValueError naming every key of `data` that is not a field of `model` (with the
    field it was probably meant to be), so that no value is silently dropped."""
    fields = model.model_fields
    bad = [k for k in data if k not in fields]
    if not bad:
        return
    kind = model.model_fields["kind"].default.value
    others = {f: m.model_fields["kind"].default.value for m in RECORD_MODELS.values()
              if m is not model for f in m.model_fields if f not in fields}
    said = []
    for k in bad:
        close = difflib.get_close_matches(str(k), list(fields), n=1, cutoff=0.75)
        other = difflib.get_close_matches(str(k), list(others), n=1, cutoff=0.75)
        hint = (f" (did you mean {close[0]}?)" if close
                else f" ({other[0]} is a field of {others[other[0]]} records: set kind)"
                if other else "")
        said.append(f"{k}: unknown field of {kind} records{hint}")
    raise ValueError("; ".join(said))
