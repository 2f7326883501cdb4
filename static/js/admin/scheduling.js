// The scheduling dialog's date pickers open in the dialog's flow (css/admin-scheduling.css) and close when their field
// loses the focus. A mousedown on „Zeitplan speichern“ would take the focus, close the picker, move the button up from
// under the pointer and lose the click: the button leaves the focus where it is, so the click lands on it.
document.addEventListener(
  "mousedown",
  (event) => {
    if (event.target.closest("#schedule-publishing-dialog button[type=submit]")) {
      event.preventDefault();
    }
  },
  true,
);
