"""Run the ``spacegraph`` CLI with a fault injected, for ``test_faults.py`` (test code only).

``SPACEGRAPH_TEST_FAULT`` picks the fault:

- ``pause-staging``: after the second output is written into the staging
  folder, create the file named by ``SPACEGRAPH_TEST_MARKER`` and sleep, so the
  test can send a signal while the build is inside its staging phase;
- ``kill-commit``: kill the process (SIGKILL) right after the second output
  has moved into place, between two moves of the commit.

Without it, the CLI runs unchanged.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from spacegraph import atomic
from spacegraph.cli import main

fault = os.environ.get("SPACEGRAPH_TEST_FAULT", "")

if fault == "pause-staging":
    real_write = atomic.Staging.write

    def paused_write(self: atomic.Staging, name: str, data: str | bytes) -> None:
        real_write(self, name, data)
        if len(self.names) == 2:
            Path(os.environ["SPACEGRAPH_TEST_MARKER"]).write_text(str(self.folder))
            time.sleep(120)

    atomic.Staging.write = paused_write  # type: ignore[method-assign]

elif fault == "kill-commit":
    real_replace = os.replace
    moved: list[str] = []

    def killing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        real_replace(src, dst)
        if ".staging-" not in str(dst):
            moved.append(str(dst))
            if len(moved) == 2:
                os.kill(os.getpid(), signal.SIGKILL)

    atomic.os.replace = killing_replace  # type: ignore[assignment]

if __name__ == "__main__":
    sys.argv[0] = "spacegraph"
    main()
