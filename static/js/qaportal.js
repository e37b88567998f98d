/* QA Portal: progressive enhancement for forms that save in place (htmx).
 * - warns before leaving a page with unsaved edits (unless session-timeout.js has kept them);
 * - shows "Not saved" when a save fails, and retries while the connection or the service
 *   (503) is down;
 * - holds a page's own submit until the in-place saves already sent have been answered, so a
 *   save sent before the submit (say, on leaving a box to press Save) never lands after it
 *   and puts back what the submit replaced.
 * Everything works without this file: the forms post and redirect as normal. */
(function () {
  "use strict";
  var dirty = new Map(); // block id -> edit sequence number not yet saved
  var seq = 0;

  function blockOf(el) { return el && el.closest ? el.closest("[data-criterion]") : null; }
  function formOf(el) { return el && el.closest ? el.closest("form[data-warn-unsaved]") : null; }

  function markDirty(event) {
    if (!formOf(event.target)) return;
    if (event.target.type === "file") return; // files go with the form's own submit
    var block = blockOf(event.target);
    seq += 1;
    dirty.set(block ? block.id : "form", seq);
    if (block) block.dataset.editSeq = String(seq);
  }
  document.addEventListener("input", markDirty);
  document.addEventListener("change", markDirty);
  // Typing kept from before a sign-out and put back (session-timeout.js) is not saved yet.
  document.addEventListener("qaportal:draft-restored", markDirty);
  // Signed out for inactivity: session-timeout.js has kept the typing, so leave without asking.
  document.addEventListener("qaportal:signing-out", function () { dirty.clear(); });

  // In-place saves sent and not yet answered, and submits waiting for them to be answered.
  var sending = new Set();
  var waiting = [];
  var MAX_WAIT_MS = 10000; // past this the submit goes anyway: a save not answered by then has failed

  function releaseWhenAnswered() {
    if (sending.size) return;
    var ready = waiting;
    waiting = [];
    ready.forEach(function (go) { go(); });
  }

  document.addEventListener("htmx:beforeSend", function (event) {
    if (blockOf(event.detail.elt)) sending.add(event.detail.xhr);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-warn-unsaved]")) return;
    if (sending.size && !form.dataset.heldSubmit) {
      event.preventDefault();
      if (form.dataset.submitWaiting) return; // pressed again while waiting: one submit
      form.dataset.submitWaiting = "true";
      var submitter = event.submitter;
      var done = false;
      var go = function () {
        if (done) return;
        done = true;
        delete form.dataset.submitWaiting;
        form.dataset.heldSubmit = "true";
        if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit();
        delete form.dataset.heldSubmit;
      };
      waiting.push(go);
      setTimeout(go, MAX_WAIT_MS);
      return;
    }
    dirty.clear();
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty.size) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function status(block) { return block.querySelector("[data-save-status]"); }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var block = blockOf(event.detail.elt);
    if (!block) return;
    block.dataset.sentSeq = block.dataset.editSeq || "0";
    var el = status(block);
    if (el) { el.textContent = "Saving…"; el.className = "govuk-body-s app-save-status"; }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var block = blockOf(event.detail.elt);
    if (!block) return;
    sending.delete(event.detail.xhr);
    // htmx sends a block's queued save straight after this event: look once it has.
    setTimeout(releaseWhenAnswered, 0);
    var el = status(block);
    if (event.detail.successful && el && el.dataset.saved === "true") {
      if (dirty.get(block.id) === Number(block.dataset.sentSeq)) dirty.delete(block.id);
      return;
    }
    // No answer, or 503 (the database is unavailable: qaportal/outage.py): try again shortly.
    var unavailable = event.detail.xhr && event.detail.xhr.status === 503;
    if (!event.detail.xhr || event.detail.xhr.status === 0 || unavailable) {
      if (el) {
        el.textContent = unavailable
          ? "Not saved: the service is unavailable. We will try again; keep this page open."
          : "Not saved: the connection failed. We will try again; keep this page open.";
        el.className = "govuk-body-s app-save-status app-not-saved";
        el.dataset.saved = "false";
      }
      setTimeout(function () { window.htmx && window.htmx.trigger(block, "retry"); }, 5000);
    }
  });
})();
