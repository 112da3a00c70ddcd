"""The command line on top of the pipeline: options in, calls into the core, findings and
summaries out. The only stage that imports `click`.
"""
