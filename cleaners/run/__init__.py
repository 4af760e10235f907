"""Runs over a whole raw folder: planning (full or incremental, `plan.py`), and the run
itself without any orchestrator (`corpus.py`), which the Prefect flow drives too."""
