"""The report: helpers the notebooks call, and the build that executes and publishes them.

Nothing here is imported by `baicheng_report` itself: loading data never pulls in the report stack.
"""
