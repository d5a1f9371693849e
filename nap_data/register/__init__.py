"""The signatory register as a file: its columns, reading CSV and XLSX, checking every row.

Pure: no store, no Streamlit. `services/register.py` writes what these modules accept.
"""
