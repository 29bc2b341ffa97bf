"""County supervision (Issue 8): data checks, warnings, silent checks, proactive discovery, spot checks, real-name
reports, publicity duration and the overdue board.

One module per area; import the module you need (``from app.services.supervision import board``). This package
imports nothing on its own, so ``app.services.workflow`` can import the small ``anomalies`` guard without a cycle.
"""
