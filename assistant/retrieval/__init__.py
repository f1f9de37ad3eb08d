"""Hybrid retrieval: dense (multilingual embeddings) + BM25 over Finnish stems, fused in one place."""
