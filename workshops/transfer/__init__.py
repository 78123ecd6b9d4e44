"""Moving a whole workshop between installations: `export_workshop` and `import_workshop`.

`schema.py` says what belongs to a workshop and how each relation is carried, `dump.py`
writes the JSON document, `load.py` reads it back into new rows, `payloads.py` rewrites the
ids inside event payloads.
"""
