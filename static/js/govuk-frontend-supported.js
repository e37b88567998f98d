/* Tell GOV.UK Frontend's CSS that JavaScript runs, before the page is first drawn (so it is a
 * plain, blocking script at the top of <body>). A static file, not inline: the
 * Content-Security-Policy allows no inline script. */
document.body.className += " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
