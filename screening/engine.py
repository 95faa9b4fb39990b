"""The Screener: compiles lists and rules once, then screens records against them.

A compiled Screener is immutable after construction and safe to share across threads. The one
thing that changes as it works is its optional name cache (`name_cache=N`), which only remembers
the list matches of names already screened: results are the same with and without it.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from screening.bic import rewritten_bics
from screening.lists import builtin_lists, load_lists
from screening.lists.errors import require_distinct_ids
from screening.lists.snapshot_entities import DeferredLists
from screening.lists.snapshot_file import is_snapshot
from screening.models import NameStrength, WatchList
from screening.names import NameIndex, NameMatch, Thresholds
from screening.names.identifiers import IdentifierIndex
from screening.records import BIC_FIELDS, RECORD_MODELS, Record, RecordKind, unknown_keys
from screening.results import (
    Decision,
    Hit,
    MatchStrength,
    MatchType,
    NameSearchMatch,
    ScreeningResult,
    SuppressedHit,
)
from screening.rules import RuleSet, builtin_rules

if TYPE_CHECKING:
    from screening.decisions.apply import DecisionSet

PARTY_MATCH_LIMIT = 20
"""At most this many list entries are matched to one party name."""
_UNKNOWN = object()  # a name `with_known_names` was not given


class Screener:
    """Screens payment and export records against watchlists and rules.

    `name_cache=N` (default 0: off) keeps the list matches of up to N distinct party names, so
    a name that recurs (payment files repeat their counterparties) is matched once; results are
    identical with and without it. Batch screening (`screen FILE`) turns it on.
    """

    def __init__(
        self,
        lists: Sequence[WatchList] | DeferredLists,
        rules: RuleSet,
        thresholds: Thresholds | None = None,
        list_thresholds: Mapping[str, Thresholds] | None = None,
        name_cache: int = 0,
        decisions: DecisionSet | None = None,
        indexes: tuple[NameIndex, IdentifierIndex] | None = None,
    ) -> None:
        """`indexes`: the name and identifier indexes already compiled from exactly these
        lists' entities (from a snapshot file); built here when None."""
        self.decisions = decisions
        # a snapshot's lists (DeferredLists) are made whole only if `lists` is read
        self._deferred = lists if isinstance(lists, DeferredLists) else None
        self._lists = None if self._deferred else tuple(lists)
        heads = self._deferred.heads if self._deferred else self._lists
        self.rules = rules
        self.thresholds = thresholds or Thresholds()
        self._list_thresholds = dict(list_thresholds or {})
        self._versions = {wl.id: str(wl.version) for wl in heads}
        unknown = sorted(set(self._list_thresholds) - set(self._versions))
        if unknown:
            raise ValueError(f"thresholds given for list {', '.join(unknown)}, which is not "
                             f"loaded (loaded: {', '.join(sorted(self._versions))})")
        if indexes is None:
            entities = [e for wl in self.lists for e in wl.entities]
            indexes = NameIndex.build(entities), IdentifierIndex.build(entities)
        self.index, self.identifiers = indexes
        self.country_measures = tuple(  # each cites the list it is in, even if built by hand
            cm if cm.list_id == wl.id else cm.model_copy(update={"list_id": wl.id})
            for wl in heads for cm in wl.country_measures)
        rules.check_lists({wl.id for wl in heads})
        _refuse_nothing_to_screen(heads, rules, self._deferred.entries if self._deferred
                                  else None)
        self._ruled_kinds = frozenset(k for r in rules.rules for k in r.record_kinds)
        self._min_score = self._min_review()
        self._set_name_cache(name_cache)

    @property
    def lists(self) -> tuple[WatchList, ...]:
        """The loaded lists, with their entries."""
        if self._lists is None:
            self._lists = self._deferred.materialize()
        return self._lists

    def list_summary(self) -> list[dict[str, Any]]:
        """id, authority, title, version (as results cite it) and number of entries of each
        loaded list, without making a snapshot's entries (reading `lists` makes them all)."""
        if self._deferred is not None:
            pairs = zip(self._deferred.heads, self._deferred.counts, strict=True)
        else:
            pairs = ((wl, len(wl.entities)) for wl in self.lists)
        return [{"id": wl.id, "authority": wl.authority, "title": wl.title,
                 "version": str(wl.version), "entries": n} for wl, n in pairs]

    def _set_name_cache(self, maxsize: int) -> None:
        if maxsize < 0:
            raise ValueError(f"name_cache must be 0 (off) or a positive size, not {maxsize}")
        self.name_cache = maxsize
        self._party_matches: Callable[[str], tuple[NameMatch, ...]] = (
            lru_cache(maxsize=maxsize)(self._match_party_name) if maxsize
            else self._match_party_name)

    def with_name_cache(self, maxsize: int) -> Screener:
        """This screener with a name cache of `maxsize` names (0: none), sharing the compiled
        lists, indexes and rules; this screener is left as it is."""
        if maxsize == self.name_cache:
            return self
        other = copy.copy(self)
        other._set_name_cache(maxsize)
        return other

    def with_decisions(self, decisions: DecisionSet | None) -> Screener:
        """This screener applying `decisions` (None: none), sharing everything else."""
        if decisions is self.decisions:
            return self
        other = copy.copy(self)
        other.decisions = decisions
        return other

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def default(cls, name_cache: int = 0) -> Screener:
        """The built-in 2022 Japan lists and the built-in rules."""
        return cls(builtin_lists(), builtin_rules(), name_cache=name_cache)

    @classmethod
    def load(
        cls,
        lists: Iterable[str | Path | WatchList] = (),
        rules: Iterable[str | Path] | RuleSet | None = None,
        builtin: bool = True,
        thresholds: Thresholds | None = None,
        list_thresholds: Mapping[str, Thresholds] | None = None,
        name_cache: int = 0,
        decisions: DecisionSet | None = None,
        keep_fallback: bool = True,
    ) -> Screener:
        """Built-in lists (unless `builtin=False`) plus `lists` (paths in any supported format,
        or loaded WatchLists); `rules` (rule files, or a RuleSet) replace the built-in rules,
        except the fail-closed fallback: unless one of `rules` is a fallback rule, the built-in
        fallback (`listed-party-review`: a listed party with a measure in force that no rule
        covers goes to REVIEW, never CLEAR) is kept for the record kinds `rules` cover, as the
        CLI's --rules does. `keep_fallback=False` uses exactly `rules` (a listed party they do
        not cover is then not flagged). `name_cache` and `decisions` as for the constructor."""
        items = list(lists)
        if any(not isinstance(p, WatchList) and is_snapshot(p) for p in items):
            from screening.compiled import load_screener  # (it imports this module)

            return load_screener(cls, items, resolve_rules(rules, keep_fallback), builtin,
                                 thresholds, list_thresholds, name_cache
                                 ).with_decisions(decisions)
        loaded = list(builtin_lists()) if builtin else []
        # paths load together, so dated snapshot files of one list combine into one list
        loaded += load_lists([p for p in items if not isinstance(p, WatchList)])
        loaded += [wl for wl in items if isinstance(wl, WatchList)]
        require_distinct_ids([wl.id for wl in loaded])
        return cls(loaded, resolve_rules(rules, keep_fallback), thresholds, list_thresholds,
                   name_cache=name_cache, decisions=decisions)

    def thresholds_for(self, list_id: str) -> Thresholds:
        return self._list_thresholds.get(list_id, self.thresholds)

    def is_name_hit(self, m: NameMatch) -> bool:
        """Whether a party name's match is a hit: at or above its list's review threshold."""
        return m.score >= self.thresholds_for(m.entity.list_id).review

    # -- lookups -------------------------------------------------------------------------------
    def search(self, name: str, kind: str | None = None, limit: int = 10
               ) -> list[NameSearchMatch]:
        """Best list names for one name, scored in [0, 1], with explanations (pydantic
        models: `m.model_dump(mode="json")` gives the JSON form)."""
        return [NameSearchMatch(
            list_id=m.entity.list_id, list_version=self._versions[m.entity.list_id],
            entity_id=m.entity.id, entity_kind=m.entity.kind,
            entity_name=m.entity.primary_name, name=m.name, strength=m.strength,
            score=m.score, explanation=m.explanation, entity=m.entity,
        ) for m in self.index.search(name, kind=kind, limit=limit)]

    def _match_party_name(self, name: str) -> tuple[NameMatch, ...]:
        """The list names a party name matches at or above the lowest review threshold (what
        the name cache keeps: it depends on the name alone, not on the record)."""
        return tuple(self.index.search(name, limit=PARTY_MATCH_LIMIT, min_score=self._min_score))

    def name_matches(self, name: str) -> tuple[NameMatch, ...]:
        """The list names a party name matches at or above the lowest review threshold (from
        the name cache when the screener has one)."""
        return self._party_matches(name)

    def name_matches_many(self, names: Sequence[str]) -> list[tuple[NameMatch, ...]]:
        """`name_matches` of each name (not cached), faster for many names at once (see
        `NameIndex.search_many`)."""
        return [tuple(r) for r in self.index.search_many(
            names, limit=PARTY_MATCH_LIMIT, min_score=self._min_score)]

    def with_known_names(self, known: Mapping[str, tuple[NameMatch, ...]]) -> Screener:
        """This screener answering the party names in `known` from it (what `name_matches`
        gave for them, e.g. in another worker process) and matching other names as usual."""
        other = copy.copy(self)
        own = self._party_matches
        get = known.get

        def matches(name: str) -> tuple[NameMatch, ...]:
            got = get(name, _UNKNOWN)
            return own(name) if got is _UNKNOWN else got

        other._party_matches = matches
        return other

    def hits(self, record: Record) -> list[Hit]:
        """Every party of `record` matched against names and identifiers (no rules applied)."""
        out: list[Hit] = []
        for party in record.parties():
            if party.name:
                for m in self._party_matches(party.name):
                    if not self.is_name_hit(m):
                        continue
                    th = self.thresholds_for(m.entity.list_id)
                    strong = m.score >= th.block and m.strength is not NameStrength.weak
                    out.append(Hit(
                        role=party.role, field=party.field, query=party.name,
                        list_id=m.entity.list_id, list_version=self._versions[m.entity.list_id],
                        entity_id=m.entity.id, entity_kind=m.entity.kind,
                        entity_name=m.entity.primary_name, match_type=MatchType.name,
                        matched=m.name, name_strength=m.strength, score=round(m.score, 4),
                        strength=MatchStrength.strong if strong else MatchStrength.weak,
                        explanation=m.explanation, entity=m.entity,
                    ))
            if party.bic:
                for entity, listed, how in self.identifiers.lookup_bic(party.bic):
                    out.append(Hit(
                        role=party.role, field=party.field, query=party.bic,
                        list_id=entity.list_id, list_version=self._versions[entity.list_id],
                        entity_id=entity.id, entity_kind=entity.kind,
                        entity_name=entity.primary_name, match_type=MatchType.identifier,
                        matched=listed, score=1.0, strength=MatchStrength.strong,
                        explanation=how, entity=entity,
                    ))
        return out

    def _min_review(self) -> float:
        return min([self.thresholds.review] + [t.review for t in self._list_thresholds.values()])

    # -- screening -----------------------------------------------------------------------------
    def parse(self, record: Record | Mapping[str, Any], kind: RecordKind | str | None = None
              ) -> Record:
        """Validate a dict into a payment or export record (kind from `kind` or the fields).

        Raises ValueError for a key that is not a field of the record kind (naming it: a
        misspelt party field is never dropped) or a field that cannot be read."""
        if not isinstance(record, Mapping):
            return record
        if kind is None:
            given = record.get("kind")
            kind = (given.strip() if isinstance(given, str) else given) or (
                RecordKind.export if any(k in record for k in
                                         ("exporter_name", "consignee_name", "hs_code"))
                else RecordKind.payment)
        try:
            model = RECORD_MODELS[RecordKind(kind)]
        except ValueError:
            raise ValueError(f"kind: {kind!r} is not payment or export") from None
        unknown_keys(record, model)
        return model.model_validate(dict(record))

    def screen(self, record: Record | Mapping[str, Any], as_of: dt.date | None = None,
               row: int | None = None) -> ScreeningResult:
        """Screen one record. The date that counts is the record's date, or `as_of` if given.

        A record that cannot be read (a bad or missing field, a dict key that is not a field of
        the record kind, a BIC that is not one) gives an ERROR result naming the field, never
        CLEAR."""
        try:
            rec = self.parse(record)
        except ValueError as exc:  # pydantic's ValidationError is one too
            rid = record.get("id") if isinstance(record, Mapping) else None
            rid = str(rid).strip() or None if rid is not None else None
            msg = _validation_message(exc) if isinstance(exc, ValidationError) else str(exc)
            res = ScreeningResult(row=row, record_id=rid, decision=Decision.ERROR,
                                  as_of=as_of, error=msg)
            if isinstance(record, Mapping):  # an ERROR never hides a listed name
                from screening.error_hits import with_record_hits

                res = with_record_hits(self, record, res)
            return res
        if rec.kind not in self._ruled_kinds:  # no rule could turn a hit into REVIEW or BLOCK
            hits = self.hits(rec)  # (shown all the same: an ERROR never hides a listed name)
            return ScreeningResult(
                row=row, record_id=rec.id, kind=rec.kind, date=rec.date, as_of=as_of,
                decision=Decision.ERROR, error=f"no loaded rule screens {rec.kind} records "
                f"(the rules cover {', '.join(sorted(self._ruled_kinds))} records only)",
                hits=hits, best_score=max((h.score for h in hits), default=0.0))
        on = as_of or rec.date
        hits = self.hits(rec)
        suppressed: list[SuppressedHit] = []
        decision_notes: list[str] = []
        if self.decisions is not None and hits:
            hits, suppressed, decision_notes = self.decisions.split(hits)
        reasons, notes = self.rules.evaluate(rec, hits, on, self.country_measures,
                                             self._versions)
        if isinstance(record, Mapping) and rec.kind is RecordKind.payment:
            notes = rewritten_bics(record, BIC_FIELDS, rec) + notes
        if suppressed or decision_notes:
            notes = notes + [s.note for s in suppressed] + decision_notes
        decision = Decision.CLEAR
        for r in reasons:
            if r.outcome.severity > decision.severity:
                decision = r.outcome
        return ScreeningResult(
            row=row, record_id=rec.id, kind=rec.kind, date=rec.date, as_of=as_of,
            decision=decision, best_score=max((h.score for h in hits), default=0.0),
            reasons=reasons, hits=hits, notes=notes,
            suppressed=suppressed,
        )

    def screen_many(self, records: Iterable[Record | Mapping[str, Any]],
                    as_of: dt.date | None = None) -> Iterator[ScreeningResult]:
        """Screen a stream of records lazily, in order; rows are numbered from 1."""
        for i, rec in enumerate(records, start=1):
            yield self.screen(rec, as_of=as_of, row=i)


