"""``lindung link --threads/--memory-limit``: bounds on what a run takes from the machine."""

from __future__ import annotations

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
        "--out", str(out), "--json", *extra,
    ]  # fmt: skip


class TestResourceFlags:
    def test_links_within_the_given_bounds(self, linkage_files: Files, tmp_path: Path) -> None:
        out = tmp_path / "m.csv"
        stdout = StringIO()
        call_command(
            "link",
            *_args(linkage_files, out, "--threads", "1", "--memory-limit", "512MB"),
            stdout=stdout,
        )
        assert json.loads(stdout.getvalue())["links"] > 190
        assert out.exists()

    @pytest.mark.parametrize(
        ("flags", "message"),
        [(("--memory-limit", "plenty"), "Memory limit"), (("--threads", "0"), "Threads")],
    )
    def test_bad_bounds_exit_2(
        self, linkage_files: Files, tmp_path: Path, flags: tuple[str, str], message: str
    ) -> None:
        out = tmp_path / "m.csv"
        with pytest.raises(CommandError, match=message) as caught:
            call_command("link", *_args(linkage_files, out, *flags), stdout=StringIO())
        assert caught.value.returncode == 2
        assert not out.exists()
