"""The command line: arguments in; an options value for one command (see commands), then its
result printed as lines or JSON, and an exit code. The only stage that imports `click`.
"""
