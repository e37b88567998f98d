/* QA Portal: the signed-in session's idle limit, seen from the page.
 * - shows a dialog a little before the server would sign the user out for inactivity, with
 *   "Stay signed in" (posts to the keep-alive URL) and "Sign out";
 * - when the time runs out, keeps what was typed into this page's forms in sessionStorage
 *   (this tab only) and loads the page again, so the server sends the user to sign in and
 *   back here afterwards; the typing is then put back for them to check and save.
 * The numbers come from data- attributes on <body> (qaportal.context_processors). Without
 * JavaScript the server's limits still apply; only the warning and the kept typing are lost. */
(function () {
  "use strict";
  var body = document.body;
  var dialog = document.getElementById("session-timeout");
  var DRAFT_PREFIX = "qaportal:draft:";
  var ACTIVITY_KEY = "qaportal:last-activity";
  var user = body.dataset.sessionUser || "";
  var draftKey = DRAFT_PREFIX + user + ":" + window.location.pathname;

  // After every deferred script has run, so qaportal.js hears which fields were put back.
  document.addEventListener("DOMContentLoaded", restoreDraft);
  if (!dialog || !body.dataset.sessionIdleSeconds) return;

  var idleMs = Number(body.dataset.sessionIdleSeconds) * 1000;
  var warnMs = Number(body.dataset.sessionWarnSeconds) * 1000;
  var keepAliveUrl = body.dataset.sessionKeepAliveUrl;
  var warnTimer = null;
  var expireTimer = null;

  function lastActivity() {
    // Another tab of the portal keeps the same session alive.
    var shared = 0;
    try { shared = Number(window.localStorage.getItem(ACTIVITY_KEY)) || 0; } catch (e) { /* private mode */ }
    return Math.max(shared, lastHere);
  }
  var lastHere = 0;

  function noteActivity() {
    lastHere = Date.now();
    try { window.localStorage.setItem(ACTIVITY_KEY, String(lastHere)); } catch (e) { /* private mode */ }
    schedule();
  }

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(expireTimer);
    var since = Date.now() - lastActivity();
    // setTimeout runs at once if asked to wait longer than about 24 days.
    var longest = 2147483647;
    warnTimer = setTimeout(warn, Math.min(longest, Math.max(0, idleMs - warnMs - since)));
    expireTimer = setTimeout(expire, Math.min(longest, Math.max(0, idleMs - since)));
  }

  function describe(ms) {
    var minutes = Math.round(ms / 60000);
    if (minutes >= 1) return minutes + (minutes === 1 ? " minute" : " minutes");
    var seconds = Math.max(1, Math.round(ms / 1000));
    return seconds + (seconds === 1 ? " second" : " seconds");
  }

  function warn() {
    var remaining = idleMs - (Date.now() - lastActivity());
    if (remaining > warnMs + 1000) { schedule(); return; } // activity in another tab
    if (dialog.open) return;
    dialog.querySelector("[data-session-remaining]").textContent = describe(remaining);
    dialog.showModal();
    dialog.querySelector("[data-session-stay]").focus();
  }

  function expire() {
    if (Date.now() - lastActivity() < idleMs - 1000) { schedule(); return; }
    leave(window.location.href);
  }

  function leave(url) {
    saveDraft();
    // The typing is kept: qaportal.js need not ask before leaving.
    document.dispatchEvent(new CustomEvent("qaportal:signing-out"));
    window.location.assign(url);
  }

  function csrfToken() {
    var input = dialog.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function stay() {
    // Sent like an htmx request so a session that has already ended answers with HX-Redirect.
    window.fetch(keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken(), "HX-Request": "true", "HX-Current-URL": window.location.href},
    }).then(function (response) {
      var redirect = response.headers.get("HX-Redirect");
      if (redirect) { leave(redirect); return; }
      if (response.status !== 204) { leave(window.location.href); return; }
      dialog.close();
      noteActivity();
    }, function () {
      // The connection failed: leave the dialog open so the user can try again.
    });
  }

  function fields(form) {
    return form.querySelectorAll("textarea[name], input[type=text][name]");
  }

  function saveDraft() {
    var draft = {};
    var any = false;
    document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
      fields(form).forEach(function (field) {
        if (field.value !== field.defaultValue) { draft[field.name] = field.value; any = true; }
      });
    });
    try {
      if (any) window.sessionStorage.setItem(draftKey, JSON.stringify(draft));
    } catch (e) { /* storage full or refused: nothing more can be done */ }
  }

  function restoreDraft() {
    var stored = null;
    try { stored = window.sessionStorage.getItem(draftKey); } catch (e) { return; }
    if (!stored || !document.querySelector("form[data-warn-unsaved]")) return;
    window.sessionStorage.removeItem(draftKey);
    var draft = JSON.parse(stored);
    var restored = 0;
    document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
      fields(form).forEach(function (field) {
        if (Object.prototype.hasOwnProperty.call(draft, field.name) && field.value !== draft[field.name]) {
          field.value = draft[field.name];
          restored += 1;
          // qaportal.js marks the form unsaved; an "input" event would save it unseen.
          field.dispatchEvent(new CustomEvent("qaportal:draft-restored", {bubbles: true}));
        }
      });
    });
    var notice = document.getElementById("draft-restored");
    if (restored && notice) {
      notice.hidden = false;
      notice.focus();
    }
  }

  dialog.querySelector("[data-session-stay]").addEventListener("click", stay);
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); stay(); });
  // Every htmx request (an in-place save) is activity the server has seen.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) noteActivity();
  });
  window.addEventListener("storage", function (event) {
    if (event.key === ACTIVITY_KEY) {
      if (dialog.open && Date.now() - lastActivity() < idleMs - warnMs) dialog.close();
      schedule();
    }
  });
  noteActivity();
})();
