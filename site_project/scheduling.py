"""The scheduling dialog of the status side panel („Zeitplan festlegen“), with date pickers that open in the dialog's
flow instead of over „Zeitplan speichern“.

Wagtail's ``PublishingPanel`` gives both fields an ``AdminDateTimeInput`` whose picker is laid over the dialog
(``parentID``); opened on the go-live field it covers the expiry field and the save button, and a click meant for the
button lands on a day of the calendar. The picker's own ``insideParent`` option puts it under its field instead, and
``css/admin-scheduling.css`` keeps it there in the flow, so the button moves down while a picker is open. A picker
closes when its field loses the focus; ``js/admin/scheduling.js`` keeps the focus off „Zeitplan speichern“ on mousedown,
so the button does not move up from under the pointer before the click.
"""

from wagtail.admin.panels import PublishingPanel
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.models import Page


class InlineDateTimeInput(AdminDateTimeInput):
    def get_config(self):
        # Not closed by the mousedown on „Zeitplan speichern“: closing would shrink the dialog under the pointer and
        # the click would miss the button.
        return {**super().get_config(), "insideParent": True, "closeOnWithoutClick": False}


class SchedulePanel(PublishingPanel):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for child in self.children:
            child.widget = InlineDateTimeInput(attrs=child.widget.attrs)


def settings_panels(*extra):
    """``Page.settings_panels`` with the schedule dialog above, then ``extra``."""
    return [SchedulePanel(), *Page.settings_panels[1:], *extra]