def resolve_rules(rules: Iterable[str | Path] | RuleSet | None, keep_fallback: bool = True
                  ) -> RuleSet:
    """The rule set `Screener.load` uses for its `rules` argument (see there): the built-in
    rules when none are given, else `rules` with the built-in fallback kept unless
    `keep_fallback=False`."""
    if not isinstance(rules, RuleSet):
        rules = list(rules or ())
        if not rules:
            return builtin_rules()
        rules = RuleSet.load(rules)
    if keep_fallback:
        from screening.rules.compose import keep_fallback as with_fallback

        rules = with_fallback(rules)
    return rules


def _refuse_nothing_to_screen(lists: Sequence[WatchList], rules: RuleSet,
                              entries: Mapping[str, int] | None = None) -> None:
    """A screener with no list entry or no rule would report every record CLEAR: refuse.
    `entries`: entries per list id, when `lists` are held without them."""
    if not any((entries[wl.id] if entries is not None else wl.entities)
               or wl.country_measures for wl in lists):
        loaded = ", ".join(f"{wl.id} ({wl.path or 'built by hand'})" for wl in lists)
        raise ValueError("refusing to screen against no list entries: "
                         + (f"the loaded lists hold none ({loaded})" if lists
                            else "no list is loaded"))
    if not len(rules):
        raise ValueError("refusing to screen with no rules: the rule set is empty (load the "
                         "built-in rules or --rules files)")


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"]) or "record"
        msg = err["msg"]
        if err["type"] == "value_error" and "error" in err.get("ctx", {}):
            msg = str(err["ctx"]["error"])  # our own wording, without "Value error, "
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts)
