"""Cases that are paths rather than contents: a symlink loop, a symlink to /dev/zero, a folder, a FIFO, and
files whose names carry control, escape and bidi characters or take 254 bytes."""

from __future__ import annotations

import os
from pathlib import Path

from tests.hostile.cases import Case, Expect, err, ok
from tests.hostile.text_builders import FINNISH

NOT_OFFERED = Expect(code="not_offered")
"""Upload: a path that cannot be offered to an uploader (a link loop, a device, a folder)."""
CONTROL_NAMES = {
    "ansi": "ohje\x1b[2J\x1b[31mpunainen.txt",
    "newline": "rivi\nERROR vaarennetty rivi.md",
    "bel": "kello\x07soi.txt",
    "rlo": "lasku\u202etxt.exe.md",
    "long": "ä" * 125 + "a.md",  # 254 bytes: the longest name Linux allows, nearly
}


def generate_paths(folder: Path) -> list[Case]:
    """Cases that are paths rather than contents: a symlink loop, a symlink to /dev/zero, a folder, a
    FIFO, and files whose names carry control, escape and bidi characters or take 254 bytes. (Not in
    `generate`: the app's uploader cannot be handed a path, and the upload tests compare names.)"""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    loop = folder / "silmukka.txt"
    loop.symlink_to(loop.name)
    cases.append(Case("silmukka.txt", "a symlink pointing to itself (loop)", loop, err("symlink_loop"),
                      NOT_OFFERED, err("symlink_loop")))  # fmt: skip
    zero = folder / "nolla.txt"
    zero.symlink_to("/dev/zero")
    device = err("special_file", "/dev/zero")
    cases.append(Case("nolla.txt", "a symlink to /dev/zero (endless device)", zero, device, NOT_OFFERED,
                      device))  # fmt: skip
    directory = folder / "kansio.md"
    directory.mkdir()
    (directory / "sisalla.md").write_text("# Sisällä\n\nKansion tiedosto.\n", encoding="utf-8")
    cases.append(Case("kansio.md", "a folder named like a file", directory, err("directory"), NOT_OFFERED,
                      err("directory")))  # fmt: skip
    fifo = folder / "putki.txt"
    os.mkfifo(fifo)
    cases.append(Case("putki.txt", "a named pipe (FIFO): reading would block forever", fifo,
                      err("special_file", "FIFO"), NOT_OFFERED, err("special_file", "FIFO")))  # fmt: skip
    for what, name in CONTROL_NAMES.items():
        path = folder / name
        path.write_text(f"# Muistio {what}\n\n{FINNISH}Nimen testi: {what}.\n", encoding="utf-8")
        fmt = ok(path.suffix.lstrip("."))
        cases.append(Case(name, f"a text file whose name holds {what} characters", path, fmt, fmt,
                          err("unsupported_type")))  # fmt: skip
    return cases
