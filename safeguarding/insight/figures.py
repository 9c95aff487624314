"""The results of the insight queries, kept until the files they read change.

Every figure on an insight page, on the staff home and beside an outcome measure comes
from DuckDB queries over the files of record of the accepted returns and the current
population table. Those change only when a return is accepted (superseding the one before
it), when a population table is loaded, or when what describes a file changes: its
obligation's agency and period, its template's kind, its agency's short name (see
`connect_receivers`). Opening DuckDB over every file and running the queries took over a
second on the staff home, so each query's result is kept in Django's cache under the
*figures version*, and each of those causes draws a new version (`figures_changed`).
Nothing kept under an older version is read again, and it expires on its own.

Only query results are kept. What a page does with them (suppression under the policy in
force, targets and statuses, labels, agency names, narratives) is worked out on every
load from the database, so a change to an indicator's definition, the disclosure policy or
an agency's name shows at once. A changed definition (another event type, breakdown or
period) asks a different query, which is a different key.

The version is random, never a counter: the database cache culls entries when it is full,
and a counter culled and begun again would bring back results kept under its old numbers.

A page reads the version once, before anything else, so what it keeps under that version
was read after the version was drawn. Each process also holds the results it has used
lately, under the same keys, so a page whose results are kept makes one cache read.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import polars as pl
from django.core.cache import cache
from django.db import transaction

from safeguarding.insight.engine import Warehouse

VERSION_KEY = "insight:figures:version"
# Results of an old version are never read again; a day lets them go without keeping the
# current ones long past a quiet day's first page.
RESULT_SECONDS = 24 * 60 * 60
# Results held in each process's memory (each a small frame of counts).
IN_PROCESS = 2048

_held: OrderedDict[str, pl.DataFrame] = OrderedDict()
_held_lock = threading.Lock()


def figures_version() -> str:
    """The current figures version, drawn now if there is none (or it was culled)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # `add` keeps whichever version another request drew first.
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return str(version)


def _draw() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def figures_changed(**_: Any) -> None:
    """Draw a new figures version, so every page works its figures out again.

    Call it (or send it as a signal's receiver) in the transaction that changes what the
    files of record say. The new version is drawn at once and again when the transaction
    commits: in the database cache the first is part of the transaction, so it appears
    with the change; in Redis it appears before the commit, and a page read in between
    would keep figures from before the change under it, which the second drawing leaves
    behind."""
    _draw()
    transaction.on_commit(_draw)


def _hold(key: str, frame: pl.DataFrame) -> None:
    with _held_lock:
        _held[key] = frame
        _held.move_to_end(key)
        while len(_held) > IN_PROCESS:
            _held.popitem(last=False)


def _held_frame(key: str) -> pl.DataFrame | None:
    with _held_lock:
        frame = _held.get(key)
        if frame is not None:
            _held.move_to_end(key)
        return frame


class Figures:
    """Query results under the current figures version, as a `Warehouse` gives them.

    DuckDB is opened (by `open_warehouse`) only when a result is not kept, and at most once.
    """

    def __init__(self, open_warehouse: Callable[[], Warehouse]) -> None:
        self.version = figures_version()
        self._open_warehouse = open_warehouse
        self._warehouse: Warehouse | None = None

    def _key(self, query: str) -> str:
        digest = hashlib.sha256(query.encode()).hexdigest()
        return f"insight:figures:{self.version}:{digest}"

    def frame(self, query: str) -> pl.DataFrame:
        """A query's result: held in this process, kept in the cache, or run now."""
        key = self._key(query)
        frame = _held_frame(key)
        if frame is None:
            frame = cache.get(key)
            if frame is None:
                if self._warehouse is None:
                    self._warehouse = self._open_warehouse()
                frame = self._warehouse.frame(query)
                cache.set(key, frame, timeout=RESULT_SECONDS)
            _hold(key, frame)
        return frame

    def close(self) -> None:
        if self._warehouse is not None:
            self._warehouse.close()
            self._warehouse = None

    def __enter__(self) -> Figures:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect_receivers() -> None:
    """Draw a new version whenever what the files of record say may have changed: a return
    accepted (superseding the one before), and, since they are edited without a service of
    their own, an obligation (its agency and period describe its file), a template (its
    kind says which view its files are in), an agency (its short name is in every row it
    sent) or a return deleted. Loading a population table calls `figures_changed` itself."""
    from django.db.models import Model
    from django.db.models.signals import post_delete, post_save

    from safeguarding.core.models import Agency
    from safeguarding.returns.models import ReturnObligation, ReturnTemplate, Submission
    from safeguarding.returns.signals import return_accepted

    return_accepted.connect(figures_changed, dispatch_uid="insight.figures.accepted")
    edited: list[type[Model]] = [ReturnObligation, ReturnTemplate, Agency]
    for model in edited:
        post_save.connect(figures_changed, sender=model, dispatch_uid=f"insight.figures.{model}")
    deleted: list[type[Model]] = [*edited, Submission]
    for model in deleted:
        post_delete.connect(
            figures_changed, sender=model, dispatch_uid=f"insight.figures.{model}.deleted"
        )
