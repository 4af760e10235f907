"""Input and output: raw files in (`files`), bytes to text (`decode`, the first stage), and
the clean folder out (`clean_folder`: the published contract, written and read back; `lock`:
one writer at a time)."""
