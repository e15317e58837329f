"""Sources -> articles -> passages -> store, incrementally."""

from ingest.articles import Article
from ingest.chunking import Chunk, chunk_text, split_sentences
from ingest.errors import (
    EmptyArticle,
    MalformedSource,
    SourceError,
    SourceNotFound,
    UndecodableText,
    UnreadableSource,
    UnsupportedSource,
)
from ingest.loaders import SUPPORTED_SUFFIXES, Discovery, discover, load_file, parse_date
from ingest.pipeline import Ingestor, IngestReport, ProgressListener

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Article",
    "Chunk",
    "Discovery",
    "EmptyArticle",
    "IngestReport",
    "Ingestor",
    "MalformedSource",
    "ProgressListener",
    "SourceError",
    "SourceNotFound",
    "UndecodableText",
    "UnreadableSource",
    "UnsupportedSource",
    "chunk_text",
    "discover",
    "load_file",
    "parse_date",
    "split_sentences",
]
