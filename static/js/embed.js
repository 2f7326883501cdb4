// Click-to-load embeds: the third party's markup lives in an inert <template> until the reader asks for it.
for (const embed of document.querySelectorAll("[data-embed]")) {
    const button = embed.querySelector("[data-embed-load]");
    const content = embed.querySelector("template[data-embed-content]");
    if (!button || !content) continue;
    button.addEventListener("click", () => {
        const placeholder = embed.querySelector(".embed__placeholder");
        placeholder.replaceWith(content.content.cloneNode(true));
    });
}
