"""Rows written on every engine action, without the ORM's per-statement compilation
(ADR 0029): each INSERT, upsert and UPDATE is built once per model (and set of columns)
and then only executed. Compiling an INSERT cost more than running it on SQLite.

For plain models only: a model with pre_save/post_save receivers, a database default or
a generated column goes through `save()` / `bulk_create()` as before, so nothing a
receiver or the database adds is skipped. Values are prepared by each field exactly as
the ORM prepares them (`pre_save`, `get_db_prep_save`), on the default database.
"""

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import signals
from django.db.models.fields import NOT_PROVIDED


def _db():
    """The default connection itself: each use of the `connection` proxy looks it up again
    (a context-local read), and preparing a row's values uses it once per field."""
    return connections[DEFAULT_DB_ALIAS]


def plain(model: type[models.Model], db=None) -> bool:
    """True when writing a row of `model` by hand skips nothing: no save receivers, no
    database default or generated column, a backend that returns inserted ids."""
    return (_simple(model) and not signals.pre_save.has_listeners(model)
            and not signals.post_save.has_listeners(model)
            and (db or _db()).features.can_return_columns_from_insert)


@cache
def _simple(model: type[models.Model]) -> bool:
    return all(getattr(f, "db_default", NOT_PROVIDED) is NOT_PROVIDED
               and not getattr(f, "generated", False) for f in model._meta.concrete_fields)


@cache
def _columns(model: type[models.Model]) -> tuple[tuple[models.Field, ...], bool]:
    """The fields an INSERT names, and whether the database assigns the primary key."""
    pk = model._meta.pk
    auto = isinstance(pk, models.AutoField)
    return tuple(f for f in model._meta.concrete_fields if not (auto and f is pk)), auto


@cache
def _insert_sql(model: type[models.Model], vendor: str, rows: int, tail: str) -> str:
    q = _db().ops.quote_name
    fields, auto = _columns(model)
    one = f"({', '.join(['%s'] * len(fields))})"
    returning = f" RETURNING {q(model._meta.pk.column)}" if auto else ""
    return (f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
            f"VALUES {', '.join([one] * rows)}{tail}{returning}")


def _values(row: models.Model, fields: Sequence[models.Field], db) -> list[Any]:
    return [f.get_db_prep_save(f.pre_save(row, True), db) for f in fields]


def _written(row: models.Model, pk: Any = None) -> None:
    if pk is not None:
        row.pk = pk
    row._state.adding, row._state.db = False, DEFAULT_DB_ALIAS


def insert_row(row: models.Model) -> None:
    """INSERT one new row (`save(force_insert=True)` for a model that is not `plain`)."""
    model, db = type(row), _db()
    if not plain(model, db):
        row.save(force_insert=True)
        return
    fields, auto = _columns(model)
    with db.cursor() as cursor:
        cursor.execute(_insert_sql(model, db.vendor, 1, ""), _values(row, fields, db))
        _written(row, cursor.fetchone()[0] if auto else None)


def insert_unless_taken(row: models.Model, unique: str) -> bool:
    """INSERT a new row of a `plain` model with a database-assigned id, unless another row
    already holds its value of the `unique` field: then nothing is written and False is
    returned. No error is raised, so the transaction carries on without a savepoint
    (`INSERT … ON CONFLICT (unique) DO NOTHING RETURNING id`)."""
    model, db = type(row), _db()
    fields, auto = _columns(model)
    if not (auto and plain(model, db)):
        raise RuntimeError(f"{model.__name__}: insert_unless_taken needs a plain model with an "
                           "auto id")
    tail = f" ON CONFLICT({db.ops.quote_name(model._meta.get_field(unique).column)}) DO NOTHING"
    with db.cursor() as cursor:
        cursor.execute(_insert_sql(model, db.vendor, 1, tail), _values(row, fields, db))
        found = cursor.fetchone()
    if found is None:
        return False
    _written(row, found[0])
    return True


def insert_new(rows: Sequence[models.Model]) -> None:
    """INSERT rows of one model in one statement, skipping those that would break a
    uniqueness constraint (as `bulk_create(ignore_conflicts=True)`: no ids read back)."""
    if not rows:
        return
    model, db = type(rows[0]), _db()
    if not plain(model, db):
        model._base_manager.bulk_create(rows, ignore_conflicts=True)
        return
    fields, auto = _columns(model)
    sql = _insert_sql(model, db.vendor, len(rows), " ON CONFLICT DO NOTHING")
    if auto:
        sql = sql[:sql.rindex(" RETURNING ")]
    with db.cursor() as cursor:
        cursor.execute(sql, [v for row in rows for v in _values(row, fields, db)])
    for row in rows:
        row._state.adding = False


@cache
def _upsert_tail(model: type[models.Model], vendor: str, unique: tuple[str, ...],
                 update: tuple[str, ...]) -> str:
    q, meta = _db().ops.quote_name, model._meta
    targets = ", ".join(q(meta.get_field(name).column) for name in unique)
    sets = ", ".join(f"{q(c)} = EXCLUDED.{q(c)}"
                     for c in (meta.get_field(name).column for name in update))
    return f" ON CONFLICT({targets}) DO UPDATE SET {sets}"


def upsert_row(row: models.Model, unique: Iterable[str], update: Iterable[str]) -> None:
    """INSERT a row or, when one with the same `unique` fields exists, UPDATE its `update`
    fields; the row gets the id of the one written (as `bulk_create(update_conflicts=True)`)."""
    model, unique, update, db = type(row), tuple(unique), tuple(update), _db()
    if not plain(model, db):
        model._base_manager.bulk_create([row], update_conflicts=True, unique_fields=unique,
                                        update_fields=update)
        return
    fields, auto = _columns(model)
    sql = _insert_sql(model, db.vendor, 1, _upsert_tail(model, db.vendor, unique, update))
    with db.cursor() as cursor:
        cursor.execute(sql, _values(row, fields, db))
        _written(row, cursor.fetchone()[0] if auto else None)


@cache
def _update_sql(model: type[models.Model], vendor: str,
                changed: tuple[str, ...]) -> tuple[str, tuple[models.Field, ...]]:
    q, meta = _db().ops.quote_name, model._meta
    fields = tuple(meta.get_field(name) for name in changed)
    return (f"UPDATE {q(meta.db_table)} SET " + ", ".join(f"{q(f.column)} = %s" for f in fields)
            + f" WHERE {q(meta.pk.column)} = %s", fields)


def update_row(row: models.Model, changed: Iterable[str]) -> None:
    """Write the named fields of a row in one UPDATE; a model with save receivers (or
    anything else `plain` rules out) is saved by the ORM, so no receiver is ever skipped."""
    changed = tuple(changed)
    if not changed:
        return
    db = _db()
    if not plain(type(row), db):
        row.save(update_fields=changed)
        return
    sql, fields = _update_sql(type(row), db.vendor, changed)
    with db.cursor() as cursor:
        cursor.execute(sql, [*(f.get_db_prep_save(f.pre_save(row, False), db) for f in fields),
                             row.pk])
