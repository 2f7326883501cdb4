// wagtail-localize's translation editor writes a few words in English whatever the editor's language (its React
// code has no gettext for them): the heading of each tab ("Deutsch to English translation") and the publish menu's
// toggle ("More actions"). Translated here with Django's JavaScript catalogue (our locale/*/djangojs.po).
(function () {
  "use strict";
  if (typeof window.gettext !== "function") return;
  const HEADING = /^(.+) to (.+) translation$/;

  function translate(root) {
    for (const heading of root.querySelectorAll(".js-translation-editor h3")) {
      const match = heading.textContent.match(HEADING);
      if (match) {
        heading.textContent = window.interpolate(
          window.gettext("%(source)s to %(target)s translation"),
          { source: match[1], target: match[2] },
          true,
        );
      }
    }
    for (const label of root.querySelectorAll(".js-translation-editor .w-sr-only")) {
      if (label.textContent === "More actions") label.textContent = window.gettext("More actions");
    }
  }

  function start() {
    const editor = document.querySelector(".js-translation-editor");
    if (!editor) return;
    translate(document);
    new MutationObserver(() => translate(document)).observe(editor, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
