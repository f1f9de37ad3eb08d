"""Ingestion: files -> structural blocks -> chunks -> vectors in the store."""
