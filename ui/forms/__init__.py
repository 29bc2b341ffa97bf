"""Generic rendering of official form definitions (``forms/``), signature pads and two-investigator sign-off."""

from ui.forms.backend import CallbackBackend, FormBackend, StoreFormBackend
from ui.forms.record_panel import FieldRecordPanel
from ui.forms.renderer import FormRenderer
from ui.forms.sign_off import SignOffPanel
from ui.forms.signature_pad import SignaturePad

__all__ = [
    "CallbackBackend",
    "FieldRecordPanel",
    "FormBackend",
    "FormRenderer",
    "SignOffPanel",
    "SignaturePad",
    "StoreFormBackend",
]
