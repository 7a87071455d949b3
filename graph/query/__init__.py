"""Asking the graph: saved questions and their parameters, the safety inspection, names →
entities, entity cards, the runners that stop a query at its deadline, and the endpoint."""
