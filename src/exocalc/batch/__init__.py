"""`exocalc batch` by job: `input` reads rows from CSV or JSON Lines, `rows` turns a row into a
trip request, `run` prices rows in chunks (in worker processes for a long input) and writes
them in order, `records` writes one record a row in JSON Lines or CSV. It stands between the
output layer and the command line: `cli/batch.py` parses the options and hands over."""
