"""The import's peers, side by side on one owners file (``bench/peers/run.py``)."""
