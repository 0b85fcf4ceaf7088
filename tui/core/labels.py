"""The entity labels: in a module of their own, because the app needs them to draw its
first frame (the label keys 1-8, the reader's colours) and models.py, with its
dataclasses, is a few milliseconds the first frame need not wait for."""

# spaCy's OntoNotes label set: an analyst may use any of them by hand.
LABELS: tuple[str, ...] = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT",
    "WORK_OF_ART", "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY",
    "QUANTITY", "ORDINAL", "CARDINAL",
)
# The labels the pipeline keeps from the model: the ones an analyst reads for.
# Numbers, money and the like are noise in a reader about who met whom.
EXTRACTED_LABELS: tuple[str, ...] = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT", "DATE")
