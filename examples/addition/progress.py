"""Copy a training command's output to its log, and say on stderr how far it got.

    trl sft ... 2>&1 | python examples/addition/progress.py LOG --label "base model"

TRL (transformers' Trainer) draws a progress bar, `225/500 [01:02<01:16, 3.60it/s]`, redrawn
with carriage returns, and logs `{'loss': ...}` every --logging_steps. Everything read goes to
LOG unchanged; on stderr, one line each time another tenth of the steps is done (and at the
end), with the step, the last loss, the time spent and the time left:

    [addition 13:40:02] base model: step 101/500 (20%), loss 0.425, 00:43 spent, 02:37 left
"""

from __future__ import annotations

import argparse
import codecs
import os
import re
import sys
import time

# the trainer's bar has no description: it starts with its percentage
BAR = re.compile(r"^\s*\d+%\|[^|]*\| *(\d+)/(\d+) \[([\d:]+)<([\d:?]+)")
LOSS = re.compile(r"'loss': '?([\d.e+-]+)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log")
    parser.add_argument("--label", default="training")
    parser.add_argument("--steps", type=int, help="the run's steps: bars of another length "
                        "(the datasets' preprocessing) are not the training's")
    parser.add_argument("--every", type=float, default=0.1, help="a line per this share of steps")
    args = parser.parse_args(argv)
    last_shown, loss, pending = -1, None, ""
    decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode
    with open(args.log, "wb") as log:
        # os.read returns what the pipe holds as soon as it holds something: a line on stderr
        # as soon as the step it tells of.
        while block := os.read(sys.stdin.fileno(), 1 << 16):
            log.write(block)
            log.flush()
            chunk = decode(block)
            pieces = re.split(r"[\r\n]", pending + chunk)
            pending = pieces.pop()
            for piece in pieces:
                if m := LOSS.search(piece):
                    loss = m.group(1)
                if not (m := BAR.search(piece)):
                    continue
                step, total = int(m.group(1)), int(m.group(2))
                if step == 0 or args.steps is not None and total != args.steps:
                    continue
                first = last_shown < 0 and step > 0
                due = first or step >= total or step - last_shown >= args.every * total
                if due and step != last_shown:
                    last_shown = step
                    lost = f", loss {float(loss):.3g}" if loss else ""
                    print(f"[addition {time.strftime('%H:%M:%S')}] {args.label}: step "
                          f"{step}/{total} ({100 * step // total}%){lost}, {m.group(3)} spent, "
                          f"{m.group(4)} left", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
