"""Helpers for the Streamlit app (``app.py``) that are not UI code.

Slider specifications from the lever catalogue, the share rebalancing rule, fast runs and the
uncertainty band on the batch engine, chart builders, scenario files, provenance and strings in
Chinese and English. The model never imports this package.
"""
