"""The rows the engine reads on every action, with little ORM overhead (ADR 0022): queries
by id compiled once per connection, and the values a step read, to save only what changed
(written by fazhi.core.writes, ADR 0029). Used by the engine and by `Step`."""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import get_related_populators

from fazhi.cases.models import Clock


@dataclass(frozen=True)
class Compiled:
    """A query by id the engine runs on every action, compiled once per database: compiling
    a select of three tables costs more than running it. Rows become instances as Django's
    ModelIterable makes them (the backend's converters, select_related populators)."""

    sql: str
    compiler: Any
    model: type
    init_list: list[str]
    span: slice
    populators: list
    converters: dict  # the backend's value converters, looked up once (Django does per query)

    def rows(self, key: int) -> list:
        db = self.compiler.connection
        with db.cursor() as cursor:
            cursor.execute(self.sql, [key])
            found = cursor.fetchall()
        if self.converters:
            found = self.compiler.apply_converters(found, self.converters)
        out = []
        for row in found:
            obj = self.model.from_db(db.alias, self.init_list, row[self.span])
            for populator in self.populators:
                populator.populate(row, obj)
            out.append(obj)
        return out


KEY = -424242  # stands for the id in the compiled statement


def compiled(name: str, rows: Callable[[], Any], key: str = "pk") -> Compiled:
    """`rows()` filtered by `key` = one parameter, compiled on first use for this thread's
    connection and kept on it (a compiler belongs to its connection, and goes with it)."""
    db = connections[DEFAULT_DB_ALIAS]
    cache: dict[str, Compiled] = db.__dict__.setdefault("_fazhi_compiled", {})
    if name not in cache:
        compiler = rows().filter(**{key: KEY}).query.get_compiler(connection=db)
        sql, params = compiler.as_sql()
        if list(params) != [KEY]:
            raise RuntimeError(f"{name}: unexpected parameters {params!r}")
        info, select = compiler.klass_info, compiler.select
        first, last = info["select_fields"][0], info["select_fields"][-1] + 1
        cache[name] = Compiled(
            sql=sql, compiler=compiler, model=info["model"],
            init_list=[f[0].target.attname for f in select[first:last]], span=slice(first, last),
            populators=get_related_populators(info, select, db.alias),
            converters=compiler.get_converters([s[0] for s in select[:compiler.col_count]]))
    return cache[name]


def values(row: Any) -> dict[str, Any]:
    """A row's field values, mutable ones copied (so changes made in place show)."""
    return {name: copy.deepcopy(v) if isinstance(v := getattr(row, name), (dict, list)) else v
            for name in attnames(type(row))}


@cache
def attnames(model: type) -> tuple[str, ...]:
    """The attribute names of a model's stored fields but its primary key."""
    return tuple(f.attname for f in model._meta.concrete_fields if not f.primary_key)


CLOCK_FIELDS = ("started_on", "stops", "extended", "due_on", "provisional", "paused",
                "explanation", "state", "finished_on", "party", "note")


def snapshot(clock: Clock) -> tuple:
    """The clock's fields as read, mutable ones (its stops) copied."""
    return tuple(copy.deepcopy(v) if isinstance(v := getattr(clock, name), (dict, list)) else v
                 for name in CLOCK_FIELDS)
