"""Publishing: the descriptor, the data dictionary, exports, metadata files, errata."""
