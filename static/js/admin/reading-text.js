// Wagtail's checks panel counts the words of the preview's <main>, which on an article also holds its comments,
// related articles and byline. The page's „Lesezeit“ counts the article's text (blog/reading_time.py): point the
// counter at the element the page marks as that text, so that both show the same figure.
(() => {
  const TARGET = { targetElement: "[data-reading-text]" };
  const retarget = (element) => {
    const controller = window.wagtail?.app?.getControllerForElementAndIdentifier(element, "w-preview");
    if (controller) {
      controller.contentExtractorOptions = TARGET;
    }
  };
  document.addEventListener("w-preview:ready", (event) => retarget(event.target));
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll('[data-controller~="w-preview"]').forEach(retarget);
  });
})();
