"""The colours and shapes of szkg's pages: one palette for the explorer, the report and the notebooks."""

#: class → (colour, vis-network shape)
CLASS_STYLE = {
    "Firm": ("#2f80ed", "dot"),
    "Organization": ("#9b51e0", "square"),
    "Person": ("#f2994a", "triangle"),
    "Place": ("#27ae60", "hexagon"),
    "Industry": ("#eb5757", "diamond"),
    "Policy": ("#b7791f", "star"),
    "Product": ("#00a3a3", "triangleDown"),
    "Recognition": ("#d53f8c", "ellipse"),
    "": ("#7b8794", "dot"),
}
#: colours given to predicates in sorted order (the list repeats after twenty)
PREDICATE_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
                     "#17becf", "#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd",
                     "#e6550d", "#31a354", "#756bb1", "#636363", "#ad494a", "#8ca252")  # fmt: skip


def class_colour(entity_class: str) -> str:
    """The colour of an entity class (grey for an unknown or missing one)."""
    return CLASS_STYLE.get(entity_class, CLASS_STYLE[""])[0]
