"""``lindung link``: output shapes and bad input (exit code 2)."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.linkage.conftest import LEFT_MAP, RIGHT_MAP, Files


def _args(files: Files, out: Path, *extra: str) -> list[str]:
    return [
        "--left", str(files.left), "--right", str(files.right),
        "--left-id", "id", "--right-id", "participant_id",
        "--left-map", LEFT_MAP, "--right-map", RIGHT_MAP,
        "--out", str(out), *extra,
    ]  # fmt: skip


class TestLinkCommand:
    def test_writes_matches_review_and_json_summary(
        self, linkage_files: Files, tmp_path: Path
    ) -> None:
        out, review = tmp_path / "matches.csv", tmp_path / "review.csv"
        stdout = StringIO()
        call_command(
            "link", *_args(linkage_files, out, "--review-out", str(review), "--json"), stdout=stdout
        )
        summary = json.loads(stdout.getvalue())
        assert set(summary) == {
            "left_rows", "right_rows", "links", "by_match_type", "review", "seconds"
        }  # fmt: skip
        assert set(summary["by_match_type"]) == {"nik_exact", "nik_near", "fuzzy"}
        with out.open() as f:
            rows = list(csv.reader(f))
        assert rows[0] == ["left_id", "right_id", "score", "match_type"]
        assert len(rows) - 1 == summary["links"]
        assert len({r[0] for r in rows[1:]}) == len(rows) - 1
        with review.open() as f:
            assert next(csv.reader(f)) == [
                "left_id", "right_id", "score", "match_type", "explanation"
            ]  # fmt: skip

    def test_shared_map_applies_to_both_sides(self, linkage_files: Files, tmp_path: Path) -> None:
        out = tmp_path / "m.csv"
        args = _args(linkage_files, out, "--json")
        args[args.index("--left-map") : args.index("--left-map") + 4] = [
            "--map", "nik=nik,name=nama", "--left-map", "birth_date=lahir",
            "--right-map", "birth_date=tgl_lahir",
        ]  # fmt: skip
        stdout = StringIO()
        call_command("link", *args, stdout=stdout)
        assert json.loads(stdout.getvalue())["links"] > 190

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (("--left-map", "name=no_such_column"), "missing column"),
            (("--left-map", "shoe_size=nama"), "Unknown field"),
            (("--left", "/nonexistent/roster.csv"), "Cannot read"),
        ],
    )
    def test_bad_input_exits_2(
        self, linkage_files: Files, tmp_path: Path, change: tuple[str, str], message: str
    ) -> None:
        out = tmp_path / "m.csv"
        args = _args(linkage_files, out, "--json")
        args[args.index(change[0]) + 1] = change[1]
        with pytest.raises(CommandError, match=message) as caught:
            call_command("link", *args, stdout=StringIO())
        assert caught.value.returncode == 2
        assert not out.exists()

    def test_unreadable_file_exits_2(self, linkage_files: Files, tmp_path: Path) -> None:
        binary = tmp_path / "binary.csv"
        binary.write_bytes(b"\xff\xfe\x00\x00garbage\x00")
        args = _args(linkage_files, tmp_path / "m.csv")
        args[args.index("--left") + 1] = str(binary)
        with pytest.raises(CommandError) as caught:
            call_command("link", *args, stdout=StringIO())
        assert caught.value.returncode == 2
