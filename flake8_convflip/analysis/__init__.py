"""Facts shared by the rules: names, kernels, windows, comparisons and intent.

Everything here reads a libcst tree and answers questions; nothing reports.
"""
