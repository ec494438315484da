"""Field forms (KoboToolbox, Ona, ODK Central): their definitions and their exports.

Pure Python, no Django, no I/O beyond the bytes given. ``read_form`` reads a form
definition (XLSForm, JSON form, Kobo asset, XForm); ``read_export`` reads an export as it
comes, through that form; ``propose`` suggests a mapping to our fields; ``to_record``
applies one to a submission. Where a record goes (properties, assessments, evidence) is
the monitoring app's business (``shield.monitoring.fieldforms_import``).
"""

from .exports import Attachment, Export, ExportUnreadable, Submission, read_export
from .form import Choice, Form, FormUnreadable, Question, read_form
from .mapping import MappingProblem, Proposal, Target, check, check_coded, propose, targets
from .memory import collector_paused
from .records import Problem, Record, same_content, to_record

__all__ = [
    "Attachment",
    "Choice",
    "Export",
    "ExportUnreadable",
    "Form",
    "FormUnreadable",
    "MappingProblem",
    "Problem",
    "Proposal",
    "Question",
    "Record",
    "Submission",
    "Target",
    "check",
    "collector_paused",
    "check_coded",
    "propose",
    "read_export",
    "read_form",
    "same_content",
    "targets",
    "to_record",
]
