// Comments: one reply form that moves under the comment being answered, remembered commenter details, and
// Google's reCAPTCHA loaded only once the reader starts writing, never with the page.
const section = document.querySelector("[data-comments]");
const respond = section && section.querySelector("[data-respond]");
const form = respond && respond.querySelector("[data-comment-form]");

const COOKIES = { name: "comment_author", email: "comment_author_email", url: "comment_author_url" };

function readCookie(name) {
    const entry = document.cookie.split("; ").find((part) => part.startsWith(`${name}=`));
    if (!entry) return null;
    try {
        return decodeURIComponent(entry.slice(name.length + 1));
    } catch {
        return null;
    }
}

function prefill() {
    let remembered = false;
    for (const [field, cookie] of Object.entries(COOKIES)) {
        const value = readCookie(cookie);
        const input = form.elements[field];
        if (value && input && !input.value) {
            input.value = value;
            remembered = true;
        }
    }
    if (remembered && form.elements.remember) form.elements.remember.checked = true;
}

// --- reCAPTCHA on demand -------------------------------------------------------------------------------------
const captcha = form && form.querySelector("[data-recaptcha]");
let loading = null;
let widgetId = null;

function showCaptchaError() {
    if (form.querySelector("[data-recaptcha-error]")) return;
    const message = document.createElement("p");
    message.className = "field-error";
    message.setAttribute("role", "alert");
    message.dataset.recaptchaError = "";
    message.textContent = form.dataset.recaptchaUnavailable;
    captcha.append(message);
}

function loadRecaptcha() {
    if (loading || !captcha) return loading;
    const version = captcha.dataset.recaptchaVersion;
    const sitekey = captcha.dataset.sitekey;
    const lang = document.documentElement.lang || "de";
    loading = new Promise((resolve, reject) => {
        window.__commentsRecaptchaLoaded = () => resolve(window.grecaptcha);
        const script = document.createElement("script");
        const query =
            version === "v3"
                ? `render=${encodeURIComponent(sitekey)}&onload=__commentsRecaptchaLoaded&hl=${lang}`
                : `render=explicit&onload=__commentsRecaptchaLoaded&hl=${lang}`;
        script.src = `https://${captcha.dataset.recaptchaDomain}/recaptcha/api.js?${query}`;
        script.async = true;
        script.onerror = () => reject(new Error("reCAPTCHA unavailable"));
        document.head.append(script);
    });
    loading
        .then((grecaptcha) => {
            if (version !== "v3") {
                widgetId = grecaptcha.render(captcha.querySelector("[data-recaptcha-slot]"), { sitekey });
            }
        })
        .catch(showCaptchaError);
    return loading;
}

function onSubmitV3(event) {
    const token = captcha.querySelector("[data-recaptcha-token]");
    if (!token || token.value) return;
    event.preventDefault();
    (loading || loadRecaptcha())
        .then(
            (grecaptcha) =>
                new Promise((resolve) =>
                    grecaptcha.ready(() =>
                        grecaptcha.execute(captcha.dataset.sitekey, { action: captcha.dataset.recaptchaAction || "comment" }).then(resolve),
                    ),
                ),
        )
        .then((value) => {
            token.value = value;
            form.submit();
        })
        .catch(showCaptchaError);
}

// --- The one reply form ------------------------------------------------------------------------------------
const title = respond && respond.querySelector("[data-reply-title]");
const cancel = respond && respond.querySelector("[data-cancel-reply]");
const home = section && section.querySelector("[data-respond-home]");

function resetCaptchaAfterMove() {
    // A moved iframe reloads; reCAPTCHA needs a fresh widget in its new place.
    if (widgetId !== null && window.grecaptcha) window.grecaptcha.reset(widgetId);
}

function replyTo(link) {
    const slot = section.querySelector(`[data-reply-slot="${CSS.escape(link.dataset.replyTo)}"]`);
    if (!slot) return;
    slot.append(respond);
    form.elements.parent.value = link.dataset.replyTo;
    title.textContent = title.dataset.replyTemplate.replace("{name}", link.dataset.replyName);
    cancel.hidden = false;
    resetCaptchaAfterMove();
    form.elements.text.focus();
}

function cancelReply(event) {
    event.preventDefault();
    home.append(respond);
    form.elements.parent.value = "";
    title.textContent = title.dataset.defaultTitle;
    cancel.hidden = true;
    resetCaptchaAfterMove();
    form.elements.text.focus();
}

if (form) {
    prefill();
    form.addEventListener("focusin", loadRecaptcha, { once: true });
    form.addEventListener("input", loadRecaptcha, { once: true });
    if (captcha && captcha.dataset.recaptchaVersion === "v3") form.addEventListener("submit", onSubmitV3);
    section.addEventListener("click", (event) => {
        const link = event.target.closest("[data-reply-to]");
        if (!link) return;
        event.preventDefault();
        replyTo(link);
    });
    if (cancel) cancel.querySelector("a").addEventListener("click", cancelReply);
}
