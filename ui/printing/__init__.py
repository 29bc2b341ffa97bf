"""Printing from the app: preview, the system print dialog, save as PDF, batches with a progress bar.

PDF bytes are made off the UI thread (:mod:`ui.printing.worker`); pages become images for Qt's printer through
:mod:`ui.printing.raster` (PySide6-Essentials has no QtPdf); every print and export is reported to an audit hook
that the composition root wires to :func:`app.services.printing.record_print`.
"""
