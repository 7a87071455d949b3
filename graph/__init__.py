"""szkg: an evidence-backed knowledge graph of firms, policies and industries from news articles.

The public API is assembled here; modules are one responsibility each (see README).
"""

from graph.errors import OntologyError, QueryError, SourceError, StoreError, SzkgError

__all__ = ["SzkgError", "SourceError", "OntologyError", "StoreError", "QueryError", "__version__"]
__version__ = "0.1.0"
