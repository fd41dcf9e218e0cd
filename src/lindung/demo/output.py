"""Where demo loaders report progress: a management command's stdout or any writer."""

from __future__ import annotations

from typing import Protocol


class Writer(Protocol):
    """Anything with ``write(text)``: ``self.stdout`` in a command, ``sys.stdout``, a buffer."""

    def write(self, msg: str, /) -> object: ...
