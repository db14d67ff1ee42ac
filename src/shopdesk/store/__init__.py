"""Store data: the JSON import format, the importer and the demo store generator."""

from shopdesk.store.demo import DEMO_EXAMPLES, generate_demo_store
from shopdesk.store.errors import Issue, StoreImportError
from shopdesk.store.importer import ImportSummary, KindSummary, import_document, load_document
from shopdesk.store.schemas import StoreDocument
from shopdesk.store.validation import parse_document

__all__ = [
    "DEMO_EXAMPLES",
    "ImportSummary",
    "Issue",
    "KindSummary",
    "StoreDocument",
    "StoreImportError",
    "generate_demo_store",
    "import_document",
    "load_document",
    "parse_document",
]
