"""Analysis of the entity graph: the networkx projection, metrics, communities, paths and impact."""
