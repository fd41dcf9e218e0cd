"""Column-wise appends (``core.bulk``) store what the ORM would store, on both databases."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from django.db import IntegrityError, transaction

from lindung.core import bulk
from lindung.regulations.models import Holiday

pytestmark = pytest.mark.django_db


def _frame(days: list[date], names: list[str]) -> pl.DataFrame:
    table = Holiday._meta.db_table
    return pl.DataFrame({"date": days, "name": names}).select(
        bulk.reserve_ids(table, len(days)),
        pl.col("date"),
        pl.col("name"),
        pl.lit("61").alias("region_id"),
        pl.lit("SKB").alias("source"),
        pl.lit(bulk.stored_now()).alias("created_at"),
    )


class TestCopyFrame:
    def test_rows_read_back_through_the_orm(self):
        bulk.copy_frame(
            Holiday._meta.db_table,
            _frame([date(2035, 1, 2), date(2035, 6, 1)], ['Cuti "bersama", 1', ""]),
        )
        stored = list(Holiday.objects.order_by("date").values_list("date", "name", "region_id"))
        assert stored == [
            (date(2035, 1, 2), 'Cuti "bersama", 1', "61"),
            (date(2035, 6, 1), "", "61"),
        ]
        # Ids keep counting after the appended rows.
        later = Holiday.objects.create(
            date=date(2035, 7, 1), name="x", region_id="61", source="SKB"
        )
        assert later.pk > max(Holiday.objects.exclude(pk=later.pk).values_list("pk", flat=True))

    def test_a_taken_key_raises_djangos_error_and_writes_nothing(self):
        bulk.copy_frame(Holiday._meta.db_table, _frame([date(2035, 1, 2)], ["a"]))
        with pytest.raises(IntegrityError), transaction.atomic():
            bulk.copy_frame(
                Holiday._meta.db_table, _frame([date(2035, 3, 3), date(2035, 1, 2)], ["b", "c"])
            )
        assert Holiday.objects.count() == 1
