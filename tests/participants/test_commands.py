"""``lindung participants load|list``."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lindung.participants.models import Participant, Snapshot
from tests.factories.participants import extract_csv, row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_load_prints_json(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes(extract_csv([*(row(n) for n in range(1, 10)), row(10, kpj="12")]))
    out = StringIO()
    call_command("participants", "load", str(path), "--date", "2026-06-30", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["loaded"] == 9
    assert result["rejected"] == 1
    assert result["comparison"]["changes"] == {"first": 9}
    listing = StringIO()
    call_command("participants", "list", stdout=listing)
    assert "2026-06-30\tloaded\t9\t1\te.csv" in listing.getvalue()


def test_refused_file_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes(b"kpj,nama\n1,Budi\n")
    with pytest.raises(CommandError) as info:
        call_command("participants", "load", str(path), "--date", "2026-06-30")
    assert info.value.returncode == 2
    assert "missing column" in str(info.value)
    assert not Participant.objects.exists()


def test_bad_date_and_missing_file_exit_2(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as info:
        call_command("participants", "load", str(tmp_path / "none.csv"), "--date", "2026-06-30")
    assert info.value.returncode == 2
    path = tmp_path / "e.csv"
    path.write_bytes(extract_csv([row(1)]))
    with pytest.raises(CommandError) as info:
        call_command("participants", "load", str(path), "--date", "30/06/2026")
    assert info.value.returncode == 2
    assert not Snapshot.objects.exists()
