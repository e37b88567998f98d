/* Start GOV.UK Frontend's components. The library's URL (fingerprinted by collectstatic) comes
 * from this script tag's data-govuk-frontend attribute, so this file needs no template. */
const script = document.querySelector("script[data-govuk-frontend]");
import(script.dataset.govukFrontend).then(function (govuk) { govuk.initAll(); });
