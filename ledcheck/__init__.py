"""ledcheck: monitoring and evaluation checklists for SME development."""
__version__ = "0.1.0"

__all__ = ["__version__", "load_checklist", "load_submission", "score", "score_file"]


def __getattr__(name: str) -> object:
    """Lazy public API: importing ``ledcheck`` stays cheap for the CLI's start-up."""
    if name == "load_checklist":
        from .checklist import load_checklist
        return load_checklist
    if name == "load_submission":
        from .submission import load_submission
        return load_submission
    if name == "score":
        from .scoring import score
        return score
    if name == "score_file":
        from .api import score_file
        return score_file
    raise AttributeError(f"module 'ledcheck' has no attribute {name!r}")
