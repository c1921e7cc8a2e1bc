"""Data in and out: the store, Excel reading and writing, the bundled workbooks, exports. Uses ita.core only."""
