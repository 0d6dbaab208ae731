"""ledcheck: monitoring and evaluation checklists for SME development."""
__version__ = "0.1.0"
