// Comments: one reply form that moves under the comment being answered, remembered commenter details, and
// Google's reCAPTCHA loaded only once the reader agrees (its own button), never with the page, on focus or typing.
// Without it the comment is still sent, and held for a moderator.
const section = document.querySelector("[data-comments]");
const respond = section && section.querySelector("[data-respond]");
const form = respond && respond.querySelector("[data-comment-form]");

// Field name to cookie name, from the settings (COMMENTS_REMEMBER_COOKIES) through the section's attribute.
const COOKIES = section ? JSON.parse(section.dataset.rememberCookies || "{}") : {};

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

// --- The reader's CSRF token and start time, fetched when they start writing -------------------------------
// The page is the same for every reader (and may come from a cache); what is the reader's own comes from here.
let preparing = null;

function showFormError(text, marker) {
    if (form.querySelector(`[data-${marker}]`)) return;
    const message = document.createElement("p");
    message.className = "field-error";
    message.setAttribute("role", "alert");
    message.setAttribute(`data-${marker}`, "");
    message.textContent = text;
    (captcha || form).append(message);
}

function prepareForm() {
    if (preparing) return preparing;
    preparing = fetch(form.dataset.tokenUrl, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
        .then((response) => {
            if (!response.ok) throw new Error(`form values: ${response.status}`);
            return response.json();
        })
        .then((values) => {
            form.elements.csrfmiddlewaretoken.value = values.csrfmiddlewaretoken;
            // A form sent back with errors keeps the time the reader first started.
            if (!form.elements.started.value) form.elements.started.value = values.started;
            form.querySelector("[data-token-error]")?.remove();
        });
    preparing.catch(() => {
        preparing = null; // The next attempt (focus, typing or sending) asks again.
        showFormError(form.dataset.tokenUnavailable, "token-error");
    });
    return preparing;
}

// --- reCAPTCHA on demand -------------------------------------------------------------------------------------
const captcha = form && form.querySelector("[data-recaptcha]");
let loading = null;
let widgetId = null;

function showCaptchaError() {
    showFormError(form.dataset.recaptchaUnavailable, "recaptcha-error");
}

// The reader's consent, remembered for this browser session only when they ask for that too.
const CONSENT_KEY = "comments-recaptcha-consent";
const consent = form && form.querySelector("[data-recaptcha-consent]");

function consentRemembered() {
    try {
        return window.sessionStorage.getItem(CONSENT_KEY) === "yes";
    } catch {
        return false; // Storage refused: nothing is remembered.
    }
}

function giveConsent() {
    if (consent.querySelector("[data-recaptcha-remember]").checked) {
        try {
            window.sessionStorage.setItem(CONSENT_KEY, "yes");
        } catch {
            // Storage refused: the choice holds for this page only.
        }
    }
    consent.hidden = true;
    loadRecaptcha();
}

function loadRecaptcha() {
    if (loading || !captcha) return loading;
    if (consent) consent.hidden = true;
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

function scoreV3() {
    // reCAPTCHA v3 scores the reader when they send, not when they start.
    const token = captcha && captcha.dataset.recaptchaVersion === "v3" && captcha.querySelector("[data-recaptcha-token]");
    // Not loaded (no consent, or it failed): the comment goes without, and is held.
    if (!token || token.value || !loading) return null;
    const scored = loading
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
        });
    // A Google that hangs must not keep the comment: after a while it is sent unscored.
    const deadline = new Promise((resolve) => setTimeout(resolve, 8000));
    return Promise.race([scored, deadline]).catch(showCaptchaError);
}

function onSubmit(event) {
    const scoring = scoreV3();
    if (form.elements.csrfmiddlewaretoken.value && !scoring) return;
    // Sent before the token arrived (or the v3 score): wait for both, then send.
    event.preventDefault();
    Promise.all([prepareForm(), scoring])
        .then(() => form.submit())
        .catch(() => {});
}

function startWriting() {
    prepareForm().catch(() => {});
    if (consentRemembered()) loadRecaptcha();
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
    if (consent && captcha) {
        consent.hidden = false;
        consent.querySelector("[data-recaptcha-load]").addEventListener("click", giveConsent);
    }
    form.addEventListener("focusin", startWriting, { once: true });
    form.addEventListener("input", startWriting, { once: true });
    form.addEventListener("submit", onSubmit);
    section.addEventListener("click", (event) => {
        const link = event.target.closest("[data-reply-to]");
        if (!link) return;
        event.preventDefault();
        replyTo(link);
    });
    if (cancel) cancel.querySelector("a").addEventListener("click", cancelReply);
}

// --- The writer's own edits ------------------------------------------------------------------------------------
// The server hands the edit token over once, in a short-lived cookie on the redirect after sending; it is kept in
// localStorage, so that the page itself stays the same for every reader and every cache.
const EDIT_COOKIE = "own_edit";
const EDIT_STORE = "commentEdits";

function readEdits() {
    try {
        return JSON.parse(localStorage.getItem(EDIT_STORE)) || {};
    } catch {
        return {};
    }
}

function showOwnEdits() {
    if (!section || !section.dataset.editUrl) return;
    const edits = readEdits();
    const handed = readCookie(EDIT_COOKIE);
    if (handed) {
        const [pk, until, ...token] = handed.split(".");
        if (/^\d+$/.test(pk) && /^\d+$/.test(until)) edits[pk] = { until: Number(until) * 1000, token: token.join(".") };
        document.cookie = `${EDIT_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax`;
    }
    const now = Date.now();
    for (const [pk, entry] of Object.entries(edits)) {
        if (!entry || entry.until <= now) {
            delete edits[pk];
            continue;
        }
        const slot = section.querySelector(`[data-own-edit="${CSS.escape(pk)}"]`);
        if (!slot) continue;
        const link = document.createElement("a");
        link.href = section.dataset.editUrl.replace("TOKEN", encodeURIComponent(entry.token));
        link.textContent = section.dataset.editLabel;
        link.rel = "nofollow";
        slot.replaceChildren(link);
        slot.hidden = false;
        // The link disappears when the edit window closes.
        setTimeout(() => {
            slot.hidden = true;
        }, entry.until - now);
    }
    try {
        localStorage.setItem(EDIT_STORE, JSON.stringify(edits));
    } catch {
        // Private mode without storage: the link shows on this visit only.
    }
}

showOwnEdits();
