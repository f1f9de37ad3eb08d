"""Wall times of the CLI against servers that do not answer: one that never sends a byte and one that
drips a byte every 3 s. For `ask` and a one-message `chat`: when the answer was printed, when the process
exited, and the longest time any request was held open (it must not outlive LLM_TIMEOUT_S).

    python evals/llm/bounds.py [--timeout 30] [--data-dir DIR] [--root .]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from evals.llm.run import QUESTIONS, environment, run_cli  # noqa: E402
from evals.llm.servers import DripServer  # noqa: E402

SERVERS = {"silent": None, "drip 3 s": 3.0}
LIMIT_S = 400.0


@dataclass
class Timing:
    server: str
    command: str
    answered_s: float
    exited_s: float | None  # None: killed at LIMIT_S
    longest_call_s: float
    calls: int

    def line(self, timeout_s: float) -> str:
        exited = "killed" if self.exited_s is None else f"{self.exited_s:.1f}"
        lag = "-" if self.exited_s is None else f"{self.exited_s - self.answered_s:.1f}"
        within = "yes" if self.longest_call_s <= timeout_s + 1.0 else "NO"
        return (
            f"{self.server:9} {self.command:5} answered {self.answered_s:6.1f} s  exited {exited:>6} s  "
            f"(+{lag} s)  calls {self.calls}  longest call {self.longest_call_s:5.1f} s  "
            f"within LLM_TIMEOUT_S: {within}"
        )


def _plan(root: Path, env: dict[str, str]) -> str:
    lines, _, _ = run_cli(["chat", "--lang", "fi"], {**env, "LLM_MODEL": ""}, root, "Alue D\n", 300)
    return next((t.split("plan id:", 1)[1].strip() for _, t in lines if "plan id:" in t), "")


def measure(root: Path, index_dir: Path, timeout_s: float, every_s: float | None, name: str) -> list[Timing]:
    timings = []
    with tempfile.TemporaryDirectory(prefix="llm-bounds-") as tmp, DripServer(every_s=every_s) as server:
        data_dir = Path(tmp) / "data"
        shutil.copytree(index_dir, data_dir)
        env = environment(root, data_dir, server.url, Path(tmp) / "o.jsonl", timeout_s)
        plan_id = _plan(root, env)
        runs = {
            "ask": (["ask", plan_id, QUESTIONS[0], "--lang", "fi"], None),
            "chat": (["chat", "--lang", "fi"], "Alue D\n"),
        }
        for command, (args, stdin) in runs.items():
            before = len(server.held)
            lines, started, exited = run_cli(args, env, root, stdin, LIMIT_S)
            done = max((when for when, _ in lines), default=started)
            held = server.held[before:]
            timings.append(
                Timing(
                    name,
                    command,
                    done - started,
                    None if exited is None else exited - started,
                    max(held, default=0.0),
                    len(held),
                )
            )
    return timings


def main() -> None:
    from evals.llm.run import ensure_index

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--timeout", type=float, default=30.0, help="LLM_TIMEOUT_S")
    ap.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "llm-eval-index")
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout to run (e.g. /work/main: before)")
    args = ap.parse_args()
    index_dir = ensure_index(args.data_dir)
    print(f"# {args.root}, LLM_TIMEOUT_S={args.timeout}")
    for name, every_s in SERVERS.items():
        for timing in measure(args.root, index_dir, args.timeout, every_s, name):
            print(timing.line(args.timeout), flush=True)


if __name__ == "__main__":
    main()
